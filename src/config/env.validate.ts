import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { allowedHostProblem, splitAllowedHosts } from '../webhooks/webhook-hosts';
import { Env } from './env.schema';

/** Validation of the raw environment against Env, with the checks that span several variables. */

const OPTIONAL_KEYS = [
  'METRICS_PORT',
  'METRICS_TOKEN',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_NAME',
  'REDIS_CLUSTER_NODES',
  'WORKER_CONCURRENCY_MAINTENANCE',
  'WORKER_CONCURRENCY_WATCH',
  'WORKER_CONCURRENCY_REPORTS',
  'WORKER_CONCURRENCY_DELIVERY',
];

export function validateEnv(raw: Record<string, unknown>): Env {
  const known = Object.keys(new Env()).concat(['SMTP_URL', 'ADMIN_API_KEY', 'QUEUE_DATABASE_URL'], OPTIONAL_KEYS);
  const picked: Record<string, unknown> = {};
  for (const k of known) if (raw[k] !== undefined && raw[k] !== '') picked[k] = raw[k];
  const env = plainToInstance(Env, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid environment configuration:\n  ${lines.join('\n  ')}`);
  }
  if (picked.PUBLIC_BASE_URL === undefined) env.PUBLIC_BASE_URL = `http://localhost:${env.PORT}`;
  const cross: string[] = [];
  if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME) cross.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master group name)');
  if (env.REDIS_SENTINELS && env.REDIS_CLUSTER_NODES) cross.push('REDIS_CLUSTER_NODES: set either REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both');
  if (env.REDIS_CLUSTER_NODES && !/\{[^}]+\}/.test(env.QUEUE_PREFIX))
    cross.push("QUEUE_PREFIX: on Redis Cluster it must hold a hash tag, e.g. {siap}, so each queue's keys share a slot");
  if (env.HTTP_REQUEST_TIMEOUT_MS && env.HTTP_REQUEST_TIMEOUT_MS < env.HTTP_HEADERS_TIMEOUT_MS)
    cross.push('HTTP_REQUEST_TIMEOUT_MS: must be at least HTTP_HEADERS_TIMEOUT_MS (or 0)');
  const hostProblems = splitAllowedHosts(env.WEBHOOK_ALLOWED_HOSTS).map(allowedHostProblem).filter(Boolean);
  if (hostProblems.length) cross.push(`WEBHOOK_ALLOWED_HOSTS: ${hostProblems.join('; ')} (comma-separated hosts, IPs or CIDRs)`);
  if (cross.length) throw new Error(`Invalid environment configuration:\n  ${cross.join('\n  ')}`);
  return env;
}
