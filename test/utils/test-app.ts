import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createHttpApp, createWorkerContext } from '../../src/bootstrap';
import { FixedClock } from '../../src/common/clock';
import type { ProcessRole } from '../../src/config/env.schema';
import { Db } from '../../src/database/db';
import { createTestDatabase } from './test-db';

export const ADMIN_KEY = 'test-admin-key-0123456789';
/** Where test webhook receivers listen; allowed as a webhook target in every test environment. */
export const RECEIVER_HOST = '127.0.0.1';

/**
 * The instant every test's clock starts at unless a suite names its own: the in-process app gets a
 * FixedClock there, and every child process a test starts gets `CLOCK_START` (through `testEnv`),
 * so no test depends on the machine's date.
 */
export const TEST_NOW = '2026-11-25T03:00:00Z';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  db: Db;
  clock: FixedClock;
  dbUrl: string;
  queuePrefix: string;
  close: () => Promise<void>;
  /** Environment for a child process of this app: its database, queue prefix and clock start. */
  env: (extra?: Record<string, string>) => Record<string, string>;
}

/** Environment for an app under test: its own database, its own BullMQ key prefix, the tests' clock. */
export function testEnv(dbUrl: string, queuePrefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CLOCK_START: TEST_NOW,
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: queuePrefix,
    ADMIN_API_KEY: ADMIN_KEY,
    APP_SECRET: 'test-app-secret-0123456789',
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    RUN_MIGRATIONS: 'false',
    // rate limits off unless a suite asks for them (test/security sets its own)
    RATE_LIMIT_API_MAX: '0',
    RATE_LIMIT_LOGIN_MAX: '0',
    // the suites' webhook receivers listen on 127.0.0.1 (test/webhooks/receiver.ts); test/security/webhook-targets clears it
    WEBHOOK_ALLOWED_HOSTS: RECEIVER_HOST,
    ...extra,
  };
}

/**
 * Starts the real application (Postgres database cloned from the template, real Redis) on a
 * fixed clock. `role: 'all'` also runs the BullMQ workers in-process.
 */
export async function startTestApp(opts: { role?: ProcessRole; now?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const queuePrefix = `t${randomBytes(4).toString('hex')}`;
  const now = opts.now ?? TEST_NOW;
  const env = (extra: Record<string, string> = {}) => testEnv(database.url, queuePrefix, { CLOCK_START: now, ...extra });
  Object.assign(process.env, env(opts.env));
  const clock = new FixedClock(new Date(now));
  const app = await createHttpApp({ role: opts.role ?? 'api', clock, logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get(Db);
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    clock,
    dbUrl: database.url,
    queuePrefix,
    env,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export { createWorkerContext };

export const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
