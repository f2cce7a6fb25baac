import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { probePool } from './stack';
import { orderBody } from '../factories';
import { AppProcess, ensureBuilt, freePort, httpJson, HttpResult, PrivatePostgres, startProcess, stopWithin, waitFor } from '../utils/processes';
import { ADMIN_KEY, testEnv } from '../utils/test-app';

/**
 * A private Postgres cluster (never the shared one) restarted while a real API process is under a
 * steady stream of writes (POST /orders, each with its own externalRef = the idempotency key) and
 * reads. During the outage every answer is a JSON 503 within a bounded time (never a 500, never a
 * hang); afterwards the same process serves 2xx again; the database holds every 201 exactly once,
 * every order with its audit row, and retrying the 503s with the same externalRef loses nothing.
 */
jest.setTimeout(240_000);
const maybe = PrivatePostgres.available() ? describe : describe.skip;

maybe('reliability: Postgres restarted under load (real process, private cluster)', () => {
  let pg: PrivatePostgres;
  let api: AppProcess;
  let url: string;
  let dbUrl: string;
  let pool: Pool | undefined;

  beforeAll(async () => {
    ensureBuilt();
    pg = await PrivatePostgres.create();
    dbUrl = `${pg.url}/siap_restart`;
    const port = await freePort();
    // the app creates the database and runs the migrations itself (RUN_MIGRATIONS=true)
    api = await startProcess('api', {
      ...testEnv(dbUrl, `t${randomBytes(4).toString('hex')}`, { RUN_MIGRATIONS: 'true', QUEUE_BOARD_ENABLED: 'false', DATABASE_POOL_SIZE: '6' }),
      ROLE: 'api',
      PORT: String(port),
    });
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await pool?.end();
    await pg?.destroy();
  });

  it('answers 503 during the outage, 2xx after it without a restart, and writes nothing twice or half', async () => {
    const biz = await httpJson(url, 'POST', '/api/v1/businesses', { key: ADMIN_KEY, body: { name: 'Kulit Restart', district: 'Lasem' } });
    expect(biz.status).toBe(201);
    const key = (await httpJson(url, 'POST', `/api/v1/businesses/${biz.body.id}/api-keys`, { key: ADMIN_KEY, body: {} })).body.key as string;

    type Sent = { phase: 'before' | 'outage' | 'after'; kind: 'write' | 'read'; ref?: string; r: HttpResult };
    const sent: Sent[] = [];
    let phase: Sent['phase'] = 'before';
    let stop = false;
    const loop = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const p = phase;
        if (i % 3 === 2) {
          sent.push({ phase: p, kind: 'read', r: await httpJson(url, 'GET', '/api/v1/orders?limit=5', { key, timeoutMs: 20_000 }) });
        } else {
          const body = orderBody({ externalRef: `PGR-${n}-${i}` });
          sent.push({
            phase: p,
            kind: 'write',
            ref: body.externalRef as string,
            r: await httpJson(url, 'POST', '/api/v1/orders', { key, body, timeoutMs: 20_000 }),
          });
        }
        if (phase === 'outage') await new Promise((r) => setTimeout(r, 50)); // keep probing, without a busy loop
      }
    };
    const loops = [0, 1, 2, 3].map(loop);
    const ok = (ph: Sent['phase']) => sent.filter((s) => s.phase === ph && s.r.status >= 200 && s.r.status < 300).length;
    await waitFor(() => ok('before') >= 40, '40 answers before the restart', 60_000, 50);

    phase = 'outage';
    const stoppedAt = Date.now();
    await pg.stop(); // fast shutdown: every connection is terminated, like a server restart
    await waitFor(() => sent.filter((s) => s.phase === 'outage' && s.r.status === 503).length >= 10, '10 answers of 503 while down', 60_000, 50);
    await waitFor(() => Date.now() - stoppedAt >= 3000, 'an outage of at least 3 s', 10_000, 100);
    await pg.start();
    const upAt = Date.now();
    // the same process recovers by itself
    const firstOk = await waitFor(
      async () => {
        const r = await httpJson(url, 'GET', '/api/v1/orders?limit=1', { key, timeoutMs: 20_000 });
        return r.status === 200 ? Date.now() : 0;
      },
      'a 2xx after Postgres is back',
      60_000,
      100,
    );
    phase = 'after';
    await waitFor(() => ok('after') >= 40, '40 answers after the restart', 60_000, 50);
    stop = true;
    await Promise.all(loops);
    expect(api.alive).toBe(true);

    // every answer: 2xx or a JSON 503; never a 500, never a timeout
    const classes: Record<string, number> = {};
    for (const s of sent) classes[`${s.phase}:${s.r.status}`] = (classes[`${s.phase}:${s.r.status}`] ?? 0) + 1;
    const bad = sent.filter((s) => !(s.r.status === 503 || (s.r.status >= 200 && s.r.status < 300)));
    expect(bad.map((s) => `${s.phase} ${s.kind} ${s.r.status} ${s.r.error ?? JSON.stringify(s.r.body).slice(0, 200)}`)).toEqual([]);
    const unavailable = sent.filter((s) => s.r.status === 503);
    expect(unavailable.length).toBeGreaterThanOrEqual(10);
    for (const s of unavailable) {
      expect(s.r.contentType).toMatch(/application\/json/);
      expect(s.r.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    }
    expect(Math.max(...sent.map((s) => s.r.ms))).toBeLessThan(20_000); // bounded: the client's own timeout never fired

    // the database: every 201 exactly once, every order with its audit row, no orphans
    pool = probePool(dbUrl, 2);
    const rows = (
      await pool.query<{ ref: string; n: number }>(`SELECT external_ref AS ref, count(*)::int AS n FROM orders WHERE business_id = $1 GROUP BY 1`, [
        biz.body.id,
      ])
    ).rows;
    const inDb = new Map(rows.map((r) => [r.ref, r.n]));
    const writes = sent.filter((s) => s.kind === 'write');
    const created = writes.filter((s) => s.r.status === 201);
    for (const s of created) expect([s.ref, inDb.get(s.ref!)]).toEqual([s.ref, 1]);
    expect(Math.max(...rows.map((r) => r.n))).toBe(1);
    const orphans = await pool.query(
      `SELECT (SELECT count(*)::int FROM orders o WHERE o.business_id = $1 AND NOT EXISTS
                (SELECT 1 FROM audit_log a WHERE a.action = 'order.created' AND a.entity_id = o.id::text)) AS orders_without_audit,
              (SELECT count(*)::int FROM audit_log a WHERE a.action = 'order.created' AND NOT EXISTS
                (SELECT 1 FROM orders o WHERE o.id::text = a.entity_id)) AS audit_without_order`,
      [biz.body.id],
    );
    expect(orphans.rows[0]).toEqual({ orders_without_audit: 0, audit_without_order: 0 });
    // a write that got 503 either committed whole or not at all: retrying it with the same externalRef settles it
    const failedWrites = writes.filter((s) => s.r.status === 503);
    let committedDespite503 = 0;
    for (const s of failedWrites) {
      const again = await httpJson(url, 'POST', '/api/v1/orders', { key, body: orderBody({ externalRef: s.ref }) });
      expect([201, 200]).toContain(again.status);
      if (again.status === 200) committedDespite503++;
    }
    const total = (await pool.query(`SELECT count(*)::int AS n, count(DISTINCT external_ref)::int AS d FROM orders WHERE business_id = $1`, [biz.body.id]))
      .rows[0];
    expect(total).toEqual({ n: created.length + failedWrites.length, d: created.length + failedWrites.length });

    // readiness follows: up again (the outage itself was seen as 503 above)
    expect((await httpJson(url, 'GET', '/health/ready')).status).toBe(200);
    const exit = await stopWithin(api, 'SIGTERM', 20_000);
    expect(exit).toMatchObject({ code: 0, hung: false });
    console.log(
      JSON.stringify({
        requests: sent.length,
        classes,
        outageMs: upAt - stoppedAt,
        firstOkAfterStartMs: firstOk - upAt,
        slowestMs: Math.max(...sent.map((s) => s.r.ms)),
        slowest503Ms: Math.max(...unavailable.map((s) => s.r.ms)),
        created: created.length,
        retried503: failedWrites.length,
        committedDespite503,
      }),
    );
  });
});
