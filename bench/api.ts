// Suite `api` (issue 2): recording a missing episode through the HTTP API, on PGlite and on
// PostgreSQL, at 1 and 32 concurrent clients, beside the rate of inserting the same rows
// straight into the same database (the ceiling).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { eventLoopUtilization } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import type { DatabaseHandle, DatabaseLocation, Engine } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createRuntimeServices } from '../src/runtime.ts';
import type { Actor } from '../src/domain/access/actor.ts';
import type { Services } from '../src/services/index.ts';
import { startCpu, waitForQuiet } from './cpu.ts';
import type { CpuUse } from './cpu.ts';
import type { HttpLoadJob, HttpLoadResult } from './http-load-worker.ts';
import { episodeBody, episodeTimes, nextTarget, runClients, summarise } from './load.ts';
import type { ClientPlan, LoadResult, StopAfter, Summary } from './load.ts';
import { createScratchDatabase, startPostgres } from './postgres.ts';
import type { Cleanups, Log } from './cleanups.ts';

const run = promisify(execFile);
const KENT = 'E10000016';
// For a quicker or narrower run: BENCH_SECONDS=2 BENCH_ENGINES=postgres BENCH_CLIENTS=32 npm run bench -- api
const CONCURRENCY: readonly number[] = listFromEnv('BENCH_CLIENTS', ['1', '32']).map(Number);
const ENGINES: readonly Engine[] = listFromEnv('BENCH_ENGINES', ['pglite', 'postgres']).filter(
  (name): name is Engine => name === 'pglite' || name === 'postgres',
);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);

export function listFromEnv(name: string, otherwise: string[]): string[] {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? otherwise : value.split(',').map((item) => item.trim());
}
/** Episodes each child gets in a measured run, at most: a child who goes missing often. */
const EPISODES_PER_CHILD = 10;
const WARMUP_REQUESTS = 200;
const POSTGRES_POOL_SIZE = 40;
const TARGET = { ratio: 0.4, p99Ms: 25 } as const;

/** CPU per request (or row), in milliseconds, over a measured run. */
interface CpuPerOp {
  /** The main thread: the server, PGlite, and for the non-HTTP runs the clients too. */
  readonly mainThreadMs: number;
  /** The HTTP clients' worker thread (API runs only). */
  readonly clientThreadMs: number | null;
  /** All PostgreSQL processes (PostgreSQL runs on this machine only). */
  readonly postgresMs: number | null;
  /** Share of the machine's cores busy during the run. */
  readonly machineBusy: number | null;
  /**
   * Cores busy with work not counted above, on average over the run: the kernel's network
   * work, Node's helper threads, and other programs. Well above 0.3 means another program
   * was probably competing for the cores and the run should be repeated.
   */
  readonly otherCores: number | null;
}

interface Run extends Summary {
  readonly cpu: CpuPerOp;
}

interface Row {
  readonly engine: Engine;
  readonly clients: number;
  readonly api: Run;
  readonly ceiling: Run;
  /** The service method called directly, without HTTP: what HTTP, routing, JSON and zod add. */
  readonly serviceOnly: Run;
  /** A bare HTTP server that only inserts the row (startBareHttpInsert): what HTTP alone leaves of the ceiling. */
  readonly bareHttp: Run;
  readonly ratio: number;
  /** Share of the measured API run the server's event loop (the main thread) was busy. */
  readonly serverEventLoopBusy: number;
  readonly childrenPerClient: number;
  /** Episodes the API run wrote per child it wrote to: at most EPISODES_PER_CHILD unless the run outran the children. */
  readonly meanEpisodesPerChild: number;
  readonly target: { readonly ratioMet: boolean; readonly p99Met: boolean } | null;
}

interface EngineReport {
  readonly engine: Engine;
  readonly database: string;
  /** Statements one POST sends, the token check included, counted with a Kysely plugin (BEGIN and COMMIT not included). */
  readonly statementsPerRequest: number;
  /** Share of the machine's cores busy, before this engine's runs, with the benchmark idle: other programs' load. */
  readonly backgroundBusy: number | null;
  readonly rows: Row[];
}

export interface ApiSuiteResult {
  readonly suite: 'api';
  readonly startedAt: string;
  readonly secondsPerRun: number;
  readonly warmupRequests: number;
  readonly episodesPerChild: number;
  readonly machine: { readonly cpus: number; readonly node: string; readonly platform: string };
  /** The code measured: the commit, and the files under src/ that differ from it. */
  readonly source: { readonly commit: string | null; readonly changedFiles: string[] };
  readonly engines: EngineReport[];
  readonly targetMet: boolean | null;
}

function runHttpLoad(job: HttpLoadJob): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load-worker.ts', import.meta.url), { workerData: job });
    worker.once('message', (result: HttpLoadResult) => {
      resolve(result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The load worker stopped with code ${code}`));
    });
  });
}

/** Waits (a minute at most) for other programs to leave the cores alone, and says if they did not. */
async function quietMachine(log: Log): Promise<number | null> {
  const busy = await waitForQuiet();
  if (busy !== null && busy >= 0.1) log(`Warning: the machine is busy with other work (${pct(busy)} of its cores): the figures will be low`);
  return busy;
}

/** Times `work` and the CPU it uses, and checks that no request failed. */
const ATTEMPTS = 3;

/**
 * Times `work` and the CPU it uses, and checks that no request failed. A run during which
 * another program took the cores is repeated (on what `prepare` makes afresh) after waiting
 * for quiet, up to ATTEMPTS times; the least disturbed run is kept.
 */
async function measured<P, R extends LoadResult>(
  what: string,
  { engine, postmaster }: { engine: Engine; postmaster: number | null },
  log: Log,
  prepare: () => Promise<P>,
  work: (prepared: P) => Promise<R>,
  clientThreadMs?: (result: R) => number,
): Promise<{ result: R; run: Run }> {
  let best: { result: R; run: Run } | null = null;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const prepared = await prepare();
    const stopCpu = startCpu(postmaster);
    const result = await work(prepared);
    const cpu: CpuUse = stopCpu();
    assertClean(what, result);
    const summary = summarise(result);
    const per = (ms: number) => ms / summary.requests;
    const counted = cpu.mainThreadMs + (clientThreadMs === undefined ? 0 : clientThreadMs(result)) + (engine === 'postgres' ? (cpu.postgresMs ?? 0) : 0);
    const run: Run = {
      ...summary,
      cpu: {
        mainThreadMs: per(cpu.mainThreadMs),
        clientThreadMs: clientThreadMs === undefined ? null : per(clientThreadMs(result)),
        postgresMs: engine === 'postgres' && cpu.postgresMs !== null ? per(cpu.postgresMs) : null,
        machineBusy: cpu.machineBusy,
        otherCores: cpu.machineBusy === null ? null : cpu.machineBusy * availableParallelism() - counted / cpu.elapsedMs,
      },
    };
    if (best === null || (run.cpu.otherCores ?? 0) < (best.run.cpu.otherCores ?? 0)) best = { result, run };
    if (!disturbed(run)) break;
    if (attempt < ATTEMPTS) {
      log(`  (${what}: other programs took ${fmt(run.cpu.otherCores ?? 0, 2)} cores; waiting for quiet to repeat it)`);
      await quietMachine(log);
    }
  }
  if (best === null) throw new Error(`${what}: no run`);
  return best;
}

function assertClean(what: string, result: LoadResult): void {
  if (result.failures > 0) throw new Error(`${what}: ${result.failures} request(s) failed; the first: ${result.firstFailure ?? '?'}`);
}

/** `perClient` children per client, each looked after from 1 January 2024, made through the services. */
export async function makePlans(services: Services, actor: Actor, clients: number, perClient: number): Promise<ClientPlan[]> {
  return Promise.all(
    Array.from({ length: clients }, async (): Promise<ClientPlan> => {
      const children: ClientPlan['children'] = [];
      for (let i = 0; i < perClient; i++) {
        const child = await services.children.addLookedAfterChild(actor, {
          laChildId: `B${randomUUID().slice(0, 8)}`,
          givenNames: 'Ana',
          familyName: 'Benchchild',
          sex: 'F',
          dateOfBirthClaimed: '2009-04-12',
          nationality: 'AL',
          upn: 'UN2', // no UPN, and why: 903 rule 442
        });
        if (!child.ok) throw new Error(`create child: ${JSON.stringify(child.error)}`);
        const id = child.value.child.id;
        const period = await services.children.addCarePeriod(actor, id, { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1' });
        if (!period.ok) throw new Error(`care period: ${JSON.stringify(period.error)}`);
        children.push({ id, nextSlot: 0 });
      }
      return { children, episodesPerChild: EPISODES_PER_CHILD };
    }),
  );
}

/** The row the API writes for one body, inserted in one statement with no checks. */
async function insertEpisode(handle: DatabaseHandle, childId: string, body: ReturnType<typeof episodeBody>): Promise<void> {
  const at = new Date().toISOString();
  await handle.db
    .insertInto('missingEpisode')
    .values({
      id: randomUUID(),
      childId,
      type: body.type,
      startAt: body.startAt,
      endAt: body.endAt,
      // The API takes both from the care period the child went missing from: placed in area.
      responsibleAuthorityCode: KENT,
      hostAuthorityCode: KENT,
      lastSeenLocation: body.lastSeenLocation,
      lastSeenWith: body.lastSeenWith,
      reportedToPoliceAt: body.reportedToPoliceAt,
      policeForce: body.policeForce,
      policeReference: body.policeReference,
      policeRiskLevel: body.policeRiskLevel,
      responsibleAuthorityToldAt: body.responsibleAuthorityToldAt,
      hostAuthorityToldAt: body.hostAuthorityToldAt,
      endReason: body.endReason,
      harmDisclosed: body.harmDisclosed,
      exploitationDisclosed: body.exploitationDisclosed,
      version: 1,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
}

/** The rows the API writes for the same bodies, inserted one statement each, as the ceiling. */
function runInserts(handle: DatabaseHandle, plans: ClientPlan[], stopAfter: StopAfter): Promise<LoadResult> {
  return runClients(plans, stopAfter, async (plan, n) => {
    const { childId, slot } = nextTarget(plan, n);
    try {
      await insertEpisode(handle, childId, episodeBody(slot));
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  });
}

/**
 * A bare HTTP server on the API's path that does nothing but parse the body and insert the row: no
 * authentication, validation, record rules, row-level security or audit. What any HTTP API writing this
 * row can reach on this machine, with its clients on the same cores: the room the target leaves for
 * everything the real API must do.
 */
export async function startBareHttpInsert(handle: DatabaseHandle): Promise<{ port: number; close: () => Promise<void> }> {
  const bare = Fastify({ logger: false });
  bare.post<{ Params: { id: string }; Body: ReturnType<typeof episodeBody> }>('/api/v1/children/:id/missing-episodes', async (request, reply) => {
    await insertEpisode(handle, request.params.id, request.body);
    return reply.code(201).send({ ok: true });
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  return { port: (bare.server.address() as AddressInfo).port, close: () => bare.close() };
}

function runServiceCalls(services: Services, actor: Actor, plans: ClientPlan[], stopAfter: StopAfter): Promise<LoadResult> {
  return runClients(plans, stopAfter, async (plan, n) => {
    const { childId, slot } = nextTarget(plan, n);
    const result = await services.missingEpisodes.reportMissing(actor, childId, episodeBody(slot));
    return result.ok ? null : JSON.stringify(result.error).slice(0, 500);
  });
}

/**
 * Counts the statements one API request sends (BEGIN and COMMIT aside), through a second
 * app whose services count what they compile, called with Fastify's inject: the whole
 * request path, the bearer-token check included, without touching the measured app.
 */
async function countStatements(handle: DatabaseHandle, engine: Engine, token: string, plans: ClientPlan[]): Promise<number> {
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements += 1;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  const app = await buildApp({ services: createRuntimeServices({ ...handle, db: handle.db.withPlugin(counter) }), engine });
  try {
    const samples = 20;
    for (let n = 0; n < samples; n++) {
      const plan = plans[n % plans.length];
      if (plan === undefined) throw new Error('no plan');
      const { childId, slot } = nextTarget(plan, n);
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/children/${childId}/missing-episodes`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(episodeBody(slot)),
      });
      if (response.statusCode !== 201) throw new Error(`HTTP ${response.statusCode}: ${response.body.slice(0, 500)}`);
    }
    return statements / samples;
  } finally {
    await app.close();
  }
}

async function benchEngine(engine: Engine, log: Log, cleanups: Cleanups): Promise<EngineReport> {
  let location: DatabaseLocation;
  let database: string;
  let postmaster: number | null = null;
  if (engine === 'pglite') {
    location = { engine: 'pglite', dataDir: null };
    database = 'PGlite 0.4 in memory (one connection)';
  } else {
    const server = await startPostgres();
    cleanups.push(() => server.stop());
    postmaster = server.postmaster;
    const scratch = await createScratchDatabase(server.url, 'lantern_bench');
    cleanups.push(() => scratch.drop());
    location = { engine: 'postgres', url: scratch.url, poolSize: POSTGRES_POOL_SIZE };
    database = `${server.description}, pool of ${POSTGRES_POOL_SIZE}, over TCP on 127.0.0.1`;
  }
  log(`\n## ${engine}: ${database}`);
  const backgroundBusy = await quietMachine(log);
  const handle = await openDatabase(location);
  cleanups.push(() => handle.close());
  await migrate(handle);
  const services = createRuntimeServices(handle);
  const app = await buildApp({ services, engine });
  cleanups.push(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const created = await services.apiTokens.createToken(KENT, 'social_worker', 'bench');
  if (!created.ok) throw new Error(`token: ${JSON.stringify(created.error)}`);
  const token = created.value.token;
  // The actor the token speaks for, for the children made and the service-only runs.
  const actor = await services.apiTokens.authenticate(token, '127.0.0.1');
  if (actor === null) throw new Error('The bench token does not authenticate');

  const target = { engine, postmaster };
  const rows: Row[] = [];
  for (const clients of CONCURRENCY) {
    if (clients !== CONCURRENCY[0]) await quietMachine(log);
    const warmupEach = Math.ceil(WARMUP_REQUESTS / clients);
    const warmPlans = await makePlans(services, actor, clients, Math.ceil(warmupEach / EPISODES_PER_CHILD));
    const warm = await runHttpLoad({ port, token, plans: warmPlans, stopAfter: { requests: warmupEach } });
    assertClean(`${engine} API warm-up at ${clients}`, warm);
    // Enough children that none gets more than EPISODES_PER_CHILD episodes in the measured run,
    // guessed from the warm-up rate; should the run go faster, clients go round again.
    // Twice as many as the warm-up rate suggests: unused children cost nothing but their making.
    const expectedPerClient = (summarise(warm).perSecond * 2 * SECONDS) / clients;
    const perClient = Math.max(1, Math.ceil(expectedPerClient / EPISODES_PER_CHILD));
    log(`${clients} client(s): ${clients * perClient} children`);
    const freshPlans = () => makePlans(services, actor, clients, perClient);

    let serverEventLoopBusy = 0;
    const { result: apiRun, run: api } = await measured(
      `${engine} API at ${clients}`,
      target,
      log,
      freshPlans,
      async (plans) => {
        const loopBefore = eventLoopUtilization();
        const result = await runHttpLoad({ port, token, plans, stopAfter: { ms: SECONDS * 1000 } });
        serverEventLoopBusy = eventLoopUtilization(loopBefore).utilization;
        return result;
      },
      (result) => result.clientThreadCpuMs,
    );
    log(`  API            ${fmtRun(api)}  (server event loop busy ${pct(serverEventLoopBusy)})`);

    const { run: serviceOnly } = await measured(`${engine} service at ${clients}`, target, log, freshPlans, (plans) =>
      runServiceCalls(services, actor, plans, { ms: SECONDS * 1000 }),
    );
    log(`  service only   ${fmtRun(serviceOnly)}`);

    // The ceiling writes to the API run's children, on slots after theirs.
    const ceilingPlans = apiRun.plans;
    assertClean(`${engine} insert warm-up at ${clients}`, await runInserts(handle, ceilingPlans, { requests: warmupEach }));
    const { run: ceiling } = await measured(
      `${engine} inserts at ${clients}`,
      target,
      log,
      () => Promise.resolve(ceilingPlans),
      (plans) => runInserts(handle, plans, { ms: SECONDS * 1000 }),
    );
    log(`  insert ceiling ${fmtRun(ceiling)}`);

    const bareServer = await startBareHttpInsert(handle);
    let bareHttp: Run;
    try {
      ({ run: bareHttp } = await measured(
        `${engine} bare HTTP inserts at ${clients}`,
        target,
        log,
        () => Promise.resolve(ceilingPlans),
        (plans) => runHttpLoad({ port: bareServer.port, token, plans, stopAfter: { ms: SECONDS * 1000 } }),
        (result) => result.clientThreadCpuMs,
      ));
    } finally {
      await bareServer.close();
    }
    log(`  bare HTTP      ${fmtRun(bareHttp)}`);

    const ratio = api.perSecond / ceiling.perSecond;
    rows.push({
      engine,
      clients,
      api,
      ceiling,
      serviceOnly,
      bareHttp,
      ratio,
      serverEventLoopBusy,
      childrenPerClient: perClient,
      meanEpisodesPerChild: api.requests / apiRun.plans.reduce((sum, plan) => sum + plan.children.filter((child) => child.nextSlot > 0).length, 0),
      target: engine === 'postgres' && clients === 32 ? { ratioMet: ratio >= TARGET.ratio, p99Met: api.p99Ms < TARGET.p99Ms } : null,
    });
  }
  const statementsPerRequest = await countStatements(handle, engine, token, await makePlans(services, actor, 1, 2));
  log(`statements per request: ${statementsPerRequest}`);
  return { engine, database, statementsPerRequest, backgroundBusy, rows };
}

const fmt = (value: number, digits = 1): string => value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (value: number): string => `${fmt(value * 100, 0)}%`;
/** Other work took more than a third of a core: another program probably competed for the machine. */
const disturbed = (run: Run): boolean => run.cpu.otherCores !== null && run.cpu.otherCores > 0.33;
const fmtMs = (value: number | null): string => (value === null ? '—' : fmt(value, 2));
const fmtRun = (s: Run): string =>
  `${fmt(s.perSecond, 0).padStart(6)}/s  p50 ${fmt(s.p50Ms, 2)} ms  p99 ${fmt(s.p99Ms, 2)} ms  (${s.requests} in ${fmt(s.seconds, 2)} s)  ` +
  `CPU ms/op: main ${fmtMs(s.cpu.mainThreadMs)}, clients ${fmtMs(s.cpu.clientThreadMs)}, postgres ${fmtMs(s.cpu.postgresMs)}; machine busy ${s.cpu.machineBusy === null ? '—' : pct(s.cpu.machineBusy)}, other ${fmtMs(s.cpu.otherCores)} cores`;

async function sourceState(): Promise<ApiSuiteResult['source']> {
  const git = async (...args: string[]): Promise<string | null> => {
    try {
      return (await run('git', args, { cwd: path.join(import.meta.dirname, '..') })).stdout.trimEnd();
    } catch {
      return null;
    }
  };
  // BENCH_SOURCE_COMMIT names the commit of a tree exported without its repository (git archive).
  const exported = process.env['BENCH_SOURCE_COMMIT'];
  if (exported !== undefined && exported !== '') return { commit: exported, changedFiles: [] };
  const commit = (await git('rev-parse', '--short', 'HEAD'))?.trim() ?? null;
  const status = await git('status', '--porcelain', '--', 'src');
  return {
    commit,
    changedFiles: (status ?? '')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(3)),
  };
}

export function markdown(result: ApiSuiteResult): string {
  const lines: string[] = [];
  const changed = result.source.changedFiles.length === 0 ? '' : `, with uncommitted changes to ${result.source.changedFiles.join(', ')}`;
  lines.push(
    `Commit ${result.source.commit ?? 'unknown'}${changed}; ${result.machine.cpus} cores, Node ${result.machine.node}; ` +
      `${result.secondsPerRun} s per run after ${result.warmupRequests} warm-up requests; started ${result.startedAt}.`,
    '',
  );
  for (const report of result.engines) {
    lines.push(`**${report.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}** — ${report.database}`, '');
    lines.push(
      '| Clients | API req/s | API p50 | API p99 | Ceiling rows/s | Ceiling p50 | Ceiling p99 | API / ceiling | Bare HTTP insert /s (/ ceiling) | Target (≥ 40 %, p99 < 25 ms) |',
    );
    lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const row of report.rows) {
      const target = row.target === null ? '—' : `ratio ${row.target.ratioMet ? 'met' : '**not met**'}; p99 ${row.target.p99Met ? 'met' : '**not met**'}`;
      lines.push(
        `| ${row.clients} | ${fmt(row.api.perSecond, 0)} | ${fmt(row.api.p50Ms, 2)} ms | ${fmt(row.api.p99Ms, 2)} ms | ${fmt(row.ceiling.perSecond, 0)} | ${fmt(row.ceiling.p50Ms, 2)} ms | ${fmt(row.ceiling.p99Ms, 2)} ms | ${pct(row.ratio)} | ${fmt(row.bareHttp.perSecond, 0)} (${pct(row.bareHttp.perSecond / row.ceiling.perSecond)}) | ${target} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    'Where the time goes: CPU milliseconds per request (per row for the inserts) in the server thread (which also runs PGlite, and the clients of the non-HTTP runs), ' +
      "the HTTP clients' thread and the PostgreSQL processes; how busy the machine's cores were, and how many cores' worth of that was other work " +
      '(the kernel, Node\'s helper threads, other programs). "Service only" calls the service method directly, without HTTP. ' +
      '"Bare HTTP insert" is a Fastify server on the same path that only parses the body and inserts the row, with the same clients.',
    '',
  );
  lines.push('| Engine | Clients | Run | Per second | p50 | p99 | Server thread CPU | Client thread CPU | PostgreSQL CPU | Cores busy | Other work (cores) |');
  lines.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const report of result.engines) {
    for (const row of report.rows) {
      for (const [name, run] of [
        ['API', row.api],
        ['service only', row.serviceOnly],
        ['insert ceiling', row.ceiling],
        ['bare HTTP insert', row.bareHttp],
      ] as const) {
        lines.push(
          `| ${report.engine} | ${row.clients} | ${name} | ${fmt(run.perSecond, 0)} | ${fmt(run.p50Ms, 2)} ms | ${fmt(run.p99Ms, 2)} ms | ${fmtMs(run.cpu.mainThreadMs)} ms | ${run.cpu.clientThreadMs === null ? '—' : `${fmtMs(run.cpu.clientThreadMs)} ms`} | ${run.cpu.postgresMs === null ? '—' : `${fmtMs(run.cpu.postgresMs)} ms`} | ${run.cpu.machineBusy === null ? '—' : pct(run.cpu.machineBusy)} | ${fmtMs(run.cpu.otherCores)}${disturbed(run) ? ' ⚠' : ''} |`,
        );
      }
    }
  }
  if (result.engines.some((report) => report.rows.some((row) => [row.api, row.serviceOnly, row.ceiling, row.bareHttp].some(disturbed)))) {
    lines.push(
      '',
      '⚠ More than a third of a core went to other work during this run: another program was probably competing for the machine. Repeat it when the machine is quiet.',
    );
  }
  lines.push('');
  for (const report of result.engines) {
    const episodes = report.rows.map((row) => `${fmt(row.meanEpisodesPerChild, 1)} at ${row.clients}`).join(', ');
    lines.push(
      `${report.engine}: ${fmt(report.statementsPerRequest, 0)} statements per API request (plus BEGIN and COMMIT), against 1 per ceiling row; ` +
        `each child written to got at most ${result.episodesPerChild} episodes in a run (on average, by clients: ${episodes}).`,
    );
  }
  return lines.join('\n');
}

export async function apiSuite(log: Log, cleanups: Cleanups, engines: readonly Engine[] = ENGINES): Promise<ApiSuiteResult> {
  const startedAt = new Date().toISOString();
  // The bench's episodes must all be in the past.
  if (Date.parse(episodeTimes(4000).endAt) > Date.now()) throw new Error('The benchmark episodes would reach the future: move SLOTS_FROM in bench/load.ts');
  const reports: EngineReport[] = [];
  for (const engine of engines) {
    const mark = cleanups.length;
    try {
      reports.push(await benchEngine(engine, log, cleanups));
    } finally {
      await cleanups.runFrom(mark);
    }
  }
  const postgresTarget = reports.flatMap((report) => report.rows).find((row) => row.target !== null)?.target ?? null;
  const source = await sourceState();
  return {
    suite: 'api',
    startedAt,
    secondsPerRun: SECONDS,
    warmupRequests: WARMUP_REQUESTS,
    episodesPerChild: EPISODES_PER_CHILD,
    machine: { cpus: availableParallelism(), node: process.version, platform: `${process.platform} ${process.arch}` },
    source,
    engines: reports,
    targetMet: postgresTarget === null ? null : postgresTarget.ratioMet && postgresTarget.p99Met,
  };
}
