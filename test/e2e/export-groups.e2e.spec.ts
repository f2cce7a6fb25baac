import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

/**
 * Export groups through the API: every bad input is a 400 naming its field and stores nothing,
 * double membership for one market × material is a 409, a business key is refused, and the
 * combined series equals sums worked out by hand from the fixture orders below.
 */
describe('export groups (POST/GET/PATCH/DELETE /export-groups)', () => {
  let t: TestApp;
  const id: Record<string, string> = {};
  let businessKey: string;
  let n = 0;
  const api = (path = '') => `/api/v1/export-groups${path}`;
  const admin = auth(ADMIN_KEY);

  const order = (b: string, on: string, valueIdr: number, o: { market?: string; material?: string; buyer?: string; voided?: boolean; cn?: boolean } = {}) =>
    t.db.exec(
      `INSERT INTO orders (business_id, external_ref, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material, quantity,
                           amount_minor, currency, value_idr, shipping_channel, voided_at, void_reason, declaration, declared_by)
       VALUES ($1, $2, ($3::date + time '10:00') AT TIME ZONE 'Asia/Jakarta', $3, $4, 'Buyer', $5, 'batik_garment', $6, 1, $7::bigint * 100, 'IDR', $7::bigint, 'post',
               CASE WHEN $8::boolean THEN now() END, CASE WHEN $8::boolean THEN 'test' END,
               CASE WHEN $9::boolean THEN 'cn' ELSE 'unknown' END, CASE WHEN $9::boolean THEN 'postal_operator' ELSE 'unknown' END)`,
      [id[b], `G-${++n}`, on, o.market ?? 'SG', o.buyer ?? 'buyer-1', o.material ?? 'cotton', valueIdr, o.voided ?? false, o.cn ?? false],
    );
  const counts = async () => ({
    groups: Number((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM export_groups'))!.n),
    members: Number((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM export_group_members'))!.n),
    audit: Number((await t.db.one<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE entity_type = 'export_group'`))!.n),
  });
  const valid = () => ({ name: 'Batik Lasem ke Singapura', market: 'SG', material: 'cotton', memberBusinessIds: [id.A, id.B] });

  beforeAll(async () => {
    t = await startTestApp();
    for (const [k, name, district] of [
      ['A', 'Batik Asri', 'Lasem'],
      ['B', 'Batik Bunga', 'Lasem'],
      ['C', 'Batik Cahaya', 'Pamotan'],
      ['D', 'Batik Dewi', 'Sluke'],
    ] as const) {
      const b = await createBusinessWithKey(t.http, { name, district, materials: ['cotton'] });
      id[k] = b.id;
      if (k === 'A') businessKey = b.key;
    }
    // asOf 2026-11-22 (Sunday): its week starts 2026-11-16, the 26 weeks start 2026-05-25
    await order('A', '2026-05-24', 70_000); // the day before the 26 weeks
    await order('A', '2026-05-25', 10_000); // first day of the 26 weeks
    await order('A', '2026-10-05', 50_000, { buyer: 'buyer-1' });
    await order('A', '2026-10-09', 60_000, { buyer: 'buyer-1' }); // same buyer, same week: 2 orders, 1 buyer
    await order('B', '2026-10-06', 80_000, { buyer: 'buyer-1' }); // B's buyer-1 is another buyer than A's: 3 orders, 2 buyers
    await order('A', '2026-10-07', 999_000, { voided: true });
    await order('B', '2026-10-07', 999_000, { material: 'silk' });
    await order('A', '2026-10-08', 999_000, { market: 'MY' });
    await order('C', '2026-10-08', 999_000); // not a member
    await order('A', '2026-11-16', 100_000, { cn: true }); // A's own CN to SG: A stands on own_cn there, B unrecorded
    await order('B', '2026-11-22', 200_000, { buyer: 'buyer-2' }); // asOf itself
    await order('B', '2026-11-23', 999_000); // after asOf
  });
  afterAll(() => t?.close());

  let groupId: string;

  it('creates a group (201): members with district and rung, audited', async () => {
    const before = await counts();
    const r = await t.http
      .post(api())
      .set(admin)
      .send({ ...valid(), coordinatorBusinessId: id.B, route: 'pkbk', note: 'kirim bersama lewat pos', candidateKey: 'SG:cotton' })
      .expect(201);
    groupId = r.body.id;
    expect(r.body).toMatchObject({
      name: 'Batik Lasem ke Singapura',
      market: 'SG',
      material: 'cotton',
      coordinatorBusinessId: id.B,
      route: 'pkbk',
      note: 'kirim bersama lewat pos',
      candidateKey: 'SG:cotton',
      rung: 'own_cn', // the highest member's
      createdBy: expect.any(String),
    });
    expect(r.body.members.map((m: { businessName: string; district: string; rung: string }) => [m.businessName, m.district, m.rung])).toEqual([
      ['Batik Asri', 'Lasem', 'own_cn'],
      ['Batik Bunga', 'Lasem', 'unrecorded'],
    ]);
    expect(r.body.series).toHaveLength(26);
    expect(await counts()).toEqual({ groups: before.groups + 1, members: before.members + 2, audit: before.audit + 1 });
    const audit = await t.db.one<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE entity_type = 'export_group' AND entity_id = $1`,
      [groupId],
    );
    expect(audit).toEqual({ action: 'export_group.created', details: { market: 'SG', material: 'cotton', members: 2 } });
  });

  it.each([
    ['a group of one', { memberBusinessIds: ['A'] }, 'memberBusinessIds'],
    ['duplicate members', { memberBusinessIds: ['C', 'C', 'D'] }, 'memberBusinessIds'],
    ['an unknown business', { memberBusinessIds: ['C', '00000000-0000-4000-8000-000000000000'] }, 'memberBusinessIds'],
    ['a member id that is not a UUID', { memberBusinessIds: ['C', 'nope'] }, 'memberBusinessIds'],
    ['no members', { memberBusinessIds: undefined }, 'memberBusinessIds'],
    ['a market that is not ISO alpha-2', { market: 'XX' }, 'market'],
    ['Indonesia as the market', { market: 'ID' }, 'market'],
    ['a material not in MATERIALS', { material: 'plastic' }, 'material'],
    ['a coordinator outside the group', { coordinatorBusinessId: 'A' }, 'coordinatorBusinessId'],
    ['an unknown route', { route: 'air_freight' }, 'route'],
    ['no name', { name: '' }, 'name'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
    ['a candidate key of another pair', { candidateKey: 'MY:cotton' }, 'candidateKey'],
  ])('refuses %s (400 naming the field), storing nothing', async (_what, patch, field) => {
    const before = await counts();
    const body: Record<string, unknown> = { ...valid(), memberBusinessIds: [id.C, id.D], ...patch };
    for (const [k, v] of Object.entries(body))
      if (k === 'memberBusinessIds' && Array.isArray(v)) body[k] = v.map((x: string) => id[x] ?? x);
      else if (k === 'coordinatorBusinessId' && typeof v === 'string') body[k] = id[v] ?? v;
    const r = await t.http.post(api()).set(admin).send(body).expect(400);
    expect(r.body.message.join(' ')).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('refuses a business already in another group for the same market × material (409), storing nothing', async () => {
    const before = await counts();
    const r = await t.http
      .post(api())
      .set(admin)
      .send({ ...valid(), memberBusinessIds: [id.B, id.C] })
      .expect(409);
    expect(r.body.message).toContain(id.B);
    expect(r.body.message).toContain('Batik Lasem ke Singapura');
    expect(await counts()).toEqual(before);
    // another market is another pair: the same businesses may join
    const my = await t.http
      .post(api())
      .set(admin)
      .send({ ...valid(), name: 'Batik ke Malaysia', market: 'my' })
      .expect(201);
    expect(my.body.market).toBe('MY');
  });

  it('lets only one of two simultaneous groups take the same business for a pair (the pair lock)', async () => {
    const a = await createBusinessWithKey(t.http, { name: 'Batik Fajar', district: 'Lasem', materials: ['silk'] });
    const b = await createBusinessWithKey(t.http, { name: 'Batik Gita', district: 'Lasem', materials: ['silk'] });
    const c = await createBusinessWithKey(t.http, { name: 'Batik Hana', district: 'Lasem', materials: ['silk'] });
    const body = (name: string, members: string[]) => ({ name, market: 'JP', material: 'silk', memberBusinessIds: members });
    const answers = await Promise.all([
      t.http
        .post(api())
        .set(admin)
        .send(body('Satu', [a.id, b.id])),
      t.http
        .post(api())
        .set(admin)
        .send(body('Dua', [a.id, c.id])),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const held = await t.db.many<{ n: string }>(
      `SELECT count(*) AS n FROM export_group_members m JOIN export_groups g ON g.id = m.group_id WHERE g.market = 'JP' AND m.business_id = $1`,
      [a.id],
    );
    expect(held).toEqual([{ n: '1' }]);
  });

  it('refuses a business key (403) on every route', async () => {
    const k = auth(businessKey);
    await t.http.post(api()).set(k).send(valid()).expect(403);
    await t.http.get(api()).set(k).expect(403);
    await t.http
      .get(api(`/${groupId}`))
      .set(k)
      .expect(403);
    await t.http
      .patch(api(`/${groupId}`))
      .set(k)
      .send({ name: 'x' })
      .expect(403);
    await t.http
      .delete(api(`/${groupId}`))
      .set(k)
      .expect(403);
  });

  it('answers the combined 26-week series as hand-computed (voided, other material, other market, non-members, after asOf left out)', async () => {
    const r = await t.http
      .get(api(`/${groupId}?asOf=2026-11-22`))
      .set(admin)
      .expect(200);
    expect(r.body.asOf).toBe('2026-11-22');
    const s = r.body.series as Array<{ week: string; weekStart: string; orders: number; valueIdr: number; buyers: number }>;
    expect(s).toHaveLength(26);
    expect(s[0]).toEqual({ week: '2026-W22', weekStart: '2026-05-25', orders: 1, valueIdr: 10_000, buyers: 1 });
    expect(s.find((p) => p.weekStart === '2026-10-05')).toEqual({ week: '2026-W41', weekStart: '2026-10-05', orders: 3, valueIdr: 190_000, buyers: 2 });
    expect(s[25]).toEqual({ week: '2026-W47', weekStart: '2026-11-16', orders: 2, valueIdr: 300_000, buyers: 2 });
    expect(s.reduce((a, p) => a + p.orders, 0)).toBe(6);
    expect(s.reduce((a, p) => a + p.valueIdr, 0)).toBe(500_000);
    await t.http
      .get(api(`/${groupId}?asOf=2026-02-30`))
      .set(admin)
      .expect(400);
  });

  it('lists groups, filtered by market and material', async () => {
    const all = await t.http.get(api()).set(admin).expect(200);
    expect(all.body.items.map((g: { market: string; material: string }) => `${g.market}:${g.material}`)).toEqual(['JP:silk', 'MY:cotton', 'SG:cotton']);
    const sg = await t.http.get(api('?market=sg&material=cotton')).set(admin).expect(200);
    expect(sg.body.items.map((g: { id: string }) => g.id)).toEqual([groupId]);
    expect(sg.body.items[0].series).toBeUndefined();
    expect((await t.http.get(api('?market=SG&material=silk')).set(admin).expect(200)).body.items).toEqual([]);
    await t.http.get(api('?market=XX')).set(admin).expect(400);
  });

  it('updates name, coordinator, route, note and replaces the members; bad patches store nothing', async () => {
    const r = await t.http
      .patch(api(`/${groupId}`))
      .set(admin)
      .send({ name: 'Kelompok Lasem', memberBusinessIds: [id.A, id.C], coordinatorBusinessId: id.C, route: 'cooperative', note: null })
      .expect(200);
    expect(r.body).toMatchObject({ name: 'Kelompok Lasem', coordinatorBusinessId: id.C, route: 'cooperative', note: null });
    expect(r.body.members.map((m: { businessId: string }) => m.businessId).sort()).toEqual([id.A, id.C].sort());

    const before = await counts();
    const stored = (
      await t.http
        .get(api(`/${groupId}`))
        .set(admin)
        .expect(200)
    ).body;
    await t.http
      .patch(api(`/${groupId}`))
      .set(admin)
      .send({ coordinatorBusinessId: id.D })
      .expect(400)
      .expect((x) => expect(x.body.message.join(' ')).toContain('coordinatorBusinessId'));
    await t.http
      .patch(api(`/${groupId}`))
      .set(admin)
      .send({ memberBusinessIds: [id.A] })
      .expect(400);
    await t.http
      .patch(api(`/${groupId}`))
      .set(admin)
      .send({ name: null })
      .expect(400);
    await t.http
      .patch(api(`/${groupId}`))
      .set(admin)
      .send({ route: 'rail' })
      .expect(400);
    await t.http
      .patch(api(`/${groupId}`))
      .set(admin)
      .send({ market: 'MY' })
      .expect(400);
    // B is in the MY group only: SG is free for it; a second SG group holding D makes D taken for SG
    await t.http
      .post(api())
      .set(admin)
      .send({ ...valid(), name: 'Kelompok Sluke', memberBusinessIds: [id.B, id.D] })
      .expect(201);
    const during = await counts();
    await t.http
      .patch(api(`/${groupId}`))
      .set(admin)
      .send({ memberBusinessIds: [id.A, id.C, id.D] })
      .expect(409);
    expect(await counts()).toEqual(during);
    expect(during.audit).toBe(before.audit + 1);
    expect(
      (
        await t.http
          .get(api(`/${groupId}`))
          .set(admin)
          .expect(200)
      ).body,
    ).toEqual(stored);
  });

  it('clears the coordinator when a member change drops it', async () => {
    const e = await createBusinessWithKey(t.http, { name: 'Batik Elok', district: 'Lasem', materials: ['cotton'] });
    const r = await t.http
      .patch(api(`/${groupId}`))
      .set(admin)
      .send({ memberBusinessIds: [id.A, e.id] })
      .expect(200);
    expect(r.body.coordinatorBusinessId).toBeNull();
    expect(r.body.members.map((m: { businessName: string }) => m.businessName)).toEqual(['Batik Asri', 'Batik Elok']);
  });

  it('deletes a group (204, audited); then 404', async () => {
    const before = await counts();
    await t.http
      .delete(api(`/${groupId}`))
      .set(admin)
      .expect(204);
    await t.http
      .get(api(`/${groupId}`))
      .set(admin)
      .expect(404);
    await t.http
      .delete(api(`/${groupId}`))
      .set(admin)
      .expect(404);
    expect(await counts()).toEqual({ groups: before.groups - 1, members: before.members - 2, audit: before.audit + 1 });
  });
});
