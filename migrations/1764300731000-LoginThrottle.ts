import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling replaces the account lock-out (five wrong passwords locked anyone out for 15
 * minutes, and answered 423 only for accounts that exist). One row per throttle key: a keyed hash
 * of (email as typed, client address), of the email alone, or of the address alone, so unknown and
 * existing accounts are counted alike and neither emails nor addresses are stored in the clear.
 */
export class LoginThrottle1764300731000 implements MigrationInterface {
  name = 'LoginThrottle1764300731000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttle (
        key bytea PRIMARY KEY,
        failures integer NOT NULL,
        last_at timestamptz NOT NULL,
        blocked_until timestamptz
      );
      CREATE INDEX login_throttle_last_at ON login_throttle (last_at);
      UPDATE users SET failed_logins = 0, locked_until = NULL WHERE locked_until IS NOT NULL OR failed_logins <> 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_throttle;');
  }
}
