import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { copyBusinesses, copyOrders, GenOrder, history, loadRates, makeBusinesses, RowMaker } from '../../bench/generator';
import type { MarketMetrics, SignalMap } from '../../src/flags/flag.types';
import { WILDLIFE_MATERIALS } from '../../src/common/reference-data';
import { evaluatePolicy } from '../../src/flags/policy';
import { RuleSetsRepository } from '../../src/flags/rule-sets.repository';
import { fullSeries, SignalsRepository } from '../../src/watch/signals.repository';
import { addDays } from '../../src/common/time';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

/**
 * Three consecutive weekly runs on two copies of the same data: one app runs incrementally (the
 * default), the other with WATCH_INCREMENTAL=false recomputes every business every week. Between
 * the runs both get the same new week, orders logged late (dated weeks back), voided orders, orders
 * re-valued by a USD rate change and a CNY rate change (China's parcel limit). After each week every
 * flag and every standing evaluation of the incremental copy must agree with the full recompute:
 * rows written this week exactly; rows not written (nothing changed) carry exactly the full run's
 * metrics, decision and hits, and the policy on them reproduces the full run's score and signals.
 * The last week's standing metrics are also checked against one computation over all businesses and
 * against the benchmark's independent SQL aggregate (bench/sql/weekly-signals.sql).
 */
const ORDER_COPY = `business_id, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material, quantity,
  amount_minor, currency, value_idr, shipping_channel, weight_kg, hs_code, created_by`;
const BUSINESSES = 60;
/**
 * The quiet businesses and the change aimed at each in week 3: a void, a late order, a re-valuation (the
 * only ones in ringgit), and a cheaper yuan that puts rupiah parcels to China of Rp 1.5 million over CNY 1,000.
 */
const QUIET = [
  { currency: 'IDR', country: 'MY' },
  { currency: 'IDR', country: 'MY' },
  { currency: 'MYR', country: 'MY' },
  { currency: 'IDR', country: 'CN', rupiah: 1_500_000 },
];
const S1 = '2026-11-08';
const S2 = '2026-11-15';
const S3 = '2026-11-22';
jest.setTimeout(240_000);

interface EvalRow {
  key: string;
  as_of: string;
  decision: string;
  score: number;
  signals: SignalMap;
  metrics: MarketMetrics;
}

async function waitRun(t: TestApp, id: string): Promise<Record<string, any>> {
  const until = Date.now() + 90_000;
  for (;;) {
    const r = await t.http.get(`/api/v1/watch/runs/${id}`).set(auth(ADMIN_KEY)).expect(200);
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    if (Date.now() > until) throw new Error(`run ${id} still ${r.body.status}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

/** The evaluation standing for each pair as of a date: exactly that date's row in a full run, the latest ≤ it in an incremental one. */
function standing(t: TestApp, asOf: string): Promise<EvalRow[]> {
  return t.db.many<EvalRow>(
    `SELECT DISTINCT ON (business_id, market, kind) business_id || '|' || market || '|' || kind AS key, to_char(as_of, 'YYYY-MM-DD') AS as_of,
            decision, score::float8 AS score, signals, metrics
       FROM flag_evaluations WHERE as_of <= $1 ORDER BY business_id, market, kind, as_of DESC`,
    [asOf],
  );
}

function flagsOf(t: TestApp): Promise<Array<Record<string, unknown>>> {
  return t.db.many(
    `SELECT business_id || '|' || market || '|' || kind || '|' || raised_on AS key, status, to_char(resolved_on, 'YYYY-MM-DD') AS resolved_on,
            to_char(last_evaluated_on, 'YYYY-MM-DD') AS last_evaluated_on, score::float8 AS score, exit_streak, rule_set_version,
            signals, reasons, series, checklist, cardinality(evidence_order_ids) AS evidence
       FROM flags ORDER BY 1`,
  );
}

describe('incremental weekly runs agree with a full recompute, week by week', () => {
  let inc: TestApp;
  let full: TestApp;
  const clients: Client[] = [];
  const runs: Record<string, Array<Record<string, any>>> = { inc: [], full: [] };
  const checked: Record<string, { written: number; standing: number; reused: number }> = {};

  const quietAsOf: string[][] = [];
  /** As of when the quiet businesses' readiness evaluations stand (incremental copy). */
  const quietStanding = () =>
    inc.db
      .many<{ as_of: string }>(
        `SELECT to_char(s.as_of, 'YYYY-MM-DD') AS as_of FROM watch_pair_state s JOIN businesses b ON b.id = s.business_id
          WHERE s.kind = 'readiness' AND s.business_id = ANY($1::uuid[]) ORDER BY s.business_id`,
        [
          makeBusinesses(BUSINESSES + QUIET.length, 5)
            .slice(BUSINESSES)
            .map((b) => b.id),
        ],
      )
      .then((r) => r.map((x) => x.as_of));

  /** Applies one step to both copies (same rows, same order). */
  const both = async (f: (c: Client) => Promise<unknown>) => {
    for (const c of clients) await f(c);
  };
  const run = async (asOf: string) => {
    for (const [name, t] of [
      ['inc', inc],
      ['full', full],
    ] as const) {
      const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf }).expect(202);
      runs[name].push(await waitRun(t, res.body.id));
    }
    await compare(asOf);
  };

  async function compare(asOf: string): Promise<void> {
    const rules = (await inc.app.get(RuleSetsRepository).current()).params;
    const [a, b] = [await standing(inc, asOf), await standing(full, asOf)];
    const fullNow = b.filter((r) => r.as_of === asOf);
    const incBy = new Map(a.map((r) => [r.key, r]));
    let written = 0;
    for (const want of fullNow) {
      const got = incBy.get(want.key);
      expect({ key: want.key, present: !!got }).toEqual({ key: want.key, present: true });
      if (got!.as_of === asOf) {
        written++;
        expect({ key: want.key, decision: got!.decision, score: got!.score, signals: got!.signals, metrics: got!.metrics }).toEqual({
          key: want.key,
          decision: want.decision,
          score: want.score,
          signals: want.signals,
          metrics: want.metrics,
        });
        continue;
      }
      // not written this week: nothing changed, so the standing row's metrics are the full run's exactly,
      // and the policy on them (no episode: one would have been written) gives the full run's result
      const [, market, kind] = want.key.split('|');
      const res = evaluatePolicy({ kind: kind as 'readiness' | 'compliance', market, asOf, metrics: got!.metrics, rules, current: null });
      expect({ key: want.key, metrics: got!.metrics, decision: got!.decision, recomputed: [res.decision, res.score, res.signals] }).toEqual({
        key: want.key,
        metrics: want.metrics,
        decision: want.decision,
        // capacityUse is advice added beside the policy's signals (not the policy's): its hit is checked below
        recomputed: [want.decision, want.score, withoutCapacityUse(want.signals)],
      });
      for (const [name, s] of Object.entries(want.signals))
        expect({ key: want.key, name, hit: got!.signals[name]?.hit }).toEqual({ key: want.key, name, hit: s.hit });
      expect(Math.abs(got!.score - want.score)).toBeLessThanOrEqual(1);
    }
    // nothing written that the full run did not evaluate
    const incNow = a.filter((r) => r.as_of === asOf).map((r) => r.key);
    const fullKeys = new Set(fullNow.map((r) => r.key));
    expect(incNow.filter((k) => !fullKeys.has(k))).toEqual([]);
    expect(await flagsOf(inc)).toEqual(await flagsOf(full));
    checked[asOf] = { written, standing: fullNow.length, reused: fullNow.length - written };
  }

  beforeAll(async () => {
    const env = { WATCH_CHUNK_SIZE: '7' };
    inc = await startTestApp({ role: 'all', now: '2026-11-23T03:00:00Z', env });
    full = await startTestApp({ role: 'all', now: '2026-11-23T03:00:00Z', env: { ...env, WATCH_INCREMENTAL: 'false' } });
    for (const t of [inc, full]) {
      const c = new Client({ connectionString: t.dbUrl });
      await c.connect();
      clients.push(c);
    }
    const businesses = makeBusinesses(BUSINESSES + QUIET.length, 5);
    await both((c) => copyBusinesses(c, businesses));
    const rates = await loadRates(clients[0]);
    const maker = new RowMaker('test-app-secret-0123456789', rates);
    const generated = [...history({ businesses: businesses.slice(0, BUSINESSES), orders: 6000, endDay: S3, days: 300, rates, seed: 7 })];
    // businesses that order once a week from September to late October only: nothing slides over their orders in
    // weeks 2 and 3, so only the change aimed at each (QUIET) can touch them
    const quietOrders = QUIET.flatMap((q, i) =>
      Array.from({ length: 8 }, (_, w) => {
        const day = addDays('2026-09-07', 7 * w);
        const like = generated[100 * i + w];
        return {
          ...like,
          businessId: businesses[BUSINESSES + i].id,
          externalRef: `quiet-${i}-${w}`,
          orderedOn: day,
          orderedAt: new Date(`${day}T03:00:00Z`),
          country: q.country,
          currency: q.currency,
          buyerRef: `quiet-buyer-${i}-${w % 3}`,
          ...(q.rupiah ? { amountMinor: BigInt(q.rupiah) * 10n ** BigInt(rates.minor.get('IDR') ?? 0), amount: String(q.rupiah) } : {}),
        };
      }),
    );
    const all = [...generated, ...quietOrders].sort((a, b) => (a.orderedOn < b.orderedOn ? -1 : a.orderedOn > b.orderedOn ? 1 : 0));
    const upTo = (from: string, to: string) => all.filter((o: GenOrder) => o.orderedOn > from && o.orderedOn <= to);
    const void_ = (from: string, to: string, n: number) =>
      both((c) =>
        c.query(
          `UPDATE orders SET voided_at = now(), void_reason = 'test'
            WHERE id IN (SELECT id FROM orders WHERE voided_at IS NULL AND ordered_on BETWEEN $1 AND $2 ORDER BY external_ref LIMIT $3)`,
          [from, to, n],
        ),
      );
    /** A new rate from `from`, and its orders re-valued as the rates job does. */
    const rateChange = (currency: string, from: string, factor: number) =>
      both(async (c) => {
        await c.query(
          `INSERT INTO exchange_rates (currency, valid_from, idr_per_unit, source)
           SELECT currency, $2, round(idr_per_unit * $3, 4), 'test' FROM exchange_rates WHERE currency = $1 AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1
           ON CONFLICT (currency, valid_from) DO UPDATE SET idr_per_unit = EXCLUDED.idr_per_unit, created_at = now()`,
          [currency, from, factor],
        );
        await c.query(
          `UPDATE orders o SET revalued_at = now(),
                  value_idr = round(o.amount_minor::numeric / (10 ^ cu.minor_units) * (SELECT er.idr_per_unit FROM exchange_rates er
                               WHERE er.currency = o.currency AND er.valid_from <= o.ordered_on ORDER BY er.valid_from DESC LIMIT 1))::bigint
             FROM currencies cu
            WHERE cu.code = o.currency AND o.currency = $1 AND o.ordered_on >= $2`,
          [currency, from],
        );
      });

    await both((c) => copyOrders(c, upTo('2000-01-01', S1), maker, 'test'));
    await run(S1); // no earlier run: both compute everything
    // week 2, orders logged late (dated six weeks back), voids of older orders, USD orders re-valued from October
    await both((c) => copyOrders(c, upTo(S1, S2), maker, 'test'));
    const late = generated
      .filter((o) => o.orderedOn > '2026-09-28' && o.orderedOn <= '2026-10-04')
      .slice(0, 40)
      .map((o) => ({ ...o, externalRef: `late-${o.externalRef}` }));
    await both((c) => copyOrders(c, late, maker, 'test'));
    await void_('2026-10-01', '2026-11-01', 60);
    await rateChange('USD', '2026-10-20', 1.08);
    await run(S2);
    // week 3, voids in the week just evaluated, a cheaper yuan (more parcels to China over CNY 1,000)
    await both((c) => copyOrders(c, upTo(S2, S3), maker, 'test'));
    await void_('2026-11-09', '2026-11-15', 25);
    await rateChange('CNY', '2026-09-01', 0.55);
    // and one change of each kind aimed at the quiet businesses (which week 2 left unwritten)
    quietAsOf.push(await quietStanding());
    await both((c) => c.query(`UPDATE orders SET voided_at = now(), void_reason = 'test' WHERE external_ref = 'quiet-0-5'`));
    await both((c) =>
      c.query(`INSERT INTO orders (${ORDER_COPY}, external_ref) SELECT ${ORDER_COPY}, 'late-' || external_ref FROM orders WHERE external_ref = 'quiet-1-4'`),
    );
    await rateChange(QUIET[2].currency, '2026-09-01', 1.11);
    await run(S3);
    quietAsOf.push(await quietStanding());
  });

  afterAll(async () => {
    for (const c of clients) await c.end();
    await inc?.close();
    await full?.close();
  });

  it('the runs complete over several chunks on both copies, raise flags, and count the same', async () => {
    for (const r of [...runs.inc, ...runs.full])
      expect(r).toMatchObject({
        status: 'completed',
        businessesTotal: BUSINESSES + QUIET.length,
        businessesEvaluated: BUSINESSES + QUIET.length,
        businessesFailed: 0,
      });
    expect(runs.inc[0].flagsRaised).toBeGreaterThan(5);
    const counts = (rs: Array<Record<string, any>>) => rs.map((r) => [r.asOf, r.flagsRaised, r.flagsResolved]);
    expect(counts(runs.inc)).toEqual(counts(runs.full));
    const chunks = await inc.db.one<{ n: number }>(`SELECT count(DISTINCT chunk)::int AS n FROM watch_run_items WHERE run_id = $1`, [runs.inc[2].id]);
    expect(chunks!.n).toBe(Math.ceil((BUSINESSES + QUIET.length) / 7));
  });

  it('every week agrees with the full recompute, and the later weeks leave unchanged pairs unwritten', () => {
    expect(Object.keys(checked)).toEqual([S1, S2, S3]);
    expect(checked[S1].reused).toBe(0);
    expect(checked[S2].reused).toBeGreaterThan(0);
    expect(checked[S3].reused).toBeGreaterThan(0);
    // the quiet businesses are written in week 3 (each change changes their metrics)
    expect(quietAsOf[1]).toEqual(QUIET.map(() => S3));
  });

  it("the last week's standing signals equal one computation over all businesses and the hand-written SQL aggregate", async () => {
    const stored = new Map((await standing(inc, S3)).filter((r) => r.key.endsWith('|readiness')).map((r) => [r.key.replace(/\|readiness$/, ''), r.metrics]));
    const fresh = await inc.app.get(SignalsRepository).marketSignals(null, S3, 2);
    expect(fresh.length).toBeGreaterThan(BUSINESSES);
    for (const m of fresh)
      expect({ key: `${m.businessId}|${m.market}`, metrics: stored.get(`${m.businessId}|${m.market}`) }).toEqual({
        key: `${m.businessId}|${m.market}`,
        metrics: m.metrics,
      });
    const sql = readFileSync(join(__dirname, '..', '..', 'bench', 'sql', 'weekly-signals.sql'), 'utf8');
    const base = (await clients[0].query(sql, [S3])).rows as Array<Record<string, any>>;
    const series = new Map(fresh.map((m) => [`${m.businessId}|${m.market}`, m.series]));
    expect(base.length).toBe(fresh.length);
    for (const b of base) {
      const key = `${b.business_id}|${b.market.trim()}`;
      expect({ key, metrics: stored.get(key), series: series.get(key) }).toEqual({ key, metrics: fromBaseline(b), series: fullSeries(S3, b.series) });
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

function withoutCapacityUse<T extends Record<string, unknown>>(signals: T): Omit<T, 'capacityUse'> {
  const { capacityUse: _, ...rest } = signals;
  return rest;
}
