import { COUNTRY_CODES, ISO_CURRENCIES } from '../common/reference-data';

export * from './labels';

export type Lang = 'id' | 'en';

/** Inline bilingual text: Indonesian first, English second. */
export function tr(lang: Lang, id: string, en: string): string {
  return lang === 'en' ? en : id;
}

const regionNames = { id: new Intl.DisplayNames(['id'], { type: 'region' }), en: new Intl.DisplayNames(['en'], { type: 'region' }) };
const countryCache = new Map<string, string>();
export function countryName(lang: Lang, code: string): string {
  const key = `${lang}:${code}`;
  let name = countryCache.get(key);
  if (name === undefined) {
    try {
      name = regionNames[lang].of(code) ?? code;
    } catch {
      name = code;
    }
    if (countryCache.size < 2000) countryCache.set(key, name);
  }
  return name;
}

/** Markets the Rembang businesses ship to most, listed first in the picker. */
export const COMMON_MARKETS = ['MY', 'CN', 'SG', 'BN', 'HK', 'TW', 'JP', 'KR', 'AU', 'SA', 'US', 'NL'];
const sorted: Record<Lang, Array<[string, string]>> = { id: [], en: [] };
for (const lang of ['id', 'en'] as Lang[]) {
  sorted[lang] = [...COUNTRY_CODES]
    .filter((c) => c !== 'ID')
    .map((c) => [c, countryName(lang, c)] as [string, string])
    .sort((a, b) => a[1].localeCompare(b[1], lang));
}
export function countriesSorted(lang: Lang): Array<[string, string]> {
  return sorted[lang];
}

const nf = { id: new Intl.NumberFormat('id-ID'), en: new Intl.NumberFormat('en-GB') };
const NBSP = '\u00a0';
const MISSING = '–';
function finite(n: number | string | null | undefined): number | null {
  if (n === null || n === undefined || n === '') return null;
  const x = Number(n);
  return Number.isFinite(x) ? x : null;
}
/** A plain number: 1.234.567 and 2,5 in Indonesian, 1,234,567 and 2.5 in English (up to 3 decimals); '–' when missing. */
export function num(lang: Lang, n: number | string | null | undefined): string {
  const x = finite(n);
  return x === null ? MISSING : nf[lang].format(x);
}
/** A number with exactly `digits` decimals: fixed(id, 2313, 2) → 2.313,00. */
export function fixed(lang: Lang, n: number | string | null | undefined, digits: number): string {
  const x = finite(n);
  if (x === null) return MISSING;
  return x.toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
/** Rupiah without decimals, joined by a non-breaking space so it never wraps: Rp 7.379.832 (id), Rp 7,379,832 (en). */
export function rupiah(lang: Lang, n: number | string | null | undefined): string {
  const x = finite(n);
  if (x === null) return MISSING;
  return `${x < 0 ? '-' : ''}Rp${NBSP}${nf[lang].format(Math.abs(Math.round(x)))}`;
}
const SYMBOL: Record<string, [string, string]> = {
  MYR: ['RM', 'RM'],
  CNY: ['CN¥', 'CN¥'],
  USD: ['US$', 'US$'],
  SGD: ['S$', 'S$'],
  EUR: ['€', '€'],
  AUD: ['A$', 'A$'],
  HKD: ['HK$', 'HK$'],
  JPY: ['JP¥', 'JP¥'],
  GBP: ['£', '£'],
  BND: ['B$', 'B$'],
  TWD: ['NT$', 'NT$'],
  KRW: ['₩', '₩'],
};
/**
 * An amount in its own currency with the currency's decimals: RM 2.313,00 (id) / RM 2,313.00 (en),
 * CN¥ 8.000,00, US$ 120,50, S$ …; a currency without a symbol shows its code (SAR 1.000,00); IDR is rupiah().
 */
export function money(lang: Lang, amount: number | string | null | undefined, currency: string): string {
  const code = String(currency ?? '').toUpperCase();
  if (code === 'IDR') return rupiah(lang, amount);
  const x = finite(amount);
  if (x === null) return MISSING;
  const sym = SYMBOL[code]?.[lang === 'en' ? 1 : 0] ?? code;
  return `${x < 0 ? '-' : ''}${sym}${NBSP}${fixed(lang, Math.abs(x), ISO_CURRENCIES[code] ?? 2)}`;
}
/** A ratio with up to 2 decimals and a times sign: 5,57× (id) / 5.57× (en). */
export function ratio(lang: Lang, x: number | string | null | undefined): string {
  const v = finite(x);
  return v === null ? MISSING : `${nf[lang].format(Math.round(v * 100) / 100)}×`;
}
/** A share given as a fraction (0.375) as a percentage with up to `digits` decimals: 37,5% (id) / 37.5% (en). */
export function percent(lang: Lang, x: number | string | null | undefined, digits = 1): string {
  const v = finite(x);
  if (v === null) return MISSING;
  return `${(v * 100).toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits })}%`;
}
/** Short rupiah for chart axes: 1,2 jt / 3,4 M. */
export function rupiahShort(lang: Lang, n: number): string {
  const f = (x: number) => nf[lang].format(Math.round(x * 10) / 10);
  if (n >= 1e9) return `${f(n / 1e9)} ${tr(lang, 'M', 'bn')}`;
  if (n >= 1e6) return `${f(n / 1e6)} ${tr(lang, 'jt', 'm')}`;
  if (n >= 1e3) return `${f(n / 1e3)} ${tr(lang, 'rb', 'k')}`;
  return f(n);
}

const MONTHS: Record<Lang, string[]> = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};
/** '2026-11-20' → '20 Nov 2026'. */
export function dateLabel(lang: Lang, d: string | Date | null | undefined): string {
  if (!d) return '–';
  const s = typeof d === 'string' ? d : new Date(d.getTime() + 7 * 3600_000).toISOString();
  return `${Number(s.slice(8, 10))} ${MONTHS[lang][Number(s.slice(5, 7)) - 1]} ${s.slice(0, 4)}`;
}
export function monthLabel(lang: Lang, ym: string): string {
  return `${MONTHS[lang][Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
}
/** Date and WIB time of an instant. */
export function dateTimeLabel(lang: Lang, d: Date | string | null | undefined): string {
  if (!d) return '–';
  const w = new Date(new Date(d).getTime() + 7 * 3600_000).toISOString();
  return `${dateLabel(lang, w)} ${w.slice(11, 16)} WIB`;
}
