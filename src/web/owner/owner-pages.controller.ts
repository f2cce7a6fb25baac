import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Public } from '../../auth/auth.decorators';
import { Clock } from '../../common/clock';
import { InvalidInput } from '../../common/errors';
import { addDays, monthStart, wibDate } from '../../common/time';
import { isUuid, UUID_RULE } from '../../common/uuid.pipe';
import { PAGE_RULES } from '../problems';
import { VoidOrderDto } from '../../orders/dto/order.dto';
import { OrdersService } from '../../orders/orders.service';
import { RatesService } from '../../rates/rates.service';
import { clearCookie, readCookies, setCookie } from '../cookies';
import { BusinessFlagsView } from '../businesses/flags-view';
import { errorsFor, FieldErrors, validateForm } from '../forms';
import { tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage, str } from '../respond';
import { cookieOpts, WebExceptionFilter, WebGuard, WebRequest, WebRoles } from '../web-context';
import { OrdersStatsRepository } from '../../orders/orders-stats.repository';
import { ADVICE_COOKIE, ADVICE_MAX_AGE_S, decodeAdvice, encodeAdvice } from './advice-flash';
import { formToOrder, formValues, FormValues, newFormRef, orderFieldErrors } from './order-fields';
import { orderFormView } from './order-form.views';
import { orderDetailView, ordersListView } from './orders.views';
import { csvAdviceView, csvErrorsView, problemLine, rowProblems, uploadView } from './upload.views';
import { volumeView } from './volume.views';

const PRIORITY_CURRENCIES = ['IDR', 'MYR', 'CNY', 'USD', 'SGD'];

/** Pages for business owners: their order form, list, CSV upload and monthly volume, on the same OrdersService as the API. */
@ApiExcludeController()
@Public()
@WebRoles('business')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class OwnerPagesController {
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

  private async renderForm(req: WebRequest, reply: FastifyReply, values: FormValues, errors: FieldErrors, status = 200) {
    const c = req.web;
    const body = orderFormView(c, { values, errors, currencies: await this.currencies(), today: wibDate(this.clock.now()) });
    return sendPage(reply, page(c, tr(c.lang, 'Catat pesanan luar negeri', 'Log an overseas order'), body), status);
  }

  @Get('pesanan/baru')
  newOrder(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.renderForm(req, reply, { _ref: newFormRef() }, {});
  }

  /** The form's answers go through the API's own order validation; a refused field comes back beside the field, nothing stored. */
  @Post('pesanan')
  async create(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const values = formValues(body);
    try {
      const { order } = await this.orders.createOne(req.web.actor!, formToOrder(values));
      if (order.warnings.length) setCookie(reply, ADVICE_COOKIE, encodeAdvice(order.id, order.warnings), cookieOpts(req.web.secure, ADVICE_MAX_AGE_S));
      return redirect(reply, `/pesanan/${order.id}?baru=1`);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      return this.renderForm(req, reply, values, orderFieldErrors(Array.isArray(err.messages) ? err.messages : [err.messages]), 400);
    }
  }

  @Get('pesanan')
  async list(@Req() req: WebRequest, @Query('setelah') cursor: string | undefined, @Query('batal') voided: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const res = await this.orders.list(c.actor!, { cursor: cursor || undefined, limit: 50, includeVoided: true });
    const flash = voided
      ? {
          kind: 'ok' as const,
          text: tr(
            l,
            'Pesanan dibatalkan. Pesanan tetap tersimpan untuk audit tetapi tidak dihitung lagi.',
            'Order voided. It is kept for audit but no longer counted.',
          ),
        }
      : undefined;
    return sendPage(reply, page(c, tr(l, 'Pesanan saya', 'My orders'), ordersListView(c, res), { flash }));
  }

  @Get('pesanan/unggah')
  uploadPage(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    return sendPage(reply, page(req.web, tr(req.web.lang, 'Unggah pesanan dari CSV', 'Upload orders from CSV'), uploadView(req.web)));
  }

  /** The upload script streams the file here as text/csv; rejected rows come back explained per column, and as a table to show. */
  @Post('pesanan/unggah')
  async upload(@Req() req: WebRequest, @Query('importId') importId: string | undefined, @Res() reply: FastifyReply) {
    const ct = String(req.headers['content-type'] ?? '');
    if (!/^(text|application)\/csv\b/i.test(ct)) throw new InvalidInput(`Content-Type: ${PAGE_RULES.csv}`);
    const res = await this.orders.importCsv(req.web.actor!, undefined, req.body as Readable, importId);
    const l = req.web.lang;
    const rows = res.rejected.map((r) => ({ index: r.index, problems: rowProblems(l, r.errors) }));
    const rejected = rows.map((r) => ({ index: r.index, errors: r.problems.map((p) => problemLine(l, p)) }));
    const rejectedHtml = rows.length ? csvErrorsView(req.web, rows).value : '';
    const warningsHtml = res.warnings.length ? csvAdviceView(req.web, res.warnings, res.warnedCount ?? res.warnings.length).value : '';
    return reply
      .status(200)
      .header('cache-control', 'no-store')
      .send({ ...res, rejected, rejectedHtml, warningsHtml });
  }

  @Get('pesanan/unggah/:id')
  async uploadProgress(@Req() req: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply) {
    if (!isUuid(id)) throw new InvalidInput(`id: ${UUID_RULE}`);
    return reply.header('cache-control', 'no-store').send(await this.orders.importProgress(req.web.actor!, id.toLowerCase()));
  }

  @Get('pesanan/:id')
  async show(@Req() req: WebRequest, @Param('id') id: string, @Query('baru') fresh: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    if (!isUuid(id)) throw new InvalidInput(`id: ${UUID_RULE}`);
    const order = await this.orders.get(c.actor!, id.toLowerCase());
    const cookie = readCookies(req)[ADVICE_COOKIE];
    if (cookie) clearCookie(reply, ADVICE_COOKIE, c.secure);
    const advice = fresh ? decodeAdvice(cookie, order.id) : [];
    const title = fresh ? tr(c.lang, 'Pesanan tercatat', 'Order logged') : tr(c.lang, 'Pesanan', 'Order');
    const flash = fresh ? { kind: 'ok' as const, text: tr(c.lang, 'Terima kasih, pesanan sudah tersimpan.', 'Thank you, the order is saved.') } : undefined;
    return sendPage(reply, page(c, title, orderDetailView(c, { order, fresh: !!fresh, advice }), { flash }));
  }

  /** Voiding goes through the API's VoidOrderDto: a missing or too long reason re-renders the order with the error beside the field. */
  @Post('pesanan/:id/batal')
  async void(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const c = req.web;
    if (!isUuid(id)) throw new InvalidInput(`id: ${UUID_RULE}`);
    const form = await validateForm(VoidOrderDto, body);
    if (form.ok) {
      await this.orders.void(c.actor!, id.toLowerCase(), form.dto.reason);
      return redirect(reply, '/pesanan?batal=1');
    }
    const order = await this.orders.get(c.actor!, id.toLowerCase());
    const required = tr(c.lang, 'Alasan pembatalan wajib diisi (paling banyak 500 karakter).', 'A reason is required (at most 500 characters).');
    // the text rule keeps its own words; every other rule on the reason is "required, at most 500"
    const reasonError = Object.entries(form.errors)
      .map(([f, list]) => (f === 'reason' && !list.some((e) => e.rule === 'text') ? required : errorsFor(c.lang, form.errors, f).join(' ')))
      .join(' ');
    const reason = str(body, 'reason');
    return sendPage(reply, page(c, tr(c.lang, 'Pesanan', 'Order'), orderDetailView(c, { order, fresh: false, advice: [], reason, reasonError })), 400);
  }

  @Get('volume')
  async volume(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const c = req.web;
    const businessId = c.user!.business_id!;
    const from = monthStart(addDays(monthStart(wibDate(this.clock.now())), -330));
    const [rows, flags] = await Promise.all([this.read.monthlyVolume(businessId, from), this.flags.forBusinessOwner(c, businessId)]);
    return sendPage(reply, page(c, tr(c.lang, 'Volume bulanan & dokumen', 'Monthly volume & paperwork'), volumeView(c, { rows, flags })));
  }
}
