import { WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto';
import { AttemptRow, DeliveryRow, EndpointRow } from './webhooks.repository';

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An endpoint row as the API shows it (never the secret). */
export function webhookDto(r: EndpointRow): WebhookDto {
  return {
    id: r.id,
    url: r.url,
    events: r.events,
    status: r.status,
    description: r.description,
    contactEmail: r.contact_email,
    consecutiveFailures: r.consecutive_failures,
    disabledAt: iso(r.disabled_at),
    disabledReason: r.disabled_reason,
    previousSecretExpiresAt: iso(r.previous_secret_expires_at),
    createdAt: r.created_at.toISOString(),
  };
}

/** A delivery row with its attempt log, as the API shows it. */
export function deliveryDto(r: DeliveryRow, log: AttemptRow[]): WebhookDeliveryDto {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    round: r.round,
    lastStatusCode: r.last_status_code,
    lastLatencyMs: r.last_latency_ms,
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at),
    createdAt: r.created_at.toISOString(),
    deliveredAt: iso(r.delivered_at),
    log: log.map((a) => ({
      round: a.round,
      attempt: a.attempt,
      at: a.at.toISOString(),
      statusCode: a.status_code,
      latencyMs: a.latency_ms,
      ok: a.ok,
      error: a.error,
    })),
  };
}
