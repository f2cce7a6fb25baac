import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { AuthService } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { NotFound } from '../common/errors';
import { Env } from '../config/env.schema';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { JobSchedulesService } from '../jobs/job-schedules.service';
import { logEvent } from '../common/log-event';

export const RETENTION_SCHEDULER_ID = 'maintenance.retention.daily';
/** Every day at 02:30 WIB. */
export const RETENTION_PATTERN = '30 2 * * *';

/** Tables keyed by business_id whose rows belong in an export (all cascade on delete). */
const BUSINESS_TABLES: Array<{ key: string; sql: string }> = [
  { key: 'orders', sql: 'SELECT * FROM orders WHERE business_id = $1 ORDER BY ordered_at, id' },
  { key: 'orderImports', sql: 'SELECT * FROM order_imports WHERE business_id = $1 ORDER BY started_at' },
  { key: 'flags', sql: 'SELECT * FROM flags WHERE business_id = $1 ORDER BY raised_on, id' },
  { key: 'flagEvents', sql: 'SELECT e.* FROM flag_events e JOIN flags f ON f.id = e.flag_id WHERE f.business_id = $1 ORDER BY e.id' },
  { key: 'flagEvaluations', sql: 'SELECT * FROM flag_evaluations WHERE business_id = $1 ORDER BY as_of, market, kind' },
  { key: 'apiKeys', sql: 'SELECT id, label, role, created_at, last_used_at, revoked_at FROM api_keys WHERE business_id = $1 ORDER BY created_at' },
  { key: 'users', sql: 'SELECT id, email, name, role, locale, created_at FROM users WHERE business_id = $1 ORDER BY created_at' },
  { key: 'notices', sql: 'SELECT id, kind, period, week, email, status, sent_at, created_at FROM digest_deliveries WHERE business_id = $1 ORDER BY created_at' },
  { key: 'auditLog', sql: `SELECT id, at, actor, actor_role, action, entity_type, entity_id, details FROM audit_log WHERE entity_id = $1::text OR details->>'businessId' = $1::text ORDER BY id` },
];

/**
 * A business's data on request: export everything held about it (JSON) and delete it, removing or
 * anonymising what other tables hold; plus the daily retention of voided orders and delivery logs.
 */
@Injectable()
export class PrivacyService implements OnModuleInit {
  private readonly logger = new Logger(PrivacyService.name);

  constructor(
    private readonly db: Db,
    private readonly env: Env,
    private readonly clock: Clock,
    private readonly audit: AuditRepository,
    private readonly handlers: JobHandlers,
    private readonly auth: AuthService,
    private readonly schedules: JobSchedulesService,
  ) {}

  onModuleInit(): void {
    this.handlers.register('maintenance.retention', () => this.applyRetention());
    this.schedules.define({ id: RETENTION_SCHEDULER_ID, pattern: RETENTION_PATTERN, name: 'maintenance.retention', data: {} });
  }

  async export(actor: Actor, businessId: string): Promise<Record<string, unknown>> {
    return this.db.tx(async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const business = await this.db.one('SELECT * FROM businesses WHERE id = $1', [businessId], c);
      if (!business) throw new NotFound('business');
      const out: Record<string, unknown> = { exportedAt: this.clock.now().toISOString(), business };
      for (const t of BUSINESS_TABLES) out[t.key] = await this.db.many(t.sql, [businessId], c);
      // the audit row is written after the read-only snapshot, outside it
      return out;
    }).then(async (out) => {
      await this.audit.append(actor, { action: 'business.data_exported', entityType: 'business', entityId: businessId, details: { orders: (out.orders as unknown[]).length } });
      return out;
    });
  }

  /**
   * Deletes the business and everything that cascades from it (orders, keys, users, flags, …),
   * its notices, and anonymises it in shared records: domain events (and so webhook payloads) and
   * published weekly lists. The append-only audit log keeps ids and counts only (no personal data).
   */
  async deleteBusiness(actor: Actor, businessId: string): Promise<Record<string, number>> {
    const counts = await this.db.tx(async (c) => {
      const b = await this.db.one<{ id: string }>('SELECT id FROM businesses WHERE id = $1 FOR UPDATE', [businessId], c);
      if (!b) throw new NotFound('business');
      const n = async (sql: string) => (await c.query(sql, [businessId])).rowCount ?? 0;
      const res: Record<string, number> = {
        orders: await n('SELECT 1 FROM orders WHERE business_id = $1'),
        flags: await n('SELECT 1 FROM flags WHERE business_id = $1'),
        notices: await n('DELETE FROM digest_deliveries WHERE business_id = $1'),
        events: await n(`UPDATE domain_events SET data = jsonb_build_object('redacted', true, 'type', type) WHERE data->>'businessId' = $1::text`),
        weeklyLists: await n(
          `UPDATE weekly_reports SET items = (
              SELECT coalesce(jsonb_agg(CASE WHEN e->>'businessId' = $1::text
                       THEN e || jsonb_build_object('businessId', null, 'businessName', '(deleted)', 'redacted', true) ELSE e END ORDER BY ord), '[]'::jsonb)
                FROM jsonb_array_elements(items) WITH ORDINALITY AS x(e, ord))
            WHERE items @> jsonb_build_array(jsonb_build_object('businessId', $1::text))`,
        ),
      };
      await n('DELETE FROM businesses WHERE id = $1');
      await this.audit.append(actor, { action: 'business.data_deleted', entityType: 'business', entityId: businessId, details: res }, c);
      return res;
    });
    this.auth.forgetCached(); // its keys stop working here at once (other processes within 5 s)
    logEvent(this.logger, 'business data deleted', { businessId, ...counts });
    return counts;
  }

  /** Deletes voided orders and delivery logs past their retention (0 days = keep). */
  async applyRetention(): Promise<Record<string, number>> {
    const now = this.clock.now();
    const cutoff = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const out = { voidedOrders: 0, webhookDeliveries: 0, digestDeliveries: 0 };
    if (this.env.RETENTION_VOIDED_ORDERS_DAYS > 0) {
      out.voidedOrders = await this.db.exec('DELETE FROM orders WHERE voided_at IS NOT NULL AND voided_at < $1', [cutoff(this.env.RETENTION_VOIDED_ORDERS_DAYS)]);
    }
    if (this.env.RETENTION_DELIVERY_LOG_DAYS > 0) {
      const before = cutoff(this.env.RETENTION_DELIVERY_LOG_DAYS);
      // finished deliveries only (their attempts cascade); pending ones are still work
      out.webhookDeliveries = await this.db.exec(`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1`, [before]);
      out.digestDeliveries = await this.db.exec(`DELETE FROM digest_deliveries WHERE status IN ('sent', 'failed') AND created_at < $1`, [before]);
    }
    if (out.voidedOrders || out.webhookDeliveries || out.digestDeliveries) await this.audit.append('system', { action: 'retention.applied', entityType: 'system', details: out });
    logEvent(this.logger, 'retention applied', { ...out });
    return out;
  }
}
