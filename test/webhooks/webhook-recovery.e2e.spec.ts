import { EventsService } from '../../src/events/events.service';
import { JobsService } from '../../src/jobs/jobs.service';
import { WebhookRecoveryService } from '../../src/webhooks/webhook-recovery.service';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { waitFor } from '../utils/processes';
import { startReceiver } from './receiver';

/**
 * Redis loses the webhook jobs (the delivery queue is obliterated while they wait): the fan-out of
 * one event and the first attempt of another event's delivery. The recovery pass re-creates exactly
 * those jobs from Postgres state, and the receiver gets each event once.
 */
describe('webhook jobs lost from Redis are recovered from Postgres', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { WEBHOOK_RECOVERY_MS: '3600000' } });
  });
  afterAll(() => t?.close());

  it('re-creates the lost fan-out and delivery jobs once; each event reaches the receiver once', async () => {
    const rx = await startReceiver(() => 200);
    try {
      await t.http
        .post('/api/v1/webhooks')
        .set(auth(ADMIN_KEY))
        .send({ url: rx.url, events: ['flag.raised'] })
        .expect(201);
      const jobs = t.app.get(JobsService);
      const recovery = t.app.get(WebhookRecoveryService);
      const queue = jobs.queue('delivery');
      await queue.pause();
      const events = t.app.get(EventsService);
      const a = await t.db.tx((c) => events.record(c, 'flag.raised', { flagId: 'flag-a' }));
      const b = await t.db.tx((c) => events.record(c, 'flag.raised', { flagId: 'flag-b' }));
      expect(await t.app.get(WebhooksService).fanOut(a)).toBe(1); // A's delivery row exists, its attempt job waits
      await jobs.kick();
      const outboxEmpty = async () => (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM job_outbox WHERE dispatched_at IS NULL'))!.n === 0;
      await waitFor(async () => (await outboxEmpty()) || undefined, 'the outbox to be relayed');
      expect(await recovery.recover(0)).toEqual({ fanOuts: 0, deliveries: 0 }); // the jobs are still in Redis: nothing to do

      await queue.obliterate({ force: true }); // Redis loses them
      await queue.resume();
      expect(await recovery.recover(0)).toEqual({ fanOuts: 1, deliveries: 1 }); // B's fan-out, A's first attempt
      const again = await recovery.recover(0);
      expect(again).toEqual({ fanOuts: 0, deliveries: 0 }); // the new jobs are live: no second copy

      await waitFor(() => (rx.received.length >= 2 ? true : undefined), 'both events at the receiver', 30_000);
      await waitFor(
        async () => (await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'succeeded'`))!.n === 2 || undefined,
        'deliveries succeeded',
      );
      await new Promise((r) => setTimeout(r, 1000)); // a duplicate would arrive now
      const ids = rx.received.map((h) => h.headers['x-siap-event-id']).sort();
      expect(ids).toEqual([a, b].sort());
      expect(await recovery.recover(0)).toEqual({ fanOuts: 0, deliveries: 0 });
    } finally {
      await rx.close();
    }
  });

  it('a weekly-run chunk fans its events out in one job; a lost batch is re-created once and each event arrives once', async () => {
    const rx = await startReceiver(() => 200);
    try {
      await t.db.exec(`UPDATE webhook_endpoints SET deleted_at = now()`); // only this test's endpoint
      await t.http
        .post('/api/v1/webhooks')
        .set(auth(ADMIN_KEY))
        .send({ url: rx.url, events: ['flag.raised', 'flag.resolved'] })
        .expect(201);
      const jobs = t.app.get(JobsService);
      const recovery = t.app.get(WebhookRecoveryService);
      const queue = jobs.queue('delivery');
      await queue.pause();
      const batch = await t.db.tx((c) =>
        t.app.get(EventsService).recordMany(c, [
          { type: 'flag.raised', data: { flagId: 'batch-1' } },
          { type: 'flag.raised', data: { flagId: 'batch-2' } },
          { type: 'flag.resolved', data: { flagId: 'batch-3' } },
          { type: 'flag.status_changed', data: { flagId: 'batch-4' } }, // not subscribed: fanned out to no one
        ]),
      );
      const queued = await t.db.many<{ payload: { eventIds: string[] } }>(
        `SELECT payload FROM job_outbox WHERE name = 'webhooks.fan-out' AND payload ? 'eventIds'`,
      );
      expect(queued).toEqual([{ payload: { eventIds: batch } }]); // one job for the chunk, not one per event
      await jobs.kick();
      await queue.obliterate({ force: true }); // the batch job is lost before it ran
      await queue.resume();
      expect(await recovery.recover(0)).toEqual({ fanOuts: 4, deliveries: 0 }); // one recovery job for the 4 events
      expect(await recovery.recover(0)).toEqual({ fanOuts: 0, deliveries: 0 }); // and it is live: no second copy
      await waitFor(() => (rx.received.length >= 3 ? true : undefined), 'the three subscribed events at the receiver', 30_000);
      await new Promise((r) => setTimeout(r, 1000)); // a duplicate would arrive now
      expect(rx.received.map((h) => h.headers['x-siap-event-id']).sort()).toEqual(batch.slice(0, 3).sort());
      const pending = await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM domain_events WHERE id = ANY($1::uuid[]) AND fanned_out_at IS NULL`, [
        batch,
      ]);
      expect(pending!.n).toBe(0);
      expect(await t.app.get(WebhooksService).fanOutMany(batch)).toBe(0); // a replayed batch creates nothing new
    } finally {
      await rx.close();
    }
  });
});
