import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';

/** Tables keyed by business_id whose rows belong in an export (all cascade on delete). */
const BUSINESS_TABLES: Array<{ key: string; sql: string }> = [
  { key: 'orders', sql: 'SELECT * FROM orders WHERE business_id = $1 ORDER BY ordered_at, id' },
  { key: 'orderImports', sql: 'SELECT * FROM order_imports WHERE business_id = $1 ORDER BY started_at' },
  { key: 'flags', sql: 'SELECT * FROM flags WHERE business_id = $1 ORDER BY raised_on, id' },
  { key: 'flagEvents', sql: 'SELECT e.* FROM flag_events e JOIN flags f ON f.id = e.flag_id WHERE f.business_id = $1 ORDER BY e.id' },
  { key: 'flagEvaluations', sql: 'SELECT * FROM flag_evaluations WHERE business_id = $1 ORDER BY as_of, market, kind' },
  { key: 'apiKeys', sql: 'SELECT id, label, role, created_at, last_used_at, revoked_at FROM api_keys WHERE business_id = $1 ORDER BY created_at' },
  { key: 'users', sql: 'SELECT id, email, name, role, locale, created_at FROM users WHERE business_id = $1 ORDER BY created_at' },
  {
    key: 'notices',
    sql: 'SELECT id, kind, period, week, email, status, sent_at, created_at FROM digest_deliveries WHERE business_id = $1 ORDER BY created_at',
  },
  {
    key: 'auditLog',
    sql: `SELECT id, at, actor, actor_role, action, entity_type, entity_id, details FROM audit_log
           WHERE entity_id = $1::text OR details->>'businessId' = $1::text ORDER BY id`,
  },
];

/**
 * The privacy requests' SQL. By its nature it reaches every table that holds a business's data:
 * the export reads them all, the deletion removes or anonymises them, retention prunes old rows.
 */
@Injectable()
export class PrivacyRepository {
  constructor(private readonly db: Db) {}

  /** Makes the caller's transaction one read-only snapshot (the export reads many tables). */
  async readOnlySnapshot(q: Queryable): Promise<void> {
    await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  business(businessId: string, q: Queryable): Promise<Record<string, unknown> | undefined> {
    return this.db.one('SELECT * FROM businesses WHERE id = $1', [businessId], q);
  }

  /** Every row held about the business, table by table (keys as in the export). */
  async businessRows(businessId: string, q: Queryable): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const t of BUSINESS_TABLES) out[t.key] = await this.db.many(t.sql, [businessId], q);
    return out;
  }

  async lockBusiness(businessId: string, q: Queryable): Promise<boolean> {
    return !!(await this.db.one<{ id: string }>('SELECT id FROM businesses WHERE id = $1 FOR UPDATE', [businessId], q));
  }

  /**
   * Deletes the business: counts what cascades (orders, flags), deletes its notices, anonymises it in
   * domain events and published weekly lists, then deletes the business row. Returns the counts.
   */
  async deleteBusiness(businessId: string, q: Queryable): Promise<Record<string, number>> {
    const n = async (sql: string) => (await q.query(sql, [businessId])).rowCount ?? 0;
    const res: Record<string, number> = {
      orders: await n('SELECT 1 FROM orders WHERE business_id = $1'),
      flags: await n('SELECT 1 FROM flags WHERE business_id = $1'),
      notices: await n('DELETE FROM digest_deliveries WHERE business_id = $1'),
      events: await n(`UPDATE domain_events SET data = jsonb_build_object('redacted', true, 'type', type) WHERE data->>'businessId' = $1::text`),
      weeklyLists: await n(
        `UPDATE weekly_reports SET items = (
            SELECT coalesce(jsonb_agg(CASE WHEN e->>'businessId' = $1::text
                     THEN e || jsonb_build_object('businessId', null, 'businessName', '(deleted)', 'redacted', true) ELSE e END ORDER BY ord), '[]'::jsonb)
              FROM jsonb_array_elements(items) WITH ORDINALITY AS x(e, ord))
          WHERE items @> jsonb_build_array(jsonb_build_object('businessId', $1::text))`,
      ),
    };
    await n('DELETE FROM businesses WHERE id = $1');
    return res;
  }

  deleteVoidedOrdersBefore(cutoff: Date): Promise<number> {
    return this.db.exec('DELETE FROM orders WHERE voided_at IS NOT NULL AND voided_at < $1', [cutoff]);
  }

  /** Finished webhook deliveries only (their attempts cascade); pending ones are still work. */
  deleteWebhookDeliveriesBefore(before: Date): Promise<number> {
    return this.db.exec(`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1`, [before]);
  }

  deleteDigestDeliveriesBefore(before: Date): Promise<number> {
    return this.db.exec(`DELETE FROM digest_deliveries WHERE status IN ('sent', 'failed') AND created_at < $1`, [before]);
  }
}
