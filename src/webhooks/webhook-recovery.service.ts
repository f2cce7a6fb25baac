import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Env } from '../config/env.schema';
import { Db } from '../database/db';
import { JobsService } from '../jobs/jobs.service';
import { RecoveryLoop } from '../jobs/recovery-loop';

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
    private readonly clock: Clock,
    private readonly db: Db,
    private readonly jobs: JobsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.ROLE !== 'api') this.loop.start(this.env.WEBHOOK_RECOVERY_MS); // worker role only
  }

  /** One pass; returns how many fan-outs and delivery attempts were re-enqueued. */
  async recover(graceMs = GRACE_MS, limit = 1000): Promise<{ fanOuts: number; deliveries: number }> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - graceMs);
    const stamp = Math.floor(now.getTime() / 60_000);
    let fanOuts = 0;
    let deliveries = 0;
    const events = await this.db.many<{ id: string }>(
      // created_at is the database's time (the app clock may be fixed in tests)
      `SELECT id FROM domain_events WHERE fanned_out_at IS NULL AND created_at < now() - $1 * interval '1 millisecond' ORDER BY created_at LIMIT $2`,
      [graceMs, limit],
    );
    for (const { id } of events) {
      if (await this.anyLive('webhooks.fan-out', `webhooks.fan-out:${id}`, stamp)) continue;
      // read again: a job may have finished between the first read and the queue check
      if (!(await this.db.one('SELECT 1 FROM domain_events WHERE id = $1 AND fanned_out_at IS NULL', [id]))) continue;
      await this.jobs.enqueue('webhooks.fan-out', { eventId: id }, { jobId: `webhooks.fan-out:${id}:recover:${stamp}` });
      fanOuts++;
    }
    const due = await this.db.many<{ id: string; round: number; attempts: number }>(
      `SELECT d.id, d.round, d.attempts FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND e.status = 'active' AND e.deleted_at IS NULL
          AND coalesce(d.next_attempt_at, d.created_at) <= $1 AND (d.locked_until IS NULL OR d.locked_until < $2)
        ORDER BY d.created_at LIMIT $3`,
      [before, now, limit],
    );
    for (const d of due) {
      const normal = `webhooks.deliver:${d.id}:${d.round}:${d.attempts + 1}`;
      if (await this.anyLive('webhooks.deliver', normal, stamp)) continue;
      const still = await this.db.one(`SELECT 1 FROM webhook_deliveries WHERE id = $1 AND status = 'pending' AND attempts = $2 AND round = $3`, [d.id, d.attempts, d.round]);
      if (!still) continue;
      await this.jobs.enqueue('webhooks.deliver', { deliveryId: d.id }, { jobId: `${normal}:recover:${stamp}` });
      deliveries++;
    }
    if (fanOuts || deliveries) this.logger.warn(JSON.stringify({ msg: 'webhook recovery re-enqueued jobs', fanOuts, deliveries }));
    return { fanOuts, deliveries };
  }

  /** The normal job or one of the last two passes' recovery copies will still run. */
  private async anyLive(name: 'webhooks.fan-out' | 'webhooks.deliver', jobId: string, stamp: number): Promise<boolean> {
    for (const id of [jobId, `${jobId}:recover:${stamp}`, `${jobId}:recover:${stamp - 1}`]) if (await this.jobs.isLive(name, id)) return true;
    return false;
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
