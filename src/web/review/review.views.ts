import type { FlagDto } from '../../flags/dto/flag.dto';
import { html, SafeHtml } from '../html';
import { Lang, tr } from '../i18n';
import type { WebCtx } from '../web-context';
import { flagCard, FlagFormState, FlagTimeline, NO_HISTORY } from './flag-card.views';

/** The confirmation after a status change or a snooze (`?ok=status|snooze`). */
export function flagFlash(l: Lang, ok: string | undefined): { kind: 'ok'; text: string } | undefined {
  if (ok === 'status') return { kind: 'ok', text: tr(l, 'Status bendera diperbarui.', 'Flag status updated.') };
  if (ok === 'snooze') return { kind: 'ok', text: tr(l, 'Bendera ditunda.', 'Flag snoozed.') };
  return undefined;
}

export interface QueueData {
  /** Open flags due for follow-up, oldest first. */
  flags: FlagDto[];
  /** Per flag its event count and its latest entries. */
  history: Map<string, FlagTimeline>;
  today: string;
}

/** The review queue: every open flag not snoozed, oldest first, each with its latest history and the forms to act on it. */
export function queueView(c: WebCtx, d: QueueData): SafeHtml {
  const l = c.lang;
  const intro = tr(
    l,
    `${d.flags.length} bendera terbuka, terlama dulu. Bendera yang ditunda tidak tampil sampai tanggalnya.`,
    `${d.flags.length} open flags, oldest first. Snoozed flags are hidden until their date.`,
  );
  const items = d.flags.map((f) => {
    const history = d.history.get(f.id) ?? NO_HISTORY;
    const historyLink = `/dinas/usaha/${f.businessId}#history-${f.id}`;
    const card = flagCard(c, { flag: f, history, back: '/dinas/antrean', today: d.today, historyMode: 'latest', historyLink });
    return html`<div class="queue-item"><h2><a href="/dinas/usaha/${f.businessId}">${f.businessName}</a> <span class="muted">· ${f.district}</span></h2>
${card}</div>`;
  });
  return html`<h1>${tr(l, 'Antrean tinjauan', 'Review queue')}</h1><p class="muted">${intro}</p>
${d.flags.length ? items : html`<p class="card">${tr(l, 'Tidak ada bendera yang menunggu tinjauan.', 'No flag is waiting for review.')}</p>`}`;
}

export interface FlagFormPageData {
  flag: FlagDto;
  history: FlagTimeline;
  back: string;
  today: string;
  state: FlagFormState;
}

/** A status or snooze post that broke a rule: the flag's card again, the errors beside the fields, nothing saved. */
export function flagFormView(c: WebCtx, d: FlagFormPageData): SafeHtml {
  const l = c.lang;
  const f = d.flag;
  return html`<h1><a href="/dinas/usaha/${f.businessId}">${f.businessName}</a> <span class="muted">· ${f.district}</span></h1>
${flagCard(c, { flag: f, history: d.history, back: d.back, today: d.today, historyMode: 'collapsed', state: d.state })}
<p><a href="${d.back}">${tr(l, '← Kembali', '← Back')}</a></p>`;
}
