import type { WebhookDeliveryDto, WebhookDto } from '../../webhooks/dto/webhook.dto';
import { html, SafeHtml } from '../html';
import { dateTimeLabel, Lang, num, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

const DELIVERY: Record<string, [string, string]> = { pending: ['Menunggu', 'Pending'], succeeded: ['Terkirim', 'Delivered'], failed: ['Gagal', 'Failed'] };
const ENDPOINT: Record<string, [string, string]> = { active: ['Aktif', 'Active'], disabled: ['Nonaktif', 'Disabled'] };
const PILL: Record<string, string> = { pending: 'in_review', succeeded: 'resolved', failed: 'new' };

export const deliveryStatusLabel = (l: Lang, s: string): string => (DELIVERY[s] ? tr(l, ...DELIVERY[s]) : s);
export const endpointStatusLabel = (l: Lang, s: string): string => (ENDPOINT[s] ? tr(l, ...ENDPOINT[s]) : s);

/**
 * GET /dinas/pengaturan/webhook/:id: the endpoint and its deliveries, newest first, each with a
 * "Kirim ulang" button (a new round of attempts with the same event id) while the endpoint is active.
 */
export function webhookPage(c: Pick<WebCtx, 'lang' | 'csrf'>, d: { hook: WebhookDto; deliveries: WebhookDeliveryDto[] }): SafeHtml {
  const l = c.lang;
  const h = d.hook;
  const active = h.status === 'active';
  return html`<h1>${tr(l, 'Log pengiriman webhook', 'Webhook delivery log')}</h1>
<dl class="kv card"><dt>URL</dt><dd><code>${h.url}</code></dd><dt>${tr(l, 'Peristiwa', 'Events')}</dt><dd>${h.events.join(', ')}</dd>
<dt>${tr(l, 'Status', 'Status')}</dt><dd id="endpoint-status">${endpointStatusLabel(l, h.status)}${h.disabledReason ? html` · ${h.disabledReason}` : ''}</dd></dl>
${active ? '' : html`<div class="alert warn" role="status">${tr(l, 'Endpoint nonaktif: aktifkan lagi lewat API (POST /webhooks/:id/enable) sebelum mengirim ulang.', 'The endpoint is disabled: enable it through the API (POST /webhooks/:id/enable) before redelivering.')}</div>`}
${d.deliveries.length ? html`<div class="scroll"><table id="deliveries"><thead><tr><th scope="col">${tr(l, 'Dibuat', 'Created')}</th><th scope="col">${tr(l, 'Peristiwa', 'Event')}</th><th scope="col">${tr(l, 'Status', 'Status')}</th>
<th scope="col" class="n">${tr(l, 'Putaran', 'Round')}</th><th scope="col" class="n">${tr(l, 'Percobaan', 'Attempts')}</th><th scope="col">HTTP</th><th scope="col">${tr(l, 'Galat terakhir', 'Last error')}</th><th scope="col">${tr(l, 'Tindakan', 'Action')}</th></tr></thead>
<tbody>${d.deliveries.map((x) => html`<tr data-delivery="${x.id}"><td>${dateTimeLabel(l, x.createdAt)}</td><td>${x.eventType}</td><td><span class="pill ${PILL[x.status] ?? ''}">${deliveryStatusLabel(l, x.status)}</span></td>
<td class="n">${num(l, x.round)}</td><td class="n">${num(l, x.attempts)}</td><td>${x.lastStatusCode ?? '–'}</td><td>${x.lastError ?? ''}</td>
<td>${active ? html`<form method="post" action="/dinas/pengaturan/webhook/${h.id}/pengiriman/${x.id}/kirim-ulang">${csrfField(c)}<button class="secondary" type="submit">${tr(l, 'Kirim ulang', 'Redeliver')}</button></form>` : ''}</td></tr>`)}</tbody></table></div>`
  : html`<p class="card">${tr(l, 'Belum ada pengiriman.', 'No delivery yet.')}</p>`}
<p><a href="/dinas/pengaturan">${tr(l, '← Kembali ke pengaturan', '← Back to settings')}</a></p>`;
}
