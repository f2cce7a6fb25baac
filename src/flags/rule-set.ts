/**
 * Rule sets are versioned data: thresholds of the "3K" policy (kontinuitas, kuantitas, kualitas
 * pembeli). No agency publishes numbers; these are product defaults from DOMAIN.md. Each
 * evaluation records the version it used; published versions never change.
 */
import { scorecardProblems, type ScorecardParams } from './scorecard-params';

export interface ReadinessThresholds {
  /** Calendar months (WIB) with at least one order, out of the last 4 (the as-of month and the 3 before). */
  minActiveMonths: number;
  /** ISO weeks with at least one order, out of the last 13. */
  minActiveWeeks: number;
  /** Buyers with at least `repeatMinOrders` orders in the last 13 weeks. */
  minRepeatBuyers: number;
  /** Value in IDR over the last 13 weeks (≈ 90 days): enough to amortise formal-export cost. */
  minValue13wIdr: number;
  /** …or a consignment this heavy (kg): approaching the 30 kg line of barang kiriman. */
  minHeaviestParcelKg: number;
  /** Busiest week's share of the 13-week orders must stay at or below this (a viral spike is not steady). */
  maxPeakWeekShare: number;
  /** Longest quiet spell tolerated, in whole weeks since the last order (v2: the floor of the rhythm's allowance). */
  maxWeeksSinceLastOrder: number;
  /** v2 (rules with `rhythm`): the pattern must run at least this many days from its first to its last order (a one-month spike never does). */
  minPatternDays?: number;
  /** v2: order weeks in the last 13 (or since the pattern began) ÷ those its own rhythm predicts. */
  minCoverage?: number;
  /** v2: quiet allowed = this × the median gap between order weeks (stay: and at least the longest gap), within [maxWeeksSinceLastOrder, rhythm.maxQuietWeeks]. */
  quietGapFactor?: number;
  /** v2: the busiest week may hold up to this × the share one order week of the rhythm would hold (never less than maxPeakWeekShare). */
  peakShareSlack?: number;
  /** v2: returning buyers count only when their orders are at least this share of the 13-week orders. */
  minRepeatOrderShare?: number;
  /** v2: one routine buyer counts as repeat demand when it ordered in at least this many of the 26 weeks… */
  minRoutineBuyerWeeks?: number;
  /** …in lots of at least this many units on average… */
  minRoutineLotUnits?: number;
  /** …or of at least this IDR value on average. */
  minRoutineLotIdr?: number;
}

/** v2: how a business × market's own order intervals are learned (see MarketMetrics.gapMedianWeeks). */
export interface RhythmParams {
  /** Gaps between order weeks needed before the rhythm counts as learned; fewer: the fixed v1 limits apply. */
  minGaps: number;
  /** Upper bound of any quiet allowance in weeks, so a slow pattern can still end. */
  maxQuietWeeks: number;
}

/** Fields a v2 threshold side must carry. */
export const RHYTHM_THRESHOLD_KEYS = [
  'minRepeatOrderShare',
  'minPatternDays',
  'minCoverage',
  'quietGapFactor',
  'peakShareSlack',
  'minRoutineBuyerWeeks',
  'minRoutineLotUnits',
  'minRoutineLotIdr',
] as const;

export interface RuleSetParams {
  readiness: {
    /** Enter: every group (continuity, quality, quantity, steadiness) must hold. */
    enter: ReadinessThresholds;
    /** Stay: looser thresholds a raised flag must keep meeting (hysteresis). */
    stay: ReadinessThresholds;
  };
  compliance: {
    /** Wildlife-material orders to the market in the last 13 weeks that raise a compliance flag. */
    enterMinWildlifeOrders13w: number;
    /** …and the count a raised compliance flag must keep (below it the exit streak counts). */
    stayMinWildlifeOrders13w: number;
  };
  /** A buyer with at least this many orders in 13 weeks is a repeat buyer. */
  repeatMinOrders: number;
  /** Growth signal: last 13 weeks' value vs the 13 before (informational, adds to the score). */
  growthRatio: number;
  /** The consignment weight above which a PEB is required (PMK 155/2022). */
  heavyParcelKg: number;
  /** A raised flag stays at least this many weeks before it may resolve. */
  minDwellWeeks: number;
  /** Consecutive evaluations failing the stay thresholds before a flag resolves. */
  exitAfterFailedEvaluations: number;
  /**
   * Weeks after which a dismissal stops blocking: the dismissed episode is closed (resolved) and a
   * new flag may be raised. null: a dismissal blocks until staff reopen.
   */
  dismissalExpiresAfterWeeks: number | null;
  /**
   * v2: judge each business × market by its own rhythm and count one routine buyer in volume as
   * repeat demand. Absent (v1 rule sets): fixed windows and a buyer count, exactly as v1 did.
   */
  rhythm?: RhythmParams;
  /** The 3K scorecard's targets and the capacity advice line; absent: DEFAULT_SCORECARD (read it through scorecardOf). */
  scorecard?: ScorecardParams;
}

/** Rule set v1, as published by the VolumeWatch migration (kept so v1 flags and drafts evaluate as they did). */
export const RULE_SET_V1: RuleSetParams = {
  readiness: {
    enter: {
      minActiveMonths: 3,
      minActiveWeeks: 6,
      minRepeatBuyers: 2,
      minValue13wIdr: 50_000_000,
      minHeaviestParcelKg: 25,
      maxPeakWeekShare: 0.35,
      maxWeeksSinceLastOrder: 3,
    },
    stay: {
      minActiveMonths: 2,
      minActiveWeeks: 3,
      minRepeatBuyers: 1,
      minValue13wIdr: 25_000_000,
      minHeaviestParcelKg: 25,
      maxPeakWeekShare: 0.6,
      maxWeeksSinceLastOrder: 4,
    },
  },
  compliance: { enterMinWildlifeOrders13w: 2, stayMinWildlifeOrders13w: 1 },
  repeatMinOrders: 2,
  growthRatio: 1.5,
  heavyParcelKg: 30,
  minDwellWeeks: 4,
  exitAfterFailedEvaluations: 2,
  dismissalExpiresAfterWeeks: null,
};

/** Rule set v2 (published by the RuleSetV2 migration): quality of demand and each business's own rhythm. */
export const DEFAULT_RULE_SET: RuleSetParams = {
  ...RULE_SET_V1,
  readiness: {
    enter: {
      minActiveMonths: 2,
      minActiveWeeks: 3,
      minRepeatBuyers: 2,
      minValue13wIdr: 50_000_000,
      minHeaviestParcelKg: 25,
      maxPeakWeekShare: 0.35,
      maxWeeksSinceLastOrder: 3,
      minRepeatOrderShare: 0.4,
      minPatternDays: 35,
      minCoverage: 0.7,
      quietGapFactor: 1.5,
      peakShareSlack: 1.5,
      minRoutineBuyerWeeks: 4,
      minRoutineLotUnits: 10,
      minRoutineLotIdr: 10_000_000,
    },
    stay: {
      minActiveMonths: 1,
      minActiveWeeks: 2,
      minRepeatBuyers: 1,
      minValue13wIdr: 25_000_000,
      minHeaviestParcelKg: 25,
      maxPeakWeekShare: 0.6,
      maxWeeksSinceLastOrder: 4,
      minRepeatOrderShare: 0.2,
      minPatternDays: 0,
      minCoverage: 0.3,
      quietGapFactor: 1.5,
      peakShareSlack: 2,
      minRoutineBuyerWeeks: 2,
      minRoutineLotUnits: 5,
      minRoutineLotIdr: 5_000_000,
    },
  },
  rhythm: { minGaps: 3, maxQuietWeeks: 8 },
};

type Check = [path: string, value: unknown, min: number, max: number, integer: boolean];
type Bound = [key: keyof ReadinessThresholds, min: number, max: number, integer: boolean];
const V1_BOUNDS: Bound[] = [
  ['minActiveMonths', 0, 4, true],
  ['minActiveWeeks', 0, 13, true],
  ['minRepeatBuyers', 0, 1000, true],
  ['minValue13wIdr', 0, 1e15, false],
  ['minHeaviestParcelKg', 0, 10000, false],
  ['maxPeakWeekShare', 0, 1, false],
  ['maxWeeksSinceLastOrder', 0, 26, true],
];
const RHYTHM_BOUNDS: Bound[] = [
  ['minRepeatOrderShare', 0, 1, false],
  ['minPatternDays', 0, 182, true],
  ['minCoverage', 0, 1, false],
  ['quietGapFactor', 0, 10, false],
  ['peakShareSlack', 0, 13, false],
  ['minRoutineBuyerWeeks', 2, 26, true],
  ['minRoutineLotUnits', 0, 100000, false],
  ['minRoutineLotIdr', 0, 1e15, false],
];

/** Validates a submitted rule set; returns one message per failing field (empty when valid). */
export function validateRuleSet(raw: unknown): { ok: true; params: RuleSetParams } | { ok: false; errors: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: ['params: must be an object'] };
  const errors: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON from a client, checked field by field below
  const p = raw as Record<string, any>;
  const known = new Set([...Object.keys(DEFAULT_RULE_SET), 'scorecard']);
  errors.push(...scorecardProblems(p.scorecard));
  for (const k of Object.keys(p)) if (!known.has(k)) errors.push(`params.${k}: unknown field (not allowed)`);
  const checks: Check[] = [];
  const v2 = p.rhythm !== undefined;
  if (v2) {
    if (!p.rhythm || typeof p.rhythm !== 'object' || Array.isArray(p.rhythm)) errors.push('params.rhythm: must be an object');
    else {
      for (const k of Object.keys(p.rhythm)) if (!['minGaps', 'maxQuietWeeks'].includes(k)) errors.push(`params.rhythm.${k}: unknown field (not allowed)`);
      checks.push(['params.rhythm.minGaps', p.rhythm.minGaps, 1, 25, true], ['params.rhythm.maxQuietWeeks', p.rhythm.maxQuietWeeks, 1, 26, true]);
    }
  }
  for (const side of ['enter', 'stay'] as const) {
    const t = p.readiness?.[side];
    if (!t || typeof t !== 'object') {
      errors.push(`params.readiness.${side}: must be an object`);
      continue;
    }
    const base = `params.readiness.${side}`;
    const allowed = v2 ? DEFAULT_RULE_SET.readiness.enter : RULE_SET_V1.readiness.enter;
    for (const k of Object.keys(t)) {
      if (!(k in allowed))
        errors.push(`${base}.${k}: ${k in DEFAULT_RULE_SET.readiness.enter ? 'only with params.rhythm (rule set v2)' : 'unknown field (not allowed)'}`);
    }
    for (const [k, min, max, integer] of v2 ? [...V1_BOUNDS, ...RHYTHM_BOUNDS] : V1_BOUNDS) checks.push([`${base}.${k}`, t[k], min, max, integer]);
  }
  checks.push(
    ['params.compliance.enterMinWildlifeOrders13w', p.compliance?.enterMinWildlifeOrders13w, 1, 100000, true],
    ['params.compliance.stayMinWildlifeOrders13w', p.compliance?.stayMinWildlifeOrders13w, 0, 100000, true],
    ['params.repeatMinOrders', p.repeatMinOrders, 2, 1000, true],
    ['params.growthRatio', p.growthRatio, 1, 100, false],
    ['params.heavyParcelKg', p.heavyParcelKg, 1, 10000, false],
    ['params.minDwellWeeks', p.minDwellWeeks, 0, 52, true],
    ['params.exitAfterFailedEvaluations', p.exitAfterFailedEvaluations, 1, 52, true],
  );
  for (const [path, v, min, max, integer] of checks) {
    if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${path}: must be a number`);
    else if (v < min || v > max) errors.push(`${path}: must be between ${min} and ${max}`);
    else if (integer && !Number.isInteger(v)) errors.push(`${path}: must be an integer`);
  }
  const d = p.dismissalExpiresAfterWeeks;
  if (d !== null && d !== undefined && (!Number.isInteger(d) || d < 1 || d > 520)) {
    errors.push('params.dismissalExpiresAfterWeeks: must be null or an integer between 1 and 520');
  }
  if (!errors.length) {
    const e = p.readiness.enter;
    const s = p.readiness.stay;
    // hysteresis: staying must never be harder than entering, or flags would flap
    if (
      s.minActiveMonths > e.minActiveMonths ||
      s.minActiveWeeks > e.minActiveWeeks ||
      s.minRepeatBuyers > e.minRepeatBuyers ||
      s.minValue13wIdr > e.minValue13wIdr
    ) {
      errors.push('params.readiness.stay: stay thresholds must not be stricter than enter thresholds');
    }
    if (s.maxPeakWeekShare < e.maxPeakWeekShare || s.maxWeeksSinceLastOrder < e.maxWeeksSinceLastOrder) {
      errors.push('params.readiness.stay: stay limits must not be stricter than enter limits');
    }
    if (
      v2 &&
      (s.minRepeatOrderShare > e.minRepeatOrderShare ||
        s.minPatternDays > e.minPatternDays ||
        s.minCoverage > e.minCoverage ||
        s.minRoutineBuyerWeeks > e.minRoutineBuyerWeeks ||
        s.minRoutineLotUnits > e.minRoutineLotUnits ||
        s.minRoutineLotIdr > e.minRoutineLotIdr)
    ) {
      errors.push('params.readiness.stay: stay rhythm thresholds must not be stricter than enter thresholds');
    }
    if (v2 && (s.quietGapFactor < e.quietGapFactor || s.peakShareSlack < e.peakShareSlack || p.rhythm.maxQuietWeeks < s.maxWeeksSinceLastOrder)) {
      errors.push(
        'params.readiness.stay: stay rhythm limits must not be stricter than enter limits, and rhythm.maxQuietWeeks must not be below stay.maxWeeksSinceLastOrder',
      );
    }
    if (p.compliance.stayMinWildlifeOrders13w > p.compliance.enterMinWildlifeOrders13w) {
      errors.push('params.compliance.stayMinWildlifeOrders13w: must not exceed enterMinWildlifeOrders13w');
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, params: { ...(p as RuleSetParams), dismissalExpiresAfterWeeks: d ?? null } };
}

/** True when the rule set judges by each business's own rhythm (v2 and later). */
export function usesRhythm(r: RuleSetParams): r is RuleSetParams & { rhythm: RhythmParams } {
  return r.rhythm !== undefined;
}
