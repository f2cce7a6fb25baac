import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly signals are computed from the window's orders directly; the rollup tables go. Measured at
 * 2 M orders (5,000 businesses): almost every buyer orders at most once a week from a business, so
 * the per-buyer rollup held 20,700 rows for 23,400 orders per 250 businesses, and buyer signals had
 * to read that much anyway. Reading the window's orders once (200 ms per 250 businesses) cost no more
 * than reading the rollups (210 ms), while building them doubled a cold weekly run and the triggers
 * that marked them dirty ran on every order insert, update and delete.
 */
export class SignalsFromOrders1764300600000 implements MigrationInterface {
  name = 'SignalsFromOrders1764300600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER orders_watch_dirty_ins ON orders;
      DROP TRIGGER orders_watch_dirty_upd_new ON orders;
      DROP TRIGGER orders_watch_dirty_upd_old ON orders;
      DROP TRIGGER orders_watch_dirty_del ON orders;
      DROP FUNCTION watch_mark_dirty_new();
      DROP FUNCTION watch_mark_dirty_old();
      DROP TABLE watch_rollup_dirty;
      DROP TABLE watch_rollup_buyers;
      DROP TABLE watch_rollups;
      DROP FUNCTION watch_bucket(date);
    `);
  }

  /** Back to the rollups of VolumeWatch1764300200000, every bucket marked dirty so they rebuild. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION watch_bucket(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT greatest(date_trunc('week', d::timestamp), date_trunc('month', d::timestamp))::date
      $$;

      CREATE TABLE watch_rollups (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market char(2) NOT NULL,
        bucket_start date NOT NULL,
        week_start date NOT NULL,
        month_start date NOT NULL,
        orders integer NOT NULL,
        value_idr bigint NOT NULL,
        max_weight_kg numeric(10, 3),
        wildlife_orders integer NOT NULL DEFAULT 0,
        cn_over_limit integer NOT NULL DEFAULT 0,
        materials text[] NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        last_on date NOT NULL,
        PRIMARY KEY (business_id, bucket_start, market)
      );

      CREATE TABLE watch_rollup_buyers (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market char(2) NOT NULL,
        bucket_start date NOT NULL,
        week_start date NOT NULL,
        buyer_key text NOT NULL,
        orders integer NOT NULL,
        PRIMARY KEY (business_id, bucket_start, market, buyer_key)
      );

      CREATE TABLE watch_rollup_dirty (
        business_id uuid NOT NULL,
        bucket_start date NOT NULL,
        PRIMARY KEY (business_id, bucket_start)
      );

      CREATE FUNCTION watch_mark_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO watch_rollup_dirty (business_id, bucket_start)
          SELECT DISTINCT business_id, watch_bucket(ordered_on) FROM new_rows ORDER BY 1, 2
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE FUNCTION watch_mark_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO watch_rollup_dirty (business_id, bucket_start)
          SELECT DISTINCT business_id, watch_bucket(ordered_on) FROM old_rows ORDER BY 1, 2
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE TRIGGER orders_watch_dirty_ins AFTER INSERT ON orders
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION watch_mark_dirty_new();
      CREATE TRIGGER orders_watch_dirty_upd_new AFTER UPDATE ON orders
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION watch_mark_dirty_new();
      CREATE TRIGGER orders_watch_dirty_upd_old AFTER UPDATE ON orders
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION watch_mark_dirty_old();
      CREATE TRIGGER orders_watch_dirty_del AFTER DELETE ON orders
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION watch_mark_dirty_old();

      INSERT INTO watch_rollup_dirty (business_id, bucket_start)
        SELECT DISTINCT business_id, watch_bucket(ordered_on) FROM orders ON CONFLICT DO NOTHING;
    `);
  }
}
