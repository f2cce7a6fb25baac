import { materialName } from '../flags/i18n';
import type { DocumentType } from '../pathway/pathway.types';

/**
 * Route advice at order entry. An order already happened, so it is stored anyway; these rules only
 * say which route the consignment should have taken (DOMAIN.md "Direct shipment vs formal export",
 * "Wildlife-derived materials"). The limits live here and nowhere else.
 */
export const ADVICE_LIMITS = {
  /** a business must use a PEB above this gross weight (PMK 155/2022; a CN is fine up to it) */
  pebAboveKg: 30,
  /** China treats personal parcels as limited to about CNY 1,000; above it they are cleared as goods */
  cnPersonalParcelCny: 1000,
} as const;

/** The permit document a wildlife material needs on the order date, on every route. */
export const WILDLIFE_PERMIT: Readonly<Record<string, DocumentType>> = { snakeskin: 'sats_ln_dealer_licence', stingray: 'kkp_permit' };
export const PERMIT_TYPES: readonly DocumentType[] = [...new Set(Object.values(WILDLIFE_PERMIT))];

export const WARNING_CODES = ['peb_required', 'cn_personal_limit', 'wildlife_permit_missing'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface OrderWarning {
  code: WarningCode;
  field: string;
  message: { id: string; en: string };
  limitKg?: number;
  limitCny?: number;
  valueCny?: number;
  documentType?: DocumentType;
}

export interface AdviceFacts {
  destinationCountry: string;
  material: string;
  declaration: string;
  /** kg as stored (decimal string) or null when not given */
  weightKg: string | null;
  /** the order's value in CNY at the rates in force on its date; null when a rate is missing */
  valueCny: number | null;
  /** permit document types valid on the order's date */
  validPermits: ReadonlySet<DocumentType>;
}

const PERMIT_NAMES: Readonly<Record<string, { id: string; en: string }>> = {
  sats_ln_dealer_licence: {
    id: 'izin SATS-LN dan izin pengedar satwa liar (KSDAE / BKSDA)',
    en: 'a SATS-LN permit and wildlife-trader licence (KSDAE / BKSDA)',
  },
  kkp_permit: { id: 'izin KKP (SIPJI + SAJI atau surat rekomendasi)', en: 'a KKP permit (SIPJI + SAJI or a recommendation letter)' },
};

const cny = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The warnings for one accepted order, in a fixed order (weight, value, permit); none when nothing applies. */
export function orderWarnings(o: AdviceFacts): OrderWarning[] {
  const out: OrderWarning[] = [];
  const kg = ADVICE_LIMITS.pebAboveKg;
  if (o.declaration === 'cn' && o.weightKg !== null && Number(o.weightKg) > kg) {
    out.push({
      code: 'peb_required',
      field: 'declaration',
      limitKg: kg,
      message: {
        id: `Kiriman ${Number(o.weightKg)} kg di atas ${kg} kg: usaha wajib memakai PEB, bukan CN.`,
        en: `A ${Number(o.weightKg)} kg consignment is above ${kg} kg: a business must declare it with a PEB, not a CN.`,
      },
    });
  }
  const limit = ADVICE_LIMITS.cnPersonalParcelCny;
  if (o.destinationCountry === 'CN' && o.valueCny !== null && o.valueCny > limit) {
    const v = Math.round(o.valueCny * 100) / 100;
    out.push({
      code: 'cn_personal_limit',
      field: 'amount',
      limitCny: limit,
      valueCny: v,
      message: {
        id: `Nilai CNY ${cny(v)} di atas batas paket pribadi Tiongkok (sekitar CNY ${cny(limit)}): paket diperiksa sebagai barang dagangan.`,
        en: `A value of CNY ${cny(v)} is above China's personal-parcel limit (about CNY ${cny(limit)}): the parcel is cleared as commercial goods.`,
      },
    });
  }
  const permit = WILDLIFE_PERMIT[o.material];
  if (permit && !o.validPermits.has(permit)) {
    const name = PERMIT_NAMES[permit];
    out.push({
      code: 'wildlife_permit_missing',
      field: 'material',
      documentType: permit,
      message: {
        id: `Bahan ${materialName(o.material).id} butuh ${name.id}; belum ada dokumen yang berlaku pada tanggal pesanan.`,
        en: `${materialName(o.material).en} needs ${name.en}; no document valid on the order date is registered.`,
      },
    });
  }
  return out;
}

/** Value in CNY from the order's amount (major units) and the IDR rates of its currency and of CNY on its date. */
export function valueInCny(amountMajor: number, currency: string, idrPerUnit: number | null, cnyIdrPerUnit: number | null): number | null {
  if (currency === 'CNY') return amountMajor;
  if (!idrPerUnit || !cnyIdrPerUnit) return null;
  return (amountMajor * idrPerUnit) / cnyIdrPerUnit;
}
