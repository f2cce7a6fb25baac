import type { Client } from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { buyerKey, normaliseBuyer } from '../src/orders/order-input';
import { addDays, startOfWibDay } from '../src/common/time';
import { DISTRICTS } from '../src/common/reference-data';

/**
 * Seeded, realistic Rembang order history: markets, materials, repeat buyers and the order
 * patterns the watch must tell apart (steady exporters, growing ones, a one-off viral month,
 * hobby sellers, businesses that went quiet). Same seed and size → same rows.
 */

/** mulberry32: tiny, fast, good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
function weighted<T>(r: Rand, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1][0];
}

export type Pattern = 'steady' | 'growing' | 'spiky' | 'hobby' | 'lapsed';
const PATTERNS: ReadonlyArray<readonly [Pattern, number]> = [
  ['steady', 25],
  ['growing', 10],
  ['spiky', 12],
  ['hobby', 38],
  ['lapsed', 15],
];
/** Relative order volume of one business of each pattern. */
const PATTERN_VOLUME: Record<Pattern, number> = { steady: 3, growing: 2.5, spiky: 1.5, hobby: 0.12, lapsed: 1.2 };

/** Rembang's trades: leather (snakeskin, stingray, cow/goat) and batik. */
const TRADES = [
  {
    material: 'snakeskin',
    categories: ['bag', 'belt', 'wallet', 'footwear'],
    markets: [
      ['MY', 60],
      ['SG', 12],
      ['BN', 10],
      ['CN', 8],
      ['HK', 5],
      ['SA', 5],
    ],
    w: 18,
  },
  {
    material: 'stingray',
    categories: ['bag', 'wallet', 'belt'],
    markets: [
      ['CN', 60],
      ['HK', 12],
      ['TW', 10],
      ['MY', 10],
      ['JP', 8],
    ],
    w: 12,
  },
  {
    material: 'cowhide',
    categories: ['bag', 'footwear', 'belt', 'wallet'],
    markets: [
      ['MY', 40],
      ['SG', 20],
      ['BN', 15],
      ['AU', 10],
      ['SA', 15],
    ],
    w: 14,
  },
  {
    material: 'goatskin',
    categories: ['bag', 'wallet', 'accessory'],
    markets: [
      ['MY', 45],
      ['SG', 20],
      ['BN', 20],
      ['SA', 15],
    ],
    w: 6,
  },
  {
    material: 'cotton',
    categories: ['batik_fabric', 'batik_garment'],
    markets: [
      ['MY', 30],
      ['SG', 20],
      ['BN', 15],
      ['JP', 10],
      ['NL', 8],
      ['AU', 8],
      ['US', 9],
    ],
    w: 38,
  },
  {
    material: 'silk',
    categories: ['batik_fabric', 'batik_garment', 'accessory'],
    markets: [
      ['JP', 25],
      ['SG', 25],
      ['MY', 20],
      ['US', 15],
      ['NL', 15],
    ],
    w: 12,
  },
] as const;

const CURRENCY_BY_MARKET: Record<string, string> = {
  MY: 'MYR',
  CN: 'CNY',
  SG: 'SGD',
  BN: 'BND',
  HK: 'HKD',
  TW: 'TWD',
  SA: 'SAR',
  AU: 'AUD',
  US: 'USD',
  JP: 'JPY',
  NL: 'EUR',
};
/** Unit price in IDR and unit weight in kg per category. */
const UNIT: Record<string, { idr: number; kg: number; hs: string[] }> = {
  bag: { idr: 1_400_000, kg: 0.9, hs: ['420221', '420222'] },
  wallet: { idr: 350_000, kg: 0.15, hs: ['420231', '420232'] },
  belt: { idr: 450_000, kg: 0.3, hs: ['420330'] },
  footwear: { idr: 900_000, kg: 1.1, hs: ['640391', '640399'] },
  batik_fabric: { idr: 300_000, kg: 0.35, hs: ['520852', '521152'] },
  batik_garment: { idr: 420_000, kg: 0.4, hs: ['620640', '611430'] },
  accessory: { idr: 120_000, kg: 0.08, hs: ['420500'] },
};
const CHANNELS: ReadonlyArray<readonly [string, number]> = [
  ['post', 45],
  ['courier', 25],
  ['marketplace', 20],
  ['forwarder', 8],
  ['other', 2],
];
const NAME_A = ['Ulla', 'Arma', 'Sekar', 'Lasem', 'Kartini', 'Dampo', 'Sari', 'Tirta', 'Naga', 'Pusaka', 'Rembang', 'Sido', 'Kawung', 'Gunung', 'Pari'];
const NAME_B = ['Leather', 'Craft', 'Batik', 'Kulit', 'Collection', 'Art', 'Tenun', 'Handmade', 'Jaya', 'Abadi'];
const BUYER_HANDLES = ['@butik', '@kedai', 'toko ', 'mr ', 'mrs ', '@shop.', '@store_', 'pak ', 'cik ', '@lux'];

export interface RateTable {
  /** currency → sorted [validFrom, idrPerUnit] */
  rates: Map<string, Array<[string, number]>>;
  minor: Map<string, number>;
}

export async function loadRates(c: Client): Promise<RateTable> {
  const rates = new Map<string, Array<[string, number]>>();
  for (const r of (
    await c.query<{ currency: string; d: string; v: string }>(
      `SELECT currency, to_char(valid_from, 'YYYY-MM-DD') d, idr_per_unit::text v FROM exchange_rates ORDER BY currency, valid_from`,
    )
  ).rows) {
    const k = r.currency.trim();
    if (!rates.has(k)) rates.set(k, []);
    rates.get(k)!.push([r.d, Number(r.v)]);
  }
  const minor = new Map(
    (await c.query<{ code: string; minor_units: number }>('SELECT code, minor_units FROM currencies')).rows.map((r) => [r.code.trim(), r.minor_units]),
  );
  return { rates, minor };
}

export function rateOn(t: RateTable, currency: string, day: string): number {
  const xs = t.rates.get(currency)!;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xs[mid][0] <= day) lo = mid;
    else hi = mid - 1;
  }
  return xs[lo][1];
}

export interface Business {
  index: number;
  id: string;
  name: string;
  district: string;
  pattern: Pattern;
  material: string;
  categories: readonly string[];
  markets: ReadonlyArray<readonly [string, number]>;
  buyers: number;
}

/** Deterministic UUID-shaped id for business i (so runs repeat). */
export function businessId(i: number): string {
  const h = (i + 1).toString(16).padStart(12, '0');
  return `b0000000-0000-4000-8000-${h}`;
}

export function makeBusinesses(n: number, seed = 17): Business[] {
  const r = prng(seed);
  const out: Business[] = [];
  for (let i = 0; i < n; i++) {
    const trade = weighted(
      r,
      TRADES.map((t) => [t, t.w] as const),
    );
    const pattern = weighted(r, PATTERNS);
    out.push({
      index: i,
      id: businessId(i),
      name: `${pick(r, NAME_A)} ${pick(r, NAME_B)} ${i + 1}`,
      district: pick(r, DISTRICTS),
      pattern,
      material: trade.material,
      categories: trade.categories,
      markets: trade.markets.slice(0, pattern === 'hobby' ? 2 : 2 + Math.floor(r() * (trade.markets.length - 1))),
      buyers: pattern === 'hobby' ? 3 + Math.floor(r() * 5) : 10 + Math.floor(r() * 60),
    });
  }
  return out;
}

export interface GenOrder {
  businessId: string;
  externalRef: string;
  orderedAt: Date;
  orderedOn: string;
  country: string;
  buyerRef: string;
  category: string;
  material: string;
  quantity: number;
  /** Decimal string in the currency's major units. */
  amount: string;
  amountMinor: bigint;
  currency: string;
  channel: string;
  weightKg: string | null;
  hsCode: string | null;
  declaration: string;
  declaredBy: string;
  originCertificate: string;
}

/**
 * How an order was declared, by the business's route (its index, so the random stream and with it
 * every other generated value stay as they were): half ship by CN in their own name, some through a
 * consolidator, some by PEB through a broker for heavy parcels, a few by their own PEB with a
 * certificate of origin, the rest unknown (as orders logged before the ladder existed).
 */
export function declarationFor(
  b: { index: number },
  weightKg: string | null,
  country: string,
): Pick<GenOrder, 'declaration' | 'declaredBy' | 'originCertificate'> {
  const route = b.index % 10;
  const heavy = weightKg !== null && Number(weightKg) > 30;
  if (route <= 4)
    return heavy
      ? { declaration: 'peb', declaredBy: 'customs_broker', originCertificate: 'none' }
      : { declaration: 'cn', declaredBy: 'postal_operator', originCertificate: 'none' };
  if (route === 5) return { declaration: 'pkbk', declaredBy: 'aggregator', originCertificate: 'none' };
  if (route === 6) return { declaration: 'peb', declaredBy: 'customs_broker', originCertificate: 'none' };
  if (route === 7) return { declaration: 'peb', declaredBy: 'self', originCertificate: country === 'MY' ? 'form_d' : country === 'CN' ? 'form_e' : 'none' };
  return { declaration: 'unknown', declaredBy: 'unknown', originCertificate: 'none' };
}

/** Day offset (0 = first day of the history) for an order of this pattern. */
function dayFor(r: Rand, b: Business, days: number, spikeAt: number): number {
  switch (b.pattern) {
    case 'steady':
      return Math.floor(r() * days);
    case 'growing':
      return Math.floor(Math.sqrt(r()) * days); // density rises linearly towards today
    case 'spiky':
      return r() < 0.75 ? Math.min(days - 1, spikeAt + Math.floor(r() * 30)) : Math.floor(r() * days);
    case 'lapsed':
      return Math.floor(r() * days * 0.6);
    case 'hobby':
      return Math.floor(r() * days);
  }
}

export interface HistoryOptions {
  businesses: Business[];
  orders: number;
  /** Last day of the history (WIB), inclusive. */
  endDay: string;
  days?: number;
  seed?: number;
  rates: RateTable;
}

/** Streams the history business by business; counts add up to roughly `orders`. */
export function* history(o: HistoryOptions): Generator<GenOrder> {
  const days = o.days ?? 730;
  const firstDay = addDays(o.endDay, -(days - 1));
  const totalW = o.businesses.reduce((s, b) => s + PATTERN_VOLUME[b.pattern], 0);
  let carry = 0;
  for (const b of o.businesses) {
    const r = prng((o.seed ?? 99) * 100_003 + b.index);
    const exact = (o.orders * PATTERN_VOLUME[b.pattern]) / totalW + carry;
    const count = Math.floor(exact);
    carry = exact - count;
    const spikeAt = Math.floor(r() * (days - 30));
    for (let k = 0; k < count; k++) {
      const day = addDays(firstDay, dayFor(r, b, days, spikeAt));
      yield makeOrder(r, b, `h${b.index}-${k}`, day, o.rates);
    }
  }
}

/** One realistic order of business b on a WIB day. */
export function makeOrder(r: Rand, b: Business, ref: string, day: string, rates: RateTable): GenOrder {
  const orderedAt = new Date(startOfWibDay(day).getTime() + Math.floor((7 + r() * 15) * 3600_000) + Math.floor(r() * 3600_000));
  const country = weighted(r, b.markets);
  const category = pick(r, b.categories);
  // Zipf-ish buyer choice: a few loyal buyers order again and again
  const buyerNo = Math.floor(b.buyers * Math.pow(r(), 2.2));
  const buyerRef = `${BUYER_HANDLES[(b.index + buyerNo) % BUYER_HANDLES.length]}${country.toLowerCase()}${b.index}x${buyerNo}`;
  const bulk = b.pattern === 'steady' && r() < 0.08;
  const quantity = bulk ? 20 + Math.floor(r() * 40) : 1 + Math.floor(Math.pow(r(), 3) * 8);
  const unit = UNIT[category];
  const currency = r() < 0.15 ? 'IDR' : r() < 0.1 ? 'USD' : (CURRENCY_BY_MARKET[country] ?? 'USD');
  const minor = rates.minor.get(currency) ?? 2;
  const idr = unit.idr * quantity * (0.7 + r() * 0.6);
  const rate = rateOn(rates, currency, day);
  let amountMinor = BigInt(Math.max(1, Math.round((idr / rate) * 10 ** minor)));
  if (currency === 'IDR') amountMinor = (amountMinor / 100000n) * 100000n || 100000n; // whole thousands of rupiah
  const s = amountMinor.toString().padStart(minor + 1, '0');
  const amount = minor ? `${s.slice(0, -minor)}.${s.slice(-minor)}` : s;
  const weight = r() < 0.85 ? (unit.kg * quantity * (0.9 + r() * 0.3) + 0.2).toFixed(3) : null;
  return {
    businessId: b.id,
    externalRef: ref,
    orderedAt,
    orderedOn: day,
    country,
    buyerRef,
    category,
    material: b.material,
    quantity,
    amount,
    amountMinor,
    currency,
    channel: weighted(r, CHANNELS),
    weightKg: weight,
    hsCode: r() < 0.6 ? pick(r, unit.hs) : null,
    ...declarationFor(b, weight, country),
  };
}

/** The API's JSON shape of an order. */
export function toJson(o: GenOrder): Record<string, unknown> {
  const j: Record<string, unknown> = {
    externalRef: o.externalRef,
    orderedAt: new Date(o.orderedAt.getTime() + 7 * 3600_000).toISOString().replace('Z', '+07:00'),
    destinationCountry: o.country,
    buyerRef: o.buyerRef,
    productCategory: o.category,
    material: o.material,
    quantity: o.quantity,
    amount: o.amount,
    currency: o.currency,
    shippingChannel: o.channel,
  };
  if (o.weightKg !== null) j.weightKg = Number(o.weightKg);
  if (o.hsCode !== null) j.hsCode = o.hsCode;
  return j;
}

export const CSV_HEADER = 'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel,weightKg,hsCode';
export function toCsvLine(o: GenOrder): string {
  const at = new Date(o.orderedAt.getTime() + 7 * 3600_000).toISOString().replace('Z', '+07:00');
  return `${o.externalRef},${at},${o.country},${o.buyerRef},${o.category},${o.material},${o.quantity},${o.amount},${o.currency},${o.channel},${o.weightKg ?? ''},${o.hsCode ?? ''}\n`;
}

/** Every column of an orders row as the product stores it (IDR value and buyer key computed here). */
export class RowMaker {
  private readonly keys = new Map<string, string>();
  constructor(
    private readonly secret: string,
    private readonly rates: RateTable,
  ) {}

  key(buyerRef: string): string {
    const norm = normaliseBuyer(buyerRef);
    let k = this.keys.get(norm);
    if (!k) {
      if (this.keys.size > 500_000) this.keys.clear();
      this.keys.set(norm, (k = buyerKey(this.secret, norm)));
    }
    return k;
  }

  valueIdr(o: GenOrder): number {
    const minor = this.rates.minor.get(o.currency) ?? 2;
    return Math.round((Number(o.amountMinor) / 10 ** minor) * rateOn(this.rates, o.currency, o.orderedOn));
  }

  /** Column values in ORDER_COLUMNS order. */
  values(o: GenOrder, createdBy: string): unknown[] {
    return [
      o.businessId,
      o.externalRef,
      o.orderedAt.toISOString(),
      o.orderedOn,
      o.country,
      o.buyerRef,
      this.key(o.buyerRef),
      o.category,
      o.material,
      o.quantity,
      o.amountMinor.toString(),
      o.currency,
      this.valueIdr(o),
      o.channel,
      o.weightKg,
      o.hsCode,
      createdBy,
      o.declaration,
      o.declaredBy,
      o.originCertificate,
    ];
  }
}

export const ORDER_COLUMNS = [
  'business_id',
  'external_ref',
  'ordered_at',
  'ordered_on',
  'destination_country',
  'buyer_ref',
  'buyer_key',
  'product_category',
  'material',
  'quantity',
  'amount_minor',
  'currency',
  'value_idr',
  'shipping_channel',
  'weight_kg',
  'hs_code',
  'created_by',
  'declaration',
  'declared_by',
  'origin_certificate',
];

/** COPY a stream of orders into `orders` (text format, 10k-row chunks). Returns rows written. */
export async function copyOrders(c: Client, rows: Iterable<GenOrder>, maker: RowMaker, createdBy = 'bench'): Promise<number> {
  let n = 0;
  const it = rows[Symbol.iterator]();
  const src = Readable.from(
    (function* () {
      let buf: string[] = [];
      for (let x = it.next(); !x.done; x = it.next()) {
        const v = maker.values(x.value, createdBy);
        buf.push(v.map((c) => (c === null ? '\\N' : String(c))).join('\t'));
        n++;
        if (buf.length === 10_000) {
          yield `${buf.join('\n')}\n`;
          buf = [];
        }
      }
      if (buf.length) yield `${buf.join('\n')}\n`;
    })(),
  );
  await pipeline(src, c.query(copyFrom(`COPY orders (${ORDER_COLUMNS.join(', ')}) FROM STDIN`)));
  return n;
}

/**
 * Bulk-load helper: drops the secondary indexes of `orders` (keeping those behind constraints),
 * runs `load`, then rebuilds them — building an index once is far cheaper than maintaining it row
 * by row. Triggers stay on, so whatever the app maintains on write (dirty marks) still happens.
 */
export async function withoutOrderIndexes<T>(c: Client, load: () => Promise<T>): Promise<T> {
  const defs = (
    await c.query<{ name: string; def: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'orders'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`,
    )
  ).rows;
  for (const d of defs) await c.query(`DROP INDEX ${d.name}`);
  try {
    return await load();
  } finally {
    await c.query(`SET maintenance_work_mem = '256MB'`);
    for (const d of defs) await c.query(d.def);
  }
}

/** COPY the businesses. */
export async function copyBusinesses(c: Client, bs: Business[]): Promise<void> {
  const lines = bs.map((b) =>
    [b.id, b.name, b.district, `{${b.material}}`, b.pattern === 'steady' && b.index % 7 === 0 ? 't' : 'f', `usaha${b.index}@example.id`].join('\t'),
  );
  await pipeline(
    Readable.from([`${lines.join('\n')}\n`]),
    c.query(copyFrom('COPY businesses (id, name, district, materials, has_customs_access, email) FROM STDIN')),
  );
}
