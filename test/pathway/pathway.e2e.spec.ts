import { addDays } from '../../src/common/time';
import { PathwayRepository } from '../../src/pathway/pathway.repository';
import { createBusinessWithKey } from '../factories';
import { insertDeclaredOrder, insertDocument } from '../factories/ladder';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

const AS_OF = '2026-11-22';
/** The window's first day: ordered_on in (asOf − 182 days, asOf]. */
const FIRST = addDays(AS_OF, -181);

describe('export ladder: GET /businesses/:id/pathway', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const business = (materials: string[] = ['snakeskin']) => createBusinessWithKey(t.http, { materials });
  const order = (id: string, o: Parameters<typeof insertDeclaredOrder>[2]) => insertDeclaredOrder(t.db, id, o);
  const pathway = async (id: string, asOf = AS_OF, key = ADMIN_KEY, lang = 'id') =>
    (await t.http.get(`/api/v1/businesses/${id}/pathway?asOf=${asOf}&lang=${lang}`).set(auth(key)).expect(200)).body;
  const rungOf = async (id: string, asOf = AS_OF) => (await pathway(id, asOf)).markets.map((m: { market: string; rung: string }) => `${m.market}:${m.rung}`);

  it('each row of the table, top down, with documents valid on asOf', async () => {
    const unknown = await business();
    await order(unknown.id, { on: AS_OF });
    expect(await rungOf(unknown.id)).toEqual(['MY:unrecorded']);

    const cn = await business();
    await order(cn.id, { on: AS_OF, declaration: 'cn', declaredBy: 'postal_operator' });
    // a certificate of origin on a CN parcel does not make origin_certified
    await order(cn.id, { on: AS_OF, market: 'CN', declaration: 'cn', originCertificate: 'form_e' });
    expect(await rungOf(cn.id)).toEqual(['CN:own_cn', 'MY:own_cn']);

    const pkbk = await business();
    await order(pkbk.id, { on: AS_OF, declaration: 'pkbk' });
    await order(pkbk.id, { on: AS_OF, market: 'SG', declaration: 'cn', declaredBy: 'aggregator' });
    expect(await rungOf(pkbk.id)).toEqual(['MY:consolidated', 'SG:consolidated']);

    const agent = await business();
    await order(agent.id, { on: AS_OF, declaration: 'peb', declaredBy: 'customs_broker' });
    await order(agent.id, { on: AS_OF, market: 'SG', declaration: 'peb', declaredBy: 'self' });
    // its NIB document expired the day before, another is removed, a third is issued only after asOf: none counts
    await insertDocument(t.db, agent.id, { type: 'nib_customs_access', expiresOn: addDays(AS_OF, -1) });
    await insertDocument(t.db, agent.id, { type: 'nib_customs_access', removed: true });
    await insertDocument(t.db, agent.id, { type: 'nib_customs_access', issuedOn: addDays(AS_OF, 1) });
    expect(await rungOf(agent.id)).toEqual(['MY:agent_peb', 'SG:agent_peb']);

    const own = await business();
    await order(own.id, { on: AS_OF, declaration: 'peb', declaredBy: 'self' });
    await order(own.id, { on: AS_OF, market: 'SG', declaration: 'peb', declaredBy: 'customs_broker' });
    const nib = await insertDocument(t.db, own.id, { type: 'nib_customs_access', number: '9120001234567', issuedOn: AS_OF, expiresOn: AS_OF });
    const ownPath = await pathway(own.id);
    expect(ownPath.markets.map((m: { rung: string }) => m.rung)).toEqual(['own_peb', 'agent_peb']);
    expect(ownPath.markets[0].evidence.documents).toEqual([{ id: nib, type: 'nib_customs_access', number: '9120001234567', expiresOn: AS_OF }]);
    expect(ownPath.markets[1].evidence.documents).toEqual([]);
    // the day after the document expires, the self-filed PEB counts as an agent's rung
    expect(await rungOf(own.id, addDays(AS_OF, 1))).toEqual(['MY:agent_peb', 'SG:agent_peb']);

    const origin = await business();
    await order(origin.id, { on: AS_OF, declaration: 'peb', declaredBy: 'customs_broker', originCertificate: 'form_d' });
    // self-certified without a certified-exporter document: still a certificate of origin
    await order(origin.id, { on: AS_OF, market: 'CN', declaration: 'peb', declaredBy: 'self', originCertificate: 'self_certified' });
    await insertDocument(t.db, origin.id, { type: 'certified_exporter', expiresOn: addDays(AS_OF, -1) });
    expect(await rungOf(origin.id)).toEqual(['CN:origin_certified', 'MY:origin_certified']);

    const top = await business();
    await order(top.id, { on: AS_OF, declaration: 'peb', declaredBy: 'self', originCertificate: 'self_certified' });
    await order(top.id, { on: AS_OF, market: 'CN', declaration: 'peb', declaredBy: 'self', originCertificate: 'form_e' });
    const ce = await insertDocument(t.db, top.id, { type: 'certified_exporter', number: 'EB-77' });
    const topPath = await pathway(top.id);
    expect(topPath.markets.map((m: { rung: string; rungIndex: number }) => `${m.rung}/${m.rungIndex}`)).toEqual(['origin_certified/5', 'certified_exporter/6']);
    const ceDoc = { id: ce, type: 'certified_exporter', number: 'EB-77', expiresOn: null };
    expect(topPath.markets[1]).toMatchObject({ market: 'MY', next: null, evidence: { documents: [ceDoc] } });
    expect(topPath.markets[1].evidence.rule.en).toBe('A valid certified-exporter document and an order with a PEB that self-certifies origin');
  });

  it('the window is (asOf − 182 days, asOf]: older, later and voided orders do not count', async () => {
    const b = await business();
    await order(b.id, { on: addDays(FIRST, -1), declaration: 'peb' });
    await order(b.id, { on: addDays(AS_OF, 1), declaration: 'peb' });
    await order(b.id, { on: AS_OF, declaration: 'pkbk', voided: true });
    await order(b.id, { on: FIRST, declaration: 'unknown' });
    expect(await rungOf(b.id)).toEqual(['MY:unrecorded']);
    await order(b.id, { on: FIRST, declaration: 'cn' });
    expect(await rungOf(b.id)).toEqual(['MY:own_cn']);
    // one day later the first day has left the window and the PEB of asOf + 1 has come in
    expect(await rungOf(b.id, addDays(AS_OF, 1))).toEqual(['MY:agent_peb']);
    const onlyVoided = await business();
    await order(onlyVoided.id, { on: AS_OF, declaration: 'peb', voided: true });
    expect((await pathway(onlyVoided.id)).markets).toEqual([]);
  });

  it('the rung as of past dates, its evidence (five newest matching orders and the count) and the next step', async () => {
    const b = await business(['cowhide', 'snakeskin']);
    const cns: string[] = [];
    for (let i = 0; i < 7; i++) cns.push(await order(b.id, { on: addDays('2026-09-01', i), declaration: 'cn', material: 'cowhide' }));
    await order(b.id, { on: '2026-09-20', declaration: 'unknown' });
    const peb = await order(b.id, { on: '2026-10-01', declaration: 'peb', declaredBy: 'customs_broker', material: 'cowhide' });
    expect(await rungOf(b.id, '2026-08-31')).toEqual([]);
    const before = (await pathway(b.id, '2026-09-30')).markets[0];
    expect(before).toMatchObject({ market: 'MY', rung: 'own_cn', rungIndex: 1, evidence: { ordersMatching: 7, documents: [] } });
    expect(before.evidence.orders.map((o: { id: string }) => o.id)).toEqual(cns.slice(2).reverse());
    expect(before.evidence.orders[0]).toEqual({ id: cns[6], orderedOn: '2026-09-07', declaration: 'cn', declaredBy: 'unknown', originCertificate: 'none' });
    expect(before.evidence.rule.id).toBe('Pesanan dengan CN yang mencantumkan usaha sebagai pengirim');
    // the next rung's paperwork plus the wildlife permits of the declared materials, in catalog order, with issuers
    expect(before.next.rung).toBe('consolidated');
    expect(before.next.steps.map((s: { code: string; issuer: string }) => `${s.code} (${s.issuer})`)).toEqual([
      'PKBK (Penyelenggara pos / koperasi → DJBC)',
      'SATS-LN (KSDAE / BKSDA)',
      'CITES-IMPORT (PERHILITAN / China CITES office)',
      'KH-12 (Barantin)',
    ]);
    expect(before.next.steps[3].reason).toBe(
      'Produk kulit ular ke Malaysia memerlukan sertifikat karantina KH-12 dari Barantin, baik lewat pengiriman langsung maupun ekspor formal',
    );
    const after = (await pathway(b.id, '2026-10-01', ADMIN_KEY, 'en')).markets[0];
    const pebOrder = { id: peb, declaration: 'peb', declaredBy: 'customs_broker' };
    expect(after).toMatchObject({ rung: 'agent_peb', evidence: { ordersMatching: 1, orders: [pebOrder] } });
    expect(after.next.rung).toBe('own_peb');
    expect(after.next.steps.map((s: { code: string }) => s.code)).toEqual(['NIB', 'SATS-LN', 'CITES-IMPORT', 'KH-12']);
    expect(after.next.steps[0].title).toBe('NIB with customs access');
  });

  it('a business key reads its own pathway and gets 404 for another; asOf must be a real date, not in the future', async () => {
    const mine = await business();
    const other = await business();
    await order(mine.id, { on: '2026-11-24', declaration: 'cn' });
    const own = await t.http.get(`/api/v1/businesses/${mine.id}/pathway`).set(auth(mine.key)).expect(200);
    // default asOf: yesterday in WIB (the clock says 2026-11-25 10:00 WIB)
    expect(own.body).toMatchObject({ businessId: mine.id, asOf: '2026-11-24', markets: [{ market: 'MY', rung: 'own_cn' }] });
    const denied = await t.http.get(`/api/v1/businesses/${other.id}/pathway`).set(auth(mine.key)).expect(404);
    expect(denied.body.message).toBe('business not found');
    await t.http.get(`/api/v1/businesses/00000000-0000-4000-8000-000000000000/pathway`).set(auth(ADMIN_KEY)).expect(404);
    await t.http.get(`/api/v1/businesses/${mine.id}/pathway?asOf=2026-11-25`).set(auth(ADMIN_KEY)).expect(200);
    const future = await t.http.get(`/api/v1/businesses/${mine.id}/pathway?asOf=2026-11-26`).set(auth(ADMIN_KEY)).expect(400);
    expect(future.body.message).toEqual(['asOf: must not be in the future (today is 2026-11-25 WIB)']);
    const bad = await t.http.get(`/api/v1/businesses/${mine.id}/pathway?asOf=2026-02-30`).set(auth(ADMIN_KEY)).expect(400);
    expect(bad.body.message).toEqual(['asOf: must be a real date YYYY-MM-DD (a WIB day)']);
    await t.http.get(`/api/v1/businesses/not-a-uuid/pathway`).set(auth(ADMIN_KEY)).expect(400);
  });

  it('set-wise: the rung of every business × market as of a date in one statement', async () => {
    const a = await business();
    const b = await business();
    await order(a.id, { on: '2026-06-01', declaration: 'cn' });
    await order(b.id, { on: '2026-06-01', declaration: 'pkbk', market: 'SG' });
    const repo = t.app.get(PathwayRepository);
    const all = await repo.rungsAsOf('2026-06-30', null);
    const name = (id: string) => (id === a.id ? 'a' : id === b.id ? 'b' : 'other');
    const ours = all.filter((r) => name(r.businessId) !== 'other');
    expect(ours.map((r) => `${name(r.businessId)}:${r.market}:${r.rungIndex}`).sort()).toEqual(['a:MY:1', 'b:SG:2']);
    expect(new Set(all.map((r) => r.businessId)).size).toBeGreaterThan(2);
    expect((await repo.rungsAsOf('2026-06-30', [b.id])).map((r) => `${r.market}:${r.rungIndex}`)).toEqual(['SG:2']);
    // the read without evidence (weekly runs, joint-export candidates) decides every pair of this suite's businesses as the full one does
    const ids = [...new Set([...all, ...(await repo.rungsAsOf(AS_OF, null))].map((r) => r.businessId))];
    let withNib = 0;
    for (const asOf of ['2026-06-30', '2026-03-31', '2026-11-22']) {
      const full = (await repo.rungsAsOf(asOf, ids)).map(
        (r) => `${r.businessId}:${r.market}:${r.rungIndex}:${r.documents.some((d) => d.type === 'nib_customs_access')}`,
      );
      const light = (await repo.rungStandingsAsOf(asOf, ids)).map((r) => `${r.businessId}:${r.market}:${r.rungIndex}:${r.verifiedNib}`);
      expect(light).toEqual(full);
      withNib += light.filter((k) => k.endsWith(':true')).length;
    }
    expect(withNib).toBeGreaterThan(0);
    expect(new Set((await repo.rungsAsOf('2026-06-30', ids)).map((r) => r.rungIndex)).size).toBeGreaterThan(2);
  });
});
