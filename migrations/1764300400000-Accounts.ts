import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People who use the web pages: email + argon2id password, a role as in the API, lock-out counters;
 * one-time tokens (invite, password reset) and server-side sessions, all stored only as hashes.
 */
export class Accounts1764300400000 implements MigrationInterface {
  name = 'Accounts1764300400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text,
        role text NOT NULL CHECK (role IN ('admin', 'officer', 'business')),
        business_id uuid REFERENCES businesses (id) ON DELETE CASCADE,
        locale text NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en')),
        password_hash text,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled_at timestamptz,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        CHECK ((role = 'business') = (business_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX users_email ON users (lower(email));
      CREATE INDEX users_business ON users (business_id) WHERE business_id IS NOT NULL;

      CREATE TABLE user_tokens (
        token_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('invite', 'reset')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX user_tokens_user ON user_tokens (user_id);

      CREATE TABLE web_sessions (
        id_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX web_sessions_user ON web_sessions (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE web_sessions; DROP TABLE user_tokens; DROP TABLE users;');
  }
}
