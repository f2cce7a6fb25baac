import { countryName, materialLabel, statusLabel } from '../web/i18n';

export type Locale = 'id' | 'en';

export interface DigestFilters {
  districts: string[];
  markets: string[];
  materials: string[];
  kinds: string[];
}

/** Every word of a digest, Indonesian first; the English digest is entirely English. */
export const T = {
  id: {
    subject: (w: string, n: number, c: number, r: number) => `Daftar mingguan Siap Ekspor ${w}: ${n} baru, ${c} berlanjut, ${r} selesai`,
    subjectQuiet: (w: string) => `Daftar mingguan Siap Ekspor ${w}: tidak ada perubahan`,
    subjectRepeat: (w: string) => `Siap Ekspor: belum ada daftar mingguan baru (terakhir ${w})`,
    hello: (name: string | null) => (name ? `Halo ${name},` : 'Halo,'),
    intro: (w: string, a: string, b: string, at: string) =>
      `Berikut daftar mingguan UMKM binaan yang perlu ditindaklanjuti untuk minggu ${w} (${a} s.d. ${b}), diterbitkan ${at}.`,
    quiet: 'Tidak ada usaha baru maupun yang selesai minggu ini untuk filter Anda.',
    repeat: (w: string) => `Belum ada daftar mingguan baru sejak ${w}; angka di bawah masih berlaku.`,
    headline: 'Angka utama',
    active: 'Bendera aktif (usaha × negara tujuan)',
    activeSplit: (n: number, c: number) => `${n} baru, ${c} berlanjut`,
    resolvedCount: 'Selesai minggu ini (tidak lagi aktif)',
    orders13: 'Pesanan luar negeri 13 minggu (bendera aktif)',
    value13: 'Nilai 13 minggu (bendera aktif)',
    sections: { new: 'Baru minggu ini', continuing: 'Berlanjut', resolved: 'Selesai minggu ini', rungUps: 'Naik kelas' },
    none: 'Tidak ada.',
    kind: { readiness: 'kesiapan ekspor formal', compliance: 'kepatuhan (izin satwa)' },
    why: 'Alasan',
    paperwork: 'Dokumen yang perlu disiapkan',
    paperworkShort: 'Dokumen',
    resolvedOn: (date: string) => `selesai ${date}`,
    in13: (orders: string, value: string) => `${orders} pesanan senilai ${value} dalam 13 minggu`,
    action: 'Tindak lanjut',
    chart: 'Pesanan per minggu (13 minggu)',
    ordersThisWeek: 'Pesanan minggu ini',
    orders13short: 'Pesanan 13 minggu',
    value13short: 'Nilai 13 minggu',
    repeatBuyers: 'Pembeli berulang',
    score: 'skor',
    byDistrict: 'Per kecamatan',
    byMarket: 'Per negara tujuan',
    byKind: 'Per jenis',
    byStatus: 'Per status tindak lanjut',
    top: (n: number, of: number) => (n === of ? 'Semuanya, skor tertinggi lebih dulu' : `${n} dengan skor tertinggi (dari ${of.toLocaleString('id-ID')})`),
    more: (n: number) => `… dan ${n.toLocaleString('id-ID')} lainnya.`,
    seeSection: 'Lihat di dasbor',
    seeAllContinuing: (n: number) => `Lihat ke-${n.toLocaleString('id-ID')} bendera yang berlanjut di dasbor`,
    dashboard: (w: string) => `Buka daftar lengkap minggu ${w} di dasbor`,
    dashboardNote: 'Tautan dasbor memerlukan akun petugas dinas: masuk dengan email dan kata sandi Anda.',
    unsubscribe: 'Berhenti berlangganan',
    footer: 'Anda menerima email ini karena berlangganan ringkasan Siap Ekspor (Dinas Koperasi UKM Kabupaten Rembang).',
    filters: 'Filter Anda',
    filterLabels: { districts: 'kecamatan', markets: 'negara tujuan', materials: 'bahan', kinds: 'jenis' },
    all: 'semua',
  },
  en: {
    subject: (w: string, n: number, c: number, r: number) => `Siap Ekspor weekly list ${w}: ${n} new, ${c} continuing, ${r} resolved`,
    subjectQuiet: (w: string) => `Siap Ekspor weekly list ${w}: no changes`,
    subjectRepeat: (w: string) => `Siap Ekspor: no new weekly list yet (latest ${w})`,
    hello: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    intro: (w: string, a: string, b: string, at: string) => `Here is the weekly list of businesses to follow up for week ${w} (${a} to ${b}), published ${at}.`,
    quiet: 'No new or resolved businesses this week for your filters.',
    repeat: (w: string) => `No new weekly list since ${w}; the numbers below still stand.`,
    headline: 'Headline numbers',
    active: 'Active flags (business × market)',
    activeSplit: (n: number, c: number) => `${n} new, ${c} continuing`,
    resolvedCount: 'Resolved this week (no longer active)',
    orders13: 'Overseas orders, 13 weeks (active flags)',
    value13: 'Value, 13 weeks (active flags)',
    sections: { new: 'New this week', continuing: 'Continuing', resolved: 'Resolved this week', rungUps: 'Climbed a rung (naik kelas)' },
    none: 'None.',
    kind: { readiness: 'formal-export readiness', compliance: 'compliance (wildlife permits)' },
    why: 'Why',
    paperwork: 'Paperwork to prepare',
    paperworkShort: 'Paperwork',
    resolvedOn: (date: string) => `resolved ${date}`,
    in13: (orders: string, value: string) => `${orders} orders worth ${value} in 13 weeks`,
    action: 'Suggested action',
    chart: 'Orders per week (13 weeks)',
    ordersThisWeek: 'Orders this week',
    orders13short: 'Orders, 13 weeks',
    value13short: 'Value, 13 weeks',
    repeatBuyers: 'Repeat buyers',
    score: 'score',
    byDistrict: 'By district (kecamatan)',
    byMarket: 'By market',
    byKind: 'By kind',
    byStatus: 'By follow-up status',
    top: (n: number, of: number) => (n === of ? 'All of them, highest score first' : `Top ${n} by score (of ${of.toLocaleString('en-US')})`),
    more: (n: number) => `… and ${n.toLocaleString('en-US')} more.`,
    seeSection: 'See them on the dashboard',
    seeAllContinuing: (n: number) => `See all ${n.toLocaleString('en-US')} continuing flags on the dashboard`,
    dashboard: (w: string) => `Open the full list for week ${w} on the dashboard`,
    dashboardNote: 'Dashboard links need a department staff account: sign in with your email and password.',
    unsubscribe: 'Unsubscribe',
    footer: 'You receive this email because you subscribed to Siap Ekspor digests (SME department, Rembang regency).',
    filters: 'Your filters',
    filterLabels: { districts: 'districts', markets: 'markets', materials: 'materials', kinds: 'kinds' },
    all: 'all',
  },
} as const;

/** Rupiah: "Rp 12.500.000" (id) or "IDR 12,500,000" (en). */
export function formatIdr(v: number, locale: Locale): string {
  const n = Math.round(v);
  return locale === 'id' ? `Rp ${n.toLocaleString('id-ID')}` : `IDR ${n.toLocaleString('en-US')}`;
}

/** A date 'YYYY-MM-DD' (a WIB day) written out: "23 November 2026" / "23 November 2026". */
export function formatWibDate(date: string, locale: Locale): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale === 'id' ? 'id-ID' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** An instant in WIB: "23 November 2026 06:15 WIB". */
export function formatWibInstant(at: Date, locale: Locale): string {
  const wib = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return `${formatWibDate(wib.slice(0, 10), locale)} ${wib.slice(11, 16)} WIB`;
}

export const marketLabel = (m: string, locale: Locale) => countryName(locale, m);
export const statusText = (s: string, locale: Locale) => statusLabel(locale, s).toLowerCase();

/** "kecamatan: Lasem; negara tujuan: Malaysia, Tiongkok; bahan: semua; jenis: semua". */
export function filterLine(f: DigestFilters, locale: Locale): string {
  const t = T[locale];
  const values = {
    districts: f.districts,
    markets: f.markets.map((m) => marketLabel(m, locale)),
    materials: f.materials.map((m) => materialLabel(locale, m).toLowerCase()),
    kinds: f.kinds.map((k) => t.kind[k as keyof typeof t.kind] ?? k),
  };
  return (['districts', 'markets', 'materials', 'kinds'] as const)
    .map((k) => `${t.filterLabels[k]}: ${values[k].length ? values[k].join(', ') : t.all}`)
    .join('; ');
}
