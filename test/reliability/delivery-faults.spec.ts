import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { freePort, waitFor } from '../utils/processes';
import { ADMIN_KEY, auth, RECEIVER_HOST } from '../utils/test-app';
import { duplicateCounts, FaultySmtp, NO_DUPLICATES, seedSteadyBusinesses } from './scenario';
import { ChildStack, logEntries } from './stack';

/**
 * Delivery faults with the service as real child processes (API + worker): the SMTP server is down
 * (connection refused) for the first attempts of a digest send and comes back on the same port;
 * the webhook receiver answers 500 twice per event, then hangs past the delivery timeout once, then
 * answers 200. Retries back off (timestamps increase, gaps grow) and in the end each mail and each
 * event is accepted exactly once — counted at the receivers (Message-ID, X-Siap-Event-Id) and in
 * the delivery rows.
 */
jest.setTimeout(180_000);

const BUSINESSES = 3;
const SUBSCRIBERS = 4;
const HOOK_BASE_MS = 2000;
const HOOK_TIMEOUT_MS = 2500;
const DIGEST_BASE_MS = 2000;

type Outcome = 500 | 'hung' | 200;
interface Hit {
  eventId: string;
  deliveryId: string;
  attempt: number;
  at: number;
  outcome: Outcome;
}

/** 500, 500, hang (past the sender's timeout, then the socket is dropped), then 200 — per event id. */
async function startFlakyReceiver(): Promise<{ url: string; hits: Hit[]; close: () => Promise<void> }> {
  const hits: Hit[] = [];
  const perEvent = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const eventId = String(req.headers['x-siap-event-id'] ?? '');
      const n = (perEvent.get(eventId) ?? 0) + 1;
      perEvent.set(eventId, n);
      const hit: Hit = {
        eventId,
        deliveryId: String(req.headers['x-siap-delivery-id']),
        attempt: Number(req.headers['x-siap-attempt']),
        at: Date.now(),
        outcome: n <= 2 ? 500 : n === 3 ? 'hung' : 200,
      };
      hits.push(hit);
      if (hit.outcome === 'hung') {
        // never answer: the sender gives up after WEBHOOK_TIMEOUT_MS; drop the socket well after that
        setTimeout(() => res.destroy(), HOOK_TIMEOUT_MS + 1500).unref();
        return;
      }
      res.statusCode = hit.outcome;
      res.end(hit.outcome === 200 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((r) => server.listen(0, RECEIVER_HOST, r));
  return {
    url: `http://${RECEIVER_HOST}:${(server.address() as AddressInfo).port}/hook`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Consecutive differences of a sorted list of timestamps. */
const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]);

describe('reliability: SMTP down + webhook receiver 500 then timeout (API and worker as child processes)', () => {
  let stack: ChildStack;
  let smtp: FaultySmtp;
  let smtpPort: number;
  let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;

  beforeAll(async () => {
    smtpPort = await freePort(); // nothing listens yet: the SMTP server is "down" (connection refused)
    smtp = new FaultySmtp();
    receiver = await startFlakyReceiver();
    stack = await ChildStack.start({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        WEBHOOK_RETRY_BASE_MS: String(HOOK_BASE_MS),
        WEBHOOK_TIMEOUT_MS: String(HOOK_TIMEOUT_MS),
        DIGEST_RETRY_BASE_MS: String(DIGEST_BASE_MS),
      },
    });
  });

  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    await smtp?.stop().catch(() => undefined);
  });

  it('retries with growing backoff and ends with exactly one accepted delivery per mail and per event', async () => {
    const { http, sql } = stack;
    await seedSteadyBusinesses(stack.app, BUSINESSES);
    const hook = await http
      .post('/api/v1/webhooks')
      .set(auth(ADMIN_KEY))
      .send({ url: receiver.url, events: ['flag.raised', 'report.published'] })
      .expect(201);
    const emails: string[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const email = `petugas${i}-${randomUUID().slice(0, 6)}@dinas.example`;
      emails.push(email);
      await http
        .post('/api/v1/digests/subscriptions')
        .set(auth(ADMIN_KEY))
        .send({ email, locale: i % 2 ? 'en' : 'id' })
        .expect(201);
    }

    // the weekly run raises readiness + compliance per business and publishes 2026-W47
    const run = await http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    await waitFor(
      async () => (await http.get(`/api/v1/watch/runs/${run.body.id}`).set(auth(ADMIN_KEY))).body.status === 'completed',
      'weekly run',
      90_000,
      250,
    );
    await waitFor(() => sql.count(`SELECT count(*)::int AS n FROM weekly_reports WHERE week = '2026-W47'`), 'W47 published', 60_000, 250);
    await http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);

    // SMTP stays down until every digest has failed three times
    await waitFor(
      async () => {
        const rows = await sql.many<{ attempts: number; status: string }>(
          `SELECT attempts, status FROM digest_deliveries WHERE week = '2026-W47' AND kind = 'digest'`,
        );
        return rows.length === SUBSCRIBERS && rows.every((r) => r.attempts >= 3 && r.status === 'pending');
      },
      'three failed SMTP attempts per digest',
      90_000,
      100,
    );
    expect(smtp.messages).toHaveLength(0);
    await smtp.start(smtpPort); // SMTP back, same port

    const events = await sql.many<{ id: string; type: string }>(
      `SELECT id, type FROM domain_events WHERE type IN ('flag.raised', 'report.published') ORDER BY created_at`,
    );
    expect(events.filter((e) => e.type === 'flag.raised')).toHaveLength(2 * BUSINESSES);
    expect(events.filter((e) => e.type === 'report.published')).toHaveLength(1);

    await waitFor(
      () => sql.count(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'succeeded'`).then((n) => n === events.length),
      'every webhook delivery to succeed',
      120_000,
      250,
    );
    await waitFor(
      () => sql.count(`SELECT count(*)::int AS n FROM digest_deliveries WHERE week = '2026-W47' AND status = 'sent'`).then((n) => n === SUBSCRIBERS),
      'every digest to be sent',
      120_000,
      250,
    );
    // nothing further is in flight: the outbox is relayed and no delivery is pending
    await waitFor(() => sql.count(`SELECT count(*)::int AS n FROM job_outbox WHERE dispatched_at IS NULL`).then((n) => n === 0), 'outbox drained', 30_000);

    // ---- webhooks: at the receiver ----
    for (const ev of events) {
      const mine = receiver.hits.filter((h) => h.eventId === ev.id);
      expect([ev.type, mine.map((h) => h.outcome)]).toEqual([ev.type, [500, 500, 'hung', 200]]);
      expect(mine.map((h) => h.attempt)).toEqual([1, 2, 3, 4]);
      expect(new Set(mine.map((h) => h.deliveryId)).size).toBe(1);
    }
    const accepted = receiver.hits.filter((h) => h.outcome === 200);
    expect(accepted).toHaveLength(events.length);
    expect(new Set(accepted.map((h) => h.eventId)).size).toBe(events.length);
    expect(receiver.hits).toHaveLength(4 * events.length);

    // ---- webhooks: in the delivery rows and the attempt log ----
    const deliveries = await sql.many<{ id: string; event_id: string; status: string; attempts: number }>(
      `SELECT id, event_id, status, attempts FROM webhook_deliveries WHERE endpoint_id = $1`,
      [hook.body.id],
    );
    expect(deliveries).toHaveLength(events.length);
    expect(new Set(deliveries.map((d) => d.event_id))).toEqual(new Set(events.map((e) => e.id)));
    const hookGaps: number[][] = [];
    for (const d of deliveries) {
      expect(d).toMatchObject({ status: 'succeeded', attempts: 4 });
      const log = await sql.many<{ attempt: number; at: Date; ok: boolean; status_code: number | null; error: string | null }>(
        `SELECT attempt, at, ok, status_code, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt`,
        [d.id],
      );
      expect(log.map((a) => [a.attempt, a.ok, a.status_code])).toEqual([
        [1, false, 500],
        [2, false, 500],
        [3, false, null],
        [4, true, 200],
      ]);
      expect(log[2].error).toMatch(/timeout/);
      const g = gaps(log.map((a) => a.at.getTime()));
      hookGaps.push(g);
      // each wait is at least the scheduled backoff (2 s, 4 s, 8 s) and longer than the one before
      g.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual(HOOK_BASE_MS * 2 ** i));
      expect(g[1]).toBeGreaterThan(g[0]);
      expect(g[2]).toBeGreaterThan(g[1]);
    }

    // ---- digests: at the SMTP server and in the delivery rows ----
    expect(smtp.messages).toHaveLength(SUBSCRIBERS);
    const per = smtp.perRecipient();
    for (const e of emails) expect([e, per.get(e)]).toEqual([e, 1]);
    const rows = await sql.many<{ id: string; email: string; attempts: number; message_id: string }>(
      `SELECT id, email, attempts, message_id FROM digest_deliveries WHERE week = '2026-W47' AND kind = 'digest'`,
    );
    expect(rows).toHaveLength(SUBSCRIBERS);
    const strip = (id: string | undefined) => (id ?? '').replace(/^<|>$/g, '').replace(/@.*$/, '');
    expect(new Set(smtp.messages.map((m) => strip(m.messageId)))).toEqual(new Set(rows.map((r) => strip(r.message_id))));
    const mailGaps: number[][] = [];
    const workerLogs = stack.workers.flatMap((w) => [...logEntries(w, 'digest send failed'), ...logEntries(w, 'digest sent')]);
    for (const r of rows) {
      expect(r.attempts).toBeGreaterThanOrEqual(4);
      const tries = workerLogs.filter((l) => l.deliveryId === r.id).sort((a, b) => Number(a.attempt) - Number(b.attempt));
      expect(tries.map((l) => l.msg)).toEqual([...Array(r.attempts - 1).fill('digest send failed'), 'digest sent']);
      expect(tries.map((l) => l.attempt)).toEqual(Array.from({ length: r.attempts }, (_, i) => i + 1));
      const g = gaps(tries.map((l) => l.timestamp!));
      mailGaps.push(g);
      g.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual(DIGEST_BASE_MS * 2 ** i - 50)); // log stamps are taken after the SMTP error
      for (let i = 1; i < g.length; i++) expect(g[i]).toBeGreaterThan(g[i - 1]);
    }

    // asking again sends nothing: still one message per subscriber, one 2xx per event
    await http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages).toHaveLength(SUBSCRIBERS);
    expect(receiver.hits.filter((h) => h.outcome === 200)).toHaveLength(events.length);
    expect(await duplicateCounts(sql.asDb())).toEqual(NO_DUPLICATES);

    // for docs/reliability.md
    console.log(
      JSON.stringify({
        suite: 'delivery-faults',
        events: events.length,
        webhookGapsMs: hookGaps,
        digestAttempts: rows.map((r) => r.attempts),
        digestGapsMs: mailGaps,
      }),
    );
  });
});
