import { MigrationInterface, QueryRunner } from 'typeorm';
import { CITES_IMPORT_REASON, KH12, RULE_SET_V2 } from './seed/1764301400000-RuleSetV2.seed';

const NOTE = "v2: quality of demand (returning buyers or one routine buyer in volume) and each business × market's own rhythm";
const PERMITS = ['SATS-LN', 'KKP-RAY', 'CITES-IMPORT'];

/**
 * Publishes rule set v2 as the current version (the next number: v2 on a database that only has v1),
 * and makes the paperwork plan complete: wildlife permits apply on every route, so SATS-LN, the KKP
 * permits and the importing country's CITES permit go on readiness checklists too, for any market,
 * and the snakeskin quarantine certificate KH-12 joins the catalog. Rows staff have since edited
 * (their conditions no longer the seeded ones) are left as they are.
 */
export class RuleSetV21764301400000 implements MigrationInterface {
  name = 'RuleSetV21764301400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO rule_sets (version, params, note) SELECT coalesce(max(version), 0) + 1, $1, $2 FROM rule_sets`, [
      JSON.stringify(RULE_SET_V2),
      NOTE,
    ]);
    await q.query(
      `UPDATE paperwork_catalog SET applies = applies - 'kinds', updated_at = now(), updated_by = 'system'
                    WHERE code = ANY($1) AND applies->'kinds' = '["compliance"]'::jsonb`,
      [PERMITS],
    );
    await q.query(
      `UPDATE paperwork_catalog SET applies = applies - 'markets', reason_id = $1, reason_en = $2, updated_at = now(), updated_by = 'system'
                    WHERE code = 'CITES-IMPORT' AND applies->'markets' = '["MY", "CN"]'::jsonb`,
      [CITES_IMPORT_REASON.id, CITES_IMPORT_REASON.en],
    );
    await q.query(
      `INSERT INTO paperwork_catalog (code, title_id, title_en, issuer, reason_id, reason_en, applies, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING`,
      [KH12.code, KH12.title.id, KH12.title.en, KH12.issuer, KH12.reason.id, KH12.reason.en, JSON.stringify(KH12.applies), KH12.sortOrder],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM paperwork_catalog WHERE code = 'KH-12'`);
    await q.query(`UPDATE paperwork_catalog SET applies = applies || '{"kinds": ["compliance"]}'::jsonb WHERE code = ANY($1)`, [PERMITS]);
    await q.query(`UPDATE paperwork_catalog SET applies = applies || '{"markets": ["MY", "CN"]}'::jsonb WHERE code = 'CITES-IMPORT'`);
    // published versions are immutable; only rolling this migration back may remove the one it published
    await q.query('ALTER TABLE rule_sets DISABLE TRIGGER rule_sets_no_change');
    await q.query(
      `DELETE FROM rule_sets WHERE note = $1 AND NOT EXISTS (SELECT 1 FROM flags WHERE rule_set_version = rule_sets.version)
                     AND NOT EXISTS (SELECT 1 FROM flag_evaluations WHERE rule_set_version = rule_sets.version)`,
      [NOTE],
    );
    await q.query('ALTER TABLE rule_sets ENABLE TRIGGER rule_sets_no_change');
  }
}
