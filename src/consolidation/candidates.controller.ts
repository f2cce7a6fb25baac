import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { resolveLang } from '../flags/i18n';
import { CandidatesService } from './candidates.service';
import { CandidatesDto, CandidatesQuery } from './dto/candidates.dto';

@ApiTags('consolidation')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'en… gives English texts; default Indonesian (?lang= wins)' })
@Controller('consolidation')
export class CandidatesController {
  constructor(private readonly candidates: CandidatesService) {}

  @Get('candidates')
  @Roles('admin', 'officer')
  @ApiOkResponse({ type: CandidatesDto, description: 'Joint-export candidates computed as of asOf (default yesterday, WIB), by key' })
  list(@Query() q: CandidatesQuery, @Headers('accept-language') al?: string): Promise<CandidatesDto> {
    return this.candidates.candidates(this.candidates.asOf(q.asOf), this.candidates.market(q.market), resolveLang(q.lang, al));
  }
}
