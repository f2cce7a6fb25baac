import { Lang, materialLabel, num, rupiah } from '../i18n';

// TODO(integrator): i18n.ts gets `signalLabel(lang, key)` on branch w2; when it lands, use that one and delete this map.
const SIGNAL: Record<string, [string, string]> = {
  activeMonths: ['Bulan aktif (dari 4)', 'Active months (of 4)'],
  activeWeeks: ['Minggu aktif (dari 13)', 'Active weeks (of 13)'],
  orders13w: ['Pesanan 13 minggu', 'Orders in 13 weeks'],
  repeatOrderShare: ['Porsi pesanan berulang', 'Repeat-order share'],
  heavyParcel: ['Kiriman > 30 kg', 'Parcel > 30 kg'],
  cnParcelsOverLimit: ['Kiriman ke CN > CNY 1.000', 'Parcels to CN > CNY 1,000'],
  repeatBuyers: ['Pembeli berulang', 'Repeat buyers'],
  value13wIdr: ['Nilai 13 minggu', '13-week value'],
  quantityValueIdr: ['Nilai per 13 minggu (rata-rata 26 minggu)', 'Value per 13 weeks (26-week average)'],
  heaviestParcelKg: ['Kiriman terberat (kg)', 'Heaviest parcel (kg)'],
  peakWeekShare: ['Porsi minggu tersibuk', 'Busiest week share'],
  weeksSinceLastOrder: ['Minggu sejak pesanan terakhir', 'Weeks since last order'],
  growth: ['Pertumbuhan', 'Growth'],
  wildlifeOrders13w: ['Pesanan bahan satwa liar', 'Wildlife-material orders'],
  wildlifeMaterials: ['Bahan satwa liar', 'Wildlife materials'],
  rhythmGapWeeks: ['Jeda antar-pesanan yang dipelajari', 'Order gaps learned'],
  patternDays: ['Lama pola stabil (hari)', 'Steady pattern (days)'],
  rhythmCoverage: ['Cakupan ritme', 'Rhythm coverage'],
  routineBuyerWeeks: ['Minggu pembeli rutin (26 mg)', 'Routine buyer weeks (26 wk)'],
  routineBuyerLotUnits: ['Lot pembeli rutin (unit)', 'Routine buyer lot (units)'],
  routineBuyerLotIdr: ['Lot pembeli rutin (Rp)', 'Routine buyer lot (IDR)'],
};

/** A flag signal's name for people; an unknown key reads as words ("someNewSignal" → "some new signal"), never as a raw key. */
export function signalLabel(lang: Lang, key: string): string {
  const e = SIGNAL[key];
  if (e) return e[lang === 'en' ? 1 : 0];
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A signal's value or threshold: money in Rupiah, materials by name, numbers to two decimals, none as a dash. */
export function signalValue(lang: Lang, key: string, v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (Array.isArray(v)) return v.map((x) => (key === 'wildlifeMaterials' ? materialLabel(lang, String(x)) : String(x))).join(', ') || '–';
  if (typeof v === 'number') return /Idr$/.test(key) ? rupiah(lang, v) : num(lang, Math.round(v * 100) / 100);
  return String(v);
}
