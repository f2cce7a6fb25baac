import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

/** One calendar month (WIB) of a business's live orders; numbers as Postgres sums them. */
export interface ScorecardMonthRow {
  /** YYYY-MM */
  month: string;
  orders: number;
  units: number;
  value_idr: string;
  buyers: number;
  /** buyers of this month with more than one order in the whole window */
  repeat_buyers: number;
  /** orders of this month placed by such buyers */
  repeat_orders: number;
}

/** Business × month counts for the 3K scorecard. */
@Injectable()
export class ScorecardRepository {
  constructor(private readonly db: Db) {}

  /**
   * One statement: every calendar month from `firstMonth` (a YYYY-MM-01) through asOf's month, with
   * the business's non-voided orders ordered on `firstMonth`…`asOf` (ordered_on is a WIB date, so
   * date_trunc gives the WIB month). A repeat buyer is one with more than one such order in the
   * whole window; months without orders are rows of zeros.
   */
  months(businessId: string, firstMonth: string, asOf: string): Promise<ScorecardMonthRow[]> {
    return this.db.many<ScorecardMonthRow>(
      `WITH months AS (
         SELECT generate_series($2::date, date_trunc('month', $3::date)::date, interval '1 month')::date AS m
       ), o AS (
         SELECT date_trunc('month', ordered_on)::date AS m, buyer_key, quantity, value_idr
           FROM orders
          WHERE business_id = $1 AND voided_at IS NULL AND ordered_on >= $2::date AND ordered_on <= $3::date
       ), repeaters AS (
         SELECT buyer_key FROM o GROUP BY buyer_key HAVING count(*) > 1
       )
       SELECT to_char(months.m, 'YYYY-MM') AS month,
              count(o.m)::int AS orders,
              coalesce(sum(o.quantity), 0)::int AS units,
              coalesce(sum(o.value_idr), 0)::text AS value_idr,
              count(DISTINCT o.buyer_key)::int AS buyers,
              count(DISTINCT r.buyer_key)::int AS repeat_buyers,
              count(r.buyer_key)::int AS repeat_orders
         FROM months
         LEFT JOIN o ON o.m = months.m
         LEFT JOIN repeaters r ON r.buyer_key = o.buyer_key
        GROUP BY months.m
        ORDER BY months.m`,
      [businessId, firstMonth, asOf],
    );
  }
}
