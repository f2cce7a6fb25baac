import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventsService, EventType } from '../../src/events/events.service';
import { WebhookDeliveryPolicy } from '../../src/webhooks/webhook-policy';
import { verifySignature } from '../../src/webhooks/webhook-signature';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { startReceiver } from './receiver';

describe('webhooks (real HTTP receiver, real Postgres)', () => {
  let t: TestApp;
  let svc: WebhooksService;
  let policy: WebhookDeliveryPolicy;
  let events: EventsService;
  const outbox = mkdtempSync(join(tmpdir(), 'siap-wh-'));

  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_DIR: outbox } });
    svc = t.app.get(WebhooksService);
    policy = t.app.get(WebhookDeliveryPolicy);
    events = t.app.get(EventsService);
  });
  afterAll(() => t.close());

  const recordEvent = (type: EventType = 'flag.raised', data: Record<string, unknown> = { flagId: 'f-1' }) => t.db.tx((c) => events.record(c, type, data));
  const nowSec = () => Math.floor(t.clock.now().getTime() / 1000);

  it('creates endpoints for admins only and names invalid fields', async () => {
    const officer = await t.http.post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ role: 'officer' }).expect(201);
    await t.http
      .post('/api/v1/webhooks')
      .set(auth(officer.body.key))
      .send({ url: 'http://127.0.0.1:1/x', events: ['flag.raised'] })
      .expect(403);
    const biz = await createBusinessWithKey(t.http);
    await t.http.get('/api/v1/webhooks').set(auth(biz.key)).expect(403);
    const bad = await t.http
      .post('/api/v1/webhooks')
      .set(auth(ADMIN_KEY))
      .send({ url: 'ftp://x', events: ['flag.exploded'], foo: 1 })
      .expect(400);
    const fields = (bad.body.message as string[]).map((m) => m.split(':')[0]);
    expect(new Set(fields)).toEqual(new Set(['url', 'events', 'foo']));
    const created = await t.http
      .post('/api/v1/webhooks')
      .set(auth(ADMIN_KEY))
      .send({ url: 'http://127.0.0.1:9/x', events: ['flag.raised'] })
      .expect(201);
    expect(created.body).toMatchObject({ url: 'http://127.0.0.1:9/x', events: ['flag.raised'], status: 'active' });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await t.db.one<{ secret_enc: string }>('SELECT secret_enc FROM webhook_endpoints WHERE id = $1', [created.body.id]);
    expect(row!.secret_enc).not.toContain(created.body.secret);
    const list = await t.http.get('/api/v1/webhooks').set(auth(ADMIN_KEY)).expect(200);
    expect(list.body.items.find((x: { id: string }) => x.id === created.body.id).secret).toBeUndefined();
    await t.http.delete(`/api/v1/webhooks/${created.body.id}`).set(auth(ADMIN_KEY)).expect(204);
    await t.http.get(`/api/v1/webhooks/${created.body.id}`).set(auth(ADMIN_KEY)).expect(404);
  });

  it('signs each delivery, retries a failing receiver with backoff and keeps the event id; the receiver sees it once after de-dup', async () => {
    const rx = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      const ep = await t.http
        .post('/api/v1/webhooks')
        .set(auth(ADMIN_KEY))
        .send({ url: rx.url, events: ['flag.raised'] })
        .expect(201);
      const eventId = await recordEvent('flag.raised', { flagId: 'abc', businessName: 'Ulla Leather' });
      expect(await svc.fanOut(eventId)).toBe(1);
      expect(await svc.fanOut(eventId)).toBe(0); // a retried fan-out job creates nothing new
      const [{ id: deliveryId }] = await t.db.many<{ id: string }>('SELECT id FROM webhook_deliveries WHERE event_id = $1', [eventId]);

      expect(await svc.deliver(deliveryId)).toBe('retry');
      const next = await t.db.one<{ delay_ms: number }>(`SELECT delay_ms FROM job_outbox WHERE job_id = $1`, [`webhooks.deliver:${deliveryId}:1:2`]);
      expect(next!.delay_ms).toBe(policy.baseDelayMs);
      expect(await svc.deliver(deliveryId)).toBe('retry');
      const third = await t.db.one<{ delay_ms: number }>(`SELECT delay_ms FROM job_outbox WHERE job_id = $1`, [`webhooks.deliver:${deliveryId}:1:3`]);
      expect(third!.delay_ms).toBe(policy.baseDelayMs * 2);
      expect(await svc.deliver(deliveryId)).toBe('succeeded');
      expect(await svc.deliver(deliveryId)).toBe('skipped'); // a duplicate job posts nothing

      expect(rx.received).toHaveLength(3);
      const seen = new Set<string>();
      let processed = 0;
      for (const hook of rx.received) {
        expect(verifySignature(hook.headers['x-siap-signature'] as string, hook.raw, ep.body.secret, nowSec())).toBe(true);
        expect(verifySignature(hook.headers['x-siap-signature'] as string, hook.raw, 'whsec_wrong', nowSec())).toBe(false);
        expect(verifySignature(hook.headers['x-siap-signature'] as string, hook.raw + ' ', ep.body.secret, nowSec())).toBe(false);
        const body = JSON.parse(hook.raw);
        expect(hook.headers['x-siap-event-id']).toBe(eventId);
        expect(body).toMatchObject({ id: eventId, type: 'flag.raised', data: { flagId: 'abc', businessName: 'Ulla Leather' } });
        expect(typeof body.createdAt).toBe('string');
        if (!seen.has(body.id)) processed++;
        seen.add(body.id);
      }
      expect(processed).toBe(1);

      const log = await t.http.get(`/api/v1/webhooks/${ep.body.id}/deliveries`).set(auth(ADMIN_KEY)).expect(200);
      expect(log.body.items).toHaveLength(1);
      expect(log.body.items[0]).toMatchObject({ id: deliveryId, eventId, status: 'succeeded', attempts: 3, lastStatusCode: 200 });
      expect(log.body.items[0].log.map((a: { statusCode: number; attempt: number; ok: boolean }) => [a.attempt, a.statusCode, a.ok])).toEqual([
        [1, 500, false],
        [2, 500, false],
        [3, 200, true],
      ]);
      expect(typeof log.body.items[0].log[0].latencyMs).toBe('number');
      const endpoint = await t.http.get(`/api/v1/webhooks/${ep.body.id}`).set(auth(ADMIN_KEY)).expect(200);
      expect(endpoint.body.consecutiveFailures).toBe(0);

      // manual redeliver: a new round, the same event id
      const re = await t.http.post(`/api/v1/webhooks/${ep.body.id}/deliveries/${deliveryId}/redeliver`).set(auth(ADMIN_KEY)).expect(202);
      expect(re.body).toMatchObject({ status: 'pending', round: 2, attempts: 0 });
      expect(await svc.deliver(deliveryId)).toBe('succeeded');
      expect(rx.received).toHaveLength(4);
      expect(rx.received[3].headers['x-siap-event-id']).toBe(eventId);
      await t.http.post(`/api/v1/webhooks/${ep.body.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`).set(auth(ADMIN_KEY)).expect(404);
      await t.http.delete(`/api/v1/webhooks/${ep.body.id}`).set(auth(ADMIN_KEY)).expect(204);
    } finally {
      await rx.close();
    }
  });

  it('signs with both secrets during a rotation overlap, then only with the new one', async () => {
    const rx = await startReceiver();
    try {
      const ep = await t.http
        .post('/api/v1/webhooks')
        .set(auth(ADMIN_KEY))
        .send({ url: rx.url, events: ['report.published'] })
        .expect(201);
      const rot = await t.http.post(`/api/v1/webhooks/${ep.body.id}/rotate-secret`).set(auth(ADMIN_KEY)).send({ overlapMinutes: 60 }).expect(200);
      expect(rot.body.secret).not.toBe(ep.body.secret);
      const e1 = await recordEvent('report.published', { week: '2026-W47' });
      await svc.fanOut(e1);
      const [d1] = await t.db.many<{ id: string }>('SELECT id FROM webhook_deliveries WHERE event_id = $1', [e1]);
      expect(await svc.deliver(d1.id)).toBe('succeeded');
      const h1 = rx.received[0];
      expect((h1.headers['x-siap-signature'] as string).match(/v1=/g)).toHaveLength(2);
      expect(verifySignature(h1.headers['x-siap-signature'] as string, h1.raw, ep.body.secret, nowSec())).toBe(true);
      expect(verifySignature(h1.headers['x-siap-signature'] as string, h1.raw, rot.body.secret, nowSec())).toBe(true);

      t.clock.advance(61 * 60_000);
      const e2 = await recordEvent('report.published', { week: '2026-W48' });
      await svc.fanOut(e2);
      const [d2] = await t.db.many<{ id: string }>('SELECT id FROM webhook_deliveries WHERE event_id = $1', [e2]);
      expect(await svc.deliver(d2.id)).toBe('succeeded');
      const h2 = rx.received[1];
      expect((h2.headers['x-siap-signature'] as string).match(/v1=/g)).toHaveLength(1);
      expect(verifySignature(h2.headers['x-siap-signature'] as string, h2.raw, ep.body.secret, nowSec())).toBe(false);
      expect(verifySignature(h2.headers['x-siap-signature'] as string, h2.raw, rot.body.secret, nowSec())).toBe(true);
      await t.http.delete(`/api/v1/webhooks/${ep.body.id}`).set(auth(ADMIN_KEY)).expect(204);
    } finally {
      await rx.close();
    }
  });

  it('disables an endpoint whose delivery keeps failing, with a notice, and resumes after enable', async () => {
    const rx = await startReceiver((n) => (n <= 3 ? 503 : 200));
    const saved = policy.maxAttempts;
    policy.maxAttempts = 3;
    try {
      const ep = await t.http
        .post('/api/v1/webhooks')
        .set(auth(ADMIN_KEY))
        .send({ url: rx.url, events: ['flag.resolved'], contactEmail: 'bi-team@example.go.id' })
        .expect(201);
      const ev = await recordEvent('flag.resolved', { flagId: 'zzz' });
      await svc.fanOut(ev);
      const [d] = await t.db.many<{ id: string }>('SELECT id FROM webhook_deliveries WHERE event_id = $1', [ev]);
      expect(await svc.deliver(d.id)).toBe('retry');
      expect(await svc.deliver(d.id)).toBe('retry');
      expect(await svc.deliver(d.id)).toBe('failed');
      const got = await t.http.get(`/api/v1/webhooks/${ep.body.id}`).set(auth(ADMIN_KEY)).expect(200);
      expect(got.body).toMatchObject({ status: 'disabled', consecutiveFailures: 3 });
      expect(got.body.disabledReason).toMatch(/failed 3 times/);
      const notice = readdirSync(outbox).filter((f) => f.startsWith(`webhook-disabled-${ep.body.id}`));
      expect(notice).toHaveLength(1);
      expect(readFileSync(join(outbox, notice[0]), 'utf8')).toContain('bi-team@example.go.id');
      const audit = await t.db.one<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'webhook.auto_disabled' AND entity_id = $1`, [
        ep.body.id,
      ]);
      expect(audit!.n).toBe('1');

      // a disabled endpoint gets no new deliveries and cannot be redelivered to
      const ev2 = await recordEvent('flag.resolved', { flagId: 'yyy' });
      expect(await svc.fanOut(ev2)).toBe(0);
      await t.http.post(`/api/v1/webhooks/${ep.body.id}/deliveries/${d.id}/redeliver`).set(auth(ADMIN_KEY)).expect(409);
      await t.http.post(`/api/v1/webhooks/${ep.body.id}/enable`).set(auth(ADMIN_KEY)).expect(200);
      await t.http.post(`/api/v1/webhooks/${ep.body.id}/deliveries/${d.id}/redeliver`).set(auth(ADMIN_KEY)).expect(202);
      expect(await svc.deliver(d.id)).toBe('succeeded');
      expect(rx.received.map((h) => h.headers['x-siap-event-id'])).toEqual([ev, ev, ev, ev]);
    } finally {
      policy.maxAttempts = saved;
      await rx.close();
    }
  });

  it('retries at least 24 hours with the default policy', () => {
    const p = new WebhookDeliveryPolicy();
    expect(p.totalSpanMs()).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(p.delayAfter(1)).toBe(p.baseDelayMs);
    expect(p.delayAfter(2)).toBe(p.baseDelayMs * 2);
    expect(p.delayAfter(30)).toBe(p.maxDelayMs);
  });
});

describe('webhooks through the real worker and BullMQ', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    const policy = t.app.get(WebhookDeliveryPolicy);
    policy.baseDelayMs = 50;
  });
  afterAll(() => t.close());

  it('an event recorded in a transaction reaches a flaky receiver exactly once after de-dup', async () => {
    const rx = await startReceiver((n) => (n === 1 ? 500 : 200));
    try {
      const ep = await t.http
        .post('/api/v1/webhooks')
        .set(auth(ADMIN_KEY))
        .send({ url: rx.url, events: ['flag.status_changed'] })
        .expect(201);
      const events = t.app.get(EventsService);
      const eventId = await t.db.tx((c) => events.record(c, 'flag.status_changed', { flagId: 'q', from: 'open', to: 'in_review' }));
      const deadline = Date.now() + 15_000;
      for (;;) {
        const row = await t.db.one<{ status: string }>('SELECT status FROM webhook_deliveries WHERE event_id = $1', [eventId]);
        if (row?.status === 'succeeded') break;
        if (Date.now() > deadline) throw new Error(`not delivered: ${row?.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(rx.received.length).toBe(2);
      expect(new Set(rx.received.map((h) => h.headers['x-siap-event-id']))).toEqual(new Set([eventId]));
      for (const h of rx.received)
        expect(verifySignature(h.headers['x-siap-signature'] as string, h.raw, ep.body.secret, Math.floor(t.clock.now().getTime() / 1000))).toBe(true);
    } finally {
      await rx.close();
    }
  });
});
