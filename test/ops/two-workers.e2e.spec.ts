import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { addDays } from '../../src/common/time';
import { JobsService } from '../../src/jobs/jobs.service';
import { TestSmtp } from '../digests/smtp';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { sample } from '../utils/metrics';
import { ensureBuilt, freePort, sleep } from '../utils/processes';

const ROOT = join(__dirname, '..', '..');
// the private build of the current src/ (compiled on change by ensureBuilt), never a stale dist/
const MAIN = join(ROOT, '.test-dist', 'src', 'main.js');
const BUSINESSES = 16;
const OFFICERS = 5;

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, label: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}: ${JSON.stringify(v)}`);
    await sleep(200);
  }
}
/** A steady exporter: two orders a week to Malaysia for 26 weeks, four repeat buyers. */
function steadyOrders(lastDay: string) {
  const rows: Record<string, unknown>[] = [];
  for (let w = 0; w < 26; w++) {
    for (let i = 0; i < 2; i++) {
      rows.push({
        orderedAt: `${addDays(lastDay, -7 * w - i)}T10:00:00+07:00`,
        destinationCountry: 'MY',
        buyerRef: `buyer-${(w + i) % 4}`,
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

/**
 * Scaling out: the API in this process and TWO worker processes (`node dist/src/main.js`,
 * ROLE=worker) on one database and one queue. Every business is evaluated once per run and every
 * digest is sent once, even with duplicate jobs racing across the two processes.
 */
describe.each(['redis', 'postgres'])('two worker processes on one %s queue', (backend) => {
  let t: TestApp;
  const smtp = new TestSmtp();
  const workers: ChildProcess[] = [];
  const ports: number[] = [];
  const logs: string[] = [];

  const scrape = async () => Promise.all(ports.map((p) => fetch(`http://127.0.0.1:${p}/metrics`).then((r) => r.text())));

  beforeAll(async () => {
    ensureBuilt();
    await smtp.start();
    const extra = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, QUEUE_BACKEND: backend };
    t = await startTestApp({ role: 'api', now: '2026-11-25T03:00:00Z', env: extra });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      ports.push(port);
      const env = {
        PATH: process.env.PATH ?? '',
        ...t.env({ ...extra, ROLE: 'worker', METRICS_PORT: String(port), WORKER_CONCURRENCY: '4', WORKER_CONCURRENCY_WATCH: '2', WATCH_CHUNK_SIZE: '2' }),
      };
      const w = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      w.stdout!.on('data', (d) => logs.push(`[w${i}] ${d}`));
      w.stderr!.on('data', (d) => logs.push(`[w${i}] ${d}`));
      workers.push(w);
    }
    await until(
      () => scrape(),
      (m) => m.length === 2,
      'both workers to serve /metrics',
      60_000,
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((r) => {
            if (w.exitCode !== null) return r();
            w.once('exit', () => r());
            w.kill('SIGTERM');
            setTimeout(() => w.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await t?.close();
    await smtp.stop();
  });

  it('evaluates each business exactly once per run, the work shared by both workers', async () => {
    const ids: string[] = [];
    for (let i = 0; i < BUSINESSES; i++) {
      const b = await createBusinessWithKey(t.http, { name: `Kulit Lasem ${i}`, district: 'Lasem', materials: ['snakeskin'] });
      await t.http
        .post('/api/v1/orders/bulk')
        .set(auth(ADMIN_KEY))
        .send({ businessId: b.id, orders: steadyOrders('2026-11-21') })
        .expect(200);
      ids.push(b.id);
    }
    const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    const run = await until(
      () =>
        t.http
          .get(`/api/v1/watch/runs/${res.body.id}`)
          .set(auth(ADMIN_KEY))
          .then((r) => r.body),
      (b) => b.status === 'completed' || b.status === 'failed',
      'the run to complete',
      90_000,
    ).catch((e) => {
      throw new Error(`${e.message}\n${logs.join('').slice(-3000)}`);
    });
    expect(run).toMatchObject({ status: 'completed', businessesTotal: BUSINESSES, businessesEvaluated: BUSINESSES, businessesFailed: 0 });

    // once each: one attempt per item, one evaluation row per business × market × kind, one raised event per flag
    const items = await t.db.many<{ attempts: number; status: string }>('SELECT attempts, status FROM watch_run_items WHERE run_id = $1', [res.body.id]);
    expect(items).toHaveLength(BUSINESSES);
    expect(items.every((i) => i.status === 'done')).toBe(true);
    const evals = await t.db.many<{ business_id: string; n: number }>(
      `SELECT business_id, count(*)::int AS n FROM flag_evaluations WHERE run_id = $1 GROUP BY business_id`,
      [res.body.id],
    );
    expect(evals.map((e) => e.business_id).sort()).toEqual([...ids].sort());
    const raised = await t.db.one<{ events: number; flags: number }>(
      `SELECT (SELECT count(*) FROM flag_events WHERE type = 'raised')::int AS events, (SELECT count(*) FROM flags)::int AS flags`,
    );
    expect(raised!.events).toBe(raised!.flags);
    expect(raised!.flags).toBeGreaterThanOrEqual(BUSINESSES);

    // the workers' own counters: N evaluations in total, none twice, and both workers took part
    const [m0, m1] = await scrape();
    const e0 = sample(m0, 'siap_businesses_evaluated_total', { outcome: 'ok' });
    const e1 = sample(m1, 'siap_businesses_evaluated_total', { outcome: 'ok' });
    expect(e0 + e1).toBe(BUSINESSES);
    expect(e0).toBeGreaterThan(0);
    expect(e1).toBeGreaterThan(0);
    expect(sample(m0, 'siap_watch_runs_total', { event: 'completed' }) + sample(m1, 'siap_watch_runs_total', { event: 'completed' })).toBe(1);
    expect(sample(m0 + m1, 'siap_flags_total', { event: 'raised' })).toBe(raised!.flags);
    expect(sample(m0 + m1, 'siap_job_wait_seconds_count', { queue: 'watch' })).toBeGreaterThanOrEqual(BUSINESSES / 2 + 2); // chunks of 2, start and finish
  });

  it('sends each digest once although duplicate send jobs race on both workers', async () => {
    // the Sunday run published the weekly list (a job on a worker)
    await until(
      () => t.db.one<{ week: string }>(`SELECT week FROM weekly_reports WHERE week = '2026-W47'`),
      (r) => !!r,
      'the weekly list',
      30_000,
    );
    for (let i = 0; i < OFFICERS; i++) {
      await t.http
        .post('/api/v1/digests/subscriptions')
        .set(auth(ADMIN_KEY))
        .send({ email: `officer${i}@example.go.id`, name: `Officer ${i}` })
        .expect(201);
    }
    const sent = await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    expect(sent.body.queued).toBe(OFFICERS);
    // duplicates: three more jobs per delivery under other job ids, spread over both processes
    const jobs = t.app.get(JobsService);
    const deliveries = await t.db.many<{ id: string }>(`SELECT id FROM digest_deliveries WHERE week = '2026-W47'`);
    for (const d of deliveries) for (let k = 0; k < 3; k++) await jobs.enqueue('digests.send-one', { deliveryId: d.id }, { jobId: `dup:${d.id}:${k}` });
    await until(
      async () => smtp.messages.length,
      (n) => n >= OFFICERS,
      'the digests',
      30_000,
    );
    await until(
      () => t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM job_outbox WHERE dispatched_at IS NULL`),
      (r) => r!.n === 0,
      'the outbox to drain',
    );
    await sleep(1500); // let any duplicate finish
    for (let i = 0; i < OFFICERS; i++) expect(smtp.to(`officer${i}@example.go.id`)).toHaveLength(1);
    expect(smtp.messages).toHaveLength(OFFICERS);
    const [m0, m1] = await scrape();
    expect(sample(m0, 'siap_digests_total', { outcome: 'sent' }) + sample(m1, 'siap_digests_total', { outcome: 'sent' })).toBe(OFFICERS);
  });
});
