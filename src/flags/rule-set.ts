/**
 * Rule sets are versioned data: thresholds of the "3K" policy (kontinuitas, kuantitas, kualitas
 * pembeli). No agency publishes numbers; these are product defaults from DOMAIN.md. Each
 * evaluation records the version it used; published versions never change.
 */
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
  /** Longest quiet spell tolerated, in whole weeks since the last order. */
  maxWeeksSinceLastOrder: number;
}

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
}

export const DEFAULT_RULE_SET: RuleSetParams = {
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

type Check = [path: string, value: unknown, min: number, max: number, integer: boolean];

/** Validates a submitted rule set; returns one message per failing field (empty when valid). */
export function validateRuleSet(raw: unknown): { ok: true; params: RuleSetParams } | { ok: false; errors: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: ['params: must be an object'] };
  const errors: string[] = [];
  const p = raw as Record<string, any>;
  const known = new Set(Object.keys(DEFAULT_RULE_SET));
  for (const k of Object.keys(p)) if (!known.has(k)) errors.push(`params.${k}: unknown field (not allowed)`);
  const checks: Check[] = [];
  for (const side of ['enter', 'stay'] as const) {
    const t = p.readiness?.[side];
    if (!t || typeof t !== 'object') {
      errors.push(`params.readiness.${side}: must be an object`);
      continue;
    }
    const base = `params.readiness.${side}`;
    for (const k of Object.keys(t)) if (!(k in DEFAULT_RULE_SET.readiness.enter)) errors.push(`${base}.${k}: unknown field (not allowed)`);
    checks.push(
      [`${base}.minActiveMonths`, t.minActiveMonths, 0, 4, true],
      [`${base}.minActiveWeeks`, t.minActiveWeeks, 0, 13, true],
      [`${base}.minRepeatBuyers`, t.minRepeatBuyers, 0, 1000, true],
      [`${base}.minValue13wIdr`, t.minValue13wIdr, 0, 1e15, false],
      [`${base}.minHeaviestParcelKg`, t.minHeaviestParcelKg, 0, 10000, false],
      [`${base}.maxPeakWeekShare`, t.maxPeakWeekShare, 0, 1, false],
      [`${base}.maxWeeksSinceLastOrder`, t.maxWeeksSinceLastOrder, 0, 26, true],
    );
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
    if (s.minActiveMonths > e.minActiveMonths || s.minActiveWeeks > e.minActiveWeeks || s.minRepeatBuyers > e.minRepeatBuyers || s.minValue13wIdr > e.minValue13wIdr) {
      errors.push('params.readiness.stay: stay thresholds must not be stricter than enter thresholds');
    }
    if (s.maxPeakWeekShare < e.maxPeakWeekShare || s.maxWeeksSinceLastOrder < e.maxWeeksSinceLastOrder) {
      errors.push('params.readiness.stay: stay limits must not be stricter than enter limits');
    }
    if (p.compliance.stayMinWildlifeOrders13w > p.compliance.enterMinWildlifeOrders13w) {
      errors.push('params.compliance.stayMinWildlifeOrders13w: must not exceed enterMinWildlifeOrders13w');
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, params: { ...(p as RuleSetParams), dismissalExpiresAfterWeeks: d ?? null } };
}
