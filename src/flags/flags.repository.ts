import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { ChecklistItem, FlagKind, FlagStatus, SeriesPoint, SignalMap, Text } from './flag.types';

export interface FlagRow {
  id: string;
  business_id: string;
  business_name: string;
  district: string;
  market: string;
  kind: FlagKind;
  status: FlagStatus;
  raised_on: string;
  resolved_on: string | null;
  last_evaluated_on: string;
  score: string;
  rule_set_version: number;
  reasons: Text[];
  signals: SignalMap;
  checklist: ChecklistItem[];
  series: SeriesPoint[];
  evidence_order_ids: string[];
  snoozed_until: string | null;
  exit_streak: number;
  status_changed_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface FlagEventRow {
  id: string;
  flag_id: string;
  at: Date;
  type: 'raised' | 'evaluated' | 'resolved' | 'status_changed' | 'snoozed';
  actor: string;
  note: string | null;
  from_status: string | null;
  to_status: string | null;
  as_of: string | null;
  run_id: string | null;
  decision: string | null;
  score: string | null;
  details: Record<string, unknown>;
}

export interface FlagFilter {
  active?: boolean;
  status?: FlagStatus;
  businessId?: string;
  market?: string;
  kind?: FlagKind;
  /** Only flags raised on or before / evaluated as of (for week views). */
  limit: number;
  after?: [string, string];
}

/** Fields the engine writes at each evaluation. */
export interface FlagEvaluationFields {
  score: number;
  ruleSetVersion: number;
  reasons: Text[];
  signals: SignalMap;
  checklist: ChecklistItem[];
  series: SeriesPoint[];
  evidenceOrderIds: string[];
  exitStreak: number;
  asOf: string;
}

const SELECT = `SELECT f.id, f.business_id, b.name AS business_name, b.district, f.market, f.kind, f.status,
  to_char(f.raised_on, 'YYYY-MM-DD') AS raised_on, to_char(f.resolved_on, 'YYYY-MM-DD') AS resolved_on,
  to_char(f.last_evaluated_on, 'YYYY-MM-DD') AS last_evaluated_on, f.score::text, f.rule_set_version, f.reasons, f.signals,
  f.checklist, f.series, f.evidence_order_ids, to_char(f.snoozed_until, 'YYYY-MM-DD') AS snoozed_until, f.exit_streak,
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

  /** The unresolved episodes of a business (any market and kind), locked for the evaluation. */
  lockUnresolvedForBusiness(businessId: string, q: Queryable): Promise<FlagRow[]> {
    return this.db.many<FlagRow>(`${SELECT} WHERE f.business_id = $1 AND f.status <> 'resolved' ORDER BY f.market, f.kind FOR UPDATE OF f`, [businessId], q);
  }

  unresolvedAsOf(asOf: string, q?: Queryable): Promise<Array<{ business_id: string; market: string; kind: FlagKind; status: FlagStatus; raised_on: string; exit_streak: number; status_changed_on: string }>> {
    // flags that were open at the end of asOf (for replay's starting state)
    return this.db.many(
      `SELECT business_id, market, kind, CASE WHEN status = 'resolved' THEN 'open' ELSE status END AS status,
              to_char(raised_on, 'YYYY-MM-DD') AS raised_on, 0 AS exit_streak,
              to_char(raised_on, 'YYYY-MM-DD') AS status_changed_on
         FROM flags WHERE raised_on <= $1 AND (resolved_on IS NULL OR resolved_on > $1)`,
      [asOf],
      q,
    );
  }

  async insert(f: { businessId: string; market: string; kind: FlagKind; raisedOn: string } & FlagEvaluationFields, q: Queryable): Promise<string> {
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO flags (business_id, market, kind, status, raised_on, last_evaluated_on, score, rule_set_version, reasons, signals,
                          checklist, series, evidence_order_ids, exit_streak)
       VALUES ($1, $2, $3, 'open', $4, $4, $5, $6, $7, $8, $9, $10, $11, 0) RETURNING id`,
      [f.businessId, f.market, f.kind, f.raisedOn, f.score, f.ruleSetVersion, JSON.stringify(f.reasons), JSON.stringify(f.signals),
        JSON.stringify(f.checklist), JSON.stringify(f.series), f.evidenceOrderIds],
      q,
    );
    return row!.id;
  }

  /** Writes an evaluation's numbers onto the flag; `resolve` also ends the episode. */
  updateFromEvaluation(id: string, f: FlagEvaluationFields, resolve: boolean, q: Queryable): Promise<number> {
    return this.db.exec(
      `UPDATE flags SET last_evaluated_on = $2, score = $3, rule_set_version = $4, reasons = $5, signals = $6, checklist = $7,
              series = $8, evidence_order_ids = $9, exit_streak = $10, updated_at = now(),
              status = CASE WHEN $11 THEN 'resolved' ELSE status END,
              resolved_on = CASE WHEN $11 THEN $2::date ELSE resolved_on END,
              status_changed_at = CASE WHEN $11 THEN now() ELSE status_changed_at END
        WHERE id = $1`,
      [id, f.asOf, f.score, f.ruleSetVersion, JSON.stringify(f.reasons), JSON.stringify(f.signals), JSON.stringify(f.checklist),
        JSON.stringify(f.series), f.evidenceOrderIds, f.exitStreak, resolve],
      q,
    );
  }

  setStatus(id: string, status: FlagStatus, q: Queryable): Promise<number> {
    return this.db.exec(`UPDATE flags SET status = $2, status_changed_at = now(), exit_streak = 0, updated_at = now() WHERE id = $1`, [id, status], q);
  }

  setSnooze(id: string, until: string | null, q: Queryable): Promise<number> {
    return this.db.exec('UPDATE flags SET snoozed_until = $2, updated_at = now() WHERE id = $1', [id, until], q);
  }

  /** One evaluation per business × market × kind × as-of; a second insert is ignored (returns false). */
  async insertEvaluation(
    e: { runId: string | null; businessId: string; market: string; kind: FlagKind; asOf: string; ruleSetVersion: number; decision: string; score: number; signals: SignalMap; metrics: object; flagId: string | null },
    q: Queryable,
  ): Promise<boolean> {
    const n = await this.db.exec(
      `INSERT INTO flag_evaluations (run_id, business_id, market, kind, as_of, rule_set_version, decision, score, signals, metrics, flag_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (business_id, market, kind, as_of) DO NOTHING`,
      [e.runId, e.businessId, e.market, e.kind, e.asOf, e.ruleSetVersion, e.decision, e.score, JSON.stringify(e.signals), JSON.stringify(e.metrics), e.flagId],
      q,
    );
    return n > 0;
  }

  insertEvent(
    e: { flagId: string; type: FlagEventRow['type']; actor: string; note?: string | null; fromStatus?: string | null; toStatus?: string | null; asOf?: string | null; runId?: string | null; decision?: string | null; score?: number | null; details?: object; at?: Date },
    q: Queryable,
  ): Promise<number> {
    return this.db.exec(
      `INSERT INTO flag_events (flag_id, type, actor, note, from_status, to_status, as_of, run_id, decision, score, details, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce($12, now()))`,
      [e.flagId, e.type, e.actor, e.note ?? null, e.fromStatus ?? null, e.toStatus ?? null, e.asOf ?? null, e.runId ?? null, e.decision ?? null,
        e.score ?? null, JSON.stringify(e.details ?? {}), e.at ?? null],
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

  history(flagId: string): Promise<FlagEventRow[]> {
    return this.db.many<FlagEventRow>(`SELECT ${EVENT_COLUMNS} FROM flag_events WHERE flag_id = $1 ORDER BY id`, [flagId]);
  }
}
