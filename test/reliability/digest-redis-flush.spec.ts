import { randomUUID } from 'node:crypto';
import { ReportsService } from '../../src/reports/reports.service';
import { createBusinessWithKey } from '../factories';
import { completedRun, insertEvaluation, insertFlag, METRICS } from '../reports/fixtures';
import { AppProcess, ensureBuilt, PrivateRedis, startProcess, waitFor } from '../utils/processes';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { duplicateCounts, FaultySmtp, NO_DUPLICATES } from './scenario';

/**
 * Redis loses the queue in the middle of a digest send: the deliveries are rows in Postgres, their
 * send jobs were only in Redis. Worker processes (node .test-dist/src/main.js, ROLE=worker) on a
 * private redis-server; the SMTP server holds each message a little so the send is mid-way when
 * Redis goes. Then every subscriber must still get exactly one email, through the digest recovery
 * (at worker start, and every DIGEST_RECOVERY_MS in running workers).
 */
jest.setTimeout(180_000);

describe('reliability: Redis restarted empty / flushed in the middle of a digest send (real processes)', () => {
  let t: TestApp;
  let redis: PrivateRedis;
  let smtp: FaultySmtp;
  let workerEnv: Record<string, string>;
  const workers: AppProcess[] = [];
  const worker = async (name: string) => {
    const w = await startProcess(name, workerEnv);
    workers.push(w);
    return w;
  };
  const subscribe = async (n: number, tag: string) => {
    const emails: string[] = [];
    for (let i = 0; i < n; i++) {
      const email = `petugas${i}-${tag}-${randomUUID().slice(0, 6)}@dinas.example`;
      emails.push(email);
      await t.http
        .post('/api/v1/digests/subscriptions')
        .set(auth(ADMIN_KEY))
        .send({ email, locale: i % 3 ? 'id' : 'en' })
        .expect(201);
    }
    return emails;
  };
  const sentTo = (emails: string[]) => smtp.messages.filter((m) => emails.some((e) => (Array.isArray(m.to) ? m.to : [m.to]).some((x) => x?.text.includes(e))));
  const statuses = async (week: string) =>
    Object.fromEntries(
      (await t.db.many<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM digest_deliveries WHERE week = $1 GROUP BY 1`, [week])).map(
        (r) => [r.status, r.n],
      ),
    );

  beforeAll(async () => {
    ensureBuilt();
    redis = await PrivateRedis.start();
    smtp = new FaultySmtp();
    await smtp.start();
    t = await startTestApp({ role: 'api', now: '2026-11-28T03:00:00Z', env: { REDIS_URL: redis.url, QUEUE_BOARD_ENABLED: 'false' } });
    workerEnv = {
      ...t.env(),
      REDIS_URL: redis.url,
      ROLE: 'worker',
      WORKER_CONCURRENCY: '1',
      JOB_LOCK_MS: '2000',
      DIGEST_SEND_LEASE_MS: '2000',
      DIGEST_RECOVERY_MS: '1000',
      SMTP_URL: smtp.url,
      ...(process.env.DEBUG_DIGEST_FLUSH ? { LOG_LEVEL: 'debug' } : {}),
    };
    // two published weeks: W47 with two new flags, W48 where both continue
    const a = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    const b = await createBusinessWithKey(t.http, { name: 'Arma Leather', district: 'Rembang', materials: ['stingray'] });
    for (const [biz, market] of [
      [a.id, 'MY'],
      [b.id, 'CN'],
    ]) {
      const f = await insertFlag(t.db, { businessId: biz, market, raisedOn: '2026-11-20' });
      await insertEvaluation(t.db, f, '2026-11-22', METRICS);
    }
    await completedRun(t.db, '2026-11-22');
    await completedRun(t.db, '2026-11-29');
    const reports = t.app.get(ReportsService);
    expect(await reports.publish('2026-W47')).toBe('published');
    expect(await reports.publish('2026-W48')).toBe('published');
  });

  afterAll(async () => {
    if (process.env.DEBUG_DIGEST_FLUSH) for (const w of workers) console.log(w.name, w.logs.slice(-40).join('\n'));
    for (const w of workers) await w.kill('SIGKILL');
    // app.close() has been seen to hang after a private Redis restart: do not let it hold the suite
    const closed = await Promise.race([t?.close().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000).unref())]);
    if (!closed) console.warn('digest-redis-flush: app.close() did not finish within 15 s after the Redis restart');
    await redis?.stop();
    await smtp?.stop();
  });

  it('Redis killed and restarted empty mid-send, workers restarted → one email per subscriber, all rows sent', async () => {
    const emails = await subscribe(12, 'w47');
    const w1 = await worker('worker-1');
    let outage: Promise<void> | undefined;
    smtp.delayMs = 300; // every message is held in DATA for a moment
    smtp.onMessage = (n) => {
      if (n !== 4) return 'accept';
      // while the 4th message is in DATA: Redis goes away with every queued job, and so does the worker
      outage = (async () => {
        await redis.stop();
        await w1.kill('SIGKILL');
      })();
      return 'reject';
    };
    const res = await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    expect(res.body.queued).toBe(12);
    await waitFor(() => outage !== undefined, 'the 4th message', 60_000, 20);
    await outage;
    smtp.onMessage = undefined;
    expect(sentTo(emails)).toHaveLength(3);
    // mid-way for real: 3 sent, one held by the dead sender, the rest waiting for jobs that are gone
    expect(await statuses('2026-W47')).toEqual({ sent: 3, sending: 1, pending: 8 });

    await redis.start();
    redis.cli('FLUSHALL');
    expect(redis.cli('DBSIZE')).toBe('0');
    await worker('worker-2');
    await worker('worker-3');
    await waitFor(async () => (await statuses('2026-W47')).sent === 12, 'all W47 digests sent after the restart', 90_000, 250);

    const got = sentTo(emails);
    const per = smtp.perRecipient();
    for (const e of emails) expect([e, per.get(e)]).toEqual([e, 1]);
    expect(got).toHaveLength(12);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(12);
    expect(await statuses('2026-W47')).toEqual({ sent: 12 });
    // the recovery said what it did (in one of the restarted workers)
    expect(workers.slice(1).some((w) => w.logs.some((l) => l.includes('digest recovery re-enqueued send jobs')))).toBe(true);

    // sending again sends nothing new
    const again = await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    expect(again.body.queued).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sentTo(emails)).toHaveLength(12);
    expect(await duplicateCounts(t.db)).toEqual(NO_DUPLICATES);
  });

  it('FLUSHALL while the workers keep running → their periodic recovery finishes the send, still one email each', async () => {
    const before = smtp.messages.length;
    const smtpStarted = smtp.started;
    let flushed = false;
    smtp.delayMs = 300;
    smtp.onMessage = (n) => {
      if (n - smtpStarted === 3 && !flushed) {
        flushed = true;
        redis.cli('FLUSHALL'); // the queue's keys are gone; the workers and their connections stay
      }
      return 'accept';
    };
    const res = await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W48' }).expect(202);
    // everyone subscribed so far gets W48 (sendWhenEmpty is on by default): 12 from the first test
    expect(res.body.queued).toBe(12);
    await waitFor(() => flushed, 'the flush', 60_000, 20);
    await waitFor(async () => (await statuses('2026-W48')).sent === 12, 'all W48 digests sent after the flush', 90_000, 250);
    smtp.onMessage = undefined;

    const w48 = smtp.messages.slice(before).filter((m) => m.subject?.includes('2026-W48'));
    expect(w48).toHaveLength(12);
    expect(new Set(w48.map((m) => (Array.isArray(m.to) ? m.to : [m.to]).map((x) => x?.text).join())).size).toBe(12);
    expect(new Set(w48.map((m) => m.messageId)).size).toBe(12);
    expect(await statuses('2026-W48')).toEqual({ sent: 12 });
    const again = await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W48' }).expect(202);
    expect(again.body.queued).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages.slice(before).filter((m) => m.subject?.includes('2026-W48'))).toHaveLength(12);
    expect(await duplicateCounts(t.db)).toEqual(NO_DUPLICATES);
  });
});
