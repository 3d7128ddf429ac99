import { addDays, addYears } from '../../domain/dates.ts';
import type { DisclosureView, Figure, HbthReport, HbthTrend, ReportTable } from '../../domain/statistics/publication.ts';
import { ATTRIBUTIONS, COHORT_LABELS, COHORTS, MISSING_TYPE_OPTIONS, NATION_NAMES, NATIONS, parseStatisticsQuery } from '../../domain/statistics/query.ts';
import type { QueryProblem, StatisticsQuery, StatisticsQueryInput } from '../../domain/statistics/query.ts';
import { figureText } from '../../domain/statistics/tidy.ts';
import { percentBarChart, trendLineChart } from './charts.ts';

// The statistics page as parameters of GOV.UK macros. Pure: tested with plain objects. Figures are shown as the
// engine published them: suppressed as "[c]", not applicable as "[z]", rounded counts marked with a note, as
// ONS and DfE do.

/** The query as the page's GET form sends it. Not identifying, so a query string is fine. */
export interface StatisticsForm {
  readonly year: string;
  readonly cohort: string;
  readonly geography: string;
  readonly missingTypes: string;
  readonly attribution: string;
}

/** The English regions as the reference table names them; Wales, Scotland and Northern Ireland are chosen as nations. */
const ENGLISH_REGIONS = [
  'North East',
  'North West',
  'Yorkshire and The Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
] as const;

/** The last year whose 30 September has passed by `today`. */
export function latestYear(today: string): number {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= '09-30' ? year : year - 1;
}

/**
 * The years offered, "12 months to 30 September" (the HBTH reporting year), newest first: every year the data
 * covers, from the one holding its first day (the earliest care period or episode) to the latest that has
 * ended. With nothing recorded, the latest year alone.
 */
export function yearsOffered(today: string, earliestDay: string | null): number[] {
  const latest = latestYear(today);
  const first = earliestDay === null ? latest : Math.min(latest, Number(earliestDay.slice(0, 4)) + (earliestDay.slice(5) >= '10-01' ? 1 : 0));
  return Array.from({ length: latest - first + 1 }, (_, k) => latest - k);
}

const first = (value: unknown): string | undefined => (Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value : undefined);

/** One parameter of a query string (the first, if repeated). */
export function queryParameter(query: unknown, name: string): string | undefined {
  return query !== null && typeof query === 'object' && name in query ? first((query as Record<string, unknown>)[name]) : undefined;
}

/** Reads the form from a query string, with the defaults: the latest year to 30 September, trafficked, UK. */
export function readStatisticsForm(query: unknown, today: string): StatisticsForm {
  const get = (name: string): string | undefined => queryParameter(query, name);
  return {
    year: get('year') ?? String(latestYear(today)),
    cohort: get('cohort') ?? 'trafficked',
    geography: get('geography') ?? 'uk',
    missingTypes: get('missingTypes') ?? 'M',
    attribution: get('attribution') ?? 'responsible',
  };
}

/** The period of a reporting year: 1 October of the year before to 30 September. */
export function periodOfYear(year: number): { from: string; to: string } {
  const to = `${String(year).padStart(4, '0')}-09-30`;
  return { from: addDays(addYears(to, -1), 1), to };
}

const FIELD_OF: Record<string, keyof StatisticsForm> = {
  from: 'year',
  to: 'year',
  censusDate: 'year',
  cohort: 'cohort',
  geography: 'geography',
  attribution: 'attribution',
  missingTypes: 'missingTypes',
};

export interface FormError {
  readonly field: keyof StatisticsForm;
  readonly text: string;
}

/** The form as an engine query, or the problems to show against each field. `years` are those offered. */
export function queryOfForm(form: StatisticsForm, years: readonly number[]): { ok: true; query: StatisticsQuery } | { ok: false; errors: FormError[] } {
  const year = Number(form.year);
  if (!/^\d{4}$/.test(form.year) || !years.includes(year)) {
    return { ok: false, errors: [{ field: 'year', text: 'Select a year' }] };
  }
  const input: StatisticsQueryInput = {
    ...periodOfYear(year),
    cohort: form.cohort,
    geography: form.geography,
    attribution: form.attribution,
    missingTypes: form.missingTypes,
  };
  const parsed = parseStatisticsQuery(input);
  if (parsed.ok) return { ok: true, query: parsed.value };
  return { ok: false, errors: parsed.error.map((problem: QueryProblem) => ({ field: FIELD_OF[problem.field] ?? 'year', text: problem.message })) };
}

/** The form's values as a query string, for the download links (the same query). */
export function formQueryString(form: StatisticsForm): string {
  return new URLSearchParams({
    year: form.year,
    cohort: form.cohort,
    geography: form.geography,
    missingTypes: form.missingTypes,
    attribution: form.attribution,
  }).toString();
}

interface Option {
  readonly value: string;
  readonly text: string;
  readonly selected?: boolean;
}

/** The areas a statistics form offers (the UK, nations, English regions, authorities), with one selected. */
export function geographyChoices(selected: string, authorities: readonly { readonly code: string; readonly name: string }[]) {
  return [
    { value: 'uk', text: 'United Kingdom', selected: selected === 'uk' },
    ...NATIONS.map((nation) => ({ value: `nation:${nation}`, text: NATION_NAMES[nation], selected: selected === `nation:${nation}` })),
    ...ENGLISH_REGIONS.map((region) => ({ value: `region:${region}`, text: `${region} (region)`, selected: selected === `region:${region}` })),
    ...authorities.map((authority) => ({ value: `authority:${authority.code}`, text: authority.name, selected: selected === `authority:${authority.code}` })),
  ];
}

/** Errors as the GOV.UK error summary and each field's message take them. */
export function errorsView(errors: readonly { readonly field: string; readonly text: string }[]) {
  return {
    errorList: errors.map((error) => ({ text: error.text, href: `#${error.field}` })),
    ...Object.fromEntries(errors.map((error) => [error.field, { text: error.text }])),
  };
}

/** The choices of the form, with the current values selected. */
export function formChoices(form: StatisticsForm, years: readonly number[], authorities: readonly { readonly code: string; readonly name: string }[]) {
  const select = (options: readonly Option[]) => options.map((option) => ({ ...option, selected: option.value === form.year || undefined }));
  const mark = (options: readonly Option[], value: string) => options.map((option) => ({ ...option, selected: option.value === value }));
  return {
    years: select(years.map((year) => ({ value: String(year), text: `12 months to 30 September ${year}` }))),
    cohorts: mark(
      COHORTS.map((cohort) => ({ value: cohort, text: COHORT_LABELS[cohort] })),
      form.cohort,
    ),
    geographies: geographyChoices(form.geography, authorities),
    missingTypes: mark(
      [
        { value: 'M', text: 'Missing (M) only' },
        { value: 'M,A', text: 'Missing (M) and away without authorisation (A)' },
      ],
      form.missingTypes,
    ).filter((option) => (MISSING_TYPE_OPTIONS as readonly string[]).includes(option.value)),
    attributions: mark(
      ATTRIBUTIONS.map((attribution) => ({
        value: attribution,
        text: attribution === 'responsible' ? 'By responsible (placing) authority' : 'By host authority (where the child is placed)',
      })),
      form.attribution,
    ),
  };
}

// ---- Figures and tables ----

type Cell = { text: string; format?: 'numeric' };

/** A figure as a table cell: the number, "[c]" when suppressed, "[z]" when not applicable. */
export function figureCell(figure: Figure): Cell {
  return { text: figure.kind === 'rate' && figure.unit === 'percent' ? `${figureText(figure)}%` : figureText(figure), format: 'numeric' };
}

interface FigureNotes {
  readonly perturbed: boolean;
  readonly suppressed: boolean;
  readonly roundedTo: number | null;
  readonly notApplicable: boolean;
}

/** Which notes a set of figures needs under its table. */
export function notesFor(figures: readonly Figure[]): FigureNotes {
  const rounded = figures.find((figure): figure is Extract<Figure, { kind: 'count' }> => figure.kind === 'count' && figure.roundedTo !== null);
  return {
    perturbed: figures.some((figure) => figure.kind === 'count' && figure.perturbed),
    suppressed: figures.some((figure) => figure.kind === 'suppressed'),
    roundedTo: rounded?.roundedTo ?? null,
    notApplicable: figures.some((figure) => figure.kind === 'not_applicable'),
  };
}

/** The footnotes under a table, in GOV.UK wording. */
export function noteLines(notes: FigureNotes): string[] {
  return [
    ...(notes.perturbed
      ? ['Counts have had a little noise added to protect confidentiality [note 2]: each may differ from the true count by up to 2, so totals may not add up.']
      : []),
    ...(notes.roundedTo === null ? [] : [`Counts are rounded to the nearest ${notes.roundedTo} [note 1]. Totals may not add up.`]),
    ...(notes.suppressed ? ['[c] Suppressed to protect confidentiality: a count from 1 to 4, or a figure from which one could be worked out.'] : []),
    ...(notes.notApplicable ? ['[z] Not applicable.'] : []),
  ];
}

/** The caption of a table, marking rounded counts in it. */
export function captionOf(title: string, notes: FigureNotes): string {
  return notes.roundedTo === null ? title : `${title} (counts rounded to the nearest ${notes.roundedTo}) [note 1]`;
}

export interface TableView {
  readonly id: string;
  readonly caption: string;
  readonly head: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
  readonly notes: readonly string[];
}

/** A report table as a GOV.UK table: its rows, a total column and row, and its rate where it has one. */
export function tableView(table: ReportTable): TableView {
  const hasTotalColumn = table.columns.length > 1;
  const head: Cell[] = [
    { text: table.rowHeading },
    ...table.columns.map((column) => ({ text: column.label, format: 'numeric' as const })),
    ...(hasTotalColumn ? [{ text: 'Total', format: 'numeric' as const }] : []),
    ...(table.rowRates === null ? [] : [{ text: table.rowRates.label, format: 'numeric' as const }]),
  ];
  const line = (label: string, cells: readonly Figure[], total: Figure | undefined, rate: Figure | undefined): Cell[] => [
    { text: label },
    ...cells.map(figureCell),
    ...(hasTotalColumn && total !== undefined ? [figureCell(total)] : []),
    ...(table.rowRates !== null && rate !== undefined ? [figureCell(rate)] : []),
  ];
  const rows = [
    ...table.rows.map((row, i) => line(row.label, table.cells[i] ?? [], table.rowTotals[i], table.rowRates?.values[i])),
    line('Total', table.columnTotals, table.grandTotal, table.rowRates?.total),
  ];
  const figures = [
    ...table.cells.flat(),
    ...table.rowTotals,
    ...table.columnTotals,
    table.grandTotal,
    ...(table.rowRates === null ? [] : [...table.rowRates.values, table.rowRates.total]),
  ];
  const notes = notesFor(figures);
  return { id: table.id, caption: captionOf(table.title, notes), head, rows, notes: noteLines(notes) };
}

/** The "Heading back to harm" measures: cohort beside all looked-after children. */
function measuresView(report: HbthReport): TableView {
  const figures = report.measures.flatMap((measure) => [measure.cohort, measure.allLookedAfter]);
  const notes = notesFor(figures);
  return {
    id: 'measures',
    caption: captionOf(`Heading back to harm: ${report.cohortLabel.toLowerCase()}, ${report.geographyName}`, notes),
    head: [{ text: 'Measure' }, { text: report.cohortLabel, format: 'numeric' }, { text: 'All looked-after children', format: 'numeric' }],
    rows: report.measures.map((measure) => [{ text: `${measure.number}. ${measure.label}` }, figureCell(measure.cohort), figureCell(measure.allLookedAfter)]),
    notes: noteLines(notes),
  };
}

const percentOf = (figure: Figure | undefined): number | null => (figure?.kind === 'rate' && figure.unit === 'percent' ? figure.value : null);

/** The chart of the percentage who went missing, cohort against all looked-after children; null when a figure is withheld. */
function missingChart(report: HbthReport): string | null {
  const measure = report.measures.find((m) => m.id === 'percentMissing');
  const cohort = percentOf(measure?.cohort);
  const all = percentOf(measure?.allLookedAfter);
  if (cohort === null || all === null) return null;
  const data =
    report.query.cohort === 'all'
      ? [{ label: 'All looked-after children', value: all }]
      : [
          { label: report.cohortLabel, value: cohort },
          { label: 'All looked-after children', value: all },
        ];
  const summary =
    report.query.cohort === 'all'
      ? `Bar chart: ${all}% of looked-after children in ${report.geographyName} went missing at least once.`
      : `Bar chart: ${cohort}% of ${report.cohortLabel.toLowerCase()} went missing at least once in ${report.geographyName}, against ${all}% of all looked-after children.`;
  return percentBarChart(data, { summary, axisLabel: 'Percentage who went missing at least once' });
}

/** The trend as a table (each year's headline) and a line chart of the percentage who went missing. */
function trendView(trend: HbthTrend): { table: TableView; chart: string | null } {
  const ids = ['lookedAfter', 'missingChildren', 'percentMissing', 'episodes', 'notFound'] as const;
  const yearLabel = (to: string) => `Year to ${to.slice(0, 4)}`;
  const labelOf = (id: (typeof ids)[number]) => trend.years[0]?.measures.find((m) => m.id === id)?.label ?? id;
  const figureOf = (year: HbthTrend['years'][number], id: string): Figure => year.measures.find((m) => m.id === id)?.cohort ?? { kind: 'not_applicable' };
  const figures = trend.years.flatMap((year) => ids.map((id) => figureOf(year, id)));
  const notes = notesFor(figures);
  const table: TableView = {
    id: 'trend',
    caption: captionOf(
      `Trend: ${trend.cohortLabel.toLowerCase()}, ${trend.geographyName}, 12 months to each ${trend.query.period.to.slice(5) === '09-30' ? '30 September' : 'year end'}`,
      notes,
    ),
    head: [{ text: 'Year' }, ...ids.map((id) => ({ text: labelOf(id), format: 'numeric' as const }))],
    rows: trend.years.map((year) => [{ text: yearLabel(year.period.to) }, ...ids.map((id) => figureCell(figureOf(year, id)))]),
    notes: noteLines(notes),
  };
  const points = trend.years.map((year) => ({ label: yearLabel(year.period.to), value: percentOf(figureOf(year, 'percentMissing')) }));
  const shown = points.filter((point): point is { label: string; value: number } => point.value !== null);
  const chart =
    shown.length < 2
      ? null
      : trendLineChart(shown, {
          summary: `Line chart: percentage of ${trend.cohortLabel.toLowerCase()} in ${trend.geographyName} who went missing at least once, by year: ${shown.map((p) => `${p.label} ${p.value}%`).join(', ')}${shown.length < points.length ? '; years with a suppressed figure are left out' : ''}.`,
          axisLabel: 'Percentage who went missing',
        });
  return { table, chart };
}

/** What disclosure control did to the figures, for the reader. */
export function controlledDisclosureText(disclosure: Extract<DisclosureView, { kind: 'controlled' }>): string {
  return `Disclosure control: ${disclosure.perturbed ? 'each count has had a little noise added (the cell-key method, as the ONS used for Census 2021), so it may differ from the true count by up to 2; ' : ''}counts from 1 to ${disclosure.threshold - 1} are suppressed ([c]), and so is any figure from which one could be worked out.${disclosure.rounding === null ? '' : ` Counts for the UK, nations and regions are rounded to the nearest ${disclosure.rounding}.`}`;
}

/** The whole page, from the report and its trend. */
export function statisticsPageViewModel(report: HbthReport, trend: HbthTrend | null) {
  const breakdowns = report.breakdowns;
  const supporting = [
    [{ text: 'Return home interviews offered (% of ended episodes)' }, figureCell(report.supporting.percentInterviewsOffered)],
    [{ text: 'Return home interviews completed within 72 hours (% of ended episodes)' }, figureCell(report.supporting.percentInterviewsWithin72Hours)],
  ];
  return {
    report: {
      geographyName: report.geographyName,
      cohortLabel: report.cohortLabel,
      period: report.query.period,
      censusDate: report.query.censusDate,
      isOwner: report.disclosure.kind === 'owner',
      disclosure:
        report.disclosure.kind === 'owner'
          ? 'These are your authority’s own figures, as you see the records: they are not disclosure-controlled. Do not publish them beyond the authority.'
          : controlledDisclosureText(report.disclosure),
    },
    measures: measuresView(report),
    chart: missingChart(report),
    coverage: report.coverage,
    supporting,
    breakdowns: [
      breakdowns.ageAtStart,
      breakdowns.sex,
      breakdowns.nationality,
      breakdowns.placementAtStart,
      breakdowns.duration,
      breakdowns.returnInterview,
    ].map(tableView),
    headlineTables: [report.tables.children, report.tables.notFound, report.tables.episodes].map(tableView),
    trend: trend === null ? null : trendView(trend),
  };
}
