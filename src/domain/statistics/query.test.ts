import { describe, expect, it } from 'vitest';
import {
  forPeriod,
  NON_STANDARD_CENSUS_DATE,
  NON_STANDARD_PERIOD,
  NON_STANDARD_TREND,
  parseGeography,
  parseStatisticsQuery,
  queryAsText,
  queryBounds,
  releaseProblems,
  standardPeriodOf,
  trendPeriods,
  ukDayStart,
} from './query.ts';
import type { StatisticsQuery } from './query.ts';

function parsed(input: Parameters<typeof parseStatisticsQuery>[0]): StatisticsQuery {
  const result = parseStatisticsQuery(input);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('parseStatisticsQuery', () => {
  it('should default to trafficked children in the UK by responsible authority, M episodes, census at the period end', () => {
    expect(parsed({ from: '2014-10-01', to: '2015-09-30' })).toEqual({
      cohort: 'trafficked',
      period: { from: '2014-10-01', to: '2015-09-30' },
      geography: { kind: 'uk' },
      attribution: 'responsible',
      missingTypes: ['M'],
      censusDate: '2015-09-30',
    });
  });

  it('should read every option', () => {
    expect(
      parsed({
        from: '2024-04-01',
        to: '2025-03-31',
        cohort: 'either',
        geography: 'region:South East',
        attribution: 'host',
        missingTypes: 'A,M',
        censusDate: '2025-05-01',
      }),
    ).toEqual({
      cohort: 'either',
      period: { from: '2024-04-01', to: '2025-03-31' },
      geography: { kind: 'region', region: 'South East' },
      attribution: 'host',
      missingTypes: ['M', 'A'],
      censusDate: '2025-05-01',
    });
  });

  it('should report every problem against its field', () => {
    const result = parseStatisticsQuery({
      from: '2025-02-30',
      to: 'soon',
      cohort: 'missing',
      geography: 'county:Kent',
      attribution: 'placing',
      missingTypes: 'A',
      censusDate: 'x',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((problem) => problem.field).sort()).toEqual(['attribution', 'censusDate', 'cohort', 'from', 'geography', 'missingTypes', 'to']);
  });

  it('should refuse a period that ends before it starts, or lasts more than ten years', () => {
    const backwards = parseStatisticsQuery({ from: '2025-01-02', to: '2025-01-01' });
    expect(backwards.ok ? [] : backwards.error).toEqual([{ field: 'to', message: 'The last day of the period must be the same as or after the first day' }]);
    expect(parseStatisticsQuery({ from: '2015-01-01', to: '2024-12-31' }).ok).toBe(true);
    expect(parseStatisticsQuery({ from: '2015-01-01', to: '2025-01-01' }).ok).toBe(false);
    expect(parseStatisticsQuery({ from: '2025-01-01', to: '2025-01-01' }).ok).toBe(true);
  });

  it('should refuse a census date before the end of the period', () => {
    const early = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31', censusDate: '2025-03-30' });
    expect(early.ok ? [] : early.error.map((problem) => problem.field)).toEqual(['censusDate']);
  });

  it('should give back the text a request would use', () => {
    expect(queryAsText(parsed({ from: '2024-04-01', to: '2025-03-31', geography: 'nation:WLS', missingTypes: 'M,A' }))).toEqual({
      from: '2024-04-01',
      to: '2025-03-31',
      cohort: 'trafficked',
      geography: 'nation:WAL',
      attribution: 'responsible',
      missingTypes: 'M,A',
      censusDate: '2025-03-31',
    });
  });
});

describe('parseGeography', () => {
  it('should read the ONS-style and the database nation codes alike', () => {
    expect(['nation:ENG', 'nation:wls', 'nation:SCT', 'nation:NIR', 'nation:WAL', 'nation:NI'].map((text) => parseGeography(text))).toEqual([
      { ok: true, value: { kind: 'nation', nation: 'ENG' } },
      { ok: true, value: { kind: 'nation', nation: 'WAL' } },
      { ok: true, value: { kind: 'nation', nation: 'SCO' } },
      { ok: true, value: { kind: 'nation', nation: 'NI' } },
      { ok: true, value: { kind: 'nation', nation: 'WAL' } },
      { ok: true, value: { kind: 'nation', nation: 'NI' } },
    ]);
  });

  it('should read the UK, regions and authority codes, and refuse anything else', () => {
    expect(parseGeography('UK')).toEqual({ ok: true, value: { kind: 'uk' } });
    expect(parseGeography('authority:e10000016')).toEqual({ ok: true, value: { kind: 'authority', code: 'E10000016' } });
    expect(parseGeography('region:Yorkshire and The Humber')).toEqual({ ok: true, value: { kind: 'region', region: 'Yorkshire and The Humber' } });
    for (const bad of ['', 'england', 'nation:FRA', 'region:', 'authority:', 'authority:E1 0', 'ward:E05000001']) expect(parseGeography(bad).ok).toBe(false);
  });
});

describe('ukDayStart and queryBounds', () => {
  it('should start a day at midnight UK time, in winter and in summer', () => {
    expect(ukDayStart('2025-01-15')).toBe('2025-01-15T00:00:00.000Z');
    expect(ukDayStart('2025-07-15')).toBe('2025-07-14T23:00:00.000Z');
    // The days the clocks change: they change at 01:00 UTC, so midnight keeps the day's offset before it.
    expect(ukDayStart('2025-03-30')).toBe('2025-03-30T00:00:00.000Z');
    expect(ukDayStart('2025-03-31')).toBe('2025-03-30T23:00:00.000Z');
    expect(ukDayStart('2025-10-26')).toBe('2025-10-25T23:00:00.000Z');
    expect(ukDayStart('2025-10-27')).toBe('2025-10-27T00:00:00.000Z');
  });

  it('should bound a period from the start of its first day to the start of the day after its last, and the census at the end of its day', () => {
    expect(queryBounds(parsed({ from: '2024-04-01', to: '2025-03-31', censusDate: '2025-06-30' }))).toEqual({
      fromDay: '2024-04-01',
      toDay: '2025-03-31',
      periodStart: '2024-03-31T23:00:00.000Z',
      periodEnd: '2025-03-31T23:00:00.000Z',
      census: '2025-06-30T23:00:00.000Z',
    });
  });
});

describe('trendPeriods', () => {
  it('should give consecutive 12-month periods ending on the last day, oldest first', () => {
    expect(trendPeriods('2025-03-31', 3)).toEqual([
      { from: '2022-04-01', to: '2023-03-31' },
      { from: '2023-04-01', to: '2024-03-31' },
      { from: '2024-04-01', to: '2025-03-31' },
    ]);
  });

  it('should tile without gap or overlap when a year ends on 29 February', () => {
    const periods = trendPeriods('2024-02-29', 2);
    expect(periods).toEqual([
      { from: '2022-03-02', to: '2023-03-01' },
      { from: '2023-03-02', to: '2024-02-29' },
    ]);
  });

  it('should ask each year for "not found" at its own end', () => {
    const query = parsed({ from: '2024-04-01', to: '2025-03-31', censusDate: '2025-06-30' });
    expect(forPeriod(query, { from: '2023-04-01', to: '2024-03-31' })).toEqual({
      ...query,
      period: { from: '2023-04-01', to: '2024-03-31' },
      censusDate: '2024-03-31',
    });
  });

  it('should refuse a trend of no years', () => {
    expect(() => trendPeriods('2025-03-31', 0)).toThrow();
  });
});

describe('standardPeriodOf', () => {
  it('should know calendar months (leap years too), quarters, financial years, calendar years and years to 30 September', () => {
    const kinds = [
      ['2024-02-01', '2024-02-29'],
      ['2023-02-01', '2023-02-28'],
      ['2024-12-01', '2024-12-31'],
      ['2024-10-01', '2024-12-31'],
      ['2025-01-01', '2025-03-31'],
      ['2024-04-01', '2025-03-31'],
      ['2024-01-01', '2024-12-31'],
      ['2014-10-01', '2015-09-30'],
    ].map(([from, to]) => standardPeriodOf({ from: from!, to: to! }));
    expect(kinds).toEqual(['month', 'month', 'month', 'quarter', 'quarter', 'financialYear', 'calendarYear', 'yearToSeptember']);
  });

  it('should know no other period: a day off at either end, quarters that start in another month, longer or shorter spans', () => {
    for (const [from, to] of [
      ['2024-04-02', '2025-04-01'],
      ['2024-04-01', '2025-03-30'],
      ['2024-02-01', '2024-04-30'],
      ['2024-05-01', '2025-04-30'],
      ['2015-10-01', '2025-09-30'],
      ['2024-06-10', '2024-06-10'],
      ['2024-06-01', '2024-07-31'],
    ] as const) {
      expect(standardPeriodOf({ from, to }), `${from} to ${to}`).toBeNull();
    }
  });
});

describe('releaseProblems', () => {
  it('should let a standard period with "not found" at its end go beyond the owner', () => {
    expect(releaseProblems(parsed({ from: '2024-06-01', to: '2024-06-30' }))).toEqual([]);
    expect(releaseProblems(parsed({ from: '2024-04-01', to: '2025-03-31' }), { trend: true })).toEqual([]);
  });

  it('should say what is allowed for any other period, census date or trend', () => {
    expect(releaseProblems(parsed({ from: '2024-04-02', to: '2025-04-01' }))).toEqual([{ field: 'from', message: NON_STANDARD_PERIOD }]);
    expect(releaseProblems(parsed({ from: '2024-04-01', to: '2025-03-31', censusDate: '2025-04-30' }))).toEqual([
      { field: 'censusDate', message: NON_STANDARD_CENSUS_DATE },
    ]);
    expect(releaseProblems(parsed({ from: '2025-01-01', to: '2025-03-31' }), { trend: true })).toEqual([{ field: 'to', message: NON_STANDARD_TREND }]);
    expect(NON_STANDARD_PERIOD).toContain('a calendar month, a quarter');
  });
});
