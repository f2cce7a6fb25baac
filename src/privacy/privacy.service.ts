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
import { PrivacyRepository } from './privacy.repository';
import { logEvent } from '../common/log-event';

export const RETENTION_SCHEDULER_ID = 'maintenance.retention.daily';
/** Every day at 02:30 WIB. */
export const RETENTION_PATTERN = '30 2 * * *';

/**
 * A business's data on request: export everything held about it (JSON) and delete it, removing or
 * anonymising what other tables hold; plus the daily retention of voided orders and delivery logs.
 */
@Injectable()
export class PrivacyService implements OnModuleInit {
  private readonly logger = new Logger(PrivacyService.name);

  constructor(
    private readonly db: Db,
    private readonly repo: PrivacyRepository,
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
    return this.db
      .tx(async (c) => {
        await this.repo.readOnlySnapshot(c);
        const business = await this.repo.business(businessId, c);
        if (!business) throw new NotFound('business');
        const out: Record<string, unknown> = { exportedAt: this.clock.now().toISOString(), business, ...(await this.repo.businessRows(businessId, c)) };
        // the audit row is written after the read-only snapshot, outside it
        return out;
      })
      .then(async (out) => {
        await this.audit.append(actor, {
          action: 'business.data_exported',
          entityType: 'business',
          entityId: businessId,
          details: { orders: (out.orders as unknown[]).length },
        });
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
      if (!(await this.repo.lockBusiness(businessId, c))) throw new NotFound('business');
      const res = await this.repo.deleteBusiness(businessId, c);
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
      out.voidedOrders = await this.repo.deleteVoidedOrdersBefore(cutoff(this.env.RETENTION_VOIDED_ORDERS_DAYS));
    }
    if (this.env.RETENTION_DELIVERY_LOG_DAYS > 0) {
      const before = cutoff(this.env.RETENTION_DELIVERY_LOG_DAYS);
      // finished deliveries only (their attempts cascade); pending ones are still work
      out.webhookDeliveries = await this.repo.deleteWebhookDeliveriesBefore(before);
      out.digestDeliveries = await this.repo.deleteDigestDeliveriesBefore(before);
    }
    if (out.voidedOrders || out.webhookDeliveries || out.digestDeliveries)
      await this.audit.append('system', { action: 'retention.applied', entityType: 'system', details: out });
    logEvent(this.logger, 'retention applied', { ...out });
    return out;
  }
}
