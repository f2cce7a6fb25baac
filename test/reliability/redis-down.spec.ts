import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { probePool } from './stack';
import { orderBody } from '../factories';
import { AppProcess, ensureBuilt, httpJson, PrivateRedis, startRole, stopWithin, waitFor } from '../utils/processes';
import { createTestDatabase } from '../utils/test-db';
import { ADMIN_KEY, testEnv } from '../utils/test-app';

/**
 * Postgres is the source of truth: with Redis gone, businesses keep logging orders and the work
 * they cause waits in the job outbox; once Redis is back (empty), it is relayed and done, once.
 * Real child processes on a private redis-server (never the machine's shared one), and every
 * shutdown is a SIGTERM that must end in exit 0 — while Redis is down and after it restarted
 * (the process gives itself SHUTDOWN_TIMEOUT_MS and exits 1 past it; the test SIGKILLs after 20 s).
 */
jest.setTimeout(180_000);

describe('reliability: Redis down while businesses keep logging orders (real processes)', () => {
  let redis: PrivateRedis;
  let database: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  let env: Record<string, string>;
  let prefix: string;
  const procs: AppProcess[] = [];
  const count = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].n);

  const start = async (name: string, role: 'all' | 'api' | 'worker') => {
    const started = await startRole(name, env, role);
    procs.push(started.p);
    return started;
  };

  beforeAll(async () => {
    ensureBuilt();
    redis = await PrivateRedis.start();
    database = await createTestDatabase();
    pool = probePool(database.url, 2);
    prefix = `t${randomBytes(4).toString('hex')}`;
    env = {
      ...testEnv(database.url, prefix, { REDIS_URL: redis.url, QUEUE_BOARD_ENABLED: 'false', SHUTDOWN_TIMEOUT_MS: '10000', WORKER_CLOSE_GRACE_MS: '3000' }),
    };
  });

  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await pool?.end();
    await database?.drop();
    await redis?.stop();
  });

  it('accepts 50 orders and a rate while Redis is down, relays the re-valuation once it is back, and every SIGTERM exits 0', async () => {
    const { p: app, url } = await start('all-1', 'all');
    const { p: worker } = await start('worker-1', 'worker');
    const biz = await httpJson(url, 'POST', '/api/v1/businesses', { key: ADMIN_KEY, body: { name: 'Kulit Redis', district: 'Lasem' } });
    expect(biz.status).toBe(201);
    const key = await httpJson(url, 'POST', `/api/v1/businesses/${biz.body.id}/api-keys`, { key: ADMIN_KEY, body: {} });
    expect(key.status).toBe(201);

    await redis.stop();
    const downAt = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await httpJson(url, 'POST', '/api/v1/orders', {
        key: key.body.key,
        body: orderBody({ orderedAt: '2026-11-18', currency: 'SGD', amount: '100.00' }),
        timeoutMs: 15_000,
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual(Array(20).fill(201));
    const bulk = await httpJson(url, 'POST', '/api/v1/orders/bulk', {
      key: key.body.key,
      body: { orders: Array.from({ length: 30 }, () => orderBody({ orderedAt: '2026-11-19', currency: 'SGD', amount: '100.00' })) },
      timeoutMs: 15_000,
    });
    expect([bulk.status, bulk.body.accepted]).toEqual([200, 30]);
    const rate = await httpJson(url, 'POST', '/api/v1/rates', { key: ADMIN_KEY, body: { currency: 'SGD', validFrom: '2026-11-16', idrPerUnit: '12000' } });
    expect(rate.status).toBe(201);
    // readiness says so while Redis is away; liveness does not
    const ready = await httpJson(url, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ statusCode: 503, message: 'not ready: queue down', details: { postgres: { status: 'up' }, queue: { status: 'down' } } });
    expect((await httpJson(url, 'GET', '/health/live')).status).toBe(200);

    // the job cannot reach Redis: it waits in Postgres (the relay polls every second and keeps failing)
    await new Promise((r) => setTimeout(r, 2500));
    expect(await count(`SELECT count(*)::int AS n FROM job_outbox WHERE name = 'rates.recompute-idr' AND dispatched_at IS NULL`)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM orders WHERE business_id = $1', [biz.body.id])).toBe(50);

    // SIGTERM a worker while Redis is down: it must not wait for Redis to close its connections
    const whileDown = await stopWithin(worker, 'SIGTERM', 20_000);
    expect(whileDown).toMatchObject({ code: 0, hung: false });
    expect(worker.logs.some((l) => /workers closed/.test(l) && /"redisUp":false/.test(l))).toBe(true);

    await redis.start(); // a fresh, empty Redis
    const upAt = Date.now();
    await waitFor(
      async () => {
        const rows = (await pool.query('SELECT DISTINCT value_idr::text AS v FROM orders WHERE business_id = $1', [biz.body.id])).rows;
        return rows.length === 1 && rows[0].v === '1200000';
      },
      'orders re-valued at the new SGD rate',
      60_000,
    );
    const recoveredMs = Date.now() - upAt;
    expect(await count(`SELECT count(*)::int AS n FROM job_outbox WHERE name = 'rates.recompute-idr' AND dispatched_at IS NOT NULL`)).toBe(1);
    // exactly one such job reached BullMQ and completed once
    await waitFor(() => Number(redis.cli('ZCARD', `${prefix}:maintenance:completed`)) >= 1, 'job marked completed', 30_000);
    expect(Number(redis.cli('ZCARD', `${prefix}:maintenance:completed`))).toBe(1);
    expect(Number(redis.cli('ZCARD', `${prefix}:maintenance:failed`))).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM orders WHERE business_id = $1', [biz.body.id])).toBe(50);
    await waitFor(async () => (await httpJson(url, 'GET', '/health/ready')).status === 200, 'ready again', 30_000);

    // SIGTERM after the restart: closes and exits 0
    const afterRestart = await stopWithin(app, 'SIGTERM', 20_000);
    expect(afterRestart).toMatchObject({ code: 0, hung: false });

    // and once more with Redis down for an API + worker process that started against it
    const { p: app2, url: url2 } = await start('all-2', 'all');
    expect((await httpJson(url2, 'GET', '/health/ready')).status).toBe(200);
    await redis.stop();
    const late = await httpJson(url2, 'POST', '/api/v1/orders', {
      key: key.body.key,
      body: orderBody({ orderedAt: '2026-11-20', currency: 'SGD', amount: '10.00' }),
      timeoutMs: 15_000,
    });
    expect(late.status).toBe(201);
    const down2 = await stopWithin(app2, 'SIGTERM', 20_000);
    expect(down2).toMatchObject({ code: 0, hung: false });
    console.log(
      JSON.stringify({
        redisDownForMs: upAt - downAt,
        orderStatuses: statuses.length + 30,
        revaluedAfterRedisBackMs: recoveredMs,
        sigtermWorkerRedisDownMs: whileDown.ms,
        sigtermAllAfterRestartMs: afterRestart.ms,
        sigtermAllRedisDownMs: down2.ms,
      }),
    );
    console.log([app, worker, app2].map((p) => `${p.name}: ${p.logs.find((l) => /workers closed/.test(l)) ?? ''}`).join('\n'));
  });
});
