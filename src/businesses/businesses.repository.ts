import { Injectable } from '@nestjs/common';
import { documentValidOn } from './documents.repository';
import { Db, Queryable } from '../database/db';
import type { MonthlyCapacity } from './dto/capacity';

export interface BusinessRow {
  id: string;
  name: string;
  district: string;
  owner_name: string | null;
  email: string | null;
  phone: string | null;
  nib: string | null;
  /** stored copy of customs_access as of the register's last change (read by the watch and reports); responses use customs_access */
  has_customs_access: boolean;
  /** derived: a nib_customs_access document is valid on the day the query was asked for */
  customs_access: boolean;
  materials: string[];
  monthly_capacity: MonthlyCapacity;
  created_at: Date;
  updated_at: Date;
}

/** A business with its last-90-days activity and account count (the officers' list). */
export interface BusinessActivityRow {
  id: string;
  name: string;
  district: string;
  materials: string[];
  has_customs_access: boolean;
  orders_90d: number;
  value_90d: string;
  users: number;
}

export interface BusinessFields {
  name?: string;
  district?: string;
  ownerName?: string | null;
  email?: string | null;
  phone?: string | null;
  nib?: string | null;
  hasCustomsAccess?: boolean;
  materials?: string[];
  monthlyCapacity?: MonthlyCapacity;
}

const COLUMNS: Record<keyof BusinessFields, string> = {
  name: 'name',
  district: 'district',
  ownerName: 'owner_name',
  email: 'email',
  phone: 'phone',
  nib: 'nib',
  hasCustomsAccess: 'has_customs_access',
  materials: 'materials',
  monthlyCapacity: 'monthly_capacity',
};

/** Whether business `b` holds a customs-access NIB valid on the date in placeholder $n: a `nib_customs_access` document, not removed, issued by then and not expired. */
export const customsAccess = (n: number) => `EXISTS (SELECT 1 FROM business_documents d WHERE d.business_id = b.id AND d.type = 'nib_customs_access'
  AND d.removed_at IS NULL AND ${documentValidOn(`$${n}::date`)})`;
/** The row, with customs_access derived from the documents register. */
const select = (n: number) => `SELECT b.*, ${customsAccess(n)} AS customs_access FROM businesses b`;

@Injectable()
export class BusinessesRepository {
  constructor(private readonly db: Db) {}

  /** Returns the new id (responses derive customs access from the documents register). */
  async insert(f: BusinessFields, q?: Queryable): Promise<string> {
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO businesses (name, district, owner_name, email, phone, nib, has_customs_access, materials, monthly_capacity)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        f.name,
        f.district,
        f.ownerName ?? null,
        f.email ?? null,
        f.phone ?? null,
        f.nib ?? null,
        f.hasCustomsAccess ?? false,
        f.materials ?? [],
        JSON.stringify(f.monthlyCapacity ?? {}),
      ],
      q,
    );
    return row!.id;
  }

  /** Returns whether the business exists. */
  async update(id: string, f: BusinessFields, q?: Queryable): Promise<boolean> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, col] of Object.entries(COLUMNS) as Array<[keyof BusinessFields, string]>) {
      if (f[key] === undefined) continue;
      params.push(key === 'monthlyCapacity' ? JSON.stringify(f[key]) : f[key]);
      sets.push(`${col} = $${params.length}`);
    }
    if (!sets.length) return this.exists(id, q);
    return (await this.db.exec(`UPDATE businesses SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params, q)) > 0;
  }

  /** Stores the derived customs access as of `today` in has_customs_access, for the readers of the column. */
  async refreshCustomsAccess(id: string, today: string, q?: Queryable): Promise<void> {
    await this.db.exec(`UPDATE businesses b SET has_customs_access = ${customsAccess(2)} WHERE b.id = $1`, [id, today], q);
  }

  /** `today`: the WIB date customs access is judged on. */
  findById(id: string, today: string, q?: Queryable): Promise<BusinessRow | undefined> {
    return this.db.one<BusinessRow>(`${select(2)} WHERE b.id = $1`, [id, today], q);
  }

  exists(id: string, q?: Queryable): Promise<boolean> {
    return this.db.one('SELECT 1 FROM businesses WHERE id = $1', [id], q).then(Boolean);
  }

  /** Keyset page ordered by lower(name), id. `onlyId` scopes a business key to itself. */
  list(f: { district?: string; q?: string; onlyId?: string; after?: [string, string]; limit: number; today: string }): Promise<BusinessRow[]> {
    return this.db.many<BusinessRow>(
      `${select(7)}
        WHERE ($1::text IS NULL OR b.district = $1)
          AND ($2::text IS NULL OR b.name ILIKE '%' || replace(replace(replace($2, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
          AND ($3::uuid IS NULL OR b.id = $3)
          AND ($4::text IS NULL OR (lower(b.name), b.id) > ($4, $5::uuid))
        ORDER BY lower(b.name), b.id
        LIMIT $6`,
      [f.district ?? null, f.q ?? null, f.onlyId ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit, f.today],
    );
  }

  /** Businesses by name with their non-voided orders since `since` and their user accounts. */
  listWithActivity(f: { search?: string; district?: string; since: string; limit: number }): Promise<BusinessActivityRow[]> {
    return this.db.many<BusinessActivityRow>(
      `SELECT b.id, b.name, b.district, b.materials, b.has_customs_access,
              coalesce(o.n, 0)::int AS orders_90d, coalesce(o.v, 0)::text AS value_90d,
              (SELECT count(*)::int FROM users u WHERE u.business_id = b.id) AS users
         FROM businesses b
         LEFT JOIN LATERAL (SELECT count(*) AS n, sum(value_idr) AS v FROM orders
                             WHERE business_id = b.id AND voided_at IS NULL AND ordered_on >= $4) o ON true
        WHERE ($1::text IS NULL OR b.name ILIKE '%' || replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
          AND ($2::text IS NULL OR b.district = $2)
        ORDER BY lower(b.name), b.id LIMIT $3`,
      [f.search || null, f.district || null, f.limit, f.since],
    );
  }
}
