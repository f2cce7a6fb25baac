import { Injectable } from '@nestjs/common';
import { Env } from '../config/env.schema';
import { Clock } from '../common/clock';
import type { Actor } from './actor';
import { constantTimeEqual, hashApiKey } from './api-key';
import { ApiKeysRepository } from './api-keys.repository';

const CACHE_TTL_MS = 5_000;
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves bearer keys to actors. Lookups are cached for a few seconds per process (the hot path
 * of order logging); a revoke clears this process's cache at once and others within 5 s.
 */
@Injectable()
export class AuthService {
  private readonly adminHash?: Buffer;
  private readonly cache = new Map<string, { actor: Actor | null; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    env: Env,
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
  ) {
    if (env.ADMIN_API_KEY) this.adminHash = hashApiKey(env.ADMIN_API_KEY);
  }

  async authenticate(key: string): Promise<Actor | null> {
    if (!key || key.length > 200) return null;
    const hash = hashApiKey(key);
    if (this.adminHash && constantTimeEqual(hash, this.adminHash)) return { role: 'admin', keyId: 'env-admin' };
    const cacheKey = hash.toString('base64');
    const now = this.clock.now().getTime();
    const hit = this.cache.get(cacheKey);
    if (hit && hit.until > now) return hit.actor;
    const row = await this.keys.findActiveByHash(hash);
    const actor = row && constantTimeEqual(row.key_hash, hash) ? { role: row.role, keyId: row.id, businessId: row.business_id ?? undefined } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, { actor, until: now + CACHE_TTL_MS });
    if (actor && (this.touched.get(actor.keyId) ?? 0) < now - TOUCH_EVERY_MS) {
      this.touched.set(actor.keyId, now);
      void this.keys.touch(actor.keyId).catch(() => undefined);
    }
    return actor;
  }

  forgetCached(): void {
    this.cache.clear();
  }
}
