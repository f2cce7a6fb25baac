/**
 * `npm run bench` — measures the product's paths and, in the same run on the same machine, the raw
 * baseline each is held against; prints one table and writes bench/results.json.
 *
 *   BENCH_SIZE=smoke|small|full|province (default full; also `--size=smoke`)
 *   PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL
 *   BENCH_CONCURRENCY (bulk requests in flight, default 2), BENCH_KEEP_DB=1 keeps the databases.
 */
import { createReadStream, createWriteStream, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { generateApiKey } from '../src/auth/api-key';
import { openDataSource } from '../src/database/migrate';
import { addDays, wibDate } from '../src/common/time';
import {
  Business,
  copyBusinesses,
  CSV_HEADER,
  GenOrder,
  loadRates,
  makeBusinesses,
  makeOrder,
  ORDER_COLUMNS,
  prng,
  RateTable,
  RowMaker,
  toCsvLine,
  toJson,
} from './generator';
import { peakMb, request, resetPeak, runNodeJson, sampleRss, startNode, stop, waitForHttp } from './proc';
import { weeklySuite, WeeklyOutcome } from './weekly';
import { provinceRow } from './scale';
import { writeCurves } from './curves';
import { admin, App, APP_SECRET, dbUrl, RAW_PORT, ROOT, Row, startApp } from './common';

const SIZES = {
  smoke: { businesses: 30, history: 10_000, bulkRows: 10_000, csvRows: 10_000, cannonSec: 2, curve: [10_000], digests: 5 },
  small: { businesses: 500, history: 200_000, bulkRows: 100_000, csvRows: 200_000, cannonSec: 8, curve: [50_000, 200_000], digests: 200 },
  full: {
    businesses: 5000,
    history: 2_000_000,
    bulkRows: 500_000,
    csvRows: 1_000_000,
    cannonSec: 20,
    curve: (process.env.BENCH_CURVE ?? '100000,500000,2000000').split(',').map(Number),
    digests: 1000,
  },
  // a province (Central Java): 10× the businesses, 5× the orders; only the weekly paths by default
  // (BENCH_ONLY), the data kept for the next run (BENCH_KEEP_DATA, bench/data.ts)
  province: {
    businesses: 50_000,
    history: 10_000_000,
    bulkRows: 500_000,
    csvRows: 1_000_000,
    cannonSec: 20,
    curve: (process.env.BENCH_CURVE ?? '10000000').split(',').map(Number),
    digests: 1000,
  },
} as const;
type Size = keyof typeof SIZES;

const sizeArg = process.argv.find((a) => a.startsWith('--size='))?.slice(7);
const SIZE = (sizeArg ?? process.env.BENCH_SIZE ?? 'full') as Size;
if (!SIZES[SIZE]) throw new Error(`BENCH_SIZE must be one of ${Object.keys(SIZES).join(', ')}`);
const CFG = SIZES[SIZE];
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
/** Seconds of each autocannon run of the single path (BENCH_CANNON_S; default per size). */
const CANNON_S = Number(process.env.BENCH_CANNON_S ?? CFG.cannonSec);
const RAW_BATCH = 2500; // 2500 rows × 16 params stays under pg's 65,535 parameter limit

const rows: Row[] = [];
const extra: Record<string, unknown> = {};
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() / 1000) | 0).toString().padStart(4)}s] ${msg}\n`);

// ---------------------------------------------------------------- helpers

async function freshOrders(c: Client): Promise<void> {
  await c.query('TRUNCATE orders, order_imports');
  await c.query('VACUUM ANALYZE orders');
  await c.query('CHECKPOINT');
}

function insertSql(n: number): string {
  const cols = ORDER_COLUMNS.length;
  const groups: string[] = [];
  for (let i = 0; i < n; i++) groups.push(`(${ORDER_COLUMNS.map((_, j) => `$${i * cols + j + 1}`).join(',')})`);
  return `INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES ${groups.join(',')}`;
}

/** Orders for ingest paths: one business, unique externalRefs, dates over the last two years. */
function ingestOrders(b: Business, n: number, prefix: string, rates: RateTable, endDay: string, seed: number): GenOrder[] {
  const r = prng(seed);
  const out: GenOrder[] = [];
  for (let i = 0; i < n; i++) out.push(makeOrder(r, b, `${prefix}-${i}`, addDays(endDay, -Math.floor(r() * 728)), rates));
  return out;
}

async function runPool<T>(items: T[], concurrency: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

// ---------------------------------------------------------------- paths 1–3

async function benchBulk(c: Client, app: App, url: string, b: Business, key: string, rates: RateTable, endDay: string): Promise<void> {
  const n = CFG.bulkRows;
  log(`bulk: preparing ${fmt(n)} rows`);
  const orders = ingestOrders(b, n, 'bulk', rates, endDay, 4242);
  const maker = new RowMaker(APP_SECRET, rates);
  const sql = insertSql(RAW_BATCH);
  const rawBatches: unknown[][] = [];
  for (let i = 0; i < n; i += RAW_BATCH) {
    const slice = orders.slice(i, i + RAW_BATCH);
    rawBatches.push(slice.flatMap((o) => maker.values(o, 'raw')));
  }
  const bodies: string[] = [];
  for (let i = 0; i < n; i += 5000) bodies.push(JSON.stringify({ orders: orders.slice(i, i + 5000).map(toJson) }));

  await freshOrders(c);
  log('bulk: raw multi-row INSERT baseline');
  const pool = new Pool({ connectionString: url, max: CONCURRENCY });
  await pool.query('SELECT 1');
  let t0 = performance.now();
  await runPool(rawBatches, CONCURRENCY, async (params) => {
    const k = params.length / ORDER_COLUMNS.length;
    await pool.query(k === RAW_BATCH ? sql : insertSql(k), params);
  });
  const rawS = (performance.now() - t0) / 1000;
  await pool.end();
  const rawRate = n / rawS;

  await freshOrders(c);
  log('bulk: POST /api/v1/orders/bulk');
  resetPeak(app.pid);
  let accepted = 0;
  t0 = performance.now();
  await runPool(bodies, CONCURRENCY, async (body) => {
    const r = await request(`${app.url}/api/v1/orders/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body,
    });
    if (r.status !== 200) throw new Error(`bulk answered ${r.status}: ${r.body.slice(0, 300)}`);
    accepted += (JSON.parse(r.body) as { accepted: number }).accepted;
  });
  const appS = (performance.now() - t0) / 1000;
  if (accepted !== n) throw new Error(`bulk accepted ${accepted} of ${n}`);
  const appRate = n / appS;
  rows.push({
    path: '1 bulk POST /orders/bulk',
    figure: `${fmt(appRate)} rows/s`,
    baseline: `${fmt(rawRate)} rows/s raw INSERT`,
    ratio: appRate / rawRate,
    target: '≥ 0.5×',
    met: appRate / rawRate >= 0.5,
    volume: `${fmt(n)} rows, ${bodies.length} req × 5,000, ${CONCURRENCY} in flight`,
    peakRssMb: peakMb(app.pid),
  });
}

async function benchCsv(c: Client, app: App, url: string, b: Business, key: string, rates: RateTable, endDay: string): Promise<void> {
  const n = CFG.csvRows;
  const file = join(tmpdir(), `siap-bench-${process.pid}.csv`);
  log(`csv: writing ${fmt(n)} rows to ${file}`);
  const out = createWriteStream(file);
  out.write(`${CSV_HEADER}\n`);
  const gen = (seed: number) => {
    const r = prng(seed);
    let i = 0;
    return (): GenOrder | undefined => (i < n ? makeOrder(r, b, `csv-${i++}`, addDays(endDay, -Math.floor(r() * 728)), rates) : undefined);
  };
  {
    const next = gen(777);
    for (let o = next(); o; o = next()) if (!out.write(toCsvLine(o))) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  const bytes = statSync(file).size;

  await freshOrders(c);
  log('csv: raw multi-row INSERT baseline (same rows, one connection)');
  const maker = new RowMaker(APP_SECRET, rates);
  const raw = new Client({ connectionString: url });
  await raw.connect();
  const sql = insertSql(RAW_BATCH);
  let rawMs = 0;
  {
    const next = gen(777);
    for (;;) {
      const params: unknown[] = [];
      let k = 0;
      for (let o = next(); o; o = k < RAW_BATCH ? next() : undefined) {
        params.push(...maker.values(o, 'raw'));
        k++;
      }
      if (!k) break;
      const t = performance.now();
      await raw.query(k === RAW_BATCH ? sql : insertSql(k), params);
      rawMs += performance.now() - t;
      if (k < RAW_BATCH) break;
    }
  }
  await raw.end();
  const rawRate = n / (rawMs / 1000);

  await freshOrders(c);
  log(`csv: POST /api/v1/orders/import (${fmt(bytes / 1e6, 1)} MB streamed)`);
  resetPeak(app.pid);
  const rssBefore = peakMb(app.pid);
  const sampler = sampleRss(app.pid);
  const t0 = performance.now();
  const r = await request(`${app.url}/api/v1/orders/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${key}` },
    body: createReadStream(file),
  });
  const appS = (performance.now() - t0) / 1000;
  const mem = sampler.stop();
  unlinkSync(file);
  if (r.status !== 200) throw new Error(`import answered ${r.status}: ${r.body.slice(0, 300)}`);
  const res = JSON.parse(r.body) as { accepted: number };
  if (res.accepted !== n) throw new Error(`import accepted ${res.accepted} of ${n}`);
  const appRate = n / appS;
  const q = (f: number) => mem.samples[Math.min(mem.samples.length - 1, Math.floor(mem.samples.length * f))];
  extra.csvRssSamplesMb = { start: rssBefore, at25: q(0.25), at50: q(0.5), at75: q(0.75), end: q(1) };
  rows.push({
    path: '2 CSV import (streamed)',
    figure: `${fmt(appRate)} rows/s`,
    baseline: `${fmt(rawRate)} rows/s raw INSERT`,
    ratio: appRate / rawRate,
    target: '≥ 0.4×, flat RSS',
    met: appRate / rawRate >= 0.4,
    volume: `${fmt(n)} rows, ${fmt(bytes / 1e6, 1)} MB`,
    peakRssMb: peakMb(app.pid),
    note: `RSS MB start ${fmt(rssBefore)} → 25% ${fmt(q(0.25))} → 50% ${fmt(q(0.5))} → 75% ${fmt(q(0.75))} → end ${fmt(q(1))}`,
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * Path 3. One baseline run and one product run can land in different load, so
 * BENCH_SINGLE_ROUNDS (default 3 at full size, else 1) alternates them that many times and reports
 * each side's median and the median of the rounds' ratios.
 */
async function benchSingle(c: Client, app: App, url: string, b: Business, key: string, rates: RateTable, endDay: string): Promise<void> {
  const o = toJson(ingestOrders(b, 1, 'single', rates, endDay, 5)[0]);
  delete o.externalRef; // every request inserts a new order
  const body = JSON.stringify(o);
  const cannon = join(__dirname, 'cannon.js');
  const conns = '50';
  // one 20 s sample moved by ±10 % from round to round on the idle machine (0.73, 0.85, 0.83×):
  // the full size reports the median of three alternated rounds
  const rounds = Math.max(1, Number(process.env.BENCH_SINGLE_ROUNDS ?? (SIZE === 'full' ? 3 : 1)));
  // both servers warm up alike before each measured run (BENCH_SINGLE_WARMUP_S)
  const warmup = String(Number(process.env.BENCH_SINGLE_WARMUP_S ?? 1));
  type Cannon = { requests: number; rps: number; p50: number; p99: number; errors: number; non2xx: number; codes: Record<string, number> };

  const raw = startNode(join(__dirname, 'raw-server.js'), {
    RAW_DATABASE_URL: url,
    RAW_PORT: String(RAW_PORT),
    RAW_BUSINESS_ID: b.id,
    RAW_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '20',
  });
  await waitForHttp(`http://127.0.0.1:${RAW_PORT}/`, raw).catch(() => undefined);
  const rawUrl = `http://127.0.0.1:${RAW_PORT}/`;
  const auth = `Bearer ${key}`;
  const appUrl = `${app.url}/api/v1/orders`;
  const bases: Cannon[] = [];
  const prods: Cannon[] = [];
  let rawPeak = 0;
  let appPeak = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      await freshOrders(c);
      log(`single: node:http + pg baseline (autocannon, 50 connections)${rounds > 1 ? `, round ${round + 1} of ${rounds}` : ''}`);
      await runNodeJson<Cannon>(cannon, { CANNON_URL: rawUrl, CANNON_BODY: body, CANNON_SECONDS: warmup, CANNON_CONNECTIONS: conns }); // warm-up
      await freshOrders(c);
      resetPeak(raw.pid!);
      const base = await runNodeJson<Cannon>(cannon, { CANNON_URL: rawUrl, CANNON_BODY: body, CANNON_SECONDS: String(CANNON_S), CANNON_CONNECTIONS: conns });
      rawPeak = Math.max(rawPeak, peakMb(raw.pid!));
      // a baseline that answers errors is fast for the wrong reason: its SQL was once rejected by
      // Postgres ("inconsistent types deduced for parameter"), unnoticed, and the ratio was meaningless
      const rawStored = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows[0].n);
      if (base.non2xx || base.errors || rawStored < base.requests) {
        throw new Error(
          `single: the node:http baseline answered ${base.non2xx} non-2xx and ${base.errors} errors (${JSON.stringify(base.codes)}), stored ${rawStored} of ${base.requests}`,
        );
      }
      bases.push(base);

      await freshOrders(c);
      log('single: POST /api/v1/orders (autocannon, 50 connections)');
      await runNodeJson<Cannon>(cannon, { CANNON_URL: appUrl, CANNON_BODY: body, CANNON_AUTH: auth, CANNON_SECONDS: warmup, CANNON_CONNECTIONS: conns });
      await freshOrders(c); // each side's measured run starts on an empty table, as the baseline's does
      resetPeak(app.pid);
      const prod = await runNodeJson<Cannon>(cannon, {
        CANNON_URL: appUrl,
        CANNON_BODY: body,
        CANNON_AUTH: auth,
        CANNON_SECONDS: String(CANNON_S),
        CANNON_CONNECTIONS: conns,
      });
      appPeak = Math.max(appPeak, peakMb(app.pid));
      if (prod.non2xx || prod.errors) log(`single: product had ${prod.non2xx} non-2xx and ${prod.errors} errors ${JSON.stringify(prod.codes)}`);
      log(`single: round ${round + 1}: ${fmt(prod.rps)} / ${fmt(base.rps)} req/s = ${(prod.rps / base.rps).toFixed(2)}×, p99 ${prod.p99} / ${base.p99} ms`);
      prods.push(prod);
    }
  } finally {
    await stop(raw);
  }
  const sum = (xs: Cannon[], k: 'requests' | 'non2xx' | 'errors') => xs.reduce((a, x) => a + x[k], 0);
  const [prodRps, baseRps] = [median(prods.map((x) => x.rps)), median(bases.map((x) => x.rps))];
  const ratio = rounds > 1 ? median(prods.map((p, i) => p.rps / bases[i].rps)) : prodRps / baseRps;
  const [p50, p99, baseP50, baseP99] = [
    median(prods.map((x) => x.p50)),
    median(prods.map((x) => x.p99)),
    median(bases.map((x) => x.p50)),
    median(bases.map((x) => x.p99)),
  ];
  const [non2xx, errors] = [sum(prods, 'non2xx'), sum(prods, 'errors')];
  rows.push({
    path: '3 single POST /orders @50',
    figure: `${fmt(prodRps)} req/s`,
    baseline: `${fmt(baseRps)} req/s node:http+pg`,
    ratio,
    target: '≥ 0.8×, p99 < 50 ms',
    met: ratio >= 0.8 && p99 < 50 && !non2xx && !errors,
    volume: `${fmt(sum(prods, 'requests'))} req (baseline ${fmt(sum(bases, 'requests'))}), ${rounds > 1 ? `${rounds} rounds × ` : ''}${CANNON_S} s`,
    peakRssMb: appPeak,
    latency: `p50 ${p50} ms / p99 ${p99} ms (baseline ${baseP50} / ${baseP99} ms)${rounds > 1 ? ', medians' : ''}`,
    note: `baseline peak RSS ${fmt(rawPeak)} MB; non-2xx ${non2xx}, errors ${errors}${rounds > 1 ? `; ratios per round ${prods.map((p, i) => (p.rps / bases[i].rps).toFixed(2)).join(', ')}` : ''}`,
  });
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  // BENCH_DB_PREFIX keeps the databases of runs from different checkouts apart on a shared server
  const prefix = process.env.BENCH_DB_PREFIX ?? 'siap_bench';
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error('BENCH_DB_PREFIX: lower-case letters, digits and _ only');
  const tag = `${prefix}_${SIZE}_${process.pid}`;
  const created: string[] = [];
  const t0 = performance.now();
  log(`size ${SIZE}: ${JSON.stringify(CFG)}`);
  await admin(async (a) => {
    const stale = await a.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix.replace(/_/g, '\\_')}\\_%`]);
    // only those of runs that are gone: another bench run on this machine keeps its databases
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (const { datname } of stale.rows) {
      // only names this harness makes: <prefix>_<size>_<pid>_<phase>
      const m = new RegExp(`^(${Object.keys(SIZES).join('|')})_(\\d+)_[a-z0-9_]+$`).exec(datname.slice(prefix.length + 1));
      if (!m || (Number(m[2]) !== process.pid && alive(Number(m[2])))) continue;
      await a.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  });
  const base = `${tag}_base`;
  created.push(base);
  const ds = await openDataSource(dbUrl(base), { poolSize: 2 });
  await ds.destroy();
  const businesses = makeBusinesses(CFG.businesses);
  const bc = new Client({ connectionString: dbUrl(base) });
  await bc.connect();
  await copyBusinesses(bc, businesses);
  await bc.end();

  const endDay = addDays(wibDate(new Date()), -1);
  let app: App | undefined;
  const cleanup = async () => {
    if (app) await stop(app.child);
    if (!process.env.BENCH_KEEP_DB)
      await admin(async (a) => {
        for (const d of created) await a.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
      });
  };
  try {
    const only = (process.env.BENCH_ONLY ?? (SIZE === 'province' ? 'weekly' : undefined))?.split(',');
    // ---- ingest paths on their own database (skipped when BENCH_ONLY names none of them)
    if (!only || ['bulk', 'csv', 'single'].some((p) => only.includes(p))) {
      const ingest = `${tag}_ingest`;
      created.push(ingest);
      await admin((a) => a.query(`CREATE DATABASE ${ingest} TEMPLATE ${base}`));
      const c = new Client({ connectionString: dbUrl(ingest) });
      c.on('error', () => undefined); // the database is dropped WITH (FORCE) on failure
      await c.connect();
      const rates = await loadRates(c);
      const b = businesses.find((x) => x.pattern === 'steady') ?? businesses[0];
      const k = generateApiKey();
      await c.query(`INSERT INTO api_keys (key_hash, prefix, role, business_id, label, created_by) VALUES ($1, $2, 'business', $3, 'bench', 'bench')`, [
        k.hash,
        k.prefix,
        b.id,
      ]);
      app = await startApp(dbUrl(ingest));
      log(`app up (pid ${app.pid}), RSS ${fmt(peakMb(app.pid))} MB`);
      if (!only || only.includes('bulk')) await benchBulk(c, app, dbUrl(ingest), b, k.key, rates, endDay);
      if (!only || only.includes('csv')) await benchCsv(c, app, dbUrl(ingest), b, k.key, rates, endDay);
      if (!only || only.includes('single')) await benchSingle(c, app, dbUrl(ingest), b, k.key, rates, endDay);
      await stop(app.child);
      app = undefined;
      await c.end();
      print(performance.now() - t0, true); // partial results, in case a later phase fails
      await admin((a) => a.query(`DROP DATABASE IF EXISTS ${ingest} WITH (FORCE)`));
    }

    // ---- weekly paths (4–7) and the growth curve
    if (!only || only.includes('weekly')) {
      const before = rows.length;
      const checkpoint = (weekly: Row[]) => {
        rows.splice(before, rows.length - before, ...weekly);
        print(performance.now() - t0, true);
      };
      const ctx = { size: SIZE, cfg: CFG, base, tag, created, businesses, endDay, appSecret: APP_SECRET, log, checkpoint };
      const outcome: WeeklyOutcome = await weeklySuite(ctx);
      rows.splice(before, rows.length - before, ...outcome.rows);
      extra.weeklyCurve = outcome.curve;
      if (outcome.chart) extra.chart = outcome.chart;
      if (outcome.full) extra.weeklyFull = outcome.full;
      if (SIZE === 'province') rows.push(provinceRow(outcome.full, new Date().toISOString()));
    }
  } finally {
    await cleanup();
  }
  print(performance.now() - t0);
}

function print(totalMs: number, partial = false): void {
  const head = ['path', 'figure', 'baseline', 'ratio', 'target', 'met', 'volume', 'peak RSS', 'latency / note'];
  const body = rows.map((r) => [
    r.path,
    r.figure,
    r.baseline,
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
    r.volume,
    r.peakRssMb === null || Number.isNaN(r.peakRssMb) ? '—' : `${fmt(r.peakRssMb)} MB`,
    [r.latency, r.note].filter(Boolean).join('; '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
  if (partial) {
    writeFileSync(
      join(ROOT, 'bench', SIZE === 'full' ? 'results.json' : `results.${SIZE}.json`),
      `${JSON.stringify({ size: SIZE, partial: true, rows }, null, 2)}\n`,
    );
    return;
  }
  console.log(`\nSiap Ekspor bench — size ${SIZE}, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores\n`);
  console.log(out);
  const curve = extra.weeklyCurve as Array<{ orders: number; seconds: number | null }> | undefined;
  if (curve?.length)
    console.log(
      `\nweekly run time vs orders: ${curve.map((p) => `${fmt(p.orders)} → ${p.seconds === null ? 'n/a' : `${p.seconds.toFixed(2)} s`}`).join(', ')}`,
    );
  console.log(`\ntotal bench time ${(totalMs / 1000).toFixed(1)} s`);
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  const file = join(ROOT, 'bench', SIZE === 'full' ? 'results.json' : `results.${SIZE}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ size: SIZE, config: CFG, at: new Date().toISOString(), node: process.version, concurrency: CONCURRENCY, rows, ...extra, totalSeconds: totalMs / 1000 }, null, 2)}\n`,
  );
  console.log(`wrote ${file}`);
  for (const f of writeCurves(SIZE === 'smoke' || SIZE === 'small' ? SIZE : undefined)) console.log(`wrote ${f}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
