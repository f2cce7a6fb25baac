import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { InvalidInput } from '../common/errors';
import { uuidPipe } from '../common/uuid.pipe';
import { KpiReport } from './casework.types';
import { ActivityDto, ActivityListDto, CreateActivityDto, DueActivitiesQuery, KpiQuery, SetKpiTargetDto, UpdateActivityDto } from './dto/activity.dto';
import { ActivitiesService } from './activities.service';
import { KPI_CSV_COLUMNS, KpiService } from './kpi.service';

@ApiTags('casework')
@ApiBearerAuth()
@Controller()
export class CaseworkController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly kpi: KpiService,
  ) {}

  @Post('businesses/:id/activities')
  @Roles('admin', 'officer')
  @ApiCreatedResponse({ type: ActivityDto })
  create(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: CreateActivityDto) {
    return this.activities.create(actor, id, dto);
  }

  @Get('businesses/:id/activities')
  @ApiOkResponse({ type: ActivityListDto, description: 'Newest first (by on); a business key reads its own business only' })
  async list(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return { items: await this.activities.listForBusiness(actor, id) };
  }

  @Patch('activities/:id')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOkResponse({ type: ActivityDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateActivityDto) {
    return this.activities.update(actor, id, dto);
  }

  @Get('activities')
  @Roles('admin', 'officer')
  @ApiOkResponse({ type: ActivityListDto, description: 'Follow-ups not done: overdue (due before today, WIB) or due this ISO week' })
  async due(@Query() q: DueActivitiesQuery) {
    return { items: await this.activities.due(q.due, q.district) };
  }

  @Get('reports/kpi')
  @Roles('admin', 'officer')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: `The department's counts for the period, by kecamatan and by month. With Accept: text/csv: ${KPI_CSV_COLUMNS.join(', ')}` })
  async report(
    @Query() q: KpiQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<KpiReport | string> {
    const r = await this.kpi.report(q.from, q.to);
    if (accept && /\btext\/csv\b/i.test(accept)) {
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="siap-ekspor-kpi-${q.from}-${q.to}.csv"`);
      return this.kpi.csv(r);
    }
    return r;
  }

  @Get('reports/kpi/targets/:year')
  @Roles('admin', 'officer')
  async targets(@Param('year') year: string) {
    if (!/^\d{4}$/.test(year)) throw new InvalidInput('year: must be a year like 2026');
    return { year: Number(year), targets: await this.activities.targets(Number(year)) };
  }

  @Put('reports/kpi/targets')
  @Roles('admin')
  @HttpCode(200)
  async setTarget(@CurrentActor() actor: Actor, @Body() dto: SetKpiTargetDto) {
    return { year: dto.year, targets: await this.activities.setTarget(actor, dto.year, dto.metric, dto.target) };
  }
}
