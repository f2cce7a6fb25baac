import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A weekly list freezes its joint-export section with its rows: the week's new candidates and the
 * groups formed or changed in it (null on lists published before).
 */
export class WeeklyJointExport1764301700016 implements MigrationInterface {
  name = 'WeeklyJointExport1764301700016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE weekly_reports ADD COLUMN joint_export jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE weekly_reports DROP COLUMN joint_export`);
  }
}
