import { addDays, addMonths, monthStart } from '../common/time';
import type { SignalValue, Text } from '../flags/flag.types';

/**
 * The end (exclusive, a YYYY-MM-01) of the last full calendar month as of asOf: asOf's own month
 * when asOf is its last day, else the month before. The scorecard uses the same rule.
 */
export function fullMonthsEnd(asOf: string): string {
  const next = addDays(asOf, 1);
  return next === monthStart(next) ? next : monthStart(asOf);
}

/** The three full months the capacityUse signal averages: [from, to). */
export function capacityWindow(asOf: string): { from: string; to: string } {
  const to = fullMonthsEnd(asOf);
  return { from: addMonths(to, -3), to };
}

/**
 * capacityUse = average units a month over the last three full months (every market) ÷ declared
 * monthly capacity (the sum over products). Advice only: no policy decision reads it. Without a
 * declared capacity (none, or a sum of 0) the value is null and it never hits.
 */
export function capacityUseSignal(units3m: number, capacity: number | null, threshold: number): SignalValue {
  if (!capacity) return { value: null, threshold, hit: false };
  const value = Math.round((units3m / 3 / capacity) * 1000) / 1000;
  return { value, threshold, hit: value > threshold };
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/** Why the advice is productivity coaching first, naming the numbers (shown beside a hit capacityUse). */
export function capacityReason(s: SignalValue): Text | null {
  if (!s.hit || typeof s.value !== 'number' || typeof s.threshold !== 'number') return null;
  return {
    id: `Produksi 3 bulan terakhir rata-rata ${pct(s.value)} dari kapasitas bulanan yang dinyatakan (batas ${pct(s.threshold)}): pendampingan produktivitas dulu, dokumen sesudahnya`,
    en: `The last 3 months averaged ${pct(s.value)} of the declared monthly capacity (line ${pct(s.threshold)}): productivity coaching first, paperwork after`,
  };
}

/** Why capacityUse has no value, for pages that show the signal. */
export const NO_CAPACITY: Text = { id: 'Kapasitas bulanan belum dinyatakan', en: 'No monthly capacity declared' };
