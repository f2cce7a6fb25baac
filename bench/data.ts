/**
 * The order history of one curve size, loaded once into a data database that the measured phases
 * clone (`CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY`): the weekly paths on one clone, the
 * scale-out runs each on a fresh one, so every run starts from the same state.
 *
 * Resumable: with BENCH_KEEP_DATA=1 (the default at province size, where the load is the longest
 * step) the data database is kept as `siap_benchdata_<size>_<orders>_<fingerprint>` and reused by
 * the next run whose fingerprint matches (same generator, migrations, businesses and last Sunday).
 * It is marked complete only after the load, its indexes and VACUUM ANALYZE finished, so a run
 * killed mid-load starts the load again. Other data databases of the same size and orders are
 * dropped when a new one is loaded.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Business, copyOrders, GenOrder, history, loadRates, RowMaker, withoutOrderIndexes } from './generator';
import { admin, dbUrl } from './common';

export interface DataCtx {
  size: string;
  base: string;
  tag: string;
  created: string[];
  businesses: Business[];
  appSecret: string;
  log: (m: string) => void;
}

export interface LoadedData {
  /** The database the phases clone. */
  template: string;
  loaded: number;
  /** Orders after `fullAsOf` (the new week), not in the database: the incremental path posts them. */
  newWeek: GenOrder[];
  /** pg_database_size of the loaded data, MB. */
  databaseMb: number;
  reused: boolean;
}

const MARK = 'siap bench data complete';

export const keepData = (size: string) => (process.env.BENCH_KEEP_DATA ?? (size === 'province' ? '1' : '0')) === '1';

function fingerprint(ctx: DataCtx, n: number, lastSunday: string): string {
  const h = createHash('sha1');
  h.update(readFileSync(join(__dirname, 'generator.js')));
  h.update(
    readdirSync(join(__dirname, '..', 'migrations'))
      .sort()
      .join(','),
  );
  h.update(`${ctx.businesses.length}|${n}|${lastSunday}`);
  return h.digest('hex').slice(0, 10);
}

/** Orders streamed through, with a progress line every 5 % (rate and time left). */
function* withProgress<T>(it: Iterable<T>, total: number, label: string, log: (m: string) => void): Generator<T> {
  const t0 = performance.now();
  const step = Math.max(10_000, Math.round(total / 20));
  let i = 0;
  for (const x of it) {
    yield x;
    if (++i % step === 0) {
      const s = (performance.now() - t0) / 1000;
      const rate = i / s;
      log(
        `${label}: ${i.toLocaleString('en-US')} of ~${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')}/s, ~${Math.max(0, Math.round((total - i) / rate))} s left)`,
      );
    }
  }
}

/** Clones `template` as `name` (file copy: fast for a large database, one checkpoint). */
export async function cloneDb(template: string, name: string): Promise<void> {
  await admin((a) => a.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`));
}

export async function loadHistory(ctx: DataCtx, n: number, lastSunday: string, fullAsOf: string): Promise<LoadedData> {
  const { log } = ctx;
  const keep = keepData(ctx.size);
  const fp = fingerprint(ctx, n, lastSunday);
  const kept = `siap_benchdata_${ctx.size}_${n}_${fp}`;
  const name = keep ? kept : `${ctx.tag}_data${n}`;
  const newWeek: GenOrder[] = [];
  const split = function* (all: Iterable<GenOrder>) {
    for (const o of all) {
      if (o.orderedOn > fullAsOf) newWeek.push(o);
      else yield o;
    }
  };

  if (keep) {
    const found = await admin((a) =>
      a.query<{ datname: string; note: string | null }>(
        `SELECT datname, shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname LIKE $1`,
        [`siap\\_benchdata\\_${ctx.size}\\_${n}\\_%`],
      ),
    );
    for (const d of found.rows) {
      if (d.datname === kept && d.note === MARK) continue;
      log(`data ${n}: dropping ${d.datname} (${d.datname === kept ? 'incomplete' : 'other fingerprint'})`);
      await admin((a) => a.query(`DROP DATABASE IF EXISTS ${d.datname} WITH (FORCE)`));
    }
    if (found.rows.some((d) => d.datname === kept && d.note === MARK)) {
      const c = new Client({ connectionString: dbUrl(kept) });
      await c.connect();
      try {
        const rates = await loadRates(c);
        log(`data ${n}: reusing ${kept}; generating the new week's orders again (no COPY)`);
        let loaded = 0;
        for (const _ of split(history({ businesses: ctx.businesses, orders: n, endDay: lastSunday, rates }))) loaded++;
        const size = await c.query<{ b: string }>('SELECT pg_database_size(current_database()) AS b');
        return { template: kept, loaded, newWeek, databaseMb: Number(size.rows[0].b) / 1048576, reused: true };
      } finally {
        await c.end();
      }
    }
  }

  ctx.created.push(...(keep ? [] : [name]));
  await cloneDb(ctx.base, name);
  const c = new Client({ connectionString: dbUrl(name) });
  c.on('error', () => undefined); // dropped WITH (FORCE) on failure
  await c.connect();
  try {
    const rates = await loadRates(c);
    const maker = new RowMaker(ctx.appSecret, rates);
    const t0 = performance.now();
    // history up to the Sunday before last via COPY; the last week later goes in through the API
    const orders = withProgress(history({ businesses: ctx.businesses, orders: n, endDay: lastSunday, rates }), n, `data ${n}: COPY`, log);
    const loaded = await withoutOrderIndexes(c, () => copyOrders(c, split(orders), maker));
    log(
      `data ${n}: COPY ${loaded.toLocaleString('en-US')} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s (+${newWeek.length} in the new week), indexes rebuilt`,
    );
    // steady state before measuring: statistics for every table (the businesses were just loaded too)
    // and the load's WAL flushed now rather than by a checkpoint in the middle of the measured runs
    await c.query('VACUUM ANALYZE');
    await c.query('CHECKPOINT');
    const size = await c.query<{ b: string }>('SELECT pg_database_size(current_database()) AS b');
    const databaseMb = Number(size.rows[0].b) / 1048576;
    log(`data ${n}: ${databaseMb.toFixed(0)} MB on disk (${((databaseMb * 1048576) / Math.max(1, loaded)).toFixed(0)} bytes per order with indexes)`);
    await c.end();
    if (keep) await admin((a) => a.query(`COMMENT ON DATABASE ${name} IS '${MARK}'`));
    return { template: name, loaded, newWeek, databaseMb, reused: false };
  } catch (e) {
    await c.end().catch(() => undefined);
    throw e;
  }
}
