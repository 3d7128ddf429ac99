// Suite `statistics` (issue 5): the UK-wide "Heading back to harm" report over 1,000,000 children and
// 5,000,000 missing episodes on PostgreSQL (target: under 1 s), and over 100,000 children on PGlite.
//
// The population is generated in the database with generate_series (the per-child seed would take an hour at
// this size). A million children is about 25 years of entrants to care across the UK (some 40,000 a year), so
// care begins at any time from 2001 to the census date (30 September 2025): a 12-month period then holds about
// as many looked-after children as the UK really has in a year (and three times the episodes), and the rest is
// history. The 212
// authorities are weighted by size (shire counties large, London boroughs small, the UASC gateways larger);
// care histories are split into one to three care periods, 30% placed out of area within the region, about 7.5% UASC and 2.5% with a trafficking concern
// (suspected, then some identified, confirmed or found not trafficked), about a quarter of children missing at
// some time with a long-tailed number of episodes, 10% of them `A`, durations as the DfE reports them, and
// return interviews for most ended episodes. Deterministic for a given size (setseed).
//
// Sizes for a quicker try: BENCH_CHILDREN=100000 BENCH_EPISODES=500000 BENCH_ENGINES=postgres npm run bench -- statistics
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/client.ts';
import type { DatabaseHandle, Engine } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { parseStatisticsQuery } from '../src/domain/statistics/query.ts';
import type { StatisticsQueryInput } from '../src/domain/statistics/query.ts';
import type { Actor } from '../src/domain/access/actor.ts';
import { createServices } from '../src/services/index.ts';
import { waitForQuiet } from './cpu.ts';
import { createScratchDatabase, startPostgres } from './postgres.ts';
import type { Cleanups, Log } from './cleanups.ts';

const ENGINES: readonly Engine[] = (process.env['BENCH_ENGINES'] ?? 'postgres,pglite')
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is Engine => name === 'pglite' || name === 'postgres');
const SIZES: Record<Engine, { children: number; episodes: number }> = {
  postgres: { children: Number(process.env['BENCH_CHILDREN'] ?? 1_000_000), episodes: Number(process.env['BENCH_EPISODES'] ?? 5_000_000) },
  pglite: { children: Number(process.env['BENCH_PGLITE_CHILDREN'] ?? 100_000), episodes: Number(process.env['BENCH_PGLITE_EPISODES'] ?? 500_000) },
};
const WARM_RUNS = Number(process.env['BENCH_RUNS'] ?? 10);
const TARGET_MS = 1000;
const PERIOD = { from: '2024-10-01', to: '2025-09-30' };

/**
 * What is timed: the target case first. Each is the whole service call: authorise, audit, count, protect (perturb,
 * suppress, round), as the national unit unless `owner` names the authority whose data officer asks for its own
 * children (ten years is not a standard period: only an owner may ask for one).
 */
const CASES: readonly {
  readonly name: string;
  readonly input: Partial<StatisticsQueryInput>;
  readonly trendYears?: number;
  readonly runs?: number;
  readonly owner?: string;
}[] = [
  { name: 'UK, trafficked (the HBTH table)', input: { cohort: 'trafficked' } },
  { name: 'UK, UASC', input: { cohort: 'uasc' } },
  { name: 'UK, trafficked or UASC, M and A, by host', input: { cohort: 'either', missingTypes: 'M,A', attribution: 'host' } },
  { name: 'London, trafficked', input: { cohort: 'trafficked', geography: 'region:London' } },
  { name: 'Kent, trafficked', input: { cohort: 'trafficked', geography: 'authority:E10000016' } },
  { name: 'UK, all looked-after children (every breakdown over everyone)', input: { cohort: 'all' }, runs: 3 },
  {
    name: 'Kent, its own trafficked children over ten years (2015-10-01 to 2025-09-30)',
    input: { cohort: 'trafficked', from: '2015-10-01', geography: 'authority:E10000016' },
    runs: 3,
    owner: 'E10000016',
  },
  { name: 'UK, trafficked, 5-year trend', input: { cohort: 'trafficked' }, trendYears: 5, runs: 3 },
];

interface Timing {
  readonly name: string;
  readonly coldMs: number;
  readonly warmMs: readonly number[];
  readonly medianMs: number;
  readonly p95Ms: number;
}

interface EngineResult {
  readonly engine: Engine;
  readonly database: string;
  readonly rows: Record<string, number>;
  readonly loadSeconds: number;
  readonly timings: readonly Timing[];
  /** The UK trafficked figures, as published, to show the data is plausible. */
  readonly sample: Record<string, unknown>;
}

export interface StatisticsSuiteResult {
  readonly suite: 'statistics';
  readonly startedAt: string;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly engines: readonly EngineResult[];
  readonly targetMet: boolean | null;
}

/** The generating script: temporary tables of random draws, then the record's tables in foreign-key order. */
function populationScript(children: number, episodes: number): string {
  return `
set session_replication_role = replica; -- no foreign-key triggers while bulk loading (the rows are consistent by construction)
set maintenance_work_mem = '256MB';
select setseed(0.2016);

-- Secondary indexes are dropped while loading and built again afterwards, from their own definitions (much
-- quicker than maintaining them row by row); primary keys and unique constraints stay.
create temp table bench_index as
select indexname, indexdef from pg_indexes
where schemaname = 'public'
  and tablename in ('child', 'care_period', 'uasc_period', 'trafficking_concern', 'trafficking_status', 'missing_episode', 'return_interview')
  and indexname not in (select conname from pg_constraint);
do $$
declare
  r record;
begin
  for r in select indexname from bench_index loop
    execute format('drop index %I', r.indexname);
  end loop;
end
$$;

create temp table bench_weight as
select code, region,
  (case when code like 'E10%' then 2.1 when code like 'E08%' then 1.3 when code like 'E09%' then 0.55 when code like 'E06%' then 0.65
        when nation = 'WAL' then 0.6 when nation = 'SCO' then 0.65 when nation = 'NI' then 1.4 else 0.8 end)
  * (0.6 + 0.8 * random())
  * (case code when 'E10000016' then 3 when 'E09000008' then 2 when 'E09000017' then 2 when 'E08000003' then 1.5 else 1 end) as w
from local_authority;
create temp table bench_slots as
select array_agg(code order by code, k) as codes
from bench_weight, lateral generate_series(1, greatest(1, round(w * 2000 / (select sum(w) from bench_weight))::int)) k;
create temp table bench_region as select region, array_agg(code order by code) as codes from local_authority group by region;

create temp table bench_draw as
select n, random() as r_auth, random() as r_uasc, random() as r_traf, random() as r_start, random() as r_age, random() as r_age2,
  random() as r_len, random() as r_sex, random() as r_nat, random() as r_out, random() as r_host, random() as r_miss, random() as r_count
from generate_series(1, ${children}) n;

create temp table bench_child as
select d.n, md5('child:' || d.n)::uuid as id, d.authority, d.uasc, d.trafficked, d.care_start, d.dob,
  case when d.care_start + d.care_days > date '2025-09-30' then null else d.care_start + d.care_days end as care_end,
  case when d.r_out < 0.3 then r.codes[1 + floor(d.r_host * cardinality(r.codes))::int] else d.authority end as host,
  case when d.uasc then (case when d.r_sex < 0.95 then 'M' else 'F' end) when d.r_sex < 0.56 then 'M' when d.r_sex < 0.99 then 'F' else 'U' end as sex,
  case
    when d.uasc then (array['AF','ER','SD','IR','VN','AL','SY','IQ','ET','EG'])[1 + floor(d.r_nat * 10)::int]
    when d.trafficked then (array['GB','GB','GB','GB','VN','AL','RO','ER','SD','NG'])[1 + floor(d.r_nat * 10)::int]
    when d.r_nat < 0.85 then 'GB' when d.r_nat < 0.93 then null
    else (array['PL','RO','NG','PK','IN','SO','unknown','IE'])[1 + floor((d.r_nat - 0.93) / 0.07 * 8)::int]
  end as nationality,
  d.r_miss < (case when d.trafficked then 0.5 when d.uasc then 0.3 else 0.22 end) as goes_missing,
  d.r_count
from (
  select b.*, least(greatest(30, (b.dob + interval '18 years')::date - b.care_start), 30 + floor(b.r_len ^ 2 * 2500)::int) as care_days
  from (
    select a.*, a.care_start - (a.age * 365.25 + floor(a.r_age2 * 300))::int as dob
    from (
      select d0.*, s.codes[1 + floor(d0.r_auth * cardinality(s.codes))::int] as authority,
        d0.r_uasc < 0.075 as uasc,
        d0.r_traf < (case when d0.r_uasc < 0.075 then 0.12 else 0.016 end) as trafficked,
        date '2001-01-01' + floor(d0.r_start * 9000)::int as care_start,
        case when d0.r_uasc < 0.075 then 14 + floor(d0.r_age * 4)
             when d0.r_age < 0.2 then floor(d0.r_age2 * 5) when d0.r_age < 0.35 then 5 + floor(d0.r_age2 * 5)
             when d0.r_age < 0.75 then 10 + floor(d0.r_age2 * 6) else 16 + floor(d0.r_age2 * 2) end as age
      from bench_draw d0, bench_slots s
    ) a
  ) b
) d
join bench_weight w on w.code = d.authority
join bench_region r on r.region = w.region;

insert into child (id, responsible_authority_code, la_child_id, given_names, family_name, sex, date_of_birth_claimed, nationality, created_at, updated_at)
select id, authority, 'B' || n, 'Bench', 'Child', sex, dob, nationality, care_start::timestamptz, care_start::timestamptz from bench_child;

insert into care_period (id, child_id, start_date, end_date, legal_status, placement_type, responsible_authority_code, host_authority_code, created_at, updated_at)
select md5('cp:' || c.n || ':' || i)::uuid, c.id,
  c.care_start + ((i - 1) * span / k),
  case when i < k then c.care_start + (i * span / k) - 1 else c.care_end end,
  'C2', (array['U1','U2','U3','U4','U5','U6','U4','U6','U1','U4','K2','K2','H5','K3','R1','P1','S1','T0','Z1','U6'])[1 + floor(p.r * 20)::int],
  c.authority, c.host, c.care_start::timestamptz, c.care_start::timestamptz
from bench_child c,
  lateral (select 1 + c.n % 3 as k, coalesce(c.care_end, date '2025-09-30') - c.care_start + 1 as span) s,
  lateral generate_series(1, s.k) i,
  lateral (select random() + 0 * i as r) p;

insert into uasc_period (id, child_id, start_date, ceased_date, created_at, updated_at)
select md5('uasc:' || n)::uuid, id, care_start,
  case when (dob + interval '18 years')::date <= date '2025-09-30' then (dob + interval '18 years')::date end, care_start::timestamptz, care_start::timestamptz
from bench_child where uasc;

create temp table bench_concern as
select n, id, md5('tc:' || n)::uuid as concern, care_start + floor(random() * (coalesce(care_end, date '2025-09-30') - care_start) * 0.5)::int as raised,
  random() as r_a, random() as r_b, random() as r_c
from bench_child where trafficked;
insert into trafficking_concern (id, child_id, raised_on, raised_by, created_at, updated_at)
select concern, id, raised, 'Benchmark', raised::timestamptz, raised::timestamptz from bench_concern;
insert into trafficking_status (id, concern_id, status, effective_from, basis, created_at)
select md5('ts1:' || n)::uuid, concern, 'SUSPECTED', raised, 'CONCERN_RAISED', raised::timestamptz from bench_concern
union all
select md5('ts2:' || n)::uuid, concern, 'IDENTIFIED', raised + 30 + floor(r_c * 60)::int, 'RG_POSITIVE', (raised + 30 + floor(r_c * 60)::int)::timestamptz from bench_concern where r_a < 0.45
union all
select md5('ts3:' || n)::uuid, concern, 'CONFIRMED', raised + 230 + floor(r_c * 200)::int, 'CG_POSITIVE', (raised + 230 + floor(r_c * 200)::int)::timestamptz from bench_concern where r_a < 0.45 and r_b < 0.5
union all
select md5('ts4:' || n)::uuid, concern, 'NOT_TRAFFICKED', raised + 100 + floor(r_c * 200)::int, 'CG_NEGATIVE', (raised + 100 + floor(r_c * 200)::int)::timestamptz from bench_concern where r_a >= 0.45 and r_b < 0.15;

-- Still missing at the census date: a few children still in care, more of them trafficked or UASC.
insert into missing_episode (id, child_id, type, start_at, end_at, responsible_authority_code, host_authority_code, created_at, updated_at)
select md5('open:' || n)::uuid, id, 'M', t, null, authority, host, t, t
from (select *, timestamptz '2025-08-01 00:00:00+00' + random() * interval '60 days' as t from bench_child
      where care_end is null and random() < (case when trafficked then 0.08 when uasc then 0.04 else 0.01 end)) open_children;

-- The rest, closed: a long-tailed number per child who goes missing (exponential, mean chosen to reach the total).
insert into missing_episode (id, child_id, type, start_at, end_at, responsible_authority_code, host_authority_code, created_at, updated_at)
select md5('ep:' || c.n || ':' || k)::uuid, c.id, case when e.r_type < 0.1 then 'A' else 'M' end, e.st, e.st + e.hours * interval '1 hour', c.authority, c.host, e.st, e.st
from (select *, greatest(1, round(-ln(1 - r_count) * ${episodes} / (select count(*) from bench_child where goes_missing)))::int as episodes
      from bench_child where goes_missing) c,
  lateral generate_series(1, c.episodes) k,
  lateral (
    select (c.care_start + floor(random() * (coalesce(c.care_end, date '2025-07-31') - c.care_start + 1))::int)::timestamp::timestamptz + random() * interval '24 hours' as st,
      random() as r_type,
      case when u < 0.35 then 1 + 11 * v when u < 0.63 then 12 + 12 * v when u < 0.9 then 24 + 24 * v when u < 0.97 then 48 + 120 * v when u < 0.995 then 168 + 552 * v else 720 + 2160 * v end as hours
    from (select random() + 0 * k as u, random() as v) uv
  ) e
limit (select ${episodes} - count(*) from missing_episode);

insert into return_interview (id, episode_id, offered_at, response, completed_at, created_at, updated_at)
select md5('rhi:' || m.id)::uuid, m.id, case when m.q < 0.85 then m.end_at + interval '2 hours' end,
  case when m.q < 0.68 then 'ACCEPTED' when m.q < 0.85 then 'DECLINED' else 'NOT_OFFERED' end,
  case when m.q < 0.68 then m.end_at + random() * interval '130 hours' end, m.end_at, m.end_at
from (select id, end_at, random() as r, random() as q from missing_episode where end_at is not null) m
where m.r < 0.88;

do $$
declare
  r record;
begin
  for r in select indexdef from bench_index loop
    execute r.indexdef;
  end loop;
end
$$;
set session_replication_role = origin;
analyze;
`;
}

const ANALYST: Actor = { id: 'benchmark', organisationCode: 'benchmark', localAuthorityCode: null, role: 'national_analyst' };

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

async function tableRows(handle: DatabaseHandle): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of ['child', 'care_period', 'uasc_period', 'trafficking_concern', 'trafficking_status', 'missing_episode', 'return_interview'] as const) {
    const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db);
    rows[table] = result.rows[0]?.n ?? 0;
  }
  return rows;
}

async function timeCases(handle: DatabaseHandle, log: Log): Promise<Timing[]> {
  const services = createServices({ db: handle.db, now: () => new Date().toISOString(), newId: randomUUID });
  const timings: Timing[] = [];
  for (const item of CASES) {
    const parsed = parseStatisticsQuery({ ...PERIOD, ...item.input });
    if (!parsed.ok) throw new Error(`bad case ${item.name}`);
    const actor: Actor =
      item.owner === undefined ? ANALYST : { id: 'benchmark', organisationCode: item.owner, localAuthorityCode: item.owner, role: 'data_officer' };
    const once = async () => {
      const started = performance.now();
      const result =
        item.trendYears === undefined
          ? await services.statistics.headingBackToHarm(actor, parsed.value)
          : await services.statistics.trend(actor, parsed.value, item.trendYears);
      if (!result.ok) throw new Error(`${item.name}: ${JSON.stringify(result.error)}`);
      return performance.now() - started;
    };
    await waitForQuiet();
    const coldMs = await once();
    const warmMs: number[] = [];
    for (let run = 0; run < (item.runs ?? WARM_RUNS); run++) warmMs.push(await once());
    const sorted = [...warmMs].sort((a, b) => a - b);
    const timing = { name: item.name, coldMs, warmMs, medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
    log(`  ${item.name}: first ${ms(coldMs)}, then median ${ms(timing.medianMs)}, p95 ${ms(timing.p95Ms)} (${warmMs.length} runs)`);
    timings.push(timing);
  }
  return timings;
}

async function sample(handle: DatabaseHandle): Promise<Record<string, unknown>> {
  const services = createServices({ db: handle.db, now: () => new Date().toISOString(), newId: randomUUID });
  const parsed = parseStatisticsQuery({ ...PERIOD, cohort: 'trafficked' });
  if (!parsed.ok) throw new Error('query');
  const result = await services.statistics.headingBackToHarm(ANALYST, parsed.value);
  if (!result.ok) throw new Error('sample');
  const show = (figure: { kind: string; value?: number }) => (figure.value === undefined ? figure.kind : figure.value);
  return Object.fromEntries(result.value.measures.map((m) => [m.id, { cohort: show(m.cohort), all: show(m.allLookedAfter) }]));
}

async function runEngine(engine: Engine, log: Log, cleanups: Cleanups): Promise<EngineResult> {
  const mark = cleanups.length;
  const size = SIZES[engine];
  let handle: DatabaseHandle;
  let database: string;
  if (engine === 'postgres') {
    const server = await startPostgres();
    cleanups.push(() => server.stop());
    const scratch = await createScratchDatabase(server.url, 'lantern_bench_statistics');
    cleanups.push(() => scratch.drop());
    handle = await openDatabase({ engine: 'postgres', url: scratch.url, poolSize: 4 });
    database = server.description;
  } else {
    handle = await openDatabase({ engine: 'pglite', dataDir: null });
    database = 'PGlite 0.4 in memory (one connection, no parallel query)';
  }
  cleanups.push(() => handle.close());
  try {
    await migrate(handle);
    log(`${engine}: generating ${size.children.toLocaleString('en-GB')} children and ${size.episodes.toLocaleString('en-GB')} episodes…`);
    const started = performance.now();
    await handle.execScript(populationScript(size.children, size.episodes));
    // Index-only scans need the visibility map that VACUUM writes; the checkpoint writes out the load's dirty
    // pages now, as the checkpointer would soon after, rather than during the timed runs.
    await sql`vacuum analyze`.execute(handle.db);
    if (engine === 'postgres') await sql`checkpoint`.execute(handle.db);
    const loadSeconds = (performance.now() - started) / 1000;
    const rows = await tableRows(handle);
    log(`${engine}: loaded in ${loadSeconds.toFixed(0)} s: ${JSON.stringify(rows)}`);
    const timings = await timeCases(handle, log);
    return { engine, database, rows, loadSeconds, timings, sample: await sample(handle) };
  } finally {
    await cleanups.runFrom(mark);
  }
}

export async function statisticsSuite(log: Log, cleanups: Cleanups): Promise<StatisticsSuiteResult> {
  const startedAt = new Date().toISOString();
  const engines: EngineResult[] = [];
  for (const engine of ENGINES) engines.push(await runEngine(engine, log, cleanups));
  const postgres = engines.find((e) => e.engine === 'postgres');
  const target = postgres?.timings[0];
  return {
    suite: 'statistics',
    startedAt,
    machine: { cpus: availableParallelism(), node: process.version },
    engines,
    targetMet: target === undefined || postgres?.rows['child'] !== 1_000_000 ? null : target.p95Ms < TARGET_MS,
  };
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

export function markdown(result: StatisticsSuiteResult): string {
  const lines: string[] = [
    `Started ${result.startedAt}; ${result.machine.cpus} cores, Node ${result.machine.node}. Period ${PERIOD.from} to ${PERIOD.to}, national analyst (disclosure-controlled) unless a case says otherwise; each time is the whole service call (authorise, audit, count, protect).`,
    '',
  ];
  for (const engine of result.engines) {
    const rows = engine.rows;
    lines.push(
      `**${engine.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}**: ${engine.database}; ${Object.entries(rows)
        .map(([table, n]) => `${n.toLocaleString('en-GB')} ${table}`)
        .join(', ')}; generated and vacuumed in ${engine.loadSeconds.toFixed(0)} s.`,
      '',
      '| Report | First run | Median | p95 | Runs |',
      '|---|---:|---:|---:|---:|',
      ...engine.timings.map((t) => `| ${t.name} | ${ms(t.coldMs)} | ${ms(t.medianMs)} | ${ms(t.p95Ms)} | ${t.warmMs.length} |`),
      '',
      `UK trafficked figures as published: ${JSON.stringify(engine.sample)}`,
      '',
    );
  }
  if (result.targetMet !== null) lines.push(`Target (UK-wide table under 1 s at p95 on PostgreSQL, 1M children): **${result.targetMet ? 'met' : 'not met'}**.`);
  return lines.join('\n');
}
