import { Get, Query, Req, Res } from '@nestjs/common';
import { EXPIRY_SOON_DAYS } from '../../businesses/documents';
import { DocumentsService } from '../../businesses/documents.service';
import { Clock } from '../../common/clock';
import { wibDate } from '../../common/time';
import { expiringDocumentsView } from '../documents/expiring.views';
import { jointExportWeekView } from '../consolidation/groups.views';
import { html } from '../html';
import type { FastifyReply } from 'fastify';
import { isoWeekParam } from '../../common/validation';
import { InvalidInput } from '../../common/errors';
import { PAGE_RULES } from '../problems';
import { FlagsService } from '../../flags/flags.service';
import { ReportsService } from '../../reports/reports.service';
import { tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage } from '../respond';
import { WebPages, WebRequest } from '../web-context';
import { noWeeklyListView, WeeklyFilters, weeklyView } from './weekly.views';

/** `halaman`: the page of the list, from 1 (absent: the first). */
function pageParam(v: string | undefined): number {
  if (v === undefined || v === '') return 1;
  if (!/^[1-9]\d{0,5}$/.test(v)) throw new InvalidInput(`halaman: ${PAGE_RULES.fromOne}`);
  return Number(v);
}

function filtersOf(q: Record<string, string>): WeeklyFilters {
  return { district: q.kecamatan || undefined, market: q.pasar?.toUpperCase() || undefined, kind: q.jenis || undefined, change: q.perubahan || undefined };
}

/** The staff home: the published weekly list of a week, and its CSV. */
@WebPages('dinas', 'admin', 'officer')
export class WeeklyPagesController {
  /** Rows per page of the weekly list. Tests lower it. */
  static pageRows = 100;

  constructor(
    private readonly reports: ReportsService,
    private readonly flags: FlagsService,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  home(@Res() reply: FastifyReply) {
    return redirect(reply, '/dinas/mingguan');
  }

  @Get('mingguan')
  async weekly(@Req() req: WebRequest, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const c = req.web;
    const title = tr(c.lang, 'Daftar mingguan', 'Weekly list');
    const weeks = (await this.reports.weeks()).map((w) => w.week);
    const week = q.minggu ? isoWeekParam('minggu', q.minggu) : weeks[0];
    if (!week) return sendPage(reply, page(c, title, noWeeklyListView(c)));
    const filters = filtersOf(q);
    const pageNo = pageParam(q.halaman);
    const rows = WeeklyPagesController.pageRows;
    // one page of the frozen snapshot, picked out by Postgres with the filters: a list of any size is
    // never held or sent whole
    const { list, total, changes, markets, businesses } = await this.reports.page(week, c.lang, filters, (pageNo - 1) * rows, rows);
    const live = await this.flags.liveStatuses(
      c.actor!,
      list.items.map((i) => i.flagId),
    );
    // the permits and registrations of every matching business that run out within 60 days, as of today
    const today = wibDate(this.clock.now());
    const names = new Map(businesses.map((b) => [b.id, b.name]));
    const expiring = (await this.documents.expiringWithin(EXPIRY_SOON_DAYS, today, [...names.keys()])).map((d) => ({
      ...d,
      businessName: names.get(d.businessId),
    }));
    const notices = html`${expiringDocumentsView(c.lang, expiring, today)}${jointExportWeekView(c.lang, list.jointExport)}`;
    return sendPage(
      reply,
      page(c, `${title} ${week}`, weeklyView(c, { week, weeks, list, markets, filters, live, notices, total, changes, page: pageNo, pageRows: rows })),
    );
  }

  @Get('mingguan.csv')
  async weeklyCsv(@Req() req: WebRequest, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const week = isoWeekParam('minggu', q.minggu);
    // streamed from the snapshot in batches, as the API's CSV: the process never holds the whole list
    const csv = await this.reports.stream(week, req.web.lang, filtersOf(q), 'csv');
    return reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="daftar-mingguan-${week.replace(/[^0-9W-]/g, '')}.csv"`)
      .send(csv);
  }
}
