import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Pool } from 'pg';
import { probePool } from './stack';
import { AppProcess, ensureBuilt, freePort, httpJson, startProcess, waitFor } from '../utils/processes';
import { createTestDatabase } from '../utils/test-db';
import { ADMIN_KEY, testEnv } from '../utils/test-app';

/**
 * SIGKILL of a real API process while it streams a 50,000-row CSV import: the import is one
 * transaction, so none of its rows stay in `orders`; its progress row does not stay `running`
 * (the restarted process — or any read of it — marks it failed); posting the same file again
 * imports every row exactly once.
 */
jest.setTimeout(240_000);
const ROWS = 50_000;
const HEADER = 'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel,weightKg';
const row = (i: number) => `CSVK-${i},2026-10-${String(1 + (i % 28)).padStart(2, '0')},MY,buyer-${i % 40},bag,snakeskin,1,${100 + (i % 50)}.00,MYR,post,1.5`;

/** POSTs a CSV body chunk by chunk; `gate(i)` may hold the stream before chunk i. Resolves with the status, or 0 when the connection dropped. */
function postCsv(
  url: string,
  path: string,
  chunks: string[],
  gate: (i: number) => Promise<void> = async () => undefined,
): Promise<{ status: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url + path, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/csv' } }, (res) => {
      let body = '';
      res.on('data', (b) => (body += b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (e) => resolve({ status: 0, body, error: e.message }));
    });
    req.on('error', (e) => resolve({ status: 0, body: '', error: (e as NodeJS.ErrnoException).code ?? e.message }));
    void (async () => {
      for (let i = 0; i < chunks.length; i++) {
        await gate(i);
        if (req.destroyed) return;
        if (!req.write(chunks[i])) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })();
  });
}

describe('reliability: API SIGKILLed in the middle of a CSV import (real processes)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  let env: Record<string, string>;
  const procs: AppProcess[] = [];
  const count = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].n);

  const start = async (name: string) => {
    const port = await freePort();
    const p = await startProcess(name, { ...env, ROLE: 'api', PORT: String(port) });
    procs.push(p);
    return { p, url: `http://127.0.0.1:${port}` };
  };

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    pool = probePool(database.url, 2);
    env = testEnv(database.url, `t${randomBytes(4).toString('hex')}`, { QUEUE_BOARD_ENABLED: 'false' });
  });

  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await pool?.end();
    await database?.drop();
  });

  it('stores 0 rows of the killed import, marks it failed after the restart, and a re-post imports each row once', async () => {
    const { p: api1, url: url1 } = await start('api-1');
    const biz = await httpJson(url1, 'POST', '/api/v1/businesses', { key: ADMIN_KEY, body: { name: 'Kulit CSV', district: 'Lasem' } });
    expect(biz.status).toBe(201);
    const lines = [HEADER, ...Array.from({ length: ROWS }, (_, i) => row(i))];
    const chunks: string[] = [];
    for (let i = 0; i < lines.length; i += 1000) chunks.push(lines.slice(i, i + 1000).join('\n') + '\n');
    const bytes = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);

    // stream slowly; after 25,000 rows hold the rest until the process is dead
    const importId = randomUUID();
    let killed = false;
    const half = Math.floor(chunks.length / 2);
    const posting = postCsv(url1, `/api/v1/orders/import?businessId=${biz.body.id}&importId=${importId}`, chunks, async (i) => {
      if (i < half) return void (await new Promise((r) => setTimeout(r, 20)));
      while (!killed) await new Promise((r) => setTimeout(r, 50));
    });
    const atKill: { rows_processed: number; accepted: number; status: string } | undefined = await waitFor(
      async () => {
        const r = (await pool.query('SELECT rows_processed, accepted, status FROM order_imports WHERE id = $1', [importId])).rows[0];
        return r && r.accepted >= 15_000 ? r : undefined; // three batches of 5,000 written inside the import's transaction
      },
      'the import to have written batches',
      90_000,
      50,
    );
    await api1.kill('SIGKILL');
    killed = true;
    const client = await posting;
    expect(client.status).toBe(0); // the client saw the connection drop, not an answer
    expect(atKill!.status).toBe('running');
    expect(atKill!.rows_processed).toBeLessThan(ROWS);

    // nothing of it was committed; the row is still `running` until someone notices
    expect(await count('SELECT count(*)::int AS n FROM orders WHERE business_id = $1', [biz.body.id])).toBe(0);
    expect((await pool.query('SELECT status FROM order_imports WHERE id = $1', [importId])).rows[0].status).toBe('running');

    const restartedAt = Date.now();
    const { url: url2 } = await start('api-2');
    const failed = await waitFor(
      async () => {
        const r = (await pool.query('SELECT status, error, finished_at FROM order_imports WHERE id = $1', [importId])).rows[0];
        return r.status !== 'running' ? r : undefined;
      },
      'the abandoned import to be marked',
      30_000,
    );
    const markedMs = Date.now() - restartedAt;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/abandoned/);
    expect(failed.finished_at).not.toBeNull();
    const progress = await httpJson(url2, 'GET', `/api/v1/orders/imports/${importId}`, { key: ADMIN_KEY });
    expect(progress.body).toMatchObject({ id: importId, status: 'failed', accepted: 0 });
    expect(await count('SELECT count(*)::int AS n FROM orders WHERE business_id = $1', [biz.body.id])).toBe(0);

    // the same file again, at full speed: every row once
    const again = await postCsv(url2, `/api/v1/orders/import?businessId=${biz.body.id}&importId=${randomUUID()}`, chunks);
    expect(again.status).toBe(200);
    const result = JSON.parse(again.body);
    expect(result).toMatchObject({ accepted: ROWS, duplicates: 0, rejected: [] });
    expect(await count('SELECT count(*)::int AS n FROM orders WHERE business_id = $1', [biz.body.id])).toBe(ROWS);
    expect(await count('SELECT count(DISTINCT external_ref)::int AS n FROM orders WHERE business_id = $1', [biz.body.id])).toBe(ROWS);
    expect(await count(`SELECT count(*)::int AS n FROM order_imports WHERE business_id = $1 AND status = 'running'`, [biz.body.id])).toBe(0);
    console.log(
      JSON.stringify({
        rows: ROWS,
        bytes,
        killedAtRowsParsed: atKill!.rows_processed,
        killedAtRowsWritten: atKill!.accepted,
        markedFailedAfterRestartMs: markedMs,
        repostAccepted: result.accepted,
      }),
    );
  });

  it('a read of a running import whose process died reports it failed without waiting for a restart', async () => {
    // a second API process next to the one that dies: GET /orders/imports/:id on the survivor notices
    const { url: survivor } = await start('api-3');
    const { p: victim, url: vurl } = await start('api-4');
    const biz = await httpJson(survivor, 'POST', '/api/v1/businesses', { key: ADMIN_KEY, body: { name: 'Kulit CSV 2', district: 'Lasem' } });
    const importId = randomUUID();
    let killed = false;
    const posting = postCsv(
      vurl,
      `/api/v1/orders/import?businessId=${biz.body.id}&importId=${importId}`,
      [HEADER + '\n', ...Array.from({ length: 20 }, (_, k) => Array.from({ length: 500 }, (_, i) => row(100_000 + k * 500 + i)).join('\n') + '\n')],
      async (i) => {
        if (i < 12) return;
        while (!killed) await new Promise((r) => setTimeout(r, 50));
      },
    );
    await waitFor(
      async () => (await httpJson(survivor, 'GET', `/api/v1/orders/imports/${importId}`, { key: ADMIN_KEY })).body?.rowsProcessed >= 5000,
      'progress',
      60_000,
      50,
    );
    // while the import runs, reads on another process leave it alone
    expect((await httpJson(survivor, 'GET', `/api/v1/orders/imports/${importId}`, { key: ADMIN_KEY })).body.status).toBe('running');
    await victim.kill('SIGKILL');
    killed = true;
    await posting;
    const seen = await waitFor(
      async () => {
        const r = await httpJson(survivor, 'GET', `/api/v1/orders/imports/${importId}`, { key: ADMIN_KEY });
        return r.body?.status === 'failed' ? r.body : undefined;
      },
      'the survivor to report failed',
      10_000,
    );
    expect(seen).toMatchObject({ status: 'failed', accepted: 0 });
    expect(await count('SELECT count(*)::int AS n FROM orders WHERE business_id = $1', [biz.body.id])).toBe(0);
  });
});
