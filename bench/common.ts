import { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { logTail, startNode, waitForHttp } from './proc';

/** The repository root (npm runs scripts there). */
export const ROOT = process.cwd();
export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
export const APP_SECRET = 'bench-app-secret-0123456789abcdef';
export const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3817);
export const RAW_PORT = APP_PORT + 1;

export function dbUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface Row {
  path: string;
  figure: string;
  baseline: string;
  ratio: number | null;
  target: string;
  met: boolean | null;
  volume: string;
  peakRssMb: number | null;
  latency?: string;
  note?: string;
}

/** A row for a path the app does not serve (or that failed): says why instead of inventing numbers. */
export const notAvailable = (path: string, why: string): Row => ({
  path,
  figure: 'not available',
  baseline: '—',
  ratio: null,
  target: '—',
  met: null,
  volume: '—',
  peakRssMb: null,
  note: why,
});

export interface App {
  child: ChildProcess;
  url: string;
  pid: number;
}

/** The environment of an app or worker process of this bench run (one database, one queue prefix). */
export function appEnv(databaseUrl: string, extraEnv: Record<string, string> = {}): Record<string, string> {
  return {
    ROLE: 'all',
    PORT: String(APP_PORT),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: `bench${process.pid}`,
    ADMIN_API_KEY: ADMIN_KEY,
    APP_SECRET,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    // the harness measures the paths, not the per-key rate limiter (3,000 requests/min by default)
    RATE_LIMIT_API_MAX: '0',
    RUN_MIGRATIONS: 'true',
    OUTBOX_DIR: join(tmpdir(), `siap-bench-outbox-${process.pid}`),
    NODE_ENV: 'production',
    ...extraEnv,
  };
}

/** BENCH_APP_MAIN: another build's dist/src/main.js, to measure a before / after on the same fixture. */
export const MAIN_JS = process.env.BENCH_APP_MAIN || join(__dirname, '..', 'src', 'main.js');

export async function startApp(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<App> {
  const child = startNode(MAIN_JS, appEnv(databaseUrl, extraEnv));
  const url = `http://127.0.0.1:${APP_PORT}`;
  try {
    // a loaded machine can take over a minute to boot the app (migrations, Nest, BullMQ)
    await waitForHttp(`${url}/health/live`, child, Number(process.env.BENCH_START_TIMEOUT_S ?? 180) * 1000);
  } catch (e) {
    console.error(logTail(child));
    throw e;
  }
  return { child, url, pid: child.pid! };
}

export const adminAuth = { authorization: `Bearer ${ADMIN_KEY}` };

/** Deletes an app's queue keys (`<prefix>:*`) from the shared Redis after a standalone bench. */
export async function dropQueueKeys(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
