import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import type { ThrottleState } from './login-throttle';

/** The `login_throttle` rows (keys are keyed hashes; see LoginThrottle1764300731000). */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly db: Db) {}

  async read(keys: Buffer[]): Promise<Map<string, ThrottleState>> {
    const rows = await this.db.many<ThrottleState & { key: Buffer }>(
      'SELECT key, failures, last_at, blocked_until FROM login_throttle WHERE key = ANY($1::bytea[])',
      [keys],
    );
    return new Map(rows.map((r) => [r.key.toString('hex'), r]));
  }

  /**
   * Counts one failure on every key (starting over on a key quiet since `quietSince`) and returns
   * the new counts by key; stale rows of other keys are swept a few at a time.
   */
  async fail(keys: Buffer[], now: Date, quietSince: Date): Promise<Map<string, number>> {
    const rows = await this.db.many<{ key: Buffer; failures: number }>(
      `WITH swept AS (
         DELETE FROM login_throttle WHERE key IN (SELECT key FROM login_throttle WHERE last_at < $3 AND NOT key = ANY($1::bytea[]) LIMIT 20)
       )
       INSERT INTO login_throttle AS t (key, failures, last_at) SELECT k, 1, $2 FROM unnest($1::bytea[]) k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.last_at < $3 THEN 1 ELSE t.failures + 1 END,
         blocked_until = CASE WHEN t.last_at < $3 THEN NULL ELSE t.blocked_until END,
         last_at = $2
       RETURNING key, failures`,
      [keys, now, quietSince],
    );
    return new Map(rows.map((r) => [r.key.toString('hex'), r.failures]));
  }

  block(key: Buffer, until: Date): Promise<number> {
    return this.db.exec('UPDATE login_throttle SET blocked_until = $2 WHERE key = $1', [key, until]);
  }

  clear(key: Buffer): Promise<number> {
    return this.db.exec('DELETE FROM login_throttle WHERE key = $1', [key]);
  }
}
