/**
 * Scale rows: a 26-week replay against one full run (10), two worker processes sharing one weekly
 * run against one (11), and the province run's cost per business against the full-size run's (12).
 */
import { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { addDays } from '../src/common/time';
import { adminAuth, admin, App, APP_PORT, appEnv, dbUrl, jobPid, MAIN_JS, notAvailable, Row, startApp, waitMetrics } from './common';
import { cloneDb } from './data';
import { peakMb, request, resetPeak, sampleRss, startNode, stop } from './proc';
import { runWatch } from './weekly';

const ROOT = process.cwd();
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const timeoutMs = () => Number(process.env.BENCH_RUN_TIMEOUT_S ?? 1200) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const na = notAvailable;

// ---------------------------------------------------------------- 10 replay

interface Replay {
  id: string;
  status: string;
  weeksTotal: number;
  weeksDone: number;
  error?: string;
  diffSummary?: Record<string, unknown>;
}

/** POST /watch/replay over the 26 weeks ending with the full run's as-of, timed from the request to completion. */
export async function replayRow(app: App, fullAsOf: string, fullSeconds: number, log: (m: string) => void): Promise<Row> {
  const path = '10 replay of 26 weeks';
  const from = addDays(fullAsOf, -7 * 25);
  log(`replay: 26 weeks ${from} – ${fullAsOf}`);
  const worker = jobPid(app); // replays run as jobs
  resetPeak(worker);
  const mem = sampleRss(worker);
  const t0 = performance.now();
  try {
    const r = await request(`${app.url}/api/v1/watch/replay`, {
      method: 'POST',
      headers: { ...adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ from, to: fullAsOf }),
    });
    if (r.status === 404) return na(path, 'POST /watch/replay not served');
    if (r.status !== 200 && r.status !== 202) throw new Error(`POST /watch/replay answered ${r.status}: ${r.body.slice(0, 300)}`);
    const answeredS = (performance.now() - t0) / 1000;
    let rep = JSON.parse(r.body) as Replay;
    const until = Date.now() + timeoutMs();
    let said = Date.now();
    while (rep.status !== 'completed') {
      if (rep.status === 'failed') throw new Error(`replay failed: ${rep.error ?? ''}`);
      if (Date.now() > until) throw new Error(`replay still ${rep.status} (${rep.weeksDone}/${rep.weeksTotal} weeks) after the timeout`);
      if (Date.now() - said > 10_000) {
        log(`replay: ${rep.weeksDone} of ${rep.weeksTotal} weeks after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        said = Date.now();
      }
      await sleep(200);
      const g = await request(`${app.url}/api/v1/watch/replays/${rep.id}`, { headers: adminAuth });
      if (g.status !== 200) throw new Error(`GET /watch/replays/:id answered ${g.status}`);
      rep = JSON.parse(g.body) as Replay;
    }
    const s = (performance.now() - t0) / 1000;
    const m = mem.stop();
    const peak = Math.max(peakMb(worker), m.max);
    const ratio = s / fullSeconds;
    log(`replay: ${rep.weeksTotal} weeks in ${s.toFixed(2)} s (${ratio.toFixed(2)}× the full run)`);
    return {
      path,
      figure: `${s.toFixed(2)} s`,
      baseline: `${fullSeconds.toFixed(2)} s full run`,
      ratio,
      target: '≤ 6× one full run',
      met: ratio <= 6,
      volume: `${rep.weeksTotal} weeks, ${from} – ${fullAsOf}`,
      peakRssMb: peak,
      note: `POST answered ${r.status} after ${answeredS.toFixed(1)} s; against the recorded runs ${JSON.stringify({ ...rep.diffSummary, perWeek: undefined })}`,
    };
  } catch (e) {
    mem.stop();
    log(`replay: ${(e as Error).message}`);
    return na(path, `failed: ${(e as Error).message.slice(0, 300)}`);
  }
}

// ---------------------------------------------------------------- 11 scale-out

/** Sums every sample of a Prometheus metric whose labels contain all of `labels`. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.split(' ').pop());
  }
  return sum;
}

/** The chunks a process logged as evaluated (`chunk evaluated`, a debug line of the watch service). */
function chunkLog(child: ChildProcess): Array<{ runId?: string; chunk: number }> {
  const chunks: Array<{ runId?: string; chunk: number }> = [];
  let buf = '';
  const onData = (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.includes('chunk evaluated')) continue;
      try {
        const j = JSON.parse(line) as { msg?: string; runId?: string; chunk?: number };
        if (j.msg === 'chunk evaluated' && typeof j.chunk === 'number') chunks.push({ runId: j.runId, chunk: j.chunk });
      } catch {
        /* not a JSON line */
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return chunks;
}

interface ProcStat {
  role: string;
  peakMb: number;
  evaluated: number;
  chunks: number[];
}
interface Phase {
  workers: number;
  seconds: number;
  runId: string;
  procs: ProcStat[];
  items: { total: number; done: number; evaluated: number; chunks: number; retried: number };
  duplicateEvaluations: number;
}

async function scaleOutPhase(o: ScaleCtx, workers: 1 | 2, env: Record<string, string>): Promise<Phase> {
  const name = `${o.tag}_so${workers}`;
  o.created.push(name);
  o.log(`scale-out: cloning ${o.template} for the ${workers === 1 ? 'one-worker' : 'two-worker'} run`);
  await cloneDb(o.template, name);
  const ports = [APP_PORT + 2, APP_PORT + 3];
  const procEnv = { ...env, QUEUE_PREFIX: `bench${process.pid}so${workers}` };
  let app: App | undefined;
  let worker: ChildProcess | undefined;
  try {
    app = await startApp(dbUrl(name), { ...procEnv, METRICS_PORT: String(ports[0]) });
    const children: ChildProcess[] = [app.child];
    if (workers === 2) {
      worker = startNode(MAIN_JS, appEnv(dbUrl(name), { ...procEnv, ROLE: 'worker', PORT: String(APP_PORT + 4), METRICS_PORT: String(ports[1]) }));
      children.push(worker);
      await waitMetrics(ports[1], worker);
    }
    await waitMetrics(ports[0], app.child);
    const logs = children.map((ch) => chunkLog(ch));
    const samplers = children.map((ch) => {
      resetPeak(ch.pid!);
      return sampleRss(ch.pid!);
    });
    const full = await runWatch(app, o.asOf);
    const runId = String(full.run.id);
    const c = new Client({ connectionString: dbUrl(name) });
    await c.connect();
    try {
      await sleep(300); // the last chunk's log line may trail the run's completion
      const mem = samplers.map((s) => s.stop());
      const items = (
        await c.query<Phase['items']>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE i.status = 'done')::int AS done,
                  count(*) FILTER (WHERE i.attempts >= 1)::int AS evaluated,
                  count(DISTINCT i.chunk) FILTER (WHERE i.attempts >= 1)::int AS chunks,
                  count(*) FILTER (WHERE i.attempts > 1)::int AS retried
             FROM watch_run_items i WHERE i.run_id = $1`,
          [runId],
        )
      ).rows[0];
      const dup = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM flag_evaluations WHERE run_id = $1 GROUP BY business_id, market, kind HAVING count(*) > 1) d`,
        [runId],
      );
      const procs: ProcStat[] = [];
      for (let i = 0; i < children.length; i++) {
        const text = (await request(`http://127.0.0.1:${ports[i]}/metrics`)).body;
        procs.push({
          role: i ? 'worker' : 'all',
          peakMb: Math.max(peakMb(children[i].pid!), mem[i].max),
          evaluated: metric(text, 'siap_businesses_evaluated_total', { outcome: 'ok' }),
          chunks: logs[i].filter((l) => l.runId === runId).map((l) => l.chunk),
        });
      }
      return { workers, seconds: full.seconds, runId, procs, items, duplicateEvaluations: dup.rows[0].n };
    } finally {
      await c.end();
    }
  } finally {
    if (worker) await stop(worker);
    if (app) await stop(app.child);
    if (!process.env.BENCH_KEEP_DB) await admin((a) => a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

export interface ScaleCtx {
  size: string;
  tag: string;
  created: string[];
  template: string;
  asOf: string;
  log: (m: string) => void;
}

/**
 * One worker process (the app, ROLE=all) against the same app plus a second process (ROLE=worker)
 * on the same queue, each on a fresh clone of the same data, the same as-of. Checked: every item
 * done, no business × market × kind evaluated twice, the processes' evaluated counters add up to
 * the businesses evaluated, and the chunks each process logged add up to the run's chunks.
 */
export async function scaleOutRow(o: ScaleCtx): Promise<Row> {
  const path = '11 scale-out: 2 worker processes';
  // at smoke size the default chunk (250) would make one chunk for 30 businesses: nothing to share
  const chunk = process.env.BENCH_SCALEOUT_CHUNK ?? (o.size === 'smoke' ? '5' : '');
  const env: Record<string, string> = { LOG_LEVEL: 'debug', ...(chunk ? { WATCH_CHUNK_SIZE: chunk } : {}) };
  try {
    o.log(`scale-out: one worker process${chunk ? `, chunks of ${chunk}` : ''}`);
    const one = await scaleOutPhase(o, 1, env);
    o.log(`scale-out: one worker ${one.seconds.toFixed(2)} s; now two worker processes`);
    const two = await scaleOutPhase(o, 2, env);
    o.log(`scale-out: two workers ${two.seconds.toFixed(2)} s`);
    const [a, b] = two.procs;
    const shared = a.chunks.filter((x) => b.chunks.includes(x));
    const logged = a.chunks.length + b.chunks.length;
    const checks = {
      allDone: two.items.done === two.items.total && one.items.done === one.items.total,
      noDuplicateEvaluation: two.duplicateEvaluations === 0 && one.duplicateEvaluations === 0,
      evaluatedAddUp: a.evaluated + b.evaluated === two.items.evaluated,
      chunksAddUp: logged === two.items.chunks && shared.length === 0,
      bothWorked: a.evaluated > 0 && b.evaluated > 0,
      sameWork: one.items.evaluated === two.items.evaluated,
      evaluatedOnce: two.items.retried === 0,
    };
    const ratio = two.seconds / one.seconds;
    const ok = Object.values(checks).every(Boolean);
    const chunkNote = logged
      ? `chunks logged ${a.chunks.length} + ${b.chunks.length} = ${logged} of ${two.items.chunks}${shared.length ? `, ${shared.length} by both (${shared.slice(0, 5).join(',')})` : ', none by both'}`
      : `no 'chunk evaluated' lines logged (chunks ${two.items.chunks})`;
    return {
      path,
      figure: `${two.seconds.toFixed(2)} s`,
      baseline: `${one.seconds.toFixed(2)} s one worker`,
      ratio,
      target: '< 1×, no chunk twice, counts add up',
      met: ratio < 1 && ok,
      volume: `${fmt(two.items.evaluated)} of ${fmt(two.items.total)} businesses evaluated in ${two.items.chunks} chunks${chunk ? ` of ${chunk}` : ''}; app ${fmt(a.evaluated)} + worker ${fmt(b.evaluated)}`,
      peakRssMb: Math.max(a.peakMb, b.peakMb),
      note: `peak RSS app ${fmt(a.peakMb)} MB + worker ${fmt(b.peakMb)} MB (one worker ${fmt(one.procs[0].peakMb)} MB); ${chunkNote}; duplicate evaluations ${two.duplicateEvaluations}; items attempted more than once ${two.items.retried}; ${
        ok
          ? 'all checks passed'
          : `FAILED checks: ${Object.entries(checks)
              .filter(([, v]) => !v)
              .map(([k]) => k)
              .join(', ')}`
      }`,
    };
  } catch (e) {
    o.log(`scale-out: ${(e as Error).message}`);
    return na(path, `failed: ${(e as Error).message.slice(0, 300)}`);
  }
}

// ---------------------------------------------------------------- 12 province vs full

export interface FullFigure {
  businesses: number;
  orders: number;
  seconds: number;
  peakRssMb: number | null;
  at: string;
  source: string;
}

/** The full-size weekly run from bench/results.json (written by another `npm run bench` run). */
export function fullFromResults(file = join(ROOT, 'bench', 'results.json')): FullFigure | undefined {
  if (!existsSync(file)) return undefined;
  const j = JSON.parse(readFileSync(file, 'utf8')) as {
    at?: string;
    config?: { businesses: number; history: number };
    weeklyFull?: { businesses: number; orders: number; seconds: number; peakRssMb: number };
    rows?: Row[];
  };
  if (j.weeklyFull) return { ...j.weeklyFull, at: j.at ?? '?', source: file };
  const row = j.rows?.find((r) => r.path.startsWith('4 full weekly run'));
  const seconds = row ? parseFloat(row.figure) : NaN;
  if (!row || Number.isNaN(seconds)) return undefined;
  const m = /([\d,]+) businesses, ([\d,]+) orders/.exec(row.volume);
  const num = (s: string) => Number(s.replace(/,/g, ''));
  return {
    businesses: m ? num(m[1]) : (j.config?.businesses ?? NaN),
    orders: m ? num(m[2]) : (j.config?.history ?? NaN),
    seconds,
    peakRssMb: row.peakRssMb,
    at: j.at ?? '?',
    source: file,
  };
}

/** The province run's weekly cost per business against the full run's, each from the run that measured it. */
export function provinceRow(province: { businesses: number; orders: number; seconds: number; peakRssMb: number } | undefined, at: string): Row {
  const path = '12 province: weekly run cost per business';
  if (!province) return na(path, 'no full weekly run at province size');
  const full = fullFromResults();
  const per = (province.seconds / province.businesses) * 1000;
  const base = full ? (full.seconds / full.businesses) * 1000 : null;
  const ratio = base ? per / base : null;
  return {
    path,
    figure: `${per.toFixed(2)} ms/business`,
    baseline: base ? `${base.toFixed(2)} ms/business full run` : 'no bench/results.json',
    ratio,
    target: '≤ 1.2×, RSS < 300 MB',
    met: ratio === null ? null : ratio <= 1.2 && province.peakRssMb < 300,
    volume: `${fmt(province.businesses)} businesses, ${fmt(province.orders)} orders, ${province.seconds.toFixed(2)} s`,
    peakRssMb: province.peakRssMb,
    note: full
      ? `province: this run (${at}); full: bench/results.json of ${full.at} (${fmt(full.businesses)} businesses, ${fmt(full.orders)} orders, ${full.seconds.toFixed(2)} s, peak RSS ${full.peakRssMb === null ? '—' : fmt(full.peakRssMb)} MB) — different runs, compare on a quiet machine; orders per business ${fmt(province.orders / province.businesses)} against ${fmt(full.orders / full.businesses)}`
      : 'run `npm run bench` (full size) first for the comparison',
  };
}
