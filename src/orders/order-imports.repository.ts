import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';

/**
 * Advisory-lock namespace: a running import holds (IMPORT_LOCK_NS, hashtext(id)) in its transaction.
 * The lock is taken before the progress row exists and dies with the transaction — also when the
 * process is killed — so a `running` row whose lock is free belongs to nobody.
 */
export const IMPORT_LOCK_NS = 4242017;
export const ABANDONED_IMPORT_ERROR =
  'abandoned: the import stopped before it finished (process stopped or connection lost); none of its rows were stored, post the file again';

export interface ImportRow {
  id: string;
  business_id: string;
  status: 'running' | 'completed' | 'failed';
  rows_processed: number;
  bytes_read: string;
  accepted: number;
  duplicates: number;
  rejected: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface ImportCounts {
  rowsProcessed: number;
  bytesRead: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Progress rows for CSV imports, written outside the import's own transaction so they are visible live. */
@Injectable()
export class OrderImportsRepository {
  constructor(private readonly db: Db) {}

  async start(id: string, businessId: string, by: string): Promise<boolean> {
    return (
      (await this.db.exec(`INSERT INTO order_imports (id, business_id, status, created_by) VALUES ($1, $2, 'running', $3) ON CONFLICT (id) DO NOTHING`, [
        id,
        businessId,
        by,
      ])) > 0
    );
  }

  progress(id: string, c: ImportCounts): Promise<number> {
    return this.db.exec('UPDATE order_imports SET rows_processed = $2, bytes_read = $3, accepted = $4, duplicates = $5, rejected = $6 WHERE id = $1', [
      id,
      c.rowsProcessed,
      c.bytesRead,
      c.accepted,
      c.duplicates,
      c.rejected,
    ]);
  }

  finish(id: string, status: 'completed' | 'failed', c: ImportCounts, error?: string, q?: Queryable): Promise<number> {
    return this.db.exec(
      `UPDATE order_imports SET status = $2, rows_processed = $3, bytes_read = $4, accepted = $5, duplicates = $6, rejected = $7,
         error = $8, finished_at = now() WHERE id = $1`,
      [id, status, c.rowsProcessed, c.bytesRead, c.accepted, c.duplicates, c.rejected, error ?? null],
      q,
    );
  }

  /** Takes the import's lock inside its transaction `q` (held until commit or rollback). */
  async lock(id: string, q: Queryable): Promise<void> {
    await q.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [IMPORT_LOCK_NS, id]);
  }

  /**
   * Marks `running` imports whose transaction is gone (their lock is free) as failed; one id or all.
   * Their rows were never committed: the import is one transaction.
   */
  async failAbandoned(id?: string): Promise<string[]> {
    const rows = await this.db.many<{ id: string }>(
      `UPDATE order_imports SET status = 'failed', error = $2, finished_at = now(), accepted = 0, duplicates = 0
        WHERE status = 'running' AND ($1::uuid IS NULL OR id = $1) AND pg_try_advisory_xact_lock(${IMPORT_LOCK_NS}, hashtext(id::text))
        RETURNING id`,
      [id ?? null, ABANDONED_IMPORT_ERROR],
    );
    return rows.map((r) => r.id);
  }

  find(id: string): Promise<ImportRow | undefined> {
    return this.db.one<ImportRow>('SELECT * FROM order_imports WHERE id = $1', [id]);
  }
}
