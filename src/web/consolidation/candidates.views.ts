import type { Candidate, CandidateMember } from '../../consolidation/consolidation.types';
import { JOINT_PAGES } from '../../consolidation/consolidation.types';
import { dataTable, html, SafeHtml } from '../html';
import { countryName, dateLabel, jointRouteLabel, Lang, materialLabel, num, percent, rungLabel, rupiah, rupiahShort, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

type Ctx = Pick<WebCtx, 'lang' | 'csrf'>;

export interface CandidatesPage {
  asOf: string;
  market: string | null;
  /** Markets to offer in the filter (the candidates' and the common ones). */
  markets: string[];
  items: Candidate[];
}

const kg = (l: Lang, v: number) => `${num(l, Math.round(v * 10) / 10)} kg`;

/** The name prefilled in the "form a group" form. */
export function groupName(l: Lang, c: Pick<Candidate, 'market' | 'material'>): string {
  return tr(
    l,
    `Ekspor bersama ${materialLabel(l, c.material)} ke ${countryName(l, c.market)}`,
    `Joint export of ${materialLabel(l, c.material)} to ${countryName(l, c.market)}`,
  );
}

function filters(c: Ctx, p: CandidatesPage): SafeHtml {
  const l = c.lang;
  const opts = p.markets.map((m) => html`<option value="${m}"${m === p.market ? html` selected` : ''}>${countryName(l, m)} (${m})</option>`);
  return html`<form method="get" action="${JOINT_PAGES.candidates}" class="filters">
<div><label for="f-asof">${tr(l, 'Per tanggal', 'As of')}</label><input id="f-asof" type="date" name="asOf" value="${p.asOf}"></div>
<div><label for="f-market">${tr(l, 'Pasar', 'Market')}</label><select id="f-market" name="market"><option value="">${tr(l, 'Semua', 'All')}</option>${opts}</select></div>
<div><button type="submit">${tr(l, 'Tampilkan', 'Show')}</button></div></form>`;
}

function members(c: Ctx, x: Candidate): SafeHtml {
  const l = c.lang;
  const coordinator = (m: CandidateMember) =>
    m.businessId === x.suggestedCoordinatorId ? html` <span class="pill">${tr(l, 'koordinator', 'coordinator')}</span>` : '';
  return dataTable<CandidateMember>(
    [
      { label: tr(l, 'Usaha', 'Business'), cell: (m) => html`<a href="/dinas/usaha/${m.businessId}">${m.businessName}</a>${coordinator(m)}` },
      { label: tr(l, 'Kecamatan', 'District'), cell: (m) => m.district ?? '' },
      { label: tr(l, 'Anak tangga', 'Rung'), cell: (m) => (m.rung ? rungLabel(l, m.rung) : '') },
      { label: tr(l, 'Pesanan 13 mg', 'Orders 13 wk'), num: true, cell: (m) => num(l, m.orders13w) },
      { label: tr(l, 'Nilai 13 mg', 'Value 13 wk'), num: true, cell: (m) => rupiah(l, m.value13wIdr) },
      { label: tr(l, 'Berat 13 mg', 'Weight 13 wk'), num: true, cell: (m) => kg(l, m.weight13wKg) },
      { label: tr(l, 'Bagian nilai', 'Value share'), num: true, cell: (m) => percent(l, m.valueShare ?? 0, 0) },
    ],
    x.businesses,
    { caption: tr(l, 'Anggota dan bagiannya', 'Members and their shares'), compact: true },
  );
}

function combined(l: Lang, x: Candidate): SafeHtml {
  const k = x.combined;
  const stat = (label: string, value: string) => html`<div><b class="num">${value}</b>${label}</div>`;
  return html`<div class="stats">${stat(tr(l, 'Pesanan 13 minggu', 'Orders, 13 weeks'), num(l, k.orders13w))}${stat(tr(l, 'Nilai', 'Value'), `Rp\u00a0${rupiahShort(l, k.value13wIdr)}`)}${stat(
    tr(l, 'Berat', 'Weight'),
    kg(l, k.weight13wKg),
  )}${stat(tr(l, 'Minggu aktif', 'Active weeks'), `${num(l, k.activeWeeks13)} / 13`)}${stat(tr(l, 'Pembeli berulang', 'Repeat buyers'), num(l, k.repeatBuyers))}</div>`;
}

/** The "form a group" form: hidden GROUP_FORM_FIELDS, POSTed to the groups page (its handler lives with the groups). */
function groupForm(c: Ctx, x: Candidate): SafeHtml {
  const l = c.lang;
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  return html`<form method="post" action="${JOINT_PAGES.groups}" class="inline">${csrfField(c)}${hidden('name', groupName(l, x))}${hidden('market', x.market)}${hidden(
    'material',
    x.material,
  )}${x.businesses.map((m) => hidden('memberBusinessIds', m.businessId))}${hidden('coordinatorBusinessId', x.suggestedCoordinatorId)}${hidden('route', x.suggestedRoute)}${hidden(
    'candidateKey',
    x.key,
  )}<button type="submit">${tr(l, 'Bentuk kelompok', 'Form a group')}</button></form>`;
}

function candidate(c: Ctx, x: Candidate): SafeHtml {
  const l = c.lang;
  const id = `kandidat-${x.key.replace(/[^A-Za-z0-9]/g, '-')}`;
  const coord = x.businesses.find((m) => m.businessId === x.suggestedCoordinatorId);
  const checklist = x.checklist.map((i) => html`<li data-code="${i.code}"><strong>${i.title}</strong> (${i.code})<br>${i.reason}</li>`);
  return html`<section class="card candidate" id="${id}" aria-labelledby="${id}-h" data-key="${x.key}">
<h2 id="${id}-h">${materialLabel(l, x.material)} → ${countryName(l, x.market)} <span class="muted">(${num(l, x.businesses.length)} ${tr(l, 'usaha', 'businesses')})</span></h2>
${combined(l, x)}
${members(c, x)}
<h3>${tr(l, 'Jalur usulan', 'Suggested route')}: ${jointRouteLabel(l, x.suggestedRoute)}</h3>
<p>${x.suggestedRouteReason ?? ''}</p>
<p>${tr(l, 'Koordinator usulan', 'Suggested coordinator')}: ${coord ? html`<a href="/dinas/usaha/${coord.businessId}">${coord.businessName}</a>` : ''}</p>
${checklist.length ? html`<h3>${tr(l, 'Dokumen untuk jalur ini', 'Paperwork for this route')}</h3><ul class="checklist">${checklist}</ul>` : ''}
<details><summary>${tr(l, 'Alasan lengkap', 'All reasons')}</summary><ul>${x.reasons.map((r) => html`<li>${r}</li>`)}</ul></details>
${groupForm(c, x)}
</section>`;
}

/** Joint-export candidates: businesses that together, not alone, meet readiness for one material to one market. */
export function candidatesView(c: Ctx, p: CandidatesPage): SafeHtml {
  const l = c.lang;
  const intro = tr(
    l,
    `Usaha yang belum siap ekspor sendiri, tetapi bersama-sama (satu bahan ke satu pasar) memenuhi ambang kesiapan per ${dateLabel(l, p.asOf)}.`,
    `Businesses not ready to export alone that together (one material to one market) meet the readiness thresholds as of ${dateLabel(l, p.asOf)}.`,
  );
  const none = tr(l, 'Tidak ada kandidat ekspor bersama untuk tanggal dan pasar ini.', 'No joint-export candidates for this date and market.');
  return html`<h1>${tr(l, 'Ekspor bersama', 'Joint export')}</h1>
<p>${intro} <a href="${JOINT_PAGES.groups}">${tr(l, 'Kelompok ekspor yang sudah dibentuk', 'Export groups already formed')}</a></p>
${filters(c, p)}
${p.items.length ? p.items.map((x) => candidate(c, x)) : html`<p class="muted">${none}</p>`}`;
}
