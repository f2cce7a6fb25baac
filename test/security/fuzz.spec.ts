import fc from 'fast-check';
import type { Db } from '../../src/database/db';
import { ADMIN_KEY, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey, orderBody } from '../factories';
import { insertFlag } from '../reports/fixtures';

/**
 * Property-based fuzzing of every write and read endpoint with hostile input (in-process, fastify
 * inject). Each generated request is invalid by construction; the properties: never a 5xx, every
 * 4xx is `{ statusCode, error, message }` with a non-empty message, and the database is unchanged
 * (row counts and an md5 over the rows of every table the API writes).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
jest.setTimeout(300_000);

// order_imports is the import log (a rejected file leaves a 'failed' entry by design): checked separately below
const TABLES = [
  'businesses',
  'orders',
  'api_keys',
  'digest_subscriptions',
  'webhook_endpoints',
  'flags',
  'watch_runs',
  'watch_replays',
  'exchange_rates',
  'users',
  'job_outbox',
  'domain_events',
  'rule_sets',
];

async function fingerprint(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const existing = new Set(
    (await db.many<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)).map((r) => r.t),
  );
  for (const t of TABLES.filter((x) => existing.has(x))) {
    const r = await db.one<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`,
    );
    out[t] = `${r!.n}:${r!.h}`;
  }
  return out;
}

const hostileString = fc.oneof(
  fc.constantFrom(
    "'; DROP TABLE orders; --",
    '" OR 1=1 --',
    "=cmd|' /C calc'!A0",
    '+SUM(1+1)',
    '@HYPERLINK("http://x")',
    '-2+3',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-0',
    '0x1F',
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '\u0000',
    '\u202e',
    '\ud800',
    'ﷺ'.repeat(50),
    '𝕏'.repeat(300),
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '{{7*7}}',
    '',
    ' ',
    'a'.repeat(10_001),
    '2026-13-45',
    '2026-02-30T25:61:00Z',
    'ID',
    'XX',
    '__proto__',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 1e308, -1, 0, 0.5, 1e21, Number.MIN_VALUE, 2 ** 53 + 1, -(2 ** 63)),
  fc.double(),
  fc.integer(),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('v'), { maxKeys: 3 }),
  ),
})).v;

function deepJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** encodeURIComponent, but a lone surrogate becomes its raw (invalid UTF-8) bytes: hostile too. */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

const ORDER_FIELDS = Object.keys(orderBody());

// Text the contract refuses (API.md, Orders): a NUL or an unpaired surrogate somewhere in a string,
// bytes that are not UTF-8, impossible dates and weeks. Each is put into an otherwise valid request.
const badText = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udbffA', '\u0000\ufffd', 'a\u0000\u0000'), fc.string({ maxLength: 8 }))
  .map(([a, b, c]) => a + b + c);
const notUtf8 = fc.constantFrom([0xe9], [0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x28, 0xa1]);
const TEXT_FIELDS = [
  'buyerRef',
  'externalRef',
  'orderedAt',
  'destinationCountry',
  'productCategory',
  'material',
  'amount',
  'currency',
  'shippingChannel',
  'hsCode',
];
const pad = (n: number) => String(n).padStart(2, '0');
const impossibleDate = fc.oneof(
  fc.record({ y: fc.integer({ min: 1900, max: 2100 }), m: fc.integer({ min: 1, max: 12 }) }).chain(({ y, m }) => {
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return fc.integer({ min: days + 1, max: 39 }).map((d) => `${y}-${pad(m)}-${pad(d)}`);
  }),
  fc
    .record({ y: fc.integer({ min: 1900, max: 2100 }), m: fc.constantFrom(0, 13, 14, 19, 99), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`),
  fc.constantFrom('2026-02-30', '2026-13-01', '2025-02-29', '2026-04-31', '2026-00-10', '2026-11-00'),
);
const impossibleWeek = fc.oneof(
  fc.integer({ min: 54, max: 99 }).map((w) => `2026-W${w}`),
  fc.constantFrom('2026-W00', '2025-W53', '2021-W53'),
);
/** A raw query value whose percent-escapes are not UTF-8. */
const undecodable = fc
  .tuple(fc.string({ maxLength: 5 }), notUtf8)
  .map(([a, bytes]) => `${encodeURIComponent(a)}${bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')}`);
/** Redirect targets built from what browsers strip or reinterpret. */
const hostileTarget = fc
  .array(
    fc.constantFrom(
      '/',
      '//',
      '\\',
      '\t',
      '\n',
      '\r',
      '%2F',
      '%5C',
      '%09',
      '%0A',
      '..',
      '.',
      'evil.example',
      'https:',
      'javascript:',
      '@',
      ' ',
      '#',
      '?',
      'dinas',
      'keluar',
      '\u0000',
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''));
/** Where a browser sent to this Location would end up: it must be this site. */
function sameSite(location: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters in a Location are the attack under test
  if (/[\u0000-\u001f\u007f\\]/.test(location) || !location.startsWith('/') || location.startsWith('//')) return false;
  return new URL(location, 'https://siap.test').host === 'siap.test';
}
const CSV_OK = 'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel\n';

describe('security: fuzzing every endpoint with hostile input', () => {
  let t: TestApp;
  let biz: { id: string; key: string };
  let flagId: string;
  const stats = { sent: 0, byClass: {} as Record<string, number>, byStatus: {} as Record<string, number> };
  const bad: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { QUEUE_BOARD_ENABLED: 'false' } });
    biz = await createBusinessWithKey(t.http);
    await t.http.post('/api/v1/orders').set('Authorization', `Bearer ${biz.key}`).send(orderBody()).expect(201);
    flagId = await insertFlag(t.db, { businessId: biz.id, market: 'MY', raisedOn: '2026-11-22' });
  });
  afterAll(() => t?.close());

  it(`${RUNS} hostile requests: 0 × 5xx, every 4xx names the problem, database unchanged`, async () => {
    const before = await fingerprint(t.db);
    const fastify = t.app.getHttpAdapter().getInstance();
    const badId = fc.oneof(
      hostileString.filter((s) => s.length > 0 && s.length < 2000),
      fc.constantFrom('..%2f..%2fapi-keys', '%2e%2e', '00000000-0000-0000-0000-00000000000g', '1 OR 1=1'),
    );
    // an order body with at least one field replaced by a hostile value (so it can never be valid)
    const badOrder = fc
      .record({
        field: fc.constantFrom(...ORDER_FIELDS, 'businessId', 'unknownField', '__proto__', 'constructor'),
        value: hostileValue.filter((v) => v !== undefined),
      })
      .map(({ field, value }) => {
        const o: Record<string, unknown> = orderBody({ externalRef: undefined });
        delete o.externalRef;
        Object.defineProperty(o, field, { value, enumerable: true, configurable: true, writable: true });
        // a hostile value may happen to be acceptable for its field (any text is a valid buyerRef): break one more field
        if (field !== 'destinationCountry') o.destinationCountry = 'ID';
        else o.quantity = 0;
        return o;
      });
    // a valid order but for one text field holding refused text
    const badTextOrder = fc.record({ field: fc.constantFrom(...TEXT_FIELDS), value: badText }).map(({ field, value }) => orderBody({ [field]: value }));
    const brokenCsv = fc.oneof(
      fc.constantFrom('', '\n', 'a,b\n"unterminated', 'orderedAt\n=1+1', '\ufeff\ufeff,,,\n,,,', 'externalRef,orderedAt\n' + 'x,'.repeat(5000)),
      fc.string({ maxLength: 300 }).map((s) => `externalRef,orderedAt,destinationCountry\n${s}`),
    );
    const request = fc.oneof(
      badOrder.map((b) => ({ method: 'POST', url: '/api/v1/orders', payload: JSON.stringify(b), ct: 'application/json', key: biz.key })),
      fc.array(badOrder, { minLength: 1, maxLength: 3 }).map((orders) => ({
        method: 'POST',
        url: '/api/v1/orders/bulk',
        payload: JSON.stringify({ orders: [...orders], extra: 1 }),
        ct: 'application/json',
        key: biz.key,
      })),
      hostileValue.map((orders) => ({
        method: 'POST',
        url: '/api/v1/orders/bulk',
        payload: JSON.stringify({ orders: Array.isArray(orders) && orders.length === 0 ? 'none' : orders }),
        ct: 'application/json',
        key: biz.key,
      })),
      fc.constant({
        method: 'POST',
        url: '/api/v1/orders/bulk',
        payload: JSON.stringify({ orders: new Array(5001).fill({}) }),
        ct: 'application/json',
        key: biz.key,
      }),
      fc.integer({ min: 200, max: 5000 }).map((d) => ({ method: 'POST', url: '/api/v1/orders', payload: deepJson(d), ct: 'application/json', key: biz.key })),
      fc.string({ maxLength: 50 }).map((s) => ({ method: 'POST', url: '/api/v1/orders', payload: `{"orderedAt": ${s}`, ct: 'application/json', key: biz.key })),
      brokenCsv.map((csv) => ({ method: 'POST', url: '/api/v1/orders/import', payload: csv, ct: 'text/csv', key: biz.key })),
      fc
        .constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'image/png')
        .map((ct) => ({ method: 'POST', url: '/api/v1/businesses', payload: 'name=x&district=Lasem', ct, key: ADMIN_KEY })),
      fc
        .record({ field: fc.constantFrom('name', 'district', 'email', 'phone', 'nib', 'materials', 'hasCustomsAccess', 'x'), value: hostileValue })
        .map(({ field, value }) => ({
          method: 'POST',
          url: '/api/v1/businesses',
          payload: JSON.stringify({ name: 'Usaha Fuzz', district: field === 'district' ? value : 'NotADistrict', [field]: value }),
          ct: 'application/json',
          key: ADMIN_KEY,
        })),
      fc
        .tuple(
          fc.constantFrom('orders', 'businesses', 'flags', 'watch/runs', 'watch/replays', 'webhooks', 'digests/subscriptions', 'api-keys', 'orders/imports'),
          badId,
        )
        .map(([p, id]) => ({ method: 'GET', url: `/api/v1/${p}/${enc(id)}`, key: ADMIN_KEY })),
      fc
        .tuple(fc.constantFrom('businesses', 'flags', 'digests/subscriptions'), badId, hostileValue)
        .map(([p, id, v]) => ({ method: 'PATCH', url: `/api/v1/${p}/${enc(id)}`, payload: JSON.stringify(v ?? {}), ct: 'application/json', key: ADMIN_KEY })),
      badId.map((id) => ({
        method: 'DELETE',
        url: `/api/v1/orders/${enc(id)}`,
        payload: JSON.stringify({ reason: 'fuzz' }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      fc
        .record({
          from: hostileString,
          to: hostileString,
          limit: fc.oneof(hostileString, hostileNumber.map(String)),
          cursor: hostileString,
          destinationCountry: hostileString,
        })
        .map((q) => ({
          method: 'GET',
          url: `/api/v1/orders?${new URLSearchParams({ ...q, limit: /^\d{1,3}$/.test(q.limit) && Number(q.limit) <= 200 ? '-5' : q.limit }).toString()}`,
          key: ADMIN_KEY,
        })),
      fc.tuple(fc.constantFrom('runs', 'replay'), hostileValue).map(([p, v]) => ({
        method: 'POST',
        url: `/api/v1/watch/${p}`,
        payload: JSON.stringify({ asOf: v, from: v, to: v }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      hostileValue.map((v) => ({
        method: 'POST',
        url: '/api/v1/digests/subscriptions',
        payload: JSON.stringify({ email: v, cadence: v }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      hostileValue.map((v) => ({
        method: 'POST',
        url: '/api/v1/webhooks',
        payload: JSON.stringify({ url: v, events: [v] }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      hostileString.map((w) => ({ method: 'GET', url: `/api/v1/reports/weekly/${enc(w || 'x')}`, key: ADMIN_KEY })),
      hostileValue.map((v) => ({
        method: 'POST',
        url: '/api/v1/rates',
        payload: JSON.stringify({ currency: v, validFrom: v, idrPerUnit: v }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      hostileValue.map((v) => ({ method: 'POST', url: '/api/v1/rule-sets', payload: JSON.stringify({ params: v }), ct: 'application/json', key: ADMIN_KEY })),
      hostileString.map((k) => ({ method: 'GET', url: '/api/v1/orders', key: `${k}`.replace(/[\r\n]/g, '') || 'x' })),
      fc.tuple(hostileString, hostileString).map(([s, tk]) => ({ method: 'GET', url: `/api/v1/digests/unsubscribe?${new URLSearchParams({ s, t: tk })}` })),
      // refused text in otherwise valid requests: a single order, bulk rows, businesses, flag notes, subscribers
      badTextOrder.map((o) => ({ method: 'POST', url: '/api/v1/orders', payload: JSON.stringify(o), ct: 'application/json', key: biz.key })),
      fc
        .array(badTextOrder, { minLength: 1, maxLength: 4 })
        .map((orders) => ({ method: 'POST', url: '/api/v1/orders/bulk', payload: JSON.stringify({ orders }), ct: 'application/json', key: biz.key })),
      fc.record({ field: fc.constantFrom('name', 'ownerName', 'email', 'phone', 'nib', 'district'), value: badText }).map(({ field, value }) => ({
        method: 'POST',
        url: '/api/v1/businesses',
        payload: JSON.stringify({ name: 'Usaha Fuzz', district: 'Lasem', [field]: value }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      fc.tuple(fc.constantFrom('in_review', 'dismissed', 'paperwork_in_progress'), badText).map(([status, note]) => ({
        method: 'PATCH',
        url: `/api/v1/flags/${flagId}`,
        payload: JSON.stringify({ status, note }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      fc.tuple(fc.constantFrom('name', 'districts', 'markets'), badText).map(([field, v]) => ({
        method: 'POST',
        url: '/api/v1/digests/subscriptions',
        payload: JSON.stringify({ email: 'fuzz@dinkop.rembangkab.go.id', [field]: field === 'name' ? v : ['Lasem', v] }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      // bytes that are not UTF-8: in a JSON body, in a CSV row (and its header), in a query parameter
      fc.tuple(fc.constantFrom(...TEXT_FIELDS), notUtf8).map(([field, bytes]) => {
        const json = Buffer.from(JSON.stringify(orderBody({ [field]: '#' })));
        const at = json.indexOf('"#"') + 1;
        return {
          method: 'POST',
          url: '/api/v1/orders',
          payload: Buffer.concat([json.subarray(0, at), Buffer.from(bytes), json.subarray(at + 1)]),
          ct: 'application/json',
          key: biz.key,
        };
      }),
      fc
        .tuple(
          fc.integer({ min: 0, max: 9 }),
          fc.oneof(
            notUtf8.map((b) => Buffer.from(b)),
            badText.map((x) => Buffer.from(x.replace(/[\ud800-\udfff]/g, '\u0000'))),
          ),
          fc.boolean(),
        )
        .map(([col, bad, inHeader]) => {
          const cells = ['FZ-1', '2026-11-20', 'MY', 'Kedai', 'bag', 'snakeskin', '1', '100', 'MYR', 'post'].map((c) => Buffer.from(c));
          const header = CSV_OK.trimEnd()
            .split(',')
            .map((c) => Buffer.from(c));
          (inHeader ? header : cells)[col] = Buffer.concat([(inHeader ? header : cells)[col], bad]);
          const line = (xs: Buffer[]) => Buffer.concat([...xs.flatMap((x, i) => (i ? [Buffer.from(','), x] : [x])), Buffer.from('\n')]);
          return { method: 'POST', url: '/api/v1/orders/import', payload: Buffer.concat([line(header), line(cells)]), ct: 'text/csv', key: biz.key };
        }),
      fc
        .tuple(
          fc.constantFrom(
            '/api/v1/orders?destinationCountry=',
            '/api/v1/orders?from=',
            '/api/v1/flags?market=',
            '/api/v1/businesses?search=',
            '/api/v1/digests/deliveries?week=',
            '/masuk?lanjut=',
            '/bahasa/en?lanjut=',
          ),
          undecodable,
        )
        .map(([u, v]) => ({ method: 'GET', url: `${u}${v}`, key: ADMIN_KEY, web: u.startsWith('/api') ? undefined : true })),
      // impossible dates and weeks, in queries and bodies (every other field valid)
      fc
        .tuple(fc.constantFrom('/api/v1/orders?from=', '/api/v1/orders?to=', '/api/v1/rates?from=', '/api/v1/rates?to='), impossibleDate)
        .map(([u, d]) => ({ method: 'GET', url: `${u}${d}`, key: ADMIN_KEY })),
      impossibleWeek.map((w) => ({ method: 'GET', url: `/api/v1/digests/deliveries?week=${w}`, key: ADMIN_KEY })),
      fc.tuple(impossibleDate, fc.constantFrom('runs', 'replay', 'rates', 'snooze')).map(([d, where]) => {
        const [url, body] =
          where === 'runs'
            ? ['/api/v1/watch/runs', { asOf: d }]
            : where === 'replay'
              ? ['/api/v1/watch/replay', { from: d, to: '2026-11-22' }]
              : where === 'rates'
                ? ['/api/v1/rates', { currency: 'MYR', validFrom: d, idrPerUnit: '3500' }]
                : [`/api/v1/flags/${flagId}/snooze`, { until: d }];
        return { method: 'POST', url, payload: JSON.stringify(body), ct: 'application/json', key: ADMIN_KEY };
      }),
      impossibleWeek.map((week) => ({
        method: 'POST',
        url: '/api/v1/digests/send',
        payload: JSON.stringify({ week }),
        ct: 'application/json',
        key: ADMIN_KEY,
      })),
      impossibleDate.map((orderedAt) => ({
        method: 'POST',
        url: '/api/v1/orders',
        payload: JSON.stringify(orderBody({ orderedAt })),
        ct: 'application/json',
        key: biz.key,
      })),
      // user-supplied redirect targets: only same-site paths may come back in Location
      fc
        .tuple(fc.constantFrom('/bahasa/en', '/bahasa/id', '/masuk'), hostileTarget)
        .map(([p, target]) => ({ method: 'GET', url: `${p}?lanjut=${enc(target)}`, web: true })),
    );

    await fc.assert(
      fc.asyncProperty(request, async (gen) => {
        const r = gen as { method: string; url: string; payload?: string | Buffer; ct?: string; key?: string; web?: boolean };
        const headers: Record<string, string> = {};
        if (r.key !== undefined) headers.authorization = `Bearer ${r.key}`;
        if (r.ct) headers['content-type'] = r.ct;
        const res = await fastify.inject({ method: r.method as 'GET', url: r.url, headers, payload: r.payload });
        stats.sent++;
        const cls = `${Math.floor(res.statusCode / 100)}xx`;
        stats.byClass[cls] = (stats.byClass[cls] ?? 0) + 1;
        stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] ?? 0) + 1;
        const describe = `${r.method} ${r.url.slice(0, 120)} ${JSON.stringify(r.payload?.toString() ?? '').slice(0, 160)} → ${res.statusCode} ${JSON.stringify(res.headers.location ?? '')} ${res.body.slice(0, 200)}`;
        if (res.statusCode >= 500) bad.push(`5xx: ${describe}`);
        else if (r.web) {
          // pages: the sign-in form (200), a redirect that stays on this site, or a 400 naming the parameter
          const ok =
            res.statusCode === 200
              ? r.url.startsWith('/masuk')
              : res.statusCode === 303
                ? sameSite(String(res.headers.location))
                : res.statusCode === 400 && res.body.includes('lanjut');
          if (!ok) bad.push(`web: ${describe}`);
        } else if (res.statusCode < 400) {
          // bulk and import answer 200 with every bad row reported by index (API.md); nothing may be stored
          const body =
            /\/orders\/(bulk|import)/.test(r.url) && res.statusCode === 200
              ? (res.json() as { accepted?: number; rejected?: Array<{ index: number; errors: string[] }> })
              : undefined;
          const named =
            body?.rejected?.length &&
            body.rejected.every((x) => Number.isInteger(x.index) && x.errors.length > 0 && x.errors.every((e) => /^("(?:[^"\\]|\\.)*"|[^:"]*): \S/.test(e)));
          if (!body || body.accepted !== 0 || !named) bad.push(`accepted: ${describe}`);
        } else if (!r.url.startsWith('/api/v1/digests/unsubscribe') || res.headers['content-type']?.toString().includes('json')) {
          const body = res.json() as { statusCode?: number; error?: string; message?: string | string[] };
          const msg = Array.isArray(body.message) ? body.message.join('; ') : body.message;
          if (body.statusCode !== res.statusCode || !body.error || !msg || msg.length < 5) bad.push(`unnamed 4xx: ${describe}`);
        }
        if (bad.length) console.log(bad[bad.length - 1]);
        return bad.length === 0;
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261128), endOnFailure: true },
    );
    console.log(JSON.stringify({ fuzz: stats }));
    expect(bad.slice(0, 10)).toEqual([]);
    expect(stats.sent).toBeGreaterThanOrEqual(RUNS);
    expect(stats.byClass['5xx'] ?? 0).toBe(0);
    expect(await fingerprint(t.db)).toEqual(before);
    const imports = await t.db.many<{ status: string; n: number; accepted: number }>(
      `SELECT status, count(*)::int AS n, coalesce(sum(accepted), 0)::int AS accepted FROM order_imports GROUP BY status`,
    );
    // a file refused whole leaves a 'failed' entry, one whose every row was rejected a 'completed' one: never an accepted row
    expect(imports.filter((r) => !['failed', 'completed'].includes(r.status) || r.accepted !== 0)).toEqual([]);
  });
});
