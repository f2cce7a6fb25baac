/**
 * The 3K scorecard's targets (kualitas, kuantitas, kontinuitas) and the capacity-use advice line,
 * as an optional block of a rule set. No agency publishes these numbers (DOMAIN.md "Monthly
 * targets and productivity"), so they are data; a published rule set without the block (every
 * version before it existed) reads the defaults below, and GET /rule-sets shows them filled in.
 */
export interface ScorecardParams {
  /** The department's monthly value target for an export-class business, IDR (kuantitas: the last three full months' average against it). */
  monthlyTargetIdr: number;
  /** kualitas: share of the 12 months' orders placed by buyers with more than one order in those months. */
  kualitasMinRepeatShare: number;
  /** kontinuitas: months with at least one order among the last six full months. */
  kontinuitasMinMonths: number;
  /** capacityUse above this share of the declared monthly capacity: coaching on productivity comes before paperwork. */
  capacityCoachingShare: number;
}

/**
 * Defaults: Rp 20 000 000 a month is a little above the readiness enter value (Rp 50 000 000 per
 * 13 weeks ≈ Rp 16 700 000 a month), so a business that meets it ships like an export-class one;
 * 40 % repeat orders is the v2 rule set's own repeat-order share; 4 of 6 months is "most months";
 * 80 % is the capacity line of issue 16.
 */
export const DEFAULT_SCORECARD: ScorecardParams = {
  monthlyTargetIdr: 20_000_000,
  kualitasMinRepeatShare: 0.4,
  kontinuitasMinMonths: 4,
  capacityCoachingShare: 0.8,
};

const BOUNDS: Array<[key: keyof ScorecardParams, min: number, max: number, integer: boolean]> = [
  ['monthlyTargetIdr', 0, 1e15, false],
  ['kualitasMinRepeatShare', 0, 1, false],
  ['kontinuitasMinMonths', 0, 6, true],
  ['capacityCoachingShare', 0.01, 10, false],
];

/** The scorecard block a rule set's params carry, with the defaults for any rule set that has none. */
export function scorecardOf(params: { scorecard?: Partial<ScorecardParams> } | null | undefined): ScorecardParams {
  return { ...DEFAULT_SCORECARD, ...(params?.scorecard ?? {}) };
}

/** Messages for a submitted `params.scorecard` (absent is fine: the defaults apply); each names its path. */
export function scorecardProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['params.scorecard: must be an object'];
  const s = raw as Record<string, unknown>;
  const out: string[] = [];
  for (const k of Object.keys(s)) if (!(k in DEFAULT_SCORECARD)) out.push(`params.scorecard.${k}: unknown field (not allowed)`);
  for (const [k, min, max, integer] of BOUNDS) {
    const v = s[k];
    const path = `params.scorecard.${k}`;
    if (typeof v !== 'number' || !Number.isFinite(v)) out.push(`${path}: must be a number`);
    else if (v < min || v > max) out.push(`${path}: must be between ${min} and ${max}`);
    else if (integer && !Number.isInteger(v)) out.push(`${path}: must be an integer`);
  }
  return out;
}
