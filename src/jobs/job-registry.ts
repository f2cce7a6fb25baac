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
};

/** Central retry policy: applied to every job unless a caller has a reason to differ. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 5000 },
};
