import { MigrationInterface, QueryRunner } from 'typeorm';

/** Approximate yearly mean IDR per unit (Bank Indonesia / Kurs Pajak levels), interpolated monthly for the seed. */
const RATE_ANCHORS: Record<string, { minor: number; name: string; years: number[] }> = {
  USD: { minor: 2, name: 'US dollar', years: [14580, 14310, 14850, 15240, 15850, 16400, 16700] },
  MYR: { minor: 2, name: 'Malaysian ringgit', years: [3470, 3450, 3380, 3350, 3460, 3750, 3950] },
  CNY: { minor: 2, name: 'Chinese yuan', years: [2110, 2220, 2210, 2150, 2200, 2270, 2330] },
  SGD: { minor: 2, name: 'Singapore dollar', years: [10570, 10650, 10770, 11340, 11850, 12550, 12900] },
  EUR: { minor: 2, name: 'Euro', years: [16630, 16920, 15630, 16480, 17150, 18700, 19300] },
  AUD: { minor: 2, name: 'Australian dollar', years: [10050, 10750, 10300, 10120, 10450, 10500, 10900] },
  GBP: { minor: 2, name: 'Pound sterling', years: [18700, 19680, 18320, 18950, 20250, 21800, 22300] },
  HKD: { minor: 2, name: 'Hong Kong dollar', years: [1880, 1840, 1900, 1950, 2030, 2110, 2140] },
  SAR: { minor: 2, name: 'Saudi riyal', years: [3890, 3815, 3955, 4060, 4225, 4370, 4450] },
  BND: { minor: 2, name: 'Brunei dollar', years: [10570, 10650, 10770, 11340, 11850, 12550, 12900] },
  TWD: { minor: 2, name: 'New Taiwan dollar', years: [494, 512, 500, 490, 494, 515, 530] },
  JPY: { minor: 0, name: 'Japanese yen', years: [136.5, 130.4, 113.2, 108.6, 104.8, 109.5, 110.2] },
  KRW: { minor: 0, name: 'South Korean won', years: [12.4, 12.5, 11.5, 11.7, 11.6, 11.5, 11.8] },
};
const FIRST_YEAR = 2020;

function monthlySeed(): string[] {
  const rows: string[] = [`('IDR', '2000-01-01', 1, 'seed')`];
  for (const [code, { years }] of Object.entries(RATE_ANCHORS)) {
    for (let y = 0; y < years.length; y++) {
      for (let m = 0; m < 12; m++) {
        // anchors sit mid-year; interpolate linearly towards the neighbouring year
        const pos = y + (m - 6) / 12;
        const lo = Math.max(0, Math.min(years.length - 1, Math.floor(pos)));
        const hi = Math.min(years.length - 1, lo + 1);
        const frac = Math.max(0, Math.min(1, pos - lo));
        const rate = years[lo] + (years[hi] - years[lo]) * frac;
        const month = `${FIRST_YEAR + y}-${String(m + 1).padStart(2, '0')}-01`;
        rows.push(`('${code}', '${month}', ${rate.toFixed(4)}, 'seed')`);
      }
    }
  }
  return rows;
}

export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE businesses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        district text NOT NULL,
        owner_name text,
        email text,
        phone text,
        nib text,
        has_customs_access boolean NOT NULL DEFAULT false,
        materials text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX businesses_name ON businesses (lower(name), id);

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key_hash bytea NOT NULL UNIQUE,
        prefix text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'officer', 'business')),
        business_id uuid REFERENCES businesses (id) ON DELETE CASCADE,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CHECK ((role = 'business') = (business_id IS NOT NULL))
      );

      CREATE TABLE currencies (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
        minor_units smallint NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
        name text NOT NULL
      );

      CREATE TABLE exchange_rates (
        currency text NOT NULL REFERENCES currencies (code),
        valid_from date NOT NULL,
        idr_per_unit numeric(20, 8) NOT NULL CHECK (idr_per_unit > 0),
        source text NOT NULL DEFAULT 'manual',
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        PRIMARY KEY (currency, valid_from)
      );

      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        external_ref text,
        ordered_at timestamptz NOT NULL,
        ordered_on date NOT NULL,
        destination_country text NOT NULL CHECK (destination_country ~ '^[A-Z]{2}$'),
        buyer_ref text NOT NULL,
        buyer_key text NOT NULL,
        product_category text NOT NULL,
        material text NOT NULL,
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        value_idr bigint NOT NULL,
        shipping_channel text NOT NULL,
        weight_kg numeric(10, 3),
        hs_code text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        voided_at timestamptz,
        voided_by text,
        void_reason text
      );
      CREATE UNIQUE INDEX orders_business_external_ref ON orders (business_id, external_ref) WHERE external_ref IS NOT NULL;
      CREATE INDEX orders_business_ordered ON orders (business_id, ordered_at DESC, id DESC);
      CREATE INDEX orders_ordered ON orders (ordered_at DESC, id DESC);
      CREATE INDEX orders_currency_day ON orders (currency, ordered_on);

      CREATE TABLE order_imports (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        rows_processed integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        bytes_read bigint NOT NULL DEFAULT 0,
        error text,
        created_by text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id);

      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

      -- Jobs are written here in the same transaction as the change that needs them, then relayed
      -- to BullMQ; Postgres stays the source of truth when Redis is briefly away.
      CREATE TABLE job_outbox (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        payload jsonb NOT NULL,
        job_id text NOT NULL,
        delay_ms integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX job_outbox_pending ON job_outbox (id) WHERE dispatched_at IS NULL;
    `);
    await q.query(
      `INSERT INTO currencies (code, minor_units, name) VALUES ('IDR', 2, 'Indonesian rupiah'), ${Object.entries(RATE_ANCHORS)
        .map(([code, a]) => `('${code}', ${a.minor}, '${a.name}')`)
        .join(', ')}`,
    );
    await q.query(`INSERT INTO exchange_rates (currency, valid_from, idr_per_unit, source) VALUES ${monthlySeed().join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE job_outbox; DROP TABLE audit_log; DROP FUNCTION audit_log_append_only();
      DROP TABLE order_imports; DROP TABLE orders; DROP TABLE exchange_rates; DROP TABLE currencies;
      DROP TABLE api_keys; DROP TABLE businesses;
    `);
  }
}
