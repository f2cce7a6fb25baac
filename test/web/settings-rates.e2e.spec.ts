import { RatesService } from '../../src/rates/rates.service';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, createUser, signInJar } from './web-helpers';

/** Settings' "Kurs (terbaru)": one row per currency, its most recent rate, not the last 30 rows of one currency. */
describe('latest exchange rate per currency (settings page)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('RatesService.latest(): every currency but IDR once, with its latest valid-from; a newer rate replaces it', async () => {
    const expected = await t.db.many<{ currency: string; valid_from: string; idr_per_unit: string }>(
      `SELECT r.currency, to_char(r.valid_from, 'YYYY-MM-DD') AS valid_from, r.idr_per_unit::text
         FROM exchange_rates r JOIN (SELECT currency, max(valid_from) AS m FROM exchange_rates GROUP BY currency) x ON x.currency = r.currency AND x.m = r.valid_from
        WHERE r.currency <> 'IDR' ORDER BY r.currency`,
    );
    expect(expected.length).toBeGreaterThanOrEqual(13);
    const latest = await t.app.get(RatesService).latest();
    expect(latest.map((r) => [r.currency, r.validFrom, Number(r.idrPerUnit)])).toEqual(expected.map((r) => [r.currency, r.valid_from, Number(r.idr_per_unit)]));
    expect(latest.map((r) => r.currency)).toEqual(expect.arrayContaining(['AUD', 'CNY', 'MYR', 'SGD', 'USD']));

    await t.http
      .post('/api/v1/rates')
      .set(auth(ADMIN_KEY))
      .send({ currency: 'MYR', validFrom: '2026-12-10', idrPerUnit: '3731.25', source: 'Kurs Pajak' })
      .expect(201);
    const after = await t.app.get(RatesService).latest();
    expect(after).toHaveLength(latest.length);
    expect(after.find((r) => r.currency === 'MYR')).toMatchObject({ validFrom: '2026-12-10', source: 'Kurs Pajak' });
    expect(Number(after.find((r) => r.currency === 'MYR')!.idrPerUnit)).toBe(3731.25);
  });

  it('the settings page lists that one latest row per currency, MYR/CNY/USD among them', async () => {
    const officer = await createUser(t, 'officer');
    const res = await t.http
      .get('/dinas/pengaturan')
      .set('Cookie', cookieHeader(await signInJar(t, officer.email)))
      .expect(200);
    const table = /<table class="rows" id="rates">.*?<tbody>(.*?)<\/tbody>/s.exec(res.text)![1];
    const cells = /<tr><td[^>]*>([A-Z]{3})<\/td><td data-label="Berlaku mulai">([^<]*)<\/td><td data-label="Rp per unit" class="num">([^<]*)</g;
    const rows = [...table.matchAll(cells)].map((m) => [m[1], m[2], m[3]]);
    const latest = await t.app.get(RatesService).latest();
    expect(rows.map((r) => r[0])).toEqual(latest.map((r) => r.currency));
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    expect(rows.find((r) => r[0] === 'MYR')).toEqual(['MYR', '10 Des 2026', '3.731,25']);
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['CNY', 'USD', 'SGD']));
  });
});
