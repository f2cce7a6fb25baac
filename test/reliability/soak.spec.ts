import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { runSoak, SoakReport } from '../../scripts/soak';
import { addDays, isoWeek, weekStart, wibDate } from '../../src/common/time';
import { QUEUES } from '../../src/jobs/job-registry';
import { redisConnection } from '../../src/jobs/redis';
import { waitFor } from '../utils/processes';
import { ADMIN_KEY, auth, TEST_NOW } from '../utils/test-app';
import { duplicateCounts, FaultySmtp, NO_DUPLICATES, seedSteadyBusinesses } from './scenario';
import { ChildStack } from './stack';

/**
 * Soak: SOAK_SECONDS (default 45) of mixed traffic — single orders, bulk imports, CSV imports,
 * order/flag/report reads — against the API and a worker as real child processes, while a weekly
 * run and a digest send go out. 0 responses ≥ 500, 0 client errors, API RSS not still growing
 * (last third vs middle third), queues drained at the end, the run completed and one digest per
 * subscriber. A longer run: `SOAK_SECONDS=180 npx jest --runInBand test/reliability/soak.spec.ts`.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 45);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 6);
const BUSINESSES = 10;
const SUBSCRIBERS = 5;
/** RSS tolerance: the last third's median may exceed the middle third's by 15 % + 8 MiB (GC and JIT noise). */
const RSS_RATIO = 1.15;
const RSS_SLACK_KB = 8 * 1024;
jest.setTimeout((SECONDS + 240) * 1000);

describe(`reliability: ${SECONDS} s soak (API + worker as child processes)`, () => {
  let stack: ChildStack;
  let smtp: FaultySmtp;

  beforeAll(async () => {
    smtp = new FaultySmtp();
    await smtp.start();
    stack = await ChildStack.start({ env: { SMTP_URL: smtp.url } });
  });

  afterAll(async () => {
    await stack?.close();
    await smtp?.stop();
  });

  it('mixed traffic with a weekly run and a digest send: no 5xx, no client error, RSS flat, queues drained, one digest each', async () => {
    const { http, sql } = stack;
    // the latest Sunday that is over (WIB): the weekly run is as of it, steady orders up to the day before
    const asOf = addDays(weekStart(wibDate(new Date(TEST_NOW))), -1);
    const week = isoWeek(asOf);
    const businesses = await seedSteadyBusinesses(stack.app, BUSINESSES, addDays(asOf, -1));
    const emails: string[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const email = `soak${i}-${randomUUID().slice(0, 6)}@dinas.example`;
      emails.push(email);
      await http
        .post('/api/v1/digests/subscriptions')
        .set(auth(ADMIN_KEY))
        .send({ email, locale: i % 2 ? 'en' : 'id' })
        .expect(201);
    }
    const ordersBefore = await sql.count(`SELECT count(*)::int AS n FROM orders`);

    let runId = '';
    const weeklyRunAndDigest = async () => {
      const run = await http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf });
      if (run.status !== 202) throw new Error(`POST /watch/runs → ${run.status} ${JSON.stringify(run.body)}`);
      runId = run.body.id;
      await waitFor(
        async () => (await http.get(`/api/v1/watch/runs/${runId}`).set(auth(ADMIN_KEY))).body.status === 'completed',
        'weekly run',
        SECONDS * 1000 + 120_000,
        500,
      );
      await waitFor(() => sql.count(`SELECT count(*)::int AS n FROM weekly_reports WHERE week = $1`, [week]), `${week} published`, 60_000, 500);
      const send = await http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week });
      if (send.status !== 202) throw new Error(`POST /digests/send → ${send.status} ${JSON.stringify(send.body)}`);
    };

    const report: SoakReport = await runSoak({
      baseUrl: stack.apiUrl,
      adminKey: ADMIN_KEY,
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      businesses,
      apiPid: stack.api.pid,
      during: [{ at: 0.25, name: 'weekly run + digest send', run: weeklyRunAndDigest }],
      log: (l) => process.stderr.write(`${l}\n`),
      now: () => new Date(TEST_NOW), // the child processes' clock starts there (CLOCK_START)
    });

    // ---- the queues drain: outbox relayed, nothing waiting or active in BullMQ ----
    const redis = redisConnection(stack.env.REDIS_URL, 'worker');
    const queues = QUEUES.map((name) => new Queue(name, { connection: redis, prefix: stack.env.QUEUE_PREFIX }));
    let depth: Record<string, number> = {};
    try {
      await waitFor(
        async () => {
          const outbox = await sql.count(`SELECT count(*)::int AS n FROM job_outbox WHERE dispatched_at IS NULL`);
          depth = { outbox };
          for (const q of queues) {
            const c = await q.getJobCounts('waiting', 'active', 'prioritized');
            depth[q.name] = c.waiting + c.active + c.prioritized;
          }
          return Object.values(depth).every((n) => n === 0);
        },
        'queues to drain',
        120_000,
        500,
      );
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      redis.disconnect();
    }

    // ---- the weekly run and the digests ----
    expect(report.during).toEqual([expect.objectContaining({ name: 'weekly run + digest send', finishedAtS: expect.any(Number) })]);
    const run = (await http.get(`/api/v1/watch/runs/${runId}`).set(auth(ADMIN_KEY)).expect(200)).body;
    expect(run).toMatchObject({ status: 'completed', businessesFailed: 0 });
    expect(run.businessesEvaluated).toBe(run.businessesTotal);
    await waitFor(
      () =>
        sql
          .count(`SELECT count(*)::int AS n FROM digest_deliveries WHERE week = $1 AND kind = 'digest' AND status = 'sent'`, [week])
          .then((n) => n === SUBSCRIBERS),
      'every digest sent',
      60_000,
      250,
    );
    const per = smtp.perRecipient();
    for (const e of emails) expect([e, per.get(e)]).toEqual([e, 1]);
    expect(smtp.messages).toHaveLength(SUBSCRIBERS);

    // ---- traffic: no server error, no client error, everything stored ----
    expect({ serverErrors: report.serverErrors, clientErrors: report.clientErrors, networkErrors: report.networkErrors, samples: report.errorSamples }).toEqual(
      {
        serverErrors: 0,
        clientErrors: 0,
        networkErrors: 0,
        samples: [],
      },
    );
    expect(Object.keys(report.statusCounts).filter((s) => Number(s) >= 400)).toEqual([]);
    expect(report.requests.order.count).toBeGreaterThan(0);
    expect(report.requests.bulk.count).toBeGreaterThan(0);
    expect(report.requests.csv.count).toBeGreaterThan(0);
    expect(await sql.count(`SELECT count(*)::int AS n FROM orders`)).toBe(ordersBefore + report.ordersStored);
    expect(await duplicateCounts(sql.asDb())).toEqual(NO_DUPLICATES);

    // ---- API memory: not still growing at the end ----
    expect(report.rss).not.toBeNull();
    expect(report.rss!.lastMedianKb).toBeLessThanOrEqual(report.rss!.middleMedianKb * RSS_RATIO + RSS_SLACK_KB);

    const { rssSamplesKb, ...summary } = report;
    console.log(
      JSON.stringify({
        suite: 'soak',
        ...summary,
        rssSamplesMb: rssSamplesKb.map((k) => Math.round(k / 102.4) / 10),
        queueDepthAtEnd: depth,
        digests: SUBSCRIBERS,
        run: { businessesEvaluated: run.businessesEvaluated, flagsRaised: run.flagsRaised },
      }),
    );
  });
});
