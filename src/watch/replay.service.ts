import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { InvalidInput, NotFound } from '../common/errors';
import { addDays, isoWeek, isValidDate, weekEnd, wibDate } from '../common/time';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { bullJobId, JobsService } from '../jobs/jobs.service';
import type { FlagKind } from '../flags/flag.types';
import { FlagsRepository } from '../flags/flags.repository';
import { CurrentEpisode, evaluatePolicy } from '../flags/policy';
import { RuleSetParams, validateRuleSet } from '../flags/rule-set';
import { RuleSetsRepository } from '../flags/rule-sets.repository';
import type { ReplayChangeDto, ReplayResultDto, ReplayWeekDto } from './dto/watch.dto';
import { emptyMetrics, MarketSignals, SignalsRepository } from './signals.repository';
import { evaluationTargets } from './watch-engine.service';
import { WATCH_IS_WORKER } from './watch-scheduler.service';

export const MAX_REPLAY_WEEKS = 104;
/** How often a worker looks for replays whose job was lost (e.g. Redis flushed); also once at start. */
export const REPLAY_RECOVERY_EVERY_MS = 30_000;
/** First key of the session advisory lock an execution holds (second key: hashtext(replay id)). */
const LOCK_NAMESPACE = 'watch.replay';
/** BullMQ states in which a replay job will still run (or is running). */
const LIVE_JOB_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

interface ReplayRow {
  id: string;
  from_date: string;
  to_date: string;
  rule_set: RuleSetParams;
  rule_set_version: number | null;
  status: string;
  weeks_total: number;
  weeks_done: number;
  result: ReplayWeekDto[];
  error: string | null;
}

/**
 * Dry-run replay: evaluates past weeks (as of each Sunday) with a given or the current rule set,
 * simulating flag state in memory from the real state before the first week. Writes nothing but
 * its own progress row.
 *
 * Exactly once per week, whatever crashes: an execution holds a Postgres session advisory lock on
 * its replay (a second job for the same replay finds it held and leaves), restarts from week 1
 * (the simulated flag state lives in memory only) and appends week i only while `weeks_done = i-1`,
 * so even two executions that both believed they owned the replay cannot write a week twice.
 * A replay whose job is gone from the queue (Redis flushed or replaced, or the job failed after
 * stalling) is re-enqueued from Postgres by `recover()`, which workers run at start and every 30 s.
 */
@Injectable()
export class ReplayService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReplayService.name);
  private timer?: NodeJS.Timeout;
  private recovering?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly signals: SignalsRepository,
    private readonly flags: FlagsRepository,
    private readonly ruleSets: RuleSetsRepository,
    @Inject(WATCH_IS_WORKER) private readonly worker: boolean,
  ) {}

  onModuleInit(): void {
    this.handlers.register('watch.replay', ({ replayId }) => this.execute(replayId));
  }

  /** Workers only: one recovery pass at start (not awaited: Redis may still be away), then every 30 s. */
  onApplicationBootstrap(): void {
    if (!this.worker) return;
    void this.recoverQuietly();
    this.timer = setInterval(() => void this.recoverQuietly(), REPLAY_RECOVERY_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  private recoverQuietly(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    // one pass at a time: a pass waiting on an unreachable Redis must not pile up behind the timer
    return (this.recovering ??= this.recover()
      .catch((err) => {
        this.logger.warn(`replay recovery: ${err instanceof Error ? err.message : err}`);
        return 0;
      })
      .finally(() => (this.recovering = undefined)));
  }

  /**
   * Re-enqueues (through the job outbox, deterministic job id per minute) every queued or running
   * replay that nothing will finish: no outbox row waiting to be relayed, no execution holding its
   * lock, and none of its jobs waiting, delayed or active in BullMQ. Returns how many it re-enqueued.
   */
  async recover(): Promise<number> {
    const orphans = await this.db.many<{ id: string; status: string; weeks_done: number }>(
      `SELECT r.id, r.status, r.weeks_done FROM watch_replays r
        WHERE r.status IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM job_outbox o WHERE o.name = 'watch.replay' AND o.dispatched_at IS NULL AND o.payload->>'replayId' = r.id::text)
          AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                             AND l.classid = hashtext($1)::oid AND l.objid = hashtext(r.id::text)::oid)
        ORDER BY r.created_at`,
      [LOCK_NAMESPACE],
    );
    if (!orphans.length) return 0;
    const pong = await Promise.race([this.jobs.queuePing(), new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())]);
    if (!pong) return 0; // the queue is away: its jobs may still be there when it is back
    const queue = this.jobs.queue('watch');
    const stamp = Math.floor(this.clock.now().getTime() / 60_000);
    let requeued = 0;
    for (const r of orphans) {
      const sent = await this.db.many<{ job_id: string }>(
        `SELECT job_id FROM job_outbox WHERE name = 'watch.replay' AND payload->>'replayId' = $1 ORDER BY id DESC LIMIT 20`,
        [r.id],
      );
      let live = false;
      for (const { job_id } of sent) {
        const job = await queue.getJob(bullJobId(job_id));
        if (job && LIVE_JOB_STATES.has(await job.getState())) {
          live = true;
          break;
        }
      }
      if (live) continue;
      await this.jobs.enqueue('watch.replay', { replayId: r.id }, { jobId: `watch.replay:${r.id}:recover:${stamp}` });
      requeued++;
      this.logger.warn(JSON.stringify({ msg: 'replay re-enqueued: its job was lost', replayId: r.id, status: r.status, weeksDone: r.weeks_done }));
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
      const r = await this.db.one<{ id: string }>(
        `INSERT INTO watch_replays (from_date, to_date, rule_set, rule_set_version, weeks_total, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [first, last, JSON.stringify(params), version, weeks, createdBy],
        c,
      );
      await this.jobs.enqueue('watch.replay', { replayId: r!.id }, { jobId: `watch.replay:${r!.id}` }, c);
      return r!;
    });
    void this.jobs.kick();
    return row.id;
  }

  async get(id: string): Promise<ReplayResultDto> {
    const r = await this.db.one<ReplayRow>(
      `SELECT id, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date, rule_set, rule_set_version, status,
              weeks_total, weeks_done, result, error FROM watch_replays WHERE id = $1`,
      [id],
    );
    if (!r) throw new NotFound('replay');
    return {
      id: r.id, status: r.status, from: r.from_date, to: r.to_date, ruleSetVersion: r.rule_set_version,
      weeksTotal: r.weeks_total, weeksDone: r.weeks_done, weeks: r.result, ...(r.error ? { error: r.error } : {}),
    };
  }

  /** Waits (polling Postgres) up to timeoutMs for the replay to finish; returns its state either way. */
  async waitFor(id: string, timeoutMs: number): Promise<ReplayResultDto> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.get(id);
      if (r.status === 'completed' || r.status === 'failed' || Date.now() >= until) return r;
      await new Promise((res) => setTimeout(res, 200));
    }
  }

  /** Job `watch.replay`: runs the replay under its advisory lock; a second job for it finds the lock held and leaves. */
  async execute(replayId: string): Promise<unknown> {
    const client = await this.db.pool.connect();
    const onError = () => undefined; // a dropped lock connection surfaces in the next query instead of crashing the process
    client.on('error', onError);
    let locked = false;
    try {
      locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok', [LOCK_NAMESPACE, replayId])).rows[0].ok;
      if (!locked) return { busy: true };
      return await this.executeLocked(replayId);
    } finally {
      let healthy = true;
      if (locked) healthy = await client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [LOCK_NAMESPACE, replayId]).then(() => true, () => false);
      client.removeListener('error', onError);
      client.release(!healthy); // destroy a connection whose unlock failed: closing it drops the lock
    }
  }

  private async executeLocked(replayId: string): Promise<unknown> {
    const claimed = await this.db.one<ReplayRow>(
      `UPDATE watch_replays SET status = 'running', weeks_done = 0, result = '[]' WHERE id = $1 AND status IN ('queued', 'running')
       RETURNING id, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date, rule_set, weeks_total`,
      [replayId],
    );
    if (!claimed) return { skipped: true };
    try {
      const rules = claimed.rule_set;
      const names = new Map(
        (await this.db.many<{ id: string; name: string; district: string }>('SELECT id, name, district FROM businesses')).map((b) => [b.id, b]),
      );
      const state = new Map<string, CurrentEpisode>();
      for (const f of await this.flags.unresolvedAsOf(addDays(claimed.from_date, -7))) {
        state.set(`${f.business_id}|${f.market}|${f.kind}`, { status: f.status, raisedOn: f.raised_on, exitStreak: 0, statusChangedOn: f.status_changed_on });
      }
      for (let asOf = claimed.from_date, i = 0; asOf <= claimed.to_date; asOf = addDays(asOf, 7), i++) {
        const rows = await this.signals.marketSignals(null, asOf, rules.repeatMinOrders);
        const byBusiness = new Map<string, MarketSignals[]>();
        for (const r of rows) byBusiness.set(r.businessId, [...(byBusiness.get(r.businessId) ?? []), r]);
        const stateByBusiness = new Map<string, Array<{ market: string; kind: FlagKind }>>();
        for (const key of state.keys()) {
          const [b, market, kind] = key.split('|');
          stateByBusiness.set(b, [...(stateByBusiness.get(b) ?? []), { market, kind: kind as FlagKind }]);
          if (!byBusiness.has(b)) byBusiness.set(b, []);
        }
        const week: ReplayWeekDto = { week: isoWeek(asOf), asOf, raised: [], resolved: [], open: 0 };
        for (const [businessId, markets] of byBusiness) {
          for (const t of evaluationTargets(markets, stateByBusiness.get(businessId) ?? [])) {
            const key = `${businessId}|${t.market}|${t.kind}`;
            const current = state.get(key) ?? null;
            const metrics = t.signals?.metrics ?? emptyMetrics();
            if (t.kind === 'compliance' && !current && metrics.wildlifeOrders13w === 0) continue;
            const res = evaluatePolicy({ kind: t.kind, market: t.market, asOf, metrics, rules, current });
            const b = names.get(businessId);
            const change: ReplayChangeDto = { businessId, businessName: b?.name ?? '', district: b?.district ?? '', market: t.market, kind: t.kind, score: res.score };
            if (res.decision === 'raise') {
              state.set(key, { status: 'open', raisedOn: asOf, exitStreak: 0, statusChangedOn: asOf });
              week.raised.push(change);
            } else if (res.decision === 'resolve') {
              state.delete(key);
              week.resolved.push(change);
            } else if (current) {
              state.set(key, { ...current, exitStreak: res.exitStreak });
            }
          }
        }
        week.open = [...state.values()].filter((s) => s.status !== 'formal_exporter' && s.status !== 'dismissed').length;
        // week i+1 is appended only after week i: a second execution (that should not exist) cannot write a week twice
        const wrote = await this.db.exec(
          `UPDATE watch_replays SET weeks_done = $2, result = result || $3::jsonb WHERE id = $1 AND status = 'running' AND weeks_done = $2 - 1`,
          [replayId, i + 1, JSON.stringify([week])],
        );
        if (!wrote) {
          this.logger.warn(JSON.stringify({ msg: 'replay superseded by another execution', replayId, week: i + 1 }));
          return { superseded: true };
        }
      }
      await this.db.exec(`UPDATE watch_replays SET status = 'completed', finished_at = now() WHERE id = $1 AND status = 'running' AND weeks_done = weeks_total`, [replayId]);
      return { completed: true };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn(JSON.stringify({ msg: 'replay failed', replayId, error: message }));
      await this.db.exec(`UPDATE watch_replays SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [replayId, message.slice(0, 500)]);
      return { failed: true };
    }
  }
}
