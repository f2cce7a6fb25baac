import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey, orderBody } from '../factories';

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(['redis', 'postgres'])('jobs through the outbox and the %s queue backend (worker in-process)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-11-25T03:00:00Z', env: { QUEUE_BACKEND: backend } });
  });
  afterAll(() => t.close());

  it("re-values orders from a new rate's first day on, through a real BullMQ round trip", async () => {
    const b = await createBusinessWithKey(t.http);
    const before = await t.http
      .post('/api/v1/orders')
      .set(auth(b.key))
      .send(orderBody({ orderedAt: '2026-11-09', amount: '100.00', currency: 'USD' }))
      .expect(201);
    const after = await t.http
      .post('/api/v1/orders')
      .set(auth(b.key))
      .send(orderBody({ orderedAt: '2026-11-17', amount: '100.00', currency: 'USD' }))
      .expect(201);
    const bad = await t.http.post('/api/v1/rates').set(auth(ADMIN_KEY)).send({ currency: 'usd', validFrom: '2026-11-31', idrPerUnit: 'x' }).expect(400);
    expect(bad.body.message).toEqual([expect.stringMatching(/^validFrom: must be a real date/), expect.stringMatching(/^idrPerUnit: /)]); // 2026-11-31 does not exist
    await t.http.post('/api/v1/rates').set(auth(b.key)).send({ currency: 'USD', validFrom: '2026-11-16', idrPerUnit: '17000' }).expect(403);

    const res = await t.http
      .post('/api/v1/rates')
      .set(auth(ADMIN_KEY))
      .send({ currency: 'usd', validFrom: '2026-11-16', idrPerUnit: '17000.5', source: 'Kurs Pajak' })
      .expect(201);
    expect(res.body).toMatchObject({ currency: 'USD', validFrom: '2026-11-16', idrPerUnit: '17000.50000000' });
    const outbox = await t.db.many<{ name: string }>(`SELECT name FROM job_outbox WHERE name = 'rates.recompute-idr'`);
    expect(outbox).toHaveLength(1);

    const value = (id: string) => t.db.one<{ v: string }>('SELECT value_idr::text AS v FROM orders WHERE id = $1', [id]).then((r) => Number(r!.v));
    expect(
      await waitFor(
        () => value(after.body.id),
        (v) => v === 1_700_050,
      ),
    ).toBe(1_700_050);
    expect(await value(before.body.id)).toBe(before.body.valueIdr);
    // replacing the same day's rate answers 200 and re-values again
    await t.http.post('/api/v1/rates').set(auth(ADMIN_KEY)).send({ currency: 'USD', validFrom: '2026-11-16', idrPerUnit: '16000' }).expect(200);
    expect(
      await waitFor(
        () => value(after.body.id),
        (v) => v === 1_600_000,
      ),
    ).toBe(1_600_000);
    const relayed = await t.db.one<{ n: string }>(`SELECT count(*) AS n FROM job_outbox WHERE dispatched_at IS NOT NULL AND name = 'rates.recompute-idr'`);
    expect(Number(relayed!.n)).toBe(2);
    if (backend === 'postgres') {
      // the jobs really went through BullMQ's own tables, not Redis
      const jobs = await t.db.one<{ n: string }>(`SELECT count(*) AS n FROM bullmq.job`);
      expect(Number(jobs!.n)).toBeGreaterThanOrEqual(2);
    }
  });

  it('accepts a new currency with its rate, then orders in it', async () => {
    const b = await createBusinessWithKey(t.http);
    await t.http
      .post('/api/v1/orders')
      .set(auth(b.key))
      .send(orderBody({ currency: 'THB', amount: '500' }))
      .expect(400);
    await t.http.post('/api/v1/rates').set(auth(ADMIN_KEY)).send({ currency: 'THB', validFrom: '2026-01-01', idrPerUnit: '470' }).expect(201);
    const o = await t.http
      .post('/api/v1/orders')
      .set(auth(b.key))
      .send(orderBody({ currency: 'THB', amount: '500' }))
      .expect(201);
    expect(o.body.valueIdr).toBe(235_000);
  });
});
