-- The weekly run's baseline: one hand-written aggregate over raw orders computing the same signals
-- the product computes per business × market as of the end of WIB day $1 (voided orders excluded):
-- every field of MarketMetrics (src/flags/flag.types.ts) and the 26-week series the flags show.
-- 13 weeks = the ISO week of $1 and the 12 before; 26 weeks = that and the 13 before;
-- 4 months = the month of $1 and the 3 before. Repeat buyer = 2+ orders in 13 weeks (rule set v1).
-- Rhythm: gaps in weeks between consecutive order weeks of the 26; the current pattern starts after the
-- last gap over 8 weeks (its first order day), its steady part after the last gap over twice the average
-- of the gaps after it and over 2 weeks; the top buyer orders in the most of the 26 weeks (then the most value).
-- test/watch/incremental-vs-full.spec.ts checks the product's signals against this query.
WITH p AS (
  SELECT $1::date AS as_of,
         date_trunc('week', $1::date)::date AS w0,
         date_trunc('week', $1::date)::date - 84 AS w13_from,
         date_trunc('week', $1::date)::date - 175 AS w26_from,
         (date_trunc('month', $1::date) - interval '3 months')::date AS m4_from
), o AS MATERIALIZED (
  SELECT o.business_id, o.destination_country AS market, o.ordered_on, date_trunc('week', o.ordered_on)::date AS week,
         o.buyer_key, o.value_idr, o.weight_kg, o.material, o.product_category, o.quantity,
         (o.destination_country = 'CN' AND o.value_idr > 1000 * coalesce((SELECT er.idr_per_unit FROM exchange_rates er
            WHERE er.currency = 'CNY' AND er.valid_from <= o.ordered_on ORDER BY er.valid_from DESC LIMIT 1), 'Infinity'::numeric)) AS cn_over
    FROM orders o, p
   WHERE o.voided_at IS NULL AND o.ordered_on >= least(p.w26_from, p.m4_from) AND o.ordered_on <= p.as_of
), g AS (
  SELECT o.business_id, o.market,
         count(*) FILTER (WHERE o.ordered_on >= p.w0) AS orders_this_week,
         count(*) FILTER (WHERE o.ordered_on >= p.w13_from) AS orders13w,
         coalesce(sum(o.value_idr) FILTER (WHERE o.ordered_on >= p.w13_from), 0) AS value13w,
         count(*) FILTER (WHERE o.ordered_on >= p.w26_from AND o.ordered_on < p.w13_from) AS orders_prev13w,
         coalesce(sum(o.value_idr) FILTER (WHERE o.ordered_on >= p.w26_from AND o.ordered_on < p.w13_from), 0) AS value_prev13w,
         count(DISTINCT o.week) FILTER (WHERE o.ordered_on >= p.w13_from) AS active_weeks,
         count(DISTINCT date_trunc('month', o.ordered_on)) FILTER (WHERE o.ordered_on >= p.m4_from) AS active_months,
         max(o.weight_kg) FILTER (WHERE o.ordered_on >= p.w13_from) AS heaviest_kg,
         count(*) FILTER (WHERE o.ordered_on >= p.w13_from AND o.material IN ('snakeskin', 'stingray')) AS wildlife13w,
         count(*) FILTER (WHERE o.ordered_on >= p.w13_from AND o.cn_over) AS cn_over13w,
         array_agg(DISTINCT o.material ORDER BY o.material) FILTER (WHERE o.ordered_on >= p.w13_from) AS materials13w,
         array_agg(DISTINCT o.product_category ORDER BY o.product_category) FILTER (WHERE o.ordered_on >= p.w13_from) AS categories13w,
         max(o.ordered_on) FILTER (WHERE o.ordered_on >= p.w26_from) AS last_order
    FROM o, p GROUP BY o.business_id, o.market
), wk AS (
  SELECT o.business_id, o.market, o.week, count(*) AS orders, sum(o.value_idr) AS value_idr, count(DISTINCT o.buyer_key) AS buyers
    FROM o, p WHERE o.ordered_on >= p.w26_from
   GROUP BY o.business_id, o.market, o.week
), series AS (
  SELECT wk.business_id, wk.market,
         max(wk.orders) FILTER (WHERE wk.week >= p.w13_from) AS peak_week_orders,
         json_agg(json_build_object('weekStart', to_char(wk.week, 'YYYY-MM-DD'), 'orders', wk.orders, 'valueIdr', wk.value_idr::text, 'buyers', wk.buyers)
                  ORDER BY wk.week) AS series
    FROM wk, p GROUP BY wk.business_id, wk.market
), rb AS (
  SELECT business_id, market, count(*) AS buyers13w, count(*) FILTER (WHERE n >= 2) AS repeat_buyers,
         coalesce(sum(n) FILTER (WHERE n >= 2), 0) AS repeat_orders13w
    FROM (SELECT o.business_id, o.market, o.buyer_key, count(*) AS n FROM o, p WHERE o.ordered_on >= p.w13_from
           GROUP BY o.business_id, o.market, o.buyer_key) x
   GROUP BY business_id, market
), ow AS (
  SELECT o.business_id, o.market, o.week, min(o.ordered_on) AS first_on FROM o, p WHERE o.ordered_on >= p.w26_from
   GROUP BY o.business_id, o.market, o.week
), gp AS (
  SELECT ow.*, (ow.week - lag(ow.week) OVER (PARTITION BY ow.business_id, ow.market ORDER BY ow.week)) / 7 AS gap FROM ow
), st AS (
  SELECT business_id, market, max(week) AS run_start FROM gp WHERE gap IS NULL OR gap > 8 GROUP BY business_id, market
), rh AS (
  SELECT gp.business_id, gp.market, min(gp.first_on) AS run_start,
         count(*) AS run_weeks,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY gp.gap) FILTER (WHERE gp.week > st.run_start) AS gap_median,
         max(gp.gap) FILTER (WHERE gp.week > st.run_start) AS gap_max, count(gp.gap) FILTER (WHERE gp.week > st.run_start) AS gaps
    FROM gp JOIN st USING (business_id, market) WHERE gp.week >= st.run_start
   GROUP BY gp.business_id, gp.market, st.run_start
), fa AS (
  SELECT gp.business_id, gp.market, gp.week, gp.gap, st.run_start,
         avg(gp.gap) OVER (PARTITION BY gp.business_id, gp.market ORDER BY gp.week ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS later_avg
    FROM gp JOIN st USING (business_id, market)
), sf AS (
  SELECT business_id, market, max(week) AS brk FROM fa
   WHERE week = run_start OR (week > run_start AND later_avg IS NOT NULL AND gap > greatest(2, 2 * later_avg))
   GROUP BY business_id, market
), tb AS (
  SELECT DISTINCT ON (business_id, market) business_id, market, n AS top_orders, w AS top_weeks, u AS top_units, v AS top_value
    FROM (SELECT o.business_id, o.market, o.buyer_key, count(*) AS n, count(DISTINCT o.week) AS w, sum(o.quantity) AS u, sum(o.value_idr) AS v
            FROM o, p WHERE o.ordered_on >= p.w26_from GROUP BY o.business_id, o.market, o.buyer_key) x
   ORDER BY business_id, market, w DESC, v DESC, buyer_key
)
SELECT g.business_id, g.market, g.orders_this_week, g.orders13w, g.value13w, g.orders_prev13w, g.value_prev13w,
       g.active_months, g.active_weeks, g.heaviest_kg, g.wildlife13w, g.cn_over13w, g.materials13w, g.categories13w,
       to_char(g.last_order, 'YYYY-MM-DD') AS last_order,
       coalesce(rb.repeat_buyers, 0) AS repeat_buyers, coalesce(rb.buyers13w, 0) AS buyers13w, coalesce(rb.repeat_orders13w, 0) AS repeat_orders13w,
       coalesce(s.peak_week_orders, 0) AS peak_week_orders, s.series,
       to_char(rh.run_start, 'YYYY-MM-DD') AS run_start,
       to_char(sw.first_on, 'YYYY-MM-DD') AS steady_from, coalesce(rh.run_weeks, 0) AS run_weeks, rh.gap_median, rh.gap_max, coalesce(rh.gaps, 0) AS gaps,
       coalesce(tb.top_orders, 0) AS top_orders, coalesce(tb.top_weeks, 0) AS top_weeks, coalesce(tb.top_units, 0) AS top_units, coalesce(tb.top_value, 0) AS top_value
  FROM g
  LEFT JOIN series s USING (business_id, market)
  LEFT JOIN rb USING (business_id, market)
  LEFT JOIN rh USING (business_id, market)
  LEFT JOIN tb USING (business_id, market)
  LEFT JOIN sf USING (business_id, market)
  LEFT JOIN gp sw ON sw.business_id = g.business_id AND sw.market = g.market AND sw.week = sf.brk
 ORDER BY g.business_id, g.market
