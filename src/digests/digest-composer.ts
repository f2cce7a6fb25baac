import { Injectable } from '@nestjs/common';
import { EXPIRY_SOON_DAYS } from '../businesses/documents';
import { DocumentsService } from '../businesses/documents.service';
import { ActivitiesService } from '../casework/activities.service';
import { Clock } from '../common/clock';
import { wibDate } from '../common/time';
import { Env } from '../config/env.schema';
import type { SnapshotItem } from '../reports/report.types';
import { bodyKey, DigestContentCache } from './digest-cache';
import { Composed, toFollowUp } from './digest-deliveries';
import type { DigestExpiring, DigestFollowUp } from './digest-follow-ups';
import { trimBase } from './digest-links';
import { DigestFilters, matchingItems, personaliseQp, renderBusinessNotice, renderDigestBody, withQp } from './digest-render';
import { DeliveryRow, DigestsRepository } from './digests.repository';
import { unsubscribeUrl } from './unsubscribe-token';

/**
 * What one delivery row's email says: a subscriber's digest (its body shared by every digest of the
 * same week, language, filters and day) or a business notice, from the frozen weekly list.
 */
@Injectable()
export class DigestComposer {
  constructor(
    private readonly repo: DigestsRepository,
    private readonly clock: Clock,
    private readonly env: Env,
    private readonly cache: DigestContentCache,
    private readonly activities: ActivitiesService,
    private readonly documents: DocumentsService,
  ) {}

  /** Follow-ups overdue or due this week in these kecamatan (all when none), overdue first. */
  private async followUps(districts: string[]): Promise<DigestFollowUp[]> {
    const [overdue, week] = await Promise.all([this.activities.due('overdue', undefined, districts), this.activities.due('this_week', undefined, districts)]);
    return [...overdue.map(toFollowUp(true)), ...week.map(toFollowUp(false))];
  }

  /** The listed businesses' verified documents that run out within 60 days, soonest first. */
  private async expiring(items: SnapshotItem[]): Promise<DigestExpiring[]> {
    const byId = new Map(items.map((i) => [i.businessId, i]));
    const docs = await this.documents.expiringWithin(EXPIRY_SOON_DAYS, wibDate(this.clock.now()), [...byId.keys()]);
    return docs.map((x) => ({
      businessId: x.businessId,
      businessName: byId.get(x.businessId)!.businessName,
      district: byId.get(x.businessId)!.district,
      type: x.type,
      expiresOn: x.expiresOn!,
    }));
  }

  /**
   * Renders from the frozen snapshot; undefined when the subscriber is gone. The part that does not
   * depend on the subscriber is rendered once per (week, language, filters) and reused.
   */
  async compose(d: DeliveryRow): Promise<(Composed & { headers?: Record<string, string> }) | undefined> {
    const cached = await this.cache.snapshot(d.week);
    if (!cached) throw new Error(`weekly list ${d.week} missing`);
    const { snapshot, version } = cached;
    if (d.kind === 'business_notice') {
      const item = snapshot.items.find((i) => i.flagId === d.flag_id);
      return item ? renderBusinessNotice(item, snapshot.week) : undefined;
    }
    const sub = d.subscription_id ? await this.repo.getSubscription(d.subscription_id) : undefined;
    if (!sub || sub.unsubscribed_at) return undefined;
    const base = trimBase(this.env.PUBLIC_BASE_URL);
    const unsubscribe = unsubscribeUrl(base, this.env.APP_SECRET, sub.id);
    const repeat = await this.repo.hadWeek(sub.id, d.week, d.period, d.created_at);
    const filters: DigestFilters = { districts: sub.districts, markets: sub.markets, materials: sub.materials, kinds: sub.kinds };
    // the follow-ups and expiring documents depend on the filters and the day only, as the key does:
    // read them when the body is rendered, not for every digest that reuses it
    const body = await this.cache.body(`${bodyKey(d.week, version, d.locale, filters, repeat, base)}:${wibDate(this.clock.now())}`, async () => {
      const items = matchingItems(snapshot.items, filters);
      const [followUps, expiring] = await Promise.all([this.followUps(sub.districts), this.expiring(items)]);
      return withQp(renderDigestBody({ snapshot, items, locale: d.locale, filters, repeat, links: { base }, followUps, expiring }));
    });
    const rendered = personaliseQp(body, sub.name, unsubscribe);
    return {
      ...rendered,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Siap-Digest-Week': d.week },
    };
  }
}
