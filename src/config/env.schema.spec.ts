import { validateEnv } from './env.validate';

describe('environment schema', () => {
  it('applies the contract defaults', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      ROLE: 'all',
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/siap_ekspor',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SCHEDULER_ENABLED: true,
    });
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.ADMIN_API_KEY).toBeUndefined();
  });

  it('parses numbers and booleans from strings', () => {
    expect(validateEnv({ PORT: '8080', SCHEDULER_ENABLED: 'false', ROLE: 'worker' })).toMatchObject({ PORT: 8080, SCHEDULER_ENABLED: false, ROLE: 'worker' });
  });

  it.each([
    ['ROLE', { ROLE: 'scheduler' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x/y' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['SMTP_URL', { SMTP_URL: 'mail.example.com' }],
    ['ADMIN_API_KEY', { ADMIN_API_KEY: 'short' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['CLOCK_START', { CLOCK_START: 'next monday' }],
  ])('stops start-up naming %s when it is wrong', (name, raw) => {
    expect(() => validateEnv(raw)).toThrow(new RegExp(`^Invalid environment configuration:\\n  ${name}: `));
  });

  it('never echoes a secret value in its message', () => {
    try {
      validateEnv({ ADMIN_API_KEY: 'tiny-secret' });
      throw new Error('expected a failure');
    } catch (err) {
      expect((err as Error).message).not.toContain('tiny-secret');
    }
  });

  it('builds email links on http://localhost:<PORT> unless PUBLIC_BASE_URL is set, and refuses a base with a query', () => {
    expect(validateEnv({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(validateEnv({ PORT: '3104' }).PUBLIC_BASE_URL).toBe('http://localhost:3104');
    expect(validateEnv({ PORT: '3104', PUBLIC_BASE_URL: 'https://siap.rembangkab.go.id/app/' }).PUBLIC_BASE_URL).toBe('https://siap.rembangkab.go.id/app/');
    expect(() => validateEnv({ PUBLIC_BASE_URL: 'https://siap.example.go.id/?x=1' })).toThrow(/^Invalid environment configuration:\n {2}PUBLIC_BASE_URL: /);
    expect(() => validateEnv({ PUBLIC_BASE_URL: 'siap.example.go.id' })).toThrow(/PUBLIC_BASE_URL: /);
  });

  it('bounds slow requests by default and refuses a request timeout shorter than the headers timeout', () => {
    expect(validateEnv({})).toMatchObject({
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_REQUEST_TIMEOUT_MS: 300_000,
      HTTP_BODY_TIMEOUT_MS: 10_000,
      HTTP_BODY_MIN_BYTES: 1024,
      WEBHOOK_ALLOWED_HOSTS: '',
    });
    expect(() => validateEnv({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '5000' })).toThrow(
      /HTTP_REQUEST_TIMEOUT_MS: must be at least HTTP_HEADERS_TIMEOUT_MS/,
    );
    expect(validateEnv({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '0' }).HTTP_REQUEST_TIMEOUT_MS).toBe(0);
  });
});
