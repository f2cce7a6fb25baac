import { addDays } from '../../src/common/time';
import { ReportsService } from '../../src/reports/reports.service';
import { createBusinessWithKey } from '../factories';
import { insertDeclaredOrder } from '../factories/ladder';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

interface Flag {
  businessId: string;
  kind: string;
  status: string;
  score: number;
  signals: Record<string, { value: unknown; threshold: unknown; hit: boolean }>;
}

async function run(t: TestApp, asOf: string): Promise<void> {
  const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf }).expect(202);
  const until = Date.now() + 30_000;
  for (;;) {
    const r = await t.http.get(`/api/v1/watch/runs/${res.body.id}`).set(auth(ADMIN_KEY)).expect(200);
    if (r.body.status === 'completed') return;
    if (r.body.status === 'failed' || Date.now() > until) throw new Error(`run as of ${asOf}: ${JSON.stringify(r.body)}`);
    await new Promise((ok) => setTimeout(ok, 150));
  }
}

/**
 * As of Sunday 2026-11-08 the three full months are August–October. Each business has the same
 * steady batik pattern (3 orders a week of 1 unit for 26 weeks up to 7 November: 40 of them in
 * August–October) plus one top-up order on 15 October, so the units of the three months are 40 +
 * top-up and capacityUse = (40 + top-up) ÷ 3 ÷ 100.
 */
describe('capacityUse on flags: advice only, set-wise in the run', () => {
  let t: TestApp;
  const biz: Record<'at79' | 'at81' | 'none', { id: string; key: string }> = {} as never;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    const buyers = ['Kedai KL', 'Butik Johor', 'Sabah Craft', 'Ipoh Shop'];
    const setups: Array<[keyof typeof biz, Record<string, number> | undefined, number]> = [
      ['at79', { batik_garment: 60, batik_fabric: 40 }, 197], // 237 / 3 = 79 a month of 100
      ['at81', { batik_garment: 100 }, 203], // 243 / 3 = 81
      ['none', undefined, 203],
    ];
    for (const [name, monthlyCapacity, topUp] of setups) {
      biz[name] = await createBusinessWithKey(t.http, { name: `Batik ${name}`, materials: ['cotton'], ...(monthlyCapacity ? { monthlyCapacity } : {}) });
      for (let w = 0; w < 26; w++) {
        for (let i = 0; i < 3; i++) {
          await insertDeclaredOrder(t.db, biz[name].id, { on: addDays('2026-11-07', -7 * w - i), material: 'cotton', buyer: buyers[(w + i) % 4] });
        }
      }
      await insertDeclaredOrder(t.db, biz[name].id, { on: '2026-10-15', material: 'cotton', buyer: 'Kedai KL', quantity: topUp });
    }
    await run(t, '2026-11-08');
  });
  afterAll(() => t.close());

  const readiness = async (id: string) =>
    ((await t.http.get(`/api/v1/flags?businessId=${id}`).set(auth(ADMIN_KEY)).expect(200)).body.items as Flag[]).find((f) => f.kind === 'readiness')!;

  it('79 % does not hit, 81 % does, no declared capacity is null; the decision and score are the same for all three', async () => {
    const [a, b, n] = [await readiness(biz.at79.id), await readiness(biz.at81.id), await readiness(biz.none.id)];
    expect(a.signals.capacityUse).toEqual({ value: 0.79, threshold: 0.8, hit: false });
    expect(b.signals.capacityUse).toEqual({ value: 0.81, threshold: 0.8, hit: true });
    expect(n.signals.capacityUse).toEqual({ value: null, threshold: 0.8, hit: false });
    expect([a.status, b.status, n.status]).toEqual(['open', 'open', 'open']);
    expect(new Set([a.score, b.score, n.score]).size).toBe(1);
    // everything the policy decided is the same; only the advice signal differs
    const decided = (f: Flag & { reasons?: string[] }) => ({
      status: f.status,
      score: f.score,
      reasons: f.reasons,
      signals: { ...f.signals, capacityUse: null },
    });
    expect(decided(b)).toEqual(decided(a));
    expect(decided(n)).toEqual(decided(a));
    const evals = await t.db.many<{ business_id: string; signals: Flag['signals'] }>(
      `SELECT business_id, signals FROM flag_evaluations WHERE business_id = ANY($1::uuid[]) AND kind = 'readiness'`,
      [[biz.at79.id, biz.at81.id]],
    );
    expect(evals.map((e) => [e.business_id === biz.at81.id, e.signals.capacityUse.hit]).sort()).toEqual([
      [false, false],
      [true, true],
    ]);
  });

  it('above the line the weekly list suggests productivity coaching first, saying why; below it the usual first visit', async () => {
    await t.app.get(ReportsService).publish('2026-W45');
    const list = (await t.http.get('/api/v1/reports/weekly/2026-W45?lang=en').set(auth(ADMIN_KEY)).expect(200)).body;
    const item = (id: string) => list.items.find((i: { businessId: string; kind: string }) => i.businessId === id && i.kind === 'readiness');
    expect(item(biz.at81.id).suggestedAction).toBe('productivity_coaching');
    expect(item(biz.at81.id).reasons[0]).toBe(
      'The last 3 months averaged 81 % of the declared monthly capacity (line 80 %): productivity coaching first, paperwork after',
    );
    expect(item(biz.at79.id).suggestedAction).toBe('visit');
    expect(item(biz.at79.id).reasons[0]).not.toMatch(/capacity/);
    expect(item(biz.none.id).suggestedAction).toBe('visit');
  });
});
