import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { RuleSetParams } from './rule-set';

export interface RuleSetRow {
  version: number;
  params: RuleSetParams;
  note: string | null;
  created_at: Date;
  created_by: string;
}

/** Rule sets are append-only rows (a trigger refuses UPDATE and DELETE); the current one is the highest version. */
@Injectable()
export class RuleSetsRepository {
  constructor(private readonly db: Db) {}

  current(q?: Queryable): Promise<RuleSetRow> {
    return this.db.one<RuleSetRow>('SELECT * FROM rule_sets ORDER BY version DESC LIMIT 1', [], q).then((r) => r!);
  }

  get(version: number, q?: Queryable): Promise<RuleSetRow | undefined> {
    return this.db.one<RuleSetRow>('SELECT * FROM rule_sets WHERE version = $1', [version], q);
  }

  list(): Promise<RuleSetRow[]> {
    return this.db.many<RuleSetRow>('SELECT * FROM rule_sets ORDER BY version DESC');
  }

  /** Publishes the next version (serialised by a lock on the table so two publishers never collide). */
  publish(params: RuleSetParams, note: string | null, createdBy: string, q: Queryable): Promise<RuleSetRow> {
    return this.db
      .exec('LOCK TABLE rule_sets IN SHARE ROW EXCLUSIVE MODE', [], q)
      .then(() =>
        this.db.one<RuleSetRow>(
          `INSERT INTO rule_sets (version, params, note, created_by)
           SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM rule_sets RETURNING *`,
          [JSON.stringify(params), note, createdBy],
          q,
        ),
      )
      .then((r) => r!);
  }
}
