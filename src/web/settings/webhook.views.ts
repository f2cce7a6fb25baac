import type { WebhookDeliveryDto, WebhookDto } from '../../webhooks/dto/webhook.dto';
import { html, SafeHtml } from '../html';
import { dateTimeLabel, deliveryStatusLabel, Lang, num, tr, webhookEventLabel } from '../i18n';
import { csrfField } from '../layout';
import { thead } from '../table-head';
import type { WebCtx } from '../web-context';

const PILL: Record<string, string> = { pending: 'in_review', succeeded: 'resolved', failed: 'new' };

function deliveryRow(c: Pick<WebCtx, 'lang' | 'csrf'>, hook: WebhookDto, x: WebhookDeliveryDto): SafeHtml {
  const l = c.lang;
  const action = `/dinas/pengaturan/webhook/${hook.id}/pengiriman/${x.id}/kirim-ulang`;
  const again = html`<form method="post" action="${action}">${csrfField(c)}
<button class="secondary" type="submit">${tr(l, 'Kirim ulang', 'Redeliver')}</button></form>`;
  return html`<tr data-delivery="${x.id}"><td>${dateTimeLabel(l, x.createdAt)}</td><td>${webhookEventLabel(l, x.eventType)}</td>
<td><span class="pill ${PILL[x.status] ?? ''}">${deliveryStatusLabel(l, x.status)}</span></td>
<td class="n">${num(l, x.round)}</td><td class="n">${num(l, x.attempts)}</td><td>${x.lastStatusCode ?? '–'}</td><td>${x.lastError ?? ''}</td>
<td>${hook.status === 'active' ? again : ''}</td></tr>`;
}

function disabledNote(l: Lang): SafeHtml {
  return html`<div class="alert warn" role="status">${tr(l, 'Endpoint nonaktif: aktifkan lagi lewat API (POST /webhooks/:id/enable) sebelum mengirim ulang.',
    'The endpoint is disabled: enable it through the API (POST /webhooks/:id/enable) before redelivering.')}</div>`;
}

/**
 * GET /dinas/pengaturan/webhook/:id: the endpoint and its deliveries, newest first, each with a
 * "Kirim ulang" button (a new round of attempts with the same event id) while the endpoint is active.
 */
export function webhookPage(c: Pick<WebCtx, 'lang' | 'csrf'>, d: { hook: WebhookDto; deliveries: WebhookDeliveryDto[] }): SafeHtml {
  const l = c.lang;
  const h = d.hook;
  const cols = [tr(l, 'Dibuat', 'Created'), tr(l, 'Peristiwa', 'Event'), 'Status', `#${tr(l, 'Putaran', 'Round')}`, `#${tr(l, 'Percobaan', 'Attempts')}`,
    'HTTP',
    tr(l, 'Galat terakhir', 'Last error'), tr(l, 'Tindakan', 'Action')];
  const table = html`<div class="scroll"><table id="deliveries">${thead(cols)}<tbody>${d.deliveries.map((x) => deliveryRow(c, h, x))}</tbody></table></div>`;
  return html`<h1>${tr(l, 'Log pengiriman webhook', 'Webhook delivery log')}</h1>
<dl class="kv card"><dt>URL</dt><dd><code>${h.url}</code></dd>
<dt>${tr(l, 'Peristiwa', 'Events')}</dt><dd>${h.events.map((e) => webhookEventLabel(l, e)).join(', ')}</dd>
<dt>Status</dt><dd id="endpoint-status">${deliveryStatusLabel(l, h.status)}${h.disabledReason ? html` · ${h.disabledReason}` : ''}</dd></dl>
${h.status === 'active' ? '' : disabledNote(l)}
${d.deliveries.length ? table : html`<p class="card">${tr(l, 'Belum ada pengiriman.', 'No delivery yet.')}</p>`}
<p><a href="/dinas/pengaturan">${tr(l, '← Kembali ke pengaturan', '← Back to settings')}</a></p>`;
}
