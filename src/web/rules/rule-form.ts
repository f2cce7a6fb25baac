import { parseNumber } from '../forms';
import type { FieldErrors } from '../forms';
import { Lang, num, percent, ratio, rupiah, tr } from '../i18n';

/**
 * The rules page's draft form: each parameter of the current rule set as one labelled number
 * field. The form only reads and writes the numbers; whether a draft is valid is decided by the
 * rule-set validator (validateRuleSet), whose messages are put beside the fields here.
 */
export type Unit = 'rp' | 'weeks' | 'months' | 'days' | 'kg' | 'pct' | 'x' | 'buyers' | 'orders' | 'units' | 'evals' | 'gaps';
export type Group = 'enter' | 'stay' | 'compliance' | 'general' | 'scorecard';
export const GROUPS: Group[] = ['enter', 'stay', 'compliance', 'general', 'scorecard'];

export interface ParamField {
  /** Path in the rule set's params, also the form field's name: `readiness.enter.minCoverage`. */
  path: string;
  group: Group;
  label: string;
  unit: Unit;
  /** What the parameter does (the rule set's own `explain` text). */
  help: string;
  /** The published value. */
  current: unknown;
  /** Empty means "none" (null), e.g. a dismissal that never expires. */
  nullable: boolean;
}

const THRESHOLD: Record<string, [string, string, Unit]> = {
  minActiveMonths: ['Bulan berpesanan (dari 4)', 'Months with orders (of 4)', 'months'],
  minActiveWeeks: ['Minggu berpesanan (dari 13)', 'Weeks with orders (of 13)', 'weeks'],
  minRepeatBuyers: ['Pembeli yang kembali', 'Returning buyers', 'buyers'],
  minValue13wIdr: ['Nilai 13 minggu', '13-week value', 'rp'],
  minHeaviestParcelKg: ['…atau kiriman terberat', '…or heaviest parcel', 'kg'],
  maxPeakWeekShare: ['Porsi minggu tersibuk, paling banyak', 'Busiest week share, at most', 'pct'],
  maxWeeksSinceLastOrder: ['Minggu sepi yang selalu wajar', 'Quiet weeks always tolerated', 'weeks'],
  minRepeatOrderShare: ['Porsi pesanan pembeli yang kembali', 'Returning buyers’ order share', 'pct'],
  minPatternDays: ['Lama pola', 'Pattern length', 'days'],
  minCoverage: ['Cakupan ritme', 'Rhythm coverage', 'pct'],
  quietGapFactor: ['Faktor jeda sepi', 'Quiet gap factor', 'x'],
  peakShareSlack: ['Kelonggaran minggu tersibuk', 'Busiest week slack', 'x'],
  minRoutineBuyerWeeks: ['Pembeli rutin: minggu berpesanan (dari 26)', 'Routine buyer: order weeks (of 26)', 'weeks'],
  minRoutineLotUnits: ['Pembeli rutin: unit per pesanan', 'Routine buyer: units per order', 'units'],
  minRoutineLotIdr: ['Pembeli rutin: nilai per pesanan', 'Routine buyer: value per order', 'rp'],
};
const TOP: Record<string, [string, string, Unit, Group]> = {
  'compliance.enterMinWildlifeOrders13w': ['Pesanan bahan satwa liar untuk bendera', 'Wildlife-material orders to raise', 'orders', 'compliance'],
  'compliance.stayMinWildlifeOrders13w': ['Pesanan bahan satwa liar agar bertahan', 'Wildlife-material orders to stay', 'orders', 'compliance'],
  repeatMinOrders: ['Pesanan agar disebut pembeli berulang', 'Orders that make a repeat buyer', 'orders', 'general'],
  growthRatio: ['Rasio pertumbuhan', 'Growth ratio', 'x', 'general'],
  heavyParcelKg: ['Berat kiriman wajib PEB', 'Weight that needs a PEB', 'kg', 'general'],
  minDwellWeeks: ['Lama bendera paling sedikit', 'Minimum flag dwell', 'weeks', 'general'],
  exitAfterFailedEvaluations: ['Evaluasi gagal sebelum selesai', 'Failed evaluations before resolving', 'evals', 'general'],
  dismissalExpiresAfterWeeks: ['Penolakan berakhir setelah', 'A dismissal expires after', 'weeks', 'general'],
  'rhythm.minGaps': ['Jeda untuk membaca ritme', 'Gaps to learn the rhythm', 'gaps', 'general'],
  'rhythm.maxQuietWeeks': ['Sepi paling lama dari ritme', 'Longest quiet from the rhythm', 'weeks', 'general'],
  'scorecard.monthlyTargetIdr': ['Target nilai bulanan (kuantitas)', 'Monthly value target (kuantitas)', 'rp', 'scorecard'],
  'scorecard.kualitasMinRepeatShare': ['Porsi pesanan pembeli berulang (kualitas)', 'Repeat buyers’ order share (kualitas)', 'pct', 'scorecard'],
  'scorecard.kontinuitasMinMonths': ['Bulan berpesanan dari 6 (kontinuitas)', 'Months with orders of 6 (kontinuitas)', 'months', 'scorecard'],
  'scorecard.capacityCoachingShare': ['Batas pemakaian kapasitas untuk pendampingan', 'Capacity use that calls for coaching', 'pct', 'scorecard'],
};
const UNITS: Record<Unit, [string, string]> = {
  rp: ['Rp', 'Rp'],
  weeks: ['minggu', 'weeks'],
  months: ['bulan', 'months'],
  days: ['hari', 'days'],
  kg: ['kg', 'kg'],
  pct: ['%', '%'],
  x: ['×', '×'],
  buyers: ['pembeli', 'buyers'],
  orders: ['pesanan', 'orders'],
  units: ['unit', 'units'],
  evals: ['evaluasi', 'evaluations'],
  gaps: ['jeda', 'gaps'],
};

export const unitLabel = (l: Lang, u: Unit): string => tr(l, ...UNITS[u]);

export function valueAt(params: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), params);
}

const ORDER = [...Object.keys(THRESHOLD), ...Object.keys(TOP)];
const rank = (path: string) => ORDER.indexOf(path.replace(/^readiness\.(enter|stay)\./, ''));

/** The form's fields for a rule set (the parameters its `explain` map holds), in reading order, each with its group. */
export function ruleFields(l: Lang, params: Record<string, unknown>, explain: Record<string, { id: string; en: string }>): ParamField[] {
  const out: ParamField[] = [];
  for (const [path, doc] of Object.entries(explain)) {
    const side = /^readiness\.(enter|stay)\.(\w+)$/.exec(path);
    const def = side ? THRESHOLD[side[2]] : TOP[path];
    if (!def) continue;
    const group: Group = side ? (side[1] as Group) : (def[3] as Group);
    const help = tr(l, doc.id, doc.en).replace(/^(Masuk|Bertahan|Enter|Stay): /, '');
    const nullable = path === 'dismissalExpiresAfterWeeks';
    out.push({ path, group, label: tr(l, def[0], def[1]), unit: def[2], help, current: valueAt(params, path), nullable });
  }
  return out.sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || rank(a.path) - rank(b.path));
}

const plain = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 8 });
const grouped = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 8 });
const shown = (u: Unit, v: number) => (u === 'pct' ? Math.round(v * 1e8) / 1e6 : v);

/** A parameter's value as typed in its field: 1.234.567 and 1,5 in Indonesian, plain digits in English. */
export function inputValue(l: Lang, f: Pick<ParamField, 'unit'>, v: unknown): string {
  if (typeof v !== 'number') return '';
  return (l === 'en' ? plain : grouped).format(shown(f.unit, v));
}

/** A parameter's value for reading: "Rp 50.000.000", "35%", "1,5×", "3 minggu", "tidak ada" for none. */
export function valueLabel(l: Lang, f: Pick<ParamField, 'unit'>, v: unknown): string {
  if (typeof v !== 'number') return tr(l, 'tidak ada', 'none');
  if (f.unit === 'rp') return rupiah(l, v);
  if (f.unit === 'pct') return percent(l, v, 2);
  return f.unit === 'x' ? ratio(l, v) : `${num(l, v)} ${unitLabel(l, f.unit)}`;
}

function setAt(target: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let o = target;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = v;
}

/**
 * The draft the form describes: the current params with each field's number put in (a percent
 * back to its 0–1 ratio). Text that is no number stays text, so the validator names the field.
 */
export function draftParams(fields: ParamField[], base: Record<string, unknown>, input: Record<string, string>): Record<string, unknown> {
  const draft = structuredClone(base);
  for (const f of fields) {
    const raw = (input[f.path] ?? '').trim();
    if (raw === '') {
      setAt(draft, f.path, f.nullable ? null : undefined);
      continue;
    }
    const n = parseNumber(raw);
    setAt(draft, f.path, typeof n === 'number' && f.unit === 'pct' ? Math.round(n * 1e6) / 1e8 : n);
  }
  return draft;
}

/** The validator's (or the replay's) "params.x.y: rule" messages by field: `x.y`, or a group path like `readiness.stay`. */
export function ruleErrors(messages: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const m of messages) {
    const i = m.indexOf(': ');
    const path = (i > 0 ? m.slice(0, i) : '').replace(/^(params|ruleSet)\.?/, '') || 'params';
    (out[path] ??= []).push({ rule: 'ruleSet', message: i > 0 ? m.slice(i + 2) : m });
  }
  return out;
}

/** One validator message in the page's language; limits of a percent field in percent. */
export function ruleErrorText(l: Lang, message: string, unit?: Unit): string {
  const between = /^must be between (-?[\d.e+]+) and (-?[\d.e+]+)$/.exec(message);
  if (between) {
    const [a, b] = [Number(between[1]), Number(between[2])].map((x) => num(l, unit === 'pct' ? x * 100 : x));
    const u = unit === 'pct' ? '%' : '';
    return tr(l, `Harus antara ${a}${u} dan ${b}${u}.`, `Must be between ${a}${u} and ${b}${u}.`);
  }
  const nullable = /^must be null or an integer between (\d+) and (\d+)$/.exec(message);
  if (nullable) {
    const range = `${nullable[1]}–${nullable[2]}`;
    return tr(l, `Kosongkan, atau isi bilangan bulat ${range}.`, `Leave empty, or a whole number ${range}.`);
  }
  const most = /^at most (\d+) weeks per replay$/.exec(message);
  if (most) return tr(l, `Paling banyak ${most[1]} minggu per replay.`, `At most ${most[1]} weeks per replay.`);
  const known: Array<[RegExp, string, string]> = [
    [/^must be a real date/, 'Tanggal tidak valid (format TTTT-BB-HH).', 'Not a real date (YYYY-MM-DD).'],
    [/^must not be before from$/, 'Tidak boleh sebelum tanggal mulai.', 'Must not be before the start date.'],
    [
      /^no complete week between/,
      'Tidak ada minggu lengkap di antara kedua tanggal (minggu berakhir hari Minggu, WIB).',
      'No complete week between the dates (weeks end on Sunday, WIB).',
    ],
    [/^must be a number$/, 'Harus berupa angka.', 'Must be a number.'],
    [/^must be an integer$/, 'Harus bilangan bulat.', 'Must be a whole number.'],
    [
      /rhythm\.maxQuietWeeks must not be below/,
      'Ambang bertahan tidak boleh lebih ketat daripada ambang masuk, dan sepi paling lama dari ritme tidak boleh di bawah minggu sepi bertahan.',
      "Stay limits must not be stricter than enter limits, and the rhythm's longest quiet must not be below the stay quiet weeks.",
    ],
    [
      /^stay (rhythm )?(thresholds|limits) must not be stricter/,
      'Ambang bertahan tidak boleh lebih ketat daripada ambang masuk.',
      'Stay thresholds must not be stricter than enter thresholds.',
    ],
    [/^must not exceed enterMinWildlifeOrders13w$/, 'Tidak boleh melebihi jumlah untuk bendera.', 'Must not exceed the count that raises the flag.'],
  ];
  const hit = known.find(([re]) => re.test(message));
  return hit ? tr(l, hit[1], hit[2]) : message;
}
