// The statistics engine's SQL: every count of a "Heading back to harm" report in one statement, aggregated in
// the database (no child's row ever reaches Node). It runs as the role lantern_statistics (migration 0009),
// which sees every child but only the columns counting needs; the service authorises the request first.
//
// The rules are those of src/domain/statistics/counting-rules.ts, and test/factories/reference-counts.ts applies them in
// memory: statistics-repository.test.ts holds this SQL to the same answers on random populations. Only SQL
// that PGlite and PostgreSQL both accept.
//
// Values are written into the statement as literals, not parameters: they are validated dates, instants,
// fixed codes and authority codes read from the reference table, and a literal lets PostgreSQL plan each
// request for its own period (a prepared statement's generic plan cannot tell a week from ten years).

import { sql } from 'kysely';
import type { Kysely, RawBuilder, Transaction } from 'kysely';
import { DURATION_BANDS, RETURN_INTERVIEW_CATEGORIES, TRAFFICKED_STATUSES } from '../../domain/statistics/counting-rules.ts';
import type { DurationBand, ReturnInterviewCategory } from '../../domain/statistics/counting-rules.ts';
import type { BreakdownCounts, ChildCategoryCount, GroupCounts, StatisticsCounts, Tally } from '../../domain/statistics/counts.ts';
import type { Geography, QueryBounds, StatisticsQuery } from '../../domain/statistics/query.ts';
import type { Database, LocalAuthorityRow } from '../schema.ts';

export type Authority = Pick<LocalAuthorityRow, 'code' | 'name' | 'nation' | 'region'>;

/** The authorities of a geography, by name (none: the geography does not exist). */
export async function authoritiesIn(db: Kysely<Database>, geography: Geography): Promise<Authority[]> {
  let query = db.selectFrom('localAuthority').select(['code', 'name', 'nation', 'region']);
  switch (geography.kind) {
    case 'uk':
      break;
    case 'nation':
      query = query.where('nation', '=', geography.nation);
      break;
    case 'region':
      query = query.where(sql<string>`lower(region)`, '=', geography.region.toLowerCase());
      break;
    case 'authority':
      query = query.where('code', '=', geography.code);
      break;
  }
  return query.orderBy('name').execute();
}

/**
 * The first UK day any care period or missing episode covers, or null when nothing is recorded: one date across
 * the country (each half read from an index). Run it inside asStatisticsRole, which sees every row.
 */
export async function earliestRecordedDay(trx: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ day: string | null }>`
    select least(
      (select min(start_date) from care_period),
      (select (min(start_at) at time zone 'Europe/London')::date from missing_episode)
    ) as day
  `.execute(trx);
  return rows[0]?.day ?? null;
}

export interface CountingScope {
  readonly query: StatisticsQuery;
  readonly bounds: QueryBounds;
  /** The geography's authorities; null for the whole UK (no filter: every authority is in it). */
  readonly authorityCodes: readonly string[] | null;
}

/**
 * Runs `work` in a read-only, repeatable-read transaction as lantern_statistics: every count of one report
 * comes from the same snapshot, and the role cannot write or read an identifying column.
 */
export async function asStatisticsRole<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`set local role lantern_statistics`.execute(trx);
      // JIT compiling costs more than it saves on these one-off aggregates (a fifth of a second at a million
      // children), and grouping a country's children needs more memory than the default 4 MB to stay off disk.
      await sql`set local jit = off`.execute(trx);
      await sql`set local work_mem = '64MB'`.execute(trx);
      // The counting statement says where it looks a row up by index (LATERAL); every other join is an equality
      // on ids that a hash join does in one pass. The planner cannot estimate the sizes of the statement's steps
      // and, left to choose, sorts every care period for a merge join or loops over a set it thinks has one row:
      // seconds lost at a million children.
      await sql`set local enable_mergejoin = off`.execute(trx);
      await sql`set local enable_nestloop = off`.execute(trx);
      return work(trx);
    });
}

interface CountRow {
  section: string;
  category: string | null;
  a: number;
  b: number;
  c: number;
  d: number;
  /** The cell keys of a to d (sums of record keys modulo 256), where they count children or episodes. */
  ka: number;
  kb: number;
  kc: number;
  kd: number;
}

/**
 * Every count of a report, for one query. Run it inside asStatisticsRole. `authorities` are the geography's
 * (authoritiesIn), for the coverage list.
 */
export async function countStatistics(
  trx: Kysely<Database>,
  scope: CountingScope,
  authorities: readonly Pick<Authority, 'code' | 'name'>[],
): Promise<StatisticsCounts> {
  const { rows } = await countingStatement(scope).execute(trx);
  const reporting = new Set(rows.filter((row) => row.section === 'reporting').map((row) => row.category));
  return { ...readCounts(rows, scope.query), coverage: authorities.map(({ code, name }) => ({ code, name, reporting: reporting.has(code) })) };
}

/** An age category of the counting statement: '15', or '15-17' for an estimated date of birth. */
function ageRow(category: string, episodes: Tally): StatisticsCounts['breakdowns']['ageAtStart'][number] {
  const [youngest = '', oldest] = category.split(/(?<=\d)-/);
  return oldest === undefined ? { age: Number(youngest), episodes } : { age: Number(youngest), oldestAge: Number(oldest), episodes };
}

function readCounts(rows: readonly CountRow[], query: StatisticsQuery): Omit<StatisticsCounts, 'coverage'> {
  const section = (name: string) => rows.filter((row) => row.section === name);
  const authorities = section('authorities')[0];
  const tally = (count: number | undefined, key: number | undefined): Tally => ({ count: count ?? 0, key: key ?? 0 });
  const group = (category: 'all' | 'cohort', authoritiesWithMissing: number): GroupCounts => {
    const row = section('headline').find((r) => r.category === category);
    return {
      lookedAfter: tally(row?.a, row?.ka),
      missingChildren: tally(row?.b, row?.kb),
      episodes: tally(row?.c, row?.kc),
      notFound: tally(row?.d, row?.kd),
      authoritiesWithMissing,
    };
  };
  const all = group('all', authorities?.a ?? 0);
  const cohort = query.cohort === 'all' ? all : group('cohort', authorities?.b ?? 0);
  const children = (name: string): ChildCategoryCount[] =>
    section(name).map((row) => ({ category: row.category ?? '', missing: tally(row.a, row.ka), notMissing: tally(row.b, row.kb) }));
  const episodes = <K extends string>(name: string, known: readonly K[]): { key: K; episodes: Tally }[] =>
    section(name).flatMap((row) => (known.includes(row.category as K) ? [{ key: row.category as K, episodes: tally(row.a, row.ka) }] : []));
  const breakdowns: BreakdownCounts = {
    sex: children('sex'),
    nationality: children('nationality'),
    ageAtStart: section('age').map((row) => ageRow(row.category ?? '', tally(row.a, row.ka))),
    placementAtStart: section('placement').map((row) => ({ placementType: row.category, episodes: tally(row.a, row.ka) })),
    duration: episodes<DurationBand>(
      'duration',
      DURATION_BANDS.map((band) => band.band),
    ).map(({ key, episodes: n }) => ({ band: key, episodes: n })),
    returnInterview: episodes<ReturnInterviewCategory>('interview', RETURN_INTERVIEW_CATEGORIES).map(({ key, episodes: n }) => ({
      category: key,
      episodes: n,
    })),
  };
  return { headline: { cohort, all }, breakdowns };
}

// ---- SQL ----

const lit = (value: string) => sql.lit(value);
const date = (value: string) => sql`${lit(value)}::date`;
const instant = (value: string) => sql`${lit(value)}::timestamptz`;

function inGeography(scope: CountingScope, column: RawBuilder<unknown>): RawBuilder<unknown> {
  if (scope.authorityCodes === null) return sql`true`;
  if (scope.authorityCodes.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(scope.authorityCodes.map(lit))})`;
}

/** The column that attributes a care period or an episode to an authority: fixed names, never input. */
function attributionColumn(scope: CountingScope, alias: string): RawBuilder<unknown> {
  return sql.raw(`${alias}.${scope.query.attribution === 'responsible' ? 'responsible_authority_code' : 'host_authority_code'}`);
}

function cohortCondition(scope: CountingScope): RawBuilder<unknown> {
  switch (scope.query.cohort) {
    case 'trafficked':
      return sql`f.trafficked`;
    case 'uasc':
      return sql`f.uasc`;
    case 'both':
      return sql`f.trafficked and f.uasc`;
    case 'either':
      return sql`(f.trafficked or f.uasc)`;
    case 'all':
      return sql`true`;
  }
}

/**
 * A cell key: the sum of the record keys of the rows counted (those passing `filter`), modulo 256
 * (src/domain/statistics/cell-key.ts). Fixed column names, never input.
 */
function keySum(column: string, filter?: string): RawBuilder<unknown> {
  return sql.raw(`(coalesce(sum(${column})${filter === undefined ? '' : ` filter (where ${filter})`}, 0) % 256)::int`);
}

/** A day as the integer yyyymmdd. */
function yyyymmdd(column: string): RawBuilder<unknown> {
  return sql.raw(`(extract(year from ${column})::int * 10000 + extract(month from ${column})::int * 100 + extract(day from ${column})::int)`);
}

/** The duration bands of counting-rules.ts as a CASE, from the same table of cut points. */
function durationCase(census: RawBuilder<unknown>): RawBuilder<unknown> {
  const whens = DURATION_BANDS.flatMap(({ band, underHours }) =>
    underHours === null ? [] : [sql`when e.end_at - e.start_at < ${sql.raw(`interval '${String(underHours)} hours'`)} then ${lit(band)}`],
  );
  return sql`case when e.end_at is null or e.end_at >= ${census} then 'STILL_MISSING' ${sql.join(whens, sql` `)} else 'OVER_30_DAYS' end`;
}

/**
 * One statement, many aggregates over shared steps. Work is done per record first (the planner knows records;
 * links are rare) and mapped to persons on the small aggregates:
 *   lac_rows       care periods in the period and the geography, clipped to the period; their authorities are
 *                (9) the authorities reporting
 *   lac_children   records looked after in the period in the geography
 *   persons        (1) every person looked after: unlinked records, and the person of linked ones, with its key
 *   relevant_records  records whose status can matter (looked after in the period, or linked)
 *   status         trafficked status intervals (suspected, identified, confirmed) and UASC periods, by person
 *   status_records each status interval against every record of its person
 *   flags          persons whose status held on a day one of their records was looked after in the geography
 *   cohort         the persons of the requested cohort
 *   ep_ca          episodes of the counted types from the period's start to the census moment, per record and
 *                  authority: how many started in the period; the latest start; the latest start open at the census
 *   ep_pa          the same per person and authority, for persons looked after in the geography
 *   ep_person      per person: counted episodes (in the geography); latest start; latest open start
 *   cohort_child   the records of the cohort's persons, with what the breakdowns read
 *   cep            the cohort's counted episodes (for the breakdowns)
 * Every count of children or episodes comes with its cell key (the sum of the record keys of what it counts,
 * modulo 256: migration 0020, src/domain/statistics/cell-key.ts), summed alongside it.
 * Output is long: (section, category, a, b, c, d, ka, kb, kc, kd), read by readCounts.
 */
function countingStatement(scope: CountingScope) {
  // Exported for EXPLAIN when diagnosing a slow report; countStatistics is the way to run it.
  const values = statementValues(scope);
  return sql<CountRow>`
    with
    ${populationSteps(scope, values)}
    ${cohortSteps(scope, values)}
    ${episodeSteps(scope, values)}
    ${cohortEpisodeSteps(scope, values)}
    ${countSelects(scope, values)}
  `;
}

/** The values the counting statement's steps share: the query's bounds as SQL, and where each row's authority is read. */
function statementValues(scope: CountingScope) {
  const { bounds, query } = scope;
  return {
    from: date(bounds.fromDay),
    to: date(bounds.toDay),
    periodStart: instant(bounds.periodStart),
    periodEnd: instant(bounds.periodEnd),
    census: instant(bounds.census),
    types: sql.join(query.missingTypes.map(lit)),
    trafficked: sql.join(TRAFFICKED_STATUSES.map(lit)),
    isAll: query.cohort === 'all',
    carePeriodAuthority: attributionColumn(scope, 'cp'),
    episodeAuthority: attributionColumn(scope, 'm'),
  };
}
type StatementValues = ReturnType<typeof statementValues>;

const ukDay = (column: string) => sql.raw(`(${column} at time zone 'Europe/London')::date`);

/** lac_rows, lac_children and persons: who was looked after in the period and the geography. */
function populationSteps(scope: CountingScope, values: StatementValues): RawBuilder<unknown> {
  const { from, to, carePeriodAuthority } = values;
  return sql`
    lac_rows as (
      select cp.child_id, cp.child_record_key, cp.authority, greatest(cp.start_date, ${from}) as s, least(coalesce(cp.end_date, ${to}), ${to}) as e
      from (
        -- Two index-only scans of care_period_statistics_idx: periods that ended on or after the first day (one
        -- that ends before it starts, bad data, holds no day), and periods still open.
        select child_id, child_record_key, start_date, end_date, ${carePeriodAuthority} as authority from care_period cp
        where cp.end_date >= ${from} and cp.end_date >= cp.start_date and cp.start_date <= ${to}
        union all
        select child_id, child_record_key, start_date, end_date, ${carePeriodAuthority} from care_period cp
        where cp.end_date is null and cp.start_date <= ${to}
      ) cp
      where ${inGeography(scope, sql.raw('cp.authority'))}
    ),
    -- Each record looked after, with its key (copied onto its care periods).
    lac_children as (select child_id, min(child_record_key) as rkey from lac_rows group by child_id),
    persons as (
      -- Each person with its record key: an unlinked record's own; a linked person's, the sum of the keys of all
      -- its records, so that it is one record of the statistics however many authorities recorded it.
      -- not in (a hashed subplan): the link table is hashed once, not scanned for every record.
      select c.child_id as person, c.rkey::int as rkey from lac_children c where c.child_id not in (select l.child_id from child_identity_link l)
      union all
      select l.person_id, (sum(k.record_key) % 256)::int
      from child_identity_link l
      cross join lateral (select k.record_key from child k where k.id = l.child_id offset 0) k
      where l.person_id in (select lp.person_id from child_identity_link lp join lac_children c on c.child_id = lp.child_id)
      group by l.person_id
    ),
  `;
}

/** cohort, and for a cohort other than all the status steps that choose it. */
function cohortSteps(scope: CountingScope, values: StatementValues): RawBuilder<unknown> {
  const { from, to, trafficked, isAll } = values;
  // For the all cohort there is no status to look up: every person looked after is in it.
  return isAll
    ? sql`cohort as (select person, rkey from persons),`
    : sql`
      relevant_records as (
        -- Only these records' status can matter: those looked after in the period, and any linked to another.
        select child_id from lac_children
        union
        select child_id from child_identity_link
      ),
      status as (
        select coalesce(l.person_id, x.child_id) as person, x.child_id, x.kind, x.s, x.e
        from (
          select tc.child_id, 'T' as kind, ts.status, ts.effective_from as s,
            coalesce(lead(ts.effective_from) over (partition by ts.concern_id order by ts.effective_from, ts.created_at, ts.id) - 1, 'infinity'::date) as e
          from trafficking_status ts join trafficking_concern tc on tc.id = ts.concern_id
          where tc.child_id in (select child_id from relevant_records)
          union all
          select u.child_id, 'U', 'UASC', u.start_date, coalesce(u.ceased_date, 'infinity'::date)
          from uasc_period u
          where u.child_id in (select child_id from relevant_records)
        ) x
        left join child_identity_link l on l.child_id = x.child_id
        where (x.kind = 'U' or x.status in (${trafficked})) and x.s <= x.e and x.s <= ${to} and x.e >= ${from}
      ),
      status_records as (
        -- Each status interval against every record of its person (a record, and those linked to it).
        select person, child_id, kind, s, e from status
        union
        select st.person, l.child_id, st.kind, st.s, st.e from status st join child_identity_link l on l.person_id = st.person
      ),
      flags as (
        select sr.person, bool_or(sr.kind = 'T') as trafficked, bool_or(sr.kind = 'U') as uasc
        from status_records sr
        join lac_rows lr on lr.child_id = sr.child_id and sr.s <= lr.e and sr.e >= lr.s
        group by sr.person
      ),
      cohort as (select f.person, p.rkey from flags f join persons p on p.person = f.person where ${cohortCondition(scope)}),`;
}

/** ep_ca, ep_pa and ep_person (episodes per record, authority and person), and the cohort's records (cohort_records, cohort_child, rep). */
function episodeSteps(scope: CountingScope, values: StatementValues): RawBuilder<unknown> {
  const { periodStart, periodEnd, census, types, isAll, episodeAuthority } = values;
  return sql`
    ep_ca as (
      select m.child_id, ${episodeAuthority} as authority,
        count(*) filter (where m.start_at < ${periodEnd}) as episodes,
        sum(m.record_key) filter (where m.start_at < ${periodEnd}) as ekey,
        max(m.start_at) as latest,
        max(m.start_at) filter (where m.end_at is null or m.end_at >= ${census}) as latest_open
      from missing_episode m
      where m.start_at >= ${periodStart} and m.start_at < ${census} and m.type in (${types})
      group by 1, 2
    ),
    ep_pa as (
      -- Joined to the persons looked after (which also gives each its key), not filtered by them: one hash either way.
      select e.person, p.rkey, e.authority, sum(e.episodes) as episodes, sum(e.ekey) as ekey, max(e.latest) as latest, max(e.latest_open) as latest_open
      from (select coalesce(l.person_id, e.child_id) as person, e.* from ep_ca e left join child_identity_link l on l.child_id = e.child_id) e
      join persons p on p.person = e.person
      group by 1, 2, 3
    ),
    ep_person as (
      select person, rkey,
        coalesce(sum(episodes) filter (where ${inGeography(scope, sql.raw('authority'))}), 0) as episodes,
        coalesce(sum(ekey) filter (where ${inGeography(scope, sql.raw('authority'))}), 0) as ekey,
        max(latest) as latest,
        max(latest_open) as latest_open
      from ep_pa group by person, rkey
    ),
    cohort_records as (
      select c.person, c.person as child_id from cohort c
      union
      select l.person_id, l.child_id from child_identity_link l join cohort c on c.person = l.person_id
    ),
    cohort_child as (
      select r.person, ch.id as child_id, ch.sex, ch.nationality, ch.updated_at, ch.dob_earliest, ch.dob_latest
      from cohort_records r
      ${
        isAll
          ? sql`join (
        select c.id, c.sex, c.nationality, c.updated_at, coalesce(c.date_of_birth_assessed, c.date_of_birth_claimed, c.date_of_birth_earliest) as dob_earliest, coalesce(c.date_of_birth_assessed, c.date_of_birth_claimed, c.date_of_birth_latest) as dob_latest from child c
      ) ch on ch.id = r.child_id`
          : sql`cross join lateral (
        select c.id, c.sex, c.nationality, c.updated_at, coalesce(c.date_of_birth_assessed, c.date_of_birth_claimed, c.date_of_birth_earliest) as dob_earliest, coalesce(c.date_of_birth_assessed, c.date_of_birth_claimed, c.date_of_birth_latest) as dob_latest from child c where c.id = r.child_id
        offset 0 -- keeps this a lookup by primary key for each row (PostgreSQL would otherwise flatten it into a join)
      ) ch`
      }
      left join child_identity_link l on l.child_id = ch.id
      where coalesce(l.person_id, ch.id) = r.person
    ),
    rep as (
      select distinct on (person) person, sex, nationality from cohort_child order by person, updated_at desc, child_id desc
    ),
  `;
}

/** cep and cohort_care: the cohort's episodes in the period and its care periods, for the breakdowns. */
function cohortEpisodeSteps(scope: CountingScope, values: StatementValues): RawBuilder<unknown> {
  const { from, to, periodStart, periodEnd, types, isAll, episodeAuthority } = values;
  return isAll
    ? // Everyone: one pass over the period's episodes and care periods, hashed against the cohort's records.
      sql`
    cep as (
      select m.id, m.child_id, m.start_at, m.end_at, m.record_key, ${ukDay('m.start_at')} as start_day
      from missing_episode m
      where m.start_at >= ${periodStart} and m.start_at < ${periodEnd} and m.type in (${types}) and ${inGeography(scope, episodeAuthority)}
        and m.child_id in (select child_id from cohort_child)
    ),
    cohort_care as materialized (
      -- A care period covering the day an episode in the period started overlaps the period.
      select cp.id, cp.child_id, cp.start_date, cp.end_date, cp.placement_type
      from care_period cp
      where cp.start_date <= ${to} and (cp.end_date is null or cp.end_date >= ${from}) and cp.child_id in (select child_id from cohort_child)
    )`
    : // A cohort: a few thousand records, each looked up by index.
      sql`
    cep as (
      select m.id, m.child_id, m.start_at, m.end_at, m.record_key, m.start_day
      from cohort_child k
      cross join lateral (
        select m.id, m.child_id, m.start_at, m.end_at, m.record_key, ${ukDay('m.start_at')} as start_day from missing_episode m
        where m.child_id = k.child_id and m.start_at >= ${periodStart} and m.start_at < ${periodEnd} and m.type in (${types}) and ${inGeography(scope, episodeAuthority)}
        offset 0
      ) m
    ),
    cohort_care as materialized (
      select cp.id, cp.child_id, cp.start_date, cp.end_date, cp.placement_type
      from cohort_child k
      cross join lateral (select cp.id, cp.child_id, cp.start_date, cp.end_date, cp.placement_type from care_period cp where cp.child_id = k.child_id offset 0) cp
    )`;
}

/** The output rows: one select a section, read by readCounts. */
function countSelects(scope: CountingScope, values: StatementValues): RawBuilder<unknown> {
  const { census } = values;
  return sql`
    select 'reporting' as section, authority as category, 1 as a, 0 as b, 0 as c, 0 as d, 0 as ka, 0 as kb, 0 as kc, 0 as kd from lac_rows group by authority
    union all
    select 'headline', 'all',
      (select count(*) from persons) as a, count(*) filter (where episodes > 0) as b, coalesce(sum(episodes), 0) as c,
      count(*) filter (where episodes > 0 and latest_open = latest) as d,
      (select ${keySum('rkey')} from persons), ${keySum('rkey', 'episodes > 0')}, ${keySum('ekey')}, ${keySum('rkey', 'episodes > 0 and latest_open = latest')}
    from ep_person
    union all
    select 'headline', 'cohort',
      (select count(*) from cohort), count(*) filter (where e.episodes > 0), coalesce(sum(e.episodes), 0),
      count(*) filter (where e.episodes > 0 and e.latest_open = e.latest),
      (select ${keySum('rkey')} from cohort), ${keySum('e.rkey', 'e.episodes > 0')}, ${keySum('e.ekey')}, ${keySum('e.rkey', 'e.episodes > 0 and e.latest_open = e.latest')}
    from ep_person e join cohort c on c.person = e.person
    union all
    select 'authorities', null, count(distinct e.authority), count(distinct e.authority) filter (where c.person is not null), 0, 0, 0, 0, 0, 0
    from ep_pa e left join cohort c on c.person = e.person
    where e.episodes > 0 and ${inGeography(scope, sql.raw('e.authority'))}
    union all
    select 'sex', r.sex, count(*) filter (where e.episodes > 0), count(*) filter (where coalesce(e.episodes, 0) = 0), 0, 0,
      ${keySum('c.rkey', 'e.episodes > 0')}, ${keySum('c.rkey', 'coalesce(e.episodes, 0) = 0')}, 0, 0
    from rep r join cohort c on c.person = r.person left join ep_person e on e.person = r.person group by r.sex
    union all
    select 'nationality', coalesce(nullif(r.nationality, ''), 'NOT_RECORDED'), count(*) filter (where e.episodes > 0), count(*) filter (where coalesce(e.episodes, 0) = 0), 0, 0,
      ${keySum('c.rkey', 'e.episodes > 0')}, ${keySum('c.rkey', 'coalesce(e.episodes, 0) = 0')}, 0, 0
    from rep r join cohort c on c.person = r.person left join ep_person e on e.person = r.person group by 2
    union all
    -- Whole years between two days: (yyyymmdd − yyyymmdd) / 10000, as ageOn in dates.ts counts them.
    -- A known date of birth gives one age ('15'); an estimated one the youngest and oldest it allows ('15-17', ADR 0007).
    select 'age', case when a.youngest = a.oldest then cast(a.youngest as text) else a.youngest || '-' || a.oldest end, count(*), 0, 0, 0, ${keySum('a.record_key')}, 0, 0, 0
    from (
      select e.record_key, (${yyyymmdd('e.start_day')} - ${yyyymmdd('k.dob_latest')}) / 10000 as youngest, (${yyyymmdd('e.start_day')} - ${yyyymmdd('k.dob_earliest')}) / 10000 as oldest
      from cep e join cohort_child k on k.child_id = e.child_id
    ) a
    group by 2
    union all
    select 'placement', p.placement_type, count(*), 0, 0, 0, ${keySum('p.record_key')}, 0, 0, 0
    from (
      -- The care period covering the day the episode started; the latest-starting one if two do.
      select distinct on (e.id) e.id, e.record_key, cc.placement_type
      from cep e
      left join cohort_care cc on cc.child_id = e.child_id and cc.start_date <= e.start_day and (cc.end_date is null or cc.end_date >= e.start_day)
      order by e.id, cc.start_date desc nulls last, cc.id desc
    ) p
    group by 2
    union all
    select 'duration', ${durationCase(census)}, count(*), 0, 0, 0, ${keySum('e.record_key')}, 0, 0, 0 from cep e group by 2
    union all
    select 'interview',
      case
        when e.end_at is null or e.end_at >= ${census} then 'NOT_ENDED'
        when ri.response is null then 'NOT_RECORDED'
        when ri.completed_at is not null and ri.completed_at < ${census} and ri.completed_at <= e.end_at + interval '72 hours' then 'COMPLETED_WITHIN_72_HOURS'
        when ri.completed_at is not null and ri.completed_at < ${census} then 'COMPLETED_LATER'
        when ri.response = 'NOT_OFFERED' then 'NOT_OFFERED'
        else 'OFFERED_NOT_COMPLETED'
      end,
      count(*), 0, 0, 0, ${keySum('e.record_key')}, 0, 0, 0
    from cep e
    left join lateral (select r.response, r.completed_at from return_interview r where r.episode_id = e.id offset 0) ri on true
    group by 2  `;
}
