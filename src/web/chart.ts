import { addDays, weekStart } from '../common/time';
import { html, SafeHtml } from './html';
import { countryName, dateLabel, Lang, num, rupiah, rupiahShort, tr } from './i18n';

export const PALETTE = ['#0b5d4b', '#a14400', '#1d4ed8', '#7c3aed', '#b42318', '#4b5563'];

export interface ChartThreshold {
  label: string;
  valueIdr: number;
}
export interface ChartInput {
  /** Monday dates, oldest first, covering the window. */
  from: string;
  to: string;
  points: Array<{ week_start: string; market: string; orders: number; value_idr: string }>;
  thresholds?: ChartThreshold[];
}

const W = 720;
const H = 230;
const PAD = { l: 56, r: 12, t: 14, b: 28 };
/** Vertical room one threshold label takes (11 px text and a little air). */
const LABEL_H = 13;

/**
 * Y-axis ticks from 0 to the first nice value at or above `max`, about `target` steps of 1, 2, 2.5 or 5 × 10ⁿ.
 * With `integers` (counts) a step is never a fraction: axisTicks(10, true) → [0, 2, 4, 6, 8, 10].
 */
export function axisTicks(max: number, integers: boolean, target = 5): number[] {
  const top = Math.max(max, integers ? 1 : Number.MIN_VALUE);
  const raw = top / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 2.5, 5, 10].map((m) => m * p).filter((s) => !integers || Number.isInteger(s));
  const step = Math.max(integers ? 1 : 0, steps.find((s) => s >= raw) ?? 10 * p);
  const n = Math.ceil(top / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

/**
 * Where each threshold's label sits (SVG y of its baseline), above its line unless a label above it
 * already took that room: then just below the previous one, so two close thresholds never overlap.
 */
export function thresholdLabelYs(lineYs: number[], top = PAD.t): number[] {
  const order = lineYs.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = new Array<number>(lineYs.length);
  let prev = -Infinity;
  for (const { y, i } of order) {
    const want = Math.max(top + LABEL_H - 4, y - 4);
    const at = want - prev < LABEL_H ? prev + LABEL_H : want;
    out[i] = at;
    prev = at;
  }
  return out;
}

type Series = Map<string, number[]>;
interface Panel {
  id: string;
  title: string;
  series: Series;
  fmt: (n: number) => string;
  integers: boolean;
  floor: number;
  thresholds: ChartThreshold[];
  summary: string;
}

function drawPanel(lang: Lang, weeks: string[], markets: string[], p: Panel): SafeHtml {
  const ticks = axisTicks(Math.max(p.floor, ...[...p.series.values()].flat(), ...p.thresholds.map((t) => t.valueIdr * 1.1)), p.integers);
  const max = ticks[ticks.length - 1];
  const x = (i: number) => PAD.l + (weeks.length <= 1 ? 0 : (i * (W - PAD.l - PAD.r)) / (weeks.length - 1));
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / max);
  const f1 = (n: number) => n.toFixed(1);
  const monthTicks = weeks
    .map((w, i) => ({ w, i }))
    .filter(({ w }, k) => k === 0 || w.slice(5, 7) !== weeks[k - 1].slice(5, 7))
    .filter((_, k) => k % 3 === 0);
  const labelYs = thresholdLabelYs(p.thresholds.map((t) => y(t.valueIdr)));
  const axisText = (tx: number, ty: number, anchor: string, text: string) =>
    html`<text x="${f1(tx)}" y="${f1(ty)}" font-size="11" text-anchor="${anchor}" fill="#4b5563">${text}</text>`;
  // tabindex: on a phone the figure scrolls sideways, and a scrolling region must be reachable by keyboard
  return html`<figure class="chart" id="${p.id}" tabindex="0"><figcaption><b>${p.title}</b></figcaption>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${p.id}-t ${p.id}-d" data-weeks="${weeks.length}" data-ticks="${ticks.join(' ')}">
<title id="${p.id}-t">${p.title}</title><desc id="${p.id}-d">${p.summary}</desc>
${ticks.map(
  (g) => html`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${f1(y(g))}" y2="${f1(y(g))}" stroke="#e5e7eb"/>
${axisText(PAD.l - 6, y(g) + 4, 'end', p.fmt(g))}`,
)}
${monthTicks.map(({ w, i }) => axisText(x(i), H - 8, 'middle', `${w.slice(5, 7)}/${w.slice(2, 4)}`))}
${p.thresholds.map(
  (t, k) => html`<g class="threshold" data-value="${t.valueIdr}">
<line class="threshold" x1="${PAD.l}" x2="${W - PAD.r}" y1="${f1(y(t.valueIdr))}" y2="${f1(y(t.valueIdr))}"
 stroke="#b42318" stroke-width="1.5" stroke-dasharray="6 4"/>
<text x="${W - PAD.r - 4}" y="${f1(labelYs[k])}" font-size="11" text-anchor="end" fill="#b42318"
 stroke="#fff" stroke-width="3" paint-order="stroke">${t.label}</text></g>`,
)}
${markets.map((m, k) => {
  const s = p.series.get(m)!;
  const pts = s.map((v, i) => `${f1(x(i))},${f1(y(v))}`).join(' ');
  return html`<g class="series" data-market="${m}"><polyline fill="none" stroke="${PALETTE[k]}" stroke-width="2" points="${pts}"/>
${s.map((v, i) =>
  v > 0
    ? html`<circle class="pt" cx="${f1(x(i))}" cy="${f1(y(v))}" r="3" fill="${PALETTE[k]}" data-week="${weeks[i]}" data-value="${v}">
<title>${countryName(lang, m)} · ${weeks[i]} · ${p.fmt(v)}</title></circle>`
    : '',
)}</g>`;
})}
</svg></figure>`;
}

/** One sentence a screen reader reads for a panel: the window, then each market's figure. */
function summarise(lang: Lang, weeks: string[], markets: string[], per: (m: string) => string): string {
  if (!weeks.length) return tr(lang, 'Tidak ada minggu dalam periode ini.', 'No weeks in this period.');
  const span = tr(
    lang,
    `${weeks.length} minggu, ${dateLabel(lang, weeks[0])} sampai ${dateLabel(lang, weeks[weeks.length - 1])}`,
    `${weeks.length} weeks, ${dateLabel(lang, weeks[0])} to ${dateLabel(lang, weeks[weeks.length - 1])}`,
  );
  if (!markets.length) return `${span}. ${tr(lang, 'Belum ada pesanan.', 'No orders yet.')}`;
  return `${span}. ${markets.map((m) => `${countryName(lang, m)}: ${per(m)}`).join('; ')}.`;
}

/**
 * Two server-drawn SVG panels: orders per week per market, and the rolling 13-week value per
 * market with the rule set's value thresholds as dashed lines. Every data point is a circle with
 * a <title> (a tooltip on hover or long-press), so the chart needs no script; each panel is one
 * image to a screen reader, named by its title and described by a summary of the figures.
 */
export function weeklyChart(lang: Lang, input: ChartInput): SafeHtml {
  const weeks: string[] = [];
  for (let w = weekStart(input.from); w <= input.to; w = addDays(w, 7)) weeks.push(w);
  const totals = new Map<string, number>();
  for (const p of input.points) totals.set(p.market, (totals.get(p.market) ?? 0) + p.orders);
  const markets = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([m]) => m)
    .slice(0, PALETTE.length);
  const idx = new Map(weeks.map((w, i) => [w, i]));
  const orders: Series = new Map(markets.map((m) => [m, new Array<number>(weeks.length).fill(0)]));
  const values: Series = new Map(markets.map((m) => [m, new Array<number>(weeks.length).fill(0)]));
  for (const p of input.points) {
    const i = idx.get(p.week_start);
    if (i === undefined || !orders.has(p.market)) continue;
    orders.get(p.market)![i] += p.orders;
    values.get(p.market)![i] += Number(p.value_idr);
  }
  const rolling: Series = new Map();
  for (const m of markets) {
    const v = values.get(m)!;
    let sum = 0;
    rolling.set(
      m,
      v.map((x, i) => ((sum += x - (i >= 13 ? v[i - 13] : 0)), sum)),
    );
  }
  const thresholds = input.thresholds ?? [];
  const orderSummary = summarise(lang, weeks, markets, (m) => {
    const s = orders.get(m)!;
    const total = s.reduce((a, b) => a + b, 0);
    return tr(
      lang,
      `${num(lang, total)} pesanan, paling banyak ${num(lang, Math.max(...s))} per minggu`,
      `${num(lang, total)} orders, at most ${num(lang, Math.max(...s))} a week`,
    );
  });
  const valueSummary =
    summarise(lang, weeks, markets, (m) => {
      const s = rolling.get(m)!;
      return tr(lang, `nilai 13 minggu terakhir ${rupiah(lang, s[s.length - 1] ?? 0)}`, `last 13-week value ${rupiah(lang, s[s.length - 1] ?? 0)}`);
    }) + thresholds.map((t) => ` ${t.label}: ${rupiah(lang, t.valueIdr)}.`).join('');
  const swatch = (k: number) =>
    html`<span aria-hidden="true"><svg width="14" height="14"><rect width="14" height="14" rx="3" fill="${PALETTE[k]}"/></svg></span>`;
  return html`<div class="legend">${markets.map((m, k) => html`<span>${swatch(k)}${countryName(lang, m)}</span>`)}</div>
${markets.length === 0 ? html`<p class="muted">${tr(lang, 'Belum ada pesanan dalam periode ini.', 'No orders in this period.')}</p>` : ''}
${drawPanel(lang, weeks, markets, {
  id: 'chart-orders',
  title: tr(lang, 'Pesanan per minggu, per negara tujuan', 'Orders per week, per destination'),
  series: orders,
  fmt: (n) => num(lang, n),
  integers: true,
  floor: 4,
  thresholds: [],
  summary: orderSummary,
})}
${drawPanel(lang, weeks, markets, {
  id: 'chart-value',
  title: tr(lang, 'Nilai 13 minggu terakhir (bergulir), dengan ambang aturan', 'Rolling 13-week value, with the rule thresholds'),
  series: rolling,
  fmt: (n) => rupiahShort(lang, n),
  integers: false,
  floor: 1,
  thresholds,
  summary: valueSummary,
})}`;
}
