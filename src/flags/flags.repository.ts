import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { FlagKind, FlagStatus, SignalMap } from './flag.types';
import type { EpisodeRow, FlagEvaluationFields, FlagEventRow, FlagFilter, FlagRow } from './flag-rows';
import { jsonbArray } from '../database/jsonb-param';

/**
 * A flag's evidence — the live orders to its market in the 13 weeks up to the as-of, newest first, at
 * most 50 — computed where the flag row is written, so the ids never travel through the app. The
 * lower bound on ordered_at (00:00 WIB of the window's first day) lets the index scan stop there.
 */
const evidence = (business: string, market: string, asOf: string) =>
  `CASE WHEN x.evidence_from IS NULL THEN '{}'::uuid[] ELSE coalesce((
     SELECT array_agg(e.id ORDER BY e.ordered_at DESC, e.id DESC)
       FROM (SELECT o.id, o.ordered_at FROM orders o
              WHERE o.business_id = ${business} AND o.destination_country = ${market} AND o.ordered_on BETWEEN x.evidence_from AND ${asOf}
                AND o.voided_at IS NULL AND o.ordered_at >= (x.evidence_from::timestamp AT TIME ZONE 'Asia/Jakarta')
              ORDER BY o.ordered_at DESC, o.id DESC LIMIT 50) e), '{}'::uuid[]) END`;

const SELECT = `SELECT f.id, f.business_id, b.name AS business_name, b.district, f.market, f.kind, f.status,
  to_char(f.raised_on, 'YYYY-MM-DD') AS raised_on, to_char(f.resolved_on, 'YYYY-MM-DD') AS resolved_on,
  to_char(f.last_evaluated_on, 'YYYY-MM-DD') AS last_evaluated_on, f.score::text, f.rule_set_version, f.reasons, f.signals,
  f.checklist, f.series, f.evidence_order_ids, f.rung, f.next_rung, to_char(f.snoozed_until, 'YYYY-MM-DD') AS snoozed_until, f.exit_streak,
  f.status_changed_at, f.created_at, f.updated_at
  FROM flags f JOIN businesses b ON b.id = f.business_id`;

const EVENT_COLUMNS = `id::text, flag_id, at, type, actor, note, from_status, to_status, to_char(as_of, 'YYYY-MM-DD') AS as_of,
  run_id, decision, score::text, details`;

/**
 * Every query on flags, flag_evaluations and flag_events. Exported for the reports, digests and
 * web modules: they read flags through this repository (or its tables, documented in the migration).
 */
@Injectable()
export class FlagsRepository {
  constructor(private readonly db: Db) {}

  findById(id: string, q?: Queryable): Promise<FlagRow | undefined> {
    return this.db.one<FlagRow>(`${SELECT} WHERE f.id = $1`, [id], q);
  }

  /** Locks and returns a flag (for status changes). */
  lockById(id: string, q: Queryable): Promise<FlagRow | undefined> {
    return this.db.one<FlagRow>(`${SELECT} WHERE f.id = $1 FOR UPDATE OF f`, [id], q);
  }

  /**
   * The unresolved episodes of a set of businesses, locked (in id order) for a weekly-run chunk:
   * only the state the policy needs, not the stored JSON (reading that back is most of the cost).
   */
  lockUnresolvedForBusinesses(businessIds: string[], q: Queryable): Promise<EpisodeRow[]> {
    return this.db.many<EpisodeRow>(
      `SELECT f.id, f.business_id, f.market, f.kind, f.status, to_char(f.raised_on, 'YYYY-MM-DD') AS raised_on,
              to_char(f.last_evaluated_on, 'YYYY-MM-DD') AS last_evaluated_on, f.exit_streak, f.status_changed_at, f.rule_set_version
         FROM unnest($1::uuid[]) AS b(id) JOIN flags f ON f.business_id = b.id AND f.status <> 'resolved' -- per business through flags_one_unresolved
        ORDER BY f.id FOR UPDATE OF f`,
      [businessIds],
      q,
    );
  }

  /** Opens many episodes in one statement; returns their ids keyed `business|market|kind`. */
  async insertMany(
    rows: Array<{ businessId: string; market: string; kind: FlagKind; raisedOn: string } & FlagEvaluationFields>,
    q: Queryable,
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!rows.length) return out;
    const json = rows.map((f) => ({
      business_id: f.businessId,
      market: f.market,
      kind: f.kind,
      raised_on: f.raisedOn,
      score: f.score,
      rule_set_version: f.ruleSetVersion,
      reasons: f.reasons,
      signals: f.signals,
      checklist: f.checklist,
      series: f.series,
      evidence_from: f.evidenceFrom,
      rung: f.rung,
      next_rung: f.nextRung,
    }));
    const ids = await this.db.many<{ id: string; k: string }>(
      `INSERT INTO flags (business_id, market, kind, status, raised_on, last_evaluated_on, score, rule_set_version, reasons, signals,
                          checklist, series, evidence_order_ids, exit_streak, rung, next_rung)
       SELECT x.business_id, x.market, x.kind, 'open', x.raised_on, x.raised_on, x.score, x.rule_set_version, x.reasons, x.signals,
              x.checklist, x.series, ${evidence('x.business_id', 'x.market', 'x.raised_on')}, 0, x.rung, x.next_rung
         FROM jsonb_to_recordset($1::jsonb) AS x(business_id uuid, market text, kind text, raised_on date, score numeric, rule_set_version integer,
                                                 reasons jsonb, signals jsonb, checklist jsonb, series jsonb, evidence_from date, rung text, next_rung text)
       RETURNING id, business_id || '|' || market || '|' || kind AS k`,
      [jsonbArray(json)],
      q,
    );
    for (const r of ids) out.set(r.k, r.id);
    return out;
  }

  /** Writes each evaluation's numbers onto its flag (one statement); `resolve` also ends the episode. */
  updateManyFromEvaluation(rows: Array<{ id: string; resolve: boolean } & FlagEvaluationFields>, q: Queryable): Promise<number> {
    if (!rows.length) return Promise.resolve(0);
    const json = rows.map((f) => ({
      id: f.id,
      as_of: f.asOf,
      score: f.score,
      rule_set_version: f.ruleSetVersion,
      reasons: f.reasons,
      signals: f.signals,
      checklist: f.checklist,
      series: f.series,
      evidence_from: f.evidenceFrom,
      exit_streak: f.exitStreak,
      resolve: f.resolve,
      rung: f.rung,
      next_rung: f.nextRung,
    }));
    return this.db.exec(
      `UPDATE flags f SET last_evaluated_on = x.as_of, score = x.score, rule_set_version = x.rule_set_version, reasons = x.reasons,
              signals = x.signals, checklist = x.checklist, series = x.series, evidence_order_ids = ${evidence('f.business_id', 'f.market', 'x.as_of')},
              exit_streak = x.exit_streak, rung = x.rung, next_rung = x.next_rung, updated_at = now(),
              status = CASE WHEN x.resolve THEN 'resolved' ELSE f.status END,
              resolved_on = CASE WHEN x.resolve THEN x.as_of ELSE f.resolved_on END,
              status_changed_at = CASE WHEN x.resolve THEN now() ELSE f.status_changed_at END
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, as_of date, score numeric, rule_set_version integer, reasons jsonb, signals jsonb,
                                                 checklist jsonb, series jsonb, evidence_from date, exit_streak integer, resolve boolean,
                                                 rung text, next_rung text)
        WHERE f.id = x.id`,
      [jsonbArray(json)],
      q,
    );
  }

  /** One evaluation per business × market × kind × as-of, many in one statement; rows already recorded for their as-of are ignored. */
  insertEvaluations(
    rows: Array<{
      runId: string | null;
      businessId: string;
      market: string;
      kind: FlagKind;
      asOf: string;
      ruleSetVersion: number;
      decision: string;
      score: number;
      signals: SignalMap;
      metrics: object;
      flagId: string | null;
    }>,
    q: Queryable,
  ): Promise<number> {
    if (!rows.length) return Promise.resolve(0);
    const json = rows.map((e) => ({
      run_id: e.runId,
      business_id: e.businessId,
      market: e.market,
      kind: e.kind,
      as_of: e.asOf,
      rule_set_version: e.ruleSetVersion,
      decision: e.decision,
      score: e.score,
      signals: e.signals,
      metrics: e.metrics,
      flag_id: e.flagId,
    }));
    return this.db.exec(
      `INSERT INTO flag_evaluations (run_id, business_id, market, kind, as_of, rule_set_version, decision, score, signals, metrics, flag_id)
       SELECT x.run_id, x.business_id, x.market, x.kind, x.as_of, x.rule_set_version, x.decision, x.score, x.signals, x.metrics, x.flag_id
         FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, business_id uuid, market text, kind text, as_of date, rule_set_version integer,
                                                 decision text, score numeric, signals jsonb, metrics jsonb, flag_id uuid)
       ON CONFLICT (business_id, market, kind, as_of) DO NOTHING`,
      [jsonbArray(json)],
      q,
    );
  }

  /** Many flag events in one statement (in the given order). */
  insertEvents(
    rows: Array<{
      flagId: string;
      type: FlagEventRow['type'];
      actor: string;
      fromStatus?: string | null;
      toStatus?: string | null;
      asOf?: string | null;
      runId?: string | null;
      decision?: string | null;
      score?: number | null;
      details?: object;
      at: Date;
    }>,
    q: Queryable,
  ): Promise<number> {
    if (!rows.length) return Promise.resolve(0);
    const json = rows.map((e) => ({
      flag_id: e.flagId,
      type: e.type,
      actor: e.actor,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      as_of: e.asOf ?? null,
      run_id: e.runId ?? null,
      decision: e.decision ?? null,
      score: e.score ?? null,
      details: e.details ?? {},
      at: e.at.toISOString(),
    }));
    return this.db.exec(
      `INSERT INTO flag_events (flag_id, type, actor, from_status, to_status, as_of, run_id, decision, score, details, at)
       SELECT x.flag_id, x.type, x.actor, x.from_status, x.to_status, x.as_of, x.run_id, x.decision, x.score, x.details, x.at
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (flag_id uuid, type text, actor text, from_status text, to_status text, as_of date,
                                                           run_id uuid, decision text, score numeric, details jsonb, at timestamptz))
              WITH ORDINALITY AS x(flag_id, type, actor, from_status, to_status, as_of, run_id, decision, score, details, at, n)
        ORDER BY x.n`,
      [jsonbArray(json)],
      q,
    );
  }

  setStatus(id: string, status: FlagStatus, q: Queryable): Promise<number> {
    return this.db.exec(`UPDATE flags SET status = $2, status_changed_at = now(), exit_streak = 0, updated_at = now() WHERE id = $1`, [id, status], q);
  }

  setSnooze(id: string, until: string | null, q: Queryable): Promise<number> {
    return this.db.exec('UPDATE flags SET snoozed_until = $2, updated_at = now() WHERE id = $1', [id, until], q);
  }

  insertEvent(
    e: {
      flagId: string;
      type: FlagEventRow['type'];
      actor: string;
      note?: string | null;
      fromStatus?: string | null;
      toStatus?: string | null;
      asOf?: string | null;
      runId?: string | null;
      decision?: string | null;
      score?: number | null;
      details?: object;
      at?: Date;
    },
    q: Queryable,
  ): Promise<number> {
    return this.db.exec(
      `INSERT INTO flag_events (flag_id, type, actor, note, from_status, to_status, as_of, run_id, decision, score, details, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce($12, now()))`,
      [
        e.flagId,
        e.type,
        e.actor,
        e.note ?? null,
        e.fromStatus ?? null,
        e.toStatus ?? null,
        e.asOf ?? null,
        e.runId ?? null,
        e.decision ?? null,
        e.score ?? null,
        JSON.stringify(e.details ?? {}),
        e.at ?? null,
      ],
      q,
    );
  }

  list(f: FlagFilter): Promise<FlagRow[]> {
    return this.db.many<FlagRow>(
      `${SELECT}
        WHERE ($1::boolean IS NULL OR (f.status IN ('open', 'in_review', 'paperwork_in_progress')) = $1)
          AND ($2::text IS NULL OR f.status = $2)
          AND ($3::uuid IS NULL OR f.business_id = $3)
          AND ($4::text IS NULL OR f.market = $4)
          AND ($5::text IS NULL OR f.kind = $5)
          AND ($6::date IS NULL OR (f.raised_on, f.id) < ($6::date, $7::uuid))
        ORDER BY f.raised_on DESC, f.id DESC
        LIMIT $8`,
      [f.active ?? null, f.status ?? null, f.businessId ?? null, f.market ?? null, f.kind ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  /** The status of each flag of `ids` that exists (a frozen weekly list shown beside the flags' state now). */
  statuses(ids: string[]): Promise<Array<{ id: string; status: FlagStatus }>> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.many<{ id: string; status: FlagStatus }>(`SELECT id, status FROM flags WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * Oldest first: by time, then by insertion (events written in one statement share a time). The
   * tiebreak names the bigint column: a bare `id` would sort the text id of the select list.
   */
  history(flagId: string): Promise<FlagEventRow[]> {
    return this.db.many<FlagEventRow>(`SELECT ${EVENT_COLUMNS} FROM flag_events e WHERE flag_id = $1 ORDER BY e.at, e.id`, [flagId]);
  }

  /** For each flag, its event count and its `last` latest events, oldest first (a list page's timelines). */
  historyTails(flagIds: string[], last: number): Promise<Array<FlagEventRow & { total: number }>> {
    if (!flagIds.length) return Promise.resolve([]);
    return this.db.many<FlagEventRow & { total: number }>(
      `SELECT * FROM (SELECT ${EVENT_COLUMNS}, (count(*) OVER w_all)::int AS total, row_number() OVER (w_all ORDER BY at DESC, id DESC) AS nth
                        FROM flag_events WHERE flag_id = ANY($1::uuid[]) WINDOW w_all AS (PARTITION BY flag_id)) e
        WHERE nth <= $2 ORDER BY flag_id, nth DESC`,
      [flagIds, last],
    );
  }
}
