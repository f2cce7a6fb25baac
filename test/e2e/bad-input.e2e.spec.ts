import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey, orderBody } from '../factories';
import { insertFlag } from '../reports/fixtures';

/**
 * API.md: text holding a NUL, an unpaired UTF-16 surrogate or bytes that are not UTF-8, and
 * impossible dates, are refused (400 naming the field; in bulk and CSV a rejected row naming the
 * field, the other rows stored), never silently altered and never a 5xx.
 */
const NUL = 'a\u0000b';
const CSV_HEADER = 'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel\n';
const csvRow = (ref: string, buyer: string) => `${ref},2026-11-20,MY,${buyer},bag,snakeskin,1,100,MYR,post\n`;

describe('bad input (HTTP, real Postgres): refused by name, nothing stored', () => {
  let t: TestApp;
  let biz: { id: string; key: string };
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    (await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))!.n;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T03:00:00Z' });
    biz = await createBusinessWithKey(t.http, { name: 'Ulla Leather' });
  });
  afterAll(() => t.close());

  describe('NUL bytes and unpaired surrogates in JSON text', () => {
    it.each([
      ['buyerRef', { buyerRef: NUL }, 'must not contain a NUL character'],
      ['externalRef', { externalRef: NUL }, 'must not contain a NUL character'],
      ['buyerRef', { buyerRef: 'Kedai \ud800' }, 'contains an unpaired UTF-16 surrogate'],
      ['buyerRef', { buyerRef: '\udc00 KL' }, 'contains an unpaired UTF-16 surrogate'],
    ])('POST /orders with a bad %s → 400 naming it, no order', async (field, patch, rule) => {
      const before = await count('orders');
      const res = await t.http
        .post('/api/v1/orders')
        .set(auth(biz.key))
        .set('content-type', 'application/json')
        .send(JSON.stringify(orderBody(patch)))
        .expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: [expect.stringMatching(new RegExp(`^${field}: ${rule}`))] });
      expect(await count('orders')).toBe(before);
    });

    it('a surrogate pair (an emoji) is text and is stored as sent', async () => {
      const res = await t.http
        .post('/api/v1/orders')
        .set(auth(biz.key))
        .send(orderBody({ buyerRef: 'Kedai 😀 KL' }))
        .expect(201);
      expect(res.body.buyerRef).toBe('Kedai 😀 KL');
    });

    it('a bulk of 10 with one NUL row and one surrogate row stores the 8 good rows once and names the bad rows', async () => {
      const rows = Array.from({ length: 10 }, (_, i) => orderBody({ externalRef: `BULK-NUL-${i}` }));
      rows[3].buyerRef = NUL;
      rows[7].externalRef = 'BULK-\ud800';
      const res = await t.http
        .post('/api/v1/orders/bulk')
        .set(auth(biz.key))
        .set('content-type', 'application/json')
        .send(JSON.stringify({ orders: rows }))
        .expect(200);
      expect(res.body).toMatchObject({
        accepted: 8,
        duplicates: 0,
        rejected: [
          { index: 3, errors: ['buyerRef: must not contain a NUL character (\\u0000)'] },
          { index: 7, errors: ['externalRef: contains an unpaired UTF-16 surrogate (not valid text)'] },
        ],
      });
      const stored = await t.db.many<{ external_ref: string }>(`SELECT external_ref FROM orders WHERE external_ref LIKE 'BULK-NUL-%' ORDER BY external_ref`);
      expect(stored.map((r) => r.external_ref)).toEqual([0, 1, 2, 4, 5, 6, 8, 9].map((i) => `BULK-NUL-${i}`));
      // sent again: the 8 are duplicates, still stored once
      const again = await t.http
        .post('/api/v1/orders/bulk')
        .set(auth(biz.key))
        .set('content-type', 'application/json')
        .send(JSON.stringify({ orders: rows }))
        .expect(200);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 8 });
      expect(await count('orders', `external_ref LIKE 'BULK-NUL-%'`)).toBe(8);
    });

    it('POST /businesses with a NUL in name → 400 naming name, no business', async () => {
      const before = await count('businesses');
      const res = await t.http.post('/api/v1/businesses').set(auth(ADMIN_KEY)).send({ name: NUL, district: 'Lasem' }).expect(400);
      expect(res.body.message).toEqual(['name: must not contain a NUL character (\\u0000)']);
      expect(await count('businesses')).toBe(before);
    });

    it('PATCH /flags/:id with a NUL in note → 400 naming note, the flag unchanged', async () => {
      const flagId = await insertFlag(t.db, { businessId: biz.id, market: 'MY', raisedOn: '2026-11-22' });
      const res = await t.http
        .patch(`/api/v1/flags/${flagId}`)
        .set(auth(ADMIN_KEY))
        .send({ status: 'in_review', note: `cek ${NUL}` })
        .expect(400);
      expect(res.body.message).toEqual(['note: must not contain a NUL character (\\u0000)']);
      expect((await t.db.one<{ status: string }>('SELECT status FROM flags WHERE id = $1', [flagId]))!.status).toBe('open');
    });

    it('POST /digests/subscriptions with a NUL in name, or a surrogate in a list item → 400 naming the path, none stored', async () => {
      const before = await count('digest_subscriptions');
      const a = await t.http.post('/api/v1/digests/subscriptions').set(auth(ADMIN_KEY)).send({ email: 'sari@dinkop.rembangkab.go.id', name: NUL }).expect(400);
      expect(a.body.message).toEqual(['name: must not contain a NUL character (\\u0000)']);
      const b = await t.http
        .post('/api/v1/digests/subscriptions')
        .set(auth(ADMIN_KEY))
        .set('content-type', 'application/json')
        .send('{"email":"sari@dinkop.rembangkab.go.id","districts":["Lasem","\\ud800"]}')
        .expect(400);
      expect(b.body.message).toEqual(['districts[1]: contains an unpaired UTF-16 surrogate (not valid text)']);
      expect(await count('digest_subscriptions')).toBe(before);
    });

    it('a JSON body that is not UTF-8 → 400, nothing stored (JSON must be UTF-8; nothing is replaced by U+FFFD)', async () => {
      const before = await count('orders');
      const json = Buffer.from(JSON.stringify(orderBody({ buyerRef: 'Caf#' })));
      json[json.indexOf('#')] = 0xe9; // Latin-1 é
      // raw bytes: supertest would serialise a Buffer as JSON
      const res = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'POST', url: '/api/v1/orders', headers: { ...auth(biz.key), 'content-type': 'application/json' }, payload: json });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toEqual(['body: is not valid UTF-8 text; JSON must be sent as UTF-8']);
      expect(await count('orders')).toBe(before);
    });
  });

  describe('CSV import', () => {
    const importCsv = (body: Buffer | string) =>
      t.http.post('/api/v1/orders/import').set(auth(biz.key)).set('content-type', 'text/csv').send(Buffer.from(body));

    it('rejects the row with a NUL and the row with bytes that are not UTF-8 by row number; the other rows are stored once', async () => {
      const latin1 = Buffer.concat([Buffer.from('CSV-4,2026-11-20,MY,Caf'), Buffer.from([0xe9]), Buffer.from(',bag,snakeskin,1,100,MYR,post\n')]);
      const body = Buffer.concat([
        Buffer.from(CSV_HEADER + csvRow('CSV-1', 'Kedai KL') + csvRow('CSV-2', 'x\u0000y') + csvRow('CSV-3', 'Kedai 💼')),
        latin1,
        Buffer.from(csvRow('CSV-5', 'Pasar \ufffd sah')), // a real U+FFFD, sent as UTF-8, is text like any other
      ]);
      const res = await importCsv(body).expect(200);
      expect(res.body).toMatchObject({
        accepted: 3,
        duplicates: 0,
        rejected: [
          { index: 2, errors: ['buyerRef: must not contain a NUL character (\\u0000)'] },
          { index: 4, errors: ['buyerRef: is not valid UTF-8 text (holds bytes that are not UTF-8)'] },
        ],
      });
      const stored = await t.db.many<{ external_ref: string; buyer_ref: string }>(
        `SELECT external_ref, buyer_ref FROM orders WHERE external_ref LIKE 'CSV-%' ORDER BY external_ref`,
      );
      expect(stored).toEqual([
        { external_ref: 'CSV-1', buyer_ref: 'Kedai KL' },
        { external_ref: 'CSV-3', buyer_ref: 'Kedai 💼' },
        { external_ref: 'CSV-5', buyer_ref: 'Pasar \ufffd sah' },
      ]);
      expect(await count('orders', `buyer_ref LIKE '%\ufffd%' AND external_ref <> 'CSV-5'`)).toBe(0);
    });

    it('a header that is not UTF-8 → 400 naming the column, nothing stored', async () => {
      const before = await count('orders');
      const header = Buffer.from(CSV_HEADER.replace('buyerRef', 'buyer#'));
      header[header.indexOf('#')] = 0xff;
      const res = await importCsv(Buffer.concat([header, Buffer.from(csvRow('CSV-H', 'Kedai'))])).expect(400);
      expect(res.body.message).toEqual(['header: column 4 is not valid UTF-8 text (holds bytes that are not UTF-8)']);
      expect(await count('orders')).toBe(before);
    });
  });

  describe('impossible dates and weeks, anywhere a date is taken', () => {
    it.each([
      ['/api/v1/orders?from=2026-02-30', 'from'],
      ['/api/v1/orders?to=2026-13-01', 'to'],
      ['/api/v1/orders?from=2026-01-01&to=2025-02-29', 'to'],
      ['/api/v1/rates?from=2026-04-31', 'from'],
      ['/api/v1/digests/deliveries?week=2026-W60', 'week'],
      ['/api/v1/digests/deliveries?week=2025-W53', 'week'],
    ])('GET %s → 400 naming %s', async (url, field) => {
      const res = await t.http.get(url).set(auth(ADMIN_KEY)).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(new RegExp(`^${field}: must be (a real date YYYY-MM-DD|an ISO week)`))]);
    });

    it('2026-W53 is a real week (2026 has 53 ISO weeks): accepted', async () => {
      await t.http.get('/api/v1/digests/deliveries?week=2026-W53').set(auth(ADMIN_KEY)).expect(200);
    });

    it.each([
      ['/api/v1/watch/runs', { asOf: '2026-02-30' }, 'asOf', 'watch_runs'],
      ['/api/v1/watch/replay', { from: '2026-13-01', to: '2026-11-22' }, 'from', 'watch_replays'],
      ['/api/v1/rates', { currency: 'MYR', validFrom: '2026-02-29', idrPerUnit: '3500' }, 'validFrom', 'exchange_rates'],
      ['/api/v1/digests/send', { week: '2026-W00' }, 'week', 'digest_deliveries'],
    ])('POST %s with an impossible date → 400 naming it, nothing stored', async (url, body, field, table) => {
      const before = await count(table);
      const res = await t.http.post(url).set(auth(ADMIN_KEY)).send(body).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(new RegExp(`^${field}: must be (a real date YYYY-MM-DD|an ISO week)`))]);
      expect(await count(table)).toBe(before);
    });

    it('POST /flags/:id/snooze with until=2026-02-30 → 400 naming until, the flag unchanged', async () => {
      const flagId = await insertFlag(t.db, { businessId: biz.id, market: 'SG', raisedOn: '2026-11-22' });
      const res = await t.http.post(`/api/v1/flags/${flagId}/snooze`).set(auth(ADMIN_KEY)).send({ until: '2026-02-30' }).expect(400);
      expect(res.body.message).toEqual(['until: must be a real date YYYY-MM-DD (a WIB day)']);
      expect((await t.db.one<{ s: string | null }>('SELECT snoozed_until::text AS s FROM flags WHERE id = $1', [flagId]))!.s).toBeNull();
    });
  });

  describe('query strings and forms', () => {
    it('a query parameter whose escapes are not UTF-8 → 400 naming it', async () => {
      const res = await t.http.get('/api/v1/orders?destinationCountry=%E9').set(auth(ADMIN_KEY)).expect(400);
      expect(res.body.message).toEqual(['destinationCountry: is not valid UTF-8 text (percent-encoded bytes that are not UTF-8)']);
    });

    it('a NUL in a query parameter → 400 naming it', async () => {
      const res = await t.http.get('/api/v1/orders?destinationCountry=M%00Y').set(auth(ADMIN_KEY)).expect(400);
      expect(res.body.message).toEqual(['destinationCountry: must not contain a NUL character (\\u0000)']);
    });

    it('a sign-in form whose escapes are not UTF-8 → 400 naming the field, no session', async () => {
      const res = await t.http
        .post('/masuk')
        .set('content-type', 'application/x-www-form-urlencoded')
        .set('accept', 'application/json')
        .send('email=sari%E9%40contoh.id&password=x')
        .expect(400);
      expect(res.body.message).toEqual(['email: is not valid UTF-8 text (percent-encoded bytes that are not UTF-8)']);
      expect(res.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^se_sid=/)]));
    });
  });
});
