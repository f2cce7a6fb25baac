import { Global, Injectable, Module } from '@nestjs/common';
import { Queryable } from '../database/db';
import { JobsService } from '../jobs/jobs.service';
import { EventsRepository } from './events.repository';

export const EVENT_TYPES = ['report.published', 'flag.raised', 'flag.resolved', 'flag.status_changed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The fan-out job id of a batch of events (its first event names it; an event is in one batch only). */
export function fanOutJobId(eventIds: string[]): string {
  return eventIds.length === 1 ? `webhooks.fan-out:${eventIds[0]}` : `webhooks.fan-out:batch:${eventIds[0]}:${eventIds.length}`;
}

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
    const id = await this.repo.insert(type, JSON.stringify(data), q);
    await this.jobs.enqueue('webhooks.fan-out', { eventId: id }, { jobId: fanOutJobId([id]) }, q);
    return id;
  }

  /**
   * Many events at once (a weekly-run chunk): one INSERT for the events and one fan-out job for all of
   * them, so thousands of raised flags cost one transaction each to fan out, not one per event.
   */
  async recordMany(q: Queryable, events: Array<{ type: EventType; data: Record<string, unknown> }>): Promise<string[]> {
    if (!events.length) return [];
    const ids = await this.repo.insertMany(events.map((e) => ({ type: e.type, data: JSON.stringify(e.data) })), q);
    await this.jobs.enqueue('webhooks.fan-out', ids.length === 1 ? { eventId: ids[0] } : { eventIds: ids }, { jobId: fanOutJobId(ids) }, q);
    return ids;
  }
}

@Global()
@Module({ providers: [EventsService, EventsRepository], exports: [EventsService, EventsRepository] })
export class EventsModule {}
