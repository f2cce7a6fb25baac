import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

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

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString() @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_]+(\?.*)?$/, { message: 'DATABASE_URL must look like postgres://user@host:port/dbname' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/siap_ekspor';

  @Transform(toInt) @IsInt() @Min(2) @Max(200)
  DATABASE_POOL_SIZE = 20;

  @IsString() @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Where BullMQ keeps its queues: Redis (default) or BullMQ 6's PostgreSQL backend (schema `bullmq`). */
  @IsIn(['redis', 'postgres'])
  QUEUE_BACKEND: 'redis' | 'postgres' = 'redis';

  /** Database for the PostgreSQL queue backend (default: DATABASE_URL). */
  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'QUEUE_DATABASE_URL must start with postgres://' })
  QUEUE_DATABASE_URL?: string;

  /** Key prefix of every BullMQ queue; tests give each suite its own. */
  @IsString() @Matches(/^[A-Za-z0-9_:{}-]{1,64}$/, { message: 'QUEUE_PREFIX may hold letters, digits and _ : { } - (1 to 64)' })
  QUEUE_PREFIX = 'siap';

  @IsOptional() @IsString() @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  SMTP_URL?: string;

  @IsString() @MinLength(1)
  MAIL_FROM = 'Siap Ekspor <no-reply@siap-ekspor.local>';

  /** Where emails go when SMTP_URL is unset (.eml files). */
  @IsString() @MinLength(1)
  OUTBOX_DIR = 'outbox';

  @IsOptional() @IsString() @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  /** Secret for keyed hashes (buyer pseudonyms) and signed links. Set it in production. */
  @IsString() @MinLength(16, { message: 'APP_SECRET must be at least 16 characters' })
  APP_SECRET = 'dev-only-secret-change-me-please';

  @IsString() @Matches(/^https?:\/\//, { message: 'PUBLIC_BASE_URL must start with http:// or https://' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  WORKER_CONCURRENCY = 8;

  /** Register the weekly schedule (Monday 06:00 WIB) on worker start. */
  @Transform(toBool) @IsBoolean()
  SCHEDULER_ENABLED = true;

  @Transform(toBool) @IsBoolean()
  RUN_MIGRATIONS = true;
}

export function validateEnv(raw: Record<string, unknown>): Env {
  const known = Object.keys(new Env()).concat(['SMTP_URL', 'ADMIN_API_KEY', 'QUEUE_DATABASE_URL']);
  const picked: Record<string, unknown> = {};
  for (const k of known) if (raw[k] !== undefined && raw[k] !== '') picked[k] = raw[k];
  const env = plainToInstance(Env, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid environment configuration:\n  ${lines.join('\n  ')}`);
  }
  return env;
}
