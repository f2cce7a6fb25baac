import { stringify } from 'csv-stringify/sync';
import { RungUp, Snapshot, SnapshotItem, SUGGESTED_ACTION_TEXT } from './report.types';
import { jointExportJson } from './weekly-joint-export';

export type Lang = 'id' | 'en';

export interface ListFilters {
  district?: string;
  market?: string;
  kind?: string;
  change?: string;
}

/** The API / webhook shape of one row: the frozen row localised. */
export function localiseItem(i: SnapshotItem, lang: Lang) {
  return {
    flagId: i.flagId,
    businessId: i.businessId,
    businessName: i.businessName,
    district: i.district,
    market: i.market,
    kind: i.kind,
    change: i.change,
    status: i.status,
    score: i.score,
    ordersThisWeek: i.ordersThisWeek,
    orders13w: i.orders13w,
    value13wIdr: i.value13wIdr,
    repeatBuyers: i.repeatBuyers,
    heaviestParcelKg: i.heaviestParcelKg,
    wildlifeMaterials: i.wildlifeMaterials,
    signalsHit: i.signalsHit,
    reasons: i.reasons.map((r) => r[lang]),
    checklist: i.checklist.map((c) => ({ code: c.code, title: c.title[lang], reason: c.reason[lang] })),
    suggestedAction: i.suggestedAction,
    suggestedActionText: SUGGESTED_ACTION_TEXT[i.suggestedAction][lang],
    raisedOn: i.raisedOn,
    resolvedOn: i.resolvedOn,
    series: i.series,
    rung: i.rung ?? null,
    nextRung: i.nextRung ?? null,
    rungChange: i.rungChange ?? null,
  };
}

export function filterItems(items: SnapshotItem[], f: ListFilters): SnapshotItem[] {
  return items.filter(
    (i) =>
      (!f.district || i.district === f.district) &&
      (!f.market || i.market === f.market) &&
      (!f.kind || i.kind === f.kind) &&
      (!f.change || i.change === f.change),
  );
}

/** The week's climbs under the same district / market filters as the rows. */
export function filterRungUps(ups: RungUp[], f: ListFilters): RungUp[] {
  return ups.filter((u) => (!f.district || u.district === f.district) && (!f.market || u.market === f.market));
}

/** A snapshot without its rows: what the streamed list reads before the first row. */
export type SnapshotHead = Omit<Snapshot, 'items'>;

/**
 * The weekly list around its rows, in the contract's key order. Every top-level field but `items`
 * is built here, so the streamed answer (weekly-list.stream.ts) writes a field added here unchanged.
 */
export function weeklyListEnvelope<T>(s: SnapshotHead, lang: Lang, filters: ListFilters, items: T) {
  return {
    schemaVersion: s.schemaVersion,
    week: s.week,
    weekStart: s.weekStart,
    weekEnd: s.weekEnd,
    publishedAt: s.publishedAt instanceof Date ? s.publishedAt.toISOString() : String(s.publishedAt),
    ruleSetVersion: s.ruleSetVersion,
    previousWeek: s.previousWeek,
    lang,
    counts: s.counts,
    items,
    rungUps: filterRungUps(s.rungUps ?? [], filters),
    jointExport: jointExportJson(s.jointExport, filters),
  };
}

export function weeklyListJson(s: Snapshot, lang: Lang, filters: ListFilters = {}) {
  return weeklyListEnvelope(
    s,
    lang,
    filters,
    filterItems(s.items, filters).map((i) => localiseItem(i, lang)),
  );
}

export const CSV_COLUMNS = [
  'week',
  'flagId',
  'businessId',
  'businessName',
  'district',
  'market',
  'kind',
  'change',
  'status',
  'score',
  'ordersThisWeek',
  'orders13w',
  'value13wIdr',
  'repeatBuyers',
  'heaviestParcelKg',
  'wildlifeMaterials',
  'signalsHit',
  'reasons',
  'checklist',
  'suggestedAction',
  'suggestedActionText',
  'raisedOn',
  'resolvedOn',
  'rung',
  'nextRung',
  'rungChange',
] as const;

/** Lists inside one cell: reasons joined with " | ", codes and names with ";". */
export const CSV_LIST_SEPARATOR = { reasons: ' | ', codes: ';' };

/**
 * A text cell a spreadsheet would read as a formula (leading = + - @ tab CR) gets a leading
 * apostrophe (OWASP's advice); numbers stay numbers.
 */
export function neutraliseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** The CSV's first bytes: a BOM (spreadsheet programs then read UTF-8 names) and the header row. */
export const csvHead = (): string => '\uFEFF' + stringify([[...CSV_COLUMNS]], { record_delimiter: '\r\n' });

/** CSV records of some rows of week `week` (CRLF per RFC 4180); concatenated after `csvHead` they make the file. */
export function csvRecords(week: string, items: SnapshotItem[], lang: Lang): string {
  const rows = items.map((item) => {
    const i = localiseItem(item, lang);
    const text = (v: string | null) => (v === null ? '' : neutraliseFormula(v));
    return [
      week,
      i.flagId,
      i.businessId,
      text(i.businessName),
      text(i.district),
      text(i.market),
      i.kind,
      i.change,
      i.status,
      i.score,
      i.ordersThisWeek,
      i.orders13w,
      i.value13wIdr,
      i.repeatBuyers,
      i.heaviestParcelKg ?? '',
      i.wildlifeMaterials.join(CSV_LIST_SEPARATOR.codes),
      i.signalsHit.join(CSV_LIST_SEPARATOR.codes),
      text(i.reasons.join(CSV_LIST_SEPARATOR.reasons)),
      i.checklist.map((c) => c.code).join(CSV_LIST_SEPARATOR.codes),
      i.suggestedAction,
      text(i.suggestedActionText),
      i.raisedOn,
      i.resolvedOn ?? '',
      i.rung ?? '',
      i.nextRung ?? '',
      i.rungChange ? `${i.rungChange.from}→${i.rungChange.to}` : '',
    ];
  });
  return rows.length ? stringify(rows, { record_delimiter: '\r\n' }) : '';
}

export function weeklyListCsv(s: Snapshot, lang: Lang, filters: ListFilters = {}): string {
  return csvHead() + csvRecords(s.week, filterItems(s.items, filters), lang);
}
