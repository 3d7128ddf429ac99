import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { HbthReport, ReportTable } from '../../domain/statistics/publication.ts';
import { formatGeography, formatMissingTypes, queryAsText } from '../../domain/statistics/query.ts';
import { figureText, TIDY_COLUMNS, tidyReport } from '../../domain/statistics/tidy.ts';

// The downloads of one statistics query: CSV (one figure per row, as DfE's data files), XLSX (one sheet per
// table and a Notes sheet) and JSON (the API's document). Only published figures: a suppressed one is "[c]".

export const DOWNLOAD_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/**
 * What every download of unsuppressed figures (an authority's own, before disclosure control) says
 * where it is seen first: its name, its first column, its first line.
 */
export const NOT_FOR_PUBLICATION = 'NOT FOR PUBLICATION: the authority’s own figures, without disclosure control';

const unsuppressed = (report: HbthReport): boolean => report.disclosure.kind === 'owner';

/** A file name from the query alone: the area's code, the cohort and the period; nothing about a child. */
export function downloadFileName(report: HbthReport, format: DownloadFormat): string {
  const area = formatGeography(report.query.geography)
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '-');
  return `${unsuppressed(report) ? 'not-for-publication_' : ''}heading-back-to-harm_${area}_${report.query.cohort}_${report.query.attribution}_${report.query.period.from}_to_${report.query.period.to}.${format}`;
}

export function reportCsv(report: HbthReport): string {
  if (!unsuppressed(report)) return stringify(tidyReport(report), { header: true, columns: [...TIDY_COLUMNS] });
  const rows = tidyReport(report).map((row) => ({ marking: NOT_FOR_PUBLICATION, ...row }));
  return stringify(rows, { header: true, columns: ['marking', ...TIDY_COLUMNS] });
}

export function reportJson(report: HbthReport): string {
  const marking = unsuppressed(report) ? { marking: NOT_FOR_PUBLICATION } : {};
  return `${JSON.stringify({ ...marking, ...report, query: queryAsText(report.query) }, null, 2)}\n`;
}

/** A number where the figure is one, else its symbol ([c], [z]), so a spreadsheet can still sum the numbers. */
function cellValue(figure: Parameters<typeof figureText>[0]): string | number {
  return figure.kind === 'count' || figure.kind === 'rate' ? figure.value : figureText(figure);
}

function addTableSheet(workbook: ExcelJS.Workbook, name: string, table: ReportTable): void {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([table.title]).font = { bold: true };
  const hasTotal = table.columns.length > 1;
  const header = [
    table.rowHeading,
    ...table.columns.map((c) => c.label),
    ...(hasTotal ? ['Total'] : []),
    ...(table.rowRates === null ? [] : [table.rowRates.label]),
  ];
  sheet.addRow(header).font = { bold: true };
  table.rows.forEach((row, i) => {
    sheet.addRow([
      row.label,
      ...(table.cells[i] ?? []).map(cellValue),
      ...(hasTotal ? [cellValue(table.rowTotals[i] ?? { kind: 'not_applicable' })] : []),
      ...(table.rowRates === null ? [] : [cellValue(table.rowRates.values[i] ?? { kind: 'not_applicable' })]),
    ]);
  });
  sheet.addRow([
    'Total',
    ...table.columnTotals.map(cellValue),
    ...(hasTotal ? [cellValue(table.grandTotal)] : []),
    ...(table.rowRates === null ? [] : [cellValue(table.rowRates.total)]),
  ]).font = { bold: true };
  sheet.getColumn(1).width = 50;
}

/** Sheet names: at most 31 characters, unique. */
const SHEET_NAMES: Record<string, string> = {
  children: 'Children',
  notFound: 'Not found',
  episodes: 'Episodes',
  sex: 'Sex',
  nationality: 'Nationality',
  ageAtStart: 'Age at start',
  placementAtStart: 'Placement at start',
  duration: 'Duration',
  returnInterview: 'Return home interviews',
};

export async function reportXlsx(report: HbthReport, produced: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lantern';
  const measures = workbook.addWorksheet('Measures');
  if (unsuppressed(report)) measures.addRow([NOT_FOR_PUBLICATION]).font = { bold: true, color: { argb: 'FFD4351C' } };
  measures.addRow([`Heading back to harm: ${report.cohortLabel}, ${report.geographyName}`]).font = { bold: true };
  measures.addRow(['Measure', report.cohortLabel, 'All looked-after children']).font = { bold: true };
  for (const measure of report.measures) measures.addRow([`${measure.number}. ${measure.label}`, cellValue(measure.cohort), cellValue(measure.allLookedAfter)]);
  measures.addRow(['Return home interviews offered (% of ended episodes)', cellValue(report.supporting.percentInterviewsOffered), '']);
  measures.addRow(['Return home interviews completed within 72 hours (% of ended episodes)', cellValue(report.supporting.percentInterviewsWithin72Hours), '']);
  measures.getColumn(1).width = 70;
  for (const table of [...Object.values(report.tables), ...Object.values(report.breakdowns)]) addTableSheet(workbook, SHEET_NAMES[table.id] ?? table.id, table);

  const notes = workbook.addWorksheet('Notes');
  const disclosure =
    report.disclosure.kind === 'owner'
      ? 'None: the authority’s own figures, not for publication beyond the authority.'
      : `Counts from 1 to ${report.disclosure.threshold - 1} suppressed ([c]), with secondary suppression so that no suppressed count can be worked out from totals or from the other tables published for the same period; rates worked out from a suppressed count are suppressed too.${report.disclosure.rounding === null ? '' : ` Counts rounded to the nearest ${report.disclosure.rounding} [note 1].`}`;
  const rows: [string, string][] = [
    ...(unsuppressed(report) ? [['Marking', NOT_FOR_PUBLICATION] as [string, string]] : []),
    ['Produced', produced],
    ['Period', `${report.query.period.from} to ${report.query.period.to}`],
    ['Census date for "not found"', report.query.censusDate],
    ['Area', `${report.geographyName} (${formatGeography(report.query.geography)})`],
    ['Cohort', report.cohortLabel],
    ['Attribution', report.query.attribution === 'responsible' ? 'By responsible (placing) authority' : 'By host authority'],
    ['Missing types', formatMissingTypes(report.query.missingTypes) === 'M' ? 'Missing (M) only' : 'Missing (M) and away without authorisation (A)'],
    ['Disclosure control', disclosure],
    ['[c]', 'Suppressed to protect confidentiality'],
    ['[z]', 'Not applicable'],
    [
      'Looked-after children',
      'Distinct children looked after at any time in the period; a child with aliases or records in several authorities is counted once.',
    ],
    ['Cohort membership', 'The status held at any time in the period while the child was looked after. Trafficked: suspected, identified or confirmed.'],
    ['Episodes', 'Counted in the period in which they start.'],
    ['Not found', 'Children whose latest episode had not ended at the end of the census date.'],
    ['Relative risk', 'The cohort’s percentage who went missing divided by that of all looked-after children.'],
    [
      'Reporting coverage',
      `${report.coverage.reporting} of ${report.coverage.authoritiesInGeography} authorities in the area have looked-after children recorded in the period.`,
    ],
  ];
  notes.addRow(['Item', 'Note']).font = { bold: true };
  for (const row of rows) notes.addRow(row);
  notes.getColumn(1).width = 30;
  notes.getColumn(2).width = 120;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
