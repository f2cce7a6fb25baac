import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { InvalidInput } from '../common/errors';
import { addDays, monthStart, wibDate } from '../common/time';
import { isUuid } from '../common/uuid.pipe';
import { ORDER_FIELDS } from '../orders/order-input';
import { OrdersService } from '../orders/orders.service';
import { RatesService } from '../rates/rates.service';
import { BusinessFlagsView } from './businesses/flags-view';
import { html, qs } from './html';
import { categoryLabel, channelLabel, countryName, dateLabel, dateTimeLabel, materialLabel, monthLabel, num, rupiah, tr } from './i18n';
import { csrfField, page } from './layout';
import { fieldErrors, fieldLabel, formToOrder, FormValues, newFormRef, orderForm } from './order-form';
import { redirect, sendPage, str } from './respond';
import { WebExceptionFilter, WebGuard, WebRequest, WebRoles } from './web-context';
import { OrdersStatsRepository } from '../orders/orders-stats.repository';

const PRIORITY_CURRENCIES = ['IDR', 'MYR', 'CNY', 'USD', 'SGD'];

/** Pages for business owners: their order form, list, CSV upload and monthly volume. */
@ApiExcludeController()
@Public()
@WebRoles('business')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class BusinessPagesController {
  constructor(
    private readonly orders: OrdersService,
    private readonly rates: RatesService,
    private readonly read: OrdersStatsRepository,
    private readonly flags: BusinessFlagsView,
    private readonly clock: Clock,
  ) {}

  private async currencies(): Promise<string[]> {
    const known = [...(await this.rates.snapshot()).entries()].filter(([, i]) => i.earliest).map(([k]) => k);
    return [...PRIORITY_CURRENCIES.filter((c) => known.includes(c)), ...known.filter((c) => !PRIORITY_CURRENCIES.includes(c)).sort()];
  }

  private async renderForm(req: WebRequest, reply: FastifyReply, values: FormValues, errors: Record<string, string>, status = 200) {
    const c = req.web;
    const title = tr(c.lang, 'Catat pesanan luar negeri', 'Log an overseas order');
    const body = html`<h1>${title}</h1>${orderForm(c, values, errors, await this.currencies(), wibDate(this.clock.now()))}`;
    return sendPage(reply, page(c, title, body), status);
  }

  @Get('pesanan/baru')
  newOrder(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.renderForm(req, reply, { _ref: newFormRef() }, {});
  }

  @Post('pesanan')
  async create(@Req() req: WebRequest, @Body() body: Record<string, string>, @Res() reply: FastifyReply) {
    const values: FormValues = {};
    for (const f of [...ORDER_FIELDS, '_ref']) values[f] = str(body, f);
    try {
      const { order } = await this.orders.createOne(req.web.actor!, formToOrder(values));
      return redirect(reply, `/pesanan/${order.id}?baru=1`);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      const messages = Array.isArray(err.messages) ? err.messages : [err.messages];
      return this.renderForm(req, reply, values, fieldErrors(req.web.lang, messages), 400);
    }
  }

  @Get('pesanan')
  async list(@Req() req: WebRequest, @Query('setelah') cursor: string | undefined, @Query('batal') voided: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const res = await this.orders.list(c.actor!, { cursor: cursor || undefined, limit: 50, includeVoided: true });
    const title = tr(l, 'Pesanan saya', 'My orders');
    const body = html`<h1>${title}</h1>
<div class="actions"><a class="btn" href="/pesanan/baru">${tr(l, '+ Catat pesanan', '+ Log an order')}</a><a class="btn secondary" href="/pesanan/unggah">${tr(l, 'Unggah CSV', 'Upload CSV')}</a></div>
${res.items.length === 0 ? html`<p class="card">${tr(l, 'Belum ada pesanan. Catat pesanan luar negeri pertama Anda.', 'No orders yet. Log your first overseas order.')}</p>` : html`
<h2 id="list-h">${tr(l, 'Terbaru dulu', 'Newest first')}</h2>
<div class="scroll"><table id="orders" aria-labelledby="list-h"><thead><tr>
<th scope="col">${tr(l, 'Tanggal', 'Date')}</th><th scope="col">${tr(l, 'Negara', 'Country')}</th><th scope="col">${tr(l, 'Produk', 'Product')}</th>
<th scope="col" class="n">${tr(l, 'Nilai', 'Value')}</th><th scope="col" class="hide-sm">${tr(l, 'Pembeli', 'Buyer')}</th><th scope="col">${tr(l, 'Status', 'Status')}</th></tr></thead>
<tbody>${res.items.map((o) => html`<tr${o.voidedAt ? html` class="muted"` : ''}>
<td><a href="/pesanan/${o.id}">${dateLabel(l, o.orderedOn)}</a></td><td>${countryName(l, o.destinationCountry)}</td>
<td>${o.quantity} × ${categoryLabel(l, o.productCategory)} · ${materialLabel(l, o.material)}</td>
<td class="n">${o.currency} ${o.amount}<br><span class="muted">${rupiah(l, o.valueIdr)}</span></td>
<td class="hide-sm">${o.buyerRef ?? ''}</td>
<td>${o.voidedAt ? html`<span class="pill">${tr(l, 'Dibatalkan', 'Voided')}</span>` : html`<span class="pill resolved">${tr(l, 'Tercatat', 'Logged')}</span>`}</td></tr>`)}</tbody></table></div>
${res.nextCursor ? html`<div class="actions"><a class="btn secondary" href="/pesanan${qs({ setelah: res.nextCursor })}">${tr(l, 'Lebih lama →', 'Older →')}</a></div>` : ''}`}`;
    return sendPage(reply, page(c, title, body, voided ? { flash: { kind: 'ok', text: tr(l, 'Pesanan dibatalkan. Pesanan tetap tersimpan untuk audit tetapi tidak dihitung lagi.', 'Order voided. It is kept for audit but no longer counted.') } } : {}));
  }

  @Get('pesanan/unggah')
  uploadPage(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const title = tr(l, 'Unggah pesanan dari CSV', 'Upload orders from CSV');
    const text = {
      choose: tr(l, 'Pilih berkas CSV dulu.', 'Choose a CSV file first.'),
      uploading: tr(l, 'Mengunggah…', 'Uploading…'),
      rows: tr(l, '{n} baris diproses…', '{n} rows processed…'),
      done: tr(l, 'Selesai.', 'Done.'),
      failed: tr(l, 'Unggahan gagal.', 'The upload failed.'),
      summary: tr(l, '{a} pesanan tersimpan, {d} sudah ada sebelumnya, {r} baris ditolak.', '{a} orders saved, {d} already there, {r} rows rejected.'),
      report: tr(l, 'Unduh laporan kesalahan (CSV)', 'Download the error report (CSV)'),
      errorsTitle: tr(l, 'Baris yang ditolak', 'Rejected rows'),
      row: tr(l, 'Baris', 'Row'),
      problem: tr(l, 'Masalah', 'Problem'),
    };
    const body = html`<h1>${title}</h1>
<div class="card">
<p>${tr(l, 'Baris pertama berisi nama kolom. Kolom wajib:', 'The first row holds the column names. Required columns:')} <code>orderedAt, destinationCountry, buyerRef, productCategory, material, quantity, amount, currency, shippingChannel</code>. ${tr(l, 'Tidak wajib:', 'Optional:')} <code>externalRef, weightKg, hsCode</code>.</p>
<p>${tr(l, 'Baris yang benar disimpan; baris yang salah dilaporkan per nomor baris dan tidak disimpan.', 'Valid rows are saved; invalid rows are reported by row number and saved nowhere.')}</p>
<form id="csv-upload" method="post" action="/pesanan/unggah" data-text="${JSON.stringify(text)}">
${csrfField(c)}
<label for="csv-file">${tr(l, 'Berkas CSV', 'CSV file')}</label>
<input id="csv-file" name="file" type="file" accept=".csv,text/csv" required>
<div class="actions"><button type="submit">${tr(l, 'Unggah', 'Upload')}</button></div>
<noscript><p class="alert warn">${tr(l, 'Unggah CSV memerlukan JavaScript. Tanpa JavaScript, catat pesanan satu per satu lewat formulir.', 'CSV upload needs JavaScript. Without it, log orders one by one with the form.')}</p></noscript>
</form>
<label for="csv-progress">${tr(l, 'Kemajuan', 'Progress')}</label>
<progress id="csv-progress" max="1" value="0" hidden></progress>
<p id="csv-status" role="status" aria-live="polite"></p>
</div>
<div id="csv-result" aria-live="polite"></div>`;
    return sendPage(reply, page(c, title, body));
  }

  /** The upload script streams the file here as text/csv; rejected rows come back explained per field. */
  @Post('pesanan/unggah')
  async upload(@Req() req: WebRequest, @Query('importId') importId: string | undefined, @Res() reply: FastifyReply) {
    const ct = String(req.headers['content-type'] ?? '');
    if (!/^(text|application)\/csv\b/i.test(ct)) throw new InvalidInput('Content-Type: must be text/csv');
    const res = await this.orders.importCsv(req.web.actor!, undefined, req.body as Readable, importId);
    const l = req.web.lang;
    const rejected = res.rejected.map((r) => {
      const byField = fieldErrors(l, r.errors);
      return { index: r.index, errors: Object.entries(byField).map(([f, m]) => (f === 'row' || f === 'form' ? m : `${fieldLabel(l, f)} (${f}): ${m}`)) };
    });
    return reply.status(200).header('cache-control', 'no-store').send({ ...res, rejected });
  }

  @Get('pesanan/unggah/:id')
  async uploadProgress(@Req() req: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply) {
    if (!isUuid(id)) throw new InvalidInput('id: must be a UUID');
    return reply.header('cache-control', 'no-store').send(await this.orders.importProgress(req.web.actor!, id.toLowerCase()));
  }

  @Get('pesanan/:id')
  async show(@Req() req: WebRequest, @Param('id') id: string, @Query('baru') fresh: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    if (!isUuid(id)) throw new InvalidInput('id: must be a UUID');
    const o = await this.orders.get(c.actor!, id.toLowerCase());
    const title = fresh ? tr(l, 'Pesanan tercatat', 'Order logged') : tr(l, 'Pesanan', 'Order');
    const body = html`<h1>${title}</h1>
<div class="card"><dl class="kv" id="order-detail">
<dt>${fieldLabel(l, 'orderedAt')}</dt><dd>${dateLabel(l, o.orderedOn)}</dd>
<dt>${fieldLabel(l, 'destinationCountry')}</dt><dd>${countryName(l, o.destinationCountry)} (${o.destinationCountry})</dd>
<dt>${fieldLabel(l, 'buyerRef')}</dt><dd>${o.buyerRef ?? ''}</dd>
<dt>${fieldLabel(l, 'productCategory')}</dt><dd>${o.quantity} × ${categoryLabel(l, o.productCategory)}</dd>
<dt>${fieldLabel(l, 'material')}</dt><dd>${materialLabel(l, o.material)}</dd>
<dt>${fieldLabel(l, 'amount')}</dt><dd>${o.currency} ${o.amount} ≈ ${rupiah(l, o.valueIdr)}</dd>
<dt>${fieldLabel(l, 'shippingChannel')}</dt><dd>${channelLabel(l, o.shippingChannel)}</dd>
${o.weightKg !== null ? html`<dt>${fieldLabel(l, 'weightKg')}</dt><dd>${num(l, o.weightKg)} kg</dd>` : ''}
${o.hsCode ? html`<dt>${fieldLabel(l, 'hsCode')}</dt><dd>${o.hsCode}</dd>` : ''}
<dt>${fieldLabel(l, 'externalRef')}</dt><dd>${o.externalRef ?? '–'}</dd>
<dt>${tr(l, 'Dicatat', 'Logged')}</dt><dd>${dateTimeLabel(l, o.createdAt)}</dd>
${o.voidedAt ? html`<dt>${tr(l, 'Dibatalkan', 'Voided')}</dt><dd>${dateTimeLabel(l, o.voidedAt)} — ${o.voidReason ?? ''}</dd>` : ''}
</dl></div>
${!o.voidedAt ? html`<details class="card"><summary>${tr(l, 'Batalkan pesanan ini', 'Void this order')}</summary>
<form method="post" action="/pesanan/${o.id}/batal">${csrfField(c)}
<label for="reason">${tr(l, 'Alasan', 'Reason')}</label><input id="reason" name="reason" required maxlength="500">
<div class="actions"><button class="danger" type="submit">${tr(l, 'Batalkan pesanan', 'Void order')}</button></div></form></details>` : ''}
<div class="actions"><a class="btn" href="/pesanan/baru">${tr(l, '+ Catat pesanan lain', '+ Log another order')}</a><a class="btn secondary" href="/pesanan">${tr(l, 'Lihat semua pesanan', 'See all orders')}</a></div>`;
    return sendPage(reply, page(c, title, body, fresh ? { flash: { kind: 'ok', text: tr(l, 'Terima kasih, pesanan sudah tersimpan.', 'Thank you, the order is saved.') } } : {}));
  }

  @Post('pesanan/:id/batal')
  async void(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    if (!isUuid(id)) throw new InvalidInput('id: must be a UUID');
    const reason = str(body, 'reason').trim();
    if (!reason || reason.length > 500) throw new InvalidInput(tr(req.web.lang, 'Alasan pembatalan wajib diisi (paling banyak 500 karakter).', 'A reason is required (at most 500 characters).'));
    await this.orders.void(req.web.actor!, id.toLowerCase(), reason);
    return redirect(reply, '/pesanan?batal=1');
  }

  @Get('volume')
  async volume(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const today = wibDate(this.clock.now());
    const from = monthStart(addDays(monthStart(today), -330));
    const rows = await this.read.monthlyVolume(c.user!.business_id!, from);
    const markets = [...new Set(rows.map((r) => r.market))];
    const title = tr(l, 'Volume bulanan & dokumen', 'Monthly volume & paperwork');
    const flagsSection = await this.flags.forBusinessOwner(c, c.user!.business_id!);
    const body = html`<h1>${title}</h1>
${flagsSection}
<h2>${tr(l, 'Volume per negara tujuan (12 bulan terakhir)', 'Volume per destination (last 12 months)')}</h2>
${markets.length === 0 ? html`<p class="card">${tr(l, 'Belum ada pesanan dalam 12 bulan terakhir.', 'No orders in the last 12 months.')}</p>` : markets.map((m) => {
  const mine = rows.filter((r) => r.market === m);
  const tot = mine.reduce((s, r) => s + Number(r.value_idr), 0);
  return html`<section class="card" aria-labelledby="m-${m}"><h3 id="m-${m}">${countryName(l, m)} — ${rupiah(l, tot)}</h3>
<div class="scroll"><table><thead><tr><th scope="col">${tr(l, 'Bulan', 'Month')}</th><th scope="col" class="n">${tr(l, 'Pesanan', 'Orders')}</th><th scope="col" class="n">${tr(l, 'Nilai', 'Value')}</th><th scope="col" class="n">${tr(l, 'Kiriman terberat', 'Heaviest parcel')}</th></tr></thead>
<tbody>${mine.map((r) => html`<tr><td>${monthLabel(l, r.month)}</td><td class="n">${num(l, r.orders)}</td><td class="n">${rupiah(l, r.value_idr)}</td><td class="n">${r.max_weight ? `${num(l, r.max_weight)} kg` : '–'}</td></tr>`)}</tbody></table></div></section>`;
})}`;
    return sendPage(reply, page(c, title, body));
  }
}
