import { expiryStatus } from '../../businesses/documents';
import type { BusinessDocument } from '../../pathway/pathway.types';
import { html, SafeHtml } from '../html';
import { dateLabel, documentTypeLabel, Lang, tr } from '../i18n';
import { expiryText } from './documents.views';

/** A document about to expire, with the business it belongs to (for lists that span businesses). */
export type ExpiringDocument = BusinessDocument & { businessName?: string };

/**
 * "Dokumen akan habis": verified documents whose expiry falls within the next 60 days, soonest
 * first, so the officer renews a permit before a shipment goes out without it. Empty when none.
 */
export function expiringDocumentsView(l: Lang, docs: ExpiringDocument[], today: string): SafeHtml {
  if (!docs.length) return html``;
  const title = tr(l, 'Dokumen akan habis (60 hari)', 'Documents expiring (60 days)');
  return html`<section class="card" id="dokumen-habis" aria-label="${title}"><h2>${title}</h2><ul>${docs.map((d) => {
    const s = expiryText(l, expiryStatus(d, today));
    const who = d.businessName ? html`<a href="/dinas/usaha/${d.businessId}/dokumen">${d.businessName}</a> · ` : '';
    return html`<li>${who}<strong>${documentTypeLabel(l, d.type)}</strong>${d.number ? ` ${d.number}` : ''} — ${tr(l, 'berlaku sampai', 'valid until')} ${dateLabel(l, d.expiresOn)} <span class="pill ${s.cls}">${s.text}</span></li>`;
  })}</ul></section>`;
}
