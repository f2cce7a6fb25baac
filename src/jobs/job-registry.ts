import { DEFAULT_RETRY, RetryPolicy } from './retry-policy';

/**
 * The one typed registry of queues, job names and payloads. Payloads carry ids and period keys
 * only; handlers re-read state and return early when the work is already done.
 */
export const QUEUES = ['maintenance', 'watch', 'reports', 'delivery'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobPayloads {
  /** Recompute value_idr of orders dated on/after validFrom in that currency (a rate was added). */
  'rates.recompute-idr': { currency: string; validFrom: string };
  /** Fan a watch run out into one job per business. */
  'watch.start-run': { runId: string };
  /** Evaluate one chunk of a run's businesses (set-wise, one transaction). */
  'watch.evaluate-chunk': { runId: string; chunk: number };
  /** Evaluate one business for one run (jobs queued before chunking; handled as a chunk of one). */
  'watch.evaluate-business': { runId: string; businessId: string };
  /** Close a run once every business is evaluated. */
  'watch.finish-run': { runId: string };
  /** The weekly schedule's tick: create the run(s) that are due, catching up missed weeks. */
  'watch.scheduled-tick': Record<string, never>;
  /** Dry-run replay over past weeks. */
  'watch.replay': { replayId: string };
  /** Freeze the weekly list for an ISO week. */
  'reports.publish-week': { week: string };
  /** Fan domain events out to webhook endpoints: one event, or a batch (a weekly-run chunk's events). */
  'webhooks.fan-out': { eventId: string; eventIds?: undefined } | { eventIds: string[]; eventId?: undefined };
  /** One HTTP delivery attempt chain for one webhook delivery row. */
  'webhooks.deliver': { deliveryId: string };
  /** Find subscriptions whose digest is due and create their delivery rows. */
  'digests.tick': Record<string, never>;
  /** Send one digest delivery (exactly once per subscriber and period). */
  'digests.send-one': { deliveryId: string };
  /** Daily data retention: delete voided orders and delivery logs older than the RETENTION_* settings. */
  'maintenance.retention': Record<string, never>;
  /** Create the follow-ups owed after formal rungs and programme graduations (idempotent, set-wise). */
  'casework.follow-ups': Record<string, never>;
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { [N in JobName]: QueueName } = {
  'rates.recompute-idr': 'maintenance',
  'watch.start-run': 'watch',
  'watch.evaluate-chunk': 'watch',
  'watch.evaluate-business': 'watch',
  'watch.finish-run': 'watch',
  'watch.scheduled-tick': 'watch',
  'watch.replay': 'watch',
  'reports.publish-week': 'reports',
  'webhooks.fan-out': 'delivery',
  'webhooks.deliver': 'delivery',
  'digests.tick': 'delivery',
  'digests.send-one': 'delivery',
  'maintenance.retention': 'maintenance',
  'casework.follow-ups': 'maintenance',
};

/**
 * What each job's id is made of. The id names one piece of work: BullMQ (and the outbox relay)
 * ignore a second add with the same id while the first is kept, so enqueueing twice is harmless.
 */
export interface JobIdParts {
  'rates.recompute-idr': { currency: string; validFrom: string; addedAt: Date };
  /** `after`: the run whose finish starts this one (the next queued run). */
  'watch.start-run': { runId: string; after?: string };
  'watch.evaluate-chunk': { runId: string; chunk: number };
  'watch.evaluate-business': { runId: string; businessId: string };
  'watch.finish-run': { runId: string };
  /** Added by its job scheduler; `key` only for a hand-made one-off. */
  'watch.scheduled-tick': { key: string };
  'watch.replay': { replayId: string };
  'reports.publish-week': { week: string };
  /** A batch is named by its first event (an event is in one batch only). */
  'webhooks.fan-out': { eventIds: string[] };
  'webhooks.deliver': { deliveryId: string; round: number; attempt: number };
  /** The tick a published week triggers at once. */
  'digests.tick': { publishedWeek: string };
  /** `lease`: the look at a row whose sender may have died, once its lease runs out. */
  'digests.send-one': { deliveryId: string; attempt: number; lease?: boolean };
  'maintenance.retention': { key: string };
  'casework.follow-ups': { key: string };
}

const JOB_IDS: { [N in JobName]: (p: JobIdParts[N]) => string } = {
  'rates.recompute-idr': (p) => `rates.recompute-idr:${p.currency}:${p.validFrom}:${p.addedAt.getTime()}`,
  'watch.start-run': (p) => `watch.start-run:${p.runId}${p.after ? `:after:${p.after}` : ''}`,
  'watch.evaluate-chunk': (p) => `watch.evaluate-chunk:${p.runId}:${p.chunk}`,
  'watch.evaluate-business': (p) => `watch.evaluate-business:${p.runId}:${p.businessId}`,
  'watch.finish-run': (p) => `watch.finish-run:${p.runId}`,
  'watch.scheduled-tick': (p) => `watch.scheduled-tick:${p.key}`,
  'watch.replay': (p) => `watch.replay:${p.replayId}`,
  'reports.publish-week': (p) => `reports.publish-week:${p.week}`,
  'webhooks.fan-out': (p) => (p.eventIds.length === 1 ? `webhooks.fan-out:${p.eventIds[0]}` : `webhooks.fan-out:batch:${p.eventIds[0]}:${p.eventIds.length}`),
  'webhooks.deliver': (p) => `webhooks.deliver:${p.deliveryId}:${p.round}:${p.attempt}`,
  'digests.tick': (p) => `digests.tick:published:${p.publishedWeek}`,
  'digests.send-one': (p) => `digests.send-one:${p.deliveryId}:${p.attempt}${p.lease ? ':lease' : ''}`,
  'maintenance.retention': (p) => `maintenance.retention:${p.key}`,
  'casework.follow-ups': (p) => `casework.follow-ups:${p.key}`,
};

/** The one place job ids are made: `jobId('watch.evaluate-chunk', { runId, chunk })`. */
export function jobId<N extends JobName>(name: N, parts: JobIdParts[N]): string {
  const build: (p: JobIdParts[N]) => string = JOB_IDS[name];
  return build(parts);
}

/**
 * A recovery pass's copy of a lost job: a new id per pass (`stamp`, e.g. the minute), because the
 * queue may still keep the finished or failed original under its own id and would ignore a re-add.
 */
export function recoveryJobId(id: string, stamp: number): string {
  return `${id}:recover:${stamp}`;
}

/** The id a recovery copy was made from (the id itself when it is not a copy). */
export function originalJobId(id: string): string {
  return id.replace(/:recover:\d+$/, '');
}

/**
 * Jobs whose work has its own attempt schedule, counted in Postgres and re-enqueued by the handler
 * (each attempt's job still gets DEFAULT_RETRY from BullMQ should its handler crash):
 * - digest sends: an SMTP relay down for hours must not lose a digest, and the delivery row counts
 *   the attempts so the email goes out once (12 attempts over ≈ 6 h);
 * - webhook deliveries: receivers are other agencies' servers, down over a weekend or a day; the
 *   contract promises retries for more than 24 hours (16 attempts over ≈ 38.5 h).
 */
const RETRY_OVERRIDES: Partial<Record<JobName, RetryPolicy>> = {
  'digests.send-one': { attempts: 12, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
  'webhooks.deliver': { attempts: 16, baseDelayMs: 30_000, maxDelayMs: 6 * 3_600_000 },
};

/** The retry policy of a job: DEFAULT_RETRY unless the registry declares an override above. */
export function retryFor(name: JobName): RetryPolicy {
  return RETRY_OVERRIDES[name] ?? DEFAULT_RETRY;
}

/** BullMQ's options for every job: the default retry policy, and how long finished jobs are kept. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: DEFAULT_RETRY.attempts,
  backoff: { type: 'exponential' as const, delay: DEFAULT_RETRY.baseDelayMs },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 5000 },
};
