import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many business × market × material pairs the orders hold (extended statistics). Without them
 * Postgres multiplies the three columns' distinct counts and expects millions of pairs, so the
 * joint-export candidates' pair aggregate sorts its orders instead of hashing them (about 30 %
 * slower at 2 M orders, docs/performance.md row 4b). Filled by the next ANALYZE or autovacuum.
 */
export class PairStatistics1764301740000 implements MigrationInterface {
  name = 'PairStatistics1764301740000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE STATISTICS orders_pair_ndistinct (ndistinct) ON business_id, destination_country, material FROM orders`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP STATISTICS orders_pair_ndistinct`);
  }
}
