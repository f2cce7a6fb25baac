import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService } from '../accounts/accounts.service';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { Forbidden, InvalidInput, NotFound } from '../common/errors';
import { DISTRICTS } from '../common/reference-data';
import { addDays, wibDate } from '../common/time';
import { isUuid } from '../common/uuid.pipe';
import { RatesService } from '../rates/rates.service';
import { html, SafeHtml } from './html';
import { dateLabel, dateTimeLabel, kindLabel, Lang, num, roleLabel, tr } from './i18n';
import { csrfField, page } from './layout';
import { redirect, sendPage, str } from './respond';
import { replayComparison } from './rules-view';
import { WebCtx, WebExceptionFilter, WebGuard, WebRequest, WebRoles } from './web-context';
import { backendMissing, WebBackend } from './web-backend';

function flash(l: Lang, q: string | undefined): { kind: 'ok'; text: string } | undefined {
  const texts: Record<string, [string, string]> = {
    invited: ['Undangan terkirim lewat email.', 'Invitation sent by email.'],
    reset: ['Tautan atur ulang kata sandi terkirim.', 'Password reset link sent.'],
    created: ['Tersimpan.', 'Saved.'],
    published: ['Versi aturan baru diterbitkan.', 'New rule-set version published.'],
  };
  const t = q ? texts[q] : undefined;
  return t ? { kind: 'ok', text: tr(l, t[0], t[1]) } : undefined;
}

/** Pages for department officers (and admins): rules and settings. */
@ApiExcludeController()
@Public()
@WebRoles('admin', 'officer')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller('dinas')
export class OfficerPagesController {
  constructor(
    private readonly backend: WebBackend,
    private readonly accounts: AccountsService,
    private readonly rates: RatesService,
    private readonly clock: Clock,
  ) {}

  @Get('aturan')
  async rules(@Req() req: WebRequest, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const title = tr(l, 'Aturan penandaan', 'Flagging rules');
    const ruleSets = this.backend.ruleSets;
    if (!ruleSets) return sendPage(reply, page(c, title, html`<h1>${title}</h1>${backendMissing(l, title)}`));
    const versions = await ruleSets.list();
    const current = versions.find((v) => v.current) ?? versions[0];
    const today = wibDate(this.clock.now());
    const body = html`<h1>${title}</h1>
<div class="scroll"><table id="rule-versions"><thead><tr><th scope="col">${tr(l, 'Versi', 'Version')}</th><th scope="col">${tr(l, 'Diterbitkan', 'Published')}</th><th scope="col">${tr(l, 'Oleh', 'By')}</th><th scope="col">${tr(l, 'Catatan', 'Note')}</th></tr></thead>
<tbody>${versions.map((v) => html`<tr><td>v${v.version}${v.current ? html` <span class="pill resolved">${tr(l, 'berlaku', 'current')}</span>` : ''}</td><td>${dateTimeLabel(l, v.createdAt)}</td><td>${v.createdBy}</td><td>${v.note ?? ''}</td></tr>`)}</tbody></table></div>
${current ? this.paramTable(c, current) : ''}
<h2>${tr(l, 'Rancang versi baru', 'Draft a new version')}</h2>
${this.draftForm(c, current ? JSON.stringify(current.params, null, 2) : '{}', addDays(today, -7 * 26), today, '')}`;
    return sendPage(reply, page(c, title, body, { flash: flash(l, ok) }));
  }

  /** Every parameter of a version with what it means and its unit (the API's `explain` map). */
  private paramTable(c: WebCtx, v: { version: number; params: Record<string, unknown>; explain: Record<string, { id: string; en: string; unit: string }> }): SafeHtml {
    const l = c.lang;
    const valueAt = (path: string) => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v.params);
    return html`<h2>${tr(l, `Parameter versi ${v.version}`, `Parameters of version ${v.version}`)}</h2>
<div class="scroll"><table id="rule-params"><thead><tr><th scope="col">${tr(l, 'Parameter', 'Parameter')}</th><th scope="col" class="n">${tr(l, 'Nilai', 'Value')}</th><th scope="col">${tr(l, 'Satuan', 'Unit')}</th><th scope="col">${tr(l, 'Arti', 'Meaning')}</th></tr></thead>
<tbody>${Object.entries(v.explain).map(([path, d]) => html`<tr><td><code>${path}</code></td><td class="n">${JSON.stringify(valueAt(path) ?? null)}</td><td>${d.unit}</td><td>${l === 'en' ? d.en : d.id}</td></tr>`)}</tbody></table></div>`;
  }

  private draftForm(c: WebCtx, params: string, from: string, to: string, note: string): SafeHtml {
    const l = c.lang;
    return html`<form method="post" action="/dinas/aturan/uji" class="card">${csrfField(c)}
<label for="params">${tr(l, 'Parameter aturan (JSON)', 'Rule parameters (JSON)')}<span class="hint" id="params-h">${tr(l, 'Ubah ambang, lalu uji dulu: replay menunjukkan usaha mana yang akan ditandai atau selesai per minggu.', 'Change thresholds, then test first: the replay shows which businesses would be flagged or resolved per week.')}</span></label>
<textarea id="params" name="params" rows="16" spellcheck="false" aria-describedby="params-h">${params}</textarea>
<div class="row"><div><label for="from">${tr(l, 'Dari', 'From')}</label><input id="from" name="from" type="date" value="${from}"></div><div><label for="to">${tr(l, 'Sampai', 'To')}</label><input id="to" name="to" type="date" value="${to}"></div></div>
<label for="rnote">${tr(l, 'Catatan versi', 'Version note')}</label><input id="rnote" name="note" maxlength="500" value="${note}">
<div class="actions"><button type="submit">${tr(l, 'Uji dengan replay', 'Test with a replay')}</button></div></form>`;
  }

  @Post('aturan/uji')
  async replay(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const replay = this.backend.replay;
    const title = tr(l, 'Hasil replay', 'Replay result');
    if (!replay) return sendPage(reply, page(c, title, html`<h1>${title}</h1>${backendMissing(l, 'Replay')}`));
    const paramsText = str(body, 'params');
    const from = str(body, 'from');
    const to = str(body, 'to');
    const note = str(body, 'note');
    let params: unknown;
    try {
      params = JSON.parse(paramsText);
    } catch {
      return sendPage(reply, page(c, title, html`<h1>${title}</h1><div class="alert bad" role="alert">${tr(l, 'JSON tidak valid.', 'The JSON is not valid.')}</div>${this.draftForm(c, paramsText, from, to, note)}`), 400);
    }
    let result;
    try {
      const id = await replay.create({ from, to, ruleSet: params }, `${c.actor!.role}:${c.actor!.keyId}`);
      result = await replay.waitFor(id, 20_000);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      const msgs = Array.isArray(err.messages) ? err.messages : [err.messages];
      return sendPage(reply, page(c, title, html`<h1>${title}</h1><div class="alert bad" role="alert"><ul>${msgs.map((m) => html`<li>${m}</li>`)}</ul></div>${this.draftForm(c, paramsText, from, to, note)}`), 400);
    }
    const raised = result.weeks.reduce((s, w) => s + w.raised.length, 0);
    const resolved = result.weeks.reduce((s, w) => s + w.resolved.length, 0);
    const body2 = html`<h1>${title}</h1>
<p>${tr(l, `Status: ${result.status}. ${result.weeksDone} dari ${result.weeksTotal} minggu (${result.from} – ${result.to}).`, `Status: ${result.status}. ${result.weeksDone} of ${result.weeksTotal} weeks (${result.from} – ${result.to}).`)}</p>
<div class="stats"><div><b>${raised}</b>${tr(l, 'akan ditandai', 'would be raised')}</div><div><b>${resolved}</b>${tr(l, 'akan selesai', 'would resolve')}</div></div>
${replayComparison(c, result)}
<h2>${tr(l, 'Yang akan ditandai dan selesai', 'What would be raised and resolved')}</h2>
<div class="scroll"><table id="replay-weeks"><thead><tr><th scope="col">${tr(l, 'Minggu', 'Week')}</th><th scope="col">${tr(l, 'Ditandai', 'Raised')}</th><th scope="col">${tr(l, 'Selesai', 'Resolved')}</th><th scope="col" class="n">${tr(l, 'Terbuka', 'Open')}</th></tr></thead>
<tbody>${result.weeks.filter((w) => w.raised.length || w.resolved.length).map((w) => html`<tr><td>${w.week}</td><td>${w.raised.map((x) => html`<div><a href="/dinas/usaha/${x.businessId}">${x.businessName}</a> · ${x.market} · ${kindLabel(l, x.kind)}</div>`)}</td><td>${w.resolved.map((x) => html`<div><a href="/dinas/usaha/${x.businessId}">${x.businessName}</a> · ${x.market} · ${kindLabel(l, x.kind)}</div>`)}</td><td class="n">${w.open}</td></tr>`)}</tbody></table></div>
${c.user!.role === 'admin' && result.status === 'completed' ? html`<form method="post" action="/dinas/aturan/terbitkan" class="card">${csrfField(c)}<input type="hidden" name="params" value="${paramsText}"><input type="hidden" name="note" value="${note}">
<p>${tr(l, 'Terbitkan rancangan ini sebagai versi baru? Pemantauan berikutnya memakainya.', 'Publish this draft as a new version? The next watch run uses it.')}</p><div class="actions"><button type="submit">${tr(l, 'Terbitkan versi baru', 'Publish new version')}</button></div></form>` : c.user!.role !== 'admin' ? html`<p class="muted">${tr(l, 'Hanya admin yang dapat menerbitkan versi aturan.', 'Only admins may publish a rule-set version.')}</p>` : ''}
<h2>${tr(l, 'Ubah lagi', 'Edit again')}</h2>${this.draftForm(c, paramsText, from, to, note)}`;
    return sendPage(reply, page(c, title, body2));
  }

  @Post('aturan/terbitkan')
  async publish(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    if (req.web.user!.role !== 'admin') throw new Forbidden('only admins may publish rule sets');
    const ruleSets = this.backend.ruleSets;
    if (!ruleSets) throw new NotFound('rule sets');
    let params: unknown;
    try {
      params = JSON.parse(str(body, 'params'));
    } catch {
      throw new InvalidInput('params: not valid JSON');
    }
    await ruleSets.publish(req.web.actor!, params, str(body, 'note') || undefined);
    return redirect(reply, '/dinas/aturan?ok=published');
  }

  // ---------------------------------------------------------------- settings
  @Get('pengaturan')
  async settings(@Req() req: WebRequest, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const admin = c.user!.role === 'admin';
    const title = tr(l, 'Pengaturan', 'Settings');
    const [users, rates] = await Promise.all([this.accounts.list(c.actor!), this.rates.latest()]);
    const digests = this.backend.digests;
    const webhooks = this.backend.webhooks;
    const subs = digests ? await digests.list() : null;
    const hooks = webhooks && admin ? await webhooks.list() : null;
    const body = html`<h1>${title}</h1>
<section class="card" aria-labelledby="users-h"><h2 id="users-h">${tr(l, 'Pengguna', 'Users')}</h2>
<div class="scroll"><table id="users"><thead><tr><th scope="col">Email</th><th scope="col">${tr(l, 'Peran', 'Role')}</th><th scope="col">${tr(l, 'Usaha', 'Business')}</th><th scope="col">${tr(l, 'Status', 'Status')}</th><th scope="col">${tr(l, 'Tindakan', 'Action')}</th></tr></thead>
<tbody>${users.map((u) => html`<tr><td>${u.email}</td><td>${roleLabel(l, u.role)}</td><td>${u.business_name ?? ''}</td>
<td>${u.disabled_at ? tr(l, 'Nonaktif', 'Disabled') : !u.password_hash ? tr(l, 'Diundang', 'Invited') : u.locked_until && u.locked_until > this.clock.now() ? tr(l, 'Terkunci', 'Locked') : tr(l, 'Aktif', 'Active')}</td>
<td>${admin || u.role === 'business' ? html`<form method="post" action="/dinas/pengaturan/pengguna/${u.id}/reset">${csrfField(c)}<button class="link" type="submit">${tr(l, 'Kirim tautan atur ulang', 'Send reset link')}</button></form>` : ''}</td></tr>`)}</tbody></table></div>
<details><summary>${tr(l, 'Undang pengguna', 'Invite a user')}</summary><form method="post" action="/dinas/pengaturan/pengguna">${csrfField(c)}
<label for="u-email">Email</label><input id="u-email" name="email" type="email" required>
<label for="u-name">${tr(l, 'Nama', 'Name')}</label><input id="u-name" name="name">
<label for="u-role">${tr(l, 'Peran', 'Role')}</label><select id="u-role" name="role">${(admin ? ['officer', 'admin', 'business'] : ['business']).map((r) => html`<option value="${r}">${roleLabel(l, r)}</option>`)}</select>
<label for="u-biz">${tr(l, 'ID usaha (untuk peran pelaku usaha)', 'Business id (for the business role)')}</label><input id="u-biz" name="businessId">
<div class="actions"><button type="submit">${tr(l, 'Kirim undangan', 'Send invitation')}</button></div></form></details></section>

<section class="card" aria-labelledby="subs-h"><h2 id="subs-h">${tr(l, 'Pelanggan ringkasan email', 'Digest subscribers')}</h2>
${subs === null ? backendMissing(l, tr(l, 'Ringkasan email', 'Email digests')) : html`<div class="scroll"><table id="subscribers"><thead><tr><th scope="col">Email</th><th scope="col">${tr(l, 'Bahasa', 'Language')}</th><th scope="col">${tr(l, 'Jadwal', 'Cadence')}</th><th scope="col">${tr(l, 'Filter', 'Filters')}</th><th scope="col">${tr(l, 'Aktif', 'Active')}</th></tr></thead>
<tbody>${subs.map((s) => html`<tr><td>${s.email}</td><td>${s.locale}</td><td>${s.cadence} ${s.sendAt}</td><td>${[...s.districts, ...s.markets, ...s.materials, ...s.kinds].join(', ') || tr(l, 'semua', 'all')}</td><td>${s.active ? tr(l, 'Ya', 'Yes') : tr(l, 'Tidak', 'No')}</td></tr>`)}</tbody></table></div>
<details><summary>${tr(l, 'Tambah pelanggan', 'Add a subscriber')}</summary><form method="post" action="/dinas/pengaturan/pelanggan">${csrfField(c)}
<label for="s-email">Email</label><input id="s-email" name="email" type="email" required>
<label for="s-name">${tr(l, 'Nama', 'Name')}</label><input id="s-name" name="name">
<label for="s-locale">${tr(l, 'Bahasa', 'Language')}</label><select id="s-locale" name="locale"><option value="id">Bahasa Indonesia</option><option value="en">English</option></select>
<label for="s-district">${tr(l, 'Kecamatan (kosong = semua)', 'District (empty = all)')}</label><select id="s-district" name="districts"><option value="">${tr(l, 'Semua', 'All')}</option>${DISTRICTS.map((d) => html`<option>${d}</option>`)}</select>
<label for="s-cadence">${tr(l, 'Jadwal', 'Cadence')}</label><select id="s-cadence" name="cadence"><option value="weekly">${tr(l, 'Mingguan', 'Weekly')}</option><option value="daily">${tr(l, 'Harian', 'Daily')}</option></select>
<div class="actions"><button type="submit">${tr(l, 'Simpan', 'Save')}</button></div></form></details>`}</section>

<section class="card" aria-labelledby="hooks-h"><h2 id="hooks-h">Webhook</h2>
${!admin ? html`<p class="muted">${tr(l, 'Webhook dikelola oleh admin.', 'Webhooks are managed by admins.')}</p>` : hooks === null ? backendMissing(l, 'Webhook') : html`<div class="scroll"><table id="webhooks"><thead><tr><th scope="col">URL</th><th scope="col">${tr(l, 'Peristiwa', 'Events')}</th><th scope="col">${tr(l, 'Status', 'Status')}</th><th scope="col">${tr(l, 'Log', 'Log')}</th></tr></thead>
<tbody>${hooks.map((h) => html`<tr><td>${h.url}</td><td>${h.events.join(', ')}</td><td>${h.status}${h.consecutiveFailures ? ` (${h.consecutiveFailures} ×✘)` : ''}</td><td><a href="/dinas/pengaturan/webhook/${h.id}">${tr(l, 'Log pengiriman', 'Delivery log')}</a></td></tr>`)}</tbody></table></div>`}</section>

<section class="card" aria-labelledby="rates-h"><h2 id="rates-h">${tr(l, 'Kurs (terbaru)', 'Exchange rates (latest)')}</h2>
<div class="scroll"><table id="rates"><thead><tr><th scope="col">${tr(l, 'Mata uang', 'Currency')}</th><th scope="col">${tr(l, 'Berlaku mulai', 'Valid from')}</th><th scope="col" class="n">${tr(l, 'Rp per unit', 'IDR per unit')}</th><th scope="col">${tr(l, 'Sumber', 'Source')}</th></tr></thead>
<tbody>${rates.map((r) => html`<tr><td>${r.currency}</td><td>${dateLabel(l, r.validFrom)}</td><td class="n">${num(l, r.idrPerUnit)}</td><td>${r.source}</td></tr>`)}</tbody></table></div>
${admin ? html`<details><summary>${tr(l, 'Tambah kurs', 'Add a rate')}</summary><form method="post" action="/dinas/pengaturan/kurs">${csrfField(c)}
<div class="row"><div><label for="r-cur">${tr(l, 'Mata uang', 'Currency')}</label><input id="r-cur" name="currency" maxlength="3" required></div><div><label for="r-from">${tr(l, 'Berlaku mulai', 'Valid from')}</label><input id="r-from" name="validFrom" type="date" required></div></div>
<label for="r-rate">${tr(l, 'Rp per unit', 'IDR per unit')}</label><input id="r-rate" name="idrPerUnit" inputmode="decimal" required>
<div class="actions"><button type="submit">${tr(l, 'Simpan kurs', 'Save rate')}</button></div></form></details>` : ''}</section>`;
    return sendPage(reply, page(c, title, body, { flash: flash(l, ok) }));
  }

  @Post('pengaturan/pengguna')
  async inviteUser(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const role = str(body, 'role') as 'admin' | 'officer' | 'business';
    await this.accounts.invite(req.web.actor!, { email: str(body, 'email'), name: str(body, 'name') || undefined, role, businessId: str(body, 'businessId').trim() || undefined, locale: req.web.lang });
    return redirect(reply, '/dinas/pengaturan?ok=invited');
  }

  @Post('pengaturan/pengguna/:id/reset')
  async resetUser(@Req() req: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply) {
    if (!isUuid(id)) throw new NotFound('user');
    await this.accounts.adminReset(req.web.actor!, id.toLowerCase());
    return redirect(reply, '/dinas/pengaturan?ok=reset');
  }

  @Post('pengaturan/pelanggan')
  async addSubscriber(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const digests = this.backend.digests;
    if (!digests) throw new NotFound('digests');
    const district = str(body, 'districts');
    await digests.create(req.web.actor!, { email: str(body, 'email'), name: str(body, 'name') || undefined, locale: str(body, 'locale') === 'en' ? 'en' : 'id', cadence: str(body, 'cadence') === 'daily' ? 'daily' : 'weekly', ...(district ? { districts: [district] } : {}) } as never);
    return redirect(reply, '/dinas/pengaturan?ok=created');
  }

  @Post('pengaturan/kurs')
  async addRate(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    if (req.web.user!.role !== 'admin') throw new Forbidden();
    await this.rates.add(req.web.actor!, { currency: str(body, 'currency').trim().toUpperCase(), validFrom: str(body, 'validFrom'), idrPerUnit: str(body, 'idrPerUnit').replace(',', '.') } as never);
    return redirect(reply, '/dinas/pengaturan?ok=created');
  }

  @Get('pengaturan/webhook/:id')
  async webhookLog(@Req() req: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const webhooks = this.backend.webhooks;
    if (c.user!.role !== 'admin') throw new Forbidden('webhooks are managed by admins');
    if (!webhooks || !isUuid(id)) throw new NotFound('webhook');
    const [hook, deliveries] = await Promise.all([webhooks.get(id.toLowerCase()), webhooks.deliveries(id.toLowerCase(), undefined, 100)]);
    const title = tr(l, 'Log pengiriman webhook', 'Webhook delivery log');
    const body = html`<h1>${title}</h1><p><code>${hook.url}</code> · ${hook.events.join(', ')} · ${hook.status}</p>
<div class="scroll"><table id="deliveries"><thead><tr><th scope="col">${tr(l, 'Dibuat', 'Created')}</th><th scope="col">${tr(l, 'Peristiwa', 'Event')}</th><th scope="col">${tr(l, 'Status', 'Status')}</th><th scope="col" class="n">${tr(l, 'Percobaan', 'Attempts')}</th><th scope="col">HTTP</th><th scope="col">${tr(l, 'Galat terakhir', 'Last error')}</th></tr></thead>
<tbody>${deliveries.map((d) => html`<tr><td>${dateTimeLabel(l, d.createdAt)}</td><td>${d.eventType}</td><td>${d.status}</td><td class="n">${d.attempts}</td><td>${d.lastStatusCode ?? '–'}</td><td>${d.lastError ?? ''}</td></tr>`)}</tbody></table></div>
<p><a href="/dinas/pengaturan">${tr(l, '← Kembali ke pengaturan', '← Back to settings')}</a></p>`;
    return sendPage(reply, page(c, title, body));
  }
}
