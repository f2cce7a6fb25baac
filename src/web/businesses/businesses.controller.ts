import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InviteUserDto } from '../../accounts/dto/user.dto';
import { AccountsService } from '../../accounts/accounts.service';
import { BusinessesRepository } from '../../businesses/businesses.repository';
import { BusinessesService } from '../../businesses/businesses.service';
import { CreateBusinessDto } from '../../businesses/dto/business.dto';
import { Clock } from '../../common/clock';
import { NotFound } from '../../common/errors';
import { addDays, wibDate } from '../../common/time';
import { isUuid } from '../../common/uuid.pipe';
import { FlagsService } from '../../flags/flags.service';
import { RuleSetsService } from '../../flags/rule-sets.service';
import { ActivitiesService } from '../../casework/activities.service';
import { ExportGroupsService } from '../../consolidation/export-groups.service';
import { groupMembershipView } from '../consolidation/groups.views';
import { OrdersStatsRepository } from '../../orders/orders-stats.repository';
import { PathwayService } from '../../pathway/pathway.service';
import { activityLogView } from '../casework/casework.views';
import { html } from '../html';
import { ladderView } from '../ladder/ladder.views';
import { expiringDocumentsView } from '../documents/expiring.views';
import { DocumentsService } from '../../businesses/documents.service';
import { EXPIRY_SOON_DAYS } from '../../businesses/documents';
import { FieldErrors, validateForm } from '../forms';
import { Lang, tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage, str } from '../respond';
import { flagFlash } from '../review/review.views';
import { WebCtx, WebPages, WebRequest } from '../web-context';
import { businessDetailView } from './business-detail.views';
import { businessFlash, businessListView, FormState } from './businesses.views';
import { ScorecardService } from '../../scorecard/scorecard.service';
import { readCapacityForm } from '../scorecard/capacity-form';
import { capacityForm, scorecardView } from '../scorecard/scorecard.views';

/** History entries read per flag for a business page: the page shows the last few and the rest on demand. */
const FULL_HISTORY = 1000;
const CREATE_FIELDS = ['name', 'district', 'ownerName', 'email', 'phone'];

/** What the user typed into a form, kept for the page that shows the errors. */
function typed(body: unknown, fields: string[], lists: string[] = []): FormState['values'] {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const out: FormState['values'] = {};
  for (const f of fields) out[f] = str(b, f);
  for (const f of lists) out[f] = (Array.isArray(b[f]) ? b[f] : b[f] === undefined ? [] : [b[f]]).map(String);
  return out;
}

/** The value-threshold lines of the current rule set on the 13-week value chart. */
export function thresholdsOf(l: Lang, cur: { version: number; params: unknown }): Array<{ label: string; valueIdr: number }> {
  const p = cur.params as { readiness?: { enter?: { minValue13wIdr?: number }; stay?: { minValue13wIdr?: number } } };
  const enter = p.readiness?.enter?.minValue13wIdr;
  const stay = p.readiness?.stay?.minValue13wIdr;
  const out: Array<{ label: string; valueIdr: number }> = [];
  if (enter) out.push({ label: tr(l, `ambang masuk (v${cur.version})`, `enter threshold (v${cur.version})`), valueIdr: enter });
  if (stay && stay !== enter) out.push({ label: tr(l, 'ambang bertahan', 'stay threshold'), valueIdr: stay });
  return out;
}

/** The officers' business pages: the list with the form to add one, a business's page, and the owner invitation. */
@WebPages('dinas/usaha', 'admin', 'officer')
export class BusinessesPagesController {
  constructor(
    private readonly businesses: BusinessesService,
    private readonly businessRows: BusinessesRepository,
    private readonly accounts: AccountsService,
    private readonly flags: FlagsService,
    private readonly ruleSets: RuleSetsService,
    private readonly stats: OrdersStatsRepository,
    private readonly clock: Clock,
    private readonly pathway: PathwayService,
    private readonly activities: ActivitiesService,
    private readonly documents: DocumentsService,
    private readonly groups: ExportGroupsService,
    private readonly scorecard: ScorecardService,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    return this.listPage(reply, req.web, q.cari, q.kecamatan, q.ok);
  }

  @Post()
  async create(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const c = req.web;
    const form = await validateForm(CreateBusinessDto, body, { materials: 'list' });
    const values = typed(body, CREATE_FIELDS, ['materials']);
    const again = (errors: FieldErrors) => this.listPage(reply, c, undefined, undefined, undefined, { errors, values });
    if (!form.ok) return again(form.errors);
    const dto = form.dto;
    if (dto.email) {
      // the owner's invitation follows the business: its rules are checked before anything is stored
      const invite = await validateForm(InviteUserDto, { email: dto.email, name: dto.ownerName, role: 'business', locale: c.lang });
      if (!invite.ok) return again(Object.fromEntries(Object.entries(invite.errors).map(([k, v]) => [k === 'name' ? 'ownerName' : k, v])));
    }
    const b = await this.businesses.create(c.actor!, dto);
    if (dto.email) await this.accounts.invite(c.actor!, { email: dto.email, name: dto.ownerName, role: 'business', businessId: b.id, locale: c.lang });
    return redirect(reply, `/dinas/usaha/${b.id}?ok=${dto.email ? 'invited' : 'created'}`);
  }

  @Get(':id')
  async detail(@Req() req: WebRequest, @Param('id') id: string, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    return this.detailPage(reply, req.web, this.businessId(id), ok);
  }

  @Post(':id/undang')
  async invite(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const c = req.web;
    const businessId = this.businessId(id);
    const values = typed(body, ['email', 'name']);
    const form = await validateForm(InviteUserDto, { ...values, role: 'business', businessId, locale: c.lang });
    if (!form.ok) return this.detailPage(reply, c, businessId, undefined, { errors: form.errors, values });
    await this.accounts.invite(c.actor!, { ...form.dto, role: 'business', businessId });
    return redirect(reply, `/dinas/usaha/${businessId}?ok=invited`);
  }

  /** The declared capacity, through the API's DTO and rule: a refused entry comes back on its field, nothing stored. */
  @Post(':id/kapasitas')
  async capacity(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const businessId = this.businessId(id);
    const form = await readCapacityForm(body);
    if (!form.ok) return this.detailPage(reply, req.web, businessId, undefined, undefined, form);
    await this.businesses.update(req.web.actor!, businessId, form.dto);
    return redirect(reply, `/dinas/usaha/${businessId}?ok=capacity#scorecard`);
  }

  private businessId(id: string): string {
    if (!isUuid(id)) throw new NotFound('business');
    return id.toLowerCase();
  }

  private async listPage(reply: FastifyReply, c: WebCtx, search?: string, district?: string, ok?: string, create?: FormState) {
    const since = addDays(wibDate(this.clock.now()), -90);
    const rows = await this.businessRows.listWithActivity({ search: search?.slice(0, 100), district, since, limit: 500 });
    const body = businessListView(c, { rows, search, district, create });
    return sendPage(reply, page(c, tr(c.lang, 'Usaha binaan', 'Businesses'), body, { flash: businessFlash(c.lang, ok) }), create ? 400 : 200);
  }

  private async detailPage(reply: FastifyReply, c: WebCtx, id: string, ok?: string, invite?: FormState, capacity?: FormState) {
    const l = c.lang;
    const business = await this.businesses.get(c.actor!, id);
    const today = wibDate(this.clock.now());
    const from = addDays(today, -7 * 78);
    const [points, buyers, users, current, flags, ladder, casework, expiring, groups, scorecard] = await Promise.all([
      this.stats.weeklyVolume(id, from, today),
      this.stats.repeatBuyers(id, addDays(today, -7 * 13), today),
      this.accounts.list(c.actor!, { businessId: id }),
      this.ruleSets.current(),
      this.flags.list(c.actor!, { businessId: id, limit: 100 }, l),
      this.pathway.forBusiness(id, this.pathway.asOf(undefined), l),
      this.activities.listForBusiness(c.actor!, id),
      this.documents.expiringWithin(EXPIRY_SOON_DAYS, today, [id]),
      this.groups.list({ businessId: id }),
      this.scorecard.compute(c.actor!, id, addDays(today, -1)),
    ]);
    const history = await this.flags.historyTails(
      c.actor!,
      flags.items.map((f) => f.id),
      FULL_HISTORY,
      l,
    );
    const view = businessDetailView(c, {
      business,
      accounts: users.map((u) => u.email),
      buyers,
      chart: { from, to: today, points, thresholds: thresholdsOf(l, current) },
      flags: flags.items,
      history,
      today,
      invite,
    });
    // the export ladder per market (with the documents register one click away) and the casework log
    const more = html`${scorecardView(l, this.scorecard.toDto(scorecard, l))}
${capacityForm(c, `/dinas/usaha/${id}/kapasitas`, business.monthlyCapacity, capacity)}
${expiringDocumentsView(l, expiring, today)}${groupMembershipView(l, id, groups)}<section id="tangga"><h2>${tr(l, 'Tangga ekspor', 'Export ladder')}</h2>
<p><a href="/dinas/usaha/${id}/dokumen">${tr(l, 'Dokumen terverifikasi', 'Verified documents')}</a></p>
${ladder.markets.length ? ladder.markets.map((m) => ladderView(c, m)) : html`<p class="muted">${tr(l, 'Belum ada pesanan dalam 26 minggu terakhir.', 'No orders in the last 26 weeks.')}</p>`}</section>
${activityLogView(c, id, casework)}`;
    const flash =
      ok === 'activity'
        ? { kind: 'ok' as const, text: tr(l, 'Kegiatan tercatat.', 'Activity logged.') }
        : ok === 'capacity'
          ? { kind: 'ok' as const, text: tr(l, 'Kapasitas tersimpan.', 'Capacity saved.') }
          : (businessFlash(l, ok) ?? flagFlash(l, ok));
    return sendPage(reply, page(c, business.name, html`${view}${more}`, { flash }), invite || capacity ? 400 : 200);
  }
}
