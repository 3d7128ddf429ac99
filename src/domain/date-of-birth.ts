import type { DateOfBirthSource } from './codes.ts';
import { addDays, ageOn } from './dates.ts';

// A child's date of birth as Lantern knows it (ADR 0007). Trafficked and unaccompanied children
// often have no known date of birth: then an estimated age or age range is recorded, with who
// estimated it, as the interval of dates of birth it allows. Every reader (the rules, the
// statistics, the 903 return, search, the pages) goes through the functions here.

/** An estimated age or age range, as the interval of dates of birth it allows. */
export interface DateOfBirthEstimate {
  /** The earliest date of birth the estimate allows: the oldest the child may be. */
  readonly earliest: string;
  /** The latest date of birth the estimate allows: the youngest the child may be. */
  readonly latest: string;
  readonly source: DateOfBirthSource;
  /** The day the estimate was made, so that it reads back as the age it gave ("15 to 16 years old"). */
  readonly estimatedOn: string;
}

/** The parts of a child's record that say when they were born. */
export interface DateOfBirthFields {
  /** The date of birth the child (or a document) gave; null when none is known. */
  readonly dateOfBirthClaimed: string | null;
  /** The date of birth an age assessment set, which then counts. */
  readonly dateOfBirthAssessed: string | null;
  /** Only when no date of birth was given: an estimated age or age range. */
  readonly dateOfBirthEstimate: DateOfBirthEstimate | null;
}

/** The dates of birth the record allows, earliest to latest; one day when the date is known. */
export interface DateOfBirthInterval {
  readonly earliest: string;
  readonly latest: string;
}

/** No date of birth before this is plausible for a child Lantern records (issue 10 item 5). */
export const EARLIEST_PLAUSIBLE_DATE_OF_BIRTH = '1990-01-01';

/**
 * The dates of birth that count: the assessed date where an age assessment set one, else the date
 * the child gave, else the interval of the estimate. Null only for a record that has none of the
 * three, which the rule child-dob-recorded refuses.
 */
export function dateOfBirthInterval(child: DateOfBirthFields): DateOfBirthInterval | null {
  const known = child.dateOfBirthAssessed ?? child.dateOfBirthClaimed;
  if (known !== null) return { earliest: known, latest: known };
  const estimate = child.dateOfBirthEstimate;
  return estimate === null ? null : { earliest: estimate.earliest, latest: estimate.latest };
}

/** The date of birth is only estimated: neither given nor set by an assessment. */
export const isDateOfBirthEstimated = (child: DateOfBirthFields): boolean =>
  child.dateOfBirthAssessed === null && child.dateOfBirthClaimed === null && child.dateOfBirthEstimate !== null;

/**
 * The single date of birth where one date is needed (the 903 return's DOB, the 18th birthday):
 * the known date, or for an estimate the latest date it allows, the youngest age. That gives the
 * child the benefit of the doubt the law requires while age is uncertain (ADR 0007).
 */
export function effectiveDateOfBirth(child: DateOfBirthFields): string | null {
  return dateOfBirthInterval(child)?.latest ?? null;
}

/** The youngest and oldest whole-year ages on a day that an interval of dates of birth allows. */
export function agesOn(interval: DateOfBirthInterval, day: string): { readonly youngest: number; readonly oldest: number } {
  return { youngest: ageOn(interval.latest, day), oldest: ageOn(interval.earliest, day) };
}

/** The flat columns an estimate is stored in (a table row, Lantern's 903 files), all null when there is none. */
export interface EstimateColumns {
  readonly dateOfBirthEarliest: string | null;
  readonly dateOfBirthLatest: string | null;
  readonly dateOfBirthSource: DateOfBirthSource | null;
  readonly dateOfBirthEstimatedOn: string | null;
}

export function estimateColumns(estimate: DateOfBirthEstimate | null): EstimateColumns {
  return {
    dateOfBirthEarliest: estimate?.earliest ?? null,
    dateOfBirthLatest: estimate?.latest ?? null,
    dateOfBirthSource: estimate?.source ?? null,
    dateOfBirthEstimatedOn: estimate?.estimatedOn ?? null,
  };
}

/** The estimate flat columns hold; null unless all four are there (the child table's constraint keeps them together). */
export function estimateOf(columns: EstimateColumns): DateOfBirthEstimate | null {
  const { dateOfBirthEarliest: earliest, dateOfBirthLatest: latest, dateOfBirthSource: source, dateOfBirthEstimatedOn: estimatedOn } = columns;
  return earliest === null || latest === null || source === null || estimatedOn === null ? null : { earliest, latest, source, estimatedOn };
}

/** The ages the estimate gave on the day it was made. */
export const estimatedAges = (estimate: DateOfBirthEstimate): { readonly youngest: number; readonly oldest: number } => agesOn(estimate, estimate.estimatedOn);

/** `years` whole years before a day; 29 February becomes 28 February in a year without one. */
function yearsBefore(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = year - years;
  const lastOfMonth = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(date, lastOfMonth)).padStart(2, '0')}`;
}

/**
 * The estimate an age range on a day gives: everyone who was at least `youngest` and at most
 * `oldest` whole years old that day. "15 to 16 years old on 10 January 2025" allows dates of birth
 * from 11 January 2008 to 10 January 2010. A single estimated age has youngest = oldest.
 */
export function estimateFromAges(youngest: number, oldest: number, estimatedOn: string, source: DateOfBirthSource): DateOfBirthEstimate {
  return { earliest: addDays(yearsBefore(estimatedOn, oldest + 1), 1), latest: yearsBefore(estimatedOn, youngest), source, estimatedOn };
}
