import { MigrationInterface, QueryRunner } from 'typeorm';
import { PAPERWORK_V1, RULE_SET_V1 } from './seed/1764300200000-VolumeWatch.seed';

/**
 * Volume watch and flags: versioned rule sets, the paperwork catalog, watch runs (tracked in
 * Postgres so a lost Redis job can be re-enqueued), weekly rollups of orders, flags (episodes),
 * their evaluations and history.
 *
 * Rollups are keyed by "bucket": the part of one ISO week (WIB) that lies in one calendar month,
 * so weekly and monthly windows are both exact sums of buckets. A statement-level trigger on
 * orders marks touched buckets dirty; the evaluator recomputes only dirty buckets, so a weekly
 * run's cost grows with businesses, not with history.
 */
export class VolumeWatch1764300200000 implements MigrationInterface {
  name = 'VolumeWatch1764300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rule_sets (
        version integer PRIMARY KEY CHECK (version > 0),
        params jsonb NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL DEFAULT 'system'
      );
      CREATE FUNCTION rule_sets_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'rule set versions are immutable; publish a new version';
      END $$;
      CREATE TRIGGER rule_sets_no_change BEFORE UPDATE OR DELETE ON rule_sets
        FOR EACH ROW EXECUTE FUNCTION rule_sets_immutable();

      CREATE TABLE paperwork_catalog (
        code text PRIMARY KEY,
        title_id text NOT NULL,
        title_en text NOT NULL,
        issuer text NOT NULL,
        reason_id text NOT NULL,
        reason_en text NOT NULL,
        applies jsonb NOT NULL DEFAULT '{}',
        sort_order integer NOT NULL DEFAULT 100,
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL DEFAULT 'system'
      );

      CREATE TABLE watch_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        as_of date NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        trigger text NOT NULL DEFAULT 'manual' CHECK (trigger IN ('manual', 'schedule', 'catch_up')),
        rule_set_version integer REFERENCES rule_sets (version),
        businesses_total integer NOT NULL DEFAULT 0,
        businesses_evaluated integer NOT NULL DEFAULT 0,
        businesses_failed integer NOT NULL DEFAULT 0,
        flags_raised integer NOT NULL DEFAULT 0,
        flags_resolved integer NOT NULL DEFAULT 0,
        error text,
        created_by text NOT NULL DEFAULT 'system',
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX watch_runs_status ON watch_runs (status, as_of);

      -- one row per business of a run: the Postgres record of the fan-out (recovery + live counts)
      CREATE TABLE watch_run_items (
        run_id uuid NOT NULL REFERENCES watch_runs (id) ON DELETE CASCADE,
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        flags_raised integer NOT NULL DEFAULT 0,
        flags_resolved integer NOT NULL DEFAULT 0,
        error text,
        finished_at timestamptz,
        PRIMARY KEY (run_id, business_id)
      );
      CREATE INDEX watch_run_items_pending ON watch_run_items (run_id) WHERE status = 'pending';

      CREATE TABLE watch_replays (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_date date NOT NULL,
        to_date date NOT NULL,
        rule_set jsonb NOT NULL,
        rule_set_version integer,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        weeks_total integer NOT NULL DEFAULT 0,
        weeks_done integer NOT NULL DEFAULT 0,
        result jsonb NOT NULL DEFAULT '[]',
        error text,
        created_by text NOT NULL DEFAULT 'system',
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );

      -- bucket = the part of an ISO week (Monday start) that lies in one calendar month
      CREATE FUNCTION watch_bucket(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT greatest(date_trunc('week', d::timestamp), date_trunc('month', d::timestamp))::date
      $$;

      CREATE TABLE watch_rollups (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market char(2) NOT NULL,
        bucket_start date NOT NULL,
        week_start date NOT NULL,
        month_start date NOT NULL,
        orders integer NOT NULL,
        value_idr bigint NOT NULL,
        max_weight_kg numeric(10, 3),
        wildlife_orders integer NOT NULL DEFAULT 0,
        cn_over_limit integer NOT NULL DEFAULT 0,
        materials text[] NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        last_on date NOT NULL,
        PRIMARY KEY (business_id, bucket_start, market)
      );

      CREATE TABLE watch_rollup_buyers (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market char(2) NOT NULL,
        bucket_start date NOT NULL,
        week_start date NOT NULL,
        buyer_key text NOT NULL,
        orders integer NOT NULL,
        PRIMARY KEY (business_id, bucket_start, market, buyer_key)
      );

      CREATE TABLE watch_rollup_dirty (
        business_id uuid NOT NULL,
        bucket_start date NOT NULL,
        PRIMARY KEY (business_id, bucket_start)
      );

      CREATE INDEX watch_orders_business_day ON orders (business_id, ordered_on);

      CREATE FUNCTION watch_mark_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO watch_rollup_dirty (business_id, bucket_start)
          SELECT DISTINCT business_id, watch_bucket(ordered_on) FROM new_rows ORDER BY 1, 2
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE FUNCTION watch_mark_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO watch_rollup_dirty (business_id, bucket_start)
          SELECT DISTINCT business_id, watch_bucket(ordered_on) FROM old_rows ORDER BY 1, 2
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE TRIGGER orders_watch_dirty_ins AFTER INSERT ON orders
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION watch_mark_dirty_new();
      CREATE TRIGGER orders_watch_dirty_upd_new AFTER UPDATE ON orders
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION watch_mark_dirty_new();
      CREATE TRIGGER orders_watch_dirty_upd_old AFTER UPDATE ON orders
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION watch_mark_dirty_old();
      CREATE TRIGGER orders_watch_dirty_del AFTER DELETE ON orders
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION watch_mark_dirty_old();

      INSERT INTO watch_rollup_dirty (business_id, bucket_start)
        SELECT DISTINCT business_id, watch_bucket(ordered_on) FROM orders ON CONFLICT DO NOTHING;

      CREATE TABLE flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market char(2) NOT NULL,
        kind text NOT NULL CHECK (kind IN ('readiness', 'compliance')),
        status text NOT NULL DEFAULT 'open'
          CHECK (status IN ('open', 'in_review', 'paperwork_in_progress', 'formal_exporter', 'dismissed', 'resolved')),
        raised_on date NOT NULL,
        resolved_on date,
        last_evaluated_on date NOT NULL,
        score numeric(6, 2) NOT NULL DEFAULT 0,
        rule_set_version integer NOT NULL REFERENCES rule_sets (version),
        reasons jsonb NOT NULL DEFAULT '[]',
        signals jsonb NOT NULL DEFAULT '{}',
        checklist jsonb NOT NULL DEFAULT '[]',
        series jsonb NOT NULL DEFAULT '[]',
        evidence_order_ids uuid[] NOT NULL DEFAULT '{}',
        snoozed_until date,
        exit_streak integer NOT NULL DEFAULT 0,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'resolved') = (resolved_on IS NOT NULL))
      );
      -- one episode at a time: formal_exporter / dismissed also hold the slot until staff reopen
      CREATE UNIQUE INDEX flags_one_unresolved ON flags (business_id, market, kind) WHERE status <> 'resolved';
      CREATE INDEX flags_status ON flags (status, raised_on DESC);
      CREATE INDEX flags_business ON flags (business_id, market, kind, raised_on DESC);

      CREATE TABLE flag_evaluations (
        id bigserial PRIMARY KEY,
        run_id uuid REFERENCES watch_runs (id) ON DELETE SET NULL,
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        market char(2) NOT NULL,
        kind text NOT NULL CHECK (kind IN ('readiness', 'compliance')),
        as_of date NOT NULL,
        rule_set_version integer NOT NULL REFERENCES rule_sets (version),
        decision text NOT NULL,
        score numeric(6, 2) NOT NULL,
        signals jsonb NOT NULL,
        metrics jsonb NOT NULL,
        flag_id uuid REFERENCES flags (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, market, kind, as_of)
      );
      CREATE INDEX flag_evaluations_as_of ON flag_evaluations (as_of, business_id);
      CREATE INDEX flag_evaluations_flag ON flag_evaluations (flag_id, as_of);

      CREATE TABLE flag_events (
        id bigserial PRIMARY KEY,
        flag_id uuid NOT NULL REFERENCES flags (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL CHECK (type IN ('raised', 'evaluated', 'resolved', 'status_changed', 'snoozed')),
        actor text NOT NULL,
        note text,
        from_status text,
        to_status text,
        as_of date,
        run_id uuid,
        decision text,
        score numeric(6, 2),
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX flag_events_flag ON flag_events (flag_id, id);
    `);
    await q.query('INSERT INTO rule_sets (version, params, note) VALUES (1, $1, $2)', [
      JSON.stringify(RULE_SET_V1),
      'v1: 3K defaults (continuity, quantity, quality of buyers) from DOMAIN.md',
    ]);
    for (const p of PAPERWORK_V1) {
      await q.query(
        `INSERT INTO paperwork_catalog (code, title_id, title_en, issuer, reason_id, reason_en, applies, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [p.code, p.title.id, p.title.en, p.issuer, p.reason.id, p.reason.en, JSON.stringify(p.applies), p.sortOrder],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE flag_events; DROP TABLE flag_evaluations; DROP TABLE flags;
      DROP TRIGGER orders_watch_dirty_ins ON orders; DROP TRIGGER orders_watch_dirty_upd_new ON orders;
      DROP TRIGGER orders_watch_dirty_upd_old ON orders; DROP TRIGGER orders_watch_dirty_del ON orders;
      DROP FUNCTION watch_mark_dirty_new(); DROP FUNCTION watch_mark_dirty_old();
      DROP INDEX watch_orders_business_day;
      DROP TABLE watch_rollup_dirty; DROP TABLE watch_rollup_buyers; DROP TABLE watch_rollups; DROP FUNCTION watch_bucket(date);
      DROP TABLE watch_replays; DROP TABLE watch_run_items; DROP TABLE watch_runs;
      DROP TABLE paperwork_catalog; DROP TABLE rule_sets; DROP FUNCTION rule_sets_immutable();
    `);
  }
}
