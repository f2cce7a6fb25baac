import { PrivateRedis, waitFor } from '../utils/processes';
import { ADMIN_KEY, auth } from '../utils/test-app';
import { duplicateCounts, NO_DUPLICATES, seedSteadyBusinesses } from './scenario';
import { ChildStack, logEntries } from './stack';

/**
 * Redis stopped and restarted empty (flushed) in the middle of a replay, with the worker restarted:
 * the running replay's job and a second, still queued replay's job are gone from BullMQ. The new
 * worker re-enqueues both from Postgres (through the outbox) and each completes with every week
 * exactly once, the same weeks as an undisturbed replay, and no flag or evaluation changed.
 */
jest.setTimeout(240_000);

const N = 20;
const FROM = '2025-01-06';
const TO = '2026-11-22';

interface ReplayRow {
  id: string;
  status: string;
  weeks_done: number;
  weeks_total: number;
  from_date: string;
}

describe('reliability: Redis restarted empty mid-replay (worker on a private Redis)', () => {
  let redis: PrivateRedis;
  let stack: ChildStack;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    stack = await ChildStack.start({ env: { REDIS_URL: redis.url, WORKER_CONCURRENCY: '1', REPLAY_SEGMENT_WEEKS: '1' }, workers: 0 });
  });

  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  const replays = () =>
    stack.sql.many<ReplayRow>(
      `SELECT id, status, weeks_done, weeks_total, to_char(from_date, 'YYYY-MM-DD') AS from_date FROM watch_replays ORDER BY created_at`,
    );
  /** POST /watch/replay waits up to 20 s for the result: fire it and read the row from Postgres instead. */
  const startReplay = (from: string) =>
    void fetch(`${stack.apiUrl}/api/v1/watch/replay`, {
      method: 'POST',
      headers: { ...auth(ADMIN_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ from, to: TO }),
    }).catch(() => undefined);

  it('re-enqueues the lost replays from Postgres; each completes with every week once and changes nothing', async () => {
    const { http, sql } = stack;
    await seedSteadyBusinesses(stack.app, N);
    const w1 = await stack.startWorker('worker-1');
    // real flags and evaluations first, so "the replay is a dry run" is checked against something
    const run = await http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    await waitFor(
      async () => (await http.get(`/api/v1/watch/runs/${run.body.id}`).set(auth(ADMIN_KEY))).body.status === 'completed',
      'weekly run',
      90_000,
      250,
    );
    const flagsBefore = await sql.many(`SELECT id, status, raised_on::text, resolved_on::text FROM flags ORDER BY id`);
    const evalsBefore = await sql.count(`SELECT count(*)::int AS n FROM flag_evaluations`);
    expect(flagsBefore).toHaveLength(2 * N);

    // replay A runs (watch concurrency 1), replay B waits behind it in Redis
    startReplay(FROM);
    const a = await waitFor(async () => (await replays())[0], 'replay A row', 30_000, 20);
    startReplay('2025-06-02');
    const mid = (await waitFor(
      async () => {
        const rows = await replays();
        if (rows.length !== 2 || rows[0].weeks_done < 2) return undefined;
        // B's row commits before the relay moves its job to Redis: wait until both jobs are there
        const pending = await sql.count(`SELECT count(*)::int AS n FROM job_outbox WHERE name = 'watch.replay' AND dispatched_at IS NULL`);
        return pending === 0 ? rows : undefined;
      },
      'replay A mid-way and B queued in Redis',
      60_000,
      10,
    ))!;
    // Redis dies (its data with it: no persistence), then the worker
    await redis.stop();
    await w1.kill('SIGKILL');
    const [aAtKill, bAtKill] = await replays();
    expect(aAtKill.status).toBe('running');
    expect(aAtKill.weeks_done).toBeGreaterThanOrEqual(mid[0].weeks_done);
    expect(aAtKill.weeks_done).toBeLessThan(aAtKill.weeks_total); // really interrupted
    expect(bAtKill.status).toBe('queued');
    expect(await sql.count(`SELECT count(*)::int AS n FROM job_outbox WHERE name = 'watch.replay' AND dispatched_at IS NULL`)).toBe(0); // both jobs had reached Redis

    await redis.start(); // same port, empty
    expect(redis.cli('dbsize')).toBe('0');
    // the killed worker's Postgres session (and with it the replay's advisory lock) is gone
    await waitFor(
      () =>
        sql
          .count(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )
          .then((n) => n === 0),
      'the dead worker to lose its lock',
      30_000,
    );
    // without recovery nothing would move: the rows stay running/queued and Redis holds no job
    const w2 = await stack.startWorker('worker-2');

    const done = (await waitFor(
      async () => {
        const rows = await replays();
        return rows.every((r) => r.status === 'completed') ? rows : undefined;
      },
      'both replays to complete after the restart',
      150_000,
      250,
    ))!;
    const requeued = logEntries(w2, 'replay re-enqueued: its job was lost').map((l) => l.replayId);
    expect(new Set(requeued)).toEqual(new Set([a.id, mid[1].id]));

    const results: Record<string, Array<{ week: string; asOf: string }>> = {};
    for (const r of done) {
      const body = (await http.get(`/api/v1/watch/replays/${r.id}`).set(auth(ADMIN_KEY)).expect(200)).body;
      expect(body.weeksDone).toBe(r.weeks_total);
      expect(body.weeks).toHaveLength(r.weeks_total);
      const weeks = body.weeks.map((w: { week: string }) => w.week);
      expect(new Set(weeks).size).toBe(r.weeks_total); // each week exactly once
      const asOfs = body.weeks.map((w: { asOf: string }) => w.asOf);
      expect(asOfs).toEqual([...asOfs].sort()); // in order
      results[r.id] = body.weeks;
    }

    // the restarted replay gives the same weeks as an undisturbed one over the same range
    const clean = await http.post('/api/v1/watch/replay').set(auth(ADMIN_KEY)).send({ from: FROM, to: TO });
    expect([200, 202]).toContain(clean.status);
    const cleanDone = await waitFor(
      async () => {
        const r = await http.get(`/api/v1/watch/replays/${clean.body.id}`).set(auth(ADMIN_KEY));
        return r.body.status === 'completed' ? r.body : undefined;
      },
      'reference replay',
      90_000,
      250,
    );
    expect(results[a.id]).toEqual(cleanDone.weeks);

    // a dry run: flags and evaluations exactly as before
    expect(await sql.many(`SELECT id, status, raised_on::text, resolved_on::text FROM flags ORDER BY id`)).toEqual(flagsBefore);
    expect(await sql.count(`SELECT count(*)::int AS n FROM flag_evaluations`)).toBe(evalsBefore);
    expect(await duplicateCounts(sql.asDb())).toEqual(NO_DUPLICATES);

    // a later recovery pass finds nothing to do
    expect(await sql.count(`SELECT count(*)::int AS n FROM watch_replays WHERE status <> 'completed'`)).toBe(0);
    console.log(
      JSON.stringify({
        suite: 'replay-redis-flush',
        weeksAtKill: aAtKill.weeks_done,
        weeksTotal: aAtKill.weeks_total,
        queuedReplayWeeks: bAtKill.weeks_total,
        requeued: requeued.length,
      }),
    );
  });
});
