import { formatDate } from '../../domain/dates.ts';
import { collectionYear, isCollectionYear, yearProgress } from '../../domain/ssda903/collection-year.ts';
import type { CollectionYearSpan } from '../../domain/ssda903/collection-year.ts';
import type { ImportProblem } from '../../domain/ssda903/import.ts';
import { TABLE_LIST } from '../../domain/ssda903/tables.ts';
import type { TableName } from '../../domain/ssda903/tables.ts';
import type { Ssda903Error } from '../../services/ssda903-service.ts';

// The SSDA903 return's pages as parameters of GOV.UK macros. Pure: tested with plain objects.

/** Years offered for export: the year under way and this many ended ones before it. */
const ENDED_YEARS_OFFERED = 5;

/** Most problems listed one by one; the rest are counted (a broken file can have millions). */
export const PROBLEMS_LISTED = 500;

/** The collection year a UK day falls in, by the year it ends (1 April 2025 is in 2026, DfE's 2025-26). */
const yearOf = (today: string): number => Number(today.slice(0, 4)) + (today.slice(5) >= '04-01' ? 1 : 0);

const yearText = (year: CollectionYearSpan): string => `${year.name} (${formatDate(year.start)} to ${formatDate(year.end)})`;

/** The years a data officer may export, latest first: the latest ended year is chosen unless another was. */
export function yearItems(today: string, chosen: string | null): { value: string; text: string; selected: boolean }[] {
  const current = yearOf(today);
  const latestEnded = current - 1;
  return Array.from({ length: ENDED_YEARS_OFFERED + 1 }, (_, index) => current - index)
    .filter(isCollectionYear)
    .map((endingYear) => {
      const year = collectionYear(endingYear);
      const underWay = yearProgress(year, today) !== 'ended';
      return {
        value: String(endingYear),
        text: underWay ? `${yearText(year)}, not yet ended` : yearText(year),
        selected: chosen === null ? endingYear === latestEnded : chosen === String(endingYear),
      };
    });
}

/** Why an export was refused, as the error on the year question. */
export function exportRefusalMessage(error: Exclude<Ssda903Error, { kind: 'not_found' | 'rejected' }>): string {
  if (error.kind === 'invalid_year') return 'Select the collection year to export';
  const { year } = error;
  return error.progress === 'under_way'
    ? `The ${year.name} collection year has not ended: it runs to ${formatDate(year.end)}. To export it as it stands today, select “Export a year that has not ended”`
    : `The ${year.name} collection year has not started: it runs from ${formatDate(year.start)}. To export it anyway, select “Export a year that has not ended”`;
}

/** The rule a problem breaks, as its message names it ("903 rule 567", "903 check INT13"), or null for a problem with how a file is written. */
export function ruleOf(problem: ImportProblem): string | null {
  return /\((903 (?:rules?|check) [^)]+)\)/.exec(problem.message)?.[1] ?? null;
}

const FORMAT_PROBLEMS = 'How the files are written (columns, values, rows that join up)';

/** How many problems break each rule, most first; problems with how the files are written together. */
export function problemsByRule(problems: readonly ImportProblem[]): { rule: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const problem of problems) {
    const rule = ruleOf(problem) ?? FORMAT_PROBLEMS;
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  return [...counts].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/** Each problem as a table row, by file and row (the header is row 1, as a spreadsheet shows it). */
export function problemRows(problems: readonly ImportProblem[]): { text: string }[][] {
  return problems
    .slice(0, PROBLEMS_LISTED)
    .map((problem) => [
      { text: problem.file ?? 'The set of files' },
      { text: problem.row === null ? '' : String(problem.row) },
      { text: problem.column ?? '' },
      { text: ruleOf(problem) ?? '' },
      { text: problem.message },
    ]);
}

/** The rows of each table read, as a summary list, in the order of the return's tables. */
export function rowCountRows(rows: Readonly<Partial<Record<TableName, number>>>): { key: { text: string }; value: { text: string } }[] {
  return TABLE_LIST.flatMap((table) => {
    const count = rows[table.name];
    return count === undefined ? [] : [{ key: { text: table.fileName }, value: { text: `${count.toLocaleString('en-GB')} ${count === 1 ? 'row' : 'rows'}` } }];
  });
}

/** A count of children in words: "1 child", "28 children". */
export const childrenText = (count: number): string => `${count.toLocaleString('en-GB')} ${count === 1 ? 'child' : 'children'}`;
