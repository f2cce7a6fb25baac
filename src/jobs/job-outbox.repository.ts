import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { JobName } from './job-registry';

export interface OutboxRow {
  id: string;
  name: JobName;
  payload: object;
  job_id: string;
  delay_ms: number;
}

/**
 * The job outbox's SQL. The table belongs to the jobs module: other modules ask these methods
 * (JobsModule exports this repository) which jobs are written, pending or sent, and never query it.
 */
@Injectable()
export class JobOutboxRepository {
  constructor(private readonly db: Db) {}

  insert(job: { name: JobName; payload: string; jobId: string; delayMs: number }, q?: Queryable): Promise<number> {
    return this.db.exec('INSERT INTO job_outbox (name, payload, job_id, delay_ms) VALUES ($1, $2, $3, $4)', [job.name, job.payload, job.jobId, job.delayMs], q);
  }

  insertMany(jobs: Array<{ name: JobName; payload: string; jobId: string }>, q?: Queryable): Promise<number> {
    return this.db.exec(
      'INSERT INTO job_outbox (name, payload, job_id, delay_ms) SELECT n, p, j, 0 FROM unnest($1::text[], $2::jsonb[], $3::text[]) AS t(n, p, j)',
      [jobs.map((j) => j.name), jobs.map((j) => j.payload), jobs.map((j) => j.jobId)],
      q,
    );
  }

  /** Whether a row with this job id is still waiting to be relayed. */
  async isPending(jobId: string): Promise<boolean> {
    return !!(await this.db.one('SELECT 1 FROM job_outbox WHERE job_id = $1 AND dispatched_at IS NULL LIMIT 1', [jobId]));
  }

  /** The next rows to relay, locked for the caller's transaction (other relays skip them). */
  lockPending(q: Queryable): Promise<OutboxRow[]> {
    return this.db.many<OutboxRow>(
      `SELECT id, name, payload, job_id, delay_ms FROM job_outbox WHERE dispatched_at IS NULL
        ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED`,
      [],
      q,
    );
  }

  /** A row the queue refused: counts the attempt and keeps its error; after 20 attempts it is parked as dispatched. */
  refused(id: string, error: string, q: Queryable): Promise<number> {
    return this.db.exec(
      `UPDATE job_outbox SET attempts = attempts + 1, last_error = $2,
              dispatched_at = CASE WHEN attempts + 1 >= 20 THEN now() ELSE NULL END WHERE id = $1`,
      [id, error],
      q,
    );
  }

  markDispatched(ids: string[], q: Queryable): Promise<number> {
    return this.db.exec('UPDATE job_outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [ids], q);
  }

  /** Removes relayed rows older than a day (kept briefly for diagnosis). */
  prune(): Promise<number> {
    return this.db.exec(`DELETE FROM job_outbox WHERE dispatched_at < now() - interval '1 day'`);
  }

  /** Rows not relayed yet and the age of the oldest of them (0 when none). */
  async backlog(): Promise<{ pending: number; lag: number } | undefined> {
    return this.db.one<{ pending: number; lag: number }>(
      `SELECT (SELECT count(*) FROM job_outbox WHERE dispatched_at IS NULL)::int AS pending,
              coalesce((SELECT extract(epoch FROM now() - min(created_at)) FROM job_outbox WHERE dispatched_at IS NULL), 0)::float AS lag`,
    );
  }

  /** The values of `payload[key]` among the `name` jobs still waiting to be relayed (e.g. the deliveries that have a send job coming). */
  async pendingPayloadValues(name: JobName, key: string): Promise<string[]> {
    const rows = await this.db.many<{ v: string }>(
      `SELECT DISTINCT payload->>$2 AS v FROM job_outbox WHERE dispatched_at IS NULL AND name = $1 AND payload->>$2 IS NOT NULL`,
      [name, key],
    );
    return rows.map((r) => r.v);
  }

  /** Job ids of the `name` jobs whose `payload[key]` is `value`, newest first (rows are kept a day after relaying). */
  async jobIdsFor(name: JobName, key: string, value: string, limit: number): Promise<string[]> {
    const rows = await this.db.many<{ job_id: string }>(`SELECT job_id FROM job_outbox WHERE name = $1 AND payload->>$2 = $3 ORDER BY id DESC LIMIT $4`, [
      name,
      key,
      value,
      limit,
    ]);
    return rows.map((r) => r.job_id);
  }

  /**
   * For each ref, the job id of the newest `name` row written since `ref.since` whose payload names
   * it: `payload[key]` is its id, or the list `payload[listKey]` holds it. Refs without one are absent.
   */
  async newestJobIdsNaming(name: JobName, key: string, listKey: string, refs: Array<{ id: string; since: Date | string }>): Promise<Map<string, string>> {
    if (!refs.length) return new Map();
    const rows = await this.db.many<{ id: string; job_id: string }>(
      `SELECT r.id, o.job_id FROM unnest($4::text[], $5::timestamptz[]) AS r(id, since)
         CROSS JOIN LATERAL (
           SELECT o.job_id FROM job_outbox o
            WHERE o.name = $1 AND o.created_at >= r.since AND (o.payload->>$2 = r.id OR o.payload->$3 ? r.id)
            ORDER BY o.id DESC LIMIT 1) o`,
      [name, key, listKey, refs.map((r) => r.id), refs.map((r) => r.since)],
    );
    return new Map(rows.map((r) => [r.id, r.job_id]));
  }
}
