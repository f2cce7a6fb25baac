import { addDays, addMonths, monthStart, weekStart } from '../common/time';
import { WILDLIFE_MATERIALS } from '../common/reference-data';
import { ADVICE_LIMITS } from '../orders/order-advice';

/*
 * The signal SQL: the windows of an as-of, the fragments the signal statements share, and the
 * statement itself (signalsSql) with the row it yields. SignalsRepository runs it and turns its rows
 * into MarketSignals.
 */

/** Window starts for an as-of date (all inclusive, WIB days). */
export function windows(asOf: string) {
  const w0 = weekStart(asOf);
  const from13 = addDays(w0, -12 * 7);
  const from26 = addDays(w0, -25 * 7);
  const months4 = addMonths(monthStart(asOf), -3);
  return { w0, from13, from26, months4, scanFrom: from26 < months4 ? from26 : months4 };
}

/**
 * The first day whose orders an as-of's signals read: its 26-week window (the 4 months lie inside
 * it). Readers that keep only the 26 weeks (the replay's week rows, the candidates' day sets) rely
 * on that; if the windows ever change so that they do not, this throws.
 */
export function signalWindowStart(asOf: string): string {
  const w = windows(asOf);
  if (w.scanFrom !== w.from26) throw new Error(`signals: the month window of ${asOf} starts before its 26-week window`);
  return w.from26;
}

/** A gap between order weeks longer than this ends a pattern: the orders after it are a new pattern with a rhythm of its own. */
export const RUN_BREAK_WEEKS = 8;
/** Within a pattern, a gap over twice the average of the gaps after it (and over this many weeks) ends its steady part. */
export const STEADY_BREAK_MIN_WEEKS = 2;

export const WILDLIFE = `ARRAY[${WILDLIFE_MATERIALS.map((m) => `'${m}'`).join(', ')}]::text[]`;
/** The CNY rate (IDR per yuan) in force on a day, ∞ before the first rate (an SQL expression over `day`). */
export const cnyRateOn = (day: string) =>
  `coalesce((SELECT er.idr_per_unit FROM exchange_rates er WHERE er.currency = 'CNY' AND er.valid_from <= ${day} ORDER BY er.valid_from DESC LIMIT 1), 'Infinity'::numeric)`;
/** A parcel to China above CNY 1,000 at the rate in force on its date (China's personal-parcel limit). */
export const CN_OVER = `(o.destination_country = 'CN' AND o.value_idr > ${ADVICE_LIMITS.cnPersonalParcelCny} * ${cnyRateOn('o.ordered_on')})`;

/** The week, month and China-limit columns every signal source adds to its orders (alias `o`). */
export const ORDER_WEEK_COLUMNS = `date_trunc('week', o.ordered_on::timestamp)::date AS week_start, date_trunc('month', o.ordered_on::timestamp)::date AS month_start,
                ${CN_OVER} AS cn_over`;

/**
 * The rhythm of each (business_id, market): the gaps between its order weeks, the current pattern
 * and its steady part, as CTEs `gaps`, `run`, `rhythm` and `steady` over a CTE `weekly` of
 * (business_id, market, week_start, first_on) with one row per week that has an order in the 26
 * weeks. Shared by signalsSql and the joint-export candidates' combined signals.
 */
export const RHYTHM_CTES = `gaps AS (
         -- the business × market's rhythm: weeks between consecutive order weeks in the 26 weeks
         SELECT business_id, market, week_start, first_on, (week_start - lag(week_start) OVER (PARTITION BY business_id, market ORDER BY week_start)) / 7 AS gap
           FROM weekly
       ), run AS (
         -- the current pattern starts in the first order week after the last gap longer than ${RUN_BREAK_WEEKS} weeks
         SELECT business_id, market, max(week_start) FILTER (WHERE gap IS NULL OR gap > ${RUN_BREAK_WEEKS}) AS run_start
           FROM gaps GROUP BY 1, 2
       ), rhythm AS MATERIALIZED (
         SELECT g.business_id, g.market, to_char(min(g.first_on), 'YYYY-MM-DD') AS run_start, count(*)::int AS run_weeks,
                (percentile_cont(0.5) WITHIN GROUP (ORDER BY g.gap) FILTER (WHERE g.week_start > r.run_start))::float8 AS gap_median,
                max(g.gap) FILTER (WHERE g.week_start > r.run_start)::int AS gap_max,
                count(*) FILTER (WHERE g.week_start > r.run_start)::int AS gaps
           FROM gaps g JOIN run r USING (business_id, market) WHERE g.week_start >= r.run_start GROUP BY 1, 2
       ), steady AS MATERIALIZED (
         -- the steady part of the pattern: from the first order week after its last gap over twice the average of
         -- the gaps that followed it (and over ${STEADY_BREAK_MIN_WEEKS} weeks): the rhythm changed there, e.g. odd sales before a seasonal rush
         SELECT business_id, market, to_char(min(first_on) FILTER (WHERE week_start >= brk), 'YYYY-MM-DD') AS steady_from
           FROM (SELECT x.*, max(x.week_start) FILTER (WHERE x.week_start = x.run_start
                          OR (x.week_start > x.run_start AND x.after_avg IS NOT NULL AND x.gap > greatest(${STEADY_BREAK_MIN_WEEKS}, 2 * x.after_avg)))
                          OVER (PARTITION BY x.business_id, x.market) AS brk
                   FROM (SELECT g.*, r.run_start, avg(g.gap) OVER (PARTITION BY g.business_id, g.market ORDER BY g.week_start ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS after_avg
                           FROM gaps g JOIN run r USING (business_id, market)) x) y
          GROUP BY 1, 2`;

/**
 * The signal aggregate over a source of orders: one row per (business_id, market) of the source.
 * `source` is a SELECT yielding business_id, market, ordered_on, buyer_key, value_idr, weight_kg,
 * material, product_category, quantity plus ORDER_WEEK_COLUMNS, already limited to live orders in
 * [$3, $2]. Parameters: $1 (free for the source), $2 asOf, $3 scanFrom, $4 week start, $5 13-week
 * start, $6 26-week start, $7 4-month start, $8 repeat-buyer minimum orders; a source may add $9….
 * A source may put any text key in business_id (joint-export candidates group several businesses
 * under one key; buyer_key must then be unique across them).
 */
export function signalsSql(source: string): string {
  // No aggregate here is DISTINCT or ordered over the orders themselves: such an aggregate makes
  // Postgres sort the window's orders per pair and run a sort per pair and aggregate. The distinct
  // weeks, buyers and months come from groupings (bw, weekly, buyers) or one flag per month.
  return `WITH o AS MATERIALIZED (
         ${source}
       ), agg AS (
         SELECT business_id, market,
                count(*) FILTER (WHERE week_start = $4)::int AS orders_this_week,
                count(*) FILTER (WHERE week_start >= $5)::int AS orders13w,
                coalesce(sum(value_idr) FILTER (WHERE week_start >= $5), 0)::text AS value13w,
                count(*) FILTER (WHERE week_start >= $6 AND week_start < $5)::int AS orders_prev13w,
                coalesce(sum(value_idr) FILTER (WHERE week_start >= $6 AND week_start < $5), 0)::text AS value_prev13w,
                -- the 4 months are $7 and the three after it (the as-of's month is the last): a flag each
                (bool_or(month_start = $7::date)::int + bool_or(month_start = ($7::date + interval '1 month')::date)::int
                 + bool_or(month_start = ($7::date + interval '2 months')::date)::int + bool_or(month_start = ($7::date + interval '3 months')::date)::int) AS active_months4,
                max(weight_kg) FILTER (WHERE week_start >= $5)::text AS heaviest13w,
                count(*) FILTER (WHERE week_start >= $5 AND material = ANY(${WILDLIFE}))::int AS wildlife_orders13w,
                count(*) FILTER (WHERE week_start >= $5 AND cn_over)::int AS cn_over13w,
                to_char(max(ordered_on) FILTER (WHERE week_start >= $6), 'YYYY-MM-DD') AS last_on
           FROM o GROUP BY 1, 2
       ), kinds AS (
         -- the 13 weeks' materials and categories: a handful per pair, made distinct before the arrays sort them
         SELECT business_id, market, array_agg(DISTINCT material ORDER BY material) AS materials13w,
                array_agg(DISTINCT product_category ORDER BY product_category) AS categories13w
           FROM (SELECT DISTINCT business_id, market, material, product_category FROM o WHERE week_start >= $5) k
          GROUP BY 1, 2
       ), bw AS MATERIALIZED (
         -- one row per buyer and order week of the 26: the weekly, repeat-buyer and top-buyer figures sum these
         SELECT business_id, market, buyer_key, week_start, count(*)::int AS n, sum(value_idr) AS v, sum(quantity) AS u, min(ordered_on) AS first_on
           FROM o WHERE week_start >= $6 GROUP BY 1, 2, 3, 4
       ), weekly AS (
         SELECT business_id, market, week_start, sum(n)::int AS orders, sum(v)::bigint AS value_idr, count(*)::int AS buyers, min(first_on) AS first_on
           FROM bw GROUP BY 1, 2, 3
       ), series AS (
         SELECT business_id, market, max(orders) FILTER (WHERE week_start >= $5)::int AS peak_week_orders,
                count(*) FILTER (WHERE week_start >= $5)::int AS active_weeks13,
                json_agg(json_build_object('weekStart', to_char(week_start, 'YYYY-MM-DD'), 'orders', orders, 'valueIdr', value_idr::text, 'buyers', buyers)
                         ORDER BY week_start) AS series
           FROM weekly GROUP BY 1, 2
       ), buyers AS MATERIALIZED (
         SELECT business_id, market, buyer_key, sum(n)::int AS n, coalesce(sum(n) FILTER (WHERE week_start >= $5), 0)::int AS n13,
                count(*)::int AS w, sum(u)::int AS u, sum(v) AS v
           FROM bw GROUP BY 1, 2, 3
       ), rep AS (
         SELECT business_id, market, count(*) FILTER (WHERE n13 >= $8)::int AS repeat_buyers, count(*)::int AS buyers13w,
                coalesce(sum(n13) FILTER (WHERE n13 >= $8), 0)::int AS repeat_orders13w
           FROM buyers WHERE n13 > 0 GROUP BY 1, 2
       ), ${RHYTHM_CTES}
       ), top AS MATERIALIZED (
         -- the buyer who ordered in the most weeks of the 26 (then the most value): one routine buyer in volume counts as repeat demand
         SELECT DISTINCT ON (business_id, market) business_id, market, n AS top_orders, w AS top_weeks, u AS top_units, v::text AS top_value
           FROM buyers
          ORDER BY business_id, market, w DESC, v DESC, buyer_key
       )
       SELECT a.*, coalesce(s.active_weeks13, 0) AS active_weeks13, k.materials13w, k.categories13w,
              coalesce(s.peak_week_orders, 0) AS peak_week_orders, s.series,
              coalesce(r.repeat_buyers, 0) AS repeat_buyers, coalesce(r.buyers13w, 0) AS buyers13w, coalesce(r.repeat_orders13w, 0) AS repeat_orders13w,
              h.run_start, st.steady_from, coalesce(h.run_weeks, 0) AS run_weeks, h.gap_median, h.gap_max, coalesce(h.gaps, 0) AS gaps,
              coalesce(t.top_orders, 0) AS top_orders, coalesce(t.top_weeks, 0) AS top_weeks, coalesce(t.top_units, 0) AS top_units, coalesce(t.top_value, '0') AS top_value
         FROM agg a
         LEFT JOIN kinds k USING (business_id, market)
         LEFT JOIN series s USING (business_id, market)
         LEFT JOIN rep r USING (business_id, market)
         LEFT JOIN rhythm h USING (business_id, market)
         LEFT JOIN steady st USING (business_id, market)
         LEFT JOIN top t USING (business_id, market)
        WHERE a.last_on IS NOT NULL OR a.active_months4 > 0
        ORDER BY a.business_id, a.market`;
}

/** One row of signalsSql (and of any statement that yields the same columns). */
export interface AggRow {
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
  run_start: string | null;
  steady_from: string | null;
  run_weeks: number;
  gap_median: number | null;
  gap_max: number | null;
  gaps: number;
  top_orders: number;
  top_weeks: number;
  top_units: number;
  top_value: string;
}
