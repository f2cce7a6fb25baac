import { html, SafeHtml } from './html';

/** A table's header row; a column named with a leading `#` is numeric (right-aligned). */
export function thead(cols: string[]): SafeHtml {
  const th = (c: string) => (c.startsWith('#') ? html`<th scope="col" class="n">${c.slice(1)}</th>` : html`<th scope="col">${c}</th>`);
  return html`<thead><tr>${cols.map(th)}</tr></thead>`;
}
