import type { Browser, Page } from 'playwright-core';
import { ASSETS } from '../../src/web/assets';
import { dataTable } from '../../src/web/html';
import { launchChromium } from './web-helpers';

/**
 * The tables convention of the pages (src/web/html.ts) as Chromium lays it out with the app's own
 * stylesheet: at 390 px a plain table's cards show a text cell's label above its value and a number
 * cell's label beside it; a compact table's cards put every label beside its value and its first cell
 * on a line of its own. At 1280 px both are grids with their header row.
 */
describe('tables on a phone and on a desktop (headless Chromium, the app stylesheet)', () => {
  let browser: Browser;
  const rows = [
    { name: 'Batik Tulis Sekar Jagad', district: 'Lasem', orders: 8, value: 'Rp 15.042.000' },
    { name: 'Batik Kidang Mas Karangturi', district: 'Lasem', orders: 12, value: 'Rp 15.935.800' },
  ];
  const table = (compact: boolean) =>
    dataTable(
      [
        { label: 'Usaha', cell: (r: (typeof rows)[number]) => r.name },
        { label: 'Kecamatan', cell: (r) => r.district },
        { label: 'Pesanan 13 mg', num: true, cell: (r) => String(r.orders) },
        { label: 'Nilai 13 mg', num: true, cell: (r) => r.value },
      ],
      rows,
      { caption: 'Anggota', compact },
    ).value;
  const pageWith = async (width: number): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    await page.setContent(`<!doctype html><html><head><style>${ASSETS['app.css'].body.toString('utf8')}</style></head><body><main>
      <div id="plain">${table(false)}</div><div id="compact">${table(true)}</div></main></body></html>`);
    return page;
  };
  /** For each cell of the first row: the top of its label (::before) box and of its text, and whether the label shows. */
  const cells = (page: Page, id: string) =>
    page.evaluate(`[...document.querySelectorAll('#${id} tbody tr:first-child td')].map((td) => {
      const before = getComputedStyle(td, '::before');
      const range = document.createRange();
      range.selectNodeContents(td);
      const box = td.getBoundingClientRect();
      return { label: before.content, shown: before.display !== 'none', tdTop: box.top, textTop: range.getBoundingClientRect().top, height: box.height };
    })`) as Promise<Array<{ label: string; shown: boolean; tdTop: number; textTop: number; height: number }>>;
  const height = (page: Page, selector: string) => page.evaluate(`document.querySelector('${selector}').getBoundingClientRect().height`) as Promise<number>;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('at 390 px: a text cell stacks its label, a number cell keeps label and value on one line; a compact card is one line per cell', async () => {
    const page = await pageWith(390);
    const plain = await cells(page, 'plain');
    expect(plain.map((c) => c.label)).toEqual(['"Usaha"', '"Kecamatan"', '"Pesanan 13 mg"', '"Nilai 13 mg"']);
    const lineOf = (c: { height: number }) => Math.round(c.height);
    // text cells: the label is a line of its own above the value
    for (const c of plain.slice(0, 2)) expect(c.textTop - c.tdTop).toBeGreaterThan(12);
    // number cells: one line, as tall as a single text line (about half a stacked text cell)
    for (const c of plain.slice(2)) expect(lineOf(c)).toBeLessThan(0.7 * lineOf(plain[1]));

    const compact = await cells(page, 'compact');
    expect(compact[0].shown).toBe(false); // the row's name heads its card without a label
    for (const c of compact.slice(1)) {
      expect(c.shown).toBe(true);
      expect(lineOf(c)).toBeLessThan(0.7 * lineOf(plain[1]));
    }
    const card = (id: string) => height(page, `#${id} tbody tr:first-child`);
    expect(await card('compact')).toBeLessThan(0.75 * (await card('plain')));
    // the header row is hidden (the labels stand for it)
    expect(await height(page, '#compact thead')).toBeLessThanOrEqual(1);
  });

  it('at 1280 px both are grids: a header row, one line per row, no labels in the cells', async () => {
    const page = await pageWith(1280);
    for (const id of ['plain', 'compact']) {
      expect(await height(page, `#${id} thead`)).toBeGreaterThan(20);
      const row = await cells(page, id);
      expect(row.every((c) => c.label === 'none' || c.label === 'normal')).toBe(true);
      expect(new Set(row.map((c) => Math.round(c.tdTop))).size).toBe(1);
    }
  });
});
