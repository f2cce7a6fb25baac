import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/auth.decorators';
import { BusinessesService } from '../../businesses/businesses.service';
import { ScorecardService } from '../../scorecard/scorecard.service';
import { html } from '../html';
import { tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage } from '../respond';
import { readCapacityForm } from '../scorecard/capacity-form';
import { capacityForm, scorecardView } from '../scorecard/scorecard.views';
import { WebCtx, WebExceptionFilter, WebGuard, WebRequest, WebRoles } from '../web-context';
import type { FormState } from '../businesses/businesses.views';

const PATH = '/pesanan/kapasitas';

/** The owner's 3K scorecard and its declared capacity, edited through the same DTO as PATCH /businesses/:id. */
@ApiExcludeController()
@Public()
@WebRoles('business')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class CapacityPagesController {
  constructor(
    private readonly businesses: BusinessesService,
    private readonly scorecard: ScorecardService,
  ) {}

  @Get('pesanan/kapasitas')
  show(@Req() req: WebRequest, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    return this.render(reply, req.web, ok === '1');
  }

  @Post('pesanan/kapasitas')
  async save(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const form = await readCapacityForm(body);
    if (!form.ok) return this.render(reply, req.web, false, form);
    await this.businesses.update(req.web.actor!, req.web.actor!.businessId!, form.dto);
    return redirect(reply, `${PATH}?ok=1`);
  }

  private async render(reply: FastifyReply, c: WebCtx, saved: boolean, state?: FormState) {
    const l = c.lang;
    const id = c.actor!.businessId!;
    const business = await this.businesses.get(c.actor!, id);
    const s = await this.scorecard.get(c.actor!, id, undefined, l);
    const body = html`<h1>${tr(l, 'Kapasitas & rapor 3K', 'Capacity & 3K scorecard')}</h1>
<p class="muted">${tr(
      l,
      'Kualitas, kuantitas dan kontinuitas: ukuran yang dipakai pendampingan ekspor Kemendag. Nyatakan kapasitas agar dinas tahu kapan Anda butuh bantuan produktivitas.',
      "Quality, quantity and continuity: the measures of Kemendag's export coaching. Declare your capacity so the department knows when you need help with productivity.",
    )}</p>
${scorecardView(l, s)}${capacityForm(c, PATH, business.monthlyCapacity, state)}`;
    const flash = saved ? { kind: 'ok' as const, text: tr(l, 'Kapasitas tersimpan.', 'Capacity saved.') } : undefined;
    return sendPage(reply, page(c, tr(l, 'Kapasitas & rapor 3K', 'Capacity & 3K scorecard'), body, { flash }), state ? 400 : 200);
  }
}
