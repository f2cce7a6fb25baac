import type { Db } from '../../src/database/db';

/** One order inserted straight into the table, declared as given (the ladder reads only these columns and the window). */
export async function insertDeclaredOrder(
  db: Db,
  businessId: string,
  o: {
    on: string;
    market?: string;
    declaration?: string;
    declaredBy?: string;
    originCertificate?: string;
    voided?: boolean;
    material?: string;
    weightKg?: number | null;
    buyer?: string;
    quantity?: number;
    valueIdr?: number;
  },
): Promise<string> {
  const row = await db.one<{ id: string }>(
    `INSERT INTO orders (business_id, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material, quantity,
                         amount_minor, currency, value_idr, shipping_channel, weight_kg, declaration, declared_by, origin_certificate, voided_at)
     VALUES ($1, ($2::date + time '10:00') AT TIME ZONE 'Asia/Jakarta', $2, $3, $10, lower($10), 'bag', $4, $11, 150000, 'MYR', $12, 'post', $5,
             $6, $7, $8, CASE WHEN $9 THEN now() END)
     RETURNING id`,
    [
      businessId,
      o.on,
      o.market ?? 'MY',
      o.material ?? 'snakeskin',
      o.weightKg === undefined ? 1.5 : o.weightKg,
      o.declaration ?? 'unknown',
      o.declaredBy ?? 'unknown',
      o.originCertificate ?? 'none',
      o.voided ?? false,
      o.buyer ?? 'Kedai KL',
      o.quantity ?? 1,
      o.valueIdr ?? 5_000_000,
    ],
  );
  return row!.id;
}

/** A verified document inserted straight into the register. */
export async function insertDocument(
  db: Db,
  businessId: string,
  d: { type: string; issuedOn?: string | null; expiresOn?: string | null; removed?: boolean; number?: string },
): Promise<string> {
  const row = await db.one<{ id: string }>(
    `INSERT INTO business_documents (business_id, type, number, issued_on, expires_on, removed_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END) RETURNING id`,
    [businessId, d.type, d.number ?? null, d.issuedOn ?? null, d.expiresOn ?? null, d.removed ?? false],
  );
  return row!.id;
}
