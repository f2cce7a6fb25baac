import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';

export interface BusinessRow {
  id: string;
  name: string;
  district: string;
  owner_name: string | null;
  email: string | null;
  phone: string | null;
  nib: string | null;
  has_customs_access: boolean;
  materials: string[];
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
};

@Injectable()
export class BusinessesRepository {
  constructor(private readonly db: Db) {}

  async insert(f: BusinessFields, q?: Queryable): Promise<BusinessRow> {
    const row = await this.db.one<BusinessRow>(
      `INSERT INTO businesses (name, district, owner_name, email, phone, nib, has_customs_access, materials)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [f.name, f.district, f.ownerName ?? null, f.email ?? null, f.phone ?? null, f.nib ?? null, f.hasCustomsAccess ?? false, f.materials ?? []],
      q,
    );
    return row!;
  }

  async update(id: string, f: BusinessFields, q?: Queryable): Promise<BusinessRow | undefined> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, col] of Object.entries(COLUMNS) as Array<[keyof BusinessFields, string]>) {
      if (f[key] === undefined) continue;
      params.push(f[key]);
      sets.push(`${col} = $${params.length}`);
    }
    if (!sets.length) return this.findById(id);
    return this.db.one<BusinessRow>(`UPDATE businesses SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING *`, params, q);
  }

  findById(id: string, q?: Queryable): Promise<BusinessRow | undefined> {
    return this.db.one<BusinessRow>('SELECT * FROM businesses WHERE id = $1', [id], q);
  }

  exists(id: string): Promise<boolean> {
    return this.db.one('SELECT 1 FROM businesses WHERE id = $1', [id]).then(Boolean);
  }

  /** Keyset page ordered by lower(name), id. `onlyId` scopes a business key to itself. */
  list(f: { district?: string; q?: string; onlyId?: string; after?: [string, string]; limit: number }): Promise<BusinessRow[]> {
    return this.db.many<BusinessRow>(
      `SELECT * FROM businesses
        WHERE ($1::text IS NULL OR district = $1)
          AND ($2::text IS NULL OR name ILIKE '%' || replace(replace(replace($2, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
          AND ($3::uuid IS NULL OR id = $3)
          AND ($4::text IS NULL OR (lower(name), id) > ($4, $5::uuid))
        ORDER BY lower(name), id
        LIMIT $6`,
      [f.district ?? null, f.q ?? null, f.onlyId ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
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
