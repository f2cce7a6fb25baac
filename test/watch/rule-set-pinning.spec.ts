import { addDays } from '../../src/common/time';
import { WatchEngine } from '../../src/watch/watch-engine.service';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey } from '../factories';

/**
 * Rule set v2 is current after the migrations; a flag raised under v1 (an evaluation with version 1,
 * as a run started before v2 was published did) keeps v1: its version, its stay side, its reasons.
 */
describe('flags keep the rule set version that raised them', () => {
  let t: TestApp;
  let ulla: { id: string };
  let sekar: { id: string };

  const weekly = (weeks: number, lastDay: string, material: string) =>
    Array.from({ length: weeks * 3 }, (_, i) => ({
      orderedAt: `${addDays(lastDay, -7 * Math.floor(i / 3) - (i % 3))}T10:00:00+07:00`,
      destinationCountry: 'MY',
      buyerRef: ['Kedai KL', 'Butik Johor', 'Sabah Craft'][i % 3],
      productCategory: 'bag',
      material,
      quantity: 2,
      amount: '3000000',
      currency: 'IDR',
      shippingChannel: 'post',
      weightKg: 2,
    }));
  const evaluate = (asOf: string, ruleSetVersion: number, ids: string[]) =>
    t.db.tx((c) => t.app.get(WatchEngine).evaluateBusinesses(c, { runId: null, businessIds: ids, asOf, ruleSetVersion }));
  const flagOf = async (id: string) => (await t.http.get(`/api/v1/flags?businessId=${id}&kind=readiness`).set(auth(ADMIN_KEY)).expect(200)).body.items[0];

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', now: '2026-12-01T03:00:00Z' });
    ulla = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    sekar = await createBusinessWithKey(t.http, { name: 'Sekar Kulit', district: 'Sluke' });
    await t.http
      .post('/api/v1/orders/bulk')
      .set(auth(ADMIN_KEY))
      .send({ businessId: ulla.id, orders: weekly(26, '2026-11-28', 'snakeskin') })
      .expect(200);
    await t.http
      .post('/api/v1/orders/bulk')
      .set(auth(ADMIN_KEY))
      .send({ businessId: sekar.id, orders: weekly(26, '2026-11-28', 'cowhide') })
      .expect(200);
  });
  afterAll(() => t.close());

  it('a v1 flag is judged and labelled by v1 after v2 is current; new flags get v2', async () => {
    expect((await t.http.get('/api/v1/rule-sets/current').set(auth(ADMIN_KEY)).expect(200)).body.version).toBe(2);
    await evaluate('2026-11-15', 1, [ulla.id]); // a run under v1
    await evaluate('2026-11-22', 2, [ulla.id, sekar.id]); // the first run under v2
    const old = await flagOf(ulla.id);
    expect(old).toMatchObject({ raisedOn: '2026-11-15', lastEvaluatedOn: '2026-11-22', ruleSetVersion: 1, status: 'open' });
    expect(old.reasons[0]).toMatch(/^✓ Kontinuitas: pesanan ke Malaysia di 4 dari 4 bulan terakhir \(ambang 2\)/); // v1's stay side
    expect(old.signals.rhythmGapWeeks).toBeUndefined();
    const fresh = await flagOf(sekar.id);
    expect(fresh).toMatchObject({ raisedOn: '2026-11-22', ruleSetVersion: 2 });
    expect(fresh.reasons[0]).toBe('✓ Ritme ke Malaysia: biasanya memesan setiap minggu');
    const evals = await t.db.many<{ business_id: string; rule_set_version: number }>(
      `SELECT business_id, rule_set_version FROM flag_evaluations WHERE as_of = '2026-11-22' AND kind = 'readiness' ORDER BY 2`,
    );
    expect(evals).toEqual([
      { business_id: ulla.id, rule_set_version: 1 },
      { business_id: sekar.id, rule_set_version: 2 },
    ]);
  });
});
