import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aRecord, CROYDON, KENT, MEDWAY, populationArb } from './statistics-population.ts';
import { addTallies } from '../../src/domain/statistics/cell-key.ts';
import type { GroupCounts, StatisticsCounts, Tally } from '../../src/domain/statistics/counts.ts';
import { COHORTS, parseStatisticsQuery } from '../../src/domain/statistics/query.ts';
import type { StatisticsQuery, StatisticsQueryInput } from '../../src/domain/statistics/query.ts';
import { referenceCounts } from './reference-counts.ts';

const AUTHORITIES = [
  { code: KENT, name: 'Kent' },
  { code: MEDWAY, name: 'Medway' },
  { code: CROYDON, name: 'Croydon' },
  { code: 'W06000015', name: 'Cardiff' },
];

function query(input: Partial<StatisticsQueryInput> = {}): StatisticsQuery {
  const parsed = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31', ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/** A group's counts without their keys. */
const countsOf = (group: GroupCounts) => ({
  lookedAfter: group.lookedAfter.count,
  missingChildren: group.missingChildren.count,
  episodes: group.episodes.count,
  notFound: group.notFound.count,
  authoritiesWithMissing: group.authoritiesWithMissing,
});
const tally = (count: number, key: number): Tally => ({ count, key });

describe('referenceCounts on a hand-made population', () => {
  // Kent looks after four children; one of them was also recorded by Croydon, confirmed to be the same child.
  const suspected = aRecord({
    recordKey: 200,
    sex: 'F',
    care: [['2023-01-01', null]],
    concerns: [[['SUSPECTED', '2024-05-01']]],
    episodes: [
      { recordKey: 250, startAt: '2024-06-10T10:00:00Z', endAt: '2024-06-11T12:00:00Z' },
      { recordKey: 10, startAt: '2025-03-20T10:00:00Z', endAt: null },
    ],
  });
  const kentRecord = aRecord({ recordKey: 100, care: [['2024-05-01', '2024-08-31']], concerns: [[['CONFIRMED', '2024-06-01']]] });
  const croydonRecord = aRecord({
    recordKey: 30,
    authority: CROYDON,
    care: [['2024-09-01', null]],
    episodes: [{ recordKey: 1, startAt: '2024-10-10T10:00:00Z', endAt: '2024-10-11T10:00:00Z' }],
  });
  const ordinary = aRecord({
    recordKey: 7,
    care: [['2020-01-01', null]],
    episodes: [{ recordKey: 3, startAt: '2024-07-01T10:00:00Z', endAt: '2024-07-01T12:00:00Z' }],
  });
  const leftCareBefore = aRecord({ care: [['2022-01-01', '2024-03-31']], concerns: [[['SUSPECTED', '2022-06-01']]] });
  const records = [suspected, kentRecord, croydonRecord, ordinary, leftCareBefore];
  const links = new Map([
    [kentRecord.id, 'person-1'],
    [croydonRecord.id, 'person-1'],
  ]);

  it('should count the child recorded twice once, and take the trafficked status from either record', () => {
    const counts = referenceCounts(records, links, query(), AUTHORITIES);
    expect(countsOf(counts.headline.cohort)).toEqual({ lookedAfter: 2, missingChildren: 2, episodes: 3, notFound: 1, authoritiesWithMissing: 2 });
    expect(countsOf(counts.headline.all)).toEqual({ lookedAfter: 3, missingChildren: 3, episodes: 4, notFound: 1, authoritiesWithMissing: 2 });
  });

  it('should key each count by the sum of the record keys it counts, modulo 256, and a child recorded twice by the sum of its records’ keys', () => {
    const { cohort, all } = referenceCounts(records, links, query(), AUTHORITIES).headline;
    // The cohort: the suspected child (200) and the linked child (100 + 30); episodes 250, 10 and 1.
    expect(cohort.lookedAfter).toEqual(tally(2, (200 + 130) % 256));
    expect(cohort.episodes).toEqual(tally(3, (250 + 10 + 1) % 256));
    expect(cohort.notFound).toEqual(tally(1, 200));
    // Everyone: and the ordinary child (7), with its episode (3).
    expect(all.lookedAfter).toEqual(tally(3, (330 + 7) % 256));
    expect(all.episodes).toEqual(tally(4, (261 + 3) % 256));
  });

  it('should give each authority its own children and episodes', () => {
    const kent = referenceCounts(records, links, query({ geography: `authority:${KENT}` }), AUTHORITIES.slice(0, 1));
    // The linked child is in Kent's trafficked cohort (confirmed while in Kent's care), but its episode is Croydon's.
    expect(countsOf(kent.headline.cohort)).toEqual({ lookedAfter: 2, missingChildren: 1, episodes: 2, notFound: 1, authoritiesWithMissing: 1 });
    expect(kent.coverage).toEqual([{ code: KENT, name: 'Kent', reporting: true }]);
  });

  it('should take sex and nationality from the most recently updated record of a child', () => {
    const older = aRecord({
      sex: 'F',
      nationality: 'AL',
      updatedAt: '2024-01-01T00:00:00Z',
      care: [['2024-01-01', null]],
      concerns: [[['SUSPECTED', '2024-01-01']]],
    });
    const newer = aRecord({ sex: 'M', nationality: 'VN', updatedAt: '2025-02-01T00:00:00Z', authority: CROYDON, care: [['2024-06-01', null]] });
    const counts = referenceCounts(
      [older, newer],
      new Map([
        [older.id, 'p'],
        [newer.id, 'p'],
      ]),
      query(),
      AUTHORITIES,
    );
    expect(counts.breakdowns.sex).toEqual([{ category: 'M', missing: tally(0, 0), notMissing: tally(1, 0) }]);
    expect(counts.breakdowns.nationality).toEqual([{ category: 'VN', missing: tally(0, 0), notMissing: tally(1, 0) }]);
  });

  it('should list every authority of the geography with whether it is reporting', () => {
    const counts = referenceCounts(records, links, query(), AUTHORITIES);
    expect(counts.coverage.map((authority) => authority.reporting)).toEqual([true, false, true, false]);
  });
});

const queryArb = fc
  .record({
    cohort: fc.constantFrom(...COHORTS),
    attribution: fc.constantFrom('responsible', 'host'),
    missingTypes: fc.constantFrom('M', 'M,A'),
    censusDate: fc.constantFrom('2025-03-31', '2025-06-30'),
  })
  .map((input) => query(input));

function check(counts: StatisticsCounts): void {
  const { cohort, all } = counts.headline;
  for (const group of [cohort, all].map(countsOf)) {
    expect(group.missingChildren).toBeLessThanOrEqual(group.lookedAfter);
    expect(group.episodes).toBeGreaterThanOrEqual(group.missingChildren);
    expect(group.notFound).toBeLessThanOrEqual(group.missingChildren);
    expect(group.authoritiesWithMissing > 0).toBe(group.missingChildren > 0);
  }
  for (const key of ['lookedAfter', 'missingChildren', 'episodes', 'notFound'] as const) expect(cohort[key].count).toBeLessThanOrEqual(all[key].count);
  // A breakdown counts the same records as the headline, so its rows' tallies, keys and all, add up to it.
  const { breakdowns } = counts;
  for (const rows of [breakdowns.sex, breakdowns.nationality]) {
    expect(addTallies(...rows.map((row) => row.missing))).toEqual(cohort.missingChildren);
    expect(addTallies(...rows.flatMap((row) => [row.missing, row.notMissing]))).toEqual(cohort.lookedAfter);
  }
  for (const rows of [breakdowns.ageAtStart, breakdowns.placementAtStart, breakdowns.duration, breakdowns.returnInterview]) {
    expect(addTallies(...rows.map((row) => row.episodes))).toEqual(cohort.episodes);
  }
  const stillMissing = breakdowns.duration.find((row) => row.band === 'STILL_MISSING')?.episodes ?? tally(0, 0);
  expect(breakdowns.returnInterview.find((row) => row.category === 'NOT_ENDED')?.episodes ?? tally(0, 0)).toEqual(stillMissing);
}

describe('referenceCounts on random populations', () => {
  it('should always give consistent totals: missing ≤ cohort ≤ all, episodes ≥ children missing, breakdowns add up', () => {
    fc.assert(
      fc.property(populationArb, queryArb, ({ records, links }, q) => {
        check(referenceCounts(records, links, q, AUTHORITIES));
      }),
      { numRuns: 300 },
    );
  });

  it('should make both a part of each cohort and either their union, with the overlap counted once', () => {
    fc.assert(
      fc.property(populationArb, ({ records, links }) => {
        const size = (cohort: StatisticsQuery['cohort']) => referenceCounts(records, links, query({ cohort }), AUTHORITIES).headline.cohort.lookedAfter.count;
        expect(size('either')).toBe(size('trafficked') + size('uasc') - size('both'));
        expect(size('either')).toBeLessThanOrEqual(size('all'));
      }),
      { numRuns: 200 },
    );
  });

  it('should count each child once nationally, however their care is split between authorities', () => {
    fc.assert(
      fc.property(populationArb, ({ records, links }) => {
        const national = countsOf(referenceCounts(records, links, query({ cohort: 'all' }), AUTHORITIES).headline.all);
        const byAuthority = AUTHORITIES.map((authority) =>
          countsOf(referenceCounts(records, links, query({ cohort: 'all', geography: `authority:${authority.code}` }), [authority]).headline.all),
        );
        // Each authority counts its own; a child in two authorities' care is in both, but once in the whole.
        expect(national.lookedAfter).toBeLessThanOrEqual(byAuthority.reduce((total, g) => total + g.lookedAfter, 0));
        expect(national.lookedAfter).toBeGreaterThanOrEqual(Math.max(0, ...byAuthority.map((g) => g.lookedAfter)));
        // An episode belongs to one authority, and counts there only if its child was looked after there too.
        expect(byAuthority.reduce((total, g) => total + g.episodes, 0)).toBeLessThanOrEqual(national.episodes);
      }),
      { numRuns: 150 },
    );
  });
});
