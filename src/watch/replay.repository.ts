import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Db, Queryable } from '../database/db';
import { JobOutboxRepository } from '../jobs/job-outbox.repository';
import type { FlagKind, FlagStatus } from '../flags/flag.types';
import type { RuleSetParams } from '../flags/rule-set';
import type { ReplayWeekDto } from './dto/watch.dto';

/** First key of the session advisory lock an execution holds (second key: hashtext(replay id)). */
export const LOCK_NAMESPACE = 'watch.replay';

export interface ReplayRow {
  id: string;
  from_date: string;
  to_date: string;
  rule_set: RuleSetParams;
  rule_set_version: number | null;
  status: string;
  weeks_total: number;
  weeks_done: number;
  result: ReplayWeekDto[];
  error: string | null;
}

/** An episode as it stood before the replay's first week, rebuilt from the flag and its events. */
export interface StartingEpisode {
  business_id: string;
  market: string;
  kind: FlagKind;
  status: FlagStatus;
  raised_on: string;
  exit_streak: number;
  status_changed_on: string;
}

/** What a weekly run recorded for one business × market × kind as of a Sunday (decisions other than `none`). */
export interface RecordedEvaluation {
  business_id: string;
  market: string;
  kind: FlagKind;
  as_of: string;
  decision: string;
  score: number;
}

const COLUMNS = `id, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date, rule_set, rule_set_version, status,
  weeks_total, weeks_done, result, error`;

/**
 * The replay's SQL: its progress row, its advisory lock, and the read-only views of the recorded
 * history it starts from and compares against (flags, flag events, evaluations, completed runs).
 * A replay writes nothing but its own row.
 */
@Injectable()
export class ReplayRepository {
  constructor(
    private readonly db: Db,
    private readonly outbox: JobOutboxRepository,
  ) {}

  insert(
    r: { from: string; to: string; ruleSet: RuleSetParams; version: number | null; weeks: number; createdBy: string },
    q: Queryable,
  ): Promise<{ id: string } | undefined> {
    return this.db.one<{ id: string }>(
      `INSERT INTO watch_replays (from_date, to_date, rule_set, rule_set_version, weeks_total, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [r.from, r.to, JSON.stringify(r.ruleSet), r.version, r.weeks, r.createdBy],
      q,
    );
  }

  get(id: string): Promise<ReplayRow | undefined> {
    return this.db.one<ReplayRow>(`SELECT ${COLUMNS} FROM watch_replays WHERE id = $1`, [id]);
  }

  /**
   * Queued or running replays that nothing will finish: no execution holding the lock and no unrelayed
   * outbox row (asked of the jobs module after reading the replays: a row relayed in between has its job in the queue).
   */
  async orphans(): Promise<Array<{ id: string; status: string; weeks_done: number }>> {
    const rows = await this.db.many<{ id: string; status: string; weeks_done: number }>(
      `SELECT r.id, r.status, r.weeks_done FROM watch_replays r
        WHERE r.status IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                             AND l.classid = hashtext($1)::oid AND l.objid = hashtext(r.id::text)::oid)
        ORDER BY r.created_at`,
      [LOCK_NAMESPACE],
    );
    if (!rows.length) return rows;
    const waiting = new Set(await this.outbox.pendingPayloadValues('watch.replay', 'replayId'));
    return rows.filter((r) => !waiting.has(r.id));
  }

  /** Job ids last sent for a replay (newest first). */
  sentJobIds(replayId: string): Promise<string[]> {
    return this.outbox.jobIdsFor('watch.replay', 'replayId', replayId, 20);
  }

  async tryLock(client: PoolClient, replayId: string): Promise<boolean> {
    return (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok', [LOCK_NAMESPACE, replayId])).rows[0].ok;
  }

  unlock(client: PoolClient, replayId: string): Promise<unknown> {
    return client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [LOCK_NAMESPACE, replayId]);
  }

  /** Claims the replay for a (re)start from week 1. */
  claim(replayId: string): Promise<ReplayRow | undefined> {
    return this.db.one<ReplayRow>(
      `UPDATE watch_replays SET status = 'running', weeks_done = 0, result = '[]' WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
      [replayId],
    );
  }

  /** Appends weeks doneBefore+1… only while exactly doneBefore are written: a second execution cannot write a week twice. */
  async appendWeeks(replayId: string, doneBefore: number, weeks: ReplayWeekDto[]): Promise<boolean> {
    const n = await this.db.exec(
      `UPDATE watch_replays SET weeks_done = weeks_done + $3, result = result || $4::jsonb WHERE id = $1 AND status = 'running' AND weeks_done = $2`,
      [replayId, doneBefore, weeks.length, JSON.stringify(weeks)],
    );
    return n === 1;
  }

  complete(replayId: string): Promise<number> {
    return this.db.exec(
      `UPDATE watch_replays SET status = 'completed', finished_at = now() WHERE id = $1 AND status = 'running' AND weeks_done = weeks_total`,
      [replayId],
    );
  }

  fail(replayId: string, message: string): Promise<number> {
    return this.db.exec(`UPDATE watch_replays SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [replayId, message.slice(0, 500)]);
  }

  /** A page of businesses in id order (keyset), with what the result shows of them. */
  businessesAfter(after: string | null, limit: number): Promise<Array<{ id: string; name: string; district: string }>> {
    return this.db.many(`SELECT id, name, district FROM businesses WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2`, [after, limit]);
  }

  /**
   * The episodes open at the end of `cut`, as the run after it found them: its status then (the last
   * staff change recorded before that run evaluated it; `open` when none), the exit streak of the last
   * evaluation up to `cut` (0 when staff changed the status since: that resets it).
   */
  startingEpisodes(cut: string): Promise<StartingEpisode[]> {
    return this.db.many<StartingEpisode>(
      `SELECT f.business_id, f.market, f.kind, coalesce(s.to_status, 'open') AS status, to_char(f.raised_on, 'YYYY-MM-DD') AS raised_on,
              CASE WHEN s.id > coalesce(e.id, 0) THEN 0 ELSE coalesce((e.details->>'exitStreak')::int, 0) END AS exit_streak,
              coalesce(to_char((s.at AT TIME ZONE 'Asia/Jakarta')::date, 'YYYY-MM-DD'), to_char(f.raised_on, 'YYYY-MM-DD')) AS status_changed_on
         FROM flags f
         LEFT JOIN LATERAL (SELECT id, details FROM flag_events WHERE flag_id = f.id AND type IN ('raised', 'evaluated') AND as_of <= $1
                             ORDER BY id DESC LIMIT 1) e ON true
         LEFT JOIN LATERAL (SELECT min(id) AS id FROM flag_events WHERE flag_id = f.id AND type IN ('evaluated', 'resolved') AND as_of > $1) nxt ON true
         LEFT JOIN LATERAL (SELECT id, to_status, at FROM flag_events WHERE flag_id = f.id AND type = 'status_changed' AND id < coalesce(nxt.id, 9223372036854775807)
                             ORDER BY id DESC LIMIT 1) s ON true
        WHERE f.raised_on <= $1 AND (f.resolved_on IS NULL OR f.resolved_on > $1)`,
      [cut],
    );
  }

  /** The Sundays among `asOfs` with a completed weekly run: only those weeks have a record to compare with. */
  async recordedWeeks(asOfs: string[]): Promise<Set<string>> {
    const rows = await this.db.many<{ as_of: string }>(
      `SELECT DISTINCT to_char(as_of, 'YYYY-MM-DD') AS as_of FROM watch_runs WHERE status = 'completed' AND as_of = ANY($1::date[])`,
      [asOfs],
    );
    return new Set(rows.map((r) => r.as_of));
  }

  /** Recorded evaluations of the businesses at those as-ofs, leaving out `none` (nothing flagged, nothing to compare). */
  recordedEvaluations(businessIds: string[], asOfs: string[]): Promise<RecordedEvaluation[]> {
    return this.db.many<RecordedEvaluation>(
      `SELECT business_id, market, kind, to_char(as_of, 'YYYY-MM-DD') AS as_of, decision, score::float8 AS score
         FROM flag_evaluations WHERE as_of = ANY($2::date[]) AND business_id = ANY($1::uuid[]) AND decision <> 'none'`,
      [businessIds, asOfs],
    );
  }
}
