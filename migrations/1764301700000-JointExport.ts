import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Businesses that cannot export alone, and the 3K scorecard.
 *
 * - `businesses.monthly_capacity`: the declared production capacity per product category, units
 *   per month (`{ "bag": 40 }`); empty when not declared.
 * - `consolidation_candidates`: the joint-export candidates a weekly run found as of its date, one
 *   row per market × material, so the weekly list can tell new candidates from last week's and the
 *   dashboard reads them without recomputing. On-demand candidates (any as-of) are computed, not read here.
 * - `export_groups` / `export_group_members`: groups officers formed (from a candidate or by hand)
 *   to ship one material to one market together, with a coordinator among the members.
 */
export class JointExport1764301700000 implements MigrationInterface {
  name = 'JointExport1764301700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE businesses ADD COLUMN monthly_capacity jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(monthly_capacity) = 'object');

      CREATE TABLE consolidation_candidates (
        as_of date NOT NULL,
        key text NOT NULL,
        market char(2) NOT NULL,
        material text NOT NULL,
        run_id uuid REFERENCES watch_runs (id) ON DELETE SET NULL,
        member_ids uuid[] NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (as_of, key)
      );

      CREATE TABLE export_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        market char(2) NOT NULL,
        material text NOT NULL,
        coordinator_business_id uuid REFERENCES businesses (id) ON DELETE SET NULL,
        route text CHECK (route IN ('pkbk', 'cooperative', 'kite_ikm_consortium', 'partner_exporter')),
        note text,
        candidate_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      );
      CREATE INDEX export_groups_market ON export_groups (market, material);

      CREATE TABLE export_group_members (
        group_id uuid NOT NULL REFERENCES export_groups (id) ON DELETE CASCADE,
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, business_id)
      );
      CREATE INDEX export_group_members_business ON export_group_members (business_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE export_group_members; DROP TABLE export_groups; DROP TABLE consolidation_candidates;
      ALTER TABLE businesses DROP COLUMN monthly_capacity;
    `);
  }
}
