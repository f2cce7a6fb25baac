import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';

/** The domain events' SQL: written in the caller's transaction, read back by the fan-out and the metrics. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Db) {}

  /**
   * An event whose data Postgres assembles (a payload too large to build in the process): `data.sql`
   * is one SQL expression whose parameters are numbered from $2 ($1 is the type).
   */
  async insertAssembled(type: string, data: { sql: string; params: unknown[] }, q: Queryable): Promise<string> {
    const row = await this.db.one<{ id: string }>(`INSERT INTO domain_events (type, data) SELECT $1, ${data.sql} RETURNING id`, [type, ...data.params], q);
    return row!.id;
  }

  /** Many events in one statement; their ids in the order given. */
  async insertMany(events: Array<{ type: string; data: string }>, q: Queryable): Promise<string[]> {
    const rows = await this.db.many<{ id: string }>(
      'INSERT INTO domain_events (type, data) SELECT t, d FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS e(t, d, n) ORDER BY n RETURNING id',
      [events.map((e) => e.type), events.map((e) => e.data)],
      q,
    );
    return rows.map((r) => r.id);
  }

  /** Events not fanned out yet and the age in seconds of the oldest (0 when none); a partial index covers them. */
  backlog(): Promise<{ pending: number; lag: number } | undefined> {
    return this.db.one<{ pending: number; lag: number }>(
      `SELECT (SELECT count(*) FROM domain_events WHERE fanned_out_at IS NULL)::int AS pending,
              coalesce((SELECT extract(epoch FROM now() - min(created_at)) FROM domain_events WHERE fanned_out_at IS NULL), 0)::float AS lag`,
    );
  }
}
