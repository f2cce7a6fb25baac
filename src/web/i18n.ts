import { COUNTRY_CODES } from '../common/reference-data';

export type Lang = 'id' | 'en';

/** Inline bilingual text: Indonesian first, English second. */
export function tr(lang: Lang, id: string, en: string): string {
  return lang === 'en' ? en : id;
}

const CATEGORY: Record<string, [string, string]> = {
  bag: ['Tas', 'Bag'], wallet: ['Dompet', 'Wallet'], belt: ['Ikat pinggang', 'Belt'], footwear: ['Alas kaki / sepatu', 'Footwear'],
  batik_fabric: ['Kain batik', 'Batik fabric'], batik_garment: ['Pakaian batik', 'Batik garment'], accessory: ['Aksesori', 'Accessory'], other: ['Lainnya', 'Other'],
};
const MATERIAL: Record<string, [string, string]> = {
  snakeskin: ['Kulit ular', 'Snakeskin'], stingray: ['Kulit pari', 'Stingray leather'], cowhide: ['Kulit sapi', 'Cowhide'], goatskin: ['Kulit kambing', 'Goatskin'],
  sheepskin: ['Kulit domba', 'Sheepskin'], cotton: ['Katun', 'Cotton'], silk: ['Sutra', 'Silk'], other: ['Lainnya', 'Other'],
};
const CHANNEL: Record<string, [string, string]> = {
  post: ['Pos (EMS)', 'Post (EMS)'], courier: ['Kurir', 'Courier'], marketplace: ['Marketplace', 'Marketplace'], forwarder: ['Forwarder / ekspedisi', 'Forwarder'], other: ['Lainnya', 'Other'],
};
const STATUS: Record<string, [string, string]> = {
  open: ['Terbuka', 'Open'], in_review: ['Ditinjau', 'In review'], paperwork_in_progress: ['Dokumen diproses', 'Paperwork in progress'],
  formal_exporter: ['Eksportir formal', 'Formal exporter'], dismissed: ['Ditolak', 'Dismissed'], resolved: ['Selesai', 'Resolved'],
};
const KIND: Record<string, [string, string]> = { readiness: ['Kesiapan ekspor', 'Export readiness'], compliance: ['Kepatuhan (izin)', 'Compliance (permits)'] };
const CHANGE: Record<string, [string, string]> = { new: ['Baru', 'New'], continuing: ['Berlanjut', 'Continuing'], resolved: ['Selesai', 'Resolved'] };
const EVENT: Record<string, [string, string]> = {
  raised: ['Bendera dinaikkan', 'Flag raised'], evaluated: ['Dievaluasi', 'Evaluated'], resolved: ['Selesai (pola berakhir)', 'Resolved (pattern ended)'],
  status_changed: ['Status diubah', 'Status changed'], snoozed: ['Ditunda', 'Snoozed'],
};
const ROLE: Record<string, [string, string]> = { admin: ['Admin', 'Admin'], officer: ['Petugas dinas', 'Officer'], business: ['Pelaku usaha', 'Business'] };

function pick(map: Record<string, [string, string]>, lang: Lang, key: string): string {
  const e = map[key];
  return e ? e[lang === 'en' ? 1 : 0] : key;
}
export const categoryLabel = (lang: Lang, k: string) => pick(CATEGORY, lang, k);
export const materialLabel = (lang: Lang, k: string) => pick(MATERIAL, lang, k);
export const channelLabel = (lang: Lang, k: string) => pick(CHANNEL, lang, k);
export const statusLabel = (lang: Lang, k: string) => pick(STATUS, lang, k);
export const kindLabel = (lang: Lang, k: string) => pick(KIND, lang, k);
export const changeLabel = (lang: Lang, k: string) => pick(CHANGE, lang, k);
export const roleLabel = (lang: Lang, k: string) => pick(ROLE, lang, k);
/** A flag history event type (raised, evaluated, …). */
export const eventLabel = (lang: Lang, k: string) => pick(EVENT, lang, k);

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
  sorted[lang] = [...COUNTRY_CODES].filter((c) => c !== 'ID').map((c) => [c, countryName(lang, c)] as [string, string]).sort((a, b) => a[1].localeCompare(b[1], lang));
}
export function countriesSorted(lang: Lang): Array<[string, string]> {
  return sorted[lang];
}

const nf = { id: new Intl.NumberFormat('id-ID'), en: new Intl.NumberFormat('en-GB') };
export function num(lang: Lang, n: number | string): string {
  return nf[lang].format(Number(n));
}
export function rupiah(lang: Lang, n: number | string): string {
  return `Rp ${nf[lang].format(Math.round(Number(n)))}`;
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
