import { randomUUID } from 'node:crypto';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { registeredRoutes, RouteInfo } from '../utils/routes';
import { createBusinessWithKey, orderBody } from '../factories';
import { insertFlag } from '../reports/fixtures';

/**
 * Every API endpoint × every role (admin, officer, business own, business other, no key), the
 * routes read from the Nest router itself: an endpoint missing from RULES fails the test.
 * Expected per API.md: no key → 401; role not allowed → 403; a business touching another
 * business's resource → 404; allowed → authorised (not 401/403, never 5xx; own resource not 404).
 */
type Role = 'admin' | 'officer' | 'business';
type Scope = 'business' | 'order' | 'flag' | 'import' | 'none';
interface Rule {
  roles: Role[] | 'public';
  scope?: Scope;
}
const STAFF: Role[] = ['admin', 'officer'];
const ALL: Role[] = ['admin', 'officer', 'business'];
const ADMIN: Role[] = ['admin'];

const RULES: Record<string, Rule> = {
  'POST /api/v1/users': { roles: STAFF },
  'GET /api/v1/users': { roles: STAFF },
  'POST /api/v1/users/:id/password-reset': { roles: STAFF },
  'POST /api/v1/businesses/:id/api-keys': { roles: STAFF },
  'GET /api/v1/businesses/:id/api-keys': { roles: STAFF },
  'POST /api/v1/api-keys': { roles: ADMIN },
  'GET /api/v1/api-keys': { roles: ADMIN },
  'DELETE /api/v1/api-keys/:id': { roles: STAFF },
  'POST /api/v1/businesses': { roles: STAFF },
  'GET /api/v1/businesses': { roles: ALL },
  'GET /api/v1/businesses/:id': { roles: ALL, scope: 'business' },
  'GET /api/v1/businesses/:id/pathway': { roles: ALL, scope: 'business' },
  'GET /api/v1/businesses/:id/scorecard': { roles: ALL, scope: 'business' },
  'PATCH /api/v1/businesses/:id': { roles: ALL, scope: 'business' },
  'POST /api/v1/businesses/:id/documents': { roles: STAFF, scope: 'business' },
  'GET /api/v1/businesses/:id/documents': { roles: ALL, scope: 'business' },
  'DELETE /api/v1/businesses/:id/documents/:documentId': { roles: STAFF, scope: 'business' },
  'POST /api/v1/businesses/:id/activities': { roles: STAFF, scope: 'business' },
  'GET /api/v1/businesses/:id/activities': { roles: ALL, scope: 'business' },
  'PATCH /api/v1/activities/:id': { roles: STAFF },
  'GET /api/v1/activities': { roles: STAFF },
  'GET /api/v1/consolidation/candidates': { roles: STAFF },
  'POST /api/v1/export-groups': { roles: STAFF },
  'GET /api/v1/export-groups': { roles: STAFF },
  'GET /api/v1/export-groups/:id': { roles: STAFF },
  'PATCH /api/v1/export-groups/:id': { roles: STAFF },
  'DELETE /api/v1/export-groups/:id': { roles: STAFF },
  'GET /api/v1/businesses/:id/export': { roles: ADMIN }, // personal-data export is an admin action: it holds every buyer of the business
  'DELETE /api/v1/businesses/:id/data': { roles: ADMIN },
  'POST /api/v1/digests/subscriptions': { roles: STAFF },
  'GET /api/v1/digests/subscriptions': { roles: STAFF },
  'GET /api/v1/digests/subscriptions/:id': { roles: STAFF },
  'PATCH /api/v1/digests/subscriptions/:id': { roles: STAFF },
  'DELETE /api/v1/digests/subscriptions/:id': { roles: STAFF },
  'POST /api/v1/digests/send': { roles: STAFF },
  'GET /api/v1/digests/deliveries': { roles: STAFF },
  'GET /api/v1/digests/settings': { roles: STAFF },
  'PUT /api/v1/digests/settings': { roles: ADMIN },
  'GET /api/v1/digests/unsubscribe': { roles: 'public' },
  'POST /api/v1/digests/unsubscribe': { roles: 'public' },
  'GET /api/v1/flags': { roles: ALL },
  'GET /api/v1/flags/:id': { roles: ALL, scope: 'flag' },
  'PATCH /api/v1/flags/:id': { roles: STAFF },
  'POST /api/v1/flags/:id/snooze': { roles: STAFF },
  'GET /api/v1/flags/:id/history': { roles: ALL, scope: 'flag' },
  'GET /api/v1/rule-sets': { roles: STAFF },
  'GET /api/v1/rule-sets/current': { roles: STAFF },
  'GET /api/v1/rule-sets/:version': { roles: STAFF },
  'POST /api/v1/rule-sets': { roles: ADMIN },
  'GET /api/v1/paperwork': { roles: STAFF },
  'PUT /api/v1/paperwork/:code': { roles: STAFF },
  'POST /api/v1/orders': { roles: ALL },
  'POST /api/v1/orders/bulk': { roles: ALL },
  'POST /api/v1/orders/import': { roles: ALL },
  'GET /api/v1/orders/imports/:id': { roles: ALL, scope: 'import' },
  'GET /api/v1/orders': { roles: ALL },
  'GET /api/v1/orders/:id': { roles: ALL, scope: 'order' },
  'DELETE /api/v1/orders/:id': { roles: ALL, scope: 'order' },
  'GET /api/v1/rates': { roles: ALL },
  'POST /api/v1/rates': { roles: ADMIN },
  'GET /api/v1/reports/weekly': { roles: STAFF },
  'GET /api/v1/reports/weekly/:week': { roles: STAFF },
  'POST /api/v1/reports/weekly/:week/publish': { roles: STAFF },
  'GET /api/v1/reports/kpi': { roles: STAFF },
  'GET /api/v1/reports/kpi/targets/:year': { roles: STAFF },
  'PUT /api/v1/reports/kpi/targets': { roles: ADMIN },
  'POST /api/v1/watch/runs': { roles: STAFF },
  'GET /api/v1/watch/runs': { roles: STAFF },
  'GET /api/v1/watch/runs/:id': { roles: STAFF },
  'POST /api/v1/watch/replay': { roles: STAFF },
  'GET /api/v1/watch/replays/:id': { roles: STAFF },
  'POST /api/v1/webhooks': { roles: ADMIN },
  'GET /api/v1/webhooks': { roles: ADMIN },
  'GET /api/v1/webhooks/:id': { roles: ADMIN },
  'DELETE /api/v1/webhooks/:id': { roles: ADMIN },
  'POST /api/v1/webhooks/:id/rotate-secret': { roles: ADMIN },
  'POST /api/v1/webhooks/:id/enable': { roles: ADMIN },
  'GET /api/v1/webhooks/:id/deliveries': { roles: ADMIN },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': { roles: ADMIN },
};

type Cell = 'admin' | 'officer' | 'business-own' | 'business-other' | 'no-key';
const CELLS: Cell[] = ['business-other', 'no-key', 'business-own', 'officer', 'admin'];

describe('security: access matrix generated from the router', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  let officerKey: string;
  let a: { id: string; key: string };
  let b: { id: string; key: string };
  const res: Record<Scope, { own: string; other: string }> = {} as never;
  const tally = { cells: 0, byStatus: {} as Record<string, number> };

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { QUEUE_BOARD_ENABLED: 'false' } });
    routes = registeredRoutes(t.app).filter((r) => r.path.startsWith('/api/v1/'));
    officerKey = (await t.http.post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ role: 'officer', label: 'matrix' }).expect(201)).body.key;
    a = await createBusinessWithKey(t.http);
    b = await createBusinessWithKey(t.http);
    const oa = await t.http.post('/api/v1/orders').set(auth(a.key)).send(orderBody()).expect(201);
    const ob = await t.http.post('/api/v1/orders').set(auth(b.key)).send(orderBody()).expect(201);
    const fa = await insertFlag(t.db, { businessId: a.id, market: 'MY', raisedOn: '2026-11-22' });
    const fb = await insertFlag(t.db, { businessId: b.id, market: 'MY', raisedOn: '2026-11-22' });
    const csv =
      'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel\nX1,2026-11-20,MY,Kedai,bag,snakeskin,1,100,MYR,post\n';
    const ia = await t.http.post('/api/v1/orders/import').set(auth(a.key)).set('content-type', 'text/csv').send(csv);
    const ib = await t.http.post('/api/v1/orders/import').set(auth(b.key)).set('content-type', 'text/csv').send(csv);
    res.business = { own: a.id, other: b.id };
    res.order = { own: oa.body.id, other: ob.body.id };
    res.flag = { own: fa, other: fb };
    res.import = { own: ia.body.importId ?? ia.body.id, other: ib.body.importId ?? ib.body.id };
    expect(res.import.own).toMatch(/^[0-9a-f-]{36}$/);
  });
  afterAll(() => t?.close());

  it('the table covers exactly the registered API routes (a new endpoint cannot be forgotten)', () => {
    const registered = routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(registered.length).toBeGreaterThan(50);
    expect(registered.filter((k) => !RULES[k])).toEqual([]);
    expect(Object.keys(RULES).filter((k) => !registered.includes(k))).toEqual([]);
  });

  it('every endpoint × every role answers as API.md says', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      const rule = RULES[key];
      if (!rule) continue;
      for (const cell of CELLS) {
        const scope = rule.scope ?? 'none';
        const which = cell === 'business-other' ? 'other' : 'own';
        const path = r.path
          .replace(':deliveryId', randomUUID())
          .replace(':week', '2026-W47')
          .replace(':version', '1')
          .replace(':code', 'NIB')
          .replace(':id', scope === 'none' ? randomUUID() : res[scope][which]);
        const keyFor: Record<Cell, string | undefined> = {
          admin: ADMIN_KEY,
          officer: officerKey,
          'business-own': a.key,
          'business-other': a.key,
          'no-key': undefined,
        };
        const k = keyFor[cell];
        let req = t.http[r.method.toLowerCase() as 'get'](path);
        if (k) req = req.set(auth(k));
        if (r.method === 'DELETE' && scope === 'order') req = req.send({ reason: 'access matrix' });
        else if (r.method === 'PATCH' && scope === 'business') req = req.send({});
        if (process.env.DEBUG_MATRIX) console.log(`${key} ${cell}`);
        const got = (await req.timeout(20_000)).status;
        tally.cells++;
        tally.byStatus[got] = (tally.byStatus[got] ?? 0) + 1;
        const role: Role | undefined = cell === 'admin' ? 'admin' : cell === 'officer' ? 'officer' : cell === 'no-key' ? undefined : 'business';
        let ok: boolean;
        let expected: string;
        if (rule.roles === 'public') {
          expected = 'not 401/403, < 500';
          ok = got !== 401 && got !== 403 && got < 500;
        } else if (!role) {
          expected = '401';
          ok = got === 401;
        } else if (!rule.roles.includes(role)) {
          expected = '403';
          ok = got === 403;
        } else if (cell === 'business-other' && scope !== 'none') {
          expected = '404';
          ok = got === 404;
        } else {
          expected = cell === 'business-own' && scope !== 'none' ? 'authorised (not 401/403/404), < 500' : 'authorised (not 401/403), < 500';
          ok = got !== 401 && got !== 403 && got < 500 && !(cell === 'business-own' && scope !== 'none' && got === 404);
        }
        if (!ok) wrong.push(`${key} as ${cell}: got ${got}, expected ${expected}`);
      }
    }
    console.log(JSON.stringify({ accessMatrix: tally }));
    expect(wrong).toEqual([]);
    expect(tally.cells).toBe(Object.keys(RULES).length * CELLS.length);
  });
});
