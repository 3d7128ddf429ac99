import { formatDate } from '../dates.ts';
import type { CollectionYear } from '../ssda903-codes.ts';

// A 903 collection year is named, on Lantern's command line and in its files, by the year it
// ends: 2025 is the year 1 April 2024 to 31 March 2025, which DfE calls 2024-25.

export interface CollectionYearSpan {
  /** The calendar year the collection year ends in (2025 for 2024-25). */
  readonly endingYear: number;
  /** DfE's name: '2024-25'. */
  readonly name: CollectionYear;
  /** 1 April of the year before, as an ISO date. */
  readonly start: string;
  /** 31 March, as an ISO date. */
  readonly end: string;
}

/** The first collection year with the missing module (2014-15) to a generous horizon. */
const FIRST_COLLECTION_YEAR = 2015;
const LAST_COLLECTION_YEAR = 2099;

export function isCollectionYear(value: number): boolean {
  return Number.isInteger(value) && value >= FIRST_COLLECTION_YEAR && value <= LAST_COLLECTION_YEAR;
}

export function collectionYear(endingYear: number): CollectionYearSpan {
  if (!isCollectionYear(endingYear)) throw new RangeError(`Not a collection year: ${endingYear}`);
  // Years 2015 to 2099 end in two digits (15 to 99), as DfE writes them: no padding needed.
  const name: CollectionYear = `${endingYear - 1}-${endingYear % 100}`;
  return { endingYear, name, start: `${endingYear - 1}-04-01`, end: `${endingYear}-03-31` };
}

/**
 * How the return codes SEX that year. The DfE validator accepts 1 (male) and 2 (female) up to
 * 2023-24 (rule 101, lac2022_23) and M, F and U from 2024-25 (rule 101, lac2024_25).
 */
export function sexCodingIn(year: CollectionYearSpan): 'numeric' | 'letters' {
  return year.endingYear >= 2025 ? 'letters' : 'numeric';
}

/** Where a collection year stands on a day: over (its return can be made), under way, or not begun. */
export type YearProgress = 'ended' | 'under_way' | 'not_started';

export function yearProgress(year: CollectionYearSpan, today: string): YearProgress {
  if (today > year.end) return 'ended';
  return today >= year.start ? 'under_way' : 'not_started';
}

/** What an export of a year not yet over holds, said plainly (no child's data). */
export function incompleteYearNotice(year: CollectionYearSpan, progress: Exclude<YearProgress, 'ended'>, today: string): string {
  return progress === 'under_way'
    ? `These files are not a complete return. The ${year.name} collection year has not ended (it runs to ${formatDate(year.end)}): they show it as it stood on ${formatDate(today)}`
    : `These files are not a return. The ${year.name} collection year has not started (it runs from ${formatDate(year.start)}): they show the children looked after as on ${formatDate(today)}`;
}
