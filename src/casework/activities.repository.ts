import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import { Activity, ActivityType, Programme } from './casework.types';

interface ActivityRow {
  id: string;
  business_id: string;
  business_name: string;
  district: string;
  type: ActivityType;
  on_date: string;
  note: string | null;
  programme: Programme | null;
  flag_id: string | null;
  due_on: string | null;
  done_on: string | null;
  outcome: string | null;
  graduated: boolean;
  auto_key: string | null;
  created_at: Date;
  created_by: string;
}

const COLUMNS = `a.id, a.business_id, b.name AS business_name, b.district, a.type, a.on_date::text, a.note, a.programme, a.flag_id,
  a.due_on::text, a.done_on::text, a.outcome, a.graduated, a.auto_key, a.created_at, a.created_by`;

export function toActivity(r: ActivityRow): Activity {
  return {
    id: r.id,
    businessId: r.business_id,
    businessName: r.business_name,
    district: r.district,
    type: r.type,
    on: r.on_date,
    note: r.note,
    programme: r.programme,
    flagId: r.flag_id,
    dueOn: r.due_on,
    doneOn: r.done_on,
    outcome: r.outcome,
    graduated: r.graduated,
    autoReason: r.auto_key,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
  };
}

export interface NewActivity {
  businessId: string;
  type: ActivityType;
  on: string;
  note?: string;
  programme?: Programme;
  flagId?: string;
  dueOn?: string;
  createdBy: string;
}

/** Activities and follow-ups: the only place their SQL lives. */
@Injectable()
export class ActivitiesRepository {
  constructor(private readonly db: Db) {}

  async insert(a: NewActivity, q?: Queryable): Promise<Activity> {
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO activities (business_id, type, on_date, note, programme, flag_id, due_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [a.businessId, a.type, a.on, a.note ?? null, a.programme ?? null, a.flagId ?? null, a.dueOn ?? null, a.createdBy],
      q,
    );
    return (await this.findById(row!.id, q))!;
  }

  async findById(id: string, q?: Queryable): Promise<Activity | undefined> {
    const r = await this.db.one<ActivityRow>(`SELECT ${COLUMNS} FROM activities a JOIN businesses b ON b.id = a.business_id WHERE a.id = $1`, [id], q);
    return r && toActivity(r);
  }

  async listForBusiness(businessId: string, limit: number): Promise<Activity[]> {
    const rows = await this.db.many<ActivityRow>(
      `SELECT ${COLUMNS} FROM activities a JOIN businesses b ON b.id = a.business_id
        WHERE a.business_id = $1 ORDER BY a.on_date DESC, a.created_at DESC, a.id DESC LIMIT $2`,
      [businessId, limit],
    );
    return rows.map(toActivity);
  }

  /** Follow-ups not done whose due day falls in [from, to] (from null: any day up to `to`), by due day. */
  async due(range: { from: string | null; to: string }, districts: string[] | null, limit: number): Promise<Activity[]> {
    const rows = await this.db.many<ActivityRow>(
      `SELECT ${COLUMNS} FROM activities a JOIN businesses b ON b.id = a.business_id
        WHERE a.done_on IS NULL AND a.due_on IS NOT NULL AND a.due_on <= $2::date AND ($1::date IS NULL OR a.due_on >= $1::date)
          AND ($3::text[] IS NULL OR b.district = ANY($3))
        ORDER BY a.due_on, b.name, a.id LIMIT $4`,
      [range.from, range.to, districts, limit],
    );
    return rows.map(toActivity);
  }

  /**
   * The overdue follow-ups an officer sees at the top of every page, in one indexed count
   * (activities_due): staff accounts have no kecamatan of their own, so the scope is the kecamatan
   * of the officer's digest subscriptions (matched by email, as the digest filters them); no
   * subscription, or one without a kecamatan filter, means the whole regency (`districts` null).
   */
  async overdueFor(email: string, before: string): Promise<{ count: number; districts: string[] | null }> {
    const r = await this.db.one<{ count: number; districts: string[] | null }>(
      `WITH subs AS (
         SELECT districts FROM digest_subscriptions WHERE lower(email) = lower($1) AND deleted_at IS NULL AND unsubscribed_at IS NULL
       ), scope AS (
         SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM subs) OR EXISTS (SELECT 1 FROM subs WHERE districts = '{}') THEN NULL
                     ELSE (SELECT array_agg(DISTINCT d ORDER BY d) FROM subs, unnest(subs.districts) d) END AS districts
       )
       SELECT (SELECT count(*)::int FROM activities a JOIN businesses b ON b.id = a.business_id
                WHERE a.done_on IS NULL AND a.due_on IS NOT NULL AND a.due_on < $2::date
                  AND (s.districts IS NULL OR b.district = ANY(s.districts))) AS count, s.districts
         FROM scope s`,
      [email, before],
    );
    return { count: r?.count ?? 0, districts: r?.districts ?? null };
  }

  async update(id: string, patch: { doneOn?: string; outcome?: string; dueOn?: string; graduated?: boolean }, q?: Queryable): Promise<void> {
    await this.db.exec(
      `UPDATE activities SET done_on = coalesce($2, done_on), outcome = coalesce($3, outcome), due_on = coalesce($4, due_on),
              graduated = coalesce($5, graduated), updated_at = now() WHERE id = $1`,
      [id, patch.doneOn ?? null, patch.outcome ?? null, patch.dueOn ?? null, patch.graduated ?? null],
      q,
    );
  }

  async flagBusiness(flagId: string): Promise<string | undefined> {
    return (await this.db.one<{ business_id: string }>('SELECT business_id FROM flags WHERE id = $1', [flagId]))?.business_id;
  }

  /**
   * The follow-ups the product owes, created set-wise and idempotently (one per business and reason,
   * `auto_key` unique): 3, 6 and 12 months after a business × market first reached a formal rung
   * (a `pathway.rung_changed` event climbing to agent_peb or above from below it) and after a
   * referral or training marked graduated. Returns how many were created.
   */
  async scheduleFollowUps(formalRungs: readonly string[], months: readonly number[], q?: Queryable): Promise<number> {
    return this.db.exec(
      `WITH steps AS (
         SELECT (e.data->>'businessId')::uuid AS business_id, (e.data->>'asOf')::date AS on_date,
                'rung:' || (e.data->>'market') || ':' || (e.data->>'to') || ':' || (e.data->>'asOf') AS reason,
                format('Naik ke %s (pasar %s) pada %s', e.data->>'to', e.data->>'market', e.data->>'asOf') AS note
           FROM domain_events e
          WHERE e.type = 'pathway.rung_changed' AND e.data->>'to' = ANY($1) AND NOT (coalesce(e.data->>'from', 'unrecorded') = ANY($1))
         UNION ALL
         SELECT a.business_id, a.done_on, 'graduated:' || a.id::text, format('Lulus program %s', coalesce(a.programme, 'other'))
           FROM activities a WHERE a.graduated AND a.done_on IS NOT NULL
       )
       INSERT INTO activities (business_id, type, on_date, note, due_on, auto_key, created_by)
       SELECT s.business_id, 'call', s.on_date, s.note || format(' — tindak lanjut %s bulan', m), (s.on_date + make_interval(months => m))::date,
              s.reason || ':' || m || 'm', 'system:casework'
         FROM steps s CROSS JOIN unnest($2::int[]) AS m
         JOIN businesses b ON b.id = s.business_id
       ON CONFLICT (business_id, auto_key) DO NOTHING`,
      [formalRungs, months],
      q,
    );
  }

  async setTarget(year: number, metric: string, target: number, by: string): Promise<void> {
    await this.db.exec(
      `INSERT INTO kpi_targets (year, metric, target, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (year, metric) DO UPDATE SET target = EXCLUDED.target, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [year, metric, target, by],
    );
  }

  async targets(year: number): Promise<Record<string, number>> {
    const rows = await this.db.many<{ metric: string; target: number }>('SELECT metric, target FROM kpi_targets WHERE year = $1', [year]);
    return Object.fromEntries(rows.map((r) => [r.metric, r.target]));
  }
}
