import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domain events (flag.raised, flag.resolved, flag.status_changed, report.published) are written in
 * the same transaction as the change that causes them; webhooks fan out from here.
 */
export class DomainEvents1764300050000 implements MigrationInterface {
  name = 'DomainEvents1764300050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE domain_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        data jsonb NOT NULL,
        fanned_out_at timestamptz
      );
      CREATE INDEX domain_events_created ON domain_events (created_at, id);
      CREATE INDEX domain_events_pending ON domain_events (created_at) WHERE fanned_out_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE domain_events');
  }
}
