import { addDays } from '../../src/common/time';
import { CandidatesService } from '../../src/consolidation/candidates.service';
import { RULE_SET_V1 } from '../../src/flags/rule-set';
import { RuleSetsRepository } from '../../src/flags/rule-sets.repository';
import { WatchService } from '../../src/watch/watch.service';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { runWeekAndPublish } from '../web/web-seed';

/**
 * Joint-export candidates at every border, against rule set v1 (published here, so the thresholds
 * are plain: 3 of 4 months, 6 of 13 weeks, 2 repeat buyers, Rp 50 million in 13 weeks or a 25 kg
 * parcel, busiest week ≤ 35 %, last order ≤ 3 weeks ago). As of Sunday 2026-11-22: the 13 weeks
 * start Monday 2026-08-24, the 4 months on 2026-08-01.
 *
 * Each scenario is its own market × material: two members ship every other week (A on even weeks
 * back, B on odd), 13 orders of Rp 3.8 million, A's latest one topped up by `topUp`, so the pair's
 * 13 weeks are Rp 49.4 million + topUp; neither comes near the threshold alone.
 */
const AS_OF = '2026-11-22';
const BASE = 3_800_000;

interface Item {
  key: string;
  businesses: Array<{ businessId: string; businessName: string; orders13w: number; value13wIdr: number; weight13wKg: number }>;
  combined: { orders13w: number; value13wIdr: number; weight13wKg: number; activeWeeks13: number; repeatBuyers: number };
  meetsReadiness: boolean;
  suggestedRoute: string;
  suggestedCoordinatorId: string;
  reasons: string[];
  checklist: Array<{ code: string }>;
}

describe('GET /consolidation/candidates and the weekly run', () => {
  let t: TestApp;
  let seq = 0;
  const biz = async (district = 'Lasem') => (await createBusinessWithKey(t.http, { name: `Batik ${++seq}`, district, materials: ['cotton'] })).id;
  const order = (b: string, o: { on: string; market: string; material: string; value: number; buyer: string; voided?: boolean; weightKg?: number }) =>
    t.db.exec(
      `INSERT INTO orders (business_id, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material, quantity,
                           amount_minor, currency, value_idr, shipping_channel, weight_kg, voided_at)
       VALUES ($1, ($2::date + time '10:00') AT TIME ZONE 'Asia/Jakarta', $2, $3, $4, lower($4), 'batik_garment', $5, 1, 100, 'SGD', $6, 'post', $7,
               CASE WHEN $8 THEN now() END)`,
      [b, o.on, o.market, o.buyer, o.material, o.value, o.weightKg ?? 1.5, o.voided ?? false],
    );
  /** A on weeks 0, 2, …, 12 back (buyers X/Y), B on weeks 1, 3, …, 11 (buyers X/Z); A's latest order is BASE + topUp. */
  const pair = async (market: string, material: string, topUp: number, a?: string, b?: string) => {
    const [ia, ib] = [a ?? (await biz()), b ?? (await biz())];
    for (let w = 0; w <= 12; w++) {
      const on = addDays(AS_OF, -7 * w - 1);
      const [who, buyer] = w % 2 === 0 ? [ia, w % 4 === 0 ? 'X' : 'Y'] : [ib, w % 4 === 1 ? 'X' : 'Z'];
      await order(who, { on, market, material, value: BASE + (w === 0 ? topUp : 0), buyer });
    }
    return [ia, ib];
  };
  const flag = (b: string, market: string, status: string, raisedOn: string, resolvedOn: string | null = null) =>
    t.db.exec(
      `INSERT INTO flags (business_id, market, kind, status, raised_on, resolved_on, last_evaluated_on, rule_set_version)
       VALUES ($1, $2, 'readiness', $3, $4, $5, $4, (SELECT max(version) FROM rule_sets))`,
      [b, market, status, raisedOn, resolvedOn],
    );
  const list = async (q = '') => (await t.http.get(`/api/v1/consolidation/candidates?asOf=${AS_OF}${q}`).set(auth(ADMIN_KEY)).expect(200)).body.items as Item[];

  let sg: string[];
  let flagged: string;
  let oneMonth: string;
  let au: string[];
  let partner: string;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    await t.db.tx((c) => t.app.get(RuleSetsRepository).publish(RULE_SET_V1, 'plain thresholds for the candidate borders', 'test', c));
    // SG:cotton just above: exactly Rp 50 million together
    sg = await pair('SG', 'cotton', 600_000);
    // a member with an active readiness flag for SG (and big orders): excluded
    flagged = await biz();
    for (let w = 0; w < 12; w++) await order(flagged, { on: addDays(AS_OF, -7 * w), market: 'SG', material: 'cotton', value: 9_000_000, buyer: 'Q' });
    await flag(flagged, 'SG', 'in_review', '2026-10-04');
    // a member whose orders fall in November only (1 of 4 months): excluded
    oneMonth = await biz();
    for (const on of ['2026-11-03', '2026-11-10', '2026-11-17']) await order(oneMonth, { on, market: 'SG', material: 'cotton', value: 9_000_000, buyer: 'R' });
    // MY:cotton just below: Rp 1 short
    await pair('MY', 'cotton', 599_999);
    // MY:silk just below, plus a voided order worth Rp 10 million that must not lift it
    const [silkA] = await pair('MY', 'silk', 599_999);
    await order(silkA, { on: addDays(AS_OF, -2), market: 'MY', material: 'silk', value: 10_000_000, buyer: 'X', voided: true });
    // JP:cotton: one business alone (a group of one is no candidate)
    const alone = await biz();
    for (let w = 0; w < 12; w++)
      await order(alone, { on: addDays(AS_OF, -7 * w), market: 'JP', material: 'cotton', value: 9_000_000, buyer: w % 2 ? 'J' : 'K' });
    // AU:cotton: a dismissed flag and a flag resolved before asOf do not exclude; a third Lasem member makes it a cooperative
    au = await pair('AU', 'cotton', 600_000);
    const third = await biz();
    for (const on of ['2026-10-14', '2026-11-11']) await order(third, { on, market: 'AU', material: 'cotton', value: 1_000_000, buyer: 'W' });
    au.push(third);
    await flag(au[0], 'AU', 'dismissed', '2026-09-06');
    await flag(au[1], 'AU', 'resolved', '2026-09-06', '2026-10-25');
    // NZ:cotton: one member at agent_peb (a PEB order to NZ in the 26 weeks) → partner exporter and coordinator
    const nz = await pair('NZ', 'cotton', 600_000);
    partner = nz[1];
    await t.db.exec(`UPDATE orders SET declaration = 'peb', declared_by = 'customs_broker' WHERE business_id = $1 AND ordered_on = $2`, [
      partner,
      addDays(AS_OF, -8),
    ]);
  });
  afterAll(() => t.close());

  it('lists the pairs that meet readiness together (just above), not those just below, one alone, or the voided order', async () => {
    const items = await list();
    expect(items.map((i) => i.key)).toEqual(['AU:cotton', 'NZ:cotton', 'SG:cotton']);
    const one = items.find((i) => i.key === 'SG:cotton')!;
    expect(one.businesses.map((b) => b.businessId).sort()).toEqual([...sg].sort());
    expect(one.combined).toEqual({ orders13w: 13, value13wIdr: 50_000_000, weight13wKg: 19.5, activeWeeks13: 13, repeatBuyers: 4 });
    expect(one.meetsReadiness).toBe(true);
    expect(one.reasons.some((r) => r.includes('13 pesanan senilai Rp 50,0 juta, 19,5 kg'))).toBe(true);
    // the market filter
    expect((await list('&market=sg')).map((i) => i.key)).toEqual(['SG:cotton']);
    expect(await list('&market=MY')).toEqual([]);
  });

  it('excludes an actively flagged member and one with orders in 1 of 4 months; combined values are the members sums', async () => {
    const items = await list();
    const ids = items.flatMap((i) => i.businesses.map((b) => b.businessId));
    expect(ids).not.toContain(flagged);
    expect(ids).not.toContain(oneMonth);
    for (const i of items) {
      const sum = (k: 'orders13w' | 'value13wIdr' | 'weight13wKg') => i.businesses.reduce((s, b) => s + b[k], 0);
      expect([i.combined.orders13w, i.combined.value13wIdr, i.combined.weight13wKg]).toEqual([sum('orders13w'), sum('value13wIdr'), sum('weight13wKg')]);
    }
    const sgA = items.find((i) => i.key === 'SG:cotton')!.businesses.find((b) => b.businessId === sg[0])!;
    expect(sgA).toMatchObject({ orders13w: 7, value13wIdr: 7 * BASE + 600_000, weight13wKg: 10.5 });
  });

  it('dismissed and resolved flags do not exclude; routes, coordinators and checklists follow the members', async () => {
    const items = await list();
    const auC = items.find((i) => i.key === 'AU:cotton')!;
    expect(auC.businesses.map((b) => b.businessId).sort()).toEqual([...au].sort());
    expect(auC.suggestedRoute).toBe('cooperative');
    expect(auC.checklist.map((c) => c.code)).toEqual(['PKBK']);
    // no member climbed: the most active weeks coordinates (A: 7 of 13)
    expect(auC.suggestedCoordinatorId).toBe(au[0]);
    const nz = items.find((i) => i.key === 'NZ:cotton')!;
    expect(nz.suggestedRoute).toBe('partner_exporter');
    expect(nz.suggestedCoordinatorId).toBe(partner);
    expect(nz.checklist.map((c) => c.code)).toEqual(['PEB']);
    const sgC = items.find((i) => i.key === 'SG:cotton')!;
    expect(sgC.suggestedRoute).toBe('pkbk');
    const en = (await t.http.get(`/api/v1/consolidation/candidates?asOf=${AS_OF}&market=SG&lang=en`).set(auth(ADMIN_KEY)).expect(200)).body.items as Item[];
    expect(en[0].reasons[0]).toBe(
      '2 businesses together ship cotton to Singapore: 13 orders worth IDR 50.0 million, 19.5 kg in 13 weeks; active in 13 of 13 weeks; 4 repeat buyers',
    );
  });

  it('403 for a business key; 400 naming asOf or market', async () => {
    const b = await createBusinessWithKey(t.http, { name: 'Batik Kunci', district: 'Lasem', materials: ['cotton'] });
    await t.http.get('/api/v1/consolidation/candidates').set(auth(b.key)).expect(403);
    const bad = await t.http.get('/api/v1/consolidation/candidates?asOf=2026-02-30').set(auth(ADMIN_KEY)).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('asOf');
    const future = await t.http.get('/api/v1/consolidation/candidates?asOf=2027-01-01').set(auth(ADMIN_KEY)).expect(400);
    expect(JSON.stringify(future.body.message)).toContain('asOf');
    const market = await t.http.get('/api/v1/consolidation/candidates?market=Singapore').set(auth(ADMIN_KEY)).expect(400);
    expect(JSON.stringify(market.body.message)).toContain('market');
    await t.http.get('/api/v1/consolidation/candidates?foo=1').set(auth(ADMIN_KEY)).expect(400);
  });

  it('the weekly run stores them as of its date; finishing again writes the same rows', async () => {
    const expected = await list();
    await runWeekAndPublish(t, AS_OF, '2026-W47');
    const rows = () =>
      t.db.many<{ key: string; member_ids: string[]; run_id: string; payload: { combined: unknown } }>(
        `SELECT key, member_ids, run_id, payload FROM consolidation_candidates WHERE as_of = $1 ORDER BY key`,
        [AS_OF],
      );
    const stored = await rows();
    expect(stored.map((r) => r.key)).toEqual(expected.map((i) => i.key));
    expect(stored.map((r) => [...r.member_ids].sort())).toEqual(expected.map((i) => i.businesses.map((b) => b.businessId).sort()));
    expect(stored.map((r) => r.payload.combined)).toEqual(expected.map((i) => i.combined));
    const runId = stored[0].run_id;
    expect(await t.app.get(WatchService).finishRun(runId)).toEqual({ completed: false });
    // a finish retried as if the first one's commit had been lost: the same rows, none twice
    await t.db.exec(`UPDATE watch_runs SET status = 'running' WHERE id = $1`, [runId]);
    expect(await t.app.get(WatchService).finishRun(runId)).toEqual({ completed: true });
    expect(await rows()).toEqual(stored);
    const again = await t.app.get(CandidatesService).compute(AS_OF, null);
    await t.db.tx((c) => t.app.get(CandidatesService).storeForRun(AS_OF, runId, again, c));
    expect(await rows()).toEqual(stored);
    const read = await t.app.get(CandidatesService).stored(AS_OF, 'id');
    expect(read.items.map((i) => i.key)).toEqual(expected.map((i) => i.key));
  });
});
