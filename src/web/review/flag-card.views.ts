import type { FlagDto, FlagEventDto } from '../../flags/dto/flag.dto';
import { SignalValue, STAFF_STATUSES } from '../../flags/flag.types';
import { capacityReason } from '../../scorecard/capacity-use';
import { addDays } from '../../common/time';
import { errorSummary, fieldError, FieldErrors, invalidAttrs } from '../forms';
import { html, SafeHtml } from '../html';
import { countryName, dateLabel, dateTimeLabel, historyEventLabel, kindLabel, Lang, materialLabel, num, rupiah, signalLabel, statusLabel, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

/** A flag's history on staff pages: its event count and events (all, or the latest of them), oldest first like the API. */
export interface FlagTimeline {
  total: number;
  items: FlagEventDto[];
}
export const NO_HISTORY: FlagTimeline = { total: 0, items: [] };

/** Entries a business page shows of each flag's history before the full history disclosure. */
export const RECENT_SHOWN = 3;

/** A status or snooze post of one flag that failed its rules: the errors by field and what the user typed. */
export interface FlagFormState {
  form: 'status' | 'snooze';
  errors: FieldErrors;
  values: Record<string, string>;
}

export interface FlagCardData {
  flag: FlagDto;
  history: FlagTimeline;
  /** Where the status and snooze forms return to. */
  back: string;
  /** Today in WIB (the snooze form's earliest and default dates). */
  today: string;
  /**
   * `latest`: the history holds only the latest entries (the queue), linked to `historyLink`;
   * `collapsed`: the history is complete, its last few shown and the rest behind a disclosure.
   */
  historyMode: 'latest' | 'collapsed';
  historyLink?: string;
  state?: FlagFormState;
}

function eventLine(l: Lang, e: FlagEventDto): SafeHtml {
  const label = historyEventLabel(l, e.type);
  const what = e.type === 'status_changed' ? html`${label}: ${statusLabel(l, e.fromStatus ?? '')} → ${statusLabel(l, e.toStatus ?? '')}` : html`${label}`;
  const until = e.type === 'snoozed' && typeof e.details?.until === 'string' ? html` ${tr(l, 'sampai', 'until')} ${dateLabel(l, e.details.until)}` : '';
  const asOf = e.asOf ? html` (${tr(l, 'per', 'as of')} ${dateLabel(l, e.asOf)})` : '';
  const who = html`<span class="muted" data-actor>${e.actorName}</span>${e.note ? html`<br>“${e.note}”` : ''}`;
  return html`<li data-event="${e.type}"><b>${dateTimeLabel(l, e.at)}</b> · ${what}${until}${asOf} · ${who}</li>`;
}

const fullList = (l: Lang, flagId: string, h: FlagTimeline) =>
  html`<ol class="timeline" id="history-${flagId}" data-total="${h.total}">${h.items.map((e) => eventLine(l, e))}</ol>`;

/** The queue's history: the latest entries, open, with a link to the whole history when some are hidden. */
export function latestTimeline(l: Lang, flagId: string, h: FlagTimeline, more?: string): SafeHtml {
  const hidden = h.total - h.items.length;
  const note =
    hidden > 0
      ? html`<p class="muted">${tr(l, `${hidden} entri lebih lama tidak ditampilkan`, `${hidden} older entries not shown`)}${
          more ? html` — <a href="${more}">${tr(l, 'riwayat lengkap', 'full history')}</a>` : ''
        }</p>`
      : '';
  return html`<details open><summary>${tr(l, 'Riwayat', 'History')} (${h.total})</summary>${note}${fullList(l, flagId, h)}</details>`;
}

/** The business page's history: the last few entries in view, every entry (oldest first) behind a closed disclosure. */
export function collapsedTimeline(l: Lang, flagId: string, h: FlagTimeline): SafeHtml {
  const recent = h.items.slice(-RECENT_SHOWN);
  const label = tr(l, 'Riwayat', 'History');
  if (h.total <= RECENT_SHOWN) return html`<h4>${label} (${h.total})</h4>${fullList(l, flagId, h)}`;
  return html`<h4>${tr(l, `${label}: ${recent.length} entri terakhir`, `${label}: latest ${recent.length} entries`)}</h4>
<ol class="timeline recent" data-recent="${flagId}">${recent.map((e) => eventLine(l, e))}</ol>
<details class="history-all"><summary>${label} (${h.total}) — ${tr(l, 'tampilkan semua', 'show all')}</summary>${fullList(l, flagId, h)}</details>`;
}

function statusForm(c: WebCtx, d: FlagCardData): SafeHtml {
  const l = c.lang;
  const f = d.flag;
  const st = d.state?.form === 'status' ? d.state : undefined;
  const chosen = st?.values.status ?? f.status;
  return html`<form method="post" action="/dinas/bendera/${f.id}/status" class="flag-status">${csrfField(c)}
<input type="hidden" name="kembali" value="${d.back}">
${errorSummary(l, st?.errors)}
<label for="st-${f.id}">${tr(l, 'Ubah status', 'Change status')}</label>
<select id="st-${f.id}" name="status"${invalidAttrs(st?.errors, 'status')}>${STAFF_STATUSES.map(
    (s) => html`<option value="${s}"${s === chosen ? html` selected` : ''}>${statusLabel(l, s)}</option>`,
  )}</select>${fieldError(l, st?.errors, 'status')}
<label for="note-${f.id}">${tr(l, 'Catatan', 'Note')}</label>
<textarea id="note-${f.id}" name="note" maxlength="2000"${invalidAttrs(st?.errors, 'note')}>${st?.values.note ?? ''}</textarea>
${fieldError(l, st?.errors, 'note')}
<div class="actions"><button type="submit">${tr(l, 'Simpan status', 'Save status')}</button>
<button class="secondary" type="submit" name="status" value="formal_exporter">${tr(l, 'Tandai eksportir formal', 'Mark formal exporter')}</button>
</div></form>`;
}

function snoozeForm(c: WebCtx, d: FlagCardData): SafeHtml {
  const l = c.lang;
  const f = d.flag;
  const st = d.state?.form === 'snooze' ? d.state : undefined;
  return html`<form method="post" action="/dinas/bendera/${f.id}/tunda">${csrfField(c)}<input type="hidden" name="kembali" value="${d.back}">
${errorSummary(l, st?.errors)}
<label for="until-${f.id}">${tr(l, 'Tunda sampai', 'Snooze until')}</label>
<input id="until-${f.id}" name="until" type="date" min="${addDays(d.today, 1)}" value="${st?.values.until ?? addDays(d.today, 28)}" required${invalidAttrs(
    st?.errors,
    'until',
  )}>
${fieldError(l, st?.errors, 'until')}
<label for="snote-${f.id}">${tr(l, 'Catatan', 'Note')}</label>
<input id="snote-${f.id}" name="note" maxlength="2000" value="${st?.values.note ?? ''}"${invalidAttrs(st?.errors, 'note')}>
${fieldError(l, st?.errors, 'note')}
<div class="actions"><button class="secondary" type="submit">${tr(l, 'Tunda', 'Snooze')}</button></div></form>`;
}

/** A signal's value or threshold: money in Rupiah, materials by name, shares and counts as numbers, none as a dash. */
export function signalValue(lang: Lang, key: string, v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (Array.isArray(v)) return v.map((x) => (key === 'wildlifeMaterials' ? materialLabel(lang, String(x)) : String(x))).join(', ') || '–';
  if (typeof v === 'number') return /Idr$/.test(key) ? rupiah(lang, v) : num(lang, Math.round(v * 100) / 100);
  return String(v);
}

function signalTable(l: Lang, f: FlagDto): SafeHtml {
  const [name, value, threshold, met] = [tr(l, 'Sinyal', 'Signal'), tr(l, 'Nilai', 'Value'), tr(l, 'Ambang', 'Threshold'), tr(l, 'Terpenuhi', 'Met')];
  const rows = Object.entries(f.signals).map(
    ([k, s]) => html`<tr><td data-label="${name}">${signalLabel(l, k)}</td><td data-label="${value}" class="num">${signalValue(l, k, s.value)}</td>
<td data-label="${threshold}" class="num">${signalValue(l, k, s.threshold)}</td>
<td data-label="${met}">${s.hit ? tr(l, '✔ ya', '✔ yes') : tr(l, '✘ tidak', '✘ no')}</td></tr>`,
  );
  const hits = Object.values(f.signals).filter((s) => s.hit).length;
  const total = Object.keys(f.signals).length;
  // the reasons say what the signals mean; the table behind them is for checking the numbers
  const summary = tr(l, `Sinyal (nilai vs ambang): ${hits} dari ${total} terpenuhi`, `Signals (value vs threshold): ${hits} of ${total} met`);
  return html`<details class="signals"><summary>${summary}</summary>
<div class="scroll"><table class="signals rows"><thead><tr><th scope="col">${name}</th><th scope="col" class="n">${value}</th>
<th scope="col" class="n">${threshold}</th><th scope="col">${met}</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

/** Near full capacity: the advice is productivity coaching before paperwork (advice only; the flag stands as decided). */
function coachingAdvice(l: Lang, f: FlagDto): SafeHtml {
  const why = f.signals.capacityUse ? capacityReason(f.signals.capacityUse as SignalValue) : null;
  return why ? html`<p class="alert warn" data-advice="productivity_coaching">${why[l]}</p>` : html``;
}

/** One flag for staff: why, the signals against their thresholds, the paperwork, the history, and the status and snooze forms. */
export function flagCard(c: WebCtx, d: FlagCardData): SafeHtml {
  const l = c.lang;
  const f = d.flag;
  const resolved = f.resolvedOn ? html` · ${tr(l, 'selesai', 'resolved')} ${dateLabel(l, f.resolvedOn)}` : '';
  const snoozed = f.snoozedUntil ? html` · ${tr(l, 'ditunda sampai', 'snoozed until')} ${dateLabel(l, f.snoozedUntil)}` : '';
  const history = d.historyMode === 'latest' ? latestTimeline(l, f.id, d.history, d.historyLink) : collapsedTimeline(l, f.id, d.history);
  return html`<section class="card flag" id="flag-${f.id}" data-status="${f.status}" aria-labelledby="flag-${f.id}-h">
<h3 id="flag-${f.id}-h">${countryName(l, f.market)} · ${kindLabel(l, f.kind)}
<span class="pill ${f.status}" data-flag-status>${statusLabel(l, f.status)}</span></h3>
<p class="muted">${tr(l, 'Dinaikkan', 'Raised')} ${dateLabel(l, f.raisedOn)}${resolved} · ${tr(l, 'dievaluasi', 'evaluated')} ${dateLabel(l, f.lastEvaluatedOn)}
 · ${tr(l, 'skor', 'score')} ${num(l, f.score)} · v${f.ruleSetVersion}${snoozed}</p>
${coachingAdvice(l, f)}<h4>${tr(l, 'Alasan', 'Reasons')}</h4><ul class="reasons">${f.reasons.map((r) => html`<li>${r}</li>`)}</ul>
${signalTable(l, f)}
<h4>${tr(l, 'Daftar dokumen', 'Paperwork checklist')}</h4>
<ul class="checklist">${f.checklist.map((i) => html`<li><b>${i.title}</b> (${i.code}) — ${i.reason}</li>`)}</ul>
${history}
${f.status === 'resolved' ? '' : html`<div class="cols">${statusForm(c, d)}${snoozeForm(c, d)}</div>`}
</section>`;
}
