import { DigestDeliveryPolicy } from '../../src/digests/digest-policy';
import { DigestRecoveryService } from '../../src/digests/digest-recovery.service';
import { DigestsService } from '../../src/digests/digests.service';
import { bullJobId, JobsService } from '../../src/jobs/jobs.service';
import { ReportsService } from '../../src/reports/reports.service';
import { createBusinessWithKey } from '../factories';
import { completedRun, insertEvaluation, insertFlag, METRICS } from '../reports/fixtures';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { waitFor } from '../utils/processes';
import { TestSmtp } from './smtp';

describe('email digests (real SMTP server, mailparser)', () => {
  let t: TestApp;
  let digests: DigestsService;
  const smtp = new TestSmtp();
  const sub = (body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/digests/subscriptions')
      .set(auth(ADMIN_KEY))
      .send(body)
      .expect(201)
      .then((r) => r.body);
  const deliveryIds = async (email: string) =>
    (await t.db.many<{ id: string }>(`SELECT id FROM digest_deliveries WHERE email = $1 ORDER BY created_at`, [email])).map((r) => r.id);

  beforeAll(async () => {
    await smtp.start();
    // Sunday 2026-11-22 10:00 WIB: subscribers sign up before Monday's 07:00 digest
    t = await startTestApp({ now: '2026-11-22T03:00:00Z', env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_BASE_URL: 'https://siap.example.go.id' } });
    digests = t.app.get(DigestsService);
    const p = t.app.get(DigestDeliveryPolicy);
    p.baseDelayMs = 10;
    const a = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'], email: 'ulla@example.com' });
    const b = await createBusinessWithKey(t.http, { name: 'Arma Leather and Craft', district: 'Rembang', materials: ['stingray'] });
    const f1 = await insertFlag(t.db, {
      businessId: a.id,
      market: 'MY',
      raisedOn: '2026-11-22',
      checklist: [
        {
          code: 'SKA-D',
          title: { id: 'Surat Keterangan Asal Form D', en: 'Certificate of origin Form D' },
          reason: { id: 'Tujuan Malaysia', en: 'Destination Malaysia' },
        },
      ],
    });
    await insertEvaluation(t.db, f1, '2026-11-22', METRICS);
    const f2 = await insertFlag(t.db, {
      businessId: b.id,
      market: 'CN',
      kind: 'compliance',
      raisedOn: '2026-11-22',
      reasons: [{ id: 'Bahan pari ke CN', en: 'Stingray to CN' }],
    });
    await insertEvaluation(t.db, f2, '2026-11-22', { ...METRICS, value13wIdr: 7_250_000, wildlifeMaterials: ['stingray'] });
    await completedRun(t.db, '2026-11-22');
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('validates subscriptions, naming the fields; business keys may not manage them', async () => {
    const bad = await t.http
      .post('/api/v1/digests/subscriptions')
      .set(auth(ADMIN_KEY))
      .send({ email: 'x', locale: 'fr', sendAt: '7am', timeZone: 'Mars/Base', markets: ['XX'], cadence: 'hourly' })
      .expect(400);
    expect(new Set((bad.body.message as string[]).map((m) => m.split(':')[0]))).toEqual(
      new Set(['email', 'locale', 'sendAt', 'timeZone', 'markets', 'cadence']),
    );
    const biz = await createBusinessWithKey(t.http);
    await t.http.get('/api/v1/digests/subscriptions').set(auth(biz.key)).expect(403);
    const s = await sub({ email: 'defaults@example.go.id' });
    expect(s).toMatchObject({ locale: 'id', cadence: 'weekly', sendAt: '07:00', timeZone: 'Asia/Jakarta', sendWhenEmpty: true, active: true, districts: [] });
    await t.http.delete(`/api/v1/digests/subscriptions/${s.id}`).set(auth(ADMIN_KEY)).expect(204);
    await t.http.get(`/api/v1/digests/subscriptions/${s.id}`).set(auth(ADMIN_KEY)).expect(404);
  });

  it('sends one digest per subscriber at Monday 07:00 WIB from the published list, in their language and filters', async () => {
    const id = await sub({ email: 'officer.id@example.go.id', name: 'Bu Sri' });
    const en = await sub({ email: 'officer.en@example.go.id', locale: 'en', districts: ['rembang'], markets: ['cn'] });
    t.clock.set('2026-11-22T23:59:00Z'); // Monday 06:59 WIB: not due yet
    expect((await digests.tick()).created).toBe(0);
    t.clock.set('2026-11-23T00:10:00Z'); // Monday 07:10 WIB, the list is not published yet
    expect((await digests.tick()).created).toBe(0);
    expect(await t.app.get(ReportsService).publish('2026-W47')).toBe('published');
    expect((await digests.tick()).created).toBe(2);
    expect((await digests.tick()).created).toBe(0); // the tick is retried / runs again: nothing new

    for (const d of [...(await deliveryIds('officer.id@example.go.id')), ...(await deliveryIds('officer.en@example.go.id'))]) {
      expect(await digests.sendOne(d)).toBe('sent');
      expect(await digests.sendOne(d)).toBe('skipped'); // a retried job sends nothing
    }
    const [mid] = smtp.to('officer.id@example.go.id');
    const [men] = smtp.to('officer.en@example.go.id');
    expect(smtp.to('officer.id@example.go.id')).toHaveLength(1);
    expect(mid.subject).toBe('Daftar mingguan Siap Ekspor 2026-W47: 2 baru, 0 berlanjut, 0 selesai');
    expect(mid.text).toContain('Halo Bu Sri,');
    expect(mid.text).toContain('16 November 2026');
    expect(mid.text).toContain('WIB');
    expect(mid.text).toContain('Rp 48.250.000');
    expect(mid.text).toContain('Ulla Leather');
    expect(mid.text).toContain('Arma Leather and Craft');
    expect(mid.text).toContain('SKA-D: Surat Keterangan Asal Form D');
    expect(mid.text).toContain('Periksa izin KKP');
    expect(mid.html).toContain('bgcolor="#2f7d4a"');
    expect(mid.html).not.toMatch(/<script|<img/i);
    expect(mid.html).toContain('href="https://siap.example.go.id/dinas/mingguan?minggu=2026-W47"');
    expect(mid.html).not.toContain('/reports/weekly/');
    expect(mid.messageId).toMatch(/^<digest-[0-9a-f-]+@siap-ekspor>$/);

    expect(men.subject).toBe('Siap Ekspor weekly list 2026-W47: 1 new, 0 continuing, 0 resolved');
    expect(men.text).toContain('Arma Leather and Craft');
    expect(men.text).not.toContain('Ulla Leather');
    expect(men.text).toContain('IDR 7,250,000');
    expect(men.text).toContain('Check KKP stingray permits');

    // the unsubscribe header and link work, signed
    const line = (k: string) => mid.headerLines.find((h) => h.key === k)!.line.replace(/^[^:]+:\s*/, '');
    const url = line('list-unsubscribe').replace(/^<|>$/g, '');
    expect(url).toMatch(/^https:\/\/siap\.example\.go\.id\/api\/v1\/digests\/unsubscribe\?s=[0-9a-f-]{36}&t=/);
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mid.text).toContain(url);
    const path = url.replace('https://siap.example.go.id', '');
    const pageRes = await t.http.get(path).expect(200);
    expect(pageRes.text).toContain('<form method="post"');
    await t.http.get(path.replace(/t=[^&]+/, 't=forged')).expect(400);
    await t.http.post(path.replace(/t=[^&]+/, 't=forged')).expect(400);
    await t.http.post(path).set('content-type', 'application/x-www-form-urlencoded').send('List-Unsubscribe=One-Click').expect(200);
    const after = await t.http.get(`/api/v1/digests/subscriptions/${id.id}`).set(auth(ADMIN_KEY)).expect(200);
    expect(after.body.active).toBe(false);

    // POST /digests/send for the same week: nobody gets it twice
    const again = await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    expect(again.body.queued).toBe(0);
    await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W50' }).expect(404);
    const list = await t.http.get('/api/v1/digests/deliveries?week=2026-W47').set(auth(ADMIN_KEY)).expect(200);
    expect(list.body.items.map((d: { email: string; status: string; attempts: number }) => [d.email, d.status, d.attempts]).sort()).toEqual([
      ['officer.en@example.go.id', 'sent', 1],
      ['officer.id@example.go.id', 'sent', 1],
    ]);
    expect(en.id).toBeDefined();
  });

  it('retries while the SMTP server is down and sends exactly once when it is back', async () => {
    await sub({ email: 'late@example.go.id' });
    const res = await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    expect(res.body.queued).toBe(1);
    const [d] = await deliveryIds('late@example.go.id');
    await smtp.stop();
    expect(await digests.sendOne(d)).toBe('retry');
    expect(await digests.sendOne(d)).toBe('retry');
    const mid = await t.http.get('/api/v1/digests/deliveries?week=2026-W47').set(auth(ADMIN_KEY)).expect(200);
    expect(mid.body.items.find((x: { email: string }) => x.email === 'late@example.go.id')).toMatchObject({ status: 'pending', attempts: 2 });
    const retry = await t.db.one<{ delay_ms: number }>('SELECT delay_ms FROM job_outbox WHERE job_id = $1', [`digests.send-one:${d}:3`]);
    expect(retry!.delay_ms).toBe(20);
    await smtp.start(smtp.port);
    expect(await digests.sendOne(d)).toBe('sent');
    expect(await digests.sendOne(d)).toBe('skipped');
    expect(smtp.to('late@example.go.id')).toHaveLength(1);
  });

  it('survives a sender killed mid-send and concurrent duplicate jobs: one email', async () => {
    await sub({ email: 'crash@example.go.id' });
    await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W47' }).expect(202);
    const [d] = await deliveryIds('crash@example.go.id');
    smtp.failNext = 1;
    expect(await digests.sendOne(d)).toBe('retry'); // the message never got accepted
    // a worker that claimed the row and died: the row stays 'sending' until its lease runs out
    await t.db.exec(`UPDATE digest_deliveries SET status = 'sending', attempts = attempts + 1, lease_until = $2 WHERE id = $1`, [
      d,
      new Date(t.clock.now().getTime() + 60_000),
    ]);
    expect(await digests.sendOne(d)).toBe('busy');
    expect(smtp.to('crash@example.go.id')).toHaveLength(0);
    t.clock.advance(61_000);
    const results = await Promise.all([digests.sendOne(d), digests.sendOne(d), digests.sendOne(d)]);
    expect(results.filter((r) => r === 'sent')).toHaveLength(1);
    expect(smtp.to('crash@example.go.id')).toHaveLength(1);
  });

  it('catches up a missed schedule once, honours time zones, daily cadence and sendWhenEmpty', async () => {
    t.clock.set('2026-11-29T03:00:00Z'); // Sunday of W48, before its Monday
    await sub({ email: 'ny@example.go.id', timeZone: 'America/New_York', sendAt: '08:00', locale: 'en' });
    await sub({ email: 'daily@example.go.id', cadence: 'daily' });
    await sub({ email: 'daily-quiet@example.go.id', cadence: 'daily', sendWhenEmpty: false });
    // W48's list is published Monday; the service was down until Wednesday
    await completedRun(t.db, '2026-11-29');
    t.clock.set('2026-12-02T03:00:00Z');
    await t.app.get(ReportsService).publish('2026-W48');
    await digests.tick();
    await digests.tick();
    expect(await deliveryIds('ny@example.go.id')).toHaveLength(1);
    const [daily] = await t.db.many<{ period: string; week: string }>(`SELECT period, week FROM digest_deliveries WHERE email = 'daily@example.go.id'`);
    expect(daily).toEqual({ period: '2026-12-02', week: '2026-W48' });
    const [ny] = await t.db.many<{ period: string; scheduled_for: Date }>(
      `SELECT period, scheduled_for FROM digest_deliveries WHERE email = 'ny@example.go.id'`,
    );
    expect(ny.period).toBe('2026-W48');
    expect(ny.scheduled_for.toISOString()).toBe('2026-11-30T13:00:00.000Z'); // Monday 08:00 in New York
    // W48 has no changes (both flags continue): a subscriber who wants no empty digest gets none
    expect(await deliveryIds('daily-quiet@example.go.id')).toHaveLength(0);
    const [quiet] = await deliveryIds('daily@example.go.id');
    expect(await digests.sendOne(quiet)).toBe('sent');
    expect(smtp.to('daily@example.go.id')[0].subject).toBe('Daftar mingguan Siap Ekspor 2026-W48: tidak ada perubahan');
    // the next day brings no new list: one short reminder for the daily subscriber, still none for the quiet one
    t.clock.set('2026-12-03T03:00:00Z');
    await digests.tick();
    await digests.tick();
    const daily2 = await deliveryIds('daily@example.go.id');
    expect(daily2).toHaveLength(2);
    expect(await digests.sendOne(daily2[1])).toBe('sent');
    expect(smtp.to('daily@example.go.id')[1].subject).toBe('Siap Ekspor: belum ada daftar mingguan baru (terakhir 2026-W48)');
    expect(await deliveryIds('daily-quiet@example.go.id')).toHaveLength(0);
  });

  it('sends the optional notice to a flagged business only when an admin switches it on', async () => {
    expect((await t.http.get('/api/v1/digests/settings').set(auth(ADMIN_KEY)).expect(200)).body).toEqual({ businessNoticesEnabled: false });
    await digests.tick();
    expect(await deliveryIds('ulla@example.com')).toHaveLength(0);
    const officer = (await t.http.post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ role: 'officer' }).expect(201)).body.key;
    await t.http.put('/api/v1/digests/settings').set(auth(officer)).send({ businessNoticesEnabled: true }).expect(403);
    await t.http.put('/api/v1/digests/settings').set(auth(ADMIN_KEY)).send({ businessNoticesEnabled: true }).expect(200);
    // W48 froze W47's flags as continuing; publish W49 with a newly raised flag for Ulla
    const biz = await t.db.one<{ id: string }>(`SELECT id FROM businesses WHERE email = 'ulla@example.com'`);
    const f = await insertFlag(t.db, { businessId: biz!.id, market: 'SG', raisedOn: '2026-12-06' });
    await insertEvaluation(t.db, f, '2026-12-06', METRICS);
    await completedRun(t.db, '2026-12-06');
    t.clock.set('2026-12-07T00:30:00Z');
    await t.app.get(ReportsService).publish('2026-W49');
    await digests.tick();
    await digests.tick();
    const ids = await deliveryIds('ulla@example.com');
    expect(ids).toHaveLength(1);
    expect(await digests.sendOne(ids[0])).toBe('sent');
    const [m] = smtp.to('ulla@example.com');
    expect(m.subject).toContain('ekspor formal');
    expect(m.text).toContain('Dokumen yang perlu disiapkan');
  });

  it('re-creates the send jobs the queue lost (Redis flushed), once, and the email still goes out once', async () => {
    const recovery = t.app.get(DigestRecoveryService);
    const jobs = t.app.get(JobsService);
    const queue = jobs.queue('delivery');
    t.app.get(DigestDeliveryPolicy).recoveryGraceMs = 0;
    await sub({ email: 'lost@example.go.id' });
    expect((await t.http.post('/api/v1/digests/send').set(auth(ADMIN_KEY)).send({ week: '2026-W49' }).expect(202)).body.queued).toBeGreaterThanOrEqual(1);
    // kick() may join a relay pass that had already read the outbox: wait for the row to reach the queue
    const relayed = (id: string) =>
      waitFor(
        async () => {
          await jobs.kick();
          return (await queue.getJobState(id)) === 'waiting' || undefined;
        },
        `job ${id} in the queue`,
        10_000,
      );
    const [d] = await deliveryIds('lost@example.go.id');
    const jobId = bullJobId(`digests.send-one:${d}:1`);
    await relayed(jobId);
    t.clock.advance(1000);
    const outboxRows = () => t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM job_outbox WHERE payload->>'deliveryId' = $1`, [d]).then((r) => r!.n);
    expect(await outboxRows()).toBe(1);
    await recovery.recover();
    expect(await outboxRows()).toBe(1); // its job is there: nothing to do
    await queue.obliterate({ force: true }); // the queue loses every job
    expect(await queue.getJobState(jobId)).toBe('unknown');
    const first = await recovery.recover();
    expect(first.requeued).toBeGreaterThanOrEqual(1);
    await relayed(jobId); // the same deterministic id again
    expect(await outboxRows()).toBe(2);
    expect((await recovery.recover()).requeued).toBe(0); // idempotent
    expect(await outboxRows()).toBe(2);
    expect(await digests.sendOne(d)).toBe('sent');
    expect(await digests.sendOne(d)).toBe('skipped');
    expect(smtp.to('lost@example.go.id')).toHaveLength(1);
  });
});
