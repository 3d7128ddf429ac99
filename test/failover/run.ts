// npm run test:failover — PostgreSQL failover with nothing acknowledged lost (issue 16 item 2).
//
// Starts the topology of docs/deployment.md on loopback in a temporary folder (etcd, three PostgreSQL
// members under Patroni with synchronous replication, HAProxy), runs Lantern as its own process on it
// (writes through HAProxy's leader port, search and statistics through its replica port), drives writes,
// reads and pages from several clients, kills the leader's postmaster with SIGKILL mid-load, and checks:
//   - every write that got a 2xx is in the database after the failover;
//   - no request got a 500 or any answer but 2xx and 503, every 503 had Retry-After, and every page
//     answered 503 was the GOV.UK "Sorry, the service is unavailable" page;
//   - the audit chain still verifies;
//   - writes were acknowledged again within 30 seconds of the kill.
// Prints the figures (Markdown for docs/benchmarks.md) and exits 1 if a check failed, 2 if it could not run.
import { makePlans } from '../../bench/api.ts';
import { episodeBody, nextTarget } from '../../bench/load.ts';
import type { ClientPlan } from '../../bench/load.ts';
import { countMissing, startLanternProcess } from '../../bench/outage.ts';
import { createScratchDatabase } from '../../bench/postgres.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { UNAVAILABLE_TITLE } from '../../src/features/unavailable.ts';
import { createRuntimeServices } from '../../src/runtime.ts';
import { missingTools, startPatroniCluster } from './patroni-cluster.ts';
import type { PatroniCluster } from './patroni-cluster.ts';

const KENT = 'E10000016';
const WRITERS = Number(process.env['FAILOVER_WRITERS'] ?? 6);
/** Load before the kill, and after writes are acknowledged again. */
const BEFORE_MS = 8_000;
const AFTER_MS = 10_000;
const RESUME_LIMIT_MS = 30_000;

const out = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  readonly kind: 'write' | 'read' | 'search' | 'page';
  readonly sentAt: number;
  readonly at: number;
  /** 0 when the server did not answer at all. */
  readonly status: number;
  readonly retryAfter: boolean;
  /** For a page answered 503: whether it is the GOV.UK unavailable page. */
  readonly unavailablePage?: boolean;
}

const missing = missingTools();
if (missing.length > 0) {
  log(`The failover test needs ${missing.join(', ')}: apt-get install patroni python3-etcd etcd-server haproxy postgresql`);
  process.exit(2);
}

const runStarted = performance.now();
const cleanups: (() => Promise<void>)[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}
async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).toReversed()) await step().catch((error: unknown) => log(`Cleanup failed: ${String(error)}`));
}

try {
  const passed = await run();
  await cleanUp();
  out(`Whole run, set-up and tear-down included: ${Math.round((performance.now() - runStarted) / 1000)} s`);
  process.exit(passed ? 0 : 1);
} catch (error) {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await cleanUp();
  process.exit(2);
}

async function run(): Promise<boolean> {
  log('Starting etcd, three PostgreSQL members under Patroni and HAProxy on loopback…');
  const clusterStarted = performance.now();
  const cluster = await startPatroniCluster(log);
  cleanups.push(() => cluster.destroy());
  const clusterSeconds = Math.round((performance.now() - clusterStarted) / 1000);
  const firstLeader = await cluster.waitForLeader(10_000);
  log(`Cluster up in ${clusterSeconds} s; leader ${firstLeader}`);

  const write = await createScratchDatabase(cluster.writeUrl, 'lantern_failover');
  const readUrl = new URL(cluster.readUrl);
  readUrl.pathname = '/lantern_failover';

  // The token, a signed-in session and each writer's children, made before the server starts.
  const setup = await openDatabase({ engine: 'postgres', url: write.url });
  await migrate(setup);
  const services = createRuntimeServices(setup);
  const created = await services.apiTokens.createToken(KENT, 'social_worker', 'failover test');
  if (!created.ok) throw new Error(`token: ${JSON.stringify(created.error)}`);
  const token = created.value.token;
  const actor = await services.apiTokens.authenticate(token, '127.0.0.1');
  if (actor === null) throw new Error('The test token does not authenticate');
  const plans = await makePlans(services, actor, WRITERS, 5);
  const email = 'failover.worker@kent.example.gov.uk';
  const user = await services.users.createUser({
    organisationCode: KENT,
    role: 'social_worker',
    email,
    displayName: 'Failover Worker',
    password: 'a long unusual passphrase',
  });
  if (!user.ok) throw new Error(`user: ${JSON.stringify(user.error)}`);
  const session = await services.users.startSessionFor(KENT, email, null, null, 'failover test');
  if (!session.ok) throw new Error('no session');
  await setup.close();

  const { server, base, output } = await startLanternProcess({ DATABASE_URL: write.url, DATABASE_READ_URL: readUrl.toString() }, cleanups);
  log(`Lantern on ${base}: ${WRITERS} API writers, an API searcher and a browser-like reader`);

  const answers: Answer[] = [];
  const acknowledged: { childId: string; startAt: string }[] = [];
  let stop = false;
  const api = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const ask = async (kind: Answer['kind'], url: string, init: RequestInit): Promise<Answer> => {
    const sentAt = performance.now();
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      const body = await response.text();
      const answer: Answer = {
        kind,
        sentAt,
        at: performance.now(),
        status: response.status,
        retryAfter: response.headers.has('retry-after'),
        ...(kind === 'page' && response.status === 503 ? { unavailablePage: body.includes(UNAVAILABLE_TITLE) && body.includes('govuk-') } : {}),
      };
      answers.push(answer);
      return answer;
    } catch {
      const answer: Answer = { kind, sentAt, at: performance.now(), status: 0, retryAfter: false };
      answers.push(answer);
      await sleep(100);
      return answer;
    }
  };
  const writer = async (plan: ClientPlan) => {
    for (let n = 0; !stop; n++) {
      const { childId, slot } = nextTarget(plan, n);
      const body = episodeBody(slot);
      const answer = await ask('write', `${base}/api/v1/children/${childId}/missing-episodes`, { method: 'POST', headers: api, body: JSON.stringify(body) });
      if (answer.status >= 200 && answer.status < 300) acknowledged.push({ childId, startAt: body.startAt });
      else if (answer.status === 409 || answer.status === 422) throw new Error(`A write was refused (${answer.status}): the test's own plan is wrong`);
      await ask('read', `${base}/api/v1/children/${childId}`, { headers: api });
    }
  };
  const searcher = async () => {
    while (!stop) await ask('search', `${base}/api/v1/children/search`, { method: 'POST', headers: api, body: JSON.stringify({ q: 'Benchchild' }) });
  };
  const childIds = plans.flatMap((plan) => plan.children.map((child) => child.id));
  const browser = async () => {
    const headers = { cookie: `lantern-session=${session.value.sessionToken}` };
    for (let n = 0; !stop; n++) await ask('page', n % 2 === 0 ? `${base}/` : `${base}/children/${childIds[n % childIds.length] ?? ''}`, { headers });
  };

  const loadStarted = performance.now();
  const load = Promise.all([...plans.map(writer), searcher(), browser()]);
  let killedAt = 0;
  let newLeader = '';
  let resumedAfterMs: number | null = null;
  try {
    await sleep(BEFORE_MS);
    const postmaster = cluster.postmaster(firstLeader);
    killedAt = performance.now();
    process.kill(postmaster, 'SIGKILL');
    log(`SIGKILL to ${firstLeader}'s postmaster (pid ${postmaster}) at ${Math.round((killedAt - loadStarted) / 1000)} s into the load`);
    newLeader = await cluster.waitForLeader(90_000, { other: firstLeader }).catch(() => '');
    log(newLeader === '' ? 'No new leader within 90 s' : `${newLeader} leads`);
    resumedAfterMs = await resumption(answers, killedAt);
    log(`Writes acknowledged again ${resumedAfterMs === null ? 'never' : `${(resumedAfterMs / 1000).toFixed(1)} s`} after the kill`);
    await sleep(AFTER_MS);
  } finally {
    stop = true;
    await load;
  }
  const serverStayedUp = server.exitCode === null && server.signalCode === null;
  const loadSeconds = Math.round((performance.now() - loadStarted) / 1000);

  const lost = await countMissing(write.url, acknowledged);
  const audit = await verifyAudit(write.url);
  return report({
    cluster,
    clusterSeconds,
    firstLeader,
    newLeader,
    answers,
    acknowledged: acknowledged.length,
    lost,
    audit,
    resumedAfterMs,
    serverStayedUp,
    loadSeconds,
    killedAt,
    serverOutput: output(),
  });
}

/**
 * How long after the kill writes were acknowledged again: to the first 2xx write sent after the last
 * write that failed (or the kill, if none failed). Null if writes failed to the end.
 */
function resumption(answers: readonly Answer[], killedAt: number): Promise<number | null> {
  return (async () => {
    for (const deadline = killedAt + 90_000; performance.now() < deadline; await sleep(100)) {
      const writes = answers.filter((answer) => answer.kind === 'write' && answer.sentAt >= killedAt - 5_000);
      const lastFailure = writes
        .filter((answer) => answer.status < 200 || answer.status >= 300)
        .reduce((latest, answer) => Math.max(latest, answer.at), killedAt);
      const next = writes.find((answer) => answer.status >= 200 && answer.status < 300 && answer.sentAt >= lastFailure);
      // Settled: a success after the last failure, and two seconds more with no new failure.
      if (next !== undefined && performance.now() - lastFailure > 2_000) return Math.round(next.at - killedAt);
    }
    return null;
  })();
}

async function verifyAudit(url: string): Promise<{ events: number; findings: number }> {
  const handle = await openDatabase({ engine: 'postgres', url });
  try {
    const { events, findings } = await createRuntimeServices(handle).audit.verify();
    return { events, findings: findings.length };
  } finally {
    await handle.close();
  }
}

interface Figures {
  readonly cluster: PatroniCluster;
  readonly clusterSeconds: number;
  readonly firstLeader: string;
  readonly newLeader: string;
  readonly answers: readonly Answer[];
  readonly acknowledged: number;
  readonly lost: number;
  readonly audit: { events: number; findings: number };
  readonly resumedAfterMs: number | null;
  readonly serverStayedUp: boolean;
  readonly loadSeconds: number;
  readonly killedAt: number;
  readonly serverOutput: string;
}

function report(figures: Figures): boolean {
  const { answers } = figures;
  const byKind = (kind: Answer['kind']) => answers.filter((answer) => answer.kind === kind);
  const statuses = (list: readonly Answer[]) => {
    const counts: Record<string, number> = {};
    for (const answer of list)
      counts[answer.status === 0 ? 'unanswered' : String(answer.status)] = (counts[answer.status === 0 ? 'unanswered' : String(answer.status)] ?? 0) + 1;
    return Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
  };
  const unexpected = answers.filter((answer) => !(answer.status >= 200 && answer.status < 300) && answer.status !== 503);
  const unavailable = answers.filter((answer) => answer.status === 503);
  const withoutRetryAfter = unavailable.filter((answer) => !answer.retryAfter).length;
  const pagesNotTryAgain = unavailable.filter((answer) => answer.kind === 'page' && answer.unavailablePage !== true).length;
  const serverErrorsLogged = figures.serverOutput.split('\n').filter((line) => line.includes('UNHANDLED')).length;
  const checks: [string, boolean][] = [
    [
      `every acknowledged write is present after the failover (${figures.acknowledged} acknowledged, ${figures.lost} missing)`,
      figures.lost === 0 && figures.acknowledged > 0,
    ],
    [`no answer but 2xx and 503 (${unexpected.length} others: ${statuses(unexpected) || 'none'})`, unexpected.length === 0],
    [`every 503 carried Retry-After (${unavailable.length} answered 503, ${withoutRetryAfter} without)`, withoutRetryAfter === 0],
    [
      `every page answered 503 was the GOV.UK "try again" page (${unavailable.filter((answer) => answer.kind === 'page').length} such pages, ${pagesNotTryAgain} not)`,
      pagesNotTryAgain === 0,
    ],
    [`the audit chain verifies (${figures.audit.events} events, ${figures.audit.findings} findings)`, figures.audit.findings === 0],
    [
      `writes acknowledged again within ${RESUME_LIMIT_MS / 1000} s of the kill (${figures.resumedAfterMs === null ? 'never' : `${(figures.resumedAfterMs / 1000).toFixed(1)} s`})`,
      figures.resumedAfterMs !== null && figures.resumedAfterMs <= RESUME_LIMIT_MS,
    ],
    [`a new leader was elected (${figures.firstLeader} → ${figures.newLeader || 'none'})`, figures.newLeader !== ''],
    [`the Lantern server stayed up and logged no unhandled error (${serverErrorsLogged} logged)`, figures.serverStayedUp && serverErrorsLogged === 0],
  ];
  const window =
    unavailable.length === 0
      ? null
      : { from: Math.min(...unavailable.map((a) => a.at)) - figures.killedAt, to: Math.max(...unavailable.map((a) => a.at)) - figures.killedAt };
  out('');
  out(
    `Failover on ${new Date().toISOString().slice(0, 10)}: three PostgreSQL members under Patroni (synchronous replication), HAProxy, Lantern as its own process; ` +
      `${WRITERS} API writers (each a missing episode, then a read of the child), an API searcher and a browser-like reader, for ${figures.loadSeconds} s; the leader's postmaster killed with SIGKILL after ${BEFORE_MS / 1000} s.`,
  );
  out('');
  out('| Requests | Answers |');
  out('|---|---|');
  for (const kind of ['write', 'read', 'search', 'page'] as const) out(`| ${kind} | ${statuses(byKind(kind))} |`);
  out('');
  out(
    `Cluster start ${figures.clusterSeconds} s. 503s from ${window === null ? '—' : `${(window.from / 1000).toFixed(1)} s to ${(window.to / 1000).toFixed(1)} s`} after the kill.`,
  );
  out('');
  for (const [what, ok] of checks) out(`- ${ok ? 'PASS' : 'FAIL'}: ${what}`);
  const failed = checks.filter(([, ok]) => !ok).length;
  out('');
  out(`failover: ${checks.length - failed} passed, ${failed} failed`);
  if (failed > 0) log(`Cluster logs were in ${figures.cluster.folder}; set LANTERN_FAILOVER_KEEP=1 to keep them`);
  return failed === 0;
}
