import type { DataSource } from 'typeorm';
import { Db } from '../../src/database/db';
import { openDataSource } from '../../src/database/migrate';
import { JobOutboxRepository } from '../../src/jobs/job-outbox.repository';
import { createTestDatabase } from '../utils/test-db';

/** What other modules ask the jobs module about its outbox, against real rows (no app: no relay moves them). */
describe('JobOutboxRepository: the outbox as other modules see it', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let db: Db;
  let outbox: JobOutboxRepository;
  const row = (name: string, payload: object, jobId: string, opts: { dispatched?: boolean; createdAt?: string } = {}) =>
    db.exec(`INSERT INTO job_outbox (name, payload, job_id, created_at, dispatched_at) VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), $5)`, [
      name,
      JSON.stringify(payload),
      jobId,
      opts.createdAt ?? null,
      opts.dispatched ? new Date() : null,
    ]);

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = await openDataSource(database.url, { poolSize: 2 });
    db = new Db(ds);
    outbox = new JobOutboxRepository(db);
    await row('watch.replay', { replayId: 'r-waiting' }, 'watch.replay:r-waiting');
    await row('watch.replay', { replayId: 'r-sent' }, 'watch.replay:r-sent', { dispatched: true });
    await row('watch.replay', { replayId: 'r-sent' }, 'watch.replay:r-sent:recover:7', { dispatched: true });
    await row('digests.send-one', { deliveryId: 'r-waiting-too' }, 'digests.send-one:r-waiting-too:1');
    await row('webhooks.fan-out', { eventId: 'e1' }, 'webhooks.fan-out:e1', { createdAt: '2026-11-25T03:00:00.000123Z', dispatched: true });
    await row('webhooks.fan-out', { eventIds: ['e2', 'e3'] }, 'webhooks.fan-out:batch:e2:2', { createdAt: '2026-11-25T03:00:01Z', dispatched: true });
    await row('webhooks.fan-out', { eventIds: ['e3'] }, 'webhooks.fan-out:e3:recover:9', { createdAt: '2026-11-25T03:00:02Z' });
  });
  afterAll(async () => {
    await ds.destroy();
    await database.drop();
  });

  it('lists the payload values of the jobs of one name still waiting to be relayed', async () => {
    expect(await outbox.pendingPayloadValues('watch.replay', 'replayId')).toEqual(['r-waiting']);
    expect(await outbox.pendingPayloadValues('digests.send-one', 'deliveryId')).toEqual(['r-waiting-too']);
    expect(await outbox.pendingPayloadValues('webhooks.deliver', 'deliveryId')).toEqual([]);
  });

  it('gives the job ids written for a payload value, newest first, relayed or not', async () => {
    expect(await outbox.jobIdsFor('watch.replay', 'replayId', 'r-sent', 20)).toEqual(['watch.replay:r-sent:recover:7', 'watch.replay:r-sent']);
    expect(await outbox.jobIdsFor('watch.replay', 'replayId', 'r-sent', 1)).toEqual(['watch.replay:r-sent:recover:7']);
    expect(await outbox.jobIdsFor('digests.send-one', 'replayId', 'r-sent', 20)).toEqual([]);
  });

  it('finds the newest job naming each id, alone or in a batch, written since the given time (to the microsecond)', async () => {
    const found = await outbox.newestJobIdsNaming('webhooks.fan-out', 'eventId', 'eventIds', [
      { id: 'e1', since: '2026-11-25 03:00:00.000123+00' },
      { id: 'e2', since: '2026-11-25 03:00:00+00' },
      { id: 'e3', since: '2026-11-25 03:00:00+00' },
      { id: 'e4', since: '2026-11-25 03:00:00+00' },
    ]);
    expect(Object.fromEntries(found)).toEqual({ e1: 'webhooks.fan-out:e1', e2: 'webhooks.fan-out:batch:e2:2', e3: 'webhooks.fan-out:e3:recover:9' });
    // a row written before the event cannot be its job
    expect((await outbox.newestJobIdsNaming('webhooks.fan-out', 'eventId', 'eventIds', [{ id: 'e1', since: '2026-11-25 03:00:00.000124+00' }])).size).toBe(0);
  });

  it('counts the rows not relayed yet and the age of the oldest', async () => {
    const b = await outbox.backlog();
    expect(b?.pending).toBe(3);
    expect(b!.lag).toBeGreaterThan(0);
  });
});
