/**
 * Soak traffic against a running Siap Ekspor API: single orders, bulk imports, CSV imports and
 * list/flag/report reads from `concurrency` closed-loop clients for `seconds`, with the API's RSS
 * sampled from /proc/<pid>/status. Used by `test/reliability/soak.spec.ts` (which starts API and
 * worker as child processes, runs a weekly run and a digest send during the traffic and asserts)
 * and by hand against any deployment:
 *
 *   npm run build && SOAK_URL=http://localhost:3000 SOAK_ADMIN_KEY=<admin key> SOAK_SECONDS=180 \
 *     SOAK_API_PID=$(pgrep -f 'dist/src/main.js' | head -1) node dist/scripts/soak.js
 *
 * It creates its own businesses (named `Soak …`) and orders dated in the last 8 weeks; it prints a
 * JSON report (requests/s by type, status counts, errors, RSS samples).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type RequestType = 'order' | 'bulk' | 'csv' | 'list-orders' | 'list-flags' | 'read-report' | 'read-import';

export interface SoakOptions {
  baseUrl: string;
  adminKey: string;
  seconds: number;
  /** Parallel closed-loop clients (default 6). */
  concurrency?: number;
  /** Businesses (with a business key each) to log orders for. */
  businesses: Array<{ id: string; key: string }>;
  /** The API process to sample RSS from (/proc/<pid>/status); omitted: no samples. */
  apiPid?: number;
  sampleEveryMs?: number;
  /** Orders per bulk request and rows per CSV file (default 50 and 100). */
  bulkSize?: number;
  csvRows?: number;
  /** Work started in the background at a fraction of the duration (e.g. a weekly run, a digest send). */
  during?: Array<{ at: number; name: string; run: () => Promise<unknown> }>;
  log?: (line: string) => void;
  /** The server's "now", which order dates are relative to (default: this machine's clock). */
  now?: () => Date;
}

export interface SoakReport {
  seconds: number;
  concurrency: number;
  requests: Record<RequestType, { count: number; perSecond: number; p50Ms: number; p95Ms: number; maxMs: number }>;
  totalRequests: number;
  totalPerSecond: number;
  ordersStored: number;
  statusCounts: Record<string, number>;
  serverErrors: number;
  clientErrors: number;
  networkErrors: number;
  errorSamples: string[];
  rssSamplesKb: number[];
  rss: { firstKb: number; middleMedianKb: number; lastMedianKb: number; maxKb: number; lastOverMiddle: number } | null;
  during: Array<{ name: string; startedAtS: number; finishedAtS: number | null; error?: string }>;
}

// the mix: weights per request type (reads dominate, as in the department's week)
const MIX: Array<[RequestType, number]> = [
  ['order', 30],
  ['bulk', 4],
  ['csv', 3],
  ['list-orders', 25],
  ['list-flags', 20],
  ['read-report', 10],
  ['read-import', 8],
];

export function rssKbOf(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** WIB date `daysAgo` days before `now`, as an order timestamp. */
function orderedAt(now: Date, daysAgo: number): string {
  const d = new Date(now.getTime() + 7 * 3600_000 - daysAgo * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T09:30:00+07:00`;
}

const MARKETS = ['MY', 'SG', 'CN', 'BN'];
function orderRow(ref: string, rnd: () => number, now: Date): Record<string, string | number> {
  return {
    externalRef: ref,
    orderedAt: orderedAt(now, 1 + Math.floor(rnd() * 55)),
    destinationCountry: MARKETS[Math.floor(rnd() * MARKETS.length)],
    buyerRef: `Soak buyer ${Math.floor(rnd() * 12)}`,
    productCategory: 'bag',
    material: rnd() < 0.5 ? 'snakeskin' : 'cowhide',
    quantity: 1 + Math.floor(rnd() * 3),
    amount: (500 + Math.floor(rnd() * 2000)).toFixed(2),
    currency: 'MYR',
    shippingChannel: 'post',
    weightKg: 1.5,
  };
}

const CSV_FIELDS = [
  'externalRef',
  'orderedAt',
  'destinationCountry',
  'buyerRef',
  'productCategory',
  'material',
  'quantity',
  'amount',
  'currency',
  'shippingChannel',
  'weightKg',
];

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const concurrency = o.concurrency ?? 6;
  const bulkSize = o.bulkSize ?? 50;
  const csvRows = o.csvRows ?? 100;
  const log = o.log ?? (() => undefined);
  const now = o.now ?? (() => new Date());
  const latencies = Object.fromEntries(MIX.map(([t]) => [t, [] as number[]])) as Record<RequestType, number[]>;
  const statusCounts: Record<string, number> = {};
  const errorSamples: string[] = [];
  let serverErrors = 0;
  let clientErrors = 0;
  let networkErrors = 0;
  let ordersStored = 0;
  const importIds: string[] = [];
  const rssSamplesKb: number[] = [];
  const started = Date.now();
  const until = started + o.seconds * 1000;
  const admin = { authorization: `Bearer ${o.adminKey}` };
  const noteError = (what: string) => {
    if (errorSamples.length < 20) errorSamples.push(what.slice(0, 300));
  };

  const call = async (type: RequestType, path: string, init: RequestInit & { headers: Record<string, string> }): Promise<unknown> => {
    const t0 = performance.now();
    let res: Response;
    try {
      res = await fetch(`${o.baseUrl}${path}`, init);
    } catch (err) {
      networkErrors++;
      noteError(`${type} ${path}: ${(err as Error).message}`);
      return undefined;
    }
    const text = await res.text().catch(() => '');
    latencies[type].push(performance.now() - t0);
    statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
    if (res.status >= 500) {
      serverErrors++;
      noteError(`${type} ${init.method ?? 'GET'} ${path} → ${res.status} ${text.slice(0, 200)}`);
    } else if (res.status >= 400) {
      clientErrors++;
      noteError(`${type} ${init.method ?? 'GET'} ${path} → ${res.status} ${text.slice(0, 200)}`);
    }
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  };
  /** bulk and CSV answers must reject no row: a rejected row is a client error too */
  const checkBatch = (type: RequestType, body: unknown, expected: number) => {
    const b = body as { accepted?: number; duplicates?: number; rejected?: unknown[] } | undefined;
    if (!b) return;
    ordersStored += b.accepted ?? 0;
    if ((b.rejected?.length ?? 0) > 0 || b.accepted !== expected) {
      clientErrors++;
      noteError(`${type}: accepted ${b.accepted}/${expected}, rejected ${JSON.stringify(b.rejected).slice(0, 200)}`);
    }
  };

  const client = async (vu: number) => {
    let seq = 0;
    let seed = 0x9e3779b9 ^ (vu * 7919);
    const rnd = () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const total = MIX.reduce((s, [, w]) => s + w, 0);
    const run = `${started.toString(36)}-${vu}`;
    while (Date.now() < until) {
      let pick = rnd() * total;
      const type = MIX.find(([, w]) => (pick -= w) < 0)?.[0] ?? 'order';
      const biz = o.businesses[Math.floor(rnd() * o.businesses.length)];
      switch (type) {
        case 'order': {
          const body = await call(type, '/api/v1/orders', {
            method: 'POST',
            headers: { authorization: `Bearer ${biz.key}`, 'content-type': 'application/json' },
            body: JSON.stringify(orderRow(`soak-${run}-${seq++}`, rnd, now())),
          });
          if (body && (body as { id?: string }).id) ordersStored++;
          break;
        }
        case 'bulk': {
          const orders = Array.from({ length: bulkSize }, () => orderRow(`soak-${run}-${seq++}`, rnd, now()));
          checkBatch(
            type,
            await call(type, '/api/v1/orders/bulk', {
              method: 'POST',
              headers: { ...admin, 'content-type': 'application/json' },
              body: JSON.stringify({ businessId: biz.id, orders }),
            }),
            bulkSize,
          );
          break;
        }
        case 'csv': {
          const lines = [CSV_FIELDS.join(',')];
          for (let i = 0; i < csvRows; i++) {
            const r = orderRow(`soak-${run}-${seq++}`, rnd, now());
            lines.push(CSV_FIELDS.map((f) => String(r[f])).join(','));
          }
          const importId = randomUUID();
          const body = await call(type, `/api/v1/orders/import?businessId=${biz.id}&importId=${importId}`, {
            method: 'POST',
            headers: { ...admin, 'content-type': 'text/csv' },
            body: lines.join('\n') + '\n',
          });
          checkBatch(type, body, csvRows);
          if (body) importIds.push(importId);
          break;
        }
        case 'list-orders':
          // half as the business itself, half as staff with filters
          if (rnd() < 0.5) await call(type, '/api/v1/orders?limit=50', { headers: { authorization: `Bearer ${biz.key}` } });
          else await call(type, `/api/v1/orders?businessId=${biz.id}&destinationCountry=MY&limit=100`, { headers: admin });
          break;
        case 'list-flags':
          await call(type, `/api/v1/flags?active=true${rnd() < 0.5 ? '&market=MY' : ''}`, { headers: admin });
          break;
        case 'read-report':
          await call(type, '/api/v1/reports/weekly', { headers: admin });
          break;
        case 'read-import': {
          const id = importIds[Math.floor(rnd() * importIds.length)];
          if (id) await call(type, `/api/v1/orders/imports/${id}`, { headers: admin });
          else await call(type, `/api/v1/businesses/${biz.id}`, { headers: admin });
          break;
        }
      }
    }
  };

  const sampler = o.apiPid
    ? setInterval(() => {
        try {
          rssSamplesKb.push(rssKbOf(o.apiPid!));
        } catch {
          /* process gone: the errors show it */
        }
      }, o.sampleEveryMs ?? 1000)
    : undefined;
  if (o.apiPid) rssSamplesKb.push(rssKbOf(o.apiPid));
  const progress = setInterval(
    () =>
      log(
        `soak: ${Math.round((Date.now() - started) / 1000)} s, ${Object.values(latencies).reduce((s, l) => s + l.length, 0)} requests, ${serverErrors} × 5xx, ${clientErrors} client errors`,
      ),
    15_000,
  );

  const during: SoakReport['during'] = [];
  const background = (o.during ?? []).map(
    (d) =>
      new Promise<void>((resolve) => {
        setTimeout(
          () => {
            const entry: SoakReport['during'][number] = { name: d.name, startedAtS: (Date.now() - started) / 1000, finishedAtS: null };
            during.push(entry);
            d.run().then(
              () => {
                entry.finishedAtS = (Date.now() - started) / 1000;
                resolve();
              },
              (err) => {
                entry.error = err instanceof Error ? err.message : String(err);
                resolve();
              },
            );
          },
          d.at * o.seconds * 1000,
        );
      }),
  );

  try {
    await Promise.all(Array.from({ length: concurrency }, (_, vu) => client(vu)));
    await Promise.all(background);
  } finally {
    if (sampler) clearInterval(sampler);
    clearInterval(progress);
  }
  const elapsed = (Date.now() - started) / 1000;
  const trafficSeconds = Math.min(elapsed, o.seconds);
  const requests = Object.fromEntries(
    MIX.map(([t]) => {
      const l = latencies[t];
      return [
        t,
        {
          count: l.length,
          perSecond: Math.round((l.length / trafficSeconds) * 10) / 10,
          p50Ms: Math.round(pct(l, 50)),
          p95Ms: Math.round(pct(l, 95)),
          maxMs: Math.round(Math.max(0, ...l)),
        },
      ];
    }),
  ) as SoakReport['requests'];
  const totalRequests = Object.values(latencies).reduce((s, l) => s + l.length, 0);
  let rss: SoakReport['rss'] = null;
  if (rssSamplesKb.length >= 6) {
    const third = Math.floor(rssSamplesKb.length / 3);
    const middle = median(rssSamplesKb.slice(third, 2 * third));
    const last = median(rssSamplesKb.slice(2 * third));
    rss = {
      firstKb: rssSamplesKb[0],
      middleMedianKb: middle,
      lastMedianKb: last,
      maxKb: Math.max(...rssSamplesKb),
      lastOverMiddle: Math.round((last / middle) * 1000) / 1000,
    };
  }
  return {
    seconds: Math.round(elapsed),
    concurrency,
    requests,
    totalRequests,
    totalPerSecond: Math.round((totalRequests / trafficSeconds) * 10) / 10,
    ordersStored,
    statusCounts,
    serverErrors,
    clientErrors,
    networkErrors,
    errorSamples,
    rssSamplesKb,
    rss,
    during,
  };
}

/** By hand against a running service (see the header). */
async function main(): Promise<void> {
  const baseUrl = process.env.SOAK_URL ?? 'http://localhost:3000';
  const adminKey = process.env.SOAK_ADMIN_KEY ?? process.env.ADMIN_API_KEY;
  if (!adminKey) throw new Error('set SOAK_ADMIN_KEY (an admin API key)');
  const seconds = Number(process.env.SOAK_SECONDS ?? 180);
  const businesses: Array<{ id: string; key: string }> = [];
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  for (let i = 0; i < Number(process.env.SOAK_BUSINESSES ?? 10); i++) {
    const b = await fetch(`${baseUrl}/api/v1/businesses`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: `Soak ${Date.now().toString(36)} ${i}`, district: 'Lasem', materials: ['snakeskin'] }),
    });
    if (b.status !== 201) throw new Error(`creating a business: ${b.status} ${await b.text()}`);
    const { id } = (await b.json()) as { id: string };
    const k = await fetch(`${baseUrl}/api/v1/businesses/${id}/api-keys`, { method: 'POST', headers, body: '{}' });
    if (k.status !== 201) throw new Error(`creating a business key: ${k.status} ${await k.text()}`);
    businesses.push({ id, key: ((await k.json()) as { key: string }).key });
  }
  const report = await runSoak({
    baseUrl,
    adminKey,
    seconds,
    concurrency: Number(process.env.SOAK_CONCURRENCY ?? 6),
    businesses,
    apiPid: process.env.SOAK_API_PID ? Number(process.env.SOAK_API_PID) : undefined,
    log: (l) => console.error(l),
  });
  console.log(JSON.stringify(report, null, 2));
  if (report.serverErrors || report.clientErrors || report.networkErrors) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
