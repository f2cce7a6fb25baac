import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';

export interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  contact_email: string | null;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | null;
  status: 'active' | 'disabled';
  disabled_at: Date | null;
  disabled_reason: string | null;
  consecutive_failures: number;
  failing_since: Date | null;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  round: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export interface AttemptRow {
  delivery_id: string;
  round: number;
  attempt: number;
  at: Date;
  status_code: number | null;
  latency_ms: number;
  ok: boolean;
  error: string | null;
}

export type ClaimedDelivery = DeliveryRow & Pick<EndpointRow, 'url' | 'secret_enc' | 'previous_secret_enc' | 'previous_secret_expires_at'>;

/** Every query of webhook endpoints, deliveries and the attempt log. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: Db) {}

  insertEndpoint(
    e: { url: string; events: string[]; description?: string; contactEmail?: string; secretEnc: string; createdAt: Date; createdBy: string },
    q?: Queryable,
  ): Promise<EndpointRow | undefined> {
    return this.db.one<EndpointRow>(
      `INSERT INTO webhook_endpoints (url, events, description, contact_email, secret_enc, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [e.url, e.events, e.description ?? null, e.contactEmail ?? null, e.secretEnc, e.createdAt, e.createdBy],
      q,
    );
  }

  listEndpoints(): Promise<EndpointRow[]> {
    return this.db.many<EndpointRow>('SELECT * FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY created_at, id');
  }

  getEndpoint(id: string, q?: Queryable): Promise<EndpointRow | undefined> {
    return this.db.one<EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = $1 AND deleted_at IS NULL', [id], q);
  }

  softDelete(id: string, at: Date): Promise<number> {
    return this.db.exec(`UPDATE webhook_endpoints SET deleted_at = $2, status = 'disabled', disabled_reason = 'deleted' WHERE id = $1 AND deleted_at IS NULL`, [
      id,
      at,
    ]);
  }

  rotate(id: string, secretEnc: string, previousExpiresAt: Date | null): Promise<EndpointRow | undefined> {
    return this.db.one<EndpointRow>(
      `UPDATE webhook_endpoints SET previous_secret_enc = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE secret_enc END,
              previous_secret_expires_at = $3, secret_enc = $2
        WHERE id = $1 AND deleted_at IS NULL RETURNING *`,
      [id, secretEnc, previousExpiresAt],
    );
  }

  enable(id: string, q?: Queryable): Promise<EndpointRow | undefined> {
    return this.db.one<EndpointRow>(
      `UPDATE webhook_endpoints SET status = 'active', disabled_at = NULL, disabled_reason = NULL, consecutive_failures = 0, failing_since = NULL
        WHERE id = $1 AND deleted_at IS NULL RETURNING *`,
      [id],
      q,
    );
  }

  /** Disables an active endpoint; returns it only for the caller that flipped it (so one notice). */
  disable(id: string, at: Date, reason: string, q?: Queryable): Promise<EndpointRow | undefined> {
    return this.db.one<EndpointRow>(
      `UPDATE webhook_endpoints SET status = 'disabled', disabled_at = $2, disabled_reason = $3 WHERE id = $1 AND status = 'active' RETURNING *`,
      [id, at, reason],
      q,
    );
  }

  getEvent(eventId: string): Promise<{ id: string; type: string; created_at: Date; data: Record<string, unknown> } | undefined> {
    return this.db.one('SELECT id, type, created_at, data FROM domain_events WHERE id = $1', [eventId]);
  }

  /** The events of a batch not fanned out yet, locked in id order (concurrent batches cannot deadlock). */
  lockUnfannedEvents(eventIds: string[], q: Queryable): Promise<Array<{ id: string; type: string }>> {
    return this.db.many(`SELECT id, type FROM domain_events WHERE id = ANY($1::uuid[]) AND fanned_out_at IS NULL ORDER BY id FOR UPDATE`, [eventIds], q);
  }

  markFannedOutMany(eventIds: string[], q: Queryable): Promise<number> {
    return this.db.exec('UPDATE domain_events SET fanned_out_at = now() WHERE id = ANY($1::uuid[])', [eventIds], q);
  }

  /** One delivery per event × subscribed active endpoint, in one statement; returns only the rows created now. */
  insertDeliveriesForMany(events: Array<{ id: string; type: string }>, at: Date, q: Queryable): Promise<Array<{ id: string }>> {
    return this.db.many<{ id: string }>(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, created_at)
       SELECT e.id, ev.id, ev.type, $3
         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS ev(id, type, n)
         JOIN webhook_endpoints e ON e.status = 'active' AND e.deleted_at IS NULL AND ev.type = ANY (e.events)
        ORDER BY ev.n, e.id
       ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING id`,
      [events.map((e) => e.id), events.map((e) => e.type), at],
      q,
    );
  }

  /**
   * Claims a pending delivery of an active endpoint for one attempt (a short lease stops a
   * concurrent duplicate job from posting the same attempt twice).
   */
  claim(id: string, now: Date, leaseUntil: Date): Promise<ClaimedDelivery | undefined> {
    return this.db.one<ClaimedDelivery>(
      `UPDATE webhook_deliveries d SET attempts = d.attempts + 1, locked_until = $3
         FROM webhook_endpoints e
        WHERE d.id = $1 AND e.id = d.endpoint_id AND d.status = 'pending' AND e.status = 'active' AND e.deleted_at IS NULL
          AND (d.locked_until IS NULL OR d.locked_until < $2)
       RETURNING d.*, e.url, e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at`,
      [id, now, leaseUntil],
    );
  }

  insertAttempt(a: AttemptRow & { endpoint_id: string }, q: Queryable): Promise<number> {
    return this.db.exec(
      `INSERT INTO webhook_attempts (delivery_id, endpoint_id, round, attempt, at, status_code, latency_ms, ok, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [a.delivery_id, a.endpoint_id, a.round, a.attempt, a.at, a.status_code, a.latency_ms, a.ok, a.error],
      q,
    );
  }

  finishAttempt(
    id: string,
    r: {
      status: 'pending' | 'succeeded' | 'failed';
      statusCode: number | null;
      latencyMs: number;
      error: string | null;
      nextAttemptAt: Date | null;
      deliveredAt: Date | null;
    },
    q: Queryable,
  ): Promise<number> {
    return this.db.exec(
      `UPDATE webhook_deliveries SET status = $2, last_status_code = $3, last_latency_ms = $4, last_error = $5, next_attempt_at = $6,
              delivered_at = COALESCE($7, delivered_at), locked_until = NULL WHERE id = $1`,
      [id, r.status, r.statusCode, r.latencyMs, r.error, r.nextAttemptAt, r.deliveredAt],
      q,
    );
  }

  endpointSucceeded(id: string, q: Queryable): Promise<number> {
    return this.db.exec('UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = $1', [id], q);
  }

  endpointFailed(id: string, at: Date, q: Queryable): Promise<{ consecutive_failures: number; failing_since: Date } | undefined> {
    return this.db.one(
      `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, $2)
        WHERE id = $1 RETURNING consecutive_failures, failing_since`,
      [id, at],
      q,
    );
  }

  listDeliveries(endpointId: string, status: string | undefined, limit: number): Promise<DeliveryRow[]> {
    return this.db.many<DeliveryRow>(
      `SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
      [endpointId, status ?? null, limit],
    );
  }

  getDelivery(endpointId: string, id: string): Promise<DeliveryRow | undefined> {
    return this.db.one<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 AND id = $2', [endpointId, id]);
  }

  attemptsFor(deliveryIds: string[]): Promise<AttemptRow[]> {
    if (!deliveryIds.length) return Promise.resolve([]);
    return this.db.many<AttemptRow>('SELECT * FROM webhook_attempts WHERE delivery_id = ANY ($1::uuid[]) ORDER BY id', [deliveryIds]);
  }

  /** A manual redelivery starts a new round of attempts for the same event id. */
  restart(id: string, q: Queryable): Promise<DeliveryRow | undefined> {
    return this.db.one<DeliveryRow>(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, round = round + 1, locked_until = NULL, next_attempt_at = NULL WHERE id = $1 RETURNING *`,
      [id],
      q,
    );
  }

  pendingOf(endpointId: string, q: Queryable): Promise<DeliveryRow[]> {
    return this.db.many<DeliveryRow>(`SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'pending'`, [endpointId], q);
  }

  // ---- recovery ----

  /**
   * Events not fanned out and older than `graceMs` by the database's clock (the app clock may be fixed
   * in tests), oldest first, at most `limit`; `created_at` as Postgres text, so it compares exactly.
   */
  unfannedEvents(graceMs: number, limit: number): Promise<Array<{ id: string; created_at: string }>> {
    return this.db.many(
      `SELECT e.id, e.created_at::text AS created_at
         FROM (SELECT id, created_at FROM domain_events WHERE fanned_out_at IS NULL AND created_at < now() - $1 * interval '1 millisecond'
                ORDER BY created_at LIMIT $2) e
        ORDER BY e.created_at, e.id`,
      [graceMs, limit],
    );
  }

  /** Those of the events still not fanned out, oldest first. */
  async stillUnfanned(eventIds: string[]): Promise<string[]> {
    const rows = await this.db.many<{ id: string }>(
      'SELECT id FROM domain_events WHERE id = ANY($1::uuid[]) AND fanned_out_at IS NULL ORDER BY created_at, id',
      [eventIds],
    );
    return rows.map((r) => r.id);
  }

  /** Pending deliveries of active endpoints that are due (`before`) and not leased (`now`), oldest first. */
  dueDeliveries(before: Date, now: Date, limit: number): Promise<Array<{ id: string; round: number; attempts: number }>> {
    return this.db.many(
      `SELECT d.id, d.round, d.attempts FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND e.status = 'active' AND e.deleted_at IS NULL
          AND coalesce(d.next_attempt_at, d.created_at) <= $1 AND (d.locked_until IS NULL OR d.locked_until < $2)
        ORDER BY d.created_at LIMIT $3`,
      [before, now, limit],
    );
  }

  /** Whether the delivery is still pending at that round and attempt (nothing tried it since it was read). */
  async stillPendingAt(id: string, attempts: number, round: number): Promise<boolean> {
    const sql = `SELECT 1 FROM webhook_deliveries WHERE id = $1 AND status = 'pending' AND attempts = $2 AND round = $3`;
    return !!(await this.db.one(sql, [id, attempts, round]));
  }
}
