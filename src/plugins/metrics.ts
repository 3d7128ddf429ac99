import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolUse } from '../db/client.ts';
import { problem, sendProblem } from '../features/api/problem.ts';

// GET /metrics in Prometheus's text format (docs/deployment.md, "Metrics"). Requests are counted and
// timed by route pattern (/children/:childId), never by the URL asked for, so no id, name or query
// reaches the metrics, and a scan of made-up URLs cannot grow them without end.
//
// Metrics of the job queue and of alerts past their clock belong to the work that brings those
// (issue 16 item 1, and the alerts): nothing stands in for them here.

export interface MetricsOptions {
  /** LANTERN_METRICS_TOKEN: a bearer token that opens /metrics from anywhere; null for loopback only. */
  readonly token: string | null;
  /** How the database's connection pools are used, read at each scrape. */
  readonly pools: () => readonly PoolUse[];
}

/** Seconds: from a millisecond to the 30 s request timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const UNMATCHED = 'unmatched';

function metrics(app: FastifyInstance, options: MetricsOptions, done: () => void): void {
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
