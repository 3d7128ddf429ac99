// Suite `render` (issue 4): server-side render time of the pages people wait on most — My work,
// a child's record and a search — with 100,000 children loaded, on PostgreSQL (and PGlite for
// comparison). Requests go through app.inject: the whole Fastify pipeline (session, access,
// audit, the queries, Nunjucks) without the network. Target: p95 under 30 ms on PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import type { DatabaseHandle, Engine } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadPopulation } from '../src/seed/load-population.ts';
import { createServices } from '../src/services/index.ts';
import { quantile } from './load.ts';
import { createScratchDatabase, startPostgres } from './postgres.ts';
import type { Cleanups, Log } from './cleanups.ts';

const KENT = 'E10000016';
const CHILDREN = Number(process.env['BENCH_CHILDREN'] ?? 100_000);
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 300);
const ENGINES: readonly Engine[] = (process.env['BENCH_ENGINES'] ?? 'postgres,pglite').split(',').filter((name): name is Engine => name === 'pglite' || name === 'postgres');
const TARGET_P95_MS = 30;
// The census date the population is generated for, and the clock the pages are rendered at.
const CENSUS_DATE = '2026-09-30';
const NOW = '2026-10-01T10:00:00.000Z';

interface PageTiming {
  readonly page: string;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly bytes: number;
}

export interface RenderResult {
  readonly date: string;
  readonly children: number;
  readonly rows: readonly { readonly engine: Engine; readonly pages: readonly PageTiming[]; readonly targetMet: boolean | null }[];
  readonly targetMet: boolean;
}

export async function renderSuite(log: Log, cleanups: Cleanups): Promise<RenderResult> {
  const rows: RenderResult['rows'][number][] = [];
  for (const engine of ENGINES) {
    const mark = cleanups.length;
    let handle: DatabaseHandle;
    if (engine === 'postgres') {
      const server = await startPostgres();
      cleanups.push(() => server.stop());
      const database = await createScratchDatabase(server.url, 'lantern_bench_render');
      cleanups.push(() => database.drop());
      handle = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 10 });
    } else {
      handle = await openDatabase({ engine: 'pglite', dataDir: null });
    }
    cleanups.push(() => handle.close());
    await migrate(handle);
    log(`${engine}: loading ${CHILDREN} children`);
    const started = Date.now();
    await loadPopulation(handle, { children: CHILDREN, seed: 2016, censusDate: CENSUS_DATE });
    log(`${engine}: loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Fresh statistics for the planner, as autovacuum would have after a load this size.
    await sql`analyze`.execute(handle.db);

    const services = createServices({ db: handle.db, now: () => NOW, newId: randomUUID }, { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
    const app = await buildApp({ services, engine });
    await app.ready();
    cleanups.push(() => app.close());
    const email = `bench.${engine}@kent.example`;
    const created = await services.users.createUser({ organisationCode: KENT, role: 'social_worker', email, displayName: 'Bench worker', password: 'a long unusual passphrase' });
    if (!created.ok) throw new Error('could not create the bench user');
    const session = await services.users.startSessionFor(KENT, email, null, null, 'bench');
    if (!session.ok) throw new Error('could not start a session');
    const cookie = `lantern-session=${session.value.sessionToken}`;

    const kentChildren = await handle.db
      .selectFrom('child')
      .select(['id', 'familyName'])
      .where('responsibleAuthorityCode', '=', KENT)
      .orderBy('id')
      .limit(REQUESTS)
      .execute();
    log(`${engine}: ${kentChildren.length} Kent children to open`);
    const childAt = (n: number) => {
      const child = kentChildren[n % kentChildren.length];
      if (child === undefined) throw new Error('The population has no Kent children');
      return child;
    };

    const pages: PageTiming[] = [];
    pages.push(await timePage(app, 'My work', REQUESTS, () => ({ method: 'GET', url: '/', cookie })));
    pages.push(await timePage(app, "Child's record", REQUESTS, (n) => ({ method: 'GET', url: `/children/${childAt(n).id}`, cookie })));
    const csrf = await csrfFor(app, cookie);
    pages.push(
      await timePage(app, 'Find a child (by family name)', REQUESTS, (n) => ({
        method: 'POST',
        url: '/children/find',
        cookie: `${cookie}; ${csrf.cookie}`,
        form: { _csrf: csrf.token, name: childAt(n).familyName },
      })),
    );
    const targetMet = engine === 'postgres' ? pages.every((page) => page.p95Ms < TARGET_P95_MS) : null;
    for (const page of pages) log(`${engine}: ${page.page}: p50 ${page.p50Ms.toFixed(1)} ms, p95 ${page.p95Ms.toFixed(1)} ms, p99 ${page.p99Ms.toFixed(1)} ms`);
    rows.push({ engine, pages, targetMet });
    await cleanups.runFrom(mark);
  }
  return { date: new Date().toISOString().slice(0, 10), children: CHILDREN, rows, targetMet: rows.every((row) => row.targetMet !== false) };
}

interface PageRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly cookie: string;
  readonly form?: Record<string, string>;
}

async function csrfFor(app: FastifyInstance, cookie: string): Promise<{ token: string; cookie: string }> {
  const page = await app.inject({ method: 'GET', url: '/children/find', headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const cookies = [page.headers['set-cookie'] ?? []].flat().map((header) => header.split(';')[0] ?? '');
  if (token === undefined || cookies.length === 0) throw new Error(`The find page gave no CSRF token (${page.statusCode})`);
  return { token, cookie: cookies.join('; ') };
}

async function timePage(app: FastifyInstance, page: string, requests: number, request: (n: number) => PageRequest): Promise<PageTiming> {
  const send = async (n: number) => {
    const { method, url, cookie, form } = request(n);
    const response = await app.inject({
      method,
      url,
      headers: { cookie, ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(form === undefined ? {} : { payload: new URLSearchParams(form).toString() }),
    });
    if (response.statusCode !== 200) throw new Error(`${page}: ${method} answered ${response.statusCode}`);
    return response.body.length;
  };
  // Warm up: the first renders compile templates and plans.
  for (let n = 0; n < 20; n++) await send(n);
  const latencies: number[] = [];
  let bytes = 0;
  for (let n = 0; n < requests; n++) {
    const started = performance.now();
    bytes = await send(n);
    latencies.push(performance.now() - started);
  }
  const sorted = latencies.sort((a, b) => a - b);
  return { page, requests, p50Ms: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), p99Ms: quantile(sorted, 0.99), maxMs: sorted.at(-1) ?? NaN, bytes };
}

export function markdown(result: RenderResult): string {
  const lines = [
    `Server-side render time through \`app.inject\`, one request at a time, ${result.children.toLocaleString('en-GB')} children loaded, ${result.date}. Target: p95 under ${TARGET_P95_MS} ms on PostgreSQL.`,
    '',
    '| Engine | Page | Requests | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---|---|---|---|---|---|',
    ...result.rows.flatMap((row) =>
      row.pages.map((page) => `| ${row.engine} | ${page.page} | ${page.requests} | ${page.p50Ms.toFixed(1)} | ${page.p95Ms.toFixed(1)} | ${page.p99Ms.toFixed(1)} | ${page.maxMs.toFixed(1)} |`),
    ),
    '',
    `Target met on PostgreSQL: ${result.targetMet ? 'yes' : 'no'}.`,
  ];
  return lines.join('\n');
}
