import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Clock } from '../common/clock';
import { Queryable } from '../database/db';
import { EventsService } from '../events/events.service';
import { flagChecklist } from '../flags/checklist';
import { FLAG_KINDS, FlagKind, MarketMetrics, SeriesPoint } from '../flags/flag.types';
import type { EpisodeRow, FlagEvaluationFields } from '../flags/flag-rows';
import { FlagsRepository } from '../flags/flags.repository';
import { PaperworkRepository } from '../flags/paperwork.repository';
import { CurrentEpisode, evaluatePolicy, PolicyResult } from '../flags/policy';
import type { RuleSetParams } from '../flags/rule-set';
import { RuleSetsRepository } from '../flags/rule-sets.repository';
import { wibDate } from '../common/time';
import { nextRung } from '../pathway/ladder';
import { PathwayRepository, RungStanding } from '../pathway/pathway.repository';
import { Rung, RUNGS } from '../pathway/pathway.types';
import { emptyMetrics, fullSeries, MarketSignals, SignalsRepository } from './signals.repository';
import { windows } from './signals.sql';
import { logEvent } from '../common/log-event';
import { scorecardOf } from '../flags/scorecard-params';
import { CapacityRepository } from '../scorecard/capacity.repository';
import { capacityUseSignal } from '../scorecard/capacity-use';
import type { IncrementalBasis } from './changes.repository';
import { mustWrite } from './incremental';
import { PairSignals } from './pair-signals.service';

export const ENGINE_ACTOR = 'system:watch';

/** What one evaluation of one business × market × kind concluded (also the unit of replay output). */
export interface Outcome {
  businessId: string;
  market: string;
  kind: FlagKind;
  decision: PolicyResult['decision'];
  score: number;
  flagId: string | null;
}

/** Which (market, kind) pairs to evaluate: markets with orders in the window, plus those with an open episode. */
export function evaluationTargets(
  markets: MarketSignals[],
  current: Array<{ market: string; kind: FlagKind }>,
): Array<{ market: string; kind: FlagKind; signals?: MarketSignals }> {
  const byMarket = new Map(markets.map((m) => [m.market, m]));
  const keys = new Set<string>();
  for (const m of markets) for (const k of FLAG_KINDS) keys.add(`${m.market}|${k}`);
  for (const c of current) keys.add(`${c.market}|${c.kind}`);
  return [...keys].sort().map((key) => {
    const [market, kind] = key.split('|') as [string, FlagKind];
    return { market, kind, signals: byMarket.get(market) };
  });
}

export function episodeOf(f: Pick<EpisodeRow, 'status' | 'raised_on' | 'exit_streak' | 'status_changed_at'>): CurrentEpisode {
  return { status: f.status, raisedOn: f.raised_on, exitStreak: f.exit_streak, statusChangedOn: wibDate(f.status_changed_at) };
}

/**
 * Evaluates businesses as of a date: computes signals per market in SQL,
 * applies the pure policy and writes flags, evaluations, history and domain events in the caller's
 * transaction. Used by runs; replay uses the same signals and policy without writing.
 */
@Injectable()
export class WatchEngine {
  private readonly logger = new Logger(WatchEngine.name);
  private readonly ruleCache = new Map<number, RuleSetParams>();

  constructor(
    private readonly clock: Clock,
    private readonly signals: SignalsRepository,
    private readonly flags: FlagsRepository,
    private readonly paperwork: PaperworkRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly events: EventsService,
    private readonly pathway: PathwayRepository,
    private readonly capacity: CapacityRepository,
    private readonly pairSignals: PairSignals,
  ) {}

  /** Rule sets never change once published, so each version is cached for the process's life. */
  async rules(version: number, q?: Queryable): Promise<RuleSetParams> {
    let r = this.ruleCache.get(version);
    if (!r) {
      const row = await this.ruleSets.get(version, q);
      if (!row) throw new Error(`rule set ${version} not found`);
      this.ruleCache.set(version, (r = row.params));
    }
    return r;
  }

  /**
   * Evaluates a set of businesses as of a date, set-wise, in the caller's transaction: signals
   * for all of them in one query, their open episodes locked
   * in one query, the pure policy per business × market × kind in memory, and every write (flags,
   * flag events, evaluations, domain events and their webhook jobs) as one statement each.
   * The outcome is exactly that of evaluating each business alone.
   */
  async evaluateBusinesses(
    c: PoolClient,
    args: { runId: string | null; businessIds: string[]; asOf: string; ruleSetVersion: number; incremental?: IncrementalBasis },
  ): Promise<{ perBusiness: Map<string, { raised: number; resolved: number }>; outcomes: Outcome[] }> {
    const { asOf, ruleSetVersion, runId } = args;
    const ids = [...args.businessIds].sort();
    const perBusiness = new Map<string, { raised: number; resolved: number }>(ids.map((id) => [id, { raised: 0, resolved: 0 }]));
    const outcomes: Outcome[] = [];
    if (!ids.length) return { perBusiness, outcomes };
    const rules = await this.rules(ruleSetVersion, c);
    const currentBy = groupBy(await this.flags.lockUnresolvedForBusinesses(ids, c), (f) => f.business_id);
    const { marketsBy, prior, reused } = await this.pairSignals.of(c, ids, asOf, rules.repeatMinOrders, currentBy, args.incremental);
    const businesses = new Map((await this.signals.businessProfiles(ids, c)).map((b) => [b.id, b]));
    const catalog = await this.paperwork.list(true, c);
    // where every business × market of the chunk stands on the export ladder, in one statement
    const rungRows = await this.pathway.rungStandingsAsOf(asOf, ids, c);
    const rungBy = new Map<string, RungStanding>(rungRows.map((r) => [`${r.businessId}|${r.market}`, r]));
    const ladderOf = (businessId: string, market: string): { rung: Rung; nextRung: Rung | null; verifiedNib: boolean } => {
      const row = rungBy.get(`${businessId}|${market}`);
      const rung = row ? (RUNGS[row.rungIndex] ?? 'unrecorded') : 'unrecorded';
      return { rung, nextRung: nextRung(rung), verifiedNib: row?.verifiedNib ?? false };
    };
    // capacityUse (advice only, read by no decision): the chunk's capacities and recent units in one statement
    const coachingShare = scorecardOf(rules).capacityCoachingShare;
    const capacityUse = new Map(
      (await this.capacity.forBusinesses(ids, asOf, c)).map((r) => [r.business_id, capacityUseSignal(r.units_3m, r.capacity, coachingShare)]),
    );
    const signalsOf = (p: { businessId: string; res: PolicyResult }) => ({ ...p.res.signals, capacityUse: capacityUse.get(p.businessId)! });
    const now = this.clock.now();

    interface Planned {
      businessId: string;
      market: string;
      kind: FlagKind;
      flag?: EpisodeRow;
      res: PolicyResult;
      version: number;
      metrics: MarketMetrics;
      series: SeriesPoint[];
      business: { nib: string | null; hasCustomsAccess: boolean; materials: string[] };
      /** Signals taken from the standing evaluation (incremental run, nothing changed) rather than recomputed. */
      reused: boolean;
    }
    const planned: Planned[] = [];
    for (const businessId of ids) {
      const business = businesses.get(businessId);
      if (!business) continue; // deleted meanwhile
      const current = currentBy.get(businessId) ?? [];
      for (const target of evaluationTargets(marketsBy.get(businessId) ?? [], current)) {
        const { market, kind } = target;
        const metrics: MarketMetrics = target.signals?.metrics ?? emptyMetrics();
        const series: SeriesPoint[] = target.signals?.series ?? fullSeries(asOf, null);
        const flag = current.find((f) => f.market === market && f.kind === kind);
        if (flag && flag.last_evaluated_on > asOf) continue; // state only moves forward in time
        // compliance is about wildlife material only; no need to record an evaluation for batik to SG
        if (kind === 'compliance' && !flag && metrics.wildlifeOrders13w === 0) continue;
        // an episode stays pinned to the rule set that raised it: its stay side, its version on the flag
        const version = flag ? flag.rule_set_version : ruleSetVersion;
        const res = evaluatePolicy({
          kind,
          market,
          asOf,
          metrics,
          rules: version === ruleSetVersion ? rules : await this.rules(version, c),
          current: flag ? episodeOf(flag) : null,
        });
        planned.push({
          businessId,
          market,
          kind,
          flag,
          res,
          version,
          metrics,
          series,
          business: { nib: business.nib, hasCustomsAccess: business.has_customs_access, materials: business.materials ?? [] },
          reused: reused.has(businessId),
        });
      }
    }

    // a pair whose signals were reused and that raises only with time passing: its new flag needs the real series
    const seriesFor = [...new Set(planned.filter((p) => p.reused && p.res.decision === 'raise').map((p) => p.businessId))];
    if (seriesFor.length) {
      const fresh = new Map(
        (await this.signals.marketSignals(seriesFor, asOf, rules.repeatMinOrders, c)).map((m) => [`${m.businessId}|${m.market}`, m.series]),
      );
      for (const p of planned) if (p.reused && p.res.decision === 'raise') p.series = fresh.get(`${p.businessId}|${p.market}`) ?? p.series;
    }

    const { from13 } = windows(asOf);
    const fieldsOf = (p: Planned): FlagEvaluationFields => {
      const ladder = ladderOf(p.businessId, p.market);
      // customs access counts as the ladder counts it: a verified NIB document valid on asOf
      const business = { ...p.business, hasCustomsAccess: ladder.verifiedNib };
      return {
        score: p.res.score,
        ruleSetVersion: p.version,
        reasons: p.res.reasons,
        signals: signalsOf(p),
        series: p.series,
        // only flag rows carry the checklist: built for them alone, not for every evaluation
        checklist: flagChecklist(catalog, { kind: p.kind, market: p.market, metrics: p.metrics, business }, ladder.nextRung),
        evidenceFrom: p.res.decision !== 'none' ? from13 : null,
        exitStreak: p.res.exitStreak,
        asOf,
        rung: ladder.rung,
        nextRung: ladder.nextRung,
      };
    };

    // 1. new episodes (one statement), so their ids exist for events and evaluations
    const raises = planned.filter((p) => p.res.decision === 'raise');
    const newIds = await this.flags.insertMany(
      raises.map((p) => ({ businessId: p.businessId, market: p.market, kind: p.kind, raisedOn: asOf, ...fieldsOf(p) })),
      c,
    );
    // 2. existing episodes: numbers refreshed, resolved where the policy says so
    const updates = planned.filter((p) => p.flag && p.res.decision !== 'raise');
    await this.flags.updateManyFromEvaluation(
      updates.map((p) => ({ id: p.flag!.id, resolve: p.res.decision === 'resolve', ...fieldsOf(p) })),
      c,
    );

    const flagEvents: Parameters<FlagsRepository['insertEvents']>[0] = [];
    const domainEvents: Parameters<EventsService['recordMany']>[1] = [];
    const evaluations: Parameters<FlagsRepository['insertEvaluations']>[0] = [];
    for (const p of planned) {
      const { businessId, market, kind, res, flag } = p;
      let flagId = flag?.id ?? null;
      const counts = perBusiness.get(businessId)!;
      if (res.decision === 'raise') {
        flagId = newIds.get(`${businessId}|${market}|${kind}`) ?? null;
        if (!flagId) throw new Error(`flag insert for ${businessId}/${market}/${kind} returned no id`);
        flagEvents.push({ flagId, type: 'raised', actor: ENGINE_ACTOR, toStatus: 'open', asOf, runId, decision: res.decision, score: res.score, at: now });
        domainEvents.push({
          type: 'flag.raised',
          data: { flagId, businessId, market, kind, status: 'open', raisedOn: asOf, resolvedOn: null, score: res.score },
        });
        counts.raised++;
      } else if (flag && res.decision === 'resolve') {
        flagEvents.push({
          flagId: flag.id,
          type: 'resolved',
          actor: ENGINE_ACTOR,
          fromStatus: flag.status,
          toStatus: 'resolved',
          asOf,
          runId,
          decision: res.decision,
          score: res.score,
          at: now,
        });
        domainEvents.push({
          type: 'flag.resolved',
          data: { flagId: flag.id, businessId, market, kind, status: 'resolved', raisedOn: flag.raised_on, resolvedOn: asOf, score: res.score },
        });
        counts.resolved++;
      } else if (flag) {
        flagEvents.push({
          flagId: flag.id,
          type: 'evaluated',
          actor: ENGINE_ACTOR,
          asOf,
          runId,
          decision: res.decision,
          score: res.score,
          details: { exitStreak: res.exitStreak },
          at: now,
        });
      }
      outcomes.push({ businessId, market, kind, decision: res.decision, score: res.score, flagId });
      // an incremental run writes an evaluation only when something changed, and every week for an episode
      // (compared with the signals as written: the stored ones carry capacityUse too)
      if (args.incremental && !mustWrite(prior.get(`${businessId}|${market}|${kind}`), { ...res, signals: signalsOf(p) }, p.metrics, !!flag)) continue;
      evaluations.push({
        runId,
        businessId,
        market,
        kind,
        asOf,
        ruleSetVersion: p.version,
        decision: res.decision,
        score: res.score,
        signals: signalsOf(p),
        metrics: metricsForList(p.metrics),
        flagId,
      });
    }
    // a climb is told once: against the rung the pair was last seen on by an earlier run
    const seen = rungRows.map((r) => ({ businessId: r.businessId, market: r.market, rung: ladderOf(r.businessId, r.market).rung, rungIndex: r.rungIndex }));
    for (const x of await this.pathway.recordRungs(asOf, runId, seen, c)) {
      domainEvents.push({ type: 'pathway.rung_changed', data: { businessId: x.businessId, market: x.market, from: x.from, to: x.to, asOf } });
    }
    await this.flags.insertEvents(flagEvents, c);
    await this.events.recordMany(c, domainEvents);
    await this.flags.insertEvaluations(evaluations, c);
    await this.pairSignals.recordWritten(evaluations, asOf, c);
    logEvent(
      this.logger,
      'businesses evaluated',
      {
        runId,
        businesses: ids.length,
        recomputed: ids.length - reused.size,
        asOf,
        targets: planned.length,
        written: evaluations.length,
        raised: raises.length,
      },
      'debug',
    );
    return { perBusiness, outcomes };
  }
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** flag_evaluations.metrics: the weekly list reads these names (contract with the reports module). */
export function metricsForList(m: MarketMetrics): Record<string, unknown> {
  return { ...m };
}
