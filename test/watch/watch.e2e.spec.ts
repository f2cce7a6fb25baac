import { addDays } from '../../src/common/time';
import { JobsService } from '../../src/jobs/jobs.service';
import { WatchSchedulerService } from '../../src/watch/watch-scheduler.service';
import { WatchService } from '../../src/watch/watch.service';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey } from '../factories';

/** Orders of a business as bulk rows: `perWeek` orders each week for `weeks` weeks ending the week of `lastDay`. */
function weeklyOrders(
  lastDay: string,
  weeks: number,
  perWeek: number,
  o: { buyers: string[]; amount: string; currency: string; material: string; country: string },
) {
  const rows: Record<string, unknown>[] = [];
  for (let w = 0; w < weeks; w++) {
    for (let i = 0; i < perWeek; i++) {
      const day = addDays(lastDay, -7 * w - i);
      rows.push({
        orderedAt: `${day}T10:00:00+07:00`,
        destinationCountry: o.country,
        buyerRef: o.buyers[(w + i) % o.buyers.length],
        productCategory: 'bag',
        material: o.material,
        quantity: 1,
        amount: o.amount,
        currency: o.currency,
        shippingChannel: 'post',
        weightKg: 1.5,
      });
    }
  }
  return rows;
}

async function waitRun(t: TestApp, id: string, timeoutMs = 30_000): Promise<Record<string, any>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await t.http.get(`/api/v1/watch/runs/${id}`).set(auth(ADMIN_KEY)).expect(200);
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    if (Date.now() > until) throw new Error(`run ${id} still ${r.body.status}: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

describe('volume watch end-to-end (HTTP + real queue)', () => {
  let t: TestApp;
  let steady: { id: string; key: string };
  let hobby: { id: string; key: string };
  let other: { id: string; key: string };
  let firstRunId: string;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-11-25T03:00:00Z' });
    steady = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    hobby = await createBusinessWithKey(t.http, { name: 'Batik Hobi', district: 'Sulang', materials: ['cotton'] });
    other = await createBusinessWithKey(t.http, { name: 'Arma Leather', district: 'Rembang' });
    const s = weeklyOrders('2026-11-21', 26, 3, {
      buyers: ['Kedai KL', 'Butik Johor', 'Sabah Craft', 'Ipoh Shop'],
      amount: '1500.00',
      currency: 'MYR',
      material: 'snakeskin',
      country: 'MY',
    });
    await t.http.post('/api/v1/orders/bulk').set(auth(ADMIN_KEY)).send({ businessId: steady.id, orders: s }).expect(200);
    const h = weeklyOrders('2026-11-20', 13, 1, { buyers: ['Tante Singapore'], amount: '30.00', currency: 'SGD', material: 'cotton', country: 'SG' }).filter(
      (_, i) => i % 2 === 0,
    );
    await t.http.post('/api/v1/orders/bulk').set(auth(ADMIN_KEY)).send({ businessId: hobby.id, orders: h }).expect(200);
  });
  afterAll(() => t.close());

  it('runs through HTTP and the queue: the steady exporter is flagged, the hobby seller is not; counts add up', async () => {
    const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    expect(res.body).toMatchObject({ asOf: '2026-11-22', status: 'queued' });
    firstRunId = res.body.id;
    const run = await waitRun(t, firstRunId);
    expect(run).toMatchObject({
      status: 'completed',
      businessesTotal: 3,
      businessesEvaluated: 3,
      businessesFailed: 0,
      flagsRaised: 2,
      flagsResolved: 0,
      ruleSetVersion: 2,
    });
    expect(run.startedAt).toBeTruthy();
    expect(run.finishedAt).toBeTruthy();

    const flags = await t.http.get('/api/v1/flags?active=true').set(auth(ADMIN_KEY)).expect(200);
    expect(flags.body.items).toHaveLength(2);
    const readiness = flags.body.items.find((f: any) => f.kind === 'readiness');
    expect(readiness).toMatchObject({
      businessId: steady.id,
      businessName: 'Ulla Leather',
      district: 'Lasem',
      market: 'MY',
      status: 'open',
      raisedOn: '2026-11-22',
      resolvedOn: null,
      lastEvaluatedOn: '2026-11-22',
      ruleSetVersion: 2,
    });
    expect(readiness.signals.activeMonths).toEqual({ value: 4, threshold: 2, hit: true });
    expect(readiness.signals.repeatBuyers.value).toBe(4);
    expect(readiness.signals.rhythmGapWeeks).toEqual({ value: 1, threshold: 3, hit: true });
    // orders of unknown declaration stand on the ladder's first rung: its next step (a CN in its own name) plus every permit snakeskin needs
    expect(readiness).toMatchObject({ rung: 'unrecorded', nextRung: 'own_cn' });
    expect(readiness.checklist.map((c: any) => c.code)).toEqual(['CN', 'SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
    expect(readiness.checklist.find((c: any) => c.code === 'KH-12').reason).toMatch(/^Produk kulit ular ke Malaysia memerlukan sertifikat karantina KH-12/);
    expect(readiness.reasons[0]).toBe('✓ Ritme ke Malaysia: biasanya memesan setiap minggu');
    expect(readiness.reasons[1]).toMatch(/^✓ Kontinuitas: pesanan di 13 dari 13 minggu terakhir; ritmenya sendiri memperkirakan ±13/);
    expect(readiness.checklist[0].title).toBe('Consignment note (CN) atas nama sendiri');
    expect(readiness.series).toHaveLength(26);
    expect(readiness.series.at(-1)).toMatchObject({ week: '2026-W47', orders: 3 });
    expect(readiness.evidenceOrderIds).toHaveLength(39);
    // the evidence is computed in SQL where the flag is written: the market's live orders in the 13 weeks, newest first
    const expected = await t.db.many<{ id: string }>(
      `SELECT id FROM orders WHERE business_id = $1 AND destination_country = 'MY' AND voided_at IS NULL AND ordered_on BETWEEN '2026-08-24' AND '2026-11-22'
        ORDER BY ordered_at DESC, id DESC LIMIT 50`,
      [steady.id],
    );
    expect(readiness.evidenceOrderIds).toEqual(expected.map((r) => r.id));
    const compliance = flags.body.items.find((f: any) => f.kind === 'compliance');
    expect(compliance.checklist.map((c: any) => c.code)).toEqual(['SATS-LN', 'CITES-IMPORT', 'KH-12']);

    const en = await t.http.get(`/api/v1/flags/${readiness.id}?lang=en`).set(auth(ADMIN_KEY)).expect(200);
    expect(en.body.reasons[0]).toBe('✓ Rhythm to Malaysia: usually orders every week');
    expect(en.body.reasons.join('\n')).toMatch(/✓ Quality: repeat demand from 4 returning buyers/);
    const al = await t.http.get(`/api/v1/flags/${readiness.id}`).set(auth(ADMIN_KEY)).set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
    expect(al.body.checklist[0].title).toBe('Consignment note (CN) in your own name');
    expect(al.body.checklist[3].title).toBe('Animal-product quarantine certificate (KH-12)');

    const evals = await t.db.many<{ business_id: string; kind: string; decision: string; metrics: any }>(
      'SELECT business_id, kind, decision, metrics FROM flag_evaluations WHERE as_of = $1',
      ['2026-11-22'],
    );
    expect(evals.filter((e) => e.business_id === hobby.id).map((e) => e.decision)).toEqual(['none']);
    const m = evals.find((e) => e.business_id === steady.id && e.kind === 'readiness')!.metrics;
    expect(m).toMatchObject({ ordersThisWeek: 3, orders13w: 39, repeatBuyers: 4, heaviestParcelKg: 1.5, wildlifeMaterials: ['snakeskin'] });
    expect(m.value13wIdr).toBeGreaterThan(200_000_000);

    const events = await t.db.many<{ type: string; data: any }>(`SELECT type, data FROM domain_events WHERE type LIKE 'flag.%' ORDER BY created_at`);
    expect(events.map((e) => e.type)).toEqual(['flag.raised', 'flag.raised']);
    expect(events[0].data).toMatchObject({ businessId: steady.id, market: 'MY', status: 'open', raisedOn: '2026-11-22', resolvedOn: null });
    const publish = await t.db.many<{ job_id: string }>(`SELECT job_id FROM job_outbox WHERE name = 'reports.publish-week'`);
    expect(publish.map((p) => p.job_id)).toEqual(['reports.publish-week:2026-W47']);
  });

  it('re-running the same as-of changes nothing; an older as-of is 409', async () => {
    const before = await t.db.one<{ f: number; e: number; h: number }>(
      'SELECT (SELECT count(*) FROM flags)::int AS f, (SELECT count(*) FROM flag_evaluations)::int AS e, (SELECT count(*) FROM flag_events)::int AS h',
    );
    const again = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    expect(again.body).toMatchObject({ id: firstRunId, status: 'completed' });
    await t.app.get(WatchService).startRun(firstRunId); // a stray duplicate job is a no-op too
    await new Promise((r) => setTimeout(r, 300));
    const after = await t.db.one(
      'SELECT (SELECT count(*) FROM flags)::int AS f, (SELECT count(*) FROM flag_evaluations)::int AS e, (SELECT count(*) FROM flag_events)::int AS h',
    );
    expect(after).toEqual(before);
    const old = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-15' }).expect(409);
    expect(old.body.message).toMatch(/before the latest completed run/);
    await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-13-01' }).expect(400);
    await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22', extra: 1 }).expect(400);
    await t.http.post('/api/v1/watch/runs').set(auth(steady.key)).send({}).expect(403);
  });

  it("a business key sees only its own flags (another business's flag is 404)", async () => {
    const own = await t.http.get('/api/v1/flags').set(auth(steady.key)).expect(200);
    expect(own.body.items).toHaveLength(2);
    const id = own.body.items[0].id;
    await t.http.get(`/api/v1/flags/${id}`).set(auth(other.key)).expect(404);
    await t.http.get(`/api/v1/flags/${id}/history`).set(auth(other.key)).expect(404);
    const none = await t.http.get(`/api/v1/flags?businessId=${steady.id}`).set(auth(other.key)).expect(200);
    expect(none.body.items).toEqual([]);
    await t.http.patch(`/api/v1/flags/${id}`).set(auth(steady.key)).send({ status: 'dismissed' }).expect(403);
  });

  it('staff move a flag through the lifecycle with notes; history shows evaluations and changes', async () => {
    const list = await t.http.get('/api/v1/flags?kind=readiness').set(auth(ADMIN_KEY)).expect(200);
    const id = list.body.items[0].id;
    const r = await t.http.patch(`/api/v1/flags/${id}`).set(auth(ADMIN_KEY)).send({ status: 'in_review', note: 'Kunjungan ke Lasem dijadwalkan' }).expect(200);
    expect(r.body.status).toBe('in_review');
    await t.http.patch(`/api/v1/flags/${id}`).set(auth(ADMIN_KEY)).send({ status: 'resolved' }).expect(400);
    const snooze = await t.http.post(`/api/v1/flags/${id}/snooze`).set(auth(ADMIN_KEY)).send({ until: '2026-12-15', note: 'menunggu NIB' }).expect(200);
    expect(snooze.body.snoozedUntil).toBe('2026-12-15');
    await t.http.post(`/api/v1/flags/${id}/snooze`).set(auth(ADMIN_KEY)).send({ until: '2026-11-01' }).expect(400);
    const h = await t.http.get(`/api/v1/flags/${id}/history`).set(auth(ADMIN_KEY)).expect(200);
    expect(h.body.items.map((e: any) => e.type)).toEqual(['raised', 'status_changed', 'snoozed']);
    expect(h.body.items[0]).toMatchObject({ actor: 'system:watch', asOf: '2026-11-22', toStatus: 'open', decision: 'raise' });
    expect(h.body.items[1]).toMatchObject({ actor: 'admin:env', fromStatus: 'open', toStatus: 'in_review', note: 'Kunjungan ke Lasem dijadwalkan' });
    const ev = await t.db.one<{ data: any }>(`SELECT data FROM domain_events WHERE type = 'flag.status_changed'`);
    expect(ev!.data).toMatchObject({ flagId: id, fromStatus: 'open', toStatus: 'in_review', status: 'in_review', note: 'Kunjungan ke Lasem dijadwalkan' });
  });

  it('one failing business never blocks the others: the run completes and counts it as failed', async () => {
    await t.db.exec(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$`);
    await t.db.exec(`CREATE TRIGGER boom BEFORE INSERT ON flag_evaluations FOR EACH ROW WHEN (NEW.business_id = '${hobby.id}') EXECUTE FUNCTION boom()`);
    t.clock.set('2026-12-01T03:00:00Z');
    const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-29' }).expect(202);
    const run = await waitRun(t, res.body.id, 40_000);
    expect(run).toMatchObject({ status: 'completed', businessesTotal: 3, businessesEvaluated: 2, businessesFailed: 1 });
    const item = await t.db.one<{ attempts: number; error: string }>('SELECT attempts, error FROM watch_run_items WHERE run_id = $1 AND business_id = $2', [
      res.body.id,
      hobby.id,
    ]);
    expect(item).toEqual({ attempts: 3, error: 'simulated failure' });
    await t.db.exec('DROP TRIGGER boom ON flag_evaluations');
    const flags = await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM flags WHERE business_id = $1 AND last_evaluated_on = '2026-11-29'`, [
      steady.id,
    ]);
    expect(flags!.n).toBe(2);
  });

  it('jobs lost from Redis are re-enqueued from Postgres and the run completes without duplicates', async () => {
    const jobs = t.app.get(JobsService);
    const watch = t.app.get(WatchService);
    const queue = jobs.queue('watch');
    t.clock.set('2026-12-08T03:00:00Z');
    await queue.pause();
    const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-12-06' }).expect(202);
    await watch.startRun(res.body.id); // fan out while the workers are paused
    await jobs.kick();
    await queue.obliterate({ force: true }); // Redis loses every job
    await queue.resume();
    const rec = await watch.recover();
    expect(rec.requeued).toBe(1); // one chunk job (WATCH_CHUNK_SIZE 250) holds the run's pending businesses
    const run = await waitRun(t, res.body.id);
    expect(run).toMatchObject({ status: 'completed', businessesTotal: 3, businessesEvaluated: 3, businessesFailed: 0 });
    const dup = await t.db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT business_id, market, kind FROM flags WHERE status <> 'resolved' GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
    );
    expect(dup!.n).toBe(0);
    const evals = await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM flag_evaluations WHERE as_of = '2026-12-06'`);
    expect(evals!.n).toBe(3); // steady: readiness + compliance; hobby: readiness
  });

  it('catches up missed weeks once each, in order, after the latest run', async () => {
    t.clock.set('2026-12-29T02:00:00Z'); // Tuesday 09:00 WIB: Sundays 13, 20 and 27 Dec are due
    const scheduler = t.app.get(WatchSchedulerService);
    expect(await scheduler.catchUp()).toEqual(['2026-12-13', '2026-12-20', '2026-12-27']);
    expect(await scheduler.catchUp()).toEqual([]); // once each
    const runs = await t.db.many<{ as_of: string; trigger: string }>(
      `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, trigger FROM watch_runs WHERE as_of > '2026-12-06' ORDER BY as_of`,
    );
    expect(runs).toEqual([
      { as_of: '2026-12-13', trigger: 'catch_up' },
      { as_of: '2026-12-20', trigger: 'catch_up' },
      { as_of: '2026-12-27', trigger: 'catch_up' },
    ]);
    const until = Date.now() + 40_000;
    let done: Array<{ as_of: string; finished_at: Date }> = [];
    while (Date.now() < until) {
      done = await t.db.many(
        `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, finished_at FROM watch_runs WHERE as_of > '2026-12-06' AND status = 'completed' ORDER BY finished_at`,
      );
      if (done.length === 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(done.map((d) => d.as_of)).toEqual(['2026-12-13', '2026-12-20', '2026-12-27']); // completed in as-of order
    // the steady exporter stopped ordering on 21 Nov: by 27 Dec (5 weeks quiet) its readiness flag is on its way out
    const f = await t.http.get(`/api/v1/flags?businessId=${steady.id}&kind=readiness`).set(auth(ADMIN_KEY)).expect(200);
    expect(f.body.items[0].signals.weeksSinceLastOrder.value).toBe(5);
  });

  it('replay is a dry run: week by week raises and resolves, changing nothing', async () => {
    t.clock.set('2027-01-12T03:00:00Z');
    const before = await t.db.one('SELECT (SELECT count(*) FROM flags)::int AS f, (SELECT count(*) FROM flag_evaluations)::int AS e');
    const res = await t.http.post('/api/v1/watch/replay').set(auth(ADMIN_KEY)).send({ from: '2026-11-16', to: '2027-01-24' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', from: '2026-11-22', to: '2027-01-10', ruleSetVersion: 2, weeksTotal: 8, weeksDone: 8 });
    expect(res.body.weeks.map((w: any) => w.week)).toEqual(['2026-W47', '2026-W48', '2026-W49', '2026-W50', '2026-W51', '2026-W52', '2026-W53', '2027-W01']);
    expect(res.body.weeks[0].raised.map((r: any) => `${r.businessName}/${r.market}/${r.kind}`).sort()).toEqual([
      'Ulla Leather/MY/compliance',
      'Ulla Leather/MY/readiness',
    ]);
    const resolvedReadiness = res.body.weeks.findIndex((w: any) => w.resolved.some((r: any) => r.kind === 'readiness'));
    // quiet since 21 Nov: 27 Dec is the first week over 4 quiet weeks, 3 Jan (W53) confirms it
    expect(resolvedReadiness).toBe(6);
    expect(res.body.weeks[6].open).toBe(1); // compliance stays: wildlife orders remain in the 13 weeks
    const strict = await t.http
      .post('/api/v1/watch/replay')
      .set(auth(ADMIN_KEY))
      .send({ from: '2026-11-16', to: '2026-11-22', ruleSet: { nope: 1 } })
      .expect(400);
    expect(strict.body.message).toEqual(expect.arrayContaining(['ruleSet.nope: unknown field (not allowed)']));
    const after = await t.db.one('SELECT (SELECT count(*) FROM flags)::int AS f, (SELECT count(*) FROM flag_evaluations)::int AS e');
    expect(after).toEqual(before);
  });
});
