import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit, Optional } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { Actor, actorLabel } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { InvalidInput, NotFound } from '../common/errors';
import { parseIsoWeek, TIME_ZONE } from '../common/time';
import { Env } from '../config/env.schema';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { Snapshot } from '../reports/report.types';
import { ReportsRepository } from '../reports/reports.repository';
import { DigestDeliveryPolicy } from './digest-policy';
import { hasChanges, matchingItems, renderBusinessNotice, renderDigest, RenderedDigest } from './digest-render';
import { DeliveryRow, DigestsRepository, SubscriptionRow } from './digests.repository';
import { CreateSubscriptionDto, DigestDeliveryDto, SendDigestResultDto, SubscriptionDto, UpdateSubscriptionDto } from './dto/digest.dto';
import { latestOccurrence } from './schedule';
import { unsubscribeUrl, verifyUnsubscribeToken } from './unsubscribe-token';

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'skipped' | 'busy';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Digest subscriptions, their schedules and exactly-once delivery: a row with a unique key
 * (subscriber × period) is written before anything is sent, claimed with a lease for the send and
 * marked after; SMTP failures are retried with backoff through the job outbox.
 */
@Injectable()
export class DigestsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(DigestsService.name);
  /** Counters for /metrics (issue 8). */
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;

  constructor(
    private readonly repo: DigestsRepository,
    private readonly reports: ReportsRepository,
    private readonly db: Db,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly clock: Clock,
    private readonly mail: MailService,
    private readonly policy: DigestDeliveryPolicy,
    private readonly audit: AuditRepository,
    private readonly env: Env,
  ) {}

  onModuleInit(): void {
    this.handlers.register('digests.tick', () => this.tick());
    this.handlers.register('digests.send-one', ({ deliveryId }) => this.sendOne(deliveryId));
  }

  /** The worker registers the tick schedule (stable id) when the scheduler is enabled. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.SCHEDULER_ENABLED || this.env.ROLE === 'api') return;
    try {
      await this.jobs
        .queue('delivery')
        .upsertJobScheduler('digests-tick', { pattern: `*/${this.policy.tickEveryMinutes} * * * *`, tz: TIME_ZONE }, { name: 'digests.tick', data: {} });
    } catch (err) {
      this.logger.warn(`digest schedule not registered (Redis?): ${(err as Error).message}`);
    }
  }

  // ---- subscriptions ----

  async create(actor: Actor, dto: CreateSubscriptionDto): Promise<SubscriptionDto> {
    const row = await this.repo.insertSubscription({ ...dto }, this.clock.now(), actorLabel(actor));
    await this.audit.append(actor, { action: 'digest.subscribed', entityType: 'digest_subscription', entityId: row!.id });
    return this.subDto(row!);
  }

  async list(): Promise<SubscriptionDto[]> {
    return (await this.repo.listSubscriptions()).map((r) => this.subDto(r));
  }

  async get(id: string): Promise<SubscriptionDto> {
    const r = await this.repo.getSubscription(id);
    if (!r) throw new NotFound('subscription');
    return this.subDto(r);
  }

  async update(actor: Actor, id: string, dto: UpdateSubscriptionDto): Promise<SubscriptionDto> {
    const { active, ...rest } = dto;
    let row = Object.keys(rest).length ? await this.repo.updateSubscription(id, rest, this.clock.now()) : await this.repo.getSubscription(id);
    if (!row) throw new NotFound('subscription');
    if (active !== undefined) {
      await this.db.exec('UPDATE digest_subscriptions SET unsubscribed_at = $2 WHERE id = $1', [id, active ? null : this.clock.now()]);
      row = await this.repo.getSubscription(id);
    }
    await this.audit.append(actor, { action: 'digest.updated', entityType: 'digest_subscription', entityId: id, details: { fields: Object.keys(dto) } });
    return this.subDto(row!);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    if (!(await this.repo.deleteSubscription(id, this.clock.now()))) throw new NotFound('subscription');
    await this.audit.append(actor, { action: 'digest.deleted', entityType: 'digest_subscription', entityId: id });
  }

  async unsubscribe(id: string, token: string): Promise<SubscriptionRow> {
    if (!id || !token || !/^[0-9a-f-]{36}$/i.test(id) || !verifyUnsubscribeToken(this.env.APP_SECRET, id, token)) throw new InvalidInput('t: the unsubscribe link is not valid (copy the whole link from the email)');
    const row = await this.repo.getSubscription(id);
    if (!row) throw new NotFound('subscription');
    await this.repo.unsubscribe(id, this.clock.now());
    await this.audit.append('system', { action: 'digest.unsubscribed', entityType: 'digest_subscription', entityId: id });
    return row;
  }

  checkUnsubscribeLink(id: string, token: string): boolean {
    return !!id && !!token && /^[0-9a-f-]{36}$/i.test(id) && verifyUnsubscribeToken(this.env.APP_SECRET, id, token);
  }

  async noticesEnabled(): Promise<boolean> {
    return this.repo.noticesEnabled();
  }

  async setNotices(actor: Actor, enabled: boolean): Promise<boolean> {
    await this.repo.setNotices(enabled, this.clock.now(), actorLabel(actor));
    await this.audit.append(actor, { action: 'digest.business_notices', entityType: 'digest_settings', details: { enabled } });
    return enabled;
  }

  async deliveries(week?: string, subscriptionId?: string, limit = 200): Promise<DigestDeliveryDto[]> {
    return (await this.repo.listDeliveries({ week, subscriptionId, limit })).map((d) => this.deliveryDto(d));
  }

  // ---- scheduling ----

  /**
   * Job `digests.tick` (every few minutes, and right after a week is published): for each
   * subscriber, the latest scheduled occurrence that is due gets its delivery row (once).
   */
  async tick(): Promise<{ created: number; notices: number }> {
    const now = this.clock.now();
    let created = 0;
    for (const sub of await this.repo.activeSubscriptions()) {
      try {
        const occ = latestOccurrence(now, { cadence: sub.cadence, sendAt: sub.send_at, timeZone: sub.time_zone });
        if (occ.at < sub.created_at) continue; // subscribed after that occurrence: wait for the next one
        const snapshot = sub.cadence === 'weekly' ? await this.reports.get(occ.period) : await this.reports.latestEndingBefore(occ.localDate);
        if (!snapshot) continue; // not published yet: publication runs this tick again
        if (await this.createDelivery(sub, snapshot, occ.period, occ.at)) created++;
      } catch (err) {
        this.logger.warn(JSON.stringify({ msg: 'digest tick failed for a subscription', subscriptionId: sub.id, error: (err as Error).message }));
      }
    }
    const notices = await this.createBusinessNotices(now);
    if (created || notices) void this.jobs.kick();
    return { created, notices };
  }

  /** POST /digests/send: that published week's digest to every subscriber who has not had it. */
  async sendWeek(week: string): Promise<SendDigestResultDto> {
    if (!parseIsoWeek(week)) throw new InvalidInput('week: must be an ISO week like 2026-W47');
    const snapshot = await this.reports.get(week);
    if (!snapshot) throw new NotFound(`weekly list ${week} (not published yet)`);
    let created = 0;
    let skipped = 0;
    for (const sub of await this.repo.activeSubscriptions()) {
      if (await this.createDelivery(sub, snapshot, week, this.clock.now())) created++;
      else skipped++;
    }
    void this.jobs.kick();
    return { week, queued: created, alreadySentOrSkipped: skipped };
  }

  /** Writes the delivery row and its job in one transaction; false when it exists or is not wanted. */
  private async createDelivery(sub: SubscriptionRow, snapshot: Snapshot, period: string, scheduledFor: Date): Promise<boolean> {
    const items = matchingItems(snapshot.items, sub);
    const repeat = await this.repo.hadWeek(sub.id, snapshot.week, period);
    if ((repeat || !hasChanges(items)) && !sub.send_when_empty) return false;
    return this.db.tx(async (c) => {
      const row = await this.repo.insertDelivery(
        { kind: 'digest', recipient_key: sub.id, period, subscription_id: sub.id, email: sub.email, locale: sub.locale, week: snapshot.week, scheduled_for: scheduledFor, created_at: this.clock.now() },
        c,
      );
      if (!row) return false;
      await this.jobs.enqueue('digests.send-one', { deliveryId: row.id }, { jobId: `digests.send-one:${row.id}:1` }, c);
      return true;
    });
  }

  /** Optional (admin switch, off by default): one notice per newly flagged readiness episode. */
  private async createBusinessNotices(now: Date): Promise<number> {
    if (!(await this.repo.noticesEnabled())) return 0;
    const latest = await this.db.one<{ week: string }>('SELECT week FROM weekly_reports ORDER BY week DESC LIMIT 1');
    if (!latest) return 0;
    const snapshot = (await this.reports.get(latest.week))!;
    const fresh = snapshot.items.filter((i) => i.change === 'new' && i.kind === 'readiness');
    const emails = new Map((await this.repo.businessEmails([...new Set(fresh.map((i) => i.businessId))])).map((b) => [b.id, b.email]));
    let n = 0;
    for (const i of fresh) {
      const email = emails.get(i.businessId);
      if (!email) continue;
      n += await this.db.tx(async (c) => {
        const row = await this.repo.insertDelivery(
          { kind: 'business_notice', recipient_key: i.businessId, period: i.flagId, business_id: i.businessId, flag_id: i.flagId, email, locale: 'id', week: snapshot.week, scheduled_for: now, created_at: now },
          c,
        );
        if (!row) return 0;
        await this.jobs.enqueue('digests.send-one', { deliveryId: row.id }, { jobId: `digests.send-one:${row.id}:1` }, c);
        return 1;
      });
    }
    return n;
  }

  // ---- sending ----

  /**
   * Job `digests.send-one`. Exactly one email per row: only the caller that claims the row sends;
   * a duplicate job finds it claimed or sent and does nothing. The Message-ID is the delivery id,
   * so even the unavoidable crash-after-SMTP-accept window resends an identical message.
   */
  async sendOne(deliveryId: string): Promise<SendOutcome> {
    const now = this.clock.now();
    const d = await this.repo.claim(deliveryId, now, new Date(now.getTime() + this.policy.leaseMs));
    if (!d) {
      const cur = await this.repo.getDelivery(deliveryId);
      if (cur?.status === 'sending' && cur.lease_until) {
        // someone holds it (or died holding it): look again once the lease has run out
        const wait = Math.max(1000, cur.lease_until.getTime() - now.getTime() + 1000);
        await this.jobs.enqueue('digests.send-one', { deliveryId }, { jobId: `digests.send-one:${deliveryId}:${cur.attempts}:lease`, delayMs: wait });
        return 'busy';
      }
      return 'skipped';
    }
    let message: RenderedDigest & { headers?: Record<string, string> };
    try {
      const m = await this.compose(d);
      if (!m) {
        await this.repo.markFailedAttempt(d.id, d.attempts, true, 'subscription ended before sending', null);
        return 'failed';
      }
      message = m;
    } catch (err) {
      return this.failed(d, `render: ${(err as Error).message}`);
    }
    try {
      const sent = await this.mail.send({ to: d.email, subject: message.subject, html: message.html, text: message.text, headers: message.headers, messageId: `${d.kind === 'digest' ? 'digest' : 'notice'}-${d.id}` });
      await this.repo.markSent(d.id, d.attempts, this.clock.now(), sent.messageId);
      this.logger.log(JSON.stringify({ msg: 'digest sent', deliveryId: d.id, kind: d.kind, week: d.week, attempt: d.attempts }));
      this.metrics?.digest('sent');
      return 'sent';
    } catch (err) {
      return this.failed(d, `smtp: ${(err as Error).message}`);
    }
  }

  private async failed(d: DeliveryRow, error: string): Promise<SendOutcome> {
    const final = d.attempts >= this.policy.maxAttempts;
    const delay = this.policy.delayAfter(d.attempts);
    await this.db.tx(async (c) => {
      await this.repo.markFailedAttempt(d.id, d.attempts, final, error, final ? null : new Date(this.clock.now().getTime() + delay), c);
      if (!final) await this.jobs.enqueue('digests.send-one', { deliveryId: d.id }, { jobId: `digests.send-one:${d.id}:${d.attempts + 1}`, delayMs: delay }, c);
    });
    this.logger.warn(JSON.stringify({ msg: 'digest send failed', deliveryId: d.id, attempt: d.attempts, final, error: error.slice(0, 200) }));
    if (!final) void this.jobs.kick();
    this.metrics?.digest(final ? 'failed' : 'retry');
    return final ? 'failed' : 'retry';
  }

  /** Renders from the frozen snapshot; undefined when the subscriber is gone. */
  private async compose(d: DeliveryRow): Promise<(RenderedDigest & { headers?: Record<string, string> }) | undefined> {
    const snapshot = await this.reports.get(d.week);
    if (!snapshot) throw new Error(`weekly list ${d.week} missing`);
    if (d.kind === 'business_notice') {
      const item = snapshot.items.find((i) => i.flagId === d.flag_id);
      return item ? renderBusinessNotice(item, snapshot.week) : undefined;
    }
    const sub = d.subscription_id ? await this.repo.getSubscription(d.subscription_id) : undefined;
    if (!sub || sub.unsubscribed_at) return undefined;
    const base = this.env.PUBLIC_BASE_URL.replace(/\/+$/, '');
    const unsubscribe = unsubscribeUrl(base, this.env.APP_SECRET, sub.id);
    const rendered = renderDigest({
      snapshot,
      items: matchingItems(snapshot.items, sub),
      locale: d.locale,
      name: sub.name,
      filters: sub,
      repeat: await this.repo.hadWeek(sub.id, d.week, d.period, d.created_at),
      links: { dashboard: `${base}/reports/weekly/${d.week}`, unsubscribe },
    });
    return { ...rendered, headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Siap-Digest-Week': d.week } };
  }

  private subDto(r: SubscriptionRow): SubscriptionDto {
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

  private deliveryDto(d: DeliveryRow): DigestDeliveryDto {
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
}
