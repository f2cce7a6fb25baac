import { DigestsService } from '../../src/digests/digests.service';
import { ReportsService } from '../../src/reports/reports.service';
import { createBusinessWithKey } from '../factories';
import { completedRun, insertEvaluation, insertFlag, METRICS } from '../reports/fixtures';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { TestSmtp } from './smtp';

/**
 * A digest carries the officer's due follow-ups ("Tindak lanjut minggu ini"): overdue ones first,
 * then this week's, only in the subscriber's kecamatan, with the activity's type and day and never
 * the officer's note (a digest may go to someone outside the department); and the listed businesses'
 * verified documents that run out within 60 days.
 */
describe('digests: follow-ups due this week', () => {
  let t: TestApp;
  const smtp = new TestSmtp();

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ now: '2026-11-22T03:00:00Z', env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_BASE_URL: 'https://siap.example.go.id' } });
    const ulla = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    const arma = await createBusinessWithKey(t.http, { name: 'Arma Leather and Craft', district: 'Rembang', materials: ['stingray'] });
    const f = await insertFlag(t.db, { businessId: ulla.id, market: 'MY', raisedOn: '2026-11-22' });
    await insertEvaluation(t.db, f, '2026-11-22', METRICS);
    await completedRun(t.db, '2026-11-22');
    const log = (id: string, body: Record<string, unknown>) => t.http.post(`/api/v1/businesses/${id}/activities`).set(auth(ADMIN_KEY)).send(body).expect(201);
    await log(ulla.id, { type: 'call', on: '2026-11-10', dueOn: '2026-11-20', note: 'rahasia: nomor HP pemilik 0812' }); // overdue on Monday 23 Nov
    await log(ulla.id, { type: 'visit', on: '2026-11-15', dueOn: '2026-11-26' }); // due this week
    await log(arma.id, { type: 'referral', on: '2026-11-15', programme: 'ecp', dueOn: '2026-11-24' }); // another kecamatan
    await log(ulla.id, { type: 'visit', on: '2026-11-15', dueOn: '2026-12-15' }); // not due yet
    const doc = (id: string, type: string, expiresOn: string) =>
      t.http.post(`/api/v1/businesses/${id}/documents`).set(auth(ADMIN_KEY)).send({ type, issuedOn: '2026-01-10', expiresOn }).expect(201);
    await doc(ulla.id, 'sats_ln_dealer_licence', '2027-01-10'); // within 60 days of Monday 23 November
    await doc(ulla.id, 'quarantine_kh12', '2027-03-01'); // later
    await doc(arma.id, 'kkp_permit', '2026-12-01'); // soon, but Arma is not on this list
    for (const body of [
      { email: 'lasem@example.go.id', districts: ['Lasem'] },
      { email: 'all.en@example.go.id', locale: 'en' },
    ]) {
      await t.http.post('/api/v1/digests/subscriptions').set(auth(ADMIN_KEY)).send(body).expect(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it('lists overdue follow-ups first, then this week’s, filtered by kecamatan, without notes', async () => {
    t.clock.set('2026-11-23T00:10:00Z'); // Monday 07:10 WIB
    expect(await t.app.get(ReportsService).publish('2026-W47')).toBe('published');
    const digests = t.app.get(DigestsService);
    expect((await digests.tick()).created).toBe(2);
    for (const { id } of await t.db.many<{ id: string }>('SELECT id FROM digest_deliveries ORDER BY email')) expect(await digests.sendOne(id)).toBe('sent');

    const [lasem] = smtp.to('lasem@example.go.id');
    expect(lasem.text).toContain(
      '== Tindak lanjut minggu ini (2) ==\n* Ulla Leather — Lasem · telepon, terlambat, batas 20 November 2026\n' + '  https://siap.example.go.id/dinas/usaha/',
    );
    expect(lasem.text).toContain('* Ulla Leather — Lasem · kunjungan, batas 26 November 2026');
    expect(lasem.text).not.toContain('Arma Leather');
    expect(lasem.text).not.toContain('rahasia');
    expect(lasem.html).toContain('href="https://siap.example.go.id/dinas/tindak-lanjut"');
    expect(lasem.text).toContain(
      '== Dokumen akan habis (60 hari) (1) ==\n* Ulla Leather — Lasem · izin pengedar SATS-LN, berlaku sampai 10 Januari 2027\n' +
        '  https://siap.example.go.id/dinas/usaha/',
    );
    expect(lasem.text).not.toContain('KH-12, berlaku');

    const [all] = smtp.to('all.en@example.go.id');
    expect(all.text).toContain('== Follow-ups this week (3) ==');
    const text = all.text ?? '';
    expect(text.indexOf('call, overdue, due 20 November 2026')).toBeGreaterThan(0);
    expect(text.indexOf('call, overdue, due 20 November 2026')).toBeLessThan(text.indexOf('programme referral, due 24 November 2026'));
    expect(all.text).not.toContain('15 December 2026');
  });
});
