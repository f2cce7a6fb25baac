import { Injectable } from '@nestjs/common';
import { documentValidOn } from '../businesses/documents.repository';
import { Db, Queryable } from '../database/db';
import type { Declaration, DeclaredBy, DocumentType, OriginCertificate } from '../pathway/pathway.types';
import { PERMIT_TYPES, WILDLIFE_PERMIT } from './order-advice';
import type { NewOrder } from './order-input';

export interface OrderRow {
  id: string;
  business_id: string;
  external_ref: string | null;
  ordered_at: Date;
  ordered_on: string;
  destination_country: string;
  buyer_ref: string;
  buyer_key: string;
  product_category: string;
  material: string;
  quantity: number;
  amount_minor: string;
  currency: string;
  minor_units: number;
  value_idr: string;
  shipping_channel: string;
  weight_kg: string | null;
  hs_code: string | null;
  created_at: Date;
  voided_at: Date | null;
  void_reason: string | null;
  declaration: Declaration;
  declared_by: DeclaredBy;
  origin_certificate: OriginCertificate;
}

const COLS = `o.id, o.business_id, o.external_ref, o.ordered_at, to_char(o.ordered_on, 'YYYY-MM-DD') AS ordered_on,
  o.destination_country, o.buyer_ref, o.buyer_key, o.product_category, o.material, o.quantity, o.amount_minor::text,
  o.currency, c.minor_units, o.value_idr::text, o.shipping_channel, o.weight_kg::text, o.hs_code, o.created_at, o.voided_at, o.void_reason,
  o.declaration, o.declared_by, o.origin_certificate`;
const SELECT = `SELECT ${COLS} FROM orders o JOIN currencies c ON c.code = o.currency`;

/** What route advice needs besides the row: the CNY rate in force on the order's day and the permit types valid on it. */
export interface AdvisedOrderRow extends OrderRow {
  cny_idr_per_unit: string | null;
  valid_permits: DocumentType[];
}
// Each lookup runs only for the rows whose advice reads it (a CASE runs its subquery only when
// reached): the CNY rate for orders to CN in another currency, the permits when any is asked for.
const advised = (from: string, permits: string) => `SELECT ${COLS},
  CASE WHEN o.destination_country = 'CN' AND o.currency <> 'CNY' THEN
    (SELECT er.idr_per_unit::text FROM exchange_rates er WHERE er.currency = 'CNY' AND er.valid_from <= o.ordered_on
      ORDER BY er.valid_from DESC LIMIT 1) END AS cny_idr_per_unit,
  CASE WHEN cardinality(${permits}::text[]) = 0 THEN '{}'::text[] ELSE
    ARRAY(SELECT DISTINCT d.type FROM business_documents d
           WHERE d.business_id = o.business_id AND d.removed_at IS NULL AND d.type = ANY(${permits}::text[])
             AND ${documentValidOn('o.ordered_on')}) END AS valid_permits
  FROM ${from} o JOIN currencies c ON c.code = o.currency`;

/** The IDR value: amount in major units × the rate in force on the order's WIB date, rounded to whole rupiah. */
const RATE_JOIN = `CROSS JOIN LATERAL (
    SELECT round(t.amount_minor::numeric / (10 ^ t.minor_units) * er.idr_per_unit)::bigint AS value_idr
      FROM exchange_rates er WHERE er.currency = t.currency AND er.valid_from <= t.ordered_on
     ORDER BY er.valid_from DESC LIMIT 1) r`;

const COLUMNS = `business_id, external_ref, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key,
  product_category, material, quantity, amount_minor, currency, value_idr, shipping_channel, weight_kg, hs_code, created_by,
  declaration, declared_by, origin_certificate`;

@Injectable()
export class OrdersRepository {
  constructor(private readonly db: Db) {}

  /**
   * Logs one order and its audit row in one statement (one round trip, atomic without BEGIN/COMMIT)
   * and returns the stored row for the response, with what route advice needs (same round trip). A
   * repeated externalRef inserts nothing (no audit row either) and returns the existing order with `created: false`.
   */
  async insertOne(
    businessId: string,
    o: NewOrder,
    key: string,
    createdBy: string,
    audit: { actorRole: string; details: object },
    q?: Queryable,
  ): Promise<{ row: AdvisedOrderRow; created: boolean }> {
    // a named (prepared) statement: each pooled connection parses and plans it once, not per order
    const inserted = await this.db.one<AdvisedOrderRow>(
      {
        name: 'orders.insert-one',
        text: `WITH ins AS (
         INSERT INTO orders (${COLUMNS})
         SELECT $1, t.external_ref, t.ordered_at, t.ordered_on, t.destination_country, t.buyer_ref, t.buyer_key, t.product_category,
                t.material, t.quantity, t.amount_minor, t.currency, r.value_idr, t.shipping_channel, t.weight_kg, t.hs_code, $17,
                $20, $21, $22
           FROM (SELECT $2::text AS external_ref, $3::timestamptz AS ordered_at, $4::date AS ordered_on, $5::text AS destination_country,
                        $6::text AS buyer_ref, $7::text AS buyer_key, $8::text AS product_category, $9::text AS material, $10::int AS quantity,
                        $11::bigint AS amount_minor, $12::text AS currency, $13::int AS minor_units, $14::text AS shipping_channel,
                        $15::numeric AS weight_kg, $16::text AS hs_code) t
           ${RATE_JOIN}
         ON CONFLICT (business_id, external_ref) WHERE external_ref IS NOT NULL DO NOTHING
         RETURNING *
       ), aud AS (
         INSERT INTO audit_log (actor, actor_role, action, entity_type, entity_id, details)
         SELECT $17, $18, 'order.created', 'order', ins.id::text, $19::jsonb FROM ins
       )
       ${advised('ins', '$23')}`,
      },
      [
        businessId,
        o.externalRef,
        o.orderedAt,
        o.orderedOn,
        o.destinationCountry,
        o.buyerRef,
        key,
        o.productCategory,
        o.material,
        o.quantity,
        o.amountMinor,
        o.currency,
        o.minorUnits,
        o.shippingChannel,
        o.weightKg,
        o.hsCode,
        createdBy,
        audit.actorRole,
        JSON.stringify(audit.details),
        o.declaration,
        o.declaredBy,
        o.originCertificate,
        // the inserted row's material is the body's: only its own permit can matter to its advice
        WILDLIFE_PERMIT[o.material] ? [WILDLIFE_PERMIT[o.material]] : [],
      ],
      q,
    );
    if (inserted) return { row: inserted, created: true };
    const existing = await this.db.one<AdvisedOrderRow>(
      `${advised('orders', '$3')} WHERE o.business_id = $1 AND o.external_ref = $2`,
      [businessId, o.externalRef, PERMIT_TYPES],
      q,
    );
    if (!existing) throw new Error('order insert produced no row and no existing order (missing rate?)');
    return { row: existing, created: false };
  }

  /**
   * Inserts many orders of one business in one statement (unnest: one round trip, no per-row
   * parameters). Rows whose externalRef already exists — in the table or earlier in the same
   * batch — are skipped. Returns how many were inserted.
   */
  async insertMany(businessId: string, orders: NewOrder[], keys: string[], createdBy: string, q?: Queryable): Promise<number> {
    if (!orders.length) return 0;
    const cols = {
      ext: [] as (string | null)[],
      at: [] as string[],
      on: [] as string[],
      country: [] as string[],
      buyer: [] as string[],
      cat: [] as string[],
      mat: [] as string[],
      qty: [] as number[],
      amt: [] as string[],
      cur: [] as string[],
      minor: [] as number[],
      ch: [] as string[],
      w: [] as (string | null)[],
      hs: [] as (string | null)[],
      decl: [] as string[],
      by: [] as string[],
      cert: [] as string[],
    };
    for (const o of orders) {
      cols.ext.push(o.externalRef);
      cols.at.push(o.orderedAt.toISOString());
      cols.on.push(o.orderedOn);
      cols.country.push(o.destinationCountry);
      cols.buyer.push(o.buyerRef);
      cols.cat.push(o.productCategory);
      cols.mat.push(o.material);
      cols.qty.push(o.quantity);
      cols.amt.push(o.amountMinor);
      cols.cur.push(o.currency);
      cols.minor.push(o.minorUnits);
      cols.ch.push(o.shippingChannel);
      cols.w.push(o.weightKg);
      cols.hs.push(o.hsCode);
      cols.decl.push(o.declaration);
      cols.by.push(o.declaredBy);
      cols.cert.push(o.originCertificate);
    }
    // The rate in force is looked up once per distinct (currency, WIB day) of the batch rather than
    // once per row (bench/plans/bulk-insert-unnest.txt); a row with no rate is skipped as before.
    return this.db.exec(
      `WITH t AS (
         SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                              $10::int[], $11::bigint[], $12::text[], $13::int[], $14::text[], $15::numeric[], $16::text[],
                              $18::text[], $19::text[], $20::text[])
              AS t(external_ref, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material,
                   quantity, amount_minor, currency, minor_units, shipping_channel, weight_kg, hs_code, declaration, declared_by, origin_certificate)
       ), rate AS MATERIALIZED (
         SELECT d.currency, d.ordered_on,
                (SELECT er.idr_per_unit FROM exchange_rates er WHERE er.currency = d.currency AND er.valid_from <= d.ordered_on
                  ORDER BY er.valid_from DESC LIMIT 1) AS idr_per_unit
           FROM (SELECT DISTINCT currency, ordered_on FROM t) d
       )
       INSERT INTO orders (${COLUMNS})
       SELECT $1, t.external_ref, t.ordered_at, t.ordered_on, t.destination_country, t.buyer_ref, t.buyer_key, t.product_category,
              t.material, t.quantity, t.amount_minor, t.currency, round(t.amount_minor::numeric / (10 ^ t.minor_units) * rate.idr_per_unit)::bigint,
              t.shipping_channel, t.weight_kg, t.hs_code, $17, t.declaration, t.declared_by, t.origin_certificate
         FROM t JOIN rate ON rate.currency = t.currency AND rate.ordered_on = t.ordered_on AND rate.idr_per_unit IS NOT NULL
       ON CONFLICT (business_id, external_ref) WHERE external_ref IS NOT NULL DO NOTHING`,
      [
        businessId,
        cols.ext,
        cols.at,
        cols.on,
        cols.country,
        cols.buyer,
        keys,
        cols.cat,
        cols.mat,
        cols.qty,
        cols.amt,
        cols.cur,
        cols.minor,
        cols.ch,
        cols.w,
        cols.hs,
        createdBy,
        cols.decl,
        cols.by,
        cols.cert,
      ],
      q,
    );
  }

  /**
   * The IDR rate in force for each (currency, WIB day) pair and for CNY on that day: route advice
   * for the bulk paths, asked only for the rows going to China.
   */
  async ratesWithCny(pairs: Array<[string, string]>): Promise<Map<string, { idr: number | null; cny: number | null }>> {
    const rate = (cur: string) => `(SELECT er.idr_per_unit::float8 FROM exchange_rates er WHERE er.currency = ${cur} AND er.valid_from <= p.day
      ORDER BY er.valid_from DESC LIMIT 1)`;
    const rows = await this.db.many<{ currency: string; day: string; idr: number | null; cny: number | null }>(
      `SELECT p.currency, to_char(p.day, 'YYYY-MM-DD') AS day, ${rate('p.currency')} AS idr, ${rate("'CNY'")} AS cny
         FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::date[]) AS p(currency, day)) p`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    return new Map(rows.map((r) => [`${r.currency}|${r.day}`, { idr: r.idr, cny: r.cny }]));
  }

  findById(id: string, q?: Queryable): Promise<OrderRow | undefined> {
    return this.db.one<OrderRow>(`${SELECT} WHERE o.id = $1`, [id], q);
  }

  /** Keyset page, newest first. Dates are WIB days, inclusive. */
  list(f: {
    businessId?: string;
    from?: string;
    to?: string;
    country?: string;
    includeVoided: boolean;
    after?: [string, string];
    limit: number;
  }): Promise<OrderRow[]> {
    return this.db.many<OrderRow>(
      `${SELECT}
        WHERE ($1::uuid IS NULL OR o.business_id = $1)
          AND ($2::date IS NULL OR o.ordered_on >= $2) AND ($3::date IS NULL OR o.ordered_on <= $3)
          AND ($4::text IS NULL OR o.destination_country = $4)
          AND ($5::boolean OR o.voided_at IS NULL)
          AND ($6::timestamptz IS NULL OR (o.ordered_at, o.id) < ($6, $7::uuid))
        ORDER BY o.ordered_at DESC, o.id DESC
        LIMIT $8`,
      [f.businessId ?? null, f.from ?? null, f.to ?? null, f.country ?? null, f.includeVoided, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  /** Marks the order void (kept for audit). Returns false when it was already void. */
  async void(id: string, reason: string, by: string, q?: Queryable): Promise<boolean> {
    return (
      (await this.db.exec('UPDATE orders SET voided_at = now(), voided_by = $2, void_reason = $3 WHERE id = $1 AND voided_at IS NULL', [id, by, reason], q)) > 0
    );
  }
}
