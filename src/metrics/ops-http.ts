import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AccountsService } from '../accounts/accounts.service';
import { AuthService } from '../auth/auth.service';
import { Env } from '../config/env.schema';
import { JobsService } from '../jobs/jobs.service';
import { readCookies } from '../web/cookies';
import { MetricsService } from './metrics.service';

export const METRICS_PATH = '/metrics';
export const QUEUE_BOARD_PATH = '/admin/queues';

type Who = 'admin' | 'other' | 'none';

/** Admin by bearer API key (or ADMIN_API_KEY), or by an admin's web session cookie. */
async function whoIs(app: NestFastifyApplication, req: FastifyRequest): Promise<Who> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (m) {
    const actor = await app.get(AuthService, { strict: false }).authenticate(m[1]);
    return actor ? (actor.role === 'admin' ? 'admin' : 'other') : 'none';
  }
  const sid = readCookies(req).se_sid;
  if (!sid) return 'none';
  let accounts: AccountsService;
  try {
    accounts = app.get(AccountsService, { strict: false });
  } catch {
    return 'none';
  }
  const user = await accounts.resolveSession(sid);
  return user ? (user.role === 'admin' ? 'admin' : 'other') : 'none';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function deny(reply: FastifyReply, status: 401 | 403, message: string): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ statusCode: status, error: status === 401 ? 'unauthorized' : 'forbidden', message });
}

/**
 * Request metrics (every route, by its pattern), /metrics on the main port when METRICS_PORT is
 * unset (admin key or METRICS_TOKEN), and Bull Board for admins. Called by createHttpApp before init.
 */
export async function installOpsHttp(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const env = app.get(Env);
  const metrics = app.get(MetricsService, { strict: false });

  const started = Symbol('siap-started');
  fastify.addHook('onRequest', (req, _reply, done) => {
    (req as unknown as Record<symbol, bigint>)[started] = process.hrtime.bigint();
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const t0 = (req as unknown as Record<symbol, bigint>)[started];
    const route = req.routeOptions?.url ?? 'unmatched';
    const labels = { method: req.method, route: route.startsWith(QUEUE_BOARD_PATH) ? QUEUE_BOARD_PATH : route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    if (t0) metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - t0) / 1e9);
    done();
  });

  if (!env.METRICS_PORT) {
    fastify.get(METRICS_PATH, async (req, reply) => {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      const byToken = !!(m && env.METRICS_TOKEN && sameSecret(m[1], env.METRICS_TOKEN));
      if (!byToken) {
        const who = await whoIs(app, req);
        if (who === 'none') return deny(reply, 401, 'send Authorization: Bearer <METRICS_TOKEN or an admin key>');
        if (who !== 'admin') return deny(reply, 403, 'metrics are for admins');
      }
      const out = await metrics.render();
      return reply.header('content-type', out.contentType).header('cache-control', 'no-store').send(out.body);
    });
  }

  if (env.QUEUE_BOARD_ENABLED) await installQueueBoard(app, fastify);
}

/** Removes `<link>` tags that load anything from another host (`http(s)://…` or `//…`). */
export function withoutRemoteLinks(html: string): string {
  return html.replace(/<link\b[^>]*\bhref=["']?(?:https?:)?\/\/[^>]*>\s*/gi, '');
}

async function installQueueBoard(app: NestFastifyApplication, fastify: FastifyInstance): Promise<void> {
  const { createBullBoard } = await import('@bull-board/api');
  const { BullMQAdapter } = await import('@bull-board/api/bullMQAdapter');
  const { FastifyAdapter } = await import('@bull-board/fastify');
  const jobs = app.get(JobsService, { strict: false });
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: jobs.allQueues().map((q) => new BullMQAdapter(q as never)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Siap Ekspor queues' } },
  });
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (req, reply) => {
      const who = await whoIs(app, req);
      if (who === 'admin') return;
      if (who === 'none' && req.method === 'GET' && /text\/html/.test(String(req.headers.accept ?? ''))) {
        return reply.redirect(`/masuk?lanjut=${encodeURIComponent(req.url)}`, 303);
      }
      return deny(reply, who === 'none' ? 401 : 403, who === 'none' ? 'sign in as an admin or send an admin API key' : 'the queue board is for admins');
    });
    // Bull Board's page links a web font on fonts.googleapis.com: the board is served from here only
    // (no third party learns who opens it, and it works offline); the CSS falls back to system fonts.
    scope.addHook('onSend', async (_req, reply, payload) =>
      typeof payload === 'string' && /text\/html/.test(String(reply.getHeader('content-type') ?? '')) ? withoutRemoteLinks(payload) : payload,
    );
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
  });
}
