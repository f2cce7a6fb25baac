import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/auth.decorators';
import { BusinessesService } from '../../businesses/businesses.service';
import { ActivitiesService } from '../../casework/activities.service';
import { CreateActivityDto, SetKpiTargetDto, UpdateActivityDto } from '../../casework/dto/activity.dto';
import { KpiService } from '../../casework/kpi.service';
import { Clock } from '../../common/clock';
import { Forbidden, InvalidInput } from '../../common/errors';
import { canonicalDistrict } from '../../common/reference-data';
import { addDays, isValidDate, wibDate } from '../../common/time';
import { uuidPipe } from '../../common/uuid.pipe';
import { PAGE_RULES } from '../problems';
import { FlagsService } from '../../flags/flags.service';
import { validateForm } from '../forms';
import { countryName, kindLabel, tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage } from '../respond';
import { WebExceptionFilter, WebGuard, WebRequest, WebRoles } from '../web-context';
import { activityFormView, followUpsView, kpiReportView } from './casework.views';

/** A day given in a page's query (dari/sampai), or the default; a bad day is a 400 naming the field. */
function dayParam(field: string, v: string | undefined, dflt: string): string {
  if (!v) return dflt;
  if (!isValidDate(v)) throw new InvalidInput(`${field}: ${PAGE_RULES.date}`);
  return v;
}

/** Casework pages for officers: the quick activity form, the follow-up list and the department's report. */
@ApiExcludeController()
@Public()
@WebRoles('admin', 'officer')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller('dinas')
export class CaseworkPagesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly kpi: KpiService,
    private readonly businesses: BusinessesService,
    private readonly flags: FlagsService,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return wibDate(this.clock.now());
  }

  private async form(req: WebRequest, id: string, values: Record<string, string>, errors?: Parameters<typeof activityFormView>[1]['errors']) {
    const c = req.web;
    const b = await this.businesses.get(c.actor!, id);
    const flags = await this.flags.list(c.actor!, { businessId: id, active: true }, c.lang);
    const options = flags.items.map((f) => ({ id: f.id, label: `${kindLabel(c.lang, f.kind)} · ${countryName(c.lang, f.market)}` }));
    const title = tr(c.lang, 'Catat kegiatan', 'Log an activity');
    return page(c, `${title} · ${b.name}`, activityFormView(c, { business: { id: b.id, name: b.name }, values, errors, flags: options, today: this.today() }));
  }

  @Get('usaha/:id/kunjungan')
  async newActivity(@Req() req: WebRequest, @Param('id', uuidPipe) id: string, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    return sendPage(reply, await this.form(req, id, { type: q.jenis ?? 'visit', flagId: q.bendera ?? '' }));
  }

  @Post('usaha/:id/kegiatan')
  async createActivity(@Req() req: WebRequest, @Param('id', uuidPipe) id: string, @Body() body: Record<string, string>, @Res() reply: FastifyReply) {
    const r = await validateForm(CreateActivityDto, body);
    if (!r.ok) return sendPage(reply, await this.form(req, id, body, r.errors), 400);
    try {
      await this.activities.create(req.web.actor!, id, r.dto);
    } catch (e) {
      // the service's own rules (a day in the future, a flag of another business): beside their field
      if (e instanceof InvalidInput) {
        const msg = (Array.isArray(e.messages) ? e.messages[0] : e.messages) ?? '';
        const field = msg.split(':')[0];
        return sendPage(reply, await this.form(req, id, body, { [field]: [{ rule: 'service', message: msg.slice(field.length + 1).trim() }] }), 400);
      }
      throw e;
    }
    return redirect(reply, `/dinas/usaha/${id}?ok=activity#kegiatan`);
  }

  @Post('kegiatan/:id/selesai')
  async done(@Req() req: WebRequest, @Param('id', uuidPipe) id: string, @Body() body: Record<string, string>, @Res() reply: FastifyReply) {
    const r = await validateForm(UpdateActivityDto, { doneOn: body.doneOn || this.today(), outcome: body.outcome });
    if (!r.ok)
      throw new InvalidInput(
        Object.values(r.errors)
          .flat()
          .map((e) => e.message),
      );
    await this.activities.update(req.web.actor!, id, r.dto);
    return redirect(reply, body.lanjut ?? '/dinas/tindak-lanjut', '/dinas/tindak-lanjut');
  }

  @Get('tindak-lanjut')
  async followUps(@Req() req: WebRequest, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const c = req.web;
    const district = q.kecamatan ? canonicalDistrict(q.kecamatan) : undefined;
    if (q.kecamatan && !district) throw new InvalidInput(`kecamatan: ${PAGE_RULES.kecamatan}`);
    if (q.due !== undefined && q.due !== 'overdue') throw new InvalidInput(`due: ${PAGE_RULES.overdue}`);
    if (q.due === 'overdue') {
      // what the banner on every page counts: the overdue ones in the officer's kecamatan (WebGuard)
      const scope = district ? undefined : (c.followUps?.districts ?? undefined);
      const overdue = await this.activities.due('overdue', district, scope);
      const data = { district, scope, overdue, thisWeek: null, today: this.today() };
      return sendPage(reply, page(c, tr(c.lang, 'Tindak lanjut terlambat', 'Overdue follow-ups'), followUpsView(c, data)));
    }
    const [overdue, thisWeek] = await Promise.all([this.activities.due('overdue', district), this.activities.due('this_week', district)]);
    return sendPage(reply, page(c, tr(c.lang, 'Tindak lanjut', 'Follow-ups'), followUpsView(c, { district, overdue, thisWeek, today: this.today() })));
  }

  private async report(q: Record<string, string>) {
    const yesterday = addDays(this.today(), -1);
    const to = dayParam('sampai', q.sampai, yesterday);
    const from = dayParam('dari', q.dari, `${to.slice(0, 4)}-01-01`);
    return this.kpi.report(from, to);
  }

  @Get('laporan')
  async kpiPage(@Req() req: WebRequest, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const c = req.web;
    const r = await this.report(q);
    return sendPage(reply, page(c, tr(c.lang, 'Laporan kinerja', 'Performance report'), kpiReportView({ ...c, admin: c.user?.role === 'admin' }, r)));
  }

  @Get('laporan.csv')
  async kpiCsv(@Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const r = await this.report(q);
    return reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="laporan-kinerja-${r.from}-${r.to}.csv"`)
      .send(this.kpi.csv(r));
  }

  @Post('laporan/target')
  async setTarget(@Req() req: WebRequest, @Body() body: Record<string, string>, @Res() reply: FastifyReply) {
    if (req.web.user?.role !== 'admin') throw new Forbidden('only admins set the yearly targets');
    const r = await validateForm(SetKpiTargetDto, body, { year: 'int', target: 'int' });
    if (!r.ok) throw new InvalidInput(Object.entries(r.errors).map(([f, e]) => `${f}: ${e[0].message}`));
    await this.activities.setTarget(req.web.actor!, r.dto.year, r.dto.metric, r.dto.target);
    return redirect(reply, `/dinas/laporan?dari=${r.dto.year}-01-01`);
  }
}
