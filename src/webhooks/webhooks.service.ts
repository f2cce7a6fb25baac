import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { performance } from 'node:perf_hooks';
import { Actor, actorLabel } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { Env } from '../config/env.schema';
import { Db, Queryable } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { jobId } from '../jobs/job-registry';
import { MailService } from '../mail/mail.service';
import { CreateWebhookDto, RotatedSecretDto, WebhookCreatedDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto';
import { deliveryDto, iso, webhookDto } from './webhook-dto.map';
import { postWebhook } from './webhook-http';
import { WebhookDeliveryPolicy } from './webhook-policy';
import { TargetRefused, WebhookTargetPolicy } from './webhook-target';
import { EVENT_ID_HEADER, newWebhookSecret, SecretBox, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { EndpointRow, WebhooksRepository } from './webhooks.repository';
import { logEvent } from '../common/log-event';

/** The job id of one delivery attempt (recovery looks jobs up by it). */

export type DeliverOutcome = 'succeeded' | 'retry' | 'failed' | 'skipped';

/** Endpoints, fan-out of domain events, signed delivery with retries, redelivery and auto-disable. */
@Injectable()
export class WebhooksService implements OnModuleInit {
  private readonly logger = new Logger(WebhooksService.name);
  /** Counters for /metrics; optional, so the service also runs where no metrics module is loaded. */
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;
  private readonly box: SecretBox;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly db: Db,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly clock: Clock,
    private readonly policy: WebhookDeliveryPolicy,
    private readonly mail: MailService,
    private readonly audit: AuditRepository,
    private readonly target: WebhookTargetPolicy,
    env: Env,
  ) {
    this.box = new SecretBox(env.APP_SECRET);
  }

  onModuleInit(): void {
    this.handlers.register('webhooks.fan-out', (p) => this.fanOutMany(p.eventIds ?? [p.eventId]));
    this.handlers.register('webhooks.deliver', ({ deliveryId }) => this.deliver(deliveryId));
  }

  async create(actor: Actor, dto: CreateWebhookDto): Promise<WebhookCreatedDto> {
    const problem = await this.target.problem(dto.url);
    if (problem) throw new InvalidInput(`url: ${problem}`);
    const secret = newWebhookSecret();
    const row = await this.db.tx(async (c) => {
      const r = await this.repo.insertEndpoint(
        {
          url: dto.url,
          events: dto.events,
          description: dto.description,
          contactEmail: dto.contactEmail,
          secretEnc: this.box.seal(secret),
          createdAt: this.clock.now(),
          createdBy: actorLabel(actor),
        },
        c,
      );
      await this.audit.append(actor, { action: 'webhook.created', entityType: 'webhook', entityId: r!.id, details: { events: dto.events } }, c);
      return r!;
    });
    return { ...webhookDto(row), secret };
  }

  async list(): Promise<WebhookDto[]> {
    return (await this.repo.listEndpoints()).map((r) => webhookDto(r));
  }

  async get(id: string): Promise<WebhookDto> {
    return webhookDto(await this.mustGet(id));
  }

  async remove(actor: Actor, id: string): Promise<void> {
    if (!(await this.repo.softDelete(id, this.clock.now()))) throw new NotFound('webhook');
    await this.audit.append(actor, { action: 'webhook.deleted', entityType: 'webhook', entityId: id });
  }

  /** New secret now; the previous one keeps signing (a second v1) until the overlap ends. */
  async rotate(actor: Actor, id: string, overlapMinutes?: number): Promise<RotatedSecretDto> {
    await this.mustGet(id);
    const overlapMs = overlapMinutes === undefined ? this.policy.rotationOverlapMs : overlapMinutes * 60_000;
    const secret = newWebhookSecret();
    const until = overlapMs > 0 ? new Date(this.clock.now().getTime() + overlapMs) : null;
    const row = await this.repo.rotate(id, this.box.seal(secret), until);
    if (!row) throw new NotFound('webhook');
    await this.audit.append(actor, { action: 'webhook.secret_rotated', entityType: 'webhook', entityId: id, details: { overlapMs } });
    return { id, secret, previousSecretExpiresAt: iso(row.previous_secret_expires_at) };
  }

  /** Re-activates a disabled endpoint and resumes its pending deliveries. */
  async enable(actor: Actor, id: string): Promise<WebhookDto> {
    await this.mustGet(id);
    const row = await this.db.tx(async (c) => {
      const r = await this.repo.enable(id, c);
      for (const d of await this.repo.pendingOf(id, c)) await this.enqueueAttempt(d.id, d.round, d.attempts + 1, 0, c);
      await this.audit.append(actor, { action: 'webhook.enabled', entityType: 'webhook', entityId: id }, c);
      return r!;
    });
    void this.jobs.kick();
    return webhookDto(row);
  }

  async deliveries(id: string, status: string | undefined, limit = 100): Promise<WebhookDeliveryDto[]> {
    await this.mustGet(id);
    const rows = await this.repo.listDeliveries(id, status, limit);
    const attempts = await this.repo.attemptsFor(rows.map((r) => r.id));
    return rows.map((r) =>
      deliveryDto(
        r,
        attempts.filter((a) => a.delivery_id === r.id),
      ),
    );
  }

  async redeliver(actor: Actor, id: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const endpoint = await this.mustGet(id);
    if (endpoint.status !== 'active') throw new Conflict('the endpoint is disabled: POST /webhooks/:id/enable first');
    if (!(await this.repo.getDelivery(id, deliveryId))) throw new NotFound('delivery');
    const row = await this.db.tx(async (c) => {
      const r = await this.repo.restart(deliveryId, c);
      await this.enqueueAttempt(deliveryId, r!.round, 1, 0, c);
      await this.audit.append(actor, { action: 'webhook.redeliver', entityType: 'webhook', entityId: id, details: { deliveryId, round: r!.round } }, c);
      return r!;
    });
    void this.jobs.kick();
    return deliveryDto(row, await this.repo.attemptsFor([deliveryId]));
  }

  /** One event's fan-out (see fanOutMany). */
  fanOut(eventId: string): Promise<number> {
    return this.fanOutMany([eventId]);
  }

  /**
   * Job `webhooks.fan-out`: one delivery row per event × subscribed active endpoint, each with its
   * first attempt job, for a batch of events in one transaction. Events already fanned out (a retried
   * or recovered job) are skipped, so a batch creates each delivery once. Returns the deliveries made.
   */
  async fanOutMany(eventIds: string[]): Promise<number> {
    const created = await this.db.tx(async (c) => {
      const events = await this.repo.lockUnfannedEvents(eventIds, c);
      if (!events.length) return 0;
      const rows = await this.repo.insertDeliveriesForMany(events, this.clock.now(), c);
      const first = (deliveryId: string) => jobId('webhooks.deliver', { deliveryId, round: 1, attempt: 1 });
      await this.jobs.enqueueMany(
        rows.map((r) => ({ name: 'webhooks.deliver' as const, data: { deliveryId: r.id }, jobId: first(r.id) })),
        c,
      );
      await this.repo.markFannedOutMany(
        events.map((e) => e.id),
        c,
      );
      return rows.length;
    });
    if (created) void this.jobs.kick();
    return created;
  }

  /**
   * Job `webhooks.deliver`: one signed POST. Failures are logged and the next attempt is written to
   * the job outbox with an exponential delay; the event id never changes.
   */
  async deliver(deliveryId: string): Promise<DeliverOutcome> {
    const now = this.clock.now();
    const d = await this.repo.claim(deliveryId, now, new Date(now.getTime() + this.policy.timeoutMs + 30_000));
    if (!d) return 'skipped';
    const ev = await this.repo.getEvent(d.event_id);
    if (!ev) return 'skipped';
    const body = JSON.stringify({ id: ev.id, type: ev.type, createdAt: ev.created_at.toISOString(), data: ev.data });
    const secrets = [this.box.open(d.secret_enc)];
    if (d.previous_secret_enc && d.previous_secret_expires_at && d.previous_secret_expires_at > now) secrets.push(this.box.open(d.previous_secret_enc));
    const t = Math.floor(now.getTime() / 1000);

    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let refused = false;
    try {
      statusCode = await postWebhook(
        this.target,
        d.url,
        {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'SiapEkspor-Webhooks/1',
          [EVENT_ID_HEADER]: ev.id,
          'X-Siap-Event-Type': ev.type,
          'X-Siap-Delivery-Id': d.id,
          'X-Siap-Attempt': String(d.attempts),
          [SIGNATURE_HEADER]: signatureHeader(secrets, t, body),
        },
        body,
        this.policy.timeoutMs,
      );
      if (statusCode < 200 || statusCode > 299)
        error = statusCode >= 300 && statusCode < 400 ? `HTTP ${statusCode} (redirects are not followed)` : `HTTP ${statusCode}`;
    } catch (err) {
      refused = err instanceof TargetRefused;
      error = refused
        ? `refused: ${(err as Error).message}`
        : (err as Error).name === 'TimeoutError'
          ? `timeout after ${this.policy.timeoutMs} ms`
          : `network error: ${(err as Error).message}`.slice(0, 300);
    }
    const latencyMs = Math.round(performance.now() - started);
    const ok = error === null;

    let disabled: EndpointRow | undefined;
    const outcome = await this.db.tx(async (c): Promise<DeliverOutcome> => {
      await this.repo.insertAttempt(
        {
          delivery_id: d.id,
          endpoint_id: d.endpoint_id,
          round: d.round,
          attempt: d.attempts,
          at: now,
          status_code: statusCode,
          latency_ms: latencyMs,
          ok,
          error,
        },
        c,
      );
      if (ok) {
        await this.repo.finishAttempt(d.id, { status: 'succeeded', statusCode, latencyMs, error: null, nextAttemptAt: null, deliveredAt: now }, c);
        await this.repo.endpointSucceeded(d.endpoint_id, c);
        return 'succeeded';
      }
      const ep = await this.repo.endpointFailed(d.endpoint_id, now, c);
      // A refused target is permanent: retrying cannot help, so the endpoint stops until an admin acts.
      if (refused || d.attempts >= this.policy.maxAttempts) {
        await this.repo.finishAttempt(d.id, { status: 'failed', statusCode, latencyMs, error, nextAttemptAt: null, deliveredAt: null }, c);
        disabled = await this.repo.disable(
          d.endpoint_id,
          now,
          refused ? `delivery ${d.id} ${error}` : `delivery ${d.id} failed ${d.attempts} times (last: ${error})`,
          c,
        );
        return 'failed';
      }
      if (ep && ep.consecutive_failures >= this.policy.disableAfterFailures && now.getTime() - ep.failing_since.getTime() >= this.policy.disableAfterMs) {
        disabled = await this.repo.disable(
          d.endpoint_id,
          now,
          `${ep.consecutive_failures} failed attempts in a row since ${ep.failing_since.toISOString()}`,
          c,
        );
      }
      const delay = this.policy.delayAfter(d.attempts);
      await this.repo.finishAttempt(
        d.id,
        { status: 'pending', statusCode, latencyMs, error, nextAttemptAt: new Date(now.getTime() + delay), deliveredAt: null },
        c,
      );
      if (!disabled) await this.enqueueAttempt(d.id, d.round, d.attempts + 1, delay, c);
      return 'retry';
    });
    if (outcome === 'retry') void this.jobs.kick();
    if (disabled) await this.notifyDisabled(disabled);
    const fields = { deliveryId: d.id, endpointId: d.endpoint_id, eventId: ev.id, attempt: d.attempts, statusCode, latencyMs, outcome };
    logEvent(this.logger, 'webhook attempt', fields);
    this.metrics?.webhook(outcome);
    return outcome;
  }

  private enqueueAttempt(deliveryId: string, round: number, attempt: number, delayMs: number, q: Queryable): Promise<void> {
    return this.jobs.enqueue('webhooks.deliver', { deliveryId }, { jobId: jobId('webhooks.deliver', { deliveryId, round, attempt }), delayMs }, q);
  }

  /** The notice of an automatic disable: log, audit row and (when a contact is set) an email. */
  private async notifyDisabled(e: EndpointRow): Promise<void> {
    logEvent(this.logger, 'webhook endpoint disabled after persistent failure', { endpointId: e.id, reason: e.disabled_reason }, 'warn');
    await this.audit.append('system', { action: 'webhook.auto_disabled', entityType: 'webhook', entityId: e.id, details: { reason: e.disabled_reason } });
    if (!e.contact_email) return;
    const text = [
      `The Siap Ekspor webhook endpoint ${e.url} (id ${e.id}) was disabled on ${e.disabled_at!.toISOString()} after persistent delivery failures.`,
      `Reason: ${e.disabled_reason}`,
      'Fix the receiver, then POST /api/v1/webhooks/<id>/enable: pending deliveries resume and failed ones can be redelivered.',
    ].join('\n\n');
    await this.mail
      .send({
        to: e.contact_email,
        subject: 'Siap Ekspor: webhook endpoint disabled',
        text,
        html: `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').split('\n\n').join('</p><p>')}</p>`,
        messageId: `webhook-disabled-${e.id}-${e.disabled_at!.getTime()}`,
      })
      .catch((err) => this.logger.warn(`disable notice for ${e.id} not sent: ${(err as Error).message}`));
  }

  private async mustGet(id: string): Promise<EndpointRow> {
    const row = await this.repo.getEndpoint(id);
    if (!row) throw new NotFound('webhook');
    return row;
  }
}
