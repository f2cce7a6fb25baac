import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-buyer rollup goes: almost every buyer orders at most once a week from a business, so it held
 * nearly one row per order and building it cost more than reading the orders it summarised (measured
 * at 2 M orders: 60 % of a cold weekly run's rollup time). Buyer signals now read orders directly.
 */
export class BuyersFromOrders1764300600000 implements MigrationInterface {
  name = 'BuyersFromOrders1764300600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE watch_rollup_buyers`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE watch_rollup_buyers (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market char(2) NOT NULL,
        bucket_start date NOT NULL,
        week_start date NOT NULL,
        buyer_key text NOT NULL,
        orders integer NOT NULL,
        PRIMARY KEY (business_id, bucket_start, market, buyer_key)
      );
      -- the older code fills both rollups from the dirty buckets: rebuild every bucket once
      DELETE FROM watch_rollups;
      INSERT INTO watch_rollup_dirty (business_id, bucket_start)
        SELECT DISTINCT business_id, watch_bucket(ordered_on) FROM orders ON CONFLICT DO NOTHING;
    `);
  }
}
