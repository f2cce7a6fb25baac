import type { Text } from '../flags/flag.types';
import type { JointExportWeek } from '../consolidation/consolidation.types';
import type { Rung } from '../pathway/pathway.types';
/** Bump when the JSON shape of the weekly list changes incompatibly (BI tools key on it). */
export const WEEKLY_LIST_SCHEMA_VERSION = 1;

export const CHANGES = ['new', 'continuing', 'resolved'] as const;
export type Change = (typeof CHANGES)[number];

export const SUGGESTED_ACTIONS = [
  'visit',
  'export_coaching_referral',
  'sats_ln_check',
  'kkp_check',
  'nib_customs_fix',
  'monitor',
  'productivity_coaching',
] as const;
export type SuggestedAction = (typeof SUGGESTED_ACTIONS)[number];

/** Indonesian and English text: the same shape the flags carry. */
export type Bilingual = Text;

export const SUGGESTED_ACTION_TEXT: Record<SuggestedAction, Bilingual> = {
  visit: { id: 'Kunjungi usaha (pendampingan awal)', en: 'Visit the business (first coaching visit)' },
  export_coaching_referral: { id: 'Rujuk ke pendampingan ekspor', en: 'Refer to export coaching' },
  sats_ln_check: { id: 'Periksa izin SATS-LN (KSDAE / BKSDA)', en: 'Check the SATS-LN wildlife permit (KSDAE / BKSDA)' },
  kkp_check: { id: 'Periksa izin KKP (SIPJI + SAJI / surat rekomendasi)', en: 'Check KKP stingray permits (SIPJI + SAJI / recommendation letter)' },
  nib_customs_fix: { id: 'Bantu NIB dengan akses kepabeanan', en: 'Fix the NIB / customs access' },
  monitor: { id: 'Tutup pendampingan, tetap pantau', en: 'Close the case, keep watching' },
  productivity_coaching: {
    id: 'Pendampingan produktivitas dulu (hampir penuh kapasitas), dokumen sesudahnya',
    en: 'Productivity coaching first (near full capacity), paperwork after',
  },
};

export interface ChecklistEntry {
  code: string;
  title: Bilingual;
  reason: Bilingual;
}

export interface SeriesPoint {
  week: string;
  orders: number;
  valueIdr: number;
}

/** One row of a frozen weekly list, stored bilingual; the API and the digests localise it. */
export interface SnapshotItem {
  flagId: string;
  businessId: string;
  businessName: string;
  district: string;
  market: string;
  kind: 'readiness' | 'compliance';
  change: Change;
  status: string;
  score: number;
  ordersThisWeek: number;
  orders13w: number;
  value13wIdr: number;
  repeatBuyers: number;
  heaviestParcelKg: number | null;
  wildlifeMaterials: string[];
  materials: string[];
  signalsHit: string[];
  reasons: Bilingual[];
  checklist: ChecklistEntry[];
  suggestedAction: SuggestedAction;
  raisedOn: string;
  resolvedOn: string | null;
  series: SeriesPoint[];
  /** The market's export-ladder rung and the one above, from the flag (null on lists frozen before the ladder) */
  rung?: Rung | null;
  nextRung?: Rung | null;
  /** "Naik kelas": the business climbed a rung on this market during the week */
  rungChange?: { from: Rung; to: Rung } | null;
}

/** A business × market that climbed a rung during the week (every climb, flagged or not). */
export interface RungUp {
  businessId: string;
  businessName: string;
  district: string;
  market: string;
  from: Rung;
  to: Rung;
  asOf: string;
}

export interface Snapshot {
  week: string;
  weekStart: string;
  weekEnd: string;
  schemaVersion: number;
  ruleSetVersion: number | null;
  runId: string | null;
  previousWeek: string | null;
  publishedAt: Date;
  items: SnapshotItem[];
  /** climbs of the week, by district, business and market (absent on lists frozen before the ladder) */
  rungUps?: RungUp[];
  /** the week's new joint-export candidates and group changes (absent on lists frozen before joint export) */
  jointExport?: JointExportWeek | null;
  counts: { total: number; new: number; continuing: number; resolved: number };
}
