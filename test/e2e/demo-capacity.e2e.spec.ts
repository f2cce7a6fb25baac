import { NEAR_CAPACITY, seedCapacity } from '../../scripts/demo-capacity';
import { capacityUseSignal } from '../../src/scorecard/capacity-use';
import { createBusinessWithKey } from '../factories';
import { insertDeclaredOrder } from '../factories/ladder';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

describe('the demo seed declares capacities, one business near its capacity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('declares about twice the recent monthly units, and ~85 % use for the near-capacity business (over the coaching line)', async () => {
    const near = await createBusinessWithKey(t.http, { name: NEAR_CAPACITY.name, materials: ['cotton'] });
    const roomy = await createBusinessWithKey(t.http, { name: 'Batik Roomy', materials: ['cotton'] });
    const quiet = await createBusinessWithKey(t.http, { name: 'Batik Quiet', materials: ['cotton'] });
    // last Sunday 2026-11-22: the three full months are August–October
    for (const id of [near.id, roomy.id]) {
      for (const on of ['2026-08-10', '2026-09-10', '2026-10-10']) await insertDeclaredOrder(t.db, id, { on, material: 'cotton', quantity: 20 });
      await insertDeclaredOrder(t.db, id, { on: '2026-11-10', material: 'cotton', quantity: 500 }); // November is not full
    }
    await insertDeclaredOrder(t.db, quiet.id, { on: '2026-05-10', material: 'cotton' });
    expect(await seedCapacity(t.db, '2026-11-22')).toBe(2);
    const cap = async (id: string) => (await t.http.get(`/api/v1/businesses/${id}`).set(auth(ADMIN_KEY)).expect(200)).body.monthlyCapacity;
    // 60 units / 3 months = 20 a month: 20 / 0.85 = 23.5 → 24; 20 / 0.5 = 40
    expect(await cap(near.id)).toEqual({ bag: 24 });
    expect(await cap(roomy.id)).toEqual({ bag: 40 });
    expect(await cap(quiet.id)).toEqual({});
    expect(capacityUseSignal(60, 24, 0.8)).toEqual({ value: 0.833, threshold: 0.8, hit: true });
    expect(capacityUseSignal(60, 40, 0.8)).toEqual({ value: 0.5, threshold: 0.8, hit: false });
  });
});
