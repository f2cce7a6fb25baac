import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { FlagDto, FlagHistoryDto, FlagListDto, LangQuery, ListFlagsQuery, SnoozeFlagDto, UpdateFlagDto } from './dto/flag.dto';
import { PaperworkDto, PaperworkListDto, PublishRuleSetDto, RuleSetDto, RuleSetListDto } from './dto/rule-set.dto';
import { FlagsService } from './flags.service';
import { resolveLang } from './i18n';
import { RuleSetsService } from './rule-sets.service';

const LANG_HEADER = { name: 'Accept-Language', required: false, description: 'en… gives English texts; default Indonesian (?lang= wins)' };

@ApiTags('flags')
@ApiBearerAuth()
@ApiHeader(LANG_HEADER)
@Controller('flags')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Get()
  @ApiOkResponse({ type: FlagListDto, description: 'A business key sees only its own flags' })
  list(@CurrentActor() actor: Actor, @Query() q: ListFlagsQuery, @Headers('accept-language') al?: string): Promise<FlagListDto> {
    return this.flags.list(actor, q, resolveLang(q.lang, al));
  }

  @Get(':id')
  @ApiOkResponse({ type: FlagDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Query() q: LangQuery, @Headers('accept-language') al?: string): Promise<FlagDto> {
    return this.flags.get(actor, id, resolveLang(q.lang, al));
  }

  @Patch(':id')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOkResponse({ type: FlagDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe) id: string,
    @Body() dto: UpdateFlagDto,
    @Query() q: LangQuery,
    @Headers('accept-language') al?: string,
  ): Promise<FlagDto> {
    return this.flags.updateStatus(actor, id, dto.status, dto.note, resolveLang(q.lang, al));
  }

  @Post(':id/snooze')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOkResponse({ type: FlagDto })
  snooze(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe) id: string,
    @Body() dto: SnoozeFlagDto,
    @Query() q: LangQuery,
    @Headers('accept-language') al?: string,
  ): Promise<FlagDto> {
    return this.flags.snooze(actor, id, dto.until, dto.note, resolveLang(q.lang, al));
  }

  @Get(':id/history')
  @ApiOkResponse({ type: FlagHistoryDto, description: 'Every evaluation and status change, oldest first, with actor and note' })
  history(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe) id: string,
    @Query() q: LangQuery,
    @Headers('accept-language') al?: string,
  ): Promise<FlagHistoryDto> {
    return this.flags.history(actor, id, resolveLang(q.lang, al));
  }
}

@ApiTags('rule-sets')
@ApiBearerAuth()
@Controller()
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @Get('rule-sets')
  @Roles('admin', 'officer')
  @ApiOkResponse({ type: RuleSetListDto })
  async list(): Promise<RuleSetListDto> {
    return { items: await this.ruleSets.list() };
  }

  @Get('rule-sets/current')
  @Roles('admin', 'officer')
  @ApiOkResponse({ type: RuleSetDto })
  current(): Promise<RuleSetDto> {
    return this.ruleSets.current();
  }

  @Get('rule-sets/:version')
  @Roles('admin', 'officer')
  @ApiOkResponse({ type: RuleSetDto })
  get(@Param('version', ParseIntPipe) version: number): Promise<RuleSetDto> {
    return this.ruleSets.get(version);
  }

  @Post('rule-sets')
  @Roles('admin')
  @ApiCreatedResponse({ type: RuleSetDto, description: 'Publishes the next version; earlier versions never change. Runs started afterwards use it.' })
  publish(@CurrentActor() actor: Actor, @Body() dto: PublishRuleSetDto): Promise<RuleSetDto> {
    return this.ruleSets.publish(actor, dto.params, dto.note);
  }

  @Get('paperwork')
  @Roles('admin', 'officer')
  @ApiOkResponse({ type: PaperworkListDto })
  async paperwork(): Promise<PaperworkListDto> {
    return { items: await this.ruleSets.listPaperwork() };
  }

  @Put('paperwork/:code')
  @Roles('admin', 'officer')
  @ApiBody({ type: PaperworkDto })
  @ApiOkResponse({ type: PaperworkDto, description: 'Creates or replaces a catalog entry; the next evaluation uses it' })
  putPaperwork(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: unknown): Promise<PaperworkDto> {
    return this.ruleSets.putPaperwork(actor, code, body);
  }
}
