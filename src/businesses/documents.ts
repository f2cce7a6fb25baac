import type { BusinessDocument } from '../pathway/pathway.types';

/** A document counts on day D (YYYY-MM-DD, WIB) when issuedOn (if given) ≤ D ≤ expiresOn (if given), whenever it was registered. */
export function documentValidOn(d: Pick<BusinessDocument, 'issuedOn' | 'expiresOn'>, date: string): boolean {
  return (d.issuedOn === null || d.issuedOn <= date) && (d.expiresOn === null || date <= d.expiresOn);
}

