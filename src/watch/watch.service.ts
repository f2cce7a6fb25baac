import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { Clock } from '../common/clock';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { addDays, isoWeek, isoWeekday, isValidDate, wibDate } from '../common/time';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { RuleSetsRepository } from '../flags/rule-sets.repository';
import { RunDto } from './dto/watch.dto';
import { RunRow, RunsRepository } from './runs.repository';
import { WatchEngine } from './watch-engine.service';

/** Attempts per business before it is counted as failed and the run moves on without it. */
export const EVALUATE_MAX_ATTEMPTS = 3;

export function toRunDto(r: RunRow): RunDto {
  return {
    id: r.id,
    asOf: r.as_of,
    status: r.status,
    trigger: r.trigger,
    ruleSetVersion: r.rule_set_version,
    businessesTotal: r.businesses_total,
    businessesEvaluated: r.businesses_evaluated,
    businessesFailed: r.businesses_failed,
    flagsRaised: r.flags_raised,
    flagsResolved: r.flags_resolved,
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    ...(r.error ? { error: r.error } : {}),
  };
}

/**
 * Watch runs: one run per as-of date, fanned out into one small job per business. Runs execute
 * strictly in as-of order (a run waits until earlier runs finish; finishing one starts the next),
 * progress lives in Postgres (watch_run_items), and every step is idempotent so a retried or
 * re-enqueued job is a no-op.
 */
@Injectable()
export class WatchService implements OnModuleInit {
  private readonly logger = new Logger(WatchService.name);
  /** Counters for /metrics (issue 8). */
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly runs: RunsRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly engine: WatchEngine,
  ) {}

  onModuleInit(): void {
    this.handlers.register('watch.start-run', ({ runId }) => this.startRun(runId));
    this.handlers.register('watch.evaluate-business', ({ runId, businessId }) => this.evaluate(runId, businessId));
    this.handlers.register('watch.finish-run', ({ runId }) => this.finishRun(runId));
  }

  /** Default as-of: yesterday in WIB. */
  defaultAsOf(): string {
    return addDays(wibDate(this.clock.now()), -1);
  }

  /**
   * Creates the run for an as-of (or returns the existing one: re-running an as-of is a no-op).
   * 409 when the as-of is before the latest completed run, or before a run already queued.
   */
  async createRun(asOf: string, trigger: RunRow['trigger'], createdBy: string): Promise<{ run: RunRow; created: boolean }> {
    if (!isValidDate(asOf)) throw new InvalidInput('asOf: must be a date YYYY-MM-DD (a WIB day)');
    if (asOf > wibDate(this.clock.now())) throw new InvalidInput('asOf: must not be in the future');
    const result = await this.db.tx(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtextextended('watch-runs', 0))`);
      const existing = await this.runs.findByAsOf(asOf, c);
      if (existing) return { run: existing, created: false };
      const completed = await this.runs.latestCompletedAsOf(c);
      if (completed && asOf < completed) {
        throw new Conflict(`asOf ${asOf} is before the latest completed run (${completed}); flag state only moves forward in time — use POST /watch/replay for past weeks`);
      }
      const latest = await this.runs.latestAsOf(c);
      if (latest && asOf < latest) throw new Conflict(`asOf ${asOf} is before a run already queued for ${latest}; runs move forward in time`);
      const [run] = await this.runs.insert(asOf, trigger, createdBy, c);
      await this.jobs.enqueue('watch.start-run', { runId: run.id }, { jobId: `watch.start-run:${run.id}` }, c);
      return { run, created: true };
    });
    if (result.created) {
      void this.jobs.kick();
      this.logger.log(JSON.stringify({ msg: 'watch run created', runId: result.run.id, asOf, trigger }));
    }
    return result;
  }

  async getRun(id: string): Promise<RunRow> {
    const r = await this.runs.findById(id);
    if (!r) throw new NotFound('watch run');
    return r;
  }

  listRuns(limit: number): Promise<RunRow[]> {
    return this.runs.list(limit);
  }

  /** Fans the run out: one evaluate job per pending business, in the same transaction as the run's items. */
  async startRun(runId: string): Promise<{ enqueued: number } | { waiting: string } | { skipped: string }> {
    let started = false;
    const res = await this.db.tx(async (c) => {
      const run = await this.runs.lock(runId, c);
      if (!run) return { skipped: 'unknown run' };
      if (run.status === 'completed' || run.status === 'failed') return { skipped: run.status };
      const earlier = await this.runs.earlierUnfinished(run.as_of, c);
      if (earlier) return { waiting: earlier.id }; // the earlier run's finish starts this one
      if (run.status === 'queued') {
        const rs = await this.ruleSets.current(c);
        await this.runs.start(runId, rs.version, this.clock.now(), c);
        started = true;
      }
      const pending = await this.runs.pendingBusinessIds(runId, c);
      for (const businessId of pending) {
        await this.jobs.enqueue('watch.evaluate-business', { runId, businessId }, { jobId: `watch.evaluate-business:${runId}:${businessId}` }, c);
      }
      if (!pending.length) await this.jobs.enqueue('watch.finish-run', { runId }, { jobId: `watch.finish-run:${runId}` }, c);
      return { enqueued: pending.length };
    });
    void this.jobs.kick();
    if (started) this.metrics?.runStarted();
    if ('enqueued' in res) this.logger.log(JSON.stringify({ msg: 'watch run started', runId, businesses: res.enqueued }));
    return res;
  }

  /** One business of one run. Failing attempts are counted in Postgres; after the last one the run moves on. */
  async evaluate(runId: string, businessId: string): Promise<unknown> {
    const started = Date.now();
    let decisions: Array<{ kind: string; decision: string }> = [];
    try {
      const out = await this.db.tx(async (c) => {
        const item = await this.runs.lockItem(runId, businessId, c);
        if (!item || item.status !== 'pending') return { skipped: item?.status ?? 'unknown' };
        const run = await this.db.one<{ as_of: string; rule_set_version: number; status: string }>(
          `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, rule_set_version, status FROM watch_runs WHERE id = $1`,
          [runId],
          c,
        );
        if (!run || run.status !== 'running') return { skipped: `run ${run?.status ?? 'unknown'}` };
        const r = await this.engine.evaluateBusiness(c, { runId, businessId, asOf: run.as_of, ruleSetVersion: run.rule_set_version });
        await this.runs.finishItem(runId, businessId, r.raised, r.resolved, this.clock.now(), c);
        decisions = r.outcomes;
        return { raised: r.raised, resolved: r.resolved };
      });
      if (!('skipped' in out)) this.metrics?.businessEvaluated('ok', decisions);
      this.logger.debug?.(JSON.stringify({ msg: 'evaluated', runId, businessId, ms: Date.now() - started }));
      await this.maybeFinish(runId);
      return out;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const status = await this.runs.failItem(runId, businessId, message, EVALUATE_MAX_ATTEMPTS, this.clock.now());
      this.logger.warn(JSON.stringify({ msg: 'evaluation failed', runId, businessId, status, error: message }));
      if (status === 'failed') {
        this.metrics?.businessEvaluated('failed');
        await this.maybeFinish(runId);
        return { failed: true };
      }
      throw err; // BullMQ retries with the central backoff
    }
  }

  private async maybeFinish(runId: string): Promise<void> {
    if ((await this.runs.pendingCount(runId)) === 0) {
      await this.jobs.enqueue('watch.finish-run', { runId }, { jobId: `watch.finish-run:${runId}` });
    }
  }

  /**
   * Completes the run once no business is pending; in the same transaction queues the weekly list's
   * publication (Sunday as-ofs) and the start of the next queued run.
   */
  async finishRun(runId: string): Promise<{ completed: boolean }> {
    let startedAt: Date | null = null;
    const done = await this.db.tx(async (c) => {
      const run = await this.runs.lock(runId, c);
      if (!run || run.status !== 'running') return false;
      if ((await this.runs.pendingCount(runId, c)) > 0) return false;
      await this.runs.complete(runId, this.clock.now(), c);
      startedAt = run.started_at;
      if (isoWeekday(run.as_of) === 7) {
        const week = isoWeek(run.as_of);
        await this.jobs.enqueue('reports.publish-week', { week }, { jobId: `reports.publish-week:${week}` }, c);
      }
      const next = await this.runs.nextQueued(c);
      if (next) await this.jobs.enqueue('watch.start-run', { runId: next.id }, { jobId: `watch.start-run:${next.id}:after:${runId}` }, c);
      return true;
    });
    if (done) {
      this.metrics?.runCompleted(startedAt, this.clock.now());
      void this.jobs.kick();
      this.logger.log(JSON.stringify({ msg: 'watch run completed', runId }));
    }
    return { completed: done };
  }

  /**
   * Recovery: runs are tracked in Postgres, so a job lost from Redis (or a worker killed mid-run)
   * is re-enqueued. Queued runs are (re)started, running runs get their pending businesses'
   * jobs re-added where Redis no longer has them, and drained runs are finished.
   */
  async recover(): Promise<{ runs: number; requeued: number }> {
    let requeued = 0;
    const unfinished = await this.runs.unfinished();
    const stamp = Math.floor(this.clock.now().getTime() / 60_000);
    for (const run of unfinished) {
      if (run.status === 'queued') {
        await this.jobs.enqueue('watch.start-run', { runId: run.id }, { jobId: `watch.start-run:${run.id}:recover:${stamp}` });
        continue;
      }
      const pending = await this.runs.pendingBusinessIds(run.id);
      if (!pending.length) {
        await this.jobs.enqueue('watch.finish-run', { runId: run.id }, { jobId: `watch.finish-run:${run.id}:recover:${stamp}` });
        continue;
      }
      const queue = this.jobs.queue('watch');
      for (const businessId of pending) {
        const jobId = `watch.evaluate-business:${run.id}:${businessId}`;
        const job = await queue.getJob(jobId);
        const state = job ? await job.getState() : 'missing';
        if (state === 'missing' || state === 'unknown') {
          await this.jobs.enqueue('watch.evaluate-business', { runId: run.id, businessId }, { jobId });
          requeued++;
        } else if (state === 'failed' || state === 'completed') {
          await job!.retry(state).catch(() => undefined);
          requeued++;
        }
      }
    }
    if (requeued) this.logger.warn(JSON.stringify({ msg: 'watch recovery re-enqueued jobs', requeued }));
    return { runs: unfinished.length, requeued };
  }
}
