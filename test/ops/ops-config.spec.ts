import { ProcessRoleInfo } from '../../src/common/process.module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { validateEnv } from '../../src/config/env.validate';
import type { EventsRepository } from '../../src/events/events.repository';
import { JOB_QUEUE, QUEUES } from '../../src/jobs/job-registry';
import { redisFor } from '../../src/jobs/redis';
import { WorkerService } from '../../src/jobs/worker.service';
import { MetricsService } from '../../src/metrics/metrics.service';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('watching in Grafana: dashboard, scrape config and compose profile', () => {
  it('every metric the dashboard queries is one the service exports', () => {
    const m = new MetricsService(validateEnv({}), {} as EventsRepository);
    const names = new Set(m.registry.getMetricsAsArray().map((x) => (x as unknown as { name: string }).name));
    const dash = JSON.parse(read('docker/grafana/siap-ekspor.json'));
    const exprs: string[] = dash.panels.flatMap((p: { targets: Array<{ expr: string }> }) => p.targets.map((t) => t.expr));
    const used = new Set(exprs.flatMap((e) => e.match(/siap_[a-z_]+/g) ?? []).map((n) => n.replace(/_(bucket|count|sum)$/, '')));
    expect(used.size).toBeGreaterThanOrEqual(14);
    for (const n of used) expect([n, names.has(n)]).toEqual([n, true]);
    // the list: each has a panel
    for (const n of [
      'siap_http_requests_total',
      'siap_http_request_duration_seconds',
      'siap_orders_logged_total',
      'siap_watch_runs_total',
      'siap_watch_run_duration_seconds',
      'siap_businesses_evaluated_total',
      'siap_flags_total',
      'siap_queue_jobs',
      'siap_job_wait_seconds',
      'siap_job_duration_seconds',
      'siap_digests_total',
      'siap_webhook_deliveries_total',
      'siap_outbox_lag_seconds',
    ])
      expect(used).toContain(n);
  });

  it('Prometheus scrapes api and every worker replica on METRICS_PORT; Grafana and Prometheus sit behind the ops profile', () => {
    const prom = read('docker/prometheus/prometheus.yml');
    expect(prom).toMatch(/names: \[api, worker\]/);
    expect(prom).toMatch(/port: 9464/);
    const compose = read('docker/compose.yml');
    expect(compose).toContain('METRICS_PORT: "9464"');
    expect(compose).toMatch(/prometheus:\n\s+image: prom\/prometheus[^\n]*\n\s+profiles: \[ops\]/);
    expect(compose).toMatch(/grafana:\n\s+image: grafana\/grafana[^\n]*\n\s+profiles: \[ops\]/);
    expect(compose).toContain('--scale worker=3');
    // scaling needs a worker without fixed host ports or container names
    const worker = compose.split('\n  worker:\n')[1].split('\n\n')[0];
    expect(worker).not.toMatch(/ports:|container_name:/);
  });
});

describe('scaling out: Redis topologies and per-queue concurrency', () => {
  it('validates Sentinel and Cluster settings (Cluster needs a hash-tag prefix)', () => {
    expect(() => validateEnv({ REDIS_SENTINELS: 'a:26379' })).toThrow(/REDIS_SENTINEL_NAME: required/);
    expect(() => validateEnv({ REDIS_SENTINELS: 'a:26379,b', REDIS_SENTINEL_NAME: 'm' })).toThrow(/REDIS_SENTINELS must be host:port/);
    expect(() => validateEnv({ REDIS_CLUSTER_NODES: 'a:7000,b:7001' })).toThrow(/QUEUE_PREFIX: on Redis Cluster it must hold a hash tag/);
    expect(validateEnv({ REDIS_CLUSTER_NODES: 'a:7000,b:7001', QUEUE_PREFIX: '{siap}' }).REDIS_CLUSTER_NODES).toBe('a:7000,b:7001');
    expect(() => validateEnv({ WORKER_CONCURRENCY_WATCH: '0' })).toThrow(/WORKER_CONCURRENCY_WATCH/);
  });

  it('builds a Sentinel client and a Cluster client from the settings', () => {
    const s = redisFor(
      validateEnv({ REDIS_URL: 'redis://:pw@ignored:6379/2', REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_NAME: 'siap-master' }),
      'worker',
    );
    try {
      expect(s.options).toMatchObject({
        name: 'siap-master',
        db: 2,
        password: 'pw',
        maxRetriesPerRequest: null,
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: '10.0.0.2', port: 26379 },
        ],
      });
    } finally {
      s.disconnect();
    }
    const c = redisFor(validateEnv({ REDIS_CLUSTER_NODES: '10.0.0.5:7000,10.0.0.6:7001', QUEUE_PREFIX: '{siap}' }), 'producer') as unknown as InstanceType<
      typeof IORedis.Cluster
    >;
    try {
      expect(c).toBeInstanceOf(IORedis.Cluster);
      expect((c as unknown as { startupNodes: unknown }).startupNodes).toEqual([
        { host: '10.0.0.5', port: 7000 },
        { host: '10.0.0.6', port: 7001 },
      ]);
    } finally {
      c.disconnect();
    }
  });

  it('takes WORKER_CONCURRENCY_<QUEUE> per queue, else WORKER_CONCURRENCY', () => {
    const w = new WorkerService(
      validateEnv({ WORKER_CONCURRENCY: '3', WORKER_CONCURRENCY_WATCH: '12', WORKER_CONCURRENCY_DELIVERY: '1' }),
      {} as never,
      new ProcessRoleInfo('worker'),
    );
    expect(Object.fromEntries(QUEUES.map((q) => [q, w.concurrencyFor(q)]))).toEqual({ maintenance: 3, watch: 12, reports: 3, delivery: 1 });
  });

  it('types the daily retention job in the registry', () => {
    expect(JOB_QUEUE['maintenance.retention']).toBe('maintenance');
  });
});
