/**
 * `node dist/bench/curves.js [smoke|small]` — draws the weekly run's scaling curves from the results
 * files of separate bench runs (each size runs in its own process: 5,000 and 50,000 businesses do
 * not fit in one run), so they combine the small, full and province runs that are present:
 *
 *   bench/scale-businesses.svg  full weekly run time vs businesses (one point per results file)
 *   bench/scale-history.svg     full weekly run time vs orders in the database (each file's curve)
 *
 * With `smoke` or `small` the file of that size is included too and the charts are written as
 * bench/scale-*.<size>.svg (not committed). `npm run bench` calls this at the end of every run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { frame } from './chart';

const ROOT = process.cwd();
const COLORS = ['#c0392b', '#2471a3', '#27ae60', '#8e44ad', '#d35400'];

interface Point {
  x: number;
  y: number;
  tip: string;
}
interface Series {
  label: string;
  points: Point[];
}
interface Results {
  size: string;
  at?: string;
  config?: { businesses: number };
  weeklyFull?: { businesses: number; orders: number; seconds: number; baselineSeconds: number };
  weeklyCurve?: Array<{ orders: number; seconds: number | null; baselineSeconds: number | null }>;
  rows?: Array<{ path: string; figure: string; baseline: string; volume: string }>;
}

const num = (s: string) => Number(s.replace(/,/g, ''));
const short = (v: number) => (v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : String(v));

/** The full weekly run of a results file: the numbers when recorded, else read from row 4. */
function fullRun(r: Results): { businesses: number; orders: number; seconds: number; baselineSeconds: number | null } | undefined {
  if (r.weeklyFull) return r.weeklyFull;
  const row = r.rows?.find((x) => x.path.startsWith('4 full weekly run'));
  const m = row && /([\d,]+) businesses, ([\d,]+) orders/.exec(row.volume);
  if (!row || !m || Number.isNaN(parseFloat(row.figure))) return undefined;
  const base = parseFloat(row.baseline);
  return { businesses: num(m[1]), orders: num(m[2]), seconds: parseFloat(row.figure), baselineSeconds: Number.isNaN(base) ? null : base };
}

export function seriesSvg(o: { title: string; xLabel: string; series: Series[] }): string {
  const [W, H, L, B, T, R] = [520, 300, 56, 40, 30, 24];
  const all = o.series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  const lo = Math.log10(Math.max(1, Math.min(...xs, 1e9)) / 1.5);
  const hi = Math.log10(Math.max(10, ...xs) * 1.5);
  const yMax = Math.max(0.001, ...all.map((p) => p.y)) * 1.15;
  const x = (v: number) => L + ((Math.log10(v) - lo) / (hi - lo)) * (W - L - R);
  const y = (v: number) => H - B - (v / yMax) * (H - B - T);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const lines = o.series
    .map((s, i) => {
      const c = COLORS[i % COLORS.length];
      const pts = [...s.points].sort((a, b) => a.x - b.x);
      const legend = `<text x="${L + 10}" y="${T + 14 * i}" font-size="11" fill="${c}">${esc(s.label)}${pts.length ? '' : ': not available'}</text>`;
      if (!pts.length) return legend;
      const d = pts.map((p, k) => `${k ? 'L' : 'M'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
      const dots = pts
        .map((p) => `<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3" fill="${c}"><title>${esc(p.tip)}</title></circle>`)
        .join('');
      return `<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/>${dots}${legend}`;
    })
    .join('\n');
  const ticksX = [...new Set(xs)]
    .sort((a, b) => a - b)
    .map((v) => `<text x="${x(v).toFixed(1)}" y="${H - B + 16}" font-size="10" text-anchor="middle">${short(v)}</text>`)
    .join('');
  return frame({ box: { W, H, L, B, T, R }, y, yMax, title: esc(o.title), xLabel: `${esc(o.xLabel)} (log scale)`, ticksX, body: lines });
}

/** Reads the results files present and writes both charts; returns the files written. */
export function writeCurves(variant?: 'smoke' | 'small'): string[] {
  const names = [...(variant === 'smoke' ? ['results.smoke.json'] : []), 'results.small.json', 'results.json', 'results.province.json'];
  const files = names
    .map((n) => join(ROOT, 'bench', n))
    .filter((f) => existsSync(f))
    .map((f) => ({ f, r: JSON.parse(readFileSync(f, 'utf8')) as Results }))
    .filter(({ r }) => !(r as { partial?: boolean }).partial);
  const src = (f: string) => f.slice(f.lastIndexOf('/') + 1);

  const product: Point[] = [];
  const sql: Point[] = [];
  const history: Series[] = [];
  for (const { f, r } of files) {
    const full = fullRun(r);
    if (full) {
      const tip = `${full.businesses.toLocaleString('en-US')} businesses, ${full.orders.toLocaleString('en-US')} orders (${src(f)}, ${r.at ?? '?'})`;
      product.push({ x: full.businesses, y: full.seconds, tip: `${tip}: ${full.seconds.toFixed(2)} s` });
      if (full.baselineSeconds !== null)
        sql.push({ x: full.businesses, y: full.baselineSeconds, tip: `${tip}: SQL aggregate ${full.baselineSeconds.toFixed(2)} s` });
    }
    const pts = (r.weeklyCurve ?? []).filter((p) => p.seconds !== null);
    const businesses = full?.businesses ?? r.config?.businesses;
    if (pts.length && businesses)
      history.push({
        label: `${businesses.toLocaleString('en-US')} businesses (${src(f)})`,
        points: pts.map((p) => ({
          x: p.orders,
          y: p.seconds!,
          tip: `${p.orders.toLocaleString('en-US')} orders: ${p.seconds!.toFixed(2)} s (${src(f)}, ${r.at ?? '?'})`,
        })),
      });
  }
  const suffix = variant ? `.${variant}` : '';
  const out = [join(ROOT, 'bench', `scale-businesses${suffix}.svg`), join(ROOT, 'bench', `scale-history${suffix}.svg`)];
  writeFileSync(
    out[0],
    seriesSvg({
      title: 'Full weekly run vs businesses (one bench run per size)',
      xLabel: 'businesses',
      series: [
        { label: 'POST /watch/runs (full run)', points: product },
        { label: 'hand-written SQL aggregate', points: sql },
      ],
    }),
  );
  writeFileSync(out[1], seriesSvg({ title: 'Full weekly run vs orders in the database', xLabel: 'orders', series: history }));
  return out;
}

if (require.main === module) {
  const v = process.argv[2];
  if (v !== undefined && v !== 'smoke' && v !== 'small') throw new Error('usage: node dist/bench/curves.js [smoke|small]');
  for (const f of writeCurves(v)) console.log(`wrote ${f}`);
}
