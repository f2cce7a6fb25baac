import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, createUser, signInJar } from './web-helpers';

const bannerOf = (html: string) =>
  /<div class="alert warn overdue"[^>]*>(.*?)<\/div>/s
    .exec(html)?.[1]
    .replace(/<[^>]+>/g, '')
    .trim() ?? null;

/**
 * The overdue follow-ups at the top of every staff page: counted in the officer's kecamatan (staff
 * accounts have none of their own, so those of their digest subscription, matched by email; no
 * subscription = the whole regency), linked to the overdue list with the same scope; never on a
 * business owner's pages.
 */
describe('overdue follow-ups banner on the officer pages', () => {
  let t: TestApp;
  let lasemOfficer: Record<string, string>;
  let allOfficer: Record<string, string>;
  let owner: Record<string, string>;
  const page = (jar: Record<string, string>, path: string) => t.http.get(path).set('Cookie', cookieHeader(jar)).set('accept', 'text/html');

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T03:00:00Z' });
    const ulla = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    const arma = await createBusinessWithKey(t.http, { name: 'Arma Craft', district: 'Rembang', materials: ['stingray'] });
    const log = (id: string, body: Record<string, unknown>) => t.http.post(`/api/v1/businesses/${id}/activities`).set(auth(ADMIN_KEY)).send(body).expect(201);
    await log(ulla.id, { type: 'call', on: '2026-11-01', dueOn: '2026-11-20' }); // overdue, Lasem
    await log(ulla.id, { type: 'visit', on: '2026-11-01', dueOn: '2026-11-24' }); // overdue (yesterday), Lasem
    await log(ulla.id, { type: 'visit', on: '2026-11-01', dueOn: '2026-11-25' }); // due today: not overdue
    await log(arma.id, { type: 'referral', on: '2026-11-01', programme: 'ecp', dueOn: '2026-11-10' }); // overdue, Rembang
    const done = await log(arma.id, { type: 'call', on: '2026-11-01', dueOn: '2026-11-02' });
    await t.http.patch(`/api/v1/activities/${done.body.id}`).set(auth(ADMIN_KEY)).send({ doneOn: '2026-11-03' }).expect(200); // done: not counted
    const lasem = await createUser(t, 'officer');
    await t.http
      .post('/api/v1/digests/subscriptions')
      .set(auth(ADMIN_KEY))
      .send({ email: lasem.email.toUpperCase(), districts: ['Lasem'] })
      .expect(201);
    const all = await createUser(t, 'admin');
    const biz = await createUser(t, 'business', ulla.id);
    [lasemOfficer, allOfficer, owner] = await Promise.all([signInJar(t, lasem.email), signInJar(t, all.email), signInJar(t, biz.email)]);
  });
  afterAll(() => t?.close());

  it("counts the overdue follow-ups of the officer's subscribed kecamatan on every staff page", async () => {
    for (const path of ['/dinas/mingguan', '/dinas/antrean', '/dinas/usaha', '/dinas/tindak-lanjut', '/dinas/laporan']) {
      const r = await page(lasemOfficer, path).expect(200);
      expect([path, bannerOf(r.text)]).toEqual([path, '2 tindak lanjut terlambat · Lasem']);
      expect(r.text).toContain('href="/dinas/tindak-lanjut?due=overdue"');
    }
    // no subscription: the whole regency
    expect(bannerOf((await page(allOfficer, '/dinas/mingguan').expect(200)).text)).toBe('3 tindak lanjut terlambat');
  });

  it('links to the overdue list with the same scope, and refuses an unknown filter', async () => {
    const r = await page(lasemOfficer, '/dinas/tindak-lanjut?due=overdue').expect(200);
    const cards = [...r.text.matchAll(/<li class="card">(.*?)<\/li>/gs)].map((m) => m[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
    expect(cards).toHaveLength(2);
    expect(cards.every((c) => c.includes('Ulla Leather'))).toBe(true);
    expect(r.text).not.toContain('Minggu ini (');
    // a kecamatan chosen on the page wins over the subscription's
    const rembang = await page(lasemOfficer, '/dinas/tindak-lanjut?due=overdue&kecamatan=Rembang').expect(200);
    expect(rembang.text).toContain('Arma Craft');
    expect(rembang.text).not.toContain('Ulla Leather</strong>');
    const bad = await page(lasemOfficer, '/dinas/tindak-lanjut?due=later').expect(400);
    expect(bad.text).toContain('due: harus overdue (atau dikosongkan)');
  });

  it("shows nothing on a business owner's pages", async () => {
    const r = await page(owner, '/pesanan').expect(200);
    expect(bannerOf(r.text)).toBeNull();
    expect(r.text).not.toContain('tindak lanjut terlambat');
  });
});
