import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Env } from '../config/env.schema';

/** Form posts that take a password or send a reset mail: rate limited per client address. */
const LOGIN_ROUTES = new Set(['/masuk', '/lupa-sandi']);
const isLogin = (req: FastifyRequest) => req.method === 'POST' && (LOGIN_ROUTES.has(req.url.split('?')[0]) || req.url.startsWith('/sandi/'));
const isApi = (req: FastifyRequest) => req.url.startsWith('/api/v1/') || req.url === '/api/v1';

/** Strict CSP for JSON answers; the server-rendered pages send their own (src/web/respond.ts). */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** helmet's options: no CSP from helmet (the API's is below, the pages send their own), no COEP. */
const HELMET: HelmetOptions = { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false };

/**
 * The headers helmet sets with these options, read once by running its middleware against a
 * recording response. With no CSP nonce they are the same on every answer, so they need not be
 * rebuilt per request (@fastify/helmet built and ran helmet's whole middleware for each one, and
 * its raw `setHeader` calls took node off its fast header path).
 */
function helmetHeaders(): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => void (out[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete out[name.toLowerCase()],
  };
  let finished = false;
  helmet(HELMET)({} as never, recorder as never, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return Object.freeze(out);
}

/** The 415 for a body type the API does not take, or undefined when it takes it. */
function unsupportedBody(req: FastifyRequest): string | undefined {
  const ct = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (!ct || ct === 'application/json' || ct.endsWith('+json')) return undefined;
  const path = req.url.split('?')[0];
  if ((ct === 'text/csv' || ct === 'application/csv') && path === '/api/v1/orders/import') return undefined;
  if (ct === 'application/x-www-form-urlencoded' && path === '/api/v1/digests/unsubscribe') return undefined;
  return `content-type: ${ct} is not accepted here; send application/json${path === '/api/v1/orders' ? ' (CSV files go to POST /orders/import)' : ''}`;
}

/**
 * Security middleware of the HTTP roles: helmet's headers on every answer (CSP only on the API, so
 * the pages and Swagger UI keep theirs), and rate limits with 429 + Retry-After on the API (per key,
 * or per client address without one) and on sign-in (per client address). Limits come from the env schema.
 */
export async function registerSecurity(app: NestFastifyApplication, env: Env): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const headers = helmetHeaders();
  // one synchronous hook: an async one costs a promise and a turn of the microtask queue per request
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    if (!isApi(req)) return done();
    reply.header('content-security-policy', API_CSP).header('cache-control', 'no-store');
    // the API speaks JSON (CSV on the import, a form on one-click unsubscribe): other bodies → 415
    const refused = unsupportedBody(req);
    if (!refused) return done();
    reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: refused });
  });

  const apiMax = env.RATE_LIMIT_API_MAX;
  const loginMax = env.RATE_LIMIT_LOGIN_MAX;
  if (!apiMax && !loginMax) return;
  await app.register(
    rateLimit as never,
    {
      global: true,
      timeWindow: env.RATE_LIMIT_WINDOW_MS,
      // only the API and the sign-in posts are limited (health checks and pages are not)
      allowList: (req: FastifyRequest) => !((apiMax && isApi(req)) || (loginMax && isLogin(req))),
      max: (req: FastifyRequest) => (isLogin(req) ? loginMax : apiMax),
      keyGenerator: (req: FastifyRequest) => {
        if (isLogin(req)) return `login:${req.ip}`;
        const authz = req.headers.authorization;
        // keyed by a hash of the presented key: the key itself never sits in the limiter's store
        return authz ? `key:${hash('sha256', authz, 'base64url').slice(0, 22)}` : `ip:${req.ip}`;
      },
      errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string; max: number; ttl: number }) => ({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `rate limit: at most ${ctx.max} requests per ${Math.round(env.RATE_LIMIT_WINDOW_MS / 1000)} s; retry in ${ctx.after}`,
      }),
    } as never,
  );
}
