import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { orderBody } from '../factories';
import { AppProcess, ensureBuilt, httpJson, HttpResult, startRole, stopWithin, waitFor } from '../utils/processes';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { duplicateCounts, NO_DUPLICATES, seedSteadyBusinesses } from './scenario';

/**
 * SIGTERM to a real API process and a real worker process while requests are in flight (a bulk
 * of 5,000 rows, a CSV import streamed slowly, single orders) and a job is active (a digest send
 * held at MAIL FROM by a slow mail relay):
 * both exit 0 within SHUTDOWN_TIMEOUT_MS; each request either finishes with its normal status or —
 * only when it arrived after closing began — sees a clean 503 / refused connection, and then
 * nothing of it is stored (bulk and CSV all-or-nothing); the send is handed back (WORKER_CLOSE_GRACE_MS
 * = 200 ms, then the job lock) and a new worker completes it: every subscriber gets exactly one email.
 */
jest.setTimeout(240_000);
const CSV_ROWS = 20_000;
const HEADER = 'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel';
const csvRow = (i: number) => `SIGT-CSV-${i},2026-09-${String(1 + (i % 28)).padStart(2, '0')},MY,buyer-${i % 30},bag,snakeskin,1,120.00,MYR,post`;

function postCsvSlowly(url: string, path: string, chunks: string[], everyMs: number): Promise<HttpResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = httpRequest(url + path, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/csv' } }, (res) => {
      let text = '';
      res.on('data', (b) => (text += b));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* keep text */
        }
        resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started });
      });
    });
    req.on('error', (e) => resolve({ status: 0, body: undefined, ms: Date.now() - started, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    void (async () => {
      for (const c of chunks) {
        if (req.destroyed) return;
        req.write(c);
        await new Promise((r) => setTimeout(r, everyMs));
      }
      req.end();
    })();
  });
}

/** An SMTP server that can hold senders at MAIL FROM (before any message data): a slow mail relay. */
class SlowSmtp {
  hold = false;
  held = 0;
  accepted: string[] = [];
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom: (_a, _s, cb) => {
      if (!this.hold) return cb();
      this.held++;
      const wait = setInterval(() => {
        if (this.hold) return;
        clearInterval(wait);
        cb();
      }, 50);
    },
    onData: (stream, session, cb) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        this.accepted.push(session.envelope.rcptTo.map((r) => r.address).join(','));
        cb();
      });
    },
  });
  url = '';
  async start(): Promise<void> {
    this.server.on('error', () => undefined); // a sender that went away mid-session
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    this.hold = false;
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('reliability: SIGTERM under load (real API and worker processes)', () => {
  let t: TestApp;
  const procs: AppProcess[] = [];
  let env: Record<string, string>;
  const smtp = new SlowSmtp();
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.one<{ n: number }>(sql, params))!.n);
  const start = async (name: string, role: 'api' | 'worker') => {
    const started = await startRole(name, env, role);
    procs.push(started.p);
    return started;
  };

  beforeAll(async () => {
    ensureBuilt();
    await smtp.start();
    t = await startTestApp({ role: 'api', now: '2026-11-28T03:00:00Z', env: { QUEUE_BOARD_ENABLED: 'false' } });
    env = t.env({
      QUEUE_BOARD_ENABLED: 'false',
      WORKER_CONCURRENCY: '1',
      JOB_LOCK_MS: '2000',
      WORKER_CLOSE_GRACE_MS: '200',
      SHUTDOWN_TIMEOUT_MS: '20000',
      SMTP_URL: smtp.url,
      DIGEST_SEND_LEASE_MS: '2000',
      DIGEST_RETRY_BASE_MS: '500',
    });
    await seedSteadyBusinesses(t, 12);
  });

  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await t?.close();
    await smtp.stop();
  });

  it('finishes in-flight requests, exits 0, stores nothing by halves, and hands the active job back', async () => {
    const { p: api, url } = await start('api', 'api');
    const { p: worker1 } = await start('worker-1', 'worker');
    const biz = await httpJson(url, 'POST', '/api/v1/businesses', { key: ADMIN_KEY, body: { name: 'Kulit SIGTERM', district: 'Lasem' } });
    expect(biz.status).toBe(201);
    const run = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    // a job active on worker-1 when SIGTERM comes: a digest send held by a slow mail relay at MAIL FROM
    await waitFor(
      async () => (await t.http.get(`/api/v1/watch/runs/${run.body.id}`).set(auth(ADMIN_KEY))).body.status === 'completed',
      'weekly run',
      90_000,
      250,
    );
    await waitFor(() => count(`SELECT count(*)::int AS n FROM weekly_reports WHERE week = '2026-W47'`), 'W47 published', 30_000);
    const emails = ['sari@dinas.example', 'budi@dinas.example', 'wati@dinas.example'];
    for (const email of emails) await t.http.post('/api/v1/digests/subscriptions').set(auth(ADMIN_KEY)).send({ email, locale: 'id' }).expect(201);
    smtp.hold = true;
    await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    await waitFor(() => smtp.held >= 1, 'a digest send held at MAIL FROM', 60_000, 20);

    // a CSV import streamed over ~4 s, a bulk of 5,000 rows, and a trickle of single orders
    const importId = randomUUID();
    const lines = [HEADER, ...Array.from({ length: CSV_ROWS }, (_, i) => csvRow(i))];
    const chunks: string[] = [];
    for (let i = 0; i < lines.length; i += 500) chunks.push(lines.slice(i, i + 500).join('\n') + '\n');
    const csv = postCsvSlowly(url, `/api/v1/orders/import?businessId=${biz.body.id}&importId=${importId}`, chunks, 100);
    await waitFor(
      async () => (await t.db.one<{ rows_processed: number }>('SELECT rows_processed FROM order_imports WHERE id = $1', [importId]))?.rows_processed ?? 0,
      'the import to be under way',
      60_000,
      20,
    );
    const bulkRows = Array.from({ length: 5000 }, (_, i) => orderBody({ externalRef: `SIGT-BULK-${i}`, orderedAt: '2026-10-05' }));
    const bulk = httpJson(url, 'POST', '/api/v1/orders/bulk', { key: ADMIN_KEY, body: { businessId: biz.body.id, orders: bulkRows }, timeoutMs: 60_000 });
    const singles: Array<{ ref: string; r: HttpResult }> = [];
    let stopSingles = false;
    const trickle = (async () => {
      for (let i = 0; !stopSingles && i < 400; i++) {
        const body = orderBody({ externalRef: `SIGT-ONE-${i}`, businessId: biz.body.id });
        singles.push({ ref: body.externalRef as string, r: await httpJson(url, 'POST', '/api/v1/orders', { key: ADMIN_KEY, body, timeoutMs: 30_000 }) });
      }
    })();
    await new Promise((r) => setTimeout(r, 300)); // the bulk body is on its way

    const [apiExit, workerExit] = await Promise.all([stopWithin(api, 'SIGTERM', 30_000), stopWithin(worker1, 'SIGTERM', 30_000)]);
    stopSingles = true;
    await trickle;
    const [csvRes, bulkRes] = await Promise.all([csv, bulk]);
    const late = await httpJson(url, 'POST', '/api/v1/orders', { key: ADMIN_KEY, body: orderBody({ businessId: biz.body.id }), timeoutMs: 5000 });

    expect(apiExit).toMatchObject({ code: 0, hung: false });
    expect(workerExit).toMatchObject({ code: 0, hung: false });
    expect(late.status).toBe(0); // after exit: connection refused, never a half answer

    // the CSV import was in flight before SIGTERM: it finishes normally, all of it
    expect(csvRes.status).toBe(200);
    expect(csvRes.body).toMatchObject({ accepted: CSV_ROWS, rejected: [] });
    expect(await count(`SELECT count(*)::int AS n FROM orders WHERE business_id = $1 AND external_ref LIKE 'SIGT-CSV-%'`, [biz.body.id])).toBe(CSV_ROWS);
    expect((await t.db.one<{ status: string }>('SELECT status FROM order_imports WHERE id = $1', [importId]))!.status).toBe('completed');
    // the bulk: 200 with all 5,000, or refused before it started — never part of it
    const bulkStored = await count(`SELECT count(*)::int AS n FROM orders WHERE business_id = $1 AND external_ref LIKE 'SIGT-BULK-%'`, [biz.body.id]);
    if (bulkRes.status === 200) expect([bulkRes.body.accepted, bulkStored]).toEqual([5000, 5000]);
    else expect([bulkRes.status === 503 || bulkRes.status === 0, bulkStored]).toEqual([true, 0]);
    // single orders: 201 and stored once, or 503 / refused and not stored; nothing else
    const stored = new Set(
      (await t.db.many<{ ref: string }>(`SELECT external_ref AS ref FROM orders WHERE business_id = $1 AND external_ref LIKE 'SIGT-ONE-%'`, [biz.body.id])).map(
        (r) => r.ref,
      ),
    );
    const singleClasses: Record<string, number> = {};
    for (const s of singles) {
      singleClasses[s.r.status] = (singleClasses[s.r.status] ?? 0) + 1;
      if (s.r.status === 201) expect([s.ref, stored.has(s.ref)]).toEqual([s.ref, true]);
      else {
        expect([s.ref, s.r.status === 503 || s.r.status === 0]).toEqual([s.ref, true]);
        expect([s.ref, stored.has(s.ref)]).toEqual([s.ref, false]);
      }
    }
    expect(stored.size).toBe(singles.filter((s) => s.r.status === 201).length);
    expect(await duplicateCounts(t.db)).toEqual(NO_DUPLICATES);

    // the digest send: handed back and completed by a new worker — every subscriber exactly one email
    const closedLog = worker1.logs.find((l) => /workers closed/.test(l)) ?? '';
    const forced = /"forced":true/.test(closedLog);
    const acceptedAtExit = smtp.accepted.length;
    expect([forced, acceptedAtExit]).toEqual([true, 0]); // the send could not finish in the 200 ms grace: it was handed back
    smtp.hold = false;
    await start('worker-2', 'worker');
    await waitFor(
      () => count(`SELECT count(*)::int AS n FROM digest_deliveries WHERE status = 'sent'`).then((n) => n === emails.length),
      'every digest sent by worker-2',
      90_000,
      250,
    );
    await new Promise((r) => setTimeout(r, 1000)); // nothing more arrives
    expect(smtp.accepted.sort()).toEqual([...emails].sort());
    expect(await duplicateCounts(t.db)).toEqual(NO_DUPLICATES);
    console.log(
      JSON.stringify({
        apiExitMs: apiExit.ms,
        workerExitMs: workerExit.ms,
        csv: { status: csvRes.status, ms: csvRes.ms, rows: CSV_ROWS },
        bulk: { status: bulkRes.status, ms: bulkRes.ms, stored: bulkStored },
        singles: singleClasses,
        job: { forced, heldAtMailFrom: smtp.held, acceptedAtExit, delivered: smtp.accepted.length },
      }),
    );
  });
});
