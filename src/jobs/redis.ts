import IORedis, { RedisOptions } from 'ioredis';

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
