import Redis from 'ioredis';
import { WIB_OFFSET_MS } from '../../src/common/time';
import { JobSchedulesService } from '../../src/jobs/job-schedules.service';
import { JobsService } from '../../src/jobs/jobs.service';
import { FOLLOW_UPS_SCHEDULER_ID } from '../../src/casework/activities.service';
import { DIGEST_TICK_SCHEDULER_ID } from '../../src/digests/digests.service';
import { RETENTION_SCHEDULER_ID } from '../../src/privacy/privacy.service';
import { WEEKLY_SCHEDULER_ID } from '../../src/watch/watch-scheduler.service';
import { startTestApp, TestApp } from '../utils/test-app';

/** The first instant after `now` that is `hour`:`minute` WIB on a day `dayOk` accepts (0 = Sunday). */
function nextWib(now: number, hour: number, minute: number, dayOk: (weekday: number) => boolean): number {
  const wibMidnight = Math.floor((now + WIB_OFFSET_MS) / 86_400_000) * 86_400_000 - WIB_OFFSET_MS;
  for (let d = 0; d <= 8; d++) {
    const at = wibMidnight + d * 86_400_000 + (hour * 60 + minute) * 60_000;
    if (at > now && dayOk(new Date(at + WIB_OFFSET_MS).getUTCDay())) return at;
  }
  throw new Error('unreachable');
}

/**
 * `npm run demo` starts the service (worker included), then empties its queues so an earlier demo's
 * jobs cannot interfere. The schedules the worker registered at start must survive that: the
 * service left running has to run the weekly watch next Monday and the retention job every night.
 */
describe('job schedules survive a queue reset (the demo sequence)', () => {
  let t: TestApp;
  let jobs: JobsService;
  let schedules: JobSchedulesService;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { SCHEDULER_ENABLED: 'true' } });
    jobs = t.app.get(JobsService);
    schedules = t.app.get(JobSchedulesService);
  });
  afterAll(() => t.close());

  const weekly = () => jobs.queue('watch').getJobScheduler(WEEKLY_SCHEDULER_ID);
  const retention = () => jobs.queue('maintenance').getJobScheduler(RETENTION_SCHEDULER_ID);

  async function expectBothScheduled(): Promise<void> {
    const now = Date.now();
    const w = await weekly();
    expect(w).toMatchObject({ name: 'watch.scheduled-tick', pattern: '0 6 * * 1', tz: 'Asia/Jakarta' });
    expect(new Date(w!.next!).toISOString()).toBe(new Date(nextWib(now, 6, 0, (d) => d === 1)).toISOString());
    expect(new Date(w!.next! + WIB_OFFSET_MS).toISOString()).toMatch(/T06:00:00\.000Z$/); // 06:00 WIB
    expect(await jobs.queue('watch').getJobState(`repeat:${WEEKLY_SCHEDULER_ID}:${w!.next}`)).toBe('delayed');
    const r = await retention();
    expect(r).toMatchObject({ name: 'maintenance.retention', pattern: '30 2 * * *', tz: 'Asia/Jakarta' });
    expect(new Date(r!.next!).toISOString()).toBe(new Date(nextWib(now, 2, 30, () => true)).toISOString());
    expect(await jobs.queue('maintenance').getJobState(`repeat:${RETENTION_SCHEDULER_ID}:${r!.next}`)).toBe('delayed');
  }

  it('the worker registers the weekly watch (Monday 06:00 WIB) and the daily retention at start', async () => {
    await expectBothScheduled();
    expect(await schedules.ensure()).toEqual([]); // intact schedules are left alone
  });

  it("after the demo's queue reset both schedules are registered again, next run the coming Monday 06:00 WIB", async () => {
    await schedules.resetQueues();
    await expectBothScheduled();
  });

  it('queues emptied behind its back (obliterated, Redis flushed): the repair pass registers them again', async () => {
    for (const q of jobs.allQueues()) await q.obliterate({ force: true });
    expect(await weekly()).toBeUndefined();
    expect(await retention()).toBeUndefined();
    expect((await schedules.ensure()).sort()).toEqual([DIGEST_TICK_SCHEDULER_ID, FOLLOW_UPS_SCHEDULER_ID, RETENTION_SCHEDULER_ID, WEEKLY_SCHEDULER_ID].sort());
    await expectBothScheduled();
  });

  // removes the job's Redis keys by hand: only meaningful on the Redis backend
  const onRedis = (process.env.QUEUE_BACKEND ?? 'redis') === 'redis';
  (onRedis ? it : it.skip)('a schedule whose next job was lost is repaired too', async () => {
    const w = await weekly();
    const jobId = `repeat:${WEEKLY_SCHEDULER_ID}:${w!.next}`;
    const redis = new Redis(process.env.REDIS_URL!); // the job's keys lost, the scheduler's kept
    await redis.zrem(`${t.queuePrefix}:watch:delayed`, jobId);
    await redis.del(`${t.queuePrefix}:watch:${jobId}`);
    await redis.quit();
    expect(await jobs.queue('watch').getJobState(`repeat:${WEEKLY_SCHEDULER_ID}:${w!.next}`)).toBe('unknown');
    expect(await schedules.ensure()).toEqual([WEEKLY_SCHEDULER_ID]);
    await expectBothScheduled();
  });
});
