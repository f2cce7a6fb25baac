import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { InviteUserDto } from '../../accounts/dto/user.dto';
import { AccountsService } from '../../accounts/accounts.service';
import { Public } from '../../auth/auth.decorators';
import { Clock } from '../../common/clock';
import { Forbidden, InvalidInput, NotFound } from '../../common/errors';
import { isUuid } from '../../common/uuid.pipe';
import { CreateSubscriptionDto } from '../../digests/dto/digest.dto';
import { DigestsService } from '../../digests/digests.service';
import { CreateRateDto } from '../../rates/dto/rate.dto';
import { RatesService } from '../../rates/rates.service';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { FieldErrors, FieldKind, validateForm } from '../forms';
import { tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage, str } from '../respond';
import { WebExceptionFilter, WebGuard, WebRequest, WebRoles } from '../web-context';
import { SettingsForm, settingsPage } from './settings.views';
import { webhookPage } from './webhook.views';

/** Newest deliveries listed on an endpoint's log. */
const DELIVERIES_SHOWN = 100;

const FLASH: Record<string, [string, string]> = {
  invited: ['Undangan terkirim lewat email.', 'Invitation sent by email.'],
  reset: ['Tautan atur ulang kata sandi terkirim.', 'Password reset link sent.'],
  created: ['Tersimpan.', 'Saved.'],
  redelivered: [
    'Pengiriman ulang dijadwalkan: percobaan baru dengan id peristiwa yang sama.',
    'Redelivery scheduled: a new round of attempts with the same event id.',
  ],
};

/** A service's own "field: rule" refusals, by field, for the form that was posted. */
function serviceErrors(err: InvalidInput): FieldErrors {
  const out: FieldErrors = {};
  for (const m of Array.isArray(err.messages) ? err.messages : [err.messages]) {
    const i = m.indexOf(': ');
    (out[i > 0 ? m.slice(0, i) : 'form'] ??= []).push({ rule: 'service', message: i > 0 ? m.slice(i + 2) : m });
  }
  return out;
}

/** Settings for staff: users and invitations, digest subscribers, webhooks (admins), exchange rates. */
@ApiExcludeController()
@Public()
@WebRoles('admin', 'officer')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller('dinas/pengaturan')
export class SettingsPagesController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly digests: DigestsService,
    private readonly rates: RatesService,
    private readonly webhooks: WebhooksService,
    private readonly clock: Clock,
  ) {}

  private async render(req: WebRequest, reply: FastifyReply, ok?: string, failed?: { form: SettingsForm; body: unknown; errors: FieldErrors }) {
    const c = req.web;
    const l = c.lang;
    const admin = c.user!.role === 'admin';
    const [users, rates, subscribers, webhooks] = await Promise.all([
      this.accounts.list(c.actor!),
      this.rates.latest(),
      this.digests.list(),
      admin ? this.webhooks.list() : null,
    ]);
    const typed = failed?.body && typeof failed.body === 'object' ? Object.keys(failed.body) : [];
    const state = failed && { form: failed.form, input: Object.fromEntries(typed.map((k) => [k, str(failed.body, k)])), errors: failed.errors };
    const body = settingsPage({ ...c, admin, now: this.clock.now() }, { users, rates, subscribers, webhooks, failed: state });
    const flash = ok && FLASH[ok] ? { kind: 'ok' as const, text: tr(l, ...FLASH[ok]) } : undefined;
    return sendPage(reply, page(c, tr(l, 'Pengaturan', 'Settings'), body, { flash }), failed ? 400 : 200);
  }

  /** Validates a form post with the API's DTO, then calls the service; a bad field re-renders the page with 400, nothing stored. */
  private async post<T extends object>(
    req: WebRequest,
    reply: FastifyReply,
    form: { name: SettingsForm; dto: new () => T; kinds?: Record<string, FieldKind> },
    body: unknown,
    save: (dto: T) => Promise<unknown>,
    ok: string,
  ) {
    const v = await validateForm(form.dto, body, form.kinds);
    if (!v.ok) return this.render(req, reply, undefined, { form: form.name, body, errors: v.errors });
    try {
      await save(v.dto);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      return this.render(req, reply, undefined, { form: form.name, body, errors: serviceErrors(err) });
    }
    return redirect(reply, `/dinas/pengaturan?ok=${ok}`);
  }

  @Get()
  settings(@Req() req: WebRequest, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    return this.render(req, reply, ok);
  }

  @Post('pengguna')
  inviteUser(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const invite = (dto: InviteUserDto) => this.accounts.invite(req.web.actor!, { ...dto, locale: dto.locale ?? req.web.lang });
    return this.post(req, reply, { name: 'invite', dto: InviteUserDto }, body, invite, 'invited');
  }

  @Post('pengguna/:id/reset')
  async resetUser(@Req() req: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply) {
    if (!isUuid(id)) throw new NotFound('user');
    await this.accounts.adminReset(req.web.actor!, id.toLowerCase());
    return redirect(reply, '/dinas/pengaturan?ok=reset');
  }

  @Post('pelanggan')
  addSubscriber(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const form = { name: 'subscriber' as const, dto: CreateSubscriptionDto, kinds: { districts: 'list' as const } };
    return this.post(req, reply, form, body, (dto) => this.digests.create(req.web.actor!, dto), 'created');
  }

  @Post('kurs')
  addRate(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    if (req.web.user!.role !== 'admin') throw new Forbidden();
    const form = { name: 'rate' as const, dto: CreateRateDto, kinds: { idrPerUnit: 'number' as const } };
    return this.post(req, reply, form, body, (dto) => this.rates.add(req.web.actor!, dto), 'created');
  }

  @Get('webhook/:id')
  async webhookLog(@Req() req: WebRequest, @Param('id') id: string, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    if (c.user!.role !== 'admin') throw new Forbidden('webhooks are managed by admins');
    if (!isUuid(id)) throw new NotFound('webhook');
    const hookId = id.toLowerCase();
    const [hook, deliveries] = await Promise.all([this.webhooks.get(hookId), this.webhooks.deliveries(hookId, undefined, DELIVERIES_SHOWN)]);
    const flash = ok && FLASH[ok] ? { kind: 'ok' as const, text: tr(l, ...FLASH[ok]) } : undefined;
    return sendPage(reply, page(c, tr(l, 'Log pengiriman webhook', 'Webhook delivery log'), webhookPage(c, { hook, deliveries }), { flash }));
  }

  /** The API's POST /webhooks/:id/deliveries/:deliveryId/redeliver, from the delivery log. */
  @Post('webhook/:id/pengiriman/:deliveryId/kirim-ulang')
  async redeliver(@Req() req: WebRequest, @Param('id') id: string, @Param('deliveryId') delivery: string, @Res() reply: FastifyReply) {
    if (req.web.user!.role !== 'admin') throw new Forbidden('webhooks are managed by admins');
    if (!isUuid(id) || !isUuid(delivery)) throw new NotFound('delivery');
    await this.webhooks.redeliver(req.web.actor!, id.toLowerCase(), delivery.toLowerCase());
    return redirect(reply, `/dinas/pengaturan/webhook/${id.toLowerCase()}?ok=redelivered`);
  }
}
