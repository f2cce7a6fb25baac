/**
 * A/B of two versions of OrdersRepository.insertMany on the same database, alternating, each batch
 * rolled back: `node <build>/bench/ab-insert.js <compiled repository A> <compiled repository B>`.
 * Prints the median ms per 5,000-row batch of each.
 */
import { addDays } from '../src/common/time';
import { Db } from '../src/database/db';
import { abMain } from './ab-fixture';
import type { Client } from 'pg';
import { makeOrder, prng, toJson } from './generator';

const [a, b] = process.argv.slice(2);
abMain(`siap_bench_ab_${process.pid}`, 200, 100_000, async ({ c, bs, rates, maker, endDay, validated }) => {
  const r = prng(9);
  const batch = Array.from({ length: 5000 }, (_, i) => validated(toJson(makeOrder(r, bs[1], `ab-${i}`, addDays(endDay, -Math.floor(r() * 700)), rates))));
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
});
