import type { RuleSetParams } from './rule-set';

/** What one parameter means, in Indonesian and English, and its unit. */
export interface ParamDoc {
  id: string;
  en: string;
  unit: string;
}

type Side = Record<string, ParamDoc>;

/** Readiness thresholds, the same keys on the enter and the stay side (the stay side is the looser one a raised flag must keep). */
const THRESHOLDS: Side = {
  minActiveMonths: {
    id: 'Bulan kalender (WIB) berpesanan dari 4 terakhir (bulan as-of dan 3 sebelumnya)',
    en: 'Calendar months (WIB) with an order, of the last 4 (the as-of month and the 3 before)',
    unit: 'bulan / months',
  },
  minActiveWeeks: {
    id: 'Minggu ISO berpesanan dari 13 terakhir (batas bawah, apa pun ritmenya)',
    en: 'ISO weeks with an order, of the last 13 (a floor, whatever the rhythm)',
    unit: 'minggu / weeks',
  },
  minRepeatBuyers: {
    id: 'Pembeli yang kembali: pembeli dengan pesanan sebanyak batas "pesanan untuk dihitung pembeli berulang" atau lebih dalam 13 minggu',
    en: 'Returning buyers: buyers with at least the "orders to count as a repeat buyer" number of orders in 13 weeks',
    unit: 'pembeli / buyers',
  },
  minValue13wIdr: {
    id: 'Nilai 13 minggu (pola baru: diproyeksikan dari lajunya; pola lama: paling sedikit rata-rata 26 minggu)',
    en: '13-week value (a new pattern: projected from its pace; an older one: at least the 26-week average)',
    unit: 'IDR',
  },
  minHeaviestParcelKg: {
    id: '…atau kiriman terberat dalam 13 minggu seberat ini (mendekati batas 30 kg barang kiriman)',
    en: '…or a consignment in the 13 weeks this heavy (approaching the 30 kg consignment line)',
    unit: 'kg',
  },
  maxPeakWeekShare: {
    id: 'Bagian pesanan 13 minggu di minggu tersibuk, paling banyak (lonjakan viral tidak stabil)',
    en: 'Share of the 13-week orders in the busiest week, at most (a viral spike is not steady)',
    unit: 'rasio 0–1 / ratio 0–1',
  },
  maxWeeksSinceLastOrder: {
    id: 'Minggu penuh sejak pesanan terakhir yang selalu dianggap wajar (v2: batas bawah kelonggaran ritme)',
    en: "Whole weeks since the last order always tolerated (v2: the floor of the rhythm's allowance)",
    unit: 'minggu / weeks',
  },
  minRepeatOrderShare: {
    id: 'Pembeli yang kembali dihitung bila pesanan mereka paling sedikit sebesar bagian ini dari pesanan 13 minggu',
    en: 'Returning buyers count when their orders are at least this share of the 13-week orders',
    unit: 'rasio 0–1 / ratio 0–1',
  },
  minPatternDays: {
    id: 'Hari dari pesanan pertama hingga terakhir pola saat ini (lonjakan satu bulan tidak pernah mencapainya)',
    en: 'Days from the first to the last order of the current pattern (a one-month spike never reaches it)',
    unit: 'hari / days',
  },
  minCoverage: {
    id: 'Minggu berpesanan dalam 13 minggu (atau sejak pola mulai) dibagi yang diperkirakan ritmenya sendiri',
    en: 'Order weeks in the 13 (or since the pattern began) divided by those its own rhythm predicts',
    unit: 'rasio 0–1 / ratio 0–1',
  },
  quietGapFactor: {
    id: 'Sepi yang wajar = faktor ini × median jeda antar-minggu berpesanan (sisi bertahan: minimal jeda terpanjang)',
    en: 'Normal quiet = this factor × the median gap between order weeks (stay side: at least the longest gap)',
    unit: '× jeda / × gap',
  },
  peakShareSlack: {
    id: 'Ritme lambat: minggu tersibuk boleh memuat hingga faktor ini × bagian rata-rata satu minggu berpesanan (1 ÷ minggu berpesanan dalam 13)',
    en: "A slow rhythm: the busiest week may hold up to this factor × an average order week's share (1 ÷ order weeks in the 13)",
    unit: '×',
  },
  minRoutineBuyerWeeks: {
    id: 'Satu pembeli rutin dihitung sebagai permintaan berulang bila memesan di sekian minggu dari 26…',
    en: 'One routine buyer counts as repeat demand when it ordered in this many of the 26 weeks…',
    unit: 'minggu / weeks',
  },
  minRoutineLotUnits: { id: '…dengan rata-rata sekian unit per pesanan…', en: '…in lots of this many units on average…', unit: 'unit / units' },
  minRoutineLotIdr: { id: '…atau rata-rata senilai ini per pesanan', en: '…or of this value on average', unit: 'IDR' },
};

const TOP: Side = {
  'compliance.enterMinWildlifeOrders13w': {
    id: 'Pesanan bahan satwa liar ke pasar dalam 13 minggu yang memunculkan bendera kepatuhan',
    en: 'Wildlife-material orders to the market in 13 weeks that raise a compliance flag',
    unit: 'pesanan / orders',
  },
  'compliance.stayMinWildlifeOrders13w': {
    id: '…dan jumlah yang harus tetap ada agar bendera kepatuhan bertahan',
    en: '…and the count a raised compliance flag must keep',
    unit: 'pesanan / orders',
  },
  repeatMinOrders: {
    id: 'Pembeli dengan sekian pesanan dalam 13 minggu adalah pembeli berulang',
    en: 'A buyer with this many orders in 13 weeks is a repeat buyer',
    unit: 'pesanan / orders',
  },
  growthRatio: {
    id: 'Sinyal pertumbuhan: nilai 13 minggu terakhir dibanding 13 minggu sebelumnya (hanya menambah skor)',
    en: "Growth signal: last 13 weeks' value against the 13 before (adds to the score only)",
    unit: '×',
  },
  heavyParcelKg: { id: 'Berat kiriman di atas batas ini wajib PEB (PMK 155/2022)', en: 'Consignments above this weight need a PEB (PMK 155/2022)', unit: 'kg' },
  minDwellWeeks: {
    id: 'Bendera bertahan paling sedikit sekian minggu sebelum boleh selesai',
    en: 'A raised flag stays at least this many weeks before it may resolve',
    unit: 'minggu / weeks',
  },
  exitAfterFailedEvaluations: {
    id: 'Evaluasi berturut-turut yang gagal ambang bertahan sebelum bendera selesai',
    en: 'Consecutive evaluations failing the stay thresholds before a flag resolves',
    unit: 'evaluasi / evaluations',
  },
  dismissalExpiresAfterWeeks: {
    id: 'Minggu setelah penolakan berhenti memblokir (null: memblokir sampai dibuka lagi)',
    en: 'Weeks after which a dismissal stops blocking (null: it blocks until reopened)',
    unit: 'minggu / weeks',
  },
  'rhythm.minGaps': {
    id: 'Jeda antar-minggu berpesanan yang dibutuhkan sebelum ritme dianggap terbaca; kurang dari itu berlaku batas tetap',
    en: 'Gaps between order weeks needed before the rhythm counts as learned; fewer: the fixed limits apply',
    unit: 'jeda / gaps',
  },
  'rhythm.maxQuietWeeks': {
    id: 'Batas atas kelonggaran sepi dari ritme, agar pola yang lambat tetap bisa berakhir (jeda > 8 minggu memulai pola baru)',
    en: 'Upper bound of any quiet allowance from the rhythm, so a slow pattern can still end (a gap over 8 weeks starts a new pattern)',
    unit: 'minggu / weeks',
  },
  'scorecard.monthlyTargetIdr': {
    id: 'Target nilai bulanan dinas untuk usaha kelas ekspor (kuantitas: rata-rata tiga bulan penuh terakhir)',
    en: "The department's monthly value target for an export-class business (kuantitas: the last three full months' average)",
    unit: 'IDR',
  },
  'scorecard.kualitasMinRepeatShare': {
    id: 'Kualitas: bagian pesanan 12 bulan dari pembeli yang memesan lebih dari sekali',
    en: "Kualitas: share of the 12 months' orders from buyers who ordered more than once",
    unit: 'bagian / share (0–1)',
  },
  'scorecard.kontinuitasMinMonths': {
    id: 'Kontinuitas: bulan berpesanan di antara enam bulan penuh terakhir',
    en: 'Kontinuitas: months with orders among the last six full months',
    unit: 'bulan / months',
  },
  'scorecard.capacityCoachingShare': {
    id: 'Di atas bagian kapasitas bulanan ini, saran menjadi pendampingan produktivitas sebelum dokumen',
    en: 'Above this share of the monthly capacity, the advice becomes productivity coaching before paperwork',
    unit: 'bagian / share',
  },
};

/**
 * Every parameter of a rule set, by its path in `params`, explained (GET /rule-sets/:version and the
 * rules page). Only the parameters the rule set holds are listed.
 */
export function explainRuleSet(params: RuleSetParams): Record<string, ParamDoc> {
  const out: Record<string, ParamDoc> = {};
  for (const side of ['enter', 'stay'] as const) {
    const t = params.readiness?.[side] as unknown as Record<string, unknown> | undefined;
    for (const k of Object.keys(t ?? {})) {
      const doc = THRESHOLDS[k];
      if (doc)
        out[`readiness.${side}.${k}`] = {
          ...doc,
          id: `${side === 'enter' ? 'Masuk' : 'Bertahan'}: ${doc.id}`,
          en: `${side === 'enter' ? 'Enter' : 'Stay'}: ${doc.en}`,
        };
    }
  }
  for (const [path, doc] of Object.entries(TOP)) {
    const [a, b] = path.split('.');
    const holder = (params as unknown as Record<string, unknown>)[a];
    if (b ? holder && typeof holder === 'object' && b in holder : a in params) out[path] = doc;
  }
  return out;
}
