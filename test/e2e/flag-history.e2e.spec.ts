import { actorOf } from '../../src/accounts/accounts.service';
import { addDays } from '../../src/common/time';
import { FlagsService } from '../../src/flags/flags.service';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { cookieHeader, createUser, signInJar } from '../web/web-helpers';

/** One liner per `<li>` of the flag's timeline, tags stripped. */
function timeline(html: string, flagId: string): { total: number; items: string[] } {
  const m = new RegExp(`<ol class="timeline" id="history-${flagId}" data-total="(\\d+)">(.*?)</ol>`, 's').exec(html);
  if (!m) throw new Error(`no timeline for ${flagId}`);
  const items = [...m[2].matchAll(/<li[^>]*>(.*?)<\/li>/gs)].map((x) =>
    x[1]
      .replace(/<br>/g, ' ')
      .replace(/<[^>]+>/g, '')
      .replace(/&#39;|&quot;/g, "'"),
  );
  return { total: Number(m[1]), items };
}

/**
 * A flag's history as staff read it: oldest first whatever the ids look like as text, actors by
 * name (person, key label, the engine, the bootstrap key), in Indonesian or English, and the
 * review queue counting every entry.
 */
describe('flag history: order, actor names, labels, review-queue count', () => {
  let t: TestApp;
  let flagId: string;
  let businessId: string;
  let jar: Record<string, string>;
  const steps: Array<{ at: string; type: string; actor: string; actorName: string; toStatus?: string; note?: string | null }> = [];

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', now: '2026-11-25T03:00:00Z' });
    const b = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    businessId = b.id;
    const buyers = ['Kedai KL', 'Butik Johor', 'Sabah Craft'];
    const orders = Array.from({ length: 26 * 3 }, (_, i) => ({
      orderedAt: `${addDays('2026-11-21', -7 * Math.floor(i / 3) - (i % 3))}T10:00:00+07:00`,
      destinationCountry: 'MY',
      buyerRef: buyers[i % 3],
      productCategory: 'bag',
      material: 'snakeskin',
      quantity: 1,
      amount: '1500.00',
      currency: 'MYR',
      shippingChannel: 'post',
      weightKg: 1.5,
    }));
    await t.http.post('/api/v1/orders/bulk').set(auth(ADMIN_KEY)).send({ businessId, orders }).expect(200);
    const run = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf: '2026-11-22' }).expect(202);
    for (let i = 0; ; i++) {
      const r = await t.http.get(`/api/v1/watch/runs/${run.body.id}`).set(auth(ADMIN_KEY)).expect(200);
      if (r.body.status === 'completed') break;
      if (i > 200 || r.body.status === 'failed') throw new Error(JSON.stringify(r.body));
      await new Promise((res) => setTimeout(res, 150));
    }
    const flags = await t.http.get(`/api/v1/flags?businessId=${businessId}&kind=compliance`).set(auth(ADMIN_KEY)).expect(200);
    flagId = flags.body.items[0].id;
    const raised = await t.db.one<{ at: Date }>(`SELECT at FROM flag_events WHERE flag_id = $1`, [flagId]);
    steps.push({ at: raised!.at.toISOString(), type: 'raised', actor: 'system:watch', actorName: 'Sistem (pemantauan mingguan)', toStatus: 'open' });

    // staff through three doors: the bootstrap key, a labelled officer key, a signed-in officer
    const key = await t.http.post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ role: 'officer', label: 'Sari, Dinas Koperasi UKM' }).expect(201);
    const user = await createUser(t, 'officer', undefined, { name: 'Budi Santoso' });
    const doors = [
      {
        actor: 'admin:env',
        actorName: 'Admin (kunci bootstrap)',
        patch: (s: string, note: string) => t.http.patch(`/api/v1/flags/${flagId}`).set(auth(ADMIN_KEY)).send({ status: s, note }).expect(200),
      },
      {
        actor: `officer:${key.body.id}`,
        actorName: 'Sari, Dinas Koperasi UKM',
        patch: (s: string, note: string) => t.http.patch(`/api/v1/flags/${flagId}`).set(auth(key.body.key)).send({ status: s, note }).expect(200),
      },
      {
        actor: `officer:user:${user.id}`,
        actorName: 'Budi Santoso',
        patch: (s: string, note: string) =>
          t.app.get(FlagsService).updateStatus(actorOf({ id: user.id, role: 'officer', business_id: null }), flagId, s as never, note, 'id'),
      },
    ];
    // twelve hours apart; the snooze (until 26 Nov) is long over when the queue is read on 30 Nov
    t.clock.advance(12 * 3600_000);
    await t.http.post(`/api/v1/flags/${flagId}/snooze`).set(auth(ADMIN_KEY)).send({ until: '2026-11-26', note: 'menunggu NIB' }).expect(200);
    steps.push({ at: t.clock.now().toISOString(), type: 'snoozed', actor: 'admin:env', actorName: 'Admin (kunci bootstrap)', note: 'menunggu NIB' });
    const statuses = [
      'in_review',
      'paperwork_in_progress',
      'in_review',
      'open',
      'in_review',
      'paperwork_in_progress',
      'in_review',
      'dismissed',
      'open',
      'in_review',
      'open',
    ];
    for (let i = 0; i < statuses.length; i++) {
      t.clock.advance(12 * 3600_000);
      const door = doors[i % 3];
      await door.patch(statuses[i], `langkah ${i + 1}`);
      steps.push({
        at: t.clock.now().toISOString(),
        type: 'status_changed',
        actor: door.actor,
        actorName: door.actorName,
        toStatus: statuses[i],
        note: `langkah ${i + 1}`,
      });
    }

    jar = await signInJar(t, user.email);
  });
  afterAll(() => t.close());

  it('GET /flags/:id/history lists every event oldest first, with actor ids kept and actor names added', async () => {
    const h = await t.http.get(`/api/v1/flags/${flagId}/history`).set(auth(ADMIN_KEY)).expect(200);
    expect(h.body.items).toHaveLength(13); // ids 1…13: as text "10" < "2", which must not decide the order
    expect(h.body.items.map((e: any) => ({ at: e.at, type: e.type, actor: e.actor, actorName: e.actorName }))).toEqual(
      steps.map((s) => ({ at: s.at, type: s.type, actor: s.actor, actorName: s.actorName })),
    );
    expect(h.body.items.map((e: any) => e.toStatus)).toEqual(steps.map((s) => s.toStatus ?? null));
    expect(h.body.items.map((e: any) => Number(e.id))).toEqual([...h.body.items.map((e: any) => Number(e.id))].sort((a, b) => a - b));
    expect(h.body.items[0]).toMatchObject({ type: 'raised', asOf: '2026-11-22', decision: 'raise', fromStatus: null, note: null });
    expect(h.body.items[12]).toMatchObject({ fromStatus: 'in_review', toStatus: 'open', note: 'langkah 11' });
  });

  it('actor names follow the language: ?lang=en and Accept-Language', async () => {
    for (const req of [
      t.http.get(`/api/v1/flags/${flagId}/history?lang=en`).set(auth(ADMIN_KEY)),
      t.http.get(`/api/v1/flags/${flagId}/history`).set(auth(ADMIN_KEY)).set('Accept-Language', 'en-GB,en;q=0.9'),
    ]) {
      const names = [...new Set(((await req.expect(200)).body.items as any[]).map((e) => `${e.actor} = ${e.actorName}`))];
      expect(names.sort()).toEqual(
        [
          'admin:env = Admin (bootstrap key)',
          `${steps[3].actor} = Sari, Dinas Koperasi UKM`,
          `${steps[4].actor} = Budi Santoso`,
          'system:watch = System (weekly watch)',
        ].sort(),
      );
    }
  });

  it('the review queue counts every history entry and shows the latest, named and in Indonesian', async () => {
    const res = await t.http.get('/dinas/antrean').set('Cookie', cookieHeader(jar)).expect(200);
    expect(res.text).toContain('Riwayat (13)');
    expect(res.text).not.toContain('Riwayat (0)');
    const tl = timeline(res.text, flagId);
    expect(tl.total).toBe(13);
    expect(tl.items).toHaveLength(5);
    expect(res.text).toContain('8 entri lebih lama tidak ditampilkan');
    expect(res.text).toContain(`href="/dinas/usaha/${businessId}#history-${flagId}"`);
    expect(tl.items[3]).toBe('30 Nov 2026 22:00 WIB · Status diubah: Terbuka → Ditinjau · Admin (kunci bootstrap) “langkah 10”');
    expect(tl.items[4]).toBe('1 Des 2026 10:00 WIB · Status diubah: Ditinjau → Terbuka · Sari, Dinas Koperasi UKM “langkah 11”');
  });

  it('the business page shows the whole history oldest first, in Indonesian and in English', async () => {
    const id = await t.http.get(`/dinas/usaha/${businessId}`).set('Cookie', cookieHeader(jar)).expect(200);
    const tl = timeline(id.text, flagId);
    expect(tl.total).toBe(13);
    expect(tl.items).toHaveLength(13);
    expect(tl.items[0]).toBe('25 Nov 2026 10:00 WIB · Bendera dinaikkan (per 22 Nov 2026) · Sistem (pemantauan mingguan)');
    expect(tl.items[1]).toBe('25 Nov 2026 22:00 WIB · Ditunda sampai 26 Nov 2026 · Admin (kunci bootstrap) “menunggu NIB”');
    expect(tl.items[2]).toBe('26 Nov 2026 10:00 WIB · Status diubah: Terbuka → Ditinjau · Admin (kunci bootstrap) “langkah 1”');
    expect(tl.items[3]).toBe('26 Nov 2026 22:00 WIB · Status diubah: Ditinjau → Dokumen diproses · Sari, Dinas Koperasi UKM “langkah 2”');
    expect(id.text).not.toMatch(/ · (raised|status_changed|snoozed) · /);

    const en = await t.http
      .get(`/dinas/usaha/${businessId}`)
      .set('Cookie', `${cookieHeader(jar)}; se_lang=en`)
      .expect(200);
    const tlEn = timeline(en.text, flagId);
    expect(en.text).toContain('History (13)');
    expect(tlEn.items[0]).toBe('25 Nov 2026 10:00 WIB · Flag raised (as of 22 Nov 2026) · System (weekly watch)');
    expect(tlEn.items[1]).toBe('25 Nov 2026 22:00 WIB · Snoozed until 26 Nov 2026 · Admin (bootstrap key) “menunggu NIB”');
    expect(tlEn.items[4]).toBe('27 Nov 2026 10:00 WIB · Status changed: Paperwork in progress → In review · Budi Santoso “langkah 3”');
  });
});
