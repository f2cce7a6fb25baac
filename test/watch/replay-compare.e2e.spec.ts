import { addDays } from '../../src/common/time';
import { DEFAULT_RULE_SET } from '../../src/flags/rule-set';
import { ReplaySignalsRepository } from '../../src/watch/replay-signals.repository';
import { ReplayRepository } from '../../src/watch/replay.repository';
import { SignalsRepository } from '../../src/watch/signals.repository';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { ARTIFACTS, cookieHeader, cookiesOf, createUser, csrfFrom, launchChromium, login } from '../web/web-helpers';
import { join } from 'node:path';

/** `perWeek` orders a week from `firstDay`'s week to `lastDay`'s, rotating over buyers. */
function orders(
  firstDay: string,
  lastDay: string,
  perWeek: number,
  o: { buyers: string[]; country: string; currency: string; amount: string; material: string; weightKg?: number },
) {
  const rows: Record<string, unknown>[] = [];
  for (let day = lastDay, w = 0; day >= firstDay; day = addDays(day, -7), w++) {
    for (let i = 0; i < perWeek; i++) {
      rows.push({
        orderedAt: `${addDays(day, -i)}T10:00:00+07:00`,
        destinationCountry: o.country,
        buyerRef: o.buyers[(w + i) % o.buyers.length],
        productCategory: 'bag',
        material: o.material,
        quantity: 1,
        amount: o.amount,
        currency: o.currency,
        shippingChannel: 'post',
        weightKg: o.weightKg ?? 1.5,
      });
    }
  }
  return rows;
}

const FIRST_RUN = '2026-08-02';
const LAST_RUN = '2026-11-22';
const sundays = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 7)) out.push(d);
  return out;
};
const STRICT = {
  ...DEFAULT_RULE_SET,
  readiness: { enter: { ...DEFAULT_RULE_SET.readiness.enter, minValue13wIdr: 1e12 }, stay: { ...DEFAULT_RULE_SET.readiness.stay, minValue13wIdr: 9e11 } },
};

describe('replay compared with the recorded weekly runs', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const counts = () =>
    t.db.one(`SELECT (SELECT count(*) FROM flags)::int AS flags, (SELECT count(*) FROM flag_evaluations)::int AS evaluations,
                     (SELECT count(*) FROM flag_events)::int AS events, (SELECT count(*) FROM domain_events)::int AS domain_events,
                     (SELECT count(*) FROM watch_runs)::int AS runs`);

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-11-25T03:00:00Z' });
    const seed: Array<[string, string, Record<string, unknown>[]]> = [
      // steady to Malaysia until mid-August, then quiet: raised, then resolved by the exit streak inside the runs
      [
        'Ulla Leather',
        'Lasem',
        orders('2026-01-04', '2026-08-16', 3, {
          buyers: ['Kedai KL', 'Butik Johor', 'Sabah Craft', 'Ipoh Shop'],
          country: 'MY',
          currency: 'MYR',
          amount: '1500.00',
          material: 'snakeskin',
        }),
      ],
      // steady to China throughout
      [
        'Arma Leather',
        'Rembang',
        orders('2026-02-01', '2026-11-22', 2, {
          buyers: ['Guangzhou Bags', 'Xiamen Craft', 'Shenzhen Mall'],
          country: 'CN',
          currency: 'CNY',
          amount: '2500.00',
          material: 'stingray',
        }),
      ],
      // a newcomer to Singapore from September: raised mid-way
      [
        'Griya Kreasi',
        'Sulang',
        orders('2026-08-30', '2026-11-22', 3, {
          buyers: ['Orchard Shop', 'Jurong Mart'],
          country: 'SG',
          currency: 'SGD',
          amount: '2000.00',
          material: 'goatskin',
        }),
      ],
      // a hobby seller: never flagged
      [
        'Batik Hobi',
        'Kragan',
        orders('2026-03-01', '2026-11-15', 1, { buyers: ['Tante SG'], country: 'SG', currency: 'SGD', amount: '25.00', material: 'cotton' }).filter(
          (_, i) => i % 3 === 0,
        ),
      ],
    ];
    for (const [name, district, rows] of seed) {
      const b = await createBusinessWithKey(t.http, { name, district });
      ids[name] = b.id;
      await t.http.post('/api/v1/orders/bulk').set(auth(ADMIN_KEY)).send({ businessId: b.id, orders: rows }).expect(200);
    }
    // the weekly runs, one Sunday after the other, as the schedule would have run them
    for (const asOf of sundays(FIRST_RUN, LAST_RUN)) {
      const run = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf }).expect(202);
      for (const until = Date.now() + 60_000; ;) {
        const r = await t.http.get(`/api/v1/watch/runs/${run.body.id}`).set(auth(ADMIN_KEY)).expect(200);
        if (r.body.status === 'failed') throw new Error(JSON.stringify(r.body));
        if (r.body.status === 'completed') break;
        if (Date.now() > until) throw new Error(`run ${asOf} still ${r.body.status}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  }, 240_000);
  afterAll(() => t.close());

  it('reads the same signals in one pass over all weeks as the engine reads week by week', async () => {
    const asOfs = sundays('2026-08-02', LAST_RUN);
    const byWeek = await t.app.get(ReplaySignalsRepository).signalsByWeek(Object.values(ids), asOfs, DEFAULT_RULE_SET.repeatMinOrders);
    let compared = 0;
    for (const [i, asOf] of asOfs.entries()) {
      const engine = await t.app.get(SignalsRepository).marketSignals(null, asOf, DEFAULT_RULE_SET.repeatMinOrders);
      const replay = Object.values(ids).flatMap((id) => byWeek.get(id)?.[i] ?? []);
      const key = (s: { businessId: string; market: string }) => `${s.businessId}|${s.market}`;
      expect(replay.map(key).sort()).toEqual(engine.map(key).sort());
      for (const e of engine) {
        expect({ asOf, pair: key(e), metrics: replay.find((r) => key(r) === key(e))!.metrics }).toEqual({ asOf, pair: key(e), metrics: e.metrics });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('with the current rules reproduces the recorded runs (empty comparison), also from a start inside an exit streak', async () => {
    const resolvedOn = (await t.db.one<{ d: string }>(
      `SELECT to_char(resolved_on, 'YYYY-MM-DD') AS d FROM flags WHERE business_id = $1 AND kind = 'readiness'`,
      [ids['Ulla Leather']],
    ))!.d;
    expect(resolvedOn > '2026-08-23').toBe(true);
    // the week before the resolution the flag had missed its stay thresholds once: the replay must start from that streak
    const start = await t.app.get(ReplayRepository).startingEpisodes(addDays(resolvedOn, -7));
    expect(start.find((e) => e.business_id === ids['Ulla Leather'] && e.kind === 'readiness')).toMatchObject({ status: 'open', exit_streak: 1 });

    const current = (await t.http.get('/api/v1/rule-sets/current').set(auth(ADMIN_KEY)).expect(200)).body.version;
    const before = await counts();
    for (const from of ['2026-08-09', resolvedOn]) {
      const res = await t.http.post('/api/v1/watch/replay').set(auth(ADMIN_KEY)).send({ from, to: LAST_RUN }).expect(200);
      const weeks = sundays(from, LAST_RUN).length;
      expect(res.body).toMatchObject({ status: 'completed', weeksTotal: weeks, weeksDone: weeks, ruleSetVersion: current });
      expect(res.body.diffSummary).toMatchObject({ weeksCompared: weeks, added: 0, removed: 0, changed: 0 });
      expect(res.body.weeks.every((w: any) => w.diff.compared && !w.diff.added.length && !w.diff.removed.length && !w.diff.changed.length)).toBe(true);
      // …and its raises and resolutions are the recorded episodes'
      const recorded = await t.db.many<{ k: string }>(
        `SELECT to_char(raised_on, 'YYYY-MM-DD') || ' raise ' || market || '/' || kind AS k FROM flags WHERE raised_on >= $1
         UNION ALL SELECT to_char(resolved_on, 'YYYY-MM-DD') || ' resolve ' || market || '/' || kind FROM flags WHERE resolved_on >= $1`,
        [from],
      );
      const replayed = res.body.weeks.flatMap((w: any) => [
        ...w.raised.map((r: any) => `${w.asOf} raise ${r.market}/${r.kind}`),
        ...w.resolved.map((r: any) => `${w.asOf} resolve ${r.market}/${r.kind}`),
      ]);
      expect(replayed.sort()).toEqual(recorded.map((r) => r.k).sort());
      if (from === resolvedOn) expect(res.body.weeks[0].resolved.map((r: any) => `${r.businessName}/${r.kind}`)).toEqual(['Ulla Leather/readiness']);
    }
    expect(await counts()).toEqual(before); // a dry run: nothing written but the replay rows
  });

  it('a stricter draft changes, then removes the readiness flags (hysteresis from the recorded state), leaves compliance alone, writes nothing', async () => {
    const before = await counts();
    const res = await t.http.post('/api/v1/watch/replay').set(auth(ADMIN_KEY)).send({ from: '2026-11-02', to: LAST_RUN, ruleSet: STRICT }).expect(200);
    expect(res.body.ruleSetVersion).toBeNull();
    expect(res.body.weeks.map((w: any) => w.asOf)).toEqual(['2026-11-08', '2026-11-15', '2026-11-22']);
    const onList = await t.db.many<{ as_of: string; k: string; name: string; market: string; kind: string; open_at_start: boolean }>(
      `SELECT to_char(e.as_of, 'YYYY-MM-DD') AS as_of, b.name || '/' || e.market || '/' || e.kind || ' ' || e.decision AS k, b.name, e.market, e.kind,
              (f.raised_on <= '2026-11-01') AS open_at_start
         FROM flag_evaluations e JOIN businesses b ON b.id = e.business_id JOIN flags f ON f.id = e.flag_id
        WHERE e.as_of >= '2026-11-08' AND e.kind = 'readiness' AND e.decision IN ('raise', 'keep')`,
    );
    // the replay lists each week's entries by business name, then market and kind: the same order here, in JS (not the database's collation)
    const sortKey = (r: (typeof onList)[number]) => [r.as_of, r.name, r.market, r.kind];
    onList.sort((a, b) => {
      const [ka, kb] = [sortKey(a), sortKey(b)];
      const i = ka.findIndex((x, j) => x !== kb[j]);
      return i < 0 ? 0 : ka[i] < kb[i] ? -1 : 1;
    });
    expect(onList.filter((r) => r.open_at_start).length).toBeGreaterThan(0);
    // an episode open before the first week fails the stricter stay thresholds once (kept, with a lower score), then resolves
    const expectChanged = onList.filter((r) => r.open_at_start && r.as_of === '2026-11-08');
    const expectRemoved = onList.filter((r) => !(r.open_at_start && r.as_of === '2026-11-08'));
    const entries = (change: string) =>
      res.body.weeks.flatMap((w: any) =>
        w.diff[change].map((e: any) => ({ as_of: w.asOf, k: `${e.businessName}/${e.market}/${e.kind} ${e.recorded.decision}`, e })),
      );
    expect(entries('removed').map(({ as_of, k }: any) => ({ as_of, k }))).toEqual(expectRemoved.map(({ as_of, k }) => ({ as_of, k })));
    expect(entries('changed').map(({ as_of, k }: any) => ({ as_of, k }))).toEqual(expectChanged.map(({ as_of, k }) => ({ as_of, k })));
    for (const { e } of entries('changed')) expect(e.draft.decision === 'keep' && e.draft.score < e.recorded.score).toBe(true);
    for (const { e } of entries('removed')) expect(['none', 'resolve']).toContain(e.draft?.decision ?? 'none');
    expect(res.body.diffSummary).toMatchObject({ weeksCompared: 3, added: 0, removed: expectRemoved.length, changed: expectChanged.length });
    expect(res.body.diffSummary.perWeek.map((w: any) => w.removed)).toEqual(
      res.body.weeks.map((w: any) => expectRemoved.filter((x) => x.as_of === w.asOf).length),
    );
    expect(res.body.weeks.flatMap((w: any) => [...w.diff.removed, ...w.diff.changed, ...w.diff.added]).some((e: any) => e.kind === 'compliance')).toBe(false);
    // the result as read later has the same comparison
    const again = await t.http.get(`/api/v1/watch/replays/${res.body.id}`).set(auth(ADMIN_KEY)).expect(200);
    expect(again.body.diffSummary).toEqual(res.body.diffSummary);
    expect(await counts()).toEqual(before);
  });

  it('the rules page shows the comparison before publishing: ditambah / dihapus / berubah per week and per business, English when switched', async () => {
    const admin = await createUser(t, 'admin', undefined, { name: 'Admin' });
    const form = await t.http.get('/masuk').expect(200);
    let jar = cookiesOf(form);
    jar = cookiesOf(
      await t.http
        .post('/masuk')
        .set('Cookie', cookieHeader(jar))
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: admin.email, password: 'kata-sandi-rahasia-1' }),
      jar,
    );
    const rules = await t.http.get('/dinas/aturan').set('Cookie', cookieHeader(jar)).expect(200);
    const post = (lang: 'id' | 'en') =>
      t.http
        .post('/dinas/aturan/uji')
        .set('Cookie', cookieHeader({ ...jar, se_lang: lang }))
        .type('form')
        .send({ _csrf: csrfFrom(rules.text), params: JSON.stringify(STRICT), from: '2026-11-02', to: LAST_RUN, note: 'lebih ketat' });
    const id = (await post('id').expect(200)).text;
    const table = id.slice(id.indexOf('id="replay-pairs"'), id.indexOf('</table>', id.indexOf('id="replay-pairs"')));
    expect(id).toContain('Dibandingkan dengan yang tercatat');
    expect(id).toMatch(/<b>0<\/b>ditambah<\/div><div><b>[1-9]\d*<\/b>dihapus<\/div><div><b>[1-9]\d*<\/b>berubah/);
    expect(id).toMatch(
      /<td data-label="Minggu">2026-W47<\/td><td data-label="ditambah" class="num">0<\/td><td data-label="dihapus" class="num">[1-9]\d*<\/td>/,
    );
    const rows = (page: string) => {
      const t0 = page.indexOf('id="replay-pairs"');
      const body = page.slice(page.indexOf('<tbody>', t0), page.indexOf('</table>', t0));
      return body
        .split('<tr>')
        .slice(1)
        .map((r) =>
          r
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        );
    };
    expect(table).not.toContain('Ulla Leather'); // resolved in the record long before: nothing to compare
    const arma = rows(id).filter((r) => r.includes('Arma Leather'));
    expect(arma).toHaveLength(2);
    expect(arma[0]).toMatch(
      /^Arma Leather · Rembang Tiongkok Kesiapan ekspor dihapus 2026-W46 – 2026-W47 \(2×\) tidak ditandai · skor [\d,]+ tetap ditandai · skor [\d,]+$/,
    );
    expect(arma[1]).toMatch(
      /^Arma Leather · Rembang Tiongkok Kesiapan ekspor berubah 2026-W45 \(1×\) tetap ditandai · skor [\d,]+ tetap ditandai · skor [\d,]+$/,
    );
    expect(id.indexOf('id="replay-comparison"')).toBeLessThan(id.indexOf('action="/dinas/aturan/terbitkan"')); // seen before the publish button
    const en = (await post('en').expect(200)).text;
    expect(en).toContain('Compared with what was recorded');
    expect(rows(en).filter((r) => r.includes('Arma Leather'))[0]).toMatch(
      /^Arma Leather · Rembang China Export readiness removed 2026-W46 – 2026-W47 \(2×\) not flagged · score [\d.]+ kept · score [\d.]+$/,
    );
  });

  it('is readable at 1280 px and 390 px (no page-wide horizontal scroll; screenshots)', async () => {
    await t.app.listen(0, '127.0.0.1');
    const browser = await launchChromium();
    try {
      const admin = await createUser(t, 'admin', undefined, { name: 'Admin' });
      for (const [width, height] of [
        [1280, 900],
        [390, 844],
      ]) {
        const ctx = await browser.newContext({ baseURL: await t.app.getUrl(), viewport: { width, height }, locale: 'id-ID' });
        const page = await ctx.newPage();
        await login(page, admin.email);
        await page.goto('/dinas/aturan');
        await page.click('#rule-json summary'); // the JSON is the experts' part of the draft form
        await page.fill('#params', JSON.stringify(STRICT, null, 2));
        await page.fill('#from', '2026-10-05');
        await Promise.all([page.waitForURL(/\/dinas\/aturan\/uji/), page.getByRole('button', { name: 'Uji JSON ini' }).click()]);
        expect(await page.locator('#replay-pairs tbody tr').count()).toBeGreaterThan(0);
        expect(await page.locator('#diff-totals').textContent()).toContain('dihapus');
        expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
        await page.screenshot({ path: join(ARTIFACTS, `rules-replay-comparison-${width}.png`), fullPage: true });
        await ctx.close();
      }
    } finally {
      await browser.close();
    }
  });
});
