import { ActivitiesService } from '../../src/casework/activities.service';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

/**
 * Casework and the department's report against hand-computed fixtures. The period is the second
 * quarter of 2026; every border is a row: an activity on the first and the last day, a visit the
 * day before, a voided order, a rung reached before the period, an expired customs-access document.
 */
describe('casework: activities, follow-ups and the KPI report', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let keyA: string;
  let n = 0;

  const order = async (b: string, on: string, valueIdr: number, decl: { declaration?: string; declaredBy?: string; origin?: string } = {}, voided = false) => {
    n++;
    await t.db.exec(
      `INSERT INTO orders (business_id, external_ref, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material, quantity,
                           amount_minor, currency, value_idr, shipping_channel, declaration, declared_by, origin_certificate, voided_at, void_reason)
       VALUES ($1, $2, ($3::date + time '10:00') AT TIME ZONE 'Asia/Jakarta', $3, 'MY', 'Buyer', 'buyer', 'bag', 'cowhide', 1, $4::bigint * 100, 'IDR', $4::bigint, 'post',
               $5, $6, $7, CASE WHEN $8::boolean THEN now() END, CASE WHEN $8::boolean THEN 'test' END)`,
      [ids[b], `T-${n}`, on, valueIdr, decl.declaration ?? 'unknown', decl.declaredBy ?? 'unknown', decl.origin ?? 'none', voided],
    );
  };
  const flag = (b: string, raisedOn: string, resolvedOn: string | null, kind = 'readiness') =>
    t.db.exec(
      `INSERT INTO flags (business_id, market, kind, status, raised_on, resolved_on, last_evaluated_on, rule_set_version)
       VALUES ($1, 'MY', $2, $3, $4::date, $5::date, coalesce($5::date, $4::date), (SELECT max(version) FROM rule_sets))`,
      [ids[b], kind, resolvedOn ? 'resolved' : 'open', raisedOn, resolvedOn],
    );
  const activity = (b: string, body: Record<string, unknown>) => t.http.post(`/api/v1/businesses/${ids[b]}/activities`).set(auth(ADMIN_KEY)).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    for (const [k, district] of [
      ['A', 'Lasem'],
      ['B', 'Sale'],
      ['C', 'Lasem'],
      ['D', 'Sale'],
      ['E', 'Kragan'],
    ] as const) {
      const b = await createBusinessWithKey(t.http, { name: `Usaha ${k}`, district, materials: ['cowhide'] });
      ids[k] = b.id;
      if (k === 'A') keyA = b.key;
    }
    // A: own CNs since January, then a PEB through a broker on the period's last day
    await order('A', '2026-01-10', 1_000_000, { declaration: 'cn', declaredBy: 'postal_operator' });
    await order('A', '2026-06-30', 40_000_000, { declaration: 'peb', declaredBy: 'customs_broker' });
    // B: a voided order, then its first CN parcel in May
    await order('B', '2026-05-05', 9_000_000, { declaration: 'peb', declaredBy: 'customs_broker' }, true);
    await order('B', '2026-05-10', 2_500_000, { declaration: 'cn', declaredBy: 'postal_operator' });
    // C: formal before the period (a PEB in February), nothing in the period
    await order('C', '2026-02-01', 30_000_000, { declaration: 'peb', declaredBy: 'customs_broker' });
    // E: its own PEB in May, but its customs-access NIB expired on 1 May: agent_peb, not own_peb
    await order('E', '2026-05-20', 5_000_000, { declaration: 'peb', declaredBy: 'self' });
    await t.db.exec(`INSERT INTO business_documents (business_id, type, issued_on, expires_on) VALUES ($1, 'nib_customs_access', '2025-01-01', '2026-05-01')`, [
      ids.E,
    ]);
    // flags: A raised on the last day, C open since January, D resolved the day before the period, B only a compliance flag
    await flag('A', '2026-06-30', null);
    await flag('C', '2026-01-01', null);
    await flag('D', '2026-03-01', '2026-03-31');
    await flag('B', '2026-05-01', null, 'compliance');
    await activity('B', { type: 'visit', on: '2026-04-01', note: 'kunjungan pertama' }).expect(201);
    await activity('C', { type: 'visit', on: '2026-03-31' }).expect(201);
    await activity('B', { type: 'referral', on: '2026-06-30', programme: 'ecp' }).expect(201);
    await activity('B', { type: 'referral', on: '2026-07-01', programme: 'ecp' }).expect(201); // after the period
  });
  afterAll(() => t?.close());

  it('counts each KPI as hand-computed, with the borders of the period', async () => {
    const r = await t.http.get('/api/v1/reports/kpi?from=2026-04-01&to=2026-06-30').set(auth(ADMIN_KEY)).expect(200);
    expect(r.body.totals).toEqual({
      businessesActive: 3, // A (last day), B (May), E; not C (February) nor B's voided order alone
      businessesFlagged: 2, // A and C; not D (resolved before from), not B (compliance)
      businessesVisited: 1, // B on the first day; C's visit was the day before
      referrals: 1, // on the last day; the one on 1 July is outside
      rungUps: 3, // A own_cn → agent_peb, B unrecorded → own_cn, E unrecorded → agent_peb; C stays
      formalExporters: 3, // A, C, E at agent_peb or above on `to`
      exportValueIdr: { total: '47500000', formal: '45000000', direct: '2500000' },
    });
    const lasem = r.body.byDistrict.find((d: { district: string }) => d.district === 'Lasem');
    expect(lasem).toMatchObject({ businessesActive: 1, businessesFlagged: 2, businessesVisited: 0, referrals: 0, rungUps: 1, formalExporters: 2 });
    const sale = r.body.byDistrict.find((d: { district: string }) => d.district === 'Sale');
    expect(sale).toMatchObject({ businessesActive: 1, businessesFlagged: 0, businessesVisited: 1, referrals: 1, rungUps: 1, formalExporters: 0 });
    expect(r.body.byMonth.map((m: { month: string; rungUps: number; businessesActive: number }) => [m.month, m.businessesActive, m.rungUps])).toEqual([
      ['2026-04', 0, 0],
      ['2026-05', 2, 2], // B's first CN, E's PEB
      ['2026-06', 1, 1], // A's PEB on the last day
    ]);
    expect(r.body.movedUp.map((m: { businessName: string; from: string; to: string }) => `${m.businessName} ${m.from}→${m.to}`).sort()).toEqual([
      'Usaha A own_cn→agent_peb',
      'Usaha B unrecorded→own_cn',
      'Usaha E unrecorded→agent_peb',
    ]);
    expect(r.body.previous).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    // January–March: A's CN and C's PEB; C and D flagged (D resolved on 31 March); C visited on 31 March; C formal
    expect(r.body.previous.totals).toMatchObject({ businessesActive: 2, businessesFlagged: 2, businessesVisited: 1, formalExporters: 1 });
  });

  it('answers CSV rows with the same counts, and refuses a period that ends before it starts', async () => {
    const csv = await t.http.get('/api/v1/reports/kpi?from=2026-04-01&to=2026-06-30').set(auth(ADMIN_KEY)).set('Accept', 'text/csv').expect(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'scope,key,from,to,businessesActive,businessesFlagged,businessesVisited,referrals,rungUps,formalExporters,exportValueIdrTotal,exportValueIdrFormal,exportValueIdrDirect',
    );
    expect(lines[1]).toBe('total,total,2026-04-01,2026-06-30,3,2,1,1,3,3,47500000,45000000,2500000');
    expect(lines.filter((l) => l.startsWith('month,'))).toHaveLength(3);
    const bad = await t.http.get('/api/v1/reports/kpi?from=2026-07-01&to=2026-06-30').set(auth(ADMIN_KEY)).expect(400);
    expect(JSON.stringify(bad.body)).toContain('from: must not be after to');
    await t.http.get('/api/v1/reports/kpi?from=2026-02-30&to=2026-06-30').set(auth(ADMIN_KEY)).expect(400);
  });

  it('keeps the report and other businesses’ activities from a business key', async () => {
    await t.http.get('/api/v1/reports/kpi?from=2026-04-01&to=2026-06-30').set(auth(keyA)).expect(403);
    await t.http.get(`/api/v1/businesses/${ids.B}/activities`).set(auth(keyA)).expect(404);
    const own = await t.http.get(`/api/v1/businesses/${ids.A}/activities`).set(auth(keyA)).expect(200);
    expect(own.body.items).toEqual([]);
    await t.http.post(`/api/v1/businesses/${ids.A}/activities`).set(auth(keyA)).send({ type: 'note', on: '2026-11-20' }).expect(403);
  });

  it('refuses bad activities by field and stores nothing', async () => {
    const before = await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM activities');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'meeting', on: '2026-11-20' }, 'type: must be one of visit, call'],
      [{ type: 'visit', on: '2026-02-30' }, 'on'],
      [{ type: 'visit', on: '2026-11-26' }, 'on: must not be in the future'],
      [{ type: 'visit', on: '2026-11-20', dueOn: '2026-11-19' }, 'dueOn: must not be before on'],
      [{ type: 'referral', on: '2026-11-20', programme: 'kursus' }, 'programme: must be one of ecp'],
      [{ type: 'visit', on: '2026-11-20', flagId: '00000000-0000-4000-8000-000000000000' }, 'flagId: no flag with this id belongs to this business'],
    ];
    for (const [body, text] of cases) {
      const r = await activity('A', body).expect(400);
      expect(JSON.stringify(r.body)).toContain(text);
    }
    const cFlag = await t.db.one<{ id: string }>(`SELECT id FROM flags WHERE business_id = $1`, [ids.C]);
    await activity('A', { type: 'visit', on: '2026-11-20', flagId: cFlag!.id }).expect(400);
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM activities'))!.n).toBe(before!.n);
  });

  it('schedules follow-ups at 3, 6 and 12 months after a formal rung or a graduation, once', async () => {
    const ev = (b: string, from: string, to: string, asOf: string) =>
      t.db.exec(`INSERT INTO domain_events (type, data) VALUES ('pathway.rung_changed', $1)`, [
        JSON.stringify({ businessId: ids[b], market: 'MY', from, to, asOf }),
      ]);
    await ev('A', 'own_cn', 'agent_peb', '2026-06-30');
    await ev('A', 'agent_peb', 'own_peb', '2026-07-31'); // already formal: no new follow-ups
    await ev('B', 'unrecorded', 'own_cn', '2026-05-10'); // not formal
    const referral = await t.db.one<{ id: string }>(`SELECT id FROM activities WHERE business_id = $1 AND on_date = '2026-06-30'`, [ids.B]);
    const done = await t.http
      .patch(`/api/v1/activities/${referral!.id}`)
      .set(auth(ADMIN_KEY))
      .send({ doneOn: '2026-08-15', outcome: 'Lulus ECP', graduated: true })
      .expect(200);
    expect(done.body).toMatchObject({ doneOn: '2026-08-15', outcome: 'Lulus ECP', graduated: true });
    const svc = t.app.get(ActivitiesService);
    await svc.scheduleFollowUps();
    expect(await svc.scheduleFollowUps()).toBe(0); // a second pass adds nothing
    const rows = await t.db.many<{ name: string; due_on: string; created_by: string }>(
      `SELECT b.name, a.due_on::text, a.created_by FROM activities a JOIN businesses b ON b.id = a.business_id WHERE a.auto_key IS NOT NULL ORDER BY b.name, a.due_on`,
    );
    expect(rows.map((r) => `${r.name} ${r.due_on}`)).toEqual([
      'Usaha A 2026-09-30',
      'Usaha A 2026-12-30',
      'Usaha A 2027-06-30',
      'Usaha B 2026-11-15',
      'Usaha B 2027-02-15',
      'Usaha B 2027-08-15',
    ]);
    expect(new Set(rows.map((r) => r.created_by))).toEqual(new Set(['system:casework']));

    // today is 2026-11-25 (WIB): overdue = due before today; this week = 23–29 November
    await activity('C', { type: 'call', on: '2026-11-20', dueOn: '2026-11-27', note: 'tanya NIB' }).expect(201);
    const overdue = await t.http.get('/api/v1/activities?due=overdue').set(auth(ADMIN_KEY)).expect(200);
    expect(overdue.body.items.map((a: { businessName: string; dueOn: string }) => `${a.businessName} ${a.dueOn}`)).toEqual([
      'Usaha A 2026-09-30',
      'Usaha B 2026-11-15',
    ]);
    const sale = await t.http.get('/api/v1/activities?due=overdue&district=sale').set(auth(ADMIN_KEY)).expect(200);
    expect(sale.body.items.map((a: { businessName: string }) => a.businessName)).toEqual(['Usaha B']);
    const week = await t.http.get('/api/v1/activities?due=this_week').set(auth(ADMIN_KEY)).expect(200);
    expect(week.body.items.map((a: { businessName: string; dueOn: string }) => `${a.businessName} ${a.dueOn}`)).toEqual(['Usaha C 2026-11-27']);
    await t.http.get('/api/v1/activities?due=soon').set(auth(ADMIN_KEY)).expect(400);
    // done follow-ups leave the list; auto follow-ups do not count as visits or referrals in the report
    const first = overdue.body.items[0];
    await t.http.patch(`/api/v1/activities/${first.id}`).set(auth(ADMIN_KEY)).send({ doneOn: '2026-11-24', outcome: 'sudah PEB kedua' }).expect(200);
    const after = await t.http.get('/api/v1/activities?due=overdue').set(auth(ADMIN_KEY)).expect(200);
    expect(after.body.items).toHaveLength(1);
  });

  it('keeps yearly targets as settings, admin only', async () => {
    await t.http.put('/api/v1/reports/kpi/targets').set(auth(ADMIN_KEY)).send({ year: 2026, metric: 'rungUps', target: 30 }).expect(200);
    await t.http.put('/api/v1/reports/kpi/targets').set(auth(ADMIN_KEY)).send({ year: 2026, metric: 'rungUps', target: -1 }).expect(400);
    await t.http.put('/api/v1/reports/kpi/targets').set(auth(ADMIN_KEY)).send({ year: 2026, metric: 'happiness', target: 3 }).expect(400);
    const r = await t.http.get('/api/v1/reports/kpi?from=2026-04-01&to=2026-06-30').set(auth(ADMIN_KEY)).expect(200);
    expect(r.body.targets).toEqual({ rungUps: 30 });
  });

  it('reads a rung off the 26 weeks up to its day: an order 181 days back counts, 182 days back does not', async () => {
    for (const k of ['F', 'G', 'H']) ids[k] = (await createBusinessWithKey(t.http, { name: `Usaha ${k}`, district: 'Kragan', materials: ['cowhide'] })).id;
    await order('F', '2024-07-04', 1_000_000, { declaration: 'cn', declaredBy: 'postal_operator' }); // 181 days before 1 January: own_cn then, gone by 31 January
    await order('G', '2024-07-03', 1_000_000, { declaration: 'cn', declaredBy: 'postal_operator' }); // 182 days before: outside already
    await order('G', '2025-01-31', 8_000_000, { declaration: 'peb', declaredBy: 'customs_broker' }); // the last day
    await order('H', '2024-08-05', 6_000_000, { declaration: 'peb', declaredBy: 'self' }); // own PEB, still inside on 31 January
    await t.db.exec(`INSERT INTO business_documents (business_id, type, issued_on) VALUES ($1, 'nib_customs_access', '2024-01-01')`, [ids.H]);
    const r = await t.http.get('/api/v1/reports/kpi?from=2025-01-01&to=2025-01-31').set(auth(ADMIN_KEY)).expect(200);
    expect(r.body.totals).toMatchObject({
      businessesActive: 1,
      rungUps: 1,
      formalExporters: 2,
      exportValueIdr: { total: '8000000', formal: '8000000', direct: '0' },
    });
    expect(r.body.movedUp.map((m: { businessName: string; from: string; to: string }) => `${m.businessName} ${m.from}→${m.to}`)).toEqual([
      'Usaha G unrecorded→agent_peb',
    ]);
    // December 2024: F own_cn and H own_peb on its last day; G's CN of 3 July still inside on 1 December
    const dec = await t.http.get('/api/v1/reports/kpi?from=2024-12-01&to=2024-12-31').set(auth(ADMIN_KEY)).expect(200);
    expect(dec.body.totals).toMatchObject({ businessesActive: 0, rungUps: 0, formalExporters: 1 });
  });
});
