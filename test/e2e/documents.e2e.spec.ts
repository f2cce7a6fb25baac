import { DocumentsService } from '../../src/businesses/documents.service';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey, createStoryBusinesses } from '../factories';

describe('documents register (HTTP, real Postgres)', () => {
  let t: TestApp;
  let ulla: { id: string; key: string };
  let arma: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T03:00:00Z' });
    ({ ulla, arma } = await createStoryBusinesses(t.http));
  });
  afterAll(() => t.close());

  const docs = (businessId: string) => `/api/v1/businesses/${businessId}/documents`;
  const register = (businessId: string, body: Record<string, unknown>) => t.http.post(docs(businessId)).set(auth(ADMIN_KEY)).send(body);
  const stored = async () => Number((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM business_documents'))!.n);

  it('registers a document (201 per contract), lists it, and removes it softly with an audit entry', async () => {
    const res = await register(ulla.id, {
      type: 'sats_ln_dealer_licence',
      number: ' SK.12/KSDAE/2026 ',
      issuedOn: '2026-01-15',
      expiresOn: '2027-01-14',
      note: 'BKSDA Jateng',
    }).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      businessId: ulla.id,
      type: 'sats_ln_dealer_licence',
      number: 'SK.12/KSDAE/2026',
      issuedOn: '2026-01-15',
      expiresOn: '2027-01-14',
      note: 'BKSDA Jateng',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
    const bare = await register(ulla.id, { type: 'quarantine_kh12' }).expect(201);
    expect(bare.body).toMatchObject({ number: null, issuedOn: null, expiresOn: null, note: null });
    const list = await t.http.get(docs(ulla.id)).set(auth(ADMIN_KEY)).expect(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([bare.body.id, res.body.id]);

    await t.http
      .delete(`${docs(ulla.id)}/${bare.body.id}`)
      .set(auth(ADMIN_KEY))
      .expect(204);
    const after = await t.http.get(docs(ulla.id)).set(auth(ADMIN_KEY)).expect(200);
    expect(after.body.items.map((d: { id: string }) => d.id)).toEqual([res.body.id]);
    const row = await t.db.one<{ removed: boolean }>('SELECT removed_at IS NOT NULL AS removed FROM business_documents WHERE id = $1', [bare.body.id]);
    expect(row!.removed).toBe(true);
    const audit = await t.db.many<{ action: string }>(`SELECT action FROM audit_log WHERE entity_type = 'business_document' AND entity_id = $1 ORDER BY id`, [
      bare.body.id,
    ]);
    expect(audit.map((a) => a.action)).toEqual(['document.registered', 'document.removed']);
    // removing it again, or through another business, is a 404
    await t.http
      .delete(`${docs(ulla.id)}/${bare.body.id}`)
      .set(auth(ADMIN_KEY))
      .expect(404);
    await t.http
      .delete(`${docs(arma.id)}/${res.body.id}`)
      .set(auth(ADMIN_KEY))
      .expect(404);
  });

  it.each([
    ['type', { type: 'passport' }, /^type: must be one of nib_customs_access/],
    ['type', { number: 'x' }, /^type: /],
    ['issuedOn', { type: 'kkp_permit', issuedOn: '2026-02-30' }, /^issuedOn: must be a real date/],
    ['expiresOn', { type: 'kkp_permit', expiresOn: '2026-13-01' }, /^expiresOn: must be a real date/],
    ['expiresOn', { type: 'kkp_permit', issuedOn: '2026-06-01', expiresOn: '2026-05-31' }, /^expiresOn: must be on or after issuedOn/],
    ['note', { type: 'kkp_permit', note: 'x'.repeat(501) }, /^note: /],
    ['extra', { type: 'kkp_permit', extra: 1 }, /^extra: unknown field/],
  ])('refuses a bad %s with a 400 naming it, storing nothing', async (_field, body, rule) => {
    const before = await stored();
    const res = await register(ulla.id, body).expect(400);
    expect(res.body.message).toEqual([expect.stringMatching(rule)]);
    expect(await stored()).toBe(before);
  });

  it('lets a business key read its own documents only; registering and removing are for staff', async () => {
    const doc = await register(arma.id, { type: 'kkp_permit', number: 'SAJI-77' }).expect(201);
    const own = await t.http.get(docs(arma.id)).set(auth(arma.key)).expect(200);
    expect(own.body.items).toEqual([doc.body]);
    await t.http.get(docs(ulla.id)).set(auth(arma.key)).expect(404);
    await t.http.post(docs(arma.id)).set(auth(arma.key)).send({ type: 'kkp_permit' }).expect(403);
    await t.http
      .delete(`${docs(arma.id)}/${doc.body.id}`)
      .set(auth(arma.key))
      .expect(403);
    await t.http.get(docs('00000000-0000-4000-8000-000000000000')).set(auth(ADMIN_KEY)).expect(404);
    await t.http.get('/api/v1/businesses/not-a-uuid/documents').set(auth(ADMIN_KEY)).expect(400);
  });

  it('derives hasCustomsAccess from a nib_customs_access document valid today (WIB)', async () => {
    const b = await createBusinessWithKey(t.http, { name: 'Batik Tulis Lasem' });
    const get = async () => (await t.http.get(`/api/v1/businesses/${b.id}`).set(auth(ADMIN_KEY)).expect(200)).body.hasCustomsAccess;
    expect(await get()).toBe(false);
    // expired yesterday (today is 2026-11-25 WIB), then one starting tomorrow: neither counts
    await register(b.id, { type: 'nib_customs_access', issuedOn: '2025-11-25', expiresOn: '2026-11-24' }).expect(201);
    await register(b.id, { type: 'nib_customs_access', issuedOn: '2026-11-26' }).expect(201);
    await register(b.id, { type: 'kite_ikm' }).expect(201);
    expect(await get()).toBe(false);
    const column = async () => (await t.db.one<{ v: boolean }>('SELECT has_customs_access AS v FROM businesses WHERE id = $1', [b.id]))!.v;
    expect(await column()).toBe(false);
    const valid = await register(b.id, { type: 'nib_customs_access', number: '9120001234567', issuedOn: '2026-11-25', expiresOn: '2026-11-25' }).expect(201);
    expect(await get()).toBe(true);
    // the stored copy the watch and reports read follows the register
    expect(await column()).toBe(true);
    const list = await t.http.get(`/api/v1/businesses?q=Batik Tulis Lasem`).set(auth(ADMIN_KEY)).expect(200);
    expect(list.body.items[0].hasCustomsAccess).toBe(true);
    await t.http
      .delete(`${docs(b.id)}/${valid.body.id}`)
      .set(auth(ADMIN_KEY))
      .expect(204);
    expect(await get()).toBe(false);
    expect(await column()).toBe(false);
  });

  it('hasCustomsAccess true on POST/PATCH registers a document; false removes them', async () => {
    const created = await t.http
      .post('/api/v1/businesses')
      .set(auth(ADMIN_KEY))
      .send({ name: 'Kulit Pari Sarang', district: 'Sarang', hasCustomsAccess: true })
      .expect(201);
    expect(created.body.hasCustomsAccess).toBe(true);
    const list = async () => (await t.http.get(docs(created.body.id)).set(auth(ADMIN_KEY)).expect(200)).body.items;
    expect(await list()).toEqual([expect.objectContaining({ type: 'nib_customs_access', note: 'from hasCustomsAccess', issuedOn: null, expiresOn: null })]);
    // stating it again registers nothing new
    await t.http.patch(`/api/v1/businesses/${created.body.id}`).set(auth(ADMIN_KEY)).send({ hasCustomsAccess: true }).expect(200);
    expect(await list()).toHaveLength(1);
    const off = await t.http.patch(`/api/v1/businesses/${created.body.id}`).set(auth(ADMIN_KEY)).send({ hasCustomsAccess: false }).expect(200);
    expect(off.body.hasCustomsAccess).toBe(false);
    expect(await list()).toEqual([]);
  });

  it('offers validOn and expiringWithin to other code', async () => {
    const b = await createBusinessWithKey(t.http, { name: 'Sentra Batik Pancur' });
    const soon = await register(b.id, { type: 'kkp_permit', issuedOn: '2026-01-01', expiresOn: '2027-01-09' }).expect(201); // 45 days after 2026-11-25
    const later = await register(b.id, { type: 'kite_ikm', expiresOn: '2027-02-01' }).expect(201); // 68 days
    const open = await register(b.id, { type: 'nib_customs_access' }).expect(201);
    await register(b.id, { type: 'quarantine_kh12', expiresOn: '2026-11-24' }).expect(201); // expired
    const service = t.app.get(DocumentsService);
    expect((await service.validOn(b.id, '2026-11-25')).map((d) => d.id).sort()).toEqual([soon.body.id, later.body.id, open.body.id].sort());
    expect((await service.validOn(b.id, '2027-01-10')).map((d) => d.id).sort()).toEqual([later.body.id, open.body.id].sort());
    expect((await service.expiringWithin(60, '2026-11-25', [b.id])).map((d) => d.id)).toEqual([soon.body.id]);
    expect((await service.expiringWithin(68, '2026-11-25', [b.id])).map((d) => d.id)).toEqual([soon.body.id, later.body.id]);
    expect(await service.expiringWithin(60, '2026-11-25', [])).toEqual([]);
    // default asOf is today WIB by the app's clock
    expect((await service.expiringWithin(60)).map((d) => d.id)).toContain(soon.body.id);
  });
});
