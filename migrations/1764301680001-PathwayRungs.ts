import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each business × market stood on the export ladder at the last weekly run, and every climb:
 * a climb is told once (domain event `pathway.rung_changed`, "naik kelas" on that week's list), so the
 * run compares against the last rung it saw. Flags carry the rung of their market and the next one; a weekly list freezes its week's climbs.
 */
export class PathwayRungs1764301680001 implements MigrationInterface {
  name = 'PathwayRungs1764301680001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathway_rungs (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market text NOT NULL,
        rung text NOT NULL,
        rung_index smallint NOT NULL,
        as_of date NOT NULL,
        PRIMARY KEY (business_id, market)
      );
      CREATE TABLE pathway_rung_changes (
        id bigserial PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market text NOT NULL,
        from_rung text NOT NULL,
        to_rung text NOT NULL,
        as_of date NOT NULL,
        run_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, market, as_of)
      );
      CREATE INDEX pathway_rung_changes_as_of ON pathway_rung_changes (as_of);
      ALTER TABLE flags ADD COLUMN rung text, ADD COLUMN next_rung text;
      -- the week's climbs, frozen with its list (null on lists published before)
      ALTER TABLE weekly_reports ADD COLUMN rung_ups jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE weekly_reports DROP COLUMN rung_ups;
      ALTER TABLE flags DROP COLUMN next_rung, DROP COLUMN rung;
      DROP TABLE pathway_rung_changes;
      DROP TABLE pathway_rungs;
    `);
  }
}
