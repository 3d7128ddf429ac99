import { describe, expect, it } from 'vitest';
import { breakdownsFor, group, HBTH_LIKE, keyed } from '../../../test/factories/statistics-counts.ts';
import type { PlainCounts } from '../../../test/factories/statistics-counts.ts';
import { publishHbth } from './publication.ts';
import type { DisclosureView, HbthReport, HbthTrend } from './publication.ts';
import { parseStatisticsQuery } from './query.ts';
import type { StatisticsQueryInput } from './query.ts';
import { TIDY_COLUMNS, tidyReport, tidyTrend } from './tidy.ts';
import type { TidyRow } from './tidy.ts';

const OWNER: DisclosureView = { kind: 'owner' };
const NATIONAL: DisclosureView = { kind: 'controlled', threshold: 5, rounding: 10, perturbed: true };

function publish(counts: PlainCounts, view: DisclosureView, input: Partial<StatisticsQueryInput> = {}): HbthReport {
  const query = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31', ...input });
  if (!query.ok) throw new Error(JSON.stringify(query.error));
  return publishHbth(keyed(counts), { query: query.value, view, geographyName: 'Somewhere', listNonReporting: true });
}

const find = (rows: readonly TidyRow[], table: string, row: string, column: string): TidyRow => {
  const found = rows.find((r) => r.table === table && r.row === row && r.column === column);
  if (found === undefined) throw new Error(`no row ${table}/${row}/${column}`);
  return found;
};

describe('tidyReport', () => {
  it('should give every figure of the report a row with every column, in the context of its query', () => {
    const report = publish(HBTH_LIKE, OWNER);
    const rows = tidyReport(report);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual([...TIDY_COLUMNS].sort());
    expect(new Set(rows.map((r) => r.period_from))).toEqual(new Set(['2024-04-01']));
    expect(new Set(rows.map((r) => r.geography_name))).toEqual(new Set(['Somewhere']));
    // Two figures per measure (the cohort and all looked-after children).
    expect(rows.filter((r) => r.table === 'measures')).toHaveLength(report.measures.length * 2);
    // Every table's cells, and the breakdowns too.
    const tables = [...Object.values(report.tables), ...Object.values(report.breakdowns)];
    for (const table of tables) expect(rows.some((r) => r.table === table.id)).toBe(true);
    expect(find(rows, 'coverage', 'reporting', 'count')).toMatchObject({ value: '3', status: 'exact' });
  });

  it('should give the owner the true counts, marked exact', () => {
    const rows = tidyReport(publish(HBTH_LIKE, OWNER));
    expect(find(rows, 'measures', 'missingChildren', 'cohort')).toMatchObject({ value: '167', status: 'exact', note: '' });
    expect(find(rows, 'measures', 'percentMissing', 'cohort')).toMatchObject({ value: '28.3', status: 'exact', note: 'percentage' });
    expect(find(rows, 'supporting', 'percentInterviewsOffered', 'cohort')).toMatchObject({ value: '79.2' });
  });

  it('should say how a released count was changed: perturbed, then rounded', () => {
    const rows = tidyReport(publish(HBTH_LIKE, NATIONAL));
    expect(find(rows, 'measures', 'missingChildren', 'cohort')).toMatchObject({
      value: '170',
      status: 'rounded',
      note: 'perturbed (may differ from the true count by up to 2), then rounded to the nearest 10',
    });
  });

  it('should publish a suppressed figure as [c] with its reason, never its value', () => {
    const small: PlainCounts = { ...HBTH_LIKE, headline: { cohort: group(12, 3, 7, 1, 2), all: group(400, 40, 150, 6, 9) } };
    const rows = tidyReport(publish({ ...small, breakdowns: breakdownsFor(small) }, { ...NATIONAL, rounding: null }, { geography: 'authority:E10000016' }));
    expect(find(rows, 'measures', 'missingChildren', 'cohort')).toMatchObject({ value: '[c]', status: 'suppressed', note: 'fewer than 5' });
    expect(find(rows, 'measures', 'percentMissing', 'cohort')).toMatchObject({ value: '[c]', note: 'worked out from a suppressed figure' });
    expect(find(rows, 'measures', 'authoritiesWithMissing', 'cohort')).toMatchObject({ value: '[z]', status: 'not_applicable' });
  });
});

describe('tidyTrend', () => {
  it('should give each year its own period and census date', () => {
    const first = publish(HBTH_LIKE, OWNER, { from: '2023-04-01', to: '2024-03-31' });
    const second = publish(HBTH_LIKE, OWNER);
    const trend: HbthTrend = {
      report: 'heading-back-to-harm-trend',
      query: second.query,
      geographyName: 'Somewhere',
      cohortLabel: second.cohortLabel,
      disclosure: OWNER,
      years: [first, second].map((year) => ({ ...year, period: year.query.period, censusDate: year.query.censusDate })),
    };
    const rows = tidyTrend(trend);
    expect(new Set(rows.map((r) => `${r.period_from}–${r.period_to} ${r.census_date}`))).toEqual(
      new Set([`2023-04-01–2024-03-31 ${first.query.censusDate}`, `2024-04-01–2025-03-31 ${second.query.censusDate}`]),
    );
    expect(rows.filter((r) => r.table === 'supporting')).toEqual([]);
    expect(rows).toHaveLength(2 * tidyReport(first).filter((r) => r.table !== 'supporting' && !Object.keys(first.breakdowns).includes(r.table)).length);
  });
});
