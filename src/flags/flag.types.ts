/** Shared shapes of the flags domain (the tables other modules read: see migrations/1764300200000-VolumeWatch.ts). */
export const FLAG_KINDS = ['readiness', 'compliance'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const FLAG_STATUSES = ['open', 'in_review', 'paperwork_in_progress', 'formal_exporter', 'dismissed', 'resolved'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];
/** Statuses of a flag someone should act on (`active=true`). */
export const ACTIVE_STATUSES: readonly FlagStatus[] = ['open', 'in_review', 'paperwork_in_progress'];
/** Statuses set by staff; `resolved` belongs to the engine. */
export const STAFF_STATUSES: readonly FlagStatus[] = ['open', 'in_review', 'paperwork_in_progress', 'formal_exporter', 'dismissed'];
/** Statuses that keep blocking a re-raise until staff reopen. */
export const BLOCKING_STATUSES: readonly FlagStatus[] = ['formal_exporter', 'dismissed'];

export interface Text {
  id: string;
  en: string;
}

export interface SignalValue {
  value: number | string[] | null;
  threshold: number | string | null;
  hit: boolean;
}
export type SignalMap = Record<string, SignalValue>;

export interface ChecklistItem {
  code: string;
  title: Text;
  reason: Text;
}

export interface SeriesPoint {
  week: string;
  orders: number;
  valueIdr: number;
  buyers: number;
}

/**
 * Per business × market, as of a date (end of that WIB day). The weekly list reads these from
 * flag_evaluations.metrics, so the names are part of the contract with the reports module.
 */
export interface MarketMetrics {
  /** Orders in the ISO week that contains asOf, up to asOf. */
  ordersThisWeek: number;
  /** Orders in the 13 ISO weeks ending with asOf's week. */
  orders13w: number;
  value13wIdr: number;
  ordersPrev13w: number;
  valuePrev13wIdr: number;
  /** Buyers with ≥ repeatMinOrders orders in the 13 weeks. */
  repeatBuyers: number;
  buyers13w: number;
  /** Orders from repeat buyers in the 13 weeks. */
  repeatOrders13w: number;
  /** Heaviest consignment in the 13 weeks (kg), null when no weight was logged. */
  heaviestParcelKg: number | null;
  /** Wildlife materials (snakeskin, stingray) shipped in the 13 weeks. */
  wildlifeMaterials: string[];
  wildlifeOrders13w: number;
  materials13w: string[];
  categories13w: string[];
  /** Parcels to CN above CNY 1,000 at the order date's rate, in the 13 weeks. */
  cnOverLimit13w: number;
  /** Weeks among the last 13 with an order. */
  activeWeeks13: number;
  /** Calendar months among the last 4 (asOf's month and 3 before) with an order. */
  activeMonths4: number;
  /** Busiest single week's orders in the 13 weeks. */
  peakWeekOrders: number;
  /** Last order date within the last 26 weeks, or null. */
  lastOrderOn: string | null;
  /**
   * The business × market's own rhythm, over the 26 weeks. The current pattern starts at the first
   * order week after the last gap longer than 8 weeks: its first order day, or null without orders.
   */
  patternStartOn: string | null;
  /**
   * First order day of the pattern's steady part: after the last gap over twice the average of the gaps
   * that followed it (and over 2 weeks), or the pattern's start. A seasonal rush after odd sales starts here.
   */
  steadySinceOn: string | null;
  /** ISO weeks with orders since the pattern started. */
  patternWeeks: number;
  /** Median of the gaps (in weeks) between consecutive order weeks of the pattern; null without a gap. */
  gapMedianWeeks: number | null;
  /** Longest such gap (weeks); null without a gap. */
  gapMaxWeeks: number | null;
  /** Gaps the median and maximum are taken over (order weeks of the pattern minus one). */
  gapCount: number;
  /** The buyer ordering in the most weeks of the 26 (ties: the most value): their orders, order weeks, units and IDR value. */
  topBuyerOrders26w: number;
  topBuyerWeeks26w: number;
  topBuyerUnits26w: number;
  topBuyerValue26wIdr: number;
}
