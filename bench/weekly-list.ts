/**
 * Path 6 on its own: GET /reports/weekly/:week as JSON and as CSV on a ~6,000-item published list
 * written directly (the same item shape as bench/digests.ts), on a freshly started app, so the
 * figures are the list's own. Each format is read BENCH_LIST_ROUNDS times (3); for each read the
 * app's peak RSS (VmHWM reset before it), the time to the first byte of the body and to its end.
 *
 *   npm run build && node dist/bench/weekly-list.js
 *   BENCH_LIST_ITEMS (6333), BENCH_LIST_ROUNDS (3), BENCH_APP_MAIN (another build's main.js),
 *   BENCH_KEEP_DB=1, PG_ADMIN_URL, REDIS_URL, BENCH_APP_PORT.
 *
 * Prints one JSON line.
 */
import { Client } from 'pg';
import { adminAuth, admin, dbUrl, dropQueueKeys, startApp } from './common';
import { benchItem } from './digests';
import { prng } from './generator';
import { peakMb, request, resetPeak, rssMb, stop } from './proc';

const ITEMS = Number(process.env.BENCH_LIST_ITEMS ?? 6333);
const ROUNDS = Number(process.env.BENCH_LIST_ROUNDS ?? 3);
const WEEK = '2026-W47';

async function main(): Promise<void> {
  const name = `siap_listbench_${process.pid}`;
  const prefix = `benchlist${process.pid}`;
  const app = await startApp(dbUrl(name), { QUEUE_PREFIX: prefix, LOG_LEVEL: 'error' });
  const c = new Client({ connectionString: dbUrl(name) });
  c.on('error', () => undefined);
  try {
    await c.connect();
    const r = prng(20261128);
    const items = Array.from({ length: ITEMS }, (_, i) => benchItem(r, i));
    await c.query(
      `INSERT INTO weekly_reports (week, week_start, week_end, schema_version, rule_set_version, run_id, previous_week, published_at, items, counts)
       VALUES ($1, '2026-11-16', '2026-11-22', 1, 1, NULL, '2026-W46', '2026-11-23T00:05:00Z', $2, $3)`,
      [WEEK, JSON.stringify(items), JSON.stringify({ total: items.length, new: 0, continuing: 0, resolved: 0 })],
    );
    const url = `${app.url}/api/v1/reports/weekly/${WEEK}`;
    const reads: Array<Record<string, unknown>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const format of ['json', 'csv'] as const) {
        const before = rssMb(app.pid);
        resetPeak(app.pid);
        const res = await request(url, { headers: format === 'csv' ? { ...adminAuth, accept: 'text/csv' } : adminAuth });
        reads.push({
          round,
          format,
          status: res.status,
          kB: Math.round(Buffer.byteLength(res.body) / 1024),
          firstByteMs: Math.round(res.firstByteMs),
          totalMs: Math.round(res.totalMs),
          rssBeforeMb: Math.round(before),
          peakRssMb: Math.round(peakMb(app.pid)),
        });
      }
    }
    const max = (f: string, k: string) => Math.max(...reads.filter((x) => x.format === f).map((x) => x[k] as number));
    console.log(
      JSON.stringify({
        items: ITEMS,
        app: process.env.BENCH_APP_MAIN || 'this build',
        json: { peakRssMb: max('json', 'peakRssMb'), firstByteMs: max('json', 'firstByteMs'), totalMs: max('json', 'totalMs') },
        csv: { peakRssMb: max('csv', 'peakRssMb'), firstByteMs: max('csv', 'firstByteMs'), totalMs: max('csv', 'totalMs') },
        reads,
      }),
    );
  } finally {
    await stop(app.child);
    await c.end().catch(() => undefined);
    if (!process.env.BENCH_KEEP_DB) await admin((a) => a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await dropQueueKeys(prefix);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
