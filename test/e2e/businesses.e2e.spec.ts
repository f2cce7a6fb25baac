import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { businessBody, createBusinessWithKey } from '../factories';

describe('businesses and API keys (HTTP, real Postgres)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates a business with the district stored canonical', async () => {
    const res = await t.http
      .post('/api/v1/businesses')
      .set(auth(ADMIN_KEY))
      .send({ name: ' Ulla Leather ', district: '  LASEM ', nib: '9120001234567', materials: ['snakeskin', 'cowhide'] })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Ulla Leather',
      district: 'Lasem',
      nib: '9120001234567',
      hasCustomsAccess: false,
      materials: ['snakeskin', 'cowhide'],
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await t.http.get(`/api/v1/businesses/${res.body.id}`).set(auth(ADMIN_KEY)).expect(200);
    expect(got.body).toEqual(res.body);
  });

  it('rejects bad fields, naming each one, and stores nothing', async () => {
    const before = await t.db.one<{ n: string }>('SELECT count(*) AS n FROM businesses');
    const res = await t.http
      .post('/api/v1/businesses')
      .set(auth(ADMIN_KEY))
      .send({ name: '', district: 'Jakarta', email: 'nope', nib: '12', materials: ['gold'], hasCustomsAccess: 'yes', extra: 1 })
      .expect(400);
    const fields = (res.body.message as string[]).map((m) => m.split(':')[0]);
    expect(new Set(fields)).toEqual(new Set(['extra', 'name', 'district', 'email', 'nib', 'materials', 'hasCustomsAccess']));
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const after = await t.db.one<{ n: string }>('SELECT count(*) AS n FROM businesses');
    expect(after!.n).toBe(before!.n);
  });

  it('answers malformed JSON with 400 and a body over 10 MB with 413', async () => {
    const bad = await t.http.post('/api/v1/businesses').set(auth(ADMIN_KEY)).set('content-type', 'application/json').send('{"name":').expect(400);
    expect(bad.body.message[0]).toMatch(/^body: malformed JSON/);
    const huge = JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024), district: 'Lasem' });
    const big = await t.http.post('/api/v1/businesses').set(auth(ADMIN_KEY)).set('content-type', 'application/json').send(huge);
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/at most 10 MB/);
  });

  it('requires a key (401), a known key (401) and a staff role for creation (403)', async () => {
    await t.http.get('/api/v1/businesses').expect(401);
    const unknown = await t.http.get('/api/v1/businesses').set(auth('se_not-a-real-key')).expect(401);
    expect(unknown.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'the API key is unknown or revoked' });
    const { key } = await createBusinessWithKey(t.http);
    const forbidden = await t.http.post('/api/v1/businesses').set(auth(key)).send(businessBody()).expect(403);
    expect(forbidden.body.message).toMatch(/admin or officer/);
  });

  it('lets a business key see only its own business; others answer 404', async () => {
    const a = await createBusinessWithKey(t.http, { name: 'Arma Leather and Craft', district: 'Rembang' });
    const b = await createBusinessWithKey(t.http);
    await t.http.get(`/api/v1/businesses/${a.id}`).set(auth(a.key)).expect(200);
    await t.http.get(`/api/v1/businesses/${b.id}`).set(auth(a.key)).expect(404);
    await t.http.patch(`/api/v1/businesses/${b.id}`).set(auth(a.key)).send({ phone: '+62 812 1111 2222' }).expect(404);
    const list = await t.http.get('/api/v1/businesses').set(auth(a.key)).expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    const own = await t.http.patch(`/api/v1/businesses/${a.id}`).set(auth(a.key)).send({ phone: '+62 812 1111 2222' }).expect(200);
    expect(own.body.phone).toBe('+62 812 1111 2222');
    const custom = await t.http.patch(`/api/v1/businesses/${a.id}`).set(auth(a.key)).send({ hasCustomsAccess: true }).expect(400);
    expect(custom.body.message[0]).toMatch(/^hasCustomsAccess:/);
  });

  it('stores keys only hashed, shows them once, and a revoked key stops working', async () => {
    const { id, key } = await createBusinessWithKey(t.http);
    const rows = await t.db.many<{ key_hash: Buffer; prefix: string }>('SELECT key_hash, prefix FROM api_keys WHERE business_id = $1', [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].key_hash.toString('hex')).not.toContain(Buffer.from(key).toString('hex'));
    expect(key.startsWith(rows[0].prefix)).toBe(true);
    const listed = await t.http.get(`/api/v1/businesses/${id}/api-keys`).set(auth(ADMIN_KEY)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    await t.http.get(`/api/v1/businesses/${id}`).set(auth(key)).expect(200);
    await t.http.delete(`/api/v1/api-keys/${listed.body.items[0].id}`).set(auth(ADMIN_KEY)).expect(204);
    await t.http.get(`/api/v1/businesses/${id}`).set(auth(key)).expect(401);
  });

  it('lets admins mint officer keys; officers cannot mint staff keys', async () => {
    const res = await t.http.post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ role: 'officer', label: 'Sari' }).expect(201);
    expect(res.body).toMatchObject({ role: 'officer', businessId: null, label: 'Sari' });
    const officer = res.body.key as string;
    await t.http.post('/api/v1/businesses').set(auth(officer)).send(businessBody()).expect(201);
    await t.http.post('/api/v1/api-keys').set(auth(officer)).send({ role: 'admin' }).expect(403);
  });

  it('pages through businesses with a cursor and filters by district', async () => {
    for (let i = 0; i < 5; i++)
      await t.http
        .post('/api/v1/businesses')
        .set(auth(ADMIN_KEY))
        .send(businessBody({ name: `Batik Sumber ${i}`, district: 'Sumber' }))
        .expect(201);
    const first = await t.http.get('/api/v1/businesses?district=sumber&limit=3').set(auth(ADMIN_KEY)).expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await t.http.get(`/api/v1/businesses?district=Sumber&limit=3&cursor=${first.body.nextCursor}`).set(auth(ADMIN_KEY)).expect(200);
    expect(second.body.items.map((b: { name: string }) => b.name)).toEqual(['Batik Sumber 3', 'Batik Sumber 4']);
    expect(second.body.nextCursor).toBeNull();
    await t.http.get('/api/v1/businesses?cursor=garbage').set(auth(ADMIN_KEY)).expect(400);
    await t.http.get('/api/v1/businesses/not-a-uuid').set(auth(ADMIN_KEY)).expect(400);
  });

  it('stores monthlyCapacity on create and PATCH (replaced whole) and returns it on GET and the list', async () => {
    const b = await t.http
      .post('/api/v1/businesses')
      .set(auth(ADMIN_KEY))
      .send(businessBody({ monthlyCapacity: { bag: 40, wallet: 0 } }))
      .expect(201);
    expect(b.body.monthlyCapacity).toEqual({ bag: 40, wallet: 0 });
    const patched = await t.http
      .patch(`/api/v1/businesses/${b.body.id}`)
      .set(auth(ADMIN_KEY))
      .send({ monthlyCapacity: { belt: 12 } })
      .expect(200);
    expect(patched.body.monthlyCapacity).toEqual({ belt: 12 });
    const got = await t.http.get(`/api/v1/businesses/${b.body.id}`).set(auth(ADMIN_KEY)).expect(200);
    expect(got.body.monthlyCapacity).toEqual({ belt: 12 });
    const plain = await t.http.post('/api/v1/businesses').set(auth(ADMIN_KEY)).send(businessBody()).expect(201);
    expect(plain.body.monthlyCapacity).toEqual({});
  });

  it('refuses a bad monthlyCapacity naming the entry, and changes nothing', async () => {
    const { id, key } = await createBusinessWithKey(t.http, { monthlyCapacity: { bag: 40 } });
    const cases: Array<[unknown, string]> = [
      [{ bags: 5 }, 'monthlyCapacity.bags: not a product category'],
      [{ bag: -1 }, 'monthlyCapacity.bag: must be between 0'],
      [{ bag: 2.5 }, 'monthlyCapacity.bag: must be a whole number'],
      [{ bag: '5' }, 'monthlyCapacity.bag: must be a whole number'],
      [[5], 'monthlyCapacity: must be an object'],
    ];
    for (const [monthlyCapacity, message] of cases) {
      const res = await t.http.patch(`/api/v1/businesses/${id}`).set(auth(ADMIN_KEY)).send({ monthlyCapacity, name: 'Changed' }).expect(400);
      expect(res.body.message).toEqual([expect.stringContaining(message)]);
    }
    const unknown = await t.http
      .patch(`/api/v1/businesses/${id}`)
      .set(auth(key))
      .send({ monthlyCapacity: { bag: 50 }, capacity: 3 })
      .expect(400);
    expect(unknown.body.message).toEqual(['capacity: unknown field (not allowed)']);
    const before = await t.db.one<{ n: string }>('SELECT count(*) AS n FROM businesses');
    await t.http
      .post('/api/v1/businesses')
      .set(auth(ADMIN_KEY))
      .send(businessBody({ monthlyCapacity: { bag: -3 } }))
      .expect(400);
    expect((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM businesses'))!.n).toBe(before!.n);
    const got = await t.http.get(`/api/v1/businesses/${id}`).set(auth(key)).expect(200);
    expect(got.body).toMatchObject({ monthlyCapacity: { bag: 40 } });
    expect(got.body.name).not.toBe('Changed');
    // the owner declares its own capacity
    const own = await t.http
      .patch(`/api/v1/businesses/${id}`)
      .set(auth(key))
      .send({ monthlyCapacity: { bag: 55 } })
      .expect(200);
    expect(own.body.monthlyCapacity).toEqual({ bag: 55 });
  });

  it('records an append-only audit trail', async () => {
    const res = await t.http.post('/api/v1/businesses').set(auth(ADMIN_KEY)).send(businessBody()).expect(201);
    const audit = await t.db.many<{ action: string; actor: string }>('SELECT action, actor FROM audit_log WHERE entity_id = $1', [res.body.id]);
    expect(audit).toEqual([{ action: 'business.created', actor: 'admin:env' }]);
    await expect(t.db.exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('serves health and OpenAPI', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    await t.http.get('/api/v1/health').expect(404);
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, queue: { status: 'up' } });
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/businesses', '/api/v1/orders', '/api/v1/orders/bulk', '/api/v1/orders/import']),
    );
  });
});
