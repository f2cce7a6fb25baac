import { Injectable } from '@nestjs/common';
import { html, SafeHtml } from './html';
import type { FlagEventDto } from '../flags/dto/flag.dto';
import { countryName, dateLabel, dateTimeLabel, eventLabel, kindLabel, Lang, statusLabel, tr } from './i18n';
import type { WebCtx } from './web-context';
import { WebBackend } from './web-backend';

export function backendMissing(lang: Lang, what: string): SafeHtml {
  return html`<div class="alert warn" role="status" data-backend-missing>${tr(lang, `${what} belum tersedia di versi layanan ini.`, `${what} is not available in this version of the service yet.`)}</div>`;
}

/** A flag's history on staff pages: its event count and events (all, or the latest of them), oldest first. */
export interface FlagTimeline {
  total: number;
  items: FlagEventDto[];
}

function eventLine(l: Lang, e: FlagEventDto): SafeHtml {
  const what = e.type === 'status_changed' ? html`${eventLabel(l, e.type)}: ${statusLabel(l, e.fromStatus ?? '')} → ${statusLabel(l, e.toStatus ?? '')}` : html`${eventLabel(l, e.type)}`;
  const until = e.type === 'snoozed' && typeof e.details?.until === 'string' ? html` ${tr(l, 'sampai', 'until')} ${dateLabel(l, e.details.until)}` : '';
  return html`<li data-event="${e.type}"><b>${dateTimeLabel(l, e.at)}</b> · ${what}${until}${e.asOf ? html` (${tr(l, 'per', 'as of')} ${dateLabel(l, e.asOf)})` : ''} · <span class="muted" data-actor>${e.actorName}</span>${e.note ? html`<br>“${e.note}”` : ''}</li>`;
}

/** The history disclosure of a flag card; `more` links to the full history when only the latest are shown. */
export function flagTimelineView(l: Lang, flagId: string, h: FlagTimeline, open: boolean, more?: string): SafeHtml {
  const hidden = h.total - h.items.length;
  return html`<details${open ? html` open` : ''}><summary>${tr(l, 'Riwayat', 'History')} (${h.total})</summary>${hidden > 0 ? html`<p class="muted">${tr(l, `${hidden} entri lebih lama tidak ditampilkan`, `${hidden} older entries not shown`)}${more ? html` — <a href="${more}">${tr(l, 'riwayat lengkap', 'full history')}</a>` : ''}</p>` : ''}<ol class="timeline" id="history-${flagId}" data-total="${h.total}">${h.items.map((e) => eventLine(l, e))}</ol></details>`;
}

/** What a business owner sees about its own flags: which paperwork to prepare and why. */
@Injectable()
export class BusinessFlagsView {
  constructor(private readonly backend: WebBackend) {}

  async forBusinessOwner(c: WebCtx, businessId: string): Promise<SafeHtml> {
    const l = c.lang;
    const flags = this.backend.flags;
    if (!flags) return backendMissing(l, tr(l, 'Informasi dokumen ekspor', 'Export paperwork information'));
    const active = (await flags.list(c.actor!, { businessId, active: true, limit: 50 }, l)).items;
    if (!active.length) return html`<div class="card"><p>${tr(l, 'Saat ini tidak ada catatan dari dinas untuk usaha Anda. Terus catat pesanan luar negeri Anda.', 'There is currently no note from the department for your business. Keep logging your overseas orders.')}</p></div>`;
    return html`<h2>${tr(l, 'Dokumen yang perlu disiapkan', 'Paperwork to prepare')}</h2>${active.map((f) => html`<section class="card" id="paperwork-${f.market}-${f.kind}">
<h3>${countryName(l, f.market)} · ${kindLabel(l, f.kind)} <span class="pill ${f.status}">${statusLabel(l, f.status)}</span></h3>
<p>${tr(l, 'Mengapa:', 'Why:')}</p><ul>${f.reasons.map((r) => html`<li>${r}</li>`)}</ul>
<p>${tr(l, 'Yang perlu disiapkan:', 'What to prepare:')}</p>
<ul>${f.checklist.map((i) => html`<li><b>${i.title}</b> (${i.code}) — ${i.reason}</li>`)}</ul></section>`)}`;
  }
}
