import { EventsService } from '../../src/events/events.service';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { startReceiver } from '../webhooks/receiver';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, createUser, csrfFrom, signInJar } from './web-helpers';

/** The settings forms post through the API's DTO rules: a bad field is a 400 with the error beside it, nothing stored. */
describe('settings forms (HTTP, real Postgres)', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;
  const count = async (sql: string) => Number((await t.db.one<{ n: string }>(`SELECT count(*)::text AS n FROM ${sql}`))!.n);
  const form = async (cookie: string, path = '/dinas/pengaturan') => csrfFrom((await t.http.get(path).set('Cookie', cookie).expect(200)).text);
  const post = async (cookie: string, path: string, fields: Record<string, string>, from?: string) =>
    t.http
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: await form(cookie, from), ...fields });
  /** The markup of one form on the page. */
  const formHtml = (text: string, id: string) => new RegExp(`<form[^>]*id="${id}"[\\s\\S]*?</form>`).exec(text)?.[0] ?? '';

  beforeAll(async () => {
    t = await startTestApp();
    admin = cookieHeader(await signInJar(t, (await createUser(t, 'admin')).email));
    officer = cookieHeader(await signInJar(t, (await createUser(t, 'officer')).email));
  });
  afterAll(() => t.close());

  it('refuses a subscriber email the API refuses: 400, the Indonesian error beside the field, the input kept, no row', async () => {
    const before = await count('digest_subscriptions');
    const api = await t.http.post('/api/v1/digests/subscriptions').set(auth(ADMIN_KEY)).send({ email: 'not-an-email' }).expect(400);
    expect(JSON.stringify(api.body.message)).toContain('email');
    const sub = { locale: 'id', districts: 'Lasem', cadence: 'daily' };
    const res = await post(officer, '/dinas/pengaturan/pelanggan', { ...sub, email: 'not-an-email', name: 'Dinas Lasem', sendAt: '07:00' });
    expect(res.status).toBe(400);
    const f = formHtml(res.text, 'subscriber-form');
    expect(f).toContain('<input id="s-email" name="email" value="not-an-email" type="email" required aria-invalid="true" aria-describedby="err-email">');
    expect(f).toContain('aria-describedby="err-email"><p class="field-error" id="err-email" role="alert">Alamat email tidak valid.</p>');
    expect(f).toContain('value="Dinas Lasem"');
    expect(f).toMatch(/<option value="daily" selected>Harian<\/option>/);
    expect(res.text).toContain('<details open><summary>Tambah pelanggan');
    expect(await count('digest_subscriptions')).toBe(before);

    const ok = await post(officer, '/dinas/pengaturan/pelanggan', { ...sub, email: 'sari@dinkop.rembangkab.go.id', sendAt: '06:30' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/dinas/pengaturan?ok=created');
    const row = await t.db.one('SELECT cadence, districts FROM digest_subscriptions WHERE email = $1', ['sari@dinkop.rembangkab.go.id']);
    expect(row).toEqual({ cadence: 'daily', districts: ['Lasem'] });
    const page = await t.http.get('/dinas/pengaturan').set('Cookie', officer).expect(200);
    expect(page.text).toMatch(/<td data-label="Email">sari@dinkop\.rembangkab\.go\.id<\/td><td data-label="Bahasa">Bahasa Indonesia<\/td>/);
    expect(page.text).toContain('<td data-label="Jadwal">Harian pukul 06:30</td><td data-label="Filter">Lasem</td>');
  });

  it('refuses a rate of -5 as the API does: 400 with the error beside the field, no row; an Indonesian 3.731,25 is stored', async () => {
    const before = await count('exchange_rates');
    await t.http.post('/api/v1/rates').set(auth(ADMIN_KEY)).send({ currency: 'MYR', validFrom: '2026-12-07', idrPerUnit: '-5' }).expect(400);
    const res = await post(admin, '/dinas/pengaturan/kurs', { currency: 'myr', validFrom: '2026-12-07', idrPerUnit: '-5', source: '' });
    expect(res.status).toBe(400);
    const f = formHtml(res.text, 'rate-form');
    expect(f).toMatch(/<input id="r-rate" name="idrPerUnit" value="-5"[^>]*aria-invalid="true"[^>]*>/);
    expect(f).toContain('aria-describedby="err-idrPerUnit"><p class="field-error" id="err-idrPerUnit" role="alert">Harus angka lebih dari 0');
    expect(f).toContain('value="myr"');
    expect(f).not.toContain('id="err-currency"');
    expect(await count('exchange_rates')).toBe(before);

    const bad = await post(admin, '/dinas/pengaturan/kurs', { currency: 'MYRR', validFrom: '2026-02-30', idrPerUnit: 'abc' });
    expect(bad.status).toBe(400);
    expect(formHtml(bad.text, 'rate-form')).toContain('Harus kode mata uang 3 huruf');
    expect(formHtml(bad.text, 'rate-form')).toContain('Tanggal tidak valid');
    expect(await count('exchange_rates')).toBe(before);

    const ok = await post(admin, '/dinas/pengaturan/kurs', { currency: 'myr', validFrom: '2026-12-07', idrPerUnit: '3.731,25', source: 'Kurs Pajak' });
    expect(ok.status).toBe(303);
    const stored = await t.db.one(`SELECT idr_per_unit::text AS v, source FROM exchange_rates WHERE currency = 'MYR' AND valid_from = '2026-12-07'`);
    expect(stored).toEqual({ v: '3731.25000000', source: 'Kurs Pajak' });
    // officers see the rates but have no form, and cannot post one
    expect((await t.http.get('/dinas/pengaturan').set('Cookie', officer)).text).not.toContain('id="rate-form"');
    expect((await post(officer, '/dinas/pengaturan/kurs', { currency: 'SGD', validFrom: '2026-12-07', idrPerUnit: '12000' })).status).toBe(403);
  });

  it('refuses an invitation with a bad email, keeping the input and sending nothing', async () => {
    const before = await count('users');
    const res = await post(admin, '/dinas/pengaturan/pengguna', { email: 'sari@', name: 'Sari', role: 'officer', businessId: '' });
    expect(res.status).toBe(400);
    const invite = formHtml(res.text, 'invite-form');
    expect(invite).toMatch(/name="email" value="sari@"[^>]*aria-invalid="true"[^>]*><p class="field-error" id="err-email" role="alert">Alamat email/);
    expect(formHtml(res.text, 'invite-form')).toMatch(/<option value="officer" selected>/);
    const noBiz = await post(admin, '/dinas/pengaturan/pengguna', { email: 'owner@contoh.id', role: 'business' });
    expect(noBiz.status).toBe(400);
    expect(formHtml(noBiz.text, 'invite-form')).toContain('id="err-businessId"');
    expect(await count('users')).toBe(before);
  });

  it('redelivers a webhook delivery from its log: a new round of attempts, the same event id', async () => {
    const rx = await startReceiver();
    try {
      const ep = await t.http
        .post('/api/v1/webhooks')
        .set(auth(ADMIN_KEY))
        .send({ url: rx.url, events: ['flag.raised'] })
        .expect(201);
      const svc = t.app.get(WebhooksService);
      const events = t.app.get(EventsService);
      const ev = await t.db.tx((c) => events.record(c, 'flag.raised', { flagId: 'f-web' }));
      await svc.fanOut(ev);
      const [d] = await t.db.many<{ id: string }>('SELECT id FROM webhook_deliveries WHERE event_id = $1', [ev]);
      expect(await svc.deliver(d.id)).toBe('succeeded');
      const path = `/dinas/pengaturan/webhook/${ep.body.id}`;
      const log = await t.http.get(path).set('Cookie', admin).expect(200);
      const action = `${path}/pengiriman/${d.id}/kirim-ulang`;
      expect(log.text).toMatch(new RegExp(`<span class="pill resolved">Terkirim</span>.*?action="${action}">.*?Kirim ulang`, 's'));

      expect((await post(officer, action, {})).status).toBe(403);
      const res = await post(admin, action, {}, path);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`${path}?ok=redelivered`);
      const row = await t.db.one('SELECT status, round, attempts FROM webhook_deliveries WHERE id = $1', [d.id]);
      expect(row).toEqual({ status: 'pending', round: 2, attempts: 0 });
      expect(await count(`audit_log WHERE action = 'webhook.redeliver' AND entity_id = '${ep.body.id}'`)).toBe(1);
      const api = await t.http.get(`/api/v1/webhooks/${ep.body.id}/deliveries`).set(auth(ADMIN_KEY)).expect(200);
      expect(api.body.items[0]).toMatchObject({ id: d.id, status: 'pending', round: 2 });
      const after = (await t.http.get(`${path}?ok=redelivered`).set('Cookie', admin)).text;
      expect(after).toMatch(/Pengiriman ulang dijadwalkan.*<span class="pill in_review">Menunggu<\/span>/s);

      expect(await svc.deliver(d.id)).toBe('succeeded');
      expect(rx.received).toHaveLength(2);
      expect(rx.received[1].headers['x-siap-event-id']).toBe(ev);
    } finally {
      await rx.close();
    }
  });
});
