import type { WebhookDeliveryDto, WebhookDto } from '../../webhooks/dto/webhook.dto';
import { Column, dataTable, html, SafeHtml } from '../html';
import { dateTimeLabel, deliveryStatusLabel, Lang, num, tr, webhookEventLabel } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

const PILL: Record<string, string> = { pending: 'in_review', succeeded: 'resolved', failed: 'new' };

function deliveryColumns(c: Pick<WebCtx, 'lang' | 'csrf'>, hook: WebhookDto): Column<WebhookDeliveryDto>[] {
  const l = c.lang;
  const again = (x: WebhookDeliveryDto) => html`<form method="post" action="/dinas/pengaturan/webhook/${hook.id}/pengiriman/${x.id}/kirim-ulang">${csrfField(c)}
<button class="secondary" type="submit">${tr(l, 'Kirim ulang', 'Redeliver')}</button></form>`;
  return [
    { label: tr(l, 'Dibuat', 'Created'), cell: (x) => dateTimeLabel(l, x.createdAt) },
    { label: tr(l, 'Peristiwa', 'Event'), cell: (x) => webhookEventLabel(l, x.eventType) },
    { label: 'Status', cell: (x) => html`<span class="pill ${PILL[x.status] ?? ''}">${deliveryStatusLabel(l, x.status)}</span>` },
    { label: tr(l, 'Putaran', 'Round'), cell: (x) => num(l, x.round), num: true },
    { label: tr(l, 'Percobaan', 'Attempts'), cell: (x) => num(l, x.attempts), num: true },
    { label: 'HTTP', cell: (x) => x.lastStatusCode ?? '–' },
    { label: tr(l, 'Galat terakhir', 'Last error'), cell: (x) => x.lastError ?? '' },
    { label: tr(l, 'Tindakan', 'Action'), cell: (x) => (hook.status === 'active' ? again(x) : '') },
  ];
}

function disabledNote(l: Lang): SafeHtml {
  return html`<div class="alert warn" role="status">${tr(
    l,
    'Endpoint nonaktif: aktifkan lagi lewat API (POST /webhooks/:id/enable) sebelum mengirim ulang.',
    'The endpoint is disabled: enable it through the API (POST /webhooks/:id/enable) before redelivering.',
  )}</div>`;
}

/**
 * GET /dinas/pengaturan/webhook/:id: the endpoint and its deliveries, newest first, each with a
 * "Kirim ulang" button (a new round of attempts with the same event id) while the endpoint is active.
 */
export function webhookPage(c: Pick<WebCtx, 'lang' | 'csrf'>, d: { hook: WebhookDto; deliveries: WebhookDeliveryDto[] }): SafeHtml {
  const l = c.lang;
  const h = d.hook;
  const none = tr(l, 'Belum ada pengiriman.', 'No delivery yet.');
  return html`<h1>${tr(l, 'Log pengiriman webhook', 'Webhook delivery log')}</h1>
<dl class="kv card"><dt>URL</dt><dd><code>${h.url}</code></dd>
<dt>${tr(l, 'Peristiwa', 'Events')}</dt><dd>${h.events.map((e) => webhookEventLabel(l, e)).join(', ')}</dd>
<dt>Status</dt><dd id="endpoint-status">${deliveryStatusLabel(l, h.status)}${h.disabledReason ? html` · ${h.disabledReason}` : ''}</dd></dl>
${h.status === 'active' ? '' : disabledNote(l)}
${dataTable(deliveryColumns(c, h), d.deliveries, { id: 'deliveries', empty: none })}
<p><a href="/dinas/pengaturan">${tr(l, '← Kembali ke pengaturan', '← Back to settings')}</a></p>`;
}
