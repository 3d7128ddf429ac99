import { describe, expect, it } from 'vitest';
import { collectionYear } from '../../domain/ssda903/collection-year.ts';
import type { ImportProblem } from '../../domain/ssda903/import.ts';
import { childrenText, exportRefusalMessage, problemRows, problemsByRule, PROBLEMS_LISTED, rowCountRows, ruleOf, yearItems } from './view-models.ts';

const problem = (message: string, at: Partial<ImportProblem> = {}): ImportProblem => ({ file: 'Missing.csv', row: 2, column: 'MIS_END', message, ...at });

describe('yearItems', () => {
  it('should offer the year under way and five ended years, the latest ended one chosen', () => {
    const items = yearItems('2025-06-15', null);
    expect(items.map((item) => item.value)).toEqual(['2026', '2025', '2024', '2023', '2022', '2021']);
    expect(items[0]?.text).toBe('2025-26 (1 April 2025 to 31 March 2026), not yet ended');
    expect(items[1]).toEqual({ value: '2025', text: '2024-25 (1 April 2024 to 31 March 2025)', selected: true });
  });

  it('should count 1 April as the first day of a new year, and 31 March as the last of the old', () => {
    expect(yearItems('2025-04-01', null)[0]?.value).toBe('2026');
    expect(yearItems('2025-03-31', null)[0]?.value).toBe('2025');
  });

  it('should keep the year the person chose', () => {
    expect(
      yearItems('2025-06-15', '2023')
        .filter((item) => item.selected)
        .map((item) => item.value),
    ).toEqual(['2023']);
  });
});

describe('exportRefusalMessage', () => {
  it('should say how to export a year under way or not begun, and ask for a year that is not one', () => {
    expect(exportRefusalMessage({ kind: 'incomplete_year', year: collectionYear(2026), progress: 'under_way' })).toBe(
      'The 2025-26 collection year has not ended: it runs to 31 March 2026. To export it as it stands today, select “Export a year that has not ended”',
    );
    expect(exportRefusalMessage({ kind: 'incomplete_year', year: collectionYear(2027), progress: 'not_started' })).toBe(
      'The 2026-27 collection year has not started: it runs from 1 April 2026. To export it anyway, select “Export a year that has not ended”',
    );
    expect(exportRefusalMessage({ kind: 'invalid_year', message: 'Enter the collection year' })).toBe('Select the collection year to export');
  });
});

describe('the validation report', () => {
  const problems = [
    problem('Enter the date the child came back (903 rule 567)'),
    problem('Enter M or A in MISSING (903 rules 565 and 566)', { column: 'MISSING' }),
    problem("DOB must be the Header's (903 check INT13)", { column: 'DOB' }),
    problem('Enter the date the child came back (903 rule 567)', { row: 3 }),
    problem('This file holds the Header table, and so does Header.csv', { file: null, row: null, column: null }),
  ];

  it('should name the rule each problem breaks, as its message does', () => {
    expect(problems.map(ruleOf)).toEqual(['903 rule 567', '903 rules 565 and 566', '903 check INT13', '903 rule 567', null]);
  });

  it('should count the problems by rule, most first', () => {
    expect(problemsByRule(problems)).toEqual([
      { rule: '903 rule 567', count: 2 },
      { rule: '903 check INT13', count: 1 },
      { rule: '903 rules 565 and 566', count: 1 },
      { rule: 'How the files are written (columns, values, rows that join up)', count: 1 },
    ]);
  });

  it('should list each problem by file, row, column and rule, at most PROBLEMS_LISTED of them', () => {
    expect(problemRows(problems.slice(3))).toEqual([
      [{ text: 'Missing.csv' }, { text: '3' }, { text: 'MIS_END' }, { text: '903 rule 567' }, { text: 'Enter the date the child came back (903 rule 567)' }],
      [{ text: 'The set of files' }, { text: '' }, { text: '' }, { text: '' }, { text: 'This file holds the Header table, and so does Header.csv' }],
    ]);
    expect(problemRows(Array.from({ length: PROBLEMS_LISTED + 3 }, () => problem('x')))).toHaveLength(PROBLEMS_LISTED);
  });

  it('should give the rows read from each file in the return’s order of tables', () => {
    expect(rowCountRows({ Missing: 1, Header: 1200 })).toEqual([
      { key: { text: 'Header.csv' }, value: { text: '1,200 rows' } },
      { key: { text: 'Missing.csv' }, value: { text: '1 row' } },
    ]);
  });

  it('should count children in words', () => {
    expect([childrenText(1), childrenText(28)]).toEqual(['1 child', '28 children']);
  });
});
