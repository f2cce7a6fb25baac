import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createStoryBusinesses } from '../factories';
import { cookieHeader, createUser, csrfFrom, signInJar } from './web-helpers';

describe('documents register pages (real app, sessions)', () => {
  let t: TestApp;
  let ulla: { id: string; key: string };
  let arma: { id: string; key: string };
  let officerJar: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    ({ ulla, arma } = await createStoryBusinesses(t.http));
    officerJar = await signInJar(t, (await createUser(t, 'officer')).email);
  });
  afterAll(() => t.close());

  const stored = async (businessId: string) =>
    Number((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM business_documents WHERE business_id = $1 AND removed_at IS NULL', [businessId]))!.n);
  const open = (path: string, jar = officerJar) => t.http.get(path).set('Cookie', cookieHeader(jar));
  const postForm = (path: string, form: Record<string, string>, jar = officerJar) => t.http.post(path).set('Cookie', cookieHeader(jar)).type('form').send(form);

  it('an officer adds a document through the form, sees its status, and removes it', async () => {
    const pageRes = await open(`/dinas/usaha/${ulla.id}/dokumen`).expect(200);
    expect(pageRes.text).toContain('Belum ada dokumen terdaftar.');
    const added = await postForm(`/dinas/usaha/${ulla.id}/dokumen`, {
      _csrf: csrfFrom(pageRes.text),
      type: 'sats_ln_dealer_licence',
      number: 'SK.12/KSDAE',
      issuedOn: '2026-01-15',
      expiresOn: '2027-01-09',
    }).expect(303);
    expect(added.headers.location).toBe(`/dinas/usaha/${ulla.id}/dokumen?ok=created`);
    const after = await open(added.headers.location).expect(200);
    // today is 2026-11-25 (TEST_NOW): 45 days left
    expect(after.text).toContain('<span class="pill warn">habis dalam 45 hari</span>');
    expect(after.text).toContain('Izin edar SATS-LN');
    const removeAction = /action="(\/dinas\/usaha\/[^"]+\/hapus)"/.exec(after.text)![1];
    await postForm(removeAction, { _csrf: csrfFrom(after.text) }).expect(303);
    expect(await stored(ulla.id)).toBe(0);
    // without the CSRF token nothing is removed or stored
    await postForm(`/dinas/usaha/${ulla.id}/dokumen`, { type: 'kkp_permit' }).expect(403);
    expect(await stored(ulla.id)).toBe(0);
  });

  it('a bad form answers 400 with the errors beside the fields, the input kept, nothing stored', async () => {
    const pageRes = await open(`/dinas/usaha/${arma.id}/dokumen`).expect(200);
    const csrf = csrfFrom(pageRes.text);
    const bad = { _csrf: csrf, type: 'kkp_permit', number: 'SAJI-9', issuedOn: '2026-06-01', expiresOn: '2026-05-31' };
    const res = await postForm(`/dinas/usaha/${arma.id}/dokumen`, bad);
    expect(res.status).toBe(400);
    expect(res.text).toContain('<p class="field-error" id="err-expiresOn" role="alert">Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.</p>');
    expect(res.text).toContain('value="SAJI-9"');
    expect(res.text).toContain('<option value="kkp_permit" selected>');
    const impossible = await postForm(`/dinas/usaha/${arma.id}/dokumen`, { _csrf: csrf, type: 'passport', issuedOn: '2026-02-30' }).expect(400);
    expect(impossible.text).toMatch(/id="err-type" role="alert">Pilih salah satu pilihan yang tersedia\./);
    expect(impossible.text).toMatch(/id="err-issuedOn" role="alert">Tanggal tidak valid/);
    expect(await stored(arma.id)).toBe(0);
  });

  it('the owner reads their own documents at /pesanan/dokumen, read-only; the officer pages stay closed to them', async () => {
    await t.http.post(`/api/v1/businesses/${arma.id}/documents`).set(auth(ADMIN_KEY)).send({ type: 'kkp_permit', number: 'SAJI-77' }).expect(201);
    const ownerJar = await signInJar(t, (await createUser(t, 'business', arma.id)).email);
    const own = await open('/pesanan/dokumen', ownerJar).expect(200);
    expect(own.text).toContain('SAJI-77');
    expect(own.text).toContain('<span class="pill ok">berlaku</span>');
    expect(own.text).not.toContain('/hapus');
    await open(`/dinas/usaha/${arma.id}/dokumen`, ownerJar).expect(404);
    await open(`/dinas/usaha/${ulla.id}/dokumen`, ownerJar).expect(404);
  });
});
