import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/auth.decorators';
import { PathwayService } from '../../pathway/pathway.service';
import { tr } from '../i18n';
import { page } from '../layout';
import { sendPage } from '../respond';
import { WebExceptionFilter, WebGuard, WebRequest, WebRoles } from '../web-context';
import { nextStepPage } from './ladder.views';

/** The owner's next step on the export ladder, per market, as of yesterday (WIB). */
@ApiExcludeController()
@Public()
@WebRoles('business')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class LadderPagesController {
  constructor(private readonly pathway: PathwayService) {}

  @Get('pesanan/langkah')
  async nextStep(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const c = req.web;
    const p = await this.pathway.forBusiness(c.actor!.businessId!, this.pathway.asOf(undefined), c.lang);
    return sendPage(reply, page(c, tr(c.lang, 'Langkah berikutnya', 'Your next step'), nextStepPage(c, p)));
  }
}
