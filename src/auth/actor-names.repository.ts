import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

/**
 * The names behind actor labels, read by id only. `users` belongs to the accounts module, which runs
 * in HTTP roles only, while actor names are also needed where auth alone is loaded: this one read
 * by primary key is the exception, and nothing here writes.
 */
@Injectable()
export class ActorNamesRepository {
  constructor(private readonly db: Db) {}

  /** A person's name, or their email when the name is blank. */
  userNames(ids: string[]): Promise<Array<{ id: string; name: string }>> {
    return this.db.many(`SELECT id, coalesce(nullif(btrim(name), ''), email) AS name FROM users WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** An API key's label (null when it has none). */
  keyLabels(ids: string[]): Promise<Array<{ id: string; name: string | null }>> {
    return this.db.many(`SELECT id, nullif(btrim(label), '') AS name FROM api_keys WHERE id = ANY($1::uuid[])`, [ids]);
  }
}
