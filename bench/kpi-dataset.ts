/**
 * Builds, once, a full-size database for working on the KPI report by hand (EXPLAIN ANALYZE, timing
 * the endpoint) without running the whole bench: 5,000 businesses and 2 M orders from the bench
 * generator (COPY), plus readiness flags, verified documents and officer activities, so every count
 * of the report has rows to count. The database is kept; a second run finds it and does nothing.
 *
 *   node dist/bench/kpi-dataset.js [name=siap_kpi_bench]   (PG_ADMIN_URL as for the bench)
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { addDays, wibDate } from '../src/common/time';
import { openDataSource } from '../src/database/migrate';
import { admin, APP_SECRET, dbUrl } from './common';
import { copyBusinesses, copyOrders, history, loadRates, makeBusinesses, RowMaker, withoutOrderIndexes } from './generator';

const NAME = process.argv[2] ?? 'siap_kpi_bench';
const BUSINESSES = 5000;
const ORDERS = 2_000_000;
const log = (m: string) => process.stderr.write(`[kpi-dataset ${((performance.now() / 1000) | 0).toString().padStart(4)}s] ${m}\n`);

/** Flags, documents and activities over the two years, set-wise and hashed from the ids (same rows every time). */
const CASEWORK_SQL = `
  INSERT INTO flags (business_id, market, kind, status, raised_on, resolved_on, last_evaluated_on, rule_set_version)
  SELECT b.id, 'MY', 'readiness', CASE WHEN r.res THEN 'resolved' ELSE 'open' END, r.raised,
         CASE WHEN r.res THEN r.raised + 60 END, r.raised, (SELECT max(version) FROM rule_sets)
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM businesses) b
    CROSS JOIN LATERAL (SELECT $1::date - (abs(hashtext(b.id::text)) % 700) AS raised, b.i % 10 < 4 AS res) r
   WHERE b.i % 4 = 0;
  INSERT INTO business_documents (business_id, type, issued_on, expires_on, created_by)
  SELECT b.id, t.type, $1::date - 500 + (b.i % 300)::int, CASE WHEN b.i % 3 = 0 THEN $1::date - 100 ELSE $1::date + 400 END, 'bench'
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM businesses) b
    CROSS JOIN (VALUES ('nib_customs_access'), ('certified_exporter')) t(type)
   WHERE b.i % 5 = 0 AND (t.type = 'nib_customs_access' OR b.i % 15 = 0);
  INSERT INTO activities (business_id, type, on_date, note, programme, due_on, done_on, created_by)
  SELECT b.id, (ARRAY['visit','call','referral','training','curation','note'])[1 + (g % 6)], d.on_date, 'bench',
         CASE WHEN g % 6 = 2 THEN 'ecp' END, CASE WHEN g % 3 = 0 THEN d.on_date + 30 END,
         CASE WHEN g % 3 = 0 AND (b.i + g) % 10 < 7 THEN d.on_date + 20 END, 'officer:bench'
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM businesses) b
    CROSS JOIN generate_series(1, 8) g
    CROSS JOIN LATERAL (SELECT $1::date - (abs(hashtext(b.id::text || g)) % 700) AS on_date) d
   WHERE b.i % 2 = 0;
`;

async function main(): Promise<void> {
  const exists = await admin(async (a) => (await a.query('SELECT 1 FROM pg_database WHERE datname = $1', [NAME])).rowCount);
  if (exists) {
    log(`${NAME} exists: kept as it is (drop it by hand to rebuild)`);
    return;
  }
  await admin((a) => a.query(`CREATE DATABASE ${NAME}`));
  const ds = await openDataSource(dbUrl(NAME), { poolSize: 2 });
  await ds.destroy();
  const c = new Client({ connectionString: dbUrl(NAME) });
  await c.connect();
  try {
    const businesses = makeBusinesses(BUSINESSES);
    await copyBusinesses(c, businesses);
    const endDay = addDays(wibDate(new Date()), -1);
    const rates = await loadRates(c);
    const maker = new RowMaker(APP_SECRET, rates);
    const t0 = performance.now();
    const n = await withoutOrderIndexes(c, () => copyOrders(c, history({ businesses, orders: ORDERS, endDay, rates }), maker));
    log(`COPY ${n.toLocaleString('en-US')} orders up to ${endDay} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await c.query(CASEWORK_SQL.replace(/\$1/g, `'${endDay}'`));
    await c.query('VACUUM ANALYZE');
    await c.query('CHECKPOINT');
    const counts = await c.query(
      `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM flags) AS flags, (SELECT count(*) FROM activities) AS activities,
              (SELECT count(*) FROM business_documents) AS documents`,
    );
    log(`ready: ${JSON.stringify(counts.rows[0])}`);
  } finally {
    await c.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
