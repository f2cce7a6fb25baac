import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '../../common/clock';
import { InvalidInput, NotFound } from '../../common/errors';
import { wibDate } from '../../common/time';
import { isUuid } from '../../common/uuid.pipe';
import { SnoozeFlagDto, UpdateFlagDto } from '../../flags/dto/flag.dto';
import { FlagsService } from '../../flags/flags.service';
import { FieldErrors, validateForm } from '../forms';
import { Lang, tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage, str } from '../respond';
import { WebCtx, WebPages, WebRequest } from '../web-context';
import { FlagFormState, NO_HISTORY } from './flag-card.views';
import { flagFlash, flagFormView, queueView } from './review.views';

/** Latest history entries shown per flag in the review queue. */
const QUEUE_HISTORY_SHOWN = 5;
/** History entries read for one flag's card (the business page reads as many). */
const FULL_HISTORY = 1000;

/** The service's own rules on a snooze date, in the page's language. */
const SERVICE_RULES: Array<[RegExp, [string, string]]> = [
  [/after today/, ['Tanggal harus setelah hari ini (WIB).', 'The date must be after today (WIB).']],
  [/one year/, ['Paling lama satu tahun dari hari ini.', 'At most one year ahead.']],
];

/** A service's 400 ("until: must be after today") as errors by field, so the form shows it beside the field. */
function fieldErrorsOf(l: Lang, err: InvalidInput): FieldErrors {
  const errors: FieldErrors = {};
  for (const m of Array.isArray(err.messages) ? err.messages : [err.messages]) {
    const [field, ...rest] = m.split(': ');
    const text = rest.join(': ');
    const known = SERVICE_RULES.find(([re]) => re.test(text));
    (errors[rest.length ? field : '_'] ??= []).push({ rule: 'service', message: known ? tr(l, known[1][0], known[1][1]) : text || m });
  }
  return errors;
}

/** A form's status arrives twice when the "mark formal exporter" button is used (the select's and the button's): the button wins. */
const lastValue = (v: unknown): string => (Array.isArray(v) ? String(v[v.length - 1] ?? '') : typeof v === 'string' ? v : '');

/** The review queue and the flag status and snooze posts (from the queue and from a business page). */
@WebPages('dinas', 'admin', 'officer')
export class ReviewPagesController {
  constructor(
    private readonly flags: FlagsService,
    private readonly clock: Clock,
  ) {}

  @Get('antrean')
  async queue(@Req() req: WebRequest, @Query('ok') ok: string | undefined, @Res() reply: FastifyReply) {
    const c = req.web;
    const today = wibDate(this.clock.now());
    const open = (await this.flags.list(c.actor!, { status: 'open', limit: 200 }, c.lang)).items
      .filter((f) => !f.snoozedUntil || f.snoozedUntil <= today)
      .sort((a, b) => a.raisedOn.localeCompare(b.raisedOn) || a.id.localeCompare(b.id));
    // the queue shows each flag's full count and its latest entries; the business page has them all
    const history = await this.flags.historyTails(
      c.actor!,
      open.map((f) => f.id),
      QUEUE_HISTORY_SHOWN,
      c.lang,
    );
    const view = queueView(c, { flags: open, history, today });
    return sendPage(reply, page(c, tr(c.lang, 'Antrean tinjauan', 'Review queue'), view, { flash: flagFlash(c.lang, ok) }));
  }

  @Post('bendera/:id/status')
  async status(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const c = req.web;
    const flagId = this.flagId(id);
    const values = { status: lastValue((body as Record<string, unknown> | undefined)?.status), note: str(body, 'note') };
    const form = await validateForm(UpdateFlagDto, values);
    if (!form.ok) return this.again(reply, c, flagId, body, { form: 'status', errors: form.errors, values });
    const f = await this.flags.updateStatus(c.actor!, flagId, form.dto.status, form.dto.note, c.lang);
    return redirect(reply, `${this.back(body, `/dinas/usaha/${f.businessId}`)}?ok=status#flag-${f.id}`);
  }

  @Post('bendera/:id/tunda')
  async snooze(@Req() req: WebRequest, @Param('id') id: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const c = req.web;
    const flagId = this.flagId(id);
    const values = { until: str(body, 'until'), note: str(body, 'note') };
    const form = await validateForm(SnoozeFlagDto, values);
    if (!form.ok) return this.again(reply, c, flagId, body, { form: 'snooze', errors: form.errors, values });
    try {
      const f = await this.flags.snooze(c.actor!, flagId, form.dto.until, form.dto.note, c.lang);
      return redirect(reply, `${this.back(body, `/dinas/usaha/${f.businessId}`)}?ok=snooze#flag-${f.id}`);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      return this.again(reply, c, flagId, body, { form: 'snooze', errors: fieldErrorsOf(c.lang, err), values });
    }
  }

  private flagId(id: string): string {
    if (!isUuid(id)) throw new NotFound('flag');
    return id.toLowerCase();
  }

  /** The flag's card again with the errors beside the fields and the input kept; 400, nothing saved. */
  private async again(reply: FastifyReply, c: WebCtx, flagId: string, body: unknown, state: FlagFormState) {
    const flag = await this.flags.get(c.actor!, flagId, c.lang);
    const history = (await this.flags.historyTails(c.actor!, [flagId], FULL_HISTORY, c.lang)).get(flagId) ?? NO_HISTORY;
    const back = this.back(body, `/dinas/usaha/${flag.businessId}`);
    const view = flagFormView(c, { flag, history, back, today: wibDate(this.clock.now()), state });
    return sendPage(reply, page(c, flag.businessName, view), 400);
  }

  private back(body: unknown, fallback: string): string {
    const k = str(body, 'kembali');
    return /^\/dinas\/[a-z0-9/-]*$/.test(k) ? k : fallback;
  }
}
