import { createBusinessWithKey, orderBody } from '../factories';
import { sample } from '../utils/metrics';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

const METRICS_TOKEN = 'metrics-token-0123456789';

describe.each(['redis', 'postgres'])('metrics and queue board (%s queue backend)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { QUEUE_BACKEND: backend, METRICS_TOKEN } });
  });
  afterAll(() => t.close());

  it('serves Prometheus metrics only to admins or the metrics token', async () => {
    const b = await createBusinessWithKey(t.http);
    await t.http.post('/api/v1/orders').set(auth(b.key)).send(orderBody()).expect(201);
    await t.http.get('/api/v1/orders/00000000-0000-4000-8000-000000000000').set(auth(b.key)).expect(404);

    await t.http.get('/metrics').expect(401);
    await t.http.get('/metrics').set(auth('not-the-token-0123456789')).expect(401);
    await t.http.get('/metrics').set(auth(b.key)).expect(403);
    await t.http.get('/metrics').set(auth(ADMIN_KEY)).expect(200);
    const res = await t.http.get('/metrics').set(auth(METRICS_TOKEN)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const m = res.text;
    expect(sample(m, 'siap_http_requests_total', { method: 'POST', route: '/api/v1/orders', status: '201' })).toBe(1);
    // by route pattern, never by raw URL (ids would explode the series count)
    expect(sample(m, 'siap_http_requests_total', { route: '/api/v1/orders/:id', status: '404' })).toBe(1);
    expect(m).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(sample(m, 'siap_http_request_duration_seconds_count', { route: '/api/v1/orders', status: '201' })).toBe(1);
    expect(sample(m, 'siap_orders_logged_total', { source: 'single' })).toBe(1);
    for (const q of ['maintenance', 'watch', 'reports', 'delivery']) expect(m).toContain(`siap_queue_jobs{queue="${q}",state="waiting"`);
    expect(m).toMatch(/siap_outbox_lag_seconds\{outbox="job"/);
    expect(m).toMatch(/siap_outbox_lag_seconds\{outbox="event"/);
    expect(m).toContain('siap_process_cpu_seconds_total');
  });

  it('shows Bull Board to admins only', async () => {
    const b = await createBusinessWithKey(t.http);
    await t.http.get('/admin/queues').expect(401);
    const redirect = await t.http.get('/admin/queues').set('accept', 'text/html').expect(303);
    expect(redirect.headers.location).toBe('/masuk?lanjut=%2Fadmin%2Fqueues');
    await t.http.get('/admin/queues').set(auth(b.key)).expect(403);
    await t.http.get('/admin/queues/api/queues').set(auth(b.key)).expect(403);
    const page = await t.http.get('/admin/queues').set(auth(ADMIN_KEY)).expect(200);
    expect(page.text).toContain('<html');
    // everything the page loads comes from this service (Bull Board's own page links Google Fonts)
    const refs = [...page.text.matchAll(/\b(?:src|href)=["']?([^"' >]+)/gi)].map((m) => m[1]);
    const mainCss = refs.find((r) => /^static\/css\/main\.[0-9a-f]+\.css$/.test(r));
    expect(mainCss).toBeDefined();
    expect(refs.filter((r) => /^(?:[a-z]+:)?\/\//i.test(r))).toEqual([]);
    expect(page.text).not.toContain('fonts.googleapis.com');
    const css = await t.http.get(`/admin/queues/${mainCss}`).set(auth(ADMIN_KEY)).expect(200);
    expect(css.text).not.toMatch(/@import|url\(["']?(?:https?:)?\/\//);
    const api = await t.http.get('/admin/queues/api/queues?activeQueue=watch&page=1&jobsPerPage=10').set(auth(ADMIN_KEY)).expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['delivery', 'maintenance', 'reports', 'watch']);
    // the server panel reports the backend in use (Bull Board knows BullMQ 6's PostgreSQL backend)
    const stats = await t.http.get('/admin/queues/api/redis/stats').set(auth(ADMIN_KEY)).expect(200);
    expect(stats.body.backend).toBe(backend);
  });
});
