import type { OrderAdvice } from './orders.views';

/**
 * The route advice of a just-saved order travels to its page (after the redirect) in a short-lived
 * cookie: `{ order id, advice }` as base64url JSON. It is shown once, to the browser that saved the
 * order, and only on that order's page; whatever does not read back as advice is ignored.
 */
export const ADVICE_COOKIE = 'se_advice';
export const ADVICE_MAX_AGE_S = 120;
const MAX_ITEMS = 5;
const MAX_TEXT = 400;

function isAdvice(v: unknown): v is OrderAdvice {
  if (!v || typeof v !== 'object') return false;
  const a = v as { code?: unknown; message?: { id?: unknown; en?: unknown } };
  return typeof a.code === 'string' && typeof a.message?.id === 'string' && typeof a.message.en === 'string';
}

const clip = (s: string) => s.slice(0, MAX_TEXT);

export function encodeAdvice(orderId: string, advice: OrderAdvice[]): string {
  const items = advice.slice(0, MAX_ITEMS).map((a) => ({ code: clip(a.code), message: { id: clip(a.message.id), en: clip(a.message.en) } }));
  return Buffer.from(JSON.stringify({ orderId, advice: items }), 'utf8').toString('base64url');
}

/** The advice for `orderId` from the cookie's value; none when it is for another order or unreadable. */
export function decodeAdvice(value: string | undefined, orderId: string): OrderAdvice[] {
  if (!value) return [];
  try {
    const data: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!data || typeof data !== 'object' || (data as { orderId?: unknown }).orderId !== orderId) return [];
    const list: unknown = (data as { advice?: unknown }).advice;
    return Array.isArray(list) ? list.filter(isAdvice).slice(0, MAX_ITEMS) : [];
  } catch {
    return [];
  }
}
