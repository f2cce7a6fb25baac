import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { BusinessDocument, DocumentType } from '../pathway/pathway.types';

const SELECT = `SELECT id, business_id AS "businessId", type, number, to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn",
  to_char(expires_on, 'YYYY-MM-DD') AS "expiresOn", note, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
  FROM business_documents`;
/**
 * A document of business_documents valid on `day` (an SQL date expression): issuedOn (if given) ≤
 * day ≤ expiresOn (if given). `alias` qualifies the columns (empty: bare column names). The one
 * definition of "valid on a day" for every reader of the register.
 */
export const documentValidOn = (day: string, alias = 'd'): string => {
  const c = alias ? `${alias}.` : '';
  return `(${c}issued_on IS NULL OR ${c}issued_on <= ${day}) AND (${c}expires_on IS NULL OR ${c}expires_on >= ${day})`;
};
/** valid on the date parameter $n */
const validOn = (n: number) => documentValidOn(`$${n}::date`, '');

export interface NewDocument {
  type: DocumentType;
  number: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
  note: string | null;
}

/** The register of verified documents per business; removed rows stay (removed_at) and are never returned. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly db: Db) {}

  async insert(businessId: string, d: NewDocument, by: string, q?: Queryable): Promise<BusinessDocument> {
    const row = await this.db.one<BusinessDocument>(
      `WITH ins AS (
         INSERT INTO business_documents (business_id, type, number, issued_on, expires_on, note, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
       ) ${SELECT.replace('FROM business_documents', 'FROM ins')}`,
      [businessId, d.type, d.number, d.issuedOn, d.expiresOn, d.note, by],
      q,
    );
    return row!;
  }

  /** Newest first; `types` narrows to some types. */
  list(businessId: string, types?: readonly DocumentType[], q?: Queryable): Promise<BusinessDocument[]> {
    return this.db.many<BusinessDocument>(
      `${SELECT} WHERE business_id = $1 AND removed_at IS NULL AND ($2::text[] IS NULL OR type = ANY($2))
        ORDER BY created_at DESC, id DESC`,
      [businessId, types ?? null],
      q,
    );
  }

  validOn(businessId: string, date: string, q?: Queryable): Promise<BusinessDocument[]> {
    return this.db.many<BusinessDocument>(
      `${SELECT} WHERE business_id = $1 AND removed_at IS NULL AND ${validOn(2)} ORDER BY type, expires_on NULLS LAST, id`,
      [businessId, date],
      q,
    );
  }

  /** Documents valid on `asOf` whose expiresOn falls within asOf … until (inclusive), soonest first. */
  expiringBetween(asOf: string, until: string, businessIds?: readonly string[]): Promise<BusinessDocument[]> {
    return this.db.many<BusinessDocument>(
      `${SELECT} WHERE removed_at IS NULL AND expires_on BETWEEN $1::date AND $2::date AND (issued_on IS NULL OR issued_on <= $1::date)
          AND ($3::uuid[] IS NULL OR business_id = ANY($3))
        ORDER BY expires_on, business_id, id`,
      [asOf, until, businessIds ?? null],
    );
  }

  /** Soft delete; returns the removed document's type, or undefined when there was none to remove. */
  async remove(businessId: string, id: string, by: string, q?: Queryable): Promise<DocumentType | undefined> {
    const row = await this.db.one<{ type: DocumentType }>(
      `UPDATE business_documents SET removed_at = now(), removed_by = $3 WHERE id = $2 AND business_id = $1 AND removed_at IS NULL RETURNING type`,
      [businessId, id, by],
      q,
    );
    return row?.type;
  }

  /** Soft-deletes every document of a type (hasCustomsAccess: false); returns the removed ids. */
  async removeType(businessId: string, type: DocumentType, by: string, q?: Queryable): Promise<string[]> {
    const rows = await this.db.many<{ id: string }>(
      `UPDATE business_documents SET removed_at = now(), removed_by = $3 WHERE business_id = $1 AND type = $2 AND removed_at IS NULL RETURNING id`,
      [businessId, type, by],
      q,
    );
    return rows.map((r) => r.id);
  }

  /** Whether a document of the type is valid on the date. */
  async hasValid(businessId: string, type: DocumentType, date: string, q?: Queryable): Promise<boolean> {
    return Boolean(
      await this.db.one(
        `SELECT 1 FROM business_documents WHERE business_id = $1 AND type = $2 AND removed_at IS NULL AND ${validOn(3)} LIMIT 1`,
        [businessId, type, date],
        q,
      ),
    );
  }
}
