import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: high entropy, so one SHA-256 is the right hash (a slow KDF adds nothing). */
export function generateApiKey(): { key: string; hash: Buffer; prefix: string } {
  const key = `se_${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 10) };
}

export function hashApiKey(key: string): Buffer {
  return hash('sha256', key, 'buffer'); // one-shot: no Hash object per request
}

export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
