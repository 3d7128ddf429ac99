// The counting rules applied to a population held in memory: the executable statement of domain.md §9 that the
// SQL in statistics-repository.ts must agree with (a property test compares them on random populations). Too
// slow for real use: it reads every record, where the engine counts in the database.

import type { MissingType, Sex, TraffickingStatus } from '../../src/domain/codes.ts';
import { agesOn, dateOfBirthInterval } from '../../src/domain/date-of-birth.ts';
import type { DateOfBirthEstimate } from '../../src/domain/date-of-birth.ts';
import { ukDateOf } from '../../src/domain/dates.ts';
import {
  attributedAuthority,
  countsType,
  durationBand,
  heldWhileLookedAfter,
  isInCohort,
  isNotFoundAt,
  lookedAfterInPeriod,
  nationalityCategory,
  personKey,
  returnInterviewCategory,
  startsInPeriod,
  traffickedIntervals,
  uascIntervals,
} from '../../src/domain/statistics/counting-rules.ts';
import type { CareSpan, DurationBand, EpisodeTimes, InterviewFacts, ReturnInterviewCategory } from '../../src/domain/statistics/counting-rules.ts';
import { addTallies, NO_RECORDS, recordTally } from '../../src/domain/statistics/cell-key.ts';
import type { AuthorityCoverage, BreakdownCounts, ChildCategoryCount, GroupCounts, StatisticsCounts, Tally } from '../../src/domain/statistics/counts.ts';
import { queryBounds } from '../../src/domain/statistics/query.ts';
import type { StatisticsQuery } from '../../src/domain/statistics/query.ts';

/** One child record with everything the statistics read. */
export interface PopulationRecord {
  readonly id: string;
  /** The record key (0–255) given to the record when it was inserted (cell-key.ts). */
  readonly recordKey: number;
  readonly sex: Sex;
  readonly dateOfBirthClaimed: string | null;
  readonly dateOfBirthAssessed: string | null;
  /** Absent or null where a date of birth is known (ADR 0007). */
  readonly dateOfBirthEstimate?: DateOfBirthEstimate | null;
  readonly nationality: string | null;
  readonly updatedAt: string;
  readonly carePeriods: readonly (CareSpan & { readonly id: string; readonly placementType: string })[];
  readonly uascPeriods: readonly { readonly startDate: string; readonly ceasedDate: string | null }[];
  readonly traffickingConcerns: readonly {
    readonly statuses: readonly { readonly id: string; readonly status: TraffickingStatus; readonly effectiveFrom: string; readonly createdAt: string }[];
  }[];
  readonly missingEpisodes: readonly (EpisodeTimes & {
    readonly id: string;
    readonly recordKey: number;
    readonly type: MissingType;
    readonly responsibleAuthorityCode: string;
    readonly hostAuthorityCode: string;
    readonly interview: InterviewFacts | null;
  })[];
}

/**
 * Counts a population for a query. `authorities` are the authorities of the query's geography (all of them for
 * the UK), with their names for the coverage list; `links` maps a linked child record to its person id.
 */
export function referenceCounts(
  records: readonly PopulationRecord[],
  links: ReadonlyMap<string, string>,
  query: StatisticsQuery,
  authorities: readonly { readonly code: string; readonly name: string }[],
): StatisticsCounts {
  const bounds = queryBounds(query);
  const inGeography = new Set(authorities.map((authority) => authority.code));
  const persons = new Map<string, PopulationRecord[]>();
  for (const record of records) {
    const key = personKey(record.id, links);
    persons.set(key, [...(persons.get(key) ?? []), record]);
  }

  const cohort = emptyGroup();
  const all = emptyGroup();
  const sex = new Map<string, ChildCategoryTallies>();
  const nationality = new Map<string, ChildCategoryTallies>();
  const ages = new Map<string, Tally>();
  const placements = new Map<string | null, Tally>();
  const durations = new Map<DurationBand, Tally>();
  const interviews = new Map<ReturnInterviewCategory, Tally>();

  for (const personRecords of persons.values()) {
    const lookedAfter = personRecords.flatMap((record) => lookedAfterInPeriod(record.carePeriods, query.attribution, inGeography, bounds));
    if (lookedAfter.length === 0) continue;
    const flags = {
      trafficked: heldWhileLookedAfter(
        personRecords.flatMap((record) => traffickedIntervals(record.traffickingConcerns)),
        lookedAfter,
      ),
      uasc: heldWhileLookedAfter(
        personRecords.flatMap((record) => uascIntervals(record.uascPeriods)),
        lookedAfter,
      ),
    };
    const episodes = personRecords.flatMap((record) =>
      record.missingEpisodes.filter((episode) => countsType(episode.type, query.missingTypes)).map((episode) => ({ record, episode })),
    );
    const counted = episodes.filter(
      ({ episode }) => startsInPeriod(episode.startAt, bounds) && inGeography.has(attributedAuthority(episode, query.attribution)),
    );
    const isMissing = counted.length > 0;
    const notFound =
      isMissing &&
      isNotFoundAt(
        episodes.map(({ episode }) => episode),
        bounds.census,
      );
    // A person recorded more than once is one record of the statistics, keyed by the sum of its records' keys.
    const person = recordTally(personRecords.reduce((sum, record) => sum + record.recordKey, 0));
    const episodeTallies = addTallies(...counted.map(({ episode }) => recordTally(episode.recordKey)));
    const groups = isInCohort(query.cohort, flags) ? [all, cohort] : [all];
    for (const group of groups) {
      group.lookedAfter = addTallies(group.lookedAfter, person);
      if (isMissing) group.missingChildren = addTallies(group.missingChildren, person);
      group.episodes = addTallies(group.episodes, episodeTallies);
      if (notFound) group.notFound = addTallies(group.notFound, person);
      for (const { episode } of counted) group.authorities.add(attributedAuthority(episode, query.attribution));
    }
    if (!isInCohort(query.cohort, flags)) continue;

    const representative = latestUpdated(personRecords);
    tallyChild(sex, representative.sex, isMissing, person);
    tallyChild(nationality, nationalityCategory(representative.nationality), isMissing, person);
    for (const { record, episode } of counted) {
      const startDay = ukDateOf(episode.startAt);
      const one = recordTally(episode.recordKey);
      increment(ages, ageKey(record, startDay), one);
      increment(placements, placementOn(record, startDay), one);
      increment(durations, durationBand(episode, bounds.census), one);
      increment(interviews, returnInterviewCategory(episode, episode.interview, bounds.census), one);
    }
  }

  const breakdowns: BreakdownCounts = {
    sex: categoryRows(sex),
    nationality: categoryRows(nationality),
    ageAtStart: [...ages].map(([key, episodes]) => {
      const [age = 0, oldestAge] = key.split(' ').map(Number);
      return oldestAge === undefined ? { age, episodes } : { age, oldestAge, episodes };
    }),
    placementAtStart: [...placements].map(([placementType, episodes]) => ({ placementType, episodes })),
    duration: [...durations].map(([band, episodes]) => ({ band, episodes })),
    returnInterview: [...interviews].map(([category, episodes]) => ({ category, episodes })),
  };
  const coverage: AuthorityCoverage[] = authorities.map(({ code, name }) => ({
    code,
    name,
    reporting: records.some((record) => lookedAfterInPeriod(record.carePeriods, query.attribution, new Set([code]), bounds).length > 0),
  }));
  return { headline: { cohort: finish(cohort), all: finish(all) }, breakdowns, coverage };
}

/** The care period covering a day (the latest-starting one if two do, as on a change of placement), or null. */
function placementOn(record: PopulationRecord, day: string): string | null {
  let found: PopulationRecord['carePeriods'][number] | null = null;
  for (const care of record.carePeriods) {
    if (care.startDate > day || (care.endDate !== null && care.endDate < day)) continue;
    if (found === null || care.startDate > found.startDate || (care.startDate === found.startDate && care.id > found.id)) found = care;
  }
  return found?.placementType ?? null;
}

/** The record whose attributes a person's breakdowns use: the most recently updated (then the greatest id). */
function latestUpdated(records: readonly PopulationRecord[]): PopulationRecord {
  const [first, ...rest] = records;
  if (first === undefined) throw new Error('a person has at least one record');
  return rest.reduce((best, record) => {
    const a = Date.parse(record.updatedAt);
    const b = Date.parse(best.updatedAt);
    return a > b || (a === b && record.id > best.id) ? record : best;
  }, first);
}

interface MutableGroup {
  lookedAfter: Tally;
  missingChildren: Tally;
  episodes: Tally;
  notFound: Tally;
  authorities: Set<string>;
}

function emptyGroup(): MutableGroup {
  return { lookedAfter: NO_RECORDS, missingChildren: NO_RECORDS, episodes: NO_RECORDS, notFound: NO_RECORDS, authorities: new Set() };
}

function finish(group: MutableGroup): GroupCounts {
  const { authorities, ...counts } = group;
  return { ...counts, authoritiesWithMissing: authorities.size };
}

type ChildCategoryTallies = Omit<ChildCategoryCount, 'category'>;

function tallyChild(map: Map<string, ChildCategoryTallies>, category: string, isMissing: boolean, person: Tally): void {
  const row = map.get(category) ?? { missing: NO_RECORDS, notMissing: NO_RECORDS };
  map.set(category, isMissing ? { ...row, missing: addTallies(row.missing, person) } : { ...row, notMissing: addTallies(row.notMissing, person) });
}

function increment<K>(map: Map<K, Tally>, key: K, records: Tally): void {
  map.set(key, addTallies(map.get(key) ?? NO_RECORDS, records));
}

function categoryRows(map: Map<string, ChildCategoryTallies>): ChildCategoryCount[] {
  return [...map].map(([category, counts]) => ({ category, ...counts }));
}

/** The child's age on a day as a key: '15', or '15 17' where an estimated date of birth allows more than one age. */
function ageKey(record: PopulationRecord, day: string): string {
  const born = dateOfBirthInterval({
    dateOfBirthClaimed: record.dateOfBirthClaimed,
    dateOfBirthAssessed: record.dateOfBirthAssessed,
    dateOfBirthEstimate: record.dateOfBirthEstimate ?? null,
  });
  if (born === null) throw new Error(`Record ${record.id} has no date of birth`);
  const { youngest, oldest } = agesOn(born, day);
  return youngest === oldest ? String(youngest) : `${youngest} ${oldest}`;
}
