import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { ACTIVE_STATUSES } from '../flags/flag.types';
import { addMonths, daysBetween } from '../common/time';
import { PRODUCT_CATEGORIES } from '../common/reference-data';
import { ADVICE_LIMITS } from '../orders/order-advice';
import { MarketSignals, toMarketSignals } from '../watch/signals.repository';
import { AggRow, cnyRateOn, RHYTHM_CTES, signalWindowStart, WILDLIFE, windows } from '../watch/signals.sql';
import { LADDER_DOCUMENT_VALID, LADDER_WINDOW_DAYS, ORDER_LEVEL } from '../pathway/pathway.repository';
import type { StoredCandidate } from './consolidation.types';
import { jsonbArray } from '../database/jsonb-param';

/** Work memory of the candidates' statements: their hash aggregates (one row per member and per member × buyer, a few tens of MB at 5,000 businesses) stay in memory instead of sorting on disk. */
const WORK_MEM = '64MB';

const ACTIVE = `ARRAY[${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')}]::text[]`;
const CATEGORIES = `ARRAY[${PRODUCT_CATEGORIES.map((c) => `'${c}'`).join(', ')}]::text[]`;

/**
 * What the combined signals need of one member's orders of its material to its market, reduced in
 * the members statement (day offsets d from the 26-week window's first Monday: the 13 weeks start
 * at d = 91, asOf's week at d = 175). Bit sets keep the week, day and month sets combinable: a
 * group's set is the OR of its members'.
 */
export interface PairRollup {
  /** Calendar months of the 4 (bit i: the i-th month from the 4-month window's start). */
  months: number;
  /** Weeks of the 26 with an order (bit k: week k). */
  weeks: number;
  /** Days of the 26 weeks with an order, 63 per word (days 0–62, 63–125, 126–181), as decimal text. */
  d0: string;
  d1: string;
  d2: string;
  this_week: number;
  prev13w: number;
  value13w: string;
  value_prev13w: string;
  heaviest13w: string | null;
  cn13w: number;
  /** Product categories of the 13 weeks (bit i: PRODUCT_CATEGORIES[i - 1]). */
  cats13w: number;
  /** Orders in each of the 13 weeks, oldest first. */
  per_week: number[];
  last_on: string;
}

/** One eligible member of a market × material with at least one other eligible member. */
export interface MemberRow {
  businessId: string;
  businessName: string;
  district: string;
  nib: string | null;
  hasCustomsAccess: boolean;
  market: string;
  material: string;
  months4: number;
  orders13w: number;
  value13wIdr: number;
  weight13wKg: number;
  activeWeeks13: number;
  postOrders13w: number;
  /** The member's rung in the market as of asOf (an index of RUNGS): the highest ladder level of its orders there, as `rungStandingsAsOf` decides it. */
  rungIndex: number;
  rollup: PairRollup;
}

const WORD = 63;
/**
 * The CNY rate in force on each day of the 26 weeks (∞ before the first), computed once per
 * statement: the China-limit test of signalsSql (CN_OVER) without a subquery per order, which would
 * keep the aggregate out of the parallel workers.
 */
const CNY_BY_DAY = `(SELECT array_agg(${cnyRateOn('day::date')} ORDER BY day) FROM generate_series($3::date, $3::date + 181, interval '1 day') AS day)`;
const dayBit = (w: number) => `bit_or(CASE WHEN o.d >= ${w * WORD} AND o.d < ${(w + 1) * WORD} THEN 1::bigint << (o.d - ${w * WORD}) ELSE 0 END)`;
const perWeek = Array.from({ length: 13 }, (_, i) => `count(*) FILTER (WHERE o.wk = ${13 + i})`).join(', ');

/**
 * The eligible members, set-wise in one parallel pass over the live orders (every
 * aggregate combinable: counts, sums, maxima and bit sets): every business × market × material
 * with live orders (not voided, dated ≤ asOf) in at least 2 of the 4 calendar months up to asOf's,
 * without a readiness flag for that market that was active as of asOf, and only where at least two
 * such businesses share the market × material. A flag counts as active as of asOf when it was raised
 * on or before asOf and was then open / in review / paperwork in progress: it is still unresolved in
 * one of those statuses, or it was resolved after asOf. A dismissed flag does not exclude (staff
 * judged the business not ready alone, which is exactly who a joint shipment is for); nor does a
 * formal_exporter one (that member can carry the others: the partner-exporter route).
 *
 * The same pass decides each member's rung (RUNG_STANDING_SQL's rules: the highest ladder level of
 * the business's live orders to the market in the ladder's 182 days, every material): those days
 * hold the 26 weeks, so the pass reads them and every signal figure keeps to d ≥ 0 (d < 0 only on
 * the ladder's extra days before the 26 weeks' first Monday). A statement of its own for the rungs
 * read the same orders a third time. A member's customs access is the ladder's too: a customs-access
 * NIB valid on asOf (the stored column is not updated when a document expires).
 * Parameters: $1 market or null, $2 asOf, $3 the 26 weeks' first day, $4 the day offsets of the 4 months' starts.
 */
const MEMBERS_SQL = `
WITH docs AS NOT MATERIALIZED (
  -- inlined where it is read: a materialized CTE would keep the scan below out of the parallel workers
  SELECT d.business_id, bool_or(d.type = 'certified_exporter') AS has_ce, bool_or(d.type = 'nib_customs_access') AS has_nib
    FROM business_documents d WHERE d.removed_at IS NULL AND ${LADDER_DOCUMENT_VALID}
   GROUP BY d.business_id
), pair AS (
  SELECT o.business_id, o.destination_country AS market, o.material, max(o.level) AS level,
         bit_or(CASE WHEN o.d >= ($4::int[])[4] THEN 8 WHEN o.d >= ($4::int[])[3] THEN 4 WHEN o.d >= ($4::int[])[2] THEN 2 WHEN o.d >= ($4::int[])[1] THEN 1 ELSE 0 END) AS months,
         coalesce(bit_or(1 << o.wk) FILTER (WHERE o.d >= 0), 0) AS weeks, ${dayBit(0)} AS d0, ${dayBit(1)} AS d1, ${dayBit(2)} AS d2,
         count(*) FILTER (WHERE o.d >= 175)::int AS this_week,
         count(*) FILTER (WHERE o.d >= 91)::int AS orders13w, count(*) FILTER (WHERE o.d >= 0 AND o.d < 91)::int AS prev13w,
         coalesce(sum(o.value_idr) FILTER (WHERE o.d >= 91), 0) AS value13w, coalesce(sum(o.value_idr) FILTER (WHERE o.d >= 0 AND o.d < 91), 0) AS value_prev13w,
         max(o.weight_kg) FILTER (WHERE o.d >= 91) AS heaviest13w, coalesce(sum(o.weight_kg) FILTER (WHERE o.d >= 91), 0) AS weight13w,
         count(*) FILTER (WHERE o.d >= 91 AND o.shipping_channel = 'post')::int AS post13w,
         count(*) FILTER (WHERE o.d >= 91 AND o.destination_country = 'CN' AND o.value_idr > ${ADVICE_LIMITS.cnPersonalParcelCny} * (${CNY_BY_DAY})[o.d + 1])::int AS cn13w,
         coalesce(bit_or(1 << array_position(${CATEGORIES}, o.product_category)) FILTER (WHERE o.d >= 91), 0) AS cats13w,
         ARRAY[${perWeek}]::int[] AS per_week,
         max(o.ordered_on) FILTER (WHERE o.d >= 0) AS last_on
    FROM (SELECT o.business_id, o.destination_country, o.material, o.ordered_on, o.value_idr, o.weight_kg, o.shipping_channel, o.product_category,
                 o.ordered_on - $3::date AS d, (o.ordered_on - $3::date) / 7 AS wk, ${ORDER_LEVEL} AS level
            FROM orders o LEFT JOIN docs dc ON dc.business_id = o.business_id
           WHERE o.ordered_on > $2::date - ${LADDER_WINDOW_DAYS} AND o.ordered_on <= $2 AND o.voided_at IS NULL AND ($1::text IS NULL OR o.destination_country = $1)
             -- a pair with a readiness flag active as of asOf is no member: its orders are left out before they are aggregated
             -- (the rung is the business × market's own, so dropping the whole pair changes no other pair's figures)
             AND NOT EXISTS (SELECT 1 FROM flags f
                              WHERE f.business_id = o.business_id AND f.market = o.destination_country AND f.kind = 'readiness' AND f.raised_on <= $2
                                AND (f.resolved_on > $2 OR (f.resolved_on IS NULL AND f.status = ANY(${ACTIVE}))))
         ) o
   GROUP BY 1, 2, 3
), eligible AS (
  SELECT p.*, count(*) OVER (PARTITION BY p.market, p.material) AS n
    FROM (SELECT p.*, max(p.level) OVER (PARTITION BY p.business_id, p.market) AS rung_index FROM pair p) p
   WHERE bit_count(p.months::bit(4)) >= 2
)
SELECT e.business_id AS "businessId", b.name AS "businessName", b.district, b.nib, coalesce(dc.has_nib, false) AS "hasCustomsAccess",
       e.market, e.material, bit_count(e.months::bit(4))::int AS months4, e.orders13w, e.value13w::float8 AS "value13wIdr",
       e.weight13w::float8 AS "weight13wKg", bit_count((e.weeks >> 13)::bit(13))::int AS "activeWeeks13", e.post13w AS "postOrders13w", e.rung_index AS "rungIndex",
       json_build_object('months', e.months, 'weeks', e.weeks, 'd0', e.d0::text, 'd1', e.d1::text, 'd2', e.d2::text, 'this_week', e.this_week,
                         'prev13w', e.prev13w, 'value13w', e.value13w::text, 'value_prev13w', e.value_prev13w::text, 'heaviest13w', e.heaviest13w::text,
                         'cn13w', e.cn13w, 'cats13w', e.cats13w, 'per_week', e.per_week, 'last_on', e.last_on) AS rollup
  FROM eligible e JOIN businesses b ON b.id = e.business_id LEFT JOIN docs dc ON dc.business_id = e.business_id
 WHERE e.n >= 2
 ORDER BY e.market, e.material, e.business_id`;

/**
 * What each member's buyers add to its group: its buyers of the 13 weeks, its repeat buyers and their
 * orders, and its top buyer of the 26 weeks (most weeks, then most value, then the first key, as in
 * signalsSql), each buyer made unique per member (two members' "Toko A" are two buyers). One pass
 * over the given members' businesses' orders; their other pairs drop out after the aggregate.
 * Parameters: $1 asOf, $2 the 26 weeks' first day, $3 repeat-buyer minimum orders, $4 the members'
 * business ids, $5 the members as 'business id|market|material'.
 */
const MEMBER_BUYERS_SQL = `
WITH buyer AS MATERIALIZED (
  SELECT o.business_id, o.destination_country AS market, o.material, o.business_id::text || ':' || o.buyer_key AS buyer,
         count(*) FILTER (WHERE o.ordered_on >= $2::date + 91)::int AS n13, count(*)::int AS n26,
         bit_count(bit_or(1 << ((o.ordered_on - $2::date) / 7))::bit(26))::int AS weeks, sum(o.quantity)::int AS units, sum(o.value_idr) AS value
    FROM orders o
   WHERE o.business_id = ANY($4::uuid[]) AND o.ordered_on >= $2 AND o.ordered_on <= $1 AND o.voided_at IS NULL
   GROUP BY o.business_id, o.destination_country, o.material, o.buyer_key
  HAVING o.business_id::text || '|' || o.destination_country || '|' || o.material = ANY($5::text[])
), top AS (
  -- sorting only the buyers in the member's most weeks
  SELECT DISTINCT ON (b.business_id, b.market, b.material) b.business_id, b.market, b.material, b.weeks AS top_weeks, b.value AS top_value,
         b.buyer AS top_buyer, b.n26 AS top_orders, b.units AS top_units
    FROM buyer b
    JOIN (SELECT business_id, market, material, max(weeks) AS weeks FROM buyer GROUP BY 1, 2, 3) mx USING (business_id, market, material, weeks)
   ORDER BY b.business_id, b.market, b.material, b.value DESC, b.buyer
)
SELECT r.business_id || '|' || r.market || '|' || r.material AS pair, r.repeat_buyers, r.buyers13w, r.repeat_orders13w,
       t.top_weeks, t.top_value::text AS top_value, t.top_buyer, t.top_orders, t.top_units
  FROM (SELECT business_id, market, material, count(*) FILTER (WHERE n13 >= $3)::int AS repeat_buyers, count(*) FILTER (WHERE n13 > 0)::int AS buyers13w,
               coalesce(sum(n13) FILTER (WHERE n13 >= $3), 0)::int AS repeat_orders13w
          FROM buyer GROUP BY 1, 2, 3) r
  JOIN top t USING (business_id, market, material)`;

/** One row of MEMBER_BUYERS_SQL: a member's buyer figures, keyed 'business id|market|material'. */
interface MemberBuyers {
  pair: string;
  repeat_buyers: number;
  buyers13w: number;
  repeat_orders13w: number;
  top_weeks: number;
  top_value: string;
  top_buyer: string;
  top_orders: number;
  top_units: number;
}

/**
 * Each group's combined signals, keyed "<market>:<material>", in the columns of signalsSql, from the
 * members' rollups and buyer figures (no order is read again): the counts and sums add up (buyers
 * are unique per member), the week, day and month sets are OR-ed, the top buyer is the first of the
 * members' top buyers in signalsSql's order, and the group's order weeks go through the same rhythm
 * steps as a business's. So the group is judged exactly as one business with all the members'
 * orders (a test compares the two on every signal). The weekly series is not built: the policy
 * reads the metrics. Parameters: $1 the members' rollups and buyer figures (jsonb), $2 the 26 weeks' first day.
 */
const GROUP_SIGNALS_SQL = `
WITH m AS (
  SELECT x.market || ':' || x.material AS key, x.*
    FROM jsonb_to_recordset($1::jsonb) AS x(market text, material text, months int, weeks int, d0 bigint, d1 bigint, d2 bigint, this_week int,
                                            orders13w int, prev13w int, value13w numeric, value_prev13w numeric, heaviest13w numeric, cn13w int,
                                            cats13w int, per_week int[], last_on date, repeat_buyers int, buyers13w int, repeat_orders13w int,
                                            top_weeks int, top_value numeric, top_buyer text, top_orders int, top_units int)
), rep AS (
  SELECT key, sum(repeat_buyers)::int AS repeat_buyers, sum(buyers13w)::int AS buyers13w, sum(repeat_orders13w)::int AS repeat_orders13w FROM m GROUP BY key
), top AS (
  SELECT DISTINCT ON (key) key, top_orders, top_weeks, top_units, top_value::text AS top_value
    FROM m ORDER BY m.key, m.top_weeks DESC, m.top_value DESC, m.top_buyer -- qualified: the numbers, not the text column of the output
), agg AS MATERIALIZED (
  SELECT key AS business_id, min(market) AS market, min(material) AS material,
         sum(this_week)::int AS orders_this_week, sum(orders13w)::int AS orders13w, sum(value13w)::text AS value13w,
         sum(prev13w)::int AS orders_prev13w, sum(value_prev13w)::text AS value_prev13w,
         bit_count((bit_or(weeks) >> 13)::bit(13))::int AS active_weeks13, bit_count(bit_or(months)::bit(4))::int AS active_months4,
         max(heaviest13w)::text AS heaviest13w, sum(cn13w)::int AS cn_over13w, bit_or(cats13w) AS cats, to_char(max(last_on), 'YYYY-MM-DD') AS last_on,
         bit_or(d0) AS d0, bit_or(d1) AS d1, bit_or(d2) AS d2
    FROM m GROUP BY key
), peak AS (
  SELECT key, max(n)::int AS peak_week_orders
    FROM (SELECT m.key, u.i, sum(u.n) AS n FROM m, unnest(m.per_week) WITH ORDINALITY AS u(n, i) GROUP BY 1, 2) w
   WHERE n > 0 GROUP BY key
), weekly AS (
  -- the group's order weeks of the 26 and the first day with an order in each, from the OR of the members' day sets
  SELECT a.business_id, a.market, $2::date + (d / 7) * 7 AS week_start, $2::date + min(d) AS first_on
    FROM agg a CROSS JOIN generate_series(0, 181) AS d
   WHERE (CASE WHEN d < ${WORD} THEN a.d0 >> d WHEN d < ${2 * WORD} THEN a.d1 >> (d - ${WORD}) ELSE a.d2 >> (d - ${2 * WORD}) END) & 1 = 1
   GROUP BY 1, 2, 3
), ${RHYTHM_CTES}
)
SELECT a.business_id, a.market, a.orders_this_week, a.orders13w, a.value13w, a.orders_prev13w, a.value_prev13w, a.active_weeks13, a.active_months4,
       a.heaviest13w, CASE WHEN a.material = ANY(${WILDLIFE}) THEN a.orders13w ELSE 0 END AS wildlife_orders13w, a.cn_over13w,
       CASE WHEN a.orders13w > 0 THEN ARRAY[a.material] END AS materials13w,
       ARRAY(SELECT c FROM unnest(${CATEGORIES}) WITH ORDINALITY AS u(c, i) WHERE a.cats & (1 << i::int) <> 0 ORDER BY c) AS categories13w,
       a.last_on, coalesce(p.peak_week_orders, 0) AS peak_week_orders, NULL::json AS series,
       coalesce(r.repeat_buyers, 0) AS repeat_buyers, coalesce(r.buyers13w, 0) AS buyers13w, coalesce(r.repeat_orders13w, 0) AS repeat_orders13w,
       h.run_start, st.steady_from, coalesce(h.run_weeks, 0) AS run_weeks, h.gap_median, h.gap_max, coalesce(h.gaps, 0) AS gaps,
       coalesce(t.top_orders, 0) AS top_orders, coalesce(t.top_weeks, 0) AS top_weeks, coalesce(t.top_units, 0) AS top_units, coalesce(t.top_value, '0') AS top_value
  FROM agg a
  LEFT JOIN peak p ON p.key = a.business_id
  LEFT JOIN rep r ON r.key = a.business_id
  LEFT JOIN top t ON t.key = a.business_id
  LEFT JOIN rhythm h USING (business_id, market)
  LEFT JOIN steady st USING (business_id, market)
 ORDER BY a.business_id`;

/** The day offsets (from the 26 weeks' first day) where each of the 4 months of asOf's window starts. */
function monthOffsets(asOf: string): { from26: string; months: number[] } {
  const from26 = signalWindowStart(asOf);
  const { months4 } = windows(asOf);
  return { from26, months: [0, 1, 2, 3].map((i) => daysBetween(from26, addMonths(months4, i))) };
}

/** Joint-export candidates: the set-wise reads behind them and the weekly run's stored rows. */
@Injectable()
export class CandidatesRepository {
  constructor(private readonly db: Db) {}

  /** Eligible members of every market × material with ≥ 2 of them (one market when given), as of asOf. */
  members(asOf: string, market: string | null, q?: Queryable): Promise<MemberRow[]> {
    const { from26, months } = monthOffsets(asOf);
    return this.db.withWorkMem(WORK_MEM, (c) => this.db.many<MemberRow & Record<string, unknown>>(MEMBERS_SQL, [market, asOf, from26, months], c), q);
  }

  /**
   * The combined signals of each group of members, keyed "<market>:<material>": the members' buyer
   * figures (on the pool: the members split in two by business, read at once on two connections),
   * then one statement over the rollups and those figures.
   */
  async groupSignals(members: MemberRow[], asOf: string, repeatMinOrders: number, q?: Queryable): Promise<MarketSignals[]> {
    if (!members.length) return [];
    const from26 = signalWindowStart(asOf);
    const ids = [...new Set(members.map((m) => m.businessId))];
    const halves = q || ids.length < 2 ? [ids] : [ids.filter((_, i) => i % 2 === 0), ids.filter((_, i) => i % 2 === 1)];
    const pairOf = (m: MemberRow) => `${m.businessId}|${m.market}|${m.material}`;
    const read = (part: string[]) => {
      const set = new Set(part);
      const pairs = members.filter((m) => set.has(m.businessId)).map(pairOf);
      return this.db.withWorkMem(WORK_MEM, (c) => this.db.many<MemberBuyers>(MEMBER_BUYERS_SQL, [asOf, from26, repeatMinOrders, part, pairs], c), q);
    };
    const buyers = new Map<string, MemberBuyers>();
    for (const rows of q ? [await read(ids)] : await Promise.all(halves.map(read))) for (const r of rows) buyers.set(r.pair, r);
    const rollups = jsonbArray(
      members.map((m) => ({ market: m.market, material: m.material, orders13w: m.orders13w, ...m.rollup, ...buyers.get(pairOf(m)), pair: undefined })),
    );
    const rows = await this.db.withWorkMem(WORK_MEM, (c) => this.db.many<AggRow>(GROUP_SIGNALS_SQL, [rollups, from26], c), q);
    return rows.map((r) => toMarketSignals(r, asOf));
  }

  /** Replaces the candidates stored for an as-of (a retried finish writes the same rows). */
  async replace(asOf: string, runId: string | null, items: StoredCandidate[], q: Queryable): Promise<void> {
    await this.db.exec('DELETE FROM consolidation_candidates WHERE as_of = $1', [asOf], q);
    if (!items.length) return;
    await this.db.exec(
      `INSERT INTO consolidation_candidates (as_of, key, market, material, run_id, member_ids, payload)
       SELECT $1::date, x.key, x.market, x.material, $2::uuid, ARRAY(SELECT (m->>'businessId')::uuid FROM jsonb_array_elements(x.payload->'businesses') m), x.payload
         FROM jsonb_to_recordset($3::jsonb) AS x(key text, market text, material text, payload jsonb)`,
      [asOf, runId, jsonbArray(items.map((c) => ({ key: c.key, market: c.market, material: c.material, payload: c })))],
      q,
    );
  }

  /** The candidates a weekly run stored as of a date (key order), for the weekly list, digests and group pages. */
  async storedFor(asOf: string, q?: Queryable): Promise<StoredCandidate[]> {
    const rows = await this.db.many<{ payload: StoredCandidate }>('SELECT payload FROM consolidation_candidates WHERE as_of = $1 ORDER BY key', [asOf], q);
    return rows.map((r) => r.payload);
  }

  /** The latest as-of with stored candidates on or before a date (null when none). */
  async latestStoredOn(onOrBefore: string, q?: Queryable): Promise<string | null> {
    const r = await this.db.one<{ as_of: string | null }>(
      `SELECT to_char(max(as_of), 'YYYY-MM-DD') AS as_of FROM consolidation_candidates WHERE as_of <= $1`,
      [onOrBefore],
      q,
    );
    return r?.as_of ?? null;
  }
}
