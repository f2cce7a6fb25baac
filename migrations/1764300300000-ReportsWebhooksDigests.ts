import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly list snapshots (frozen once published), webhook endpoints and their delivery log, digest
 * subscriptions and digest deliveries. Every "send" has a row with a unique key written before the
 * send, so retries, restarts and re-published weeks never double anything.
 */
export class ReportsWebhooksDigests1764300300000 implements MigrationInterface {
  name = 'ReportsWebhooksDigests1764300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE weekly_reports (
        week text PRIMARY KEY,
        week_start date NOT NULL,
        week_end date NOT NULL,
        schema_version integer NOT NULL,
        rule_set_version integer,
        run_id uuid,
        previous_week text,
        published_at timestamptz NOT NULL,
        items jsonb NOT NULL,
        counts jsonb NOT NULL
      );

      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        description text,
        contact_email text,
        -- secrets are encrypted with a key derived from APP_SECRET (they must stay usable for signing)
        secret_enc text NOT NULL,
        previous_secret_enc text,
        previous_secret_expires_at timestamptz,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        disabled_at timestamptz,
        disabled_reason text,
        consecutive_failures integer NOT NULL DEFAULT 0,
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        deleted_at timestamptz
      );

      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES domain_events (id),
        event_type text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        -- bumped by manual redeliveries so each gets its own deterministic job id
        round integer NOT NULL DEFAULT 1,
        locked_until timestamptz,
        next_attempt_at timestamptz,
        last_status_code integer,
        last_latency_ms integer,
        last_error text,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        UNIQUE (endpoint_id, event_id)
      );
      CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

      CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL,
        round integer NOT NULL,
        attempt integer NOT NULL,
        at timestamptz NOT NULL,
        status_code integer,
        latency_ms integer NOT NULL,
        ok boolean NOT NULL,
        error text
      );
      CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

      CREATE TABLE digest_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text,
        locale text NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en')),
        districts text[] NOT NULL DEFAULT '{}',
        markets text[] NOT NULL DEFAULT '{}',
        materials text[] NOT NULL DEFAULT '{}',
        kinds text[] NOT NULL DEFAULT '{}',
        cadence text NOT NULL DEFAULT 'weekly' CHECK (cadence IN ('weekly', 'daily')),
        send_at text NOT NULL DEFAULT '07:00',
        time_zone text NOT NULL DEFAULT 'Asia/Jakarta',
        send_when_empty boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        created_by text,
        unsubscribed_at timestamptz,
        deleted_at timestamptz
      );

      -- One row per recipient and period, written before the send: the unique key is the guarantee.
      CREATE TABLE digest_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('digest', 'business_notice')),
        recipient_key text NOT NULL,
        period text NOT NULL,
        subscription_id uuid REFERENCES digest_subscriptions (id) ON DELETE SET NULL,
        business_id uuid,
        flag_id uuid,
        email text NOT NULL,
        locale text NOT NULL,
        week text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        next_attempt_at timestamptz,
        last_error text,
        message_id text,
        scheduled_for timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        UNIQUE (kind, recipient_key, period)
      );
      CREATE INDEX digest_deliveries_week ON digest_deliveries (week, created_at);

      CREATE TABLE digest_settings (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        business_notices_enabled boolean NOT NULL DEFAULT false,
        updated_at timestamptz,
        updated_by text
      );
      INSERT INTO digest_settings (id) VALUES (true);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE digest_settings; DROP TABLE digest_deliveries; DROP TABLE digest_subscriptions;
      DROP TABLE webhook_attempts; DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints;
      DROP TABLE weekly_reports;
    `);
  }
}
