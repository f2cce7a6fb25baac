import type { Rung } from '../pathway/pathway.types';
import type { FlagKind } from './flag.types';

/** When a catalog entry applies. Every present condition must hold. */
export interface PaperworkApplies {
  /** Flag kinds whose checklist carries the entry. */
  kinds?: FlagKind[];
  /** Destination markets (ISO alpha-2). */
  markets?: string[];
  /** At least one of these materials shipped to the market in the last 13 weeks. */
  materials?: string[];
  /** At least one of these product categories shipped. */
  categories?: string[];
  /** Heaviest consignment above this (kg). */
  minHeaviestKg?: number;
  /** Heaviest consignment at or below this (kg). */
  maxHeaviestKg?: number;
  /** Parcels to the market above the personal-parcel value (China: CNY 1,000). */
  cnOverLimit?: boolean;
  /** Left out when the business already has an NIB with customs access. */
  unlessCustomsAccess?: boolean;
}

export interface PaperworkEntry {
  code: string;
  title: { id: string; en: string };
  issuer: string;
  /** Why it applies; placeholders {market} {materials} {kg} {count}. */
  reason: { id: string; en: string };
  applies: PaperworkApplies;
  sortOrder: number;
  /** The export-ladder rung this step belongs to; null or absent: it applies on every rung (permits, the market's own rules). */
  rung?: Rung | null;
}
