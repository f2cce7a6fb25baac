import { addDays } from '../../src/common/time';
import { ReportsService } from '../../src/reports/reports.service';
import { createBusinessWithKey } from '../factories';
import { insertDeclaredOrder } from '../factories/ladder';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

interface Item {
  businessId: string;
  kind: string;
  rung: string | null;
  nextRung: string | null;
  rungChange: unknown;
  checklist: Array<{ code: string }>;
}

async function run(t: TestApp, asOf: string): Promise<void> {
  const res = await t.http.post('/api/v1/watch/runs').set(auth(ADMIN_KEY)).send({ asOf }).expect(202);
  const until = Date.now() + 30_000;
  for (;;) {
    const r = await t.http.get(`/api/v1/watch/runs/${res.body.id}`).set(auth(ADMIN_KEY)).expect(200);
    if (r.body.status === 'completed') return;
    if (r.body.status === 'failed' || Date.now() > until) throw new Error(`run as of ${asOf}: ${JSON.stringify(r.body)}`);
    await new Promise((ok) => setTimeout(ok, 150));
  }
}

describe('the ladder in the weekly run: flags, the weekly list, rung_changed once per climb', () => {
  let t: TestApp;
  let steady: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    steady = await createBusinessWithKey(t.http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
    const buyers = ['Kedai KL', 'Butik Johor', 'Sabah Craft', 'Ipoh Shop'];
    for (let w = 0; w < 26; w++) {
      for (let i = 0; i < 3; i++) {
        const on = addDays('2026-11-07', -7 * w - i);
        await insertDeclaredOrder(t.db, steady.id, { on, declaration: 'cn', declaredBy: 'self', buyer: buyers[(w + i) % 4] });
      }
    }
  });
  afterAll(() => t.close());

  const flags = async () => (await t.http.get(`/api/v1/flags?businessId=${steady.id}`).set(auth(ADMIN_KEY)).expect(200)).body.items as Item[];
  const week = async (w: string) => {
    await t.app.get(ReportsService).publish(w);
    return (await t.http.get(`/api/v1/reports/weekly/${w}`).set(auth(ADMIN_KEY)).expect(200)).body as { items: Item[]; rungUps: unknown[] };
  };
  const climbs = () => t.db.many<{ data: Record<string, unknown> }>(`SELECT data FROM domain_events WHERE type = 'pathway.rung_changed' ORDER BY created_at`);

  it('own CN: flags carry the rung and the next; the readiness checklist is the next rung plus the permits; a first sighting is no climb', async () => {
    await run(t, '2026-11-08');
    const readiness = (await flags()).find((f) => f.kind === 'readiness')!;
    expect(readiness).toMatchObject({ rung: 'own_cn', nextRung: 'consolidated' });
    expect(readiness.checklist.map((c) => c.code)).toEqual(['PKBK', 'SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
    const compliance = (await flags()).find((f) => f.kind === 'compliance')!;
    expect(compliance).toMatchObject({ rung: 'own_cn', nextRung: 'consolidated' });
    expect(compliance.checklist.map((c) => c.code)).toEqual(['SATS-LN', 'CITES-IMPORT', 'KH-12']);
    const w45 = await week('2026-W45');
    expect(w45.items.map((i) => [i.kind, i.rung, i.nextRung, i.rungChange])).toEqual([
      ['compliance', 'own_cn', 'consolidated', null],
      ['readiness', 'own_cn', 'consolidated', null],
    ]);
    expect(w45.rungUps).toEqual([]);
    expect(await climbs()).toEqual([]);
  });

  it('a PEB through a broker: one rung_changed event, "naik kelas" on that week\'s list; the next run tells nothing new', async () => {
    await insertDeclaredOrder(t.db, steady.id, { on: '2026-11-12', declaration: 'peb', declaredBy: 'customs_broker', buyer: 'Kedai KL' });
    await run(t, '2026-11-15');
    expect((await climbs()).map((e) => e.data)).toEqual([{ businessId: steady.id, market: 'MY', from: 'own_cn', to: 'agent_peb', asOf: '2026-11-15' }]);
    const readiness = (await flags()).find((f) => f.kind === 'readiness')!;
    expect(readiness).toMatchObject({ rung: 'agent_peb', nextRung: 'own_peb' });
    expect(readiness.checklist.map((c) => c.code)).toEqual(['NIB', 'SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
    const w46 = await week('2026-W46');
    expect(w46.items.map((i) => [i.kind, i.rung, i.rungChange])).toEqual([
      ['compliance', 'agent_peb', { from: 'own_cn', to: 'agent_peb' }],
      ['readiness', 'agent_peb', { from: 'own_cn', to: 'agent_peb' }],
    ]);
    expect(w46.rungUps).toEqual([
      { businessId: steady.id, businessName: 'Ulla Leather', district: 'Lasem', market: 'MY', from: 'own_cn', to: 'agent_peb', asOf: '2026-11-15' },
    ]);
    const csv = await t.http.get('/api/v1/reports/weekly/2026-W46').set(auth(ADMIN_KEY)).set('Accept', 'text/csv').expect(200);
    expect(csv.text.split('\r\n')[1]).toMatch(/,agent_peb,own_peb,own_cn→agent_peb$/);

    await run(t, '2026-11-22');
    expect(await climbs()).toHaveLength(1);
    const w47 = await week('2026-W47');
    expect(w47.items.map((i) => [i.rung, i.rungChange])).toEqual([
      ['agent_peb', null],
      ['agent_peb', null],
    ]);
    expect(w47.rungUps).toEqual([]);
    // the event is offered to webhooks
    const hook = await t.http
      .post('/api/v1/webhooks')
      .set(auth(ADMIN_KEY))
      .send({ url: 'http://127.0.0.1:9/hook', events: ['pathway.rung_changed'] })
      .expect(201);
    expect(hook.body.events).toEqual(['pathway.rung_changed']);
  });
});
