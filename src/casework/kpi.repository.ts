import { Injectable } from '@nestjs/common';
import { documentValidOn } from '../businesses/documents.repository';
import { addDays } from '../common/time';
import type { QueryResultRow } from 'pg';
import { Db } from '../database/db';

/** One period the report counts: the whole period, the one before it, or one month of it. */
export interface KpiPeriod {
  key: string;
  from: string;
  to: string;
}

export interface KpiRow {
  key: string;
  /** null: the period's total over every kecamatan */
  district: string | null;
  businesses_active: number;
  businesses_flagged: number;
  businesses_visited: number;
  referrals: number;
  rung_ups: number;
  formal_exporters: number;
  value_total: string;
  value_formal: string;
}

export interface MovedUpRow {
  business_id: string;
  business_name: string;
  district: string;
  market: string;
  from_rung: number;
  to_rung: number;
}

interface RungRow {
  key: string;
  district: string | null;
  rung_ups: number;
  formal_exporters: number;
  moved_up: MovedUpRow[] | null;
}

/** A rung looks back 26 weeks: the orders of the 182 days up to and including its day. */
export const RUNG_WINDOW_DAYS = 182;

/**
 * The days the report reads rungs on (every period's first and last day) and the bounds that cut
 * the orders into slices: each slice (b[k], b[k+1]] lies wholly inside or outside every period and
 * every rung day is a bound, so the orders grouped by slice answer both the sums of each period
 * (KPI_COUNTS_SQL) and the rungs of each day (KPI_RUNGS_SQL). Sorted, distinct, YYYY-MM-DD.
 */
export function kpiBounds(periods: KpiPeriod[]): { days: string[]; bounds: string[] } {
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  const days = sorted(periods.flatMap((p) => [p.from, p.to]));
  const bounds = sorted([addDays(days[0], -RUNG_WINDOW_DAYS), ...periods.flatMap((p) => [addDays(p.from, -1), p.from, p.to])]);
  return { days, bounds };
}

const PERIODS = `periods AS (SELECT * FROM unnest($3::text[], $4::date[], $5::date[]) AS p(key, pfrom, pto))`;

/**
 * The rung half of the report: `$1` the rung days, `$2` the bounds (kpiBounds), `$3..$5` the
 * periods (key, from, to; the first is the reported period, whose climbs are listed), `$6` how many
 * climbs to list. Per period × kecamatan: rung-ups and formal exporters.
 *
 * `cells` reads the orders of a rung-setting kind once: per business × market × slice the latest
 * day of each kind. `runs` carries those days forward slice by slice (a running max per pair), so
 * each rung day takes its levels from the last cell at or before it, in one row per pair and day
 * (`levels`): a kind counts while its latest order is less than 182 days old. The rung of a day is
 * the highest kind, with the documents valid that day (`docs`).
 * Levels: 1 own_cn, 2 consolidated, 3 agent_peb, 4 own_peb, 5 origin_certified, 6 certified_exporter.
 */
export const KPI_RUNGS_SQL = `
  WITH ${PERIODS},
  cells AS (
    SELECT o.business_id, o.destination_country AS market, width_bucket(o.ordered_on - 1, $2::date[]) AS k,
           max(o.ordered_on) FILTER (WHERE o.declaration = 'cn') AS m1,
           max(o.ordered_on) FILTER (WHERE o.declaration = 'pkbk' OR o.declared_by = 'aggregator') AS m2,
           max(o.ordered_on) FILTER (WHERE o.declaration = 'peb') AS m3,
           max(o.ordered_on) FILTER (WHERE o.declaration = 'peb' AND o.declared_by = 'self') AS m4,
           max(o.ordered_on) FILTER (WHERE o.declaration = 'peb' AND o.origin_certificate <> 'none') AS m5,
           max(o.ordered_on) FILTER (WHERE o.declaration = 'peb' AND o.origin_certificate = 'self_certified') AS m6
      FROM orders o
     WHERE o.voided_at IS NULL AND (o.declaration <> 'unknown' OR o.declared_by = 'aggregator')
       AND o.ordered_on > ($2::date[])[1] AND o.ordered_on <= ($1::date[])[cardinality($1::date[])]
     GROUP BY 1, 2, 3
  ),
  runs AS (
    SELECT c.business_id, c.market, c.k, lead(c.k) OVER w AS next_k,
           max(c.m1) OVER w AS r1, max(c.m2) OVER w AS r2, max(c.m3) OVER w AS r3,
           max(c.m4) OVER w AS r4, max(c.m5) OVER w AS r5, max(c.m6) OVER w AS r6
      FROM cells c WINDOW w AS (PARTITION BY c.business_id, c.market ORDER BY c.k)
  ),
  levels AS (
    SELECT r.business_id, r.market, ($1::date[])[i] AS d,
           r.r1 > ($1::date[])[i] - ${RUNG_WINDOW_DAYS} AS l1, r.r2 > ($1::date[])[i] - ${RUNG_WINDOW_DAYS} AS l2,
           r.r3 > ($1::date[])[i] - ${RUNG_WINDOW_DAYS} AS l3, r.r4 > ($1::date[])[i] - ${RUNG_WINDOW_DAYS} AS l4,
           r.r5 > ($1::date[])[i] - ${RUNG_WINDOW_DAYS} AS l5, r.r6 > ($1::date[])[i] - ${RUNG_WINDOW_DAYS} AS l6
      FROM runs r
      CROSS JOIN LATERAL generate_series(
        width_bucket(($2::date[])[r.k + 1] - 1, $1::date[]) + 1,
        least(width_bucket(($2::date[])[r.next_k + 1] - 1, $1::date[]),
              width_bucket(greatest(r.r1, r.r2, r.r3, r.r4, r.r5, r.r6) + ${RUNG_WINDOW_DAYS - 1}, $1::date[]))) i
     WHERE greatest(r.r1, r.r2, r.r3, r.r4, r.r5, r.r6) IS NOT NULL
  ),
  docs AS (
    SELECT bd.business_id, dd.d, bool_or(bd.type = 'certified_exporter') AS cert, bool_or(bd.type = 'nib_customs_access') AS nib
      FROM business_documents bd
      JOIN unnest($1::date[]) AS dd(d) ON ${documentValidOn('dd.d', 'bd')}
     WHERE bd.removed_at IS NULL AND bd.type IN ('certified_exporter', 'nib_customs_access')
     GROUP BY 1, 2
  ),
  rungs AS (
    SELECT l.business_id, l.market, l.d,
           CASE WHEN l.l6 AND doc.cert THEN 6 WHEN l.l5 THEN 5 WHEN l.l4 AND doc.nib THEN 4
                WHEN l.l3 THEN 3 WHEN l.l2 THEN 2 WHEN l.l1 THEN 1 ELSE 0 END AS rung
      FROM levels l LEFT JOIN docs doc ON doc.business_id = l.business_id AND doc.d = l.d
  ),
  ends AS (SELECT key, pfrom AS d, true AS first FROM periods UNION ALL SELECT key, pto, false FROM periods),
  climbs AS (
    SELECT e.key, r.business_id, r.market,
           coalesce(max(r.rung) FILTER (WHERE e.first), 0) AS from_rung, coalesce(max(r.rung) FILTER (WHERE NOT e.first), 0) AS to_rung
      FROM ends e JOIN rungs r ON r.d = e.d
     GROUP BY 1, 2, 3
  ),
  ups AS (
    SELECT key, business_id, count(*) FILTER (WHERE to_rung > from_rung) AS ups, max(to_rung) AS top FROM climbs GROUP BY key, business_id
  ),
  moved AS (
    SELECT c.business_id, b.name AS business_name, b.district, c.market, c.from_rung, c.to_rung
      FROM climbs c JOIN businesses b ON b.id = c.business_id
     WHERE c.key = $3[1] AND c.to_rung > c.from_rung
     ORDER BY c.to_rung DESC, b.name, c.market LIMIT $6
  )
  SELECT up.key, b.district, coalesce(sum(up.ups), 0)::int AS rung_ups, count(*) FILTER (WHERE up.top >= 3)::int AS formal_exporters,
         CASE WHEN up.key = $3[1] AND GROUPING(b.district) = 1
              THEN (SELECT coalesce(json_agg(m ORDER BY m.to_rung DESC, m.business_name, m.market), '[]') FROM moved m) END AS moved_up
    FROM ups up JOIN businesses b ON b.id = up.business_id
   GROUP BY GROUPING SETS ((up.key), (up.key, b.district))`;

/**
 * The other counts of the report, per period and per period × kecamatan (GROUPING SETS), every
 * business counted (a kecamatan without activity still has its row); the same parameters as
 * KPI_RUNGS_SQL (without the limit). The sums of a period are the sums of its slices: the orders of
 * the periods are read once for all of them.
 */
export const KPI_COUNTS_SQL = `
  WITH ${PERIODS},
  sums AS (
    SELECT o.business_id, width_bucket(o.ordered_on - 1, $2::date[]) AS k,
           count(*) AS n, sum(o.value_idr) AS total, sum(o.value_idr) FILTER (WHERE o.declaration = 'peb') AS formal
      FROM orders o
     WHERE o.voided_at IS NULL AND o.ordered_on >= ($1::date[])[1] AND o.ordered_on <= ($1::date[])[cardinality($1::date[])]
     GROUP BY 1, 2
  ),
  acts AS (
    SELECT p.key, a.business_id, bool_or(a.type = 'visit') AS visited, count(*) FILTER (WHERE a.type = 'referral') AS referrals
      FROM periods p JOIN activities a ON a.on_date BETWEEN p.pfrom AND p.pto AND a.auto_key IS NULL
     GROUP BY p.key, a.business_id
  ),
  flagged AS (
    SELECT DISTINCT p.key, f.business_id
      FROM periods p JOIN flags f ON f.kind = 'readiness' AND f.raised_on <= p.pto AND (f.resolved_on IS NULL OR f.resolved_on >= p.pfrom)
  ),
  slices AS (
    SELECT s.k, p.key FROM generate_subscripts($2::date[], 1) AS s(k)
      JOIN periods p ON ($2::date[])[s.k] >= p.pfrom - 1 AND ($2::date[])[s.k + 1] <= p.pto
  ),
  values_by AS (
    SELECT s.key, c.business_id, sum(c.n) AS n, sum(c.total) AS total, sum(c.formal) AS formal
      FROM sums c JOIN slices s ON s.k = c.k
     GROUP BY 1, 2
  ),
  per_business AS (
    SELECT p.key, b.id AS business_id, b.district, fl.business_id IS NOT NULL AS flagged,
           coalesce(ac.visited, false) AS visited, coalesce(ac.referrals, 0) AS referrals
      FROM periods p CROSS JOIN businesses b
      LEFT JOIN flagged fl ON fl.key = p.key AND fl.business_id = b.id
      LEFT JOIN acts ac ON ac.key = p.key AND ac.business_id = b.id
  )
  SELECT pb.key, pb.district,
         count(*) FILTER (WHERE v.n > 0)::int AS businesses_active,
         count(*) FILTER (WHERE pb.flagged)::int AS businesses_flagged,
         count(*) FILTER (WHERE pb.visited)::int AS businesses_visited,
         coalesce(sum(pb.referrals), 0)::int AS referrals,
         coalesce(sum(v.total), 0)::text AS value_total,
         coalesce(sum(v.formal), 0)::text AS value_formal
    FROM per_business pb LEFT JOIN values_by v ON v.key = pb.key AND v.business_id = pb.business_id
   GROUP BY GROUPING SETS ((pb.key), (pb.key, pb.district))`;

/** The department's report, aggregated in SQL: a handful of rows whatever the number of orders. */
@Injectable()
export class KpiRepository {
  constructor(private readonly db: Db) {}

  /**
   * Counts per period and per period × kecamatan (GROUPING SETS), and the business × market pairs
   * of the first period whose rung on its last day is above their rung on its first day (0 =
   * unrecorded), at most `limit`. Each of the two statements reads the orders once for all the periods.
   */
  async report(periods: KpiPeriod[], limit: number): Promise<{ counts: KpiRow[]; movedUp: MovedUpRow[] }> {
    const { days, bounds } = kpiBounds(periods);
    const params = [days, bounds, periods.map((p) => p.key), periods.map((p) => p.from), periods.map((p) => p.to)];
    // two statements on two connections at once (each reads the orders it needs): the rungs, the rest
    // the grouping of the orders by business × slice stays in memory rather than spilling to disk
    const run = <T extends object>(sql: string, ps: unknown[]) => this.db.withWorkMem('64MB', (c) => this.db.many<T & QueryResultRow>(sql, ps, c));
    const [rungs, counts] = await Promise.all([
      run<RungRow>(KPI_RUNGS_SQL, [...params, limit]),
      run<Omit<KpiRow, 'rung_ups' | 'formal_exporters'>>(KPI_COUNTS_SQL, params),
    ]);
    const byKey = new Map(rungs.map((r) => [`${r.key}|${r.district ?? ''}`, r]));
    return {
      counts: counts.map((r) => {
        const u = byKey.get(`${r.key}|${r.district ?? ''}`);
        return { ...r, rung_ups: u?.rung_ups ?? 0, formal_exporters: u?.formal_exporters ?? 0 };
      }),
      movedUp: rungs.find((r) => r.moved_up)?.moved_up ?? [],
    };
  }
}
