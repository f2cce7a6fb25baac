import { ConnectionOptions, createPostgresBackend } from 'bullmq';
import { Client } from 'pg';
import IORedis, { RedisOptions } from 'ioredis';
import type { Env } from '../config/env.schema';

/**
 * Connections for BullMQ. Workers block on Redis and need maxRetriesPerRequest: null; producers
 * must fail fast instead (the job outbox in Postgres retries later), so they get no offline queue.
 */
export function redisConnection(url: string, kind: 'worker' | 'producer' | 'plain'): IORedis {
  const base: RedisOptions = { lazyConnect: false, connectionName: `siap-${kind}` };
  const opts: RedisOptions =
    kind === 'worker'
      ? { ...base, maxRetriesPerRequest: null, enableReadyCheck: false }
      : { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 200, 2000) };
  const conn = new IORedis(url, opts);
  conn.on('error', () => undefined); // surfaced through health checks and failed enqueues, not crashes
  return conn;
}

/** What Queue and Worker need for the configured backend (QUEUE_BACKEND). */
export interface QueueTransport {
  connection: ConnectionOptions | IORedis | Record<string, unknown>;
  /** BullMQ's backend factory; undefined means its default, Redis. */
  backend?: typeof createPostgresBackend;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function queueTransport(env: Env, kind: 'worker' | 'producer'): QueueTransport {
  if (env.QUEUE_BACKEND === 'postgres') {
    const connectionString = env.QUEUE_DATABASE_URL ?? env.DATABASE_URL;
    // BullMQ migrates its own `bullmq` schema on first connect (under its own advisory lock)
    const connection = { connectionString, schema: 'bullmq', migrate: true, max: kind === 'worker' ? 3 : 2, application_name: `siap-queue-${kind}` };
    return {
      connection,
      backend: createPostgresBackend,
      ping: async () => {
        const c = new Client({ connectionString, connectionTimeoutMillis: 2000 });
        try {
          await c.connect();
          await c.query('SELECT 1');
          return true;
        } catch {
          return false;
        } finally {
          await c.end().catch(() => undefined);
        }
      },
      close: async () => undefined,
    };
  }
  const conn = redisConnection(env.REDIS_URL, kind);
  return {
    connection: conn,
    ping: async () => {
      try {
        return (await conn.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async () => void conn.disconnect(),
  };
}
