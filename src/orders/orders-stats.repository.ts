import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface MonthlyVolume {
  month: string;
  market: string;
  orders: number;
  value_idr: string;
  max_weight: string | null;
}
export interface WeeklyVolume {
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
 * Read-only aggregates of one business's own orders (charts, volume tables), voided orders left out.
 * The flag engine's windows, thresholds and decisions live in src/flags and src/watch, not here.
 */
@Injectable()
export class OrdersStatsRepository {
  constructor(private readonly db: Db) {}

  /** Per month (YYYY-MM) and market from `fromDate` on, newest month first. */
  monthlyVolume(businessId: string, fromDate: string): Promise<MonthlyVolume[]> {
    return this.db.many<MonthlyVolume>(
      `SELECT to_char(ordered_on, 'YYYY-MM') AS month, destination_country AS market, count(*)::int AS orders,
              sum(value_idr)::text AS value_idr, max(weight_kg)::text AS max_weight
         FROM orders WHERE business_id = $1 AND voided_at IS NULL AND ordered_on >= $2
        GROUP BY 1, 2 ORDER BY 1 DESC, 4 DESC`,
      [businessId, fromDate],
    );
  }

  /** Per ISO week (its Monday) and market between the two dates, oldest week first. */
  weeklyVolume(businessId: string, fromDate: string, toDate: string): Promise<WeeklyVolume[]> {
    return this.db.many<WeeklyVolume>(
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
}
