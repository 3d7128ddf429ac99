// npm run bench -- alerts: the national unit's UK-wide count of alerts past their clock, by authority (issue 14
// item 2), on PostgreSQL at a national size. The count runs on every view of the national unit's alerts page and
// every scrape of /metrics, so it must read the few open alerts through an index, not the years of answered ones.
// The load is 2,000,000 alerts over three years (LANTERN_BENCH_ALERTS for another size), a quarter of one per cent
// still open; the plan shown is the function's own statement, planned generically as a SQL function's is.
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Cleanups, Log } from './cleanups.ts';
import { createScratchDatabase, startPostgres } from './postgres.ts';

const ALERTS = Number(process.env['LANTERN_BENCH_ALERTS'] ?? 2_000_000);
/** Alerts neither acknowledged nor settled: a few thousand at any moment across the UK. */
const OPEN_SHARE = 0.0025;
const RUNS = 20;
/** The index the count should use (migration 0019): the alerts neither acknowledged nor settled. */
const INDEX = 'alert_open_clock_idx';

export interface AlertsSuiteResult {
  readonly suite: 'alerts';
  readonly startedAt: string;
  readonly machine: { readonly cpus: number; readonly node: string; readonly loadAverage: number };
  readonly database: string;
  readonly alerts: number;
  readonly open: number;
  readonly loadSeconds: number;
  readonly plan: string;
  readonly indexUsed: boolean;
  readonly medianMs: number;
  readonly p95Ms: number;
}

/** Alerts by SQL: each to an authority, raised in the last three years; the open ones raised in the last three days. */
function loadScript(alerts: number): string {
  return `
set session_replication_role = replica; -- no foreign-key checks: the alerts name no child or episode (the count reads neither)
select setseed(0.14);
create temp table bench_authority as select code, (row_number() over (order by code) - 1)::int as n from local_authority;
insert into alert (id, rule, child_id, responsible_authority_code, subject_type, subject_id, recipient, organisation_code,
  raised_by, raised_at, acknowledge_by, acknowledged_at, acknowledged_by, settled_at)
select gen_random_uuid(), (array['MISSING_REPORTED', 'MISSING_24_HOURS', 'INTERVIEW_48_HOURS', 'INTERVIEW_OVERDUE'])[1 + s.g % 4],
  gen_random_uuid(), a.code, 'missingEpisode', gen_random_uuid(),
  (array['responsible_duty', 'responsible_team_managers', 'police', 'host_duty'])[1 + (s.g / 4) % 4], a.code, 'lantern',
  s.raised, s.raised + interval '1 hour',
  case when s.open then null else s.raised + interval '20 minutes' end,
  case when s.open then null else 'bench' end,
  case when s.open then null else s.raised + interval '2 days' end
from (
  select g, r < ${OPEN_SHARE} as open,
    now() - (case when r < ${OPEN_SHARE} then interval '3 days' else interval '3 years' end) * random() as raised
  from (select g, random() as r from generate_series(1, ${alerts}) g) d
) s
join bench_authority a on a.n = s.g % (select count(*) from bench_authority);
reset session_replication_role;
`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

export async function alertsSuite(log: Log, cleanups: Cleanups): Promise<AlertsSuiteResult> {
  const startedAt = new Date().toISOString();
  const mark = cleanups.length;
  const server = await startPostgres();
  cleanups.push(() => server.stop());
  try {
    const scratch = await createScratchDatabase(server.url, 'lantern_bench_alerts');
    cleanups.push(() => scratch.drop());
    const handle = await openDatabase({ engine: 'postgres', url: scratch.url, poolSize: 1 });
    try {
      await migrate(handle);
    } finally {
      await handle.close();
    }
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    cleanups.push(() => client.end());
    log(`alerts: generating ${ALERTS.toLocaleString('en-GB')} alerts…`);
    const started = performance.now();
    await client.query(loadScript(ALERTS));
    await client.query('vacuum analyze alert');
    const loadSeconds = (performance.now() - started) / 1000;
    const open = Number((await client.query<{ n: string }>('select count(*) as n from alert where acknowledged_at is null and settled_at is null')).rows[0]?.n);
    log(`alerts: loaded in ${loadSeconds.toFixed(0)} s, ${open.toLocaleString('en-GB')} open`);

    // The function's own statement, with its parameter, planned as a SQL function's statement is: generically.
    const body = (await client.query<{ prosrc: string }>("select prosrc from pg_proc where proname = 'lantern_alerts_past_clock'")).rows[0]?.prosrc;
    if (body === undefined) throw new Error('lantern_alerts_past_clock is missing: are the migrations applied?');
    await client.query(`prepare past_clock(timestamptz) as ${body.replaceAll('p_now', '$1')}`);
    await client.query('set plan_cache_mode = force_generic_plan');
    const explained = await client.query<{ 'QUERY PLAN': string }>('explain (analyze, buffers, costs off, timing off) execute past_clock(now())');
    const plan = explained.rows.map((row) => row['QUERY PLAN']).join('\n');
    log(plan);

    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const at = performance.now();
      await client.query('select * from lantern_alerts_past_clock(now())');
      times.push(performance.now() - at);
    }
    times.sort((a, b) => a - b);
    return {
      suite: 'alerts',
      startedAt,
      machine: { cpus: availableParallelism(), node: process.version, loadAverage: loadavg()[0] ?? 0 },
      database: server.description,
      alerts: ALERTS,
      open,
      loadSeconds,
      plan,
      indexUsed: plan.includes(INDEX),
      medianMs: percentile(times, 0.5),
      p95Ms: percentile(times, 0.95),
    };
  } finally {
    await cleanups.runFrom(mark);
  }
}

export function markdown(result: AlertsSuiteResult): string {
  return [
    `Started ${result.startedAt}; ${result.machine.cpus} cores (load average ${result.machine.loadAverage.toFixed(1)}), Node ${result.machine.node}; ${result.database}.`,
    `${result.alerts.toLocaleString('en-GB')} alerts, ${result.open.toLocaleString('en-GB')} open, generated and analysed in ${result.loadSeconds.toFixed(0)} s.`,
    '',
    `\`lantern_alerts_past_clock\`: median ${result.medianMs.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms over ${RUNS} calls; ${INDEX} ${result.indexUsed ? 'used' : '**not used**'}.`,
    '',
    '```',
    result.plan,
    '```',
  ].join('\n');
}
