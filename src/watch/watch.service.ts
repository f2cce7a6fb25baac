import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { Clock } from '../common/clock';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { addDays, isoWeek, isoWeekday, isValidDate, wibDate } from '../common/time';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { bullJobId, JobsService } from '../jobs/jobs.service';
import { jobId, recoveryJobId } from '../jobs/job-registry';
import { Env } from '../config/env.schema';
import { RuleSetsRepository } from '../flags/rule-sets.repository';
import { RunDto } from './dto/watch.dto';
import { RunRow, RunsRepository } from './runs.repository';
import { Outcome, WatchEngine } from './watch-engine.service';
import { windows } from './signals.sql';
import { logEvent } from '../common/log-event';
import { CandidatesService } from '../consolidation/candidates.service';
import type { PoolClient } from 'pg';
import { ChangesRepository, IncrementalBasis } from './changes.repository';

/** Attempts per business before it is counted as failed and the run moves on without it. */
export const EVALUATE_MAX_ATTEMPTS = 3;

function sum(m: Map<string, { raised: number; resolved: number }>, k: 'raised' | 'resolved'): number {
  let n = 0;
  for (const v of m.values()) n += v[k];
  return n;
}

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
  /** Counters for /metrics; optional, so the service also runs where no metrics module is loaded. */
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly runs: RunsRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly engine: WatchEngine,
    private readonly env: Env,
    private readonly candidates: CandidatesService,
    private readonly changes: ChangesRepository,
  ) {}

  onModuleInit(): void {
    this.handlers.register('watch.start-run', ({ runId }) => this.startRun(runId));
    this.handlers.register('watch.evaluate-chunk', ({ runId, chunk }) => this.evaluateChunk(runId, chunk));
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
      await this.runs.lockCreation(c);
      const existing = await this.runs.findByAsOf(asOf, c);
      if (existing) return { run: existing, created: false };
      const completed = await this.runs.latestCompletedAsOf(c);
      if (completed && asOf < completed) {
        throw new Conflict(
          `asOf ${asOf} is before the latest completed run (${completed}); flag state only moves forward in time — use POST /watch/replay for past weeks`,
        );
      }
      const latest = await this.runs.latestAsOf(c);
      if (latest && asOf < latest) throw new Conflict(`asOf ${asOf} is before a run already queued for ${latest}; runs move forward in time`);
      const [run] = await this.runs.insert(asOf, trigger, createdBy, c);
      await this.jobs.enqueue('watch.start-run', { runId: run.id }, { jobId: jobId('watch.start-run', { runId: run.id }) }, c);
      return { run, created: true };
    });
    if (result.created) {
      void this.jobs.kick();
      logEvent(this.logger, 'watch run created', { runId: result.run.id, asOf, trigger });
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

  /** Fans the run out: one evaluate job per chunk of pending businesses, in the same transaction as the run's items. */
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
        await this.runs.start(runId, rs.version, this.clock.now(), { chunkSize: this.env.WATCH_CHUNK_SIZE, scanFrom: windows(run.as_of).scanFrom }, c);
        started = true;
      }
      const chunks = await this.runs.pendingChunks(runId, c);
      const name = 'watch.evaluate-chunk' as const;
      await this.jobs.enqueueMany(
        chunks.map((chunk) => ({ name, data: { runId, chunk }, jobId: jobId(name, { runId, chunk }) })),
        c,
      );
      if (!chunks.length) await this.jobs.enqueue('watch.finish-run', { runId }, { jobId: jobId('watch.finish-run', { runId }) }, c);
      return { enqueued: chunks.length };
    });
    void this.jobs.kick();
    if (started) this.metrics?.runStarted();
    if ('enqueued' in res) logEvent(this.logger, 'watch run started', { runId, chunks: res.enqueued });
    return res;
  }

  /**
   * One chunk of one run, set-wise in one transaction. If the chunk fails, its businesses are
   * evaluated one by one (each in its own transaction), so one failing business cannot hold back the
   * others; a business's failed attempts are counted in Postgres and after the last one the run moves
   * on without it. While a business of the chunk is still pending the job fails, and BullMQ retries it
   * with the central backoff.
   */
  async evaluateChunk(runId: string, chunk: number): Promise<unknown> {
    const started = Date.now();
    let outcomes: Outcome[] = [];
    try {
      const out = await this.db.tx(async (c) => {
        const ids = await this.runs.lockPendingChunk(runId, chunk, c);
        if (!ids.length) return { skipped: 'no pending business' };
        const run = await this.runs.running(runId, c);
        if (!run) return { skipped: 'run not running' };
        const incremental = await this.incrementalBasis(runId, c);
        const r = await this.engine.evaluateBusinesses(c, { runId, businessIds: ids, asOf: run.as_of, ruleSetVersion: run.rule_set_version, incremental });
        await this.runs.finishItems(
          runId,
          [...r.perBusiness].map(([businessId, n]) => ({ businessId, ...n })),
          this.clock.now(),
          c,
        );
        outcomes = r.outcomes;
        return { businesses: ids.length, raised: sum(r.perBusiness, 'raised'), resolved: sum(r.perBusiness, 'resolved') };
      });
      if ('businesses' in out && out.businesses) this.metrics?.businessesEvaluated(out.businesses, outcomes);
      logEvent(this.logger, 'chunk evaluated', { runId, chunk, ms: Date.now() - started }, 'debug');
      await this.maybeFinish(runId);
      return out;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logEvent(this.logger, 'chunk failed; evaluating its businesses one by one', { runId, chunk, error: message }, 'warn');
      const ids = await this.runs.pendingOfChunk(runId, chunk);
      let stillPending = 0;
      for (const businessId of ids) {
        const r = await this.evaluateOne(runId, businessId);
        if (r === 'retry') stillPending++;
      }
      await this.maybeFinish(runId);
      if (stillPending) throw err; // BullMQ retries the chunk with the central backoff
      return { businesses: ids.length, isolated: true };
    }
  }

  /** One business of one run (jobs queued before chunking existed). */
  async evaluate(runId: string, businessId: string): Promise<unknown> {
    const r = await this.evaluateOne(runId, businessId);
    await this.maybeFinish(runId);
    if (r === 'retry') throw new Error(`evaluation of business ${businessId} failed; retrying`);
    return { result: r };
  }

  /** Evaluates one pending business in its own transaction; on failure counts the attempt. */
  private async evaluateOne(runId: string, businessId: string): Promise<'done' | 'skipped' | 'failed' | 'retry'> {
    try {
      let outcomes: Outcome[] = [];
      const done = await this.db.tx(async (c) => {
        const item = await this.runs.lockItem(runId, businessId, c);
        if (!item || item.status !== 'pending') return false;
        const run = await this.runs.running(runId, c);
        if (!run) return false;
        const incremental = await this.incrementalBasis(runId, c);
        const r = await this.engine.evaluateBusinesses(c, {
          runId,
          businessIds: [businessId],
          asOf: run.as_of,
          ruleSetVersion: run.rule_set_version,
          incremental,
        });
        await this.runs.finishItems(
          runId,
          [...r.perBusiness].map(([b, n]) => ({ businessId: b, ...n })),
          this.clock.now(),
          c,
        );
        outcomes = r.outcomes;
        return true;
      });
      if (done) this.metrics?.businessesEvaluated(1, outcomes);
      return done ? 'done' : 'skipped';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const status = await this.runs.failItem(runId, businessId, message, EVALUATE_MAX_ATTEMPTS, this.clock.now());
      logEvent(this.logger, 'evaluation failed', { runId, businessId, status, error: message }, 'warn');
      if (status === 'failed') {
        this.metrics?.businessEvaluated('failed');
        return 'failed';
      }
      return status === 'pending' ? 'retry' : 'skipped';
    }
  }

  /**
   * What an incremental run starts from: the previous completed run, when there is one on the same
   * rule set (a new rule set may count repeat buyers differently: every business is recomputed).
   */
  private async incrementalBasis(runId: string, c: PoolClient): Promise<IncrementalBasis | undefined> {
    if (!this.env.WATCH_INCREMENTAL) return undefined;
    const b = await this.changes.basis(runId, c);
    return b?.sameRules ? { prevAsOf: b.prevAsOf, changesFrom: b.changesFrom } : undefined;
  }

  private async maybeFinish(runId: string): Promise<void> {
    if ((await this.runs.pendingCount(runId)) === 0) {
      await this.jobs.enqueue('watch.finish-run', { runId }, { jobId: jobId('watch.finish-run', { runId }) });
    }
  }

  /**
   * Completes the run once no business is pending; in the same transaction queues the weekly list's
   * publication (Sunday as-ofs) and the start of the next queued run.
   */
  async finishRun(runId: string): Promise<{ completed: boolean }> {
    let startedAt: Date | null = null;
    // joint-export candidates as of the run, read before the transaction (their reads run at once on
    // the pool) once every business is evaluated; a retried finish reads and writes the same rows
    const drained = await this.runs.findById(runId);
    if (!drained || drained.status !== 'running' || (await this.runs.pendingCount(runId)) > 0) return { completed: false };
    const candidates = await this.candidates.compute(drained.as_of, null, undefined, drained.rule_set_version);
    const done = await this.db.tx(async (c) => {
      const run = await this.runs.lock(runId, c);
      if (!run || run.status !== 'running') return false;
      if ((await this.runs.pendingCount(runId, c)) > 0) return false;
      await this.candidates.storeForRun(run.as_of, runId, candidates, c);
      await this.runs.complete(runId, this.clock.now(), c);
      startedAt = run.started_at;
      if (isoWeekday(run.as_of) === 7) {
        const week = isoWeek(run.as_of);
        await this.jobs.enqueue('reports.publish-week', { week }, { jobId: jobId('reports.publish-week', { week }) }, c);
      }
      const next = await this.runs.nextQueued(c);
      if (next) await this.jobs.enqueue('watch.start-run', { runId: next.id }, { jobId: jobId('watch.start-run', { runId: next.id, after: runId }) }, c);
      return true;
    });
    if (done) {
      // a run rewrites thousands of rows of these tables at once; fresh statistics keep the next
      // run's and the weekly list's plans right without waiting for autovacuum to notice
      await this.runs.analyzeFlagTables().catch((e: Error) => this.logger.warn(`analyze after run: ${e.message}`));
      this.metrics?.runCompleted(startedAt, this.clock.now());
      void this.jobs.kick();
      logEvent(this.logger, 'watch run completed', { runId });
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
        await this.jobs.enqueue('watch.start-run', { runId: run.id }, { jobId: recoveryJobId(jobId('watch.start-run', { runId: run.id }), stamp) });
        continue;
      }
      const chunks = await this.runs.pendingChunks(run.id);
      if (!chunks.length) {
        await this.jobs.enqueue('watch.finish-run', { runId: run.id }, { jobId: recoveryJobId(jobId('watch.finish-run', { runId: run.id }), stamp) });
        continue;
      }
      const queue = this.jobs.queue('watch');
      for (const chunk of chunks) {
        const id = jobId('watch.evaluate-chunk', { runId: run.id, chunk });
        const job = await queue.getJob(bullJobId(id));
        const state = job ? await job.getState() : 'missing';
        if (state === 'missing' || state === 'unknown') {
          await this.jobs.enqueue('watch.evaluate-chunk', { runId: run.id, chunk }, { jobId: recoveryJobId(id, stamp) });
          requeued++;
        } else if (state === 'failed' || state === 'completed') {
          await job!.retry(state).catch(() => undefined);
          requeued++;
        }
      }
    }
    if (requeued) logEvent(this.logger, 'watch recovery re-enqueued jobs', { requeued }, 'warn');
    return { runs: unfinished.length, requeued };
  }
}
