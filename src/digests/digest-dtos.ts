import type { DeliveryRow, SubscriptionRow } from './digests.repository';
import type { DigestDeliveryDto, SubscriptionDto } from './dto/digest.dto';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A subscription as the API shows it. */
export function toSubscriptionDto(r: SubscriptionRow): SubscriptionDto {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    locale: r.locale,
    districts: r.districts,
    markets: r.markets,
    materials: r.materials,
    kinds: r.kinds,
    cadence: r.cadence,
    sendAt: r.send_at,
    timeZone: r.time_zone,
    sendWhenEmpty: r.send_when_empty,
    active: !r.unsubscribed_at,
    unsubscribedAt: iso(r.unsubscribed_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** A delivery as the API shows it ('sending' is still pending to the reader). */
export function toDeliveryDto(d: DeliveryRow): DigestDeliveryDto {
  return {
    id: d.id,
    subscriptionId: d.subscription_id,
    email: d.email,
    week: d.week,
    period: d.period,
    status: d.status === 'sending' ? 'pending' : d.status,
    attempts: d.attempts,
    sentAt: iso(d.sent_at),
    lastError: d.last_error,
    scheduledFor: d.scheduled_for.toISOString(),
  };
}
