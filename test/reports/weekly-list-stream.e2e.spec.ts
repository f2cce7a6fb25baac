import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { parseIsoWeek } from '../../src/common/time';
import type { SnapshotItem } from '../../src/reports/report.types';
import { ReportsRepository } from '../../src/reports/reports.repository';
import { ReportsService } from '../../src/reports/reports.service';
import { STREAM_BATCH } from '../../src/reports/weekly-list.stream';
import { weeklyListCsv, weeklyListJson } from '../../src/reports/weekly-list.view';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { textBody } from '../utils/text-body';

const DISTRICTS = ['Lasem', 'Rembang', 'Sluke', 'Kragan'];
const MARKETS = ['MY', 'CN', 'SG', 'HK'];

/** A frozen row as the publisher writes it; the text fields carry quotes, commas, newlines, formulas and non-ASCII. */
function item(n: number): SnapshotItem {
  const kind = n % 5 === 0 ? 'compliance' : 'readiness';
  return {
    flagId: randomUUID(),
    businessId: randomUUID(),
    businessName: n % 7 === 0 ? `=SUM(A${n})` : `Usaha "Kulit" ${n}, Lasem\nbaris dua — é`,
    district: DISTRICTS[n % DISTRICTS.length],
    market: MARKETS[n % MARKETS.length],
    kind,
    change: (['new', 'continuing', 'resolved'] as const)[n % 3],
    status: n % 3 === 2 ? 'resolved' : 'open',
    score: 50 + (n % 50) + 0.5,
    ordersThisWeek: n % 9,
    orders13w: 10 + (n % 40),
    value13wIdr: 1_000_000 * (n % 97),
    repeatBuyers: n % 6,
    heaviestParcelKg: n % 4 === 0 ? null : 1.25 * (n % 30),
    wildlifeMaterials: kind === 'compliance' ? ['snakeskin'] : [],
    materials: ['snakeskin', 'cowhide'],
    signalsHit: ['repeat_buyers', 'steady_weeks'].slice(0, n % 3),
    reasons: [{ id: `Alasan ${n}`, en: `-Reason ${n}` }],
    checklist: [{ code: 'NIB', title: { id: 'NIB', en: 'NIB' }, reason: { id: 'Belum ada', en: 'Missing' } }],
    suggestedAction: kind === 'compliance' ? 'sats_ln_check' : 'visit',
    raisedOn: '2026-11-08',
    resolvedOn: n % 3 === 2 ? '2026-11-20' : null,
    series: [{ week: '2026-W46', orders: n % 5, valueIdr: 12_500 * n }],
    rung: n % 2 ? 'own_cn' : null,
    nextRung: n % 2 ? 'consolidated' : null,
    rungChange: n % 11 === 0 ? { from: 'unrecorded', to: 'own_cn' } : null,
  } as SnapshotItem;
}

describe('weekly list streamed from the snapshot (GET /reports/weekly/:week)', () => {
  let t: TestApp;
  let reports: ReportsService;
  const N = 3 * STREAM_BATCH + 17; // several cursor batches and a short last one

  /** Pool connections still checked out after up to 5 s for in-flight releases to finish. */
  const busyAfterSettling = async (): Promise<number> => {
    const busy = () => t.db.pool.totalCount - t.db.pool.idleCount;
    for (let i = 0; i < 100 && busy() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    return busy();
  };
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T00:30:00Z' });
    reports = t.app.get(ReportsService);
    const items = Array.from({ length: N }, (_, n) => item(n));
    await t.db.tx((c) =>
      t.app.get(ReportsRepository).insert(
        {
          week: '2026-W47',
          previousWeek: '2026-W46',
          ...parseIsoWeek('2026-W47')!,
          ruleSetVersion: 2,
          schemaVersion: 1,
          runId: null,
          publishedAt: new Date('2026-11-23T00:30:00Z'),
          items,
          rungUps: [
            { businessId: items[0].businessId, businessName: 'A', district: 'Lasem', market: 'MY', from: 'unrecorded', to: 'own_cn', asOf: '2026-11-22' },
          ],
          counts: { total: N, new: 1, continuing: 2, resolved: 3 },
        },
        c,
      ),
    );
  });
  afterAll(() => t.close());

  it('streams JSON byte for byte as the whole list serialised, read back from the database, in both languages and under filters', async () => {
    const stored = await reports.get('2026-W47');
    expect(stored.items).toHaveLength(N);
    for (const [query, lang, filters] of [
      ['', 'id', {}],
      ['?lang=en', 'en', {}],
      ['?district=Lasem&market=MY', 'id', { district: 'Lasem', market: 'MY' }],
      ['?market=BN', 'id', { market: 'BN' }],
    ] as const) {
      const res = await t.http.get(`/api/v1/reports/weekly/2026-W47${query}`).set(auth(ADMIN_KEY)).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const reference = weeklyListJson(stored, lang, filters);
      expect(res.text).toBe(JSON.stringify(reference));
      expect(res.body).toEqual(reference);
    }
    const all = await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(ADMIN_KEY)).expect(200);
    expect(all.body.items).toHaveLength(N);
    expect(all.body.items.map((i: { flagId: string }) => i.flagId)).toEqual(stored.items.map((i) => i.flagId));
    const none = await t.http.get('/api/v1/reports/weekly/2026-W47?market=BN').set(auth(ADMIN_KEY)).expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('streams CSV equal to the whole list rendered at once: same bytes, same rows', async () => {
    const stored = await reports.get('2026-W47');
    for (const [query, filters] of [
      ['', {}],
      ['?district=Sluke', { district: 'Sluke' }],
      ['?market=BN', { market: 'BN' }],
    ] as const) {
      const res = await t.http
        .get(`/api/v1/reports/weekly/2026-W47${query}`)
        .set(auth(ADMIN_KEY))
        .set('accept', 'text/csv')
        .buffer(true)
        .parse(textBody as never)
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="siap-ekspor-weekly-2026-W47.csv"');
      const reference = weeklyListCsv(stored, 'id', filters);
      expect(res.body).toBe(reference);
    }
    const res = await t.http
      .get('/api/v1/reports/weekly/2026-W47')
      .set(auth(ADMIN_KEY))
      .set('accept', 'text/csv')
      .buffer(true)
      .parse(textBody as never)
      .expect(200);
    const rows = parse((res.body as string).slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(N);
    expect(rows.map((r) => r.flagId)).toEqual(stored.items.map((i) => i.flagId));
  });

  it('answers JSON errors before the first byte: 404 before publication, 400 for a bad week; the pool keeps its connections', async () => {
    for (const accept of ['application/json', 'text/csv']) {
      const res = await t.http.get('/api/v1/reports/weekly/2026-W46').set(auth(ADMIN_KEY)).set('accept', accept).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.message).toMatch(/2026-W46/);
      await t.http.get('/api/v1/reports/weekly/2026-W99').set(auth(ADMIN_KEY)).set('accept', accept).expect(400);
    }
    // HEAD and many reads in a row do not leak the connection each stream holds
    for (let i = 0; i < 30; i++) await t.http.head('/api/v1/reports/weekly/2026-W47').set(auth(ADMIN_KEY)).expect(200);
    await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(ADMIN_KEY)).expect(200);
    // the stream ends its transaction after its last byte is sent: a leak would still be checked out after 5 s
    expect(await busyAfterSettling()).toBe(0);
  });

  it('gives the connection back when the client goes away mid-answer', async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    const { port } = server.address() as AddressInfo;
    const received = await new Promise<number>((ok, fail) => {
      const req = get({ host: '127.0.0.1', port, path: '/api/v1/reports/weekly/2026-W47', headers: auth(ADMIN_KEY) }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', (chunk: Buffer) => {
          req.destroy(); // after the first chunk: the rest of the ~1 MB answer is still to come
          ok(chunk.length);
        });
      });
      req.on('error', (e) => (req.destroyed ? undefined : fail(e)));
    });
    expect(received).toBeLessThan(100_000);
    expect(await busyAfterSettling()).toBe(0);
    await new Promise<void>((ok) => server.close(() => ok()));
  });
});
