import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey, orderBody } from '../factories';

const count = async (t: TestApp, businessId?: string) =>
  Number((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM orders WHERE ($1::uuid IS NULL OR business_id = $1)', [businessId ?? null]))!.n);

describe('orders (HTTP, real Postgres)', () => {
  let t: TestApp;
  let ulla: { id: string; key: string };
  let arma: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T03:00:00Z' });
    ulla = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem' });
    arma = await createBusinessWithKey(t.http, { name: 'Arma Leather and Craft', district: 'Rembang', materials: ['stingray'] });
  });
  afterAll(() => t.close());

  describe('POST /orders', () => {
    it("logs an order for the key's business, valued in IDR at the rate in force that day", async () => {
      const res = await t.http
        .post('/api/v1/orders')
        .set(auth(ulla.key))
        .send(orderBody({ amount: '1450.00', currency: 'MYR', orderedAt: '2026-11-20T23:30:00+07:00' }))
        .expect(201);
      const rate = await t.db.one<{ r: string }>(
        `SELECT idr_per_unit::text AS r FROM exchange_rates WHERE currency = 'MYR' AND valid_from <= '2026-11-20' ORDER BY valid_from DESC LIMIT 1`,
      );
      expect(res.body).toMatchObject({
        businessId: ulla.id,
        orderedOn: '2026-11-20',
        amount: '1450.00',
        currency: 'MYR',
        valueIdr: Math.round(1450 * Number(rate!.r)),
      });
      expect(res.body.buyerRef).toBe('Kedai Kulit KL');
    });

    it('returns the existing order with 200 when externalRef repeats, and stores it once', async () => {
      const body = orderBody({ externalRef: 'IG-2026-0001' });
      const first = await t.http.post('/api/v1/orders').set(auth(ulla.key)).send(body).expect(201);
      const again = await t.http
        .post('/api/v1/orders')
        .set(auth(ulla.key))
        .send({ ...body, quantity: 9 })
        .expect(200);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.quantity).toBe(body.quantity);
      // the same ref for another business is a different order
      await t.http.post('/api/v1/orders').set(auth(arma.key)).send(body).expect(201);
      expect(Number((await t.db.one<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE external_ref = 'IG-2026-0001'`))!.n)).toBe(2);
    });

    it.each([
      ['orderedAt', { orderedAt: '2026-11-26' }],
      ['orderedAt', { orderedAt: '2026-02-30' }],
      ['destinationCountry', { destinationCountry: 'ID' }],
      ['buyerRef', { buyerRef: '' }],
      ['productCategory', { productCategory: 'hat' }],
      ['material', { material: 'plastic' }],
      ['quantity', { quantity: 0 }],
      ['amount', { amount: '-1' }],
      ['currency', { currency: 'ZZZ' }],
      ['shippingChannel', { shippingChannel: 'drone' }],
      ['weightKg', { weightKg: 10001 }],
      ['hsCode', { hsCode: 'abc' }],
      ['externalRef', { externalRef: 'x'.repeat(101) }],
      ['surprise', { surprise: true }],
    ])('400 naming %s, nothing stored', async (field, patch) => {
      const before = await count(t);
      const res = await t.http.post('/api/v1/orders').set(auth(ulla.key)).send(orderBody(patch)).expect(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.message).toEqual([expect.stringMatching(new RegExp(`^${field}: `))]);
      expect(await count(t)).toBe(before);
    });

    it('rejects a missing required field, malformed JSON and a JSON array body', async () => {
      const { material: _omit, ...noMaterial } = orderBody();
      const res = await t.http.post('/api/v1/orders').set(auth(ulla.key)).send(noMaterial).expect(400);
      expect(res.body.message).toEqual(['material: is required']);
      await t.http.post('/api/v1/orders').set(auth(ulla.key)).set('content-type', 'application/json').send('{"orderedAt": ').expect(400);
      const arr = await t.http.post('/api/v1/orders').set(auth(ulla.key)).send([orderBody()]).expect(400);
      expect(arr.body.message[0]).toMatch(/^body: /);
    });

    it('needs businessId from staff keys and refuses to log for another business with a business key', async () => {
      const staff = await t.http.post('/api/v1/orders').set(auth(ADMIN_KEY)).send(orderBody()).expect(400);
      expect(staff.body.message).toEqual(['businessId: is required when logging orders with a staff key']);
      await t.http
        .post('/api/v1/orders')
        .set(auth(ADMIN_KEY))
        .send(orderBody({ businessId: arma.id }))
        .expect(201);
      await t.http
        .post('/api/v1/orders')
        .set(auth(ADMIN_KEY))
        .send(orderBody({ businessId: '00000000-0000-4000-8000-000000000000' }))
        .expect(404);
      const before = await count(t, arma.id);
      await t.http
        .post('/api/v1/orders')
        .set(auth(ulla.key))
        .send(orderBody({ businessId: arma.id }))
        .expect(404);
      expect(await count(t, arma.id)).toBe(before);
    });
  });

  describe('POST /orders/bulk', () => {
    it('stores valid rows, reports invalid rows by index with every error, counts duplicates', async () => {
      const dup = orderBody({ externalRef: 'BULK-DUP' });
      await t.http.post('/api/v1/orders').set(auth(ulla.key)).send(dup).expect(201);
      const before = await count(t, ulla.id);
      const res = await t.http
        .post('/api/v1/orders/bulk')
        .set(auth(ulla.key))
        .send({
          orders: [
            orderBody(),
            dup,
            orderBody({ quantity: -1, currency: 'ZZZ' }),
            orderBody({ externalRef: 'IN-BATCH' }),
            orderBody({ externalRef: 'IN-BATCH' }),
            'junk',
          ],
        })
        .expect(200);
      expect(res.body.accepted).toBe(2);
      expect(res.body.duplicates).toBe(2);
      expect(res.body.rejected).toEqual([
        { index: 2, errors: [expect.stringMatching(/^quantity: /), expect.stringMatching(/^currency: /)] },
        { index: 5, errors: ['order: must be a JSON object'] },
      ]);
      expect(await count(t, ulla.id)).toBe(before + 2);
      // replaying the whole request stores nothing new
      const replay = await t.http
        .post('/api/v1/orders/bulk')
        .set(auth(ulla.key))
        .send({ orders: [dup, orderBody({ externalRef: 'IN-BATCH' })] })
        .expect(200);
      expect(replay.body).toMatchObject({ accepted: 0, duplicates: 2, rejected: [] });
    });

    it('rejects more than 5,000 orders, an empty list and unknown top-level fields', async () => {
      const many = Array.from({ length: 5001 }, () => ({}));
      const big = await t.http.post('/api/v1/orders/bulk').set(auth(ulla.key)).send({ orders: many }).expect(400);
      expect(big.body.message[0]).toMatch(/^orders: at most 5000/);
      await t.http.post('/api/v1/orders/bulk').set(auth(ulla.key)).send({ orders: [] }).expect(400);
      const extra = await t.http
        .post('/api/v1/orders/bulk')
        .set(auth(ulla.key))
        .send({ orders: [orderBody()], dryRun: true })
        .expect(400);
      expect(extra.body.message).toEqual(['dryRun: unknown field (not allowed)']);
    });

    it('takes a full batch of 5,000 rows', async () => {
      const orders = Array.from({ length: 5000 }, (_, i) => orderBody({ externalRef: `FULL-${i}`, buyerRef: `buyer ${i % 50}` }));
      const res = await t.http.post('/api/v1/orders/bulk').set(auth(arma.key)).send({ orders }).expect(200);
      expect(res.body).toMatchObject({ accepted: 5000, duplicates: 0, rejected: [] });
      // snakeskin with no permit document registered: every row is advised
      expect(res.body.warnings).toHaveLength(5000);
    });
  });

  describe('GET /orders, GET /orders/:id, DELETE /orders/:id', () => {
    it('pages newest first with a cursor and filters by date and country', async () => {
      const b = await createBusinessWithKey(t.http);
      for (let d = 1; d <= 7; d++) {
        await t.http
          .post('/api/v1/orders')
          .set(auth(b.key))
          .send(orderBody({ orderedAt: `2026-10-0${d}`, destinationCountry: d % 2 ? 'MY' : 'CN' }))
          .expect(201);
      }
      const p1 = await t.http.get('/api/v1/orders?limit=3').set(auth(b.key)).expect(200);
      expect(p1.body.items.map((o: { orderedOn: string }) => o.orderedOn)).toEqual(['2026-10-07', '2026-10-06', '2026-10-05']);
      const p2 = await t.http.get(`/api/v1/orders?limit=3&cursor=${p1.body.nextCursor}`).set(auth(b.key)).expect(200);
      expect(p2.body.items.map((o: { orderedOn: string }) => o.orderedOn)).toEqual(['2026-10-04', '2026-10-03', '2026-10-02']);
      const cn = await t.http.get('/api/v1/orders?destinationCountry=cn&from=2026-10-03&to=2026-10-06').set(auth(b.key)).expect(200);
      expect(cn.body.items.map((o: { orderedOn: string }) => o.orderedOn)).toEqual(['2026-10-06', '2026-10-04']);
      const staff = await t.http.get(`/api/v1/orders?businessId=${b.id}&limit=200`).set(auth(ADMIN_KEY)).expect(200);
      expect(staff.body.items).toHaveLength(7);
      expect(staff.body.items[0].buyerRef).toBeUndefined();
      expect(staff.body.items[0].buyerId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      await t.http.get('/api/v1/orders?limit=0').set(auth(b.key)).expect(400);
      await t.http.get('/api/v1/orders?from=yesterday').set(auth(b.key)).expect(400);
    });

    it('keeps each business inside its own orders (404 for others)', async () => {
      const o = await t.http
        .post('/api/v1/orders')
        .set(auth(arma.key))
        .send(orderBody({ destinationCountry: 'CN', material: 'stingray' }))
        .expect(201);
      await t.http.get(`/api/v1/orders/${o.body.id}`).set(auth(arma.key)).expect(200);
      await t.http.get(`/api/v1/orders/${o.body.id}`).set(auth(ulla.key)).expect(404);
      await t.http.delete(`/api/v1/orders/${o.body.id}`).set(auth(ulla.key)).send({ reason: 'not mine' }).expect(404);
      await t.http.get(`/api/v1/orders?businessId=${arma.id}`).set(auth(ulla.key)).expect(404);
      const own = await t.http.get('/api/v1/orders?limit=200').set(auth(ulla.key)).expect(200);
      expect(own.body.items.every((x: { businessId: string }) => x.businessId === ulla.id)).toBe(true);
      expect((await t.db.one<{ v: Date | null }>('SELECT voided_at AS v FROM orders WHERE id = $1', [o.body.id]))!.v).toBeNull();
    });

    it('voids an order with a reason: kept for audit, hidden from lists by default', async () => {
      const o = await t.http.post('/api/v1/orders').set(auth(ulla.key)).send(orderBody()).expect(201);
      await t.http.delete(`/api/v1/orders/${o.body.id}`).set(auth(ulla.key)).send({}).expect(400);
      await t.http.delete(`/api/v1/orders/${o.body.id}`).set(auth(ulla.key)).send({ reason: 'buyer cancelled' }).expect(204);
      await t.http.delete(`/api/v1/orders/${o.body.id}`).set(auth(ulla.key)).send({ reason: 'again' }).expect(204);
      const got = await t.http.get(`/api/v1/orders/${o.body.id}`).set(auth(ulla.key)).expect(200);
      expect(got.body.voidReason).toBe('buyer cancelled');
      const list = await t.http.get('/api/v1/orders?limit=500').set(auth(ulla.key)).expect(200);
      expect(list.body.items.find((x: { id: string }) => x.id === o.body.id)).toBeUndefined();
      const withVoided = await t.http.get('/api/v1/orders?limit=500&includeVoided=true').set(auth(ulla.key)).expect(200);
      expect(withVoided.body.items.find((x: { id: string }) => x.id === o.body.id)).toBeDefined();
      const audit = await t.db.many<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [o.body.id]);
      expect(audit.map((a) => a.action)).toEqual(['order.created', 'order.voided']);
    });

    it('gives the same buyer id to a buyer written with different case and spaces', async () => {
      const a = await t.http
        .post('/api/v1/orders')
        .set(auth(ulla.key))
        .send(orderBody({ buyerRef: 'Kedai Kulit KL' }))
        .expect(201);
      const b = await t.http
        .post('/api/v1/orders')
        .set(auth(ulla.key))
        .send(orderBody({ buyerRef: '  kedai   kulit kl ' }))
        .expect(201);
      expect(b.body.buyerId).toBe(a.body.buyerId);
    });
  });
});
