import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { Env } from '../config/env.schema';
import { JobHandlers } from './job-handlers';
import { QueueName, QUEUES } from './job-registry';
import { MetricsService } from '../metrics/metrics.service';
import { QueueTransport, queueTransport } from './redis';
import { settledWithin } from '../common/timeout';
import { ProcessRoleInfo } from '../common/process.module';
import { logEvent } from '../common/log-event';

/** Runs BullMQ workers for every queue in a worker process (ROLE=worker|all). Processors stay thin. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  private readonly workers: Worker[] = [];
  private transport?: QueueTransport;
  /** Handlers running now (for the shutdown log). */
  private active = 0;

  constructor(
    private readonly env: Env,
    private readonly handlers: JobHandlers,
    private readonly processRole: ProcessRoleInfo,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** WORKER_CONCURRENCY_<QUEUE> when set, else WORKER_CONCURRENCY. */
  concurrencyFor(queue: QueueName): number {
    const key = `WORKER_CONCURRENCY_${queue.toUpperCase()}` as keyof Env;
    return (this.env[key] as number | undefined) ?? this.env.WORKER_CONCURRENCY;
  }

  onApplicationBootstrap(): void {
    if (!this.processRole.worker) return;
    this.handlers.assertComplete(); // before any worker takes a job it could not run
    const t = (this.transport = queueTransport(this.env, 'worker'));
    for (const queue of QUEUES) {
      // JOB_LOCK_MS: how soon a killed worker's active jobs count as stalled and are handed to another worker
      const lock = { lockDuration: this.env.JOB_LOCK_MS, stalledInterval: this.env.JOB_LOCK_MS };
      const opts = { connection: t.connection, prefix: this.env.QUEUE_PREFIX, concurrency: this.concurrencyFor(queue), autorun: true, ...lock };
      const processor = (job: Job) => this.process(job);
      const worker = (t.backend ? new Worker(queue, processor, opts as never, t.backend) : new Worker(queue, processor, opts as never)) as Worker;
      worker.on('error', (err) => this.logger.warn(`worker ${queue}: ${err.message}`));
      worker.on('failed', (job, err) =>
        logEvent(this.logger, 'job failed', { queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, error: err.message }, 'warn'),
      );
      this.workers.push(worker);
    }
  }

  private async process(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    const started = Date.now();
    // wait = from when the job was due (enqueue time + delay) to its start
    const waitS = (started - (job.timestamp + (job.delay ?? 0))) / 1000;
    let result: unknown;
    this.active++;
    try {
      result = await handler(job.data, job);
    } catch (err) {
      this.metrics?.job(job.queueName, 'failed', waitS, (Date.now() - started) / 1000);
      throw err;
    } finally {
      this.active--;
    }
    this.metrics?.job(job.queueName, 'completed', waitS, (Date.now() - started) / 1000);
    logEvent(this.logger, 'job done', { job: job.name, jobId: job.id, ms: Date.now() - started }, 'debug');
    return result;
  }

  private closing?: Promise<void>;

  /**
   * Runs before the HTTP server and the pg pool close (Nest calls every beforeApplicationShutdown
   * first), so active handlers still have their database while they finish. Bounded in time:
   * - Redis up: stop fetching, wait up to WORKER_CLOSE_GRACE_MS for active jobs, then force;
   * - Redis down (or reconnecting): force at once. A graceful BullMQ close sends QUIT on each
   *   worker's blocking connection, and ioredis queues it until Redis answers (the worker
   *   connections have maxRetriesPerRequest: null): that is what made shutdown hang for ever
   *   after a Redis outage.
   * A job still running when the worker is forced keeps its lock until JOB_LOCK_MS, then counts as
   * stalled and another worker takes it (handlers are idempotent).
   */
  beforeApplicationShutdown(): Promise<void> {
    return (this.closing ??= this.closeWorkers());
  }

  private async closeWorkers(): Promise<void> {
    const t = this.transport;
    if (!t || !this.workers.length) return;
    const started = Date.now();
    const active = () => this.active;
    const activeAtStart = active();
    const up = t.connected();
    let forced = !up;
    const closing = Promise.all(this.workers.map((w) => w.close(!up).catch(() => undefined)));
    if (!(await settledWithin(closing, up ? this.env.WORKER_CLOSE_GRACE_MS : 2000))) {
      forced = true;
      // force: drop every connection now; pending commands fail instead of waiting for Redis
      await settledWithin(Promise.all(this.workers.map((w) => w.disconnect().catch(() => undefined))), 2000);
      await settledWithin(closing, 1000);
    }
    await t.close();
    logEvent(this.logger, 'workers closed', { redisUp: up, forced, activeAtStart, activeLeft: forced ? active() : 0, ms: Date.now() - started });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
  }
}
