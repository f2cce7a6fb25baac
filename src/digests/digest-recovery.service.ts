import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ProcessRoleInfo } from '../common/process.module';
import { Clock } from '../common/clock';
import { isLiveState, JobsService } from '../jobs/jobs.service';
import { RecoveryLoop } from '../jobs/recovery-loop';
import { jobId, recoveryJobId } from '../jobs/job-registry';
import { DigestDeliveryPolicy } from './digest-policy';
import { DigestsRepository } from './digests.repository';
import { logEvent } from '../common/log-event';

/**
 * Digest deliveries live in Postgres; their send jobs live in the queue. When the queue loses jobs
 * (Redis restarted empty or flushed, a queue backend switched) a pending row would wait forever.
 * In every worker process this re-creates, at start and then every `recoveryEveryMs`, the one job
 * each unsent row should have — through the outbox, with the same deterministic id the normal path
 * uses, so it is idempotent across workers and rounds; the row's claim keeps the email single.
 */
@Injectable()
export class DigestRecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DigestRecoveryService.name);
  private readonly loop = new RecoveryLoop(this.logger, 'digest recovery', () => this.recover());

  constructor(
    private readonly processRole: ProcessRoleInfo,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly repo: DigestsRepository,
    private readonly policy: DigestDeliveryPolicy,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start(this.processRole, this.policy.recoveryEveryMs);
  }

  /**
   * One pass. For each pending / 'sending' row without a live job, enqueues the job its state calls
   * for: attempt n+1 (delayed to next_attempt_at), or for a row held by a sender that may have
   * died, a look once its lease runs out. (The tick schedule is repaired by JobSchedulesService.)
   */
  async recover(limit = 1000): Promise<{ checked: number; requeued: number }> {
    const now = this.clock.now();
    const rows = await this.repo.unsentDeliveries(now, this.policy.recoveryGraceMs, limit);
    const stamp = Math.floor(now.getTime() / this.policy.recoveryEveryMs);
    let requeued = 0;
    for (const d of rows) {
      const send = (attempt: number, lease = false) => jobId('digests.send-one', { deliveryId: d.id, attempt, lease });
      const copy = (attempt: number, round: number) => recoveryJobId(send(attempt), round);
      const normal =
        d.status === 'pending'
          ? { jobId: send(d.attempts + 1), at: d.next_attempt_at }
          : { jobId: send(d.attempts, true), at: d.lease_until && new Date(d.lease_until.getTime() + 1000) };
      // the job that made attempt n may still be running, or be handed back by BullMQ (stalled): it counts too
      const candidates = [normal.jobId, send(d.attempts), send(d.attempts, true)];
      for (const n of [d.attempts, d.attempts - 1]) candidates.push(send(n, true), copy(n, stamp), copy(n, stamp - 1));
      let normalState = 'unknown';
      let live = false;
      for (const id of new Set(candidates)) {
        const state = await this.jobs.jobState('digests.send-one', id);
        if (id === normal.jobId) normalState = state;
        if (isLiveState(state)) {
          live = true;
          break;
        }
      }
      if (live) continue;
      // its job may have just finished it: only a row still in the state we read is stuck
      const cur = await this.repo.getDelivery(d.id);
      if (!cur || cur.status !== d.status || cur.attempts !== d.attempts) continue;
      // a finished job with the normal id would swallow a re-add: then use a per-round id
      const id = normalState === 'unknown' ? normal.jobId : copy(d.attempts, stamp);
      const delayMs = normal.at ? Math.max(0, normal.at.getTime() - now.getTime()) : 0;
      await this.jobs.enqueue('digests.send-one', { deliveryId: d.id }, { jobId: id, delayMs });
      requeued++;
    }
    if (requeued) {
      logEvent(this.logger, 'digest recovery re-enqueued send jobs', { requeued, checked: rows.length }, 'warn');
      void this.jobs.kick();
    }
    return { checked: rows.length, requeued };
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
