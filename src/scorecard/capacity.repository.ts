import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { capacityWindow } from './capacity-use';

/** Per business: declared monthly capacity (sum over products; null when none) and units of the three full months. */
export interface CapacityRow {
  business_id: string;
  capacity: number | null;
  units_3m: number;
}

@Injectable()
export class CapacityRepository {
  constructor(private readonly db: Db) {}

  /**
   * One statement for a whole chunk of businesses (the watch's chunk evaluation). Units are read
   * only for businesses that declared a capacity: without one the signal is null whatever they
   * shipped (capacityUseSignal), so their orders are not scanned (most micro businesses declare none).
   */
  forBusinesses(ids: string[], asOf: string, q?: Queryable): Promise<CapacityRow[]> {
    const { from, to } = capacityWindow(asOf);
    return this.db.many<CapacityRow>(
      `WITH b AS (SELECT b.id, (SELECT sum(e.value::bigint)::int FROM jsonb_each_text(b.monthly_capacity) e) AS capacity
                    FROM businesses b WHERE b.id = ANY($1::uuid[]))
       SELECT b.id AS business_id, b.capacity,
              CASE WHEN b.capacity > 0 THEN coalesce((SELECT sum(o.quantity) FROM orders o
                                                        WHERE o.business_id = b.id AND o.voided_at IS NULL AND o.ordered_on >= $2::date AND o.ordered_on < $3::date), 0)
                   ELSE 0 END::int AS units_3m
         FROM b`,
      [ids, from, to],
      q,
    );
  }
}
