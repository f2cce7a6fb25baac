import { ProcessRoleInfo } from '../common/process.module';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { addDays, isoWeekday, WIB_OFFSET_MS, weekStart, wibDate } from '../common/time';
import { Env } from '../config/env.schema';
import { JobHandlers } from '../jobs/job-handlers';
import { JobSchedulesService } from '../jobs/job-schedules.service';
import { RecoveryLoop } from '../jobs/recovery-loop';
import { RunsRepository } from './runs.repository';
import { WatchService } from './watch.service';
import { logEvent } from '../common/log-event';

export const WEEKLY_SCHEDULER_ID = 'watch.weekly';
/** Monday 06:00 in Asia/Jakarta; the run is as of the Sunday before. */
export const WEEKLY_PATTERN = '0 6 * * 1';
const RECOVERY_EVERY_MS = 60_000;

/** The latest Sunday whose Monday 06:00 WIB has passed at `now`. */
export function lastDueSunday(now: Date): string {
  const today = wibDate(now);
  let sunday = addDays(weekStart(today), -1);
  const wibHour = new Date(now.getTime() + WIB_OFFSET_MS).getUTCHours();
  if (isoWeekday(today) === 1 && wibHour < 6) sunday = addDays(sunday, -7);
  return sunday;
}

/**
 * Sundays to run at `now`: after the latest run, each missed week once, in order. With no run at
 * all, only the latest due Sunday (the first scheduled time has come).
 */
export function dueAsOfs(latestAsOf: string | null, now: Date): string[] {
  const target = lastDueSunday(now);
  if (!latestAsOf) return [target];
  const out: string[] = [];
  let s = addDays(weekStart(latestAsOf), 6);
  if (s <= latestAsOf) s = addDays(s, 7);
  for (; s <= target; s = addDays(s, 7)) out.push(s);
  return out;
}

/**
 * The weekly schedule (defined here, kept in the queue by JobSchedulesService) and start-up
 * catch-up, active only in a worker process with SCHEDULER_ENABLED. Also runs the periodic run recovery.
 */
@Injectable()
export class WatchSchedulerService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WatchSchedulerService.name);
  private readonly loop = new RecoveryLoop(this.logger, 'watch run recovery', () => this.watch.recover());

  constructor(
    private readonly env: Env,
    private readonly clock: Clock,
    private readonly schedules: JobSchedulesService,
    private readonly handlers: JobHandlers,
    private readonly runs: RunsRepository,
    private readonly watch: WatchService,
    private readonly processRole: ProcessRoleInfo,
  ) {}

  onModuleInit(): void {
    this.handlers.register('watch.scheduled-tick', () => this.tick('schedule'));
    this.schedules.define({
      id: WEEKLY_SCHEDULER_ID,
      pattern: WEEKLY_PATTERN,
      name: 'watch.scheduled-tick',
      data: {},
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.processRole.worker) return; // API-only process
    this.loop.start(this.processRole, RECOVERY_EVERY_MS, { immediately: false });
    if (!this.env.SCHEDULER_ENABLED) return;
    try {
      await this.catchUp();
    } catch (err) {
      logEvent(this.logger, 'weekly catch-up not done yet', { error: err instanceof Error ? err.message : String(err) }, 'warn');
    }
    await this.loop.runNow(); // the runs just created, and any a killed worker left, get their jobs
  }

  /** On start: only when a run has completed before, run each missed Sunday once, in order. */
  async catchUp(): Promise<string[]> {
    if (!(await this.runs.latestCompletedAsOf())) return [];
    return this.tick('catch_up');
  }

  async tick(trigger: 'schedule' | 'catch_up'): Promise<string[]> {
    const due = dueAsOfs(await this.runs.latestAsOf(), this.clock.now());
    for (const asOf of due) await this.watch.createRun(asOf, trigger, 'system:scheduler');
    if (due.length) logEvent(this.logger, 'weekly watch runs created', { trigger, asOfs: due });
    return due;
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
