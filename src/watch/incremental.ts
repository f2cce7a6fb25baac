import type { MarketMetrics, SeriesPoint, SignalMap } from '../flags/flag.types';
import type { PolicyResult } from '../flags/policy';
import type { PriorEvaluation } from './changes.repository';
import { fullSeries } from './signals.repository';
import { windows } from './signals.sql';

/**
 * The pure half of an incremental weekly run. A business × market whose orders did not change and
 * whose windows slid over no order has exactly the metrics of its standing evaluation row; the
 * policy is re-run on those metrics with the new as-of (it reads the date itself: weeks of quiet,
 * the pattern's age), so a decision that changes only with time is never missed.
 */

/** JSON equality independent of key order (metrics come back from jsonb with keys reordered). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** Whether a signal's hit differs (a signal appearing or disappearing counts). */
export function hitsDiffer(a: SignalMap, b: SignalMap): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k]?.hit !== b[k]?.hit) return true;
  return false;
}

/**
 * Whether this week's evaluation must be written: always for an episode (once a week) and when
 * there is no standing row; otherwise when the metrics, the decision, a signal's hit or the score
 * (by more than a point) changed. Metrics are compared so the standing row always carries the
 * pair's current metrics: that is what lets the next run reuse them.
 */
export function mustWrite(prior: PriorEvaluation | undefined, res: PolicyResult, metrics: MarketMetrics, episode: boolean): boolean {
  if (episode || !prior) return true;
  if (res.decision !== prior.decision) return true;
  if (Math.abs(res.score - prior.score) > 1) return true;
  if (hitsDiffer(prior.signals, res.signals)) return true;
  return !sameJson(prior.metrics, metrics);
}

/**
 * The standing metrics still hold as of `asOf` only while the pair has an order in the 26 weeks: a
 * pair whose last order left the window has no signals any more (and is no evaluation target).
 */
export function stillInWindow(m: MarketMetrics, asOf: string): boolean {
  return m.lastOrderOn !== null && m.lastOrderOn >= windows(asOf).from26;
}

/** An episode's stored 26-week series moved to `asOf`: weeks that left drop out, new weeks (no orders, or they would have changed) are zero. */
export function shiftSeries(stored: SeriesPoint[] | null, asOf: string): SeriesPoint[] {
  const byWeek = new Map((stored ?? []).map((p) => [p.week, p]));
  return fullSeries(asOf, null).map((z) => byWeek.get(z.week) ?? z);
}
