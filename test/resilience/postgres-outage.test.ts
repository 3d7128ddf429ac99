import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { KENT } from '../helpers/organisations.ts';
import { postgresBin, startPostgresCluster } from '../helpers/postgres-cluster.ts';
import type { PostgresCluster } from '../helpers/postgres-cluster.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';

// Lantern on a PostgreSQL cluster of the test's own, which it stops, starts and whose connections it
// kills: the server must stay up, answer 503 while the database is away and recover by itself.
// CI installs PostgreSQL before the tests, so there a missing server fails rather than skips.

const available = postgresBin() !== null || process.env['CI'] === 'true';

// The pool reconnects on demand: wait for that state, retrying, for at most 20 s.
const RECOVERY = { timeout: 20_000, interval: 50 };

describe.runIf(available)('PostgreSQL going away and coming back', () => {
  let cluster: PostgresCluster;
  let test: TestApp;
  let token: string;
  let web: WebClient;
  const lost: Error[] = [];

  beforeAll(async () => {
    cluster = await startPostgresCluster({ durable: false });
    const handle = await openDatabase({ engine: 'postgres', url: cluster.url, poolSize: 4 }, { onConnectionLost: (error) => lost.push(error) });
    await migrate(handle);
    test = await buildTestApp({ database: handle });
    token = await test.token(KENT, 'social_worker');
    ({ client: web } = await signedInClient(test.app, test.services, KENT, 'social_worker'));
  });
  afterAll(async () => {
    // Set in beforeAll, unless starting the cluster failed.
    const started = test as TestApp | undefined;
    await started?.close();
    await (cluster as PostgresCluster | undefined)?.destroy();
  });

  const apiRead = () => test.app.inject({ method: 'GET', url: `/api/v1/children/${randomUUID()}`, headers: { authorization: `Bearer ${token}` } });

  async function terminateLanternConnections(): Promise<number> {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    try {
      const result = await admin.query<{ count: number }>(
        'select count(pg_terminate_backend(pid))::int as count from pg_stat_activity where pid <> pg_backend_pid() and backend_type = $1',
        ['client backend'],
      );
      return result.rows[0]?.count ?? 0;
    } finally {
      await admin.end();
    }
  }

  it('should stay up when its idle connections are terminated, and serve the next requests on new ones', async () => {
    expect((await apiRead()).statusCode).toBe(404);
    const before = lost.length;
    expect(await terminateLanternConnections()).toBeGreaterThan(0);
    await vi.waitFor(() => {
      expect(lost.length).toBeGreaterThan(before);
    });
    expect((await apiRead()).statusCode).toBe(404);
    expect((await web.get('/')).statusCode).toBe(200);
  });

  it('should answer 503 with Retry-After while the database is stopped, and recover by itself once it is back', async () => {
    await cluster.stopServer('fast');
    const api = await apiRead();
    expect(api.statusCode).toBe(503);
    expect(api.headers['retry-after']).toBe('5');
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 503, title: 'Sorry, the service is unavailable', detail: 'Try again in 5 seconds' });

    const page = await web.get('/');
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('5');
    expect(titleOf(page.body)).toContain('Sorry, the service is unavailable');
    expect(page.body).toContain('Try again in a few minutes');

    await cluster.startServer();
    await vi.waitFor(async () => {
      expect((await apiRead()).statusCode).toBe(404);
    }, RECOVERY);
    expect((await web.get('/')).statusCode).toBe(200);
  });

  it('should answer 503, not crash, when the database stops in the middle of a transaction', async () => {
    const stopped = test.handle.db.transaction().execute(async (trx) => {
      await trx.selectFrom('organisation').select('code').limit(1).execute();
      await cluster.stopServer('immediate');
      return trx.selectFrom('organisation').select('code').limit(1).execute();
    });
    await expect(stopped).rejects.toThrow();
    expect((await apiRead()).statusCode).toBe(503);
    await cluster.startServer();
    await vi.waitFor(async () => {
      expect((await apiRead()).statusCode).toBe(404);
    }, RECOVERY);
  });
});
