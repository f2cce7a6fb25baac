import type { OrderDto, OrderWarningDto } from '../../orders/dto/order.dto';
import { html, qs, SafeHtml } from '../html';
import {
  categoryLabel,
  channelLabel,
  countryName,
  dateLabel,
  dateTimeLabel,
  declarationLabel,
  declaredByLabel,
  Lang,
  materialLabel,
  money,
  num,
  rupiah,
  tr,
} from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';
import { certificateLabel, fieldLabel, ROUTES, routeLabel } from './order-fields';

type Ctx = Pick<WebCtx, 'lang' | 'csrf'>;

/** Route advice the API gives with a new order (stored anyway): the rule's code and its sentence in both languages. */
export type OrderAdvice = Pick<OrderWarningDto, 'code' | 'message'>;

/** The amount in its own currency (RM 1.450,50), as the owner typed it. */
const amountIn = (l: Lang, o: Pick<OrderDto, 'currency' | 'amount'>) => money(l, o.amount, o.currency);

/** The owner's orders, newest first; on a phone each row is a card of labelled cells (the table convention of html.ts). */
export function ordersListView(c: Ctx, d: { items: OrderDto[]; nextCursor: string | null }): SafeHtml {
  const l = c.lang;
  const status = (o: OrderDto) =>
    o.voidedAt ? html`<span class="pill">${tr(l, 'Dibatalkan', 'Voided')}</span>` : html`<span class="pill resolved">${tr(l, 'Tercatat', 'Logged')}</span>`;
  const columns: Array<{ label: string; num?: boolean; cell: (o: OrderDto) => SafeHtml | string }> = [
    { label: tr(l, 'Tanggal', 'Date'), cell: (o) => html`<a href="/pesanan/${o.id}">${dateLabel(l, o.orderedOn)}</a>` },
    { label: tr(l, 'Negara', 'Country'), cell: (o) => countryName(l, o.destinationCountry) },
    { label: tr(l, 'Produk', 'Product'), cell: (o) => `${o.quantity} × ${categoryLabel(l, o.productCategory)} · ${materialLabel(l, o.material)}` },
    { label: tr(l, 'Nilai', 'Value'), num: true, cell: (o) => html`<span>${amountIn(l, o)}<br><span class="muted">${rupiah(l, o.valueIdr)}</span></span>` },
    { label: tr(l, 'Pembeli', 'Buyer'), cell: (o) => o.buyerRef ?? '' },
    { label: tr(l, 'Status', 'Status'), cell: (o) => html`<span>${status(o)}</span>` },
  ];
  const numCls = (x: { num?: boolean }) => (x.num ? html` class="num"` : '');
  const table = html`<h2 id="list-h">${tr(l, 'Terbaru dulu', 'Newest first')}</h2>
<div class="scroll"><table id="orders" class="rows" aria-labelledby="list-h">
<thead><tr>${columns.map((x) => html`<th scope="col"${numCls(x)}>${x.label}</th>`)}</tr></thead>
<tbody>${d.items.map(
    (o) => html`<tr${o.voidedAt ? html` class="muted"` : ''}>
${columns.map((x) => html`<td data-label="${x.label}"${numCls(x)}>${x.cell(o)}</td>`)}</tr>`,
  )}</tbody></table></div>`;
  const older = d.nextCursor
    ? html`<div class="actions"><a class="btn secondary" href="/pesanan${qs({ setelah: d.nextCursor })}">${tr(l, 'Lebih lama →', 'Older →')}</a></div>`
    : '';
  const none = tr(l, 'Belum ada pesanan. Catat pesanan luar negeri pertama Anda.', 'No orders yet. Log your first overseas order.');
  return html`<h1>${tr(l, 'Pesanan saya', 'My orders')}</h1>
<div class="actions"><a class="btn" href="/pesanan/baru">${tr(l, '+ Catat pesanan', '+ Log an order')}</a>
<a class="btn secondary" href="/pesanan/unggah">${tr(l, 'Unggah CSV', 'Upload CSV')}</a></div>
${d.items.length ? html`${table}${older}` : html`<p class="card">${none}</p>`}`;
}

export interface OrderDetailData {
  order: OrderDto;
  fresh: boolean;
  advice: OrderAdvice[];
  /** the reason field of the void form, and its error when the last post failed */
  reason?: string;
  reasonError?: string;
}

function adviceList(c: Ctx, advice: OrderAdvice[]): SafeHtml {
  const l = c.lang;
  if (!advice.length) return html``;
  return html`<div class="alert warn" role="status" id="order-advice">
<b>${tr(l, 'Pesanan tersimpan. Perhatikan jalur kirimnya:', 'The order is saved. Note its route:')}</b>
<ul>${advice.map((a) => html`<li data-code="${a.code}">${l === 'en' ? a.message.en : a.message.id}</li>`)}</ul></div>`;
}

/** The route sentence the owner picked, or the two stored values in words when no sentence matches (an API or CSV order). */
function routeText(l: Lang, declaration: string, declaredBy: string): string {
  const r = ROUTES.find((x) => x.declaration === declaration && x.declaredBy === declaredBy);
  return r ? routeLabel(l, r) : `${declarationLabel(l, declaration)} · ${declaredByLabel(l, declaredBy)}`;
}

export function orderDetailView(c: Ctx, d: OrderDetailData): SafeHtml {
  const l = c.lang;
  const o = d.order;
  const row = (label: string, value: SafeHtml | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const invalid = d.reasonError ? html` aria-invalid="true" aria-describedby="err-reason"` : '';
  return html`<h1>${d.fresh ? tr(l, 'Pesanan tercatat', 'Order logged') : tr(l, 'Pesanan', 'Order')}</h1>
${adviceList(c, d.advice)}
<div class="card"><dl class="kv" id="order-detail">
${row(fieldLabel(l, 'orderedAt'), dateLabel(l, o.orderedOn))}
${row(fieldLabel(l, 'destinationCountry'), `${countryName(l, o.destinationCountry)} (${o.destinationCountry})`)}
${row(fieldLabel(l, 'buyerRef'), o.buyerRef ?? '')}
${row(fieldLabel(l, 'productCategory'), `${o.quantity} × ${categoryLabel(l, o.productCategory)}`)}
${row(fieldLabel(l, 'material'), materialLabel(l, o.material))}
${row(fieldLabel(l, 'amount'), `${amountIn(l, o)} ≈ ${rupiah(l, o.valueIdr)}`)}
${row(fieldLabel(l, 'shippingChannel'), channelLabel(l, o.shippingChannel))}
${row(fieldLabel(l, 'route'), routeText(l, o.declaration, o.declaredBy))}
${row(fieldLabel(l, 'originCertificate'), certificateLabel(l, o.originCertificate))}
${o.weightKg !== null ? row(fieldLabel(l, 'weightKg'), `${num(l, o.weightKg)} kg`) : ''}
${o.hsCode ? row(fieldLabel(l, 'hsCode'), o.hsCode) : ''}
${row(fieldLabel(l, 'externalRef'), o.externalRef ?? '–')}
${row(tr(l, 'Dicatat', 'Logged'), dateTimeLabel(l, o.createdAt))}
${o.voidedAt ? row(tr(l, 'Dibatalkan', 'Voided'), `${dateTimeLabel(l, o.voidedAt)} — ${o.voidReason ?? ''}`) : ''}
</dl></div>
${
  !o.voidedAt
    ? html`<details class="card"${d.reasonError ? html` open` : ''}><summary>${tr(l, 'Batalkan pesanan ini', 'Void this order')}</summary>
<form method="post" action="/pesanan/${o.id}/batal" novalidate>${csrfField(c)}
<label for="reason">${tr(l, 'Alasan', 'Reason')}</label>
${d.reasonError ? html`<p class="field-error" id="err-reason" role="alert">${d.reasonError}</p>` : ''}
<input id="reason" name="reason" required maxlength="500" value="${d.reason ?? ''}"${invalid}>
<div class="actions"><button class="danger" type="submit">${tr(l, 'Batalkan pesanan', 'Void order')}</button></div></form></details>`
    : ''
}
<div class="actions"><a class="btn" href="/pesanan/baru">${tr(l, '+ Catat pesanan lain', '+ Log another order')}</a>
<a class="btn secondary" href="/pesanan">${tr(l, 'Lihat semua pesanan', 'See all orders')}</a></div>`;
}
