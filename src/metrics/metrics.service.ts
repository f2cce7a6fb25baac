import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Env } from '../config/env.schema';
import { EventsRepository } from '../events/events.repository';
import { QUEUES } from '../jobs/job-registry';
import { JobsService } from '../jobs/jobs.service';
import { logEvent } from '../common/log-event';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/**
 * The one place metrics live (Prometheus, prom-client; one registry per process). Services call
 * the small methods below where things happen (in-memory counters: nothing on the hot path touches
 * the database); queue depth and outbox lag are read when Prometheus scrapes.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private server?: Server;

  readonly httpRequests = new Counter({
    name: 'siap_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'siap_http_request_duration_seconds',
    help: 'HTTP latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  private readonly ordersLogged = new Counter({
    name: 'siap_orders_logged_total',
    help: 'Orders stored, by source (single, bulk, csv)',
    labelNames: ['source'],
    registers: [this.registry],
  });
  private readonly runs = new Counter({
    name: 'siap_watch_runs_total',
    help: 'Watch runs by event (started, completed, failed)',
    labelNames: ['event'],
    registers: [this.registry],
  });
  private readonly runDuration = new Histogram({
    name: 'siap_watch_run_duration_seconds',
    help: 'Wall time of completed watch runs',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  private readonly evaluated = new Counter({
    name: 'siap_businesses_evaluated_total',
    help: 'Business evaluations by outcome (ok, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly flags = new Counter({
    name: 'siap_flags_total',
    help: 'Flags raised or resolved by the engine, by kind',
    labelNames: ['event', 'kind'],
    registers: [this.registry],
  });
  private readonly digests = new Counter({
    name: 'siap_digests_total',
    help: 'Digest/notice send attempts by outcome (sent, retry, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly webhooks = new Counter({
    name: 'siap_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (succeeded, retry, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: 'siap_job_duration_seconds',
    help: 'Job processing time by queue and outcome',
    labelNames: ['queue', 'outcome'],
    buckets: [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30, 120],
    registers: [this.registry],
  });
  private readonly jobWait = new Histogram({
    name: 'siap_job_wait_seconds',
    help: 'Time from enqueue (or due time) to start, by queue',
    labelNames: ['queue'],
    buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  constructor(
    private readonly env: Env,
    private readonly events: EventsRepository,
    @Optional() private readonly jobs?: JobsService,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'siap_' });
    this.registry.setDefaultLabels({ role: env.ROLE });
    // prom-client calls collect() with the metric as `this`; the service is reached through `self`
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: 'siap_queue_jobs',
      help: 'Jobs per queue and state (read on scrape)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        if (!self.jobs) return;
        await withTimeout(
          Promise.all(
            QUEUES.map(async (q) => {
              const counts = await self.jobs!.queue(q).getJobCounts(...JOB_STATES);
              for (const s of JOB_STATES) this.set({ queue: q, state: s }, counts[s] ?? 0);
            }),
          ),
          2000,
        ).catch(() => undefined);
      },
    });
    new Gauge({
      name: 'siap_outbox_pending',
      help: 'Rows not yet relayed: job outbox (to the queue) and domain events (to webhooks)',
      labelNames: ['outbox'],
      registers: [this.registry],
      async collect() {
        const r = await self.outboxes();
        if (r) for (const [k, v] of Object.entries(r)) this.set({ outbox: k }, v.pending);
      },
    });
    new Gauge({
      name: 'siap_outbox_lag_seconds',
      help: 'Age of the oldest row not yet relayed (0 when none)',
      labelNames: ['outbox'],
      registers: [this.registry],
      async collect() {
        const r = await self.outboxes();
        if (r) for (const [k, v] of Object.entries(r)) this.set({ outbox: k }, v.lag);
      },
    });
  }

  private outboxCache?: { at: number; value: Promise<Record<string, { pending: number; lag: number }> | undefined> };
  /** Both outbox gauges share one read per scrape: the jobs module's outbox and the domain events not fanned out. */
  private outboxes(): Promise<Record<string, { pending: number; lag: number }> | undefined> {
    if (this.outboxCache && Date.now() - this.outboxCache.at < 1000) return this.outboxCache.value;
    const value = withTimeout(Promise.all([this.jobs?.outboxBacklog(), this.events.backlog()]), 2000)
      .then(([job, event]) => ({ ...(job && { job }), ...(event && { event }) }))
      .catch(() => undefined);
    this.outboxCache = { at: Date.now(), value };
    return value;
  }

  // ---- called where things happen ----
  orders(source: 'single' | 'bulk' | 'csv', n = 1): void {
    if (n > 0) this.ordersLogged.inc({ source }, n);
  }
  runStarted(): void {
    this.runs.inc({ event: 'started' });
  }
  runCompleted(startedAt: Date | null | undefined, finishedAt: Date): void {
    this.runs.inc({ event: 'completed' });
    if (startedAt) this.runDuration.observe(Math.max(0, (finishedAt.getTime() - startedAt.getTime()) / 1000));
  }
  runFailed(): void {
    this.runs.inc({ event: 'failed' });
  }
  businessEvaluated(outcome: 'ok' | 'failed', flags: Array<{ kind: string; decision: string }> = []): void {
    this.evaluated.inc({ outcome });
    this.flagDecisions(flags);
  }
  private flagDecisions(flags: Array<{ kind: string; decision: string }>): void {
    for (const f of flags) {
      if (f.decision === 'raise') this.flags.inc({ event: 'raised', kind: f.kind });
      else if (f.decision === 'resolve') this.flags.inc({ event: 'resolved', kind: f.kind });
    }
  }
  /** A weekly-run chunk: `n` businesses evaluated, with the flag decisions they produced. */
  businessesEvaluated(n: number, flags: Array<{ kind: string; decision: string }> = []): void {
    if (n > 0) this.evaluated.inc({ outcome: 'ok' }, n);
    this.flagDecisions(flags);
  }
  digest(outcome: string): void {
    if (outcome === 'sent' || outcome === 'retry' || outcome === 'failed') this.digests.inc({ outcome });
  }
  webhook(outcome: string): void {
    if (outcome !== 'skipped') this.webhooks.inc({ outcome });
  }
  job(queue: string, outcome: 'completed' | 'failed', waitS: number, durationS: number): void {
    this.jobWait.observe({ queue }, Math.max(0, waitS));
    this.jobDuration.observe({ queue, outcome }, durationS);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** METRICS_PORT: every process (API and worker) serves /metrics there, without auth. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.METRICS_PORT) return;
    this.server = createServer((req, res) => {
      if ((req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.render().then(
        (m) => res.writeHead(200, { 'content-type': m.contentType }).end(m.body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.env.METRICS_PORT, '0.0.0.0', () => resolve());
    });
    logEvent(this.logger, 'metrics listening', { port: this.env.METRICS_PORT });
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error('timeout')), ms)))]).finally(() => clearTimeout(t));
}
