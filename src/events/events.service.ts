import { Global, Injectable, Module } from '@nestjs/common';
import { Queryable } from '../database/db';
import { JobsService } from '../jobs/jobs.service';
import { EventsRepository } from './events.repository';
import { jobId } from '../jobs/job-registry';

export const EVENT_TYPES = ['report.published', 'flag.raised', 'flag.resolved', 'flag.status_changed', 'pathway.rung_changed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Records a domain event inside the caller's transaction and queues its webhook fan-out in the
 * same transaction (job outbox), so an event is never lost and never produced without its change.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly repo: EventsRepository,
    private readonly jobs: JobsService,
  ) {}

  async record(q: Queryable, type: EventType, data: Record<string, unknown>): Promise<string> {
    return this.fanOut(q, await this.repo.insertAssembled(type, { sql: '$2::jsonb', params: [JSON.stringify(data)] }, q));
  }

  /** The same for data that Postgres assembles: one SQL expression, its parameters numbered from $2. */
  async recordAssembled(q: Queryable, type: EventType, data: { sql: string; params: unknown[] }): Promise<string> {
    return this.fanOut(q, await this.repo.insertAssembled(type, data, q));
  }

  private async fanOut(q: Queryable, id: string): Promise<string> {
    await this.jobs.enqueue('webhooks.fan-out', { eventId: id }, { jobId: jobId('webhooks.fan-out', { eventIds: [id] }) }, q);
    return id;
  }

  /**
   * Many events at once (a weekly-run chunk): one INSERT for the events and one fan-out job for all of
   * them, so thousands of raised flags cost one transaction each to fan out, not one per event.
   */
  async recordMany(q: Queryable, events: Array<{ type: EventType; data: Record<string, unknown> }>): Promise<string[]> {
    if (!events.length) return [];
    const ids = await this.repo.insertMany(
      events.map((e) => ({ type: e.type, data: JSON.stringify(e.data) })),
      q,
    );
    const payload = ids.length === 1 ? { eventId: ids[0] } : { eventIds: ids };
    await this.jobs.enqueue('webhooks.fan-out', payload, { jobId: jobId('webhooks.fan-out', { eventIds: ids }) }, q);
    return ids;
  }
}

@Global()
@Module({ providers: [EventsService, EventsRepository], exports: [EventsService, EventsRepository] })
export class EventsModule {}
