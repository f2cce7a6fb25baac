import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';

export interface CurrencyCoverage {
  code: string;
  minor_units: number;
  /** Earliest date a rate is in force; orders before it cannot be valued. */
  earliest: string | null;
}

export interface RateRow {
  currency: string;
  valid_from: string;
  idr_per_unit: string;
  source: string;
  created_at: Date;
  created_by: string | null;
}

@Injectable()
export class RatesRepository {
  constructor(private readonly db: Db) {}

  coverage(): Promise<CurrencyCoverage[]> {
    return this.db.many<CurrencyCoverage>(
      `SELECT c.code, c.minor_units, to_char(min(r.valid_from), 'YYYY-MM-DD') AS earliest
         FROM currencies c LEFT JOIN exchange_rates r ON r.currency = c.code
        GROUP BY c.code, c.minor_units`,
    );
  }

  list(f: { currency?: string; from?: string; to?: string; limit: number }): Promise<RateRow[]> {
    return this.db.many<RateRow>(
      `SELECT currency, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, idr_per_unit::text, source, created_at, created_by
         FROM exchange_rates
        WHERE ($1::text IS NULL OR currency = $1) AND ($2::date IS NULL OR valid_from >= $2) AND ($3::date IS NULL OR valid_from <= $3)
        ORDER BY currency, valid_from DESC LIMIT $4`,
      [f.currency ?? null, f.from ?? null, f.to ?? null, f.limit],
    );
  }

  /** Each currency's most recent rate (the latest valid-from, future-dated ones included); IDR, the base, left out. */
  latestPerCurrency(): Promise<RateRow[]> {
    return this.db.many<RateRow>(
      `SELECT DISTINCT ON (currency) currency, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, idr_per_unit::text, source, created_at, created_by
         FROM exchange_rates WHERE currency <> 'IDR'
        ORDER BY currency, exchange_rates.valid_from DESC`,
    );
  }

  /** The rate in force on a date: the latest one that started on or before it. */
  rateOn(currency: string, date: string): Promise<RateRow | undefined> {
    return this.db.one<RateRow>(
      `SELECT currency, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, idr_per_unit::text, source, created_at, created_by
         FROM exchange_rates WHERE currency = $1 AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1`,
      [currency, date],
    );
  }

  async ensureCurrency(code: string, minorUnits: number, q?: Queryable): Promise<void> {
    await this.db.exec(`INSERT INTO currencies (code, minor_units, name) VALUES ($1, $2, $1) ON CONFLICT (code) DO NOTHING`, [code, minorUnits], q);
  }

  /** Inserts or replaces the rate for (currency, validFrom); returns whether it replaced one. */
  async upsert(
    r: { currency: string; validFrom: string; idrPerUnit: string; source: string; createdBy: string },
    q?: Queryable,
  ): Promise<{ row: RateRow; replaced: boolean }> {
    const row = await this.db.one<RateRow & { replaced: boolean }>(
      `INSERT INTO exchange_rates (currency, valid_from, idr_per_unit, source, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (currency, valid_from) DO UPDATE SET idr_per_unit = EXCLUDED.idr_per_unit, source = EXCLUDED.source,
         created_by = EXCLUDED.created_by, created_at = now()
       RETURNING currency, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, idr_per_unit::text, source, created_at, created_by, (xmax <> 0) AS replaced`,
      [r.currency, r.validFrom, r.idrPerUnit, r.source, r.createdBy],
      q,
    );
    return { row: row!, replaced: row!.replaced };
  }

  /**
   * Re-values one batch of orders in a currency dated on/after `from` with the rate in force on
   * each order's date. Returns the last id touched so the caller can continue (keyset batches).
   */
  async recomputeBatch(currency: string, from: string, afterId: string | null, batch: number): Promise<{ updated: number; lastId: string | null }> {
    const rows = await this.db.many<{ id: string }>(
      `WITH picked AS (
         SELECT o.id, round(o.amount_minor::numeric / (10 ^ c.minor_units) * r.idr_per_unit)::bigint AS value_idr
           FROM orders o
           JOIN currencies c ON c.code = o.currency
           CROSS JOIN LATERAL (SELECT idr_per_unit FROM exchange_rates er
                                WHERE er.currency = o.currency AND er.valid_from <= o.ordered_on
                                ORDER BY er.valid_from DESC LIMIT 1) r
          WHERE o.currency = $1 AND o.ordered_on >= $2 AND ($3::uuid IS NULL OR o.id > $3)
          ORDER BY o.id LIMIT $4
       ), changed AS (
         UPDATE orders o SET value_idr = p.value_idr, revalued_at = now() FROM picked p
          WHERE o.id = p.id AND o.value_idr IS DISTINCT FROM p.value_idr
         RETURNING o.id
       )
       SELECT id FROM picked ORDER BY id`,
      [currency, from, afterId, batch],
    );
    return { updated: rows.length, lastId: rows.length ? rows[rows.length - 1].id : null };
  }
}
