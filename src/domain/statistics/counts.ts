// The true counts behind a "Heading back to harm" report, before any disclosure control: what the database
// counts (src/db/repositories/statistics-repository.ts) and what test/factories/reference-counts.ts counts in memory.
// Nothing here may leave the service unprotected except to the authority that owns the records.

import type { DurationBand, ReturnInterviewCategory } from './counting-rules.ts';

/**
 * A count of records (children or episodes) with its cell key: the sum of their record keys modulo 256, which
 * decides how the count is perturbed when it is released beyond the owner (cell-key.ts). Tallies of disjoint
 * records add, and a subset subtracts, key and count alike.
 */
export interface Tally {
  readonly count: number;
  readonly key: number;
}

/** The measures of domain.md §9 for one group of children, in the geography, over the period. */
export interface GroupCounts {
  /** (1) Distinct children in the group looked after at any time in the period. */
  readonly lookedAfter: Tally;
  /** (2) Of those, distinct children with at least one counted episode starting in the period. */
  readonly missingChildren: Tally;
  /** (5) Counted episodes starting in the period, of children in (1). */
  readonly episodes: Tally;
  /** (7) Of the children in (2), those not found at the census date. */
  readonly notFound: Tally;
  /** (4) Distinct authorities (under the attribution) with at least one counted episode of a child in (2): authorities, not children, so no key. */
  readonly authoritiesWithMissing: number;
}

export interface HeadlineCounts {
  /** The requested cohort. */
  readonly cohort: GroupCounts;
  /** All looked-after children (the comparator, measure 10); the same as `cohort` when the cohort is all. */
  readonly all: GroupCounts;
}

/** Children of the cohort in a category (sex, nationality), split by whether they went missing in the period. */
export interface ChildCategoryCount {
  readonly category: string;
  readonly missing: Tally;
  readonly notMissing: Tally;
}

export interface BreakdownCounts {
  /** Cohort children by sex (M, F, U). */
  readonly sex: readonly ChildCategoryCount[];
  /** Cohort children by nationality as recorded (ISO code, 'unknown', or NOT_RECORDED). */
  readonly nationality: readonly ChildCategoryCount[];
  /**
   * The cohort's counted episodes by the child's age in whole years on the day the episode started. Where the
   * date of birth is estimated and the estimate allows more than one age that day, `age` is the youngest and
   * `oldestAge` the oldest (ADR 0007).
   */
  readonly ageAtStart: readonly { readonly age: number; readonly oldestAge?: number; readonly episodes: Tally }[];
  /** By 903 PLACE code of the care period the child was in when the episode started; null when none covers that day. */
  readonly placementAtStart: readonly { readonly placementType: string | null; readonly episodes: Tally }[];
  readonly duration: readonly { readonly band: DurationBand; readonly episodes: Tally }[];
  readonly returnInterview: readonly { readonly category: ReturnInterviewCategory; readonly episodes: Tally }[];
}

export interface AuthorityCoverage {
  readonly code: string;
  readonly name: string;
  /** At least one child looked after by it (under the attribution) at some time in the period is recorded in Lantern. */
  readonly reporting: boolean;
}

export interface StatisticsCounts {
  readonly headline: HeadlineCounts;
  readonly breakdowns: BreakdownCounts;
  /** (9) Every authority in the geography, from the reference table. */
  readonly coverage: readonly AuthorityCoverage[];
}
