import { prng } from '../../bench/generator';
import { addDays } from '../../src/common/time';

/**
 * Labelled business histories for the policy evaluation: one generator per pattern the watch must
 * tell apart, each drawn from its own seeded random stream. Amounts are IDR, days are WIB.
 * Positive patterns name the market that should be flagged; negative ones must never be.
 */
export type PatternName =
  | 'steady_weekly'
  | 'routine_wholesale'
  | 'steady_mid_start'
  | 'lapsed'
  | 'buyer_pause'
  | 'switch_market'
  | 'viral_month'
  | 'hobby_tiny_repeat'
  | 'sporadic'
  | 'one_off_large'
  | 'seasonal_lebaran';

export const POSITIVE: readonly PatternName[] = ['steady_weekly', 'routine_wholesale', 'steady_mid_start', 'lapsed', 'buyer_pause', 'switch_market'];
/** The negative kinds named by the issue: never to be flagged. */
export const NEGATIVE: readonly PatternName[] = ['viral_month', 'hobby_tiny_repeat', 'sporadic', 'one_off_large'];
/**
 * A four-week Ramadan rush from returning buyers, with odd sales around it: not steady demand, but
 * while it runs it can look like a new pattern. It must not stay flagged: any flag it gets resolves
 * once the rush is over, and few are raised at all.
 */
export const SEASONAL: readonly PatternName[] = ['seasonal_lebaran'];

export interface EvalOrder {
  day: string;
  market: string;
  buyer: string;
  category: string;
  material: string;
  quantity: number;
  valueIdr: number;
  weightKg: number;
}

export interface History {
  pattern: PatternName;
  material: string;
  /** Market that should carry a readiness flag (positives), and when its steady pattern starts/ends. */
  market: string;
  startDay: string | null;
  /** Last order of a pattern that ends (lapsed; switch_market's first market). */
  endDay: string | null;
  /** switch_market: the second market, its pattern starting on secondStart. */
  second?: { market: string; startDay: string };
  orders: EvalOrder[];
}

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const TRADES = [
  { material: 'snakeskin', market: 'MY', category: 'bag', unitIdr: 1_400_000, kg: 0.9 },
  { material: 'stingray', market: 'CN', category: 'wallet', unitIdr: 900_000, kg: 0.3 },
  { material: 'cowhide', market: 'SG', category: 'footwear', unitIdr: 800_000, kg: 1.1 },
  { material: 'cotton', market: 'MY', category: 'batik_fabric', unitIdr: 350_000, kg: 0.35 },
] as const;
type Trade = (typeof TRADES)[number];

function order(r: Rand, t: Trade, day: string, buyer: string, quantity: number, market: string = t.market): EvalOrder {
  const valueIdr = Math.round((t.unitIdr * quantity * (0.8 + r() * 0.4)) / 1000) * 1000;
  return { day, market, buyer, category: t.category, material: t.material, quantity, valueIdr, weightKg: Math.round((t.kg * quantity + 0.2) * 100) / 100 };
}

/** A retail exporter's week: 2–4 orders from a handful of returning buyers (Zipf-ish), sometimes a quiet week; about Rp 5 M a week or more. */
function steadyWeek(r: Rand, t: Trade, weekStart: string, buyers: number, out: EvalOrder[], market: string = t.market, tag = 'r'): void {
  if (r() < 0.1) return;
  for (let k = int(r, 2, 4); k > 0; k--) {
    const b = Math.floor(buyers * Math.pow(r(), 1.8));
    out.push(order(r, t, addDays(weekStart, int(r, 0, 6)), `${tag}${market}${b}`, int(r, 2, 8), market));
  }
}

/** Lebaran (Idul Fitri) dates, for the seasonal batik pattern. */
const LEBARAN = ['2025-03-31', '2026-03-20', '2027-03-10'];

/**
 * One business's history over `weeks` weeks starting Monday `first`. `i` varies the draw within a
 * pattern; the seed varies everything.
 */
export function makeHistory(pattern: PatternName, first: string, weeks: number, seed: number, i: number): History {
  const r = prng(seed * 7919 + i * 104_729 + pattern.length * 31);
  const wk = (w: number) => addDays(first, 7 * w);
  const last = addDays(first, 7 * weeks - 1);
  const out: EvalOrder[] = [];
  const t = pick(r, TRADES);
  const h = (market: string, startDay: string | null, endDay: string | null, extra: Partial<History> = {}): History => ({
    pattern,
    material: out[0]?.material ?? t.material,
    market,
    startDay,
    endDay,
    orders: out.filter((o) => o.day <= last).sort((a, b) => a.day.localeCompare(b.day)),
    ...extra,
  });
  const buyers = int(r, 3, 8);
  switch (pattern) {
    case 'steady_weekly':
      for (let w = 0; w < weeks; w++) steadyWeek(r, t, wk(w), buyers, out);
      return h(t.market, out[0]?.day ?? null, null);
    case 'steady_mid_start': {
      const start = int(r, 24, 42);
      for (let w = start; w < weeks; w++) steadyWeek(r, t, wk(w), buyers, out);
      return h(t.market, out[0]?.day ?? null, null);
    }
    case 'lapsed': {
      const stop = int(r, 30, 48);
      for (let w = 0; w < stop; w++) steadyWeek(r, t, wk(w), buyers, out);
      return h(t.market, out[0]?.day ?? null, out.at(-1)?.day ?? null);
    }
    case 'buyer_pause': {
      const from = int(r, 32, 40);
      const resume = from + int(r, 8, 9);
      for (let w = 0; w < weeks; w++) if (w < from || w >= resume) steadyWeek(r, t, wk(w), buyers, out);
      return h(t.market, out[0]?.day ?? null, null);
    }
    case 'switch_market': {
      const at = int(r, 26, 34);
      const other = t.market === 'SG' ? 'MY' : 'SG';
      for (let w = 0; w < weeks; w++) steadyWeek(r, t, wk(w), buyers, out, w < at ? t.market : other);
      const firstMarket = out.filter((o) => o.market === t.market);
      return h(t.market, out[0]?.day ?? null, firstMarket.at(-1)?.day ?? null, {
        second: { market: other, startDay: out.find((o) => o.market === other)?.day ?? wk(at) },
      });
    }
    case 'routine_wholesale': {
      // Arma Leather: one Chinese buyer, stingray goods in lots of 20–80 pieces every 3–6 weeks; now and then a small retail order
      const ray = TRADES[1];
      for (let w = int(r, 0, 3); w < weeks; w += int(r, 3, 6)) out.push(order(r, ray, addDays(wk(w), int(r, 0, 6)), 'guangzhou-wholesale', int(r, 20, 80)));
      for (let w = 0; w < weeks; w++) if (r() < 0.08) out.push(order(r, ray, addDays(wk(w), int(r, 0, 6)), `retail${w}`, int(r, 1, 2)));
      return h('CN', out[0]?.day ?? null, null);
    }
    case 'viral_month': {
      // a trickle of one-off sales, then one month of a post gone viral: many new buyers, a few of them twice
      for (let w = 0; w < weeks; w++) if (r() < 0.15) out.push(order(r, t, addDays(wk(w), int(r, 0, 6)), `once${w}`, int(r, 1, 3)));
      const at = wk(int(r, 22, 50));
      const n = int(r, 40, 120);
      for (let k = 0; k < n; k++) out.push(order(r, t, addDays(at, int(r, 0, 29)), r() < 0.25 ? `fan${int(r, 0, 9)}` : `new${k}`, int(r, 1, 4)));
      return h(t.market, null, null);
    }
    case 'hobby_tiny_repeat': {
      // one loyal friend abroad buying a piece every one to three weeks, and the odd stranger
      const batik = TRADES[3];
      for (let w = int(r, 0, 2); w < weeks; w += int(r, 1, 3)) out.push(order(r, batik, addDays(wk(w), int(r, 0, 6)), 'tante-kl', int(r, 1, 2)));
      for (let w = 0; w < weeks; w++) if (r() < 0.1) out.push(order(r, batik, addDays(wk(w), int(r, 0, 6)), `stranger${w}`, 1));
      return h(batik.market, null, null);
    }
    case 'sporadic':
      for (let w = int(r, 0, 4); w < weeks; w += int(r, 2, 7)) out.push(order(r, t, addDays(wk(w), int(r, 0, 6)), `one-off${w}`, int(r, 2, 30)));
      return h(t.market, null, null);
    case 'one_off_large': {
      out.push(order(r, t, addDays(wk(int(r, 22, 55)), int(r, 0, 6)), 'big-once', int(r, 80, 250)));
      for (let w = 0; w < weeks; w++) if (r() < 0.05) out.push(order(r, t, addDays(wk(w), int(r, 0, 6)), `small${w}`, 1));
      return h(t.market, null, null);
    }
    case 'seasonal_lebaran': {
      // batik before Lebaran: returning buyers order for about four weeks of Ramadan each year, then nothing
      const batik = TRADES[3];
      for (const d of LEBARAN) {
        for (let k = int(r, 12, 30); k > 0; k--) {
          const day = addDays(d, -int(r, 3, 30));
          if (day >= first) out.push(order(r, batik, day, `lebaran${int(r, 0, 7)}`, int(r, 5, 25)));
        }
      }
      for (let w = 0; w < weeks; w++) if (r() < 0.06) out.push(order(r, batik, addDays(wk(w), int(r, 0, 6)), `odd${w}`, 2));
      return h(batik.market, null, null);
    }
  }
}
