import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AccountsService } from '../../src/accounts/accounts.service';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, cookiesOf, createUser, csrfFrom, PASSWORD } from './web-helpers';

const OUTBOX = join(__dirname, '..', 'artifacts', `outbox-accounts-${process.pid}`);

describe('web accounts: sessions, CSRF, lock-out, invites and resets (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    rmSync(OUTBOX, { recursive: true, force: true });
    t = await startTestApp({ env: { OUTBOX_DIR: OUTBOX } });
  });
  afterAll(() => t.close());

  async function signIn(email: string, password = PASSWORD) {
    const form = await t.http.get('/masuk').expect(200);
    const jar = cookiesOf(form);
    const res = await t.http
      .post('/masuk')
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password });
    return { res, jar: cookiesOf(res, jar) };
  }

  it('serves pages outside /api/v1, in Indonesian with lang set, with a strict CSP and no remote assets', async () => {
    const res = await t.http.get('/masuk').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/<html lang="id">/);
    expect(res.text).toContain('Kata sandi');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).not.toMatch(/(src|href)="https?:/);
    await t.http.get('/api/v1/masuk').expect(404);
    const css = await t.http.get(/href="(\/static\/app\.css[^"]*)"/.exec(res.text)![1]).expect(200);
    expect(css.headers['cache-control']).toContain('immutable');
    await t.http.get('/api/v1/businesses').set(auth(ADMIN_KEY)).expect(200);
  });

  it('logs in with HttpOnly SameSite cookies, refuses wrong passwords, and throttles the address after 5 failures', async () => {
    const b = await createBusinessWithKey(t.http);
    const u = await createUser(t, 'business', b.id);
    const ok = await signIn(u.email);
    expect(ok.res.status).toBe(303);
    expect(ok.res.headers.location).toBe('/pesanan');
    const sid = (ok.res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('se_sid='))!;
    expect(sid).toMatch(/HttpOnly/i);
    expect(sid).toMatch(/SameSite=Lax/i);
    const page = await t.http.get('/pesanan').set('Cookie', cookieHeader(ok.jar)).expect(200);
    expect(page.text).toContain('Pesanan saya');

    for (let i = 0; i < 5; i++) expect((await signIn(u.email, 'salah-salah-salah')).res.status).toBe(401);
    // no lock-out: this address waits (429 + Retry-After), even with the right password, until the backoff passes
    const sixth = await signIn(u.email);
    expect(sixth.res.status).toBe(429);
    expect(sixth.res.headers['retry-after']).toBe('30');
    expect(sixth.res.text).toContain('Coba lagi dalam 30 detik');
    t.clock.advance(31_000);
    expect((await signIn(u.email)).res.status).toBe(303);
  });

  it('rejects a form without its CSRF token (and with a token of another session)', async () => {
    const b = await createBusinessWithKey(t.http);
    const u = await createUser(t, 'business', b.id);
    const { jar } = await signIn(u.email);
    const noToken = await t.http.post('/pesanan').set('Cookie', cookieHeader(jar)).type('form').send({ buyerRef: 'x' });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('Token formulir');
    const other = await t.http.get('/masuk').expect(200);
    const wrong = await t.http
      .post('/pesanan')
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(other.text), buyerRef: 'x' });
    expect(wrong.status).toBe(403);
    const login = await t.http.post('/masuk').type('form').send({ email: u.email, password: PASSWORD });
    expect(login.status).toBe(403);
    const n = await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE business_id = $1', [b.id]);
    expect(n!.n).toBe(0);
  });

  it('keeps a business out of staff pages and other businesses (404), and sends anonymous visitors to the login', async () => {
    const b = await createBusinessWithKey(t.http);
    const other = await createBusinessWithKey(t.http);
    const u = await createUser(t, 'business', b.id);
    const { jar } = await signIn(u.email);
    await t.http.get('/dinas/mingguan').set('Cookie', cookieHeader(jar)).expect(404);
    await t.http.get(`/dinas/usaha/${other.id}`).set('Cookie', cookieHeader(jar)).expect(404);
    await t.http.get(`/dinas/usaha/${b.id}`).set('Cookie', cookieHeader(jar)).expect(404);
    const anon = await t.http.get('/pesanan').expect(303);
    expect(anon.headers.location).toBe('/masuk?lanjut=%2Fpesanan');
  });

  it('invites a business owner by API key, who sets a password from the emailed one-time link and signs in', async () => {
    const b = await createBusinessWithKey(t.http);
    const email = `pemilik-${Date.now()}@contoh.id`;
    const inv = await t.http.post('/api/v1/users').set(auth(ADMIN_KEY)).send({ email, role: 'business', businessId: b.id }).expect(201);
    expect(inv.body).toMatchObject({ email, role: 'business', businessId: b.id, active: false });
    const file = readdirSync(OUTBOX).find((f) => f.startsWith(`invite-${inv.body.id}`))!;
    const link = /\/sandi\/([A-Za-z0-9_-]+)/.exec(readFileSync(join(OUTBOX, file), 'utf8').replace(/=\r?\n/g, ''))![0];
    const form = await t.http.get(link).expect(200);
    expect(form.text).toContain(email);
    const jar = cookiesOf(form);
    const short = await t.http
      .post(link)
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), password: 'pendek' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('minimal 10 karakter');
    const set = await t.http
      .post(link)
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), password: 'batik-lasem-indah' })
      .expect(303);
    expect(set.headers.location).toBe('/pesanan');
    await t.http.get(link).expect(410);
    expect((await signIn(email, 'batik-lasem-indah')).res.status).toBe(303);
    // officers may invite business owners but not staff
    const officerKey = (await t.http.post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ role: 'officer' }).expect(201)).body.key;
    await t.http
      .post('/api/v1/users')
      .set(auth(officerKey))
      .send({ email: `x${Date.now()}@contoh.id`, role: 'admin' })
      .expect(403);
  });

  it('sends a reset link for a known email only, answering the same either way', async () => {
    const u = await createUser(t, 'officer');
    const form = await t.http.get('/lupa-sandi').expect(200);
    const jar = cookiesOf(form);
    const a = await t.http
      .post('/lupa-sandi')
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: u.email })
      .expect(200);
    const b = await t.http
      .post('/lupa-sandi')
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: 'tidak-ada@contoh.id' })
      .expect(200);
    expect(a.text.replace(/value="[^"]*"/g, '')).toBe(b.text.replace(/value="[^"]*"/g, ''));
    await t.app.get(AccountsService).idle(); // the link is mailed after the answer
    expect(readdirSync(OUTBOX).filter((f) => f.startsWith(`reset-${u.id}`))).toHaveLength(1);
  });
});
