import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDataSource } from '../src/database/migrate';
import { dbUrl, PG_ADMIN_URL } from './utils/test-db';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Migrates a template database once per migration set; every suite clones it. The template's name
 * carries a hash of the migrations, so concurrent test runs share it safely, and suite databases
 * carry the run's pid, so a run only cleans up databases of runs that are no longer alive.
 */
export default async function globalSetup(): Promise<void> {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(__dirname, '..', 'migrations'));
  const template = `siap_tpl_${hash.digest('hex').slice(0, 12)}`;
  process.env.SIAP_TEST_TEMPLATE = template;
  process.env.SIAP_TEST_RUN = String(process.pid);

  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    const dbs = await c.query<{ datname: string; built: string | null }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS built FROM pg_database
        WHERE datname LIKE 'siap\\_test\\_%' OR datname LIKE 'siap\\_tpl\\_%'`,
    );
    for (const { datname, built } of dbs.rows) {
      const pid = /^siap_test_(\d+)_/.exec(datname)?.[1];
      const staleSuite = pid !== undefined && !alive(Number(pid));
      // other migration sets' templates may be in use by a concurrent run (another checkout): keep them a day
      // a template being built (`…_building`, no stamp yet) belongs to a concurrent run's setup: never drop it
      const building = datname.endsWith('_building');
      const oldTemplate = datname.startsWith('siap_tpl_') && datname !== template && !building && (!built || Date.now() - Number(built) > 86_400_000);
      if (staleSuite || oldTemplate) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    }
    await c.query('SELECT pg_advisory_lock(4242017002)');
    try {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!exists.rowCount) {
        const building = `${template}_building`;
        await c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        const ds = await openDataSource(dbUrl(building), { poolSize: 2 });
        await ds.destroy();
        // stamped before the rename, so no other run ever sees an unstamped template and takes it for stale
        await c.query(`COMMENT ON DATABASE ${building} IS '${Date.now()}'`);
        await c.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(4242017002)');
    }
  } finally {
    await c.end();
  }
}
