-- The weekly run's baseline: one hand-written aggregate computing every signal of the rule set
-- (src/flags/rule-set.ts) per business × market as of the end of WIB day $1, voided orders excluded.
-- 13 weeks = the ISO week of $1 and the 12 before; 4 months = the month of $1 and the 3 before.
WITH p AS (
  SELECT $1::date AS as_of,
         date_trunc('week', $1::date)::date - 84 AS w13_from,
         date_trunc('week', $1::date)::date - 175 AS w26_from,
         (date_trunc('month', $1::date) - interval '3 months')::date AS m4_from
), o AS (
  SELECT o.business_id, o.destination_country AS market, o.ordered_on, o.buyer_key, o.value_idr, o.weight_kg, o.material
    FROM orders o, p
   WHERE o.voided_at IS NULL AND o.ordered_on >= least(p.w26_from, p.m4_from) AND o.ordered_on <= p.as_of
), g AS (
  SELECT o.business_id, o.market,
         count(*) FILTER (WHERE o.ordered_on >= p.w13_from) AS orders13w,
         count(DISTINCT date_trunc('month', o.ordered_on)) FILTER (WHERE o.ordered_on >= p.m4_from) AS active_months,
         count(DISTINCT date_trunc('week', o.ordered_on)) FILTER (WHERE o.ordered_on >= p.w13_from) AS active_weeks,
         coalesce(sum(o.value_idr) FILTER (WHERE o.ordered_on >= p.w13_from), 0) AS value13w,
         coalesce(sum(o.value_idr) FILTER (WHERE o.ordered_on < p.w13_from AND o.ordered_on >= p.w26_from), 0) AS value_prev13w,
         max(o.weight_kg) FILTER (WHERE o.ordered_on >= p.w13_from) AS heaviest_kg,
         count(*) FILTER (WHERE o.ordered_on >= p.w13_from AND o.material IN ('snakeskin', 'stingray')) AS wildlife13w,
         max(o.ordered_on) AS last_order
    FROM o, p GROUP BY o.business_id, o.market
), wk AS (
  SELECT o.business_id, o.market, max(n) AS peak_week
    FROM (SELECT o.business_id, o.market, count(*) AS n FROM o, p WHERE o.ordered_on >= p.w13_from
           GROUP BY o.business_id, o.market, date_trunc('week', o.ordered_on)) o
   GROUP BY o.business_id, o.market
), rb AS (
  SELECT business_id, market, count(*) AS repeat_buyers
    FROM (SELECT o.business_id, o.market, o.buyer_key FROM o, p WHERE o.ordered_on >= p.w13_from
           GROUP BY o.business_id, o.market, o.buyer_key HAVING count(*) >= 2) x
   GROUP BY business_id, market
)
SELECT g.business_id, g.market, g.orders13w, g.active_months, g.active_weeks, g.value13w, g.value_prev13w,
       CASE WHEN g.value_prev13w > 0 THEN g.value13w::numeric / g.value_prev13w END AS growth,
       g.heaviest_kg, g.wildlife13w, coalesce(rb.repeat_buyers, 0) AS repeat_buyers,
       CASE WHEN g.orders13w > 0 THEN wk.peak_week::numeric / g.orders13w END AS peak_week_share,
       (p.as_of - g.last_order) / 7 AS weeks_since_last_order
  FROM g CROSS JOIN p
  LEFT JOIN wk USING (business_id, market)
  LEFT JOIN rb USING (business_id, market)
