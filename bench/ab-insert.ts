/**
 * A/B of two versions of OrdersRepository.insertMany on the same database, alternating, each batch
 * rolled back: `node <build>/bench/ab-insert.js <compiled repository A> <compiled repository B>`.
 * Prints the median ms per 5,000-row batch of each.
 */
import { Client } from 'pg';
import { addDays, wibDate } from '../src/common/time';
import { Db } from '../src/database/db';
import { openDataSource } from '../src/database/migrate';
import { validateOrder } from '../src/orders/order-input';
import { admin, APP_SECRET, dbUrl } from './common';
import { copyBusinesses, copyOrders, history, loadRates, makeBusinesses, makeOrder, prng, RowMaker, toJson, withoutOrderIndexes } from './generator';

async function main(): Promise<void> {
  const [a, b] = process.argv.slice(2);
  const name = `siap_bench_ab_${process.pid}`;
  await (await openDataSource(dbUrl(name), { poolSize: 2 })).destroy();
  const c = new Client({ connectionString: dbUrl(name) });
  await c.connect();
  try {
    const bs = makeBusinesses(200);
    await copyBusinesses(c, bs);
    const rates = await loadRates(c);
    const maker = new RowMaker(APP_SECRET, rates);
    const endDay = addDays(wibDate(new Date()), -1);
    await withoutOrderIndexes(c, () => copyOrders(c, history({ businesses: bs, orders: 100_000, endDay, rates }), maker));
    await c.query('VACUUM ANALYZE');
    const r = prng(9);
    const ctx = {
      now: new Date(),
      currencies: { get: (code: string) => ({ minorUnits: rates.minor.get(code) ?? 2, earliest: '2000-01-01' }) },
      source: 'json' as const,
    };
    const batch = Array.from({ length: 5000 }, (_, i) => {
      const v = validateOrder(toJson(makeOrder(r, bs[1], `ab-${i}`, addDays(endDay, -Math.floor(r() * 700)), rates)), ctx);
      if (!v.ok) throw new Error(v.errors.join());
      return v.order;
    });
    const keys = batch.map((o) => maker.key(o.buyerRef));
    const db = { exec: async (sql: string, params: unknown[], q: Client) => (await q.query(sql, params)).rowCount ?? 0 } as unknown as Db;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the two builds under comparison load from computed paths
    const repos = [a, b].map((p) => new (require(p).OrdersRepository)(db));
    const times: number[][] = [[], []];
    for (let rep = 0; rep < 12; rep++) {
      for (const i of rep % 2 ? [1, 0] : [0, 1]) {
        await c.query('BEGIN');
        const t = performance.now();
        const n = await repos[i].insertMany(bs[1].id, batch, keys, 'ab', c);
        times[i].push(performance.now() - t);
        await c.query('ROLLBACK');
        if (n !== 5000) throw new Error(`inserted ${n}`);
      }
    }
    const med = (xs: number[]) => xs.slice(2).sort((x, y) => x - y)[Math.floor((xs.length - 2) / 2)];
    console.log(JSON.stringify({ A: { path: a, medianMs: med(times[0]) }, B: { path: b, medianMs: med(times[1]) } }));
  } finally {
    await c.end();
    await admin((x) => x.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
