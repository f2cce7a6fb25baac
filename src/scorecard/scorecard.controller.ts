import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { resolveLang } from '../flags/i18n';
import { ScorecardDto, ScorecardQuery } from './dto/scorecard.dto';
import { ScorecardService } from './scorecard.service';

@ApiTags('businesses')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'en… gives English reasons; default Indonesian (?lang= wins)' })
@Controller('businesses')
export class ScorecardController {
  constructor(private readonly scorecard: ScorecardService) {}

  @Get(':id/scorecard')
  @ApiOkResponse({ type: ScorecardDto, description: 'The 3K scorecard as of asOf; a business key reads its own business only (404 for another)' })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe) id: string,
    @Query() q: ScorecardQuery,
    @Headers('accept-language') al?: string,
  ): Promise<ScorecardDto> {
    return this.scorecard.get(actor, id, q.asOf, resolveLang(q.lang, al));
  }
}
