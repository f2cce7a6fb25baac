import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CandidatesService } from '../../consolidation/candidates.service';
import { COMMON_MARKETS, tr } from '../i18n';
import { page } from '../layout';
import { sendPage } from '../respond';
import { WebPages, WebRequest } from '../web-context';
import { candidatesView } from './candidates.views';

/** Joint-export candidates as of a date (default yesterday, WIB), computed on demand like the API. */
@WebPages('dinas', 'admin', 'officer')
export class CandidatesPagesController {
  constructor(private readonly candidates: CandidatesService) {}

  @Get('ekspor-bersama')
  async list(@Req() req: WebRequest, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const c = req.web;
    const asOf = this.candidates.asOf(q.asOf);
    const market = this.candidates.market(q.market);
    const result = await this.candidates.candidates(asOf, market, c.lang);
    const markets = [...new Set([...COMMON_MARKETS, ...result.items.map((i) => i.market), ...(market ? [market] : [])])].sort();
    return sendPage(reply, page(c, tr(c.lang, 'Ekspor bersama', 'Joint export'), candidatesView(c, { asOf, market, markets, items: result.items })));
  }
}
