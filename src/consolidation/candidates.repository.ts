import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { ACTIVE_STATUSES } from '../flags/flag.types';
import { MarketSignals, ORDER_WEEK_COLUMNS, querySignals, windows } from '../watch/signals.repository';
import type { StoredCandidate } from './consolidation.types';

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
}

const ACTIVE = `ARRAY[${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')}]::text[]`;

/**
 * The eligible members, set-wise in one statement: every business × market × material with live
 * orders (not voided, dated ≤ asOf) in at least 2 of the 4 calendar months up to asOf's, without a
 * readiness flag for that market that was active as of asOf, and only where at least two such
 * businesses share the market × material. A flag counts as active as of asOf when it was raised on
 * or before asOf and was then open / in review / paperwork in progress: it is still unresolved in
 * one of those statuses, or it was resolved after asOf. A dismissed flag does not exclude (staff
 * judged the business not ready alone, which is exactly who a joint shipment is for); nor does a
 * formal_exporter one (that member can carry the others: the partner-exporter route).
 * Parameters: $1 market or null, $2 asOf, $3 scan start, $4 4-month start, $5 13-week start.
 */
const MEMBERS_SQL = `
WITH live AS (
  SELECT o.business_id, o.destination_country AS market, o.material, o.ordered_on, o.value_idr, o.weight_kg, o.shipping_channel,
         date_trunc('week', o.ordered_on::timestamp)::date AS week_start
    FROM orders o
   WHERE o.ordered_on >= $3 AND o.ordered_on <= $2 AND o.voided_at IS NULL AND ($1::text IS NULL OR o.destination_country = $1)
), pairs AS (
  SELECT business_id, market, material,
         count(DISTINCT date_trunc('month', ordered_on::timestamp)) FILTER (WHERE ordered_on >= $4)::int AS months4,
         count(*) FILTER (WHERE week_start >= $5)::int AS orders13w,
         coalesce(sum(value_idr) FILTER (WHERE week_start >= $5), 0)::text AS value13w,
         coalesce(sum(weight_kg) FILTER (WHERE week_start >= $5), 0)::text AS weight13w,
         count(DISTINCT week_start) FILTER (WHERE week_start >= $5)::int AS active_weeks13,
         count(*) FILTER (WHERE week_start >= $5 AND shipping_channel = 'post')::int AS post13w
    FROM live GROUP BY 1, 2, 3
), eligible AS (
  SELECT p.*, count(*) OVER (PARTITION BY p.market, p.material) AS n
    FROM pairs p
   WHERE p.months4 >= 2
     AND NOT EXISTS (SELECT 1 FROM flags f
                      WHERE f.business_id = p.business_id AND f.market = p.market AND f.kind = 'readiness' AND f.raised_on <= $2
                        AND (f.resolved_on > $2 OR (f.resolved_on IS NULL AND f.status = ANY(${ACTIVE}))))
)
SELECT e.business_id AS "businessId", b.name AS "businessName", b.district, b.nib, b.has_customs_access AS "hasCustomsAccess",
       e.market, e.material, e.months4, e.orders13w, e.value13w::float8 AS "value13wIdr", e.weight13w::float8 AS "weight13wKg",
       e.active_weeks13 AS "activeWeeks13", e.post13w AS "postOrders13w"
  FROM eligible e JOIN businesses b ON b.id = e.business_id
 WHERE e.n >= 2
 ORDER BY e.market, e.material, e.business_id`;

/**
 * The members' orders of the candidate's material to its market as ONE business's orders: keyed by
 * "<market>:<material>", each buyer made unique per member (two members' "Toko A" are two buyers),
 * so signalsSql judges the group exactly as it judges a business. $1 the members as jsonb.
 */
const GROUP_SOURCE = `
SELECT e.market || ':' || e.material AS business_id, o.destination_country AS market, o.ordered_on,
       o.business_id::text || ':' || o.buyer_key AS buyer_key, o.value_idr, o.weight_kg, o.material, o.product_category, o.quantity,
       ${ORDER_WEEK_COLUMNS}
  FROM jsonb_to_recordset($1::jsonb) AS e(business_id uuid, market text, material text)
  JOIN orders o ON o.business_id = e.business_id AND o.destination_country = e.market AND o.material = e.material
 WHERE o.ordered_on >= $3 AND o.ordered_on <= $2 AND o.voided_at IS NULL`;

/** Joint-export candidates: the set-wise reads behind them and the weekly run's stored rows. */
@Injectable()
export class CandidatesRepository {
  constructor(private readonly db: Db) {}

  /** Eligible members of every market × material with ≥ 2 of them (one market when given), as of asOf. */
  members(asOf: string, market: string | null, q?: Queryable): Promise<MemberRow[]> {
    const w = windows(asOf);
    const scanFrom = w.months4 < w.from13 ? w.months4 : w.from13;
    return this.db.many<MemberRow & Record<string, unknown>>(MEMBERS_SQL, [market, asOf, scanFrom, w.months4, w.from13], q);
  }

  /** The combined signals of each group of members, keyed "<market>:<material>" (one statement). */
  groupSignals(members: MemberRow[], asOf: string, repeatMinOrders: number, q?: Queryable): Promise<MarketSignals[]> {
    if (!members.length) return Promise.resolve([]);
    const rows = members.map((m) => ({ business_id: m.businessId, market: m.market, material: m.material }));
    return querySignals(this.db, GROUP_SOURCE, { $1: JSON.stringify(rows), asOf, repeatMinOrders }, q);
  }

  /** Replaces the candidates stored for an as-of (a retried finish writes the same rows). */
  async replace(asOf: string, runId: string | null, items: StoredCandidate[], q: Queryable): Promise<void> {
    await this.db.exec('DELETE FROM consolidation_candidates WHERE as_of = $1', [asOf], q);
    if (!items.length) return;
    await this.db.exec(
      `INSERT INTO consolidation_candidates (as_of, key, market, material, run_id, member_ids, payload)
       SELECT $1::date, x.key, x.market, x.material, $2::uuid, ARRAY(SELECT (m->>'businessId')::uuid FROM jsonb_array_elements(x.payload->'businesses') m), x.payload
         FROM jsonb_to_recordset($3::jsonb) AS x(key text, market text, material text, payload jsonb)`,
      [asOf, runId, JSON.stringify(items.map((c) => ({ key: c.key, market: c.market, material: c.material, payload: c })))],
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
