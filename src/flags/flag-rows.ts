/** The rows the flags repository returns and the fields it writes: shapes only, the SQL stays in flags.repository.ts. */
import type { Rung } from '../pathway/pathway.types';
import type { ChecklistItem, FlagKind, FlagStatus, SeriesPoint, SignalMap, Text } from './flag.types';

export interface FlagRow {
  id: string;
  business_id: string;
  business_name: string;
  district: string;
  market: string;
  kind: FlagKind;
  status: FlagStatus;
  raised_on: string;
  resolved_on: string | null;
  last_evaluated_on: string;
  score: string;
  rule_set_version: number;
  reasons: Text[];
  signals: SignalMap;
  checklist: ChecklistItem[];
  series: SeriesPoint[];
  evidence_order_ids: string[];
  rung: Rung | null;
  next_rung: Rung | null;
  snoozed_until: string | null;
  exit_streak: number;
  status_changed_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** The part of a flag the watch engine needs to evaluate its episode. */
export type EpisodeRow = Pick<
  FlagRow,
  'id' | 'business_id' | 'market' | 'kind' | 'status' | 'raised_on' | 'last_evaluated_on' | 'exit_streak' | 'status_changed_at' | 'rule_set_version'
>;

export interface FlagEventRow {
  id: string;
  flag_id: string;
  at: Date;
  type: 'raised' | 'evaluated' | 'resolved' | 'status_changed' | 'snoozed';
  actor: string;
  note: string | null;
  from_status: string | null;
  to_status: string | null;
  as_of: string | null;
  run_id: string | null;
  decision: string | null;
  score: string | null;
  details: Record<string, unknown>;
}

export interface FlagFilter {
  active?: boolean;
  status?: FlagStatus;
  businessId?: string;
  market?: string;
  kind?: FlagKind;
  /** Only flags raised on or before / evaluated as of (for week views). */
  limit: number;
  after?: [string, string];
}

/** Fields the engine writes at each evaluation. */
export interface FlagEvaluationFields {
  score: number;
  ruleSetVersion: number;
  reasons: Text[];
  signals: SignalMap;
  checklist: ChecklistItem[];
  series: SeriesPoint[];
  /** First day of the 13-week window when the flag shows the orders behind its claim; null: none. */
  evidenceFrom: string | null;
  exitStreak: number;
  asOf: string;
  /** the market's export-ladder rung as of asOf and the one above (null on the top rung) */
  rung: Rung;
  nextRung: Rung | null;
}
