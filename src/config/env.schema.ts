import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export const ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof ROLES)[number];

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/**
 * The one environment schema. Every variable the service reads is declared here with its default;
 * a wrong value stops start-up with a message naming the variable.
 */
export class Env {
  @IsIn(ROLES as unknown as string[])
  ROLE: ProcessRole = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_]+(\?.*)?$/, { message: 'DATABASE_URL must look like postgres://user@host:port/dbname' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/siap_ekspor';

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Where BullMQ keeps its queues: Redis (default) or BullMQ 6's PostgreSQL backend (schema `bullmq`). */
  @IsIn(['redis', 'postgres'])
  QUEUE_BACKEND: 'redis' | 'postgres' = 'redis';

  /** Database for the PostgreSQL queue backend (default: DATABASE_URL). */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'QUEUE_DATABASE_URL must start with postgres://' })
  QUEUE_DATABASE_URL?: string;

  /** Key prefix of every BullMQ queue; tests give each suite its own. */
  @IsString()
  @Matches(/^[A-Za-z0-9_:{}-]{1,64}$/, { message: 'QUEUE_PREFIX may hold letters, digits and _ : { } - (1 to 64)' })
  QUEUE_PREFIX = 'siap';

  @IsOptional()
  @IsString()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(1)
  MAIL_FROM = 'Siap Ekspor <no-reply@siap-ekspor.local>';

  /** Where emails go when SMTP_URL is unset (.eml files). */
  @IsString()
  @MinLength(1)
  OUTBOX_DIR = 'outbox';

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  /** Secret for keyed hashes (buyer pseudonyms) and signed links. Set it in production. */
  @IsString()
  @MinLength(16, { message: 'APP_SECRET must be at least 16 characters' })
  APP_SECRET = 'dev-only-secret-change-me-please';

  /**
   * Tests and demos only: the process's clock starts at this instant (ISO 8601 with a zone, e.g.
   * 2026-11-25T03:00:00Z) and runs on from there. Unset: the system clock.
   */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'CLOCK_START must be an ISO 8601 instant, e.g. 2026-11-25T03:00:00Z' })
  CLOCK_START?: string;

  /** The base of every link in emails (digests, invitations). Unset: http://localhost:<PORT>. */
  @IsString()
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, {
    message: 'PUBLIC_BASE_URL must be an http:// or https:// address without query or fragment, e.g. https://siap.rembangkab.go.id',
  })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 8;

  /** Businesses per weekly-run job: each chunk is evaluated set-wise in one transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5000)
  WATCH_CHUNK_SIZE = 250;

  /** Weekly runs follow what changed since the previous run (false: every run recomputes every business). */
  @Transform(toBool)
  @IsBoolean()
  WATCH_INCREMENTAL = true;

  /** Weeks a replay computes from one pass over the orders (more: fewer passes, more held in memory per chunk of businesses). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(104)
  REPLAY_SEGMENT_WEEKS = 26;

  /** Register the weekly schedule (Monday 06:00 WIB) on worker start. */
  @Transform(toBool)
  @IsBoolean()
  SCHEDULER_ENABLED = true;

  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  // ---- operations: metrics, queue board, Redis topology, worker concurrency, data retention ----

  /** Serve /metrics on this separate port (no auth: keep it on a private network). Unset: /metrics on PORT, protected. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** Bearer token accepted on /metrics (besides admin keys) when METRICS_PORT is unset. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Bull Board at /admin/queues for admins (API key or signed-in admin). */
  @Transform(toBool)
  @IsBoolean()
  QUEUE_BOARD_ENABLED = true;

  /** Redis Sentinel: comma-separated host:port list; with REDIS_SENTINEL_NAME (the master group). Overrides REDIS_URL's host. */
  @IsOptional()
  @IsString()
  @Matches(/^[^,:\s]+:\d+(,[^,:\s]+:\d+)*$/, { message: 'REDIS_SENTINELS must be host:port[,host:port…]' })
  REDIS_SENTINELS?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  REDIS_SENTINEL_NAME?: string;

  /** Redis Cluster: comma-separated host:port seed nodes. QUEUE_PREFIX must then hold a hash tag, e.g. {siap}. */
  @IsOptional()
  @IsString()
  @Matches(/^[^,:\s]+:\d+(,[^,:\s]+:\d+)*$/, { message: 'REDIS_CLUSTER_NODES must be host:port[,host:port…]' })
  REDIS_CLUSTER_NODES?: string;

  /** Per-queue concurrency per worker process (default WORKER_CONCURRENCY). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY_MAINTENANCE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY_WATCH?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY_REPORTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY_DELIVERY?: number;

  /** Voided orders older than this many days (by void date) are deleted by the daily retention job; 0 keeps them. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_VOIDED_ORDERS_DAYS = 730;

  /** Webhook attempts/deliveries and digest deliveries older than this many days are deleted daily; 0 keeps them. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_DELIVERY_LOG_DAYS = 180;

  // ---- reliability and security: rate limits, timeouts, job locks, shutdown, retries and recovery ----

  /** API requests per RATE_LIMIT_WINDOW_MS per API key (per client address without one) on /api/v1; 0 disables. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RATE_LIMIT_API_MAX = 3000;

  /** Sign-in and password-reset form posts per RATE_LIMIT_WINDOW_MS per client address; 0 disables. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RATE_LIMIT_LOGIN_MAX = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  RATE_LIMIT_WINDOW_MS = 60_000;

  /** A request's headers must arrive within this (node headersTimeout): slow-header clients are cut off. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** The whole request (headers and body) must arrive within this (node requestTimeout); 0 disables. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 300_000;

  /** Body read timeout: in every window of this length a request body must bring HTTP_BODY_MIN_BYTES. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_BODY_TIMEOUT_MS = 10_000;

  /** Bytes a request body must bring per HTTP_BODY_TIMEOUT_MS (a minimum rate, so large slow uploads pass); 0 disables. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  HTTP_BODY_MIN_BYTES = 1024;

  /** BullMQ job lock: the active jobs of a killed worker are handed to another worker after about this long. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  JOB_LOCK_MS = 30_000;

  /** How long a digest send holds its delivery row: a crashed sender's row is retried after this. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  DIGEST_SEND_LEASE_MS = 300_000;

  /** After SIGTERM/SIGINT: the process exits 0 once closed, or 1 if closing takes longer than this. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 25_000;

  /** On shutdown, how long workers wait for their active jobs before handing them back (via the job lock). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  WORKER_CLOSE_GRACE_MS = 10_000;

  /** How often each worker re-creates digest send jobs the queue lost (Redis flushed or restarted empty). */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(3_600_000)
  DIGEST_RECOVERY_MS = 60_000;

  /** Delay before a digest's 2nd SMTP attempt; doubles after each failure (capped at 1 h). Tests shorten it. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DIGEST_RETRY_BASE_MS = 60_000;

  /** Delay before a webhook delivery's 2nd attempt; doubles after each failure (capped at 6 h). Tests shorten it. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(21_600_000)
  WEBHOOK_RETRY_BASE_MS = 30_000;

  /** How often each worker re-creates webhook fan-out and delivery jobs the queue lost (Redis flushed or restarted empty). */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(3_600_000)
  WEBHOOK_RECOVERY_MS = 60_000;

  /** Per-request timeout of a webhook delivery. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Hosts (as written in a webhook url), IP addresses or CIDRs that webhooks may reach although they
   * are loopback, private, link-local or unspecified. Comma-separated; empty: public addresses only.
   */
  @IsString()
  WEBHOOK_ALLOWED_HOSTS = '';
}
