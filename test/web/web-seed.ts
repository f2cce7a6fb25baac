import { addDays } from '../../src/common/time';
import { ADMIN_KEY, auth, TestApp } from '../utils/test-app';

/** `perWeek` snakeskin bags a week to Malaysia for `weeks` weeks ending the week of lastDay, rotating over buyers (API order bodies). */
export function weeklyOrders(lastDay: string, weeks: number, perWeek: number, buyers: string[]) {
  const rows: Record<string, unknown>[] = [];
  for (let w = 0; w < weeks; w++) {
    for (let i = 0; i < perWeek; i++) {
      rows.push({
        orderedAt: `${addDays(lastDay, -7 * w - i)}T10:00:00+07:00`,
        destinationCountry: 'MY',
        buyerRef: buyers[(w + i) % buyers.length],
        productCategory: 'bag',
        material: 'snakeskin',
        quantity: 1,
        amount: '1500.00',
        currency: 'MYR',
        shippingChannel: 'post',
        weightKg: 1.5,
      });
    }
  }
  return rows;
}

/** Polls `fn` until it returns a value (or throws after `ms`). */
export async function until<T>(fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts the weekly watch run as of `asOf` (needs an app with role 'all') and waits for it to complete and publish `week`. */
export async function runWeekAndPublish(t: TestApp, asOf: string, week: string): Promise<void> {
  const run = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf }).expect(202);
  await until(async () => {
    const r = await t.http.get(`/api/v1/watch/runs/${run.body.id}`).set(auth(ADMIN_KEY));
    if (r.body.status === 'failed') throw new Error(JSON.stringify(r.body));
    return r.body.status === 'completed' ? true : undefined;
  });
  await until(async () => ((await t.http.get(`/api/v1/reports/weekly/${week}`).set(auth(ADMIN_KEY))).status === 200 ? true : undefined));
}
