import { Injectable, Optional } from '@nestjs/common';
import { Env } from '../config/env.schema';

/**
 * Retry schedule of webhook deliveries. Attempts are re-enqueued by the handler (through the job
 * outbox) with these delays, so the schedule spans more than 24 hours regardless of BullMQ's
 * default policy. `WEBHOOK_RETRY_BASE_MS` and `WEBHOOK_TIMEOUT_MS` set the first delay and the
 * request timeout (child-process tests shorten them); in-process tests may also edit the instance.
 */
@Injectable()
export class WebhookDeliveryPolicy {
  /** Delay before the 2nd attempt; doubles after every failure. */
  baseDelayMs = 30_000;
  /** Longest single wait between attempts. */
  maxDelayMs = 6 * 3600_000;
  /** Attempts per delivery (16 with the defaults above ≈ 38.5 h of retries). */
  maxAttempts = 16;
  /** Per-request timeout. */
  timeoutMs = 10_000;
  /** An endpoint is disabled once it has failed this many times in a row for at least disableAfterMs… */
  disableAfterFailures = 20;
  /** …or as soon as a delivery exhausts all its attempts. */
  disableAfterMs = 24 * 3600_000;
  /** How long the previous secret keeps signing after a rotation, unless the admin says otherwise. */
  rotationOverlapMs = 24 * 3600_000;

  constructor(@Optional() env?: Env) {
    if (env?.WEBHOOK_RETRY_BASE_MS) this.baseDelayMs = env.WEBHOOK_RETRY_BASE_MS;
    if (env?.WEBHOOK_TIMEOUT_MS) this.timeoutMs = env.WEBHOOK_TIMEOUT_MS;
  }

  /** Wait after `attempt` failed attempts (1-based). */
  delayAfter(attempt: number): number {
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
  }

  /** Total time covered by the retry schedule. */
  totalSpanMs(): number {
    let sum = 0;
    for (let a = 1; a < this.maxAttempts; a++) sum += this.delayAfter(a);
    return sum;
  }
}
