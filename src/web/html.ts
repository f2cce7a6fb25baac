/** Markup that is already safe: produced by `html` or `raw`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

/** Anything `html` interpolates. */
export type HtmlPart = SafeHtml | string | number | boolean | null | undefined | HtmlPart[];

function render(v: HtmlPart): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Tagged template: every interpolated value is escaped unless it is SafeHtml; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** Query string from defined values only. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** One column of {@link dataTable}: its header, the cell of a row, and whether it holds a number. */
export interface Column<R> {
  label: string;
  cell: (row: R, index: number) => HtmlPart;
  /** right-aligned, tabular digits, never wrapped (class `num`) */
  num?: boolean;
}

/**
 * A table that stays readable on a phone. THE CONVENTION for every table of the pages: put it in
 * `<div class="scroll">`, give header cells `scope="col"` and give every `<td>` `data-label="<its column
 * header>"`; number cells get `class="num"` (right-aligned, never wrapped). At 1280 px it is a normal table;
 * under 40rem (390 px phones) every table becomes a list of cards, each cell showing its `data-label`
 * before its value (a cell without one spans the card; a number cell's label sits beside its value, on one line). A table that must stay a grid on a phone gets
 * `class="keep"` and then its `.scroll` needs `tabindex="0"` (a scrolling region must take keyboard focus).
 * A `compact` table's cards put each label beside its value, one line per cell, and its first cell
 * (the row's name) on a line of its own without a label: for short values, about half the height.
 * This helper writes exactly that markup (its table also has `class="rows"`); hand-written tables follow it.
 */
export function dataTable<R>(columns: Column<R>[], rows: R[], opts: { id?: string; caption?: string; empty?: string; compact?: boolean } = {}): SafeHtml {
  if (!rows.length && opts.empty !== undefined) return html`<p class="muted">${opts.empty}</p>`;
  const numCls = (c: Column<R>) => (c.num ? html` class="num"` : '');
  return html`<div class="scroll"><table class="rows${opts.compact ? ' compact' : ''}"${opts.id ? html` id="${opts.id}"` : ''}>${opts.caption ? html`<caption>${opts.caption}</caption>` : ''}
<thead><tr>${columns.map((c) => html`<th scope="col"${numCls(c)}>${c.label}</th>`)}</tr></thead>
<tbody>${rows.map((r, i) => html`<tr>${columns.map((c) => html`<td data-label="${c.label}"${numCls(c)}>${c.cell(r, i)}</td>`)}</tr>`)}</tbody></table></div>`;
}
