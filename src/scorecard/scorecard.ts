import { addMonths, monthStart } from '../common/time';
import { fullMonthsEnd } from './capacity-use';
import type { Text } from '../flags/flag.types';
import { formatIdr } from '../flags/i18n';
import type { ScorecardParams } from '../flags/scorecard-params';
import type { ScorecardMonthRow } from './scorecard.repository';

export interface ScorecardMonth {
  month: string;
  orders: number;
  units: number;
  valueIdr: number;
  buyers: number;
  repeatBuyers: number;
  capacityUnits: number | null;
  targetValueIdr: number;
}

export interface KScore {
  value: number | null;
  target: number;
  hit: boolean;
  reason: Text;
}

export interface Scorecard {
  businessId: string;
  asOf: string;
  months: ScorecardMonth[];
  kualitas: KScore;
  kuantitas: KScore;
  kontinuitas: KScore;
}

/** The first month of the 12 up to asOf (asOf's month included), as YYYY-MM-01. */
export const firstScorecardMonth = (asOf: string): string => addMonths(monthStart(asOf), -11);

/** True when the whole month of `month` (YYYY-MM) lies on or before asOf. */
const isFull = (month: string, asOf: string): boolean => `${month}-01` < fullMonthsEnd(asOf);

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/**
 * The 3K scorecard from the 12 month rows (oldest first). A month is full when its last day is on
 * or before asOf, so asOf's own month counts as full only on its last day.
 * - kualitas: orders of the 12 months from buyers with more than one order in them ÷ all orders;
 * - kuantitas: the average monthly value of the last three full months against the monthly target;
 * - kontinuitas: months with an order among the last six full months.
 */
export function buildScorecard(businessId: string, asOf: string, rows: ScorecardMonthRow[], capacityUnits: number | null, p: ScorecardParams): Scorecard {
  const months: ScorecardMonth[] = rows.map((r) => ({
    month: r.month,
    orders: r.orders,
    units: r.units,
    valueIdr: Number(r.value_idr),
    buyers: r.buyers,
    repeatBuyers: r.repeat_buyers,
    capacityUnits,
    targetValueIdr: p.monthlyTargetIdr,
  }));
  const full = months.filter((m) => isFull(m.month, asOf));
  const last3 = full.slice(-3);
  const last6 = full.slice(-6);

  const orders = rows.reduce((a, r) => a + r.orders, 0);
  const repeatOrders = rows.reduce((a, r) => a + r.repeat_orders, 0);
  const share = orders ? repeatOrders / orders : null;
  const kualitas: KScore = {
    value: share === null ? null : Math.round(share * 1000) / 1000,
    target: p.kualitasMinRepeatShare,
    hit: share !== null && share >= p.kualitasMinRepeatShare,
    reason:
      share === null
        ? { id: 'Belum ada pesanan dalam 12 bulan', en: 'No orders in the 12 months' }
        : {
            id: `${repeatOrders} dari ${orders} pesanan 12 bulan (${pct(share)}) dari pembeli yang memesan lebih dari sekali; target ${pct(p.kualitasMinRepeatShare)}`,
            en: `${repeatOrders} of ${orders} orders in 12 months (${pct(share)}) came from buyers who ordered more than once; target ${pct(p.kualitasMinRepeatShare)}`,
          },
  };

  const avg = last3.length ? Math.round(last3.reduce((a, m) => a + m.valueIdr, 0) / last3.length) : 0;
  const a = formatIdr(avg);
  const t = formatIdr(p.monthlyTargetIdr);
  const span = last3.length ? `${last3[0].month}…${last3[last3.length - 1].month}` : '–';
  const kuantitas: KScore = {
    value: avg,
    target: p.monthlyTargetIdr,
    hit: avg >= p.monthlyTargetIdr,
    reason: {
      id: `Rata-rata nilai per bulan ${a.id} dalam ${last3.length} bulan penuh terakhir (${span}); target ${t.id} per bulan`,
      en: `Average value ${a.en} a month over the last ${last3.length} full months (${span}); target ${t.en} a month`,
    },
  };

  const active = last6.filter((m) => m.orders > 0).length;
  const kontinuitas: KScore = {
    value: active,
    target: p.kontinuitasMinMonths,
    hit: active >= p.kontinuitasMinMonths,
    reason: {
      id: `Ada pesanan dalam ${active} dari ${last6.length} bulan penuh terakhir; target ${p.kontinuitasMinMonths} bulan`,
      en: `Orders in ${active} of the last ${last6.length} full months; target ${p.kontinuitasMinMonths} months`,
    },
  };
  return { businessId, asOf, months, kualitas, kuantitas, kontinuitas };
}
