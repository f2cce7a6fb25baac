import { addDays } from '../../src/common/time';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, createUser, csrfFrom, signInJar } from './web-helpers';

/** The draft form's fields as the page renders them: name → value. */
function fieldsOf(text: string): Record<string, string> {
  const form = /<form[^>]*id="rule-draft"[\s\S]*?<\/form>/.exec(text)![0];
  return Object.fromEntries([...form.matchAll(/<input id="p-[^"]+" name="([^"]+)"[^>]* value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** The rules page's draft form: numbers per threshold, the rule-set validator beside each field, the replay before publishing. */
describe('rules draft form (HTTP, replay worker in-process)', () => {
  let t: TestApp;
  let officer: string;
  let admin: string;
  const count = async (table: string) => Number((await t.db.one<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`))!.n);
  const weeks = { from: '2026-11-16', to: '2026-11-25' };
  /** Posts the draft form as a browser would, with the page's CSRF token. */
  const post = (cookie: string, page: string, path: string, fields: Record<string, string>) =>
    t.http
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfFrom(page), ...fields });

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    const ulla = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['cowhide'] });
    const orders = Array.from({ length: 40 }, (_, i) => ({
      orderedAt: `${addDays('2026-11-21', -7 * Math.floor(i / 2) - (i % 2))}T10:00:00+07:00`,
      destinationCountry: 'MY',
      buyerRef: ['Kedai KL', 'Butik Johor'][i % 2],
      productCategory: 'bag',
      material: 'cowhide',
      quantity: 1,
      amount: '1500.00',
      currency: 'MYR',
      shippingChannel: 'post',
      weightKg: 1.5,
    }));
    await t.http.post('/api/v1/orders/bulk').set(auth(ADMIN_KEY)).send({ businessId: ulla.id, orders }).expect(200);
    officer = cookieHeader(await signInJar(t, (await createUser(t, 'officer')).email));
    admin = cookieHeader(await signInJar(t, (await createUser(t, 'admin')).email));
  });
  afterAll(() => t.close());

  it('shows each threshold of the current version as a labelled field with its unit, what it does and its current value', async () => {
    const res = await t.http.get('/dinas/aturan').set('Cookie', officer).expect(200);
    const f = fieldsOf(res.text);
    expect(f['readiness.enter.minValue13wIdr']).toBe('50.000.000');
    expect(f['readiness.enter.maxPeakWeekShare']).toBe('35');
    expect(f['readiness.stay.quietGapFactor']).toBe('1,5');
    expect(f['dismissalExpiresAfterWeeks']).toBe('');
    // the scorecard block: the defaults of a rule set published without it, editable like the rest
    expect(f['scorecard.monthlyTargetIdr']).toBe('20.000.000');
    expect(f['scorecard.capacityCoachingShare']).toBe('80');
    expect(Object.keys(f)).toHaveLength(15 * 2 + 2 + 6 + 2 + 4);
    const legends = [...res.text.matchAll(/<legend><h3>([^<]+)<\/h3><\/legend>/g)].map((m) => m[1]);
    expect(legends).toEqual(['Masuk', 'Bertahan', 'Kepatuhan', 'Umum', 'Rapor 3K dan kapasitas', 'Minggu yang diuji']);
    const label = '<label for="p-readiness-enter-minValue13wIdr">Nilai 13 minggu <span class="muted">(Rp)</span>';
    expect(res.text).toContain(`${label}\n<span class="hint" id="h-readiness-enter-minValue13wIdr">Nilai 13 minggu (pola baru`);
    expect(res.text).toContain('berlaku: <b>Rp\u00a050.000.000</b>');
    expect(res.text).toContain('berlaku: <b>35%</b>');
    const en = await t.http.get('/dinas/aturan').set('Cookie', `${officer}; se_lang=en`).expect(200);
    expect(fieldsOf(en.text)['readiness.enter.minValue13wIdr']).toBe('50000000');
    expect(en.text).toContain('current: <b>Rp\u00a050,000,000</b>');
  });

  it("refuses a bad threshold with 400, the validator's rule beside that field, the input kept, and runs no replay", async () => {
    const page = await t.http.get('/dinas/aturan').set('Cookie', officer).expect(200);
    const fields = {
      ...fieldsOf(page.text),
      'readiness.enter.maxPeakWeekShare': '150',
      'readiness.enter.minActiveMonths': 'tiga',
      'readiness.stay.minValue13wIdr': '90.000.000',
    };
    const [replays, versions] = [await count('watch_replays'), await count('rule_sets')];
    const res = await post(officer, page.text, '/dinas/aturan/uji', { ...fields, ...weeks, note: '' });
    expect(res.status).toBe(400);
    const share = 'readiness-enter-maxPeakWeekShare';
    expect(res.text).toContain(`value="150" aria-describedby="h-${share} err-${share}" aria-invalid="true">`);
    const beside = `<p class="field-error" id="err-${share}" role="alert">Harus antara 0% dan 100%\\.</p>`;
    expect(res.text).toMatch(new RegExp(`value="150"[^>]*>[\\s\\S]{0,200}${beside}`));
    expect(res.text).toMatch(/value="tiga"[^>]*aria-invalid="true">[\s\S]{0,200}id="err-readiness-enter-minActiveMonths" role="alert">Harus berupa angka\./);
    expect(fieldsOf(res.text)['readiness.stay.minValue13wIdr']).toBe('90.000.000');
    expect(res.text).not.toContain('id="err-readiness-enter-minValue13wIdr"');
    expect(res.text).not.toContain('id="publish"');
    expect(await count('watch_replays')).toBe(replays);
    expect(await count('rule_sets')).toBe(versions);

    // stay stricter than enter: the validator's cross-field rule, shown on the stay group
    const stricter = await post(officer, page.text, '/dinas/aturan/uji', { ...fieldsOf(page.text), 'readiness.stay.minValue13wIdr': '90.000.000', ...weeks });
    expect(stricter.status).toBe(400);
    expect(stricter.text).toContain('id="err-group-stay">Ambang bertahan tidak boleh lebih ketat daripada ambang masuk.</p>');
    expect(await count('watch_replays')).toBe(replays);
  });

  it('tests a draft with a replay first (flags raised per week), then lets an admin publish exactly that draft', async () => {
    const page = await t.http.get('/dinas/aturan').set('Cookie', officer).expect(200);
    const fields = {
      ...fieldsOf(page.text),
      'readiness.enter.minValue13wIdr': '40.000.000',
      'readiness.enter.maxPeakWeekShare': '40',
      'scorecard.monthlyTargetIdr': '25.000.000',
    };
    const res = await post(officer, page.text, '/dinas/aturan/uji', { ...fields, ...weeks, note: 'lebih longgar' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Status: Selesai. 1 dari 1 minggu (2026-11-22 – 2026-11-22).');
    const week = /<td data-label="Minggu">2026-W47<\/td><td data-label="Ditandai"><div><a href="\/dinas\/usaha\/[0-9a-f-]+">Ulla Leather<\/a> · Malaysia/;
    expect(res.text).toMatch(week);
    expect(res.text).toContain('Hanya admin yang dapat menerbitkan');
    expect(res.text).not.toContain('id="publish"');
    expect(fieldsOf(res.text)['readiness.enter.minValue13wIdr']).toBe('40.000.000');
    type Stored = { rule_set: { readiness: { enter: { minValue13wIdr: number; maxPeakWeekShare: number } } } };
    const replay = await t.db.one<Stored>('SELECT rule_set FROM watch_replays ORDER BY created_at DESC LIMIT 1');
    expect(replay!.rule_set.readiness.enter).toMatchObject({ minValue13wIdr: 40_000_000, maxPeakWeekShare: 0.4 });

    expect((await post(officer, page.text, '/dinas/aturan/terbitkan', { params: '{}' })).status).toBe(403);
    const adminPage = await t.http.get('/dinas/aturan').set('Cookie', admin).expect(200);
    const tested = await post(admin, adminPage.text, '/dinas/aturan/uji', { ...fields, ...weeks, note: 'lebih longgar' });
    const publish = /action="\/dinas\/aturan\/terbitkan"[^>]*id="publish">[\s\S]*?<input type="hidden" name="params" value="([^"]+)">/.exec(tested.text);
    expect(publish).not.toBeNull();
    const params = JSON.parse(publish![1].replace(/&quot;/g, '"'));
    const before = await count('rule_sets');
    const done = await post(admin, adminPage.text, '/dinas/aturan/terbitkan', { params: JSON.stringify(params), note: 'lebih longgar' });
    expect(done.status).toBe(303);
    expect(await count('rule_sets')).toBe(before + 1);
    const current = await t.http.get('/api/v1/rule-sets/current').set(auth(ADMIN_KEY)).expect(200);
    expect(current.body).toMatchObject({ note: 'lebih longgar', params: { readiness: { enter: { minValue13wIdr: 40_000_000, maxPeakWeekShare: 0.4 } } } });
    // the scorecard block is stored with the version, not only shown
    const stored = await t.db.one<{ params: { scorecard: unknown } }>('SELECT params FROM rule_sets WHERE version = $1', [current.body.version]);
    expect(stored!.params.scorecard).toEqual({
      monthlyTargetIdr: 25_000_000,
      kualitasMinRepeatShare: 0.4,
      kontinuitasMinMonths: 4,
      capacityCoachingShare: 0.8,
    });
  });
});
