import { Activity, ACTIVITY_TYPES, KpiCounts, KpiMetric, KpiReport, PROGRAMMES } from '../../casework/casework.types';
import { DISTRICTS } from '../../common/reference-data';
import { RUNGS } from '../../pathway/pathway.types';
import { errorSummary, fieldError, FieldErrors, invalidAttrs } from '../forms';
import { html, qs, SafeHtml } from '../html';
import { activityTypeLabel, dateLabel, Lang, monthLabel, num, programmeLabel, rupiah, rungLabel, tr } from '../i18n';
import { csrfField } from '../layout';
import { WebCtx } from '../web-context';

type Ctx = Pick<WebCtx, 'lang' | 'csrf'>;
const pair = (l: Lang, p: [string, string]) => tr(l, p[0], p[1]);
export const activityTypeName = activityTypeLabel;
export const programmeName = programmeLabel;
export const rungName = rungLabel;

export const METRICS: Array<{ key: KpiMetric; label: [string, string]; help: [string, string] }> = [
  {
    key: 'rungUps',
    label: ['UMKM naik kelas', 'Businesses moved up'],
    help: ['pasangan usaha × negara yang naik anak tangga ekspor', 'business × market pairs that climbed a rung'],
  },
  {
    key: 'formalExporters',
    label: ['Eksportir formal', 'Formal exporters'],
    help: ['usaha dengan PEB (lewat PPJK atau sendiri) di akhir periode', 'businesses exporting by PEB at the end of the period'],
  },
  {
    key: 'businessesActive',
    label: ['Usaha aktif ekspor', 'Businesses exporting'],
    help: ['≥ 1 pesanan luar negeri dalam periode', '≥ 1 overseas order in the period'],
  },
  {
    key: 'businessesFlagged',
    label: ['Usaha ditandai siap', 'Businesses flagged ready'],
    help: ['bendera kesiapan aktif dalam periode', 'a readiness flag active in the period'],
  },
  { key: 'businessesVisited', label: ['Usaha dikunjungi', 'Businesses visited'], help: ['≥ 1 kunjungan lapangan', '≥ 1 field visit'] },
  {
    key: 'referrals',
    label: ['Rujukan ke program', 'Programme referrals'],
    help: ['ECP, Desa Devisa, Klinik Ekspor, kurasi', 'ECP, Desa Devisa, Export Clinic, curation'],
  },
];

function delta(l: Lang, now: number, before: number): SafeHtml {
  const d = now - before;
  const cls = d > 0 ? 'up' : d < 0 ? 'down' : 'flat';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  return html`<span class="delta ${cls}">${sign}${num(l, Math.abs(d))} ${tr(l, 'dari periode sebelumnya', 'on the previous period')}</span>`;
}

function metricCard(l: Lang, m: (typeof METRICS)[number], r: KpiReport): SafeHtml {
  const value = r.totals[m.key];
  const target = r.targets[m.key];
  const pct = target ? Math.min(100, Math.round((value / target) * 100)) : null;
  return html`<div class="card kpi">
<h3>${pair(l, m.label)}</h3>
<p class="big num">${num(l, value)}${target !== undefined ? html` <span class="muted">/ ${num(l, target)} ${tr(l, 'target', 'target')}</span>` : ''}</p>
${
  pct !== null
    ? html`<svg class="meter" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="${tr(l, `${pct}% dari target tahun ini`, `${pct}% of this year's target`)}">
<rect width="100" height="6" class="meter-bg"></rect><rect width="${pct}" height="6" class="meter-fill"></rect></svg>`
    : ''
}
<p class="small">${delta(l, value, r.previous.totals[m.key])} · ${pair(l, m.help)}</p>
</div>`;
}

/** Bars per month of one count, in SVG with a text summary; readable on a phone (it scales). */
export function monthlyBars(l: Lang, title: string, months: Array<{ month: string; value: number }>): SafeHtml {
  const W = 640,
    H = 200,
    PAD = { l: 36, r: 8, t: 12, b: 28 };
  const max = Math.max(1, ...months.map((m) => m.value));
  const step = max <= 5 ? 1 : max <= 10 ? 2 : Math.ceil(max / 5);
  const top = Math.ceil(max / step) * step;
  const bw = (W - PAD.l - PAD.r) / Math.max(1, months.length);
  const y = (v: number) => H - PAD.b - ((H - PAD.t - PAD.b) * v) / top;
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  const summary = months.map((m) => `${monthLabel(l, m.month)}: ${num(l, m.value)}`).join('; ');
  return html`<figure class="chart" tabindex="0" aria-label="${title}"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}: ${summary}"><title>${title}</title>
${ticks.map((t) => html`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(t)}" y2="${y(t)}" class="grid"></line><text x="${PAD.l - 6}" y="${y(t) + 4}" text-anchor="end" class="tick">${num(l, t)}</text>`)}
${months.map(
  (m, i) => html`<rect x="${PAD.l + i * bw + bw * 0.15}" y="${y(m.value)}" width="${bw * 0.7}" height="${H - PAD.b - y(m.value)}" class="bar"></rect>
<text x="${PAD.l + i * bw + bw / 2}" y="${H - 10}" text-anchor="middle" class="tick">${monthLabel(l, m.month).slice(0, 3)}</text>`,
)}
</svg><figcaption>${title}</figcaption></figure>`;
}

function countsRow(l: Lang, label: SafeHtml | string, c: KpiCounts): SafeHtml {
  const cols = METRICS.map((m) => html`<td class="num" data-label="${pair(l, m.label)}">${num(l, c[m.key])}</td>`);
  return html`<tr><th scope="row">${label}</th>${cols}<td class="num nowrap" data-label="${tr(l, 'Nilai ekspor', 'Export value')}">${rupiah(l, c.exportValueIdr.total)}</td></tr>`;
}

/** The department's report for a period: figures against the previous period and the targets, by month and kecamatan. */
export function kpiReportView(c: Ctx & { admin: boolean }, r: KpiReport): SafeHtml {
  const l = c.lang;
  const total = Number(r.totals.exportValueIdr.total);
  const formal = Number(r.totals.exportValueIdr.formal);
  const share = total > 0 ? Math.round((formal / total) * 100) : 0;
  const head = html`<tr><th scope="col">${tr(l, 'Kecamatan', 'District')}</th>${METRICS.map((m) => html`<th scope="col" class="num">${pair(l, m.label)}</th>`)}
<th scope="col" class="num">${tr(l, 'Nilai ekspor', 'Export value')}</th></tr>`;
  return html`<div class="report">
<h1>${tr(l, 'Laporan kinerja pembinaan ekspor', 'Export development report')}</h1>
<p class="lead">${tr(l, 'Periode', 'Period')} ${dateLabel(l, r.from)} – ${dateLabel(l, r.to)} · ${tr(l, 'dibanding', 'against')} ${dateLabel(l, r.previous.from)} – ${dateLabel(l, r.previous.to)}</p>
<form method="get" action="/dinas/laporan" class="filters no-print">
<label for="dari">${tr(l, 'Dari', 'From')}</label><input id="dari" name="dari" type="date" value="${r.from}">
<label for="sampai">${tr(l, 'Sampai', 'To')}</label><input id="sampai" name="sampai" type="date" value="${r.to}">
<button type="submit">${tr(l, 'Tampilkan', 'Show')}</button>
<a class="button secondary" href="/dinas/laporan.csv${qs({ dari: r.from, sampai: r.to })}">${tr(l, 'Unduh CSV', 'Download CSV')}</a>
<button type="button" class="secondary" data-print>${tr(l, 'Cetak / PDF', 'Print / PDF')}</button>
</form>
<section class="kpis" aria-label="${tr(l, 'Angka utama', 'Key figures')}">${METRICS.map((m) => metricCard(l, m, r))}</section>
<section><h2>${tr(l, 'Per bulan', 'By month')}</h2>
${monthlyBars(
  l,
  tr(l, 'UMKM naik kelas per bulan', 'Businesses moved up per month'),
  r.byMonth.map((m) => ({ month: m.month, value: m.rungUps })),
)}
${monthlyBars(
  l,
  tr(l, 'Usaha aktif ekspor per bulan', 'Businesses exporting per month'),
  r.byMonth.map((m) => ({ month: m.month, value: m.businessesActive })),
)}
</section>
<section><h2>${tr(l, 'Nilai ekspor menurut jalur', 'Export value by route')}</h2>
<table class="rows"><tbody>
<tr><th scope="row">${tr(l, 'Formal (PEB)', 'Formal (PEB)')}</th><td class="num nowrap">${rupiah(l, formal)}</td><td class="num">${num(l, share)}%</td></tr>
<tr><th scope="row">${tr(l, 'Kiriman langsung (CN, pos, kurir)', 'Direct shipment (CN, post, courier)')}</th><td class="num nowrap">${rupiah(l, r.totals.exportValueIdr.direct)}</td><td class="num">${num(l, total > 0 ? 100 - share : 0)}%</td></tr>
<tr><th scope="row">${tr(l, 'Jumlah', 'Total')}</th><td class="num nowrap">${rupiah(l, total)}</td><td class="num">${total > 0 ? '100%' : '–'}</td></tr>
</tbody></table></section>
<section><h2>${tr(l, 'Per kecamatan', 'By district')}</h2>
<div class="scroll" tabindex="0"><table class="rows"><thead>${head}</thead><tbody>
${r.byDistrict.map((d) => countsRow(l, d.district, d))}
${countsRow(l, html`<strong>${tr(l, 'Kabupaten Rembang', 'Rembang regency')}</strong>`, r.totals)}
</tbody></table></div></section>
<section><h2>${tr(l, 'Usaha yang naik kelas', 'Businesses that moved up')} (${num(l, r.movedUp.length)})</h2>
${
  r.movedUp.length
    ? html`<div class="scroll" tabindex="0"><table class="rows"><thead><tr><th scope="col">${tr(l, 'Usaha', 'Business')}</th><th scope="col">${tr(l, 'Kecamatan', 'District')}</th>
<th scope="col">${tr(l, 'Negara', 'Market')}</th><th scope="col">${tr(l, 'Dari', 'From')}</th><th scope="col">${tr(l, 'Menjadi', 'To')}</th></tr></thead><tbody>
${r.movedUp.map(
  (m) => html`<tr><td data-label="${tr(l, 'Usaha', 'Business')}"><a href="/dinas/usaha/${m.businessId}">${m.businessName}</a></td>
<td data-label="${tr(l, 'Kecamatan', 'District')}">${m.district}</td><td data-label="${tr(l, 'Negara', 'Market')}">${m.market}</td>
<td data-label="${tr(l, 'Dari', 'From')}">${rungName(l, m.from)}</td><td data-label="${tr(l, 'Menjadi', 'To')}"><strong>${rungName(l, m.to)}</strong></td></tr>`,
)}
</tbody></table></div>`
    : html`<p class="muted">${tr(l, 'Belum ada usaha yang naik kelas dalam periode ini.', 'No business moved up in this period.')}</p>`
}
</section>
${c.admin ? targetsForm(c, Number(r.to.slice(0, 4)), r.targets) : ''}
<p class="small muted">${tr(l, 'Angka dihitung dari pesanan yang tidak dibatalkan, bendera kesiapan, kegiatan petugas, dan dokumen yang diverifikasi. Tangga ekspor: ', 'Counts come from non-voided orders, readiness flags, officer activities and verified documents. Export ladder: ')}${RUNGS.map((k) => rungName(l, k)).join(' → ')}.</p>
</div>`;
}

function targetsForm(c: Ctx, year: number, targets: KpiReport['targets']): SafeHtml {
  const l = c.lang;
  return html`<section class="no-print"><h2>${tr(l, `Target tahun ${year}`, `Targets for ${year}`)}</h2>
<form method="post" action="/dinas/laporan/target" class="card">${csrfField(c)}<input type="hidden" name="year" value="${year}">
<label for="t-metric">${tr(l, 'Ukuran', 'Measure')}</label><select id="t-metric" name="metric">${METRICS.map((m) => html`<option value="${m.key}">${pair(l, m.label)}${targets[m.key] !== undefined ? ` (${num(l, targets[m.key]!)})` : ''}</option>`)}</select>
<label for="t-target">${tr(l, 'Target', 'Target')}</label><input id="t-target" name="target" inputmode="numeric" required>
<div class="actions"><button type="submit">${tr(l, 'Simpan target', 'Save target')}</button></div></form></section>`;
}

export interface ActivityFormData {
  business: { id: string; name: string };
  values: Record<string, string>;
  errors?: FieldErrors;
  flags: Array<{ id: string; label: string }>;
  today: string;
}

/** The quick "catat kunjungan" form: few fields, big targets, the date defaulting to today. */
export function activityFormView(c: Ctx, d: ActivityFormData): SafeHtml {
  const l = c.lang;
  const v = (k: string, dflt = '') => d.values[k] ?? dflt;
  const type = v('type', 'visit');
  return html`<h1>${tr(l, 'Catat kegiatan', 'Log an activity')}: ${d.business.name}</h1>
${errorSummary(l, d.errors)}
<form method="post" action="/dinas/usaha/${d.business.id}/kegiatan" class="card big-targets">${csrfField(c)}
<fieldset><legend>${tr(l, 'Jenis kegiatan', 'Kind of activity')}</legend><div class="choices">
${ACTIVITY_TYPES.map((t) => html`<label class="choice"><input type="radio" name="type" value="${t}"${t === type ? html` checked` : ''}> ${activityTypeName(l, t)}</label>`)}
</div>${fieldError(l, d.errors, 'type')}</fieldset>
<label for="a-on">${tr(l, 'Tanggal', 'Date')}</label><input id="a-on" name="on" type="date" value="${v('on', d.today)}" max="${d.today}" required${invalidAttrs(d.errors, 'on')}>${fieldError(l, d.errors, 'on')}
<label for="a-note">${tr(l, 'Catatan', 'Note')}</label><textarea id="a-note" name="note" rows="4"${invalidAttrs(d.errors, 'note')}>${v('note')}</textarea>${fieldError(l, d.errors, 'note')}
<details${d.values.programme || d.values.dueOn || d.values.flagId ? html` open` : ''}><summary>${tr(l, 'Program, bendera, tindak lanjut', 'Programme, flag, follow-up')}</summary>
<label for="a-prog">${tr(l, 'Program (untuk rujukan)', 'Programme (for a referral)')}</label><select id="a-prog" name="programme"${invalidAttrs(d.errors, 'programme')}><option value="">–</option>
${PROGRAMMES.map((p) => html`<option value="${p}"${p === v('programme') ? html` selected` : ''}>${programmeName(l, p)}</option>`)}</select>${fieldError(l, d.errors, 'programme')}
${
  d.flags.length
    ? html`<label for="a-flag">${tr(l, 'Tentang bendera', 'About flag')}</label><select id="a-flag" name="flagId"><option value="">–</option>
${d.flags.map((f) => html`<option value="${f.id}"${f.id === v('flagId') ? html` selected` : ''}>${f.label}</option>`)}</select>${fieldError(l, d.errors, 'flagId')}`
    : ''
}
<label for="a-due">${tr(l, 'Tindak lanjut paling lambat', 'Follow up by')}</label><input id="a-due" name="dueOn" type="date" value="${v('dueOn')}"${invalidAttrs(d.errors, 'dueOn')}>${fieldError(l, d.errors, 'dueOn')}
</details>
<div class="actions"><button type="submit" class="big">${tr(l, 'Simpan', 'Save')}</button> <a href="/dinas/usaha/${d.business.id}">${tr(l, 'Batal', 'Cancel')}</a></div>
</form>`;
}

function activityLine(l: Lang, a: Activity): SafeHtml {
  return html`${activityTypeName(l, a.type)}${a.programme ? html` · ${programmeName(l, a.programme)}` : ''}${a.note ? html` — ${a.note}` : ''}`;
}

/** A business's activity log (for the business page), newest first, with its open follow-ups marked. */
export function activityLogView(c: Ctx, businessId: string, items: Activity[]): SafeHtml {
  const l = c.lang;
  return html`<section id="kegiatan"><h2>${tr(l, 'Kegiatan pembinaan', 'Casework')}</h2>
<p><a class="button" href="/dinas/usaha/${businessId}/kunjungan">${tr(l, 'Catat kunjungan', 'Log a visit')}</a></p>
${
  items.length
    ? html`<ol class="timeline">${items.map(
        (a) => html`<li><strong>${dateLabel(l, a.on)}</strong> ${activityLine(l, a)}
${a.dueOn && !a.doneOn ? html`<br><span class="tag warn">${tr(l, 'tindak lanjut', 'follow up by')} ${dateLabel(l, a.dueOn)}</span>` : ''}
${a.doneOn ? html`<br><span class="tag ok">${tr(l, 'selesai', 'done')} ${dateLabel(l, a.doneOn)}${a.outcome ? html`: ${a.outcome}` : ''}</span>` : ''}</li>`,
      )}</ol>`
    : html`<p class="muted">${tr(l, 'Belum ada kegiatan tercatat.', 'No activity logged yet.')}</p>`
}</section>`;
}

export interface FollowUpsData {
  district?: string;
  /** the officer's kecamatan the overdue list is limited to (from the banner's link), when no kecamatan is chosen */
  scope?: string[];
  overdue: Activity[];
  /** null: the overdue ones only (the banner's link) */
  thisWeek: Activity[] | null;
  today: string;
}

function followUpRows(c: Ctx, items: Activity[], today: string): SafeHtml {
  const l = c.lang;
  if (!items.length) return html`<p class="muted">${tr(l, 'Tidak ada.', 'None.')}</p>`;
  return html`<ul class="follow-ups">${items.map(
    (a) => html`<li class="card">
<p><a href="/dinas/usaha/${a.businessId}#kegiatan"><strong>${a.businessName}</strong></a> · ${a.district} · ${tr(l, 'batas', 'due')} <strong>${dateLabel(l, a.dueOn)}</strong></p>
<p>${activityLine(l, a)}</p>
<form method="post" action="/dinas/kegiatan/${a.id}/selesai" class="inline">${csrfField(c)}<input type="hidden" name="doneOn" value="${today}">
<label for="o-${a.id}">${tr(l, 'Hasil', 'Outcome')}</label><input id="o-${a.id}" name="outcome" maxlength="2000">
<button type="submit">${tr(l, 'Tandai selesai', 'Mark done')}</button></form></li>`,
  )}</ul>`;
}

/** The officer's to-do list: overdue follow-ups first, then this week's. */
export function followUpsView(c: Ctx, d: FollowUpsData): SafeHtml {
  const l = c.lang;
  return html`<h1>${tr(l, 'Tindak lanjut', 'Follow-ups')}</h1>
<form method="get" action="/dinas/tindak-lanjut" class="filters"><label for="f-d">${tr(l, 'Kecamatan', 'District')}</label>
<select id="f-d" name="kecamatan"><option value="">${tr(l, 'Semua', 'All')}</option>${DISTRICTS.map((x) => html`<option${x === d.district ? html` selected` : ''}>${x}</option>`)}</select>
<button type="submit">${tr(l, 'Saring', 'Filter')}</button></form>
${d.scope?.length ? html`<p class="muted">${tr(l, 'Kecamatan Anda (langganan ringkasan)', 'Your districts (digest subscription)')}: ${d.scope.join(', ')} · <a href="/dinas/tindak-lanjut">${tr(l, 'semua tindak lanjut', 'all follow-ups')}</a></p>` : ''}
<section><h2>${tr(l, 'Terlambat', 'Overdue')} (${num(l, d.overdue.length)})</h2>${followUpRows(c, d.overdue, d.today)}</section>
${d.thisWeek ? html`<section><h2>${tr(l, 'Minggu ini', 'This week')} (${num(l, d.thisWeek.length)})</h2>${followUpRows(c, d.thisWeek, d.today)}</section>` : html`<p><a href="/dinas/tindak-lanjut">${tr(l, 'Lihat juga tindak lanjut minggu ini', "See this week's follow-ups too")}</a></p>`}`;
}
