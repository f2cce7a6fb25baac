import { BLOCKING_STATUSES, FlagKind } from '../flags/flag.types';
import { CurrentEpisode, Decision, evaluatePolicy } from '../flags/policy';
import type { RuleSetParams } from '../flags/rule-set';
import type { ReplayChangeDto, ReplayDiffEntryDto } from './dto/watch.dto';
import { emptyMetrics, MarketSignals } from './signals.repository';
import { evaluationTargets } from './watch-engine.service';

export interface Outcome {
  decision: Decision;
  score: number;
}

/** One business as the replay walks it through the weeks. */
export interface BusinessHistory {
  businessId: string;
  businessName: string;
  district: string;
  /** Signals per week (index = week), empty where nothing was ordered in the window. */
  signals: MarketSignals[][];
  /** What the weekly runs recorded per week (index = week), keyed `market|kind`; decisions other than `none`. */
  recorded: Array<Map<string, Outcome>>;
}

export interface WeekAccumulator {
  asOf: string;
  raised: ReplayChangeDto[];
  resolved: ReplayChangeDto[];
  open: number;
  /** Whether a completed run recorded this week (only then is there a comparison). */
  compared: boolean;
  added: ReplayDiffEntryDto[];
  removed: ReplayDiffEntryDto[];
  changed: ReplayDiffEntryDto[];
}

/** A flag on the week's list after the evaluation: raised or kept (blocked and resolved ones are not). */
export const onList = (d: string | undefined): boolean => d === 'raise' || d === 'keep';

/**
 * Runs the pure policy week by week for one business, in memory, the way weekly runs do: the
 * same targets (markets with orders in the window plus open episodes), the same episode state
 * carried from week to week (raise opens, resolve closes, the exit streak grows), so that with the
 * rule set the runs used and the same orders it reproduces their decisions. `state` holds the
 * business's episodes keyed `market|kind` and is updated in place; results go to `weeks`.
 */
export function simulateBusiness(b: BusinessHistory, state: Map<string, CurrentEpisode>, rules: RuleSetParams, weeks: WeekAccumulator[]): void {
  weeks.forEach((week, i) => {
    const { asOf } = week;
    const current = [...state.keys()].map((k) => {
      const [market, kind] = k.split('|');
      return { market, kind: kind as FlagKind };
    });
    const draft = new Map<string, Outcome>();
    for (const t of evaluationTargets(b.signals[i] ?? [], current)) {
      const key = `${t.market}|${t.kind}`;
      const episode = state.get(key) ?? null;
      const metrics = t.signals?.metrics ?? emptyMetrics();
      if (t.kind === 'compliance' && !episode && metrics.wildlifeOrders13w === 0) continue;
      const res = evaluatePolicy({ kind: t.kind, market: t.market, asOf, metrics, rules, current: episode });
      draft.set(key, { decision: res.decision, score: res.score });
      const change: ReplayChangeDto = {
        businessId: b.businessId,
        businessName: b.businessName,
        district: b.district,
        market: t.market,
        kind: t.kind,
        score: res.score,
      };
      if (res.decision === 'raise') {
        state.set(key, { status: 'open', raisedOn: asOf, exitStreak: 0, statusChangedOn: asOf });
        week.raised.push(change);
      } else if (res.decision === 'resolve') {
        state.delete(key);
        week.resolved.push(change);
      } else if (episode) {
        state.set(key, { ...episode, exitStreak: res.exitStreak });
      }
    }
    for (const s of state.values()) if (!BLOCKING_STATUSES.includes(s.status)) week.open++;
    if (week.compared) compareWeek(b, draft, b.recorded[i] ?? new Map(), week);
  });
}

/**
 * The difference of one business's week: added (the draft has it on the list, the record does
 * not), removed (the other way round), changed (both have it, with another decision or score).
 * Pairs the two agree on are left out.
 */
export function compareWeek(
  b: Pick<BusinessHistory, 'businessId' | 'businessName' | 'district'>,
  draft: Map<string, Outcome>,
  recorded: Map<string, Outcome>,
  week: Pick<WeekAccumulator, 'added' | 'removed' | 'changed'>,
): void {
  for (const key of [...new Set([...draft.keys(), ...recorded.keys()])].sort()) {
    const d = draft.get(key);
    const r = recorded.get(key);
    const [market, kind] = key.split('|');
    const entry = (): ReplayDiffEntryDto => ({
      businessId: b.businessId,
      businessName: b.businessName,
      district: b.district,
      market,
      kind,
      draft: d ? { decision: d.decision, score: d.score } : null,
      recorded: r ? { decision: r.decision as Decision, score: r.score } : null,
    });
    const inDraft = onList(d?.decision);
    const inRecord = onList(r?.decision);
    if (inDraft && !inRecord) week.added.push(entry());
    else if (!inDraft && inRecord) week.removed.push(entry());
    else if (inDraft && inRecord && (d!.decision !== r!.decision || Math.abs(d!.score - r!.score) >= 0.005)) week.changed.push(entry());
  }
}
