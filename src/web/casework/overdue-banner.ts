import { html, SafeHtml } from '../html';
import { Lang, num, tr } from '../i18n';

/** The follow-ups page filtered to the overdue ones in the officer's kecamatan (what the banner counts). */
export const OVERDUE_PATH = '/dinas/tindak-lanjut?due=overdue';

/**
 * The banner at the top of every staff page (layout.ts) when follow-ups are overdue: how many, in
 * which kecamatan (the officer's digest subscription; none = the whole regency), linking to the list.
 */
export function overdueBanner(l: Lang, count: number, districts: string[] | null = null): SafeHtml {
  if (!count) return html``;
  const where = districts?.length ? ` · ${districts.join(', ')}` : '';
  return html`<div class="alert warn overdue" role="status"><a href="${OVERDUE_PATH}"><strong>${tr(
    l,
    `${num(l, count)} tindak lanjut terlambat`,
    `${num(l, count)} follow-up${count === 1 ? '' : 's'} overdue`,
  )}</strong>${where}</a></div>`;
}
