import { createHmac, createSecretKey, KeyObject } from 'node:crypto';
import { COUNTRY_CODES, MATERIALS, PRODUCT_CATEGORIES, SHIPPING_CHANNELS } from '../common/reference-data';
import { textProblem } from '../common/safe-text';
import { parseInstant, wibDate } from '../common/time';
import { DECLARATIONS, DECLARED_BY, Declaration, DeclaredBy, ORIGIN_CERTIFICATES, OriginCertificate } from '../pathway/pathway.types';

/**
 * The order contract's field rules as one pure function, shared by the single, bulk and CSV paths.
 * Hand-written rather than class-validator: bulk ingest validates up to 5,000 rows a request and
 * must report every failing field of every row; this runs at a few hundred thousand rows/s.
 */
export const ORDER_FIELDS = [
  'externalRef',
  'orderedAt',
  'destinationCountry',
  'buyerRef',
  'productCategory',
  'material',
  'quantity',
  'amount',
  'currency',
  'shippingChannel',
  'weightKg',
  'hsCode',
  'declaration',
  'declaredBy',
  'originCertificate',
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export const REQUIRED_ORDER_FIELDS: readonly OrderField[] = [
  'orderedAt',
  'destinationCountry',
  'buyerRef',
  'productCategory',
  'material',
  'quantity',
  'amount',
  'currency',
  'shippingChannel',
];
const FIELD_SET: ReadonlySet<string> = new Set(ORDER_FIELDS);
const CATEGORY_SET: ReadonlySet<string> = new Set(PRODUCT_CATEGORIES);
const MATERIAL_SET: ReadonlySet<string> = new Set(MATERIALS);
const CHANNEL_SET: ReadonlySet<string> = new Set(SHIPPING_CHANNELS);
const DECLARATION_SET: ReadonlySet<string> = new Set(DECLARATIONS);
const DECLARED_BY_SET: ReadonlySet<string> = new Set(DECLARED_BY);
const CERTIFICATE_SET: ReadonlySet<string> = new Set(ORIGIN_CERTIFICATES);
const AMOUNT_RE = /^(\d{1,12})(?:\.(\d{1,20}))?$/;
const WEIGHT_RE = /^\d{1,5}(\.\d{1,6})?$/;
const HS_RE = /^\d{4}(?:[.\s]?\d{2}){0,3}$/;
/** Clock skew tolerated for "not in the future" (phones are often a little ahead). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface NewOrder {
  externalRef: string | null;
  orderedAt: Date;
  /** WIB calendar date of orderedAt. */
  orderedOn: string;
  destinationCountry: string;
  buyerRef: string;
  /** Buyer identity for repeat counting: trimmed, inner spaces collapsed, lower case, NFKC. */
  buyerNorm: string;
  productCategory: string;
  material: string;
  quantity: number;
  /** Exact integer amount in the currency's minor units, as a decimal string (bigint-safe). */
  amountMinor: string;
  currency: string;
  minorUnits: number;
  shippingChannel: string;
  weightKg: string | null;
  hsCode: string | null;
  /** How the consignment was declared; absent means `unknown` / `unknown` / `none`. */
  declaration: Declaration;
  declaredBy: DeclaredBy;
  originCertificate: OriginCertificate;
}

export interface CurrencyLookup {
  get(code: string): { minorUnits: number; earliest: string | null } | undefined;
}

export interface ValidationContext {
  now: Date;
  currencies: CurrencyLookup;
  /** CSV cells are strings and an empty cell means "absent". */
  source: 'json' | 'csv';
  /** Extra top-level keys that are allowed (e.g. businessId on the single-order route). */
  allowExtra?: ReadonlySet<string>;
}

export type OrderValidation = { ok: true; order: NewOrder } | { ok: false; errors: string[] };

export function normaliseBuyer(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

let hmacKey: { secret: string; key: KeyObject } | undefined;

/** Keyed pseudonym of a normalised buyer: repeat buyers can be counted without storing who they are in analytics. */
export function buyerKey(secret: string, buyerNorm: string): string {
  // the key object is made once per secret (a string key is imported again by every createHmac)
  if (hmacKey?.secret !== secret) hmacKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return createHmac('sha256', hmacKey.key).update(buyerNorm).digest('base64url').slice(0, 22);
}

function present(v: unknown, csv: boolean): boolean {
  return v !== undefined && v !== null && !(csv && v === '');
}

export function validateOrder(raw: unknown, ctx: ValidationContext): OrderValidation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: ['order: must be a JSON object'] };
  const o = raw as Record<string, unknown>;
  const csv = ctx.source === 'csv';
  const errors: string[] = [];

  // the text rule first, per field: a row holding a NUL, an unpaired surrogate or bytes that are
  // not UTF-8 is rejected by name, and its other fields are not judged on text that was refused
  for (const [key, v] of Object.entries(o)) {
    const badName = textProblem(key);
    const bad = badName ? `the field name ${badName}` : typeof v === 'string' ? textProblem(v) : undefined;
    if (bad) errors.push(`${badName ? JSON.stringify(key) : key}: ${bad}`);
  }
  if (errors.length) return { ok: false, errors };
  for (const key of Object.keys(o)) {
    // a name that is not a plain identifier is quoted, so "<field>: <rule>" stays unambiguous ("a:b": …)
    if (!FIELD_SET.has(key) && !ctx.allowExtra?.has(key))
      errors.push(`${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: unknown field (not allowed)`);
  }
  for (const f of REQUIRED_ORDER_FIELDS) if (!present(o[f], csv)) errors.push(`${f}: is required`);

  // externalRef
  let externalRef: string | null = null;
  if (present(o.externalRef, csv)) {
    if (typeof o.externalRef !== 'string') errors.push('externalRef: must be a string');
    else {
      externalRef = o.externalRef.trim();
      if (!externalRef.length || externalRef.length > 100) errors.push('externalRef: must be 1 to 100 characters');
    }
  }

  // orderedAt
  let orderedAt: Date | null = null;
  if (present(o.orderedAt, csv)) {
    if (typeof o.orderedAt !== 'string') errors.push('orderedAt: must be an ISO date (YYYY-MM-DD) or date-time string');
    else {
      orderedAt = parseInstant(o.orderedAt.trim());
      if (!orderedAt) errors.push('orderedAt: must be an ISO date (YYYY-MM-DD) or date-time (e.g. 2026-11-20T14:30:00+07:00)');
      else if (orderedAt.getTime() > ctx.now.getTime() + FUTURE_TOLERANCE_MS) {
        errors.push('orderedAt: must not be in the future');
        orderedAt = null;
      }
    }
  }
  const orderedOn = orderedAt ? wibDate(orderedAt) : '';

  // destinationCountry
  let destinationCountry = '';
  if (present(o.destinationCountry, csv)) {
    if (typeof o.destinationCountry !== 'string') errors.push('destinationCountry: must be a string');
    else {
      destinationCountry = o.destinationCountry.trim().toUpperCase();
      if (!COUNTRY_CODES.has(destinationCountry)) errors.push('destinationCountry: must be an ISO 3166-1 alpha-2 country code (e.g. MY, CN)');
      else if (destinationCountry === 'ID') errors.push('destinationCountry: must be a country other than ID (orders within Indonesia are not exports)');
    }
  }

  // buyerRef
  let buyerRef = '';
  if (present(o.buyerRef, csv)) {
    if (typeof o.buyerRef !== 'string') errors.push('buyerRef: must be a string');
    else {
      buyerRef = o.buyerRef.trim();
      if (!buyerRef.length || buyerRef.length > 200) errors.push('buyerRef: must be 1 to 200 characters');
    }
  }

  const productCategory = enumField(o.productCategory, 'productCategory', CATEGORY_SET, PRODUCT_CATEGORIES, csv, errors);
  const material = enumField(o.material, 'material', MATERIAL_SET, MATERIALS, csv, errors);
  const shippingChannel = enumField(o.shippingChannel, 'shippingChannel', CHANNEL_SET, SHIPPING_CHANNELS, csv, errors);
  const declaration = enumField(o.declaration, 'declaration', DECLARATION_SET, DECLARATIONS, csv, errors) ?? 'unknown';
  const declaredBy = enumField(o.declaredBy, 'declaredBy', DECLARED_BY_SET, DECLARED_BY, csv, errors) ?? 'unknown';
  const originCertificate = enumField(o.originCertificate, 'originCertificate', CERTIFICATE_SET, ORIGIN_CERTIFICATES, csv, errors) ?? 'none';

  // quantity
  let quantity = 0;
  if (present(o.quantity, csv)) {
    const q =
      typeof o.quantity === 'number' ? o.quantity : csv && typeof o.quantity === 'string' && /^\s*\d{1,7}\s*$/.test(o.quantity) ? Number(o.quantity) : NaN;
    if (!Number.isInteger(q) || q < 1 || q > 100_000) errors.push('quantity: must be a whole number from 1 to 100000');
    else quantity = q;
  }

  // currency (before amount: the amount's precision depends on it)
  let currency = '';
  let minorUnits = -1;
  if (present(o.currency, csv)) {
    if (typeof o.currency !== 'string') errors.push('currency: must be a string');
    else {
      currency = o.currency.trim().toUpperCase();
      const info = /^[A-Z]{3}$/.test(currency) ? ctx.currencies.get(currency) : undefined;
      if (!info || !info.earliest)
        errors.push(`currency: ${currency || 'value'} has no exchange rate here; known currencies have rates (e.g. IDR, MYR, CNY, USD, SGD)`);
      else if (orderedOn && orderedOn < info.earliest) errors.push(`currency: no ${currency} rate in force on ${orderedOn} (rates start ${info.earliest})`);
      else minorUnits = info.minorUnits;
    }
  }

  // amount
  let amountMinor = '';
  if (present(o.amount, csv)) {
    const parsed = parseAmount(o.amount, minorUnits, currency);
    if (typeof parsed === 'string') errors.push(parsed);
    else amountMinor = parsed.minor;
  }

  // weightKg
  let weightKg: string | null = null;
  if (present(o.weightKg, csv)) {
    const w = o.weightKg;
    const s = typeof w === 'number' && Number.isFinite(w) ? String(w) : csv && typeof w === 'string' ? w.trim() : '';
    const n = Number(s);
    if (!WEIGHT_RE.test(s) || !(n > 0) || n > 10_000) errors.push('weightKg: must be a number greater than 0 and at most 10000');
    else weightKg = (Math.round(n * 1000) / 1000).toFixed(3);
  }

  // hsCode
  let hsCode: string | null = null;
  if (present(o.hsCode, csv)) {
    const h = typeof o.hsCode === 'number' && Number.isInteger(o.hsCode) ? String(o.hsCode) : typeof o.hsCode === 'string' ? o.hsCode.trim() : null;
    if (h === null || !HS_RE.test(h)) errors.push('hsCode: must be 4 to 10 digits (dots allowed between pairs, e.g. 4202.21)');
    else hsCode = h.replace(/[.\s]/g, '');
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    order: {
      externalRef,
      orderedAt: orderedAt!,
      orderedOn,
      destinationCountry,
      buyerRef,
      buyerNorm: normaliseBuyer(buyerRef),
      productCategory: productCategory!,
      material: material!,
      quantity,
      amountMinor,
      currency,
      minorUnits,
      shippingChannel: shippingChannel!,
      weightKg,
      hsCode,
      declaration,
      declaredBy,
      originCertificate,
    },
  };
}

function enumField<T extends string>(v: unknown, name: string, set: ReadonlySet<string>, values: readonly T[], csv: boolean, errors: string[]): T | undefined {
  if (!present(v, csv)) return undefined;
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (!set.has(s)) {
    errors.push(`${name}: must be one of ${values.join(', ')}`);
    return undefined;
  }
  return s as T;
}

/** Exact decimal → integer minor units; returns an error message naming the field on failure. */
export function parseAmount(v: unknown, minorUnits: number, currency: string): { minor: string } | string {
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'amount: must be a finite number';
    s = String(v);
    if (/e/i.test(s)) return v > 0 && v < 1 ? 'amount: is too small' : 'amount: must be at most 999999999999';
  } else if (typeof v === 'string') s = v.trim();
  else return 'amount: must be a decimal number or a decimal string (e.g. "1250000" or "350.50")';
  if (s.startsWith('-')) return 'amount: must be greater than 0';
  const m = AMOUNT_RE.exec(s);
  if (!m) return 'amount: must be a decimal number greater than 0 with at most 12 integer digits (e.g. "350.50")';
  if (minorUnits < 0) return { minor: '' }; // precision depends on the currency, which has its own error
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > minorUnits) {
    return minorUnits === 0 ? `amount: ${currency} has no decimal places` : `amount: at most ${minorUnits} decimal places for ${currency}`;
  }
  const minor = BigInt(m[1]) * 10n ** BigInt(minorUnits) + BigInt(frac.padEnd(minorUnits, '0') || '0');
  if (minor <= 0n) return 'amount: must be greater than 0';
  return { minor: minor.toString() };
}

/** Formats integer minor units back to a decimal string ("35050", 2 → "350.50"). */
export function formatAmount(minor: string | bigint, minorUnits: number): string {
  const s = BigInt(minor).toString();
  if (minorUnits === 0) return s;
  const padded = s.padStart(minorUnits + 1, '0');
  return `${padded.slice(0, -minorUnits)}.${padded.slice(-minorUnits)}`;
}
