import type { MonthlyCapacity } from '../../businesses/dto/capacity';
import { PRODUCT_CATEGORIES } from '../../common/reference-data';
import type { ScorecardDto, ScorecardMonthDto } from '../../scorecard/dto/scorecard.dto';
import { axisTicks } from '../chart';
import { errorSummary, fieldError, FieldErrors, invalidAttrs } from '../forms';
import { dataTable, html, SafeHtml } from '../html';
import { categoryLabel, Lang, monthLabel, num, percent, rupiah, rupiahShort, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

const W = 360;
const H = 200;
const PAD = { l: 44, r: 8, t: 12, b: 24 };

interface BarPanel {
  id: string;
  title: string;
  values: number[];
  /** the target (value panel) or the capacity (units panel); null: no line */
  line: number | null;
  lineLabel: string;
  fmt: (n: number) => string;
  integers: boolean;
  summary: string;
}

/**
 * Twelve monthly bars with one dashed line, drawn small (360 × 200) so the SVG scales down to a
 * 390 px phone without sideways scrolling (class bars: no minimum width, unlike the weekly chart); each bar carries a <title> with its month and figure.
 */
function bars(l: Lang, months: ScorecardMonthDto[], p: BarPanel): SafeHtml {
  const ticks = axisTicks(Math.max(1, ...p.values, (p.line ?? 0) * 1.1), p.integers, 4);
  const max = ticks[ticks.length - 1];
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / max);
  const slot = (W - PAD.l - PAD.r) / months.length;
  const f1 = (n: number) => n.toFixed(1);
  const axis = (tx: number, ty: number, anchor: string, text: string) =>
    html`<text x="${f1(tx)}" y="${f1(ty)}" font-size="10" text-anchor="${anchor}" fill="#4b5563">${text}</text>`;
  return html`<figure class="bars" id="${p.id}"><figcaption><b>${p.title}</b></figcaption>
<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${p.id}-t ${p.id}-d" data-bars="${months.length}">
<title id="${p.id}-t">${p.title}</title><desc id="${p.id}-d">${p.summary}</desc>
${ticks.map((g) => html`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${f1(y(g))}" y2="${f1(y(g))}" stroke="#e5e7eb"/>${axis(PAD.l - 4, y(g) + 3, 'end', p.fmt(g))}`)}
${months.map((m, i) => {
  const v = p.values[i];
  const x = PAD.l + i * slot + slot * 0.15;
  const hit = p.line !== null && v >= p.line;
  return html`<rect class="bar" x="${f1(x)}" y="${f1(y(v))}" width="${f1(slot * 0.7)}" height="${f1(y(0) - y(v))}" fill="${hit ? '#0b5d4b' : '#7fa89e'}"
 data-month="${m.month}" data-value="${v}"><title>${monthLabel(l, m.month)} · ${p.fmt(v)}</title></rect>
${i % 2 === 0 ? axis(PAD.l + i * slot + slot / 2, H - 8, 'middle', `${m.month.slice(5, 7)}/${m.month.slice(2, 4)}`) : ''}`;
})}
${
  p.line === null
    ? ''
    : html`<g class="threshold" data-value="${p.line}"><line x1="${PAD.l}" x2="${W - PAD.r}" y1="${f1(y(p.line))}" y2="${f1(y(p.line))}"
 stroke="#b42318" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${W - PAD.r - 2}" y="${f1(Math.max(PAD.t + 9, y(p.line) - 3))}" font-size="10"
 text-anchor="end" fill="#b42318" stroke="#fff" stroke-width="3" paint-order="stroke">${p.lineLabel}</text></g>`
}
</svg></figure>`;
}

const K_NAMES: Array<['kualitas' | 'kuantitas' | 'kontinuitas', string, string]> = [
  ['kualitas', 'Kualitas (pembeli berulang)', 'Kualitas (quality: repeat buyers)'],
  ['kuantitas', 'Kuantitas (nilai per bulan)', 'Kuantitas (quantity: value a month)'],
  ['kontinuitas', 'Kontinuitas (bulan berpesanan)', 'Kontinuitas (continuity: months with orders)'],
];

/** A K's value or target in its own unit: a share, rupiah, or months. */
function kFigure(l: Lang, k: string, v: number | null): string {
  if (k === 'kualitas') return percent(l, v, 0);
  if (k === 'kuantitas') return rupiah(l, v);
  return v === null ? '–' : tr(l, `${num(l, v)} bulan`, `${num(l, v)} months`);
}

/** The 3K scorecard: value bars against the monthly target, unit bars against the declared capacity, and the three K's. */
export function scorecardView(l: Lang, s: ScorecardDto): SafeHtml {
  const m = s.months;
  const target = m[0]?.targetValueIdr ?? 0;
  const capacity = m[0]?.capacityUnits ?? null;
  const total = (f: (x: ScorecardMonthDto) => number) => m.reduce((a, x) => a + f(x), 0);
  const rows = K_NAMES.map(([k, id, en]) => ({ k, name: tr(l, id, en), ...s[k] }));
  const table = dataTable<(typeof rows)[number]>(
    [
      { label: 'K', cell: (r) => html`<b>${r.name}</b>` },
      { label: tr(l, 'Nilai', 'Value'), cell: (r) => kFigure(l, r.k, r.value), num: true },
      { label: tr(l, 'Target', 'Target'), cell: (r) => kFigure(l, r.k, r.target), num: true },
      {
        label: tr(l, 'Tercapai', 'Met'),
        cell: (r) => html`<span data-k="${r.k}" data-hit="${String(r.hit)}">${r.hit ? tr(l, '✔ ya', '✔ yes') : tr(l, '✘ belum', '✘ not yet')}</span>`,
      },
      { label: tr(l, 'Alasan', 'Reason'), cell: (r) => r.reason },
    ],
    rows,
    { id: 'k3' },
  );
  const span = m.length ? `${monthLabel(l, m[0].month)} – ${monthLabel(l, m[m.length - 1].month)}` : '';
  return html`<section class="card" id="scorecard" aria-labelledby="scorecard-h"><h2 id="scorecard-h">${tr(l, 'Rapor 3K, 12 bulan', '3K scorecard, 12 months')}</h2>
<p class="muted">${span} · ${tr(l, 'per', 'as of')} ${s.asOf} (WIB)</p>
<div class="cols">${bars(l, m, {
    id: 'sc-value',
    title: tr(l, 'Nilai per bulan terhadap target', 'Value a month against the target'),
    values: m.map((x) => x.valueIdr),
    line: target,
    lineLabel: tr(l, `target ${rupiahShort(l, target)}`, `target ${rupiahShort(l, target)}`),
    fmt: (n) => rupiahShort(l, n),
    integers: false,
    summary: tr(
      l,
      `Total 12 bulan ${rupiah(
        l,
        total((x) => x.valueIdr),
      )}; target ${rupiah(l, target)} per bulan.`,
      `12-month total ${rupiah(
        l,
        total((x) => x.valueIdr),
      )}; target ${rupiah(l, target)} a month.`,
    ),
  })}${bars(l, m, {
    id: 'sc-units',
    title: tr(l, 'Unit per bulan terhadap kapasitas', 'Units a month against capacity'),
    values: m.map((x) => x.units),
    line: capacity,
    lineLabel: tr(l, `kapasitas ${num(l, capacity)}`, `capacity ${num(l, capacity)}`),
    fmt: (n) => num(l, n),
    integers: true,
    summary:
      capacity === null
        ? tr(
            l,
            `Total ${num(
              l,
              total((x) => x.units),
            )} unit; kapasitas belum dinyatakan.`,
            `${num(
              l,
              total((x) => x.units),
            )} units in all; no capacity declared.`,
          )
        : tr(
            l,
            `Total ${num(
              l,
              total((x) => x.units),
            )} unit; kapasitas ${num(l, capacity)} per bulan.`,
            `${num(
              l,
              total((x) => x.units),
            )} units in all; capacity ${num(l, capacity)} a month.`,
          ),
  })}</div>
${capacity === null ? html`<p class="muted">${tr(l, 'Kapasitas bulanan belum dinyatakan.', 'No monthly capacity declared.')}</p>` : ''}
${table}</section>`;
}

/** The form field of one product category. */
export const capField = (cat: string): string => `cap_${cat}`;

/** The declared capacity form (one whole number per product category; empty: not declared). */
export function capacityForm(
  c: WebCtx,
  action: string,
  current: MonthlyCapacity,
  state?: { errors: FieldErrors; values: Record<string, string | string[]> },
): SafeHtml {
  const l = c.lang;
  const errors = state?.errors;
  const value = (cat: string) => {
    const typed = state?.values[capField(cat)];
    return typeof typed === 'string' ? typed : String(current[cat as keyof MonthlyCapacity] ?? '');
  };
  return html`<details class="card" id="kapasitas"${state ? html` open` : ''}><summary>${tr(l, 'Kapasitas produksi per bulan', 'Monthly production capacity')}</summary>
<form method="post" action="${action}">${csrfField(c)}${errorSummary(l, errors)}
<p class="muted">${tr(l, 'Unit per bulan yang sanggup dibuat, per jenis produk; kosongkan bila tidak dibuat.', 'Units a month you can make, per product; leave empty if you do not make it.')}</p>
<div class="cols">${PRODUCT_CATEGORIES.map(
    (cat) => html`<div><label for="${capField(cat)}">${categoryLabel(l, cat)}</label>
<input id="${capField(cat)}" name="${capField(cat)}" inputmode="numeric" value="${value(cat)}"${invalidAttrs(errors, capField(cat))}>
${fieldError(l, errors, capField(cat))}</div>`,
  )}</div>
<div class="actions"><button type="submit">${tr(l, 'Simpan kapasitas', 'Save capacity')}</button></div></form></details>`;
}
