// Where a missing-episode request spends its time, in more detail than the `api` suite:
//   npm exec -- node bench/diagnose.ts [postgres|pglite]
// 1. every statement one POST sends, with its average wall time (one client, no HTTP socket);
// 2. on PostgreSQL, what the server's backends wait on with 32 concurrent writers;
// 3. how validating the whole record grows with the episodes already on it.
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { ukDateOf } from '../src/domain/dates.ts';
import { introducedErrors } from '../src/domain/validation/rules.ts';
import { createRuntimeServices } from '../src/runtime.ts';
import type { Services } from '../src/services/index.ts';
import { buildEpisode, buildRecord } from '../test/factories/child-record.ts';
import { Cleanups } from './cleanups.ts';
import { episodeBody, episodeTimes } from './load.ts';
import { createScratchDatabase, startPostgres } from './postgres.ts';

const KENT = 'E10000016';
const engine = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

// ---- Statement timing: wrap the driver's query method.
const timings = new Map<string, { count: number; ms: number }>();
let recording = false;
type QueryFn = (...args: unknown[]) => Promise<unknown>;
function timed(original: QueryFn): QueryFn {
  return function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const first = args[0];
    const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? String(first.text) : '?';
    const started = performance.now();
    const result = original.apply(this, args);
    if (recording && result instanceof Promise) {
      void result.then(() => {
        const key = text.replace(/\s+/g, ' ').slice(0, 100);
        const entry = timings.get(key) ?? { count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += performance.now() - started;
        timings.set(key, entry);
      });
    }
    return result;
  };
}
if (engine === 'postgres') {
  const prototype = pg.Client.prototype as unknown as { query: QueryFn };
  prototype.query = timed(prototype.query);
} else {
  const prototype = PGlite.prototype as unknown as { query: QueryFn };
  prototype.query = timed(prototype.query);
}

async function makeChildren(
  services: Services,
  actor: NonNullable<Awaited<ReturnType<Services['apiTokens']['authenticate']>>>,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const child = await services.children.addLookedAfterChild(actor, {
      laChildId: `D${randomUUID().slice(0, 8)}`,
      givenNames: 'Ana',
      familyName: 'Benchchild',
      sex: 'F',
      dateOfBirthClaimed: '2009-04-12',
      nationality: 'AL',
      upn: 'UN2', // no UPN, and why: 903 rule 442
    });
    if (!child.ok) throw new Error(`create child: ${JSON.stringify(child.error)}`);
    const period = await services.children.addCarePeriod(actor, child.value.child.id, { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1' });
    if (!period.ok) throw new Error(`care period: ${JSON.stringify(period.error)}`);
    ids.push(child.value.child.id);
  }
  return ids;
}

const cleanups = new Cleanups();
try {
  let url: string | null = null;
  if (engine === 'postgres') {
    const server = await startPostgres();
    cleanups.push(() => server.stop());
    const scratch = await createScratchDatabase(server.url, 'lantern_diagnose');
    cleanups.push(() => scratch.drop());
    url = scratch.url;
  }
  const handle = await openDatabase(url === null ? { engine: 'pglite', dataDir: null } : { engine: 'postgres', url, poolSize: 40 });
  cleanups.push(() => handle.close());
  await migrate(handle);
  const services = createRuntimeServices(handle);
  const app = await buildApp({ services, engine });
  cleanups.push(() => app.close());
  const created = await services.apiTokens.createToken(KENT, 'social_worker', 'diagnose');
  if (!created.ok) throw new Error('token');
  const token = created.value.token;
  const actor = await services.apiTokens.authenticate(token, '127.0.0.1');
  if (actor === null) throw new Error('The token does not authenticate');
  const post = async (childId: string, slot: number): Promise<void> => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/children/${childId}/missing-episodes`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(episodeBody(slot)),
    });
    if (response.statusCode !== 201) throw new Error(`HTTP ${response.statusCode}: ${response.body.slice(0, 500)}`);
  };

  // 1. Statements of one request, one client at a time: 20 children, 10 episodes each.
  const children = await makeChildren(services, actor, 20);
  let measured = 0;
  for (let n = 0; n < 200; n++) {
    if (n === 50) recording = true;
    await post(children[n % children.length] ?? '', Math.floor(n / children.length));
    if (recording) measured += 1;
  }
  recording = false;
  write(`## ${engine}: the statements of one POST /children/:id/missing-episodes (average wall time, one client)\n`);
  let total = 0;
  for (const [text, { count, ms }] of timings) {
    total += ms;
    write(`${(count / measured).toFixed(1)} × ${(ms / count).toFixed(3).padStart(6)} ms  ${text}`);
  }
  write(`\n${(total / measured).toFixed(2)} ms of database wall time per request, over ${measured} requests\n`);

  // 2. What PostgreSQL's backends wait on with 32 writers, each on its own children.
  if (url !== null) {
    const writers = await Promise.all(Array.from({ length: 32 }, () => makeChildren(services, actor, 3)));
    const monitor = new pg.Client({ connectionString: url });
    await monitor.connect();
    const waits = new Map<string, number>();
    let samples = 0;
    const sampler = { running: true };
    const sampling = (async () => {
      while (sampler.running) {
        const result = await monitor.query<{ what: string; n: string }>(
          `select coalesce(wait_event_type || ':' || wait_event, 'on CPU') || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as what, count(*) as n
             from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and state = 'active'
            group by 1`,
        );
        samples += 1;
        for (const row of result.rows) waits.set(row.what, (waits.get(row.what) ?? 0) + Number(row.n));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    let done = 0;
    const until = performance.now() + 5000;
    await Promise.all(
      writers.map(async (ids) => {
        for (let n = 0; performance.now() < until; n++) {
          await post(ids[Math.floor(n / 10) % ids.length] ?? '', n);
          done += 1;
        }
      }),
    );
    sampler.running = false;
    await sampling;
    await monitor.end();
    write(`## postgres: what the backends wait on, 32 writers (${done} requests in 5 s, no HTTP socket)\n`);
    write('Average number of active backends, by wait and statement, over ' + String(samples) + ' samples:\n');
    for (const [what, n] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 10)) write(`${(n / samples).toFixed(2).padStart(6)}  ${what}`);
    write('');
  }

  // 3. Validation of the whole record, before and after the new episode, by episodes already on it.
  write('## Validating the record (introducedErrors: the record before and after the change), by episodes on it\n');
  const now = new Date().toISOString();
  const context = { now, today: ukDateOf(now) };
  for (const count of [0, 10, 30, 100, 300]) {
    const episodes = Array.from({ length: count }, (_, slot) => buildEpisode({ id: randomUUID(), ...episodeTimes(slot), returnInterview: null }));
    const before = buildRecord({ missingEpisodes: episodes });
    const after = { ...before, missingEpisodes: [...episodes, buildEpisode({ id: randomUUID(), ...episodeTimes(count), returnInterview: null })] };
    const rounds = count >= 300 ? 10 : 200;
    for (let n = 0; n < 5; n++) introducedErrors(before, after, context);
    const started = performance.now();
    for (let n = 0; n < rounds; n++) introducedErrors(before, after, context);
    write(`${String(count).padStart(4)} episodes: ${((performance.now() - started) / rounds).toFixed(3)} ms`);
  }
} finally {
  await cleanups.runFrom(0);
}
