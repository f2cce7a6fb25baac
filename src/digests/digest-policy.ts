import { Injectable, Optional } from '@nestjs/common';
import { Env } from '../config/env.schema';
import { retryFor } from '../jobs/job-registry';
import { retryDelay } from '../jobs/retry-policy';

const RETRY = retryFor('digests.send-one');

/**
 * SMTP retry schedule (declared in the job registry) and send lease of digest deliveries (tests
 * shorten them on the injected instance).
 */
@Injectable()
export class DigestDeliveryPolicy {
  /** Delay before the 2nd attempt; doubles after each failure. */
  baseDelayMs = RETRY.baseDelayMs;
  maxDelayMs = RETRY.maxDelayMs;
  maxAttempts = RETRY.attempts;
  /** A send in progress holds the row this long; a crashed worker's row is retried after it. */
  leaseMs = 5 * 60_000;
  /** How often the worker's tick looks for due digests (cron, in minutes). */
  tickEveryMinutes = 5;
  /** How often each worker re-creates send jobs the queue lost (Redis flushed or restarted empty). */
  recoveryEveryMs = 60_000;
  /** Rows younger than this are left to the outbox relay. */
  recoveryGraceMs = 10_000;

  constructor(@Optional() env?: Env) {
    if (env?.DIGEST_SEND_LEASE_MS) this.leaseMs = env.DIGEST_SEND_LEASE_MS;
    if (env?.DIGEST_RETRY_BASE_MS) this.baseDelayMs = env.DIGEST_RETRY_BASE_MS;
    if (env?.DIGEST_RECOVERY_MS) {
      this.recoveryEveryMs = env.DIGEST_RECOVERY_MS;
      this.recoveryGraceMs = Math.min(this.recoveryGraceMs, env.DIGEST_RECOVERY_MS);
    }
  }

  delayAfter(attempt: number): number {
    return retryDelay(this, attempt);
  }
}
