import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TIME_ZONE } from '../common/time';
import { Env } from '../config/env.schema';
import { JOB_QUEUE, JobName, JobPayloads } from './job-registry';
import { isLiveState, JobsService } from './jobs.service';
import { RecoveryLoop } from './recovery-loop';
import { ProcessRoleInfo } from '../common/process.module';
import { logEvent } from '../common/log-event';

/** How often a worker checks that every schedule is still in the queue (Redis flushed, queues reset). */
export const SCHEDULE_REPAIR_EVERY_MS = 60_000;

/** A repeating job: stable id, cron pattern in Asia/Jakarta, the job it adds. */
export interface JobSchedule<N extends JobName = JobName> {
  id: string;
  pattern: string;
  name: N;
  data: JobPayloads[N];
}

/**
 * The job schedulers (BullMQ, stable ids, tz Asia/Jakarta). Domain modules `define` theirs in
 * onModuleInit; in a worker process with SCHEDULER_ENABLED this service makes sure each one is in
 * the queue at start and every SCHEDULE_REPAIR_EVERY_MS after, and after `resetQueues()`, so a
 * queue that lost its keys (flushed, obliterated, a new Redis) still runs next Monday's watch.
 */
@Injectable()
export class JobSchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobSchedulesService.name);
  private readonly schedules = new Map<string, JobSchedule>();
  private readonly loop = new RecoveryLoop(this.logger, 'schedule repair', () => this.ensure());

  constructor(
    private readonly env: Env,
    private readonly jobs: JobsService,
    private readonly processRole: ProcessRoleInfo,
  ) {}

  define<N extends JobName>(schedule: JobSchedule<N>): void {
    if (this.schedules.has(schedule.id)) throw new Error(`job schedule ${schedule.id} defined twice`);
    this.schedules.set(schedule.id, schedule as unknown as JobSchedule);
  }

  /** Whether this process keeps the schedules (a worker, SCHEDULER_ENABLED). */
  get active(): boolean {
    return this.processRole.worker && this.env.SCHEDULER_ENABLED;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.active) return;
    await this.loop.runNow(); // before the app is up: next Monday's watch is in the queue when the worker says it started
    this.loop.start(this.processRole, SCHEDULE_REPAIR_EVERY_MS, { immediately: false });
  }

  /**
   * Upserts each schedule that is missing, differs from its definition or has no live next job;
   * leaves intact ones alone (an upsert would move their next job). Returns the ids it (re)registered.
   */
  async ensure(): Promise<string[]> {
    if (!this.active) return [];
    const repaired: string[] = [];
    for (const s of this.schedules.values()) {
      const queue = this.jobs.queue(JOB_QUEUE[s.name]);
      const current = await queue.getJobScheduler(s.id);
      if (current && current.pattern === s.pattern && current.tz === TIME_ZONE && current.next !== undefined) {
        const state = await queue.getJobState(`repeat:${s.id}:${current.next}`);
        if (isLiveState(state)) continue;
      }
      await queue.upsertJobScheduler(s.id, { pattern: s.pattern, tz: TIME_ZONE }, { name: s.name, data: s.data });
      repaired.push(s.id);
    }
    if (repaired.length) logEvent(this.logger, 'job schedules registered', { ids: repaired });
    return repaired;
  }

  /** Empties every queue (jobs and schedulers), then registers the schedules again. */
  async resetQueues(): Promise<void> {
    for (const q of this.jobs.allQueues()) await q.obliterate({ force: true });
    await this.ensure();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
