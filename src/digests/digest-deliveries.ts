/** The pure pieces of digest delivery: which subscribers get a row, the rows themselves, the follow-up lines. */

import type { Activity } from '../casework/casework.types';
import { jobId } from '../jobs/job-registry';
import { QpBody } from '../mail/mail.service';
import { SnapshotItem } from '../reports/report.types';
import type { DigestFollowUp } from './digest-follow-ups';
import { hasChanges, matchingItems } from './digest-sections';
import { NewDelivery, SubscriptionRow } from './digests.repository';

/** A message ready for MailService: plain strings, or bodies already quoted-printable. */
export type Composed = { subject: string; html: string | QpBody; text: string | QpBody };

export const firstSend = (deliveryId: string) => jobId('digests.send-one', { deliveryId, attempt: 1 });

/**
 * The subscribers who get this list: all who asked for empty digests; of the others, those who did
 * not already have it under another period and whose filters match a change.
 */
export function wantedSubscriptions(subs: SubscriptionRow[], items: SnapshotItem[], had: ReadonlySet<string>): SubscriptionRow[] {
  const changed = new Map<string, boolean>();
  return subs.filter((sub) => {
    if (sub.send_when_empty) return true;
    if (had.has(sub.id)) return false;
    const key = JSON.stringify([sub.districts, sub.markets, sub.materials, sub.kinds]);
    let c = changed.get(key);
    if (c === undefined) changed.set(key, (c = hasChanges(matchingItems(items, sub))));
    return c;
  });
}

/** The delivery row of one subscriber's digest for one period. */
export function digestDelivery(sub: SubscriptionRow, week: string, period: string, scheduledFor: Date, now: Date): NewDelivery {
  return {
    kind: 'digest',
    recipient_key: sub.id,
    period,
    subscription_id: sub.id,
    email: sub.email,
    locale: sub.locale,
    week,
    scheduled_for: scheduledFor,
    created_at: now,
  };
}

/** The delivery row of the notice to a newly flagged business (one per flag episode). */
export function businessNoticeDelivery(i: SnapshotItem, email: string, week: string, now: Date): NewDelivery {
  return {
    kind: 'business_notice',
    recipient_key: i.businessId,
    period: i.flagId,
    business_id: i.businessId,
    flag_id: i.flagId,
    email,
    locale: 'id',
    week,
    scheduled_for: now,
    created_at: now,
  };
}

/** A casework activity as a digest follow-up line. */
export const toFollowUp =
  (overdueNow: boolean) =>
  (a: Activity): DigestFollowUp => ({
    businessId: a.businessId,
    businessName: a.businessName,
    district: a.district,
    dueOn: a.dueOn!,
    type: a.type,
    overdue: overdueNow,
  });
