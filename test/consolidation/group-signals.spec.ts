import { Client } from 'pg';
import { copyBusinesses, copyOrders, history, loadRates, makeBusinesses, RowMaker } from '../../bench/generator';
import { CandidatesRepository, MemberRow } from '../../src/consolidation/candidates.repository';
import { PathwayRepository } from '../../src/pathway/pathway.repository';
import { querySignals } from '../../src/watch/signals.repository';
import { ORDER_WEEK_COLUMNS, windows } from '../../src/watch/signals.sql';
import { startTestApp, TestApp } from '../utils/test-app';

/**
 * The candidates' two statements against the plain definitions they replace, on generated history
 * (80 businesses, 14,000 orders over 300 days) with voided orders, shared buyer names across
 * members, a business shipping two materials to one market, parcels to China over the CNY limit and
 * readiness flags: the members (eligibility, every member figure and its rung) and the combined
 * signals, every metric, exactly, at as-ofs on Sundays, mid-week and at a month's end.
 *
 * The reference for the combined signals runs the members' orders through signalsSql as ONE
 * business's orders, each buyer made unique per member (how the group is judged by definition).
 */
const REFERENCE_GROUP_SOURCE = `
SELECT e.market || ':' || e.material AS business_id, o.destination_country AS market, o.ordered_on,
       o.business_id::text || ':' || o.buyer_key AS buyer_key, o.value_idr, o.weight_kg, o.material, o.product_category, o.quantity,
       ${ORDER_WEEK_COLUMNS}
  FROM jsonb_to_recordset($1::jsonb) AS e(business_id uuid, market text, material text)
  JOIN orders o ON o.business_id = e.business_id AND o.destination_country = e.market AND o.material = e.material
 WHERE o.ordered_on >= $3 AND o.ordered_on <= $2 AND o.voided_at IS NULL`;

/** The members by their plain definition (count DISTINCT over the orders, one pair at a time in SQL terms). */
const REFERENCE_MEMBERS = `
WITH live AS (
  SELECT o.business_id, o.destination_country AS market, o.material, o.ordered_on, o.value_idr, o.weight_kg, o.shipping_channel,
         date_trunc('week', o.ordered_on::timestamp)::date AS week_start
    FROM orders o WHERE o.ordered_on >= $3 AND o.ordered_on <= $2 AND o.voided_at IS NULL AND ($1::text IS NULL OR o.destination_country = $1)
), pairs AS (
  SELECT business_id, market, material,
         count(DISTINCT date_trunc('month', ordered_on::timestamp)) FILTER (WHERE ordered_on >= $4)::int AS months4,
         count(*) FILTER (WHERE week_start >= $5)::int AS orders13w,
         coalesce(sum(value_idr) FILTER (WHERE week_start >= $5), 0)::float8 AS value13w,
         coalesce(sum(weight_kg) FILTER (WHERE week_start >= $5), 0)::float8 AS weight13w,
         count(DISTINCT week_start) FILTER (WHERE week_start >= $5)::int AS active_weeks13,
         count(*) FILTER (WHERE week_start >= $5 AND shipping_channel = 'post')::int AS post13w
    FROM live GROUP BY 1, 2, 3
), eligible AS (
  SELECT p.*, count(*) OVER (PARTITION BY p.market, p.material) AS n FROM pairs p
   WHERE p.months4 >= 2 AND NOT EXISTS (SELECT 1 FROM flags f WHERE f.business_id = p.business_id AND f.market = p.market AND f.kind = 'readiness'
                                        AND f.raised_on <= $2 AND (f.resolved_on > $2 OR (f.resolved_on IS NULL AND f.status IN ('open', 'in_review', 'paperwork_in_progress'))))
)
SELECT business_id AS "businessId", market, material, months4, orders13w, value13w AS "value13wIdr", weight13w AS "weight13wKg",
       active_weeks13 AS "activeWeeks13", post13w AS "postOrders13w"
  FROM eligible WHERE n >= 2 ORDER BY market, material, business_id`;

const AS_OFS = ['2026-11-22', '2026-11-18', '2026-10-31', '2026-09-27', '2026-08-02'];
jest.setTimeout(120_000);

describe('joint-export candidates: members and combined signals equal their plain definitions', () => {
  let t: TestApp;
  let repo: CandidatesRepository;
  let pathway: PathwayRepository;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    repo = t.app.get(CandidatesRepository);
    pathway = t.app.get(PathwayRepository);
    const c = new Client({ connectionString: t.dbUrl });
    await c.connect();
    try {
      const businesses = makeBusinesses(80, 11);
      await copyBusinesses(c, businesses);
      const rates = await loadRates(c);
      const maker = new RowMaker('test-app-secret-0123456789', rates);
      await copyOrders(c, history({ businesses, orders: 14_000, endDay: '2026-11-29', days: 300, rates, seed: 3 }), maker, 'test');
      // every 37th order voided; one buyer name shared by every business (two members' "toko bersama" are two buyers)
      await c.query(`UPDATE orders SET voided_at = now() WHERE abs(hashtext(id::text)) % 37 = 0`);
      await c.query(`UPDATE orders SET buyer_key = 'toko bersama' WHERE abs(hashtext(id::text)) % 11 = 0`);
      // a second material to the same market for some businesses, and big parcels to China
      await c.query(`UPDATE orders SET material = 'silk' WHERE material = 'cotton' AND abs(hashtext(id::text)) % 3 = 0`);
      await c.query(`UPDATE orders SET value_idr = value_idr * 40 WHERE destination_country = 'CN' AND abs(hashtext(id::text)) % 4 = 0`);
      // two members of the busiest market × material, each with a weekly buyer of equal weeks and value but other quantities:
      // the top buyer is decided by the tie-break (the buyer key, member-qualified), as in signalsSql
      const tie = await c.query<{ business_id: string; market: string; material: string }>(
        `SELECT business_id, destination_country AS market, material FROM orders
          WHERE (destination_country, material) = (SELECT destination_country, material FROM orders GROUP BY 1, 2 ORDER BY count(DISTINCT business_id) DESC, 1, 2 LIMIT 1)
          GROUP BY 1, 2, 3 ORDER BY 1 LIMIT 2`,
      );
      for (const [i, r] of tie.rows.entries()) {
        await c.query(
          `INSERT INTO orders (business_id, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material, quantity,
                               amount_minor, currency, value_idr, shipping_channel, weight_kg)
           SELECT $1, (d::date + time '10:00') AT TIME ZONE 'Asia/Jakarta', d::date, $2, 'Grosir Tetap', 'grosir tetap', 'bag', $3, $4,
                  100000000, 'IDR', 1000000, 'courier', 2
             FROM generate_series('2026-01-04'::date, '2026-11-29'::date, interval '7 days') AS d`,
          [r.business_id, r.market, r.material, 1 + 4 * i],
        );
      }
      // readiness flags: one active, one resolved later, one dismissed, per the first market of three businesses
      const pick = await c.query<{ business_id: string; market: string }>(
        `SELECT DISTINCT ON (business_id) business_id, destination_country AS market FROM orders ORDER BY business_id, destination_country LIMIT 3`,
      );
      const states = [
        ['in_review', null],
        ['resolved', '2026-11-20'],
        ['dismissed', null],
      ];
      for (const [i, r] of pick.rows.entries()) {
        await c.query(
          `INSERT INTO flags (business_id, market, kind, status, raised_on, resolved_on, last_evaluated_on, rule_set_version)
           VALUES ($1, $2, 'readiness', $3, '2026-09-06', $4, '2026-09-06', (SELECT max(version) FROM rule_sets))`,
          [r.business_id, r.market, states[i][0], states[i][1]],
        );
      }
      // the ladder: customs-access NIBs (a valid one, an expired one, a removed one) for businesses declaring their own PEBs,
      // and, for every business, a PEB with a certificate of origin in the ladder's days before 2026-11-18's 26 weeks:
      // it counts for the rung (182 days) and for no signal (26 weeks from Monday 2026-05-25)
      await c.query(
        `INSERT INTO business_documents (business_id, type, issued_on, expires_on, removed_at)
         SELECT id, 'nib_customs_access', '2025-01-01', CASE WHEN n = 2 THEN '2026-06-01'::date END, CASE WHEN n = 3 THEN now() END
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS n
                   FROM (SELECT DISTINCT business_id AS id FROM orders WHERE declaration = 'peb' AND declared_by = 'self') x) b
          WHERE n <= 3`,
      );
      // the stored has_customs_access column says the opposite of the register: customs access is read from the documents
      await c.query(
        `UPDATE businesses b SET has_customs_access = NOT EXISTS (SELECT 1 FROM business_documents d WHERE d.business_id = b.id AND d.removed_at IS NULL AND d.expires_on IS NULL)`,
      );
      await c.query(
        `INSERT INTO orders (business_id, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material, quantity,
                             amount_minor, currency, value_idr, shipping_channel, weight_kg, declaration, declared_by, origin_certificate)
         SELECT DISTINCT ON (business_id) business_id, ('2026-05-22'::date + time '10:00') AT TIME ZONE 'Asia/Jakarta', '2026-05-22'::date,
                destination_country, 'Pembeli Lama', 'pembeli lama', product_category, material, 1, 500000000, 'IDR', 5000000, 'courier', 1,
                'peb', 'customs_broker', 'form_d'
           FROM orders ORDER BY business_id, ordered_on DESC`,
      );
      await c.query('ANALYZE orders');
    } finally {
      await c.end();
    }
  });
  afterAll(() => t?.close());

  it.each(AS_OFS)('as of %s', async (asOf) => {
    const w = windows(asOf);
    const members = await repo.members(asOf, null);
    const want = await t.db.many(REFERENCE_MEMBERS, [null, asOf, w.scanFrom, w.months4, w.from13]);
    expect(want.length).toBeGreaterThan(4);
    expect(
      members.map(({ businessId, market, material, months4, orders13w, value13wIdr, weight13wKg, activeWeeks13, postOrders13w }) => ({
        businessId,
        market,
        material,
        months4,
        orders13w,
        value13wIdr,
        weight13wKg,
        activeWeeks13,
        postOrders13w,
      })),
    ).toEqual(want);

    // each member's rung is the ladder's for its business × market (every material, the ladder's 182 days)
    const standings = await pathway.rungStandingsAsOf(asOf, [...new Set(members.map((m) => m.businessId))]);
    const rungOf = new Map(standings.map((r) => [`${r.businessId}|${r.market}`, r.rungIndex]));
    expect(members.map((m) => `${m.businessId}|${m.market}:${m.rungIndex}`)).toEqual(
      members.map((m) => `${m.businessId}|${m.market}:${rungOf.get(`${m.businessId}|${m.market}`)}`),
    );
    // and its customs access is the ladder's: a customs-access NIB valid on asOf
    const nibOf = new Map(standings.map((r) => [`${r.businessId}|${r.market}`, r.verifiedNib]));
    expect(members.map((m) => `${m.businessId}:${m.hasCustomsAccess}`)).toEqual(
      members.map((m) => `${m.businessId}:${nibOf.get(`${m.businessId}|${m.market}`)}`),
    );
    expect(members.some((m) => m.hasCustomsAccess)).toBe(true);
    const rungs = new Set(members.map((m) => m.rungIndex));
    expect(rungs.size).toBeGreaterThan(2);
    if (asOf === '2026-11-18') {
      // some members stand on rung 5 only through the PEB of 2026-05-22, in the ladder's days before the 26 weeks
      const through = await t.db.many(
        `SELECT 1 FROM jsonb_to_recordset($1::jsonb) AS m(b uuid, mk text)
          WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.business_id = m.b AND o.destination_country = m.mk AND o.ordered_on >= $2 AND o.ordered_on <= $3
                               AND o.voided_at IS NULL AND o.declaration = 'peb' AND o.origin_certificate <> 'none')`,
        [JSON.stringify(members.filter((m) => m.rungIndex === 5).map((m) => ({ b: m.businessId, mk: m.market }))), w.from26, asOf],
      );
      expect(through.length).toBeGreaterThan(0);
    }

    const got = await repo.groupSignals(members, asOf, 2);
    const rows = members.map((m: MemberRow) => ({ business_id: m.businessId, market: m.market, material: m.material }));
    const ref = await querySignals(t.db, REFERENCE_GROUP_SOURCE, { $1: JSON.stringify(rows), asOf, repeatMinOrders: 2 });
    expect(got.map((s) => s.businessId)).toEqual(ref.map((s) => s.businessId));
    for (const [i, r] of ref.entries()) expect({ key: r.businessId, metrics: got[i].metrics }).toEqual({ key: r.businessId, metrics: r.metrics });
    // the generated data exercises what the combination must get right
    const all = ref.map((r) => r.metrics);
    expect(all.some((m) => m.repeatBuyers > 0 && m.topBuyerWeeks26w > 1)).toBe(true);
    expect(all.some((m) => m.cnOverLimit13w > 0)).toBe(true);
    // the weekly buyers: in every week of the 26 up to asOf (25 when asOf is before its week's Sunday)
    expect(all.some((m) => m.topBuyerWeeks26w >= 25 && m.topBuyerValue26wIdr === m.topBuyerWeeks26w * 1_000_000)).toBe(true);
    expect(all.some((m) => m.gapCount > 2)).toBe(true);
    expect(all.some((m) => m.patternStartOn !== m.steadySinceOn)).toBe(true);
  });

  it('one market: only its members, with the same combined signals', async () => {
    const asOf = AS_OFS[0];
    const all = await repo.members(asOf, null);
    const market = all[0].market;
    const one = await repo.members(asOf, market);
    expect(one).toEqual(all.filter((m) => m.market === market));
    expect(await repo.groupSignals(one, asOf, 2)).toEqual((await repo.groupSignals(all, asOf, 2)).filter((s) => s.market === market));
  });
});
