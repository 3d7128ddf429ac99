// What a statistics request asks for: the cohort, the reporting period, the geography, how children are
// attributed to authorities, which missing types count, and the census date. Pure: parsing, defaults and the
// instants that bound a period in UK time. Definitions follow domain.md §9; docs/statistics.md is not needed to
// read them, each choice is explained where it is made.

import { MISSING_TYPES } from '../codes.ts';
import type { MissingType } from '../codes.ts';
import { addDays, addYears, isIsoDate, ukDateOf } from '../dates.ts';
import { fail, ok } from '../result.ts';
import type { Result } from '../result.ts';

/**
 * Which children are counted:
 * - trafficked: suspected, identified (positive reasonable-grounds decision) or confirmed (positive
 *   conclusive-grounds decision). HBTH counted "identified or suspected"; a confirmed child was identified first
 *   and then confirmed, so confirmed counts as identified. NOT_TRAFFICKED (negative CG) does not count;
 * - uasc: unaccompanied asylum-seeking child (a UASC period);
 * - both: trafficked and UASC (each at some time in the period while looked after, not necessarily at once:
 *   the FOI item "UASC who were also identified or suspected as trafficked");
 * - either: trafficked or UASC, each child once (the union; HBTH's 590 + 4,744 counted the overlap twice);
 * - all: every looked-after child (the comparator).
 */
export const COHORTS = ['trafficked', 'uasc', 'both', 'either', 'all'] as const;
export type Cohort = (typeof COHORTS)[number];

export const COHORT_LABELS: Record<Cohort, string> = {
  trafficked: 'Trafficked (suspected or identified)',
  uasc: 'Unaccompanied asylum-seeking children',
  both: 'Trafficked and unaccompanied',
  either: 'Trafficked or unaccompanied',
  all: 'All looked-after children',
};

/**
 * The database's nation codes (local_authority.nation). Requests may also use the ONS-style codes
 * ENG, WLS, SCT and NIR.
 */
export const NATIONS = ['ENG', 'WAL', 'SCO', 'NI'] as const;
export type Nation = (typeof NATIONS)[number];

export const NATION_NAMES: Record<Nation, string> = { ENG: 'England', WAL: 'Wales', SCO: 'Scotland', NI: 'Northern Ireland' };

const NATION_ALIASES: Record<string, Nation> = { ENG: 'ENG', WLS: 'WAL', WAL: 'WAL', SCT: 'SCO', SCO: 'SCO', NIR: 'NI', NI: 'NI' };

export type Geography =
  | { readonly kind: 'uk' }
  | { readonly kind: 'nation'; readonly nation: Nation }
  /** A region as named in the reference table: the nine English regions, 'Wales', 'Scotland', 'Northern Ireland'. */
  | { readonly kind: 'region'; readonly region: string }
  | { readonly kind: 'authority'; readonly code: string };

/**
 * Which authority a child or an episode belongs to: the responsible (placing) authority, or the host authority
 * where the child is placed. HBTH's councils did either; Lantern reports both, separately, never mixed.
 */
export const ATTRIBUTIONS = ['responsible', 'host'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

/** `M` only (missing), or `M` and `A` (away without authorisation): the FOIs asked for "missing or absent". */
export const MISSING_TYPE_OPTIONS = ['M', 'M,A'] as const;
export type MissingTypeOption = (typeof MISSING_TYPE_OPTIONS)[number];

export interface Period {
  /** First day, inclusive (YYYY-MM-DD). */
  readonly from: string;
  /** Last day, inclusive. */
  readonly to: string;
}

export interface StatisticsQuery {
  readonly cohort: Cohort;
  readonly period: Period;
  readonly geography: Geography;
  readonly attribution: Attribution;
  readonly missingTypes: readonly MissingType[];
  /** "Not found" is the state at the end of this day. Defaults to the period's last day; never before it. */
  readonly censusDate: string;
}

/** A request as it arrives (query string, command line): text, optional where there is a default. */
export interface StatisticsQueryInput {
  readonly from: string;
  readonly to: string;
  readonly cohort?: string | undefined;
  readonly geography?: string | undefined;
  readonly attribution?: string | undefined;
  readonly missingTypes?: string | undefined;
  readonly censusDate?: string | undefined;
}

export type QueryField = keyof StatisticsQueryInput;

/** Every field of a request, filled in. */
export type StatisticsQueryText = { readonly [K in QueryField]-?: string };

export interface QueryProblem {
  readonly field: QueryField;
  readonly message: string;
}

/** Longest period one request may cover: ten years (a trend asks for its years one at a time). */
const MAX_PERIOD_YEARS = 10;

const DEFAULT_QUERY = { cohort: 'trafficked', geography: 'uk', attribution: 'responsible', missingTypes: 'M' } as const;

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/** Parses `uk`, `nation:ENG` (or WLS, SCT, NIR), `region:NAME` or `authority:CODE`. */
export function parseGeography(text: string): Result<Geography, string> {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'uk') return ok({ kind: 'uk' });
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? '' : trimmed.slice(0, colon).toLowerCase();
  const value = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
  if (kind === 'nation') {
    const nation = NATION_ALIASES[value.toUpperCase()];
    return nation === undefined ? fail('Enter a nation as nation:ENG, nation:WLS, nation:SCT or nation:NIR') : ok({ kind: 'nation', nation });
  }
  if (kind === 'region' && value !== '' && value.length <= 60) return ok({ kind: 'region', region: value });
  if (kind === 'authority' && /^[A-Za-z0-9-]{2,20}$/.test(value)) return ok({ kind: 'authority', code: value.toUpperCase() });
  return fail('Enter a geography as uk, nation:CODE, region:NAME or authority:CODE, for example authority:E10000016');
}

/** The text form parseGeography reads. */
export function formatGeography(geography: Geography): string {
  switch (geography.kind) {
    case 'uk':
      return 'uk';
    case 'nation':
      return `nation:${geography.nation}`;
    case 'region':
      return `region:${geography.region}`;
    case 'authority':
      return `authority:${geography.code}`;
  }
}

/** Checks a request and fills in the defaults; every problem is reported, each against its field. */
export function parseStatisticsQuery(input: StatisticsQueryInput): Result<StatisticsQuery, QueryProblem[]> {
  const problems: QueryProblem[] = [];
  const problem = (field: QueryField, message: string) => {
    problems.push({ field, message });
  };

  if (!isIsoDate(input.from)) problem('from', 'Enter the first day of the period as a real date in the format YYYY-MM-DD');
  if (!isIsoDate(input.to)) problem('to', 'Enter the last day of the period as a real date in the format YYYY-MM-DD');
  if (isIsoDate(input.from) && isIsoDate(input.to)) {
    if (input.to < input.from) problem('to', 'The last day of the period must be the same as or after the first day');
    else if (input.to >= addYears(input.from, MAX_PERIOD_YEARS)) problem('to', `The period must be ${MAX_PERIOD_YEARS} years or shorter`);
  }

  const cohort = input.cohort ?? DEFAULT_QUERY.cohort;
  if (!isOneOf(COHORTS, cohort)) problem('cohort', `Select a cohort: one of ${COHORTS.join(', ')}`);

  const geography = parseGeography(input.geography ?? DEFAULT_QUERY.geography);
  if (!geography.ok) problem('geography', geography.error);

  const attribution = input.attribution ?? DEFAULT_QUERY.attribution;
  if (!isOneOf(ATTRIBUTIONS, attribution)) problem('attribution', `Select an attribution: one of ${ATTRIBUTIONS.join(', ')}`);

  const missingTypes = parseMissingTypes(input.missingTypes ?? DEFAULT_QUERY.missingTypes);
  if (missingTypes === null) problem('missingTypes', 'Select the missing types: M (missing) or M,A (missing and away without authorisation)');

  const censusDate = input.censusDate ?? input.to;
  // Without a census date of its own, the census is the last day: a bad last day is reported once, against `to`.
  if (!isIsoDate(censusDate)) {
    if (input.censusDate !== undefined) problem('censusDate', 'Enter the census date as a real date in the format YYYY-MM-DD');
  } else if (isIsoDate(input.to) && censusDate < input.to) problem('censusDate', 'The census date must be the same as or after the last day of the period');

  if (problems.length > 0 || !geography.ok || missingTypes === null || !isOneOf(COHORTS, cohort) || !isOneOf(ATTRIBUTIONS, attribution)) {
    return fail(problems);
  }
  return ok({ cohort, period: { from: input.from, to: input.to }, geography: geography.value, attribution, missingTypes, censusDate });
}

function parseMissingTypes(text: string): readonly MissingType[] | null {
  const types = [...new Set(text.split(',').map((type) => type.trim().toUpperCase()))].filter((type) => type !== '');
  if (!types.every((type) => isOneOf(MISSING_TYPES, type)) || !types.includes('M')) return null;
  return MISSING_TYPES.filter((type) => types.includes(type));
}

/** A query in the text form requests use (the API's query string, the command line), for echoing back. */
export function queryAsText(query: StatisticsQuery): StatisticsQueryText {
  return {
    from: query.period.from,
    to: query.period.to,
    cohort: query.cohort,
    geography: formatGeography(query.geography),
    attribution: query.attribution,
    missingTypes: formatMissingTypes(query.missingTypes),
    censusDate: query.censusDate,
  };
}

/** 'M' or 'M,A', as requests write it. */
export function formatMissingTypes(types: readonly MissingType[]): MissingTypeOption {
  return types.includes('A') ? 'M,A' : 'M';
}

/**
 * The instants that bound a query, as the counting rules use them. Days are UK days: a period from 1 April to
 * 31 March runs from 00:00 on 1 April to 00:00 on 1 April the next year, UK time (BST or GMT).
 */
export interface QueryBounds {
  readonly fromDay: string;
  readonly toDay: string;
  /** 00:00 UK time on the first day. */
  readonly periodStart: string;
  /** 00:00 UK time on the day after the last day (exclusive). */
  readonly periodEnd: string;
  /** 00:00 UK time on the day after the census date (exclusive): "at the census date" means at the end of it. */
  readonly census: string;
}

export function queryBounds(query: Pick<StatisticsQuery, 'period' | 'censusDate'>): QueryBounds {
  return {
    fromDay: query.period.from,
    toDay: query.period.to,
    periodStart: ukDayStart(query.period.from),
    periodEnd: ukDayStart(addDays(query.period.to, 1)),
    census: ukDayStart(addDays(query.censusDate, 1)),
  };
}

/** The instant 00:00 UK time begins on a day. The UK is at UTC+0 or UTC+1, and clocks change at 01:00 UTC, never at midnight. */
export function ukDayStart(day: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  const hourEarlier = new Date(midnightUtc - 3_600_000).toISOString();
  return ukDateOf(hourEarlier) === day ? hourEarlier : new Date(midnightUtc).toISOString();
}

/**
 * The consecutive 12-month periods of a trend, oldest first, the last one ending on `to`. They tile without gap
 * or overlap (a year ending 29 February is followed by one starting 1 March).
 */
export function trendPeriods(to: string, years: number): Period[] {
  if (!Number.isInteger(years) || years < 1) throw new Error(`years must be a whole number from 1, got ${years}`);
  const ends = Array.from({ length: years + 1 }, (_, k) => addYears(to, -k));
  return Array.from({ length: years }, (_, k) => ({ from: addDays(ends[k + 1] ?? to, 1), to: ends[k] ?? to })).reverse();
}

/** The same question for another period; "not found" at that period's end. */
export function forPeriod(query: StatisticsQuery, period: Period): StatisticsQuery {
  return { ...query, period, censusDate: period.to };
}

// ---- What may be released beyond the owner ----

/**
 * The periods a release beyond the authority that owns the records may cover: whole units of the calendars the
 * statistics are read against. Two releases for periods a day apart would differ by that day's episodes alone,
 * so arbitrary periods are for the owner only (docs/adr/0017-cell-key-perturbation.md).
 */
export type StandardPeriod = 'month' | 'quarter' | 'financialYear' | 'calendarYear' | 'yearToSeptember';

/** The standard periods that are years, which a trend may step back through. */
const STANDARD_YEARS: readonly StandardPeriod[] = ['financialYear', 'calendarYear', 'yearToSeptember'];

/** The last day of the month `months` after the month of `firstDay` (a first of the month). */
function lastDayOfMonths(firstDay: string, months: number): string {
  const year = Number(firstDay.slice(0, 4));
  const month = Number(firstDay.slice(5, 7)) - 1 + months;
  const next = `${String(year + Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** Which standard period a period is, or null when it is none. */
export function standardPeriodOf(period: Period): StandardPeriod | null {
  const { from, to } = period;
  if (!isIsoDate(from) || !isIsoDate(to) || from.slice(8) !== '01') return null;
  const monthDay = from.slice(5);
  if (to === lastDayOfMonths(from, 1)) return 'month';
  if (['01-01', '04-01', '07-01', '10-01'].includes(monthDay) && to === lastDayOfMonths(from, 3)) return 'quarter';
  if (to !== lastDayOfMonths(from, 12)) return null;
  return monthDay === '04-01' ? 'financialYear' : monthDay === '01-01' ? 'calendarYear' : monthDay === '10-01' ? 'yearToSeptember' : null;
}

export const NON_STANDARD_PERIOD =
  'For anything but your own authority’s children, ask for a standard period: a calendar month, a quarter (January to March, April to June, ' +
  'July to September or October to December), a financial year (1 April to 31 March), a calendar year, or a year to 30 September';
export const NON_STANDARD_CENSUS_DATE = 'For anything but your own authority’s children, the census date must be the last day of the period';
export const NON_STANDARD_TREND =
  'For anything but your own authority’s children, a trend must end with a standard year: a financial year, a calendar year, or a year to 30 September';

/**
 * Why a query may not be released beyond the owner (nothing when it may): a standard period, "not found" at its
 * last day, and for a trend a standard year. Geographies are always standard: the parser knows only the UK, its
 * nations, regions and authorities, and the service only those in the reference table.
 */
export function releaseProblems(query: Pick<StatisticsQuery, 'period' | 'censusDate'>, options: { readonly trend?: boolean } = {}): QueryProblem[] {
  const kind = standardPeriodOf(query.period);
  const problems: QueryProblem[] = [];
  if (kind === null) problems.push({ field: 'from', message: NON_STANDARD_PERIOD });
  else if (options.trend === true && !STANDARD_YEARS.includes(kind)) problems.push({ field: 'to', message: NON_STANDARD_TREND });
  if (query.censusDate !== query.period.to) problems.push({ field: 'censusDate', message: NON_STANDARD_CENSUS_DATE });
  return problems;
}

/** Whether a geography is national or regional (UK, a nation, a region): such figures are rounded when disclosure-controlled. */
export function isAreaGeography(geography: Geography): boolean {
  return geography.kind !== 'authority';
}
