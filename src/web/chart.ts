import { addDays, weekStart } from '../common/time';
import { html, SafeHtml } from './html';
import { countryName, Lang, num, rupiahShort, tr } from './i18n';

export const PALETTE = ['#0b5d4b', '#a14400', '#1d4ed8', '#7c3aed', '#b42318', '#4b5563'];

export interface ChartInput {
  /** Monday dates, oldest first, covering the window. */
  from: string;
  to: string;
  points: Array<{ week_start: string; market: string; orders: number; value_idr: string }>;
  thresholds?: Array<{ label: string; valueIdr: number }>;
}

const W = 720;
const H = 230;
const PAD = { l: 56, r: 12, t: 14, b: 28 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * Two server-drawn SVG panels: orders per week per market, and the rolling 13-week value per
 * market with the rule set's value thresholds as dashed lines. Every data point is a circle with
 * a <title> (a tooltip on hover or long-press), so the chart needs no script.
 */
export function weeklyChart(lang: Lang, input: ChartInput): SafeHtml {
  const weeks: string[] = [];
  for (let w = weekStart(input.from); w <= input.to; w = addDays(w, 7)) weeks.push(w);
  const totals = new Map<string, number>();
  for (const p of input.points) totals.set(p.market, (totals.get(p.market) ?? 0) + p.orders);
  const markets = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m).slice(0, PALETTE.length);
  const idx = new Map(weeks.map((w, i) => [w, i]));
  const orders = new Map<string, number[]>();
  const values = new Map<string, number[]>();
  for (const m of markets) {
    orders.set(m, new Array(weeks.length).fill(0));
    values.set(m, new Array(weeks.length).fill(0));
  }
  for (const p of input.points) {
    const i = idx.get(p.week_start);
    if (i === undefined || !orders.has(p.market)) continue;
    orders.get(p.market)![i] += p.orders;
    values.get(p.market)![i] += Number(p.value_idr);
  }
  const rolling = new Map<string, number[]>();
  for (const m of markets) {
    const v = values.get(m)!;
    let sum = 0;
    rolling.set(m, v.map((x, i) => ((sum += x - (i >= 13 ? v[i - 13] : 0)), sum)));
  }
  const x = (i: number) => PAD.l + (weeks.length <= 1 ? 0 : (i * (W - PAD.l - PAD.r)) / (weeks.length - 1));
  const monthTicks = weeks.map((w, i) => ({ w, i })).filter(({ w }, k) => k === 0 || w.slice(5, 7) !== weeks[k - 1].slice(5, 7)).filter((_, k) => k % 3 === 0);

  const panel = (id: string, title: string, series: Map<string, number[]>, fmt: (n: number) => string, thresholds: Array<{ label: string; valueIdr: number }>, floor = 1) => {
    const max = niceMax(Math.max(floor, ...[...series.values()].flat(), ...thresholds.map((t) => t.valueIdr * 1.1)));
    const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / max);
    const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
    return html`<figure class="chart" id="${id}"><figcaption><b>${title}</b></figcaption>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-t" data-weeks="${weeks.length}"><title id="${id}-t">${title}</title>
${grid.map((g) => html`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(g).toFixed(1)}" y2="${y(g).toFixed(1)}" stroke="#e5e7eb"/><text x="${PAD.l - 6}" y="${(y(g) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#4b5563">${fmt(g)}</text>`)}
${monthTicks.map(({ w, i }) => html`<text x="${x(i).toFixed(1)}" y="${H - 8}" font-size="11" text-anchor="middle" fill="#4b5563">${w.slice(5, 7)}/${w.slice(2, 4)}</text>`)}
${thresholds.map((t) => html`<g class="threshold" data-value="${t.valueIdr}"><line class="threshold" x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(t.valueIdr).toFixed(1)}" y2="${y(t.valueIdr).toFixed(1)}" stroke="#b42318" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${W - PAD.r - 4}" y="${(y(t.valueIdr) - 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#b42318">${t.label}</text></g>`)}
${markets.map((m, k) => {
  const s = series.get(m)!;
  const pts = s.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return html`<g class="series" data-market="${m}"><polyline fill="none" stroke="${PALETTE[k]}" stroke-width="2" points="${pts}"/>
${s.map((v, i) => (v > 0 ? html`<circle class="pt" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${PALETTE[k]}" data-week="${weeks[i]}" data-value="${v}"><title>${countryName(lang, m)} · ${weeks[i]} · ${fmt(v)}</title></circle>` : ''))}</g>`;
})}
</svg></figure>`;
  };
  return html`<div class="legend">${markets.map((m, k) => html`<span><span aria-hidden="true"><svg width="14" height="14"><rect width="14" height="14" rx="3" fill="${PALETTE[k]}"/></svg></span>${countryName(lang, m)}</span>`)}</div>
${markets.length === 0 ? html`<p class="muted">${tr(lang, 'Belum ada pesanan dalam periode ini.', 'No orders in this period.')}</p>` : ''}
${panel('chart-orders', tr(lang, 'Pesanan per minggu, per negara tujuan', 'Orders per week, per destination'), orders, (n) => num(lang, Math.round(n)), [], 4)}
${panel('chart-value', tr(lang, 'Nilai 13 minggu terakhir (bergulir), dengan ambang aturan', 'Rolling 13-week value, with the rule thresholds'), rolling, (n) => rupiahShort(lang, n), input.thresholds ?? [])}`;
}
