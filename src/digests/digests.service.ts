import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { Actor, actorLabel } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { InvalidInput, NotFound } from '../common/errors';
import { parseIsoWeek } from '../common/time';
import { Env } from '../config/env.schema';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { jobId } from '../jobs/job-registry';
import { JobSchedulesService } from '../jobs/job-schedules.service';
import { MailService } from '../mail/mail.service';
import { Snapshot } from '../reports/report.types';
import { DigestDeliveryPolicy } from './digest-policy';
import { DigestContentCache } from './digest-cache';
import { DigestComposer } from './digest-composer';
import { toDeliveryDto, toSubscriptionDto } from './digest-dtos';
import { businessNoticeDelivery, Composed, digestDelivery, firstSend, wantedSubscriptions } from './digest-deliveries';
import { DeliveryRow, DigestsRepository, SubscriptionRow } from './digests.repository';
import { CreateSubscriptionDto, DigestDeliveryDto, SendDigestResultDto, SubscriptionDto, UpdateSubscriptionDto } from './dto/digest.dto';
import { latestOccurrence } from './schedule';
import { verifyUnsubscribeToken } from './unsubscribe-token';
import { logEvent } from '../common/log-event';

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'skipped' | 'busy';

/** The digest tick's job scheduler (stable id). */
export const DIGEST_TICK_SCHEDULER_ID = 'digests-tick';

/**
 * Digest subscriptions, their schedules and exactly-once delivery: a row with a unique key
 * (subscriber × period) is written before anything is sent, claimed with a lease for the send and
 * marked after; SMTP failures are retried with backoff through the job outbox.
 */
@Injectable()
export class DigestsService implements OnModuleInit {
  private readonly logger = new Logger(DigestsService.name);
  /** Counters for /metrics; optional, so the service also runs where no metrics module is loaded. */
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;

  constructor(
    private readonly repo: DigestsRepository,
    private readonly db: Db,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly clock: Clock,
    private readonly mail: MailService,
    private readonly policy: DigestDeliveryPolicy,
    private readonly audit: AuditRepository,
    private readonly env: Env,
    private readonly cache: DigestContentCache,
    private readonly schedules: JobSchedulesService,
    private readonly composer: DigestComposer,
  ) {}

  onModuleInit(): void {
    this.handlers.register('digests.tick', () => this.tick());
    this.handlers.register('digests.send-one', ({ deliveryId }) => this.sendOne(deliveryId));
    // kept in the queue (and repaired after a flush) by the worker's schedule service, like every schedule
    this.schedules.define({ id: DIGEST_TICK_SCHEDULER_ID, pattern: `*/${this.policy.tickEveryMinutes} * * * *`, name: 'digests.tick', data: {} });
  }

  // ---- subscriptions ----

  async create(actor: Actor, dto: CreateSubscriptionDto): Promise<SubscriptionDto> {
    const row = await this.repo.insertSubscription({ ...dto }, this.clock.now(), actorLabel(actor));
    await this.audit.append(actor, { action: 'digest.subscribed', entityType: 'digest_subscription', entityId: row!.id });
    return toSubscriptionDto(row!);
  }

  async list(): Promise<SubscriptionDto[]> {
    return (await this.repo.listSubscriptions()).map((r) => toSubscriptionDto(r));
  }

  async get(id: string): Promise<SubscriptionDto> {
    const r = await this.repo.getSubscription(id);
    if (!r) throw new NotFound('subscription');
    return toSubscriptionDto(r);
  }

  async update(actor: Actor, id: string, dto: UpdateSubscriptionDto): Promise<SubscriptionDto> {
    const { active, ...rest } = dto;
    let row = Object.keys(rest).length ? await this.repo.updateSubscription(id, rest, this.clock.now()) : await this.repo.getSubscription(id);
    if (!row) throw new NotFound('subscription');
    if (active !== undefined) {
      await this.repo.setUnsubscribedAt(id, active ? null : this.clock.now());
      row = await this.repo.getSubscription(id);
    }
    await this.audit.append(actor, { action: 'digest.updated', entityType: 'digest_subscription', entityId: id, details: { fields: Object.keys(dto) } });
    return toSubscriptionDto(row!);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    if (!(await this.repo.deleteSubscription(id, this.clock.now()))) throw new NotFound('subscription');
    await this.audit.append(actor, { action: 'digest.deleted', entityType: 'digest_subscription', entityId: id });
  }

  async unsubscribe(id: string, token: string): Promise<SubscriptionRow> {
    if (!id || !token || !/^[0-9a-f-]{36}$/i.test(id) || !verifyUnsubscribeToken(this.env.APP_SECRET, id, token))
      throw new InvalidInput('t: the unsubscribe link is not valid (copy the whole link from the email)');
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
    return (await this.repo.listDeliveries({ week, subscriptionId, limit })).map((d) => toDeliveryDto(d));
  }

  // ---- scheduling ----

  /**
   * Job `digests.tick` (every few minutes, and right after a week is published): for each
   * subscriber, the latest scheduled occurrence that is due gets its delivery row (once).
   */
  async tick(): Promise<{ created: number; notices: number }> {
    const now = this.clock.now();
    let created = 0;
    // due subscribers grouped by the delivery they get (period, list, due time): one batch each
    const groups = new Map<string, { subs: SubscriptionRow[]; period: string; week: string; at: Date }>();
    for (const sub of await this.repo.activeSubscriptions()) {
      try {
        const occ = latestOccurrence(now, { cadence: sub.cadence, sendAt: sub.send_at, timeZone: sub.time_zone });
        if (occ.at < sub.created_at) continue; // subscribed after that occurrence: wait for the next one
        const week = sub.cadence === 'weekly' ? occ.period : await this.repo.weekEndingBefore(occ.localDate);
        if (!week) continue;
        const key = `${occ.period}|${week}|${occ.at.getTime()}`;
        const g = groups.get(key) ?? groups.set(key, { subs: [], period: occ.period, week, at: occ.at }).get(key)!;
        g.subs.push(sub);
      } catch (err) {
        logEvent(this.logger, 'digest tick failed for a subscription', { subscriptionId: sub.id, error: (err as Error).message }, 'warn');
      }
    }
    for (const g of groups.values()) {
      try {
        const cached = await this.cache.snapshot(g.week);
        if (!cached) continue; // not published yet: publication runs this tick again
        created += await this.createDeliveries(g.subs, cached.snapshot, g.period, g.at);
      } catch (err) {
        const error = (err as Error).message;
        logEvent(this.logger, 'digest tick failed for a period', { period: g.period, week: g.week, subscriptions: g.subs.length, error }, 'warn');
      }
    }
    const notices = await this.createBusinessNotices(now);
    if (created || notices) void this.jobs.kick();
    return { created, notices };
  }

  /** POST /digests/send: that published week's digest to every subscriber who has not had it. */
  async sendWeek(week: string): Promise<SendDigestResultDto> {
    if (!parseIsoWeek(week)) throw new InvalidInput('week: must be an ISO week like 2026-W47');
    const cached = await this.cache.snapshot(week);
    if (!cached) throw new NotFound(`weekly list ${week} (not published yet)`);
    const subs = await this.repo.activeSubscriptions();
    const created = await this.createDeliveries(subs, cached.snapshot, week, this.clock.now());
    void this.jobs.kick();
    return { week, queued: created, alreadySentOrSkipped: subs.length - created };
  }

  /**
   * Writes the delivery rows and their jobs, set-wise, in transactions of a few hundred; returns
   * how many rows are new (existing rows and unwanted digests are skipped). A subscriber gets none
   * when they already had this list under another period, or nothing changed for their filters,
   * unless they asked for empty digests.
   */
  private async createDeliveries(subs: SubscriptionRow[], snapshot: Snapshot, period: string, scheduledFor: Date): Promise<number> {
    const had = await this.repo.hadWeekMany(
      subs.map((s) => s.id),
      snapshot.week,
      period,
    );
    const wanted = wantedSubscriptions(subs, snapshot.items, had);
    let created = 0;
    for (let i = 0; i < wanted.length; i += 500) {
      const batch = wanted.slice(i, i + 500);
      const now = this.clock.now();
      created += await this.db.tx(async (c) => {
        const rows = batch.map((sub) => digestDelivery(sub, snapshot.week, period, scheduledFor, now));
        const ids = await this.repo.insertDeliveries(rows, c);
        for (const id of ids) await this.jobs.enqueue('digests.send-one', { deliveryId: id }, { jobId: firstSend(id) }, c);
        return ids.length;
      });
    }
    return created;
  }

  /** Optional (admin switch, off by default): one notice per newly flagged readiness episode. */
  private async createBusinessNotices(now: Date): Promise<number> {
    if (!(await this.repo.noticesEnabled())) return 0;
    const latest = await this.repo.latestWeek();
    if (!latest) return 0;
    const cached = await this.cache.snapshot(latest);
    if (!cached) return 0;
    const snapshot = cached.snapshot;
    const fresh = snapshot.items.filter((i) => i.change === 'new' && i.kind === 'readiness');
    const emails = new Map((await this.repo.businessEmails([...new Set(fresh.map((i) => i.businessId))])).map((b) => [b.id, b.email]));
    let n = 0;
    for (const i of fresh) {
      const email = emails.get(i.businessId);
      if (!email) continue;
      n += await this.db.tx(async (c) => {
        const row = await this.repo.insertDelivery(businessNoticeDelivery(i, email, snapshot.week, now), c);
        if (!row) return 0;
        await this.jobs.enqueue('digests.send-one', { deliveryId: row.id }, { jobId: firstSend(row.id) }, c);
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
        const id = jobId('digests.send-one', { deliveryId, attempt: cur.attempts, lease: true });
        await this.jobs.enqueue('digests.send-one', { deliveryId }, { jobId: id, delayMs: wait });
        return 'busy';
      }
      return 'skipped';
    }
    let message: Composed & { headers?: Record<string, string> };
    try {
      const m = await this.composer.compose(d);
      if (!m) {
        await this.repo.markFailedAttempt(d.id, d.attempts, true, 'subscription ended before sending', null);
        return 'failed';
      }
      message = m;
    } catch (err) {
      return this.failed(d, `render: ${(err as Error).message}`);
    }
    try {
      const sent = await this.mail.send({
        to: d.email,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        messageId: `${d.kind === 'digest' ? 'digest' : 'notice'}-${d.id}`,
      });
      await this.repo.markSent(d.id, d.attempts, this.clock.now(), sent.messageId);
      logEvent(this.logger, 'digest sent', { deliveryId: d.id, kind: d.kind, week: d.week, attempt: d.attempts });
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
      const next = jobId('digests.send-one', { deliveryId: d.id, attempt: d.attempts + 1 });
      if (!final) await this.jobs.enqueue('digests.send-one', { deliveryId: d.id }, { jobId: next, delayMs: delay }, c);
    });
    logEvent(this.logger, 'digest send failed', { deliveryId: d.id, attempt: d.attempts, final, error: error.slice(0, 200) }, 'warn');
    if (!final) void this.jobs.kick();
    this.metrics?.digest(final ? 'failed' : 'retry');
    return final ? 'failed' : 'retry';
  }
}
