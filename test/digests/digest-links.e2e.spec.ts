import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { DigestsService } from '../../src/digests/digests.service';
import { ReportsService } from '../../src/reports/reports.service';
import { createBusinessWithKey } from '../factories';
import { completedRun, insertEvaluation, insertFlag, METRICS } from '../reports/fixtures';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { ARTIFACTS, cookieHeader, cookiesOf, createUser, csrfFrom, PASSWORD } from '../web/web-helpers';
import { TestSmtp } from './smtp';

const BASE = 'https://siap.example.go.id';
const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every link of both parts of a message: the HTML's hrefs and the URLs written out in the text. */
function links(m: ParsedMail): { html: string[]; text: string[] } {
  const html = [...String(m.html).matchAll(/href="([^"]+)"/g)].map((x) => unescapeHtml(x[1]));
  const text = [...String(m.text).matchAll(/https?:\/\/\S+/g)].map((x) => x[0]);
  return { html: [...new Set(html)].sort(), text: [...new Set(text)].sort() };
}

describe('every link in a sent digest opens the right page (through sign-in)', () => {
  let t: TestApp;
  const smtp = new TestSmtp();
  const names: Record<string, string> = {};

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ now: '2026-11-22T03:00:00Z', env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_BASE_URL: BASE } });
    const a = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    const b = await createBusinessWithKey(t.http, { name: 'Arma Leather & Craft', district: 'Rembang', materials: ['stingray'] });
    const c = await createBusinessWithKey(t.http, { name: 'Batik Lasem Sekar', district: 'Lasem', materials: ['cotton'] });
    Object.assign(names, { [a.id]: 'Ulla Leather', [b.id]: 'Arma Leather & Craft', [c.id]: 'Batik Lasem Sekar' });
    // W47: two new flags
    const fa = await insertFlag(t.db, { businessId: a.id, market: 'MY', raisedOn: '2026-11-20' });
    await insertEvaluation(t.db, fa, '2026-11-22', METRICS);
    const fb = await insertFlag(t.db, { businessId: b.id, market: 'CN', kind: 'compliance', raisedOn: '2026-11-21' });
    await insertEvaluation(t.db, fb, '2026-11-22', { ...METRICS, wildlifeMaterials: ['stingray'] });
    await completedRun(t.db, '2026-11-22');
    expect(await t.app.get(ReportsService).publish('2026-W47')).toBe('published');
    // W48: Ulla continues, Arma's flag is resolved, Batik Lasem Sekar is new
    await t.db.exec(`UPDATE flags SET status = 'resolved', resolved_on = '2026-11-28' WHERE id = $1`, [fb]);
    const fc = await insertFlag(t.db, { businessId: c.id, market: 'SG', raisedOn: '2026-11-27' });
    await insertEvaluation(t.db, fa, '2026-11-29', METRICS);
    await insertEvaluation(t.db, fc, '2026-11-29', { ...METRICS, wildlifeMaterials: [] });
    await completedRun(t.db, '2026-11-29');
    t.clock.set('2026-11-30T00:30:00Z');
    expect(await t.app.get(ReportsService).publish('2026-W48')).toBe('published');

    const sub = (body: Record<string, unknown>) => t.http.post('/api/v1/digests/subscriptions').set(auth(ADMIN_KEY)).send(body).expect(201);
    await sub({ email: 'sri@dinkop.example.go.id', name: 'Bu Sri' });
    await sub({ email: 'ann@dinkop.example.go.id', name: 'Ann', locale: 'en', districts: ['lasem'] });
    const digests = t.app.get(DigestsService);
    for (const week of ['2026-W47', '2026-W48']) await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week }).expect(202);
    for (const { id } of await t.db.many<{ id: string }>(`SELECT id FROM digest_deliveries ORDER BY created_at`))
      expect(await digests.sendOne(id)).toBe('sent');
    expect(smtp.messages).toHaveLength(4);
    // for reading them: test/artifacts/digest-<locale>-<week>.{html,txt}
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const m of smtp.messages) {
      const name = `digest-${/Halo/.test(String(m.text)) ? 'id' : 'en'}-${m.headers.get('x-siap-digest-week')}`;
      writeFileSync(join(ARTIFACTS, `${name}.html`), String(m.html));
      writeFileSync(join(ARTIFACTS, `${name}.txt`), String(m.text));
    }
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  /** A signed-out GET of `path` goes to sign-in with `lanjut` = path; signing in there lands on it. */
  async function throughSignIn(path: string, email: string): Promise<{ status: number; text: string }> {
    const out = await t.http.get(path).expect(303);
    expect(out.headers.location).toBe(`/masuk?lanjut=${encodeURIComponent(path)}`);
    const form = await t.http.get(out.headers.location).expect(200);
    const next = unescapeHtml(/name="lanjut" value="([^"]*)"/.exec(form.text)![1]);
    expect(next).toBe(path);
    const jar = cookiesOf(form);
    const login = await t.http
      .post('/masuk')
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password: PASSWORD, lanjut: next })
      .expect(303);
    expect(login.headers.location).toBe(path);
    const res = await t.http.get(login.headers.location).set('Cookie', cookieHeader(cookiesOf(login, jar)));
    return { status: res.status, text: res.text };
  }

  it('follows every link of every digest, HTML and text part alike', async () => {
    const officers = { id: await createUser(t, 'officer', undefined, { locale: 'id' }), en: await createUser(t, 'officer', undefined, { locale: 'en' }) };
    const seen = new Set<string>();
    for (const m of smtp.messages) {
      const week = m.headers.get('x-siap-digest-week') as string;
      const lang = /Halo/.test(String(m.text)) ? 'id' : 'en';
      const { html, text } = links(m);
      expect(text).toEqual(html); // the text part carries exactly the HTML part's links
      expect(html.length).toBeGreaterThanOrEqual(3);
      for (const url of html) {
        expect(url.startsWith(`${BASE}/`)).toBe(true);
        const u = new URL(url);
        const path = `${u.pathname}${u.search}`;
        if (u.pathname === '/api/v1/digests/unsubscribe') {
          const page = await t.http.get(path).expect(200);
          expect(page.text).toContain('<form method="post"');
          continue;
        }
        if (seen.has(`${lang} ${path}`)) continue;
        seen.add(`${lang} ${path}`);
        const res = await throughSignIn(path, officers[lang].email);
        expect(res.status).toBe(200);
        if (u.pathname === '/dinas/mingguan') {
          expect(u.searchParams.get('minggu')).toBe(week);
          expect(res.text).toContain(`<h1>${lang === 'id' ? 'Daftar mingguan' : 'Weekly list'} ${week}</h1>`);
          expect(res.text).toContain(`<option value="${week}" selected>`);
          if (lang === 'en') expect(res.text).toContain('<option value="Lasem" selected>'); // Ann's one-kecamatan filter
        } else {
          const [, id] = /^\/dinas\/usaha\/([0-9a-f-]{36})$/.exec(u.pathname)!;
          expect(res.text).toContain(`<h1>${names[id].replace('&', '&amp;')}</h1>`);
          expect(res.text).toContain(`id="${u.hash.slice(1)}"`); // the card of that flag
        }
      }
    }
    // the weekly page of each week (both languages) and all three businesses were opened
    expect([...seen].filter((s) => s.includes('/dinas/mingguan')).length).toBe(4);
    expect(new Set([...seen].filter((s) => s.includes('/dinas/usaha/')).map((s) => s.split(' ')[1])).size).toBe(3);
  });

  it('the unsubscribe link of a sent digest works (one click) and stops that subscriber only', async () => {
    const [m] = smtp.messages.filter((x) => /Hello Ann/.test(String(x.text)));
    const url = links(m).html.find((x) => x.includes('/digests/unsubscribe'))!;
    const u = new URL(url);
    await t.http.post(`${u.pathname}${u.search}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const subs = (await t.http.get('/api/v1/digests/subscriptions').set(auth(ADMIN_KEY)).expect(200)).body as
      Array<{ email: string; active: boolean }> | { items: Array<{ email: string; active: boolean }> };
    const list = Array.isArray(subs) ? subs : subs.items;
    expect(list.map((s) => [s.email, s.active]).sort()).toEqual([
      ['ann@dinkop.example.go.id', false],
      ['sri@dinkop.example.go.id', true],
    ]);
  });
});
