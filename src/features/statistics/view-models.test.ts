import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../../domain/statistics/publication.ts';
import { figureCell, latestYear, periodOfYear, queryOfForm, readStatisticsForm, tableView, yearsOffered } from './view-models.ts';

const table: ReportTable = {
  id: 'sex',
  title: 'Children by sex',
  rowHeading: 'Sex',
  rows: [
    { key: 'M', label: 'Male' },
    { key: 'F', label: 'Female' },
  ],
  columns: [
    { key: 'missing', label: 'Went missing' },
    { key: 'notMissing', label: 'Did not go missing' },
  ],
  cells: [
    [
      { kind: 'count', value: 20, roundedTo: 10, perturbed: true },
      { kind: 'suppressed', reason: 'SMALL' },
    ],
    [
      { kind: 'suppressed', reason: 'SECONDARY' },
      { kind: 'count', value: 30, roundedTo: 10, perturbed: true },
    ],
  ],
  rowTotals: [
    { kind: 'count', value: 20, roundedTo: 10, perturbed: true },
    { kind: 'count', value: 30, roundedTo: 10, perturbed: true },
  ],
  columnTotals: [
    { kind: 'count', value: 20, roundedTo: 10, perturbed: true },
    { kind: 'count', value: 30, roundedTo: 10, perturbed: true },
  ],
  grandTotal: { kind: 'count', value: 50, roundedTo: 10, perturbed: true },
  rowRates: {
    label: '% went missing',
    values: [
      { kind: 'suppressed', reason: 'DERIVED' },
      { kind: 'rate', value: 12.5, unit: 'percent', decimals: 1 },
    ],
    total: { kind: 'not_applicable' },
  },
};

describe('tableView', () => {
  it('should show suppressed cells as [c] with a footnote, and mark the rounding on the caption and under the table', () => {
    const view = tableView(table);
    expect(view.caption).toBe('Children by sex (counts rounded to the nearest 10) [note 1]');
    expect(view.head.map((cell) => cell.text)).toEqual(['Sex', 'Went missing', 'Did not go missing', 'Total', '% went missing']);
    expect(view.rows.map((row) => row.map((cell) => cell.text))).toEqual([
      ['Male', '20', '[c]', '20', '[c]'],
      ['Female', '[c]', '30', '30', '12.5%'],
      ['Total', '20', '30', '50', '[z]'],
    ]);
    expect(view.notes).toEqual([
      'Counts have had a little noise added to protect confidentiality [note 2]: each may differ from the true count by up to 2, so totals may not add up.',
      'Counts are rounded to the nearest 10 [note 1]. Totals may not add up.',
      '[c] Suppressed to protect confidentiality: a count from 1 to 4, or a figure from which one could be worked out.',
      '[z] Not applicable.',
    ]);
  });

  it('should add no notes to exact figures with nothing withheld', () => {
    const exact: ReportTable = {
      ...table,
      cells: [[{ kind: 'count', value: 3, roundedTo: null, perturbed: false }]],
      rows: [{ key: 'M', label: 'Male' }],
      columns: [{ key: 'episodes', label: 'Episodes' }],
      rowTotals: [{ kind: 'count', value: 3, roundedTo: null, perturbed: false }],
      columnTotals: [{ kind: 'count', value: 3, roundedTo: null, perturbed: false }],
      grandTotal: { kind: 'count', value: 3, roundedTo: null, perturbed: false },
      rowRates: null,
    };
    const view = tableView(exact);
    expect(view.caption).toBe('Children by sex');
    expect(view.notes).toEqual([]);
    expect(view.rows).toEqual([
      [{ text: 'Male' }, { text: '3', format: 'numeric' }],
      [{ text: 'Total' }, { text: '3', format: 'numeric' }],
    ]);
  });

  it('should show ratios without a percentage sign', () => {
    expect(figureCell({ kind: 'rate', value: 2.4, unit: 'ratio', decimals: 1 }).text).toBe('2.4');
  });
});

describe('the query form', () => {
  it('should default to the latest 12 months to 30 September', () => {
    expect(latestYear('2025-06-15')).toBe(2024);
    expect(latestYear('2025-09-30')).toBe(2025);
    expect(periodOfYear(2024)).toEqual({ from: '2023-10-01', to: '2024-09-30' });
    expect(readStatisticsForm({}, '2025-06-15')).toEqual({
      year: '2024',
      cohort: 'trafficked',
      geography: 'uk',
      missingTypes: 'M',
      attribution: 'responsible',
    });
  });

  it('should offer every year the data covers, from the one holding its first day to the latest that has ended', () => {
    // The report's own year (to 30 September 2015) is offered when the data goes back that far.
    expect(yearsOffered('2025-06-15', '2014-10-01')).toEqual([2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015]);
    expect(yearsOffered('2025-06-15', '2001-03-04')).toHaveLength(24);
    expect(yearsOffered('2025-06-15', '2014-09-30')).toContain(2014);
    expect(yearsOffered('2025-06-15', null)).toEqual([2024]);
    expect(yearsOffered('2025-06-15', '2025-05-01')).toEqual([2024]);
  });

  it('should turn the form into the engine’s query for a year offered, or say which field is wrong', () => {
    const years = yearsOffered('2025-06-15', '2014-10-01');
    const ok = queryOfForm({ year: '2024', cohort: 'uasc', geography: 'region:London', missingTypes: 'M,A', attribution: 'host' }, years);
    expect(ok.ok && ok.query).toMatchObject({
      cohort: 'uasc',
      period: { from: '2023-10-01', to: '2024-09-30' },
      geography: { kind: 'region', region: 'London' },
      missingTypes: ['M', 'A'],
      attribution: 'host',
    });
    expect(queryOfForm({ year: '2015', cohort: 'trafficked', geography: 'uk', missingTypes: 'M', attribution: 'responsible' }, years)).toMatchObject({
      ok: true,
      query: { period: { from: '2014-10-01', to: '2015-09-30' } },
    });
    for (const year of ['2026', '2014', 'x']) {
      expect(queryOfForm({ year, cohort: 'uasc', geography: 'uk', missingTypes: 'M', attribution: 'host' }, years)).toEqual({
        ok: false,
        errors: [{ field: 'year', text: 'Select a year' }],
      });
    }
    const bad = queryOfForm({ year: '2024', cohort: 'nobody', geography: 'uk', missingTypes: 'M', attribution: 'host' }, years);
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['cohort']);
  });
});
