import type { ScorecardMonth } from '../../src/scorecard/scorecard';
import { createBusinessWithKey } from '../factories';
import { insertDeclaredOrder } from '../factories/ladder';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

type Month = ScorecardMonth;

const M = 1_000_000;
/** [month, orders, units, value, buyers, repeatBuyers] for the months that have orders; every other month is zeros. */
const expectMonths = (first: string, rows: Record<string, [number, number, number, number, number]>, capacityUnits: number | null) => {
  const out: Month[] = [];
  let [y, m] = first.split('-').map(Number);
  for (let i = 0; i < 12; i++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const [orders, units, valueIdr, buyers, repeatBuyers] = rows[month] ?? [0, 0, 0, 0, 0];
    out.push({ month, orders, units, valueIdr, buyers, repeatBuyers, capacityUnits, targetValueIdr: 20 * M });
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
};

describe('3K scorecard: GET /businesses/:id/scorecard (hand-computed months)', () => {
  let t: TestApp;
  let biz: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp();
    biz = await createBusinessWithKey(t.http, { monthlyCapacity: { bag: 30, wallet: 10 } });
    const o = (on: string, buyer: string, quantity: number, valueIdr: number, voided = false) =>
      insertDeclaredOrder(t.db, biz.id, { on, buyer, quantity, valueIdr, voided });
    await o('2025-11-30', 'D', 9, 9 * M); // before the first month of asOf 2026-11-15
    await o('2025-12-01', 'D', 4, 8 * M);
    await o('2026-05-10', 'E', 1, 1 * M);
    await o('2026-05-20', 'E', 1, 1 * M);
    await o('2026-08-01', 'C', 1, 2 * M);
    await o('2026-08-20', 'C', 7, 7 * M, true); // voided: C ordered once
    await o('2026-09-15', 'B', 5, 10 * M);
    await o('2026-10-31', 'A', 3, 6 * M); // A repeats across the month border
    await o('2026-11-01', 'A', 2, 4 * M);
    await o('2026-11-16', 'A', 8, 8 * M); // after asOf
  });
  afterAll(() => t.close());

  const get = (asOf: string, key = ADMIN_KEY, lang = 'en') => t.http.get(`/api/v1/businesses/${biz.id}/scorecard?asOf=${asOf}&lang=${lang}`).set(auth(key));

  it('asOf mid-month: 12 months through asOf, the voided order and the order after asOf left out, and the three K', async () => {
    const res = await get('2026-11-15').expect(200);
    expect(res.body.businessId).toBe(biz.id);
    expect(res.body.asOf).toBe('2026-11-15');
    expect(res.body.months).toEqual(
      expectMonths(
        '2025-12',
        {
          '2025-12': [1, 4, 8 * M, 1, 0], // D's November order is outside the window: D ordered once in it
          '2026-05': [2, 2, 2 * M, 1, 1],
          '2026-08': [1, 1, 2 * M, 1, 0],
          '2026-09': [1, 5, 10 * M, 1, 0],
          '2026-10': [1, 3, 6 * M, 1, 1],
          '2026-11': [1, 2, 4 * M, 1, 1],
        },
        40,
      ),
    );
    // 4 of 7 orders (E twice, A twice) from buyers who ordered more than once
    expect(res.body.kualitas).toEqual({
      value: 0.571,
      target: 0.4,
      hit: true,
      reason: '4 of 7 orders in 12 months (57 %) came from buyers who ordered more than once; target 40 %',
    });
    // November is not full: Aug 2 + Sep 10 + Oct 6 = 18 M over 3 months
    expect(res.body.kuantitas).toMatchObject({ value: 6 * M, target: 20 * M, hit: false });
    expect(res.body.kuantitas.reason).toBe(
      'Average value IDR 6.0 million a month over the last 3 full months (2026-08…2026-10); target IDR 20.0 million a month',
    );
    // May..Oct: orders in May, Aug, Sep, Oct
    expect(res.body.kontinuitas).toEqual({ value: 4, target: 4, hit: true, reason: 'Orders in 4 of the last 6 full months; target 4 months' });
  });

  it('asOf on the last day of a month: that month is full, and the window moves back one month', async () => {
    const res = await get('2026-10-31', ADMIN_KEY, 'id').expect(200);
    expect(res.body.months).toEqual(
      expectMonths(
        '2025-11',
        {
          '2025-11': [1, 9, 9 * M, 1, 1], // D now orders twice in the window
          '2025-12': [1, 4, 8 * M, 1, 1],
          '2026-05': [2, 2, 2 * M, 1, 1],
          '2026-08': [1, 1, 2 * M, 1, 0],
          '2026-09': [1, 5, 10 * M, 1, 0],
          '2026-10': [1, 3, 6 * M, 1, 0], // A's second order is in November
        },
        40,
      ),
    );
    expect(res.body.kualitas).toMatchObject({ value: 0.571, hit: true }); // D 2 + E 2 of 7
    expect(res.body.kuantitas).toMatchObject({ value: 6 * M, hit: false }); // Aug, Sep, Oct
    expect(res.body.kontinuitas).toMatchObject({ value: 4, hit: true }); // May..Oct
    expect(res.body.kontinuitas.reason).toBe('Ada pesanan dalam 4 dari 6 bulan penuh terakhir; target 4 bulan');
  });

  it('a business reads its own scorecard; another business gets 404; staff any', async () => {
    const own = await get('2026-11-15', biz.key).expect(200);
    expect(own.body.months).toHaveLength(12);
    const other = await createBusinessWithKey(t.http);
    const res = await get('2026-11-15', other.key).expect(404);
    expect(res.body.statusCode).toBe(404);
    const empty = await t.http.get(`/api/v1/businesses/${other.id}/scorecard?asOf=2026-11-15`).set(auth(other.key)).expect(200);
    expect(empty.body.months.every((m: Month) => m.orders === 0 && m.capacityUnits === null)).toBe(true);
    expect(empty.body.kualitas).toMatchObject({ value: null, hit: false, reason: 'Belum ada pesanan dalam 12 bulan' });
  });

  it('refuses an impossible or future asOf with 400 naming asOf', async () => {
    for (const asOf of ['2026-02-30', 'kemarin', '2027-01-01']) {
      const res = await get(asOf).expect(400);
      expect(String(res.body.message)).toMatch(/^asOf/);
    }
  });
});
