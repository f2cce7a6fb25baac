import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { DigestsService } from './digests.service';
import {
  CreateSubscriptionDto,
  DigestDeliveryListDto,
  DigestSettingsDto,
  ListDigestDeliveriesQuery,
  SendDigestDto,
  SendDigestResultDto,
  SubscriptionDto,
  SubscriptionListDto,
  UpdateSubscriptionDto,
} from './dto/digest.dto';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const page = (title: string, body: string) =>
  `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;max-width:560px;margin:40px auto;padding:0 16px">${body}</body></html>`;

@ApiTags('digests')
@ApiBearerAuth()
@Roles('admin', 'officer')
@Controller('digests')
export class DigestsController {
  constructor(private readonly digests: DigestsService) {}

  @Post('subscriptions')
  @ApiCreatedResponse({ type: SubscriptionDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSubscriptionDto): Promise<SubscriptionDto> {
    return this.digests.create(actor, dto);
  }

  @Get('subscriptions')
  @ApiOkResponse({ type: SubscriptionListDto })
  async list(): Promise<SubscriptionListDto> {
    return { items: await this.digests.list() };
  }

  @Get('subscriptions/:id')
  @ApiOkResponse({ type: SubscriptionDto })
  get(@Param('id', uuidPipe) id: string): Promise<SubscriptionDto> {
    return this.digests.get(id);
  }

  @Patch('subscriptions/:id')
  @ApiOkResponse({ type: SubscriptionDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateSubscriptionDto): Promise<SubscriptionDto> {
    return this.digests.update(actor, id, dto);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    return this.digests.remove(actor, id);
  }

  @Post('send')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: SendDigestResultDto,
    description: 'Sends that published week to every subscriber who has not had it; calling again sends nothing new',
  })
  send(@Body() dto: SendDigestDto): Promise<SendDigestResultDto> {
    return this.digests.sendWeek(dto.week);
  }

  @Get('deliveries')
  @ApiOkResponse({ type: DigestDeliveryListDto })
  async deliveries(@Query() q: ListDigestDeliveriesQuery): Promise<DigestDeliveryListDto> {
    return { items: await this.digests.deliveries(q.week, q.subscriptionId, q.limit) };
  }

  @Get('settings')
  @ApiOkResponse({ type: DigestSettingsDto })
  async settings(): Promise<DigestSettingsDto> {
    return { businessNoticesEnabled: await this.digests.noticesEnabled() };
  }

  @Put('settings')
  @Roles('admin')
  @ApiOkResponse({ type: DigestSettingsDto, description: 'Admin switch for notices to flagged businesses (off by default)' })
  async setSettings(@CurrentActor() actor: Actor, @Body() dto: DigestSettingsDto): Promise<DigestSettingsDto> {
    return { businessNoticesEnabled: await this.digests.setNotices(actor, dto.businessNoticesEnabled) };
  }

  /** The link in the email: a page with one button (mail scanners prefetch GETs, so GET changes nothing). */
  @Get('unsubscribe')
  @Public()
  @ApiProduces('text/html')
  @ApiQuery({ name: 's', description: 'subscription id' })
  @ApiQuery({ name: 't', description: 'signature (HMAC with APP_SECRET)' })
  @ApiOkResponse({ description: 'Confirmation page with a one-click button' })
  unsubscribePage(@Query('s') s: string, @Query('t') t: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    reply.header('content-type', 'text/html; charset=utf-8');
    if (!this.digests.checkUnsubscribeLink(String(s ?? ''), String(t ?? ''))) {
      reply.status(400);
      return page(
        'Tautan tidak valid',
        '<h1>Tautan tidak valid / Invalid link</h1><p>Salin seluruh tautan dari email. / Copy the whole link from the email.</p>',
      );
    }
    const action = `?s=${encodeURIComponent(s)}&t=${encodeURIComponent(t)}`;
    return page(
      'Berhenti berlangganan',
      `<h1>Berhenti berlangganan ringkasan Siap Ekspor?</h1><p>Unsubscribe from Siap Ekspor digests?</p><form method="post" action="${esc(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:16px;padding:8px 16px">Berhenti berlangganan / Unsubscribe</button></form>`,
    );
  }

  /** RFC 8058 one-click (List-Unsubscribe-Post) and the page's button. */
  @Post('unsubscribe')
  @Public()
  @HttpCode(200)
  @ApiExcludeEndpoint(false)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Unsubscribed (idempotent)' })
  async unsubscribe(@Query('s') s: string, @Query('t') t: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const sub = await this.digests.unsubscribe(String(s ?? ''), String(t ?? ''));
    reply.header('content-type', 'text/html; charset=utf-8');
    return page(
      'Berhenti berlangganan',
      `<h1>${sub.locale === 'en' ? 'You are unsubscribed' : 'Anda sudah berhenti berlangganan'}</h1><p>${esc(sub.email)}</p>`,
    );
  }
}
