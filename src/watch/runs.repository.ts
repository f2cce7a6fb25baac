import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface RunRow {
  id: string;
  as_of: string;
  status: RunStatus;
  trigger: 'manual' | 'schedule' | 'catch_up';
  rule_set_version: number | null;
  businesses_total: number;
  businesses_evaluated: number;
  businesses_failed: number;
  flags_raised: number;
  flags_resolved: number;
  error: string | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const SELECT = `SELECT id, to_char(as_of, 'YYYY-MM-DD') AS as_of, status, trigger, rule_set_version, businesses_total,
  businesses_evaluated, businesses_failed, flags_raised, flags_resolved, error, created_by, created_at, started_at, finished_at FROM watch_runs`;

/** Live counts of a run from its items (no shared counter row for concurrent jobs to contend on). */
const LIVE = `SELECT r.id, to_char(r.as_of, 'YYYY-MM-DD') AS as_of, r.status, r.trigger, r.rule_set_version,
  CASE WHEN r.status IN ('queued') THEN r.businesses_total ELSE coalesce(i.total, r.businesses_total) END AS businesses_total,
  CASE WHEN r.status = 'completed' THEN r.businesses_evaluated ELSE coalesce(i.evaluated, 0) END AS businesses_evaluated,
  CASE WHEN r.status = 'completed' THEN r.businesses_failed ELSE coalesce(i.failed, 0) END AS businesses_failed,
  CASE WHEN r.status = 'completed' THEN r.flags_raised ELSE coalesce(i.raised, 0) END AS flags_raised,
  CASE WHEN r.status = 'completed' THEN r.flags_resolved ELSE coalesce(i.resolved, 0) END AS flags_resolved,
  r.error, r.created_by, r.created_at, r.started_at, r.finished_at
  FROM watch_runs r
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'done')::int AS evaluated, count(*) FILTER (WHERE status = 'failed')::int AS failed,
           coalesce(sum(flags_raised), 0)::int AS raised, coalesce(sum(flags_resolved), 0)::int AS resolved
      FROM watch_run_items WHERE run_id = r.id) i ON true`;

@Injectable()
export class RunsRepository {
  constructor(private readonly db: Db) {}

  findById(id: string, q?: Queryable): Promise<RunRow | undefined> {
    return this.db.one<RunRow>(`${LIVE} WHERE r.id = $1`, [id], q);
  }

  findByAsOf(asOf: string, q?: Queryable): Promise<RunRow | undefined> {
    return this.db.one<RunRow>(`${SELECT} WHERE as_of = $1`, [asOf], q);
  }

  lock(id: string, q: Queryable): Promise<RunRow | undefined> {
    return this.db.one<RunRow>(`${SELECT} WHERE id = $1 FOR UPDATE`, [id], q);
  }

  list(limit: number): Promise<RunRow[]> {
    return this.db.many<RunRow>(`${LIVE} ORDER BY r.as_of DESC LIMIT $1`, [limit]);
  }

  latestCompletedAsOf(q?: Queryable): Promise<string | null> {
    return this.db
      .one<{ a: string | null }>(`SELECT to_char(max(as_of), 'YYYY-MM-DD') AS a FROM watch_runs WHERE status = 'completed'`, [], q)
      .then((r) => r?.a ?? null);
  }

  /** Latest as-of of any run that is not failed (runs only move forward in time). */
  latestAsOf(q?: Queryable): Promise<string | null> {
    return this.db
      .one<{ a: string | null }>(`SELECT to_char(max(as_of), 'YYYY-MM-DD') AS a FROM watch_runs WHERE status <> 'failed'`, [], q)
      .then((r) => r?.a ?? null);
  }

  /** Inserts a queued run unless one exists for the as-of; returns [run, created]. */
  async insert(asOf: string, trigger: RunRow['trigger'], createdBy: string, q: Queryable): Promise<[RunRow, boolean]> {
    const row = await this.db.one<RunRow>(
      `INSERT INTO watch_runs (as_of, trigger, created_by) VALUES ($1, $2, $3) ON CONFLICT (as_of) DO NOTHING
       RETURNING id, to_char(as_of, 'YYYY-MM-DD') AS as_of, status, trigger, rule_set_version, businesses_total, businesses_evaluated,
                 businesses_failed, flags_raised, flags_resolved, error, created_by, created_at, started_at, finished_at`,
      [asOf, trigger, createdBy],
      q,
    );
    if (row) return [row, true];
    return [(await this.findByAsOf(asOf, q))!, false];
  }

  /** An earlier run that has not finished yet (runs execute strictly in as-of order). */
  earlierUnfinished(asOf: string, q?: Queryable): Promise<{ id: string } | undefined> {
    return this.db.one(`SELECT id FROM watch_runs WHERE as_of < $1 AND status IN ('queued', 'running') ORDER BY as_of LIMIT 1`, [asOf], q);
  }

  nextQueued(q?: Queryable): Promise<{ id: string } | undefined> {
    return this.db.one(`SELECT id FROM watch_runs WHERE status = 'queued' ORDER BY as_of LIMIT 1`, [], q);
  }

  unfinished(): Promise<Array<{ id: string; status: RunStatus }>> {
    return this.db.many(`SELECT id, status FROM watch_runs WHERE status IN ('queued', 'running') ORDER BY as_of`);
  }

  /**
   * Marks the run running and creates one pending item per business, numbered into chunks of
   * `chunkSize` in id order (idempotent: items are keyed by run × business). Businesses with nothing
   * to evaluate — no order since `scanFrom` (the window's first day) and no unresolved episode — are
   * recorded done at once: evaluating them writes nothing.
   */
  async start(id: string, ruleSetVersion: number, startedAt: Date, opts: { chunkSize: number; scanFrom: string }, q: Queryable): Promise<number> {
    const n = await this.db.exec(
      `INSERT INTO watch_run_items (run_id, business_id, chunk, status, finished_at)
       SELECT $1, b.id, (row_number() OVER (ORDER BY b.id) - 1) / $2,
              CASE WHEN a.active THEN 'pending' ELSE 'done' END, CASE WHEN a.active THEN NULL ELSE $4::timestamptz END
         FROM businesses b
         CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM orders o WHERE o.business_id = b.id AND o.ordered_on >= $3)
                                 OR EXISTS (SELECT 1 FROM flags f WHERE f.business_id = b.id AND f.status <> 'resolved') AS active) a
        ORDER BY b.id
       ON CONFLICT DO NOTHING`,
      [id, opts.chunkSize, opts.scanFrom, startedAt],
      q,
    );
    const total = await this.db.one<{ n: number }>('SELECT count(*)::int AS n FROM watch_run_items WHERE run_id = $1', [id], q);
    await this.db.exec(
      // changes_from: the oldest transaction in flight now may still commit orders this run does not see
      `UPDATE watch_runs SET status = 'running', rule_set_version = $2, started_at = coalesce(started_at, $3), businesses_total = $4,
              changes_from = coalesce(changes_from, (SELECT least(now(), min(xact_start)) FROM pg_stat_activity WHERE datname = current_database()))
        WHERE id = $1`,
      [id, ruleSetVersion, startedAt, total!.n],
      q,
    );
    return n;
  }

  pendingBusinessIds(runId: string, q?: Queryable): Promise<string[]> {
    return this.db
      .many<{ business_id: string }>(`SELECT business_id FROM watch_run_items WHERE run_id = $1 AND status = 'pending' ORDER BY business_id`, [runId], q)
      .then((r) => r.map((x) => x.business_id));
  }

  /** The chunks of a run that still have pending businesses. */
  pendingChunks(runId: string, q?: Queryable): Promise<number[]> {
    return this.db
      .many<{ chunk: number }>(`SELECT DISTINCT chunk FROM watch_run_items WHERE run_id = $1 AND status = 'pending' ORDER BY chunk`, [runId], q)
      .then((r) => r.map((x) => x.chunk));
  }

  /** Locks the pending items of one chunk (in id order) and returns their business ids. */
  lockPendingChunk(runId: string, chunk: number, q: Queryable): Promise<string[]> {
    return this.db
      .many<{ business_id: string }>(
        `SELECT business_id FROM watch_run_items WHERE run_id = $1 AND chunk = $2 AND status = 'pending' ORDER BY business_id FOR UPDATE`,
        [runId, chunk],
        q,
      )
      .then((r) => r.map((x) => x.business_id));
  }

  /** Marks many items done with their counts in one statement. */
  finishItems(runId: string, items: Array<{ businessId: string; raised: number; resolved: number }>, at: Date, q: Queryable): Promise<number> {
    if (!items.length) return Promise.resolve(0);
    return this.db.exec(
      `UPDATE watch_run_items i SET status = 'done', attempts = i.attempts + 1, flags_raised = x.r, flags_resolved = x.s, finished_at = $5, error = NULL
         FROM unnest($2::uuid[], $3::int[], $4::int[]) AS x(b, r, s)
        WHERE i.run_id = $1 AND i.business_id = x.b AND i.status = 'pending'`,
      [runId, items.map((i) => i.businessId), items.map((i) => i.raised), items.map((i) => i.resolved), at],
      q,
    );
  }

  lockItem(runId: string, businessId: string, q: Queryable): Promise<{ status: string; attempts: number } | undefined> {
    return this.db.one('SELECT status, attempts FROM watch_run_items WHERE run_id = $1 AND business_id = $2 FOR UPDATE', [runId, businessId], q);
  }

  finishItem(runId: string, businessId: string, raised: number, resolved: number, at: Date, q: Queryable): Promise<number> {
    return this.db.exec(
      `UPDATE watch_run_items SET status = 'done', attempts = attempts + 1, flags_raised = $3, flags_resolved = $4, finished_at = $5, error = NULL
        WHERE run_id = $1 AND business_id = $2 AND status = 'pending'`,
      [runId, businessId, raised, resolved, at],
      q,
    );
  }

  /** Counts a failed attempt; marks the item failed once attempts reach max. Returns the new status. */
  async failItem(runId: string, businessId: string, error: string, maxAttempts: number, at: Date): Promise<string | undefined> {
    const r = await this.db.one<{ status: string }>(
      `UPDATE watch_run_items SET attempts = attempts + 1, error = $3,
              status = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE status END,
              finished_at = CASE WHEN attempts + 1 >= $4 THEN $5 ELSE finished_at END
        WHERE run_id = $1 AND business_id = $2 AND status = 'pending' RETURNING status`,
      [runId, businessId, error.slice(0, 500), maxAttempts, at],
    );
    return r?.status;
  }

  pendingCount(runId: string, q?: Queryable): Promise<number> {
    return this.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM watch_run_items WHERE run_id = $1 AND status = 'pending'`, [runId], q).then((r) => r!.n);
  }

  /** Freezes the counts from the items and marks the run completed. */
  complete(id: string, at: Date, q: Queryable): Promise<number> {
    return this.db.exec(
      `UPDATE watch_runs r SET status = 'completed', finished_at = $2,
              businesses_total = i.total, businesses_evaluated = i.evaluated, businesses_failed = i.failed,
              flags_raised = i.raised, flags_resolved = i.resolved
         FROM (SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'done')::int AS evaluated,
                      count(*) FILTER (WHERE status = 'failed')::int AS failed,
                      coalesce(sum(flags_raised), 0)::int AS raised, coalesce(sum(flags_resolved), 0)::int AS resolved
                 FROM watch_run_items WHERE run_id = $1) i
        WHERE r.id = $1 AND r.status = 'running'`,
      [id, at],
      q,
    );
  }

  /** Serialises run creation across processes until the caller's transaction ends. */
  async lockCreation(q: Queryable): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtextextended('watch-runs', 0))`);
  }

  /** The pending businesses of one chunk, unlocked (a failed chunk is evaluated one business at a time). */
  pendingOfChunk(runId: string, chunk: number): Promise<string[]> {
    return this.db
      .many<{ business_id: string }>(`SELECT business_id FROM watch_run_items WHERE run_id = $1 AND chunk = $2 AND status = 'pending' ORDER BY business_id`, [
        runId,
        chunk,
      ])
      .then((r) => r.map((x) => x.business_id));
  }

  /** The as-of and rule set version of a run while it is running. */
  running(runId: string, q: Queryable): Promise<{ as_of: string; rule_set_version: number } | undefined> {
    return this.db.one<{ as_of: string; rule_set_version: number }>(
      `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, rule_set_version FROM watch_runs WHERE id = $1 AND status = 'running'`,
      [runId],
      q,
    );
  }

  /** Fresh planner statistics for the tables a run rewrites by the thousand. */
  async analyzeFlagTables(): Promise<void> {
    await this.db.exec('ANALYZE flags, flag_evaluations');
  }

  fail(id: string, error: string, at: Date, q?: Queryable): Promise<number> {
    return this.db.exec(
      `UPDATE watch_runs SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, error.slice(0, 500), at],
      q,
    );
  }
}
