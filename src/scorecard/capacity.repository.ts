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

  /** One statement for a whole chunk of businesses (the watch's chunk evaluation). */
  forBusinesses(ids: string[], asOf: string, q?: Queryable): Promise<CapacityRow[]> {
    const { from, to } = capacityWindow(asOf);
    return this.db.many<CapacityRow>(
      `SELECT b.id AS business_id,
              (SELECT sum(e.value::bigint)::int FROM jsonb_each_text(b.monthly_capacity) e) AS capacity,
              coalesce(o.units, 0)::int AS units_3m
         FROM businesses b
         LEFT JOIN (SELECT business_id, sum(quantity) AS units FROM orders
                     WHERE business_id = ANY($1::uuid[]) AND voided_at IS NULL AND ordered_on >= $2::date AND ordered_on < $3::date
                     GROUP BY business_id) o ON o.business_id = b.id
        WHERE b.id = ANY($1::uuid[])`,
      [ids, from, to],
      q,
    );
  }
}
