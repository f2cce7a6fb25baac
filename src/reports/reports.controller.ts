import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProduces, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Roles } from '../auth/auth.decorators';
import { InvalidInput } from '../common/errors';
import { parseIsoWeek } from '../common/time';
import { PublishedWeekListDto, PublishResultDto, WeeklyListDto, WeeklyListQuery } from './dto/weekly-list.dto';
import { ReportsService } from './reports.service';
import { CSV_COLUMNS } from './weekly-list.view';

const weekParam = (week: string) => {
  if (!parseIsoWeek(week)) throw new InvalidInput('week: must be an ISO week like 2026-W47');
  return week;
};

@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'officer')
@ApiExtraModels(WeeklyListDto)
@Controller('reports/weekly')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOkResponse({ type: PublishedWeekListDto, description: 'Published weeks, newest first' })
  async weeks(): Promise<PublishedWeekListDto> {
    return { items: await this.reports.weeks() };
  }

  @Get(':week')
  @ApiParam({ name: 'week', example: '2026-W47' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: `The frozen weekly list (404 before publication). With Accept: text/csv: UTF-8 with BOM, a header row (${CSV_COLUMNS.join(', ')}); lists inside a cell joined with ";" (reasons with " | "); text cells starting with = + - @ get a leading apostrophe.`,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(WeeklyListDto) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async get(
    @Param('week') week: string,
    @Query() q: WeeklyListQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    weekParam(week);
    const filters = { district: q.district, market: q.market, kind: q.kind, change: q.change };
    const lang = q.lang ?? 'id';
    const csv = !!accept && /\btext\/csv\b/i.test(accept);
    // streamed from the snapshot in batches; a list that is not published is a JSON 404 before any byte
    const body = await this.reports.stream(week, lang, filters, csv ? 'csv' : 'json');
    if (csv) reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="siap-ekspor-weekly-${week}.csv"`);
    else reply.header('content-type', 'application/json; charset=utf-8');
    return body;
  }

  @Post(':week/publish')
  @HttpCode(200)
  @ApiParam({ name: 'week', example: '2026-W47' })
  @ApiOkResponse({ type: PublishResultDto, description: 'Publishes now if a run as of that Sunday has completed; publishing again changes nothing' })
  async publish(@Param('week') week: string): Promise<PublishResultDto> {
    return { week, outcome: await this.reports.publish(weekParam(week)) };
  }
}
