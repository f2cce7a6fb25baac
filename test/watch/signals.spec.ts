import { SignalsRepository } from '../../src/watch/signals.repository';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey, orderBody } from '../factories';

/**
 * The signal SQL against hand-computed expectations. As-of Sunday 2026-11-22 (ISO week 2026-W47,
 * Monday 16 – Sunday 22 November, WIB). The 13-week window starts Monday 2026-08-24; the 4-month
 * window is August–November.
 */
describe('signal SQL (real Postgres)', () => {
  let t: TestApp;
  let signals: SignalsRepository;
  let biz: { id: string; key: string };
  const ids: Record<string, string> = {};

  const post = async (name: string, o: Record<string, unknown>) => {
    const res = await t.http
      .post('/api/v1/orders')
      .set(auth(biz.key))
      .send(orderBody({ currency: 'IDR', amount: '1000000', weightKg: 1, ...o }))
      .expect(201);
    ids[name] = res.body.id;
    return res.body;
  };
  const my = async (asOf: string) => {
    const rows = await signals.marketSignals([biz.id], asOf, 2);
    return { MY: rows.find((r) => r.market === 'MY')!, CN: rows.find((r) => r.market === 'CN'), rows };
  };

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', now: '2026-12-10T03:00:00Z' });
    signals = t.app.get(SignalsRepository);
    biz = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem' });
    // week 2026-W47 (16–22 Nov, WIB)
    await post('sun2330', { orderedAt: '2026-11-22T23:30:00+07:00', buyerRef: 'Kedai KL', amount: '2000000', weightKg: 12.5 });
    await post('mon0000', { orderedAt: '2026-11-16T00:00:00+07:00', buyerRef: '  kedai   KL ' });
    await post('utcSun', { orderedAt: '2026-11-15T17:30:00Z', buyerRef: 'KEDAI kl' }); // Monday 00:30 WIB → W47
    const voided = await post('voided', { orderedAt: '2026-11-18T10:00:00+07:00', buyerRef: 'Kedai KL', amount: '50000000' });
    await t.http.delete(`/api/v1/orders/${voided.id}`).set(auth(biz.key)).send({ reason: 'cancelled' }).expect(204);
    // after the as-of: never counted for 22 Nov
    await post('mon0010', { orderedAt: '2026-11-23T00:10:00+07:00', buyerRef: 'Kedai KL' });
    // W46: Sunday 23:59 WIB, paid in ringgit
    await post('w46myr', { orderedAt: '2026-11-15T23:59:00+07:00', buyerRef: 'Butik Johor', currency: 'MYR', amount: '100.00' });
    // W44 straddles October and November: two buckets, one week
    await post('oct31', { orderedAt: '2026-10-31T23:30:00+07:00', buyerRef: 'Penang Leather' });
    await post('nov1', { orderedAt: '2026-11-01T00:30:00+07:00', buyerRef: 'Sabah Craft' });
    // W37, September
    await post('sep10', { orderedAt: '2026-09-10T12:00:00+07:00', buyerRef: 'Ipoh Shop' });
    // outside the 13-week window (W34) but inside 26 weeks
    await post('aug20', { orderedAt: '2026-08-20T12:00:00+07:00', buyerRef: 'Kedai KL', amount: '7000000' });
    // China: stingray, CNY 1,500 (over the CNY 1,000 personal-parcel limit) and CNY 500
    await post('cn1500', {
      orderedAt: '2026-11-10T10:00:00+07:00',
      destinationCountry: 'CN',
      buyerRef: 'Guangzhou',
      currency: 'CNY',
      amount: '1500.00',
      material: 'stingray',
      weightKg: 2,
    });
    await post('cn500', {
      orderedAt: '2026-11-11T10:00:00+07:00',
      destinationCountry: 'CN',
      buyerRef: 'Guangzhou',
      currency: 'CNY',
      amount: '500.00',
      material: 'stingray',
      weightKg: 31.5,
    });
  });
  afterAll(() => t.close());

  const rate = async (cur: string, day: string) =>
    Number(
      (await t.db.one<{ r: string }>(
        `SELECT idr_per_unit::text AS r FROM exchange_rates WHERE currency = $1 AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1`,
        [cur, day],
      ))!.r,
    );

  it('counts week, month and buyer boundaries in WIB, ignores voided and later orders', async () => {
    const { MY } = await my('2026-11-22');
    const myr = Math.round(100 * (await rate('MYR', '2026-11-15')));
    expect(MY.metrics).toMatchObject({
      ordersThisWeek: 3, // Sunday 23:30, Monday 00:00, Monday 00:30 WIB (given in UTC); not the voided one or Monday 23 Nov
      orders13w: 7, // + W46, 31 Oct, 1 Nov, 10 Sep
      activeWeeks13: 4, // W47, W46, W44, W37
      activeMonths4: 4, // Aug (20 Aug is outside 13 weeks but inside the 4 months), Sep, Oct, Nov
      repeatBuyers: 1, // "Kedai KL" ×3 in 13 weeks, written three ways
      repeatOrders13w: 3,
      buyers13w: 5,
      peakWeekOrders: 3,
      heaviestParcelKg: 12.5,
      lastOrderOn: '2026-11-22',
      value13wIdr: 2_000_000 + 1_000_000 + 1_000_000 + myr + 1_000_000 + 1_000_000 + 1_000_000,
    });
  });

  it('months are calendar months in WIB: 31 Oct 23:30 is October, 1 Nov 00:30 is November', async () => {
    const { MY } = await my('2026-11-22');
    expect(MY.metrics.ordersPrev13w).toBe(1); // 20 Aug, W34
    expect(MY.metrics.valuePrev13wIdr).toBe(7_000_000);
    // as of 31 Oct: the week 26 Oct–1 Nov is open; only the October order counts
    const oct = await my('2026-10-31');
    expect(oct.MY.metrics).toMatchObject({ ordersThisWeek: 1, activeMonths4: 3, lastOrderOn: '2026-10-31' }); // Aug, Sep, Oct of Jul–Oct
    // as of 1 Dec the 4 months are Sep–Dec: August drops out
    const dec = await my('2026-12-01');
    expect(dec.MY.metrics.activeMonths4).toBe(3);
  });

  it('a mid-week as-of counts only up to the end of that day', async () => {
    const { MY } = await my('2026-11-18');
    expect(MY.metrics.ordersThisWeek).toBe(2);
    expect(MY.metrics.lastOrderOn).toBe('2026-11-16');
  });

  it('series: 26 zero-filled ISO weeks; a week read while open equals the same week read after it closed', async () => {
    const now = await my('2026-11-22');
    expect(now.MY.series).toHaveLength(26);
    expect(now.MY.series.at(-1)).toEqual({ week: '2026-W47', orders: 3, valueIdr: 4_000_000, buyers: 1 });
    const later = await my('2026-11-29');
    const w47 = later.MY.series.find((p) => p.week === '2026-W47');
    expect(w47).toEqual({ week: '2026-W47', orders: 3, valueIdr: 4_000_000, buyers: 1 });
    expect(later.MY.series.find((p) => p.week === '2026-W44')).toMatchObject({ orders: 2, buyers: 2 });
    expect(later.MY.metrics.ordersThisWeek).toBe(1); // Monday 23 Nov 00:10
  });

  it('China: CNY parcels over the personal limit, wildlife material, weight over 30 kg', async () => {
    const { CN } = await my('2026-11-22');
    expect(CN!.metrics).toMatchObject({
      orders13w: 2,
      cnOverLimit13w: 1,
      wildlifeMaterials: ['stingray'],
      wildlifeOrders13w: 2,
      heaviestParcelKg: 31.5,
      repeatBuyers: 1,
    });
    const cny = await rate('CNY', '2026-11-10');
    expect(CN!.metrics.value13wIdr).toBe(Math.round(1500 * cny) + Math.round(500 * (await rate('CNY', '2026-11-11'))));
  });

  it('rhythm: a lone order week has no gaps; the pattern is that week', async () => {
    const { MY, CN } = await my('2026-11-22');
    // MY order weeks 17 Aug, 7 Sep, 26 Oct, 9 Nov, 16 Nov: gaps 3, 7, 2, 1 (median 2.5); 7 > 2 × 2.5 ends the steady part
    expect(MY.metrics).toMatchObject({
      patternStartOn: '2026-08-20',
      steadySinceOn: '2026-10-31',
      patternWeeks: 5,
      gapMedianWeeks: 2.5,
      gapMaxWeeks: 7,
      gapCount: 4,
    });
    expect(CN!.metrics).toMatchObject({
      patternStartOn: '2026-11-10',
      steadySinceOn: '2026-11-10',
      patternWeeks: 1,
      gapMedianWeeks: null,
      gapMaxWeeks: null,
      gapCount: 0,
    });
    // "Guangzhou" twice in the same week, 2 pieces each (the factory's quantity)
    expect(CN!.metrics).toMatchObject({ topBuyerOrders26w: 2, topBuyerWeeks26w: 1, topBuyerUnits26w: 4 });
  });

  it('rhythm: gaps between order weeks, a break over 8 weeks starts a new pattern, the routine buyer in volume', async () => {
    const arma = await createBusinessWithKey(t.http, { name: 'Arma Leather and Craft', district: 'Rembang' });
    const lot = (orderedAt: string, buyerRef = 'Guangzhou Hide', quantity = 40, amount = '30000000') =>
      t.http
        .post('/api/v1/orders')
        .set(auth(arma.key))
        .send(orderBody({ orderedAt, destinationCountry: 'CN', buyerRef, material: 'stingray', quantity, currency: 'IDR', amount, weightKg: 20 }))
        .expect(201);
    await lot('2026-06-03T10:00:00+07:00'); // W23 (1 Jun): before a 10-week break
    await lot('2026-08-12T10:00:00+07:00'); // W33: the current pattern starts here
    await lot('2026-09-09T10:00:00+07:00'); // W37: gap 4
    await lot('2026-10-14T10:00:00+07:00'); // W42: gap 5
    await lot('2026-10-15T10:00:00+07:00', 'Shenzhen Retail', 2, '1000000'); // same week, another buyer
    await lot('2026-11-18T10:00:00+07:00'); // W47: gap 5
    const cn = async (asOf: string) => (await signals.marketSignals([arma.id], asOf, 2)).find((r) => r.market === 'CN')!.metrics;
    expect(await cn('2026-11-22')).toMatchObject({
      patternStartOn: '2026-08-12',
      steadySinceOn: '2026-08-12',
      patternWeeks: 4,
      gapMedianWeeks: 5,
      gapMaxWeeks: 5,
      gapCount: 3, // gaps 4, 5, 5: none over 10
      topBuyerOrders26w: 5,
      topBuyerWeeks26w: 5,
      topBuyerUnits26w: 200,
      topBuyerValue26wIdr: 150_000_000, // W23 is inside the 26 weeks (from 25 May)
      repeatBuyers: 1, // the v1 count: one buyer, never two
    });
    // as of Saturday 31 Oct: gaps 4 and 5 → median 4.5; the 26 weeks start 4 May
    expect(await cn('2026-10-31')).toMatchObject({
      patternStartOn: '2026-08-12',
      patternWeeks: 3,
      gapMedianWeeks: 4.5,
      gapMaxWeeks: 5,
      gapCount: 2,
      topBuyerWeeks26w: 4,
      topBuyerUnits26w: 160,
    });
    // as of 6 Dec the 26 weeks start 15 Jun: W23 drops out, the break with it
    expect(await cn('2026-12-06')).toMatchObject({ patternStartOn: '2026-08-12', patternWeeks: 4, topBuyerWeeks26w: 4, topBuyerUnits26w: 160 });
    // as of 16 Aug the break is the last gap: the pattern is one week old
    expect(await cn('2026-08-16')).toMatchObject({ patternStartOn: '2026-08-12', patternWeeks: 1, gapMedianWeeks: null, gapCount: 0, topBuyerWeeks26w: 2 });
  });

  it('signals pick up orders voided or back-dated after an earlier reading', async () => {
    const before = (await my('2026-11-29')).MY.metrics;
    await t.http.delete(`/api/v1/orders/${ids.oct31}`).set(auth(biz.key)).send({ reason: 'duplicate' }).expect(204);
    await post('late', { orderedAt: '2026-10-05T09:00:00+07:00', buyerRef: 'Kedai KL' });
    const after = (await my('2026-11-29')).MY.metrics;
    expect(after.orders13w).toBe(before.orders13w); // one voided, one back-dated
    expect(after.repeatBuyers).toBe(1);
    const w44 = (await my('2026-11-29')).MY.series.find((p) => p.week === '2026-W44');
    expect(w44).toMatchObject({ orders: 1, buyers: 1 });
  });

  it('staff can read the rule set and paperwork catalog', async () => {
    const rs = await t.http.get('/api/v1/rule-sets/current').set(auth(ADMIN_KEY)).expect(200);
    expect(rs.body).toMatchObject({ version: 2, current: true, params: { rhythm: { minGaps: 3, maxQuietWeeks: 8 } } });
    // every parameter explained, in both languages, with its unit
    const paths = (o: Record<string, any>, pre = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? paths(v, `${pre}${k}.`) : [`${pre}${k}`]));
    expect(Object.keys(rs.body.explain).sort()).toEqual(paths(rs.body.params).sort());
    expect(rs.body.explain['readiness.enter.minCoverage']).toEqual({
      id: expect.stringMatching(/^Masuk: Minggu berpesanan/),
      en: expect.stringMatching(/^Enter: Order weeks/),
      unit: 'rasio 0–1 / ratio 0–1',
    });
    const v1 = await t.http.get('/api/v1/rule-sets/1').set(auth(ADMIN_KEY)).expect(200);
    expect(v1.body).toMatchObject({ version: 1, current: false });
    expect(Object.keys(v1.body.explain).sort()).toEqual(paths(v1.body.params).sort());
    const pw = await t.http.get('/api/v1/paperwork').set(auth(ADMIN_KEY)).expect(200);
    expect(pw.body.items.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['NIB', 'PEB', 'CN', 'SKA-D', 'SKA-E', 'SATS-LN', 'KH-12', 'KKP-RAY', 'CITES-IMPORT']),
    );
    // wildlife permits apply on every route: on readiness plans too, and CITES for any market
    const by = new Map(pw.body.items.map((p: { code: string; applies: object }) => [p.code, p.applies]));
    expect(by.get('SATS-LN')).toEqual({ materials: ['snakeskin'] });
    expect(by.get('KH-12')).toEqual({ materials: ['snakeskin'] });
    expect(by.get('KKP-RAY')).toEqual({ materials: ['stingray'] });
    expect(by.get('CITES-IMPORT')).toEqual({ materials: ['snakeskin', 'stingray'] });
  });
});
