import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_BANDS, RETURN_INTERVIEW_CATEGORIES } from './counting-rules.ts';
import type { DurationBand, ReturnInterviewCategory } from './counting-rules.ts';
import { perturb } from './cell-key.ts';
import type { StatisticsCounts, Tally } from './counts.ts';
import { breakdownsFor, group, HBTH_LIKE, keyed } from '../../../test/factories/statistics-counts.ts';
import type { ChildCategoryCount, PlainCounts } from '../../../test/factories/statistics-counts.ts';
import type { PublishedCell, PublishedTable } from './disclosure-control.ts';
import { publishHbth } from './publication.ts';
import type { DisclosureView, Figure, HbthReport, ReportTable } from './publication.ts';
import { parseStatisticsQuery } from './query.ts';
import type { StatisticsQuery, StatisticsQueryInput } from './query.ts';
import { publishedSystem, recover } from './recovery-attack.ts';

function query(input: Partial<StatisticsQueryInput> = {}): StatisticsQuery {
  const parsed = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31', ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const OWNER: DisclosureView = { kind: 'owner' };
const NATIONAL: DisclosureView = { kind: 'controlled', threshold: 5, rounding: 10, perturbed: true };
const AUTHORITY: DisclosureView = { kind: 'controlled', threshold: 5, rounding: null, perturbed: true };
/** Suppression and rounding alone, as before perturbation: the true counts go into disclosure control. */
const UNPERTURBED: DisclosureView = { ...AUTHORITY, perturbed: false };

function publish(counts: PlainCounts | StatisticsCounts, view: DisclosureView, input: Partial<StatisticsQueryInput> = {}, listNonReporting = true): HbthReport {
  const withKeys = typeof counts.headline.all.lookedAfter === 'number' ? keyed(counts as PlainCounts) : (counts as StatisticsCounts);
  return publishHbth(withKeys, { query: query(input), view, geographyName: 'Somewhere', listNonReporting });
}

const measure = (report: HbthReport, id: string) => {
  const row = report.measures.find((m) => m.id === id);
  if (row === undefined) throw new Error(`no measure ${id}`);
  return row;
};
const count = (value: number, roundedTo: number | null = null): Figure => ({ kind: 'count', value, roundedTo, perturbed: false });
/** A count released beyond the owner: perturbed (by nothing, at cell key 0), perhaps rounded. */
const released = (value: number, roundedTo: number | null = null): Figure => ({ kind: 'count', value, roundedTo, perturbed: true });
const percent = (value: number, decimals = 1): Figure => ({ kind: 'rate', value, unit: 'percent', decimals });
const ratio = (value: number): Figure => ({ kind: 'rate', value, unit: 'ratio', decimals: 1 });

describe('publishHbth: the measures', () => {
  it('should give the owner the true counts and the rates worked out from them', () => {
    const report = publish(HBTH_LIKE, OWNER);
    expect(report.measures.map((m) => [m.number, m.cohort, m.allLookedAfter])).toEqual([
      [1, count(590), count(99_230)],
      [2, count(167), count(6_110)],
      [3, percent(28.3), percent(6.2)],
      [4, count(39), count(150)],
      [5, count(401), count(28_570)],
      [6, ratio(2.4), ratio(4.7)],
      [7, count(60), count(220)],
      [8, percent(35.9), percent(3.6)],
      [9, percent(75), percent(75)],
      [11, ratio(4.6), { kind: 'not_applicable' }],
    ]);
    // Of 341 ended episodes (401 less 60 still open), 270 were offered an interview and 150 had it within 72 hours.
    expect(report.supporting).toEqual({ percentInterviewsOffered: percent(79.2), percentInterviewsWithin72Hours: percent(44) });
  });

  it('should round national and regional counts to 10 and give whole percentages, from the true counts', () => {
    const report = publish(HBTH_LIKE, NATIONAL);
    expect(measure(report, 'lookedAfter').cohort).toEqual(released(590, 10));
    expect(measure(report, 'missingChildren').cohort).toEqual(released(170, 10));
    expect(measure(report, 'episodes').cohort).toEqual(released(400, 10));
    // 167 / 590, not 170 / 590.
    expect(measure(report, 'percentMissing').cohort).toEqual(percent(28, 0));
    // Authorities are not children: exact.
    expect(measure(report, 'authoritiesWithMissing').cohort).toEqual(count(39));
  });

  it('should suppress small counts, and every rate worked out from one', () => {
    const small: PlainCounts = { ...HBTH_LIKE, headline: { cohort: group(12, 3, 7, 1, 2), all: group(400, 40, 150, 6, 9) } };
    const report = publish({ ...small, breakdowns: breakdownsFor(small) }, AUTHORITY, { geography: 'authority:E10000016' });
    expect(measure(report, 'missingChildren').cohort).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(measure(report, 'percentMissing').cohort).toEqual({ kind: 'suppressed', reason: 'DERIVED' });
    expect(measure(report, 'episodesPerMissingChild').cohort).toEqual({ kind: 'suppressed', reason: 'DERIVED' });
    expect(measure(report, 'relativeRisk').cohort).toEqual({ kind: 'suppressed', reason: 'DERIVED' });
    expect(measure(report, 'notFound').cohort).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    // Not rounded for one authority; not applicable: one authority has 0 or 1 authorities with a missing child.
    expect(measure(report, 'lookedAfter').allLookedAfter).toEqual(released(400));
    expect(measure(report, 'authoritiesWithMissing').cohort).toEqual({ kind: 'not_applicable' });
  });

  it('should show the same true counts to the owner that it hides from others', () => {
    const small: PlainCounts = { ...HBTH_LIKE, headline: { cohort: group(12, 3, 7, 1, 1), all: group(400, 40, 150, 6, 1) } };
    const report = publish({ ...small, breakdowns: breakdownsFor(small) }, OWNER, { geography: 'authority:E10000016' });
    expect(measure(report, 'missingChildren').cohort).toEqual(count(3));
    expect(measure(report, 'percentMissing').cohort).toEqual(percent(25));
    expect(report.tables.children.cells.flat().every((figure) => figure.kind === 'count')).toBe(true);
  });

  it('should say a rate is not applicable when nothing is there to divide by', () => {
    const none: PlainCounts = { ...HBTH_LIKE, headline: { cohort: group(0, 0, 0, 0, 0), all: group(50, 0, 0, 0, 0) } };
    const report = publish({ ...none, breakdowns: breakdownsFor(none) }, OWNER);
    expect(measure(report, 'percentMissing').cohort).toEqual({ kind: 'not_applicable' });
    expect(measure(report, 'percentMissing').allLookedAfter).toEqual(percent(0));
    expect(measure(report, 'episodesPerMissingChild').allLookedAfter).toEqual({ kind: 'not_applicable' });
    expect(measure(report, 'relativeRisk').cohort).toEqual({ kind: 'not_applicable' });
  });

  it('should publish one column for the all cohort, with no relative risk', () => {
    const report = publish(
      {
        ...HBTH_LIKE,
        headline: { cohort: HBTH_LIKE.headline.all, all: HBTH_LIKE.headline.all },
        breakdowns: breakdownsFor({ ...HBTH_LIKE, headline: { cohort: HBTH_LIKE.headline.all, all: HBTH_LIKE.headline.all } }),
      },
      OWNER,
      { cohort: 'all' },
    );
    expect(report.tables.children.columns.map((c) => c.key)).toEqual(['all']);
    expect(measure(report, 'lookedAfter').cohort).toEqual(count(99_230));
    expect(measure(report, 'relativeRisk').cohort).toEqual({ kind: 'not_applicable' });
  });

  it('should list the authorities not reporting only to readers allowed the list', () => {
    expect(publish(HBTH_LIKE, NATIONAL).coverage).toEqual({
      authoritiesInGeography: 4,
      reporting: 3,
      percentReporting: percent(75),
      nonReporting: { count: 1, authorities: [{ code: 'B', name: 'Beta' }] },
    });
    expect(publish(HBTH_LIKE, NATIONAL, {}, false).coverage.nonReporting).toEqual({ count: 1, authorities: null });
  });
});

describe('publishHbth: the tables', () => {
  it('should put the cohort beside the other looked-after children, with all of them as the totals', () => {
    const { children } = publish(HBTH_LIKE, OWNER).tables;
    expect(children.columns.map((c) => c.key)).toEqual(['cohort', 'otherLookedAfter']);
    expect(children.cells).toEqual([
      [count(167), count(5_943)],
      [count(423), count(92_697)],
    ]);
    expect(children.rowTotals).toEqual([count(6_110), count(93_120)]);
    expect(children.grandTotal).toEqual(count(99_230));
  });

  it('should show the most common nationalities by name and group the rest', () => {
    const many: ChildCategoryCount[] = ['AF', 'AL', 'ER', 'GB', 'IQ', 'IR', 'SD', 'SY', 'VN', 'NG', 'RO', 'PL'].map((category, i) => ({
      category,
      missing: i,
      notMissing: 10,
    }));
    const counts = withChildren(many);
    const table = publish(counts, OWNER).breakdowns.nationality;
    expect(table.rows.map((r) => r.key)).toEqual(['PL', 'RO', 'NG', 'VN', 'SY', 'SD', 'IR', 'IQ', 'GB', 'ER', 'OTHER', 'unknown', 'NOT_RECORDED']);
    expect(table.rows.map((r) => r.label).slice(0, 2)).toEqual(['Poland', 'Romania']);
    expect(table.rowTotals[10]).toEqual(count(10 + 0 + 10 + 1));
  });

  it('should group placement types as Lantern does, with unknown codes as other and no care period as not known', () => {
    const table = publish(HBTH_LIKE, OWNER).breakdowns.placementAtStart;
    const byKey = Object.fromEntries(table.rows.map((r, i) => [r.key, table.cells[i]![0]]));
    expect(byKey).toMatchObject({
      foster: count(200),
      children_home: count(150),
      semi_independent: count(40),
      other: count(6),
      not_known: count(5),
      secure: count(0),
    });
  });

  it('should publish every duration band and interview category, even when none of the cohort’s episodes fall in it', () => {
    const report = publish(HBTH_LIKE, OWNER);
    expect(report.breakdowns.duration.rows.map((r) => r.key)).toEqual(DURATION_BANDS.map((b) => b.band));
    expect(report.breakdowns.returnInterview.rows.map((r) => r.key)).toEqual([...RETURN_INTERVIEW_CATEGORIES]);
    expect(report.breakdowns.duration.cells[DURATION_BANDS.findIndex((b) => b.band === 'OVER_30_DAYS')]).toEqual([count(0)]);
  });

  it('should give each row of a child breakdown its % who went missing, and each episode row its share', () => {
    const report = publish(HBTH_LIKE, OWNER);
    expect(report.breakdowns.sex.rowRates).toEqual({ label: '% went missing', values: [percent(28.6), percent(28.1), percent(0)], total: percent(28.3) });
    expect(report.breakdowns.duration.rowRates?.values[0]).toEqual(percent(49.9));
  });
});

// ---- Random publications under attack ----

/** What one child of a random population contributes, with its record key and its episodes'; aggregated into consistent counts. */
const childArb = fc.record({
  key: fc.integer({ min: 0, max: 255 }),
  inCohort: fc.boolean(),
  sex: fc.constantFrom('M', 'F', 'U'),
  nationality: fc.constantFrom('VN', 'AL', 'GB', 'ER', 'unknown', 'NOT_RECORDED'),
  notFound: fc.boolean(),
  episodes: fc.array(
    fc.record({
      key: fc.integer({ min: 0, max: 255 }),
      age: fc.constantFrom(3, 8, 12, 15, 16, 17),
      placement: fc.constantFrom('U4', 'K2', 'H5', null),
      ended: fc.constantFrom<[DurationBand, ReturnInterviewCategory] | null>(
        null,
        ['UNDER_24_HOURS', 'COMPLETED_WITHIN_72_HOURS'],
        ['1_TO_2_DAYS', 'COMPLETED_LATER'],
        ['2_TO_7_DAYS', 'NOT_OFFERED'],
        ['OVER_30_DAYS', 'NOT_RECORDED'],
        ['UNDER_24_HOURS', 'OFFERED_NOT_COMPLETED'],
      ),
    }),
    { maxLength: 6 },
  ),
});
type RandomChild = typeof childArb extends fc.Arbitrary<infer T> ? T : never;

/** Counts of random children, each count with the cell key of the records it counts; every child in the cohort for the all cohort. */
function countsOf(children: readonly RandomChild[], allCohort: boolean): StatisticsCounts {
  const tallyOf = (keys: readonly number[]): Tally => ({ count: keys.length, key: keys.reduce((a, b) => a + b, 0) % 256 });
  const isMissing = (c: RandomChild) => c.episodes.length > 0;
  // A child is not found only if their latest episode is still open.
  const isNotFound = (c: RandomChild) => isMissing(c) && c.notFound && c.episodes.at(-1)?.ended === null;
  const summarise = (members: readonly RandomChild[]) => ({
    lookedAfter: tallyOf(members.map((c) => c.key)),
    missingChildren: tallyOf(members.filter(isMissing).map((c) => c.key)),
    episodes: tallyOf(members.flatMap((c) => c.episodes.map((e) => e.key))),
    notFound: tallyOf(members.filter(isNotFound).map((c) => c.key)),
    authoritiesWithMissing: Math.min(members.filter(isMissing).length, 3),
  });
  const cohort = allCohort ? children : children.filter((c) => c.inCohort);
  const childRows = (category: (c: RandomChild) => string) =>
    [...new Set(cohort.map(category))].map((value) => ({
      category: value,
      missing: tallyOf(cohort.filter((c) => category(c) === value && isMissing(c)).map((c) => c.key)),
      notMissing: tallyOf(cohort.filter((c) => category(c) === value && !isMissing(c)).map((c) => c.key)),
    }));
  const episodes = cohort.flatMap((c) => c.episodes);
  const byEpisode = <K extends string | number | null>(category: (e: (typeof episodes)[number]) => K) =>
    [...new Set(episodes.map(category))].map((value) => ({ value, episodes: tallyOf(episodes.filter((e) => category(e) === value).map((e) => e.key)) }));
  return {
    headline: { cohort: summarise(cohort), all: summarise(children) },
    breakdowns: {
      sex: childRows((c) => c.sex),
      nationality: childRows((c) => c.nationality),
      ageAtStart: byEpisode((e) => e.age).map(({ value, episodes: n }) => ({ age: value, episodes: n })),
      placementAtStart: byEpisode((e) => e.placement).map(({ value, episodes: n }) => ({ placementType: value, episodes: n })),
      duration: byEpisode((e) => e.ended?.[0] ?? 'STILL_MISSING').map(({ value, episodes: n }) => ({ band: value, episodes: n })),
      returnInterview: byEpisode((e) => e.ended?.[1] ?? 'NOT_ENDED').map(({ value, episodes: n }) => ({ category: value, episodes: n })),
    },
    coverage: [{ code: 'A', name: 'Alpha', reporting: true }],
  };
}

const childrenArb = fc.array(childArb, { minLength: 1, maxLength: 80 });

/** A report's tables back in the form the attacker reads: published values, null where suppressed (rates ignored). */
function asPublished(table: ReportTable): PublishedTable {
  const cell = (figure: Figure): PublishedCell =>
    figure.kind === 'count' ? { kind: 'value', value: figure.value } : { kind: 'suppressed', reason: 'SECONDARY' };
  return {
    rows: table.rows.map((r) => r.key),
    columns: table.columns.map((c) => c.key),
    cells: table.cells.map((row) => row.map(cell)),
    rowTotals: table.rowTotals.map(cell),
    columnTotals: table.columnTotals.map(cell),
    grandTotal: cell(table.grandTotal),
  };
}

type Name = 'children' | 'notFound' | 'episodes' | 'sex' | 'nationality' | 'ageAtStart' | 'placementAtStart' | 'duration' | 'returnInterview';

/** Everything the attacker knows is the same count, written down here from what the tables mean (not from the code's own links). */
function sameCounts(report: HbthReport) {
  const stillMissing = report.breakdowns.duration.rows.findIndex((r) => r.key === 'STILL_MISSING');
  const notEnded = report.breakdowns.returnInterview.rows.findIndex((r) => r.key === 'NOT_ENDED');
  const columns = report.tables.children.columns.map((_, j) => j);
  const same = (...cells: { table: Name; row: number | 'total'; column: number | 'total' }[]) => ({ kind: 'same' as const, cells });
  return [
    ...columns.map((j) => same({ table: 'children', row: 0, column: j }, { table: 'notFound', row: 'total', column: j })),
    same({ table: 'children', row: 0, column: 'total' }, { table: 'notFound', row: 'total', column: 'total' }),
    ...(['sex', 'nationality'] as const).flatMap((table) => [
      same({ table, row: 'total', column: 0 }, { table: 'children', row: 0, column: 0 }),
      same({ table, row: 'total', column: 1 }, { table: 'children', row: 1, column: 0 }),
      same({ table, row: 'total', column: 'total' }, { table: 'children', row: 'total', column: 0 }),
    ]),
    ...(['ageAtStart', 'placementAtStart', 'duration', 'returnInterview'] as const).map((table) =>
      same({ table, row: 'total', column: 0 }, { table, row: 'total', column: 'total' }, { table: 'episodes', row: 0, column: 0 }),
    ),
    same(
      { table: 'duration', row: stillMissing, column: 0 },
      { table: 'duration', row: stillMissing, column: 'total' },
      { table: 'returnInterview', row: notEnded, column: 0 },
      { table: 'returnInterview', row: notEnded, column: 'total' },
    ),
  ];
}

function attack(report: HbthReport) {
  const tables = { ...report.tables, ...report.breakdowns };
  const published = Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, asPublished(table)])) as Record<Name, PublishedTable>;
  return recover(publishedSystem(published, sameCounts(report)));
}

describe('publishHbth against an attacker with every table of the publication', () => {
  it('should let nothing suppressed be worked out, in any table, from any other', () => {
    fc.assert(
      fc.property(childrenArb, fc.constantFrom(...(['trafficked', 'all'] as const)), fc.constantFrom(AUTHORITY, UNPERTURBED), (children, cohort, view) => {
        const report = publish(countsOf(children, cohort === 'all'), view, { cohort });
        expect([...attack(report)]).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('should, without perturbation, suppress every count from 1 to 4, publish the rest exactly (rounding off), and hide not found and still-missing episodes together', () => {
    fc.assert(
      fc.property(childrenArb, (children) => {
        const counts = countsOf(children, false);
        const report = publish(counts, UNPERTURBED);
        for (const [shownFigure, trueFigure] of figurePairs(report, publish(counts, OWNER))) {
          if (trueFigure.kind !== 'count') throw new Error('the owner sees counts');
          if (trueFigure.value >= 1 && trueFigure.value <= 4) expect(shownFigure.kind).toBe('suppressed');
          if (shownFigure.kind === 'count') expect(shownFigure.value).toBe(trueFigure.value);
        }
        const stillMissing = report.breakdowns.duration.cells[report.breakdowns.duration.rows.findIndex((r) => r.key === 'STILL_MISSING')]![0]!;
        expect(stillMissing.kind === 'suppressed').toBe(measureOf(report, 'notFound').kind === 'suppressed');
      }),
      { numRuns: 200 },
    );
  });

  it('should perturb every count by its cell key, by at most 2, then suppress what comes out from 1 to 4, and show a count shared by two tables the same in both', () => {
    fc.assert(
      fc.property(childrenArb, (children) => {
        const counts = countsOf(children, false);
        const report = publish(counts, AUTHORITY);
        for (const [shownFigure, trueFigure] of figurePairs(report, publish(counts, OWNER))) {
          if (trueFigure.kind !== 'count') throw new Error('the owner sees counts');
          if (shownFigure.kind !== 'count') continue;
          expect(shownFigure.perturbed).toBe(true);
          expect(Math.abs(shownFigure.value - trueFigure.value)).toBeLessThanOrEqual(2);
          expect(shownFigure.value >= 1 && shownFigure.value <= 4).toBe(false);
          if (trueFigure.value === 0) expect(shownFigure.value).toBe(0);
        }
        // The cohort's children who went missing: a cell of the headline table, and the total of each child breakdown.
        const missing = report.tables.children.cells[0]![0]!;
        expect(report.breakdowns.sex.columnTotals[0]).toEqual(missing);
        expect(report.breakdowns.nationality.columnTotals[0]).toEqual(missing);
        expect(report.breakdowns.ageAtStart.grandTotal).toEqual(report.tables.episodes.cells[0]![0]);
        // The headline counts are the cell-key method's, from the keys of the records they count.
        const { cohort } = counts.headline;
        if (missing.kind === 'count') expect(missing.value).toBe(perturb(cohort.missingChildren));
      }),
      { numRuns: 200 },
    );
  });

  it('should change some counts when the records carry keys (so the property above can fail)', () => {
    const counts = countsOf(fc.sample(childrenArb, { numRuns: 1, seed: 7 })[0]!, false);
    const shown = figurePairs(publish(counts, AUTHORITY), publish(counts, OWNER)).filter(([figure]) => figure.kind === 'count');
    expect(shown.some(([figure, truth]) => figure.kind === 'count' && truth.kind === 'count' && figure.value !== truth.value)).toBe(true);
  });
});

/** Each published figure of every table beside the owner's true one. */
function figurePairs(report: HbthReport, truth: HbthReport): [Figure, Figure][] {
  const tables = (r: HbthReport) => ({ ...r.tables, ...r.breakdowns }) as Record<Name, ReportTable>;
  return (Object.keys(tables(report)) as Name[]).flatMap((name) => {
    const published = tables(report)[name];
    const exact = tables(truth)[name];
    return [
      ...published.cells.flatMap((row, i) => row.map((figure, j): [Figure, Figure] => [figure, exact.cells[i]![j]!])),
      ...published.rowTotals.map((figure, i): [Figure, Figure] => [figure, exact.rowTotals[i]!]),
      ...published.columnTotals.map((figure, j): [Figure, Figure] => [figure, exact.columnTotals[j]!]),
      [published.grandTotal, exact.grandTotal],
    ];
  });
}

function measureOf(report: HbthReport, id: string): Figure {
  return measure(report, id).cohort;
}

/** Breakdowns consistent with a headline: every cohort child male, British, not missing; every episode ended. */
function withChildren(nationality: ChildCategoryCount[]): PlainCounts {
  const missing = nationality.reduce((n, row) => n + row.missing, 0);
  const lookedAfter = nationality.reduce((n, row) => n + row.missing + row.notMissing, 0);
  const counts: PlainCounts = {
    ...HBTH_LIKE,
    headline: { cohort: group(lookedAfter, missing, missing, 0, 1), all: group(lookedAfter + 100, missing + 10, missing + 10, 0, 2) },
  };
  return { ...counts, breakdowns: { ...breakdownsFor(counts), nationality } };
}
