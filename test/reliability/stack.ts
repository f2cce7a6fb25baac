import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import type { Db } from '../../src/database/db';
import { AppProcess, ensureBuilt, freePort, startProcess } from '../utils/processes';
import { testEnv, TestApp } from '../utils/test-app';
import { createTestDatabase } from '../utils/test-db';

/** Plain SQL on the stack's database (the same `one`/`many` shape as `Db`, so scenario helpers accept it). */
/**
 * A pool for the test's own reads of a child stack's database. Its idle connections are cut when the
 * database is dropped at the end of a suite (DROP … WITH (FORCE)) or when a test restarts Postgres; pg
 * then emits 'error' on the pool, which without a listener would crash the test run.
 */
export function probePool(connectionString: string, max: number): Pool {
  const pool = new Pool({ connectionString, max });
  pool.on('error', () => undefined);
  return pool;
}

export class SqlProbe {
  constructor(readonly pool: Pool) {}
  async many<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }
  async one<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.many<T>(sql, params))[0];
  }
  async count(sql: string, params: unknown[] = []): Promise<number> {
    return Number((await this.one<{ n: number | string }>(sql, params))!.n);
  }
  asDb(): Db {
    return this as unknown as Db;
  }
}

/**
 * The whole service as real child processes (`node .test-dist/src/main.js`): one API (ROLE=api) on
 * a free port and any number of workers (ROLE=worker), on a cloned database and a private queue prefix.
 */
export class ChildStack {
  readonly workers: AppProcess[] = [];
  api!: AppProcess;
  apiUrl = '';
  http!: TestAgent;
  sql!: SqlProbe;
  env: Record<string, string> = {};
  private dropDb?: () => Promise<void>;

  static async start(opts: { env?: Record<string, string>; apiEnv?: Record<string, string>; workers?: number } = {}): Promise<ChildStack> {
    ensureBuilt();
    const s = new ChildStack();
    const database = await createTestDatabase();
    s.dropDb = database.drop;
    s.env = testEnv(database.url, `t${randomBytes(4).toString('hex')}`, { QUEUE_BOARD_ENABLED: 'false', ...opts.env });
    s.sql = new SqlProbe(probePool(database.url, 4));
    const port = await freePort();
    s.apiUrl = `http://127.0.0.1:${port}`;
    s.api = await startProcess('api', { ...s.env, ...opts.apiEnv, ROLE: 'api', PORT: String(port) });
    s.http = request(s.apiUrl);
    for (let i = 0; i < (opts.workers ?? 1); i++) await s.startWorker(`worker-${i + 1}`);
    return s;
  }

  /** A TestApp-shaped handle for helpers that only use `http` (seeding). */
  get app(): TestApp {
    return { http: this.http } as unknown as TestApp;
  }

  async startWorker(name: string, extra: Record<string, string> = {}): Promise<AppProcess> {
    const w = await startProcess(name, { ...this.env, ...extra, ROLE: 'worker' });
    this.workers.push(w);
    return w;
  }

  async close(): Promise<void> {
    for (const p of [...this.workers, this.api]) await p?.kill('SIGKILL');
    await this.sql?.pool.end().catch(() => undefined);
    await this.dropDb?.().catch(() => undefined);
  }
}

/** Resident set size of a live process in KiB, from /proc/<pid>/status (VmRSS). */
export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** The JSON log lines of a child whose `msg` is `msg`, parsed (one object per line: level, msg, the event's fields). */
export function logEntries(p: AppProcess, msg: string): Array<Record<string, unknown> & { timestamp?: number }> {
  const out: Array<Record<string, unknown> & { timestamp?: number }> = [];
  for (const line of p.logs) {
    if (!line.includes(msg)) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown> & { msg?: unknown; timestamp?: number };
      if (entry.msg === msg) out.push(entry);
    } catch {
      /* not a JSON line */
    }
  }
  return out;
}
