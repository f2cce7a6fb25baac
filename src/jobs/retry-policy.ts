/**
 * The one retry policy of the jobs: how many attempts, and the wait after the n-th failure (doubling
 * from `baseDelayMs`, never more than `maxDelayMs`). Every job uses DEFAULT_RETRY through BullMQ;
 * the job registry declares the few overrides (with their reason), see `retryFor`.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** 8 attempts, 1 s doubling: 2 min 7 s in all, enough for a database failover or a worker restart. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 1000, maxDelayMs: 1000 * 2 ** 6 };

/** Wait after `attempt` failed attempts (1-based). */
export function retryDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/** Total time the attempts span (the waits between them). */
export function retrySpanMs(policy: RetryPolicy): number {
  let sum = 0;
  for (let a = 1; a < policy.attempts; a++) sum += retryDelay(policy, a);
  return sum;
}
