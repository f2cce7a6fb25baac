import type { Change } from '../reports/report.types';
import type { DigestFilters } from './digest-text';

/**
 * The dashboard pages a digest links to, under PUBLIC_BASE_URL. Signed out, the dashboard sends
 * the reader through sign-in and back to the same page. The weekly list page filters by one
 * kecamatan, market and kind: a subscription filter with exactly one value is carried over, so
 * the page shows what the digest summarised (wider filters and materials show the week's whole list).
 */
export function weeklyListUrl(base: string, week: string, f?: DigestFilters, change?: Change): string {
  const q = new URLSearchParams({ minggu: week });
  if (f?.districts.length === 1) q.set('kecamatan', f.districts[0]);
  if (f?.markets.length === 1) q.set('pasar', f.markets[0]);
  if (f?.kinds.length === 1) q.set('jenis', f.kinds[0]);
  if (change) q.set('perubahan', change);
  return `${trimBase(base)}/dinas/mingguan?${q.toString()}`;
}

/** The business page, at the card of that flag. */
export function businessUrl(base: string, businessId: string, flagId?: string): string {
  return `${trimBase(base)}/dinas/usaha/${encodeURIComponent(businessId)}${flagId ? `#flag-${encodeURIComponent(flagId)}` : ''}`;
}

export const trimBase = (base: string) => base.replace(/\/+$/, '');
