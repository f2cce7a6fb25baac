import { Injectable } from '@nestjs/common';
import { addDays, weekEnd } from '../common/time';
import { WILDLIFE_MATERIALS } from '../common/reference-data';
import { Db, Queryable } from '../database/db';
import type { MarketMetrics } from '../flags/flag.types';
import { emptyMetrics, MarketSignals } from './signals.repository';
import { CN_OVER, RUN_BREAK_WEEKS, signalWindowStart, STEADY_BREAK_MIN_WEEKS, WILDLIFE, windows } from './signals.sql';

/** One business × market × ISO week of live orders, as the replay reads it (buyers as small per-pair numbers). */
export interface WeekRow {
  business_id: string;
  market: string;
  week_start: string;
  orders: number;
  value: string;
  heaviest: string | null;
  wildlife: number;
  cn_over: number;
  materials: string[];
  categories: string[];
  /** Calendar months (first day) the week's orders fall in: one, or two when the week straddles a month. */
  months: string[];
  last_on: string;
  /** The first day of the week with an order. */
  first_on: string;
  /** The buyer of each of the week's orders (dense numbers per business × market: a buyer's orders repeat its number). */
  buyers: number[];
  /** Each order's quantity and IDR value, in the same order as `buyers` (one aggregate pass feeds all three). */
  quantities: number[];
  values: string[];
}

/**
 * Signals of many consecutive weeks for a set of businesses in one pass over their orders: the
 * orders of the union window (26 weeks before the first as-of up to the last) are reduced in SQL to
 * one row per business × market × week, and the rolling windows of each as-of are slid over those
 * rows in memory. The metrics equal `SignalsRepository.marketSignals` for each as-of (a test
 * compares them); keep the two in step when a signal changes. The weekly series is not computed:
 * the policy decides from the metrics alone.
 */
@Injectable()
export class ReplaySignalsRepository {
  constructor(private readonly db: Db) {}

  /** Week rows of the businesses' live orders between the first as-of's window start and the last as-of. */
  weekRows(businessIds: string[], asOfs: string[], q?: Queryable): Promise<WeekRow[]> {
    const from = signalWindowStart(asOfs[0]);
    return this.db.many<WeekRow>(
      // one GROUP BY and no join: the CTE's row estimate is no guide (a freshly loaded table has no statistics)
      `WITH o AS MATERIALIZED (
         SELECT o.business_id, o.destination_country AS market, o.ordered_on, o.value_idr, o.weight_kg, o.material, o.product_category, o.quantity,
                date_trunc('week', o.ordered_on::timestamp)::date AS week_start, date_trunc('month', o.ordered_on::timestamp)::date AS month_start,
                ${CN_OVER} AS cn_over,
                dense_rank() OVER (PARTITION BY o.business_id, o.destination_country ORDER BY o.buyer_key)::int AS buyer
           FROM orders o
          WHERE o.business_id = ANY($1::uuid[]) AND o.ordered_on >= $2 AND o.ordered_on <= $3 AND o.voided_at IS NULL
       )
       SELECT business_id, market, to_char(week_start, 'YYYY-MM-DD') AS week_start, count(*)::int AS orders, sum(value_idr)::text AS value,
              max(weight_kg)::text AS heaviest, count(*) FILTER (WHERE material = ANY(${WILDLIFE}))::int AS wildlife,
              count(*) FILTER (WHERE cn_over)::int AS cn_over, array_agg(DISTINCT material) AS materials, array_agg(DISTINCT product_category) AS categories,
              array_agg(DISTINCT to_char(month_start, 'YYYY-MM-DD')) AS months, to_char(max(ordered_on), 'YYYY-MM-DD') AS last_on,
              to_char(min(ordered_on), 'YYYY-MM-DD') AS first_on, array_agg(buyer) AS buyers, array_agg(quantity) AS quantities, array_agg(value_idr::text) AS values
         FROM o GROUP BY business_id, market, week_start
        ORDER BY business_id, market, week_start`,
      [businessIds, from, asOfs[asOfs.length - 1]],
      q,
    );
  }

  /** Signals per business, one list per as-of (same order as `asOfs`, consecutive Sundays). */
  async signalsByWeek(businessIds: string[], asOfs: string[], repeatMinOrders: number, q?: Queryable): Promise<Map<string, MarketSignals[][]>> {
    return rollWeeks(await this.weekRows(businessIds, asOfs, q), asOfs, repeatMinOrders);
  }
}

/**
 * Slides the windows of each as-of over the week rows (grouped by business × market, weeks
 * ascending). Pure: rows in, signals out; a business × market has signals at an as-of when it has
 * an order in that as-of's 26 weeks, as in `marketSignals`.
 */
export function rollWeeks(rows: WeekRow[], asOfs: string[], repeatMinOrders: number): Map<string, MarketSignals[][]> {
  for (let i = 1; i < asOfs.length; i++) if (addDays(asOfs[i - 1], 7) !== asOfs[i]) throw new Error('replay signals: as-ofs must be consecutive weeks');
  for (const a of asOfs) if (weekEnd(a) !== a) throw new Error(`replay signals: ${a} is not a Sunday`);
  if (asOfs.length) signalWindowStart(asOfs[0]);
  const wins = asOfs.map((a) => ({ ...windows(a), asOf: a }));
  const out = new Map<string, MarketSignals[][]>();
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end].business_id === rows[start].business_id && rows[end].market === rows[start].market) end++;
    const group = rows.slice(start, end);
    const businessId = group[0].business_id;
    let perWeek = out.get(businessId);
    if (!perWeek) out.set(businessId, (perWeek = asOfs.map(() => [])));
    wins.forEach((w, i) => {
      const metrics = metricsAt(group, w, repeatMinOrders);
      if (metrics) perWeek![i].push({ businessId, market: group[0].market, metrics, series: [] });
    });
    start = end;
  }
  return out;
}

/** The metrics of one business × market as of a Sunday, from its week rows (null: no order in the 26 weeks). One loop, few allocations: a replay asks for 26 × every pair. */
function metricsAt(group: WeekRow[], w: ReturnType<typeof windows>, repeatMinOrders: number): MarketMetrics | null {
  const m: MarketMetrics = emptyMetrics();
  const buyers = new Map<number, number>();
  const materials = new Set<string>();
  const categories = new Set<string>();
  const months = new Set<string>();
  let any = false;
  for (const r of group) {
    if (r.week_start < w.from26 || r.week_start > w.w0) continue;
    any = true;
    for (const month of r.months) if (month >= w.months4) months.add(month);
    if (m.lastOrderOn === null || r.last_on > m.lastOrderOn) m.lastOrderOn = r.last_on;
    if (r.week_start < w.from13) {
      m.ordersPrev13w += r.orders;
      m.valuePrev13wIdr += Number(r.value);
      continue;
    }
    if (r.week_start === w.w0) m.ordersThisWeek += r.orders;
    m.orders13w += r.orders;
    m.value13wIdr += Number(r.value);
    m.activeWeeks13++;
    m.wildlifeOrders13w += r.wildlife;
    m.cnOverLimit13w += r.cn_over;
    if (r.orders > m.peakWeekOrders) m.peakWeekOrders = r.orders;
    if (r.heaviest !== null && (m.heaviestParcelKg === null || Number(r.heaviest) > m.heaviestParcelKg)) m.heaviestParcelKg = Number(r.heaviest);
    for (const x of r.materials) materials.add(x);
    for (const x of r.categories) categories.add(x);
    for (const b of r.buyers) buyers.set(b, (buyers.get(b) ?? 0) + 1);
  }
  if (!any) return null;
  rhythmAt(group, w, m);
  for (const n of buyers.values()) {
    if (n < repeatMinOrders) continue;
    m.repeatBuyers++;
    m.repeatOrders13w += n;
  }
  m.buyers13w = buyers.size;
  m.materials13w = [...materials].sort();
  m.categories13w = [...categories].sort();
  m.wildlifeMaterials = m.materials13w.filter((x) => (WILDLIFE_MATERIALS as readonly string[]).includes(x));
  m.activeMonths4 = months.size;
  return m;
}

/**
 * The rhythm and top-buyer metrics of one as-of (the `gaps`, `run`, `rhythm`, `steady` and `top`
 * steps of `SignalsRepository.marketSignals`, over the week rows of the 26 weeks).
 */
function rhythmAt(group: WeekRow[], w: ReturnType<typeof windows>, m: MarketMetrics): void {
  const weeks = group.filter((r) => r.week_start >= w.from26 && r.week_start <= w.w0);
  const gaps = weeks.map((r, i) => (i === 0 ? null : Math.round((Date.parse(r.week_start) - Date.parse(weeks[i - 1].week_start)) / (7 * 86_400_000))));
  let runAt = 0;
  gaps.forEach((g, i) => {
    if (g === null || g > RUN_BREAK_WEEKS) runAt = i;
  });
  const after = gaps.slice(runAt + 1) as number[];
  m.patternStartOn = weeks[runAt].first_on;
  m.patternWeeks = weeks.length - runAt;
  m.gapCount = after.length;
  m.gapMaxWeeks = after.length ? Math.max(...after) : null;
  m.gapMedianWeeks = after.length ? median(after) : null;
  // the steady part starts at the last order week (from the pattern's start on) whose gap is over twice the average of the gaps after it
  let brk = runAt;
  for (let i = runAt + 1; i < weeks.length - 1; i++) {
    const rest = gaps.slice(i + 1) as number[];
    const avg = rest.reduce((s, g) => s + g, 0) / rest.length;
    if (gaps[i]! > Math.max(STEADY_BREAK_MIN_WEEKS, 2 * avg)) brk = i;
  }
  m.steadySinceOn = weeks[brk].first_on;
  // the buyer who ordered in the most weeks, then the most value, then the lowest buyer number (buyer_key order)
  const perBuyer = new Map<number, { n: number; weeks: number; units: number; value: number }>();
  for (const r of weeks) {
    const seen = new Set<number>();
    r.buyers.forEach((b, i) => {
      let x = perBuyer.get(b);
      if (!x) perBuyer.set(b, (x = { n: 0, weeks: 0, units: 0, value: 0 }));
      x.n++;
      x.units += r.quantities[i];
      x.value += Number(r.values[i]);
      if (!seen.has(b)) {
        seen.add(b);
        x.weeks++;
      }
    });
  }
  let top: { b: number; n: number; weeks: number; units: number; value: number } | null = null;
  for (const [b, x] of perBuyer) {
    if (!top || x.weeks > top.weeks || (x.weeks === top.weeks && (x.value > top.value || (x.value === top.value && b < top.b)))) top = { b, ...x };
  }
  if (top) {
    m.topBuyerOrders26w = top.n;
    m.topBuyerWeeks26w = top.weeks;
    m.topBuyerUnits26w = top.units;
    m.topBuyerValue26wIdr = top.value;
  }
}

/** The median as Postgres's percentile_cont(0.5) gives it: the mean of the two middle values of an even count. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
