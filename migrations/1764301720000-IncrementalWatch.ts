import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incremental weekly runs (docs/performance.md, "Incremental weekly run").
 *
 * - `watch_runs.changes_from`: when a run started, the start of the oldest transaction then in
 *   flight in this database (or the start itself): every order written, voided or re-valued that a
 *   run may not have seen carries a later `created_at` / `voided_at` / rate `created_at`, so the
 *   next run looks for changes from here.
 * - `watch_pair_state`: per business × market × kind, the as-of of its latest evaluation row. A
 *   run only writes a row when something changed, so this is how it finds the row that stands.
 * - `orders.revalued_at`: when the rates job last re-valued the order (a new or corrected rate).
 * - Indexes for "what changed since": a BRIN on `orders.created_at` (orders arrive roughly in
 *   time order; a few kB, no B-tree to maintain per insert) and partial indexes on voided and
 *   re-valued orders (maintained only when an order is voided or re-valued).
 */
export class IncrementalWatch1764301720000 implements MigrationInterface {
  name = 'IncrementalWatch1764301720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE watch_runs ADD COLUMN changes_from timestamptz;

      CREATE TABLE watch_pair_state (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market char(2) NOT NULL,
        kind text NOT NULL,
        as_of date NOT NULL,
        PRIMARY KEY (business_id, market, kind)
      );
      INSERT INTO watch_pair_state (business_id, market, kind, as_of)
        SELECT business_id, market, kind, max(as_of) FROM flag_evaluations GROUP BY 1, 2, 3;

      CREATE INDEX orders_created_brin ON orders USING brin (created_at);
      CREATE INDEX orders_voided_at ON orders (voided_at) WHERE voided_at IS NOT NULL;
      ALTER TABLE orders ADD COLUMN revalued_at timestamptz;
      CREATE INDEX orders_revalued_at ON orders (revalued_at) WHERE revalued_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX orders_revalued_at; ALTER TABLE orders DROP COLUMN revalued_at;
      DROP INDEX orders_voided_at; DROP INDEX orders_created_brin;
      DROP TABLE watch_pair_state;
      ALTER TABLE watch_runs DROP COLUMN changes_from;
    `);
  }
}
