import { createTestDatabase } from '../utils/test-db';
import { ADMIN_KEY, testEnv } from '../utils/test-app';
import { AppProcess, ensureBuilt, freePort, startProcess } from '../utils/processes';
import { unsubscribeToken } from '../../src/digests/unsubscribe-token';
import { signatureHeader, verifySignature } from '../../src/webhooks/webhook-signature';
import { Client } from 'pg';

/**
 * A real process (ROLE=all, LOG_LEVEL=debug) with its JSON logs captured: after keys, orders,
 * webhooks and failed logins, no key, secret, password or buyer identity appears in the logs, and
 * keys are stored only hashed. Unsubscribe links and webhook signatures cannot be forged or replayed.
 */
jest.setTimeout(180_000);

describe('security: secrets stay out of logs and storage; signed links hold', () => {
  let app: AppProcess;
  let base: string;
  let db: { url: string; drop: () => Promise<void> };
  const secrets: string[] = [ADMIN_KEY, 'test-app-secret-0123456789'];
  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await startProcess('app', {
      ...testEnv(db.url, `tsec${port}`),
      ROLE: 'all',
      PORT: String(port),
      LOG_LEVEL: 'debug',
      OUTBOX_DIR: `/tmp/siap-sec-outbox-${port}`,
    });
  });
  afterAll(async () => {
    await app?.kill('SIGKILL');
    await db?.drop();
  });

  it('keys, secrets and buyer identities never reach the logs; keys are stored only hashed', async () => {
    const officer = await call('POST', '/api/v1/api-keys', ADMIN_KEY, { role: 'officer', label: 'Sari' });
    expect(officer.status).toBe(201);
    secrets.push(officer.body.key);
    const biz = await call('POST', '/api/v1/businesses', officer.body.key, { name: 'Ulla Leather', district: 'Lasem' });
    const bkey = await call('POST', `/api/v1/businesses/${biz.body.id}/api-keys`, ADMIN_KEY, {});
    secrets.push(bkey.body.key);
    const buyer = 'buyer.secret.handle@kedai-kulit.my';
    const order = await call('POST', '/api/v1/orders', bkey.body.key, {
      orderedAt: '2026-11-20',
      destinationCountry: 'MY',
      buyerRef: buyer,
      productCategory: 'bag',
      material: 'snakeskin',
      quantity: 1,
      amount: '100',
      currency: 'MYR',
      shippingChannel: 'post',
    });
    expect(order.status).toBe(201);
    const bad = await call('POST', '/api/v1/orders', bkey.body.key, { orderedAt: 'x', destinationCountry: 'MY', buyerRef: buyer });
    expect(bad.status).toBe(400);
    const hook = await call('POST', '/api/v1/webhooks', ADMIN_KEY, { url: 'http://127.0.0.1:9/hook', events: ['flag.raised'] });
    expect(hook.status).toBe(201);
    secrets.push(hook.body.secret);
    const wrongKey = 'sk_wrong_key_that_should_not_be_logged_123';
    expect((await call('GET', '/api/v1/orders', wrongKey)).status).toBe(401);
    secrets.push(wrongKey);
    const login = await fetch(`${base}/masuk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=sari%40dinas.example&password=Sup3r-Secret-Passw0rd',
    });
    expect([401, 403, 423]).toContain(login.status); // 403: no CSRF token; the password must not be logged either way
    secrets.push('Sup3r-Secret-Passw0rd', buyer, buyer.toLowerCase());
    await new Promise((r) => setTimeout(r, 500));

    expect(app.logs.length).toBeGreaterThan(20);
    const all = app.logs.join('\n');
    const leaks = secrets.filter((s) => all.includes(s));
    expect(leaks).toEqual([]);

    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const keys = await c.query('SELECT * FROM api_keys');
      const dump = JSON.stringify(keys.rows);
      expect(keys.rowCount).toBeGreaterThanOrEqual(2);
      for (const s of [officer.body.key, bkey.body.key]) expect(dump.includes(s)).toBe(false);
      const hooks = JSON.stringify((await c.query('SELECT * FROM webhook_endpoints')).rows);
      expect(hooks.includes(hook.body.secret)).toBe(false); // sealed at rest
    } finally {
      await c.end();
    }
  });

  it('unsubscribe links cannot be forged (other id, other secret, altered token) and replaying a valid one changes nothing more', async () => {
    const a = await call('POST', '/api/v1/digests/subscriptions', ADMIN_KEY, { email: 'a@dinas.example' });
    const b = await call('POST', '/api/v1/digests/subscriptions', ADMIN_KEY, { email: 'b@dinas.example' });
    const good = unsubscribeToken('test-app-secret-0123456789', a.body.id);
    const forged = [
      unsubscribeToken('test-app-secret-0123456789', b.body.id), // b's token on a's link
      unsubscribeToken('some-other-secret-0123456789', a.body.id),
      good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A'),
      '',
    ];
    for (const t of forged) {
      const r = await fetch(`${base}/api/v1/digests/unsubscribe?s=${a.body.id}&t=${encodeURIComponent(t)}`, { method: 'POST' });
      expect([400, 404]).toContain(r.status);
    }
    expect((await call('GET', `/api/v1/digests/subscriptions/${a.body.id}`, ADMIN_KEY)).body.active).toBe(true);
    const ok = await fetch(`${base}/api/v1/digests/unsubscribe?s=${a.body.id}&t=${good}`, { method: 'POST' });
    expect(ok.status).toBeLessThan(300);
    const again = await fetch(`${base}/api/v1/digests/unsubscribe?s=${a.body.id}&t=${good}`, { method: 'POST' });
    expect(again.status).toBeLessThan(300);
    expect((await call('GET', `/api/v1/digests/subscriptions/${a.body.id}`, ADMIN_KEY)).body.active).toBe(false);
    expect((await call('GET', `/api/v1/digests/subscriptions/${b.body.id}`, ADMIN_KEY)).body.active).toBe(true);
  });

  it('webhook signatures: a changed body, another secret or a timestamp outside the 5-minute window fail verification', () => {
    const secret = 'whsec_test_secret';
    const body = JSON.stringify({ id: 'e1', type: 'flag.raised', data: { flagId: 'f' } });
    const now = 1_795_000_000;
    const h = signatureHeader([secret], now, body);
    expect(verifySignature(h, body, secret, now)).toBe(true);
    expect(verifySignature(h, body, secret, now + 299)).toBe(true);
    expect(verifySignature(h, body, secret, now + 301)).toBe(false); // replayed later
    expect(verifySignature(h, body, secret, now - 301)).toBe(false);
    expect(verifySignature(h, body.replace('f"', 'g"'), secret, now)).toBe(false);
    expect(verifySignature(h, body, 'whsec_other', now)).toBe(false);
    expect(verifySignature(h.replace(`t=${now}`, `t=${now + 600}`), body, secret, now + 600)).toBe(false); // moved timestamp
    expect(verifySignature(undefined, body, secret, now)).toBe(false);
  });
});
