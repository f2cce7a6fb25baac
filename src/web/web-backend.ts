import { Injectable, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DigestsService } from '../digests/digests.service';
import { RuleSetsService } from '../flags/rule-sets.service';
import { ReplayService } from '../watch/replay.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { html, SafeHtml } from './html';
import { Lang, tr } from './i18n';

export function backendMissing(lang: Lang, what: string): SafeHtml {
  const text = tr(lang, `${what} belum tersedia di versi layanan ini.`, `${what} is not available in this version of the service yet.`);
  return html`<div class="alert warn" role="status" data-backend-missing>${text}</div>`;
}

/**
 * The one place the pages reach the flags, watch, reports, webhooks and digests services. They are
 * looked up in the running application (their modules are registered in AppModule, not imported
 * here, so their controllers and job handlers exist once); a page whose backend is not part of the
 * running app says so instead of inventing data.
 */
@Injectable()
export class WebBackend {
  constructor(private readonly moduleRef: ModuleRef) {}

  private find<T>(token: Type<T>): T | null {
    try {
      return this.moduleRef.get(token, { strict: false });
    } catch {
      return null;
    }
  }

  get ruleSets(): RuleSetsService | null {
    return this.find(RuleSetsService);
  }
  get replay(): ReplayService | null {
    return this.find(ReplayService);
  }
  get webhooks(): WebhooksService | null {
    return this.find(WebhooksService);
  }
  get digests(): DigestsService | null {
    return this.find(DigestsService);
  }
}
