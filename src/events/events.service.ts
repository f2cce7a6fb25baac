import { Global, Injectable, Module } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { JobsService } from '../jobs/jobs.service';

export const EVENT_TYPES = ['report.published', 'flag.raised', 'flag.resolved', 'flag.status_changed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Records a domain event inside the caller's transaction and queues its webhook fan-out in the
 * same transaction (job outbox), so an event is never lost and never produced without its change.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobsService,
  ) {}

  async record(q: Queryable, type: EventType, data: Record<string, unknown>): Promise<string> {
    const row = await this.db.one<{ id: string }>('INSERT INTO domain_events (type, data) VALUES ($1, $2) RETURNING id', [type, JSON.stringify(data)], q);
    await this.jobs.enqueue('webhooks.fan-out', { eventId: row!.id }, { jobId: `webhooks.fan-out:${row!.id}` }, q);
    return row!.id;
  }
}

@Global()
@Module({ providers: [EventsService], exports: [EventsService] })
export class EventsModule {}
