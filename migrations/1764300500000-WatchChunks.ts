import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly runs evaluate businesses in chunks (one job and one transaction per chunk instead of per
 * business): each run item records its chunk, and pending items are found per chunk.
 */
export class WatchChunks1764300500000 implements MigrationInterface {
  name = 'WatchChunks1764300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE watch_run_items ADD COLUMN chunk integer NOT NULL DEFAULT 0;
      CREATE INDEX watch_run_items_chunk ON watch_run_items (run_id, chunk) WHERE status = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX watch_run_items_chunk; ALTER TABLE watch_run_items DROP COLUMN chunk;`);
  }
}
