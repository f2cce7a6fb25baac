import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface MonthlyVolume {
  month: string;
  market: string;
  orders: number;
  value_idr: string;
  max_weight: string | null;
}
export interface WeeklyPoint {
  week_start: string;
  market: string;
  orders: number;
  value_idr: string;
}
export interface RepeatBuyer {
  market: string;
  buyer_key: string;
  orders: number;
  value_idr: string;
  first_on: string;
  last_on: string;
}

/**
 * Read-only aggregates of a business's own orders for the pages (charts, volume tables). The flag
 * engine's windows, thresholds and decisions live in src/flags and src/watch, not here.
 */
@Injectable()
export class WebReadRepository {
  constructor(private readonly db: Db) {}

  monthlyVolume(businessId: string, fromDate: string): Promise<MonthlyVolume[]> {
    return this.db.many<MonthlyVolume>(
      `SELECT to_char(ordered_on, 'YYYY-MM') AS month, destination_country AS market, count(*)::int AS orders,
              sum(value_idr)::text AS value_idr, max(weight_kg)::text AS max_weight
         FROM orders WHERE business_id = $1 AND voided_at IS NULL AND ordered_on >= $2
        GROUP BY 1, 2 ORDER BY 1 DESC, 4 DESC`,
      [businessId, fromDate],
    );
  }

  weeklySeries(businessId: string, fromDate: string, toDate: string): Promise<WeeklyPoint[]> {
    return this.db.many<WeeklyPoint>(
      `SELECT to_char(date_trunc('week', ordered_on), 'YYYY-MM-DD') AS week_start, destination_country AS market,
              count(*)::int AS orders, sum(value_idr)::text AS value_idr
         FROM orders WHERE business_id = $1 AND voided_at IS NULL AND ordered_on BETWEEN $2 AND $3
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [businessId, fromDate, toDate],
    );
  }

  /** Buyers with 2+ orders in the window, by keyed pseudonym only (never the buyer's name). */
  repeatBuyers(businessId: string, fromDate: string, toDate: string): Promise<RepeatBuyer[]> {
    return this.db.many<RepeatBuyer>(
      `SELECT destination_country AS market, buyer_key, count(*)::int AS orders, sum(value_idr)::text AS value_idr,
              to_char(min(ordered_on), 'YYYY-MM-DD') AS first_on, to_char(max(ordered_on), 'YYYY-MM-DD') AS last_on
         FROM orders WHERE business_id = $1 AND voided_at IS NULL AND ordered_on BETWEEN $2 AND $3
        GROUP BY 1, 2 HAVING count(*) >= 2 ORDER BY 3 DESC, 4 DESC LIMIT 50`,
      [businessId, fromDate, toDate],
    );
  }

  businessesWithActivity(q: { search?: string; district?: string; since: string; limit: number }): Promise<Array<{ id: string; name: string; district: string; materials: string[]; has_customs_access: boolean; orders_90d: number; value_90d: string; users: number }>> {
    return this.db.many(
      `SELECT b.id, b.name, b.district, b.materials, b.has_customs_access,
              coalesce(o.n, 0)::int AS orders_90d, coalesce(o.v, 0)::text AS value_90d,
              (SELECT count(*)::int FROM users u WHERE u.business_id = b.id) AS users
         FROM businesses b
         LEFT JOIN LATERAL (SELECT count(*) AS n, sum(value_idr) AS v FROM orders
                             WHERE business_id = b.id AND voided_at IS NULL AND ordered_on >= $4) o ON true
        WHERE ($1::text IS NULL OR b.name ILIKE '%' || $1 || '%') AND ($2::text IS NULL OR b.district = $2)
        ORDER BY lower(b.name), b.id LIMIT $3`,
      [q.search || null, q.district || null, q.limit, q.since],
    );
  }
}
