/**
 * The demo's declared capacities (units per month per product the business makes). Each business
 * declares about twice what it shipped a month over the three full months before the last run
 * (comfortable room), except Batik Sekar Kawung, which declares so little room that it runs at
 * about 85 % of its capacity: its readiness flag then advises productivity coaching before
 * paperwork (issue 16).
 */
import type { Db } from '../src/database/db';
import { capacityWindow } from '../src/scorecard/capacity-use';

/** The business that runs near its capacity, and the share of capacity it ships at. */
export const NEAR_CAPACITY = { name: 'Batik Sekar Kawung', share: 0.85 };
/** Everybody else ships at about this share of what they declare. */
const ROOMY_SHARE = 0.5;

/** One statement: capacity per business × product from its own recent units (1 unit at least). */
export async function seedCapacity(db: Db, lastSunday: string): Promise<number> {
  const { from, to } = capacityWindow(lastSunday);
  return db.exec(
    `WITH m AS (
       SELECT o.business_id, o.product_category, sum(o.quantity) / 3.0 AS per_month,
              CASE WHEN b.name = $3 THEN $4::numeric ELSE $5::numeric END AS share
         FROM orders o JOIN businesses b ON b.id = o.business_id
        WHERE o.voided_at IS NULL AND o.ordered_on >= $1::date AND o.ordered_on < $2::date
        GROUP BY o.business_id, o.product_category, b.name
     )
     UPDATE businesses b SET monthly_capacity = c.capacity
       FROM (SELECT business_id, jsonb_object_agg(product_category, greatest(1, round(per_month / share))::int) AS capacity
               FROM m GROUP BY business_id) c
      WHERE b.id = c.business_id`,
    [from, to, NEAR_CAPACITY.name, NEAR_CAPACITY.share, ROOMY_SHARE],
  );
}
