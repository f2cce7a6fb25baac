import { isIP } from 'node:net';

/**
 * Sign-in throttling, without lock-outs. Counts are kept per key and forgotten after `quietMs`
 * without a failure:
 * - per account (the email as typed) **and** client address: after `free` failures that address
 *   waits `baseMs`, doubling per further failure up to `maxMs` (429 + Retry-After), so a stranger
 *   who guesses at an officer's email blocks only himself;
 * - per client address across all emails (password spraying), likewise;
 * - per account from every address: never a block, only a slower answer (`stepMs` per failure over
 *   `free`, at most `maxMs`), so the real person can still sign in from their own address.
 * Unknown and existing accounts are counted alike: the key is the email as typed, not the user.
 */
export const LOGIN_THROTTLE = {
  quietMs: 15 * 60_000,
  accountAddress: { free: 5, baseMs: 30_000, maxMs: 15 * 60_000 },
  address: { free: 30, baseMs: 60_000, maxMs: 15 * 60_000 },
  account: { free: 10, stepMs: 250, maxMs: 3_000 },
} as const;

export type BlockScope = 'accountAddress' | 'address';

export interface ThrottleState {
  failures: number;
  last_at: Date;
  blocked_until: Date | null;
}

/** Failures still counted at `now` (zero once the key has been quiet for quietMs). */
export function liveFailures(s: ThrottleState | undefined, now: Date): number {
  return s && now.getTime() - s.last_at.getTime() <= LOGIN_THROTTLE.quietMs ? s.failures : 0;
}

/** Milliseconds until the key may try again (0: now). */
export function waitMs(s: ThrottleState | undefined, now: Date): number {
  return s?.blocked_until ? Math.max(0, s.blocked_until.getTime() - now.getTime()) : 0;
}

/** The block that follows the `failures`-th failure of a key, or null while under the free count. */
export function blockAfter(scope: BlockScope, failures: number, now: Date): Date | null {
  const p = LOGIN_THROTTLE[scope];
  if (failures < p.free) return null;
  return new Date(now.getTime() + Math.min(p.maxMs, p.baseMs * 2 ** (failures - p.free)));
}

/** How much slower the answer for an account under attack from many addresses is. */
export function accountSlowdownMs(s: ThrottleState | undefined, now: Date): number {
  const over = liveFailures(s, now) - LOGIN_THROTTLE.account.free;
  return over > 0 ? Math.min(LOGIN_THROTTLE.account.maxMs, over * LOGIN_THROTTLE.account.stepMs) : 0;
}

/** The address a throttle counts: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 (one subscriber's block). */
export function throttleAddress(ip: string | undefined): string {
  const a = (ip ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIP(a) !== 6) return a || 'unknown';
  const [head, tail = ''] = a.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
