import type { MarketMetrics } from './flag.types';
import { CurrentEpisode, evaluatePolicy, PolicyInput } from './policy';
import { RULE_SET_V1 as DEFAULT_RULE_SET, RuleSetParams, validateRuleSet } from './rule-set';
import { RHYTHM_NONE } from './policy-fixtures';

const ASOF = '2026-11-22'; // a Sunday

/**
 * Rule set v1 as published, evaluated by today's policy: every v1 behaviour below must hold unchanged,
 * since flags raised under v1 keep being judged by it. Rule set v2 is in policy-v2.spec.ts.
 */

/** A steady snakeskin exporter to Malaysia: weekly orders from a handful of returning buyers. */
function steady(over: Partial<MarketMetrics> = {}): MarketMetrics {
  return {
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
    categories13w: ['bag', 'belt'],
    cnOverLimit13w: 0,
    activeWeeks13: 13,
    activeMonths4: 4,
    peakWeekOrders: 5,
    lastOrderOn: '2026-11-20',
    ...RHYTHM_NONE,
    ...over,
  };
}
const EMPTY: MarketMetrics = {
  ordersThisWeek: 0,
  orders13w: 0,
  value13wIdr: 0,
  ordersPrev13w: 0,
  valuePrev13wIdr: 0,
  repeatBuyers: 0,
  buyers13w: 0,
  repeatOrders13w: 0,
  heaviestParcelKg: null,
  wildlifeMaterials: [],
  wildlifeOrders13w: 0,
  materials13w: [],
  categories13w: [],
  cnOverLimit13w: 0,
  activeWeeks13: 0,
  activeMonths4: 0,
  peakWeekOrders: 0,
  lastOrderOn: null,
  ...RHYTHM_NONE,
};

const run = (metrics: MarketMetrics, current: CurrentEpisode | null = null, over: Partial<PolicyInput> = {}) =>
  evaluatePolicy({ kind: 'readiness', market: 'MY', asOf: ASOF, metrics, rules: DEFAULT_RULE_SET, current, ...over });
const open = (raisedOn = '2026-08-02', exitStreak = 0): CurrentEpisode => ({ status: 'open', raisedOn, exitStreak, statusChangedOn: raisedOn });

describe('readiness policy: the patterns', () => {
  it('raises a steady repeat exporter, with reasons in both languages and signals with value/threshold/hit', () => {
    const r = run(steady());
    expect(r.decision).toBe('raise');
    expect(r.score).toBeGreaterThan(90);
    expect(r.signals.activeMonths).toEqual({ value: 4, threshold: 3, hit: true });
    expect(r.signals.repeatBuyers).toEqual({ value: 6, threshold: 2, hit: true });
    expect(r.signals.value13wIdr).toEqual({ value: 180_000_000, threshold: 50_000_000, hit: true });
    expect(r.reasons[0].id).toMatch(/Kontinuitas: pesanan ke Malaysia di 4 dari 4 bulan/);
    expect(r.reasons[0].en).toMatch(/Continuity: orders to Malaysia in 4 of the last 4 months/);
    expect(r.reasons.find((x) => x.en.includes('Quantity'))!.en).toMatch(/39 orders worth IDR 180.0 million/);
  });

  it('does not raise a one-month viral spike (continuity and steadiness fail)', () => {
    const spike = steady({
      orders13w: 60,
      value13wIdr: 90_000_000,
      repeatBuyers: 3,
      activeWeeks13: 4,
      activeMonths4: 1,
      peakWeekOrders: 30,
      valuePrev13wIdr: 0,
      ordersPrev13w: 0,
    });
    const r = run(spike);
    expect(r.decision).toBe('none');
    expect(r.signals.activeMonths.hit).toBe(false);
    expect(r.signals.peakWeekShare).toEqual({ value: 0.5, threshold: 0.35, hit: false });
  });

  it('does not raise a spike with a tail spread over three months (the busiest week dominates)', () => {
    const r = run(steady({ orders13w: 50, activeMonths4: 3, activeWeeks13: 7, peakWeekOrders: 25, value13wIdr: 80_000_000 }));
    expect(r.decision).toBe('none');
    expect(r.signals.peakWeekShare.hit).toBe(false);
  });

  it('does not raise a hobby seller with one tiny repeat buyer', () => {
    const hobby = steady({
      orders13w: 8,
      value13wIdr: 2_400_000,
      repeatBuyers: 1,
      buyers13w: 2,
      repeatOrders13w: 7,
      activeWeeks13: 8,
      activeMonths4: 4,
      peakWeekOrders: 1,
      heaviestParcelKg: 0.4,
    });
    const r = run(hobby);
    expect(r.decision).toBe('none');
    expect(r.signals.repeatBuyers.hit).toBe(false);
    expect(r.signals.value13wIdr.hit).toBe(false);
  });

  it('does not raise sporadic one-off sales (no repeat buyers, few active weeks)', () => {
    const r = run(
      steady({
        orders13w: 4,
        value13wIdr: 20_000_000,
        repeatBuyers: 0,
        repeatOrders13w: 0,
        buyers13w: 4,
        activeWeeks13: 4,
        activeMonths4: 3,
        peakWeekOrders: 1,
      }),
    );
    expect(r.decision).toBe('none');
  });

  it('does not raise a single large one-off order, even over 30 kg', () => {
    const r = run({
      ...EMPTY,
      ordersThisWeek: 1,
      orders13w: 1,
      value13wIdr: 120_000_000,
      buyers13w: 1,
      heaviestParcelKg: 45,
      activeWeeks13: 1,
      activeMonths4: 1,
      peakWeekOrders: 1,
      lastOrderOn: '2026-11-18',
      materials13w: ['cowhide'],
    });
    expect(r.decision).toBe('none');
    expect(r.signals.heavyParcel).toEqual({ value: 45, threshold: 30, hit: true });
    expect(r.signals.peakWeekShare.hit).toBe(false);
  });

  it('does not raise a business that has gone quiet', () => {
    const r = run(steady({ ordersThisWeek: 0, lastOrderOn: '2026-10-25', activeWeeks13: 9 }));
    expect(r.signals.weeksSinceLastOrder).toEqual({ value: 4, threshold: 3, hit: false });
    expect(r.decision).toBe('none');
  });

  it('raises on weight alone when value is below the line but consignments approach 30 kg', () => {
    const r = run(steady({ value13wIdr: 30_000_000, heaviestParcelKg: 28 }));
    expect(r.decision).toBe('raise');
    expect(r.reasons.some((x) => x.en.includes('heaviest consignment 28 kg'))).toBe(true);
  });
});

describe('readiness policy: threshold borders (enter)', () => {
  const t = DEFAULT_RULE_SET.readiness.enter;
  it.each([
    ['activeMonths4', t.minActiveMonths, t.minActiveMonths - 1],
    ['activeWeeks13', t.minActiveWeeks, t.minActiveWeeks - 1],
    ['repeatBuyers', t.minRepeatBuyers, t.minRepeatBuyers - 1],
  ] as const)('%s: raises at %d, not at %d', (field, at, below) => {
    expect(run(steady({ [field]: at })).decision).toBe('raise');
    expect(run(steady({ [field]: below })).decision).toBe('none');
  });

  it('value13wIdr: raises at exactly Rp 50 million, not one rupiah below (light parcels)', () => {
    expect(run(steady({ value13wIdr: 50_000_000 })).decision).toBe('raise');
    expect(run(steady({ value13wIdr: 49_999_999 })).decision).toBe('none');
  });

  it('heaviestParcelKg: 25 kg counts as quantity, 24.99 kg does not', () => {
    expect(run(steady({ value13wIdr: 1_000_000, heaviestParcelKg: 25 })).decision).toBe('raise');
    expect(run(steady({ value13wIdr: 1_000_000, heaviestParcelKg: 24.99 })).decision).toBe('none');
  });

  it('peakWeekShare: 35 % is steady, 36 % is not', () => {
    expect(run(steady({ orders13w: 100, peakWeekOrders: 35 })).decision).toBe('raise');
    expect(run(steady({ orders13w: 100, peakWeekOrders: 36 })).decision).toBe('none');
  });

  it('weeksSinceLastOrder: 3 whole weeks is fine, 4 is not (21 vs 28 days)', () => {
    expect(run(steady({ lastOrderOn: '2026-11-01' })).decision).toBe('raise'); // 21 days
    expect(run(steady({ lastOrderOn: '2026-10-26' })).decision).toBe('raise'); // 27 days → 3 weeks
    expect(run(steady({ lastOrderOn: '2026-10-25' })).decision).toBe('none'); // 28 days → 4 weeks
  });

  it('heavyParcel signal: over 30 kg hits, exactly 30 kg does not', () => {
    expect(run(steady({ heaviestParcelKg: 30 })).signals.heavyParcel.hit).toBe(false);
    expect(run(steady({ heaviestParcelKg: 30.001 })).signals.heavyParcel.hit).toBe(true);
  });

  it('growth: 1.5× hits, 1.49× does not; no previous value is not growth', () => {
    expect(run(steady({ value13wIdr: 150_000_000, valuePrev13wIdr: 100_000_000 })).signals.growth).toEqual({ value: 1.5, threshold: 1.5, hit: true });
    expect(run(steady({ value13wIdr: 149_000_000, valuePrev13wIdr: 100_000_000 })).signals.growth.hit).toBe(false);
    expect(run(steady({ valuePrev13wIdr: 0 })).signals.growth).toEqual({ value: null, threshold: 1.5, hit: false });
  });
});

describe('readiness policy: hysteresis', () => {
  it('keeps a steady exporter flagged through one quiet week (no flapping)', () => {
    const quietWeek = steady({ ordersThisWeek: 0, lastOrderOn: '2026-11-13', activeWeeks13: 12 });
    const r = run(quietWeek, open());
    expect(r.decision).toBe('keep');
    expect(r.exitStreak).toBe(0);
    // a week that would not have raised still keeps an open flag (stay thresholds are looser)
    const softer = steady({ activeMonths4: 2, activeWeeks13: 4, repeatBuyers: 1, value13wIdr: 30_000_000 });
    expect(run(softer).decision).toBe('none');
    expect(run(softer, open()).decision).toBe('keep');
  });

  it('simulated weekly sequence: steady, a quiet week, steady again → raised once, never resolved', () => {
    const weeks = [steady(), steady(), steady({ ordersThisWeek: 0, lastOrderOn: '2026-11-13' }), steady(), steady()];
    let current: CurrentEpisode | null = null;
    const decisions: string[] = [];
    for (const m of weeks) {
      const r = run(m, current);
      decisions.push(r.decision);
      if (r.decision === 'raise') current = open(ASOF);
      else if (current) current = { ...(current as CurrentEpisode), exitStreak: r.exitStreak };
    }
    expect(decisions).toEqual(['raise', 'keep', 'keep', 'keep', 'keep']);
  });

  it('a single failing evaluation only starts the exit streak; the second resolves after the dwell', () => {
    const lapsed = steady({ ordersThisWeek: 0, lastOrderOn: '2026-10-18', activeWeeks13: 8 }); // 5 weeks quiet
    const first = run(lapsed, open('2026-06-07', 0));
    expect(first).toMatchObject({ decision: 'keep', exitStreak: 1, meetsStay: false });
    expect(first.reasons.at(-1)!.en).toMatch(/Stay thresholds missed 1× in a row/);
    const second = run(lapsed, open('2026-06-07', 1));
    expect(second).toMatchObject({ decision: 'resolve', exitStreak: 2 });
    expect(second.reasons[0].en).toMatch(/steady order pattern has ended/);
  });

  it('recovering resets the exit streak', () => {
    expect(run(steady(), open('2026-06-07', 1))).toMatchObject({ decision: 'keep', exitStreak: 0 });
  });

  it('minimum dwell: a flag raised 3 weeks ago does not resolve yet, 4 weeks ago does', () => {
    const dead = { ...EMPTY, lastOrderOn: null };
    expect(run(dead, open('2026-11-01', 5)).decision).toBe('keep'); // 21 days
    expect(run(dead, open('2026-10-25', 5)).decision).toBe('resolve'); // 28 days
  });

  it('a lapsed exporter resolves within a few weeks of the last order', () => {
    let current: CurrentEpisode | null = open('2026-05-03');
    let resolvedAfter = -1;
    for (let week = 1; week <= 10 && resolvedAfter < 0; week++) {
      const asOf = addWeeks('2026-08-30', week);
      const m = steady({ ordersThisWeek: 0, lastOrderOn: '2026-08-28', activeWeeks13: Math.max(0, 13 - week), activeMonths4: week > 8 ? 1 : 2 });
      const r = evaluatePolicy({ kind: 'readiness', market: 'MY', asOf, metrics: m, rules: DEFAULT_RULE_SET, current });
      if (r.decision === 'resolve') resolvedAfter = week;
      else current = { ...current!, exitStreak: r.exitStreak };
    }
    expect(resolvedAfter).toBe(6); // quiet 5 weeks fails stay (max 4); confirmed the week after
  });

  it('formal_exporter and dismissed block: never re-raised, never resolved by the engine', () => {
    for (const status of ['formal_exporter', 'dismissed'] as const) {
      const cur = { status, raisedOn: '2026-01-04', exitStreak: 0, statusChangedOn: '2026-02-01' };
      expect(run(steady(), cur).decision).toBe('blocked');
      expect(run(EMPTY, cur).decision).toBe('blocked');
    }
  });

  it('the rule set may let a dismissal expire', () => {
    const rules: RuleSetParams = { ...DEFAULT_RULE_SET, dismissalExpiresAfterWeeks: 8 };
    const cur = { status: 'dismissed' as const, raisedOn: '2026-01-04', exitStreak: 0, statusChangedOn: '2026-09-27' };
    expect(run(steady(), cur, { rules }).decision).toBe('resolve'); // 8 weeks
    expect(run(steady(), { ...cur, statusChangedOn: '2026-09-28' }, { rules }).decision).toBe('blocked');
    expect(run(steady(), { ...cur, status: 'formal_exporter' }, { rules }).decision).toBe('blocked');
  });
});

describe('compliance policy', () => {
  const comp = (m: MarketMetrics, current: CurrentEpisode | null = null) =>
    evaluatePolicy({ kind: 'compliance', market: 'CN', asOf: ASOF, metrics: m, rules: DEFAULT_RULE_SET, current });

  it('raises for wildlife material at 2 orders in 13 weeks, not at 1, independent of readiness', () => {
    const hobby = { ...EMPTY, orders13w: 2, wildlifeOrders13w: 2, wildlifeMaterials: ['stingray'], materials13w: ['stingray'], lastOrderOn: '2026-11-02' };
    const r = comp(hobby);
    expect(r.decision).toBe('raise');
    expect(r.signals.wildlifeMaterials).toEqual({ value: ['stingray'], threshold: null, hit: true });
    expect(r.reasons[0].id).toMatch(/kulit pari/);
    expect(r.reasons[0].en).toMatch(/stingray leather.*2 orders to China/);
    expect(comp({ ...hobby, wildlifeOrders13w: 1 }).decision).toBe('none');
  });

  it('keeps while any wildlife order remains in 13 weeks; resolves after a streak once none remain', () => {
    const one = { ...EMPTY, wildlifeOrders13w: 1, wildlifeMaterials: ['snakeskin'] };
    expect(comp(one, open()).decision).toBe('keep');
    expect(comp(EMPTY, open()).decision).toBe('keep');
    expect(comp(EMPTY, open('2026-08-02', 1)).decision).toBe('resolve');
  });
});

describe('rule set validation', () => {
  it('accepts the default and rejects bad or flapping-prone values, naming fields', () => {
    expect(validateRuleSet(DEFAULT_RULE_SET).ok).toBe(true);
    const bad = validateRuleSet({
      ...DEFAULT_RULE_SET,
      repeatMinOrders: 1,
      extra: 1,
      readiness: { ...DEFAULT_RULE_SET.readiness, stay: { ...DEFAULT_RULE_SET.readiness.stay, minActiveWeeks: 'x' } },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors).toEqual(
        expect.arrayContaining([
          'params.extra: unknown field (not allowed)',
          'params.repeatMinOrders: must be between 2 and 1000',
          'params.readiness.stay.minActiveWeeks: must be a number',
        ]),
      );
    const flappy = validateRuleSet({
      ...DEFAULT_RULE_SET,
      readiness: { ...DEFAULT_RULE_SET.readiness, stay: { ...DEFAULT_RULE_SET.readiness.enter, minValue13wIdr: 60_000_000 } },
    });
    expect(flappy.ok).toBe(false);
  });
});

function addWeeks(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 7 * 86_400_000).toISOString().slice(0, 10);
}
