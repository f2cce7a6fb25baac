/**
 * The export ladder's shapes (contract "Export ladder" and "Businesses, continued" in API.md v1.1).
 * One business × destination market stands on one rung, derived from how its orders of the last 26
 * weeks were declared and from the documents the department has verified.
 */

/** Rungs bottom up; the index is `rungIndex`. */
export const RUNGS = ['unrecorded', 'own_cn', 'consolidated', 'agent_peb', 'own_peb', 'origin_certified', 'certified_exporter'] as const;
export type Rung = (typeof RUNGS)[number];
export const rungIndex = (r: Rung): number => RUNGS.indexOf(r);
/** Rungs from which a business counts as a formal exporter (casework and the KPI report). */
export const FORMAL_FROM: Rung = 'agent_peb';

export const DECLARATIONS = ['cn', 'pkbk', 'peb', 'unknown'] as const;
export type Declaration = (typeof DECLARATIONS)[number];
export const DECLARED_BY = ['self', 'postal_operator', 'aggregator', 'customs_broker', 'unknown'] as const;
export type DeclaredBy = (typeof DECLARED_BY)[number];
export const ORIGIN_CERTIFICATES = ['none', 'form_d', 'form_e', 'other', 'self_certified'] as const;
export type OriginCertificate = (typeof ORIGIN_CERTIFICATES)[number];

export const DOCUMENT_TYPES = ['nib_customs_access', 'sats_ln_dealer_licence', 'kkp_permit', 'quarantine_kh12', 'certified_exporter', 'kite_ikm'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** A verified document (table business_documents; removed ones are never returned). */
export interface BusinessDocument {
  id: string;
  businessId: string;
  type: DocumentType;
  number: string | null;
  issuedOn: string | null; // YYYY-MM-DD
  expiresOn: string | null; // YYYY-MM-DD
  note: string | null;
  createdAt: string; // ISO instant
}

/** What set a rung: the orders (a few, newest first) and the documents that made its rule hold. */
export interface RungEvidence {
  /** the rule of the contract's table that holds, in words (Indonesian and English) */
  rule: { id: string; en: string };
  orders: { id: string; orderedOn: string; declaration: Declaration; declaredBy: DeclaredBy; originCertificate: OriginCertificate }[];
  /** how many orders in the window satisfy the rule (orders lists at most a few of them) */
  ordersMatching: number;
  documents: { id: string; type: DocumentType; number: string | null; expiresOn: string | null }[];
}

export interface PathwayStep {
  code: string;
  title: string;
  reason: string;
  /** who issues it (catalog `issuer`) */
  issuer?: string;
}

export interface PathwayMarket {
  market: string; // ISO alpha-2
  rung: Rung;
  rungIndex: number;
  evidence: RungEvidence;
  /** the rung above and what it takes; null on the top rung */
  next: { rung: Rung; steps: PathwayStep[] } | null;
}

export interface Pathway {
  businessId: string;
  asOf: string; // YYYY-MM-DD (WIB)
  markets: PathwayMarket[];
}
