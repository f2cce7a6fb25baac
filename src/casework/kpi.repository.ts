import { Injectable } from '@nestjs/common';
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

/**
 * The rung of every business × market pair on a set of days, in one pass over the orders: each
 * order of a rung-setting kind covers the 26-week windows ending on the 182 days from its own day,
 * so the days with such orders merge into islands per pair and kind, and a day's rung is read off
 * the islands that cover it (plus the documents valid that day). `$1` holds the days.
 * Levels: 1 own_cn, 2 consolidated, 3 agent_peb, 4 own_peb, 5 origin_certified, 6 certified_exporter.
 */
const RUNGS_ON_DAYS = `
  days AS (SELECT DISTINCT unnest($1::date[]) AS d),
  kinds AS (
    SELECT DISTINCT o.business_id, o.destination_country AS market, k.lvl, o.ordered_on AS d
      FROM orders o
      CROSS JOIN LATERAL (VALUES
        (1, o.declaration = 'cn'),
        (2, o.declaration = 'pkbk' OR o.declared_by = 'aggregator'),
        (3, o.declaration = 'peb'),
        (4, o.declaration = 'peb' AND o.declared_by = 'self'),
        (5, o.declaration = 'peb' AND o.origin_certificate <> 'none'),
        (6, o.declaration = 'peb' AND o.origin_certificate = 'self_certified')) AS k(lvl, holds)
     WHERE k.holds AND o.voided_at IS NULL AND (o.declaration <> 'unknown' OR o.declared_by = 'aggregator')
       AND o.ordered_on > (SELECT min(d) FROM days) - 182 AND o.ordered_on <= (SELECT max(d) FROM days)
  ),
  breaks AS (
    SELECT business_id, market, lvl, d,
           CASE WHEN d - lag(d) OVER (PARTITION BY business_id, market, lvl ORDER BY d) <= 182 THEN 0 ELSE 1 END AS brk
      FROM kinds
  ),
  grouped AS (SELECT *, sum(brk) OVER (PARTITION BY business_id, market, lvl ORDER BY d) AS g FROM breaks),
  islands AS (SELECT business_id, market, lvl, min(d) AS s, max(d) + 181 AS e FROM grouped GROUP BY business_id, market, lvl, g),
  levels AS (
    SELECT i.business_id, i.market, dd.d, array_agg(DISTINCT i.lvl) AS lv
      FROM islands i JOIN days dd ON dd.d BETWEEN i.s AND i.e
     GROUP BY i.business_id, i.market, dd.d
  ),
  rungs AS (
    SELECT l.business_id, l.market, l.d,
           CASE WHEN 6 = ANY(l.lv) AND doc.cert THEN 6 WHEN 5 = ANY(l.lv) THEN 5 WHEN 4 = ANY(l.lv) AND doc.nib THEN 4
                WHEN 3 = ANY(l.lv) THEN 3 WHEN 2 = ANY(l.lv) THEN 2 WHEN 1 = ANY(l.lv) THEN 1 ELSE 0 END AS rung
      FROM levels l
      LEFT JOIN LATERAL (
        SELECT bool_or(bd.type = 'certified_exporter') AS cert, bool_or(bd.type = 'nib_customs_access') AS nib
          FROM business_documents bd
         WHERE bd.business_id = l.business_id AND bd.removed_at IS NULL
           AND (bd.issued_on IS NULL OR bd.issued_on <= l.d) AND (bd.expires_on IS NULL OR l.d <= bd.expires_on)
      ) doc ON true
  )`;

/** The department's report, aggregated in SQL: a handful of rows whatever the number of orders. */
@Injectable()
export class KpiRepository {
  constructor(private readonly db: Db) {}

  /**
   * Counts per period and per period × kecamatan (GROUPING SETS). Orders are read once: each order
   * lands in the periods that contain its day (the whole period, the one before, its month).
   */
  async counts(periods: KpiPeriod[]): Promise<KpiRow[]> {
    const days = [...new Set(periods.flatMap((p) => [p.from, p.to]))];
    return this.db.many<KpiRow>(
      `WITH periods AS (SELECT * FROM unnest($2::text[], $3::date[], $4::date[]) AS p(key, pfrom, pto)),
       ${RUNGS_ON_DAYS},
       ups AS (
         SELECT p.key, t.business_id, count(*) FILTER (WHERE t.rung > coalesce(f.rung, 0)) AS ups, max(t.rung) AS top
           FROM periods p JOIN rungs t ON t.d = p.pto
           LEFT JOIN rungs f ON f.business_id = t.business_id AND f.market = t.market AND f.d = p.pfrom
          GROUP BY p.key, t.business_id
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
       per_business AS (
         SELECT p.key, b.id AS business_id, b.district, fl.business_id IS NOT NULL AS flagged,
                coalesce(ac.visited, false) AS visited, coalesce(ac.referrals, 0) AS referrals,
                coalesce(up.ups, 0) AS ups, coalesce(up.top, 0) >= 3 AS formal
           FROM periods p CROSS JOIN businesses b
           LEFT JOIN flagged fl ON fl.key = p.key AND fl.business_id = b.id
           LEFT JOIN acts ac ON ac.key = p.key AND ac.business_id = b.id
           LEFT JOIN ups up ON up.key = p.key AND up.business_id = b.id
       ),
       values_by AS (
         SELECT k.key, o.business_id, sum(o.value_idr) AS total, sum(o.value_idr) FILTER (WHERE o.declaration = 'peb') AS formal
           FROM orders o
           CROSS JOIN LATERAL (SELECT p.key FROM periods p WHERE o.ordered_on BETWEEN p.pfrom AND p.pto) k
          WHERE o.voided_at IS NULL AND o.ordered_on BETWEEN (SELECT min(pfrom) FROM periods) AND (SELECT max(pto) FROM periods)
          GROUP BY k.key, o.business_id
       )
       SELECT pb.key, pb.district,
              count(*) FILTER (WHERE v.total IS NOT NULL)::int AS businesses_active,
              count(*) FILTER (WHERE pb.flagged)::int AS businesses_flagged,
              count(*) FILTER (WHERE pb.visited)::int AS businesses_visited,
              coalesce(sum(pb.referrals), 0)::int AS referrals,
              coalesce(sum(pb.ups), 0)::int AS rung_ups,
              count(*) FILTER (WHERE pb.formal)::int AS formal_exporters,
              coalesce(sum(v.total), 0)::text AS value_total,
              coalesce(sum(v.formal), 0)::text AS value_formal
         FROM per_business pb LEFT JOIN values_by v ON v.key = pb.key AND v.business_id = pb.business_id
        GROUP BY GROUPING SETS ((pb.key), (pb.key, pb.district))`,
      [days, periods.map((p) => p.key), periods.map((p) => p.from), periods.map((p) => p.to)],
    );
  }

  /** The pairs whose rung on `to` is above their rung on `from`, with both rungs (0 = unrecorded). */
  movedUp(from: string, to: string, limit: number): Promise<MovedUpRow[]> {
    return this.db.many<MovedUpRow>(
      `WITH ${RUNGS_ON_DAYS}
       SELECT t.business_id, b.name AS business_name, b.district, t.market, coalesce(f.rung, 0) AS from_rung, t.rung AS to_rung
         FROM rungs t JOIN businesses b ON b.id = t.business_id
         LEFT JOIN rungs f ON f.business_id = t.business_id AND f.market = t.market AND f.d = $2::date
        WHERE t.d = $3::date AND t.rung > coalesce(f.rung, 0)
        ORDER BY t.rung DESC, b.name, t.market LIMIT $4`,
      [[from, to], from, to, limit],
    );
  }
}
