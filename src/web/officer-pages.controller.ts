import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService } from '../accounts/accounts.service';
import { Public } from '../auth/auth.decorators';
import { BusinessesService } from '../businesses/businesses.service';
import { Clock } from '../common/clock';
import { InvalidInput, NotFound } from '../common/errors';
import { DISTRICTS, MATERIALS } from '../common/reference-data';
import { addDays, wibDate } from '../common/time';
import { isUuid } from '../common/uuid.pipe';
import { isoWeekParam } from '../common/validation';
import { weeklyListJson } from '../reports/weekly-list.view';
import { weeklyChart } from './chart';
import { backendMissing, FlagTimeline, flagTimelineView } from './flags-view';
import { html, qs, SafeHtml } from './html';
import { changeLabel, countryName, dateLabel, dateTimeLabel, kindLabel, Lang, materialLabel, num, rupiah, statusLabel, tr } from './i18n';
import { csrfField, page } from './layout';
import { redirect, sendPage, str } from './respond';
import { WebCtx, WebExceptionFilter, WebGuard, WebRequest, WebRoles } from './web-context';
import { WebBackend } from './web-backend';
import { WebReadRepository } from './web-read.repository';

const STAFF_STATUSES = ['open', 'in_review', 'paperwork_in_progress', 'formal_exporter', 'dismissed'];
const ACTIVE = ['open', 'in_review', 'paperwork_in_progress'];
const NO_HISTORY: FlagTimeline = { total: 0, items: [] };
/** Latest history entries shown per flag in the review queue. */
const QUEUE_HISTORY_SHOWN = 5;

function flash(l: Lang, q: string | undefined): { kind: 'ok'; text: string } | undefined {
  const texts: Record<string, [string, string]> = {
    status: ['Status bendera diperbarui.', 'Flag status updated.'],
    snooze: ['Bendera ditunda.', 'Flag snoozed.'],
    invited: ['Undangan terkirim lewat email.', 'Invitation sent by email.'],
    created: ['Tersimpan.', 'Saved.'],
  };
  const t = q ? texts[q] : undefined;
  return t ? { kind: 'ok', text: tr(l, t[0], t[1]) } : undefined;
}

function signalName(l: Lang, k: string): string {
  const m: Record<string, [string, string]> = {
    activeMonths: ['Bulan aktif (dari 4)', 'Active months (of 4)'], activeWeeks: ['Minggu aktif (dari 13)', 'Active weeks (of 13)'],
    orders13w: ['Pesanan 13 minggu', 'Orders in 13 weeks'], repeatOrderShare: ['Porsi pesanan berulang', 'Repeat-order share'], heavyParcel: ['Kiriman > 30 kg', 'Parcel > 30 kg'],
    cnParcelsOverLimit: ['Kiriman ke CN > CNY 1.000', 'Parcels to CN > CNY 1,000'],
    repeatBuyers: ['Pembeli berulang', 'Repeat buyers'], value13wIdr: ['Nilai 13 minggu', '13-week value'], heaviestParcelKg: ['Kiriman terberat (kg)', 'Heaviest parcel (kg)'],
    peakWeekShare: ['Porsi minggu tersibuk', 'Busiest week share'], weeksSinceLastOrder: ['Minggu sejak pesanan terakhir', 'Weeks since last order'],
    growth: ['Pertumbuhan', 'Growth'], wildlifeOrders13w: ['Pesanan bahan satwa liar', 'Wildlife-material orders'],
  };
  return m[k] ? m[k][l === 'en' ? 1 : 0] : k;
}
function fmtVal(l: Lang, k: string, v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (Array.isArray(v)) return v.join(', ') || '–';
  if (typeof v === 'number') return /Idr$/.test(k) ? rupiah(l, v) : num(l, Math.round(v * 100) / 100);
  return String(v);
}

/** Pages for department officers (and admins): weekly list, businesses, review queue, rules, settings. */
@ApiExcludeController()
@Public()
@WebRoles('admin', 'officer')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller('dinas')
export class OfficerPagesController {
  constructor(
    private readonly backend: WebBackend,
    private readonly businesses: BusinessesService,
    private readonly accounts: AccountsService,
    private readonly read: WebReadRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  home(@Res() reply: FastifyReply) {
    return redirect(reply, '/dinas/mingguan');
  }

  // ---------------------------------------------------------------- weekly list
  @Get('mingguan')
  async weekly(@Req() req: WebRequest, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const title = tr(l, 'Daftar mingguan', 'Weekly list');
    const reports = this.backend.reports;
    if (!reports) return sendPage(reply, page(c, title, html`<h1>${title}</h1>${backendMissing(l, tr(l, 'Daftar mingguan', 'The weekly list'))}`));
    const weeks = await reports.weeks();
    const week = q.minggu ? isoWeekParam('minggu', q.minggu) : weeks[0]?.week;
    if (!week) return sendPage(reply, page(c, title, html`<h1>${title}</h1><p class="card">${tr(l, 'Belum ada daftar yang terbit. Daftar terbit setiap Senin setelah pemantauan mingguan selesai.', 'No list has been published yet. A list is published every Monday after the weekly watch run.')}</p>`));
    const filters = { district: q.kecamatan || undefined, market: q.pasar?.toUpperCase() || undefined, kind: q.jenis || undefined, change: q.perubahan || undefined };
    // one read of the frozen snapshot; filtering and localising happen in memory
    const snapshot = await reports.get(week);
    const list = weeklyListJson(snapshot, l, filters);
    const all = weeklyListJson(snapshot, l, {});
    const markets = [...new Set(all.items.map((i) => i.market))].sort();
    const counts = { total: list.items.length, new: list.items.filter((i) => i.change === 'new').length, continuing: list.items.filter((i) => i.change === 'continuing').length, resolved: list.items.filter((i) => i.change === 'resolved').length };
    const sel = (name: string, label: string, opts: Array<[string, string]>, cur?: string) => html`<div><label for="q-${name}">${label}</label><select id="q-${name}" name="${name}"><option value="">${tr(l, 'Semua', 'All')}</option>${opts.map(([v, t]) => html`<option value="${v}"${cur === v ? html` selected` : ''}>${t}</option>`)}</select></div>`;
    const csvHref = `/dinas/mingguan.csv${qs({ minggu: week, kecamatan: filters.district, pasar: filters.market, jenis: filters.kind, perubahan: filters.change })}`;
    const body = html`<h1>${title} ${week}</h1>
<p class="muted">${dateLabel(l, list.weekStart)} – ${dateLabel(l, list.weekEnd)} · ${tr(l, 'terbit', 'published')} ${dateTimeLabel(l, list.publishedAt)} · ${tr(l, 'aturan versi', 'rule set version')} ${list.ruleSetVersion ?? '–'}</p>
<div class="stats" id="counts"><div><b>${counts.total}</b>${tr(l, 'usaha × pasar', 'business × market')}</div><div><b>${counts.new}</b>${changeLabel(l, 'new')}</div><div><b>${counts.continuing}</b>${changeLabel(l, 'continuing')}</div><div><b>${counts.resolved}</b>${changeLabel(l, 'resolved')}</div></div>
<form method="get" action="/dinas/mingguan" class="card filters" data-autosubmit>
${sel('minggu', tr(l, 'Minggu', 'Week'), weeks.map((w) => [w.week, w.week]), week)}
${sel('kecamatan', tr(l, 'Kecamatan', 'District'), DISTRICTS.map((d) => [d, d]), filters.district)}
${sel('pasar', tr(l, 'Pasar (negara)', 'Market'), markets.map((m) => [m, countryName(l, m)]), filters.market)}
${sel('jenis', tr(l, 'Jenis', 'Kind'), [['readiness', kindLabel(l, 'readiness')], ['compliance', kindLabel(l, 'compliance')]], filters.kind)}
${sel('perubahan', tr(l, 'Perubahan', 'Change'), [['new', changeLabel(l, 'new')], ['continuing', changeLabel(l, 'continuing')], ['resolved', changeLabel(l, 'resolved')]], filters.change)}
<div><button type="submit">${tr(l, 'Terapkan', 'Apply')}</button></div>
</form>
<div class="actions"><a class="btn secondary" href="${csvHref}" download>${tr(l, 'Unduh CSV', 'Download CSV')}</a></div>
<div class="scroll"><table id="weekly"><caption class="muted">${tr(l, `${list.items.length} baris`, `${list.items.length} rows`)}</caption><thead><tr>
<th scope="col">${tr(l, 'Usaha', 'Business')}</th><th scope="col">${tr(l, 'Kecamatan', 'District')}</th><th scope="col">${tr(l, 'Pasar', 'Market')}</th><th scope="col">${tr(l, 'Jenis', 'Kind')}</th>
<th scope="col">${tr(l, 'Perubahan', 'Change')}</th><th scope="col" class="n">${tr(l, 'Pesanan minggu ini', 'Orders this week')}</th><th scope="col" class="n">${tr(l, 'Pesanan 13 mg', 'Orders 13 wk')}</th>
<th scope="col" class="n">${tr(l, 'Nilai 13 mg', 'Value 13 wk')}</th><th scope="col" class="n">${tr(l, 'Pembeli berulang', 'Repeat buyers')}</th><th scope="col">${tr(l, 'Saran tindakan', 'Suggested action')}</th><th scope="col">${tr(l, 'Status', 'Status')}</th></tr></thead>
<tbody>${list.items.map((i) => html`<tr><td><a href="/dinas/usaha/${i.businessId}">${i.businessName}</a></td><td>${i.district}</td><td>${countryName(l, i.market)}</td><td>${kindLabel(l, i.kind)}</td>
<td><span class="pill ${i.change}">${changeLabel(l, i.change)}</span></td><td class="n">${i.ordersThisWeek}</td><td class="n">${i.orders13w}</td><td class="n">${rupiah(l, i.value13wIdr)}</td><td class="n">${i.repeatBuyers}</td>
<td>${i.suggestedActionText}</td><td><span class="pill ${i.status}">${statusLabel(l, i.status)}</span></td></tr>`)}</tbody></table></div>`;
    return sendPage(reply, page(c, `${title} ${week}`, body));
  }

  @Get('mingguan.csv')
  async weeklyCsv(@Req() req: WebRequest, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const reports = this.backend.reports;
    if (!reports) throw new NotFound('weekly list');
    const week = isoWeekParam('minggu', q.minggu);
    const csv = await reports.csv(week, req.web.lang, { district: q.kecamatan || undefined, market: q.pasar?.toUpperCase() || undefined, kind: q.jenis || undefined, change: q.perubahan || undefined });
    return reply.status(200).header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="daftar-mingguan-${week.replace(/[^0-9W-]/g, '')}.csv"`).send(csv);
  }

  // ---------------------------------------------------------------- businesses
  @Get('usaha')
  async businessList(@Req() req: WebRequest, @Query('cari') search: string | undefined, @Query('kecamatan') district: string | undefined, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const rows = await this.read.businessesWithActivity({ search: search?.slice(0, 100), district, since: addDays(wibDate(this.clock.now()), -90), limit: 500 });
    const title = tr(l, 'Usaha binaan', 'Businesses');
    const body = html`<h1>${title}</h1>
<form method="get" action="/dinas/usaha" class="card filters"><div><label for="cari">${tr(l, 'Cari nama', 'Search name')}</label><input id="cari" name="cari" value="${search ?? ''}"></div>
<div><label for="kec">${tr(l, 'Kecamatan', 'District')}</label><select id="kec" name="kecamatan"><option value="">${tr(l, 'Semua', 'All')}</option>${DISTRICTS.map((d) => html`<option${district === d ? html` selected` : ''}>${d}</option>`)}</select></div>
<div><button type="submit">${tr(l, 'Cari', 'Search')}</button></div></form>
<div class="scroll"><table id="businesses"><thead><tr><th scope="col">${tr(l, 'Nama', 'Name')}</th><th scope="col">${tr(l, 'Kecamatan', 'District')}</th><th scope="col" class="n">${tr(l, 'Pesanan 90 hari', 'Orders 90 days')}</th><th scope="col" class="n">${tr(l, 'Nilai 90 hari', 'Value 90 days')}</th><th scope="col" class="n">${tr(l, 'Akun', 'Accounts')}</th></tr></thead>
<tbody>${rows.map((b) => html`<tr><td><a href="/dinas/usaha/${b.id}">${b.name}</a></td><td>${b.district}</td><td class="n">${b.orders_90d}</td><td class="n">${rupiah(l, b.value_90d)}</td><td class="n">${b.users}</td></tr>`)}</tbody></table></div>
<details class="card"><summary>${tr(l, 'Tambah usaha binaan', 'Add a business')}</summary>
<form method="post" action="/dinas/usaha">${csrfField(c)}
<label for="b-name">${tr(l, 'Nama usaha', 'Business name')}</label><input id="b-name" name="name" required maxlength="200">
<label for="b-district">${tr(l, 'Kecamatan', 'District')}</label><select id="b-district" name="district" required>${DISTRICTS.map((d) => html`<option>${d}</option>`)}</select>
<label for="b-owner">${tr(l, 'Nama pemilik', 'Owner name')}</label><input id="b-owner" name="ownerName" maxlength="200">
<label for="b-email">${tr(l, 'Email pemilik (untuk undangan)', 'Owner email (for the invitation)')}</label><input id="b-email" name="email" type="email">
<label for="b-phone">${tr(l, 'Telepon', 'Phone')}</label><input id="b-phone" name="phone" type="tel">
<fieldset><legend>${tr(l, 'Bahan', 'Materials')}</legend><div class="choices">${MATERIALS.map((m) => html`<label><input type="checkbox" name="materials" value="${m}"><span>${materialLabel(l, m)}</span></label>`)}</div></fieldset>
<div class="actions"><button type="submit">${tr(l, 'Simpan', 'Save')}</button></div></form></details>`;
    return sendPage(reply, page(c, title, body, { flash: flash(l, ok) }));
  }

  @Post('usaha')
  async createBusiness(@Req() req: WebRequest, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const mats = body.materials === undefined ? [] : Array.isArray(body.materials) ? body.materials : [body.materials];
    const dto = { name: str(body, 'name').trim(), district: str(body, 'district'), ownerName: str(body, 'ownerName').trim() || undefined, email: str(body, 'email').trim() || undefined, phone: str(body, 'phone').trim() || undefined, materials: mats as string[] };
    if (!dto.name) throw new InvalidInput(tr(req.web.lang, 'Nama usaha wajib diisi.', 'The business name is required.'));
    const b = await this.businesses.create(req.web.actor!, dto as never);
    if (dto.email) await this.accounts.invite(req.web.actor!, { email: dto.email, name: dto.ownerName, role: 'business', businessId: b.id, locale: req.web.lang });
    return redirect(reply, `/dinas/usaha/${b.id}?ok=${dto.email ? 'invited' : 'created'}`);
  }

  @Get('usaha/:id')
  async business(@Req() req: WebRequest, @Param('id') id: string, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    if (!isUuid(id)) throw new NotFound('business');
    const b = await this.businesses.get(c.actor!, id.toLowerCase());
    const today = wibDate(this.clock.now());
    const from = addDays(today, -7 * 78);
    const [points, buyers, users] = await Promise.all([
      this.read.weeklySeries(b.id, from, today),
      this.read.repeatBuyers(b.id, addDays(today, -7 * 13), today),
      this.accounts.list(c.actor!, { businessId: b.id }),
    ]);
    const ruleSets = this.backend.ruleSets;
    const flagsSvc = this.backend.flags;
    let thresholds: Array<{ label: string; valueIdr: number }> = [];
    if (ruleSets) {
      const cur = await ruleSets.current();
      const p = cur.params as { readiness?: { enter?: { minValue13wIdr?: number }; stay?: { minValue13wIdr?: number } } };
      const enter = p.readiness?.enter?.minValue13wIdr;
      const stay = p.readiness?.stay?.minValue13wIdr;
      if (enter) thresholds.push({ label: tr(l, `ambang masuk (v${cur.version})`, `enter threshold (v${cur.version})`), valueIdr: enter });
      if (stay && stay !== enter) thresholds.push({ label: tr(l, 'ambang bertahan', 'stay threshold'), valueIdr: stay });
    }
    const flags = flagsSvc ? (await flagsSvc.list(c.actor!, { businessId: b.id, limit: 100 }, l)).items : null;
    const current = flags?.filter((f) => ACTIVE.includes(f.status)) ?? [];
    const past = flags?.filter((f) => !ACTIVE.includes(f.status)) ?? [];
    const historyOf = flagsSvc ? await flagsSvc.historyTails(c.actor!, (flags ?? []).map((f) => f.id), 1000, l) : new Map<string, FlagTimeline>();
    const body = html`<h1>${b.name}</h1>
<div class="cols"><section class="card" aria-labelledby="profile-h"><h2 id="profile-h">${tr(l, 'Profil', 'Profile')}</h2><dl class="kv">
<dt>${tr(l, 'Kecamatan', 'District')}</dt><dd>${b.district}</dd><dt>${tr(l, 'Pemilik', 'Owner')}</dt><dd>${b.ownerName ?? '–'}</dd>
<dt>Email</dt><dd>${b.email ?? '–'}</dd><dt>${tr(l, 'Telepon', 'Phone')}</dt><dd>${b.phone ?? '–'}</dd><dt>NIB</dt><dd>${b.nib ?? '–'}</dd>
<dt>${tr(l, 'Akses kepabeanan', 'Customs access')}</dt><dd>${b.hasCustomsAccess ? tr(l, 'Ya', 'Yes') : tr(l, 'Belum', 'Not yet')}</dd>
<dt>${tr(l, 'Bahan', 'Materials')}</dt><dd>${b.materials.map((m) => materialLabel(l, m)).join(', ') || '–'}</dd>
<dt>${tr(l, 'Akun', 'Accounts')}</dt><dd>${users.map((u) => u.email).join(', ') || '–'}</dd></dl>
<details><summary>${tr(l, 'Undang pemilik usaha', 'Invite the owner')}</summary><form method="post" action="/dinas/usaha/${b.id}/undang">${csrfField(c)}
<label for="inv-email">Email</label><input id="inv-email" name="email" type="email" required value="${users.length ? '' : (b.email ?? '')}">
<label for="inv-name">${tr(l, 'Nama', 'Name')}</label><input id="inv-name" name="name" value="${b.ownerName ?? ''}">
<div class="actions"><button type="submit">${tr(l, 'Kirim undangan', 'Send invitation')}</button></div></form></details></section>
<section class="card" aria-labelledby="buyers-h"><h2 id="buyers-h">${tr(l, 'Pembeli berulang (13 minggu)', 'Repeat buyers (13 weeks)')}</h2>
<p class="muted">${tr(l, 'Pembeli ditampilkan dengan kode samaran, bukan nama.', 'Buyers are shown by pseudonym, never by name.')}</p>
${buyers.length ? html`<div class="scroll"><table id="repeat-buyers"><thead><tr><th scope="col">${tr(l, 'Pembeli', 'Buyer')}</th><th scope="col">${tr(l, 'Pasar', 'Market')}</th><th scope="col" class="n">${tr(l, 'Pesanan', 'Orders')}</th><th scope="col" class="n">${tr(l, 'Nilai', 'Value')}</th><th scope="col">${tr(l, 'Terakhir', 'Last')}</th></tr></thead>
<tbody>${buyers.map((r, i) => html`<tr><td title="${r.buyer_key}">${tr(l, 'Pembeli', 'Buyer')} ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''} · <code>${r.buyer_key.slice(0, 6)}</code></td><td>${r.market}</td><td class="n">${r.orders}</td><td class="n">${rupiah(l, r.value_idr)}</td><td>${dateLabel(l, r.last_on)}</td></tr>`)}</tbody></table></div>` : html`<p>${tr(l, 'Belum ada pembeli berulang.', 'No repeat buyers yet.')}</p>`}</section></div>
<section class="card" aria-labelledby="chart-h"><h2 id="chart-h">${tr(l, 'Pesanan mingguan, 18 bulan terakhir', 'Weekly orders, last 18 months')}</h2>
${weeklyChart(l, { from, to: today, points, thresholds })}
${!ruleSets ? backendMissing(l, tr(l, 'Ambang aturan', 'Rule thresholds')) : ''}</section>
<h2>${tr(l, 'Bendera saat ini', 'Current flags')}</h2>
${flags === null ? backendMissing(l, tr(l, 'Bendera', 'Flags')) : current.length === 0 ? html`<p class="card">${tr(l, 'Tidak ada bendera aktif.', 'No active flag.')}</p>` : current.map((f) => this.flagCard(c, f, historyOf.get(f.id) ?? NO_HISTORY, `/dinas/usaha/${b.id}`))}
${past.length ? html`<h2>${tr(l, 'Riwayat bendera', 'Flag history')}</h2>${past.map((f) => this.flagCard(c, f, historyOf.get(f.id) ?? NO_HISTORY, `/dinas/usaha/${b.id}`, true))}` : ''}`;
    return sendPage(reply, page(c, b.name, body, { flash: flash(l, ok) }));
  }

  private flagCard(c: WebCtx, f: { id: string; market: string; kind: string; status: string; raisedOn: string; resolvedOn: string | null; lastEvaluatedOn: string; score: number; ruleSetVersion: number; reasons: string[]; signals: Record<string, { value: unknown; threshold: unknown; hit: boolean }>; checklist: Array<{ code: string; title: string; reason: string }>; snoozedUntil: string | null }, history: FlagTimeline, back: string, closed = false, historyLink?: string): SafeHtml {
    const l = c.lang;
    const today = wibDate(this.clock.now());
    return html`<section class="card flag" id="flag-${f.id}" data-status="${f.status}" aria-labelledby="flag-${f.id}-h">
<h3 id="flag-${f.id}-h">${countryName(l, f.market)} · ${kindLabel(l, f.kind)} <span class="pill ${f.status}" data-flag-status>${statusLabel(l, f.status)}</span></h3>
<p class="muted">${tr(l, 'Dinaikkan', 'Raised')} ${dateLabel(l, f.raisedOn)}${f.resolvedOn ? html` · ${tr(l, 'selesai', 'resolved')} ${dateLabel(l, f.resolvedOn)}` : ''} · ${tr(l, 'dievaluasi', 'evaluated')} ${dateLabel(l, f.lastEvaluatedOn)} · ${tr(l, 'skor', 'score')} ${f.score} · v${f.ruleSetVersion}${f.snoozedUntil ? html` · ${tr(l, 'ditunda sampai', 'snoozed until')} ${dateLabel(l, f.snoozedUntil)}` : ''}</p>
<h4>${tr(l, 'Alasan', 'Reasons')}</h4><ul class="reasons">${f.reasons.map((r) => html`<li>${r}</li>`)}</ul>
<h4>${tr(l, 'Sinyal (nilai vs ambang)', 'Signals (value vs threshold)')}</h4>
<div class="scroll"><table class="signals"><thead><tr><th scope="col">${tr(l, 'Sinyal', 'Signal')}</th><th scope="col" class="n">${tr(l, 'Nilai', 'Value')}</th><th scope="col" class="n">${tr(l, 'Ambang', 'Threshold')}</th><th scope="col">${tr(l, 'Terpenuhi', 'Met')}</th></tr></thead>
<tbody>${Object.entries(f.signals).map(([k, s]) => html`<tr><td>${signalName(l, k)}</td><td class="n">${fmtVal(l, k, s.value)}</td><td class="n">${fmtVal(l, k, s.threshold)}</td><td>${s.hit ? tr(l, '✔ ya', '✔ yes') : tr(l, '✘ tidak', '✘ no')}</td></tr>`)}</tbody></table></div>
<h4>${tr(l, 'Daftar dokumen', 'Paperwork checklist')}</h4><ul class="checklist">${f.checklist.map((i) => html`<li><b>${i.title}</b> (${i.code}) — ${i.reason}</li>`)}</ul>
${flagTimelineView(l, f.id, history, !closed, historyLink)}
${f.status === 'resolved' ? '' : html`<div class="cols">
<form method="post" action="/dinas/bendera/${f.id}/status" class="flag-status">${csrfField(c)}<input type="hidden" name="kembali" value="${back}">
<label for="st-${f.id}">${tr(l, 'Ubah status', 'Change status')}</label><select id="st-${f.id}" name="status">${STAFF_STATUSES.map((s) => html`<option value="${s}"${s === f.status ? html` selected` : ''}>${statusLabel(l, s)}</option>`)}</select>
<label for="note-${f.id}">${tr(l, 'Catatan', 'Note')}</label><textarea id="note-${f.id}" name="note" maxlength="2000"></textarea>
<div class="actions"><button type="submit">${tr(l, 'Simpan status', 'Save status')}</button><button class="secondary" type="submit" name="status" value="formal_exporter">${tr(l, 'Tandai eksportir formal', 'Mark formal exporter')}</button></div></form>
<form method="post" action="/dinas/bendera/${f.id}/tunda">${csrfField(c)}<input type="hidden" name="kembali" value="${back}">
<label for="until-${f.id}">${tr(l, 'Tunda sampai', 'Snooze until')}</label><input id="until-${f.id}" name="until" type="date" min="${addDays(today, 1)}" value="${addDays(today, 28)}" required>
<label for="snote-${f.id}">${tr(l, 'Catatan', 'Note')}</label><input id="snote-${f.id}" name="note" maxlength="2000">
<div class="actions"><button class="secondary" type="submit">${tr(l, 'Tunda', 'Snooze')}</button></div></form></div>`}
</section>`;
  }

  @Post('usaha/:id/undang')
  async invite(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    if (!isUuid(id)) throw new NotFound('business');
    await this.accounts.invite(req.web.actor!, { email: str(body, 'email'), name: str(body, 'name') || undefined, role: 'business', businessId: id.toLowerCase(), locale: req.web.lang });
    return redirect(reply, `/dinas/usaha/${id}?ok=invited`);
  }

  @Post('bendera/:id/status')
  async flagStatus(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const flags = this.backend.flags;
    if (!flags || !isUuid(id)) throw new NotFound('flag');
    const status = str(body, 'status');
    if (!STAFF_STATUSES.includes(status)) throw new InvalidInput('status: not a staff status');
    const f = await flags.updateStatus(req.web.actor!, id.toLowerCase(), status as never, str(body, 'note').trim() || undefined, req.web.lang);
    return redirect(reply, `${this.back(body, `/dinas/usaha/${f.businessId}`)}?ok=status#flag-${f.id}`);
  }

  @Post('bendera/:id/tunda')
  async flagSnooze(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const flags = this.backend.flags;
    if (!flags || !isUuid(id)) throw new NotFound('flag');
    const f = await flags.snooze(req.web.actor!, id.toLowerCase(), str(body, 'until'), str(body, 'note').trim() || undefined, req.web.lang);
    return redirect(reply, `${this.back(body, `/dinas/usaha/${f.businessId}`)}?ok=snooze#flag-${f.id}`);
  }

  private back(body: unknown, fallback: string): string {
    const k = str(body, 'kembali');
    return /^\/dinas\/[a-z0-9/-]*$/.test(k) ? k : fallback;
  }

  // ---------------------------------------------------------------- review queue
  @Get('antrean')
  async queue(@Req() req: WebRequest, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const title = tr(l, 'Antrean tinjauan', 'Review queue');
    const flags = this.backend.flags;
    if (!flags) return sendPage(reply, page(c, title, html`<h1>${title}</h1>${backendMissing(l, title)}`));
    const today = wibDate(this.clock.now());
    const open = (await flags.list(c.actor!, { status: 'open', limit: 200 }, l)).items
      .filter((f) => !f.snoozedUntil || f.snoozedUntil <= today)
      .sort((a, b) => a.raisedOn.localeCompare(b.raisedOn) || a.id.localeCompare(b.id));
    // the queue shows each flag's full count and its latest entries; the business page has them all
    const historyOf = await flags.historyTails(c.actor!, open.map((f) => f.id), QUEUE_HISTORY_SHOWN, l);
    const body = html`<h1>${title}</h1><p class="muted">${tr(l, `${open.length} bendera terbuka, terlama dulu. Bendera yang ditunda tidak tampil sampai tanggalnya.`, `${open.length} open flags, oldest first. Snoozed flags are hidden until their date.`)}</p>
${open.map((f) => html`<div class="queue-item"><h2><a href="/dinas/usaha/${f.businessId}">${f.businessName}</a> <span class="muted">· ${f.district}</span></h2>${this.flagCard(c, f, historyOf.get(f.id) ?? NO_HISTORY, '/dinas/antrean', false, `/dinas/usaha/${f.businessId}#history-${f.id}`)}</div>`)}`;
    return sendPage(reply, page(c, title, body, { flash: flash(l, ok) }));
  }
}
