import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aRecord, KENT, MEDWAY } from '../../../test/factories/statistics-population.ts';
import type { EpisodeSpec, TestRecord } from '../../../test/factories/statistics-population.ts';
import { addDays } from '../dates.ts';
import { publishHbth } from './publication.ts';
import type { DisclosureView, Figure, HbthReport } from './publication.ts';
import { parseStatisticsQuery, releaseProblems } from './query.ts';
import type { Period, StatisticsQuery } from './query.ts';
import type { StatisticsCounts } from './counts.ts';
import { referenceCounts } from '../../../test/factories/reference-counts.ts';

// Differencing (issue 10 item 7): with 144 releases for 12-month periods a day apart, another authority's data
// officer subtracted consecutive releases and found single Kent episodes with their age band, placement,
// duration and return interview. This is that attacker, run against the engine in memory (the counting rules
// the SQL is held to, then publication), first as it was (any period, no perturbation: it works) and then with
// the defence (standard periods only, every count perturbed by the cell-key method: it does not). Then the same
// attacker differencing the periods and areas that may still be asked for: a quarter less its other months,
// and a region less its other authorities.

// ---- A population built for the attacker ----

/** The attributes of an episode, as the breakdown tables show them (their row keys). */
interface Attributes {
  readonly ageAtStart: '10_TO_15' | '16_AND_OVER';
  readonly placementAtStart: 'foster' | 'children_home';
  readonly duration: 'UNDER_24_HOURS' | '1_TO_2_DAYS' | '2_TO_7_DAYS';
  readonly returnInterview: 'COMPLETED_WITHIN_72_HOURS' | 'COMPLETED_LATER' | 'OFFERED_NOT_COMPLETED' | 'NOT_OFFERED' | 'NOT_RECORDED';
}
const BREAKDOWNS = ['ageAtStart', 'placementAtStart', 'duration', 'returnInterview'] as const;

const DATE_OF_BIRTH = { '10_TO_15': '2012-06-01', '16_AND_OVER': '2006-06-01' } as const;
const PLACEMENT = { foster: 'U1', children_home: 'K2' } as const;
const HOURS = { UNDER_24_HOURS: 5, '1_TO_2_DAYS': 30, '2_TO_7_DAYS': 100 } as const;
const INTERVIEW: Record<Attributes['returnInterview'], ((endAt: string) => EpisodeSpec['interview']) | null> = {
  COMPLETED_WITHIN_72_HOURS: (endAt) => ({ response: 'ACCEPTED', completedAt: hoursAfter(endAt, 24) }),
  COMPLETED_LATER: (endAt) => ({ response: 'ACCEPTED', completedAt: hoursAfter(endAt, 100) }),
  OFFERED_NOT_COMPLETED: () => ({ response: 'DECLINED', completedAt: null }),
  NOT_OFFERED: () => ({ response: 'NOT_OFFERED', completedAt: null }),
  NOT_RECORDED: null,
};
const hoursAfter = (instant: string, hours: number) => new Date(Date.parse(instant) + hours * 3_600_000).toISOString();

/**
 * A busy month: six episodes of each of these (two a day, alike), so that every row of every breakdown is 0 or
 * at least 6 and nothing in it is suppressed, while every attribute an episode can have appears.
 */
const BUSY: readonly Attributes[] = [
  { ageAtStart: '10_TO_15', placementAtStart: 'foster', duration: 'UNDER_24_HOURS', returnInterview: 'COMPLETED_WITHIN_72_HOURS' },
  { ageAtStart: '16_AND_OVER', placementAtStart: 'children_home', duration: '1_TO_2_DAYS', returnInterview: 'COMPLETED_LATER' },
  { ageAtStart: '10_TO_15', placementAtStart: 'children_home', duration: '2_TO_7_DAYS', returnInterview: 'OFFERED_NOT_COMPLETED' },
  { ageAtStart: '16_AND_OVER', placementAtStart: 'foster', duration: 'UNDER_24_HOURS', returnInterview: 'NOT_OFFERED' },
  { ageAtStart: '16_AND_OVER', placementAtStart: 'foster', duration: '1_TO_2_DAYS', returnInterview: 'NOT_RECORDED' },
];

const attributesArb: fc.Arbitrary<Attributes> = fc.record({
  ageAtStart: fc.constantFrom('10_TO_15', '16_AND_OVER'),
  placementAtStart: fc.constantFrom('foster', 'children_home'),
  duration: fc.constantFrom('UNDER_24_HOURS', '1_TO_2_DAYS', '2_TO_7_DAYS'),
  returnInterview: fc.constantFrom('COMPLETED_WITHIN_72_HOURS', 'COMPLETED_LATER', 'OFFERED_NOT_COMPLETED', 'NOT_OFFERED', 'NOT_RECORDED'),
});

/** A month of episodes: busy, one single episode (the one the attacker wants), or none. */
type Month = { readonly kind: 'busy' } | { readonly kind: 'single'; readonly episode: Attributes; readonly day: number } | { readonly kind: 'empty' };

/** Two years of quarters (April 2023 to March 2025); in each, one month with a single episode, one busy, one busy or empty. */
const QUARTERS = 8;
const kentMonthsArb: fc.Arbitrary<Month[]> = fc
  .array(
    fc.record({
      single: fc.record({ kind: fc.constant('single' as const), episode: attributesArb, day: fc.integer({ min: 1, max: 15 }) }),
      third: fc.constantFrom<Month>({ kind: 'busy' }, { kind: 'empty' }),
      order: fc.constantFrom([0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]),
    }),
    { minLength: QUARTERS, maxLength: QUARTERS },
  )
  .map((quarters) =>
    quarters.flatMap(({ single, third, order }) => {
      const months: Month[] = [single, { kind: 'busy' }, third];
      return order.map((index) => months[index]!);
    }),
  );

const monthStart = (index: number) => {
  const month = 3 + index; // April 2023 is month index 3 of 2023
  return `${2023 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;
};
const monthPeriod = (index: number): Period => ({ from: monthStart(index), to: addDays(monthStart(index + 1), -1) });
const quarterPeriod = (quarter: number): Period => ({ from: monthStart(quarter * 3), to: addDays(monthStart(quarter * 3 + 3), -1) });

/** A suspected trafficked child of an authority, in care throughout, with an age band and a placement. */
function child(
  authority: string,
  ageAtStart: Attributes['ageAtStart'],
  placement: Attributes['placementAtStart'],
  recordKey: number,
  episodes: EpisodeSpec[],
): TestRecord {
  return aRecord({
    authority,
    recordKey,
    dateOfBirth: DATE_OF_BIRTH[ageAtStart],
    care: [['2020-01-01', null, PLACEMENT[placement]]],
    concerns: [[['SUSPECTED', '2020-01-01']]],
    episodes,
  });
}

/** An episode on a day of a month, 10:00 UTC, ended within a week, its interview (if any) done well before the month ends. */
function episode(day: string, attributes: Attributes, recordKey: number): EpisodeSpec {
  const startAt = `${day}T10:00:00.000Z`;
  const endAt = hoursAfter(startAt, HOURS[attributes.duration]);
  return { recordKey, startAt, endAt, interview: INTERVIEW[attributes.returnInterview]?.(endAt) ?? null };
}

interface Population {
  readonly records: readonly TestRecord[];
  /** Every episode with its authority, start day and attributes: the truth the attacker's claims are checked against. */
  readonly episodes: readonly { readonly authority: string; readonly day: string; readonly attributes: Attributes }[];
}

/**
 * Kent's months as given; Medway busy every month. In each authority six children for each kind of busy episode
 * have one such episode in every busy month, and ten never go missing (so that no count of children is small
 * where the episodes are not); each single episode is a child's of its own. Every record and episode has a
 * random key.
 */
function population(kentMonths: readonly Month[], keys: () => number): Population {
  const episodes: Population['episodes'][number][] = [];
  const busyChildren = (authority: string, busyMonths: readonly number[]) =>
    BUSY.flatMap((attributes, combo) =>
      Array.from({ length: 6 }, (_, k) => {
        const held = busyMonths.map((index) => {
          const day = addDays(monthStart(index), combo * 3 + Math.floor(k / 2));
          episodes.push({ authority, day, attributes });
          return episode(day, attributes, keys());
        });
        return child(authority, attributes.ageAtStart, attributes.placementAtStart, keys(), held);
      }),
    );
  const singles = kentMonths.flatMap((month, index) => {
    if (month.kind !== 'single') return [];
    const day = addDays(monthStart(index), month.day - 1);
    episodes.push({ authority: KENT, day, attributes: month.episode });
    return [child(KENT, month.episode.ageAtStart, month.episode.placementAtStart, keys(), [episode(day, month.episode, keys())])];
  });
  const kentBusy = kentMonths.flatMap((month, index) => (month.kind === 'busy' ? [index] : []));
  const neverMissing = (authority: string) => Array.from({ length: 10 }, () => child(authority, '10_TO_15', 'foster', keys(), []));
  const records = [
    ...busyChildren(KENT, kentBusy),
    ...singles,
    ...neverMissing(KENT),
    ...busyChildren(
      MEDWAY,
      kentMonths.map((_, index) => index),
    ),
    ...neverMissing(MEDWAY),
  ];
  return { records, episodes };
}

// ---- Releases, as the engine makes them ----

const AUTHORITIES = { [KENT]: { code: KENT, name: 'Kent' }, [MEDWAY]: { code: MEDWAY, name: 'Medway' } };
/** A region of two authorities, Kent and Medway, for differencing across areas. */
const REGION = [AUTHORITIES[KENT], AUTHORITIES[MEDWAY]];

/** As the statistics service releases figures beyond the owner: perturbed, then suppressed, areas rounded to 10. */
const DEFENDED = (area: boolean): DisclosureView => ({ kind: 'controlled', threshold: 5, rounding: area ? 10 : null, perturbed: true });
/** As it did before: the true counts into suppression alone (and, for this attacker, no rounding of areas). */
const BEFORE: DisclosureView = { kind: 'controlled', threshold: 5, rounding: null, perturbed: false };

function query(period: Period, geography: string): StatisticsQuery {
  const parsed = parseStatisticsQuery({ ...period, geography, cohort: 'trafficked' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/** The true counts of each (period, area) of a population, counted once however many views publish them. */
const counted = new WeakMap<readonly TestRecord[], Map<string, StatisticsCounts>>();

function release(
  records: readonly TestRecord[],
  period: Period,
  area: readonly { code: string; name: string }[],
  view: (area: boolean) => DisclosureView,
): HbthReport {
  const isArea = area.length > 1;
  const q = query(period, isArea ? 'region:South East' : `authority:${area[0]!.code}`);
  const memo = counted.get(records) ?? new Map<string, StatisticsCounts>();
  counted.set(records, memo);
  const key = `${period.from}|${period.to}|${area.map((a) => a.code).join(',')}`;
  const counts = memo.get(key) ?? referenceCounts(records, new Map(), q, area);
  memo.set(key, counts);
  return publishHbth(counts, { query: q, view: view(isArea), geographyName: 'Somewhere', listNonReporting: false });
}

// ---- The attacker ----

/** What the attacker reads from a release: the cohort's episodes, and each breakdown's rows, null where not a count. */
interface Read {
  readonly episodes: number | null;
  readonly rows: Record<(typeof BREAKDOWNS)[number], Map<string, number | null>>;
}

const valueOf = (figure: Figure | undefined): number | null => (figure?.kind === 'count' ? figure.value : null);

function read(report: HbthReport): Read {
  const rows = {} as Read['rows'];
  for (const name of BREAKDOWNS) {
    const table = report.breakdowns[name];
    rows[name] = new Map(table.rows.map((row, i) => [row.key, valueOf(table.cells[i]?.[0])]));
  }
  return { episodes: valueOf(report.tables.episodes.cells[0]?.[0]), rows };
}

/** One release less others, cell by cell, taking every published figure as exact; null where any is not published. */
function difference(whole: Read, parts: readonly Read[]): Read {
  const minus = (a: number | null, bs: readonly (number | null)[]) =>
    a === null || bs.some((b) => b === null) ? null : bs.reduce<number>((left, b) => left - (b ?? 0), a);
  const rows = {} as Read['rows'];
  for (const name of BREAKDOWNS)
    rows[name] = new Map(
      [...whole.rows[name]].map(([key, value]) => [
        key,
        minus(
          value,
          parts.map((part) => part.rows[name].get(key) ?? null),
        ),
      ]),
    );
  return {
    episodes: minus(
      whole.episodes,
      parts.map((part) => part.episodes),
    ),
    rows,
  };
}

/** The attack that worked: where a difference is one episode, and one row of each breakdown 1 and the rest 0, that row is its attribute. */
function isolate(derived: Read): Attributes | null {
  if (derived.episodes !== 1) return null;
  const found: Partial<Record<(typeof BREAKDOWNS)[number], string>> = {};
  for (const name of BREAKDOWNS) {
    const values = [...derived.rows[name]];
    const ones = values.filter(([, value]) => value === 1);
    if (ones.length !== 1 || values.some(([, value]) => value !== 0 && value !== 1)) return null;
    found[name] = ones[0]![0];
  }
  return found as Attributes;
}

const sameAttributes = (a: Attributes, b: Attributes) => BREAKDOWNS.every((name) => a[name] === b[name]);

/** Claims the attacker got right: an episode of that authority really started then (that day, or in that month) with those attributes. */
function rightClaims(claims: readonly { authority: string; period: Period; attributes: Attributes }[], truth: Population): number {
  return claims.filter((claim) =>
    truth.episodes.some(
      (e) => e.authority === claim.authority && e.day >= claim.period.from && e.day <= claim.period.to && sameAttributes(e.attributes, claim.attributes),
    ),
  ).length;
}

/** The single episodes of the population, by authority and month. */
function singles(months: readonly Month[]): { period: Period; attributes: Attributes }[] {
  return months.flatMap((month, index) => (month.kind === 'single' ? [{ period: monthPeriod(index), attributes: month.episode }] : []));
}

// ---- The attacks ----

const ONE_DAY_APART = 144;
const FIRST_DAY = '2023-10-01';
const shiftedPeriod = (day: number): Period => ({ from: addDays(FIRST_DAY, day), to: addDays(FIRST_DAY, day + 364) });

/**
 * The releases for Kent for 12-month periods a day apart (those the service gives: `given`), each less the next:
 * a difference is the first day's episodes less those of the day after the last.
 */
function attackOneDayApart(records: readonly TestRecord[], view: (area: boolean) => DisclosureView, given: (period: Period) => boolean) {
  const reads = Array.from({ length: ONE_DAY_APART + 1 }, (_, day) =>
    given(shiftedPeriod(day)) ? read(release(records, shiftedPeriod(day), [AUTHORITIES[KENT]], view)) : null,
  );
  return reads.slice(0, -1).flatMap((earlier, day) => {
    const later = reads[day + 1];
    const attributes = earlier === null || later === null || later === undefined ? null : isolate(difference(earlier, [later]));
    const first = shiftedPeriod(day).from;
    return attributes === null ? [] : [{ authority: KENT, period: { from: first, to: first }, attributes }];
  });
}

/** Whether the service gives a period beyond the owner. */
const isReleasable = (period: Period) => releaseProblems(query(period, `authority:${KENT}`)).length === 0;

/** Each quarter less its other two months (all standard periods): what is left is one month, often a single episode. */
function attackQuarters(records: readonly TestRecord[], view: (area: boolean) => DisclosureView) {
  const kent = [AUTHORITIES[KENT]];
  const months = Array.from({ length: QUARTERS * 3 }, (_, index) => read(release(records, monthPeriod(index), kent, view)));
  return Array.from({ length: QUARTERS }, (_, quarter) => quarter).flatMap((quarter) => {
    const whole = read(release(records, quarterPeriod(quarter), kent, view));
    return [0, 1, 2].flatMap((k) => {
      const index = quarter * 3 + k;
      const others = [0, 1, 2].filter((j) => j !== k).map((j) => months[quarter * 3 + j]!);
      const attributes = isolate(difference(whole, others));
      return attributes === null ? [] : [{ authority: KENT, period: monthPeriod(index), attributes }];
    });
  });
}

/** Each month, the region less Medway: what is left is Kent's month, sometimes a single episode. */
function attackRegion(records: readonly TestRecord[], view: (area: boolean) => DisclosureView) {
  return Array.from({ length: QUARTERS * 3 }, (_, index) => index).flatMap((index) => {
    const region = read(release(records, monthPeriod(index), REGION, view));
    const medway = read(release(records, monthPeriod(index), [AUTHORITIES[MEDWAY]], view));
    const attributes = isolate(difference(region, [medway]));
    return attributes === null ? [] : [{ authority: KENT, period: monthPeriod(index), attributes }];
  });
}

const keysArb = fc.infiniteStream(fc.integer({ min: 0, max: 255 }));
const withKeys = (monthsArb: fc.Arbitrary<Month[]>) =>
  fc.tuple(monthsArb, keysArb).map(([months, keys]) => {
    const iterator = keys[Symbol.iterator]();
    return { months, population: population(months, () => iterator.next().value as number) };
  });
const populationArb = withKeys(kentMonthsArb);

/**
 * The quarter October to December 2023 (within the 144 days) with its single episode on the first day of its
 * month: 365 days later is the last day of a month, when nobody went missing, so the difference of the two
 * releases around it is that episode alone.
 */
const withIsolatedDayArb = withKeys(
  kentMonthsArb.map((months) => months.map((month, index) => (month.kind === 'single' && Math.floor(index / 3) === 2 ? { ...month, day: 1 } : month))),
);

describe('the differencing attack that isolated single Kent episodes', () => {
  it('should have worked before: releases a day apart, any period and no perturbation, give single episodes with all four attributes', () => {
    fc.assert(
      fc.property(withIsolatedDayArb, ({ population: truth }) => {
        const claims = attackOneDayApart(
          truth.records,
          () => BEFORE,
          () => true,
        );
        expect(claims.length).toBeGreaterThan(0);
        expect(rightClaims(claims, truth)).toBe(claims.length);
      }),
      { numRuns: 2 },
    );
  });

  it('should now be refused: none of the 145 periods a day apart is a standard period, so there is nothing to subtract', () => {
    const periods = Array.from({ length: ONE_DAY_APART + 1 }, (_, day) => shiftedPeriod(day));
    expect(periods.filter(isReleasable)).toEqual([]);
    for (const { population: truth } of fc.sample(withIsolatedDayArb, { numRuns: 1 }))
      expect(attackOneDayApart(truth.records, DEFENDED, isReleasable)).toEqual([]);
  });
});

describe('the same attacker differencing the periods and areas that may still be released', () => {
  it('should recover single episodes from quarters less months, and from a region less an authority, without perturbation', () => {
    fc.assert(
      fc.property(populationArb, ({ months, population: truth }) => {
        for (const claims of [attackQuarters(truth.records, () => BEFORE), attackRegion(truth.records, () => BEFORE)]) {
          // Every single episode is found, with all four attributes, and nothing else is claimed.
          expect(rightClaims(claims, truth)).toBe(claims.length);
          expect(claims.map((claim) => claim.period).sort(byStart)).toEqual(singles(months).map((single) => single.period));
        }
      }),
      { numRuns: 3 },
    );
  });

  it('should fail against perturbed releases: the differences are not the episodes', () => {
    const RUNS = 4;
    // Counted over several populations: a difference of perturbed counts equals the true one by chance at times,
    // but all five of a single episode's cells (its count and four attributes) together very rarely (about 1 in
    // 300 over 40 populations, against every one of them without perturbation).
    let single = 0;
    let recovered = 0;
    fc.assert(
      fc.property(populationArb, ({ months, population: truth }) => {
        // Periods that may be released beyond the owner, so the service would give every one of them.
        expect(
          [...Array.from({ length: QUARTERS * 3 }, (_, i) => monthPeriod(i)), ...Array.from({ length: QUARTERS }, (_, q) => quarterPeriod(q))].every(
            isReleasable,
          ),
        ).toBe(true);
        const claims = [
          ...attackQuarters(truth.records, DEFENDED),
          ...attackRegion(truth.records, DEFENDED),
          ...attackRegion(truth.records, () => DEFENDED(false)),
        ];
        single += singles(months).length * 3;
        recovered += rightClaims(claims, truth);
      }),
      { numRuns: RUNS },
    );
    expect(single).toBe(RUNS * QUARTERS * 3);
    expect(recovered / single).toBeLessThan(0.05);
  });
});

function byStart(a: Period, b: Period): number {
  return a.from < b.from ? -1 : a.from > b.from ? 1 : 0;
}
