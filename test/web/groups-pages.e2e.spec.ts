import { JOINT_PAGES } from '../../src/consolidation/consolidation.types';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, createUser, csrfFrom, signInJar } from './web-helpers';

/**
 * The groups pages through the real app with a session: the candidate page's form post (repeated
 * memberBusinessIds) forms a group and redirects to its page; a refused post shows the form with the
 * errors and stores nothing; edit, delete with confirmation, and the membership on the business page.
 */
describe('export group pages (form post, group page, edit, delete)', () => {
  let t: TestApp;
  let jar: Record<string, string>;
  let csrf: string;
  const id: Record<string, string> = {};
  const open = (path: string) => t.http.get(path).set('Cookie', cookieHeader(jar));
  const post = (path: string, form: Array<[string, string]>) =>
    t.http
      .post(path)
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send(new URLSearchParams([['_csrf', csrf], ...form]).toString());
  const groups = async () => Number((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM export_groups'))!.n);

  beforeAll(async () => {
    t = await startTestApp();
    for (const [k, name] of [
      ['A', 'Batik Asri'],
      ['B', 'Batik Bunga'],
    ] as const)
      id[k] = (await createBusinessWithKey(t.http, { name, district: 'Lasem', materials: ['cotton'] })).id;
    jar = await signInJar(t, (await createUser(t, 'officer')).email);
    csrf = csrfFrom((await open(JOINT_PAGES.groups).expect(200)).text);
  });
  afterAll(() => t?.close());

  it('refuses a group of one and an unknown route: the form again with its errors, nothing stored', async () => {
    const res = await post(JOINT_PAGES.groups, [
      ['name', 'Batik Lasem'],
      ['market', 'SG'],
      ['material', 'cotton'],
      ['memberBusinessIds', id.A],
      ['route', 'kereta'],
    ]).expect(400);
    expect(res.text).toContain('Periksa 2 kolom yang ditandai; belum ada yang disimpan.');
    expect(res.text).toContain('id="err-memberBusinessIds"');
    expect(res.text).toContain('id="err-route"');
    expect(res.text).toContain(`value="${id.A}" checked> Batik Asri`);
    expect(await groups()).toBe(0);
  });

  it('forms a group from the candidate form (303 to its page) and shows it', async () => {
    const res = await post(JOINT_PAGES.groups, [
      ['name', 'Batik Lasem ke Singapura'],
      ['market', 'SG'],
      ['material', 'cotton'],
      ['memberBusinessIds', id.A],
      ['memberBusinessIds', id.B],
      ['coordinatorBusinessId', id.B],
      ['route', 'pkbk'],
      ['candidateKey', 'SG:cotton'],
    ]).expect(303);
    const gid = (await t.db.one<{ id: string }>('SELECT id FROM export_groups'))!.id;
    expect(res.headers.location).toBe(`${JOINT_PAGES.group(gid)}?ok=created`);
    const page = await open(res.headers.location).expect(200);
    expect(page.text).toContain('Kelompok dibentuk.');
    expect(page.text).toContain(`<a href="/dinas/usaha/${id.A}">Batik Asri</a>`);
    expect(page.text).toContain('Kiriman pos gabungan (PKBK)');
    expect(page.text).toContain('id="chart-orders"');
    expect(page.text).toMatch(/<g class="threshold" data-value="\d+">/); // the current rule set's value threshold on the combined 13 weeks
    const business = await open(`/dinas/usaha/${id.B}`).expect(200);
    expect(business.text).toContain(`<a href="${JOINT_PAGES.group(gid)}">Batik Lasem ke Singapura</a>`);

    // a second group holding A for the same pair: 409, shown beside the members
    const again = await post(JOINT_PAGES.groups, [
      ['name', 'Lagi'],
      ['market', 'SG'],
      ['material', 'cotton'],
      ['memberBusinessIds', id.A],
      ['memberBusinessIds', id.B],
    ]).expect(409);
    expect(again.text).toContain('id="err-memberBusinessIds"');
    expect(await groups()).toBe(1);

    // edit: clearing the route and the coordinator; a coordinator outside the group is refused
    await post(JOINT_PAGES.group(gid), [
      ['name', 'Kelompok Lasem'],
      ['coordinatorBusinessId', '00000000-0000-4000-8000-000000000000'],
      ['route', ''],
      ['note', ''],
    ]).expect(400);
    await post(JOINT_PAGES.group(gid), [
      ['name', 'Kelompok Lasem'],
      ['coordinatorBusinessId', ''],
      ['route', ''],
      ['note', 'rapat Senin'],
    ]).expect(303);
    expect(await t.db.one('SELECT name, route, coordinator_business_id, note FROM export_groups WHERE id = $1', [gid])).toEqual({
      name: 'Kelompok Lasem',
      route: null,
      coordinator_business_id: null,
      note: 'rapat Senin',
    });

    // delete asks first, then deletes
    const confirm = await post(`${JOINT_PAGES.group(gid)}/hapus`, []).expect(200);
    expect(confirm.text).toContain('name="yakin" value="ya"');
    expect(await groups()).toBe(1);
    const gone = await post(`${JOINT_PAGES.group(gid)}/hapus`, [['yakin', 'ya']]).expect(303);
    expect(gone.headers.location).toBe(JOINT_PAGES.groups);
    expect(await groups()).toBe(0);
    await open(JOINT_PAGES.group(gid)).expect(404);
  });

  it('a member whose business is deleted leaves the group; the group then says it has too few members', async () => {
    const c = (await createBusinessWithKey(t.http, { name: 'Batik Cempaka', district: 'Lasem', materials: ['cotton'] })).id;
    const d = (await createBusinessWithKey(t.http, { name: 'Batik Dahlia', district: 'Lasem', materials: ['cotton'] })).id;
    const res = await post(JOINT_PAGES.groups, [
      ['name', 'Batik Lasem ke Malaysia'],
      ['market', 'MY'],
      ['material', 'cotton'],
      ['memberBusinessIds', c],
      ['memberBusinessIds', d],
      ['coordinatorBusinessId', d],
    ]).expect(303);
    const page = res.headers.location.split('?')[0];
    expect((await open(page).expect(200)).text).not.toContain('id="too-few"');
    await t.http.delete(`/api/v1/businesses/${d}/data`).set(auth(ADMIN_KEY)).expect(200);
    const after = await open(page).expect(200);
    expect(after.text).toContain('Kelompok ini tinggal 1 anggota: ekspor bersama perlu paling sedikit 2 usaha.');
    expect(after.text).toContain(`<a href="/dinas/usaha/${c}">Batik Cempaka</a>`);
    expect(after.text).not.toContain('Batik Dahlia');
    const list = await open(JOINT_PAGES.groups).expect(200);
    expect(list.text).toMatch(/Batik Lasem ke Malaysia<\/a>.*?1 <span class="pill warn">kurang anggota<\/span>/s);
  });
});
