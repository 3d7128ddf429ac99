import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolUse } from '../db/client.ts';
import type { QueueDepth } from '../queue/alert-queue.ts';
import type { Workload } from '../services/health-service.ts';
import { problem, sendProblem } from '../features/api/problem.ts';

// GET /metrics in Prometheus's text format (docs/deployment.md, "Metrics"). Requests are counted and
// timed by route pattern (/children/:childId), never by the URL asked for, so no id, name or query
// reaches the metrics, and a scan of made-up URLs cannot grow them without end.
// The work waiting (the alert outbox, the job queues, alerts past their clock) is read from the
// database at each scrape: every instance reports the same service-wide figures.

export interface MetricsOptions {
  /** LANTERN_METRICS_TOKEN: a bearer token that opens /metrics from anywhere; null for loopback only. */
  readonly token: string | null;
  /** How the database's connection pools are used, read at each scrape. */
  readonly pools: () => readonly PoolUse[];
  /** The job queues' depths (src/queue); none where no queue runs, as in most tests. */
  readonly queues?: () => Promise<readonly QueueDepth[]>;
}

export interface MetricsPluginOptions extends MetricsOptions {
  /** The work waiting across the service, from the health service. */
  readonly workload: () => Promise<Workload>;
}

/** Seconds: from a millisecond to the 30 s request timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const UNMATCHED = 'unmatched';

function metrics(app: FastifyInstance, options: MetricsPluginOptions, done: () => void): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames, registers: [registry] });
  const errors = new Counter({
    name: 'http_request_errors_total',
    help: 'HTTP requests answered with a server error (5xx; 503 while the database is away), by route pattern and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const poolGauge = (name: string, help: string, read: (use: PoolUse) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const use of options.pools()) this.set({ pool: use.pool }, read(use));
      },
    });
  poolGauge('lantern_database_pool_connections_max', 'Most connections the pool may open', (use) => use.max);
  poolGauge('lantern_database_pool_connections', 'Connections open in the pool', (use) => use.total);
  poolGauge('lantern_database_pool_connections_idle', 'Open connections not in use', (use) => use.idle);
  poolGauge('lantern_database_pool_waiting_requests', 'Requests waiting for a connection', (use) => use.waiting);

  const outboxPending = new Gauge({
    name: 'lantern_alert_outbox_pending',
    help: 'Alert outbox rows not yet moved into the job queue (service-wide)',
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: 'lantern_queue_jobs',
    help: 'Jobs in each alert queue by state: deferred, ready, active, failed (given up, while kept); service-wide, as the queue last counted them',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });
  const pastClock = new Gauge({
    name: 'lantern_alerts_past_clock',
    help: 'Unacknowledged alerts past their clock, by responsible authority (service-wide)',
    labelNames: ['authority'] as const,
    registers: [registry],
  });
  // Read once per scrape, before the registry renders: a figure that cannot be read (the database
  // away, the queue not yet created) is left out rather than shown stale.
  async function readWorkload(): Promise<void> {
    outboxPending.reset();
    queueJobs.reset();
    pastClock.reset();
    const [workload, queues] = await Promise.allSettled([options.workload(), options.queues?.() ?? Promise.resolve([])]);
    if (workload.status === 'fulfilled') {
      outboxPending.set(workload.value.outboxPending);
      for (const { authorityCode, pastClock: count } of workload.value.alertsPastClock) pastClock.set({ authority: authorityCode }, count);
    }
    if (queues.status === 'fulfilled') {
      for (const { queue, ...states } of queues.value) {
        for (const [state, count] of Object.entries(states)) queueJobs.set({ queue, state }, count);
      }
    }
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    if (route === '/metrics') return;
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    requests.inc(labels);
    if (reply.statusCode >= 500) errors.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!allowed(request, options.token)) {
      return sendProblem(
        reply,
        problem(403, 'forbidden', 'Metrics are not open to you', {
          detail: 'Ask from the machine Lantern runs on, or send the metrics token (LANTERN_METRICS_TOKEN) as a bearer token',
        }),
      );
    }
    await readWorkload();
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
  done();
}

/**
 * With a token configured, only a request bearing it. Without, only a request made on the machine
 * itself: from a loopback address, straight to Lantern (a proxy in front adds X-Forwarded-For, and
 * whatever it forwards is not local).
 */
function allowed(request: FastifyRequest, token: string | null): boolean {
  if (token !== null) {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const [a, b] = [Buffer.from(given), Buffer.from(token)];
    return a.length === b.length && timingSafeEqual(a, b);
  }
  return request.headers['x-forwarded-for'] === undefined && isLoopback(request.socket.remoteAddress) && isLoopback(request.ip);
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined || isIP(address) === 0) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

export const metricsPlugin = fp(metrics, { name: 'lantern-metrics' });
