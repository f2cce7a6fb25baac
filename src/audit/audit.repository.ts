import { Global, Injectable, Module } from '@nestjs/common';
import { Actor, actorLabel } from '../auth/actor';
import { Db, Queryable } from '../database/db';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Ids and counts only: no buyer identities, keys or other personal data. */
  details?: Record<string, unknown>;
}

/** Append-only audit trail (a trigger refuses UPDATE and DELETE on the table). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Db) {}

  append(actor: Actor | 'system', entry: AuditEntry, q?: Queryable): Promise<number> {
    const who = actor === 'system' ? 'system' : actorLabel(actor);
    const role = actor === 'system' ? 'system' : actor.role;
    return this.db.exec(
      'INSERT INTO audit_log (actor, actor_role, action, entity_type, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)',
      [who, role, entry.action, entry.entityType, entry.entityId ?? null, JSON.stringify(entry.details ?? {})],
      q,
    );
  }

  list(filter: { entityType?: string; entityId?: string; limit: number }): Promise<Array<Record<string, unknown>>> {
    return this.db.many(
      `SELECT id, at, actor, actor_role, action, entity_type, entity_id, details FROM audit_log
        WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
        ORDER BY id DESC LIMIT $3`,
      [filter.entityType ?? null, filter.entityId ?? null, filter.limit],
    );
  }
}

@Global()
@Module({ providers: [AuditRepository], exports: [AuditRepository] })
export class AuditModule {}
