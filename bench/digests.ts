/**
 * Path 7 on its own, for quick runs while tuning the digest send: 1,000 digests of a ~6,000-item weekly list handed to a local SMTP
 * server. Builds no order history: the published snapshot is written directly, shaped like the
 * full bench's (13-week series, bilingual reasons and paperwork), so it takes a minute, not 25.
 *
 *   npm run build && node dist/bench/digests.js
 *   BENCH_DIGEST_SUBS (1000), BENCH_DIGEST_ITEMS (6333), BENCH_DIGEST_TIMEOUT_S (120),
 *   BENCH_DIGEST_FILTERED=1 (subscribers spread over districts / markets / locales instead of all
 *   unfiltered Indonesian), BENCH_KEEP_DB=1, PG_ADMIN_URL, REDIS_URL, BENCH_APP_PORT.
 *
 * Prints one JSON line: seconds until every message arrived, messages, distinct Message-IDs,
 * bytes, the app's peak RSS (VmHWM) and its RSS samples.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { DISTRICTS } from '../src/common/reference-data';
import { createServer } from 'node:net';
import { adminAuth, admin, APP_PORT, dbUrl, dropQueueKeys, startApp } from './common';
import { prng } from './generator';
import { peakMb, request, resetPeak, sampleRss, stop } from './proc';

const SUBS = Number(process.env.BENCH_DIGEST_SUBS ?? 1000);
const ITEMS = Number(process.env.BENCH_DIGEST_ITEMS ?? 6333);
const TIMEOUT_S = Number(process.env.BENCH_DIGEST_TIMEOUT_S ?? 120);
const FILTERED = process.env.BENCH_DIGEST_FILTERED === '1';
const WEEK = '2026-W47';
const MARKETS = ['MY', 'CN', 'SG', 'HK', 'US', 'AU', 'JP'];
const log = (m: string) => process.stderr.write(`[bench digests ${((performance.now() / 1000) | 0).toString().padStart(4)}s] ${m}\n`);

/** A snapshot item shaped like the ones the weekly list publishes. */
export function benchItem(r: () => number, i: number): Record<string, unknown> {
  const change = i % 20 === 0 ? 'new' : i % 33 === 0 ? 'resolved' : 'continuing';
  const kind = i % 3 === 0 ? 'compliance' : 'readiness';
  const material = ['snakeskin', 'stingray', 'batik', 'leather'][i % 4];
  const series = Array.from({ length: 13 }, (_, w) => {
    const orders = Math.floor(r() * 9);
    return { week: `2026-W${String(35 + w).padStart(2, '0')}`, orders, valueIdr: orders * 1_250_000 };
  });
  const orders13w = series.reduce((a, s) => a + s.orders, 0);
  return {
    flagId: randomUUID(),
    businessId: randomUUID(),
    businessName: `Usaha Kulit ${i} ${['Jaya', 'Makmur', 'Sentosa', 'Abadi'][i % 4]}`,
    district: DISTRICTS[i % DISTRICTS.length],
    market: MARKETS[i % MARKETS.length],
    kind,
    change,
    status: change === 'resolved' ? 'resolved' : 'open',
    score: Math.round(r() * 1000) / 10,
    ordersThisWeek: series[12].orders,
    orders13w,
    value13wIdr: orders13w * 1_250_000,
    repeatBuyers: 1 + (i % 5),
    heaviestParcelKg: 2.5,
    wildlifeMaterials: material === 'snakeskin' || material === 'stingray' ? [material] : [],
    materials: [material],
    signalsHit: ['continuity', 'repeat_buyers'],
    reasons: [
      {
        id: `Pesanan ke ${MARKETS[i % MARKETS.length]} pada 3 dari 4 bulan terakhir`,
        en: `Orders to ${MARKETS[i % MARKETS.length]} in 3 of the last 4 months`,
      },
      { id: `${1 + (i % 5)} pembeli berulang dalam 13 minggu`, en: `${1 + (i % 5)} repeat buyers in 13 weeks` },
    ],
    checklist: [
      {
        code: 'NIB',
        title: { id: 'NIB dengan akses kepabeanan', en: 'NIB with customs access' },
        reason: { id: 'Syarat ekspor formal', en: 'Needed for any formal export' },
      },
      {
        code: 'PEB',
        title: { id: 'Pemberitahuan Ekspor Barang', en: 'Export declaration (PEB)' },
        reason: { id: 'Setiap pengiriman ekspor', en: 'Every export shipment' },
      },
      {
        code: 'SKA-D',
        title: { id: 'Surat Keterangan Asal Form D', en: 'Certificate of origin Form D' },
        reason: { id: 'Tujuan ASEAN', en: 'ASEAN destination' },
      },
    ],
    suggestedAction: change === 'new' ? 'visit' : change === 'resolved' ? 'monitor' : 'export_coaching_referral',
    raisedOn: '2026-09-14',
    resolvedOn: change === 'resolved' ? '2026-11-20' : null,
    series,
  };
}

async function main(): Promise<void> {
  const name = `siap_digbench_${process.pid}`;
  const prefix = `benchdig${process.pid}`;
  let received = 0;
  let bytes = 0;
  const ids = new Set<string>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 0,
    onData(stream, _s, cb) {
      let head = '';
      stream.on('data', (d: Buffer) => {
        bytes += d.length;
        if (head.length < 4096) head += d.toString('latin1');
      });
      stream.on('end', () => {
        const m = /^message-id:\s*(\S+)/im.exec(head);
        if (m) ids.add(m[1]);
        received++;
        cb();
      });
    },
  });
  smtp.on('error', () => undefined);
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const port = (smtp.server.address() as { port: number }).port;

  // another bench on the same port would answer our health check instead of our app
  await new Promise<void>((ok, fail) => {
    const probe = createServer().once('error', () => fail(new Error(`port ${APP_PORT} is in use: set BENCH_APP_PORT`)));
    probe.listen(APP_PORT, '127.0.0.1', () => probe.close(() => ok()));
  });
  // the app creates and migrates the database on start; then the fixture goes in directly
  const app = await startApp(dbUrl(name), { QUEUE_PREFIX: prefix, SMTP_URL: `smtp://127.0.0.1:${port}`, LOG_LEVEL: 'error' });
  const c = new Client({ connectionString: dbUrl(name) });
  c.on('error', () => undefined);
  let result: Record<string, unknown>;
  try {
    await c.connect();
    const r = prng(20261128);
    const items = Array.from({ length: ITEMS }, (_, i) => benchItem(r, i));
    const counts = { total: items.length, new: 0, continuing: 0, resolved: 0 } as Record<string, number>;
    for (const i of items) counts[i.change as string]++;
    await c.query(
      `INSERT INTO weekly_reports (week, week_start, week_end, schema_version, rule_set_version, run_id, previous_week, published_at, items, counts)
       VALUES ($1, '2026-11-16', '2026-11-22', 1, 1, NULL, '2026-W46', '2026-11-23T00:05:00Z', $2, $3)`,
      [WEEK, JSON.stringify(items), JSON.stringify(counts)],
    );
    const subs = Array.from({ length: SUBS }, (_, i) => ({
      email: `officer${i}@dinkop.rembangkab.example`,
      name: `Officer ${i}`,
      locale: FILTERED && i % 4 === 0 ? 'en' : 'id',
      districts: FILTERED && i % 3 !== 0 ? [DISTRICTS[i % DISTRICTS.length]] : [],
      markets: FILTERED && i % 5 === 0 ? [MARKETS[i % MARKETS.length]] : [],
    }));
    await c.query(
      `INSERT INTO digest_subscriptions (email, name, locale, districts, markets, created_at, updated_at, created_by)
       SELECT e, n, l, string_to_array(d, ','), string_to_array(m, ','), now() - interval '1 day', now() - interval '1 day', 'bench'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(e, n, l, d, m)`,
      [
        subs.map((s) => s.email),
        subs.map((s) => s.name),
        subs.map((s) => s.locale),
        subs.map((s) => s.districts.join(',')),
        subs.map((s) => s.markets.join(',')),
      ],
    );
    const size = (await c.query<{ kb: number }>(`SELECT (pg_column_size(items) / 1024)::int AS kb FROM weekly_reports WHERE week = $1`, [WEEK])).rows[0].kb;
    log(`snapshot ${WEEK}: ${ITEMS} items (${size} kB stored), ${SUBS} subscribers${FILTERED ? ' (filtered mix)' : ' (unfiltered, id)'}; app pid ${app.pid}`);

    resetPeak(app.pid);
    const mem = sampleRss(app.pid);
    const t0 = performance.now();
    const deadline = Date.now() + TIMEOUT_S * 1000;
    // the request may itself be slow (it creates the deliveries): wait for the mail either way
    let answer = 'no answer';
    let answerS: number | null = null;
    let queued = SUBS;
    const post = request(`${app.url}/api/v1/digests/send`, {
      method: 'POST',
      headers: { ...adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ week: WEEK }),
      timeoutMs: TIMEOUT_S * 1000,
    })
      .then((res) => {
        answerS = (performance.now() - t0) / 1000;
        answer = `${res.status} ${res.body.slice(0, 200)}`;
        if (res.status === 202) queued = (JSON.parse(res.body) as { queued: number }).queued;
        log(`POST /digests/send answered after ${answerS.toFixed(2)} s: ${answer}`);
      })
      .catch((e: Error) => {
        answer = `failed: ${e.message}`;
        log(`POST /digests/send: ${answer}`);
      });
    let lastLog = Date.now();
    while (received < queued && Date.now() < deadline) {
      await new Promise((rs) => setTimeout(rs, 50));
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`${received} received after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const samples = mem.stop();
    if (answerS === null) await Promise.race([post, new Promise((rs) => setTimeout(rs, 1000))]);
    const sent = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM digest_deliveries WHERE status = 'sent'`)).rows[0].n;
    result = {
      subscribers: SUBS,
      items: ITEMS,
      filtered: FILTERED,
      queued,
      received,
      distinctMessageIds: ids.size,
      rowsSent: sent,
      seconds: Number(seconds.toFixed(2)),
      answerSeconds: answerS === null ? null : Number((answerS as number).toFixed(2)),
      answer,
      mbPerMessage: Number((bytes / Math.max(1, received) / 1048576).toFixed(3)),
      totalMb: Math.round(bytes / 1048576),
      peakRssMb: Math.round(peakMb(app.pid)),
      rssSamplesMb: samples.samples.filter((_, i) => i % 8 === 0).map((x) => Math.round(x)),
    };
    log(`${received}/${queued} received in ${seconds.toFixed(1)} s, peak RSS ${result.peakRssMb} MB`);
    console.log(JSON.stringify(result));
  } finally {
    await stop(app.child);
    await c.end().catch(() => undefined);
    await new Promise<void>((r) => smtp.close(() => r()));
    if (!process.env.BENCH_KEEP_DB) await admin((a) => a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await dropQueueKeys(prefix);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
