import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { resolveLang } from '../flags/i18n';
import { PathwayDto, PathwayQuery } from './dto/pathway.dto';
import { PathwayService } from './pathway.service';

@ApiTags('businesses')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'en… gives English step texts; default Indonesian (?lang= wins)' })
@Controller('businesses')
export class PathwayController {
  constructor(private readonly pathway: PathwayService) {}

  @Get(':id/pathway')
  @ApiOkResponse({ type: PathwayDto, description: 'The rung per market as of asOf; a business key reads its own business only (404 for another)' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Query() q: PathwayQuery, @Headers('accept-language') al?: string): Promise<PathwayDto> {
    return this.pathway.get(actor, id, q.asOf, resolveLang(q.lang, al));
  }
}
