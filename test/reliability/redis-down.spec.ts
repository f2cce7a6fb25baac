import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey, orderBody } from '../factories';
import { PrivateRedis, waitFor } from '../utils/processes';

/**
 * Postgres is the source of truth: with Redis gone, orders are still accepted and the work they
 * cause waits in the job outbox; once Redis is back (empty), it is relayed and done, once.
 * Uses a private redis-server, never the machine's shared one.
 */
describe('Redis down while businesses keep logging orders', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await startTestApp({ role: 'all', now: '2026-11-25T03:00:00Z', env: { REDIS_URL: redis.url, QUEUE_BOARD_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('accepts orders and a new rate while Redis is down, and re-values the orders once Redis is back', async () => {
    const biz = await createBusinessWithKey(t.http);
    await redis.stop();

    const logged: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await t.http.post('/api/v1/orders').set(auth(biz.key)).send(orderBody({ orderedAt: '2026-11-18', currency: 'SGD', amount: '100.00' }));
      expect(res.status).toBe(201);
      logged.push(res.body.id);
    }
    const bulk = await t.http
      .post('/api/v1/orders/bulk')
      .set(auth(biz.key))
      .send({ orders: Array.from({ length: 30 }, () => orderBody({ orderedAt: '2026-11-19', currency: 'SGD', amount: '100.00' })) })
      .expect(200);
    expect(bulk.body.accepted).toBe(30);
    await t.http.post('/api/v1/rates').set(auth(ADMIN_KEY)).send({ currency: 'SGD', validFrom: '2026-11-16', idrPerUnit: '12000' }).expect(201);

    // the job cannot reach Redis: it waits in Postgres
    await new Promise((r) => setTimeout(r, 2500));
    const pending = await t.db.one<{ n: string }>(`SELECT count(*) AS n FROM job_outbox WHERE name = 'rates.recompute-idr' AND dispatched_at IS NULL`);
    expect(Number(pending!.n)).toBe(1);
    expect(Number((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM orders WHERE business_id = $1', [biz.id]))!.n)).toBe(50);

    await redis.start(); // a fresh, empty Redis
    const values = await waitFor(
      async () => {
        const rows = await t.db.many<{ v: string }>('SELECT DISTINCT value_idr::text AS v FROM orders WHERE business_id = $1', [biz.id]);
        return rows.length === 1 && rows[0].v === '1200000' ? rows : undefined;
      },
      'orders re-valued at the new SGD rate',
      30_000,
    );
    expect(values).toEqual([{ v: '1200000' }]);
    const relayed = await t.db.many<{ dispatched: boolean }>(`SELECT dispatched_at IS NOT NULL AS dispatched FROM job_outbox WHERE name = 'rates.recompute-idr'`);
    expect(relayed).toEqual([{ dispatched: true }]);
    // nothing was lost or doubled
    expect(Number((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM orders WHERE business_id = $1', [biz.id]))!.n)).toBe(50);
    expect(logged).toHaveLength(20);
  });
});
