import { MigrationInterface, QueryRunner } from 'typeorm';
import { LADDER_PAPERWORK, PAPERWORK_RUNGS } from './seed/1764301500000-ExportLadder.seed';

/**
 * The export ladder's data: how each order was declared to customs (who declared it, by which
 * document, with which certificate of origin), the register of documents the department has
 * verified per business, and for each paperwork catalog entry the rung it belongs to (null: it
 * applies on every rung, such as the wildlife permits).
 *
 * The three order columns get constant defaults, so adding them rewrites no rows: every existing
 * order reads `unknown` / `unknown` / `none`.
 */
export class ExportLadder1764301500000 implements MigrationInterface {
  name = 'ExportLadder1764301500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orders
        ADD COLUMN declaration text NOT NULL DEFAULT 'unknown'
          CONSTRAINT orders_declaration_check CHECK (declaration IN ('cn', 'pkbk', 'peb', 'unknown')),
        ADD COLUMN declared_by text NOT NULL DEFAULT 'unknown'
          CONSTRAINT orders_declared_by_check CHECK (declared_by IN ('self', 'postal_operator', 'aggregator', 'customs_broker', 'unknown')),
        ADD COLUMN origin_certificate text NOT NULL DEFAULT 'none'
          CONSTRAINT orders_origin_certificate_check CHECK (origin_certificate IN ('none', 'form_d', 'form_e', 'other', 'self_certified'));

      CREATE TABLE business_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('nib_customs_access', 'sats_ln_dealer_licence', 'kkp_permit', 'quarantine_kh12', 'certified_exporter', 'kite_ikm')),
        number text,
        issued_on date,
        expires_on date,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        -- removed documents stay for the audit trail and count nowhere
        removed_at timestamptz,
        removed_by text,
        CHECK (issued_on IS NULL OR expires_on IS NULL OR issued_on <= expires_on)
      );
      CREATE INDEX business_documents_business ON business_documents (business_id, type) WHERE removed_at IS NULL;
      CREATE INDEX business_documents_expiry ON business_documents (expires_on) WHERE removed_at IS NULL AND expires_on IS NOT NULL;

      ALTER TABLE paperwork_catalog ADD COLUMN rung text
        CHECK (rung IN ('own_cn', 'consolidated', 'agent_peb', 'own_peb', 'origin_certified', 'certified_exporter'));
    `);
    for (const [code, rung] of Object.entries(PAPERWORK_RUNGS)) {
      await q.query(`UPDATE paperwork_catalog SET rung = $2 WHERE code = $1`, [code, rung]);
    }
    for (const p of LADDER_PAPERWORK) {
      await q.query(
        `INSERT INTO paperwork_catalog (code, title_id, title_en, issuer, reason_id, reason_en, applies, sort_order, rung)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO NOTHING`,
        [p.code, p.title.id, p.title.en, p.issuer, p.reason.id, p.reason.en, JSON.stringify(p.applies), p.sortOrder, p.rung],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM paperwork_catalog WHERE code = ANY($1)`, [LADDER_PAPERWORK.map((p) => p.code)]);
    await q.query(`ALTER TABLE paperwork_catalog DROP COLUMN rung`);
    await q.query(`DROP TABLE business_documents`);
    await q.query(`ALTER TABLE orders DROP COLUMN origin_certificate, DROP COLUMN declared_by, DROP COLUMN declaration`);
  }
}
