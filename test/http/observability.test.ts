import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createServices } from '../../src/services/index.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { apiClient, createLookedAfterChild, KENT } from './api-helpers.ts';

// /metrics, /health/live and /health/ready (docs/deployment.md, "Health" and "Metrics").

const TOKEN = 'metrics-token-'.padEnd(48, 'x');
const POOLS = () => [{ pool: 'primary' as const, max: 10, total: 4, idle: 3, waiting: 2 }];
const QUEUES = () => Promise.resolve([{ queue: 'alert-send', deferred: 5, ready: 1, active: 2, failed: 3 }]);

let t: TestApp;
let withToken: TestApp['app'];
beforeAll(async () => {
  t = await buildTestApp();
  withToken = await buildApp({ services: t.services, engine: t.handle.engine, metrics: { token: TOKEN, pools: POOLS, queues: QUEUES } });
  withToken.get('/fails', () => {
    throw new Error('a bug');
  });
  await withToken.ready();
});
afterAll(async () => {
  await withToken.close();
  await t.close();
});

describe('metrics', () => {
  it('should count and time requests by route pattern, never by the URL asked for', async () => {
    const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
    const { id } = await createLookedAfterChild(kent);
    expect((await kent('GET', `/children/${id}`)).status).toBe(200);
    await t.app.inject({ method: 'GET', url: `/no-such-page/${id}?name=Someone` });

    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/api\/v1\/children\/:id",status_code="200"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/v1\/children\/:id",status_code="200"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/children",status_code="201"\} 1$/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1$/m);
    expect(text).not.toContain(id);
    expect(text).not.toContain('Someone');
    // The process's own figures come too.
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('should count server errors, and report the database pools at each scrape', async () => {
    expect((await withToken.inject({ method: 'GET', url: '/fails' })).statusCode).toBe(500);
    const text = (await withToken.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
    expect(text).toMatch(/^http_request_errors_total\{method="GET",route="\/fails",status_code="500"\} 1$/m);
    expect(text).toMatch(/^lantern_database_pool_connections\{pool="primary"\} 4$/m);
    expect(text).toMatch(/^lantern_database_pool_connections_idle\{pool="primary"\} 3$/m);
    expect(text).toMatch(/^lantern_database_pool_waiting_requests\{pool="primary"\} 2$/m);
    expect(text).toMatch(/^lantern_database_pool_connections_max\{pool="primary"\} 10$/m);
  });

  it('should report the job queues by state at each scrape, and leave them out when they cannot be read', async () => {
    const text = (await withToken.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
    for (const [state, count] of Object.entries({ deferred: 5, ready: 1, active: 2, failed: 3 })) {
      expect(text).toMatch(new RegExp(`^lantern_queue_jobs\\{queue="alert-send",state="${state}"\\} ${count}$`, 'm'));
    }
    const unreadable = await buildApp({
      services: t.services,
      engine: t.handle.engine,
      metrics: { token: null, pools: POOLS, queues: () => Promise.reject(new Error('relation "lantern_queue.queue" does not exist')) },
    });
    const scraped = await unreadable.inject({ method: 'GET', url: '/metrics' });
    await unreadable.close();
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).not.toMatch(/^lantern_queue_jobs\{/m);
    expect(scraped.body).toMatch(/^lantern_alert_outbox_pending \d+$/m);
  });

  it('should report the alert outbox and the alerts past their clock by authority, from the database', async () => {
    const scrape = async () => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const outbox = (text: string) => Number(/^lantern_alert_outbox_pending (\d+)$/m.exec(text)?.[1]);
    const before = await scrape();
    expect(before).not.toMatch(new RegExp(`^lantern_alerts_past_clock\\{authority="${KENT}"\\}`, 'm'));

    const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
    const { id } = await createLookedAfterChild(kent, { givenNames: 'Clocky' });
    expect((await kent('POST', `/children/${id}/missing-episodes`, { type: 'M', startAt: '2025-06-15T11:00:00Z' })).status).toBe(201);
    // The new alert's deliveries wait in the outbox: no relay runs here.
    expect(outbox(await scrape())).toBeGreaterThan(outbox(before));

    t.clock.advanceHours(48);
    const later = await scrape();
    expect(later).toMatch(new RegExp(`^lantern_alerts_past_clock\\{authority="${KENT}"\\} [1-9]\\d*$`, 'm'));
    expect(later).not.toContain('Clocky');
    expect(later).not.toContain(id);
  });

  it('should answer only the machine itself when no token is set', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    for (const refused of [
      { remoteAddress: '10.1.2.3' },
      { remoteAddress: '192.0.2.7', headers: { authorization: `Bearer ${TOKEN}` } },
      // A proxy on the same machine forwards requests from elsewhere: they are not local.
      { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } },
    ]) {
      const response = await t.app.inject({ method: 'GET', url: '/metrics', ...refused });
      expect(response.statusCode, JSON.stringify(refused)).toBe(403);
      expect(response.json()).toMatchObject({ title: 'Metrics are not open to you' });
      expect(response.body).not.toContain('http_requests_total');
    }
  });

  it('should answer only the token when one is set, from anywhere', async () => {
    const ask = (headers: Record<string, string>, remoteAddress = '127.0.0.1') => withToken.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
    expect((await ask({ authorization: `Bearer ${TOKEN}` }, '198.51.100.4')).statusCode).toBe(200);
    expect((await ask({})).statusCode).toBe(403);
    expect((await ask({ authorization: `Bearer ${TOKEN.slice(0, -1)}y` })).statusCode).toBe(403);
    expect((await ask({ authorization: `Bearer ${TOKEN}x` })).statusCode).toBe(403);
    expect((await ask({ authorization: TOKEN })).statusCode).toBe(403);
  });
});

describe('health', () => {
  it('should keep /health as documented, and be live and ready on a migrated database', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok', database: t.handle.engine });
    const live = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect([live.statusCode, live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready', database: t.handle.engine, pendingMigrations: 0 }]);
  });

  it('should not be ready while migrations are pending, though live', async () => {
    // As if the newest migration had not run: a new release started on an old database.
    const newest = await t.handle.db.selectFrom('schemaMigration').selectAll().orderBy('name', 'desc').limit(1).executeTakeFirstOrThrow();
    await t.handle.db.deleteFrom('schemaMigration').where('name', '=', newest.name).execute();
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect([ready.statusCode, ready.json()]).toEqual([
        503,
        { status: 'not ready', database: t.handle.engine, reason: 'migrations-pending', pendingMigrations: 1 },
      ]);
      expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await t.handle.db.insertInto('schemaMigration').values(newest).execute();
    }
  });

  it('should not be ready while the database is unreachable, though live', async () => {
    // Nothing listens on port 1: every connection is refused at once.
    const away = await openDatabase({ engine: 'postgres', url: 'postgres://lantern@127.0.0.1:1/lantern', poolSize: 1 });
    const app = await buildApp({ services: createServices({ db: away.db, now: () => new Date().toISOString(), newId: randomUUID }), engine: away.engine });
    try {
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect([ready.statusCode, ready.json()]).toEqual([503, { status: 'not ready', database: 'postgres', reason: 'database-unreachable' }]);
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await away.close();
    }
  });
});
