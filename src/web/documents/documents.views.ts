import { ExpiryStatus, expiryStatus } from '../../businesses/documents';
import type { BusinessDocument } from '../../pathway/pathway.types';
import { DOCUMENT_TYPES } from '../../pathway/pathway.types';
import { FieldErrors, errorSummary, fieldError, invalidAttrs } from '../forms';
import { dataTable, html, SafeHtml } from '../html';
import { dateLabel, documentTypeLabel, Lang, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

export interface DocumentsPageData {
  business: { id: string; name: string };
  documents: BusinessDocument[];
  /** WIB date the statuses are judged on */
  today: string;
}

/** The add form's state: the user's input kept and the errors by field (empty on a fresh form). */
export interface DocumentForm {
  values: Record<string, string>;
  errors?: FieldErrors;
  flash?: { kind: 'ok'; text: string };
}

/** "berlaku", "habis dalam 45 hari", "kedaluwarsa" … as a pill with a class for its colour. */
export function expiryText(lang: Lang, s: ExpiryStatus): { cls: string; text: string } {
  switch (s.kind) {
    case 'valid':
      return { cls: 'ok', text: tr(lang, 'berlaku', 'valid') };
    case 'expiring':
      return {
        cls: 'warn',
        text:
          s.daysLeft === 0
            ? tr(lang, 'habis hari ini', 'expires today')
            : tr(lang, `habis dalam ${s.daysLeft} hari`, `expires in ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'}`),
      };
    case 'expired':
      return { cls: 'bad', text: tr(lang, 'kedaluwarsa', 'expired') };
    case 'not_yet':
      return { cls: 'muted', text: tr(lang, `berlaku mulai ${dateLabel(lang, s.from)}`, `valid from ${dateLabel(lang, s.from)}`) };
  }
}

function documentsTable(c: Pick<WebCtx, 'lang' | 'csrf'>, d: DocumentsPageData, removable: boolean): SafeHtml {
  const l = c.lang;
  const columns = [
    { label: tr(l, 'Dokumen', 'Document'), cell: (x: BusinessDocument) => documentTypeLabel(l, x.type) },
    { label: tr(l, 'Nomor', 'Number'), cell: (x: BusinessDocument) => x.number ?? '–' },
    { label: tr(l, 'Terbit', 'Issued'), cell: (x: BusinessDocument) => (x.issuedOn ? dateLabel(l, x.issuedOn) : '–') },
    {
      label: tr(l, 'Berlaku sampai', 'Valid until'),
      cell: (x: BusinessDocument) => (x.expiresOn ? dateLabel(l, x.expiresOn) : tr(l, 'tanpa batas', 'no end')),
    },
    {
      label: tr(l, 'Status', 'Status'),
      cell: (x: BusinessDocument) => {
        const s = expiryText(l, expiryStatus(x, d.today));
        return html`<span class="pill ${s.cls}">${s.text}</span>`;
      },
    },
    { label: tr(l, 'Catatan', 'Note'), cell: (x: BusinessDocument) => x.note ?? '' },
  ];
  if (removable) {
    columns.push({
      label: '',
      cell: (x: BusinessDocument) => {
        const what = `${documentTypeLabel(l, x.type)} ${x.number ?? ''}`.trim();
        return html`<form method="post" action="/dinas/usaha/${d.business.id}/dokumen/${x.id}/hapus">${csrfField(c)}
<button type="submit" class="secondary" aria-label="${tr(l, `Hapus ${what}`, `Remove ${what}`)}">${tr(l, 'Hapus', 'Remove')}</button></form>`;
      },
    });
  }
  return dataTable(columns, d.documents, { id: 'documents', empty: tr(l, 'Belum ada dokumen terdaftar.', 'No documents registered yet.') });
}

/** The error when the field failed, else the hint (if any), as the input's description. */
function described(errors: FieldErrors | undefined, name: string, hint?: string): SafeHtml {
  return errors?.[name]?.length ? invalidAttrs(errors, name) : hint ? html` aria-describedby="hint-${name}"` : html``;
}

function input(l: Lang, f: DocumentForm, name: string, label: string, type: string, hint?: string): SafeHtml {
  return html`<label for="doc-${name}">${label}</label>${hint ? html`<p class="muted" id="hint-${name}">${hint}</p>` : ''}
<input id="doc-${name}" name="${name}" type="${type}" value="${f.values[name] ?? ''}"${described(f.errors, name, hint)}>${fieldError(l, f.errors, name)}`;
}

/** The register's own rule (not a common one forms.ts words): the expiry date before the issue date. */
function wordRules(l: Lang, errors: FieldErrors | undefined): FieldErrors | undefined {
  if (!errors) return errors;
  const said = tr(l, 'Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.', 'The expiry date must not be before the issue date.');
  return Object.fromEntries(Object.entries(errors).map(([k, list]) => [k, list.map((e) => (e.rule === 'notBefore' ? { ...e, message: said } : e))]));
}

function addForm(c: Pick<WebCtx, 'lang' | 'csrf'>, businessId: string, form: DocumentForm): SafeHtml {
  const l = c.lang;
  const f = { ...form, errors: wordRules(l, form.errors) };
  const chosen = f.values.type ?? '';
  return html`<section class="card" aria-labelledby="add-doc-h">
<h2 id="add-doc-h">${tr(l, 'Daftarkan dokumen yang sudah diperiksa', 'Register a verified document')}</h2>
${errorSummary(l, f.errors)}
<form method="post" action="/dinas/usaha/${businessId}/dokumen" novalidate>${csrfField(c)}
<label for="doc-type">${tr(l, 'Jenis dokumen', 'Document type')}</label>
<select id="doc-type" name="type"${invalidAttrs(f.errors, 'type')}><option value="">${tr(l, '– pilih –', '– choose –')}</option>
${DOCUMENT_TYPES.map((t) => html`<option value="${t}"${chosen === t ? html` selected` : ''}>${documentTypeLabel(l, t)}</option>`)}</select>
${fieldError(l, f.errors, 'type')}
${input(l, f, 'number', tr(l, 'Nomor (opsional)', 'Number (optional)'), 'text')}
${input(l, f, 'issuedOn', tr(l, 'Tanggal terbit (opsional)', 'Issued on (optional)'), 'date')}
${input(
  l,
  f,
  'expiresOn',
  tr(l, 'Berlaku sampai (opsional)', 'Valid until (optional)'),
  'date',
  tr(l, 'Kosongkan bila tidak ada batas.', 'Leave empty when it does not expire.'),
)}
${input(l, f, 'note', tr(l, 'Catatan (opsional)', 'Note (optional)'), 'text')}
<div class="actions"><button type="submit">${tr(l, 'Simpan dokumen', 'Save document')}</button></div></form></section>`;
}

/** The confirmation after a post-redirect (`?ok=created` / `?ok=removed`). */
export function savedFlash(lang: Lang, ok: string | undefined): { kind: 'ok'; text: string } | undefined {
  if (ok === 'created') return { kind: 'ok', text: tr(lang, 'Dokumen tersimpan.', 'Document saved.') };
  if (ok === 'removed') return { kind: 'ok', text: tr(lang, 'Dokumen dihapus.', 'Document removed.') };
  return undefined;
}

/** The officer's register page of one business: the documents with their status, the add form and a remove button each. */
export function officerDocumentsView(c: Pick<WebCtx, 'lang' | 'csrf'>, d: DocumentsPageData, form: DocumentForm): SafeHtml {
  const l = c.lang;
  return html`<p><a href="/dinas/usaha/${d.business.id}">← ${d.business.name}</a></p>
<h1>${tr(l, 'Dokumen terverifikasi', 'Verified documents')}: ${d.business.name}</h1>
<p class="muted">${tr(
    l,
    `Dokumen dihitung pada tanggal yang berada di antara tanggal terbit dan tanggal berlaku. Status per ${dateLabel(l, d.today)}.`,
    `A document counts on the days between its issue and expiry dates. Status as of ${dateLabel(l, d.today)}.`,
  )}</p>
${documentsTable(c, d, true)}
${addForm(c, d.business.id, form)}`;
}

/** The business owner's own documents, read-only. */
export function ownerDocumentsView(c: Pick<WebCtx, 'lang' | 'csrf'>, d: DocumentsPageData): SafeHtml {
  const l = c.lang;
  return html`<h1>${tr(l, 'Dokumen usaha saya', 'My business documents')}</h1>
<p class="muted">${tr(
    l,
    'Dokumen yang sudah diperiksa Dinas. Untuk menambah atau memperbarui, hubungi petugas pendamping Anda.',
    'Documents the department has verified. To add or renew one, contact your department officer.',
  )}</p>
${documentsTable(c, d, false)}`;
}
