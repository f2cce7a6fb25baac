import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/auth.decorators';
import { Clock } from '../../common/clock';
import { Forbidden, InvalidInput } from '../../common/errors';
import { PAGE_RULES } from '../problems';
import { addDays, wibDate } from '../../common/time';
import { PublishRuleSetDto } from '../../flags/dto/rule-set.dto';
import { validateRuleSet } from '../../flags/rule-set';
import { RuleSetsService } from '../../flags/rule-sets.service';
import { ReplayDto } from '../../watch/dto/watch.dto';
import { ReplayService } from '../../watch/replay.service';
import { FieldErrors, validateForm } from '../forms';
import { tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage, str } from '../respond';
import { WebExceptionFilter, WebGuard, WebRequest, WebRoles } from '../web-context';
import { draftParams, inputValue, ruleErrors, ruleErrorText, ruleFields, valueAt } from './rule-form';
import { DraftInput, draftFromRuleSet, replayPage, rulesPage } from './rules.views';

/** Weeks a fresh draft replays by default. */
const DEFAULT_WEEKS = 26;
/** How long the page waits for a replay before showing it unfinished. */
const REPLAY_WAIT_MS = 20_000;

function merge(into: FieldErrors, from: FieldErrors): void {
  for (const [k, v] of Object.entries(from)) (into[k] ??= []).push(...v);
}

/** The rules page: the versions, a draft form on the current one, its replay, and publishing (admins). */
@ApiExcludeController()
@Public()
@WebRoles('admin', 'officer')
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller('dinas/aturan')
export class RulesPagesController {
  constructor(
    private readonly ruleSets: RuleSetsService,
    private readonly replay: ReplayService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async rules(@Req() req: WebRequest, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const [versions, current] = await Promise.all([this.ruleSets.list(), this.ruleSets.current()]);
    const today = wibDate(this.clock.now());
    const body = rulesPage(c, { versions, current, draft: draftFromRuleSet(l, current, addDays(today, -7 * DEFAULT_WEEKS), today) });
    const flash = ok === 'published' ? { kind: 'ok' as const, text: tr(l, 'Versi aturan baru diterbitkan.', 'New rule-set version published.') } : undefined;
    return sendPage(reply, page(c, tr(l, 'Aturan penandaan', 'Flagging rules'), body, { flash }));
  }

  @Post('uji')
  async test(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const c = req.web;
    const l = c.lang;
    const current = await this.ruleSets.current();
    const fields = ruleFields(l, current.params, current.explain);
    const draft: DraftInput = {
      values: Object.fromEntries(fields.map((f) => [f.path, str(body, f.path)])),
      from: str(body, 'from'),
      to: str(body, 'to'),
      note: str(body, 'note'),
      json: str(body, 'params'),
    };
    // the JSON field alone (no parameter fields posted) is a JSON draft too
    const posted = body && typeof body === 'object' ? Object.keys(body) : [];
    const asJson = str(body, 'mode') === 'json' || !fields.some((f) => posted.includes(f.path));
    const errors: FieldErrors = {};
    // a JSON draft's problems are the JSON field's; a form draft's are each parameter's
    const ruleSetErrors = (messages: string[]) =>
      merge(errors, asJson ? { json: messages.map((m) => ({ rule: 'ruleSet', message: m })) } : ruleErrors(messages));
    let params: unknown;
    if (asJson) {
      try {
        params = JSON.parse(draft.json);
      } catch {
        errors.json = [{ rule: 'json', message: tr(l, 'JSON tidak valid.', 'The JSON is not valid.') }];
      }
    } else params = draftParams(fields, current.params, draft.values);
    const [weeks, note] = await Promise.all([
      validateForm(ReplayDto, { from: draft.from, to: draft.to }),
      validateForm(PublishRuleSetDto, { params: {}, note: draft.note }),
    ]);
    if (!weeks.ok) merge(errors, weeks.errors);
    if (!note.ok) merge(errors, note.errors);
    const checked = params === undefined ? undefined : validateRuleSet(params);
    if (checked && !checked.ok) ruleSetErrors(checked.errors);
    const failed = async () => {
      const body = rulesPage(c, { versions: await this.ruleSets.list(), current, draft, errors });
      return sendPage(reply, page(c, tr(l, 'Aturan penandaan', 'Flagging rules'), body), 400);
    };
    if (Object.keys(errors).length || !checked?.ok) return failed();
    let id: string;
    try {
      id = await this.replay.create({ from: draft.from, to: draft.to, ruleSet: checked.params }, `${c.actor!.role}:${c.actor!.keyId}`);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      const messages = Array.isArray(err.messages) ? err.messages : [err.messages];
      for (const [k, v] of Object.entries(ruleErrors(messages))) (errors[k] ??= []).push(...v.map((e) => ({ ...e, message: ruleErrorText(l, e.message) })));
      return failed();
    }
    const result = await this.replay.waitFor(id, REPLAY_WAIT_MS);
    if (asJson) draft.values = Object.fromEntries(fields.map((f) => [f.path, inputValue(l, f, valueAt(checked.params, f.path))]));
    const title = tr(l, 'Hasil uji rancangan', 'Draft test result');
    const tested = checked.params as unknown as Record<string, unknown>;
    return sendPage(reply, page(c, title, replayPage({ ...c, admin: c.user!.role === 'admin' }, { current, draft, result, params: tested })));
  }

  @Post('terbitkan')
  async publish(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    if (req.web.user!.role !== 'admin') throw new Forbidden('only admins may publish rule sets');
    let params: unknown;
    try {
      params = JSON.parse(str(body, 'params'));
    } catch {
      throw new InvalidInput(`params: ${PAGE_RULES.json}`);
    }
    const form = await validateForm(PublishRuleSetDto, { params, note: str(body, 'note') });
    if (!form.ok) throw new InvalidInput(Object.entries(form.errors).flatMap(([k, es]) => es.map((e) => `${k}: ${e.message}`)));
    await this.ruleSets.publish(req.web.actor!, form.dto.params, form.dto.note);
    return redirect(reply, '/dinas/aturan?ok=published');
  }
}
