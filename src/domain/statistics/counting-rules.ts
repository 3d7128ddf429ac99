// The counting rules of domain.md §9, one named function each. The engine counts in SQL
// (src/db/repositories/statistics-repository.ts); test/factories/reference-counts.ts applies these functions to a population
// held in memory, and a property test holds the SQL to the same answers.
//
// Days are inclusive ISO dates; moments are ISO instants. An interval with end null is still open.

import type { MissingType, TraffickingStatus } from '../codes.ts';
import { instantMs } from '../dates.ts';
import type { Attribution, Cohort, QueryBounds } from './query.ts';

// ---- Children and persons ----

/**
 * One `child` row is one child, whatever aliases it carries (aliases are rows of child_alias, never children)
 * and however many authorities have looked after it (care periods in several authorities, national transfers).
 * When two rows are later confirmed to be the same child (child_identity_link, filled by identity matching),
 * every row of that child carries the same person id and the child is counted once, by that id. Unlinked rows
 * are their own person.
 */
export function personKey(childId: string, links: ReadonlyMap<string, string>): string {
  return links.get(childId) ?? childId;
}

// ---- Day intervals ----

export interface DayInterval {
  readonly start: string;
  /** Last day, inclusive; null while open. */
  readonly end: string | null;
}

const FAR_FUTURE = '9999-12-31';

/** An interval that ends before it starts (a data error) holds no day. */
function isEmptyInterval(interval: DayInterval): boolean {
  return interval.end !== null && interval.end < interval.start;
}

function overlaps(a: DayInterval, b: DayInterval): boolean {
  return !isEmptyInterval(a) && !isEmptyInterval(b) && a.start <= (b.end ?? FAR_FUTURE) && b.start <= (a.end ?? FAR_FUTURE);
}

// ---- Looked after in the period ----

export interface CareSpan {
  readonly startDate: string;
  readonly endDate: string | null;
  readonly responsibleAuthorityCode: string;
  readonly hostAuthorityCode: string;
}

/** The authority a care period or an episode is attributed to. */
export function attributedAuthority(row: { readonly responsibleAuthorityCode: string; readonly hostAuthorityCode: string }, attribution: Attribution): string {
  return attribution === 'responsible' ? row.responsibleAuthorityCode : row.hostAuthorityCode;
}

/**
 * The days of the period on which a child was looked after by an authority in the geography (null: any
 * authority), under the attribution. A care period counts from its start day to its end day (903 DEC), both
 * inclusive: a child who ceased on the first day of the period was looked after in it, as in the DfE's
 * "looked after at any time during the year".
 */
export function lookedAfterInPeriod(
  carePeriods: readonly CareSpan[],
  attribution: Attribution,
  authorities: ReadonlySet<string> | null,
  bounds: Pick<QueryBounds, 'fromDay' | 'toDay'>,
): DayInterval[] {
  const period: DayInterval = { start: bounds.fromDay, end: bounds.toDay };
  return carePeriods
    .filter((care) => authorities === null || authorities.has(attributedAuthority(care, attribution)))
    .map((care) => ({ start: care.startDate, end: care.endDate }))
    .filter((span) => overlaps(span, period))
    .map((span) => ({
      start: span.start > bounds.fromDay ? span.start : bounds.fromDay,
      end: span.end === null || span.end > bounds.toDay ? bounds.toDay : span.end,
    }));
}

// ---- Status over time ----

/** Suspected, identified (positive RG) and confirmed (positive CG; it was identified first) count as trafficked. */
export const TRAFFICKED_STATUSES: readonly TraffickingStatus[] = ['SUSPECTED', 'IDENTIFIED', 'CONFIRMED'];

export function countsAsTrafficked(status: TraffickingStatus): boolean {
  return TRAFFICKED_STATUSES.includes(status);
}

export interface StatusEntry {
  readonly id: string;
  readonly status: TraffickingStatus;
  readonly effectiveFrom: string;
  readonly createdAt: string;
}

/**
 * The days each status of one concern held: from its effective day to the day before the next status took
 * effect. Entries are ordered by effective day, then by when they were recorded, then id; of two entries for the
 * same day the later-recorded one holds that day and the earlier holds no day at all.
 */
export function statusIntervals(history: readonly StatusEntry[]): { readonly status: TraffickingStatus; readonly interval: DayInterval }[] {
  const ordered = [...history].sort(
    (a, b) => compare(a.effectiveFrom, b.effectiveFrom) || compare(instantKey(a.createdAt), instantKey(b.createdAt)) || compare(a.id, b.id),
  );
  return ordered.flatMap((entry, index) => {
    const next = ordered[index + 1];
    if (next !== undefined && next.effectiveFrom === entry.effectiveFrom) return [];
    return [{ status: entry.status, interval: { start: entry.effectiveFrom, end: next === undefined ? null : dayBefore(next.effectiveFrom) } }];
  });
}

/** The days on which any of a child's concerns stood at suspected, identified or confirmed. */
export function traffickedIntervals(concerns: readonly { readonly statuses: readonly StatusEntry[] }[]): DayInterval[] {
  return concerns.flatMap((concern) =>
    statusIntervals(concern.statuses)
      .filter((entry) => countsAsTrafficked(entry.status))
      .map((entry) => entry.interval),
  );
}

/** UASC from the day status began to its 903 DUC (the day it ceased), both inclusive. */
export function uascIntervals(periods: readonly { readonly startDate: string; readonly ceasedDate: string | null }[]): DayInterval[] {
  return periods.map((period) => ({ start: period.startDate, end: period.ceasedDate }));
}

/**
 * Cohort membership: the status held "at any time in the period while the child was looked after", i.e. on at
 * least one day that is in the period, in care (in the geography) and in the status. A child suspected in
 * January and found not trafficked in March is in the trafficked cohort of a year that includes January, if
 * looked after then; a child who was UASC only before coming into care is not in the UASC cohort.
 */
export function heldWhileLookedAfter(status: readonly DayInterval[], lookedAfter: readonly DayInterval[]): boolean {
  return status.some((held) => lookedAfter.some((care) => overlaps(held, care)));
}

export interface CohortFlags {
  readonly trafficked: boolean;
  readonly uasc: boolean;
}

export function isInCohort(cohort: Cohort, flags: CohortFlags): boolean {
  switch (cohort) {
    case 'trafficked':
      return flags.trafficked;
    case 'uasc':
      return flags.uasc;
    case 'both':
      return flags.trafficked && flags.uasc;
    case 'either':
      return flags.trafficked || flags.uasc;
    case 'all':
      return true;
  }
}

// ---- Missing episodes ----

export interface EpisodeTimes {
  readonly startAt: string;
  /** Null while the child is missing. */
  readonly endAt: string | null;
}

/** The missing types a query counts: `M`, or `M` and `A`. */
export function countsType(type: MissingType, types: readonly MissingType[]): boolean {
  return types.includes(type);
}

/**
 * An episode counts in the period in which it STARTS (as DfE counts incidents): one that began on 31 March and
 * ended on 2 April belongs to the year ending 31 March only.
 */
export function startsInPeriod(startAt: string, bounds: Pick<QueryBounds, 'periodStart' | 'periodEnd'>): boolean {
  const start = instantMs(startAt);
  return start >= instantMs(bounds.periodStart) && start < instantMs(bounds.periodEnd);
}

/** Whether an episode had not ended by the census moment (the end of the census date). */
function isOpenAt(episode: EpisodeTimes, census: string): boolean {
  return episode.endAt === null || instantMs(episode.endAt) >= instantMs(census);
}

/**
 * "Not found" is a state at the census date: the child's latest episode that started before the census moment
 * had not ended by then. Episodes recorded later than the census date are ignored, so the figure for a past
 * census date does not change when today's episodes are added. When two episodes share the latest start (the
 * same episode recorded on two records of one child), the child is not found if either is open: the cautious
 * reading while records disagree.
 */
export function isNotFoundAt(episodes: readonly EpisodeTimes[], census: string): boolean {
  const known = episodes.filter((episode) => instantMs(episode.startAt) < instantMs(census));
  if (known.length === 0) return false;
  const latest = Math.max(...known.map((episode) => instantMs(episode.startAt)));
  return known.some((episode) => instantMs(episode.startAt) === latest && isOpenAt(episode, census));
}

// ---- Breakdowns ----

/**
 * DfE's age bands for missing incidents (age at the start of the episode), with under 1 so that bands cover every
 * episode, and "not known" for a child whose estimated age spans two bands (ADR 0007).
 */
export const AGE_BANDS = ['UNDER_1', '1_TO_4', '5_TO_9', '10_TO_15', '16_AND_OVER', 'NOT_KNOWN'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  UNDER_1: 'Under 1',
  '1_TO_4': '1 to 4',
  '5_TO_9': '5 to 9',
  '10_TO_15': '10 to 15',
  '16_AND_OVER': '16 and over',
  NOT_KNOWN: 'Age not known',
};

/** The band of an age in whole years (negative ages, from a date of birth recorded after the episode, fall under 1). */
export function ageBand(ageInYears: number): AgeBand {
  if (ageInYears < 1) return 'UNDER_1';
  if (ageInYears < 5) return '1_TO_4';
  if (ageInYears < 10) return '5_TO_9';
  if (ageInYears < 16) return '10_TO_15';
  return '16_AND_OVER';
}

/**
 * The band of the ages an estimated date of birth allows: the band that holds them all, or not known where
 * they span two (ADR 0007). A known date of birth gives one age, so always its band.
 */
export function ageBandOf(ages: { readonly age: number; readonly oldestAge?: number | undefined }): AgeBand {
  const band = ageBand(ages.age);
  return ages.oldestAge === undefined || ageBand(ages.oldestAge) === band ? band : 'NOT_KNOWN';
}

/**
 * Duration bands of episodes. DfE publishes incidents by duration (e.g. up to 2 days; over 30 days) but its exact
 * bands are not confirmed (domain.md §9, [U]); these are Lantern's, with the DfE cut points at 2 and 30 days.
 * An episode still open at the census moment is "still missing", whatever its length so far.
 */
export const DURATION_BANDS = [
  { band: 'UNDER_24_HOURS', label: 'Under 24 hours', underHours: 24 },
  { band: '1_TO_2_DAYS', label: '24 hours to 2 days', underHours: 48 },
  { band: '2_TO_7_DAYS', label: 'Over 2 days to 7 days', underHours: 168 },
  { band: '7_TO_30_DAYS', label: 'Over 7 days to 30 days', underHours: 720 },
  { band: 'OVER_30_DAYS', label: 'Over 30 days', underHours: null },
  { band: 'STILL_MISSING', label: 'Still missing at the census date', underHours: null },
] as const;
export type DurationBand = (typeof DURATION_BANDS)[number]['band'];

/** Bands are half-open: exactly 24 hours is "24 hours to 2 days", exactly 48 hours is "over 2 days". */
export function durationBand(episode: EpisodeTimes, census: string): DurationBand {
  if (episode.endAt === null || isOpenAt(episode, census)) return 'STILL_MISSING';
  const hours = (instantMs(episode.endAt) - instantMs(episode.startAt)) / 3_600_000;
  for (const { band, underHours } of DURATION_BANDS) if (underHours !== null && hours < underHours) return band;
  return 'OVER_30_DAYS';
}

/**
 * What happened about the return home interview of an episode, as at the census moment. Every episode falls in
 * exactly one category, so the table adds up to the episodes; "offered" is the first three, and rates are of
 * episodes that had ended (all but NOT_ENDED).
 */
export const RETURN_INTERVIEW_CATEGORIES = [
  'COMPLETED_WITHIN_72_HOURS',
  'COMPLETED_LATER',
  'OFFERED_NOT_COMPLETED',
  'NOT_OFFERED',
  'NOT_RECORDED',
  'NOT_ENDED',
] as const;
export type ReturnInterviewCategory = (typeof RETURN_INTERVIEW_CATEGORIES)[number];
export const RETURN_INTERVIEW_CATEGORY_LABELS: Record<ReturnInterviewCategory, string> = {
  COMPLETED_WITHIN_72_HOURS: 'Completed within 72 hours',
  COMPLETED_LATER: 'Completed after 72 hours',
  OFFERED_NOT_COMPLETED: 'Offered, not completed (declined or awaited)',
  NOT_OFFERED: 'Not offered',
  NOT_RECORDED: 'No interview recorded',
  NOT_ENDED: 'Episode not ended at the census date',
};
export const OFFERED_CATEGORIES: readonly ReturnInterviewCategory[] = ['COMPLETED_WITHIN_72_HOURS', 'COMPLETED_LATER', 'OFFERED_NOT_COMPLETED'];

export interface InterviewFacts {
  readonly response: 'ACCEPTED' | 'DECLINED' | 'NOT_OFFERED';
  readonly completedAt: string | null;
}

/**
 * An interview completed after the census moment counts as not completed at the census date. "Within 72 hours"
 * is of the child's return (the episode's end), inclusive, as the statutory guidance and return-interview.ts say.
 * An interview is offered unless recorded as not offered.
 */
export function returnInterviewCategory(episode: EpisodeTimes, interview: InterviewFacts | null, census: string): ReturnInterviewCategory {
  if (episode.endAt === null || isOpenAt(episode, census)) return 'NOT_ENDED';
  if (interview === null) return 'NOT_RECORDED';
  if (interview.completedAt !== null && instantMs(interview.completedAt) < instantMs(census)) {
    return instantMs(interview.completedAt) <= instantMs(episode.endAt) + 72 * 3_600_000 ? 'COMPLETED_WITHIN_72_HOURS' : 'COMPLETED_LATER';
  }
  return interview.response === 'NOT_OFFERED' ? 'NOT_OFFERED' : 'OFFERED_NOT_COMPLETED';
}

/** Nationality as recorded: an ISO 3166 code, 'unknown' (asked, not known), or null (never recorded). */
export const NATIONALITY_NOT_RECORDED = 'NOT_RECORDED';
export const NATIONALITY_UNKNOWN = 'unknown';

export function nationalityCategory(nationality: string | null): string {
  return nationality === null || nationality === '' ? NATIONALITY_NOT_RECORDED : nationality;
}

// ---- helpers ----

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function instantKey(instant: string): number {
  return instantMs(instant);
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
