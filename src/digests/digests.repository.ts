import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { JobOutboxRepository } from '../jobs/job-outbox.repository';

export interface SubscriptionRow {
  id: string;
  email: string;
  name: string | null;
  locale: 'id' | 'en';
  districts: string[];
  markets: string[];
  materials: string[];
  kinds: string[];
  cadence: 'weekly' | 'daily';
  send_at: string;
  time_zone: string;
  send_when_empty: boolean;
  created_at: Date;
  updated_at: Date;
  unsubscribed_at: Date | null;
}

export interface DeliveryRow {
  id: string;
  kind: 'digest' | 'business_notice';
  recipient_key: string;
  period: string;
  subscription_id: string | null;
  business_id: string | null;
  flag_id: string | null;
  email: string;
  locale: 'id' | 'en';
  week: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lease_until: Date | null;
  next_attempt_at: Date | null;
  last_error: string | null;
  message_id: string | null;
  scheduled_for: Date;
  created_at: Date;
  sent_at: Date | null;
}

export type NewDelivery = Pick<DeliveryRow, 'kind' | 'recipient_key' | 'period' | 'email' | 'locale' | 'week' | 'scheduled_for' | 'created_at'> &
  Partial<Pick<DeliveryRow, 'subscription_id' | 'business_id' | 'flag_id'>>;

const SUB_FIELDS: Record<string, string> = {
  email: 'email',
  name: 'name',
  locale: 'locale',
  districts: 'districts',
  markets: 'markets',
  materials: 'materials',
  kinds: 'kinds',
  cadence: 'cadence',
  sendAt: 'send_at',
  timeZone: 'time_zone',
  sendWhenEmpty: 'send_when_empty',
};

/** Every query of digest subscriptions, deliveries and the notice switch. */
@Injectable()
export class DigestsRepository {
  constructor(
    private readonly db: Db,
    private readonly outbox: JobOutboxRepository,
  ) {}

  insertSubscription(v: Record<string, unknown>, at: Date, by: string): Promise<SubscriptionRow | undefined> {
    const cols = Object.keys(v).filter((k) => SUB_FIELDS[k] && v[k] !== undefined);
    const names = cols.map((k) => SUB_FIELDS[k]);
    const params = cols.map((k) => v[k]);
    return this.db.one<SubscriptionRow>(
      `INSERT INTO digest_subscriptions (${[...names, 'created_at', 'updated_at', 'created_by'].join(', ')})
       VALUES (${[...params, at, at, by].map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      [...params, at, at, by],
    );
  }

  updateSubscription(id: string, v: Record<string, unknown>, at: Date): Promise<SubscriptionRow | undefined> {
    const cols = Object.keys(v).filter((k) => SUB_FIELDS[k] && v[k] !== undefined);
    const sets = cols.map((k, i) => `${SUB_FIELDS[k]} = $${i + 2}`);
    return this.db.one<SubscriptionRow>(
      `UPDATE digest_subscriptions SET ${[...sets, `updated_at = $${cols.length + 2}`].join(', ')} WHERE id = $1 AND deleted_at IS NULL RETURNING *`,
      [id, ...cols.map((k) => v[k]), at],
    );
  }

  getSubscription(id: string): Promise<SubscriptionRow | undefined> {
    return this.db.one<SubscriptionRow>('SELECT * FROM digest_subscriptions WHERE id = $1 AND deleted_at IS NULL', [id]);
  }

  listSubscriptions(): Promise<SubscriptionRow[]> {
    return this.db.many<SubscriptionRow>('SELECT * FROM digest_subscriptions WHERE deleted_at IS NULL ORDER BY created_at, id');
  }

  activeSubscriptions(): Promise<SubscriptionRow[]> {
    return this.db.many<SubscriptionRow>('SELECT * FROM digest_subscriptions WHERE deleted_at IS NULL AND unsubscribed_at IS NULL ORDER BY created_at, id');
  }

  deleteSubscription(id: string, at: Date): Promise<number> {
    return this.db.exec('UPDATE digest_subscriptions SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [id, at]);
  }

  /** Sets or clears (`null`: active again) when the subscriber stopped the digest. */
  setUnsubscribedAt(id: string, at: Date | null): Promise<number> {
    return this.db.exec('UPDATE digest_subscriptions SET unsubscribed_at = $2 WHERE id = $1', [id, at]);
  }

  unsubscribe(id: string, at: Date): Promise<number> {
    return this.db.exec('UPDATE digest_subscriptions SET unsubscribed_at = COALESCE(unsubscribed_at, $2) WHERE id = $1 AND deleted_at IS NULL', [id, at]);
  }

  /** Writes the delivery row (the unique key is kind × recipient × period); undefined when it already exists. */
  insertDelivery(d: NewDelivery, q?: Queryable): Promise<{ id: string } | undefined> {
    return this.db.one<{ id: string }>(
      `INSERT INTO digest_deliveries (kind, recipient_key, period, subscription_id, business_id, flag_id, email, locale, week, scheduled_for, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (kind, recipient_key, period) DO NOTHING RETURNING id`,
      [
        d.kind,
        d.recipient_key,
        d.period,
        d.subscription_id ?? null,
        d.business_id ?? null,
        d.flag_id ?? null,
        d.email,
        d.locale,
        d.week,
        d.scheduled_for,
        d.created_at,
      ],
      q,
    );
  }

  /** Writes many delivery rows in one statement; returns the ids of the rows that did not exist yet. */
  async insertDeliveries(rows: NewDelivery[], q?: Queryable): Promise<string[]> {
    if (!rows.length) return [];
    const col = <K extends keyof NewDelivery>(k: K) => rows.map((r) => r[k] ?? null);
    const out = await this.db.many<{ id: string }>(
      `INSERT INTO digest_deliveries (kind, recipient_key, period, subscription_id, business_id, flag_id, email, locale, week, scheduled_for, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[])
       ON CONFLICT (kind, recipient_key, period) DO NOTHING RETURNING id`,
      [
        col('kind'),
        col('recipient_key'),
        col('period'),
        col('subscription_id'),
        col('business_id'),
        col('flag_id'),
        col('email'),
        col('locale'),
        col('week'),
        col('scheduled_for'),
        col('created_at'),
      ],
      q,
    );
    return out.map((r) => r.id);
  }

  /** `hadWeek` for many subscribers at once: the ids that already have (or are getting) that week under another period. */
  async hadWeekMany(subscriptionIds: string[], week: string, exceptPeriod: string): Promise<Set<string>> {
    if (!subscriptionIds.length) return new Set();
    const rows = await this.db.many<{ k: string }>(
      `SELECT DISTINCT recipient_key AS k FROM digest_deliveries
        WHERE kind = 'digest' AND recipient_key = ANY ($1::text[]) AND week = $2 AND period <> $3 AND status <> 'failed'`,
      [subscriptionIds, week, exceptPeriod],
    );
    return new Set(rows.map((r) => r.k));
  }

  /** The newest published week. */
  async latestWeek(): Promise<string | undefined> {
    return (await this.db.one<{ week: string }>('SELECT week FROM weekly_reports ORDER BY week DESC LIMIT 1'))?.week;
  }

  /** The newest published week that ended before a date (daily digests). */
  async weekEndingBefore(beforeDate: string): Promise<string | undefined> {
    return (await this.db.one<{ week: string }>('SELECT week FROM weekly_reports WHERE week_end < $1 ORDER BY week_end DESC LIMIT 1', [beforeDate]))?.week;
  }

  /**
   * Rows that should have a send job by now: pending, or 'sending' whose holder may be gone, and
   * that have no job still waiting in the outbox (asked of the jobs module first; rows created since
   * are younger than `graceMs`). Rows created in the last `graceMs` are left to the outbox relay.
   * Oldest first, at most `limit`.
   */
  async unsentDeliveries(
    now: Date,
    graceMs: number,
    limit: number,
  ): Promise<Array<Pick<DeliveryRow, 'id' | 'status' | 'attempts' | 'lease_until' | 'next_attempt_at'>>> {
    const waiting = await this.outbox.pendingPayloadValues('digests.send-one', 'deliveryId');
    return this.db.many(
      `SELECT d.id, d.status, d.attempts, d.lease_until, d.next_attempt_at FROM digest_deliveries d
        WHERE d.status IN ('pending', 'sending') AND d.created_at < $1::timestamptz - make_interval(secs => $2::int / 1000.0)
          AND d.id::text <> ALL($4::text[])
        ORDER BY d.created_at, d.id LIMIT $3`,
      [now, graceMs, limit, waiting],
    );
  }

  /** Whether this subscriber already has (or is getting) a digest of this week under another period. */
  async hadWeek(subscriptionId: string, week: string, exceptPeriod: string, before?: Date): Promise<boolean> {
    const r = await this.db.one(
      `SELECT 1 FROM digest_deliveries WHERE kind = 'digest' AND recipient_key = $1 AND week = $2 AND period <> $3 AND status <> 'failed'
          AND ($4::timestamptz IS NULL OR created_at < $4) LIMIT 1`,
      [subscriptionId, week, exceptPeriod, before ?? null],
    );
    return !!r;
  }

  getDelivery(id: string): Promise<DeliveryRow | undefined> {
    return this.db.one<DeliveryRow>('SELECT * FROM digest_deliveries WHERE id = $1', [id]);
  }

  /** Takes the row for one send: pending, or 'sending' whose lease ran out (the sender died). */
  claim(id: string, now: Date, leaseUntil: Date): Promise<DeliveryRow | undefined> {
    return this.db.one<DeliveryRow>(
      `UPDATE digest_deliveries SET status = 'sending', attempts = attempts + 1, lease_until = $3
        WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND lease_until < $2)) RETURNING *`,
      [id, now, leaseUntil],
    );
  }

  markSent(id: string, attempts: number, at: Date, messageId: string): Promise<number> {
    return this.db.exec(
      `UPDATE digest_deliveries SET status = 'sent', sent_at = $3, message_id = $4, lease_until = NULL, last_error = NULL WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [id, attempts, at, messageId],
    );
  }

  markFailedAttempt(id: string, attempts: number, final: boolean, error: string, nextAt: Date | null, q?: Queryable): Promise<number> {
    return this.db.exec(
      `UPDATE digest_deliveries SET status = $3, last_error = $4, next_attempt_at = $5, lease_until = NULL WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [id, attempts, final ? 'failed' : 'pending', error.slice(0, 500), nextAt],
      q,
    );
  }

  listDeliveries(f: { week?: string; subscriptionId?: string; limit: number }): Promise<DeliveryRow[]> {
    return this.db.many<DeliveryRow>(
      `SELECT * FROM digest_deliveries WHERE kind = 'digest' AND ($1::text IS NULL OR week = $1) AND ($2::uuid IS NULL OR subscription_id = $2)
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      [f.week ?? null, f.subscriptionId ?? null, f.limit],
    );
  }

  async noticesEnabled(): Promise<boolean> {
    const r = await this.db.one<{ business_notices_enabled: boolean }>('SELECT business_notices_enabled FROM digest_settings');
    return !!r?.business_notices_enabled;
  }

  setNotices(enabled: boolean, at: Date, by: string): Promise<number> {
    return this.db.exec('UPDATE digest_settings SET business_notices_enabled = $1, updated_at = $2, updated_by = $3', [enabled, at, by]);
  }

  businessEmails(ids: string[]): Promise<Array<{ id: string; email: string | null }>> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.many('SELECT id, email FROM businesses WHERE id = ANY ($1::uuid[])', [ids]);
  }
}
