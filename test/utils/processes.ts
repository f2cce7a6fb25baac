import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, chmodSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
// a private build: other people's `nest build` (deleteOutDir) must not pull dist/ away under a running test
const OUT = join(ROOT, '.test-dist');
const MAIN = join(OUT, 'src', 'main.js');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; throws with `label` and the last value after `timeoutMs`. */
export async function waitFor<T>(fn: () => Promise<T> | T, label: string, timeoutMs = 30_000, everyMs = 150): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastErr: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label} (last: ${JSON.stringify(last) ?? String(lastErr)})`);
    await sleep(everyMs);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function newestMtime(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newestMtime(p));
    else if (e.name.endsWith('.ts')) max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

/** Compiles src/ into .test-dist/ when that is missing or older than src/ or migrations/. */
export function ensureBuilt(): void {
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  const src = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'migrations')));
  if (built >= src && process.env.SIAP_TEST_REBUILD !== '1') return;
  const lock = `${OUT}.lock`;
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock left by a killed run (the build takes well under two minutes) is broken, not waited for
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (i > 600 || age > 120_000) rmSync(lock, { recursive: true, force: true });
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= src && process.env.SIAP_TEST_REBUILD !== '1') return; // a parallel suite built it
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', OUT], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
    execFileSync('touch', [MAIN]);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A `node dist/src/main.js` child (ROLE=api|worker|all) whose JSON log lines are captured. */
export class AppProcess {
  readonly logs: string[] = [];
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  exitCode: number | null | undefined = undefined;

  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    this.proc = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      // readiness is read from the 'log' level lines ("worker started", "listening")
      env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: env.LOG_LEVEL === 'debug' ? 'debug' : 'log' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (buf: Buffer) => {
      for (const line of buf.toString('utf8').split('\n')) if (line.trim()) this.logs.push(line);
    };
    this.proc.stdout!.on('data', collect);
    this.proc.stderr!.on('data', collect);
    this.exited = new Promise((r) =>
      this.proc.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        r(code);
      }),
    );
  }

  get pid(): number {
    return this.proc.pid!;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves once a log line matches (or rejects when the process exits first). */
  async waitForLog(re: RegExp, timeoutMs = 60_000): Promise<string> {
    return waitFor<string | undefined>(
      () => {
        const hit = this.logs.find((l) => re.test(l));
        if (!hit && !this.alive) throw new Error(`${this.name} exited (${this.exitCode}) before ${re}: ${this.logs.slice(-10).join('\n')}`);
        return hit;
      },
      `${this.name} to log ${re}`,
      timeoutMs,
      50,
    ) as Promise<string>;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.alive) this.proc.kill(signal);
    return this.exited;
  }
}

/** Starts a worker or API child and waits until it is ready. */
export async function startProcess(name: string, env: Record<string, string>): Promise<AppProcess> {
  const p = new AppProcess(name, env);
  await p.waitForLog(env.ROLE === 'worker' ? /worker started/ : /"listening"|listening/, 90_000);
  return p;
}

/**
 * The environment for the machine's own tools (redis-server, redis-cli): without the clock-ahead
 * CI pass's libfaketime preload, which clashes with Redis's allocator. They stand for services the
 * machine runs, whose clocks the pass does not move either.
 */
function machineEnv(): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, ...env } = process.env;
  return env;
}

/** A private redis-server child (never the shared one): stop/start it at will. */
/** Starts `node main.js` in a role on a free port (env plus ROLE and PORT); returns the process and its base URL. */
export async function startRole(name: string, env: Record<string, string>, role: 'all' | 'api' | 'worker'): Promise<{ p: AppProcess; url: string }> {
  const port = await freePort();
  const p = await startProcess(name, { ...env, ROLE: role, PORT: String(port) });
  return { p, url: `http://127.0.0.1:${port}` };
}

export class PrivateRedis {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.start();
    return r;
  }

  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
      env: machineEnv(),
    });
    await waitFor(() => this.ping(), `redis on ${this.port}`, 10_000, 50);
  }

  ping(): boolean {
    try {
      return (
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe', timeout: 2000, env: machineEnv() })
          .toString()
          .trim() === 'PONG'
      );
    } catch {
      return false;
    }
  }

  cli(...args: string[]): string {
    return execFileSync('redis-cli', ['-p', String(this.port), ...args], { stdio: 'pipe', timeout: 5000, env: machineEnv() })
      .toString()
      .trim();
  }

  /** Kills the server (its data is gone: no persistence). */
  async stop(): Promise<void> {
    const p = this.proc;
    // a process killed by a signal has exitCode null and signalCode set: stopping twice must not wait for an exit that already happened
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }
}

/** A private PostgreSQL cluster on its own port and socket dir, run as the postgres user. */
export class PrivatePostgres {
  constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static bin(): string {
    const base = '/usr/lib/postgresql';
    const v = readdirSync(base).sort((a, b) => Number(b) - Number(a))[0];
    return join(base, v, 'bin');
  }

  static available(): boolean {
    try {
      PrivatePostgres.bin();
      execFileSync('id', ['postgres'], { stdio: 'pipe' });
      return process.getuid?.() === 0;
    } catch {
      return false;
    }
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'siap-pg-'));
    chmodSync(dir, 0o700);
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    const pg = new PrivatePostgres(dir, await freePort());
    mkdirSync(join(dir, 'data'));
    chownSync(join(dir, 'data'), uid, gid);
    execFileSync('runuser', ['-u', 'postgres', '--', join(PrivatePostgres.bin(), 'initdb'), '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres'], {
      stdio: 'pipe',
    });
    await pg.start();
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  private ctl(...args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', join(PrivatePostgres.bin(), 'pg_ctl'), '-D', join(this.dir, 'data'), ...args], {
      stdio: 'pipe',
      timeout: 60_000,
    });
  }

  async start(): Promise<void> {
    this.ctl('-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(this.dir, 'log'), '-w', 'start');
  }

  /** Fast shutdown: open connections are terminated, like a server restart. */
  async stop(): Promise<void> {
    this.ctl('-m', 'fast', '-w', 'stop');
  }

  async destroy(): Promise<void> {
    try {
      this.ctl('-m', 'immediate', '-w', 'stop');
    } catch {
      /* already stopped */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One HTTP exchange against a child process: status 0 (and `error`) when the connection failed or timed out. */
export interface HttpResult {
  status: number;
  body: any;
  ms: number;
  error?: string;
  contentType?: string;
}

/** JSON over fetch with a bound on time, never throwing: faults show up as status 0 with `error`. */
export async function httpJson(
  baseUrl: string,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const started = Date.now();
  try {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body, ms: Date.now() - started, contentType: res.headers.get('content-type') ?? undefined };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { status: 0, body: undefined, ms: Date.now() - started, error: e.cause?.code ?? e.name ?? e.message };
  }
}

/**
 * Sends `signal` and waits up to `ms` for the process to exit; a process still alive then is
 * SIGKILLed (so a hang fails the test instead of hanging jest). Returns the exit code
 * (-1 = killed by a signal) and how long it took.
 */
export async function stopWithin(p: AppProcess, signal: NodeJS.Signals, ms: number): Promise<{ code: number | null | undefined; ms: number; hung: boolean }> {
  const started = Date.now();
  if (p.alive) p.proc.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const hung = await Promise.race([p.exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), ms)))]);
  clearTimeout(timer);
  if (hung) await p.kill('SIGKILL');
  return { code: p.exitCode, ms: Date.now() - started, hung };
}
