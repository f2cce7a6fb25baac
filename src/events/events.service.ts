import { Global, Injectable, Module } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { JobsService } from '../jobs/jobs.service';

export const EVENT_TYPES = ['report.published', 'flag.raised', 'flag.resolved', 'flag.status_changed', 'pathway.rung_changed'] as const;
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
    private readonly db: Db,
    private readonly jobs: JobsService,
  ) {}

  async record(q: Queryable, type: EventType, data: Record<string, unknown>): Promise<string> {
    const row = await this.db.one<{ id: string }>('INSERT INTO domain_events (type, data) VALUES ($1, $2) RETURNING id', [type, JSON.stringify(data)], q);
    await this.jobs.enqueue('webhooks.fan-out', { eventId: row!.id }, { jobId: fanOutJobId([row!.id]) }, q);
    return row!.id;
  }

  /**
   * Many events at once (a weekly-run chunk): one INSERT for the events and one fan-out job for all of
   * them, so thousands of raised flags cost one transaction each to fan out, not one per event.
   */
  async recordMany(q: Queryable, events: Array<{ type: EventType; data: Record<string, unknown> }>): Promise<string[]> {
    if (!events.length) return [];
    const rows = await this.db.many<{ id: string }>(
      'INSERT INTO domain_events (type, data) SELECT t, d FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS e(t, d, n) ORDER BY n RETURNING id',
      [events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))],
      q,
    );
    const ids = rows.map((r) => r.id);
    await this.jobs.enqueue('webhooks.fan-out', ids.length === 1 ? { eventId: ids[0] } : { eventIds: ids }, { jobId: fanOutJobId(ids) }, q);
    return rows.map((r) => r.id);
  }
}

@Global()
@Module({ providers: [EventsService], exports: [EventsService] })
export class EventsModule {}
