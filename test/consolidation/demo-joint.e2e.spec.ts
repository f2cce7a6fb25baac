import { seedJoint } from '../../scripts/demo-joint';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, createUser, signInJar } from '../web/web-helpers';
import { runWeekAndPublish } from '../web/web-seed';

/** The demo's Lasem batik makers, through the real weekly run under the current (default) rule set. */
describe("the demo's joint-export candidate", () => {
  let t: TestApp;
  let ids: string[];
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    ids = await seedJoint(t.db, '2026-11-25', (b) => b.toLowerCase());
    await runWeekAndPublish(t, '2026-11-22', '2026-W47');
  });
  afterAll(() => t.close());

  it('none is flagged alone; the week stores AU:cotton with all four makers as a cooperative', async () => {
    const flags = await t.http.get('/api/v1/flags?kind=readiness').set(auth(ADMIN_KEY)).expect(200);
    expect(flags.body.items.filter((f: { businessId: string }) => ids.includes(f.businessId))).toEqual([]);
    const stored = await t.db.many<{ key: string; member_ids: string[]; payload: { suggestedRoute: string; combined: { value13wIdr: number } } }>(
      `SELECT key, member_ids, payload FROM consolidation_candidates WHERE as_of = '2026-11-22'`,
    );
    expect(stored.map((s) => s.key)).toEqual(['AU:cotton']);
    expect([...stored[0].member_ids].sort()).toEqual([...ids].sort());
    expect(stored[0].payload.suggestedRoute).toBe('cooperative');
    expect(stored[0].payload.combined.value13wIdr).toBeGreaterThanOrEqual(50_000_000);
    const api = await t.http.get('/api/v1/consolidation/candidates?asOf=2026-11-22').set(auth(ADMIN_KEY)).expect(200);
    expect(api.body.items.map((i: { key: string }) => i.key)).toEqual(['AU:cotton']);
  });

  it('the page: members, the form with one memberBusinessIds each; 400 naming a bad date; not for an owner', async () => {
    const officer = cookieHeader(await signInJar(t, (await createUser(t, 'officer')).email));
    const page = await t.http.get('/dinas/ekspor-bersama?asOf=2026-11-22').set('Cookie', officer).set('accept', 'text/html').expect(200);
    for (const id of ids) {
      expect(page.text).toContain(`href="/dinas/usaha/${id}"`);
      expect(page.text).toContain(`<input type="hidden" name="memberBusinessIds" value="${id}">`);
    }
    expect(page.text).toContain('<input type="hidden" name="candidateKey" value="AU:cotton">');
    expect(page.text).toContain('Ekspor lewat koperasi / sentra');
    const bad = await t.http.get('/dinas/ekspor-bersama?asOf=2026-13-01').set('Cookie', officer).set('accept', 'text/html');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('asOf');
    const owner = cookieHeader(await signInJar(t, (await createUser(t, 'business', ids[0])).email));
    const denied = await t.http.get('/dinas/ekspor-bersama').set('Cookie', owner).set('accept', 'text/html');
    expect(denied.status).toBe(404); // staff pages do not exist for an owner's session
    expect(denied.text).not.toContain('memberBusinessIds');
  });
});
