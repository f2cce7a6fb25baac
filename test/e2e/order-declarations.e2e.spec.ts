import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey, createStoryBusinesses, orderBody } from '../factories';

const HEADER =
  'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel,weightKg,' +
  'declaration,declaredBy,originCertificate';
const codes = (warnings: Array<{ code: string }>) => warnings.map((w) => w.code);

describe('orders: how they were declared, and route advice (HTTP, real Postgres)', () => {
  let t: TestApp;
  let ulla: { id: string; key: string };
  let arma: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T03:00:00Z' });
    ({ ulla, arma } = await createStoryBusinesses(t.http));
  });
  afterAll(() => t.close());

  const declared = (businessId: string, refPrefix: string) =>
    t.db.many(
      'SELECT external_ref, declaration, declared_by, origin_certificate FROM orders WHERE business_id = $1 AND external_ref LIKE $2 ORDER BY external_ref',
      [businessId, `${refPrefix}%`],
    );
  const post = (key: string, over: Record<string, unknown>) =>
    t.http
      .post('/api/v1/orders')
      .set(auth(key))
      .send(orderBody({ material: 'cowhide', ...over }));

  it('stores declaration, declaredBy and originCertificate and shows them on every read; absent means unknown/unknown/none', async () => {
    const res = await post(ulla.key, { declaration: 'PEB', declaredBy: 'customs_broker', originCertificate: 'form_d' }).expect(201);
    expect(res.body).toMatchObject({ declaration: 'peb', declaredBy: 'customs_broker', originCertificate: 'form_d', warnings: [] });
    const got = await t.http.get(`/api/v1/orders/${res.body.id}`).set(auth(ADMIN_KEY)).expect(200);
    expect(got.body).toMatchObject({ declaration: 'peb', declaredBy: 'customs_broker', originCertificate: 'form_d' });
    expect(got.body.warnings).toBeUndefined();
    const plain = await post(ulla.key, {}).expect(201);
    expect(plain.body).toMatchObject({ declaration: 'unknown', declaredBy: 'unknown', originCertificate: 'none' });
    const list = await t.http.get(`/api/v1/orders?businessId=${ulla.id}`).set(auth(ADMIN_KEY)).expect(200);
    expect(list.body.items.find((o: { id: string }) => o.id === plain.body.id)).toMatchObject({
      declaration: 'unknown',
      declaredBy: 'unknown',
      originCertificate: 'none',
    });
    const row = await t.db.one('SELECT declaration, declared_by, origin_certificate FROM orders WHERE id = $1', [res.body.id]);
    expect(row).toEqual({ declaration: 'peb', declared_by: 'customs_broker', origin_certificate: 'form_d' });
  });

  it('refuses values outside the enums with a 400 naming each field, storing nothing', async () => {
    const before = await t.db.one<{ n: string }>('SELECT count(*) AS n FROM orders');
    const res = await post(ulla.key, { declaration: 'email', declaredBy: 'me', originCertificate: 7 }).expect(400);
    expect(res.body.message).toEqual([
      'declaration: must be one of cn, pkbk, peb, unknown',
      'declaredBy: must be one of self, postal_operator, aggregator, customs_broker, unknown',
      'originCertificate: must be one of none, form_d, form_e, other, self_certified',
    ]);
    expect((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM orders'))!.n).toBe(before!.n);
  });

  it('bulk: stores the fields, rejects bad rows by index and reports warnings by index', async () => {
    const res = await t.http
      .post('/api/v1/orders/bulk')
      .set(auth(arma.key))
      .send({
        orders: [
          orderBody({ material: 'cowhide', declaration: 'pkbk', declaredBy: 'aggregator', externalRef: 'B-0' }),
          orderBody({ material: 'cowhide', declaredBy: 'neighbour' }),
          orderBody({ material: 'cowhide', declaration: 'cn', weightKg: 31, externalRef: 'B-2' }),
          orderBody({ material: 'cowhide', externalRef: 'B-3' }),
        ],
      })
      .expect(200);
    expect(res.body).toMatchObject({ accepted: 3, duplicates: 0, rejected: [{ index: 1, errors: [expect.stringMatching(/^declaredBy: must be one of/)] }] });
    expect(res.body.warnings).toEqual([{ index: 2, warnings: [expect.objectContaining({ code: 'peb_required', field: 'declaration', limitKg: 30 })] }]);
    expect(await declared(arma.id, 'B-')).toEqual([
      { external_ref: 'B-0', declaration: 'pkbk', declared_by: 'aggregator', origin_certificate: 'none' },
      { external_ref: 'B-2', declaration: 'cn', declared_by: 'unknown', origin_certificate: 'none' },
      { external_ref: 'B-3', declaration: 'unknown', declared_by: 'unknown', origin_certificate: 'none' },
    ]);
  });

  it('CSV: the header takes the field names, empty cells mean the defaults, bad cells reject the row', async () => {
    const csv =
      `${HEADER}\n` +
      'C-1,2026-11-02,SG,tan,bag,cowhide,1,120,SGD,post,2,peb,self,form_e\n' +
      'C-2,2026-11-02,SG,tan,bag,cowhide,1,120,SGD,post,2,,,\n' +
      'C-3,2026-11-02,SG,tan,bag,cowhide,1,120,SGD,post,2,fax,,\n' +
      'C-4,2026-11-03,SG,tan,bag,cowhide,1,120,SGD,post,30.5,cn,self,\n';
    const res = await t.http.post('/api/v1/orders/import').set(auth(ulla.key)).set('content-type', 'text/csv').send(csv).expect(200);
    expect(res.body).toMatchObject({ accepted: 3, rejected: [{ index: 3, errors: ['declaration: must be one of cn, pkbk, peb, unknown'] }], warnedCount: 1 });
    expect(res.body.warnings).toEqual([{ index: 4, warnings: [expect.objectContaining({ code: 'peb_required' })] }]);
    expect(await declared(ulla.id, 'C-')).toEqual([
      { external_ref: 'C-1', declaration: 'peb', declared_by: 'self', origin_certificate: 'form_e' },
      { external_ref: 'C-2', declaration: 'unknown', declared_by: 'unknown', origin_certificate: 'none' },
      { external_ref: 'C-4', declaration: 'cn', declared_by: 'self', origin_certificate: 'none' },
    ]);
  });

  it('warns about a CN above 30 kg, not at exactly 30 kg, and repeats the warning on an idempotent repeat', async () => {
    expect((await post(ulla.key, { declaration: 'cn', weightKg: 30 }).expect(201)).body.warnings).toEqual([]);
    const body = orderBody({ material: 'cowhide', declaration: 'cn', weightKg: 30.5 });
    const first = await t.http.post('/api/v1/orders').set(auth(ulla.key)).send(body).expect(201);
    expect(first.body.warnings).toEqual([
      {
        code: 'peb_required',
        field: 'declaration',
        limitKg: 30,
        message: { id: expect.stringContaining('wajib memakai PEB'), en: expect.stringContaining('must declare it with a PEB') },
      },
    ]);
    const again = await t.http.post('/api/v1/orders').set(auth(ulla.key)).send(body).expect(200);
    expect(again.body.warnings).toEqual(first.body.warnings);
  });

  it("warns about a parcel to China above CNY 1,000 at the order date's rates, not below", async () => {
    const rateOn = (currency: string) =>
      t.db.one<{ r: string }>(
        `SELECT idr_per_unit::text AS r FROM exchange_rates WHERE currency = $1 AND valid_from <= '2026-11-20' ORDER BY valid_from DESC LIMIT 1`,
        [currency],
      );
    const cny = await rateOn('CNY');
    const myr = await rateOn('MYR');
    const over = await post(ulla.key, { destinationCountry: 'CN', amount: '1000.01', currency: 'CNY' }).expect(201);
    expect(over.body.warnings).toEqual([expect.objectContaining({ code: 'cn_personal_limit', field: 'amount', limitCny: 1000, valueCny: 1000.01 })]);
    expect((await post(ulla.key, { destinationCountry: 'CN', amount: '1000.00', currency: 'CNY' }).expect(201)).body.warnings).toEqual([]);
    // in MYR: converted through IDR at both rates of that day
    const myrAbove = Math.ceil((1010 * Number(cny!.r)) / Number(myr!.r));
    const inMyr = await post(ulla.key, { destinationCountry: 'CN', amount: String(myrAbove), currency: 'MYR' }).expect(201);
    expect(codes(inMyr.body.warnings)).toEqual(['cn_personal_limit']);
    expect((await post(ulla.key, { destinationCountry: 'MY', amount: '90000', currency: 'MYR' }).expect(201)).body.warnings).toEqual([]);
    const bulk = await t.http
      .post('/api/v1/orders/bulk')
      .set(auth(ulla.key))
      .send({
        orders: [
          orderBody({ material: 'cowhide', destinationCountry: 'CN', amount: String(myrAbove), currency: 'MYR' }),
          orderBody({ material: 'cowhide', destinationCountry: 'CN', amount: '10', currency: 'MYR' }),
        ],
      })
      .expect(200);
    expect(bulk.body.warnings).toEqual([{ index: 0, warnings: [expect.objectContaining({ code: 'cn_personal_limit' })] }]);
  });

  it('asks for the wildlife permit unless a document of that type is valid on the order date', async () => {
    const biz = await createBusinessWithKey(t.http, { name: 'Ulla Leather Cabang', materials: ['snakeskin'] });
    const snake = (orderedAt: string) => orderBody({ material: 'snakeskin', orderedAt });
    const none = await t.http.post('/api/v1/orders').set(auth(biz.key)).send(snake('2026-11-20')).expect(201);
    expect(none.body.warnings).toEqual([
      expect.objectContaining({ code: 'wildlife_permit_missing', field: 'material', documentType: 'sats_ln_dealer_licence' }),
    ]);
    await t.http
      .post(`/api/v1/businesses/${biz.id}/documents`)
      .set(auth(ADMIN_KEY))
      .send({ type: 'sats_ln_dealer_licence', number: 'SK.7/KSDAE', issuedOn: '2026-01-01', expiresOn: '2026-10-31' })
      .expect(201);
    // a KKP permit does not cover snakeskin
    await t.http.post(`/api/v1/businesses/${biz.id}/documents`).set(auth(ADMIN_KEY)).send({ type: 'kkp_permit' }).expect(201);
    const onLastDay = await t.http.post('/api/v1/orders').set(auth(biz.key)).send(snake('2026-10-31T20:00:00+07:00')).expect(201);
    expect(onLastDay.body.warnings).toEqual([]);
    const afterExpiry = await t.http.post('/api/v1/orders').set(auth(biz.key)).send(snake('2026-11-01')).expect(201);
    expect(codes(afterExpiry.body.warnings)).toEqual(['wildlife_permit_missing']);
    const orders = [snake('2026-10-15'), snake('2026-11-15'), orderBody({ material: 'stingray' })];
    const bulk = await t.http.post('/api/v1/orders/bulk').set(auth(biz.key)).send({ orders }).expect(200);
    expect(bulk.body.warnings).toEqual([
      { index: 1, warnings: [expect.objectContaining({ code: 'wildlife_permit_missing', documentType: 'sats_ln_dealer_licence' })] },
    ]);
  });
});
