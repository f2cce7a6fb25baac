import type { Browser } from 'playwright-core';
import { createBusinessWithKey } from '../factories';
import { insertDeclaredOrder } from '../factories/ladder';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createUser, launchChromium, login, screenshot } from './web-helpers';

describe('the 3K scorecard and the declared capacity on the business pages, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let owner: string;
  let officer: string;
  let businessId: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    const b = await createBusinessWithKey(t.http, {
      name: 'Batik Lasem Sekar',
      district: 'Lasem',
      materials: ['cotton'],
      monthlyCapacity: { batik_fabric: 30 },
    });
    businessId = b.id;
    for (const [on, quantity] of [
      ['2026-06-10', 10],
      ['2026-08-05', 20],
      ['2026-09-12', 25],
      ['2026-10-20', 28],
      ['2026-11-03', 12],
    ] as const) {
      await insertDeclaredOrder(t.db, b.id, {
        on,
        quantity,
        valueIdr: quantity * 1_000_000,
        material: 'cotton',
        buyer: on < '2026-09-01' ? 'Toko SG' : 'Butik JB',
      });
    }
    owner = (await createUser(t, 'business', b.id, { name: 'Bu Sekar' })).email;
    officer = (await createUser(t, 'officer', undefined, { name: 'Sari' })).email;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const width of [1280, 390]) {
    it(`shows 12 value and unit bars against the target and capacity lines, and the three K's, at ${width} px`, async () => {
      const ctx = await browser.newContext({ baseURL: base, viewport: { width, height: 900 }, locale: 'id-ID', isMobile: width < 500 });
      const page = await ctx.newPage();
      await login(page, officer);
      expect((await page.goto(`/dinas/usaha/${businessId}`))?.status()).toBe(200);
      expect(await page.locator('#sc-value rect.bar').count()).toBe(12);
      expect(await page.locator('#sc-units rect.bar').count()).toBe(12);
      const units = await page
        .locator('#sc-units rect.bar')
        .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-month')}=${e.getAttribute('data-value')}`));
      expect(units.slice(-6)).toEqual(['2026-06=10', '2026-07=0', '2026-08=20', '2026-09=25', '2026-10=28', '2026-11=12']);
      expect(await page.getAttribute('#sc-units g.threshold', 'data-value')).toBe('30');
      expect(await page.getAttribute('#sc-value g.threshold', 'data-value')).toBe('20000000');
      // Aug–Oct: (20 + 25 + 28) M / 3 = Rp 24.333.333 ≥ Rp 20.000.000
      expect(await page.getAttribute('#k3 [data-k=kuantitas]', 'data-hit')).toBe('true');
      expect(await page.textContent('#k3')).toContain('Rp\u00a024.333.333');
      // months with orders among Jun–Oct: 4 of 5 … of the last 6 full months (May–Oct)
      expect(await page.getAttribute('#k3 [data-k=kontinuitas]', 'data-hit')).toBe('true');
      const box = await page.locator('#sc-units svg').boundingBox();
      expect(box!.width).toBeGreaterThan(width < 500 ? 250 : 300);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      // the figures never scroll inside themselves: every bar is in view
      for (const id of ['#sc-value', '#sc-units']) {
        expect(await page.locator(id).evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
        const last = await page.locator(`${id} rect.bar`).last().boundingBox();
        expect(last!.x + last!.width).toBeLessThanOrEqual(width);
      }
      await page.locator('#scorecard').screenshot({ path: `${__dirname}/../artifacts/scorecard-business-page-${width}.png` });
      await ctx.close();
    });
  }

  it('the owner edits its own capacity at 390 px: a bad entry is refused beside its field and nothing is stored; a good one is saved', async () => {
    const ctx = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 900 }, locale: 'id-ID', isMobile: true });
    const page = await ctx.newPage();
    await login(page, owner);
    expect((await page.goto('/pesanan/kapasitas'))?.status()).toBe(200);
    expect(await page.locator('#sc-value rect.bar').count()).toBe(12);
    await page.click('#kapasitas summary');
    await page.fill('#cap_batik_fabric', '-5');
    await page.fill('#cap_bag', '2,5');
    await Promise.all([page.waitForNavigation(), page.click('#kapasitas button[type=submit]')]);
    expect(await page.textContent('#err-cap_batik_fabric')).toBe('Tidak boleh kurang dari 0.');
    expect(await page.textContent('#err-cap_bag')).toBe('Harus bilangan bulat.');
    const stored = await t.http.get(`/api/v1/businesses/${businessId}`).set(auth(ADMIN_KEY)).expect(200);
    expect(stored.body.monthlyCapacity).toEqual({ batik_fabric: 30 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.fill('#cap_batik_fabric', '40');
    await page.fill('#cap_bag', '');
    await page.fill('#cap_batik_garment', '1.000');
    await Promise.all([page.waitForNavigation(), page.click('#kapasitas button[type=submit]')]);
    expect(page.url()).toMatch(/\/pesanan\/kapasitas\?ok=1$/);
    expect(await page.getAttribute('#sc-units g.threshold', 'data-value')).toBe('1040');
    const saved = await t.http.get(`/api/v1/businesses/${businessId}`).set(auth(ADMIN_KEY)).expect(200);
    expect(saved.body.monthlyCapacity).toEqual({ batik_fabric: 40, batik_garment: 1000 });
    await screenshot(page, 'scorecard-owner-390');
    await ctx.close();
    // put it back for the officer's pages
    await t.http
      .patch(`/api/v1/businesses/${businessId}`)
      .set(auth(ADMIN_KEY))
      .send({ monthlyCapacity: { batik_fabric: 30 } })
      .expect(200);
  });
});
