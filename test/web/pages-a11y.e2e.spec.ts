import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { join } from 'node:path';
import { ARTIFACTS, createUser, launchChromium, login, screenshot } from './web-helpers';
import { runWeekAndPublish, weeklyOrders } from './web-seed';
import { seedJoint } from '../../scripts/demo-joint';

/**
 * Every page at a desk (1280 px) and a phone (390 px), in Indonesian and English, for the role that
 * uses it: it answers 200, axe-core finds no serious or critical violation, nothing scrolls sideways
 * on the phone, and no raw engine key ("wildlifeMaterials", "system:watch", "status_changed") is shown
 * on an Indonesian page. One browser, one context per role; each test visits one page four times.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [1280, 390] as const;
const LANGS = ['id', 'en'] as const;
type Who = 'officer' | 'admin' | 'owner' | 'guest';
interface Ids {
  business: string;
  order: string;
  webhook: string;
  group: string;
}
/** Snapshot of the pages; a screenshot is taken of the ones marked `shot` at both widths in Indonesian. */
const PAGES: Array<{ who: Who; path: (ids: Ids) => string; shot?: string }> = [
  { who: 'officer', path: () => '/dinas/mingguan?minggu=2026-W47', shot: 'a11y-weekly' },
  { who: 'officer', path: () => '/dinas/antrean', shot: 'a11y-queue' },
  { who: 'officer', path: () => '/dinas/usaha' },
  { who: 'officer', path: (i) => `/dinas/usaha/${i.business}`, shot: 'a11y-business' },
  { who: 'officer', path: (i) => `/dinas/usaha/${i.business}/dokumen` },
  { who: 'officer', path: (i) => `/dinas/usaha/${i.business}/kunjungan`, shot: 'a11y-visit-form' },
  { who: 'officer', path: () => '/dinas/tindak-lanjut' },
  { who: 'officer', path: () => '/dinas/ekspor-bersama/kelompok' },
  { who: 'officer', path: (i) => `/dinas/ekspor-bersama/kelompok/${i.group}`, shot: 'a11y-export-group' },
  { who: 'officer', path: () => '/dinas/ekspor-bersama?asOf=2026-11-22', shot: 'a11y-joint-export' },
  { who: 'officer', path: () => '/dinas/tindak-lanjut?due=overdue' },
  { who: 'officer', path: () => '/dinas/laporan?dari=2026-01-01&sampai=2026-11-24', shot: 'a11y-report' },
  { who: 'officer', path: () => '/dinas/aturan' },
  { who: 'officer', path: () => '/dinas/pengaturan' },
  { who: 'admin', path: () => '/dinas/pengaturan', shot: 'a11y-settings' },
  { who: 'admin', path: (i) => `/dinas/pengaturan/webhook/${i.webhook}` },
  { who: 'owner', path: () => '/pesanan', shot: 'a11y-orders' },
  { who: 'owner', path: () => '/pesanan/baru' },
  { who: 'owner', path: () => '/pesanan/unggah' },
  { who: 'owner', path: (i) => `/pesanan/${i.order}` },
  { who: 'owner', path: () => '/volume', shot: 'a11y-volume' },
  { who: 'owner', path: () => '/pesanan/langkah', shot: 'a11y-next-step' },
  { who: 'owner', path: () => '/pesanan/dokumen' },
  { who: 'owner', path: () => '/pesanan/kapasitas', shot: 'a11y-capacity' },
  { who: 'guest', path: () => '/masuk' },
  { who: 'guest', path: () => '/lupa-sandi' },
];

/** Raw keys: camelCase or snake_case words and engine actor names, outside code samples and form controls. */
const RAW_KEY = /\b(?:[a-z]+[A-Z][A-Za-z0-9]*|[a-z]+(?:_[a-z0-9]+)+|system:[a-z]+)\b/g;
/** A number written the English way (98.34, 1500.00) on an Indonesian page; Indonesian is 98,34 and 1.500,00 (customs form names such as BC 3.0 are names). */
const ENGLISH_DECIMAL = /(?<![\d.,A-Za-z]|BC )\d+\.\d{1,2}(?![\d.])/g;

interface Violation {
  id: string;
  impact: string | null;
  targets: string[];
}
/** Run in the page (the test project has no DOM types, so these are sources, not functions). */
const RUN_AXE = `axe.run(document, { resultTypes: ['violations'],
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
  .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))`;
const WIDE_ELEMENTS = `[...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.scroll,.chart'))
  .slice(0, 4).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : ''))`;
const VISIBLE_TEXT = `(() => { const out = []; const skip = 'code,kbd,pre,samp,script,style,select,textarea,option';
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) if (!n.parentElement.closest(skip)) out.push(n.nodeValue);
  return out.join(' '); })()`;

/** What is wrong with the page as it is now, one line a problem. */
async function inspect(page: Page, lang: string, width: number): Promise<string[]> {
  const problems: string[] = [];
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(RUN_AXE)) as Violation[];
  for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
    const more = v.targets.length > 4 ? ` (+${v.targets.length - 4})` : '';
    problems.push(`axe ${v.impact} ${v.id}: ${v.targets.slice(0, 4).join(' | ')}${more}`);
  }
  if (width < 400) {
    const sw = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    if (sw > width + 1) problems.push(`overflow: scrollWidth ${sw} > ${width} (${((await page.evaluate(WIDE_ELEMENTS)) as string[]).join(', ')})`);
  }
  if (lang === 'id') {
    const text = (await page.evaluate(VISIBLE_TEXT)) as string;
    const raw = [...new Set(text.match(RAW_KEY) ?? [])];
    if (raw.length) problems.push(`raw keys: ${raw.slice(0, 12).join(', ')}`);
    const english = [...new Set(text.match(ENGLISH_DECIMAL) ?? [])];
    if (english.length) problems.push(`English decimals: ${english.slice(0, 8).join(', ')}`);
  }
  return problems;
}

describe('every page: status, axe-core, phone width and labels (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let ids: Ids;
  let base: string;
  /** `${who} ${lang}` → [1280 px page, 390 px page] */
  const pages = new Map<string, [Page, Page]>();

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp({ role: 'all', now: '2026-11-25T03:00:00Z' }), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    const ulla = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    const batik = await createBusinessWithKey(t.http, { name: 'Batik Tulis Lasem', district: 'Lasem', materials: ['cotton'] });
    await t.http
      .post('/api/v1/orders/bulk')
      .set(auth(ADMIN_KEY))
      .send({ businessId: ulla.id, orders: weeklyOrders('2026-11-21', 30, 2, ['Kedai KL', 'Butik Johor', 'Sabah Craft']) })
      .expect(200);
    const sg = weeklyOrders('2026-10-01', 2, 1, ['Tante SG']).map((o) => ({
      ...o,
      destinationCountry: 'SG',
      currency: 'SGD',
      amount: '20',
      material: 'cotton',
    }));
    await t.http.post('/api/v1/orders/bulk').set(auth(ADMIN_KEY)).send({ businessId: batik.id, orders: sg }).expect(200);
    // the demo's Lasem batik makers: a joint-export candidate for the candidates page
    await seedJoint(t.db, '2026-11-25', (b) => b.toLowerCase());
    await runWeekAndPublish(t, '2026-11-22', '2026-W47');
    const flags = await t.http.get(`/api/v1/flags?businessId=${ulla.id}`).set(auth(ADMIN_KEY)).expect(200);
    expect(flags.body.items.length).toBeGreaterThan(0);
    const hook = await t.http
      .post('/api/v1/webhooks')
      .set(auth(ADMIN_KEY))
      .send({ url: 'http://127.0.0.1:9/x', events: ['flag.raised'] })
      .expect(201);
    const order = await t.db.one<{ id: string }>('SELECT id FROM orders WHERE business_id = $1 ORDER BY ordered_at DESC LIMIT 1', [ulla.id]);
    const group = await t.http
      .post('/api/v1/export-groups')
      .set(auth(ADMIN_KEY))
      .send({
        name: 'Kelompok Batik Lasem',
        market: 'SG',
        material: 'cotton',
        memberBusinessIds: [ulla.id, batik.id],
        coordinatorBusinessId: batik.id,
        route: 'pkbk',
        note: 'Kirim bersama lewat Pos Lasem',
      })
      .expect(201);
    ids = { business: ulla.id, order: order!.id, webhook: hook.body.id, group: group.body.id };
    const users: Record<Exclude<Who, 'guest'>, { email: string }> = {
      officer: await createUser(t, 'officer', undefined, { name: 'Sari' }),
      admin: await createUser(t, 'admin', undefined, { name: 'Budi' }),
      owner: await createUser(t, 'business', ulla.id, { name: 'Ulla' }),
    };
    // one context a role and language (the language is a cookie), with a desk page and a phone page
    for (const who of ['officer', 'admin', 'owner', 'guest'] as Who[]) {
      for (const lang of LANGS) {
        // the pages' CSP forbids inline scripts: the test injects axe-core, so it lifts the CSP for itself
        const ctx = await browser.newContext({ baseURL: base, bypassCSP: true, locale: 'id-ID' });
        const desk = await ctx.newPage();
        if (who !== 'guest') await login(desk, users[who].email);
        await ctx.addCookies([{ name: 'se_lang', value: lang, url: base }]);
        const phone = await ctx.newPage();
        await Promise.all([desk.setViewportSize({ width: 1280, height: 900 }), phone.setViewportSize({ width: 390, height: 844 })]);
        pages.set(`${who} ${lang}`, [desk, phone]);
      }
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends an officer from /dinas to the latest weekly list', async () => {
    const [desk] = pages.get('officer id')!;
    const res = await desk.goto('/dinas');
    expect(res?.status()).toBe(200);
    expect(new URL(desk.url()).pathname).toBe('/dinas/mingguan');
  });

  const named = PAGES.map((p) => [`${p.who} ${p.path({ business: ':id', order: ':id', webhook: ':id', group: ':id' })}`, p] as const);
  it.each(named)('%s', async (_name, p) => {
    const url = p.path(ids);
    const visit = async (lang: (typeof LANGS)[number], page: Page, width: number): Promise<string[]> => {
      const where = `${lang} ${width}px`;
      const res = await page.goto(url);
      const out = res?.status() === 200 ? [] : [`${where}: HTTP ${res?.status()}`];
      const htmlLang = await page.getAttribute('html', 'lang');
      if (htmlLang !== lang) out.push(`${where}: html lang ${htmlLang}`);
      for (const x of await inspect(page, lang, width)) out.push(`${where}: ${x}`);
      if (p.shot && lang === 'id') {
        await screenshot(page, `${p.shot}-${width}`);
        await page.screenshot({ path: join(ARTIFACTS, `${p.shot}-${width}-top.png`) });
      }
      return out;
    };
    const runs = LANGS.flatMap((lang) => pages.get(`${p.who} ${lang}`)!.map((page, k) => visit(lang, page, WIDTHS[k])));
    const problems = (await Promise.all(runs)).flat();
    expect(problems).toEqual([]);
  });
});
