import type { MarketMetrics } from './flag.types';

/** Rhythm fields of a business × market with no pattern (v1 ignores them). Shared by the policy specs. */
export const RHYTHM_NONE: Pick<
  MarketMetrics,
  | 'patternStartOn'
  | 'steadySinceOn'
  | 'patternWeeks'
  | 'gapMedianWeeks'
  | 'gapMaxWeeks'
  | 'gapCount'
  | 'topBuyerOrders26w'
  | 'topBuyerWeeks26w'
  | 'topBuyerUnits26w'
  | 'topBuyerValue26wIdr'
> = {
  patternStartOn: null,
  steadySinceOn: null,
  patternWeeks: 0,
  gapMedianWeeks: null,
  gapMaxWeeks: null,
  gapCount: 0,
  topBuyerOrders26w: 0,
  topBuyerWeeks26w: 0,
  topBuyerUnits26w: 0,
  topBuyerValue26wIdr: 0,
};
