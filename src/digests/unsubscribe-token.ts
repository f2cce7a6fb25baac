import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 (APP_SECRET) of the subscription id: the unsubscribe link needs no login and cannot be forged. */
export function unsubscribeToken(appSecret: string, subscriptionId: string): string {
  return createHmac('sha256', appSecret).update(`digest-unsubscribe:v1:${subscriptionId.toLowerCase()}`).digest('base64url');
}

export function verifyUnsubscribeToken(appSecret: string, subscriptionId: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(appSecret, subscriptionId));
  const got = Buffer.from(String(token));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export function unsubscribeUrl(baseUrl: string, appSecret: string, subscriptionId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/digests/unsubscribe?s=${subscriptionId}&t=${unsubscribeToken(appSecret, subscriptionId)}`;
}
