import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createUser, launchChromium, login, phoneContext, screenshot } from './web-helpers';

/**
 * Casework in a real browser: the quick visit form on a phone in the field (today's date filled in,
 * a bad date refused beside its field with nothing stored), the follow-up list, and the report page
 * on a desk screen and in its print layout.
 */
describe('casework pages in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let biz: { id: string; key: string };
  const activities = async () => (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM activities WHERE business_id = $1', [biz.id]))!.n;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    biz = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    await t.http
      .post('/api/v1/orders')
      .set(auth(ADMIN_KEY))
      .send({
        businessId: biz.id,
        orderedAt: '2026-11-10T10:00:00+07:00',
        destinationCountry: 'MY',
        buyerRef: 'Kedai KL',
        productCategory: 'bag',
        material: 'snakeskin',
        quantity: 2,
        amount: '1450.00',
        currency: 'MYR',
        shippingChannel: 'post',
        weightKg: 1.2,
      })
      .expect(201);
    const officer = await createUser(t, 'officer', undefined, { name: 'Sari' });
    phone = await phoneContext(browser, await t.app.getUrl());
    page = await phone.newPage();
    await login(page, officer.email);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('logs a visit from a phone: today filled in, big targets, no sideways scroll', async () => {
    await page.goto(`/dinas/usaha/${biz.id}/kunjungan`);
    expect(await page.getByLabel('Tanggal').inputValue()).toBe('2026-11-25');
    expect(await page.getByLabel('Kunjungan').isChecked()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(361);
    await page.getByRole('textbox', { name: 'Catatan' }).fill('Bertemu Bu Ulla; membahas NIB dan PEB lewat PPJK.');
    await screenshot(page, 'casework-visit-form-360');
    await Promise.all([page.waitForURL(/\/dinas\/usaha\//), page.getByRole('button', { name: 'Simpan' }).click()]);
    const rows = await t.db.many<{ type: string; on_date: string; note: string; created_by: string }>(
      'SELECT type, on_date::text, note, created_by FROM activities WHERE business_id = $1',
      [biz.id],
    );
    expect(rows).toEqual([
      { type: 'visit', on_date: '2026-11-25', note: 'Bertemu Bu Ulla; membahas NIB dan PEB lewat PPJK.', created_by: expect.stringMatching(/^officer:user:/) },
    ]);
  });

  it('fits the visit form on a 390 px phone as well', async () => {
    const wide = await browser.newContext({
      baseURL: await t.app.getUrl(),
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'id-ID',
    });
    const p = await wide.newPage();
    await login(p, (await createUser(t, 'officer')).email);
    await p.goto(`/dinas/usaha/${biz.id}/kunjungan`);
    expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const save = await p.getByRole('button', { name: 'Simpan' }).boundingBox();
    expect(save!.height).toBeGreaterThanOrEqual(44); // a big target for a thumb
    await screenshot(p, 'casework-visit-form-390');
    await wide.close();
  });

  it('refuses a day in the future beside the date field and stores nothing', async () => {
    const before = await activities();
    await page.goto(`/dinas/usaha/${biz.id}/kunjungan`);
    await page.getByLabel('Tanggal').evaluate((el) => (el as unknown as { removeAttribute(n: string): void }).removeAttribute('max'));
    await page.getByLabel('Tanggal').fill('2026-12-24');
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Simpan' }).click()]);
    expect(res.status()).toBe(400);
    const err = page.locator('#err-on');
    expect(await err.textContent()).toContain('must not be in the future');
    expect(await page.getByLabel('Tanggal').getAttribute('aria-invalid')).toBe('true');
    expect(await activities()).toBe(before);
  });

  it('lists a due follow-up and marks it done', async () => {
    await t.http
      .post(`/api/v1/businesses/${biz.id}/activities`)
      .set(auth(ADMIN_KEY))
      .send({ type: 'call', on: '2026-11-01', dueOn: '2026-11-20', note: 'tanya NIB' })
      .expect(201);
    // the banner on top of every officer page counts it and links to the overdue list
    await page.goto('/dinas/mingguan');
    expect((await page.locator('main .alert.overdue').textContent())?.trim()).toBe('1 tindak lanjut terlambat');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(361);
    await Promise.all([page.waitForURL(/due=overdue/), page.locator('main .alert.overdue a').click()]);
    const overdue = page.locator('section', { hasText: 'Terlambat' });
    expect(await overdue.locator('li').count()).toBe(1);
    expect(await overdue.locator('li').first().textContent()).toContain('Ulla Leather');
    await overdue.getByLabel('Hasil').fill('NIB sudah terbit');
    await Promise.all([page.waitForURL(/tindak-lanjut/), overdue.getByRole('button', { name: 'Tandai selesai' }).click()]);
    expect(await page.locator('section', { hasText: 'Terlambat' }).locator('li').count()).toBe(0);
    expect(await page.locator('main .alert.overdue').count()).toBe(0);
    const done = await t.db.one<{ done_on: string; outcome: string }>(`SELECT done_on::text, outcome FROM activities WHERE note = 'tanya NIB'`);
    expect(done).toEqual({ done_on: '2026-11-25', outcome: 'NIB sudah terbit' });
  });

  it('shows the report at 1280 px and prints it as a clean A4 document', async () => {
    const desk = await browser.newContext({ baseURL: await t.app.getUrl(), viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    const p = await desk.newPage();
    const admin = await createUser(t, 'admin', undefined, { name: 'Admin' });
    await login(p, admin.email);
    await p.goto('/dinas/laporan?dari=2026-01-01&sampai=2026-11-25');
    expect(await p.locator('h1').textContent()).toBe('Laporan kinerja pembinaan ekspor');
    const visited = p.locator('.kpi', { hasText: 'Usaha dikunjungi' });
    expect(await visited.locator('.big').textContent()).toContain('1');
    expect(await p.locator('figure.chart svg').count()).toBe(2);
    await screenshot(p, 'casework-report-1280');
    await p.emulateMedia({ media: 'print' });
    await screenshot(p, 'casework-report-print');
    expect(await p.locator('form.filters').isVisible()).toBe(false);
    const pdf = await p.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await desk.close();
  });
});
