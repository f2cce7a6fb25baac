import { Injectable } from '@nestjs/common';
import { documentValidOn } from '../businesses/documents.repository';
import { Db, Queryable } from '../database/db';
import type { Declaration, DeclaredBy, DocumentType, OriginCertificate, Rung } from './pathway.types';
import { jsonbArray } from '../database/jsonb-param';

/** Days in the ladder's window: orders with ordered_on in (asOf − 182 days, asOf], 26 weeks. */
export const LADDER_WINDOW_DAYS = 182;
/** Orders named as evidence, newest first. */
export const EVIDENCE_ORDERS = 5;

/** The rung of one business × market as of a date, with what set it (one row of `rungsAsOf`). */
export interface RungRow {
  businessId: string;
  market: string;
  rungIndex: number;
  ordersMatching: number;
  orders: { id: string; orderedOn: string; declaration: Declaration; declaredBy: DeclaredBy; originCertificate: OriginCertificate }[];
  /** valid `nib_customs_access` and `certified_exporter` documents of the business on asOf */
  documents: { id: string; type: DocumentType; number: string | null; expiresOn: string | null }[];
  /** materials and product categories of the window's orders to the market, and its heaviest parcel (kg) */
  materials: string[];
  categories: string[];
  heaviestKg: number | null;
  /** the business's declared materials and NIB */
  declaredMaterials: string[];
  nib: string | null;
}

/** A ladder document (alias `d`) that counts on $2 (asOf): a certified exporter or customs-access NIB, issued by then and not expired. */
export const LADDER_DOCUMENT_VALID = `d.type IN ('certified_exporter', 'nib_customs_access') AND ${documentValidOn('$2::date')}`;

/** An order's level on the ladder (orders `o`, the business's valid documents `dc` with has_ce and has_nib): the first rule it satisfies, top down. */
export const ORDER_LEVEL = `CASE WHEN dc.has_ce AND o.declaration = 'peb' AND o.origin_certificate = 'self_certified' THEN 6
              WHEN o.declaration = 'peb' AND o.origin_certificate <> 'none' THEN 5
              WHEN o.declaration = 'peb' AND o.declared_by = 'self' AND dc.has_nib THEN 4
              WHEN o.declaration = 'peb' THEN 3
              WHEN o.declaration = 'pkbk' OR o.declared_by = 'aggregator' THEN 2
              WHEN o.declaration = 'cn' THEN 1
              ELSE 0 END`;

/**
 * The ladder's rules per order, top down (API.md "Export ladder"): an order's level is the first rule
 * it satisfies, so a pair's rung is the highest level among its orders and the orders behind it are
 * those on that level. Documents count when valid on asOf and not removed. The CTEs `docs` (the
 * ladder's documents per business) and `leveled` (the window's live orders, each with its level).
 * The window is read by `ordered_on` alone, through the (business_id, ordered_on) index: a bound on
 * `ordered_at` as well (the same days, ordered_on being orderedAt's WIB date) made Postgres AND in a
 * bitmap of every business's orders since that instant, ~500,000 entries at 2 M orders, per chunk.
 */
const LEVELED_CTES = `docs AS (
  SELECT d.business_id, bool_or(d.type = 'certified_exporter') AS has_ce, bool_or(d.type = 'nib_customs_access') AS has_nib,
         jsonb_agg(jsonb_build_object('id', d.id, 'type', d.type, 'number', d.number, 'expiresOn', to_char(d.expires_on, 'YYYY-MM-DD'))
                   ORDER BY d.type, d.expires_on DESC NULLS FIRST, d.id) AS documents
    FROM business_documents d
   WHERE ($1::uuid[] IS NULL OR d.business_id = ANY($1::uuid[])) AND d.removed_at IS NULL
     AND ${LADDER_DOCUMENT_VALID}
   GROUP BY d.business_id
), leveled AS (
  SELECT o.business_id, o.destination_country AS market, o.id, o.ordered_on, o.ordered_at, o.declaration, o.declared_by, o.origin_certificate,
         o.material, o.product_category, o.weight_kg,
         ${ORDER_LEVEL} AS level
    FROM orders o
    LEFT JOIN docs dc ON dc.business_id = o.business_id
   WHERE ($1::uuid[] IS NULL OR o.business_id = ANY($1::uuid[])) AND o.voided_at IS NULL
     AND o.ordered_on > $2::date - ${LADDER_WINDOW_DAYS} AND o.ordered_on <= $2::date
)`;

const RUNGS_SQL = `
WITH ${LEVELED_CTES}, ranked AS (
  SELECT l.*, max(l.level) OVER (PARTITION BY l.business_id, l.market) AS top,
         row_number() OVER (PARTITION BY l.business_id, l.market, l.level ORDER BY l.ordered_at DESC, l.id DESC) AS nth
    FROM leveled l
)
SELECT r.business_id AS "businessId", r.market, r.top AS "rungIndex",
       (count(*) FILTER (WHERE r.level = r.top))::int AS "ordersMatching",
       jsonb_agg(jsonb_build_object('id', r.id, 'orderedOn', to_char(r.ordered_on, 'YYYY-MM-DD'), 'declaration', r.declaration,
                                    'declaredBy', r.declared_by, 'originCertificate', r.origin_certificate) ORDER BY r.ordered_at DESC, r.id DESC)
         FILTER (WHERE r.level = r.top AND r.nth <= ${EVIDENCE_ORDERS}) AS orders,
       coalesce(dc.documents, '[]'::jsonb) AS documents,
       array_agg(DISTINCT r.material ORDER BY r.material) AS materials,
       array_agg(DISTINCT r.product_category ORDER BY r.product_category) AS categories,
       max(r.weight_kg)::float8 AS "heaviestKg",
       coalesce(b.materials, '{}') AS "declaredMaterials", b.nib
  FROM ranked r
  JOIN businesses b ON b.id = r.business_id
  LEFT JOIN docs dc ON dc.business_id = r.business_id
 GROUP BY r.business_id, r.market, r.top, dc.documents, b.materials, b.nib
 ORDER BY r.business_id, r.market`;

/**
 * Only each pair's rung index and whether the business holds a verified customs-access NIB on asOf
 * (the ladder's level rules without the evidence): one aggregate, what a weekly run needs of the
 * ladder. The joint-export members pass applies the same fragments (ORDER_LEVEL,
 * LADDER_DOCUMENT_VALID) inside its own scan of the orders.
 */
const RUNG_STANDING_SQL = `
WITH ${LEVELED_CTES}
SELECT l.business_id AS "businessId", l.market, max(l.level)::int AS "rungIndex", coalesce(bool_or(dc.has_nib), false) AS "verifiedNib"
  FROM leveled l LEFT JOIN docs dc ON dc.business_id = l.business_id
 GROUP BY 1, 2 ORDER BY 1, 2`;

/** Where a business × market stands on the ladder, without what set it (one row of `rungStandingsAsOf`). */
export interface RungStanding {
  businessId: string;
  market: string;
  rungIndex: number;
  /** a valid `nib_customs_access` document on asOf (RungRow.documents holds one) */
  verifiedNib: boolean;
}

/** A climb seen by a weekly run. */
export interface RungClimb {
  businessId: string;
  market: string;
  from: Rung;
  to: Rung;
  asOf: string;
}

/** The export ladder's reads (orders, verified documents) and the last rung each pair was seen on. */
@Injectable()
export class PathwayRepository {
  constructor(private readonly db: Db) {}

  async businessExists(id: string, q?: Queryable): Promise<boolean> {
    return (await this.db.one('SELECT 1 AS one FROM businesses WHERE id = $1', [id], q)) !== undefined;
  }

  /**
   * The rung of every business × market with live orders in the 26 weeks up to asOf, in one
   * statement: for the given businesses, or for every business when `businessIds` is null.
   */
  rungsAsOf(asOf: string, businessIds: string[] | null, q?: Queryable): Promise<RungRow[]> {
    return this.db.many<RungRow & Record<string, unknown>>(RUNGS_SQL, [businessIds, asOf], q);
  }

  /** The rung index and verified NIB of each of those pairs, as rungsAsOf decides them, without the evidence (a quarter of its cost). */
  rungStandingsAsOf(asOf: string, businessIds: string[], q?: Queryable): Promise<RungStanding[]> {
    return this.db.many<RungStanding & Record<string, unknown>>(RUNG_STANDING_SQL, [businessIds, asOf], q);
  }

  /**
   * Records where each pair stands as of a run and returns the climbs against the rung it was last
   * seen on by an earlier as-of (one statement). A pair seen for the first time has not climbed; a
   * pair whose last rung is from this as-of or a later one is left as it is (a run told it already).
   */
  async recordRungs(
    asOf: string,
    runId: string | null,
    rows: Array<{ businessId: string; market: string; rung: Rung; rungIndex: number }>,
    q: Queryable,
  ): Promise<RungClimb[]> {
    if (!rows.length) return [];
    return this.db.many<RungClimb & Record<string, unknown>>(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("businessId" uuid, market text, rung text, "rungIndex" smallint)),
            old AS (SELECT p.* FROM pathway_rungs p JOIN x ON p.business_id = x."businessId" AND p.market = x.market),
            up AS (INSERT INTO pathway_rungs (business_id, market, rung, rung_index, as_of)
                   SELECT x."businessId", x.market, x.rung, x."rungIndex", $2::date FROM x
                   ON CONFLICT (business_id, market) DO UPDATE SET rung = EXCLUDED.rung, rung_index = EXCLUDED.rung_index, as_of = EXCLUDED.as_of
                   WHERE pathway_rungs.as_of < EXCLUDED.as_of),
            climbs AS (SELECT x."businessId", x.market, old.rung AS "from", x.rung AS "to"
                         FROM x JOIN old ON old.business_id = x."businessId" AND old.market = x.market
                        WHERE x."rungIndex" > old.rung_index AND old.as_of < $2::date),
            ins AS (INSERT INTO pathway_rung_changes (business_id, market, from_rung, to_rung, as_of, run_id)
                    SELECT c."businessId", c.market, c."from", c."to", $2::date, $3::uuid FROM climbs c ON CONFLICT DO NOTHING)
       SELECT c."businessId", c.market, c."from", c."to", to_char($2::date, 'YYYY-MM-DD') AS "asOf" FROM climbs c ORDER BY c."businessId", c.market`,
      [jsonbArray(rows), asOf, runId],
      q,
    );
  }

  /** The climbs recorded by runs as of a date in [from, to], with the business's name and district. */
  climbsBetween(from: string, to: string, q?: Queryable): Promise<Array<RungClimb & { businessName: string; district: string }>> {
    return this.db.many(
      `SELECT c.business_id AS "businessId", b.name AS "businessName", b.district, c.market, c.from_rung AS "from", c.to_rung AS "to",
              to_char(c.as_of, 'YYYY-MM-DD') AS "asOf"
         FROM pathway_rung_changes c JOIN businesses b ON b.id = c.business_id
        WHERE c.as_of BETWEEN $1 AND $2 ORDER BY b.district, b.name, c.market, c.as_of`,
      [from, to],
      q,
    );
  }
}
