import { randomUUID } from 'node:crypto';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { AppProcess, ensureBuilt, startProcess, waitFor } from '../utils/processes';
import { duplicateCounts, FaultySmtp, NO_DUPLICATES, seedSteadyBusinesses } from './scenario';

/**
 * SIGKILL of real worker processes (node dist/src/main.js, ROLE=worker) in the middle of a weekly
 * run, a replay and a digest send; then restart (as two workers at once) and check the database
 * and the mailbox: the work completes with 0 duplicate flags, evaluations, events or emails.
 */
const N = 30;
jest.setTimeout(240_000);

describe('reliability: worker killed mid-work (real processes)', () => {
  let t: TestApp;
  let smtp: FaultySmtp;
  const workers: AppProcess[] = [];
  let workerEnv: Record<string, string>;
  const count = async (sql: string, params: unknown[] = []) => (await t.db.one<{ n: number }>(sql, params))!.n;

  const worker = async (name: string) => {
    const w = await startProcess(name, workerEnv);
    workers.push(w);
    return w;
  };
  const killAll = async () => {
    for (const w of workers) await w.kill('SIGKILL');
  };

  beforeAll(async () => {
    ensureBuilt();
    smtp = new FaultySmtp();
    await smtp.start();
    t = await startTestApp({ role: 'api', now: '2026-11-28T03:00:00Z', env: { QUEUE_BOARD_ENABLED: 'false' } });
    workerEnv = {
      ...t.env(),
      ROLE: 'worker',
      WORKER_CONCURRENCY: '1',
      WATCH_CHUNK_SIZE: '3',
      REPLAY_SEGMENT_WEEKS: '1',
      JOB_LOCK_MS: '2000',
      DIGEST_SEND_LEASE_MS: '2000',
      SMTP_URL: smtp.url,
    };
    await seedSteadyBusinesses(t, N);
  });

  afterAll(async () => {
    await killAll();
    await t?.close();
    await smtp?.stop();
  });

  it('weekly run: SIGKILL mid-run, restart with two workers → completes once, no duplicate flags, evaluations or events', async () => {
    const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-15' }).expect(202);
    const runId = res.body.id;
    const w1 = await worker('worker-1');
    const doneAtKill = await waitFor(
      async () => {
        const n = await count(`SELECT count(*)::int AS n FROM watch_run_items WHERE run_id = $1 AND status = 'done'`, [runId]);
        return n >= 3 ? n : 0;
      },
      'first evaluations',
      60_000,
      20,
    );
    await w1.kill('SIGKILL');
    expect(w1.exitCode).toBe(-1);
    const afterKill = await count(`SELECT count(*)::int AS n FROM watch_run_items WHERE run_id = $1 AND status = 'done'`, [runId]);
    expect(afterKill).toBeGreaterThanOrEqual(doneAtKill);
    expect(afterKill).toBeLessThan(N); // really killed mid-run

    await worker('worker-2');
    await worker('worker-3');
    const run = await waitFor(
      async () => {
        const r = await t.http.get(`/api/v1/watch/runs/${runId}`).set(auth(ADMIN_KEY));
        return r.body.status === 'completed' ? r.body : undefined;
      },
      'run to complete after restart',
      90_000,
      250,
    );
    expect(run).toMatchObject({ businessesTotal: N, businessesEvaluated: N, businessesFailed: 0, flagsRaised: 2 * N, flagsResolved: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM flags`)).toBe(2 * N);
    expect(await count(`SELECT count(*)::int AS n FROM flag_evaluations WHERE run_id = $1`, [runId])).toBe(2 * N);
    expect(await count(`SELECT count(*)::int AS n FROM domain_events WHERE type = 'flag.raised'`)).toBe(2 * N);
    expect(await duplicateCounts(t.db)).toEqual(NO_DUPLICATES);
  });

  it('two workers at once on the same queues: the next weekly run evaluates each business exactly once', async () => {
    const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    const run = await waitFor(
      async () => {
        const r = await t.http.get(`/api/v1/watch/runs/${res.body.id}`).set(auth(ADMIN_KEY));
        return r.body.status === 'completed' ? r.body : undefined;
      },
      'second run',
      90_000,
      250,
    );
    expect(run).toMatchObject({ businessesEvaluated: N, businessesFailed: 0, flagsRaised: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM flag_evaluations WHERE run_id = $1`, [res.body.id])).toBe(2 * N);
    expect(await count(`SELECT count(*)::int AS n FROM flags`)).toBe(2 * N);
    // both workers took part (each logs the jobs it fails or finishes; the DB records who evaluated nothing) — and the week is published once
    await waitFor(() => count(`SELECT count(*)::int AS n FROM weekly_reports WHERE week = '2026-W47'`), 'W47 published', 30_000);
    expect(await count(`SELECT count(*)::int AS n FROM weekly_reports WHERE week = '2026-W47'`)).toBe(1);
    expect(await duplicateCounts(t.db)).toEqual(NO_DUPLICATES);
  });

  it('replay: SIGKILL mid-replay, restart → completes with each week once and changes no flag', async () => {
    await killAll();
    const flagsBefore = await count(`SELECT count(*)::int AS n FROM flags`);
    const evalsBefore = await count(`SELECT count(*)::int AS n FROM flag_evaluations`);
    const res = await t.http.post('/api/v1/watch/replay').set(auth(ADMIN_KEY)).send({ from: '2025-01-06', to: '2026-11-22' });
    expect([200, 201, 202]).toContain(res.status);
    const replayId = res.body.id;
    const w = await worker('worker-4');
    const doneAtKill = await waitFor(
      async () => {
        const r = await t.db.one<{ weeks_done: number; status: string }>('SELECT weeks_done, status FROM watch_replays WHERE id = $1', [replayId]);
        return r!.weeks_done >= 2 ? r : undefined;
      },
      'replay progress',
      60_000,
      10,
    );
    await w.kill('SIGKILL');
    const total = (await t.db.one<{ weeks_total: number }>('SELECT weeks_total FROM watch_replays WHERE id = $1', [replayId]))!.weeks_total;
    expect(doneAtKill!.status).toBe('running');
    expect(doneAtKill!.weeks_done).toBeLessThan(total);
    await worker('worker-5');
    const done = await waitFor(
      async () => {
        const r = await t.http.get(`/api/v1/watch/replays/${replayId}`).set(auth(ADMIN_KEY));
        return r.body.status === 'completed' ? r.body : undefined;
      },
      'replay to complete',
      90_000,
      250,
    );
    expect(done.weeksDone).toBe(total);
    expect(done.weeks).toHaveLength(total);
    expect(new Set(done.weeks.map((w: { week: string }) => w.week)).size).toBe(total);
    expect(await count(`SELECT count(*)::int AS n FROM flags`)).toBe(flagsBefore);
    expect(await count(`SELECT count(*)::int AS n FROM flag_evaluations`)).toBe(evalsBefore);
  });

  it('digest send: SIGKILL while the SMTP server is receiving a message, restart → every subscriber gets exactly one email', async () => {
    await killAll();
    const emails: string[] = [];
    for (let i = 0; i < 12; i++) {
      const email = `petugas${i}-${randomUUID().slice(0, 6)}@dinas.example`;
      emails.push(email);
      await t.http.post('/api/v1/digests/subscriptions').set(auth(ADMIN_KEY)).send({ email, locale: 'id' }).expect(201);
    }
    let victim: AppProcess | undefined;
    smtp.delayMs = 50;
    smtp.onMessage = (n) => {
      if (n !== 4) return 'accept';
      void victim?.kill('SIGKILL'); // the worker dies while its 4th message is in DATA, before acceptance
      return 'reject';
    };
    await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    victim = await worker('worker-6');
    await victim.exited;
    expect(smtp.messages.length).toBe(3);
    smtp.onMessage = undefined;
    await worker('worker-7');
    await worker('worker-8');
    await waitFor(
      () => count(`SELECT count(*)::int AS n FROM digest_deliveries WHERE status = 'sent'`).then((n) => n === emails.length),
      'all digests sent',
      90_000,
      250,
    );
    const per = smtp.perRecipient();
    for (const e of emails) expect([e, per.get(e)]).toEqual([e, 1]);
    expect(smtp.messages).toHaveLength(emails.length);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(emails.length);
    // sending again sends nothing new
    await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages).toHaveLength(emails.length);
    expect(await duplicateCounts(t.db)).toEqual(NO_DUPLICATES);
  });
});
