import { MATERIALS } from '../../common/reference-data';
import { ExportGroup, JOINT_PAGES, JOINT_ROUTES, JointExportWeek } from '../../consolidation/consolidation.types';
import { weeklyChart } from '../chart';
import { errorSummary, fieldError, FieldErrors, invalidAttrs } from '../forms';
import { dataTable, html, SafeHtml } from '../html';
import { countriesSorted, countryName, dateLabel, jointRouteLabel, Lang, materialLabel, num, rupiah, rungLabel, tr } from '../i18n';
import { MIN_GROUP_MEMBERS } from '../../consolidation/dto/export-group.dto';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

type Ctx = Pick<WebCtx, 'lang' | 'csrf'>;

/** What the create form shows again after a refused post: the typed values and the members' names. */
export interface GroupFormData {
  values: Record<string, string | string[]>;
  members: Array<{ id: string; name: string }>;
  errors: FieldErrors;
}

const pairLabel = (l: Lang, g: { market: string; material: string }) => `${materialLabel(l, g.material)} → ${countryName(l, g.market)}`;

function options(values: Array<[string, string]>, current: string | undefined, none?: string): SafeHtml {
  return html`${none !== undefined ? html`<option value="">${none}</option>` : ''}${values.map(
    ([v, t]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${t}</option>`,
  )}`;
}

/** The create form (POST JOINT_PAGES.groups) shown again with its errors: nothing was stored. */
export function groupFormView(c: Ctx, d: GroupFormData): SafeHtml {
  const l = c.lang;
  const v = (k: string) => (typeof d.values[k] === 'string' ? (d.values[k] as string) : '');
  const chosen = new Set(Array.isArray(d.values.memberBusinessIds) ? d.values.memberBusinessIds : []);
  const routes = JOINT_ROUTES.map((r): [string, string] => [r, jointRouteLabel(l, r)]);
  return html`<h1>${tr(l, 'Bentuk kelompok ekspor', 'Form an export group')}</h1>
${errorSummary(l, d.errors)}
<form method="post" action="${JOINT_PAGES.groups}" class="card big-targets">${csrfField(c)}
<label for="g-name">${tr(l, 'Nama kelompok', 'Group name')}</label><input id="g-name" name="name" value="${v('name')}" maxlength="200" required${invalidAttrs(d.errors, 'name')}>${fieldError(l, d.errors, 'name')}
<label for="g-market">${tr(l, 'Pasar (negara)', 'Market')}</label><select id="g-market" name="market"${invalidAttrs(d.errors, 'market')}>${options(countriesSorted(l), v('market'), '–')}</select>${fieldError(l, d.errors, 'market')}
<label for="g-material">${tr(l, 'Bahan', 'Material')}</label><select id="g-material" name="material"${invalidAttrs(d.errors, 'material')}>${options(
    MATERIALS.map((m): [string, string] => [m, materialLabel(l, m)]),
    v('material'),
    '–',
  )}</select>${fieldError(l, d.errors, 'material')}
<fieldset${invalidAttrs(d.errors, 'memberBusinessIds')}><legend>${tr(l, 'Anggota (paling sedikit 2)', 'Members (at least 2)')}</legend>
${d.members.map((m) => html`<label class="choice"><input type="checkbox" name="memberBusinessIds" value="${m.id}"${chosen.has(m.id) ? html` checked` : ''}> ${m.name}</label>`)}
${fieldError(l, d.errors, 'memberBusinessIds')}</fieldset>
<label for="g-coord">${tr(l, 'Koordinator', 'Coordinator')}</label><select id="g-coord" name="coordinatorBusinessId"${invalidAttrs(d.errors, 'coordinatorBusinessId')}>${options(
    d.members.map((m): [string, string] => [m.id, m.name]),
    v('coordinatorBusinessId'),
    '–',
  )}</select>${fieldError(l, d.errors, 'coordinatorBusinessId')}
<label for="g-route">${tr(l, 'Jalur', 'Route')}</label><select id="g-route" name="route"${invalidAttrs(d.errors, 'route')}>${options(routes, v('route'), '–')}</select>${fieldError(l, d.errors, 'route')}
<label for="g-note">${tr(l, 'Catatan', 'Note')}</label><textarea id="g-note" name="note" rows="3"${invalidAttrs(d.errors, 'note')}>${v('note')}</textarea>${fieldError(l, d.errors, 'note')}
${v('candidateKey') ? html`<input type="hidden" name="candidateKey" value="${v('candidateKey')}">` : ''}${fieldError(l, d.errors, 'candidateKey')}
<div class="actions"><button type="submit" class="big">${tr(l, 'Bentuk kelompok', 'Form the group')}</button> <a href="${JOINT_PAGES.candidates}">${tr(l, 'Batal', 'Cancel')}</a></div>
</form>`;
}

/**
 * A group is formed with at least MIN_GROUP_MEMBERS members, but a member's business can be
 * deleted afterwards (its data erased on request): the group then stands with fewer, and says so.
 */
const tooFew = (g: ExportGroup) => g.members.length < MIN_GROUP_MEMBERS;

function tooFewNotice(l: Lang, g: ExportGroup): SafeHtml | string {
  if (!tooFew(g)) return '';
  return html`<div class="alert warn" role="status" id="too-few">${tr(
    l,
    `Kelompok ini tinggal ${num(l, g.members.length)} anggota: ekspor bersama perlu paling sedikit ${MIN_GROUP_MEMBERS} usaha. Hapus kelompok ini, lalu bentuk kelompok baru dari `,
    `This group has only ${num(l, g.members.length)} ${g.members.length === 1 ? 'member' : 'members'} left: a joint export needs at least ${MIN_GROUP_MEMBERS} businesses. Delete this group, then form a new one from `,
  )}<a href="${JOINT_PAGES.candidates}">${tr(l, 'daftar kandidat', 'the candidates list')}</a>.</div>`;
}

/** All groups: one row each with its pair, members, coordinator, route and rung. */
export function groupListView(c: Ctx, groups: ExportGroup[]): SafeHtml {
  const l = c.lang;
  const coordinator = (g: ExportGroup) => g.members.find((m) => m.businessId === g.coordinatorBusinessId)?.businessName ?? '–';
  return html`<h1>${tr(l, 'Kelompok ekspor bersama', 'Joint-export groups')}</h1>
<p><a href="${JOINT_PAGES.candidates}">${tr(l, 'Kandidat ekspor bersama', 'Joint-export candidates')}</a></p>
${dataTable(
  [
    { label: tr(l, 'Kelompok', 'Group'), cell: (g) => html`<a href="${JOINT_PAGES.group(g.id)}">${g.name}</a>` },
    { label: tr(l, 'Bahan → pasar', 'Material → market'), cell: (g) => pairLabel(l, g) },
    {
      label: tr(l, 'Anggota', 'Members'),
      cell: (g) => html`${g.members.length}${tooFew(g) ? html` <span class="pill warn">${tr(l, 'kurang anggota', 'too few')}</span>` : ''}`,
      num: true,
    },
    { label: tr(l, 'Koordinator', 'Coordinator'), cell: coordinator },
    { label: tr(l, 'Jalur', 'Route'), cell: (g) => (g.route ? jointRouteLabel(l, g.route) : '–') },
    { label: tr(l, 'Tangga ekspor', 'Export ladder'), cell: (g) => rungLabel(l, g.rung) },
  ],
  groups,
  { id: 'groups', empty: tr(l, 'Belum ada kelompok. Bentuk kelompok dari daftar kandidat.', 'No groups yet. Form one from the candidates list.') },
)}`;
}

/** One group: members, coordinator, route, rung, the combined 26-week chart, notes, and the edit and delete forms. */
export function groupView(
  c: Ctx,
  g: ExportGroup,
  thresholds: Array<{ label: string; valueIdr: number }> = [],
  edit?: { values: Record<string, string>; errors: FieldErrors },
): SafeHtml {
  const l = c.lang;
  const series = g.series ?? [];
  const coordinator = g.members.find((m) => m.businessId === g.coordinatorBusinessId);
  const total = series.reduce((a, p) => ({ orders: a.orders + p.orders, value: a.value + p.valueIdr }), { orders: 0, value: 0 });
  const v = (k: keyof ExportGroup & string, dflt: string | null) => edit?.values[k] ?? dflt ?? '';
  const chart = series.length
    ? weeklyChart(l, {
        from: series[0].weekStart ?? '',
        to: series[series.length - 1].weekStart ?? '',
        points: series
          .filter((p) => p.orders > 0)
          .map((p) => ({ week_start: p.weekStart ?? '', market: g.market, orders: p.orders, value_idr: String(p.valueIdr) })),
        thresholds,
      })
    : '';
  return html`<p><a href="${JOINT_PAGES.groups}">${tr(l, '← Semua kelompok', '← All groups')}</a></p>
<h1>${g.name}</h1>
<dl class="card facts" id="group-facts">
<dt>${tr(l, 'Bahan → pasar', 'Material → market')}</dt><dd>${pairLabel(l, g)}</dd>
<dt>${tr(l, 'Koordinator', 'Coordinator')}</dt><dd>${coordinator ? html`<a href="/dinas/usaha/${coordinator.businessId}">${coordinator.businessName}</a>` : '–'}</dd>
<dt>${tr(l, 'Jalur', 'Route')}</dt><dd>${g.route ? jointRouteLabel(l, g.route) : '–'}</dd>
<dt>${tr(l, 'Tangga ekspor kelompok', "Group's export ladder")}</dt><dd>${rungLabel(l, g.rung)} <span class="muted">(${tr(l, 'anggota tertinggi', 'highest member')})</span></dd>
<dt>${tr(l, 'Catatan', 'Note')}</dt><dd>${g.note ?? '–'}</dd>
</dl>
<section id="anggota"><h2>${tr(l, 'Anggota', 'Members')} (${num(l, g.members.length)})</h2>${tooFewNotice(l, g)}
${dataTable(
  [
    {
      label: tr(l, 'Usaha', 'Business'),
      cell: (m) =>
        html`<a href="/dinas/usaha/${m.businessId}">${m.businessName}</a>${m.businessId === g.coordinatorBusinessId ? html` <span class="pill ok">${tr(l, 'koordinator', 'coordinator')}</span>` : ''}`,
    },
    { label: tr(l, 'Kecamatan', 'District'), cell: (m) => m.district },
    { label: tr(l, 'Tangga ekspor', 'Export ladder'), cell: (m) => rungLabel(l, m.rung) },
    { label: tr(l, 'Bergabung', 'Joined'), cell: (m) => dateLabel(l, m.joinedAt.slice(0, 10)) },
  ],
  g.members,
  { id: 'members' },
)}</section>
<section id="seri"><h2>${tr(l, 'Pesanan gabungan, 26 minggu', 'Combined orders, 26 weeks')}</h2>
<p class="muted">${tr(l, `Sampai ${dateLabel(l, g.asOf ?? '')}: ${num(l, total.orders)} pesanan, ${rupiah(l, total.value)}`, `To ${dateLabel(l, g.asOf ?? '')}: ${num(l, total.orders)} orders, ${rupiah(l, total.value)}`)}</p>
${chart}</section>
<section id="ubah"><h2>${tr(l, 'Ubah kelompok', 'Edit the group')}</h2>${errorSummary(l, edit?.errors)}
<form method="post" action="${JOINT_PAGES.group(g.id)}" class="card">${csrfField(c)}
<label for="e-name">${tr(l, 'Nama kelompok', 'Group name')}</label><input id="e-name" name="name" value="${v('name', g.name)}" maxlength="200" required${invalidAttrs(edit?.errors, 'name')}>${fieldError(l, edit?.errors, 'name')}
<label for="e-coord">${tr(l, 'Koordinator', 'Coordinator')}</label><select id="e-coord" name="coordinatorBusinessId"${invalidAttrs(edit?.errors, 'coordinatorBusinessId')}>${options(
    g.members.map((m): [string, string] => [m.businessId, m.businessName]),
    v('coordinatorBusinessId', g.coordinatorBusinessId),
    '–',
  )}</select>${fieldError(l, edit?.errors, 'coordinatorBusinessId')}
<label for="e-route">${tr(l, 'Jalur', 'Route')}</label><select id="e-route" name="route"${invalidAttrs(edit?.errors, 'route')}>${options(
    JOINT_ROUTES.map((r): [string, string] => [r, jointRouteLabel(l, r)]),
    v('route', g.route),
    '–',
  )}</select>${fieldError(l, edit?.errors, 'route')}
<label for="e-note">${tr(l, 'Catatan', 'Note')}</label><textarea id="e-note" name="note" rows="3"${invalidAttrs(edit?.errors, 'note')}>${v('note', g.note)}</textarea>${fieldError(l, edit?.errors, 'note')}
<div class="actions"><button type="submit">${tr(l, 'Simpan', 'Save')}</button></div>
</form>
<form method="post" action="${JOINT_PAGES.group(g.id)}/hapus" class="card">${csrfField(c)}
<button type="submit" class="secondary">${tr(l, 'Hapus kelompok…', 'Delete the group…')}</button></form></section>`;
}

/** The confirmation step of a delete: the same post again with `yakin=ya`. */
export function deleteConfirmView(c: Ctx, g: ExportGroup): SafeHtml {
  const l = c.lang;
  return html`<h1>${tr(l, 'Hapus kelompok', 'Delete the group')}: ${g.name}</h1>
<div class="alert warn" role="alert">${tr(
    l,
    `Kelompok dan keanggotaan ${g.members.length} usaha dihapus. Usaha dan pesanannya tetap ada.`,
    `The group and its ${g.members.length} memberships are deleted. The businesses and their orders stay.`,
  )}</div>
<form method="post" action="${JOINT_PAGES.group(g.id)}/hapus" class="card">${csrfField(c)}<input type="hidden" name="yakin" value="ya">
<div class="actions"><button type="submit">${tr(l, 'Ya, hapus', 'Yes, delete')}</button> <a href="${JOINT_PAGES.group(g.id)}">${tr(l, 'Batal', 'Cancel')}</a></div></form>`;
}

/** On the business page: the groups the business belongs to, each with its link. */
export function groupMembershipView(l: Lang, businessId: string, groups: ExportGroup[]): SafeHtml {
  if (!groups.length) return html``;
  return html`<section id="kelompok" class="card"><h2>${tr(l, 'Kelompok ekspor bersama', 'Joint-export groups')}</h2><ul>${groups.map(
    (g) =>
      html`<li><a href="${JOINT_PAGES.group(g.id)}">${g.name}</a> · ${pairLabel(l, g)}${
        g.coordinatorBusinessId === businessId ? html` <span class="pill ok">${tr(l, 'koordinator', 'coordinator')}</span>` : ''
      }</li>`,
  )}</ul></section>`;
}

/** The weekly list page's joint-export section (omitted when empty). */
export function jointExportWeekView(l: Lang, je: JointExportWeek | null | undefined): SafeHtml {
  if (!je || (!je.newCandidates.length && !je.groups.length)) return html``;
  const names = (ms: Array<{ businessName: string }>) => ms.map((m) => m.businessName).join(', ');
  return html`<section class="card" id="ekspor-bersama"><h2>${tr(l, 'Ekspor bersama', 'Joint export')}</h2><ul>
${je.newCandidates.map(
  (
    x,
  ) => html`<li><span class="pill new">${tr(l, 'kandidat baru', 'new candidate')}</span> <a href="${JOINT_PAGES.candidates}?market=${x.market}">${pairLabel(l, x)}</a>:
${names(x.members)} · ${tr(l, `${num(l, x.combined.orders13w)} pesanan 13 mg`, `${num(l, x.combined.orders13w)} orders 13 wk`)}, ${rupiah(l, x.combined.value13wIdr)}</li>`,
)}
${je.groups.map(
  (
    g,
  ) => html`<li><span class="pill ${g.change === 'new' ? 'new' : 'continuing'}">${g.change === 'new' ? tr(l, 'kelompok baru', 'new group') : tr(l, 'kelompok diperbarui', 'group updated')}</span>
<a href="${JOINT_PAGES.group(g.id)}">${g.name}</a> · ${pairLabel(l, g)} · ${names(g.members)}</li>`,
)}</ul></section>`;
}
