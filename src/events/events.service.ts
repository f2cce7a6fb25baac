import { Global, Injectable, Module } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { JobsService } from '../jobs/jobs.service';
import { jobId } from '../jobs/job-registry';

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
    await this.jobs.enqueue('webhooks.fan-out', { eventId: row!.id }, { jobId: jobId('webhooks.fan-out', { eventIds: [row!.id] }) }, q);
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
    const payload = ids.length === 1 ? { eventId: ids[0] } : { eventIds: ids };
    await this.jobs.enqueue('webhooks.fan-out', payload, { jobId: jobId('webhooks.fan-out', { eventIds: ids }) }, q);
    return rows.map((r) => r.id);
  }
}

@Global()
@Module({ providers: [EventsService], exports: [EventsService] })
export class EventsModule {}
