import { ConsoleLogger, INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, AppOptions } from './app.module';
import { registerSecurity } from './common/security';
import { createValidationPipe } from './common/validation';
import { validateEnv } from './config/env.schema';
import { WEB_PATHS } from './web/web.module';
import { installOpsHttp } from './metrics/ops-http';

export const API_PREFIX = 'api/v1';
export const JSON_BODY_LIMIT = 10 * 1024 * 1024;
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(level = process.env.LOG_LEVEL ?? 'log'): ConsoleLogger {
  const idx = Math.max(0, LEVELS.indexOf(level as LogLevel));
  return new ConsoleLogger({ json: true, logLevels: LEVELS.slice(0, idx + 1) });
}

/** Builds the HTTP application (roles api and all); tests use the same function. */
export async function createHttpApp(opts: AppOptions & { logger?: ConsoleLogger | false }): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: JSON_BODY_LIMIT, logger: false, routerOptions: { ignoreTrailingSlash: true } });
  const fastify = adapter.getInstance();
  // CSV imports stream straight into the parser: no body limit, no buffering.
  fastify.addContentTypeParser(['text/csv', 'application/csv'], (_req, payload, done) => done(null, payload));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(opts), adapter, {
    logger: opts.logger ?? createLogger(),
    bufferLogs: false,
  });
  await installOpsHttp(app); // request metrics, /metrics, /admin/queues (Bull Board)
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', ...WEB_PATHS] });
  app.useGlobalPipes(createValidationPipe());
  await registerSecurity(app, validateEnv(process.env)); // headers + rate limits (issue 7)
  app.enableShutdownHooks();
  const config = new DocumentBuilder()
    .setTitle('Siap Ekspor API')
    .setDescription('Finds Rembang micro businesses whose steady repeat overseas orders justify formal export. Contract v1.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

export async function createWorkerContext(opts: AppOptions & { logger?: ConsoleLogger | false }): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(opts), { logger: opts.logger ?? createLogger() });
  ctx.enableShutdownHooks();
  return ctx;
}
