import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { Role } from '../auth/actor';

export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  business_id: string | null;
  business_name?: string | null;
  locale: 'id' | 'en';
  password_hash: string | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
}

export type TokenKind = 'invite' | 'reset';

@Injectable()
export class AccountsRepository {
  constructor(private readonly db: Db) {}

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.one<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.one<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
  }

  insert(
    u: { email: string; name?: string | null; role: Role; businessId?: string | null; locale?: string; passwordHash?: string | null; createdBy: string },
    q?: Queryable,
  ): Promise<UserRow | undefined> {
    return this.db.one<UserRow>(
      `INSERT INTO users (email, name, role, business_id, locale, password_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING *`,
      [u.email, u.name ?? null, u.role, u.businessId ?? null, u.locale ?? 'id', u.passwordHash ?? null, u.createdBy],
      q,
    );
  }

  list(filter: { businessId?: string; role?: Role } = {}): Promise<UserRow[]> {
    return this.db.many<UserRow>(
      `SELECT u.*, b.name AS business_name FROM users u LEFT JOIN businesses b ON b.id = u.business_id
        WHERE ($1::uuid IS NULL OR u.business_id = $1) AND ($2::text IS NULL OR u.role = $2)
        ORDER BY u.role, lower(u.email) LIMIT 2000`,
      [filter.businessId ?? null, filter.role ?? null],
    );
  }

  recordSuccess(id: string, now: Date): Promise<number> {
    return this.db.exec('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1', [id, now]);
  }

  setPassword(id: string, hash: string, q?: Queryable): Promise<number> {
    return this.db.exec('UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1', [id, hash], q);
  }

  setLocale(id: string, locale: 'id' | 'en'): Promise<number> {
    return this.db.exec('UPDATE users SET locale = $2 WHERE id = $1', [id, locale]);
  }

  setDisabled(id: string, disabled: boolean, now: Date, q?: Queryable): Promise<number> {
    return this.db.exec('UPDATE users SET disabled_at = CASE WHEN $2 THEN $3::timestamptz ELSE NULL END WHERE id = $1', [id, disabled, now], q);
  }

  insertToken(hash: Buffer, userId: string, kind: TokenKind, expiresAt: Date, q?: Queryable): Promise<number> {
    return this.db.exec('INSERT INTO user_tokens (token_hash, user_id, kind, expires_at) VALUES ($1, $2, $3, $4)', [hash, userId, kind, expiresAt], q);
  }

  /** Marks a valid token used and returns its user; a used, expired or unknown token returns nothing. */
  consumeToken(hash: Buffer, now: Date, q?: Queryable): Promise<{ user_id: string; kind: TokenKind } | undefined> {
    return this.db.one(
      `UPDATE user_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id, kind`,
      [hash, now],
      q,
    );
  }

  peekToken(hash: Buffer, now: Date): Promise<{ user_id: string; kind: TokenKind; email: string } | undefined> {
    return this.db.one(
      `SELECT t.user_id, t.kind, u.email FROM user_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND u.disabled_at IS NULL`,
      [hash, now],
    );
  }

  insertSession(idHash: Buffer, userId: string, now: Date, expiresAt: Date): Promise<number> {
    return this.db.exec('INSERT INTO web_sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)', [
      idHash,
      userId,
      now,
      expiresAt,
    ]);
  }

  findSession(idHash: Buffer, now: Date): Promise<(UserRow & { session_expires_at: Date; last_seen_at: Date }) | undefined> {
    return this.db.one(
      `SELECT u.*, s.expires_at AS session_expires_at, s.last_seen_at FROM web_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
      [idHash, now],
    );
  }

  touchSession(idHash: Buffer, now: Date, expiresAt: Date): Promise<number> {
    return this.db.exec('UPDATE web_sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1', [idHash, now, expiresAt]);
  }

  deleteSession(idHash: Buffer): Promise<number> {
    return this.db.exec('DELETE FROM web_sessions WHERE id_hash = $1', [idHash]);
  }

  deleteSessionsOf(userId: string, q?: Queryable): Promise<number> {
    return this.db.exec('DELETE FROM web_sessions WHERE user_id = $1', [userId], q);
  }
}
