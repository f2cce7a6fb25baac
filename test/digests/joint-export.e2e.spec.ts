import { DigestsService } from '../../src/digests/digests.service';
import { ReportsService } from '../../src/reports/reports.service';
import { createBusinessWithKey } from '../factories';
import { completedRun, insertEvaluation, insertFlag, METRICS } from '../reports/fixtures';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { TestSmtp } from './smtp';

/**
 * The weekly list's jointExport section and its digest section: a candidate is new when the run as
 * of the week's Sunday stored its key and the run a week earlier did not; a group is new when formed
 * in the week and changed when formed before and updated in it. Frozen at publication.
 */
describe('joint export on the weekly list and in digests', () => {
  let t: TestApp;
  const smtp = new TestSmtp();
  const id: Record<string, string> = {};
  const group: Record<string, string> = {};
  const admin = auth(ADMIN_KEY);

  const candidate = (asOf: string, market: string, material: string, members: string[], orders13w: number, value13wIdr: number) =>
    t.db.exec(`INSERT INTO consolidation_candidates (as_of, key, market, material, member_ids, payload) VALUES ($1, $2, $3, $4, $5::uuid[], $6)`, [
      asOf,
      `${market}:${material}`,
      market,
      material,
      members.map((m) => id[m]),
      JSON.stringify({
        key: `${market}:${material}`,
        combined: { orders13w, value13wIdr, weight13wKg: 12.5, activeWeeks13: 9, repeatBuyers: 3 },
        suggestedRoute: 'pkbk',
        suggestedCoordinatorId: id[members[0]],
      }),
    ]);
  const form = (name: string, market: string, members: string[], extra: Record<string, unknown> = {}) =>
    t.http
      .post('/api/v1/export-groups')
      .set(admin)
      .send({ name, market, material: 'cotton', memberBusinessIds: members.map((m) => id[m]), ...extra })
      .expect(201)
      .then((r) => r.body.id as string);

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ now: '2026-11-10T03:00:00Z', env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_BASE_URL: 'https://siap.example.go.id' } });
    for (const [k, name, district] of [
      ['A', 'Batik Asri', 'Lasem'],
      ['B', 'Batik Bunga', 'Lasem'],
      ['C', 'Batik Cahaya', 'Sluke'],
      ['D', 'Batik Dewi', 'Pamotan'],
    ] as const)
      id[k] = (await createBusinessWithKey(t.http, { name, district, materials: ['cotton'] })).id;
    // W46 (9–15 Nov): two groups formed; one is updated in W47, the other left alone
    group.old = await form('Kelompok Lama', 'HK', ['C', 'D']);
    group.quiet = await form('Kelompok Diam', 'JP', ['C', 'D']);
    // the candidate runs: SG:cotton two Sundays running (not new), MY:cotton three weeks ago and now (new again), JP:silk now
    await candidate('2026-11-08', 'MY', 'cotton', ['A', 'C'], 9, 4_000_000);
    await candidate('2026-11-15', 'SG', 'cotton', ['A', 'B'], 14, 6_500_000);
    await candidate('2026-11-22', 'SG', 'cotton', ['A', 'B'], 15, 7_000_000);
    await candidate('2026-11-22', 'MY', 'cotton', ['A', 'C'], 12, 5_250_000);
    await candidate('2026-11-22', 'JP', 'silk', ['C', 'D'], 11, 8_000_000);
    // W47 (16–22 Nov): a group formed, the old one updated
    t.clock.set('2026-11-20T03:00:00Z');
    group.fresh = await form('Batik Lasem ke Singapura', 'SG', ['A', 'B'], { coordinatorBusinessId: id.B, route: 'cooperative', candidateKey: 'SG:cotton' });
    await t.http.patch(`/api/v1/export-groups/${group.old}`).set(admin).send({ note: 'rapat koperasi 20 Nov' }).expect(200);
    const f = await insertFlag(t.db, { businessId: id.A, market: 'SG', raisedOn: '2026-11-22' });
    await insertEvaluation(t.db, f, '2026-11-22', METRICS);
    await completedRun(t.db, '2026-11-22');
    for (const body of [
      { email: 'lasem@example.go.id', districts: ['Lasem'] },
      { email: 'all.en@example.go.id', locale: 'en' },
      { email: 'kragan@example.go.id', districts: ['Kragan'] },
    ])
      await t.http.post('/api/v1/digests/subscriptions').set(admin).send(body).expect(201);
    t.clock.set('2026-11-23T00:10:00Z'); // Monday 07:10 WIB
    expect(await t.app.get(ReportsService).publish('2026-W47')).toBe('published');
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it('freezes the new candidates and the group changes of the week beside the items', async () => {
    const r = await t.http.get('/api/v1/reports/weekly/2026-W47').set(admin).expect(200);
    const je = r.body.jointExport;
    expect(je.newCandidates.map((c: { key: string }) => c.key)).toEqual(['JP:silk', 'MY:cotton']);
    expect(je.newCandidates[1]).toEqual({
      key: 'MY:cotton',
      market: 'MY',
      material: 'cotton',
      members: [
        { businessId: id.A, businessName: 'Batik Asri', district: 'Lasem' },
        { businessId: id.C, businessName: 'Batik Cahaya', district: 'Sluke' },
      ],
      combined: { orders13w: 12, value13wIdr: 5_250_000, weight13wKg: 12.5, activeWeeks13: 9, repeatBuyers: 3 },
      suggestedRoute: 'pkbk',
      suggestedCoordinatorId: id.A,
    });
    expect(je.groups.map((g: { id: string; change: string }) => [g.id, g.change])).toEqual([
      [group.fresh, 'new'],
      [group.old, 'changed'],
    ]);
    expect(je.groups[0]).toMatchObject({ name: 'Batik Lasem ke Singapura', coordinatorName: 'Batik Bunga', route: 'cooperative', candidateKey: 'SG:cotton' });
    expect(r.body.items).toHaveLength(1);

    const my = await t.http.get('/api/v1/reports/weekly/2026-W47?market=MY').set(admin).expect(200);
    expect(my.body.jointExport).toEqual({ newCandidates: [je.newCandidates[1]], groups: [] });
    const sluke = await t.http.get('/api/v1/reports/weekly/2026-W47?district=Sluke').set(admin).expect(200);
    expect(sluke.body.jointExport.newCandidates.map((c: { key: string }) => c.key)).toEqual(['JP:silk', 'MY:cotton']);
    expect(sluke.body.jointExport.groups.map((g: { id: string }) => g.id)).toEqual([group.old]);

    // frozen: a group formed or a candidate stored after publication does not change the published week
    await t.http.patch(`/api/v1/export-groups/${group.quiet}`).set(admin).send({ note: 'later' }).expect(200);
    await candidate('2026-11-22', 'BN', 'cotton', ['A', 'D'], 10, 4_500_000);
    expect((await t.http.get('/api/v1/reports/weekly/2026-W47').set(admin).expect(200)).body.jointExport).toEqual(je);
  });

  it('tells each subscriber the joint-export news in their kecamatan (text and HTML); none → no section', async () => {
    const digests = t.app.get(DigestsService);
    expect((await digests.tick()).created).toBe(3);
    for (const { id: d } of await t.db.many<{ id: string }>('SELECT id FROM digest_deliveries ORDER BY email')) expect(await digests.sendOne(d)).toBe('sent');

    const [lasem] = smtp.to('lasem@example.go.id');
    expect(lasem.text).toContain(
      '== Ekspor bersama (2) ==\n' +
        '* Kandidat baru: Katun → Malaysia\n' +
        '  2 usaha (Batik Asri, Batik Cahaya) · gabungan 13 minggu: 12 pesanan, Rp 5.250.000\n' +
        '  https://siap.example.go.id/dinas/ekspor-bersama?market=MY\n' +
        '* Kelompok baru: Batik Lasem ke Singapura — Katun → Singapura\n' +
        '  2 usaha · koordinator Batik Bunga · Ekspor lewat koperasi / sentra\n' +
        `  https://siap.example.go.id/dinas/ekspor-bersama/kelompok/${group.fresh}\n`,
    );
    expect(lasem.html).toContain(`href="https://siap.example.go.id/dinas/ekspor-bersama/kelompok/${group.fresh}"`);
    expect(lasem.html).toContain('Ekspor bersama (2)');

    const [all] = smtp.to('all.en@example.go.id');
    expect(all.text).toContain('== Joint export (4) ==');
    expect(all.text).toContain('* New candidate: Silk → Japan');
    expect(all.text).toContain('* Group updated: Kelompok Lama — Cotton → Hong Kong');

    const [kragan] = smtp.to('kragan@example.go.id');
    expect(kragan.text).toBeDefined();
    expect(kragan.text).not.toContain('Ekspor bersama');
    expect(kragan.html).not.toContain('Ekspor bersama');
  });
});
