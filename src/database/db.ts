import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Something that runs SQL: the pool or a client inside a transaction. */
export interface Queryable {
  query<T extends QueryResultRow = QueryResultRow>(sql: string | Statement, params?: unknown[]): Promise<{ rows: T[]; rowCount: number | null }>;
}

/** SQL text, or a named statement (prepared once per connection by pg) for the hottest paths. */
export interface Statement {
  name: string;
  text: string;
}

/**
 * Thin access to the pg pool that TypeORM owns. Repositories write their SQL against this, so the
 * result shape is always pg's (`rows`, `rowCount`) and transactions are explicit.
 */
@Injectable()
export class Db {
  readonly pool: Pool;
  constructor(readonly dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  async many<T extends QueryResultRow>(sql: string, params: unknown[] = [], q: Queryable = this.pool): Promise<T[]> {
    return (await q.query<T>(sql, params)).rows;
  }

  async one<T extends QueryResultRow>(sql: string | Statement, params: unknown[] = [], q: Queryable = this.pool): Promise<T | undefined> {
    return (await q.query<T>(sql, params)).rows[0];
  }

  async exec(sql: string, params: unknown[] = [], q: Queryable = this.pool): Promise<number> {
    return (await q.query(sql, params)).rowCount ?? 0;
  }

  /**
   * Runs fn with more work memory for its statements' sorts and hash aggregates (SET LOCAL): inside
   * the caller's transaction when given (it lasts until that ends), else in a short one of its own.
   */
  async withWorkMem<T>(workMem: string, fn: (c: Queryable) => Promise<T>, q?: Queryable): Promise<T> {
    const run = async (c: Queryable) => {
      await c.query(`SET LOCAL work_mem = '${workMem}'`);
      return fn(c);
    };
    return q ? run(q) : this.tx(run);
  }

  /** Runs fn in one transaction; rolls back on any error. */
  async tx<T>(fn: (client: PoolClient) => Promise<T>, isolation: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE' = 'READ COMMITTED'): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // a connection that cannot even roll back (Postgres restarted, network gone) is dropped, not reused
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
