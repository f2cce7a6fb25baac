import { isoWeek } from '../common/time';
import type { SignalValue } from '../flags/flag.types';
import type { Rung } from '../pathway/pathway.types';
import { capacityReason } from '../scorecard/capacity-use';
import { Bilingual, Change, ChecklistEntry, RungUp, SeriesPoint, SnapshotItem, SuggestedAction } from './report.types';

/** A flag row joined with its business and its latest evaluation metrics up to the week's Sunday. */
export interface FlagInput {
  id: string;
  business_id: string;
  business_name: string;
  district: string;
  materials: string[];
  nib: string | null;
  has_customs_access: boolean;
  market: string;
  kind: 'readiness' | 'compliance';
  status: string;
  raised_on: string;
  resolved_on: string | null;
  score: string | number;
  reasons: unknown;
  signals: unknown;
  checklist: unknown;
  series: unknown;
  metrics: Record<string, unknown> | null;
  /** the flag's export-ladder rung and the next (null on flags evaluated before the ladder) */
  rung?: Rung | null;
  next_rung?: Rung | null;
}

export const ACTIVE_STATUSES = ['open', 'in_review', 'paperwork_in_progress'];

const num = (v: unknown, d = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d;

function bilingual(v: unknown): Bilingual {
  if (typeof v === 'string') return { id: v, en: v };
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id : typeof o.en === 'string' ? o.en : '';
    return { id, en: typeof o.en === 'string' ? o.en : id };
  }
  return { id: '', en: '' };
}

/**
 * The suggested next step for a row (pure; DOMAIN.md's list: visit, export coaching referral,
 * SATS-LN / KKP check, NIB fix). Wildlife permits come first because they apply either way.
 */
export function suggestAction(r: {
  change: Change;
  kind: string;
  wildlifeMaterials: string[];
  checklist: ChecklistEntry[];
  nib: string | null;
  hasCustomsAccess: boolean;
  /** the flag's capacityUse signal hit: shipping above the coaching share of its declared capacity */
  nearCapacity?: boolean;
}): SuggestedAction {
  if (r.change === 'resolved') return 'monitor';
  const codes = new Set(r.checklist.map((c) => c.code));
  if (r.kind === 'compliance' || codes.has('SATS-LN') || codes.has('KKP-RAY')) {
    if (r.wildlifeMaterials.includes('snakeskin') || codes.has('SATS-LN')) return 'sats_ln_check';
    if (r.wildlifeMaterials.includes('stingray') || codes.has('KKP-RAY')) return 'kkp_check';
  }
  // a business near its capacity cannot take formal-export lots yet: productivity before paperwork
  if (r.nearCapacity) return 'productivity_coaching';
  if (r.change === 'new') return 'visit';
  if (!r.nib || !r.hasCustomsAccess) return 'nib_customs_fix';
  return 'export_coaching_referral';
}

/** The columns of a flag that decide whether it is on week W's list, as what, and where (its sort keys). */
export type FlagHead = Pick<FlagInput, 'id' | 'status' | 'raised_on' | 'resolved_on' | 'district' | 'business_name' | 'market' | 'kind'>;

/** Week W's bounds (Monday to Sunday). */
export interface ListWeek {
  weekStart: string;
  weekEnd: string;
}

/**
 * Whether a flag is a row of week W and as what: every active flag, the flags resolved inside W and
 * the flags that leave the previous list. Without a previous list a flag raised inside W is new and an
 * older one continuing. Null: not on the list.
 */
export function changeOf(f: FlagHead, week: ListWeek, previous: Set<string> | null): Change | null {
  const active = ACTIVE_STATUSES.includes(f.status);
  const resolvedThisWeek = f.status === 'resolved' && f.resolved_on !== null && f.resolved_on >= week.weekStart && f.resolved_on <= week.weekEnd;
  const leftTheList = !active && previous?.has(f.id) === true;
  if (!active && !resolvedThisWeek && !leftTheList) return null;
  if (f.raised_on > week.weekEnd) return null;
  return !active ? 'resolved' : previous ? (previous.has(f.id) ? 'continuing' : 'new') : f.raised_on >= week.weekStart ? 'new' : 'continuing';
}

const CHANGE_ORDER: Record<Change, number> = { new: 0, continuing: 1, resolved: 2 };

/** The list's order: change, district, business, market, kind, then the flag id (deterministic). */
export function listOrder(a: { change: Change; district: string; businessName: string; market: string; kind: string; flagId: string }, b: typeof a): number {
  return (
    CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] ||
    a.district.localeCompare(b.district) ||
    a.businessName.localeCompare(b.businessName) ||
    a.market.localeCompare(b.market) ||
    a.kind.localeCompare(b.kind) ||
    a.flagId.localeCompare(b.flagId)
  );
}

/**
 * The rows of week W in list order, from the heads alone: what publishing needs before it reads any
 * flag's reasons, series or checklist, so that it can build the rows a batch at a time.
 */
export function orderRows(heads: FlagHead[], week: ListWeek, previous: Set<string> | null): Array<{ flagId: string; change: Change }> {
  const rows: Array<{ change: Change; district: string; businessName: string; market: string; kind: string; flagId: string }> = [];
  for (const f of heads) {
    const change = changeOf(f, week, previous);
    if (change) rows.push({ change, district: f.district, businessName: f.business_name, market: f.market.trim(), kind: f.kind, flagId: f.id });
  }
  return rows.sort(listOrder).map((r) => ({ flagId: r.flagId, change: r.change }));
}

/** The climbs of the week keyed by business × market, for `buildItem`. */
export const climbsByPair = (rungUps: RungUp[]): Map<string, RungUp> => new Map(rungUps.map((u) => [`${u.businessId}|${u.market}`, u]));

/** One row of week W: the flag as it stands, marked `change`, with its suggested step. */
export function buildItem(f: FlagInput, change: Change, week: ListWeek, climbed: Map<string, RungUp>): SnapshotItem {
  const m = f.metrics ?? {};
  const checklist: ChecklistEntry[] = (Array.isArray(f.checklist) ? f.checklist : []).map((c: Record<string, unknown>) => ({
    code: String(c.code ?? ''),
    title: bilingual(c.title),
    reason: bilingual(c.reason),
  }));
  const wildlife = Array.isArray(m.wildlifeMaterials) ? (m.wildlifeMaterials as unknown[]).map(String) : [];
  const signals = (f.signals && typeof f.signals === 'object' ? f.signals : {}) as Record<string, SignalValue>;
  const suggestedAction = suggestAction({
    change,
    kind: f.kind,
    wildlifeMaterials: wildlife,
    checklist,
    nib: f.nib,
    hasCustomsAccess: f.has_customs_access,
    nearCapacity: signals.capacityUse?.hit === true,
  });
  const capacity = suggestedAction === 'productivity_coaching' ? capacityReason(signals.capacityUse) : null;
  const lastWeek = isoWeek(week.weekEnd);
  const series: SeriesPoint[] = (Array.isArray(f.series) ? f.series : [])
    .map((s: Record<string, unknown>) => ({ week: String(s.week ?? ''), orders: num(s.orders), valueIdr: num(s.valueIdr) }))
    .filter((s) => s.week !== '' && s.week <= lastWeek)
    .slice(-13);
  return {
    flagId: f.id,
    businessId: f.business_id,
    businessName: f.business_name,
    district: f.district,
    market: f.market.trim(),
    kind: f.kind,
    change,
    status: f.status,
    score: num(f.score),
    ordersThisWeek: num(m.ordersThisWeek),
    orders13w: num(m.orders13w),
    value13wIdr: num(m.value13wIdr),
    repeatBuyers: num(m.repeatBuyers),
    heaviestParcelKg: m.heaviestParcelKg === null || m.heaviestParcelKg === undefined ? null : num(m.heaviestParcelKg),
    wildlifeMaterials: wildlife,
    materials: [...(f.materials ?? [])],
    signalsHit: Object.entries(signals)
      .filter(([, s]) => s && s.hit === true)
      .map(([k]) => k)
      .sort(),
    reasons: [...(capacity ? [capacity] : []), ...(Array.isArray(f.reasons) ? f.reasons : []).map(bilingual)],
    checklist,
    suggestedAction,
    raisedOn: f.raised_on,
    resolvedOn: f.resolved_on,
    series,
    rung: f.rung ?? null,
    nextRung: f.rung ? (f.next_rung ?? null) : null,
    rungChange: rungChangeOf(climbed.get(`${f.business_id}|${f.market.trim()}`)),
  };
}

/**
 * Builds the rows of week W from the flags as they stand after the run as of W's Sunday, all at once
 * (publishing builds the same rows in batches: `orderRows`, then `buildItem` per batch).
 * `previous`: flag ids on the previous published list (null when there is none).
 */
export function buildSnapshotItems(flags: FlagInput[], week: ListWeek, previous: Set<string> | null, rungUps: RungUp[] = []): SnapshotItem[] {
  const byId = new Map(flags.map((f) => [f.id, f]));
  const climbed = climbsByPair(rungUps);
  return orderRows(flags, week, previous).map((r) => buildItem(byId.get(r.flagId)!, r.change, week, climbed));
}

/** "Naik kelas": the climb of the item's business × market in the week, or null. */
function rungChangeOf(u: RungUp | undefined): SnapshotItem['rungChange'] {
  return u ? { from: u.from, to: u.to } : null;
}

export function countChanges(items: Array<{ change: Change }>): { total: number; new: number; continuing: number; resolved: number } {
  return {
    total: items.length,
    new: items.filter((i) => i.change === 'new').length,
    continuing: items.filter((i) => i.change === 'continuing').length,
    resolved: items.filter((i) => i.change === 'resolved').length,
  };
}
