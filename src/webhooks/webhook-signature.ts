import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Siap-Signature';
export const EVENT_ID_HEADER = 'X-Siap-Event-Id';

/** A new endpoint secret: shown once to the admin, stored encrypted (it must stay usable for signing). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** HMAC-SHA256 hex over "<t>.<raw body>". */
export function signPayload(secret: string, t: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>]`: one v1 per valid secret (two during a rotation overlap). */
export function signatureHeader(secrets: string[], t: number, rawBody: string): string {
  return [`t=${t}`, ...secrets.map((s) => `v1=${signPayload(s, t, rawBody)}`)].join(',');
}

/**
 * Receiver-side check (also what docs/webhooks.md shows): true when any v1 matches and t is within
 * the tolerance of `nowSeconds`.
 */
export function verifySignature(header: string | undefined, rawBody: string, secret: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, t, rawBody), 'hex');
  return parts
    .filter(([k, v]) => k === 'v1' && typeof v === 'string' && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}

/** Seals secrets at rest with AES-256-GCM under a key derived from APP_SECRET. */
export class SecretBox {
  private readonly key: Buffer;
  constructor(appSecret: string) {
    this.key = createHash('sha256').update(`siap-ekspor:webhook-secrets:${appSecret}`).digest();
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const enc = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1.${iv.toString('base64url')}.${enc.toString('base64url')}.${c.getAuthTag().toString('base64url')}`;
  }

  open(sealed: string): string {
    const [v, iv, enc, tag] = sealed.split('.');
    if (v !== 'v1' || !iv || !enc || !tag) throw new Error('unreadable sealed secret');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(enc, 'base64url')), d.final()]).toString('utf8');
  }
}
