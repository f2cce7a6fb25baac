import type { RowWarningsDto } from '../../orders/dto/order.dto';
import { ORDER_FIELDS, REQUIRED_ORDER_FIELDS } from '../../orders/order-input';
import { Column, dataTable, html, SafeHtml } from '../html';
import { Lang, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';
import { fieldLabel, orderErrorText } from './order-fields';

type Ctx = Pick<WebCtx, 'lang' | 'csrf'>;

/** How many rejected rows the page lists (the downloadable report has them all). */
const LISTED_ROWS = 200;

/** One rejected row's problem: the CSV column (header name, camelCase) and the rule in words; no column for a row-level problem. */
export interface RowProblem {
  column: string | null;
  text: string;
}

/** The API's "field: rule" messages of one CSV row, in the page's language. */
export function rowProblems(l: Lang, errors: string[]): RowProblem[] {
  return errors.map((m) => {
    const i = m.indexOf(':');
    const column = i > 0 && /^[A-Za-z_$][\w$]*$/.test(m.slice(0, i)) ? m.slice(0, i) : null;
    if (!column || column === 'row') return { column: null, text: column ? m.slice(i + 1).trim() : m };
    return { column, text: orderErrorText(l, column, { rule: m.slice(i + 1).trim(), message: m }) };
  });
}

/** A problem as one line of the downloadable report: "Negara tujuan (destinationCountry): …". */
export const problemLine = (l: Lang, p: RowProblem): string => (p.column ? `${fieldLabel(l, p.column)} (${p.column}): ${p.text}` : p.text);

/** The rejected rows as a table: row number, the column's Indonesian name with its CSV header beside it, the rule. */
export function csvErrorsView(c: Pick<WebCtx, 'lang'>, rows: Array<{ index: number; problems: RowProblem[] }>): SafeHtml {
  const l = c.lang;
  const listed = rows.slice(0, LISTED_ROWS).flatMap((r) => r.problems.map((p) => ({ index: r.index, ...p })));
  const columns: Column<(typeof listed)[number]>[] = [
    { label: tr(l, 'Baris', 'Row'), cell: (p) => p.index },
    { label: tr(l, 'Kolom', 'Column'), cell: (p) => (p.column ? html`<span>${fieldLabel(l, p.column)} <code>${p.column}</code></span>` : '–') },
    { label: tr(l, 'Masalah', 'Problem'), cell: (p) => p.text },
  ];
  return html`<h2>${tr(l, 'Baris yang ditolak', 'Rejected rows')}</h2>
${
  rows.length > LISTED_ROWS
    ? html`<p class="muted">${tr(
        l,
        `Menampilkan ${LISTED_ROWS} baris pertama; laporan berisi semuanya.`,
        `Showing the first ${LISTED_ROWS} rows; the report has them all.`,
      )}</p>`
    : ''
}
${dataTable(columns, listed, { id: 'csv-errors' })}`;
}

/** Route advice for saved rows (stored anyway), by row: the rule in the page's language. */
export function csvAdviceView(c: Pick<WebCtx, 'lang'>, rows: RowWarningsDto[], total: number): SafeHtml {
  const l = c.lang;
  const listed = rows.slice(0, LISTED_ROWS).flatMap((r) => r.warnings.map((w) => ({ index: r.index, w })));
  const columns: Column<(typeof listed)[number]>[] = [
    { label: tr(l, 'Baris', 'Row'), cell: (x) => x.index },
    { label: tr(l, 'Saran jalur kirim', 'Route advice'), cell: (x) => (l === 'en' ? x.w.message.en : x.w.message.id) },
  ];
  return html`<h2>${tr(l, `Tersimpan, dengan saran (${total} baris)`, `Saved, with advice (${total} rows)`)}</h2>
${dataTable(columns, listed, { id: 'csv-advice' })}`;
}

const columns = (fields: readonly string[]) => html`${fields.map((f, i) => html`${i ? ', ' : ''}<code>${f}</code>`)}`;

export function uploadView(c: Ctx): SafeHtml {
  const l = c.lang;
  const text = {
    choose: tr(l, 'Pilih berkas CSV dulu.', 'Choose a CSV file first.'),
    uploading: tr(l, 'Mengunggah…', 'Uploading…'),
    rows: tr(l, '{n} baris diproses…', '{n} rows processed…'),
    done: tr(l, 'Selesai.', 'Done.'),
    failed: tr(l, 'Unggahan gagal.', 'The upload failed.'),
    summary: tr(l, '{a} pesanan tersimpan, {d} sudah ada sebelumnya, {r} baris ditolak.', '{a} orders saved, {d} already there, {r} rows rejected.'),
    report: tr(l, 'Unduh laporan kesalahan (CSV)', 'Download the error report (CSV)'),
  };
  const optional = ORDER_FIELDS.filter((f) => !REQUIRED_ORDER_FIELDS.includes(f));
  return html`<h1>${tr(l, 'Unggah pesanan dari CSV', 'Upload orders from CSV')}</h1>
<div class="card">
<p>${tr(
    l,
    'Baris pertama berisi nama kolom. Kolom wajib:',
    'The first row holds the column names. Required columns:',
  )} ${columns(REQUIRED_ORDER_FIELDS)}. ${tr(l, 'Tidak wajib:', 'Optional:')} ${columns(optional)}.</p>
<p>${tr(
    l,
    'Baris yang benar disimpan; baris yang salah dilaporkan per nomor baris dan tidak disimpan.',
    'Valid rows are saved; invalid rows are reported by row number and saved nowhere.',
  )}</p>
<form id="csv-upload" method="post" action="/pesanan/unggah" data-text="${JSON.stringify(text)}">
${csrfField(c)}
<label for="csv-file">${tr(l, 'Berkas CSV', 'CSV file')}</label>
<input id="csv-file" name="file" type="file" accept=".csv,text/csv" required>
<div class="actions"><button type="submit">${tr(l, 'Unggah', 'Upload')}</button></div>
<noscript><p class="alert warn">${tr(
    l,
    'Unggah CSV memerlukan JavaScript. Tanpa JavaScript, catat pesanan satu per satu lewat formulir.',
    'CSV upload needs JavaScript. Without it, log orders one by one with the form.',
  )}</p></noscript>
</form>
<label for="csv-progress">${tr(l, 'Kemajuan', 'Progress')}</label>
<progress id="csv-progress" max="1" value="0" hidden></progress>
<p id="csv-status" role="status" aria-live="polite"></p>
</div>
<div id="csv-result" aria-live="polite"></div>`;
}
