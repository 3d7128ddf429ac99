// A published report as one long ("tidy") table, one figure per row, the layout of DfE's explore-education-
// statistics data files: a CSV of it can be filtered and pivoted without knowing the shape of each table.
// Only published figures appear here: a suppressed one is "[c]" with its reason, never its value.

import type { Figure, HbthReport, HbthTrend, ReportTable } from './publication.ts';
import { formatGeography, formatMissingTypes } from './query.ts';
import type { StatisticsQuery } from './query.ts';

export const TIDY_COLUMNS = [
  'period_from',
  'period_to',
  'census_date',
  'geography',
  'geography_name',
  'cohort',
  'attribution',
  'missing_types',
  'table',
  'row',
  'row_label',
  'column',
  'column_label',
  'value',
  'status',
  'note',
] as const;
type TidyColumn = (typeof TIDY_COLUMNS)[number];
export type TidyRow = Record<TidyColumn, string>;

/** The text of a figure as published: a number, "[c]" when suppressed, "[z]" when not applicable (ONS/DfE symbols). */
export function figureText(figure: Figure): string {
  switch (figure.kind) {
    case 'count':
      return String(figure.value);
    case 'rate':
      return figure.value.toFixed(figure.decimals);
    case 'suppressed':
      return '[c]';
    case 'not_applicable':
      return '[z]';
  }
}

/** Whether a figure is shown, and how: for the status and note columns. */
export function figureStatus(figure: Figure): { status: string; note: string } {
  switch (figure.kind) {
    case 'count': {
      const perturbed = figure.perturbed ? 'perturbed (may differ from the true count by up to 2)' : '';
      if (figure.roundedTo === null) return { status: figure.perturbed ? 'perturbed' : 'exact', note: perturbed };
      return { status: 'rounded', note: [perturbed, `rounded to the nearest ${figure.roundedTo}`].filter((part) => part !== '').join(', then ') };
    }
    case 'rate':
      return { status: 'exact', note: figure.unit === 'percent' ? 'percentage' : 'ratio' };
    case 'suppressed':
      return {
        status: 'suppressed',
        note:
          figure.reason === 'SMALL'
            ? 'fewer than 5'
            : figure.reason === 'SECONDARY'
              ? 'suppressed to protect another figure'
              : 'worked out from a suppressed figure',
      };
    case 'not_applicable':
      return { status: 'not_applicable', note: '' };
  }
}

function context(
  query: StatisticsQuery,
  geographyName: string,
): Pick<TidyRow, 'period_from' | 'period_to' | 'census_date' | 'geography' | 'geography_name' | 'cohort' | 'attribution' | 'missing_types'> {
  return {
    period_from: query.period.from,
    period_to: query.period.to,
    census_date: query.censusDate,
    geography: formatGeography(query.geography),
    geography_name: geographyName,
    cohort: query.cohort,
    attribution: query.attribution,
    missing_types: formatMissingTypes(query.missingTypes),
  };
}

function row(base: ReturnType<typeof context>, table: string, rowKey: string, rowLabel: string, column: string, columnLabel: string, figure: Figure): TidyRow {
  return { ...base, table, row: rowKey, row_label: rowLabel, column, column_label: columnLabel, value: figureText(figure), ...figureStatus(figure) };
}

function tableRows(base: ReturnType<typeof context>, table: ReportTable): TidyRow[] {
  const rows: TidyRow[] = [];
  table.rows.forEach((r, i) => {
    table.columns.forEach((c, j) => {
      rows.push(row(base, table.id, r.key, r.label, c.key, c.label, table.cells[i]?.[j] ?? { kind: 'not_applicable' }));
    });
    if (table.columns.length > 1) rows.push(row(base, table.id, r.key, r.label, 'total', 'Total', table.rowTotals[i] ?? { kind: 'not_applicable' }));
    if (table.rowRates !== null)
      rows.push(row(base, table.id, r.key, r.label, 'rate', table.rowRates.label, table.rowRates.values[i] ?? { kind: 'not_applicable' }));
  });
  table.columns.forEach((c, j) => {
    rows.push(row(base, table.id, 'total', 'Total', c.key, c.label, table.columnTotals[j] ?? { kind: 'not_applicable' }));
  });
  if (table.columns.length > 1) rows.push(row(base, table.id, 'total', 'Total', 'total', 'Total', table.grandTotal));
  if (table.rowRates !== null) rows.push(row(base, table.id, 'total', 'Total', 'rate', table.rowRates.label, table.rowRates.total));
  return rows;
}

function headlineRows(base: ReturnType<typeof context>, report: Pick<HbthReport, 'measures' | 'tables' | 'coverage'>): TidyRow[] {
  return [
    ...report.measures.flatMap((m) => [
      row(base, 'measures', m.id, `${m.number}. ${m.label}`, 'cohort', 'Cohort', m.cohort),
      row(base, 'measures', m.id, `${m.number}. ${m.label}`, 'allLookedAfter', 'All looked-after children', m.allLookedAfter),
    ]),
    row(base, 'coverage', 'authoritiesInGeography', 'Authorities in the area', 'count', 'Authorities', {
      kind: 'count',
      value: report.coverage.authoritiesInGeography,
      roundedTo: null,
      perturbed: false,
    }),
    row(base, 'coverage', 'reporting', 'Authorities reporting', 'count', 'Authorities', {
      kind: 'count',
      value: report.coverage.reporting,
      roundedTo: null,
      perturbed: false,
    }),
    ...Object.values(report.tables).flatMap((table) => tableRows(base, table)),
  ];
}

/** Every figure of a report, one per row. */
export function tidyReport(report: HbthReport): TidyRow[] {
  const base = context(report.query, report.geographyName);
  return [
    ...headlineRows(base, report),
    row(
      base,
      'supporting',
      'percentInterviewsOffered',
      'Return home interviews offered (% of ended episodes)',
      'cohort',
      'Cohort',
      report.supporting.percentInterviewsOffered,
    ),
    row(
      base,
      'supporting',
      'percentInterviewsWithin72Hours',
      'Return home interviews completed within 72 hours (% of ended episodes)',
      'cohort',
      'Cohort',
      report.supporting.percentInterviewsWithin72Hours,
    ),
    ...Object.values(report.breakdowns).flatMap((table) => tableRows(base, table)),
  ];
}

/** Every figure of a trend, one per row; each year carries its own period and census date. */
export function tidyTrend(trend: HbthTrend): TidyRow[] {
  return trend.years.flatMap((year) => headlineRows(context({ ...trend.query, period: year.period, censusDate: year.censusDate }, trend.geographyName), year));
}
