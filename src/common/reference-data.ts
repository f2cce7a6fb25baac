/** Fixed vocabularies from the HTTP contract and DOMAIN.md. */

/** Rembang regency (33.17): its 14 kecamatan, canonical spelling. */
export const DISTRICTS = [
  'Bulu',
  'Gunem',
  'Kaliori',
  'Kragan',
  'Lasem',
  'Pamotan',
  'Pancur',
  'Rembang',
  'Sale',
  'Sarang',
  'Sedan',
  'Sluke',
  'Sulang',
  'Sumber',
] as const;
export type District = (typeof DISTRICTS)[number];
const DISTRICT_BY_LOWER = new Map(DISTRICTS.map((d) => [d.toLowerCase(), d]));
/** Canonical kecamatan name for any casing and surrounding space, or undefined. */
export function canonicalDistrict(input: string): District | undefined {
  return DISTRICT_BY_LOWER.get(input.trim().replace(/\s+/g, ' ').toLowerCase());
}

export const PRODUCT_CATEGORIES = ['bag', 'wallet', 'belt', 'footwear', 'batik_fabric', 'batik_garment', 'accessory', 'other'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const MATERIALS = ['snakeskin', 'stingray', 'cowhide', 'goatskin', 'sheepskin', 'cotton', 'silk', 'other'] as const;
export type Material = (typeof MATERIALS)[number];
/** Materials whose export needs wildlife permits whether shipped directly or formally. */
export const WILDLIFE_MATERIALS: readonly Material[] = ['snakeskin', 'stingray'];

export const SHIPPING_CHANNELS = ['post', 'courier', 'marketplace', 'forwarder', 'other'] as const;
export type ShippingChannel = (typeof SHIPPING_CHANNELS)[number];

/** ISO 3166-1 alpha-2 codes (officially assigned). */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
    'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
    'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
    'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
    'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** ISO 4217 codes an admin may add rates for, with their minor units. */
export const ISO_CURRENCIES: Readonly<Record<string, number>> = {
  IDR: 2,
  MYR: 2,
  CNY: 2,
  USD: 2,
  SGD: 2,
  EUR: 2,
  AUD: 2,
  GBP: 2,
  HKD: 2,
  SAR: 2,
  BND: 2,
  TWD: 2,
  JPY: 0,
  KRW: 0,
  THB: 2,
  PHP: 2,
  VND: 0,
  INR: 2,
  AED: 2,
  QAR: 2,
  KWD: 3,
  OMR: 3,
  BHD: 3,
  NZD: 2,
  CAD: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  TRY: 2,
  EGP: 2,
  PKR: 2,
  BDT: 2,
  LKR: 2,
  MOP: 2,
};
