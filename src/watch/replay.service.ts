import { ProcessRoleInfo } from '../common/process.module';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { InvalidInput, NotFound } from '../common/errors';
import { addDays, isoWeek, isValidDate, weekEnd, wibDate } from '../common/time';
import { Env } from '../config/env.schema';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { RecoveryLoop } from '../jobs/recovery-loop';
import { jobId, recoveryJobId } from '../jobs/job-registry';
import type { CurrentEpisode } from '../flags/policy';
import { RuleSetParams, validateRuleSet } from '../flags/rule-set';
import { RuleSetsRepository } from '../flags/rule-sets.repository';
import type { ReplayDiffSummaryDto, ReplayResultDto, ReplayWeekDto } from './dto/watch.dto';
import { ReplaySignalsRepository } from './replay-signals.repository';
import { BusinessHistory, Outcome, simulateBusiness, WeekAccumulator } from './replay-simulation';
import { ReplayRepository, ReplayRow } from './replay.repository';
import { logEvent } from '../common/log-event';

export const MAX_REPLAY_WEEKS = 104;
/** How often a worker looks for replays whose job was lost (e.g. Redis flushed); also once at start. */
export const REPLAY_RECOVERY_EVERY_MS = 30_000;
/** Businesses per signal query and simulation step: what memory holds at once. */
export const REPLAY_BUSINESS_CHUNK = 500;

/**
 * Dry-run replay: evaluates past weeks (as of each Sunday) with a given or the current rule set,
 * simulating flag state in memory from the recorded state before the first week, and compares
 * each week with what the weekly runs recorded. Writes nothing but its own progress row.
 *
 * Signals come from one set-wise pass over the orders of all the weeks of a segment, a chunk of
 * businesses at a time (`ReplaySignalsRepository`); the policy then runs week by week per business
 * × market × kind in memory, with the same hysteresis and dwell as the engine.
 *
 * Exactly once per week, whatever crashes: an execution holds a Postgres session advisory lock on
 * its replay (a second job for the same replay finds it held and leaves), restarts from week 1
 * (the simulated flag state lives in memory only) and appends weeks i… only while `weeks_done = i-1`,
 * so even two executions that both believed they owned the replay cannot write a week twice.
 * A replay whose job is gone from the queue (Redis flushed or replaced, or the job failed after
 * stalling) is re-enqueued from Postgres by `recover()`, which workers run at start and every 30 s.
 */
@Injectable()
export class ReplayService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReplayService.name);
  private readonly loop = new RecoveryLoop(this.logger, 'replay recovery', () => this.recover());

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly repo: ReplayRepository,
    private readonly signals: ReplaySignalsRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly env: Env,
    private readonly processRole: ProcessRoleInfo,
  ) {}

  onModuleInit(): void {
    this.handlers.register('watch.replay', ({ replayId }) => this.execute(replayId));
  }

  /** Workers only: one recovery pass at start (not awaited: Redis may still be away), then every 30 s. */
  onApplicationBootstrap(): void {
    this.loop.start(this.processRole, REPLAY_RECOVERY_EVERY_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * Re-enqueues (through the job outbox, deterministic job id per minute) every queued or running
   * replay that nothing will finish: no outbox row waiting to be relayed, no execution holding its
   * lock, and none of its jobs waiting, delayed or active in BullMQ. Returns how many it re-enqueued.
   */
  async recover(): Promise<number> {
    const orphans = await this.repo.orphans();
    if (!orphans.length) return 0;
    const pong = await Promise.race([this.jobs.queuePing(), new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())]);
    if (!pong) return 0; // the queue is away: its jobs may still be there when it is back
    const stamp = Math.floor(this.clock.now().getTime() / 60_000);
    let requeued = 0;
    for (const r of orphans) {
      const sent = await this.repo.sentJobIds(r.id);
      let live = false;
      for (const id of sent) if (!live) live = await this.jobs.isLive('watch.replay', id);
      if (live) continue;
      await this.jobs.enqueue('watch.replay', { replayId: r.id }, { jobId: recoveryJobId(jobId('watch.replay', { replayId: r.id }), stamp) });
      requeued++;
      logEvent(this.logger, 'replay re-enqueued: its job was lost', { replayId: r.id, status: r.status, weeksDone: r.weeks_done }, 'warn');
    }
    return requeued;
  }

  async create(body: { from: string; to: string; ruleSet?: unknown }, createdBy: string): Promise<string> {
    const errors: string[] = [];
    if (!isValidDate(body.from)) errors.push('from: must be a real date YYYY-MM-DD');
    if (!isValidDate(body.to)) errors.push('to: must be a real date YYYY-MM-DD');
    let params: RuleSetParams | undefined;
    let version: number | null = null;
    if (body.ruleSet !== undefined) {
      const v = validateRuleSet(body.ruleSet);
      if (!v.ok) errors.push(...v.errors.map((e) => e.replace(/^params/, 'ruleSet')));
      else params = v.params;
    }
    if (errors.length) throw new InvalidInput(errors);
    const first = weekEnd(body.from);
    const lastAllowed = addDays(weekEnd(wibDate(this.clock.now())), -7); // the last Sunday already over
    const last = weekEnd(body.to) > lastAllowed ? lastAllowed : weekEnd(body.to);
    if (body.to < body.from) throw new InvalidInput('to: must not be before from');
    if (first > last) throw new InvalidInput('from: no complete week between from and to (weeks end on Sunday, WIB)');
    const weeks = Math.round((Date.parse(last) - Date.parse(first)) / (7 * 86_400_000)) + 1;
    if (weeks > MAX_REPLAY_WEEKS) throw new InvalidInput(`to: at most ${MAX_REPLAY_WEEKS} weeks per replay`);
    if (!params) {
      const current = await this.ruleSets.current();
      params = current.params;
      version = current.version;
    }
    const row = await this.db.tx(async (c) => {
      const r = (await this.repo.insert({ from: first, to: last, ruleSet: params!, version, weeks, createdBy }, c))!;
      await this.jobs.enqueue('watch.replay', { replayId: r.id }, { jobId: jobId('watch.replay', { replayId: r.id }) }, c);
      return r;
    });
    void this.jobs.kick();
    return row.id;
  }

  async get(id: string): Promise<ReplayResultDto> {
    const r = await this.repo.get(id);
    if (!r) throw new NotFound('replay');
    return {
      id: r.id,
      status: r.status,
      from: r.from_date,
      to: r.to_date,
      ruleSetVersion: r.rule_set_version,
      weeksTotal: r.weeks_total,
      weeksDone: r.weeks_done,
      weeks: r.result,
      diffSummary: diffSummary(r.result),
      ...(r.error ? { error: r.error } : {}),
    };
  }

  /** Waits (polling Postgres) up to timeoutMs for the replay to finish; returns its state either way. */
  async waitFor(id: string, timeoutMs: number): Promise<ReplayResultDto> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.get(id);
      if (r.status === 'completed' || r.status === 'failed' || Date.now() >= until) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  /** Job `watch.replay`: runs the replay under its advisory lock; a second job for it finds the lock held and leaves. */
  async execute(replayId: string): Promise<unknown> {
    const client = await this.db.pool.connect();
    const onError = () => undefined; // a dropped lock connection surfaces in the next query instead of crashing the process
    client.on('error', onError);
    let locked = false;
    try {
      locked = await this.repo.tryLock(client, replayId);
      if (!locked) return { busy: true };
      return await this.executeLocked(replayId);
    } finally {
      let healthy = true;
      if (locked)
        healthy = await this.repo.unlock(client, replayId).then(
          () => true,
          () => false,
        );
      client.removeListener('error', onError);
      client.release(!healthy); // destroy a connection whose unlock failed: closing it drops the lock
    }
  }

  private async executeLocked(replayId: string): Promise<unknown> {
    const claimed = await this.repo.claim(replayId);
    if (!claimed) return { skipped: true };
    try {
      const started = Date.now();
      const asOfs: string[] = [];
      for (let asOf = claimed.from_date; asOf <= claimed.to_date; asOf = addDays(asOf, 7)) asOfs.push(asOf);
      const state = await this.startingState(addDays(claimed.from_date, -7));
      const recordedWeeks = await this.repo.recordedWeeks(asOfs);
      // REPLAY_SEGMENT_WEEKS (26) weeks from one pass over the orders: a 26-week replay reads its 51 weeks of orders once;
      // longer ones go segment by segment (the episode state carries over), each segment's weeks written together (the progress)
      const per = this.env.REPLAY_SEGMENT_WEEKS;
      for (let done = 0; done < asOfs.length; done += per) {
        const weeks = await this.segment(claimed, asOfs.slice(done, done + per), state, recordedWeeks);
        // weeks are appended only after the ones before them: a second execution (that should not exist) cannot write a week twice
        if (!(await this.repo.appendWeeks(replayId, done, weeks))) {
          logEvent(this.logger, 'replay superseded by another execution', { replayId, week: done + 1 }, 'warn');
          return { superseded: true };
        }
      }
      await this.repo.complete(replayId);
      logEvent(this.logger, 'replay completed', { replayId, weeks: asOfs.length, ms: Date.now() - started });
      return { completed: true };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logEvent(this.logger, 'replay failed', { replayId, error: message }, 'warn');
      await this.repo.fail(replayId, message);
      return { failed: true };
    }
  }

  /** Episodes before the first week, per business, keyed `market|kind`. */
  private async startingState(cut: string): Promise<Map<string, Map<string, CurrentEpisode>>> {
    const state = new Map<string, Map<string, CurrentEpisode>>();
    for (const f of await this.repo.startingEpisodes(cut)) {
      let mine = state.get(f.business_id);
      if (!mine) state.set(f.business_id, (mine = new Map()));
      mine.set(`${f.market}|${f.kind}`, { status: f.status, raisedOn: f.raised_on, exitStreak: f.exit_streak, statusChangedOn: f.status_changed_on });
    }
    return state;
  }

  /** One segment of consecutive weeks: every business, a chunk at a time, one signal query per chunk. */
  private async segment(
    replay: ReplayRow,
    asOfs: string[],
    state: Map<string, Map<string, CurrentEpisode>>,
    recordedWeeks: Set<string>,
  ): Promise<ReplayWeekDto[]> {
    const rules = replay.rule_set;
    const acc: WeekAccumulator[] = asOfs.map((asOf) => ({
      asOf,
      raised: [],
      resolved: [],
      open: 0,
      compared: recordedWeeks.has(asOf),
      added: [],
      removed: [],
      changed: [],
    }));
    const compared = asOfs.filter((a) => recordedWeeks.has(a));
    for (let after: string | null = null; ;) {
      const businesses = await this.repo.businessesAfter(after, REPLAY_BUSINESS_CHUNK);
      if (!businesses.length) break;
      after = businesses[businesses.length - 1].id;
      const ids = businesses.map((b) => b.id);
      const [signals, recorded] = await Promise.all([
        this.signals.signalsByWeek(ids, asOfs, rules.repeatMinOrders),
        compared.length ? this.repo.recordedEvaluations(ids, compared) : Promise.resolve([]),
      ]);
      const recordedBy = new Map<string, Array<Map<string, Outcome>>>();
      const index = new Map(asOfs.map((a, i) => [a, i]));
      for (const e of recorded) {
        let perWeek = recordedBy.get(e.business_id);
        if (!perWeek) recordedBy.set(e.business_id, (perWeek = asOfs.map(() => new Map())));
        perWeek[index.get(e.as_of)!].set(`${e.market}|${e.kind}`, { decision: e.decision as Outcome['decision'], score: e.score });
      }
      for (const b of businesses) {
        const history: BusinessHistory = {
          businessId: b.id,
          businessName: b.name,
          district: b.district,
          signals: signals.get(b.id) ?? [],
          recorded: recordedBy.get(b.id) ?? [],
        };
        let mine = state.get(b.id);
        if (!mine) state.set(b.id, (mine = new Map()));
        simulateBusiness(history, mine, rules, acc);
        if (!mine.size) state.delete(b.id);
      }
    }
    // businesses are simulated in id order; people read them by name
    return acc.map((w) => ({
      week: isoWeek(w.asOf),
      asOf: w.asOf,
      raised: byName(w.raised),
      resolved: byName(w.resolved),
      open: w.open,
      diff: { compared: w.compared, added: byName(w.added), removed: byName(w.removed), changed: byName(w.changed) },
    }));
  }
}

/** Entries ordered by business name, then market and kind (ties by business id), as the rules page lists them. */
export function byName<T extends { businessName: string; businessId: string; market: string; kind: string }>(xs: T[]): T[] {
  const key = (x: T) => [x.businessName, x.market, x.kind, x.businessId];
  return [...xs].sort((a, b) => {
    const ka = key(a),
      kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
}

/** Counts of the comparison per week and in total (weeks stored before comparisons existed count as not compared). */
export function diffSummary(weeks: ReplayWeekDto[]): ReplayDiffSummaryDto {
  const perWeek = weeks.map((w) => ({
    week: w.week,
    asOf: w.asOf,
    compared: !!w.diff?.compared,
    added: w.diff?.added.length ?? 0,
    removed: w.diff?.removed.length ?? 0,
    changed: w.diff?.changed.length ?? 0,
  }));
  const total = (k: 'added' | 'removed' | 'changed') => perWeek.reduce((s, w) => s + w[k], 0);
  return { weeksCompared: perWeek.filter((w) => w.compared).length, added: total('added'), removed: total('removed'), changed: total('changed'), perWeek };
}
