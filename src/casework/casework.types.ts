/** Casework shapes (contract "Casework" in API.md v1.1). */
export const ACTIVITY_TYPES = ['visit', 'call', 'referral', 'training', 'curation', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const PROGRAMMES = ['ecp', 'desa_devisa', 'klinik_ekspor', 'rumah_kurasi', 'other'] as const;
export type Programme = (typeof PROGRAMMES)[number];
export const DUE_FILTERS = ['overdue', 'this_week'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

/** The counts of the department's report, for the whole period, a kecamatan or a month. */
export const KPI_METRICS = ['businessesActive', 'businessesFlagged', 'businessesVisited', 'referrals', 'rungUps', 'formalExporters'] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

/** Follow-ups the product schedules by itself after a business steps up: months after the step. */
export const FOLLOW_UP_MONTHS = [3, 6, 12] as const;

export interface Activity {
  id: string;
  businessId: string;
  businessName: string;
  district: string;
  type: ActivityType;
  on: string;
  note: string | null;
  programme: Programme | null;
  flagId: string | null;
  dueOn: string | null;
  doneOn: string | null;
  outcome: string | null;
  graduated: boolean;
  /** why the product created this follow-up by itself, or null for one an officer logged */
  autoReason: string | null;
  createdAt: string;
  createdBy: string;
}

export interface KpiCounts {
  businessesActive: number;
  businessesFlagged: number;
  businessesVisited: number;
  referrals: number;
  rungUps: number;
  formalExporters: number;
  exportValueIdr: { total: string; formal: string; direct: string };
}

export interface KpiReport {
  from: string;
  to: string;
  totals: KpiCounts;
  byDistrict: Array<{ district: string } & KpiCounts>;
  byMonth: Array<{ month: string } & KpiCounts>;
  /** the period of the same length just before, for "against the previous period" */
  previous: { from: string; to: string; totals: KpiCounts };
  /** the year's targets set by the department (by metric), for the year of `to` */
  targets: Partial<Record<KpiMetric, number>>;
  /** business × market pairs that climbed in the period: old and new rung */
  movedUp: Array<{ businessId: string; businessName: string; district: string; market: string; from: string; to: string }>;
}
