import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ProcessRoleInfo } from '../common/process.module';
import { Clock } from '../common/clock';
import { Env } from '../config/env.schema';
import { JobOutboxRepository } from '../jobs/job-outbox.repository';
import { JobsService } from '../jobs/jobs.service';
import { RecoveryLoop } from '../jobs/recovery-loop';
import { WebhooksRepository } from './webhooks.repository';
import { jobId, originalJobId, recoveryJobId } from '../jobs/job-registry';
import { logEvent } from '../common/log-event';

/** A job younger than this may simply not have been relayed yet. */
const GRACE_MS = 60_000;

/**
 * Domain events and webhook deliveries live in Postgres; their jobs live in the queue. If the queue
 * loses jobs (Redis restarted empty or flushed), an event would never be fanned out and a pending
 * delivery would never be tried again. In every worker process this re-creates, at start and then
 * every WEBHOOK_RECOVERY_MS, the job each of them should have, when no live job (outbox row or
 * queued job) exists. Fan-out is idempotent (per event) and a delivery attempt is claimed with a
 * lease, so a recovered job can never post an event twice at once; receivers de-duplicate by event id.
 */
@Injectable()
export class WebhookRecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookRecoveryService.name);
  private readonly loop = new RecoveryLoop(this.logger, 'webhook recovery', () => this.recover());

  constructor(
    private readonly env: Env,
    private readonly processRole: ProcessRoleInfo,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly repo: WebhooksRepository,
    private readonly outbox: JobOutboxRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start(this.processRole, this.env.WEBHOOK_RECOVERY_MS);
  }

  /** One pass; returns how many fan-outs and delivery attempts were re-enqueued. */
  async recover(graceMs = GRACE_MS, limit = 1000): Promise<{ fanOuts: number; deliveries: number }> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - graceMs);
    const stamp = Math.floor(now.getTime() / 60_000);
    let fanOuts = 0;
    let deliveries = 0;
    // each pending event with the job that fans it out: its own, or its batch's (found by the outbox
    // row that queued it; rows are kept a day, older events fall back to their own job id)
    const pending = await this.repo.unfannedEvents(graceMs, limit);
    const queued = await this.outbox.newestJobIdsNaming(
      'webhooks.fan-out',
      'eventId',
      'eventIds',
      pending.map((e) => ({ id: e.id, since: e.created_at })),
    );
    const events = pending.map((e) => ({ id: e.id, job_id: queued.get(e.id) ?? jobId('webhooks.fan-out', { eventIds: [e.id] }) }));
    const lost: string[] = [];
    const live = new Map<string, boolean>();
    for (const { id, job_id } of events) {
      if (!live.has(job_id)) live.set(job_id, await this.anyLive('webhooks.fan-out', originalJobId(job_id), stamp, job_id));
      if (!live.get(job_id)) lost.push(id);
    }
    // read again: a job may have finished between the first read and the queue check
    const still = lost.length ? await this.repo.stillUnfanned(lost) : [];
    if (still.length) {
      const payload = still.length === 1 ? { eventId: still[0] } : { eventIds: still };
      await this.jobs.enqueue('webhooks.fan-out', payload, { jobId: recoveryJobId(jobId('webhooks.fan-out', { eventIds: still }), stamp) });
      fanOuts = still.length;
    }
    const due = await this.repo.dueDeliveries(before, now, limit);
    for (const d of due) {
      const normal = jobId('webhooks.deliver', { deliveryId: d.id, round: d.round, attempt: d.attempts + 1 });
      if (await this.anyLive('webhooks.deliver', normal, stamp)) continue;
      if (!(await this.repo.stillPendingAt(d.id, d.attempts, d.round))) continue;
      await this.jobs.enqueue('webhooks.deliver', { deliveryId: d.id }, { jobId: recoveryJobId(normal, stamp) });
      deliveries++;
    }
    if (fanOuts || deliveries) logEvent(this.logger, 'webhook recovery re-enqueued jobs', { fanOuts, deliveries }, 'warn');
    return { fanOuts, deliveries };
  }

  /** The normal job (or the given recovery copy) or one of the last two passes' recovery copies will still run. */
  private async anyLive(name: 'webhooks.fan-out' | 'webhooks.deliver', id: string, stamp: number, also?: string): Promise<boolean> {
    const ids = new Set([id, recoveryJobId(id, stamp), recoveryJobId(id, stamp - 1), ...(also ? [also] : [])]);
    for (const id of ids) if (await this.jobs.isLive(name, id)) return true;
    return false;
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
