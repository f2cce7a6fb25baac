import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

/** Arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_ID = 4_242_017_001;

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    entities: [],
    logging: false,
    // connectionTimeoutMillis: while Postgres restarts a request waits at most this long for a connection,
    // then answers 503 (instead of queueing on the pool for ever); keepAlive notices dead peers.
    // jit=off: the planner's JIT threshold is met by a weekly-run chunk's signal query, and compiling it
    // cost 55-75 ms of a 160 ms query (measured at 2 M orders); nothing here runs long enough to repay it
    extra: { max: poolSize, application_name: 'siap-ekspor', connectionTimeoutMillis: 5000, keepAlive: true, options: '-c jit=off' },
  };
}

/** Creates the database named in the URL when it does not exist (safe when two processes race). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04' && err.code !== '23505') throw err; // created by a concurrent process
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Runs pending migrations while holding a Postgres advisory lock, so two processes starting
 * together migrate once: the second waits, then finds nothing pending.
 */
export async function migrate(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}

export async function openDataSource(url: string, opts: { poolSize?: number; runMigrations?: boolean } = {}): Promise<DataSource> {
  await ensureDatabase(url);
  const ds = await new DataSource(dataSourceOptions(url, opts.poolSize)).initialize();
  if (opts.runMigrations !== false) await migrate(ds);
  return ds;
}
