import { Injectable } from '@nestjs/common';
import type { FlagDto } from '../../flags/dto/flag.dto';
import { FlagsService } from '../../flags/flags.service';
import { html, SafeHtml } from '../html';
import { countryName, kindLabel, statusLabel, tr } from '../i18n';
import type { WebCtx } from '../web-context';

/** What a business owner sees about its own active flags: which paperwork to prepare and why. */
export function ownerPaperworkView(c: Pick<WebCtx, 'lang'>, active: FlagDto[]): SafeHtml {
  const l = c.lang;
  if (!active.length) {
    return html`<div class="card"><p>${tr(
      l,
      'Saat ini tidak ada catatan dari dinas untuk usaha Anda. Terus catat pesanan luar negeri Anda.',
      'There is currently no note from the department for your business. Keep logging your overseas orders.',
    )}</p></div>`;
  }
  return html`<h2>${tr(l, 'Dokumen yang perlu disiapkan', 'Paperwork to prepare')}</h2>
${active.map(
  (f) => html`<section class="card" id="paperwork-${f.market}-${f.kind}">
<h3>${countryName(l, f.market)} · ${kindLabel(l, f.kind)} <span class="pill ${f.status}">${statusLabel(l, f.status)}</span></h3>
<p>${tr(l, 'Mengapa:', 'Why:')}</p><ul>${f.reasons.map((r) => html`<li>${r}</li>`)}</ul>
<p>${tr(l, 'Yang perlu disiapkan:', 'What to prepare:')}</p>
<ul>${f.checklist.map((i) => html`<li><b>${i.title}</b> (${i.code}) — ${i.reason}</li>`)}</ul></section>`,
)}`;
}

/** The owner's paperwork section, read through the flags service (a business sees only its own flags). */
@Injectable()
export class BusinessFlagsView {
  constructor(private readonly flags: FlagsService) {}

  async forBusinessOwner(c: WebCtx, businessId: string): Promise<SafeHtml> {
    const active = (await this.flags.list(c.actor!, { businessId, active: true, limit: 50 }, c.lang)).items;
    return ownerPaperworkView(c, active);
  }
}
