// Suite `outage` (issue 10 item 13): Lantern on PostgreSQL under write load while the database's
// connections are terminated and its cluster is restarted cleanly and crashed, again and again.
// The server runs as a process of its own, as in production, on a throw-away cluster of the
// suite's own. It must stay up, answer only 503 while the database is away, come back by itself,
// and lose no write it acknowledged.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createRuntimeServices } from '../src/runtime.ts';
import { freePort, startPostgresCluster } from '../test/helpers/postgres-cluster.ts';
import { makePlans } from './api.ts';
import type { Cleanups, Log } from './cleanups.ts';
import { episodeBody, nextTarget } from './load.ts';
import type { ClientPlan } from './load.ts';
import { createScratchDatabase } from './postgres.ts';

const KENT = 'E10000016';
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 8);
const RESTARTS = Number(process.env['BENCH_RESTARTS'] ?? 2);
/** How long the database stays down in each outage, and how long the load runs between events. */
const DOWN_MS = 2_000;
const BETWEEN_MS = 3_000;

interface OutageEvent {
  readonly what: string;
  /** From the database being back (or the connections killed) to the next acknowledged write. */
  readonly recoveryMs: number | null;
}

export interface OutageResult {
  readonly date: string;
  readonly database: string;
  readonly clients: number;
  readonly seconds: number;
  readonly events: OutageEvent[];
  readonly acknowledgedWrites: number;
  readonly reads: number;
  readonly unavailable: number;
  /** Any other answer than 201, 200 and 503, by status. */
  readonly unexpected: Record<string, number>;
  /** Requests the server did not answer at all (refused or reset). */
  readonly unanswered: number;
  readonly lostWrites: number;
  readonly serverStayedUp: boolean;
  readonly connectionLostLogLines: number;
  readonly targetMet: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function outageSuite(log: Log, cleanups: Cleanups): Promise<OutageResult> {
  const cluster = await startPostgresCluster({ durable: true });
  cleanups.push(() => cluster.destroy());
  const scratch = await createScratchDatabase(cluster.url, 'lantern_outage');

  // The token and each client's children, made before the server starts.
  const setup = await openDatabase({ engine: 'postgres', url: scratch.url });
  await migrate(setup);
  const services = createRuntimeServices(setup);
  const created = await services.apiTokens.createToken(KENT, 'social_worker', 'outage bench');
  if (!created.ok) throw new Error(`token: ${JSON.stringify(created.error)}`);
  const token = created.value.token;
  const actor = await services.apiTokens.authenticate(token, '127.0.0.1');
  if (actor === null) throw new Error('The bench token does not authenticate');
  const plans = await makePlans(services, actor, CLIENTS, 5);
  await setup.close();

  const { server, base, output } = await startLanternProcess({ DATABASE_URL: scratch.url }, cleanups);
  log(`Lantern (pid ${server.pid ?? '?'}) on ${base}, PostgreSQL on port ${cluster.port}, ${CLIENTS} clients`);

  const counts = {
    acknowledged: [] as { childId: string; startAt: string; at: number }[],
    reads: 0,
    unavailable: 0,
    unanswered: 0,
    unexpected: {} as Record<string, number>,
  };
  let stop = false;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const client = async (plan: ClientPlan) => {
    for (let n = 0; !stop; n++) {
      const { childId, slot } = nextTarget(plan, n);
      const body = episodeBody(slot);
      try {
        const write = await fetch(`${base}/api/v1/children/${childId}/missing-episodes`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        await write.arrayBuffer();
        if (write.status === 201) counts.acknowledged.push({ childId, startAt: body.startAt, at: performance.now() });
        else tally(write.status);
        const read = await fetch(`${base}/api/v1/children/${childId}`, { headers, signal: AbortSignal.timeout(30_000) });
        await read.arrayBuffer();
        if (read.status === 200) counts.reads += 1;
        else tally(read.status);
      } catch {
        counts.unanswered += 1;
        await sleep(100);
      }
    }
  };
  const tally = (status: number) => {
    if (status === 503) counts.unavailable += 1;
    else counts.unexpected[status] = (counts.unexpected[status] ?? 0) + 1;
  };

  const started = performance.now();
  const load = Promise.all(plans.map(client));
  const events: OutageEvent[] = [];
  /** Waits for the next acknowledged write after `from`, up to 60 s. */
  const recovery = async (from: number): Promise<number | null> => {
    for (const deadline = from + 60_000; performance.now() < deadline; await sleep(10)) {
      const next = counts.acknowledged.find((write) => write.at > from);
      if (next !== undefined) return Math.round(next.at - from);
    }
    return null;
  };
  try {
    await sleep(BETWEEN_MS);
    const killedAt = performance.now();
    const killed = await terminateBackends(cluster.url);
    events.push({ what: `pg_terminate_backend of Lantern's ${killed} connections`, recoveryMs: await recovery(killedAt) });
    for (let round = 1; round <= RESTARTS; round++) {
      for (const mode of ['fast', 'immediate'] as const) {
        await sleep(BETWEEN_MS);
        await cluster.stopServer(mode);
        await sleep(DOWN_MS);
        await cluster.startServer();
        const backAt = performance.now();
        events.push({
          what: `${mode === 'fast' ? 'restart' : 'crash (immediate stop) and restart'} ${round}, down ${DOWN_MS / 1000} s`,
          recoveryMs: await recovery(backAt),
        });
        log(`  ${events.at(-1)?.what ?? ''}: writes acknowledged again after ${events.at(-1)?.recoveryMs ?? '—'} ms`);
      }
    }
    await sleep(BETWEEN_MS);
  } finally {
    stop = true;
    await load;
  }
  const seconds = (performance.now() - started) / 1000;
  const serverStayedUp = server.exitCode === null && server.signalCode === null;

  const lostWrites = await countMissing(scratch.url, counts.acknowledged);
  const unexpectedCount = Object.values(counts.unexpected).reduce((sum, n) => sum + n, 0);
  return {
    date: new Date().toISOString(),
    database: `PostgreSQL on a throw-away cluster (default durability), pool of 10`,
    clients: CLIENTS,
    seconds: Math.round(seconds),
    events,
    acknowledgedWrites: counts.acknowledged.length,
    reads: counts.reads,
    unavailable: counts.unavailable,
    unexpected: counts.unexpected,
    unanswered: counts.unanswered,
    lostWrites,
    serverStayedUp,
    connectionLostLogLines: output()
      .split('\n')
      .filter((line) => line.includes('DATABASE_CONNECTION_LOST')).length,
    targetMet: serverStayedUp && unexpectedCount === 0 && counts.unanswered === 0 && lostWrites === 0 && events.every((event) => event.recoveryMs !== null),
  };
}

/**
 * Lantern as a process of its own, as in production (`serve`, on a free port on 127.0.0.1, no demo
 * data, warnings only), stopped by the cleanups; resolves once /health answers.
 */
export async function startLanternProcess(
  env: Record<string, string>,
  cleanups: Pick<Cleanups, 'push'>,
): Promise<{ server: ChildProcess; base: string; output: () => string }> {
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'src', 'cli', 'main.ts'), 'serve'], {
    // The load these runs drive comes through one token: its rate limit is not what they measure.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LANTERN_DEMO_CHILDREN: '0',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '10',
      LANTERN_API_REQUESTS_PER_MINUTE: '1000000',
      LANTERN_API_ORGANISATION_REQUESTS_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  cleanups.push(async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base);
  return { server, base, output: () => output };
}

async function waitForHealth(base: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200)) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
  }
  throw new Error('Lantern did not start within 2 minutes');
}

async function terminateBackends(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const result = await admin.query<{ count: number }>(
      "select count(pg_terminate_backend(pid))::int as count from pg_stat_activity where datname = 'lantern_outage' and pid <> pg_backend_pid()",
    );
    return result.rows[0]?.count ?? 0;
  } finally {
    await admin.end();
  }
}

/** Acknowledged writes not in the database after the run. */
export async function countMissing(url: string, acknowledged: readonly { childId: string; startAt: string }[]): Promise<number> {
  const handle = await openDatabase({ engine: 'postgres', url });
  try {
    const rows = await handle.db.selectFrom('missingEpisode').select(['childId', 'startAt']).execute();
    const present = new Set(rows.map((row) => `${row.childId} ${row.startAt}`));
    return acknowledged.filter((write) => !present.has(`${write.childId} ${write.startAt}`)).length;
  } finally {
    await handle.close();
  }
}

export function markdown(result: OutageResult): string {
  const lines = [
    `${result.database}; ${result.clients} clients, each writing a missing episode then reading the child, for ${result.seconds} s (${result.date}).`,
    '',
    '| Event | Writes acknowledged again after |',
    '|---|---:|',
    ...result.events.map((event) => `| ${event.what} | ${event.recoveryMs === null ? 'never' : `${event.recoveryMs} ms`} |`),
    '',
    `Acknowledged writes: ${result.acknowledgedWrites} (lost: **${result.lostWrites}**); reads: ${result.reads}; 503 answers: ${result.unavailable}; ` +
      `other answers: ${JSON.stringify(result.unexpected)}; unanswered requests: ${result.unanswered}. ` +
      `The server ${result.serverStayedUp ? '**stayed up**' : '**exited**'} and logged ${result.connectionLostLogLines} lost connections.`,
  ];
  return lines.join('\n');
}
