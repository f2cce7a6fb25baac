import { Client } from 'pg';
import { openDataSource } from '../src/database/migrate';
import { dbUrl, PG_ADMIN_URL, TEMPLATE_DB } from './utils/test-db';

/** Migrates a template database once per test run; every suite clones it. */
export default async function globalSetup(): Promise<void> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    const stale = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'siap\\_test\\_%'`);
    for (const { datname } of stale.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await c.end();
  }
  const ds = await openDataSource(dbUrl(TEMPLATE_DB), { poolSize: 2 });
  await ds.destroy();
}
