import { Injectable } from '@nestjs/common';
import { addDays, addMonths, isoWeek, monthStart, weekStart } from '../common/time';
import { WILDLIFE_MATERIALS } from '../common/reference-data';
import { Db, Queryable } from '../database/db';
import type { MarketMetrics, SeriesPoint } from '../flags/flag.types';

/** The first day of the rollup bucket holding a date: the later of its ISO week's Monday and its month's 1st. */
export function bucketStart(date: string): string {
  const w = weekStart(date);
  const m = monthStart(date);
  return w > m ? w : m;
}

/** Window starts for an as-of date (all inclusive, WIB days). */
export function windows(asOf: string) {
  const w0 = weekStart(asOf);
  const from13 = addDays(w0, -12 * 7);
  const from26 = addDays(w0, -25 * 7);
  const months4 = addMonths(monthStart(asOf), -3);
  return { w0, from13, from26, months4, bucket0: bucketStart(asOf), scanFrom: from26 < months4 ? from26 : months4 };
}

export interface MarketSignals {
  businessId: string;
  market: string;
  metrics: MarketMetrics;
  series: SeriesPoint[];
}

const WILDLIFE = `ARRAY[${WILDLIFE_MATERIALS.map((m) => `'${m}'`).join(', ')}]::text[]`;
/** A parcel to China above CNY 1,000 at the rate in force on its date (China's personal-parcel limit). */
const CN_OVER = `(o.destination_country = 'CN' AND o.value_idr > 1000 * coalesce((SELECT er.idr_per_unit FROM exchange_rates er
   WHERE er.currency = 'CNY' AND er.valid_from <= o.ordered_on ORDER BY er.valid_from DESC LIMIT 1), 'Infinity'::numeric))`;

/** Per-bucket aggregate of live (non-voided) orders; used both to build rollups and for the as-of's open bucket. */
const BUCKET_AGG = `count(*)::int AS orders, sum(o.value_idr)::bigint AS value_idr, max(o.weight_kg) AS max_weight_kg,
  count(*) FILTER (WHERE o.material = ANY(${WILDLIFE}))::int AS wildlife_orders, count(*) FILTER (WHERE ${CN_OVER})::int AS cn_over_limit,
  array_agg(DISTINCT o.material ORDER BY o.material) AS materials, array_agg(DISTINCT o.product_category ORDER BY o.product_category) AS categories,
  max(o.ordered_on) AS last_on`;

interface AggRow {
  business_id: string;
  market: string;
  orders_this_week: number;
  orders13w: number;
  value13w: string;
  orders_prev13w: number;
  value_prev13w: string;
  active_weeks13: number;
  active_months4: number;
  heaviest13w: string | null;
  wildlife_orders13w: number;
  cn_over13w: number;
  last_on: string | null;
  peak_week_orders: number;
  materials13w: string[] | null;
  categories13w: string[] | null;
  repeat_buyers: number;
  buyers13w: number;
  repeat_orders13w: number;
  series: Array<{ weekStart: string; orders: number; valueIdr: string; buyers: number }> | null;
}

/**
 * Owns the signal SQL: weekly rollups of orders (refreshed per business from the dirty buckets a
 * trigger on orders records) and the rolling-window aggregates per business × market as of a date.
 * Nothing here loads orders into memory: rows out are one per business × market.
 */
@Injectable()
export class SignalsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Recomputes the rollup buckets that orders touched since the last refresh (new, back-dated,
   * voided or re-valued orders) for a set of businesses, set-wise. `from` limits the work to the
   * buckets a run reads (its 26-week / 4-month window); older dirty buckets stay marked and are
   * rebuilt when something reads them (replay refreshes everything). Serialised per business by
   * advisory locks taken in id order, so concurrent refreshes cannot deadlock.
   */
  async refreshRollups(businessIds: string[], q: Queryable, from: string | null = null): Promise<number> {
    if (!businessIds.length) return 0;
    const ids = [...businessIds].sort();
    await this.db.exec(`SELECT pg_advisory_xact_lock(hashtextextended('watch-rollup:' || id, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n) ORDER BY n`, [ids], q);
    const dirty = await this.db.many<{ b: string; s: string }>(
      `DELETE FROM watch_rollup_dirty WHERE business_id = ANY($1::uuid[]) AND ($2::date IS NULL OR bucket_start >= $2)
       RETURNING business_id AS b, to_char(bucket_start, 'YYYY-MM-DD') AS s`,
      [ids, from],
      q,
    );
    if (!dirty.length) return 0;
    const bs = dirty.map((d) => d.b);
    const ss = dirty.map((d) => d.s);
    let lo = ss[0];
    let hi = ss[0];
    for (const x of ss) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const owners = [...new Set(bs)];
    // the owner list lets the primary key find the rows (a join on the pairs alone scans the table)
    await this.db.exec(
      'DELETE FROM watch_rollups r USING unnest($1::uuid[], $2::date[]) d(b, s) WHERE r.business_id = ANY($3::uuid[]) AND r.business_id = d.b AND r.bucket_start = d.s',
      [bs, ss, owners],
      q,
    );
    await this.db.exec(
      `INSERT INTO watch_rollups (business_id, market, bucket_start, week_start, month_start, orders, value_idr, max_weight_kg,
                                  wildlife_orders, cn_over_limit, materials, categories, last_on)
       SELECT o.business_id, o.destination_country, d.s, date_trunc('week', d.s::timestamp)::date,
              date_trunc('month', d.s::timestamp)::date, ${BUCKET_AGG}
         FROM orders o JOIN unnest($1::uuid[], $2::date[]) d(b, s)
           ON d.b = o.business_id AND o.ordered_on >= d.s AND o.ordered_on < d.s + 7 AND d.s = watch_bucket(o.ordered_on)
        WHERE o.business_id = ANY($3::uuid[]) AND o.ordered_on BETWEEN $4 AND $5 AND o.voided_at IS NULL
        GROUP BY 1, 2, 3`,
      [bs, ss, owners, lo, addDays(hi, 6)],
      q,
    );
    return dirty.length;
  }

  /** Refreshes every dirty rollup bucket (replay reads any past week), a few hundred businesses per transaction. */
  async refreshAllRollups(chunk = 250): Promise<void> {
    const ids = (await this.db.many<{ business_id: string }>('SELECT DISTINCT business_id FROM watch_rollup_dirty ORDER BY 1')).map((r) => r.business_id);
    for (let i = 0; i < ids.length; i += chunk) await this.db.tx((c) => this.refreshRollups(ids.slice(i, i + chunk), c));
  }

  /**
   * Signals of the given businesses (or all when null) as of the end of `asOf` (WIB), one row per
   * business × market with an order in the last 26 weeks or 4 months. Closed buckets come from the
   * rollups; the bucket holding asOf is read from orders up to asOf, so a mid-week as-of never
   * counts later orders.
   */
  async marketSignals(businessIds: string[] | null, asOf: string, repeatMinOrders: number, q?: Queryable): Promise<MarketSignals[]> {
    const w = windows(asOf);
    const rows = await this.db.many<AggRow>(
      `WITH b AS (
         SELECT business_id, market, week_start, month_start, orders, value_idr, max_weight_kg, wildlife_orders, cn_over_limit, materials, categories, last_on
           FROM watch_rollups
          WHERE ($1::uuid[] IS NULL OR business_id = ANY($1)) AND bucket_start >= $3 AND bucket_start < $4
         UNION ALL
         SELECT o.business_id, o.destination_country, $5::date, date_trunc('month', $2::date::timestamp)::date, ${BUCKET_AGG}
           FROM orders o
          WHERE ($1::uuid[] IS NULL OR o.business_id = ANY($1)) AND o.ordered_on >= $4 AND o.ordered_on <= $2 AND o.voided_at IS NULL
          GROUP BY 1, 2
       ), bb AS (
         -- buyers per week, read from orders: a rollup per buyer would be nearly as large as the orders
         -- themselves (most buyers order once a week at most) and cost more to keep than to read
         SELECT o.business_id, o.destination_country AS market, date_trunc('week', o.ordered_on::timestamp)::date AS week_start, o.buyer_key, count(*)::int AS orders
           FROM orders o
          WHERE ($1::uuid[] IS NULL OR o.business_id = ANY($1)) AND o.ordered_on >= $7 AND o.ordered_on <= $2 AND o.voided_at IS NULL
          GROUP BY 1, 2, 3, 4
       ), agg AS (
         SELECT business_id, market,
                coalesce(sum(orders) FILTER (WHERE week_start = $5), 0)::int AS orders_this_week,
                coalesce(sum(orders) FILTER (WHERE week_start >= $6), 0)::int AS orders13w,
                coalesce(sum(value_idr) FILTER (WHERE week_start >= $6), 0)::text AS value13w,
                coalesce(sum(orders) FILTER (WHERE week_start >= $7 AND week_start < $6), 0)::int AS orders_prev13w,
                coalesce(sum(value_idr) FILTER (WHERE week_start >= $7 AND week_start < $6), 0)::text AS value_prev13w,
                count(DISTINCT week_start) FILTER (WHERE week_start >= $6)::int AS active_weeks13,
                count(DISTINCT month_start) FILTER (WHERE month_start >= $8)::int AS active_months4,
                max(max_weight_kg) FILTER (WHERE week_start >= $6)::text AS heaviest13w,
                coalesce(sum(wildlife_orders) FILTER (WHERE week_start >= $6), 0)::int AS wildlife_orders13w,
                coalesce(sum(cn_over_limit) FILTER (WHERE week_start >= $6), 0)::int AS cn_over13w,
                to_char(max(last_on) FILTER (WHERE week_start >= $7), 'YYYY-MM-DD') AS last_on
           FROM b GROUP BY 1, 2
       ), weekly AS (
         SELECT business_id, market, week_start, sum(orders)::int AS orders, sum(value_idr)::bigint AS value_idr
           FROM b WHERE week_start >= $7 GROUP BY 1, 2, 3
       ), wbuyers AS (
         SELECT business_id, market, week_start, count(DISTINCT buyer_key)::int AS buyers FROM bb GROUP BY 1, 2, 3
       ), series AS (
         SELECT w.business_id, w.market,
                max(w.orders) FILTER (WHERE w.week_start >= $6)::int AS peak_week_orders,
                json_agg(json_build_object('weekStart', to_char(w.week_start, 'YYYY-MM-DD'), 'orders', w.orders, 'valueIdr', w.value_idr::text,
                                           'buyers', coalesce(wb.buyers, 0)) ORDER BY w.week_start) AS series
           FROM weekly w LEFT JOIN wbuyers wb USING (business_id, market, week_start)
          GROUP BY 1, 2
       ), mats AS (
         SELECT business_id, market, array_agg(DISTINCT m ORDER BY m) AS materials13w
           FROM b, unnest(materials) m WHERE week_start >= $6 GROUP BY 1, 2
       ), cats AS (
         SELECT business_id, market, array_agg(DISTINCT c ORDER BY c) AS categories13w
           FROM b, unnest(categories) c WHERE week_start >= $6 GROUP BY 1, 2
       ), buyer13 AS (
         SELECT business_id, market, buyer_key, sum(orders)::int AS n FROM bb WHERE week_start >= $6 GROUP BY 1, 2, 3
       ), rep AS (
         SELECT business_id, market, count(*) FILTER (WHERE n >= $9)::int AS repeat_buyers, count(*)::int AS buyers13w,
                coalesce(sum(n) FILTER (WHERE n >= $9), 0)::int AS repeat_orders13w
           FROM buyer13 GROUP BY 1, 2
       )
       SELECT a.*, coalesce(s.peak_week_orders, 0) AS peak_week_orders, s.series, m.materials13w, c.categories13w,
              coalesce(r.repeat_buyers, 0) AS repeat_buyers, coalesce(r.buyers13w, 0) AS buyers13w, coalesce(r.repeat_orders13w, 0) AS repeat_orders13w
         FROM agg a
         LEFT JOIN series s USING (business_id, market)
         LEFT JOIN mats m USING (business_id, market)
         LEFT JOIN cats c USING (business_id, market)
         LEFT JOIN rep r USING (business_id, market)
        WHERE a.last_on IS NOT NULL OR a.active_months4 > 0
        ORDER BY a.business_id, a.market`,
      [businessIds, asOf, w.scanFrom, w.bucket0, w.w0, w.from13, w.from26, w.months4, repeatMinOrders],
      q,
    );
    return rows.map((r) => toMarketSignals(r, asOf));
  }

  /** The orders behind flags' claims (live orders to the market in the 13 weeks, newest first, at most `limit`) for many business × market pairs in one query; keyed `business|market`. */
  async evidenceOrderIdsMany(pairs: Array<{ businessId: string; market: string }>, asOf: string, limit = 50, q?: Queryable): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!pairs.length) return out;
    const w = windows(asOf);
    const rows = await this.db.many<{ k: string; ids: string[] | null }>(
      `SELECT p.b || '|' || p.m AS k, e.ids
         FROM unnest($1::uuid[], $2::text[]) AS p(b, m)
         CROSS JOIN LATERAL (
           SELECT array_agg(x.id ORDER BY x.ordered_at DESC, x.id DESC) AS ids
             FROM (SELECT id, ordered_at FROM orders
                    WHERE business_id = p.b AND destination_country = p.m AND ordered_on BETWEEN $3 AND $4 AND voided_at IS NULL
                      -- the same lower bound on ordered_at (00:00 WIB) lets the index scan stop at the window's start
                      AND ordered_at >= ($3::date::timestamp AT TIME ZONE 'Asia/Jakarta')
                    ORDER BY ordered_at DESC, id DESC LIMIT $5) x) e`,
      [pairs.map((p) => p.businessId), pairs.map((p) => p.market), w.from13, asOf, limit],
      q,
    );
    for (const r of rows) out.set(r.k, r.ids ?? []);
    return out;
  }

}

export function emptyMetrics(): MarketMetrics {
  return {
    ordersThisWeek: 0, orders13w: 0, value13wIdr: 0, ordersPrev13w: 0, valuePrev13wIdr: 0, repeatBuyers: 0, buyers13w: 0,
    repeatOrders13w: 0, heaviestParcelKg: null, wildlifeMaterials: [], wildlifeOrders13w: 0, materials13w: [], categories13w: [],
    cnOverLimit13w: 0, activeWeeks13: 0, activeMonths4: 0, peakWeekOrders: 0, lastOrderOn: null,
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
export function fullSeries(asOf: string, points: Array<{ weekStart: string; orders: number; valueIdr: string | number; buyers: number }> | null): SeriesPoint[] {
  const byWeek = new Map((points ?? []).map((p) => [p.weekStart, p]));
  return weeksOf(asOf).map(({ start, label }) => {
    const p = byWeek.get(start);
    return { week: label, orders: p?.orders ?? 0, valueIdr: Number(p?.valueIdr ?? 0), buyers: p?.buyers ?? 0 };
  });
}

function toMarketSignals(r: AggRow, asOf: string): MarketSignals {
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
    },
    series: fullSeries(asOf, r.series),
  };
}
