import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { MarketSignals, querySignals } from '../watch/signals.repository';
import { ORDER_WEEK_COLUMNS } from '../watch/signals.sql';
import type { ExportGroupFields as GroupFields, JointExportWeek } from './consolidation.types';

export interface GroupRow extends GroupFields {
  id: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  members: Array<{ businessId: string; businessName: string; district: string; joinedAt: string }>;
}

export interface NewGroup extends GroupFields {
  by: string;
  /** the app clock's now: the weekly list's "new" and "changed" are judged on the same clock as its weeks */
  at: Date;
}

export type GroupPatch = Partial<Pick<NewGroup, 'name' | 'coordinatorBusinessId' | 'route' | 'note'>>;

const GROUP_COLS = `g.id, g.name, g.market::text AS market, g.material, g.coordinator_business_id AS "coordinatorBusinessId", g.route, g.note,
  g.candidate_key AS "candidateKey", g.created_at AS "createdAt", g.created_by AS "createdBy", g.updated_at AS "updatedAt", g.updated_by AS "updatedBy",
  coalesce((SELECT json_agg(json_build_object('businessId', b.id, 'businessName', b.name, 'district', b.district,
                                              'joinedAt', to_char(m.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                            ORDER BY b.name, b.id)
              FROM export_group_members m JOIN businesses b ON b.id = m.business_id WHERE m.group_id = g.id), '[]'::json) AS members`;

/** Export groups and their members: the only place their SQL lives. */
@Injectable()
export class ExportGroupsRepository {
  constructor(private readonly db: Db) {}

  /** Serialises writes that touch one market × material, so two officers cannot put one business in two groups at once. */
  lockPair(market: string, material: string, q: Queryable): Promise<number> {
    return this.db.exec(`SELECT pg_advisory_xact_lock(hashtext('export_group:' || $1 || ':' || $2))`, [market, material], q);
  }

  /** Which of these ids name a business. */
  async existing(ids: string[], q?: Queryable): Promise<Set<string>> {
    const rows = await this.db.many<{ id: string }>('SELECT id FROM businesses WHERE id = ANY($1::uuid[])', [ids], q);
    return new Set(rows.map((r) => r.id));
  }

  /** Names of the businesses among these ids, by name (for a form shown again). */
  names(ids: string[]): Promise<Array<{ id: string; name: string }>> {
    return this.db.many('SELECT id, name FROM businesses WHERE id = ANY($1::uuid[]) ORDER BY name, id', [ids]);
  }

  /** Members of these ids already in another group (not `exceptGroup`) for the market × material. */
  memberships(market: string, material: string, ids: string[], exceptGroup: string | null, q?: Queryable) {
    return this.db.many<{ businessId: string; groupId: string; groupName: string }>(
      `SELECT m.business_id AS "businessId", g.id AS "groupId", g.name AS "groupName"
         FROM export_group_members m JOIN export_groups g ON g.id = m.group_id
        WHERE g.market = $1 AND g.material = $2 AND m.business_id = ANY($3::uuid[]) AND ($4::uuid IS NULL OR g.id <> $4)
        ORDER BY m.business_id`,
      [market, material, ids, exceptGroup],
      q,
    );
  }

  async insert(g: NewGroup, q: Queryable): Promise<string> {
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO export_groups (name, market, material, coordinator_business_id, route, note, candidate_key, created_by, updated_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9) RETURNING id`,
      [g.name, g.market, g.material, g.coordinatorBusinessId, g.route, g.note, g.candidateKey, g.by, g.at],
      q,
    );
    return row!.id;
  }

  /** Makes the members exactly `ids`: those staying keep their joined_at. */
  async setMembers(groupId: string, ids: string[], at: Date, q: Queryable): Promise<void> {
    await this.db.exec('DELETE FROM export_group_members WHERE group_id = $1 AND NOT (business_id = ANY($2::uuid[]))', [groupId, ids], q);
    await this.db.exec(
      `INSERT INTO export_group_members (group_id, business_id, joined_at) SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT (group_id, business_id) DO NOTHING`,
      [groupId, ids, at],
      q,
    );
  }

  /** Applies the fields present in `patch` (null clears), stamps who and when. */
  async update(id: string, patch: GroupPatch, by: string, at: Date, q: Queryable): Promise<void> {
    const has = (k: keyof GroupPatch) => Object.prototype.hasOwnProperty.call(patch, k);
    await this.db.exec(
      `UPDATE export_groups SET
          name = CASE WHEN $2 THEN $3 ELSE name END,
          coordinator_business_id = CASE WHEN $4 THEN $5::uuid ELSE coordinator_business_id END,
          route = CASE WHEN $6 THEN $7 ELSE route END,
          note = CASE WHEN $8 THEN $9 ELSE note END,
          updated_at = $11, updated_by = $10
        WHERE id = $1`,
      [
        id,
        has('name'),
        patch.name ?? null,
        has('coordinatorBusinessId'),
        patch.coordinatorBusinessId ?? null,
        has('route'),
        patch.route ?? null,
        has('note'),
        patch.note ?? null,
        by,
        at,
      ],
      q,
    );
  }

  delete(id: string, q: Queryable): Promise<number> {
    return this.db.exec('DELETE FROM export_groups WHERE id = $1', [id], q);
  }

  /** One group with its members; `lock` takes the row for an update. */
  get(id: string, q?: Queryable, lock = false): Promise<GroupRow | undefined> {
    return this.db.one<GroupRow & Record<string, unknown>>(
      `SELECT ${GROUP_COLS} FROM export_groups g WHERE g.id = $1${lock ? ' FOR UPDATE OF g' : ''}`,
      [id],
      q,
    );
  }

  list(filter: { market?: string; material?: string; businessId?: string; limit: number }): Promise<GroupRow[]> {
    return this.db.many<GroupRow & Record<string, unknown>>(
      `SELECT ${GROUP_COLS} FROM export_groups g
        WHERE ($1::text IS NULL OR g.market = $1) AND ($2::text IS NULL OR g.material = $2)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM export_group_members m WHERE m.group_id = g.id AND m.business_id = $3))
        ORDER BY g.market, g.material, g.name, g.id LIMIT $4`,
      [filter.market ?? null, filter.material ?? null, filter.businessId ?? null, filter.limit],
    );
  }

  /**
   * The members' live orders of the group's material to its market taken as one business's orders
   * (business_id = the group id, each member's buyers kept apart), through the shared signal SQL.
   */
  async combinedSignals(groupId: string, market: string, material: string, asOf: string, repeatMinOrders: number): Promise<MarketSignals | undefined> {
    const rows = await querySignals(
      this.db,
      `SELECT ($1::uuid)::text AS business_id, o.destination_country AS market, o.ordered_on, o.business_id::text || ':' || o.buyer_key AS buyer_key,
              o.value_idr, o.weight_kg, o.material, o.product_category, o.quantity, ${ORDER_WEEK_COLUMNS}
         FROM export_group_members m
         JOIN orders o ON o.business_id = m.business_id
        WHERE m.group_id = $1::uuid AND o.destination_country = $9::text AND o.material = $10::text
          AND o.ordered_on >= $3 AND o.ordered_on <= $2 AND o.voided_at IS NULL`,
      { $1: groupId, asOf, repeatMinOrders, extra: [market, material] },
    );
    return rows[0];
  }

  /**
   * The week's joint-export changes: candidates stored by the run as of `sunday` whose key the run
   * as of `prevSunday` did not store, and groups created or updated in [from, to) (instants).
   */
  async week(sunday: string, prevSunday: string, from: Date, to: Date, q?: Queryable): Promise<JointExportWeek> {
    const newCandidates = await this.db.many<JointExportWeek['newCandidates'][number] & Record<string, unknown>>(
      `SELECT c.key, c.market::text AS market, c.material,
              coalesce((SELECT json_agg(json_build_object('businessId', b.id, 'businessName', b.name, 'district', b.district) ORDER BY b.name, b.id)
                          FROM businesses b WHERE b.id = ANY(c.member_ids)), '[]'::json) AS members,
              c.payload->'combined' AS combined, c.payload->>'suggestedRoute' AS "suggestedRoute",
              c.payload->>'suggestedCoordinatorId' AS "suggestedCoordinatorId"
         FROM consolidation_candidates c
        WHERE c.as_of = $1::date AND NOT EXISTS (SELECT 1 FROM consolidation_candidates p WHERE p.as_of = $2::date AND p.key = c.key)
        ORDER BY c.market, c.material, c.key`,
      [sunday, prevSunday],
      q,
    );
    const groups = await this.db.many<JointExportWeek['groups'][number] & Record<string, unknown>>(
      `SELECT g.id, g.name, g.market::text AS market, g.material, g.route, g.candidate_key AS "candidateKey",
              CASE WHEN g.created_at >= $1 THEN 'new' ELSE 'changed' END AS change,
              g.coordinator_business_id AS "coordinatorBusinessId", cb.name AS "coordinatorName",
              coalesce((SELECT json_agg(json_build_object('businessId', b.id, 'businessName', b.name, 'district', b.district) ORDER BY b.name, b.id)
                          FROM export_group_members m JOIN businesses b ON b.id = m.business_id WHERE m.group_id = g.id), '[]'::json) AS members
         FROM export_groups g LEFT JOIN businesses cb ON cb.id = g.coordinator_business_id
        WHERE (g.created_at >= $1 AND g.created_at < $2) OR (g.updated_at >= $1 AND g.updated_at < $2)
        ORDER BY (g.created_at >= $1) DESC, g.market, g.material, g.name, g.id`,
      [from, to],
      q,
    );
    return { newCandidates, groups };
  }
}
