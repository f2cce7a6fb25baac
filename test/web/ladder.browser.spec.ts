import type { Browser } from 'playwright-core';
import { createBusinessWithKey } from '../factories';
import { insertDeclaredOrder, insertDocument } from '../factories/ladder';
import { startTestApp, TestApp } from '../utils/test-app';
import { createUser, launchChromium, login, screenshot } from './web-helpers';

describe("the owner's next step on the export ladder (/pesanan/langkah) in Chromium", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let email: string;
  let officer: string;
  let businessId: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    const mine = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    for (const on of ['2026-10-02', '2026-11-06', '2026-11-20']) await insertDeclaredOrder(t.db, mine.id, { on, declaration: 'cn', declaredBy: 'self' });
    await insertDeclaredOrder(t.db, mine.id, { on: '2026-11-18', market: 'CN', declaration: 'peb', declaredBy: 'self', material: 'cowhide' });
    await insertDocument(t.db, mine.id, { type: 'nib_customs_access', number: '9120001234567', expiresOn: '2027-06-30' });
    email = (await createUser(t, 'business', mine.id, { name: 'Ulla' })).email;
    officer = (await createUser(t, 'officer', undefined, { name: 'Sari' })).email;
    businessId = mine.id;
    // a permit that runs out within 60 days: the officer's business page says so above the ladder
    await insertDocument(t.db, mine.id, { type: 'sats_ln_dealer_licence', number: 'SK.7/KSDAE', expiresOn: '2026-12-20' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const width of [1280, 390]) {
    it(`renders each market's ladder, the current rung and what to prepare at ${width} px`, async () => {
      const ctx = await browser.newContext({ baseURL: base, viewport: { width, height: 900 }, locale: 'id-ID', isMobile: width < 500 });
      const page = await ctx.newPage();
      await login(page, email);
      const res = await page.goto('/pesanan/langkah');
      expect(res?.status()).toBe(200);
      expect(await page.textContent('h1')).toBe('Langkah berikutnya');
      expect(await page.textContent('#ladder-MY-h')).toBe('Malaysia: CN atas nama sendiri (anak tangga 1 dari 6)');
      expect(await page.textContent('#ladder-CN-h')).toBe('Tiongkok: PEB sendiri (anak tangga 4 dari 6)');
      expect(await page.textContent('#ladder-MY [aria-current=step]')).toBe('CN atas nama sendiri posisi sekarang');
      const codes = (sel: string) => page.locator(sel).evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
      expect(await codes('#ladder-MY .ladder-next li')).toEqual(['PKBK', 'SATS-LN', 'CITES-IMPORT', 'KH-12']);
      expect(await page.textContent('#ladder-MY .ladder-next li[data-code=KH-12]')).toContain('Diterbitkan oleh: Barantin');
      // cowhide to China, but the business declares snakeskin: its permits belong on that plan too
      expect(await page.textContent('#ladder-CN .ladder-next h3')).toBe('Langkah berikutnya: Dengan SKA');
      expect(await codes('#ladder-CN .ladder-next li')).toEqual(['SKA-E', 'SATS-LN', 'CITES-IMPORT', 'KH-12']);
      expect(await page.textContent('#ladder-CN .ladder-docs')).toBe('NIB berakses kepabeanan 9120001234567 · berlaku s.d. 30 Jun 2027');
      const box = await page.locator('#ladder-MY svg').boundingBox();
      expect(box!.width).toBeGreaterThan(width < 500 ? 300 : 600);
      // nothing wider than the screen
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await screenshot(page, `ladder-next-step-${width}`);
      await ctx.close();
    });
  }

  for (const width of [1280, 390]) {
    it(`shows the officer the ladder per market and the documents about to expire on the business page at ${width} px`, async () => {
      const ctx = await browser.newContext({ baseURL: base, viewport: { width, height: 900 }, locale: 'id-ID', isMobile: width < 500 });
      const page = await ctx.newPage();
      await login(page, officer);
      const res = await page.goto(`/dinas/usaha/${businessId}`);
      expect(res?.status()).toBe(200);
      expect(await page.textContent('#ladder-MY-h')).toBe('Malaysia: CN atas nama sendiri (anak tangga 1 dari 6)');
      expect(await page.textContent('#ladder-CN-h')).toBe('Tiongkok: PEB sendiri (anak tangga 4 dari 6)');
      expect(await page.textContent('#ladder-MY [aria-current=step]')).toBe('CN atas nama sendiri posisi sekarang');
      const soon = await page.textContent('#dokumen-habis');
      expect(soon).toContain('Izin edar SATS-LN (pengedar satwa liar)');
      expect(soon).toContain('SK.7/KSDAE — berlaku sampai 20 Des 2026');
      expect(await page.getAttribute('#tangga a', 'href')).toBe(`/dinas/usaha/${businessId}/dokumen`);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await page.locator('#tangga').screenshot({ path: `${__dirname}/../artifacts/ladder-business-page-${width}.png` });
      await ctx.close();
    });
  }
});
