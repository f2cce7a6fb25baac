import type { Text } from './flag.types';

export type Lang = 'id' | 'en';

const MARKET_NAMES: Record<string, Text> = {
  MY: { id: 'Malaysia', en: 'Malaysia' },
  CN: { id: 'Tiongkok', en: 'China' },
  SG: { id: 'Singapura', en: 'Singapore' },
  BN: { id: 'Brunei', en: 'Brunei' },
  HK: { id: 'Hong Kong', en: 'Hong Kong' },
  TW: { id: 'Taiwan', en: 'Taiwan' },
  JP: { id: 'Jepang', en: 'Japan' },
  KR: { id: 'Korea Selatan', en: 'South Korea' },
  SA: { id: 'Arab Saudi', en: 'Saudi Arabia' },
  AU: { id: 'Australia', en: 'Australia' },
  US: { id: 'Amerika Serikat', en: 'United States' },
  NL: { id: 'Belanda', en: 'the Netherlands' },
};

const MATERIAL_NAMES: Record<string, Text> = {
  snakeskin: { id: 'kulit ular', en: 'snakeskin' },
  stingray: { id: 'kulit pari', en: 'stingray leather' },
  cowhide: { id: 'kulit sapi', en: 'cowhide' },
  goatskin: { id: 'kulit kambing', en: 'goatskin' },
  sheepskin: { id: 'kulit domba', en: 'sheepskin' },
  cotton: { id: 'katun', en: 'cotton' },
  silk: { id: 'sutra', en: 'silk' },
  other: { id: 'bahan lain', en: 'other material' },
};

export function marketName(code: string): Text {
  return MARKET_NAMES[code] ?? { id: code, en: code };
}

export function materialName(m: string): Text {
  return MATERIAL_NAMES[m] ?? { id: m, en: m };
}

/** `?lang=en` wins; otherwise an Accept-Language starting with en; default Indonesian. */
export function resolveLang(query?: string, acceptLanguage?: string): Lang {
  const q = query?.trim().toLowerCase();
  if (q === 'en' || q === 'id') return q;
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'id';
}

const ID_INT = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const EN_INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Rupiah for people: "Rp 52,3 juta" / "IDR 52.3 million". */
export function formatIdr(v: number): Text {
  if (v >= 1e9) return { id: `Rp ${(v / 1e9).toFixed(1).replace('.', ',')} miliar`, en: `IDR ${(v / 1e9).toFixed(1)} billion` };
  if (v >= 1e6) return { id: `Rp ${(v / 1e6).toFixed(1).replace('.', ',')} juta`, en: `IDR ${(v / 1e6).toFixed(1)} million` };
  return { id: `Rp ${ID_INT.format(Math.round(v))}`, en: `IDR ${EN_INT.format(Math.round(v))}` };
}

export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
