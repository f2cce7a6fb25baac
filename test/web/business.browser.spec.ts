import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createBusinessWithKey, orderBody } from '../factories';
import { auth, startTestApp, TestApp } from '../utils/test-app';
import { createUser, launchChromium, login, phoneContext, screenshot } from './web-helpers';

describe('business pages in headless Chromium (phone viewport)', () => {
  let t: TestApp;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let base: string;
  let mine: { id: string; key: string };
  let other: { id: string; key: string };
  let owner: { email: string };

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    mine = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    other = await createBusinessWithKey(t.http, { name: 'Arma Leather and Craft', district: 'Rembang' });
    const u = await createUser(t, 'business', mine.id, { name: 'Ulla' });
    owner = u;
    ctx = await phoneContext(browser, base);
    page = await ctx.newPage();
    await login(page, u.email);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('logs an order through the form: a field error in Indonesian, fixed, confirmed and listed', async () => {
    await page.goto('/pesanan/baru');
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    await page.getByLabel('Tanggal pesanan').fill('2026-11-20');
    await page.getByLabel('Negara tujuan').selectOption('MY');
    await page.getByLabel('Pembeli', { exact: false }).fill('Kedai Kulit KL');
    await page.getByRole('radio', { name: 'Tas', exact: true }).check();
    await page.getByRole('radio', { name: 'Kulit ular' }).check();
    await page.getByLabel('Jumlah barang').fill('2');
    await page.getByLabel('Nilai pesanan', { exact: false }).fill('1450,505');
    await page.getByLabel('Mata uang').selectOption('MYR');
    await page.getByRole('radio', { name: 'Pos (EMS)' }).check();
    await page.getByRole('button', { name: 'Simpan pesanan' }).click();

    await page.waitForSelector('#err-amount');
    expect(await page.textContent('#err-amount')).toBe('Paling banyak 2 angka di belakang koma untuk MYR.');
    expect(await page.getAttribute('#f-amount', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-amount', 'aria-describedby')).toContain('err-amount');
    expect(await page.textContent('#error-summary')).toContain('Nilai pesanan');
    // the other answers are kept
    expect(await page.inputValue('#f-buyerRef')).toBe('Kedai Kulit KL');
    expect(await page.isChecked('input[name=material][value=snakeskin]')).toBe(true);
    await screenshot(page, 'business-order-form-error');

    await page.getByLabel('Nilai pesanan', { exact: false }).fill('1.450,50');
    await page.getByRole('button', { name: 'Simpan pesanan' }).click();
    await page.waitForURL(/\/pesanan\/[0-9a-f-]{36}\?baru=1/);
    expect(await page.textContent('[role=status]')).toContain('pesanan sudah tersimpan');
    expect(await page.textContent('#order-detail')).toContain('RM\u00a01.450,50');
    await screenshot(page, 'business-order-confirmation');

    await page.getByRole('link', { name: 'Lihat semua pesanan' }).click();
    await page.waitForURL(/\/pesanan$/);
    const rows = await page.locator('#orders tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Malaysia');
    expect(rows[0]).toContain('RM\u00a01.450,50');
    await screenshot(page, 'business-order-list');
    // stored once, through the same service as the API
    const api = await t.http.get('/api/v1/orders').set(auth(mine.key)).expect(200);
    expect(api.body.items).toHaveLength(1);
    expect(api.body.items[0]).toMatchObject({ destinationCountry: 'MY', amount: '1450.50', currency: 'MYR', material: 'snakeskin' });
  });

  it('uploads a CSV with bad rows: progress, accepted count, the rejected rows explained, and a downloadable report', async () => {
    const csv = [
      'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel,weightKg',
      'C-1,2026-11-02,CN,wang.li,bag,stingray,3,2400.00,CNY,courier,2.5',
      'C-2,2026-11-03,ID,budi,bag,stingray,1,100.00,CNY,courier,',
      'C-3,2026-11-04,CN,wang.li,wallet,stingray,0,80.00,CNY,post,',
      'C-4,2026-11-05,MY,kedai,belt,cowhide,4,300.00,MYR,post,1',
    ].join('\n');
    await page.goto('/pesanan/unggah');
    await page.setInputFiles('#csv-file', { name: 'pesanan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Unggah', exact: true }).click();
    await page.waitForSelector('#csv-errors');
    expect(await page.textContent('#csv-result [role=status]')).toContain('2 pesanan tersimpan, 0 sudah ada sebelumnya, 2 baris ditolak');
    const errs = await page.locator('#csv-errors tr').allTextContents();
    expect(errs).toHaveLength(3);
    // row number, the column's Indonesian name with its CSV header in <code> beside it, the rule in words
    expect(errs[1]).toMatch(/^2\s*Negara tujuan destinationCountry\s*Pesanan di dalam Indonesia bukan ekspor/);
    expect(errs[2]).toMatch(/^3\s*Jumlah barang quantity\s*Isi jumlah barang: bilangan bulat 1 sampai 100\.000\./);
    expect(await page.locator('#csv-errors tbody tr').first().locator('code').textContent()).toBe('destinationCountry');
    expect(await page.locator('#csv-errors th').allTextContents()).toEqual(['Baris', 'Kolom', 'Masalah']);
    // saved rows with route advice are listed too (row 1: CNY 2,400 to China, stingray without a KKP permit)
    const advice = await page.locator('#csv-advice tbody tr').allTextContents();
    expect(advice.some((r) => /^1\s*Nilai CNY 2,400 di atas batas paket pribadi Tiongkok/.test(r))).toBe(true);
    expect(await page.getAttribute('#csv-progress', 'value')).toBe(await page.getAttribute('#csv-progress', 'max'));
    await screenshot(page, 'business-csv-upload');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-report')]);
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report).toContain('row,errors');
    expect(report).toMatch(/\n2,".*destinationCountry/);
  });

  it('voids an own order and shows monthly volume per market', async () => {
    await page.goto('/pesanan');
    await page.locator('#orders tbody tr a').first().click();
    await page.getByText('Batalkan pesanan ini').click();
    await page.getByLabel('Alasan').fill('pembeli membatalkan');
    await page.getByRole('button', { name: 'Batalkan pesanan' }).click();
    await page.waitForURL(/\/pesanan\?batal=1/);
    expect(await page.locator('#orders tbody tr', { hasText: 'Dibatalkan' }).count()).toBe(1);
    await page.goto('/volume');
    const text = await page.textContent('main');
    expect(text).toContain('Tiongkok');
    expect(text).toContain('Nov 2026');
    await screenshot(page, 'business-volume');
  });

  it("refuses another business's order and the officer pages by URL", async () => {
    const theirs = await t.http.post('/api/v1/orders').set(auth(other.key)).send(orderBody()).expect(201);
    for (const url of [`/pesanan/${theirs.body.id}`, '/dinas/mingguan', `/dinas/usaha/${other.id}`, '/dinas/pengaturan']) {
      const res = await page.goto(url);
      expect(res!.status()).toBe(404);
    }
    expect(await page.textContent('h1')).toBe('Halaman tidak ditemukan');
    // and a void of their order through a forged form is refused too
    const csrf = await page.inputValue('input[name=_csrf]');
    const status = await page.evaluate(
      async ([id, token]) => {
        const headers = { 'content-type': 'application/x-www-form-urlencoded' };
        const r = await fetch(`/pesanan/${id}/batal`, { method: 'POST', headers, body: `_csrf=${encodeURIComponent(token)}&reason=x` });
        return r.status;
      },
      [theirs.body.id, csrf],
    );
    expect(status).toBe(404);
  });

  it('orders and volume read as labelled rows at 390 px, with nothing wider than the screen, and as tables at 1280 px', async () => {
    for (const width of [390, 1280]) {
      const wide = await browser.newContext({ baseURL: base, viewport: { width, height: 844 }, deviceScaleFactor: 1, locale: 'id-ID' });
      const p = await wide.newPage();
      await login(p, owner.email);
      for (const [url, table] of [
        ['/pesanan', '#orders'],
        ['/volume', 'main table.rows'],
      ] as const) {
        await p.goto(url);
        // in the page (the test's own tsconfig has no DOM types): the page's width and the first cell's layout
        const layout = (await p.evaluate(`(() => {
          const td = document.querySelector('${table} tbody td');
          return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
            display: getComputedStyle(td).display, label: getComputedStyle(td, '::before').content };
        })()`)) as { scroll: number; client: number; display: string; label: string };
        expect(layout.scroll).toBeLessThanOrEqual(layout.client);
        if (width === 390) {
          expect(layout.display).not.toBe('table-cell'); // a row of labelled cells, not a table
          expect(layout.label).toMatch(url === '/pesanan' ? /"Tanggal"/ : /"Bulan"/);
        } else expect(layout.display).toBe('table-cell');
        await screenshot(p, `business${url.replace('/', '-')}-${width}`);
      }
      await p.goto('/pesanan/baru');
      await screenshot(p, `business-order-form-${width}`);
      await wide.close();
    }
  });
});
