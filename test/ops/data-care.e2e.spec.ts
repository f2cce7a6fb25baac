import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { PrivacyService } from '../../src/privacy/privacy.service';
import { createBusinessWithKey, orderBody } from '../factories';
import { dbUrl, dropDatabase, PG_ADMIN_URL } from '../utils/test-db';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

async function fingerprint(url: string): Promise<Record<string, string>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ t: string }>(`SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
    const out: Record<string, string> = {};
    for (const { t } of tables.rows) {
      // row count + an order-independent checksum of every row's text
      const r = await c.query<{ n: string; h: string }>(
        `SELECT count(*) AS n, coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '-') AS h FROM ${t} x`,
      );
      out[t] = `${r.rows[0].n}:${r.rows[0].h}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

describe('data care: export, delete, retention, backup and restore', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api', now: '2026-11-25T03:00:00Z', env: { RETENTION_VOIDED_ORDERS_DAYS: '30', RETENTION_DELIVERY_LOG_DAYS: '30' } });
  });
  afterAll(() => t.close());

  it("exports a business's data as JSON and deletes it on request (admin only, audit-logged)", async () => {
    const a = await createBusinessWithKey(t.http, { name: 'Ulla Leather', email: 'ulla@example.com' });
    const b = await createBusinessWithKey(t.http, { name: 'Arma Craft' });
    const o = await t.http
      .post('/api/v1/orders')
      .set(auth(a.key))
      .send(orderBody({ buyerRef: '@kedai.kulit.kl' }))
      .expect(201);
    await t.http.post('/api/v1/orders').set(auth(b.key)).send(orderBody()).expect(201);
    await t.db.exec(`INSERT INTO domain_events (type, data) VALUES ('flag.raised', $1)`, [JSON.stringify({ businessId: a.id, market: 'MY' })]);
    await t.db.exec(
      `INSERT INTO digest_deliveries (kind, recipient_key, period, business_id, email, locale, week, scheduled_for, created_at) VALUES ('business_notice', 'k', '2026-W47', $1, 'ulla@example.com', 'id', '2026-W47', now(), now())`,
      [a.id],
    );

    await t.http.get(`/api/v1/businesses/${a.id}/export`).set(auth(a.key)).expect(403);
    await t.http.get(`/api/v1/businesses/not-a-uuid/export`).set(auth(ADMIN_KEY)).expect(400);
    const ex = await t.http.get(`/api/v1/businesses/${a.id}/export`).set(auth(ADMIN_KEY)).expect(200);
    expect(ex.body.business).toMatchObject({ id: a.id, name: 'Ulla Leather', email: 'ulla@example.com' });
    expect(ex.body.orders).toHaveLength(1);
    expect(ex.body.orders[0]).toMatchObject({ id: o.body.id, buyer_ref: '@kedai.kulit.kl' });
    expect(ex.body.apiKeys).toHaveLength(1);
    expect(ex.body.apiKeys[0].key_hash).toBeUndefined();
    expect(ex.body.notices).toHaveLength(1);

    await t.http.delete(`/api/v1/businesses/${a.id}/data`).set(auth(a.key)).expect(403);
    const del = await t.http.delete(`/api/v1/businesses/${a.id}/data`).set(auth(ADMIN_KEY)).expect(200);
    expect(del.body.deleted).toMatchObject({ orders: 1, notices: 1, events: 1 });
    await t.http.get(`/api/v1/businesses/${a.id}`).set(auth(ADMIN_KEY)).expect(404);
    await t.http.get(`/api/v1/orders/${o.body.id}`).set(auth(ADMIN_KEY)).expect(404);
    await t.http.get('/api/v1/orders').set(auth(a.key)).expect(401); // its keys are gone
    const left = await t.db.one<{ orders: number; events: number; notices: number; other: number }>(
      `SELECT (SELECT count(*) FROM orders WHERE business_id = $1)::int AS orders,
              (SELECT count(*) FROM domain_events WHERE data::text LIKE '%' || $1 || '%')::int AS events,
              (SELECT count(*) FROM digest_deliveries WHERE email = 'ulla@example.com')::int AS notices,
              (SELECT count(*) FROM orders WHERE business_id = $2)::int AS other`,
      [a.id, b.id],
    );
    expect(left).toEqual({ orders: 0, events: 0, notices: 0, other: 1 });
    const audit = await t.db.many<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'business.data_%' ORDER BY id`, [
      a.id,
    ]);
    expect(audit.map((r) => r.action)).toEqual(['business.data_exported', 'business.data_deleted']);
    await t.http.delete(`/api/v1/businesses/${a.id}/data`).set(auth(ADMIN_KEY)).expect(404);
  });

  it('retention deletes voided orders and delivery logs past the setting, nothing newer', async () => {
    const b = await createBusinessWithKey(t.http);
    const old = await t.http
      .post('/api/v1/orders')
      .set(auth(b.key))
      .send(orderBody({ externalRef: 'old' }))
      .expect(201);
    const recent = await t.http
      .post('/api/v1/orders')
      .set(auth(b.key))
      .send(orderBody({ externalRef: 'recent' }))
      .expect(201);
    const kept = await t.http
      .post('/api/v1/orders')
      .set(auth(b.key))
      .send(orderBody({ externalRef: 'kept' }))
      .expect(201);
    await t.db.exec(`UPDATE orders SET voided_at = now() - interval '40 days', void_reason = 'x' WHERE id = $1`, [old.body.id]);
    await t.db.exec(`UPDATE orders SET voided_at = now() - interval '5 days', void_reason = 'x' WHERE id = $1`, [recent.body.id]);
    await t.db.exec(`INSERT INTO digest_deliveries (kind, recipient_key, period, email, locale, week, status, created_at, scheduled_for) VALUES
      ('digest', 'a', 'p1', 'a@example.go.id', 'id', '2026-W30', 'sent', now() - interval '60 days', now()),
      ('digest', 'b', 'p2', 'b@example.go.id', 'id', '2026-W47', 'sent', now(), now())`);
    t.clock.set(new Date().toISOString());
    const out = await t.app.get(PrivacyService).applyRetention();
    expect(out).toMatchObject({ voidedOrders: 1, digestDeliveries: 1 });
    const ids = (await t.db.many<{ id: string }>('SELECT id FROM orders WHERE business_id = $1', [b.id])).map((r) => r.id).sort();
    expect(ids).toEqual([recent.body.id, kept.body.id].sort());
  });

  it('backs up with pg_dump and restores with pg_restore into a new database: same rows, same checksums', async () => {
    const b = await createBusinessWithKey(t.http, { name: 'Backup Batik' });
    for (let i = 0; i < 20; i++)
      await t.http
        .post('/api/v1/orders')
        .set(auth(b.key))
        .send(orderBody({ externalRef: `bk-${i}` }))
        .expect(201);
    const restored = `${new URL(t.dbUrl).pathname.slice(1)}_restored`;
    const file = `/tmp/${restored}.dump`;
    try {
      // the README's commands
      execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, t.dbUrl], { stdio: 'pipe' });
      execFileSync('createdb', ['--maintenance-db', PG_ADMIN_URL, restored], { stdio: 'pipe' });
      execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${dbUrl(restored)}`, file], { stdio: 'pipe' });
      const [src, dst] = [await fingerprint(t.dbUrl), await fingerprint(dbUrl(restored))];
      expect(Object.keys(src).length).toBeGreaterThan(20);
      expect(Number(src['public.orders'].split(':')[0])).toBeGreaterThanOrEqual(20);
      expect(dst).toEqual(src);
    } finally {
      await dropDatabase(restored);
      execFileSync('rm', ['-f', file]);
    }
  });
});
