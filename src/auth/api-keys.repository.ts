import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { Role } from './actor';

export interface ApiKeyRow {
  id: string;
  key_hash: Buffer;
  prefix: string;
  role: Role;
  business_id: string | null;
  label: string | null;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  findActiveByHash(hash: Buffer): Promise<ApiKeyRow | undefined> {
    return this.db.one<ApiKeyRow>('SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [hash]);
  }

  insert(
    k: { hash: Buffer; prefix: string; role: Role; businessId?: string; label?: string; createdBy: string },
    q?: Queryable,
  ): Promise<ApiKeyRow | undefined> {
    return this.db.one<ApiKeyRow>(
      `INSERT INTO api_keys (key_hash, prefix, role, business_id, label, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [k.hash, k.prefix, k.role, k.businessId ?? null, k.label ?? null, k.createdBy],
      q,
    );
  }

  list(filter: { businessId?: string }): Promise<ApiKeyRow[]> {
    return this.db.many<ApiKeyRow>(`SELECT * FROM api_keys WHERE ($1::uuid IS NULL OR business_id = $1) ORDER BY created_at DESC, id LIMIT 1000`, [
      filter.businessId ?? null,
    ]);
  }

  findById(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.one<ApiKeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
  }

  revoke(id: string, q?: Queryable): Promise<ApiKeyRow | undefined> {
    return this.db.one<ApiKeyRow>('UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *', [id], q);
  }

  touch(id: string): Promise<number> {
    return this.db.exec('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]);
  }
}
