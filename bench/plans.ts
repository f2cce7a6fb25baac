/**
 * Writes EXPLAIN (ANALYZE, BUFFERS) plans of the hot statements to bench/plans/*.txt, on a scratch
 * database with a generated history (BENCH_PLAN_ORDERS, default 200,000). Each statement that
 * writes runs inside a transaction that is rolled back.
 *   node <build>/bench/plans.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { addDays, wibDate } from '../src/common/time';
import { admin, APP_SECRET, dbUrl, ROOT } from './common';
import { copyBusinesses, copyOrders, history, loadRates, makeBusinesses, makeOrder, ORDER_COLUMNS, prng, RowMaker, toJson } from './generator';
import { openDataSource } from '../src/database/migrate';
import { Db } from '../src/database/db';
import { validateOrder } from '../src/orders/order-input';
import { OrdersRepository } from '../src/orders/orders.repository';

async function main(): Promise<void> {
  const name = `siap_bench_plans_${process.pid}`;
  const n = Number(process.env.BENCH_PLAN_ORDERS ?? 200_000);
  await (await openDataSource(dbUrl(name), { poolSize: 2 })).destroy();
  const c = new Client({ connectionString: dbUrl(name) });
  await c.connect();
  try {
    const bs = makeBusinesses(500);
    await copyBusinesses(c, bs);
    const rates = await loadRates(c);
    const maker = new RowMaker(APP_SECRET, rates);
    const endDay = addDays(wibDate(new Date()), -1);
    await copyOrders(c, history({ businesses: bs, orders: n, endDay, rates }), maker);
    await c.query('VACUUM ANALYZE');
    const r = prng(3);
    const b = bs[0];
    const batch = Array.from({ length: 5000 }, (_, i) => makeOrder(r, b, `plan-${i}`, addDays(endDay, -Math.floor(r() * 700)), rates));
    const out = (file: string, title: string, text: string) =>
      writeFileSync(
        join(ROOT, 'bench', 'plans', file),
        `-- ${title}\n-- ${new Date().toISOString()}, ${n.toLocaleString()} orders in the table, PostgreSQL ${process.env.PGVERSION ?? ''}\n\n${text}\n`,
      );
    const explain = async (sql: string, params: unknown[]) => {
      await c.query('BEGIN');
      try {
        const res = await c.query(`EXPLAIN (ANALYZE, BUFFERS, VERBOSE OFF) ${sql}`, params);
        return res.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
      } finally {
        await c.query('ROLLBACK');
      }
    };

    // 1. the product's bulk insert: unnest + the dated IDR rate per row
    // capture the exact SQL the repository sends, with a stand-in Db
    let captured: { sql: string; params: unknown[] } | undefined;
    const fakeDb = {
      exec: async (sql: string, params: unknown[]) => ((captured = { sql, params }), 0),
      one: async (sql: string, params: unknown[]) => ((captured = { sql, params }), { id: 'x' }),
    };
    const repo = new OrdersRepository(fakeDb as unknown as Db);
    const valid = batch.map((o) => {
      const v = validateOrder(toJson(o), {
        now: new Date(),
        currencies: { get: (code: string) => ({ minorUnits: rates.minor.get(code) ?? 2, earliest: '2000-01-01' }) },
        source: 'json',
      });
      if (!v.ok) throw new Error(v.errors.join('; '));
      return v.order;
    });
    await repo.insertMany(
      b.id,
      valid,
      valid.map((o) => maker.key(o.buyerRef)),
      'bench',
    );
    out(
      'bulk-insert-unnest.txt',
      'orders.repository insertMany: 5,000 rows via unnest with the dated-rate LATERAL join',
      `${captured!.sql}\n\n${await explain(captured!.sql, captured!.params)}`,
    );
    await repo.insertOne(b.id, { ...valid[0], externalRef: null }, maker.key(valid[0].buyerRef), 'bench', { actorRole: 'admin', details: {} });
    out(
      'single-insert.txt',
      'orders.repository insertOne: one row with the dated-rate LATERAL join',
      `${captured!.sql}\n\n${await explain(captured!.sql, captured!.params)}`,
    );

    // 2. the raw baseline: multi-row INSERT VALUES of the same rows
    const cols = ORDER_COLUMNS.length;
    const rawSql = `INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES ${batch
      .slice(0, 2500)
      .map((_, i) => `(${ORDER_COLUMNS.map((__, j) => `$${i * cols + j + 1}`).join(',')})`)
      .join(',')}`;
    out(
      'raw-insert-values.txt',
      'raw baseline: 2,500-row multi-row INSERT VALUES (same rows, precomputed IDR value)',
      await explain(
        rawSql,
        batch.slice(0, 2500).flatMap((o) => maker.values(o, 'raw')),
      ),
    );

    // 3. the weekly signals aggregate (the baseline of the weekly run)
    const weekly = readFileSync(join(ROOT, 'bench', 'sql', 'weekly-signals.sql'), 'utf8');
    out('weekly-signals-aggregate.txt', 'bench/sql/weekly-signals.sql: every signal per business × market as of yesterday', await explain(weekly, [endDay]));

    // 4. the keyset order list of one business (GET /orders?businessId=)
    out(
      'orders-list-business.txt',
      'GET /orders?businessId=… first page (orders_business_ordered index)',
      await explain(
        `SELECT o.id FROM orders o JOIN currencies c ON c.code = o.currency WHERE ($1::uuid IS NULL OR o.business_id = $1) AND o.voided_at IS NULL ORDER BY o.ordered_at DESC, o.id DESC LIMIT 51`,
        [b.id],
      ),
    );
  } finally {
    await c.end();
    await admin((a) => a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
