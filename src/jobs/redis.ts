import { ConnectionOptions, createPostgresBackend } from 'bullmq';
import { Client } from 'pg';
import IORedis, { RedisOptions } from 'ioredis';
import type { Env } from '../config/env.schema';
import { settledWithin } from '../common/timeout';

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

function hostPorts(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((hp) => {
    const i = hp.lastIndexOf(':');
    return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
  });
}

/**
 * The Redis connection for the configured topology: one server (REDIS_URL), Sentinel
 * (REDIS_SENTINELS + REDIS_SENTINEL_NAME; password/TLS/db taken from REDIS_URL) or Cluster
 * (REDIS_CLUSTER_NODES; BullMQ then needs a QUEUE_PREFIX with a hash tag such as {siap}).
 */
export function redisFor(env: Env, kind: 'worker' | 'producer' | 'plain'): IORedis {
  if (!env.REDIS_SENTINELS && !env.REDIS_CLUSTER_NODES) return redisConnection(env.REDIS_URL, kind);
  const u = new URL(env.REDIS_URL);
  const auth: RedisOptions = {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  const base: RedisOptions = { lazyConnect: false, connectionName: `siap-${kind}`, ...auth };
  const opts: RedisOptions =
    kind === 'worker'
      ? { ...base, maxRetriesPerRequest: null, enableReadyCheck: false }
      : { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 200, 2000) };
  let conn: IORedis;
  if (env.REDIS_SENTINELS) {
    const db = Number(u.pathname.slice(1) || 0);
    conn = new IORedis({
      ...opts,
      sentinels: hostPorts(env.REDIS_SENTINELS),
      name: env.REDIS_SENTINEL_NAME,
      db,
      ...(u.password ? { sentinelPassword: decodeURIComponent(u.password) } : {}),
    });
  } else {
    // BullMQ's Lua scripts touch several keys of one queue: the {hash tag} in the prefix keeps them in one slot
    conn = new IORedis.Cluster(hostPorts(env.REDIS_CLUSTER_NODES!), {
      redisOptions: opts,
      ...(kind !== 'worker' ? { enableOfflineQueue: false } : {}),
    }) as unknown as IORedis;
  }
  conn.on('error', () => undefined);
  return conn;
}

/** What Queue and Worker need for the configured backend (QUEUE_BACKEND). */
export interface QueueTransport {
  connection: ConnectionOptions | IORedis | Record<string, unknown>;
  /** BullMQ's backend factory; undefined means its default, Redis. */
  backend?: typeof createPostgresBackend;
  ping(): Promise<boolean>;
  /** Whether the backend connection is up right now (no round trip): false while Redis reconnects. */
  connected(): boolean;
  /** Waits up to `ms` for the connection to be up (at start-up, or while Redis comes back); true when it is. */
  ready(ms: number): Promise<boolean>;
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
      connected: () => true,
      ready: async () => true,
      close: async () => undefined,
    };
  }
  const conn = redisFor(env, kind);
  // Cluster reports 'connect' once usable; a single server or Sentinel 'ready'
  const connected = () => conn.status === 'ready' || (env.REDIS_CLUSTER_NODES !== undefined && conn.status === 'connect');
  return {
    connection: conn,
    ping: async () => {
      try {
        return (await conn.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    connected,
    ready: async (ms) => {
      if (connected()) return true;
      if (conn.status === 'end') return false;
      let onReady!: () => void;
      const up = new Promise<void>((r) => conn.once('ready', (onReady = r)));
      await settledWithin(up, ms);
      conn.removeListener('ready', onReady);
      return connected();
    },
    // disconnect() never waits for the server and stops ioredis from reconnecting (quit() would queue while Redis is away)
    close: async () => void conn.disconnect(),
  };
}
