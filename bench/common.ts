import { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { NODE_OPTIONS } from '../src/common/node-options';
import { logTail, request, startNode, waitForHttp } from './proc';

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
  /** With startDeployment: the worker process (ROLE=worker) beside the API process `child`. */
  worker?: ChildProcess;
}

/** The process that runs the jobs (weekly runs, replays): the worker of a deployment, else the app. */
export const jobPid = (app: App): number => app.worker?.pid ?? app.pid;

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
    // the V8 options the service is deployed with (docker/Dockerfile), after any the bench was given
    NODE_OPTIONS: [process.env.NODE_OPTIONS, NODE_OPTIONS].filter(Boolean).join(' '),
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

/** Waits until a process's /metrics answers (a worker has no other HTTP port). */
export async function waitMetrics(port: number, child: ChildProcess): Promise<void> {
  const limitS = Number(process.env.BENCH_START_TIMEOUT_S ?? 180);
  const until = Date.now() + limitS * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}`);
    const ok = await request(`http://127.0.0.1:${port}/metrics`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > until) throw new Error(`worker /metrics on ${port} did not answer within ${limitS} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The service as docker/compose.yml runs it: one API process (ROLE=api) and one worker process
 * (ROLE=worker), so each path's memory is that of the process that serves it.
 */
export async function startDeployment(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<App> {
  const metricsPort = APP_PORT + 6;
  const worker = startNode(MAIN_JS, appEnv(databaseUrl, { ...extraEnv, ROLE: 'worker', PORT: String(APP_PORT + 5), METRICS_PORT: String(metricsPort) }));
  try {
    const api = await startApp(databaseUrl, { ...extraEnv, ROLE: 'api' });
    await waitMetrics(metricsPort, worker);
    return { ...api, worker };
  } catch (e) {
    console.error(logTail(worker));
    worker.kill('SIGKILL');
    throw e;
  }
}
