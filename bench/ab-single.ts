/**
 * A/B of two versions of OrdersRepository.insertOne (the single POST's statement) on the same
 * database, alternating blocks of orders on one connection, each statement committed on its own
 * like the endpoint's: `node <build>/bench/ab-single.js <compiled repository A> <compiled repository B>`.
 * Prints the median ms per statement of each (Postgres time plus one round trip; no HTTP, no Nest).
 */
import { Client } from 'pg';
import { addDays } from '../src/common/time';
import { Db } from '../src/database/db';
import { abMain } from './ab-fixture';
import { dbUrl } from './common';
import { makeOrder, prng, toJson } from './generator';

const BLOCK = Number(process.env.BENCH_AB_BLOCK ?? 200);
const BLOCKS = Number(process.env.BENCH_AB_BLOCKS ?? 8);
const NO_COMMIT = process.env.BENCH_AB_NO_COMMIT === '1';

const [a, b] = process.argv.slice(2);
const name = `siap_bench_abs_${process.pid}`;
abMain(name, 100, 20_000, async ({ bs, rates, maker, endDay, validated }) => {
  const r = prng(11);
  // a mix of businesses, markets and materials as the generator makes them (some to CN, some wildlife)
  const orders = Array.from({ length: BLOCK * BLOCKS }, (_, i) => {
    const biz = bs[i % bs.length];
    const json = toJson(makeOrder(r, biz, `abs-${i}`, addDays(endDay, -Math.floor(r() * 300)), rates));
    delete json.externalRef;
    const o = validated(json);
    return { biz: biz.id, o, key: maker.key(o.buyerRef) };
  });
  // one connection per version: both name their prepared statement alike
  const conns = [new Client({ connectionString: dbUrl(name) }), new Client({ connectionString: dbUrl(name) })];
  await Promise.all(conns.map((x) => x.connect()));
  const repos = [a, b].map((p, i) => {
    const db = { one: async (sql: string, params: unknown[]) => (await conns[i].query(sql as never, params)).rows[0] } as unknown as Db;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the two builds under comparison load from computed paths
    return new (require(p).OrdersRepository)(db);
  });
  const times: number[][] = [[], []];
  for (let block = 0; block < BLOCKS; block++) {
    for (const i of block % 2 ? [1, 0] : [0, 1]) {
      // BENCH_AB_NO_COMMIT=1: each block in one rolled-back transaction, so the WAL flush of a commit (the same for both) does not drown the statements' difference
      if (NO_COMMIT) await conns[i].query('BEGIN');
      for (let j = 0; j < BLOCK / 2; j++) {
        const { biz, o, key } = orders[block * BLOCK + (i ? BLOCK / 2 : 0) + j];
        const t = performance.now();
        const { created } = await repos[i].insertOne(biz, o, key, 'ab', { actorRole: 'business', details: { businessId: biz } });
        times[i].push(performance.now() - t);
        if (!created) throw new Error('not created');
      }
      if (NO_COMMIT) await conns[i].query('ROLLBACK');
    }
  }
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const round = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      A: { path: a, medianMs: round(med(times[0])) },
      B: { path: b, medianMs: round(med(times[1])) },
      statements: times[0].length,
      committed: !NO_COMMIT,
    }),
  );
  await Promise.all(conns.map((x) => x.end()));
});
