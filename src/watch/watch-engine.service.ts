import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Clock } from '../common/clock';
import { Db, Queryable } from '../database/db';
import { EventsService } from '../events/events.service';
import { buildChecklist } from '../flags/checklist';
import { FLAG_KINDS, FlagKind, MarketMetrics, SeriesPoint } from '../flags/flag.types';
import { FlagRow, FlagsRepository } from '../flags/flags.repository';
import { PaperworkRepository } from '../flags/paperwork.repository';
import { CurrentEpisode, evaluatePolicy, PolicyResult } from '../flags/policy';
import type { RuleSetParams } from '../flags/rule-set';
import { RuleSetsRepository } from '../flags/rule-sets.repository';
import { wibDate } from '../common/time';
import { emptyMetrics, fullSeries, MarketSignals, SignalsRepository } from './signals.repository';

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
export function evaluationTargets(markets: MarketSignals[], current: Array<{ market: string; kind: FlagKind }>): Array<{ market: string; kind: FlagKind; signals?: MarketSignals }> {
  const byMarket = new Map(markets.map((m) => [m.market, m]));
  const keys = new Set<string>();
  for (const m of markets) for (const k of FLAG_KINDS) keys.add(`${m.market}|${k}`);
  for (const c of current) keys.add(`${c.market}|${c.kind}`);
  return [...keys].sort().map((key) => {
    const [market, kind] = key.split('|') as [string, FlagKind];
    return { market, kind, signals: byMarket.get(market) };
  });
}

export function episodeOf(f: Pick<FlagRow, 'status' | 'raised_on' | 'exit_streak' | 'status_changed_at'>): CurrentEpisode {
  return { status: f.status, raisedOn: f.raised_on, exitStreak: f.exit_streak, statusChangedOn: wibDate(f.status_changed_at) };
}

/**
 * Evaluates one business as of a date: refreshes its rollups, computes signals per market in SQL,
 * applies the pure policy and writes flags, evaluations, history and domain events in the caller's
 * transaction. Used by runs; replay uses the same signals and policy without writing.
 */
@Injectable()
export class WatchEngine {
  private readonly logger = new Logger(WatchEngine.name);
  private readonly ruleCache = new Map<number, RuleSetParams>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly signals: SignalsRepository,
    private readonly flags: FlagsRepository,
    private readonly paperwork: PaperworkRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly events: EventsService,
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

  async evaluateBusiness(
    c: PoolClient,
    args: { runId: string | null; businessId: string; asOf: string; ruleSetVersion: number },
  ): Promise<{ raised: number; resolved: number; outcomes: Outcome[] }> {
    const { businessId, asOf, ruleSetVersion, runId } = args;
    const rules = await this.rules(ruleSetVersion, c);
    await this.signals.refreshRollups(businessId, c);
    const markets = await this.signals.marketSignals([businessId], asOf, rules.repeatMinOrders, c);
    const current = await this.flags.lockUnresolvedForBusiness(businessId, c);
    const business = await this.db.one<{ nib: string | null; has_customs_access: boolean }>('SELECT nib, has_customs_access FROM businesses WHERE id = $1', [businessId], c);
    if (!business) return { raised: 0, resolved: 0, outcomes: [] };
    const catalog = await this.paperwork.list(true, c);
    const now = this.clock.now();
    let raised = 0;
    let resolved = 0;
    const outcomes: Outcome[] = [];

    for (const target of evaluationTargets(markets, current)) {
      const { market, kind } = target;
      const metrics: MarketMetrics = target.signals?.metrics ?? emptyMetrics();
      const series: SeriesPoint[] = target.signals?.series ?? fullSeries(asOf, null);
      const flag = current.find((f) => f.market === market && f.kind === kind);
      if (flag && flag.last_evaluated_on > asOf) continue; // state only moves forward in time
      // compliance is about wildlife material only; no need to record an evaluation for batik to SG
      if (kind === 'compliance' && !flag && metrics.wildlifeOrders13w === 0) continue;
      const res = evaluatePolicy({ kind, market, asOf, metrics, rules, current: flag ? episodeOf(flag) : null });
      const checklist = buildChecklist(catalog, { kind, market, metrics, business: { nib: business.nib, hasCustomsAccess: business.has_customs_access } });
      const withFlag = res.decision !== 'none';
      const fields = {
        score: res.score, ruleSetVersion, reasons: res.reasons, signals: res.signals, checklist, series,
        evidenceOrderIds: withFlag ? await this.signals.evidenceOrderIds(businessId, market, asOf, 50, c) : [],
        exitStreak: res.exitStreak, asOf,
      };
      let flagId = flag?.id ?? null;
      if (res.decision === 'raise') {
        flagId = await this.flags.insert({ businessId, market, kind, raisedOn: asOf, ...fields }, c);
        await this.flags.insertEvent({ flagId, type: 'raised', actor: ENGINE_ACTOR, toStatus: 'open', asOf, runId, decision: res.decision, score: res.score, at: now }, c);
        await this.events.record(c, 'flag.raised', { flagId, businessId, market, kind, status: 'open', raisedOn: asOf, resolvedOn: null, score: res.score });
        raised++;
      } else if (flag && res.decision === 'resolve') {
        await this.flags.updateFromEvaluation(flag.id, fields, true, c);
        await this.flags.insertEvent({ flagId: flag.id, type: 'resolved', actor: ENGINE_ACTOR, fromStatus: flag.status, toStatus: 'resolved', asOf, runId, decision: res.decision, score: res.score, at: now }, c);
        await this.events.record(c, 'flag.resolved', { flagId: flag.id, businessId, market, kind, status: 'resolved', raisedOn: flag.raised_on, resolvedOn: asOf, score: res.score });
        resolved++;
      } else if (flag) {
        await this.flags.updateFromEvaluation(flag.id, fields, false, c);
        await this.flags.insertEvent({ flagId: flag.id, type: 'evaluated', actor: ENGINE_ACTOR, asOf, runId, decision: res.decision, score: res.score, details: { exitStreak: res.exitStreak }, at: now }, c);
      }
      await this.flags.insertEvaluation(
        { runId, businessId, market, kind, asOf, ruleSetVersion, decision: res.decision, score: res.score, signals: res.signals, metrics: metricsForList(metrics), flagId },
        c,
      );
      outcomes.push({ businessId, market, kind, decision: res.decision, score: res.score, flagId });
    }
    this.logger.debug?.(JSON.stringify({ msg: 'business evaluated', runId, businessId, asOf, raised, resolved }));
    return { raised, resolved, outcomes };
  }
}

/** flag_evaluations.metrics: the weekly list reads these names (contract with the reports module). */
export function metricsForList(m: MarketMetrics): Record<string, unknown> {
  return { ...m };
}
