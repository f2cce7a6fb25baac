/**
 * The demo's export-ladder data: how the seeded orders were declared and which documents the
 * department has verified, so the ladder shows a believable spread across the story's businesses:
 * - Ulla Leather (snakeskin → MY) moved to consignment notes in its own name half a year ago;
 * - Arma Leather and Craft (stingray → CN) has its recent consignments declared by PEB through a customs broker;
 * - Koperasi Batik Tulis Lasem ships its members' batik inside consolidated declarations (PKBK) as an aggregator;
 * - Batik Sekar Kawung has its own NIB with customs access and PEBs in its own name, with Form D to Malaysia;
 * - the other steady leather sellers partly use own CNs; everybody else stays `unknown` (rung 0).
 */
import type { DocumentType } from '../src/pathway/pathway.types';

/** Named businesses the ladder needs besides Ulla and Arma (same shape as the demo's list). */
export const LADDER_BUSINESSES = [
  { name: 'Koperasi Batik Tulis Lasem', district: 'Lasem', profile: 'batik_steady' as const, materials: ['cotton', 'silk'] },
  { name: 'Batik Sekar Kawung', district: 'Pancur', profile: 'batik_steady' as const, materials: ['cotton', 'silk'], nib: '9120007654321', customs: true },
];

export interface Declared {
  declaration: 'cn' | 'pkbk' | 'peb' | 'unknown';
  declaredBy: 'self' | 'postal_operator' | 'aggregator' | 'customs_broker' | 'unknown';
  originCertificate: 'none' | 'form_d' | 'form_e';
}

const UNKNOWN: Declared = { declaration: 'unknown', declaredBy: 'unknown', originCertificate: 'none' };
const OWN_CN: Declared = { declaration: 'cn', declaredBy: 'postal_operator', originCertificate: 'none' };

/** How one seeded order was declared: by business, by how many days before today it was placed, by market. */
export function declarationOf(b: { name: string; profile: string }, daysAgo: number, country: string, chance: (p: number) => boolean): Declared {
  switch (b.name) {
    case 'Ulla Leather':
      return daysAgo <= 180 ? OWN_CN : UNKNOWN;
    case 'Arma Leather and Craft':
      return daysAgo <= 120 ? { declaration: 'peb', declaredBy: 'customs_broker', originCertificate: 'none' } : daysAgo <= 300 ? OWN_CN : UNKNOWN;
    case 'Koperasi Batik Tulis Lasem':
      return daysAgo <= 270 ? { declaration: 'pkbk', declaredBy: 'aggregator', originCertificate: 'none' } : UNKNOWN;
    case 'Batik Sekar Kawung':
      if (daysAgo > 150) return daysAgo <= 330 ? OWN_CN : UNKNOWN;
      return { declaration: 'peb', declaredBy: 'self', originCertificate: country === 'MY' ? 'form_d' : 'none' };
  }
  if ((b.profile === 'steady_snake_my' || b.profile === 'steady_ray_cn') && daysAgo <= 200 && chance(0.5)) return OWN_CN;
  return UNKNOWN;
}

export interface DemoDocument {
  business: string;
  type: DocumentType;
  number: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
  note: string | null;
}

/** The verified documents, dated relative to the demo's today (`at(days)` = that many days from it). */
export function ladderDocuments(at: (days: number) => string): DemoDocument[] {
  return [
    {
      business: 'Ulla Leather',
      type: 'sats_ln_dealer_licence',
      number: 'SK.118/BKSDA-JTG/2025',
      issuedOn: at(-320),
      expiresOn: at(45),
      note: 'kuota ular sanca batik 2026',
    },
    { business: 'Ulla Leather', type: 'quarantine_kh12', number: 'KH12-2026-0412', issuedOn: at(-30), expiresOn: at(150), note: null },
    {
      business: 'Arma Leather and Craft',
      type: 'kkp_permit',
      number: 'SAJI-33.17/2026/071',
      issuedOn: at(-200),
      expiresOn: at(165),
      note: 'SIPJI + SAJI, PPP Tasikagung',
    },
    {
      business: 'Koperasi Batik Tulis Lasem',
      type: 'kite_ikm',
      number: 'KITE-IKM/KPPBC-SMG/2025/09',
      issuedOn: at(-380),
      expiresOn: null,
      note: 'fasilitas untuk anggota koperasi',
    },
    { business: 'Batik Sekar Kawung', type: 'nib_customs_access', number: '9120007654321', issuedOn: at(-420), expiresOn: null, note: 'INSW: REC CEISA' },
  ];
}
