import { EventsService } from '../../src/events/events.service';
import { WebhookTargetPolicy } from '../../src/webhooks/webhook-target';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { ADMIN_KEY, auth, startTestApp } from '../utils/test-app';
import { startReceiver } from '../webhooks/receiver';

/** An app whose webhook target policy allows `allowed`, plus helpers to make one delivery by hand. */
async function webhookApp(allowed: string) {
  const t = await startTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: allowed } });
  const svc = t.app.get(WebhooksService);
  const target = t.app.get(WebhookTargetPolicy);
  const register = (url: string) =>
    t.http
      .post('/api/v1/webhooks')
      .set(auth(ADMIN_KEY))
      .send({ url, events: ['flag.raised'] });
  /** Records one event, fans it out and runs the delivery attempt of `endpointId` once. */
  const deliverOnce = async (endpointId: string) => {
    const eventId = await t.db.tx((c) => t.app.get(EventsService).record(c, 'flag.raised', { flagId: 'f-ssrf' }));
    await svc.fanOut(eventId);
    const d = (await t.db.one<{ id: string }>('SELECT id FROM webhook_deliveries WHERE event_id = $1 AND endpoint_id = $2', [eventId, endpointId]))!;
    return { deliveryId: d.id, outcome: await svc.deliver(d.id) };
  };
  const deliveryLog = async (endpointId: string) => (await t.http.get(`/api/v1/webhooks/${endpointId}/deliveries`).set(auth(ADMIN_KEY)).expect(200)).body.items;
  return { t, target, register, deliverOnce, deliveryLog };
}

describe('webhook targets: no deliveries to loopback, private, link-local or unspecified addresses', () => {
  let w: Awaited<ReturnType<typeof webhookApp>>;
  beforeAll(async () => {
    w = await webhookApp(''); // nothing allowed: the production default
  });
  afterAll(() => w.t.close());

  it.each([
    ['http://127.0.0.1/hook', /loopback address \(127\.0\.0\.1\)/],
    ['http://localhost/hook', /host localhost resolves to a loopback address/],
    ['http://[::1]/hook', /loopback address \(::1\)/],
    ['http://0.0.0.0/hook', /unspecified address \(0\.0\.0\.0\)/],
    ['http://169.254.169.254/latest/meta-data/', /link-local address \(169\.254\.169\.254\)/],
    ['http://10.0.0.1/hook', /private address \(10\.0\.0\.1\)/],
    ['http://127.0.0.1:6379/', /loopback address \(127\.0\.0\.1\)/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback address/],
    ['https://192.168.1.10/hook', /private address/],
    ['http://100.64.0.1/hook', /private address/],
    ['http://[fd00::1]/hook', /private address/],
    ['http://[fe80::1]/hook', /link-local address/],
    ['http://[::]/hook', /unspecified address/],
    ['http://no-such-host.invalid/hook', /host no-such-host\.invalid does not resolve/],
  ])('refuses %s at registration with 400 naming url, and stores nothing', async (url, why) => {
    const res = await w.register(url).expect(400);
    expect(res.body.message).toHaveLength(1);
    expect(res.body.message[0]).toMatch(/^url: /);
    expect(res.body.message[0]).toMatch(why);
    expect((await w.t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM webhook_endpoints WHERE url = $1', [url]))!.n).toBe(0);
  });

  it('does not deliver to a name that resolved to a public address at registration and to 127.0.0.1 when sending (DNS rebinding)', async () => {
    const rx = await startReceiver();
    const answers = [[{ address: '93.184.216.34', family: 4 }], [{ address: '127.0.0.1', family: 4 }]];
    const asked: string[] = [];
    const realResolve = w.target.resolve;
    w.target.resolve = async (host) => {
      asked.push(host);
      return answers[Math.min(asked.length, answers.length) - 1];
    };
    try {
      const url = rx.url.replace('127.0.0.1', 'hooks.rebind.test');
      const ep = await w.register(url).expect(201);
      const { deliveryId, outcome } = await w.deliverOnce(ep.body.id);
      expect(asked).toEqual(['hooks.rebind.test', 'hooks.rebind.test']); // checked at registration, then by the delivery socket
      expect(outcome).toBe('failed');
      expect(rx.received).toHaveLength(0);
      const [d] = await w.deliveryLog(ep.body.id);
      expect(d).toMatchObject({ id: deliveryId, status: 'failed', attempts: 1, lastStatusCode: null, nextAttemptAt: null });
      expect(d.lastError).toBe(
        'refused: host hooks.rebind.test resolves to a loopback address (127.0.0.1); only public addresses or WEBHOOK_ALLOWED_HOSTS may receive webhooks',
      );
      expect(d.log).toHaveLength(1);
      // refused is permanent: no further attempt is queued, and the endpoint is disabled with the reason
      expect(
        (await w.t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM job_outbox WHERE job_id LIKE $1`, [`webhooks.deliver:${deliveryId}:1:2`]))!.n,
      ).toBe(0);
      const endpoint = (await w.t.http.get(`/api/v1/webhooks/${ep.body.id}`).set(auth(ADMIN_KEY)).expect(200)).body;
      expect(endpoint.status).toBe('disabled');
      expect(endpoint.disabledReason).toContain('refused: host hooks.rebind.test resolves to a loopback address');
    } finally {
      w.target.resolve = realResolve;
      await rx.close();
    }
  });
});

describe('webhook targets: WEBHOOK_ALLOWED_HOSTS lets named private hosts through, and only those', () => {
  let w: Awaited<ReturnType<typeof webhookApp>>;
  beforeAll(async () => {
    w = await webhookApp('localhost,bi.intranet.test,127.0.0.1');
  });
  afterAll(() => w.t.close());

  it('accepts an allowed host, and delivers to the address the policy resolved (the socket uses its lookup)', async () => {
    const rx = await startReceiver();
    const realResolve = w.target.resolve;
    // bi.intranet.test exists in no DNS: only the policy's own lookup can lead the delivery to the receiver
    w.target.resolve = async (host) => (host === 'bi.intranet.test' ? [{ address: '127.0.0.1', family: 4 }] : realResolve.call(w.target, host));
    try {
      await w.register('http://localhost:9/x').expect(201);
      await w.register('http://10.0.0.1/x').expect(400);
      const ep = await w.register(rx.url.replace('127.0.0.1', 'bi.intranet.test')).expect(201);
      expect((await w.deliverOnce(ep.body.id)).outcome).toBe('succeeded');
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0].headers.host).toBe(`bi.intranet.test:${new URL(rx.url).port}`);
    } finally {
      w.target.resolve = realResolve;
      await rx.close();
    }
  });

  it('does not follow a redirect, so a receiver cannot bounce a delivery to a private address', async () => {
    const inner = await startReceiver(() => 200, '127.0.0.2');
    const rx = await startReceiver(() => [302, `${inner.url}/steal`]);
    try {
      const ep = await w.register(rx.url).expect(201);
      const { outcome } = await w.deliverOnce(ep.body.id);
      expect(outcome).toBe('retry');
      expect(rx.received).toHaveLength(1);
      expect(inner.received).toHaveLength(0);
      const [d] = await w.deliveryLog(ep.body.id);
      expect(d).toMatchObject({ lastStatusCode: 302, lastError: 'HTTP 302 (redirects are not followed)' });
    } finally {
      await Promise.all([rx.close(), inner.close()]);
    }
  });
});
