import { Injectable, Optional } from '@nestjs/common';
import { Env } from '../config/env.schema';
import { retryFor } from '../jobs/job-registry';
import { retryDelay, retrySpanMs } from '../jobs/retry-policy';

const RETRY = retryFor('webhooks.deliver');

/**
 * Retry schedule of webhook deliveries (declared in the job registry). Attempts are re-enqueued by
 * the handler (through the job outbox) with these delays, so the schedule spans more than 24 hours regardless of BullMQ's
 * default policy. `WEBHOOK_RETRY_BASE_MS` and `WEBHOOK_TIMEOUT_MS` set the first delay and the
 * request timeout (child-process tests shorten them); in-process tests may also edit the instance.
 */
@Injectable()
export class WebhookDeliveryPolicy {
  /** Delay before the 2nd attempt; doubles after every failure. */
  baseDelayMs = RETRY.baseDelayMs;
  /** Longest single wait between attempts. */
  maxDelayMs = RETRY.maxDelayMs;
  /** Attempts per delivery. */
  maxAttempts = RETRY.attempts;
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
    return retryDelay(this, attempt);
  }

  /** Total time covered by the retry schedule. */
  totalSpanMs(): number {
    return retrySpanMs({ attempts: this.maxAttempts, baseDelayMs: this.baseDelayMs, maxDelayMs: this.maxDelayMs });
  }
}
