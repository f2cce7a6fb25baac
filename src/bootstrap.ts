import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, AppOptions } from './app.module';
import { registerSecurity } from './common/security';
import { limitSlowBodies } from './common/slow-requests';
import { installStrictDecoding } from './common/strict-decoding';
import { createValidationPipe } from './common/validation';
import { validateEnv } from './config/env.validate';
import { WEB_PATHS } from './web/web.module';
import { installOpsHttp } from './metrics/ops-http';
import { completeDocument } from './common/openapi';
import { createJsonLogger, JsonLogger, logEvent } from './common/log-event';

export const API_PREFIX = 'api/v1';
export const JSON_BODY_LIMIT = 10 * 1024 * 1024;

export function createLogger(level = process.env.LOG_LEVEL ?? 'log'): JsonLogger {
  return createJsonLogger(level);
}

/** Builds the HTTP application (roles api and all); tests use the same function. */
export interface ProcessOptions {
  logger?: JsonLogger | false;
  /**
   * Nest's own signal hooks (default on: tests, the demo). `main.ts` turns them off and installs
   * `exitOnSignals`, which closes within SHUTDOWN_TIMEOUT_MS and exits 0.
   */
  shutdownHooks?: boolean;
}

export async function createHttpApp(opts: AppOptions & ProcessOptions): Promise<NestFastifyApplication> {
  const env = validateEnv(process.env);
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    logger: false,
    routerOptions: { ignoreTrailingSlash: true },
    // slow clients may not hold sockets: headers and the whole request are bounded (408), checked every second
    http: { headersTimeout: env.HTTP_HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1000 },
    requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
  });
  const fastify = adapter.getInstance();
  limitSlowBodies(fastify as never, { bodyWindowMs: env.HTTP_BODY_TIMEOUT_MS, bodyMinBytes: env.HTTP_BODY_MIN_BYTES });
  // CSV imports stream straight into the parser: no body limit, no buffering.
  fastify.addContentTypeParser(['text/csv', 'application/csv'], (_req, payload, done) => done(null, payload));
  // While closing, answer the requests still in flight with `Connection: close`: otherwise each
  // keep-alive socket holds the close open until its idle timeout (5 s after the last answer).
  const closing = () => (adapter as unknown as { isShuttingDown?: boolean }).isShuttingDown === true;
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (closing() && !reply.sent) reply.header('connection', 'close');
    done(null, payload);
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(opts), adapter, {
    logger: opts.logger ?? createLogger(),
    bufferLogs: false,
  });
  await installOpsHttp(app); // request metrics, /metrics, /admin/queues (Bull Board)
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/live', 'health/ready', ...WEB_PATHS] });
  installStrictDecoding(app); // bodies and query strings that are not UTF-8 → 400, never U+FFFD
  app.useGlobalPipes(createValidationPipe());
  await registerSecurity(app, env); // headers + rate limits, before any route: abuse is bounded whatever the handler
  if (opts.shutdownHooks !== false) app.enableShutdownHooks();
  const config = new DocumentBuilder()
    .setTitle('Siap Ekspor API')
    .setDescription('Finds Rembang micro businesses whose steady repeat overseas orders justify formal export. Contract v1.')
    .setVersion('1')
    .addServer('/', 'the server that serves this document')
    .addBearerAuth()
    .build();
  config.info.license = { name: 'UNLICENSED (proprietary, Dinas Koperasi UKM Kabupaten Rembang)' };
  SwaggerModule.setup('api/docs', app, () => completeDocument(app, SwaggerModule.createDocument(app, config)), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

export async function createWorkerContext(opts: AppOptions & ProcessOptions): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(opts), { logger: opts.logger ?? createLogger() });
  if (opts.shutdownHooks !== false) ctx.enableShutdownHooks();
  return ctx;
}

/**
 * SIGTERM / SIGINT: close the application (HTTP stops accepting and finishes the requests in flight,
 * workers finish or hand back their jobs, connections close), then exit 0. If closing takes longer
 * than `timeoutMs` (a stuck dependency), exit 1 rather than hang. Nest's own hooks would re-raise
 * the signal after closing, so the process would never exit 0.
 */
export function exitOnSignals(app: INestApplicationContext, logger: JsonLogger, timeoutMs: number): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return; // a second signal changes nothing: the timeout below bounds the wait
    closing = true;
    const started = Date.now();
    logEvent(logger, 'shutting down', { signal, timeoutMs }, 'log', 'Main');
    const timer = setTimeout(() => {
      logEvent(logger, 'shutdown timed out; exiting', { signal, timeoutMs }, 'error', 'Main');
      process.exit(1);
    }, timeoutMs);
    app
      .close()
      .then(() => {
        clearTimeout(timer);
        logEvent(logger, 'shut down', { signal, ms: Date.now() - started }, 'log', 'Main');
        process.exit(0);
      })
      .catch((err: unknown) => {
        clearTimeout(timer);
        logEvent(logger, 'shutdown failed', { error: err instanceof Error ? err.message : String(err) }, 'error', 'Main');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
