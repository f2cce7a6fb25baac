import { DISTRICTS } from '../../common/reference-data';
import type { weeklyListJson } from '../../reports/weekly-list.view';
import { html, qs, SafeHtml } from '../html';
import { changeLabel, countryName, dateLabel, dateTimeLabel, kindLabel, Lang, materialLabel, num, rupiah, statusLabel, tr } from '../i18n';
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
  /** The list with the filters applied. */
  list: WeeklyList;
  /** Every market of the week's list (the market filter's choices). */
  markets: string[];
  filters: WeeklyFilters;
  /** The status of each listed flag now; the list itself keeps the status it had when it was published. */
  live: Map<string, string>;
}

/** The CSV download of the same week and filters. */
export function weeklyCsvHref(week: string, f: WeeklyFilters): string {
  return `/dinas/mingguan.csv${qs({ minggu: week, kecamatan: f.district, pasar: f.market, jenis: f.kind, perubahan: f.change })}`;
}

/** The page before any list is published. */
export function noWeeklyListView(c: WebCtx): SafeHtml {
  const l = c.lang;
  return html`<h1>${tr(l, 'Daftar mingguan', 'Weekly list')}</h1><p class="card">${tr(l,
    'Belum ada daftar yang terbit. Daftar terbit setiap Senin setelah pemantauan mingguan selesai.',
    'No list has been published yet. A list is published every Monday after the weekly watch run.')}</p>`;
}

function select(l: Lang, name: string, label: string, opts: Array<[string, string]>, cur?: string): SafeHtml {
  const options = opts.map(([v, t]) => html`<option value="${v}"${cur === v ? html` selected` : ''}>${t}</option>`);
  return html`<div><label for="q-${name}">${label}</label><select id="q-${name}" name="${name}"><option value="">${tr(l, 'Semua', 'All')}</option>${options}</select></div>`;
}

function filterForm(l: Lang, d: WeeklyData): SafeHtml {
  const f = d.filters;
  const changes = (['new', 'continuing', 'resolved'] as const).map((k): [string, string] => [k, changeLabel(l, k)]);
  return html`<form method="get" action="/dinas/mingguan" class="card filters" data-autosubmit>
${select(l, 'minggu', tr(l, 'Minggu', 'Week'), d.weeks.map((w) => [w, w]), d.week)}
${select(l, 'kecamatan', tr(l, 'Kecamatan', 'District'), DISTRICTS.map((x) => [x, x]), f.district)}
${select(l, 'pasar', tr(l, 'Pasar (negara)', 'Market'), d.markets.map((m) => [m, countryName(l, m)]), f.market)}
${select(l, 'jenis', tr(l, 'Jenis', 'Kind'), [['readiness', kindLabel(l, 'readiness')], ['compliance', kindLabel(l, 'compliance')]], f.kind)}
${select(l, 'perubahan', tr(l, 'Perubahan', 'Change'), changes, f.change)}
<div><button type="submit">${tr(l, 'Terapkan', 'Apply')}</button></div>
</form>`;
}

/** Why the business is listed and what to prepare: reasons, paperwork titles, heaviest parcel and wildlife material. */
function evidence(l: Lang, i: Item): SafeHtml {
  const heaviest = i.heaviestParcelKg !== null
    ? html`<li data-heaviest>${tr(l, 'Kiriman terberat', 'Heaviest parcel')}: <span class="nowrap">${num(l, i.heaviestParcelKg)} kg</span></li>` : '';
  const wildlife = i.wildlifeMaterials.length
    ? html`<li data-wildlife>${tr(l, 'Bahan satwa liar', 'Wildlife material')}: ${i.wildlifeMaterials.map((m) => materialLabel(l, m)).join(', ')}</li>` : '';
  return html`<ul class="reasons">${i.reasons.map((r) => html`<li>${r}</li>`)}${heaviest}${wildlife}</ul>
${i.checklist.length ? html`<p class="muted">${tr(l, 'Dokumen', 'Paperwork')}:</p><ul class="checklist">${i.checklist.map((x) => html`<li>${x.title}</li>`)}</ul>` : ''}`;
}

/** Both statuses, labelled: the one frozen in the published list and the flag's status now. */
function statuses(l: Lang, i: Item, live: string | undefined): SafeHtml {
  return html`<div data-frozen-status>${tr(l, 'Saat terbit', 'At publication')}: <span class="pill ${i.status}">${statusLabel(l, i.status)}</span></div>
<div data-live-status>${tr(l, 'Sekarang', 'Now')}: ${live ? html`<span class="pill ${live}">${statusLabel(l, live)}</span>` : '–'}</div>`;
}

function row(l: Lang, i: Item, live: string | undefined): SafeHtml {
  return html`<tr data-flag="${i.flagId}"><td><a href="/dinas/usaha/${i.businessId}">${i.businessName}</a></td><td>${i.district}</td><td>${countryName(l, i.market)}</td>
<td>${kindLabel(l, i.kind)}</td><td><span class="pill ${i.change}">${changeLabel(l, i.change)}</span></td><td class="n">${i.ordersThisWeek}</td><td class="n">${i.orders13w}</td>
<td class="n nowrap">${rupiah(l, i.value13wIdr)}</td><td class="n">${i.repeatBuyers}</td><td>${evidence(l, i)}</td><td>${i.suggestedActionText}</td><td>${statuses(l, i, live)}</td></tr>`;
}

/** The published weekly list of one week: counts, filters, the CSV link, and a row per business × market. */
export function weeklyView(c: WebCtx, d: WeeklyData): SafeHtml {
  const l = c.lang;
  const items = d.list.items;
  const count = (ch: string) => items.filter((i) => i.change === ch).length;
  const th = (id: string, en: string, n = false) => html`<th scope="col"${n ? html` class="n"` : ''}>${tr(l, id, en)}</th>`;
  return html`<h1>${tr(l, 'Daftar mingguan', 'Weekly list')} ${d.week}</h1>
<p class="muted">${dateLabel(l, d.list.weekStart)} – ${dateLabel(l, d.list.weekEnd)} · ${tr(l, 'terbit', 'published')} ${dateTimeLabel(l, d.list.publishedAt)}
 · ${tr(l, 'aturan versi', 'rule set version')} ${d.list.ruleSetVersion ?? '–'}</p>
<div class="stats" id="counts"><div><b>${items.length}</b>${tr(l, 'usaha × pasar', 'business × market')}</div><div><b>${count('new')}</b>${changeLabel(l, 'new')}</div>
<div><b>${count('continuing')}</b>${changeLabel(l, 'continuing')}</div><div><b>${count('resolved')}</b>${changeLabel(l, 'resolved')}</div></div>
${filterForm(l, d)}
<div class="actions"><a class="btn secondary" href="${weeklyCsvHref(d.week, d.filters)}" download>${tr(l, 'Unduh CSV', 'Download CSV')}</a></div>
<div class="scroll"><table id="weekly"><caption class="muted">${tr(l, `${items.length} baris`, `${items.length} rows`)}</caption><thead><tr>
${th('Usaha', 'Business')}${th('Kecamatan', 'District')}${th('Pasar', 'Market')}${th('Jenis', 'Kind')}${th('Perubahan', 'Change')}
${th('Pesanan minggu ini', 'Orders this week', true)}${th('Pesanan 13 mg', 'Orders 13 wk', true)}${th('Nilai 13 mg', 'Value 13 wk', true)}${th('Pembeli berulang', 'Repeat buyers', true)}
${th('Alasan & dokumen', 'Reasons & paperwork')}${th('Saran tindakan', 'Suggested action')}${th('Status', 'Status')}</tr></thead>
<tbody>${items.map((i) => row(l, i, d.live.get(i.flagId)))}</tbody></table></div>`;
}
