// Statistics counts written by hand as plain numbers, given cell keys when a test publishes them.

import type { StatisticsCounts, Tally } from '../../src/domain/statistics/counts.ts';

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
