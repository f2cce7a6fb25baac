/**
 * `npm run demo`: the product's main job, end to end.
 *
 * 1. starts from an empty database (`siap_ekspor_demo`, dropped and recreated; or DATABASE_URL if it
 *    names an empty database),
 * 2. seeds ~60 Rembang businesses across the 14 kecamatan with 18 months of overseas orders
 *    (deterministic PRNG, one unnest INSERT per table),
 * 3. runs the weekly watch for every past week, in order, through the HTTP API and the real queue,
 * 4. prints this week's flagged businesses with reasons and paperwork checklists,
 * 5. leaves the service running (API + worker) on PORT.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { createHttpApp, createLogger } from '../src/bootstrap';
import { DISTRICTS } from '../src/common/reference-data';
import { addDays, isoWeek, weekStart, wibDate } from '../src/common/time';
import { validateEnv } from '../src/config/env.validate';
import { Db } from '../src/database/db';
import { ActivitiesService } from '../src/casework/activities.service';
import { seedCasework } from './demo-casework';
import { AccountsService } from '../src/accounts/accounts.service';
import { JobSchedulesService } from '../src/jobs/job-schedules.service';
import { MailService } from '../src/mail/mail.service';
import { buyerKey, normaliseBuyer } from '../src/orders/order-input';
import { declarationOf, LADDER_BUSINESSES, ladderDocuments } from './demo-ladder';
import { JOINT_BUSINESSES, JOINT_MARKET, seedJoint } from './demo-joint';
import { NEAR_CAPACITY, seedCapacity } from './demo-capacity';

const DEMO_DB = 'siap_ekspor_demo';
const DEMO_ADMIN_KEY = 'demo-admin-key-0123456789';
const DEMO_OFFICER = 'sari@dinkop.rembangkab.go.id';
const DEMO_ADMIN = 'admin@dinkop.rembangkab.go.id';
const DEMO_PASSWORD = 'siap-ekspor-demo';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

type Profile = 'steady_snake_my' | 'steady_ray_cn' | 'batik_steady' | 'viral_spike' | 'hobby' | 'sporadic' | 'one_large' | 'lapsed' | 'newcomer';
interface Biz {
  name: string;
  district: string;
  profile: Profile;
  materials: string[];
  nib?: string;
  customs?: boolean;
}
/** The fields of GET /flags the demo prints. */
interface DemoFlag {
  businessId: string;
  businessName: string;
  district: string;
  market: string;
  kind: string;
  score: number;
  raisedOn: string;
  reasons: string[];
  checklist: { code: string; title: string; reason: string }[];
}
interface Order {
  b: number;
  at: Date;
  country: string;
  buyer: string;
  category: string;
  material: string;
  qty: number;
  amountMinor: number;
  currency: string;
  channel: string;
  weight: number;
}

const PREFIX = ['Kulit', 'Batik', 'Griya', 'Sanggar', 'Omah', 'Rumah', 'Karya', 'Pesona', 'Sentra', 'Cahaya'];
const SUFFIX = ['Lasem', 'Mandiri', 'Jaya', 'Abadi', 'Sejahtera', 'Makmur', 'Kreasi', 'Nusantara', 'Pesisir', 'Kartini'];

function businesses(): Biz[] {
  const r = prng(17);
  const plan: Array<[Profile, number, string[]]> = [
    ['steady_snake_my', 8, ['snakeskin']],
    ['steady_ray_cn', 5, ['stingray']],
    ['batik_steady', 6, ['cotton', 'silk']],
    ['viral_spike', 6, ['cotton']],
    ['hobby', 10, ['cotton']],
    ['sporadic', 10, ['cowhide']],
    ['one_large', 4, ['cowhide']],
    ['lapsed', 6, ['snakeskin']],
    ['newcomer', 5, ['goatskin']],
  ];
  const out: Biz[] = [
    { name: 'Ulla Leather', district: 'Lasem', profile: 'steady_snake_my', materials: ['snakeskin'] },
    { name: 'Arma Leather and Craft', district: 'Rembang', profile: 'steady_ray_cn', materials: ['stingray'] },
    ...LADDER_BUSINESSES,
  ];
  const used = new Set(out.map((b) => b.name));
  let i = 0;
  for (const [profile, n, materials] of plan) {
    const already = out.filter((b) => b.profile === profile).length;
    for (let k = already; k < n; k++) {
      let name: string;
      do name = `${r.pick(PREFIX)} ${r.pick(SUFFIX)}${r.chance(0.3) ? ` ${r.int(2, 9)}` : ''}`;
      while (used.has(name));
      used.add(name);
      out.push({
        name,
        district: DISTRICTS[i++ % DISTRICTS.length],
        profile,
        materials,
        nib: r.chance(0.3) ? `91200${r.int(10000000, 99999999)}` : undefined,
        customs: false,
      });
    }
  }
  return out;
}

function orders(list: Biz[], start: string, today: string): Order[] {
  const r = prng(2026);
  const out: Order[] = [];
  const days = Math.round((Date.parse(today) - Date.parse(start)) / 86_400_000);
  const at = (d: number) => new Date(Date.parse(`${addDays(start, d)}T00:00:00Z`) - 7 * 3600_000 + r.int(8 * 60, 22 * 60) * 60_000);
  list.forEach((biz, b) => {
    const buyers = Array.from({ length: 40 }, (_, k) => `${biz.name.split(' ')[0].toLowerCase()}.buyer${k}@mail`);
    const regulars = buyers.slice(0, r.int(4, 8));
    const add = (d: number, o: Partial<Order> & { country: string; currency: string; amountMinor: number }) => {
      if (d < 0 || d >= days) return;
      out.push({
        b,
        at: at(d),
        buyer: r.chance(0.7) ? r.pick(regulars) : r.pick(buyers),
        category: 'bag',
        material: biz.materials[0],
        qty: r.int(1, 6),
        channel: r.pick(['post', 'courier']),
        weight: Math.round(r.int(5, 40)) / 10,
        ...o,
      });
    };
    const weekly = (
      from: number,
      to: number,
      lo: number,
      hi: number,
      mk: () => Partial<Order> & { country: string; currency: string; amountMinor: number },
    ) => {
      for (let w = from; w < to; w += 7) {
        const n = r.chance(0.08) ? 0 : r.int(lo, hi); // now and then a quiet week
        for (let k = 0; k < n; k++) add(w + r.int(0, 6), mk());
      }
    };
    const snake = () => ({
      country: 'MY',
      currency: 'MYR',
      amountMinor: r.int(450, 2600) * 100,
      category: r.pick(['bag', 'belt', 'wallet', 'footwear']),
      material: 'snakeskin',
    });
    const ray = () => ({
      country: 'CN',
      currency: 'CNY',
      amountMinor: r.int(700, 4200) * 100,
      category: r.pick(['bag', 'wallet']),
      material: 'stingray',
      weight: r.chance(0.1) ? r.int(200, 290) / 10 : r.int(10, 60) / 10,
    });
    switch (biz.profile) {
      case 'steady_snake_my':
        weekly(r.int(0, 60), days, 2, 4, snake);
        break;
      case 'steady_ray_cn':
        weekly(r.int(0, 60), days, 2, 5, ray);
        break;
      case 'batik_steady':
        weekly(r.int(0, 90), days, 1, 3, () => ({
          country: r.pick(['MY', 'MY', 'SG', 'JP']),
          currency: 'IDR',
          amountMinor: r.int(15, 60) * 100_000 * 100,
          category: r.pick(['batik_fabric', 'batik_garment']),
          material: r.pick(['cotton', 'silk']),
        }));
        break;
      case 'viral_spike': {
        const s = r.int(30, days - 40);
        for (let k = 0; k < r.int(35, 70); k++)
          add(s + r.int(0, 24), {
            country: r.pick(['MY', 'SG', 'BN']),
            currency: 'IDR',
            amountMinor: r.int(2, 8) * 100_000 * 100,
            category: 'batik_garment',
            material: 'cotton',
            buyer: `viral.${b}.${r.int(0, 500)}@ig`,
          });
        for (let k = 0; k < 4; k++)
          add(r.int(0, days - 1), { country: 'MY', currency: 'IDR', amountMinor: 300_000 * 100, category: 'batik_fabric', material: 'cotton' });
        break;
      }
      case 'hobby': {
        const buyer = `auntie.${b}@wa`;
        for (let d = r.int(0, 30); d < days; d += r.int(10, 28))
          add(d, {
            country: r.pick(['SG', 'MY']),
            currency: 'SGD',
            amountMinor: r.int(15, 45) * 100,
            category: 'batik_fabric',
            material: 'cotton',
            buyer,
            weight: 0.3,
          });
        break;
      }
      case 'sporadic':
        for (let k = 0; k < r.int(5, 10); k++)
          add(r.int(0, days - 1), {
            country: r.pick(['MY', 'SG', 'AU', 'NL', 'SA']),
            currency: 'USD',
            amountMinor: r.int(40, 300) * 100,
            category: r.pick(['bag', 'belt', 'footwear']),
            material: 'cowhide',
            buyer: `oneoff.${b}.${k}@mail`,
          });
        break;
      case 'one_large':
        add(r.int(days - 120, days - 10), {
          country: r.pick(['SA', 'MY']),
          currency: 'USD',
          amountMinor: r.int(6000, 9500) * 100,
          category: 'footwear',
          material: 'cowhide',
          qty: r.int(300, 600),
          weight: r.int(35, 60),
          buyer: `wholesale.${b}@trade`,
        });
        for (let k = 0; k < 2; k++) add(r.int(0, days - 1), { country: 'MY', currency: 'USD', amountMinor: r.int(40, 100) * 100, material: 'cowhide' });
        break;
      case 'lapsed':
        weekly(r.int(0, 40), days - r.int(60, 270), 2, 4, b % 2 ? snake : ray);
        break;
      case 'newcomer': {
        const s = days - r.int(110, 150);
        for (let w = s, i = 0; w < days; w += 7, i++)
          for (let k = 0; k < Math.min(5, 1 + Math.floor(i / 4)); k++)
            add(w + r.int(0, 6), { country: 'SG', currency: 'SGD', amountMinor: r.int(120, 600) * 100, category: 'wallet', material: 'goatskin' });
        break;
      }
    }
  });
  return out;
}

/**
 * Weekly rates (IDR per unit, from each Monday) for the demo's currencies: a smooth deterministic
 * drift through real 2025–2026 levels (a gentle climb plus a half-year swell) with small weekly
 * noise, kept inside each band. The migration's monthly seed stays for the other currencies.
 */
const DEMO_RATE_BANDS: Record<string, [number, number]> = { MYR: [3500, 3800], CNY: [2200, 2350], USD: [15800, 16900], SGD: [12000, 12900] };

function demoRates(start: string, today: string): Array<{ currency: string; validFrom: string; idrPerUnit: string }> {
  const r = prng(1945);
  const weeks = Math.floor((Date.parse(today) - Date.parse(start)) / (7 * 86_400_000));
  const out: Array<{ currency: string; validFrom: string; idrPerUnit: string }> = [];
  Object.entries(DEMO_RATE_BANDS).forEach(([currency, [lo, hi]], c) => {
    for (let w = 0; w <= weeks; w++) {
      const drift = 0.15 + 0.65 * (w / Math.max(1, weeks)) + 0.12 * Math.sin((2 * Math.PI * w) / 26 + c * 1.3);
      const noisy = (lo + (hi - lo) * drift) * (1 + (r.next() - 0.5) * 0.004);
      out.push({ currency, validFrom: addDays(start, 7 * w), idrPerUnit: Math.min(hi, Math.max(lo, noisy)).toFixed(2) });
    }
  });
  return out;
}

async function freshDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    if (name === DEMO_DB) {
      await c.query(`DROP DATABASE IF EXISTS "${DEMO_DB}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${DEMO_DB}"`);
    }
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  process.env.DATABASE_URL ??= `postgres://postgres@127.0.0.1:5432/${DEMO_DB}`;
  process.env.ADMIN_API_KEY ??= DEMO_ADMIN_KEY;
  process.env.QUEUE_PREFIX ??= 'siap-demo';
  process.env.LOG_LEVEL ??= 'warn';
  const env = validateEnv(process.env);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(`Siap Ekspor demo → ${env.DATABASE_URL.replace(/\/\/[^@]*@/, '//')}`);
  await freshDatabase(env.DATABASE_URL);

  const app = await createHttpApp({ role: 'all', logger: createLogger(env.LOG_LEVEL) });
  await app.listen(env.PORT, '0.0.0.0');
  const db = app.get(Db);
  const existing = await db.one<{ n: number }>('SELECT count(*)::int AS n FROM businesses');
  if (existing!.n > 0)
    throw new Error(`the database already has ${existing!.n} businesses: point DATABASE_URL at an empty database (or unset it to use ${DEMO_DB})`);
  // stale jobs of an earlier demo under the same prefix would confuse the queue; the reset
  // registers the weekly watch and retention schedules again, so the service left running keeps them
  await app.get(JobSchedulesService).resetQueues();

  const today = wibDate(new Date());
  const start = addDays(weekStart(today), -7 * 78);
  const list = businesses();
  const t0 = Date.now();
  const ids = (
    await db.many<{ id: string }>(
      `INSERT INTO businesses (name, district, materials, nib, has_customs_access, created_at)
       SELECT name, district, string_to_array(materials, ','), nib, customs, $6::timestamptz
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[]) WITH ORDINALITY AS t(name, district, materials, nib, customs, n)
        ORDER BY n RETURNING id`,
      [
        list.map((b) => b.name),
        list.map((b) => b.district),
        list.map((b) => b.materials.join(',')),
        list.map((b) => b.nib ?? null),
        list.map((b) => !!b.customs),
        `${start}T00:00:00+07:00`,
      ],
    )
  ).map((r) => r.id);
  // believable weekly rates over the seeded window, in place of the migration's monthly steps
  const rates = demoRates(start, today);
  await db.tx(async (c) => {
    await c.query('DELETE FROM exchange_rates WHERE currency = ANY($1::text[]) AND valid_from >= $2', [Object.keys(DEMO_RATE_BANDS), start]);
    await c.query(
      `INSERT INTO exchange_rates (currency, valid_from, idr_per_unit, source, created_by)
       SELECT currency, valid_from, idr_per_unit, 'simulasi demo', 'demo-seed' FROM unnest($1::text[], $2::date[], $3::numeric[]) AS t(currency, valid_from, idr_per_unit)`,
      [rates.map((x) => x.currency), rates.map((x) => x.validFrom), rates.map((x) => x.idrPerUnit)],
    );
  });
  const all = orders(list, start, today).sort((a, b) => a.at.getTime() - b.at.getTime());
  const declR = prng(3317);
  const declared = all.map((o) => declarationOf(list[o.b], Math.round((Date.parse(today) - o.at.getTime()) / 86_400_000), o.country, declR.chance));
  const keyCache = new Map<string, string>();
  const key = (buyer: string) => {
    let k = keyCache.get(buyer);
    if (!k) keyCache.set(buyer, (k = buyerKey(env.APP_SECRET, normaliseBuyer(buyer))));
    return k;
  };
  for (let i = 0; i < all.length; i += 10_000) {
    const chunk = all.slice(i, i + 10_000);
    await db.exec(
      `INSERT INTO orders (business_id, external_ref, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material,
                           quantity, amount_minor, currency, value_idr, shipping_channel, weight_kg, created_by, declaration, declared_by, origin_certificate)
       SELECT t.business_id, t.external_ref, t.ordered_at, (t.ordered_at AT TIME ZONE 'Asia/Jakarta')::date, t.country, t.buyer, t.buyer_key, t.category,
              t.material, t.qty, t.amount_minor, t.currency,
              round(t.amount_minor::numeric / (10 ^ c.minor_units) * (SELECT er.idr_per_unit FROM exchange_rates er WHERE er.currency = t.currency
                      AND er.valid_from <= (t.ordered_at AT TIME ZONE 'Asia/Jakarta')::date ORDER BY er.valid_from DESC LIMIT 1))::bigint,
              t.channel, t.weight, 'demo-seed', t.declaration, t.declared_by, t.origin_certificate
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::bigint[],
                     $11::text[], $12::text[], $13::numeric[], $14::text[], $15::text[], $16::text[])
              AS t(business_id, external_ref, ordered_at, country, buyer, buyer_key, category, material, qty, amount_minor, currency, channel, weight,
                   declaration, declared_by, origin_certificate)
         JOIN currencies c ON c.code = t.currency`,
      [
        chunk.map((o) => ids[o.b]),
        chunk.map((_, k) => `DEMO-${i + k + 1}`),
        chunk.map((o) => o.at.toISOString()),
        chunk.map((o) => o.country),
        chunk.map((o) => o.buyer),
        chunk.map((o) => key(o.buyer)),
        chunk.map((o) => o.category),
        chunk.map((o) => o.material),
        chunk.map((o) => o.qty),
        chunk.map((o) => o.amountMinor),
        chunk.map((o) => o.currency),
        chunk.map((o) => o.channel),
        chunk.map((o) => o.weight),
        ...(['declaration', 'declaredBy', 'originCertificate'] as const).map((f) => declared.slice(i, i + 10_000).map((d) => d[f])),
      ],
    );
  }
  const docs = ladderDocuments((d) => addDays(today, d));
  await db.exec(
    `INSERT INTO business_documents (business_id, type, number, issued_on, expires_on, note, created_by)
     SELECT *, 'demo-seed' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::date[], $6::text[])`,
    [
      docs.map((d) => ids[list.findIndex((b) => b.name === d.business)]),
      docs.map((d) => d.type),
      docs.map((d) => d.number),
      docs.map((d) => d.issuedOn),
      docs.map((d) => d.expiresOn),
      docs.map((d) => d.note),
    ],
  );
  // four Lasem batik makers who can only export together (the joint-export candidate), before the weekly runs judge them
  await seedJoint(db, today, key);
  log(`seeded ${JOINT_BUSINESSES.length} Lasem batik makers shipping cotton to Australia together (joint-export candidate ${JOINT_MARKET}:cotton)`);
  // a bulk load leaves the planner without statistics until autovacuum comes round: give them now, as an operator would
  await db.exec('ANALYZE orders');
  const withCapacity = await seedCapacity(db, addDays(weekStart(today), -1));
  log(`declared capacity for ${withCapacity} businesses; ${NEAR_CAPACITY.name} runs at about ${NEAR_CAPACITY.share * 100} % of it`);
  log(
    `seeded ${list.length} businesses in ${new Set(list.map((b) => b.district)).size} kecamatan and ${all.length} orders (${start} → ${today}) in ${Date.now() - t0} ms`,
  );

  // every past week, in order, through the HTTP API and the real queue
  const base = `http://127.0.0.1:${env.PORT}/api/v1`;
  const headers = { authorization: `Bearer ${env.ADMIN_API_KEY}`, 'content-type': 'application/json' };

  // officers who read the dashboard and receive the weekly digest (Indonesian and English)
  const accounts = app.get(AccountsService);
  const sari = await accounts.createWithPassword('system', {
    email: DEMO_OFFICER,
    name: 'Sari (Dinas Koperasi UKM)',
    role: 'officer',
    locale: 'id',
    password: DEMO_PASSWORD,
  });
  await accounts.createWithPassword('system', { email: DEMO_ADMIN, name: 'Admin Dinas', role: 'admin', locale: 'id', password: DEMO_PASSWORD });
  for (const sub of [
    { email: DEMO_OFFICER, name: 'Sari', locale: 'id' },
    { email: 'trade.attache@example.org', name: 'Trade desk', locale: 'en', markets: ['MY', 'CN'] },
  ]) {
    const res = await fetch(`${base}/digests/subscriptions`, { method: 'POST', headers, body: JSON.stringify(sub) });
    if (res.status !== 201) throw new Error(`POST /digests/subscriptions: ${res.status} ${await res.text()}`);
  }
  const lastSunday = addDays(weekStart(today), -1);
  const sundays: string[] = [];
  for (let s = addDays(start, 6); s <= lastSunday; s = addDays(s, 7)) sundays.push(s);
  let lastRun = '';
  for (const asOf of sundays) {
    const res = await fetch(`${base}/watch/runs`, { method: 'POST', headers, body: JSON.stringify({ asOf }) });
    if (res.status !== 202) throw new Error(`POST /watch/runs ${asOf}: ${res.status} ${await res.text()}`);
    lastRun = ((await res.json()) as { id: string }).id;
  }
  const t1 = Date.now();
  for (;;) {
    const done = await db.one<{ done: number; total: number }>(
      `SELECT count(*) FILTER (WHERE status IN ('completed', 'failed'))::int AS done, count(*)::int AS total FROM watch_runs`,
    );
    process.stdout.write(`\rweekly watch: ${done!.done}/${done!.total} weeks evaluated (${Math.round((Date.now() - t1) / 1000)} s)   `);
    if (done!.done === done!.total) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  log('');
  // casework follows the flags the runs raised; the follow-ups after formal rungs and graduations
  // schedule themselves. Both before the digests go out, so the demo's own mails carry "Tindak lanjut minggu ini".
  const casework = await seedCasework(db, today, `officer:user:${sari.id}`);
  const followUps = await app.get(ActivitiesService).scheduleFollowUps();
  log(`casework: ${casework.activities} activities logged by Sari, ${followUps} follow-ups scheduled → ${`http://localhost:${env.PORT}`}/dinas/laporan`);
  const run = (await (await fetch(`${base}/watch/runs/${lastRun}`, { headers })).json()) as Record<string, unknown>;
  // the completed Sunday run publishes its weekly list (a job); the digest tick then mails it
  const week = isoWeek(String(run.asOf));
  let report: { items: unknown[] } | undefined;
  for (let i = 0; i < 60 && !report; i++) {
    const res = await fetch(`${base}/reports/weekly/${week}`, { headers });
    if (res.ok) report = (await res.json()) as { items: unknown[] };
    else await new Promise((r) => setTimeout(r, 500));
  }
  const sent = await fetch(`${base}/digests/send`, { method: 'POST', headers, body: JSON.stringify({ week }) });
  if (sent.status !== 202) log(`POST /digests/send: ${sent.status} ${await sent.text()}`);
  let deliveries: Array<{ email: string; status: string }> = [];
  for (let i = 0; i < 60; i++) {
    deliveries = ((await (await fetch(`${base}/digests/deliveries?week=${week}`, { headers })).json()) as { items: typeof deliveries }).items;
    if (deliveries.length && deliveries.every((d) => d.status !== 'pending')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  log(
    `this week's run (as of ${run.asOf}): ${run.businessesEvaluated}/${run.businessesTotal} businesses, ${run.flagsRaised} raised, ${run.flagsResolved} resolved`,
  );

  const flags = ((await (await fetch(`${base}/flags?active=true&limit=500`, { headers })).json()) as { items: DemoFlag[] }).items;
  const profile = new Map(list.map((b, i) => [ids[i], b.profile]));
  flags.sort((a, b) => a.kind.localeCompare(b.kind) || b.score - a.score);
  log(`\n=== Daftar mingguan ${run.asOf}: ${flags.length} flag aktif ===`);
  for (const f of flags) {
    log(
      `\n■ ${f.businessName} (${f.district}) → ${f.market} · ${f.kind} · skor ${f.score} · sejak ${f.raisedOn}   [seed profile: ${profile.get(f.businessId)}]`,
    );
    for (const r of f.reasons) log(`    ${r}`);
    log('    Dokumen:');
    for (const c of f.checklist) log(`      - ${c.code}: ${c.title} — ${c.reason}`);
  }
  const flaggedProfiles = new Map<string, number>();
  for (const f of flags.filter((x) => x.kind === 'readiness'))
    flaggedProfiles.set(profile.get(f.businessId)!, (flaggedProfiles.get(profile.get(f.businessId)!) ?? 0) + 1);
  log(`\nreadiness flags by seed profile: ${JSON.stringify(Object.fromEntries(flaggedProfiles))}`);
  const joint = (await (await fetch(`${base}/consolidation/candidates?asOf=${run.asOf}`, { headers })).json()) as {
    items: Array<{ key: string; businesses: unknown[]; suggestedRoute: string; combined: { value13wIdr: number } }>;
  };
  for (const c of joint.items)
    log(`joint-export candidate ${c.key}: ${c.businesses.length} businesses, Rp ${c.combined.value13wIdr} in 13 weeks, route ${c.suggestedRoute}`);
  log(`joint export: ${joint.items.length} candidates → http://localhost:${env.PORT}/dinas/ekspor-bersama`);
  log(
    `\nweekly list ${week}: ${report ? `${report.items.length} rows published` : 'not published yet'} → GET ${base}/reports/weekly/${week} (Accept: text/csv for CSV)`,
  );
  const outbox = app.get(MailService).outboxDir;
  log(`digests: ${deliveries.map((d) => `${d.email} ${d.status}`).join(', ') || 'none'}${outbox ? ` → .eml files in ${outbox}` : ''}`);
  log(`dashboard: http://localhost:${env.PORT}/masuk — ${DEMO_OFFICER} / ${DEMO_PASSWORD} (officer), ${DEMO_ADMIN} / ${DEMO_PASSWORD} (admin)`);
  log(
    `\nService running: API ${base} · docs http://localhost:${env.PORT}/api/docs · admin key ${env.ADMIN_API_KEY === DEMO_ADMIN_KEY ? DEMO_ADMIN_KEY : '(ADMIN_API_KEY)'}`,
  );
  log('Ctrl-C to stop.');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
