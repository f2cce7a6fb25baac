import type { BusinessActivityRow } from '../../businesses/businesses.repository';
import { DISTRICTS, MATERIALS } from '../../common/reference-data';
import { errorSummary, fieldError, FieldErrors, invalidAttrs } from '../forms';
import { dataTable, html, SafeHtml } from '../html';
import { Lang, materialLabel, rupiah, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

/** The confirmation after creating a business or inviting its owner (`?ok=created|invited`). */
export function businessFlash(l: Lang, ok: string | undefined): { kind: 'ok'; text: string } | undefined {
  if (ok === 'created') return { kind: 'ok', text: tr(l, 'Tersimpan.', 'Saved.') };
  if (ok === 'invited') return { kind: 'ok', text: tr(l, 'Undangan terkirim lewat email.', 'Invitation sent by email.') };
  return undefined;
}

/** A form that failed its rules: the errors by field and the input as typed (lists for multiple choices). */
export interface FormState {
  errors: FieldErrors;
  values: Record<string, string | string[]>;
}

const text = (s: FormState | undefined, k: string): string => {
  const v = s?.values[k];
  return typeof v === 'string' ? v : '';
};
const list = (s: FormState | undefined, k: string): string[] => {
  const v = s?.values[k];
  return Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [];
};

export interface BusinessListData {
  rows: BusinessActivityRow[];
  search?: string;
  district?: string;
  /** The create form posted with errors (it opens, keeps the input and shows the errors). */
  create?: FormState;
}

function field(l: Lang, s: FormState | undefined, name: string, label: string, attrs: SafeHtml): SafeHtml {
  return html`<label for="b-${name}">${label}</label><input id="b-${name}" name="${name}" value="${text(s, name)}"${attrs}${invalidAttrs(s?.errors, name)}>
${fieldError(l, s?.errors, name)}`;
}

function createForm(c: WebCtx, s: FormState | undefined): SafeHtml {
  const l = c.lang;
  const district = text(s, 'district');
  const chosen = list(s, 'materials');
  return html`<details class="card" id="add-business"${s ? html` open` : ''}><summary>${tr(l, 'Tambah usaha binaan', 'Add a business')}</summary>
<form method="post" action="/dinas/usaha">${csrfField(c)}${errorSummary(l, s?.errors)}
${field(l, s, 'name', tr(l, 'Nama usaha', 'Business name'), html` required maxlength="200"`)}
<label for="b-district">${tr(l, 'Kecamatan', 'District')}</label>
<select id="b-district" name="district" required${invalidAttrs(s?.errors, 'district')}>${DISTRICTS.map(
    (d) => html`<option${d === district ? html` selected` : ''}>${d}</option>`,
  )}</select>${fieldError(l, s?.errors, 'district')}
${field(l, s, 'ownerName', tr(l, 'Nama pemilik', 'Owner name'), html` maxlength="200"`)}
${field(l, s, 'email', tr(l, 'Email pemilik (untuk undangan)', 'Owner email (for the invitation)'), html` type="email"`)}
${field(l, s, 'phone', tr(l, 'Telepon', 'Phone'), html` type="tel"`)}
<fieldset${invalidAttrs(s?.errors, 'materials')}><legend>${tr(l, 'Bahan', 'Materials')}</legend><div class="choices">${MATERIALS.map(
    (m) => html`<label><input type="checkbox" name="materials" value="${m}"${chosen.includes(m) ? html` checked` : ''}>
<span>${materialLabel(l, m)}</span></label>`,
  )}</div>${fieldError(l, s?.errors, 'materials')}</fieldset>
<div class="actions"><button type="submit">${tr(l, 'Simpan', 'Save')}</button></div></form></details>`;
}

/** The officers' business list: search, activity of the last 90 days, and the form to add a business. */
export function businessListView(c: WebCtx, d: BusinessListData): SafeHtml {
  const l = c.lang;
  const districts = DISTRICTS.map((x) => html`<option${d.district === x ? html` selected` : ''}>${x}</option>`);
  const table = dataTable<BusinessActivityRow>(
    [
      { label: tr(l, 'Nama', 'Name'), cell: (b) => html`<a href="/dinas/usaha/${b.id}">${b.name}</a>` },
      { label: tr(l, 'Kecamatan', 'District'), cell: (b) => b.district },
      { label: tr(l, 'Pesanan 90 hari', 'Orders 90 days'), cell: (b) => b.orders_90d, num: true },
      { label: tr(l, 'Nilai 90 hari', 'Value 90 days'), cell: (b) => rupiah(l, b.value_90d), num: true },
      { label: tr(l, 'Akun', 'Accounts'), cell: (b) => b.users, num: true },
    ],
    d.rows,
    { id: 'businesses', empty: tr(l, 'Tidak ada usaha yang cocok.', 'No business matches.') },
  );
  return html`<h1>${tr(l, 'Usaha binaan', 'Businesses')}</h1>
<form method="get" action="/dinas/usaha" class="card filters">
<div><label for="cari">${tr(l, 'Cari nama', 'Search name')}</label><input id="cari" name="cari" value="${d.search ?? ''}"></div>
<div><label for="kec">${tr(l, 'Kecamatan', 'District')}</label>
<select id="kec" name="kecamatan"><option value="">${tr(l, 'Semua', 'All')}</option>${districts}</select></div>
<div><button type="submit">${tr(l, 'Cari', 'Search')}</button></div></form>
${createForm(c, d.create)}
${table}`;
}
