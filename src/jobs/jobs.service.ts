import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Env } from '../config/env.schema';
import { Db, Queryable } from '../database/db';
import { JobOutboxRepository } from './job-outbox.repository';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, JobName, JobPayloads, QUEUES, QueueName } from './job-registry';
import { QueueTransport, queueTransport } from './redis';
import { rejectAfter, settledWithin } from '../common/timeout';
import { logEvent } from '../common/log-event';

/** How long one relay pass waits for BullMQ before leaving its rows for the next pass. */
const RELAY_ADD_TIMEOUT_MS = 5000;

/** BullMQ job states in which a job still runs by itself. */
const LIVE_STATES: ReadonlySet<string> = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/** Whether a job in this queue state will still run by itself (waiting, delayed, active…); the one test of it. */
export function isLiveState(state: string): boolean {
  return LIVE_STATES.has(state);
}

export interface EnqueueOptions {
  /** From `jobId()` in the job registry: BullMQ ignores a second add with the same id while the first is kept. */
  jobId: string;
  delayMs?: number;
}

/** BullMQ 6 refuses ':' in custom ids (it is its key separator); our ids use it as a readable separator. */
export function bullJobId(id: string): string {
  return id.replace(/:/g, '|');
}

/**
 * Enqueues through a transactional outbox: the job row is written with the caller's change, then
 * relayed to BullMQ. A job is never lost because Redis was down when the change committed.
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly queues = new Map<QueueName, Queue>();
  private transport?: QueueTransport;
  private timer?: NodeJS.Timeout;
  private relaying?: Promise<number>;
  private nextPass?: Promise<number>;
  private closed = false;
  private lastWarning?: string;
  private lastWarningAt = 0;

  constructor(
    private readonly env: Env,
    private readonly db: Db,
    private readonly outbox: JobOutboxRepository,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.kick(), 1000);
    this.timer.unref();
  }

  /** Created on first use: other modules may enqueue from their own onModuleInit, before ours ran. */
  private producer(): QueueTransport {
    return (this.transport ??= queueTransport(this.env, 'producer'));
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      const t = this.producer();
      const opts = { connection: t.connection, prefix: this.env.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS };
      q = (t.backend ? new Queue(name, opts as never, t.backend) : new Queue(name, opts as never)) as Queue;
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  allQueues(): Queue[] {
    return QUEUES.map((n) => this.queue(n));
  }

  /**
   * Writes the job to the outbox. Pass `q` (a transaction client) to commit it with your change;
   * call `kick()` after the commit to relay without waiting for the next poll.
   */
  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], opts: EnqueueOptions, q?: Queryable): Promise<void> {
    await this.outbox.insert({ name, payload: JSON.stringify(data), jobId: opts.jobId, delayMs: opts.delayMs ?? 0 }, q);
    if (!q) void this.kick();
  }

  /** Writes many jobs to the outbox in one statement (same semantics as `enqueue`). */
  async enqueueMany<N extends JobName>(jobs: Array<{ name: N; data: JobPayloads[N]; jobId: string }>, q?: Queryable): Promise<void> {
    if (!jobs.length) return;
    await this.outbox.insertMany(
      jobs.map((j) => ({ name: j.name, payload: JSON.stringify(j.data), jobId: j.jobId })),
      q,
    );
    if (!q) void this.kick();
  }

  /**
   * Whether a job with this id will still run by itself: its outbox row is not relayed yet, or the
   * queue holds it waiting, delayed or active. Recovery passes use it to re-create only lost jobs.
   */
  async isLive(name: JobName, jobId: string): Promise<boolean> {
    if (await this.outbox.isPending(jobId)) return true;
    return isLiveState(await this.jobState(name, jobId));
  }

  /** The queue's state of one of our jobs by its id; 'unknown' when the queue holds no such job. */
  jobState(name: JobName, jobId: string): Promise<string> {
    return this.queue(JOB_QUEUE[name]).getJobState(bullJobId(jobId));
  }

  /**
   * Relays pending outbox rows now. Concurrent kicks are coalesced, but the returned promise always
   * settles after a pass that started after the call: a pass already running may have read the
   * outbox before the caller's rows were committed, so kicks during it share the one pass after it.
   */
  kick(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    if (this.relaying) {
      return (this.nextPass ??= this.relaying.then(() => {
        this.nextPass = undefined;
        return this.kick();
      }));
    }
    this.relaying = this.relay()
      .then((n) => {
        if (this.lastWarning) logEvent(this.logger, 'outbox relay resumed', { relayed: n });
        this.lastWarning = undefined;
        return n;
      })
      .catch((err) => {
        // once per cause and minute, not every second of an outage
        const message = `outbox relay paused: ${err instanceof Error ? err.message : err}`;
        if (message !== this.lastWarning || Date.now() - this.lastWarningAt > 60_000) {
          this.logger.warn(message);
          this.lastWarning = message;
          this.lastWarningAt = Date.now();
        }
        return 0;
      })
      .finally(() => {
        this.relaying = undefined;
      });
    return this.relaying;
  }

  /** Moves up to a few hundred outbox rows to BullMQ; rows stay pending when Redis refuses them. */
  private async relay(): Promise<number> {
    if ((this.db.pool as { ending?: boolean }).ending) return 0;
    // Redis away (or reconnecting): leave the rows pending without opening a transaction each second
    if (!(await this.producer().ready(1500))) throw new Error('queue backend is not connected');
    let moved = 0;
    for (;;) {
      const n = await this.db.tx(async (c) => {
        const rows = await this.outbox.lockPending(c);
        if (!rows.length) return 0;
        const byQueue = new Map<QueueName, typeof rows>();
        for (const r of rows) {
          const qn = JOB_QUEUE[r.name];
          if (!qn) continue;
          byQueue.set(qn, [...(byQueue.get(qn) ?? []), r]);
        }
        const done: string[] = [];
        for (const [qn, list] of byQueue) {
          const jobs = list.map((r) => ({ name: r.name, data: r.payload, opts: { jobId: bullJobId(r.job_id), delay: r.delay_ms || undefined } }));
          try {
            // bounded: the outbox rows stay locked in this transaction while BullMQ works
            await rejectAfter(this.queue(qn).addBulk(jobs), RELAY_ADD_TIMEOUT_MS, `queue ${qn} did not answer within ${RELAY_ADD_TIMEOUT_MS} ms`);
            done.push(...list.map((r) => r.id));
          } catch (err) {
            if (!(await this.queuePing())) throw err; // queue backend away: leave every row pending
            // Redis is fine, so one row is bad: add one by one and park the bad row with its error
            for (let i = 0; i < list.length; i++) {
              try {
                await rejectAfter(this.queue(qn).add(jobs[i].name, jobs[i].data, jobs[i].opts), RELAY_ADD_TIMEOUT_MS, `queue ${qn} did not answer`);
                done.push(list[i].id);
              } catch (rowErr) {
                const message = rowErr instanceof Error ? rowErr.message : String(rowErr);
                logEvent(this.logger, 'outbox row refused by BullMQ', { outboxId: list[i].id, job: list[i].name, error: message }, 'error');
                await this.outbox.refused(list[i].id, message, c);
              }
            }
          }
        }
        done.push(...rows.filter((r) => !JOB_QUEUE[r.name]).map((r) => r.id));
        await this.outbox.markDispatched(done, c);
        return rows.length;
      });
      moved += n;
      if (n < 200) return moved;
    }
  }

  /** Removes relayed outbox rows older than a day (kept briefly for diagnosis). */
  async pruneOutbox(): Promise<number> {
    return this.outbox.prune();
  }

  /** Outbox rows not relayed yet and the age in seconds of the oldest (0 when none), for the metrics. */
  outboxBacklog(): Promise<{ pending: number; lag: number } | undefined> {
    return this.outbox.backlog();
  }

  /** Whether the queue backend (Redis, or Postgres with QUEUE_BACKEND=postgres) answers. */
  async queuePing(): Promise<boolean> {
    // the producer connection is opened on first use and has no offline queue: give it a moment to connect
    const t = this.producer();
    return (await t.ready(1000)) && t.ping();
  }

  /**
   * Bounded whatever Redis does: stop the poller, give a relay pass in flight a moment, then drop the
   * producer connection without waiting for the server. Rows not relayed stay in the outbox for
   * the next process (the outbox is the source of truth).
   */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.relaying) await settledWithin(this.relaying, RELAY_ADD_TIMEOUT_MS + 1000);
    await settledWithin(Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined))), 2000);
    await this.transport?.close();
  }
}
