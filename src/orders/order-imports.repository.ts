import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

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
    return (await this.db.exec(`INSERT INTO order_imports (id, business_id, status, created_by) VALUES ($1, $2, 'running', $3) ON CONFLICT (id) DO NOTHING`, [id, businessId, by])) > 0;
  }

  progress(id: string, c: ImportCounts): Promise<number> {
    return this.db.exec(
      'UPDATE order_imports SET rows_processed = $2, bytes_read = $3, accepted = $4, duplicates = $5, rejected = $6 WHERE id = $1',
      [id, c.rowsProcessed, c.bytesRead, c.accepted, c.duplicates, c.rejected],
    );
  }

  finish(id: string, status: 'completed' | 'failed', c: ImportCounts, error?: string): Promise<number> {
    return this.db.exec(
      `UPDATE order_imports SET status = $2, rows_processed = $3, bytes_read = $4, accepted = $5, duplicates = $6, rejected = $7,
         error = $8, finished_at = now() WHERE id = $1`,
      [id, status, c.rowsProcessed, c.bytesRead, c.accepted, c.duplicates, c.rejected, error ?? null],
    );
  }

  find(id: string): Promise<ImportRow | undefined> {
    return this.db.one<ImportRow>('SELECT * FROM order_imports WHERE id = $1', [id]);
  }
}
