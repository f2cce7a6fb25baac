import { daysBetween } from '../common/time';
import type { BusinessDocument } from '../pathway/pathway.types';

/** A document counts on day D (YYYY-MM-DD, WIB) when issuedOn (if given) ≤ D ≤ expiresOn (if given), whenever it was registered. */
export function documentValidOn(d: Pick<BusinessDocument, 'issuedOn' | 'expiresOn'>, date: string): boolean {
  return (d.issuedOn === null || d.issuedOn <= date) && (d.expiresOn === null || date <= d.expiresOn);
}

/** Documents expiring within this many days are called out (weekly list, digest, business and register pages). */
export const EXPIRY_SOON_DAYS = 60;

export type ExpiryStatus = { kind: 'valid' } | { kind: 'expiring'; daysLeft: number } | { kind: 'expired'; on: string } | { kind: 'not_yet'; from: string };

/** Where a document stands on `today`: not yet valid, valid, expiring within `soonDays` (0 = its last day is today) or expired. */
export function expiryStatus(d: Pick<BusinessDocument, 'issuedOn' | 'expiresOn'>, today: string, soonDays = EXPIRY_SOON_DAYS): ExpiryStatus {
  if (d.issuedOn !== null && today < d.issuedOn) return { kind: 'not_yet', from: d.issuedOn };
  if (d.expiresOn === null) return { kind: 'valid' };
  if (d.expiresOn < today) return { kind: 'expired', on: d.expiresOn };
  const daysLeft = daysBetween(today, d.expiresOn);
  return daysLeft <= soonDays ? { kind: 'expiring', daysLeft } : { kind: 'valid' };
}
