import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { copyBusinesses, copyOrders, GenOrder, history, loadRates, makeBusinesses, RowMaker } from '../../bench/generator';
import type { MarketMetrics } from '../../src/flags/flag.types';
import { WILDLIFE_MATERIALS } from '../../src/common/reference-data';
import { fullSeries, SignalsRepository } from '../../src/watch/signals.repository';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

/**
 * Three consecutive weekly runs, each evaluating businesses in chunks of 7, with orders logged late
 * (dated weeks back) and orders voided between them. The last run's stored signals are checked
 * against (1) one set-wise computation over all businesses at once, after the fact, and (2) the
 * benchmark's independent hand-written SQL aggregate over raw orders.
 */
const S1 = '2026-11-08';
const S2 = '2026-11-15';
const S3 = '2026-11-22';
jest.setTimeout(120_000);

async function waitRun(t: TestApp, id: string): Promise<Record<string, any>> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await t.http.get(`/api/v1/watch/runs/${id}`).set(auth(ADMIN_KEY)).expect(200);
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    if (Date.now() > until) throw new Error(`run ${id} still ${r.body.status}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

describe('incremental weekly runs equal a full recomputation', () => {
  let t: TestApp;
  let c: Client;
  const runs: Record<string, any>[] = [];

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-11-23T03:00:00Z', env: { WATCH_CHUNK_SIZE: '7' } });
    c = new Client({ connectionString: t.dbUrl });
    await c.connect();
    const businesses = makeBusinesses(40, 5);
    await copyBusinesses(c, businesses);
    const rates = await loadRates(c);
    const maker = new RowMaker('test-app-secret-0123456789', rates);
    const all = [...history({ businesses, orders: 9000, endDay: S3, days: 300, rates, seed: 7 })];
    const upTo = (from: string, to: string) => all.filter((o: GenOrder) => o.orderedOn > from && o.orderedOn <= to);
    const run = async (asOf: string) => {
      const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf }).expect(202);
      runs.push(await waitRun(t, res.body.id));
    };

    await copyOrders(c, upTo('2000-01-01', S1), maker, 'test');
    await run(S1); // full: every bucket dirty
    // week 2, plus orders logged late (dated five weeks back) and voids of older orders
    await copyOrders(c, upTo(S1, S2), maker, 'test');
    const late = upTo('2026-09-28', '2026-10-04')
      .slice(0, 40)
      .map((o) => ({ ...o, externalRef: `late-${o.externalRef}` }));
    await copyOrders(c, late, maker, 'test');
    await c.query(
      `UPDATE orders SET voided_at = now(), void_reason = 'test' WHERE id IN (SELECT id FROM orders WHERE ordered_on BETWEEN '2026-10-01' AND '2026-11-01' ORDER BY id LIMIT 60)`,
    );
    await run(S2);
    await copyOrders(c, upTo(S2, S3), maker, 'test');
    await c.query(
      `UPDATE orders SET voided_at = now(), void_reason = 'test' WHERE id IN (SELECT id FROM orders WHERE voided_at IS NULL AND ordered_on BETWEEN '2026-11-09' AND '2026-11-15' ORDER BY id LIMIT 25)`,
    );
    await run(S3);
  });

  afterAll(async () => {
    await c?.end();
    await t?.close();
  });

  it('the three runs complete over several chunks, and raise flags', async () => {
    for (const r of runs) expect(r).toMatchObject({ status: 'completed', businessesTotal: 40, businessesEvaluated: 40, businessesFailed: 0 });
    expect(runs[0].flagsRaised).toBeGreaterThan(5);
    const chunks = await t.db.one<{ n: number }>(`SELECT count(DISTINCT chunk)::int AS n FROM watch_run_items WHERE run_id = $1`, [runs[2].id]);
    expect(chunks!.n).toBe(6); // 40 businesses in chunks of 7
  });

  it("the last run's signals (chunk by chunk) equal one computation over all businesses at once", async () => {
    const stored = await t.db.many<{ business_id: string; market: string; metrics: MarketMetrics }>(
      `SELECT business_id, market, metrics FROM flag_evaluations WHERE as_of = $1 AND kind = 'readiness' ORDER BY 1, 2`,
      [S3],
    );
    expect(stored.length).toBeGreaterThan(40);
    const signals = t.app.get(SignalsRepository);
    const fresh = await signals.marketSignals(null, S3, 2);
    const freshBy = new Map(fresh.map((m) => [`${m.businessId}|${m.market}`, m.metrics]));
    expect(fresh.length).toBe(stored.length);
    for (const s of stored)
      expect({ key: `${s.business_id}|${s.market}`, metrics: s.metrics }).toEqual({
        key: `${s.business_id}|${s.market}`,
        metrics: freshBy.get(`${s.business_id}|${s.market}`),
      });
  });

  it('and equal the hand-written SQL aggregate over raw orders (bench/sql/weekly-signals.sql): every metric and the 26-week series', async () => {
    const sql = readFileSync(join(__dirname, '..', '..', 'bench', 'sql', 'weekly-signals.sql'), 'utf8');
    const base = (await c.query(sql, [S3])).rows as Array<Record<string, any>>;
    const stored = await t.db.many<{ business_id: string; market: string; metrics: MarketMetrics }>(
      `SELECT business_id, market, metrics FROM flag_evaluations WHERE as_of = $1 AND kind = 'readiness'`,
      [S3],
    );
    const by = new Map(stored.map((s) => [`${s.business_id}|${s.market}`, s.metrics]));
    const series = new Map((await t.app.get(SignalsRepository).marketSignals(null, S3, 2)).map((m) => [`${m.businessId}|${m.market}`, m.series]));
    expect(base.length).toBe(stored.length);
    for (const b of base) {
      const key = `${b.business_id}|${b.market.trim()}`;
      expect({ key, metrics: by.get(key), series: series.get(key) }).toEqual({ key, metrics: fromBaseline(b), series: fullSeries(S3, b.series) });
    }
  });
});

function fromBaseline(b: Record<string, any>): MarketMetrics {
  const materials: string[] = b.materials13w ?? [];
  return {
    ordersThisWeek: Number(b.orders_this_week),
    orders13w: Number(b.orders13w),
    value13wIdr: Number(b.value13w),
    ordersPrev13w: Number(b.orders_prev13w),
    valuePrev13wIdr: Number(b.value_prev13w),
    repeatBuyers: Number(b.repeat_buyers),
    buyers13w: Number(b.buyers13w),
    repeatOrders13w: Number(b.repeat_orders13w),
    heaviestParcelKg: b.heaviest_kg === null ? null : Number(b.heaviest_kg),
    wildlifeMaterials: materials.filter((m) => (WILDLIFE_MATERIALS as readonly string[]).includes(m)),
    wildlifeOrders13w: Number(b.wildlife13w),
    materials13w: materials,
    categories13w: b.categories13w ?? [],
    cnOverLimit13w: Number(b.cn_over13w),
    activeWeeks13: Number(b.active_weeks),
    activeMonths4: Number(b.active_months),
    peakWeekOrders: Number(b.peak_week_orders),
    lastOrderOn: b.last_order,
    patternStartOn: b.run_start,
    steadySinceOn: b.steady_from,
    patternWeeks: Number(b.run_weeks),
    gapMedianWeeks: b.gap_median === null ? null : Number(b.gap_median),
    gapMaxWeeks: b.gap_max === null ? null : Number(b.gap_max),
    gapCount: Number(b.gaps),
    topBuyerOrders26w: Number(b.top_orders),
    topBuyerWeeks26w: Number(b.top_weeks),
    topBuyerUnits26w: Number(b.top_units),
    topBuyerValue26wIdr: Number(b.top_value),
  };
}
