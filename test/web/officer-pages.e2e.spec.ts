import { addDays } from '../../src/common/time';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, createUser, csrfFrom, signInJar } from './web-helpers';
import { textBody } from '../utils/text-body';
import { WeeklyPagesController } from '../../src/web/weekly/weekly.controller';

/** The rows of the weekly list's table, each as its text without tags. */
function weeklyRows(html: string): Map<string, string> {
  const rows = [...html.matchAll(/<tr data-flag="([^"]+)">(.*?)<\/tr>/gs)];
  return new Map(rows.map((m) => [m[1], m[2].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')]));
}

/**
 * The officer pages through real HTTP: the weekly list with its evidence and both statuses, a
 * business page whose long history stays folded, and form posts that break a rule answering 400
 * with the error beside the field and nothing stored.
 */
describe('officer pages: weekly list, business page, form posts', () => {
  let t: TestApp;
  let businessId: string;
  let compliance: string;
  let readiness: string;
  let cookie: string;

  const count = async (sql: string): Promise<number> => {
    const n = Number((await t.db.one<{ n: string }>(sql))?.n);
    if (!Number.isInteger(n)) throw new Error(`not a count: ${sql}`);
    return n;
  };
  const get = (path: string) => t.http.get(path).set('Cookie', cookie).set('accept', 'text/html');
  const post = async (page: string, action: string, form: Record<string, string | string[]>) => {
    const csrf = csrfFrom((await get(page).expect(200)).text);
    return t.http
      .post(action)
      .set('Cookie', cookie)
      .set('accept', 'text/html')
      .type('form')
      .send({ _csrf: csrf, ...form });
  };

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-11-25T03:00:00Z' });
    const b = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    businessId = b.id;
    const buyers = ['Kedai KL', 'Butik Johor', 'Sabah Craft'];
    const orders = Array.from({ length: 26 * 3 }, (_, i) => ({
      orderedAt: `${addDays('2026-11-21', -7 * Math.floor(i / 3) - (i % 3))}T10:00:00+07:00`,
      destinationCountry: 'MY',
      buyerRef: buyers[i % 3],
      productCategory: 'bag',
      material: 'snakeskin',
      quantity: 1,
      amount: '1500.00',
      currency: 'MYR',
      shippingChannel: 'post',
      weightKg: i === 4 ? 31.5 : 1.5,
    }));
    await t.http.post('/api/v1/orders/bulk').set(auth(ADMIN_KEY)).send({ businessId, orders }).expect(200);
    const run = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    for (let i = 0; ; i++) {
      const r = await t.http.get(`/api/v1/watch/runs/${run.body.id}`).set(auth(ADMIN_KEY)).expect(200);
      if (r.body.status === 'completed') break;
      if (i > 200 || r.body.status === 'failed') throw new Error(JSON.stringify(r.body));
      await new Promise((res) => setTimeout(res, 150));
    }
    for (let i = 0; (await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(ADMIN_KEY))).status !== 200; i++) {
      if (i > 200) throw new Error('the weekly list was not published');
      await new Promise((res) => setTimeout(res, 150));
    }
    const flags = await t.http.get(`/api/v1/flags?businessId=${businessId}`).set(auth(ADMIN_KEY)).expect(200);
    compliance = flags.body.items.find((f: { kind: string }) => f.kind === 'compliance').id;
    readiness = flags.body.items.find((f: { kind: string }) => f.kind === 'readiness').id;
    // after publication: the compliance flag moves on, ten times, so its history grows long
    for (let i = 0; i < 10; i++) {
      t.clock.advance(3600_000);
      const status = i % 2 ? 'paperwork_in_progress' : 'in_review';
      await t.http
        .patch(`/api/v1/flags/${compliance}`)
        .set(auth(ADMIN_KEY))
        .send({ status, note: `langkah ${i + 1}` })
        .expect(200);
    }
    const officer = await createUser(t, 'officer', undefined, { name: 'Sari' });
    cookie = cookieHeader(await signInJar(t, officer.email));
  });
  afterAll(() => t.close());

  it('the weekly list shows per row its reasons, paperwork, heaviest parcel, wildlife material, and both statuses labelled', async () => {
    const res = await get('/dinas/mingguan').expect(200);
    const rows = weeklyRows(res.text);
    const c = rows.get(compliance)!;
    expect(c).toContain('Saat terbit: Terbuka');
    expect(c).toContain('Sekarang: Dokumen diproses'); // where the tenth change left it
    expect(c).toContain('Bahan satwa liar: Kulit ular');
    expect(c).toContain('Kiriman terberat: 31,5 kg');
    expect(c).toMatch(/SATS-LN/);
    const r = rows.get(readiness)!;
    expect(r).toContain('Saat terbit: Terbuka Sekarang: Terbuka');
    expect(r).toMatch(/Kontinuitas/);
    expect(res.text).toMatch(/<td data-label="Nilai 13 mg" class="num">Rp\u00a0\d{1,3}(\.\d{3})+<\/td>/);
    const en = await get('/dinas/mingguan').set('Cookie', `${cookie}; se_lang=en`).expect(200);
    expect(weeklyRows(en.text).get(compliance)).toContain('At publication: Open Now: Paperwork in progress');
  });

  it("pages the list: every row on exactly one page, in the API's order, with counts of all rows; a bad page number is a 400", async () => {
    const api = await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(ADMIN_KEY)).expect(200);
    const all = (api.body.items as Array<{ flagId: string }>).map((i) => i.flagId);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const before = WeeklyPagesController.pageRows;
    WeeklyPagesController.pageRows = 1;
    try {
      const seen: string[] = [];
      for (let n = 1; n <= all.length; n++) {
        const res = await get(`/dinas/mingguan?minggu=2026-W47&halaman=${n}`).expect(200);
        seen.push(...weeklyRows(res.text).keys());
        expect(res.text).toContain(`<div><b>${all.length}</b>usaha × pasar</div>`);
        expect(res.text).toContain(`Halaman ${n} dari ${all.length}`);
      }
      expect(seen).toEqual(all);
      // past the last page: no rows, the counts still there
      const past = await get(`/dinas/mingguan?minggu=2026-W47&halaman=${all.length + 1}`).expect(200);
      expect(weeklyRows(past.text).size).toBe(0);
      // a filter pages the rows it keeps
      const lasem = await get('/dinas/mingguan?minggu=2026-W47&kecamatan=Lasem&jenis=compliance').expect(200);
      expect([...weeklyRows(lasem.text).keys()]).toEqual([compliance]);
      for (const bad of ['0', '-1', 'dua', '1.5']) await get(`/dinas/mingguan?minggu=2026-W47&halaman=${bad}`).expect(400);
    } finally {
      WeeklyPagesController.pageRows = before;
    }
  });

  it("the CSV download is the API's CSV of the same week, filters and language, streamed", async () => {
    const week = (await t.http.get('/api/v1/reports/weekly').set(auth(ADMIN_KEY)).expect(200)).body.items[0].week as string;
    for (const [query, api, lang] of [
      ['', '', 'id'],
      ['&kecamatan=Lasem&jenis=compliance', '&district=Lasem&kind=compliance', 'en'],
    ]) {
      const web = await get(`/dinas/mingguan.csv?minggu=${week}${query}`)
        .set('Cookie', `${cookie}; se_lang=${lang}`)
        .buffer(true)
        .parse(textBody as never)
        .expect(200);
      expect(web.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(web.headers['content-disposition']).toBe(`attachment; filename="daftar-mingguan-${week}.csv"`);
      const ref = await t.http
        .get(`/api/v1/reports/weekly/${week}?lang=${lang}${api}`)
        .set(auth(ADMIN_KEY))
        .set('Accept', 'text/csv')
        .buffer(true)
        .parse(textBody as never)
        .expect(200);
      expect(web.body).toBe(ref.body);
      expect((web.body as string).split('\r\n').length).toBeGreaterThan(2);
    }
  });

  it('the business page shows the last three history entries and folds the full history, oldest first, in a closed disclosure', async () => {
    const res = await get(`/dinas/usaha/${businessId}`).expect(200);
    const recent = new RegExp(`<ol class="timeline recent" data-recent="${compliance}">(.*?)</ol>`, 's').exec(res.text);
    expect([...recent![1].matchAll(/<li /g)]).toHaveLength(3);
    expect(recent![1]).toContain('“langkah 10”');
    expect(recent![1].indexOf('langkah 8')).toBeLessThan(recent![1].indexOf('langkah 10'));
    const summary = '<details class="history-all"><summary>Riwayat \\(11\\) — tampilkan semua</summary>';
    const all = new RegExp(`${summary}<ol class="timeline" id="history-${compliance}" data-total="11">(.*?)</ol></details>`, 's').exec(res.text);
    expect(all).not.toBeNull();
    const items = [...all![1].matchAll(/<li data-event="([a-z_]+)"/g)].map((m) => m[1]);
    expect(items).toEqual(['raised', ...Array(10).fill('status_changed')]);
    expect(res.text).not.toMatch(/<details class="history-all" open/);
  });

  it('a business with a bad email answers 400 with the Indonesian error beside the field, and stores nothing', async () => {
    const [businesses, users] = [await count('SELECT count(*) AS n FROM businesses'), await count('SELECT count(*) AS n FROM users')];
    const form = { name: 'Kulit Pari Sejahtera', district: 'Sarang', email: 'not-an-email', materials: ['stingray'] };
    const res = await post('/dinas/usaha', '/dinas/usaha', form);
    expect(res.status).toBe(400);
    // the error right after its field, in Indonesian, the input kept
    expect(res.text).toMatch(/<input id="b-email" name="email" value="not-an-email"[^>]*aria-invalid="true"[^>]*>\s*<p class="field-error" id="err-email"/);
    expect(res.text).toContain('<p class="field-error" id="err-email" role="alert">Alamat email tidak valid.</p>');
    expect(res.text).toContain('value="Kulit Pari Sejahtera"');
    expect(res.text).toContain('value="stingray" checked');
    expect(await count('SELECT count(*) AS n FROM businesses')).toBe(businesses);
    expect(await count('SELECT count(*) AS n FROM users')).toBe(users);
    const bad = await post('/dinas/usaha', '/dinas/usaha', { name: 'X', district: 'Atlantis', materials: ['gold'] });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="err-district" role="alert">Pilih salah satu pilihan yang tersedia.');
    expect(bad.text).toContain('id="err-materials" role="alert">');
    expect(await count('SELECT count(*) AS n FROM businesses')).toBe(businesses);
  });

  it('a good business post stores it and invites the owner', async () => {
    const form = { name: 'Kulit Pari Sejahtera', district: 'sarang', email: 'pari@contoh.id', ownerName: 'Pak Pari', materials: 'stingray' };
    const res = await post('/dinas/usaha', '/dinas/usaha', form);
    expect(res.status).toBe(303);
    const id = /\/dinas\/usaha\/([0-9a-f-]{36})\?ok=invited/.exec(res.headers.location)![1];
    const row = await t.db.one<{ district: string; materials: string[] }>('SELECT district, materials FROM businesses WHERE id = $1', [id]);
    expect(row).toEqual({ district: 'Sarang', materials: ['stingray'] });
    expect(await count(`SELECT count(*) AS n FROM users WHERE email = 'pari@contoh.id' AND business_id = '${id}'`)).toBe(1);
  });

  it('an invite, a status change and a snooze that break a rule answer 400 beside the field and store nothing', async () => {
    const page = `/dinas/usaha/${businessId}`;
    const users = await count('SELECT count(*) AS n FROM users');
    const invite = await post(page, `${page}/undang`, { email: 'bukan-email', name: 'Bu Ulla' });
    expect(invite.status).toBe(400);
    expect(invite.text).toContain('<details id="invite" open>');
    expect(invite.text).toContain('id="err-email" role="alert">Alamat email tidak valid.');
    expect(await count('SELECT count(*) AS n FROM users')).toBe(users);

    const events = await count(`SELECT count(*) AS n FROM flag_events WHERE flag_id = '${readiness}'`);
    const status = await post(page, `/dinas/bendera/${readiness}/status`, { status: 'resolved', note: 'x', kembali: page });
    expect(status.status).toBe(400);
    expect(status.text).toContain(`id="err-status" role="alert">Pilih salah satu pilihan yang tersedia.`);
    const snooze = await post(page, `/dinas/bendera/${readiness}/tunda`, { until: '2026-11-20', note: 'terlalu awal', kembali: page });
    expect(snooze.status).toBe(400);
    expect(snooze.text).toMatch(/<input id="until-[^"]+" name="until" type="date" min="2026-11-26" value="2026-11-20" required aria-invalid="true"/);
    expect(snooze.text).toContain('id="err-until" role="alert">Tanggal harus setelah hari ini (WIB).');
    expect(snooze.text).toContain('value="terlalu awal"');
    const notDate = await post(page, `/dinas/bendera/${readiness}/tunda`, { until: '2026-02-30', kembali: page });
    expect(notDate.text).toContain('id="err-until" role="alert">Tanggal tidak valid (format TTTT-BB-HH).');
    expect(await count(`SELECT count(*) AS n FROM flag_events WHERE flag_id = '${readiness}'`)).toBe(events);
    const row = await t.db.one<{ status: string; snoozed_until: string | null }>('SELECT status, snoozed_until FROM flags WHERE id = $1', [readiness]);
    expect(row).toEqual({ status: 'open', snoozed_until: null });
  });

  it('"mark formal exporter" sets that status even though the select says otherwise, and returns to the page', async () => {
    const page = `/dinas/usaha/${businessId}`;
    const form = { status: ['in_review', 'formal_exporter'], note: 'NIB dan izin lengkap', kembali: page };
    const res = await post(page, `/dinas/bendera/${readiness}/status`, form);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${page}?ok=status#flag-${readiness}`);
    expect((await t.db.one<{ status: string }>('SELECT status FROM flags WHERE id = $1', [readiness]))!.status).toBe('formal_exporter');
  });
});
