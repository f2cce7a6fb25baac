import { parse } from 'csv-parse/sync';
import { ReportsRepository } from '../../src/reports/reports.repository';
import { ReportsService } from '../../src/reports/reports.service';
import { buildSnapshotItems, FlagInput } from '../../src/reports/snapshot-builder';
import { CSV_COLUMNS } from '../../src/reports/weekly-list.view';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { completedRun, insertEvaluation, insertFlag, METRICS } from './fixtures';
import { textBody } from '../utils/text-body';

describe('weekly list (publication, JSON, CSV)', () => {
  let t: TestApp;
  let reports: ReportsService;
  let officerKey: string;
  let biz: { id: string; key: string };
  let other: { id: string; key: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-16T00:30:00Z' });
    reports = t.app.get(ReportsService);
    officerKey = (await t.http.post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ role: 'officer' }).expect(201)).body.key;
    biz = await createBusinessWithKey(t.http, { name: '=HYPERLINK("http://evil")', district: 'Lasem', materials: ['snakeskin'], nib: '9120001234567' });
    other = await createBusinessWithKey(t.http, { name: 'Arma Leather, "Craft"', district: 'Rembang', materials: ['stingray'] });
  });
  afterAll(() => t.close());

  it('answers 404 before publication and refuses to publish without a completed run', async () => {
    await t.http.get('/api/v1/reports/weekly/2026-W46').set(auth(officerKey)).expect(404);
    await t.http.get('/api/v1/reports/weekly/2026-W99').set(auth(officerKey)).expect(400);
    expect(await reports.publish('2026-W46')).toBe('no_completed_run');
  });

  it('publishes W46, then W47 marked new / continuing / resolved against W46, frozen', async () => {
    ids.f1 = await insertFlag(t.db, { businessId: biz.id, market: 'MY', raisedOn: '2026-11-15' });
    ids.f3 = await insertFlag(t.db, { businessId: biz.id, market: 'CN', raisedOn: '2026-11-15' });
    await insertEvaluation(t.db, ids.f1, '2026-11-15', { ...METRICS, ordersThisWeek: 2 });
    await completedRun(t.db, '2026-11-15');
    expect(await reports.publish('2026-W46')).toBe('published');
    const w46 = await t.http.get('/api/v1/reports/weekly/2026-W46').set(auth(officerKey)).expect(200);
    expect(w46.body.items.map((i: { change: string }) => i.change)).toEqual(['new', 'new']);

    // the week after: f1 continues, f3 resolves, f2 is raised, a dismissed flag never appears
    t.clock.set('2026-11-23T00:30:00Z');
    await insertEvaluation(t.db, ids.f1, '2026-11-22', METRICS);
    await t.db.exec(`UPDATE flags SET status = 'resolved', resolved_on = '2026-11-22' WHERE id = $1`, [ids.f3]);
    ids.f2 = await insertFlag(t.db, {
      businessId: other.id,
      market: 'CN',
      kind: 'compliance',
      raisedOn: '2026-11-22',
      reasons: [{ id: 'Bahan pari (stingray) dikirim ke CN', en: 'Stingray material shipped to CN' }],
      checklist: [{ code: 'KKP-RAY', title: { id: 'SIPJI + SAJI', en: 'SIPJI + SAJI' }, reason: { id: 'Bahan pari', en: 'Stingray material' } }],
    });
    await insertEvaluation(t.db, ids.f2, '2026-11-22', { ...METRICS, wildlifeMaterials: ['stingray'], ordersThisWeek: 1 });
    await insertFlag(t.db, { businessId: other.id, market: 'SG', status: 'dismissed', raisedOn: '2026-11-01' });
    await completedRun(t.db, '2026-11-22');
    expect(await reports.publish('2026-W47')).toBe('published');

    const res = await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(ADMIN_KEY)).expect(200);
    expect(res.body).toMatchObject({
      schemaVersion: 1,
      week: '2026-W47',
      weekStart: '2026-11-16',
      weekEnd: '2026-11-22',
      ruleSetVersion: 1,
      previousWeek: '2026-W46',
      lang: 'id',
    });
    expect(res.body.publishedAt).toBe('2026-11-23T00:30:00.000Z');
    expect(res.body.counts).toEqual({ total: 3, new: 1, continuing: 1, resolved: 1 });
    const byFlag = Object.fromEntries(res.body.items.map((i: { flagId: string }) => [i.flagId, i]));
    expect(byFlag[ids.f1]).toMatchObject({
      change: 'continuing',
      businessName: '=HYPERLINK("http://evil")',
      district: 'Lasem',
      market: 'MY',
      kind: 'readiness',
      ordersThisWeek: 4,
      orders13w: 14,
      value13wIdr: 48_250_000,
      repeatBuyers: 3,
      heaviestParcelKg: 12.5,
      reasons: ['Pesanan 3 dari 4 bulan terakhir'],
      signalsHit: ['continuity'],
      checklist: [{ code: 'NIB', title: 'NIB dengan akses kepabeanan', reason: 'Syarat ekspor formal' }],
    });
    expect(byFlag[ids.f2]).toMatchObject({ change: 'new', kind: 'compliance', suggestedAction: 'kkp_check', district: 'Rembang' });
    expect(byFlag[ids.f3]).toMatchObject({ change: 'resolved', status: 'resolved', resolvedOn: '2026-11-22', suggestedAction: 'monitor' });
    expect(byFlag[ids.f1].series.map((p: { week: string }) => p.week)).toEqual(['2026-W45', '2026-W46', '2026-W47']);

    const en = await t.http.get('/api/v1/reports/weekly/2026-W47?lang=en').set(auth(officerKey)).expect(200);
    expect(en.body.items.find((i: { flagId: string }) => i.flagId === ids.f1).reasons).toEqual(['Orders in 3 of the last 4 months']);

    // frozen: later changes and a second publication leave the list as it was
    await t.db.exec(`UPDATE flags SET status = 'dismissed' WHERE id = $1`, [ids.f1]);
    expect(await reports.publish('2026-W47')).toBe('already_published');
    const again = await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(ADMIN_KEY)).expect(200);
    expect(again.body).toEqual(res.body);

    const events = await t.db.many<{ data: { week: string; items: unknown[] } }>(
      `SELECT data FROM domain_events WHERE type = 'report.published' ORDER BY created_at`,
    );
    expect(events.map((e) => e.data.week)).toEqual(['2026-W46', '2026-W47']);
    expect(events[1].data).toEqual(res.body);
    const tick = await t.db.one<{ n: string }>(`SELECT count(*) AS n FROM job_outbox WHERE job_id = 'digests.tick:published:2026-W47'`);
    expect(tick!.n).toBe('1');

    const weeks = await t.http.get('/api/v1/reports/weekly').set(auth(officerKey)).expect(200);
    expect(weeks.body.items.map((w: { week: string }) => w.week)).toEqual(['2026-W47', '2026-W46']);
  });

  it('marks the next week against the rows the previous list still showed, read without parsing that list', async () => {
    const repo = t.app.get(ReportsRepository);
    // the plain definition: the stored list's rows that are not resolved, in its order
    const plain = async (week: string) => (await repo.get(week))!.items.filter((i) => i.change !== 'resolved').map((i) => i.flagId);
    expect(await repo.previousOpenFlags('2026-W48')).toEqual({ week: '2026-W47', flagIds: await plain('2026-W47') });
    expect((await plain('2026-W47')).sort()).toEqual([ids.f1, ids.f2].sort()); // f3 was resolved in W47
    expect(await repo.previousOpenFlags('2026-W47')).toEqual({ week: '2026-W46', flagIds: await plain('2026-W46') });
    expect((await plain('2026-W46')).sort()).toEqual([ids.f1, ids.f3].sort());
    expect(await repo.previousOpenFlags('2026-W46')).toBeUndefined();
    expect(await repo.isPublished('2026-W47')).toBe(true);
    expect(await repo.isPublished('2026-W48')).toBe(false);
  });

  it('filters by kecamatan and market, and hides everything from a business key', async () => {
    const lasem = await t.http.get('/api/v1/reports/weekly/2026-W47?district=lasem').set(auth(officerKey)).expect(200);
    expect(lasem.body.items.every((i: { district: string }) => i.district === 'Lasem')).toBe(true);
    expect(lasem.body.items).toHaveLength(2);
    const cn = await t.http.get('/api/v1/reports/weekly/2026-W47?market=cn').set(auth(officerKey)).expect(200);
    expect(cn.body.items.map((i: { market: string }) => i.market)).toEqual(['CN', 'CN']);
    const bad = await t.http.get('/api/v1/reports/weekly/2026-W47?district=Jakarta&market=XYZ').set(auth(officerKey)).expect(400);
    expect((bad.body.message as string[]).map((m) => m.split(':')[0]).sort()).toEqual(['district', 'market']);
    await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(biz.key)).expect(403);
    await t.http.get('/api/v1/reports/weekly').set(auth(biz.key)).expect(403);
  });

  it('serves the same rows as CSV: UTF-8, header row, formula-safe, parsed back equal to the JSON', async () => {
    const json = await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(officerKey)).expect(200);
    const res = await t.http
      .get('/api/v1/reports/weekly/2026-W47')
      .set(auth(officerKey))
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse(textBody as never)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const raw = res.body as string;
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(raw, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(json.body.items.length);
    const unformula = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
    json.body.items.forEach(
      (
        item: Record<string, unknown> & { reasons: string[]; checklist: Array<{ code: string }>; wildlifeMaterials: string[]; signalsHit: string[] },
        i: number,
      ) => {
        const r = rows[i];
        expect({
          flagId: r.flagId,
          businessId: r.businessId,
          businessName: unformula(r.businessName),
          district: r.district,
          market: r.market,
          kind: r.kind,
          change: r.change,
          status: r.status,
          score: Number(r.score),
          ordersThisWeek: Number(r.ordersThisWeek),
          orders13w: Number(r.orders13w),
          value13wIdr: Number(r.value13wIdr),
          repeatBuyers: Number(r.repeatBuyers),
          heaviestParcelKg: r.heaviestParcelKg === '' ? null : Number(r.heaviestParcelKg),
          wildlifeMaterials: r.wildlifeMaterials ? r.wildlifeMaterials.split(';') : [],
          signalsHit: r.signalsHit ? r.signalsHit.split(';') : [],
          reasons: r.reasons ? unformula(r.reasons).split(' | ') : [],
          checklist: r.checklist ? r.checklist.split(';') : [],
          suggestedAction: r.suggestedAction,
          suggestedActionText: r.suggestedActionText,
          raisedOn: r.raisedOn,
          resolvedOn: r.resolvedOn || null,
        }).toEqual({
          flagId: item.flagId,
          businessId: item.businessId,
          businessName: item.businessName,
          district: item.district,
          market: item.market,
          kind: item.kind,
          change: item.change,
          status: item.status,
          score: item.score,
          ordersThisWeek: item.ordersThisWeek,
          orders13w: item.orders13w,
          value13wIdr: item.value13wIdr,
          repeatBuyers: item.repeatBuyers,
          heaviestParcelKg: item.heaviestParcelKg,
          wildlifeMaterials: item.wildlifeMaterials,
          signalsHit: item.signalsHit,
          reasons: item.reasons,
          checklist: item.checklist.map((c) => c.code),
          suggestedAction: item.suggestedAction,
          suggestedActionText: item.suggestedActionText,
          raisedOn: item.raisedOn,
          resolvedOn: item.resolvedOn,
        });
        expect(r.week).toBe('2026-W47');
      },
    );
    // no cell a spreadsheet would evaluate
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@]/);
    expect(rows.find((r) => r.flagId === ids.f1)!.businessName).toBe(`'=HYPERLINK("http://evil")`);
  });

  it('builds a list in batches exactly as all at once: order, rows, counts and the event, across batch boundaries', async () => {
    const repo = t.app.get(ReportsRepository);
    // 3 businesses (names that sort by locale, not by byte), 27 flags in every state the list distinguishes
    const names = [
      ['Éka Batik', 'Lasem'],
      ['eka Tas', 'Lasem'],
      ['Zaitun Kulit', 'Sarang'],
    ] as const;
    const owners = [biz.id, other.id];
    for (const [name, district] of names) owners.push((await createBusinessWithKey(t.http, { name, district, materials: ['cotton'] })).id);
    const states: Array<{ status: string; raisedOn: string; resolvedOn?: string }> = [
      { status: 'open', raisedOn: '2026-12-01' }, // raised in W49: new
      { status: 'open', raisedOn: '2026-11-10' }, // older, not on W47: new against W47
      { status: 'in_review', raisedOn: '2026-11-12' },
      { status: 'paperwork_in_progress', raisedOn: '2026-10-20' },
      { status: 'resolved', raisedOn: '2026-10-01', resolvedOn: '2026-12-03' }, // resolved in W49
      { status: 'resolved', raisedOn: '2026-10-01', resolvedOn: '2026-11-02' }, // resolved long ago: not listed
      { status: 'dismissed', raisedOn: '2026-11-01' }, // never listed
      { status: 'open', raisedOn: '2026-12-09' }, // raised after W49: not listed
    ];
    // one market per state, so no business has two unresolved flags for one market (the first two
    // businesses, which have W47's flags in MY, CN and SG, get the first four states only)
    const markets = ['HK', 'AU', 'US', 'JP', 'MY', 'CN', 'SG', 'TW'];
    let k = 0;
    for (const owner of owners)
      for (const [n, st] of states.entries()) {
        if (n >= 4 && (owner === biz.id || owner === other.id)) continue;
        k++;
        const id = await insertFlag(t.db, { businessId: owner, market: markets[n], kind: k % 3 ? 'readiness' : 'compliance', ...st, score: 50 + k });
        if (k % 2) await insertEvaluation(t.db, id, '2026-12-06', { ...METRICS, ordersThisWeek: k });
      }
    // of W47's two rows, f1 (dismissed by the test above) is open again: continuing; f2 is dismissed
    // now and leaves the list (a "resolved" row marks it leaving)
    await t.db.exec(`UPDATE flags SET status = 'open' WHERE id = $1`, [ids.f1]);
    await t.db.exec(`UPDATE flags SET status = 'dismissed' WHERE id = $1`, [ids.f2]);
    await completedRun(t.db, '2026-12-06');
    t.clock.set('2026-12-07T00:30:00Z');

    // the reference: every flag read at once by one plain query, built by the pure builder
    const week = { weekStart: '2026-11-30', weekEnd: '2026-12-06' };
    const all = await t.db.many<FlagInput>(
      `SELECT f.id, f.business_id, b.name AS business_name, b.district, b.materials, b.nib, f.market, f.kind, f.status,
              EXISTS (SELECT 1 FROM business_documents d WHERE d.business_id = b.id AND d.type = 'nib_customs_access' AND d.removed_at IS NULL
                         AND (d.issued_on IS NULL OR d.issued_on <= $1) AND (d.expires_on IS NULL OR d.expires_on >= $1)) AS has_customs_access,
              f.raised_on::text AS raised_on, f.resolved_on::text AS resolved_on, f.score, f.reasons, f.signals, f.checklist, f.series, f.rung, f.next_rung,
              (SELECT e.metrics FROM flag_evaluations e WHERE e.flag_id = f.id AND e.as_of <= $1 ORDER BY e.as_of DESC LIMIT 1) AS metrics
         FROM flags f JOIN businesses b ON b.id = f.business_id`,
      [week.weekEnd],
    );
    const onW47 = (await repo.get('2026-W47'))!.items.filter((i) => i.change !== 'resolved').map((i) => i.flagId);
    const expected = buildSnapshotItems(all, week, new Set(onW47));
    expect(expected.length).toBeGreaterThan(12);
    expect(new Set(expected.map((i) => i.change))).toEqual(new Set(['new', 'continuing', 'resolved']));

    const before = ReportsService.batchRows;
    ReportsService.batchRows = 4;
    try {
      expect(await reports.publish('2026-W49')).toBe('published');
    } finally {
      ReportsService.batchRows = before;
    }
    const stored = (await repo.get('2026-W49'))!;
    expect(stored.items).toEqual(expected);
    expect(stored.previousWeek).toBe('2026-W47');
    expect(stored.counts).toEqual({
      total: expected.length,
      new: expected.filter((i) => i.change === 'new').length,
      continuing: expected.filter((i) => i.change === 'continuing').length,
      resolved: expected.filter((i) => i.change === 'resolved').length,
    });
    const res = await t.http.get('/api/v1/reports/weekly/2026-W49').set(auth(officerKey)).expect(200);
    expect(res.body.items.map((i: { flagId: string }) => i.flagId)).toEqual(expected.map((i) => i.flagId));
    const event = await t.db.one<{ data: unknown }>(`SELECT data FROM domain_events WHERE type = 'report.published' AND data->>'week' = '2026-W49'`);
    expect(event!.data).toEqual(res.body);

    // a week with no row at all: the stored list and the event's rows are empty arrays
    await t.db.exec(`UPDATE flags SET status = 'dismissed' WHERE status <> 'resolved'`);
    for (const [w, sunday] of [
      ['2026-W50', '2026-12-13'],
      ['2026-W51', '2026-12-20'],
    ]) {
      await completedRun(t.db, sunday);
      expect(await reports.publish(w)).toBe('published');
    }
    expect((await repo.get('2026-W50'))!.items.every((i) => i.change === 'resolved')).toBe(true);
    const empty = (await repo.get('2026-W51'))!;
    expect(empty.items).toEqual([]);
    expect(empty.counts).toEqual({ total: 0, new: 0, continuing: 0, resolved: 0 });
    const emptyEvent = await t.db.one<{ data: { items: unknown[] } }>(
      `SELECT data FROM domain_events WHERE type = 'report.published' AND data->>'week' = '2026-W51'`,
    );
    expect(emptyEvent!.data.items).toEqual([]);
  });

  it('documents the weekly list schema in OpenAPI', async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    const schema = doc.body.components.schemas.WeeklyListDto;
    expect(schema.properties.schemaVersion).toBeDefined();
    expect(Object.keys(doc.body.components.schemas.WeeklyListItemDto.properties)).toEqual(
      expect.arrayContaining(['flagId', 'change', 'orders13w', 'value13wIdr', 'suggestedAction', 'checklist']),
    );
    expect(doc.body.paths['/api/v1/reports/weekly/{week}'].get.responses['200'].content['text/csv']).toBeDefined();
  });
});
