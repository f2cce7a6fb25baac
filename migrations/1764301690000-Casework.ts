import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Casework: what officers do with a flagged business (visits, calls, referrals to a programme,
 * training, curation, notes), the follow-ups still to do, and the department's yearly targets that
 * the report shows beside the actual counts.
 *
 * A follow-up the product creates by itself (3, 6 and 12 months after a business reached a formal
 * rung or graduated from a programme) carries an `auto_key`, unique per business, so creating them
 * again after a retry or a replayed event adds nothing.
 */
export class Casework1764301690000 implements MigrationInterface {
  name = 'Casework1764301690000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('visit', 'call', 'referral', 'training', 'curation', 'note')),
        on_date date NOT NULL,
        note text,
        programme text CHECK (programme IN ('ecp', 'desa_devisa', 'klinik_ekspor', 'rumah_kurasi', 'other')),
        flag_id uuid REFERENCES flags (id) ON DELETE SET NULL,
        due_on date,
        done_on date,
        outcome text,
        graduated boolean NOT NULL DEFAULT false,
        auto_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT activities_auto_key UNIQUE (business_id, auto_key)
      );
      CREATE INDEX activities_business_on ON activities (business_id, on_date DESC, created_at DESC);
      CREATE INDEX activities_on ON activities (on_date, type);
      CREATE INDEX activities_due ON activities (due_on) WHERE done_on IS NULL AND due_on IS NOT NULL;

      CREATE TABLE kpi_targets (
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        metric text NOT NULL CHECK (metric IN ('businessesActive', 'businessesFlagged', 'businessesVisited', 'referrals', 'rungUps', 'formalExporters')),
        target integer NOT NULL CHECK (target >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        PRIMARY KEY (year, metric)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kpi_targets; DROP TABLE activities;`);
  }
}
