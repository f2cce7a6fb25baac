import { daysBetween, weekStart } from '../common/time';
import type { MarketMetrics } from './flag.types';
import type { ReadinessThresholds, RhythmParams } from './rule-set';

/**
 * A business × market's own rhythm, learned from the gaps between its order weeks (rule set v2).
 * Pure: the policy asks it whether a silence, a week's share or a count of order weeks is normal
 * for this business, not for an average one.
 */
export interface Rhythm {
  /** Enough gaps (rhythm.minGaps) to trust the median; otherwise the fixed limits apply. */
  learned: boolean;
  /** Median gap between order weeks, in weeks (when learned). */
  gapWeeks: number | null;
  /** Longest gap of the pattern, in weeks (when learned). */
  gapMaxWeeks: number | null;
  /** ISO weeks from the pattern's first order week to the as-of week, inclusive (0 without a pattern). */
  weeksSinceStart: number;
  /** Days from the first order of the pattern's steady part to its last order. */
  spanDays: number;
  /** The weeks continuity is judged over: the last 13, or fewer when the pattern is younger. */
  window: number;
  /** Order weeks the rhythm predicts in the window. */
  expectedWeeks: number;
  /** Order weeks in the window ÷ expected (at most 1); null without a pattern. */
  coverage: number | null;
}

/**
 * `buyerGapWeeks`: when the demand is one routine buyer, its own interval (26 weeks ÷ its order weeks)
 * is the rhythm that counts, so the odd small retail order in between does not make its lots look late.
 */
export function rhythmOf(m: MarketMetrics, asOf: string, p: RhythmParams, buyerGapWeeks = 0): Rhythm {
  const learned = m.gapMedianWeeks !== null && m.gapCount >= p.minGaps;
  const gapWeeks = learned ? Math.max(Number(m.gapMedianWeeks), buyerGapWeeks) : null;
  const start = m.patternStartOn;
  const weeksSinceStart = start ? Math.floor(daysBetween(weekStart(start), weekStart(asOf)) / 7) + 1 : 0;
  const steadyFrom = m.steadySinceOn ?? start;
  const spanDays = steadyFrom && m.lastOrderOn ? daysBetween(steadyFrom, m.lastOrderOn) : 0;
  const window = Math.min(13, weeksSinceStart);
  const expectedWeeks = window / Math.max(1, gapWeeks ?? 1);
  const active = Math.min(m.activeWeeks13, m.patternWeeks);
  const coverage = expectedWeeks > 0 ? Math.min(1, Math.round((1000 * active) / expectedWeeks) / 1000) : null;
  return { learned, gapWeeks, gapMaxWeeks: learned ? m.gapMaxWeeks : null, weeksSinceStart, spanDays, window, expectedWeeks, coverage };
}

/**
 * Whole weeks of silence that are normal for this rhythm: quietGapFactor × the median gap (on the stay
 * side also at least the longest gap seen), never below maxWeeksSinceLastOrder and never above
 * rhythm.maxQuietWeeks — so a slow pattern can still end.
 */
export function quietAllowance(r: Rhythm, t: ReadinessThresholds, p: RhythmParams, side: 'enter' | 'stay'): number {
  const floor = t.maxWeeksSinceLastOrder;
  if (!r.learned || r.gapWeeks === null) return floor;
  let weeks = Math.ceil(Number(t.quietGapFactor) * r.gapWeeks - 1e-9);
  if (side === 'stay' && r.gapMaxWeeks !== null) weeks = Math.max(weeks, r.gapMaxWeeks);
  return Math.max(floor, Math.min(weeks, p.maxQuietWeeks));
}

/**
 * The busiest week's share allowed: in a slow rhythm each order week is one lot and holds a large
 * share by nature, so the busiest week may hold up to peakShareSlack × an average order week's share
 * (1 ÷ order weeks in the 13) — a burst within an otherwise slow pattern still fails.
 */
export function peakLimit(r: Rhythm, t: ReadinessThresholds, activeWeeks13: number): number {
  if (!r.learned || activeWeeks13 <= 0) return t.maxPeakWeekShare;
  return Math.max(t.maxPeakWeekShare, Math.min(1, Math.round((1000 * Number(t.peakShareSlack)) / activeWeeks13) / 1000));
}

export type DemandQuality = 'returning_buyers' | 'routine_buyer';

/**
 * Repeat demand: several returning buyers who also carry a good part of the orders (a viral month's
 * many one-off buyers do not, whatever a few fans do), or one buyer ordering routinely in volume.
 */
export function demandQuality(m: MarketMetrics, t: ReadinessThresholds): DemandQuality | null {
  const share = m.orders13w > 0 ? m.repeatOrders13w / m.orders13w : 0;
  if (m.repeatBuyers >= t.minRepeatBuyers && share >= Number(t.minRepeatOrderShare)) return 'returning_buyers';
  return routineBuyer(m, t) ? 'routine_buyer' : null;
}

export function routineBuyer(m: MarketMetrics, t: ReadinessThresholds): boolean {
  if (m.topBuyerOrders26w === 0 || m.topBuyerWeeks26w < Number(t.minRoutineBuyerWeeks)) return false;
  const { units, idr } = averageLot(m);
  return units >= Number(t.minRoutineLotUnits) || idr >= Number(t.minRoutineLotIdr);
}

export function averageLot(m: MarketMetrics): { units: number; idr: number } {
  const n = Math.max(1, m.topBuyerOrders26w);
  return { units: Math.round((10 * m.topBuyerUnits26w) / n) / 10, idr: Math.round(m.topBuyerValue26wIdr / n) };
}

/**
 * The 13-week value judged for quantity: a young pattern's value scaled to 13 weeks (over at least
 * the enter side's minimum pattern length, so a first lucky week cannot qualify), a mature one's smoothed over the
 * 26 weeks so one slow quarter of a wholesale buyer does not count as a drop.
 */
export function quantityValue(m: MarketMetrics, r: Rhythm, minPatternDays: number): { value: number; projected: boolean } {
  const minWeeks = Math.max(1, Math.ceil(minPatternDays / 7));
  if (r.weeksSinceStart > 0 && r.weeksSinceStart < 13) {
    return { value: Math.round((m.value13wIdr * 13) / Math.max(r.weeksSinceStart, minWeeks)), projected: true };
  }
  return { value: Math.max(m.value13wIdr, Math.round((m.value13wIdr + m.valuePrev13wIdr) / 2)), projected: false };
}
