import { DISTRICTS } from '../../common/reference-data';
import type { weeklyListJson } from '../../reports/weekly-list.view';
import { html, qs, SafeHtml } from '../html';
import { changeLabel, countryName, dateLabel, dateTimeLabel, kindLabel, Lang, materialLabel, num, rupiah, rungLabel, statusLabel, tr } from '../i18n';
import type { WebCtx } from '../web-context';

export type WeeklyList = ReturnType<typeof weeklyListJson>;
type Item = WeeklyList['items'][number];

export interface WeeklyFilters {
  district?: string;
  market?: string;
  kind?: string;
  change?: string;
}

export interface WeeklyData {
  week: string;
  /** Published weeks, newest first. */
  weeks: string[];
  /** The list's envelope with one page of the rows that match the filters. */
  list: WeeklyList;
  /** Rows that match the filters, on every page, and how many of them are of each change. */
  total: number;
  changes: { new: number; continuing: number; resolved: number };
  /** This page (from 1) and the rows per page. */
  page: number;
  pageRows: number;
  /** Every market of the week's list (the market filter's choices). */
  markets: string[];
  filters: WeeklyFilters;
  /** The status of each listed flag now; the list itself keeps the status it had when it was published. */
  live: Map<string, string>;
  /** what needs attention beside the list (documents about to expire), shown under the counts */
  notices?: SafeHtml;
}

/** The CSV download of the same week and filters. */
export function weeklyCsvHref(week: string, f: WeeklyFilters): string {
  return `/dinas/mingguan.csv${qs({ minggu: week, kecamatan: f.district, pasar: f.market, jenis: f.kind, perubahan: f.change })}`;
}

/** The page before any list is published. */
export function noWeeklyListView(c: WebCtx): SafeHtml {
  const l = c.lang;
  return html`<h1>${tr(l, 'Daftar mingguan', 'Weekly list')}</h1><p class="card">${tr(
    l,
    'Belum ada daftar yang terbit. Daftar terbit setiap Senin setelah pemantauan mingguan selesai.',
    'No list has been published yet. A list is published every Monday after the weekly watch run.',
  )}</p>`;
}

function select(l: Lang, name: string, label: string, opts: Array<[string, string]>, cur?: string): SafeHtml {
  const options = opts.map(([v, t]) => html`<option value="${v}"${cur === v ? html` selected` : ''}>${t}</option>`);
  return html`<div><label for="q-${name}">${label}</label>
<select id="q-${name}" name="${name}"><option value="">${tr(l, 'Semua', 'All')}</option>${options}</select></div>`;
}

function filterForm(l: Lang, d: WeeklyData): SafeHtml {
  const f = d.filters;
  const changes = (['new', 'continuing', 'resolved'] as const).map((k): [string, string] => [k, changeLabel(l, k)]);
  return html`<form method="get" action="/dinas/mingguan" class="card filters" data-autosubmit>
${select(
  l,
  'minggu',
  tr(l, 'Minggu', 'Week'),
  d.weeks.map((w) => [w, w]),
  d.week,
)}
${select(
  l,
  'kecamatan',
  tr(l, 'Kecamatan', 'District'),
  DISTRICTS.map((x) => [x, x]),
  f.district,
)}
${select(
  l,
  'pasar',
  tr(l, 'Pasar (negara)', 'Market'),
  d.markets.map((m) => [m, countryName(l, m)]),
  f.market,
)}
${select(
  l,
  'jenis',
  tr(l, 'Jenis', 'Kind'),
  [
    ['readiness', kindLabel(l, 'readiness')],
    ['compliance', kindLabel(l, 'compliance')],
  ],
  f.kind,
)}
${select(l, 'perubahan', tr(l, 'Perubahan', 'Change'), changes, f.change)}
<div><button type="submit">${tr(l, 'Terapkan', 'Apply')}</button></div>
</form>`;
}

/** Why the business is listed: reasons, the heaviest parcel and the wildlife material where there are any. */
function reasons(l: Lang, i: Item): SafeHtml {
  const heaviest =
    i.heaviestParcelKg !== null
      ? html`<li data-heaviest>${tr(l, 'Kiriman terberat', 'Heaviest parcel')}: <span class="num">${num(l, i.heaviestParcelKg)} kg</span></li>`
      : '';
  const wildlife = i.wildlifeMaterials.length
    ? html`<li data-wildlife>${tr(l, 'Bahan satwa liar', 'Wildlife material')}: ${i.wildlifeMaterials.map((m) => materialLabel(l, m)).join(', ')}</li>`
    : '';
  return html`<ul class="reasons">${i.reasons.map((r) => html`<li>${r}</li>`)}${heaviest}${wildlife}</ul>`;
}

/** What to do: the suggested action, then the titles of the paperwork to prepare. */
function action(i: Item): SafeHtml {
  const paperwork = i.checklist.length ? html`<ul class="checklist">${i.checklist.map((x) => html`<li>${x.title}</li>`)}</ul>` : '';
  return html`<b>${i.suggestedActionText}</b>${paperwork}`;
}

/** Both statuses, labelled: the one frozen in the published list and the flag's status now. */
function statuses(l: Lang, i: Item, live: string | undefined): SafeHtml {
  return html`${tr(l, 'Saat terbit', 'At publication')}: <span class="pill ${i.status}">${statusLabel(l, i.status)}</span><br>${tr(l, 'Sekarang', 'Now')}: ${
    live ? html`<span class="pill ${live}">${statusLabel(l, live)}</span>` : '–'
  }`;
}

/** Column headers, Indonesian and English; numbers right-aligned. */
const COLUMNS: Array<[string, string, boolean]> = [
  ['Usaha', 'Business', false],
  ['Pasar · jenis', 'Market · kind', false],
  ['Pesanan minggu ini', 'Orders this week', true],
  ['Pesanan 13 mg', 'Orders 13 wk', true],
  ['Nilai 13 mg', 'Value 13 wk', true],
  ['Pembeli berulang', 'Repeat buyers', true],
  ['Alasan', 'Reasons', false],
  ['Tindakan & dokumen', 'Action & paperwork', false],
  ['Status', 'Status', false],
];

/** Where the pair stands on the export ladder, the rung above, and "naik kelas" when it climbed this week. */
function rungNote(l: Lang, i: Item): SafeHtml {
  if (!i.rung) return html``;
  const up = i.rungChange ? html` <span class="pill ok">${tr(l, 'naik kelas', 'moved up')}</span>` : '';
  const next = i.nextRung ? html` → ${tr(l, 'berikutnya', 'next')}: ${rungLabel(l, i.nextRung)}` : '';
  return html`<br><span class="muted">${tr(l, 'Tangga', 'Ladder')}: ${rungLabel(l, i.rung)}${next}</span>${up}`;
}

/** The week's climbs, flagged or not: "naik kelas" from one rung to a higher one. */
function rungUpsView(l: Lang, ups: WeeklyList['rungUps']): SafeHtml {
  if (!ups?.length) return html``;
  return html`<section class="card" id="naik-kelas"><h2>${tr(l, 'Naik kelas minggu ini', 'Moved up this week')} (${num(l, ups.length)})</h2><ul>${ups.map(
    (u) => html`<li><a href="/dinas/usaha/${u.businessId}">${u.businessName}</a> · ${u.district} · ${countryName(l, u.market)}:
${rungLabel(l, u.from)} → <strong>${rungLabel(l, u.to)}</strong></li>`,
  )}</ul></section>`;
}

function row(l: Lang, i: Item, live: string | undefined): SafeHtml {
  const [who, where, week, orders, value, buyers, why, todo, status] = COLUMNS.map(([id, en]) => tr(l, id, en));
  // on a phone each cell is a grid of its label and its content: a cell of several elements keeps them in one <div>
  const numCell = (label: string, n: string | number) => html`<td data-label="${label}" class="num">${n}</td>`;
  const business = html`<a href="/dinas/usaha/${i.businessId}">${i.businessName}</a><br><span class="muted">${i.district}</span>`;
  return html`<tr data-flag="${i.flagId}"><td data-label="${who}"><div>${business}</div></td>
<td data-label="${where}"><div>${countryName(l, i.market)} · ${kindLabel(l, i.kind)}<br>
<span class="pill ${i.change}">${changeLabel(l, i.change)}</span>${rungNote(l, i)}</div></td>
${numCell(week, i.ordersThisWeek)}${numCell(orders, i.orders13w)}${numCell(value, rupiah(l, i.value13wIdr))}${numCell(buyers, i.repeatBuyers)}
<td data-label="${why}" class="wide">${reasons(l, i)}</td><td data-label="${todo}"><div>${action(i)}</div></td>
<td data-label="${status}"><div>${statuses(l, i, live)}</div></td></tr>`;
}

/** The same week and filters on another page. */
export function weeklyPageHref(week: string, f: WeeklyFilters, pageNo: number): string {
  return `/dinas/mingguan${qs({ minggu: week, kecamatan: f.district, pasar: f.market, jenis: f.kind, perubahan: f.change, halaman: pageNo > 1 ? pageNo : undefined })}`;
}

/** "Rows 101–200 of 6,088", and the previous / next page when there is one. */
function pager(l: Lang, d: WeeklyData): SafeHtml {
  const pages = Math.max(1, Math.ceil(d.total / d.pageRows));
  if (pages === 1) return html``;
  const link = (n: number, id: string, en: string, rel: string) =>
    n >= 1 && n <= pages ? html`<a class="btn secondary" rel="${rel}" href="${weeklyPageHref(d.week, d.filters, n)}">${tr(l, id, en)}</a>` : '';
  return html`<nav class="actions pager" aria-label="${tr(l, 'Halaman daftar', 'List pages')}">${link(d.page - 1, '← Sebelumnya', '← Previous', 'prev')}
<span class="muted">${tr(l, `Halaman ${num(l, d.page)} dari ${num(l, pages)}`, `Page ${num(l, d.page)} of ${num(l, pages)}`)}</span>${link(d.page + 1, 'Berikutnya →', 'Next →', 'next')}</nav>`;
}

/** The published weekly list of one week: counts, filters, the CSV link, and a page of rows, one per business × market. */
export function weeklyView(c: WebCtx, d: WeeklyData): SafeHtml {
  const l = c.lang;
  const items = d.list.items;
  const count = (ch: 'new' | 'continuing' | 'resolved') => num(l, d.changes[ch]);
  const first = (d.page - 1) * d.pageRows + 1;
  const shown =
    items.length && items.length < d.total
      ? tr(l, ` · baris ${num(l, first)}–${num(l, first + items.length - 1)}`, ` · rows ${num(l, first)}–${num(l, first + items.length - 1)}`)
      : '';
  return html`<h1>${tr(l, 'Daftar mingguan', 'Weekly list')} ${d.week}</h1>
<p class="muted">${dateLabel(l, d.list.weekStart)} – ${dateLabel(l, d.list.weekEnd)} · ${tr(l, 'terbit', 'published')} ${dateTimeLabel(l, d.list.publishedAt)}
 · ${tr(l, 'aturan versi', 'rule set version')} ${d.list.ruleSetVersion ?? '–'}</p>
<div class="stats" id="counts"><div><b>${num(l, d.total)}</b>${tr(l, 'usaha × pasar', 'business × market')}</div><div><b>${count('new')}</b>${changeLabel(
    l,
    'new',
  )}</div>
<div><b>${count('continuing')}</b>${changeLabel(l, 'continuing')}</div><div><b>${count('resolved')}</b>${changeLabel(l, 'resolved')}</div></div>
${rungUpsView(l, d.list.rungUps)}
${d.notices ?? ''}
${filterForm(l, d)}
<div class="actions"><a class="btn secondary" href="${weeklyCsvHref(d.week, d.filters)}" download>${tr(l, 'Unduh CSV', 'Download CSV')}</a></div>
<div class="scroll"><table id="weekly" class="rows"><caption class="muted">${tr(l, `${num(l, d.total)} baris`, `${num(l, d.total)} rows`)}${shown}</caption><thead><tr>
${COLUMNS.map(([id, en, n]) => html`<th scope="col"${n ? html` class="n"` : ''}>${tr(l, id, en)}</th>`)}</tr></thead>
<tbody>${items.map((i) => row(l, i, d.live.get(i.flagId)))}</tbody></table></div>
${pager(l, d)}`;
}
