import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';

/** Security headers on API answers and rate limits (429 + Retry-After) on the API and on sign-in. */
describe('security: headers and rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      role: 'api',
      env: { QUEUE_BOARD_ENABLED: 'false', RATE_LIMIT_API_MAX: '30', RATE_LIMIT_LOGIN_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' },
    });
  });
  afterAll(() => t?.close());

  it('API answers carry helmet headers and a strict CSP; the sign-in page keeps its own CSP', async () => {
    const r = await t.http.get('/api/v1/rates').set(auth(ADMIN_KEY)).expect(200);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    expect(r.headers['cache-control']).toBe('no-store');
    const page = await t.http.get('/masuk').expect(200);
    expect(page.headers['content-security-policy']).toBeTruthy();
    expect(page.headers['content-security-policy']).not.toBe(r.headers['content-security-policy']);
    // helmet's whole set (computed once at start) on the API, the pages, a 404 and a refused body alike
    const helmetSet = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    const missing = await t.http.get('/api/v1/no-such-thing').set(auth(ADMIN_KEY)).expect(404);
    const refused = await t.http.post('/api/v1/orders').set(auth(ADMIN_KEY)).set('content-type', 'text/plain').send('x').expect(415);
    for (const answer of [r, missing, refused]) expect(answer.headers).toMatchObject(helmetSet);
    // a page keeps helmet's set but sends its own referrer policy (src/web/respond.ts)
    expect(page.headers).toMatchObject({ ...helmetSet, 'referrer-policy': 'same-origin' });
    for (const answer of [r, page, missing, refused]) expect(answer.headers['x-powered-by']).toBeUndefined();
    expect(missing.headers['content-security-policy']).toBe(r.headers['content-security-policy']);
  });

  it('non-JSON bodies on JSON endpoints answer 415 naming the content type; JSON over 10 MB answers 413', async () => {
    const r = await t.http
      .post('/api/v1/businesses')
      .set(auth(ADMIN_KEY))
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('name=x&district=Lasem')
      .expect(415);
    expect(r.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect(r.body.message).toMatch(/content-type: application\/x-www-form-urlencoded/);
    const big = JSON.stringify({ orders: [{ buyerRef: 'x'.repeat(11 * 1024 * 1024) }] });
    const b = await t.http.post('/api/v1/orders/bulk').set(auth(ADMIN_KEY)).set('content-type', 'application/json').send(big);
    expect(b.status).toBe(413);
  });

  it('the API limit answers 429 with Retry-After per key; another key is unaffected; sign-in is limited per address', async () => {
    const officer = (await t.http.post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ role: 'officer', label: 'limit' }).expect(201)).body.key;
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await t.http.get('/api/v1/rates').set(auth(officer))).status);
    expect(statuses).toEqual([...Array(30).fill(200), ...Array(5).fill(429)]);
    const limited = await t.http.get('/api/v1/rates').set(auth(officer)).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(limited.body.message).toMatch(/rate limit: at most 30 requests per 60 s/);
    await t.http.get('/api/v1/rates').set(auth('another-unknown-key-123456')).expect(401); // other key: its own budget
    await t.http.get('/health/live').expect(200); // health checks are never limited

    const logins: number[] = [];
    for (let i = 0; i < 7; i++)
      logins.push(
        (
          await t.http
            .post('/masuk')
            .type('form')
            .send({ email: `x${i}@dinas.example`, password: 'wrong-password-1' })
        ).status,
      );
    expect(logins.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(logins.slice(5)).toEqual([429, 429]);
    const r = await t.http.post('/masuk').type('form').send({ email: 'x@dinas.example', password: 'wrong' }).expect(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  });
});
