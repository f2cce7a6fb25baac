import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { Rung } from '../pathway/pathway.types';
import type { PaperworkApplies, PaperworkEntry } from './paperwork-seed';

interface Row {
  code: string;
  title_id: string;
  title_en: string;
  issuer: string;
  reason_id: string;
  reason_en: string;
  applies: PaperworkApplies;
  sort_order: number;
  rung: Rung | null;
  active: boolean;
  updated_at: Date;
  updated_by: string;
}

export interface PaperworkRecord extends PaperworkEntry {
  active: boolean;
  updatedAt: string;
  updatedBy: string;
}

function toRecord(r: Row): PaperworkRecord {
  return {
    code: r.code,
    title: { id: r.title_id, en: r.title_en },
    issuer: r.issuer,
    reason: { id: r.reason_id, en: r.reason_en },
    applies: r.applies,
    sortOrder: r.sort_order,
    rung: r.rung,
    active: r.active,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}

/** The editable paperwork catalog (seeded from DOMAIN.md). */
@Injectable()
export class PaperworkRepository {
  constructor(private readonly db: Db) {}

  async list(onlyActive: boolean, q?: Queryable): Promise<PaperworkRecord[]> {
    const rows = await this.db.many<Row>(`SELECT * FROM paperwork_catalog WHERE ($1::boolean = false OR active) ORDER BY sort_order, code`, [onlyActive], q);
    return rows.map(toRecord);
  }

  async upsert(e: PaperworkEntry & { active: boolean }, by: string, q?: Queryable): Promise<PaperworkRecord> {
    const row = await this.db.one<Row>(
      `INSERT INTO paperwork_catalog (code, title_id, title_en, issuer, reason_id, reason_en, applies, sort_order, active, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (code) DO UPDATE SET title_id = EXCLUDED.title_id, title_en = EXCLUDED.title_en, issuer = EXCLUDED.issuer,
         reason_id = EXCLUDED.reason_id, reason_en = EXCLUDED.reason_en, applies = EXCLUDED.applies, sort_order = EXCLUDED.sort_order,
         active = EXCLUDED.active, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING *`,
      [e.code, e.title.id, e.title.en, e.issuer, e.reason.id, e.reason.en, JSON.stringify(e.applies), e.sortOrder, e.active, by],
      q,
    );
    return toRecord(row!);
  }
}
