import { Injectable } from '@nestjs/common';
import { addDays, isoWeek } from '../common/time';
import { WILDLIFE_MATERIALS } from '../common/reference-data';
import { Db, Queryable } from '../database/db';
import type { MarketMetrics, SeriesPoint } from '../flags/flag.types';
import { AggRow, ORDER_WEEK_COLUMNS, signalsSql, windows } from './signals.sql';

export interface MarketSignals {
  businessId: string;
  market: string;
  metrics: MarketMetrics;
  series: SeriesPoint[];
}

/**
 * Runs the signal SQL (signals.sql.ts): the rolling-window aggregates per business × market as of a date, computed in
 * one pass over the window's live orders (index on business × day). Nothing here loads orders into
 * memory: rows out are one per business × market.
 *
 * There are no rollup tables. They were measured at 2 M orders: buyer signals need the orders of the
 * window anyway (almost every buyer orders at most once a week, so a per-buyer rollup is as large as
 * the orders), and reading the window once costs no more than reading weekly rollups plus those
 * orders, while building the rollups doubled a cold run and marking them dirty taxed every insert.
 */
@Injectable()
export class SignalsRepository {
  constructor(private readonly db: Db) {}

  /** What the checklist needs of each business: its NIB, customs access and materials. */
  businessProfiles(ids: string[], q: Queryable): Promise<Array<{ id: string; nib: string | null; has_customs_access: boolean; materials: string[] }>> {
    return this.db.many('SELECT id, nib, has_customs_access, materials FROM businesses WHERE id = ANY($1::uuid[])', [ids], q);
  }

  /**
   * Signals of the given businesses (or all when null) as of the end of `asOf` (WIB), one row per
   * business × market with an order in the last 26 weeks or 4 months. Orders dated after asOf are
   * never counted, so a mid-week or past as-of (replay) reads exactly what was known by then.
   */
  marketSignals(businessIds: string[] | null, asOf: string, repeatMinOrders: number, q?: Queryable): Promise<MarketSignals[]> {
    return querySignals(
      this.db,
      `SELECT o.business_id, o.destination_country AS market, o.ordered_on, o.buyer_key, o.value_idr, o.weight_kg, o.material, o.product_category, o.quantity,
              ${ORDER_WEEK_COLUMNS}
         FROM orders o
        WHERE ($1::uuid[] IS NULL OR o.business_id = ANY($1)) AND o.ordered_on >= $3 AND o.ordered_on <= $2 AND o.voided_at IS NULL`,
      { $1: businessIds, asOf, repeatMinOrders },
      q,
    );
  }
}

/**
 * Runs signalsSql over a source: `$1` and `extra` ($9…) are the source's own parameters. Rows come
 * back as MarketSignals keyed by the source's business_id (a real business or a group key).
 */
export async function querySignals(
  db: Db,
  source: string,
  args: { $1: unknown; asOf: string; repeatMinOrders: number; extra?: unknown[] },
  q?: Queryable,
): Promise<MarketSignals[]> {
  const w = windows(args.asOf);
  const rows = await db.many<AggRow>(
    signalsSql(source),
    [args.$1, args.asOf, w.scanFrom, w.w0, w.from13, w.from26, w.months4, args.repeatMinOrders, ...(args.extra ?? [])],
    q,
  );
  return rows.map((r) => toMarketSignals(r, args.asOf));
}

export function emptyMetrics(): MarketMetrics {
  return {
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
    patternStartOn: null,
    steadySinceOn: null,
    patternWeeks: 0,
    gapMedianWeeks: null,
    gapMaxWeeks: null,
    gapCount: 0,
    topBuyerOrders26w: 0,
    topBuyerWeeks26w: 0,
    topBuyerUnits26w: 0,
    topBuyerValue26wIdr: 0,
  };
}

const seriesWeeks = new Map<string, Array<{ start: string; label: string }>>();

/** The 26 week starts and ISO labels ending with asOf's week (computed once per as-of: a run asks for thousands). */
function weeksOf(asOf: string): Array<{ start: string; label: string }> {
  let weeks = seriesWeeks.get(asOf);
  if (!weeks) {
    const { from26 } = windows(asOf);
    weeks = Array.from({ length: 26 }, (_, i) => {
      const start = addDays(from26, i * 7);
      return { start, label: isoWeek(start) };
    });
    if (seriesWeeks.size >= 256) seriesWeeks.clear(); // replays walk many as-ofs: keep it bounded
    seriesWeeks.set(asOf, weeks);
  }
  return weeks;
}

/** The 26 weekly points ending with asOf's week, zero-filled. */
export function fullSeries(
  asOf: string,
  points: Array<{ weekStart: string; orders: number; valueIdr: string | number; buyers: number }> | null,
): SeriesPoint[] {
  const byWeek = new Map((points ?? []).map((p) => [p.weekStart, p]));
  return weeksOf(asOf).map(({ start, label }) => {
    const p = byWeek.get(start);
    return { week: label, orders: p?.orders ?? 0, valueIdr: Number(p?.valueIdr ?? 0), buyers: p?.buyers ?? 0 };
  });
}

export function toMarketSignals(r: AggRow, asOf: string): MarketSignals {
  const materials = r.materials13w ?? [];
  return {
    businessId: r.business_id,
    market: r.market,
    metrics: {
      ordersThisWeek: r.orders_this_week,
      orders13w: r.orders13w,
      value13wIdr: Number(r.value13w),
      ordersPrev13w: r.orders_prev13w,
      valuePrev13wIdr: Number(r.value_prev13w),
      repeatBuyers: r.repeat_buyers,
      buyers13w: r.buyers13w,
      repeatOrders13w: r.repeat_orders13w,
      heaviestParcelKg: r.heaviest13w === null ? null : Number(r.heaviest13w),
      wildlifeMaterials: materials.filter((m) => (WILDLIFE_MATERIALS as readonly string[]).includes(m)),
      wildlifeOrders13w: r.wildlife_orders13w,
      materials13w: materials,
      categories13w: r.categories13w ?? [],
      cnOverLimit13w: r.cn_over13w,
      activeWeeks13: r.active_weeks13,
      activeMonths4: r.active_months4,
      peakWeekOrders: r.peak_week_orders,
      lastOrderOn: r.last_on,
      patternStartOn: r.run_start,
      steadySinceOn: r.steady_from,
      patternWeeks: r.run_weeks,
      gapMedianWeeks: r.gap_median === null ? null : Number(r.gap_median),
      gapMaxWeeks: r.gap_max,
      gapCount: r.gaps,
      topBuyerOrders26w: r.top_orders,
      topBuyerWeeks26w: r.top_weeks,
      topBuyerUnits26w: r.top_units,
      topBuyerValue26wIdr: Number(r.top_value),
    },
    series: fullSeries(asOf, r.series),
  };
}
