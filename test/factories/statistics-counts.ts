// Statistics counts written by hand as plain numbers, given cell keys when a test publishes them.

import type { StatisticsCounts, Tally } from '../../src/domain/statistics/counts.ts';
import type { DurationBand, ReturnInterviewCategory } from '../../src/domain/statistics/counting-rules.ts';

/** The counts with a plain number wherever a tally (a count with its cell key) would be. */
type Plain<T> = T extends Tally
  ? number
  : T extends readonly (infer U)[]
    ? readonly Plain<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Plain<T[K]> }
      : T;
export type PlainCounts = Plain<StatisticsCounts>;
export type GroupCounts = Plain<StatisticsCounts['headline']['all']>;
export type ChildCategoryCount = Plain<StatisticsCounts['breakdowns']['sex'][number]>;
export type BreakdownCounts = Plain<StatisticsCounts['breakdowns']>;

/**
 * The counts with cell keys: key 0 throughout (the ptable leaves every count as it is at key 0), so that tests of
 * the figures read them unperturbed whatever the view.
 */
export function keyed(counts: PlainCounts): StatisticsCounts {
  const tally = (count: number): Tally => ({ count, key: 0 });
  const group = (g: GroupCounts) => ({
    lookedAfter: tally(g.lookedAfter),
    missingChildren: tally(g.missingChildren),
    episodes: tally(g.episodes),
    notFound: tally(g.notFound),
    authoritiesWithMissing: g.authoritiesWithMissing,
  });
  const children = (rows: readonly ChildCategoryCount[]) =>
    rows.map((row) => ({ category: row.category, missing: tally(row.missing), notMissing: tally(row.notMissing) }));
  const { breakdowns: b } = counts;
  return {
    headline: { cohort: group(counts.headline.cohort), all: group(counts.headline.all) },
    breakdowns: {
      sex: children(b.sex),
      nationality: children(b.nationality),
      ageAtStart: b.ageAtStart.map((row) => ({ age: row.age, episodes: tally(row.episodes) })),
      placementAtStart: b.placementAtStart.map((row) => ({ placementType: row.placementType, episodes: tally(row.episodes) })),
      duration: b.duration.map((row) => ({ band: row.band, episodes: tally(row.episodes) })),
      returnInterview: b.returnInterview.map((row) => ({ category: row.category, episodes: tally(row.episodes) })),
    },
    coverage: counts.coverage,
  };
}

export const group = (lookedAfter: number, missingChildren: number, episodes: number, notFound: number, authoritiesWithMissing: number): GroupCounts => ({
  lookedAfter,
  missingChildren,
  episodes,
  notFound,
  authoritiesWithMissing,
});

/** HBTH's own figures for trafficked children (590 looked after, 167 missing, about 400 episodes), with breakdowns that add up. */
export const HBTH_LIKE: PlainCounts = {
  headline: { cohort: group(590, 167, 401, 60, 39), all: group(99_230, 6_110, 28_570, 220, 150) },
  breakdowns: {
    sex: [
      { category: 'M', missing: 120, notMissing: 300 },
      { category: 'F', missing: 47, notMissing: 120 },
      { category: 'U', missing: 0, notMissing: 3 },
    ],
    nationality: [
      { category: 'VN', missing: 60, notMissing: 90 },
      { category: 'AL', missing: 50, notMissing: 100 },
      { category: 'GB', missing: 40, notMissing: 150 },
      { category: 'ER', missing: 14, notMissing: 50 },
      { category: 'unknown', missing: 3, notMissing: 30 },
      { category: 'NOT_RECORDED', missing: 0, notMissing: 3 },
    ],
    ageAtStart: [
      { age: 12, episodes: 41 },
      { age: 15, episodes: 110 },
      { age: 16, episodes: 150 },
      { age: 17, episodes: 100 },
    ],
    placementAtStart: [
      { placementType: 'U4', episodes: 200 },
      { placementType: 'K2', episodes: 150 },
      { placementType: 'H5', episodes: 40 },
      { placementType: 'XX', episodes: 6 },
      { placementType: null, episodes: 5 },
    ],
    duration: [
      { band: 'UNDER_24_HOURS', episodes: 200 },
      { band: '1_TO_2_DAYS', episodes: 100 },
      { band: '2_TO_7_DAYS', episodes: 30 },
      { band: '7_TO_30_DAYS', episodes: 11 },
      { band: 'STILL_MISSING', episodes: 60 },
    ],
    returnInterview: [
      { category: 'COMPLETED_WITHIN_72_HOURS', episodes: 150 },
      { category: 'COMPLETED_LATER', episodes: 50 },
      { category: 'OFFERED_NOT_COMPLETED', episodes: 70 },
      { category: 'NOT_OFFERED', episodes: 40 },
      { category: 'NOT_RECORDED', episodes: 31 },
      { category: 'NOT_ENDED', episodes: 60 },
    ],
  },
  coverage: [
    { code: 'A', name: 'Alpha', reporting: true },
    { code: 'B', name: 'Beta', reporting: false },
    { code: 'C', name: 'Gamma', reporting: true },
    { code: 'D', name: 'Delta', reporting: true },
  ],
};

/** Breakdowns that add up to the headline: one row each. */
export function breakdownsFor(counts: PlainCounts): BreakdownCounts {
  const { cohort } = counts.headline;
  const stillMissing = Math.min(cohort.notFound, cohort.episodes);
  const ended = cohort.episodes - stillMissing;
  const oneRow = <K extends string>(key: K, n: number) => [{ key, n }];
  return {
    sex: [{ category: 'M', missing: cohort.missingChildren, notMissing: cohort.lookedAfter - cohort.missingChildren }],
    nationality: [{ category: 'GB', missing: cohort.missingChildren, notMissing: cohort.lookedAfter - cohort.missingChildren }],
    ageAtStart: [{ age: 15, episodes: cohort.episodes }],
    placementAtStart: [{ placementType: 'U4', episodes: cohort.episodes }],
    duration: [...oneRow<DurationBand>('UNDER_24_HOURS', ended), ...oneRow<DurationBand>('STILL_MISSING', stillMissing)].map(({ key, n }) => ({
      band: key,
      episodes: n,
    })),
    returnInterview: [...oneRow<ReturnInterviewCategory>('NOT_RECORDED', ended), ...oneRow<ReturnInterviewCategory>('NOT_ENDED', stillMissing)].map(
      ({ key, n }) => ({ category: key, episodes: n }),
    ),
  };
}
