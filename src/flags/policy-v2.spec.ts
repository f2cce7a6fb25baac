import type { MarketMetrics } from './flag.types';
import { CurrentEpisode, evaluatePolicy } from './policy';
import { RHYTHM_NONE } from './policy-fixtures';
import { quietAllowance, rhythmOf } from './rhythm';
import { DEFAULT_RULE_SET as V2, RULE_SET_V1, validateRuleSet } from './rule-set';

const ASOF = '2026-11-22'; // a Sunday; its week starts Monday 16 November

/** A steady weekly snakeskin exporter to Malaysia, ordering since May from six returning buyers. */
function weekly(over: Partial<MarketMetrics> = {}): MarketMetrics {
  return {
    ...RHYTHM_NONE,
    ordersThisWeek: 3,
    orders13w: 39,
    value13wIdr: 180_000_000,
    ordersPrev13w: 36,
    valuePrev13wIdr: 160_000_000,
    repeatBuyers: 6,
    buyers13w: 9,
    repeatOrders13w: 33,
    heaviestParcelKg: 4.5,
    wildlifeMaterials: ['snakeskin'],
    wildlifeOrders13w: 39,
    materials13w: ['snakeskin'],
    categories13w: ['bag'],
    cnOverLimit13w: 0,
    activeWeeks13: 13,
    activeMonths4: 4,
    peakWeekOrders: 5,
    lastOrderOn: '2026-11-20',
    patternStartOn: '2026-05-26',
    patternWeeks: 26,
    gapMedianWeeks: 1,
    gapMaxWeeks: 1,
    gapCount: 25,
    topBuyerOrders26w: 20,
    topBuyerWeeks26w: 18,
    topBuyerUnits26w: 30,
    topBuyerValue26wIdr: 40_000_000,
    ...over,
  };
}

/** Arma Leather: one Chinese buyer, stingray lots of ~50 pieces every ~5 weeks (gaps 4–6). */
function arma(over: Partial<MarketMetrics> = {}): MarketMetrics {
  return {
    ...RHYTHM_NONE,
    ordersThisWeek: 0,
    orders13w: 3,
    value13wIdr: 90_000_000,
    ordersPrev13w: 3,
    valuePrev13wIdr: 90_000_000,
    repeatBuyers: 1,
    buyers13w: 1,
    repeatOrders13w: 3,
    heaviestParcelKg: 22,
    wildlifeMaterials: ['stingray'],
    wildlifeOrders13w: 3,
    materials13w: ['stingray'],
    categories13w: ['bag'],
    cnOverLimit13w: 3,
    activeWeeks13: 3,
    activeMonths4: 3,
    peakWeekOrders: 1,
    lastOrderOn: '2026-11-04',
    patternStartOn: '2026-05-27',
    patternWeeks: 6,
    gapMedianWeeks: 5,
    gapMaxWeeks: 6,
    gapCount: 5,
    topBuyerOrders26w: 6,
    topBuyerWeeks26w: 6,
    topBuyerUnits26w: 300,
    topBuyerValue26wIdr: 180_000_000,
    ...over,
  };
}

/** A new weekly pattern: first order Wednesday 14 October (6 ISO weeks to the as-of week). */
function fresh(over: Partial<MarketMetrics> = {}): MarketMetrics {
  return weekly({
    orders13w: 18,
    value13wIdr: 25_000_000,
    ordersPrev13w: 0,
    valuePrev13wIdr: 0,
    repeatBuyers: 2,
    activeWeeks13: 6,
    activeMonths4: 2,
    peakWeekOrders: 4,
    repeatOrders13w: 14,
    lastOrderOn: '2026-11-18',
    patternStartOn: '2026-10-14',
    patternWeeks: 6,
    gapCount: 5,
    ...over,
  });
}

const run = (metrics: MarketMetrics, current: CurrentEpisode | null = null, rules = V2) =>
  evaluatePolicy({ kind: 'readiness', market: metrics.wildlifeMaterials.includes('stingray') ? 'CN' : 'MY', asOf: ASOF, metrics, rules, current });
const open = (raisedOn = '2026-06-07', exitStreak = 0): CurrentEpisode => ({ status: 'open', raisedOn, exitStreak, statusChangedOn: raisedOn });
const en = (r: ReturnType<typeof run>) => r.reasons.map((x) => x.en).join('\n');

describe('rule set v2: the patterns', () => {
  it('raises a steady weekly exporter from returning buyers and says so', () => {
    const r = run(weekly());
    expect(r.decision).toBe('raise');
    expect(r.score).toBeGreaterThan(90);
    expect(en(r)).toMatch(/Rhythm to Malaysia: usually orders every week/);
    expect(en(r)).toMatch(/repeat demand from 6 returning buyers/);
    expect(r.reasons[0].id).toMatch(/biasanya memesan setiap minggu/);
  });

  it('raises Arma Leather (one routine buyer in volume, every ~5 weeks), which v1 never could', () => {
    expect(run(arma(), null, RULE_SET_V1).decision).toBe('none');
    const r = run(arma());
    expect(r.decision).toBe('raise');
    expect(r.signals.routineBuyerWeeks).toEqual({ value: 6, threshold: 4, hit: true });
    expect(r.signals.routineBuyerLotUnits).toEqual({ value: 50, threshold: 10, hit: true });
    expect(r.signals.rhythmGapWeeks).toEqual({ value: 5, threshold: 3, hit: true });
    expect(r.signals.weeksSinceLastOrder).toEqual({ value: 2, threshold: 8, hit: true }); // ceil(1.5 × 5) = 8, the cap
    expect(r.signals.peakWeekShare).toEqual({ value: 0.333, threshold: 0.5, hit: true }); // 1.5 ÷ 3 order weeks
    expect(r.reasons[0].id).toBe('✓ Ritme ke Tiongkok: biasanya memesan setiap ±5 minggu (jeda terpanjang 6 minggu)');
    expect(en(r)).toMatch(/one routine buyer in volume: orders in 6 of 26 weeks, 50 units \(IDR 30.0 million\) per order/);
  });

  it('keeps Arma through the quiet weeks normal for its rhythm (no flapping), and ends it when the silence is not', () => {
    expect(run(arma({ lastOrderOn: '2026-09-27', activeWeeks13: 2 }), open())).toMatchObject({ decision: 'keep', exitStreak: 0 }); // 8 weeks
    expect(run(arma({ lastOrderOn: '2026-09-20', activeWeeks13: 2 }), open())).toMatchObject({ decision: 'keep', exitStreak: 1, meetsStay: false }); // 9
    expect(run(arma({ lastOrderOn: '2026-09-20', activeWeeks13: 2 }), open('2026-06-07', 1)).decision).toBe('resolve');
  });

  it("odd retail orders between the lots do not make a routine buyer's rhythm weekly (no flapping)", () => {
    // the business-level median gap is 1 week, but the routine buyer orders in 6 of 26 weeks (every ~4.3)
    const noisy = arma({ gapMedianWeeks: 1, activeWeeks13: 2, orders13w: 2 });
    const r = run(noisy, open());
    expect(r.signals.rhythmCoverage).toEqual({ value: 0.662, threshold: 0.3, hit: true }); // 2 ÷ (13 ÷ 4.3)
    expect(r).toMatchObject({ decision: 'keep', exitStreak: 0 });
  });

  it('a weekly seller that stops for five weeks has lapsed', () => {
    expect(run(weekly({ lastOrderOn: '2026-10-25' }), open()).exitStreak).toBe(0); // 4 weeks: allowed
    const r = run(weekly({ lastOrderOn: '2026-10-18' }), open());
    expect(r).toMatchObject({ decision: 'keep', exitStreak: 1 });
    expect(r.signals.weeksSinceLastOrder).toEqual({ value: 5, threshold: 4, hit: false });
  });

  it('raises a new steady pattern after 35 days, its value judged at its pace', () => {
    const r = run(fresh());
    expect(r.decision).toBe('raise');
    expect(r.signals.quantityValueIdr).toEqual({ value: 54_166_667, threshold: 50_000_000, hit: true }); // 25 M × 13 / 6
    expect(en(r)).toMatch(/a new pattern 6 weeks old/);
  });

  it('never raises a one-month viral spike, however flat and however many buyers return', () => {
    const spike = fresh({
      orders13w: 60,
      peakWeekOrders: 14,
      value13wIdr: 90_000_000,
      repeatBuyers: 4,
      activeWeeks13: 5,
      patternWeeks: 5,
      gapCount: 4,
      patternStartOn: '2026-10-20',
      lastOrderOn: '2026-11-19',
    });
    const r = run(spike);
    expect(r.signals.patternDays).toEqual({ value: 30, threshold: 35, hit: false });
    expect(r.decision).toBe('none');
  });

  it('never raises a hobby seller with one tiny repeat buyer', () => {
    const hobby = weekly({
      orders13w: 8,
      value13wIdr: 2_400_000,
      valuePrev13wIdr: 2_000_000,
      repeatBuyers: 1,
      buyers13w: 2,
      activeWeeks13: 8,
      peakWeekOrders: 1,
      gapMedianWeeks: 1.5,
      topBuyerOrders26w: 12,
      topBuyerWeeks26w: 12,
      topBuyerUnits26w: 14,
      topBuyerValue26wIdr: 3_600_000,
    });
    const r = run(hobby);
    expect(r.signals.routineBuyerWeeks.hit).toBe(false);
    expect(r.decision).toBe('none');
    expect(en(r)).toMatch(/✗ Quality: 1 repeat buyers .* no routine buyer in volume/);
  });

  it('never raises sporadic one-off sales or a single large order', () => {
    const sporadic = weekly({
      orders13w: 4,
      value13wIdr: 60_000_000,
      repeatBuyers: 0,
      activeWeeks13: 4,
      peakWeekOrders: 1,
      gapMedianWeeks: 4,
      gapMaxWeeks: 7,
      topBuyerOrders26w: 1,
      topBuyerWeeks26w: 1,
      topBuyerUnits26w: 30,
      topBuyerValue26wIdr: 20_000_000,
    });
    expect(run(sporadic).decision).toBe('none');
    const oneOff = {
      ...arma(),
      orders13w: 1,
      activeWeeks13: 1,
      activeMonths4: 1,
      value13wIdr: 120_000_000,
      valuePrev13wIdr: 0,
      heaviestParcelKg: 45,
      lastOrderOn: '2026-11-18',
      patternStartOn: '2026-11-18',
      patternWeeks: 1,
      gapMedianWeeks: null,
      gapMaxWeeks: null,
      gapCount: 0,
      topBuyerOrders26w: 1,
      topBuyerWeeks26w: 1,
    };
    expect(run(oneOff).decision).toBe('none');
  });
});

describe('rule set v2: threshold borders', () => {
  it('minPatternDays: 35 days raises, 34 does not', () => {
    expect(run(fresh({ lastOrderOn: '2026-11-18' })).decision).toBe('raise');
    expect(run(fresh({ lastOrderOn: '2026-11-17' })).decision).toBe('none');
  });

  it('projected value: Rp 25 M over 6 weeks qualifies, Rp 23 M (49.8 M at that pace) does not', () => {
    expect(run(fresh({ value13wIdr: 23_000_000 })).decision).toBe('none');
  });

  it('minCoverage: 7 of 10 predicted weeks is 70 % and raises; 6 is not', () => {
    const at = (active: number) => run(weekly({ patternStartOn: '2026-09-15', patternWeeks: active, activeWeeks13: active, gapCount: active - 1 }));
    expect(at(7).signals.rhythmCoverage).toEqual({ value: 0.7, threshold: 0.7, hit: true });
    expect(at(7).decision).toBe('raise');
    expect(at(6).decision).toBe('none');
  });

  it("minRepeatOrderShare: returning buyers count at 40 % of the orders, not at 39 % (a viral month's fans)", () => {
    expect(run(weekly({ orders13w: 100, peakWeekOrders: 10, repeatOrders13w: 40 })).decision).toBe('raise');
    const viral = run(weekly({ orders13w: 100, peakWeekOrders: 10, repeatOrders13w: 39 }));
    expect(viral.decision).toBe('none');
    expect(viral.signals.repeatOrderShare).toEqual({ value: 0.39, threshold: 0.4, hit: false });
  });

  it('a burst inside a slow pattern is not steady: the slack is per average order week', () => {
    // slow rhythm (every ~6 weeks), then 5 of 12 orders in one week of 4 order weeks: 0.417 > 1.5 ÷ 4
    const r = run(arma({ gapMedianWeeks: 6, orders13w: 12, peakWeekOrders: 5, activeWeeks13: 4, repeatBuyers: 2, repeatOrders13w: 6 }));
    expect(r.signals.peakWeekShare).toEqual({ value: 0.417, threshold: 0.375, hit: false });
    expect(r.decision).toBe('none');
  });

  it('routine buyer: 4 of 26 weeks counts, 3 does not', () => {
    expect(run(arma({ topBuyerWeeks26w: 4 })).decision).toBe('raise');
    expect(run(arma({ topBuyerWeeks26w: 3 })).decision).toBe('none');
  });

  it('routine lots: 10 units or Rp 10 M on average count; 9.8 units at Rp 9,999,999 do not', () => {
    expect(run(arma({ topBuyerUnits26w: 60, topBuyerValue26wIdr: 59_999_994 })).decision).toBe('raise'); // 10 units
    expect(run(arma({ topBuyerUnits26w: 59, topBuyerValue26wIdr: 60_000_000 })).decision).toBe('raise'); // Rp 10 M
    expect(run(arma({ topBuyerUnits26w: 59, topBuyerValue26wIdr: 59_999_994 })).decision).toBe('none');
  });

  it('minGaps: a rhythm from 3 gaps sets the quiet allowance; from 2 the fixed 3 weeks apply', () => {
    const quiet4 = { lastOrderOn: '2026-10-25' };
    expect(run(arma({ ...quiet4, gapCount: 3 })).signals.weeksSinceLastOrder).toEqual({ value: 4, threshold: 8, hit: true });
    expect(run(arma({ ...quiet4, gapCount: 2 })).signals.weeksSinceLastOrder).toEqual({ value: 4, threshold: 3, hit: false });
  });

  it('quiet allowance: factor × median, stay at least the longest gap, never above maxQuietWeeks', () => {
    const t = V2.readiness;
    const r = (m: Partial<MarketMetrics>) => rhythmOf(weekly(m), ASOF, V2.rhythm!);
    expect(quietAllowance(r({ gapMedianWeeks: 3 }), t.enter, V2.rhythm!, 'enter')).toBe(5); // ceil(4.5)
    expect(quietAllowance(r({ gapMedianWeeks: 2, gapMaxWeeks: 6 }), t.stay, V2.rhythm!, 'stay')).toBe(6);
    expect(quietAllowance(r({ gapMedianWeeks: 6, gapMaxWeeks: 8 }), t.stay, V2.rhythm!, 'stay')).toBe(8); // 9 capped
    expect(quietAllowance(r({ gapMedianWeeks: 1 }), t.enter, V2.rhythm!, 'enter')).toBe(3); // the floor
  });

  it('peak limit: a slow rhythm allows one lot week its natural share; a busier week does not', () => {
    expect(run(arma({ orders13w: 2, peakWeekOrders: 1 })).signals.peakWeekShare).toEqual({ value: 0.5, threshold: 0.5, hit: true });
    expect(run(arma({ orders13w: 5, peakWeekOrders: 3 })).decision).toBe('none');
  });

  it('continuity floors: 2 of 4 months and 3 of 13 weeks enter; 1 month or 2 weeks do not', () => {
    expect(run(arma({ activeMonths4: 2 })).decision).toBe('raise');
    expect(run(arma({ activeMonths4: 1 })).decision).toBe('none');
    expect(run(arma({ activeWeeks13: 2 })).decision).toBe('none');
    expect(run(arma({ activeWeeks13: 2 }), open()).decision).toBe('keep'); // stay needs 2
  });
});

describe('rule set v2: validation', () => {
  it('v2 and v1 are both valid; v2 fields need params.rhythm; stay may not be stricter', () => {
    expect(validateRuleSet(V2).ok).toBe(true);
    expect(validateRuleSet(RULE_SET_V1).ok).toBe(true);
    const mixed = validateRuleSet({ ...RULE_SET_V1, readiness: { ...RULE_SET_V1.readiness, enter: { ...RULE_SET_V1.readiness.enter, minCoverage: 0.5 } } });
    expect(mixed).toEqual({ ok: false, errors: ['params.readiness.enter.minCoverage: only with params.rhythm (rule set v2)'] });
    const missing = validateRuleSet({ ...V2, readiness: { ...V2.readiness, stay: RULE_SET_V1.readiness.stay } });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors).toContain('params.readiness.stay.minCoverage: must be a number');
    const strict = validateRuleSet({ ...V2, readiness: { ...V2.readiness, stay: { ...V2.readiness.stay, minCoverage: 0.8 } } });
    expect(strict).toEqual({ ok: false, errors: ['params.readiness.stay: stay rhythm thresholds must not be stricter than enter thresholds'] });
    const bounds = validateRuleSet({ ...V2, rhythm: { minGaps: 0, maxQuietWeeks: 8, x: 1 } });
    expect(bounds).toEqual({ ok: false, errors: ['params.rhythm.x: unknown field (not allowed)', 'params.rhythm.minGaps: must be between 1 and 25'] });
  });
});
