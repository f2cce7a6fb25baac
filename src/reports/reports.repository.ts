import { Injectable } from '@nestjs/common';
import { customsAccess } from '../businesses/businesses.repository';
import type { JointExportWeek } from '../consolidation/consolidation.types';
import type { PoolClient } from 'pg';
import { Db, Queryable } from '../database/db';
import { RungUp, Snapshot, SnapshotItem } from './report.types';
import { ACTIVE_STATUSES, FlagHead, FlagInput } from './snapshot-builder';
import type { ListFilters, SnapshotHead } from './weekly-list.view';

/** One page of a published list under filters (`ReportsRepository.page`). */
export interface ListPage {
  total: number;
  changes: { new: number; continuing: number; resolved: number };
  markets: string[];
  businesses: Array<{ id: string; name: string }>;
  items: SnapshotItem[];
}

/** The rows of one published list, read in batches from a cursor; `close` ends its transaction (safe to call twice). */
export interface ItemCursor {
  /** The next batch in list order; empty once the list is exhausted. */
  next(): Promise<SnapshotItem[]>;
  close(): Promise<void>;
}

interface SnapshotRow {
  week: string;
  week_start: string;
  week_end: string;
  schema_version: number;
  rule_set_version: number | null;
  run_id: string | null;
  previous_week: string | null;
  published_at: Date;
  items: SnapshotItem[];
  rung_ups: RungUp[] | null;
  joint_export: JointExportWeek | null;
  counts: Snapshot['counts'];
}

const toHead = (r: Omit<SnapshotRow, 'items'>): SnapshotHead => ({
  week: r.week,
  weekStart: r.week_start,
  weekEnd: r.week_end,
  schemaVersion: r.schema_version,
  ruleSetVersion: r.rule_set_version,
  runId: r.run_id,
  previousWeek: r.previous_week,
  publishedAt: r.published_at,
  rungUps: r.rung_ups ?? [],
  jointExport: r.joint_export,
  counts: r.counts,
});

const toSnapshot = (r: SnapshotRow): Snapshot => ({ ...toHead(r), items: r.items });

/** The staged batches of a list being published, concatenated in order into one jsonb array. */
const STAGED_LIST = (col: 'items' | 'items_id') =>
  `coalesce((SELECT ('[' || string_agg(${col}, ',' ORDER BY batch) || ']')::jsonb FROM publish_items), '[]'::jsonb)`;

const HEAD_COLS = `week, week_start::text AS week_start, week_end::text AS week_end, schema_version, rule_set_version, run_id, previous_week, published_at,
  rung_ups, joint_export, counts`;
const COLS = `${HEAD_COLS}, items`;

function itemCursor(client: PoolClient, batchSize: number, close: (failed?: boolean) => Promise<void>): ItemCursor {
  let done = false;
  return {
    async next() {
      if (done) return [];
      try {
        const { rows } = await client.query<{ item: SnapshotItem }>(`FETCH FORWARD ${Math.max(1, Math.floor(batchSize))} FROM weekly_list_items`);
        if (rows.length === 0) {
          done = true;
          await close();
        }
        return rows.map((r) => r.item);
      } catch (err) {
        done = true;
        await close(true);
        throw err;
      }
    },
    close: () => close(),
  };
}

/** Frozen weekly lists, and the reads of flags / evaluations / runs (the volume watch's tables) that build them. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: Db) {}

  /** The row version of a published week (its xmin: changes whenever the row is rewritten); undefined when not published. */
  async version(week: string): Promise<string | undefined> {
    return (await this.db.one<{ v: string }>('SELECT xmin::text AS v FROM weekly_reports WHERE week = $1', [week]))?.v;
  }

  /** Whether `week` has been published (without reading its list). */
  async isPublished(week: string, q?: Queryable): Promise<boolean> {
    return !!(await this.db.one(`SELECT 1 FROM weekly_reports WHERE week = $1`, [week], q));
  }

  async get(week: string, q?: Queryable): Promise<Snapshot | undefined> {
    const r = await this.db.one<SnapshotRow>(`SELECT ${COLS} FROM weekly_reports WHERE week = $1`, [week], q);
    return r && toSnapshot(r);
  }

  /**
   * A published list without reading its rows: its head (everything but `items`) and a cursor over
   * `jsonb_array_elements(items)` in one REPEATABLE READ READ ONLY transaction, so the head and every
   * batch come from the same row version even if a privacy deletion rewrites it meanwhile. Node then
   * holds one batch, not the whole list. The connection is held until `close` (or the last batch).
   */
  async openList(week: string, batchSize: number): Promise<{ head: SnapshotHead; cursor: ItemCursor } | undefined> {
    const client = await this.db.pool.connect();
    let open = true;
    const close = async (failed = false) => {
      if (!open) return;
      open = false;
      // a connection that cannot even end its transaction (Postgres gone) is dropped, not reused
      let broken: Error | undefined;
      await client.query(failed ? 'ROLLBACK' : 'COMMIT').catch((e: Error) => (broken = e));
      client.release(broken);
    };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const r = await this.db.one<Omit<SnapshotRow, 'items'>>(`SELECT ${HEAD_COLS} FROM weekly_reports WHERE week = $1`, [week], client);
      if (!r) {
        await close();
        return undefined;
      }
      await client.query(
        `DECLARE weekly_list_items NO SCROLL CURSOR FOR
           SELECT x.e AS item FROM weekly_reports w, jsonb_array_elements(w.items) WITH ORDINALITY AS x(e, ord)
            WHERE w.week = $1 ORDER BY x.ord`,
        [week],
      );
      return { head: toHead(r), cursor: itemCursor(client, batchSize, close) };
    } catch (err) {
      await close(true);
      throw err;
    }
  }

  /** A published list's head (everything but its rows); undefined when not published. */
  async head(week: string): Promise<SnapshotHead | undefined> {
    const r = await this.db.one<Omit<SnapshotRow, 'items'>>(`SELECT ${HEAD_COLS} FROM weekly_reports WHERE week = $1`, [week]);
    return r && toHead(r);
  }

  /**
   * One page of a published list under filters, picked out by Postgres (one statement): the page's
   * rows in list order, how many rows match and how many of each change, every market of the
   * list, and the businesses that match (id and name, for reads about all of them). Node holds one
   * page, not the list. The caller checks that the week is published (`head`).
   */
  async page(week: string, f: ListFilters, offset: number, limit: number): Promise<ListPage> {
    return (await this.db.one<ListPage>(
      `WITH x AS (
         SELECT t.e, t.ord FROM weekly_reports w, jsonb_array_elements(w.items) WITH ORDINALITY AS t(e, ord) WHERE w.week = $1
       ), f AS (
         SELECT e, ord FROM x
          WHERE ($2::text IS NULL OR e->>'district' = $2) AND ($3::text IS NULL OR e->>'market' = $3)
            AND ($4::text IS NULL OR e->>'kind' = $4) AND ($5::text IS NULL OR e->>'change' = $5)
       )
       SELECT (SELECT count(*) FROM f)::int AS total,
              json_build_object('new', (SELECT count(*) FROM f WHERE e->>'change' = 'new'),
                                'continuing', (SELECT count(*) FROM f WHERE e->>'change' = 'continuing'),
                                'resolved', (SELECT count(*) FROM f WHERE e->>'change' = 'resolved')) AS changes,
              ARRAY(SELECT DISTINCT e->>'market' FROM x ORDER BY 1) AS markets,
              coalesce((SELECT json_agg(json_build_object('id', b.id, 'name', b.name))
                          FROM (SELECT DISTINCT ON (e->>'businessId') e->>'businessId' AS id, e->>'businessName' AS name FROM f ORDER BY e->>'businessId', ord) b), '[]') AS businesses,
              coalesce((SELECT jsonb_agg(p.e ORDER BY p.ord) FROM (SELECT e, ord FROM f ORDER BY ord OFFSET $6 LIMIT $7) p), '[]') AS items`,
      [week, f.district ?? null, f.market ?? null, f.kind ?? null, f.change ?? null, offset, limit],
    ))!; // a SELECT without FROM: always one row (no rows match when the week is not published)
  }

  /**
   * The list published before `week`: its week and the flags it still showed (every row but the
   * resolved ones), in its order. Postgres picks them out of the stored `items`, so publishing does
   * not parse the whole previous list (85 MB of JSON for 39,000 rows at province size).
   */
  async previousOpenFlags(week: string, q?: Queryable): Promise<{ week: string; flagIds: string[] } | undefined> {
    return this.db.one<{ week: string; flagIds: string[] }>(
      `SELECT r.week,
              ARRAY(SELECT i.item->>'flagId' FROM jsonb_array_elements(r.items) WITH ORDINALITY AS i(item, n)
                     WHERE i.item->>'change' IS DISTINCT FROM 'resolved' ORDER BY i.n) AS "flagIds"
         FROM weekly_reports r WHERE r.week < $1 ORDER BY r.week DESC LIMIT 1`,
      [week],
      q,
    );
  }

  /** The newest published list whose week ended before `beforeDate` (for daily digests). */
  async latestEndingBefore(beforeDate: string, q?: Queryable): Promise<Snapshot | undefined> {
    const r = await this.db.one<SnapshotRow>(`SELECT ${COLS} FROM weekly_reports WHERE week_end < $1 ORDER BY week_end DESC LIMIT 1`, [beforeDate], q);
    return r && toSnapshot(r);
  }

  listWeeks(): Promise<Array<Omit<SnapshotRow, 'items'>>> {
    return this.db
      .many(`SELECT week, week_start::text AS week_start, week_end::text AS week_end, schema_version, rule_set_version, run_id, previous_week, published_at, counts
                           FROM weekly_reports ORDER BY week DESC`);
  }

  /** Inserts a whole snapshot once (fixtures, restores): a second insert of the same week changes nothing. */
  insert(s: Snapshot, q: Queryable): Promise<boolean> {
    return this.insertRow(s, { sql: '$12::jsonb', params: [JSON.stringify(s.items)] }, q);
  }

  /**
   * Inserts week W's row once (a second publication of the same week changes nothing), its `items`
   * assembled by Postgres from the batches `stageItems` wrote: Node never holds the whole list.
   */
  insertStaged(s: SnapshotHead, q: Queryable): Promise<boolean> {
    return this.insertRow(s, { sql: STAGED_LIST('items'), params: [] }, q);
  }

  /** The row of a week: its head as parameters $1–$11, `items` one SQL expression (its parameters from $12). */
  private async insertRow(s: SnapshotHead, items: { sql: string; params: unknown[] }, q: Queryable): Promise<boolean> {
    const n = await this.db.exec(
      `INSERT INTO weekly_reports (week, week_start, week_end, schema_version, rule_set_version, run_id, previous_week, published_at, counts, rung_ups, joint_export, items)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ${items.sql}
       ON CONFLICT (week) DO NOTHING`,
      [
        s.week,
        s.weekStart,
        s.weekEnd,
        s.schemaVersion,
        s.ruleSetVersion,
        s.runId,
        s.previousWeek,
        s.publishedAt,
        JSON.stringify(s.counts),
        JSON.stringify(s.rungUps ?? []),
        s.jointExport ? JSON.stringify(s.jointExport) : null,
        ...items.params,
      ],
      q,
    );
    return n === 1;
  }

  /**
   * Copies the flags that may be rows of week W (every active flag, the flags resolved inside W and
   * the flags on the previous list), each with its business and its latest evaluation metrics up to
   * the week's Sunday, into a table of the transaction: one statement, so one consistent view, and
   * the rows then stay in Postgres until publishing reads them a batch at a time. Returns their heads.
   * Customs access is the documents register's on the week's Sunday, not the stored column, which
   * nothing updates when a customs-access NIB expires.
   */
  async stageFlags(weekStart: string, weekEnd: string, previousIds: string[], q: Queryable): Promise<FlagHead[]> {
    await this.db.exec(
      `CREATE TEMP TABLE publish_flags ON COMMIT DROP AS
       SELECT f.id, f.business_id, b.name AS business_name, b.district, b.materials, b.nib, ${customsAccess(2)} AS has_customs_access,
              f.market, f.kind, f.status, f.raised_on::text AS raised_on, f.resolved_on::text AS resolved_on, f.score,
              f.reasons, f.signals, f.checklist, f.series, ev.metrics, f.rung, f.next_rung
         FROM flags f
         JOIN businesses b ON b.id = f.business_id
         LEFT JOIN LATERAL (
           SELECT e.metrics FROM flag_evaluations e
            WHERE e.business_id = f.business_id AND e.market = f.market AND e.kind = f.kind AND e.as_of <= $2
            ORDER BY e.as_of DESC LIMIT 1
         ) ev ON true
        WHERE f.raised_on <= $2
          AND (f.status = ANY ($4::text[]) OR (f.status = 'resolved' AND f.resolved_on BETWEEN $1 AND $2) OR f.id = ANY ($3::uuid[]))`,
      [weekStart, weekEnd, previousIds, ACTIVE_STATUSES],
      q,
    );
    await this.db.exec(`ALTER TABLE publish_flags ADD PRIMARY KEY (id)`, [], q);
    await this.db.exec(`CREATE TEMP TABLE publish_items (batch integer PRIMARY KEY, items text NOT NULL, items_id text NOT NULL) ON COMMIT DROP`, [], q);
    // read back once, within the transaction: compressing the batches would cost more than it saves
    await this.db.exec(`ALTER TABLE publish_items ALTER items SET STORAGE EXTERNAL, ALTER items_id SET STORAGE EXTERNAL`, [], q);
    return this.db.many<FlagHead>(`SELECT id, status, raised_on, resolved_on, district, business_name, market, kind FROM publish_flags`, [], q);
  }

  /** Staged flags by id (one batch of the list), in no particular order. */
  stagedFlags(ids: string[], q: Queryable): Promise<FlagInput[]> {
    return this.db.many<FlagInput>(`SELECT * FROM publish_flags WHERE id = ANY ($1::uuid[])`, [ids], q);
  }

  /**
   * One batch of the list being published, in list order after the batches staged before it: the
   * stored rows and their Indonesian API shape (the event's). Each batch is kept as JSON text, one row
   * per batch, and parsed once when the list is assembled.
   */
  async stageItems(batch: number, items: SnapshotItem[], itemsId: unknown[], q: Queryable): Promise<void> {
    if (!items.length) return;
    const inner = (v: unknown[]) => JSON.stringify(v).slice(1, -1);
    await this.db.exec(`INSERT INTO publish_items (batch, items, items_id) VALUES ($1, $2, $3)`, [batch, inner(items), inner(itemsId)], q);
  }

  /** `report.published`'s data: the envelope with the staged rows' Indonesian shape as its `items`, assembled by Postgres. */
  publishedEventData(envelope: Record<string, unknown>): { sql: string; params: unknown[] } {
    return {
      sql: `jsonb_set($2::jsonb, '{items}', ${STAGED_LIST('items_id')})`,
      params: [JSON.stringify(envelope)],
    };
  }

  lockWeek(week: string, q: Queryable): Promise<number> {
    return this.db.exec(`SELECT pg_advisory_xact_lock(hashtext('weekly_report:' || $1))`, [week], q);
  }

  completedRun(asOf: string, q?: Queryable): Promise<{ id: string; rule_set_version: number | null } | undefined> {
    return this.db.one(`SELECT id, rule_set_version FROM watch_runs WHERE as_of = $1 AND status = 'completed'`, [asOf], q);
  }
}
