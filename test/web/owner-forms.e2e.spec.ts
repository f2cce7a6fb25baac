import { addDays, wibDate } from '../../src/common/time';
import { createBusinessWithKey } from '../factories';
import { startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, cookiesOf, createUser, csrfFrom, signInJar } from './web-helpers';

/** The form posts of the owner and sign-in pages: the API's rules, errors beside the field, nothing stored on a refusal. */
describe('owner and sign-in form posts (HTTP, real Postgres)', () => {
  let t: TestApp;
  let business: { id: string; key: string };
  let jar: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    business = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    const u = await createUser(t, 'business', business.id);
    jar = await signInJar(t, u.email);
  });
  afterAll(() => t.close());

  const count = async () => (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE business_id = $1', [business.id]))!.n;
  async function postOrder(fields: Record<string, string>) {
    const form = await t.http.get('/pesanan/baru').set('Cookie', cookieHeader(jar)).expect(200);
    const ref = /name="_ref" value="([^"]+)"/.exec(form.text)![1];
    const body = {
      _csrf: csrfFrom(form.text),
      _ref: ref,
      orderedAt: '2026-11-20',
      destinationCountry: 'MY',
      buyerRef: 'Kedai Kulit KL',
      productCategory: 'bag',
      material: 'cowhide',
      quantity: '2',
      amount: '1.450,50',
      currency: 'MYR',
      shippingChannel: 'post',
      route: 'tidak_tahu',
      originCertificate: 'none',
      ...fields,
    };
    return { ref, res: await t.http.post('/pesanan').set('Cookie', cookieHeader(jar)).type('form').send(body) };
  }

  it('refuses quantity 0 and a future date with 400, each error beside its field, the answers kept and no order stored', async () => {
    const future = addDays(wibDate(t.clock.now()), 2);
    const before = await count();
    const { res } = await postOrder({ quantity: '0', orderedAt: future, buyerRef: 'Kedai <KL>' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<p class="field-error" id="err-quantity" role="alert">Isi jumlah barang: bilangan bulat 1 sampai 100.000.</p>');
    expect(res.text).toContain('<p class="field-error" id="err-orderedAt" role="alert">Tanggal tidak boleh di masa depan.</p>');
    // the error sits right before the input it explains, and the input points at it
    expect(res.text).toMatch(/id="err-quantity"[^\n]*<\/p>\n<input id="f-quantity"[^>]*value="0" aria-describedby="err-quantity" aria-invalid="true"/);
    expect(res.text).toContain(`value="${future}" aria-describedby="err-orderedAt" aria-invalid="true"`);
    expect(res.text).toContain('value="Kedai &lt;KL&gt;"');
    expect(res.text).toContain('Periksa 2 isian berikut; belum ada yang disimpan');
    expect(await count()).toBe(before);
  });

  it("stores a good post with its route and certificate of origin, and shows the route advice on the new order's page", async () => {
    const before = await count();
    const { ref, res } = await postOrder({ route: 'cn_pos', originCertificate: 'form_d', weightKg: '31,5' });
    expect(res.status).toBe(303);
    const id = /^\/pesanan\/([0-9a-f-]{36})\?baru=1$/.exec(res.headers.location)![1];
    expect(await count()).toBe(before + 1);
    const row = await t.db.one('SELECT declaration, declared_by, origin_certificate, external_ref, weight_kg::text AS kg FROM orders WHERE id = $1', [id]);
    expect(row).toEqual({ declaration: 'cn', declared_by: 'postal_operator', origin_certificate: 'form_d', external_ref: ref, kg: '31.500' });
    const cookies = cookiesOf(res, { ...jar });
    expect(cookies.se_advice).toBeTruthy();
    const shown = await t.http.get(res.headers.location).set('Cookie', cookieHeader(cookies)).expect(200);
    expect(shown.text).toMatch(/<li data-code="peb_required">Kiriman 31\.5 kg di atas 30 kg: usaha wajib memakai PEB, bukan CN\.<\/li>/);
    expect(shown.text).toContain('<dt>Dokumen ekspor kiriman ini</dt><dd>Dikirim lewat Pos/kurir dengan CN atas nama usaha</dd>');
    expect(shown.text).toContain('<dt>Surat keterangan asal (SKA)</dt><dd>SKA Form D (negara ASEAN)</dd>');
    // shown once: the cookie is cleared, and a later visit has no advice box
    expect(String(shown.headers['set-cookie'])).toMatch(/se_advice=;[^,]*Max-Age=0/);
    const later = await t.http.get(`/pesanan/${id}`).set('Cookie', cookieHeader(jar)).expect(200);
    expect(later.text).not.toContain('order-advice');
  });

  it('refuses a route the form does not offer at the route choice, storing nothing', async () => {
    const before = await count();
    const { res } = await postOrder({ route: 'lewat_udara' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<p class="field-error" id="err-declaration" role="alert">Pilih salah satu pilihan.</p>');
    expect(await count()).toBe(before);
  });

  it('voids only with a reason: an empty one re-renders the order with 400 and the error beside the field', async () => {
    const { res } = await postOrder({ buyerRef: 'akan dibatalkan' });
    const url = res.headers.location.split('?')[0];
    const page = await t.http.get(url).set('Cookie', cookieHeader(jar)).expect(200);
    const bad = await t.http
      .post(`${url}/batal`)
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: '   ' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<p class="field-error" id="err-reason" role="alert">Alasan pembatalan wajib diisi (paling banyak 500 karakter).</p>');
    const id = url.split('/').pop();
    expect((await t.db.one<{ voided_at: Date | null }>('SELECT voided_at FROM orders WHERE id = $1', [id]))!.voided_at).toBeNull();
    await t.http
      .post(`${url}/batal`)
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: ' pembeli batal ' })
      .expect(303);
    expect(await t.db.one('SELECT void_reason FROM orders WHERE id = $1', [id])).toEqual({ void_reason: 'pembeli batal' });
  });

  it('sign-in and forgot password: a malformed email is a 400 beside the field, and no attempt is counted', async () => {
    const form = await t.http.get('/masuk').expect(200);
    const anon = cookiesOf(form);
    const res = await t.http
      .post('/masuk')
      .set('Cookie', cookieHeader(anon))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: 'bukan-email', password: 'x' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<p class="field-error" id="err-email" role="alert">Alamat email tidak valid.</p>');
    expect(res.text).toContain('value="bukan-email" aria-invalid="true" aria-describedby="err-email"');
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM login_throttle'))?.n ?? 0).toBe(0);
    const forgot = await t.http.get('/lupa-sandi').expect(200);
    const j = cookiesOf(forgot);
    const f = await t.http
      .post('/lupa-sandi')
      .set('Cookie', cookieHeader(j))
      .type('form')
      .send({ _csrf: csrfFrom(forgot.text), email: 'sari' });
    expect(f.status).toBe(400);
    expect(f.text).toContain('id="err-email" role="alert">Alamat email tidak valid.</p>');
  });
});
