// From true counts to what is published: the "Heading back to harm" measures (domain.md §9, 1–11), the tables
// behind them and the DfE-style breakdowns, every count through disclosure control unless the reader owns the
// records: perturbed by the cell-key method (cell-key.ts), then suppressed and rounded (disclosure-control.ts).
// Rates are worked out from the counts as released before rounding (the true counts for the owner, the perturbed
// ones for everyone else, so that a rate never says more about a true count than the counts do) and published
// only when every count they are worked out from is published, so a rate never reveals a suppressed count.
//
// The tables, and how they are linked (a shared count is suppressed in all of them or in none):
//   children      went missing / did not go missing  ×  cohort / other looked-after children (or all, for the all cohort)
//   notFound      not found / found by the census date  ×  the same columns; its column totals are the children who went missing
//   episodes      episodes starting in the period  ×  the same columns
//   sex, nationality               cohort children by category  ×  went missing / did not; totals are children's cohort column
//   ageAtStart, placementAtStart,  the cohort's episodes by category; each totals the cohort's episodes.
//   duration, returnInterview      "still missing" and "not ended" are the same count, coupled to the children not found.

import { countryName, SEXES } from '../codes.ts';
import { isPlacementTypeCode, PLACEMENT_GROUPS, placementGroupOf } from '../ssda903-codes.ts';
import type { PlacementGroup } from '../ssda903-codes.ts';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  ageBandOf,
  DURATION_BANDS,
  NATIONALITY_NOT_RECORDED,
  NATIONALITY_UNKNOWN,
  OFFERED_CATEGORIES,
  RETURN_INTERVIEW_CATEGORIES,
  RETURN_INTERVIEW_CATEGORY_LABELS,
} from './counting-rules.ts';
import { addTallies, NO_RECORDS, perturb, subtractTally } from './cell-key.ts';
import type { AuthorityCoverage, BreakdownCounts, ChildCategoryCount, GroupCounts, HeadlineCounts, StatisticsCounts, Tally } from './counts.ts';
import { protectLinkedTables, publishedAt } from './disclosure-control.ts';
import type { CellLink, PublishedCell, PublishedTable, StatisticsTable } from './disclosure-control.ts';
import { COHORT_LABELS } from './query.ts';
import { publishedSystem, recover } from './recovery-attack.ts';
import type { StatisticsQuery } from './query.ts';

// ---- What is published ----

/**
 * One published figure. A count says whether it was perturbed (the cell-key method) and rounded (and to what); a
 * suppressed figure says why: SMALL (1 to 4), SECONDARY (would let a suppressed count be worked out) or DERIVED
 * (a rate from a suppressed count). Render suppressed figures as "[c]", as ONS and DfE do, and not applicable ones
 * as "[z]" or "–".
 */
export type Figure =
  | { readonly kind: 'count'; readonly value: number; readonly roundedTo: number | null; readonly perturbed: boolean }
  | { readonly kind: 'rate'; readonly value: number; readonly unit: 'percent' | 'ratio'; readonly decimals: number }
  | { readonly kind: 'suppressed'; readonly reason: 'SMALL' | 'SECONDARY' | 'DERIVED' }
  | { readonly kind: 'not_applicable' };

/**
 * How the figures were protected: not at all for the authority that owns the records, else disclosure-controlled:
 * perturbed by the cell-key method (always, except in tests that read true counts through the whole engine), then
 * counts from 1 to threshold − 1 suppressed and, for areas, rounded.
 */
export type DisclosureView =
  { readonly kind: 'owner' } | { readonly kind: 'controlled'; readonly threshold: number; readonly rounding: number | null; readonly perturbed: boolean };

interface Labelled {
  readonly key: string;
  readonly label: string;
}

type TableId = 'children' | 'notFound' | 'episodes' | 'sex' | 'nationality' | 'ageAtStart' | 'placementAtStart' | 'duration' | 'returnInterview';
type HeadlineTableId = 'children' | 'notFound' | 'episodes';
type BreakdownTableId = Exclude<TableId, HeadlineTableId>;

export interface ReportTable {
  /** The table's id: one of the report's (TableId here; other reports, such as the guardian service's, have their own). */
  readonly id: string;
  readonly title: string;
  /** What the rows are (the first column's heading). */
  readonly rowHeading: string;
  readonly rows: readonly Labelled[];
  readonly columns: readonly Labelled[];
  readonly cells: readonly (readonly Figure[])[];
  readonly rowTotals: readonly Figure[];
  readonly columnTotals: readonly Figure[];
  readonly grandTotal: Figure;
  /** A rate for each row and for the total, where the table has one (the % who went missing; each row's share of episodes). */
  readonly rowRates: { readonly label: string; readonly values: readonly Figure[]; readonly total: Figure } | null;
}

export type MeasureId =
  | 'lookedAfter'
  | 'missingChildren'
  | 'percentMissing'
  | 'authoritiesWithMissing'
  | 'episodes'
  | 'episodesPerMissingChild'
  | 'notFound'
  | 'percentNotFound'
  | 'reportingCoverage'
  | 'relativeRisk';

/**
 * One line of the "Heading back to harm" table: a measure of domain.md §9 (numbered as there) for the cohort and
 * for all looked-after children. The all-children column is measure 10, the comparator.
 */
interface MeasureRow {
  readonly number: number;
  readonly id: MeasureId;
  readonly label: string;
  readonly cohort: Figure;
  readonly allLookedAfter: Figure;
}

interface CoverageReport {
  readonly authoritiesInGeography: number;
  /** Authorities with at least one looked-after child in the period recorded in Lantern (not disclosure-controlled: authorities, not children). */
  readonly reporting: number;
  readonly percentReporting: Figure;
  /** The authorities that are not reporting; the list only for readers allowed it (else null), the count always. */
  readonly nonReporting: { readonly count: number; readonly authorities: readonly { readonly code: string; readonly name: string }[] | null };
}

interface SupportingMeasures {
  /** Return home interviews offered, as a % of episodes that had ended by the census date. */
  readonly percentInterviewsOffered: Figure;
  /** Interviews completed within 72 hours of the return, as a % of ended episodes. */
  readonly percentInterviewsWithin72Hours: Figure;
}

interface HeadlineReport {
  readonly measures: readonly MeasureRow[];
  readonly tables: Readonly<Record<HeadlineTableId, ReportTable>>;
  readonly coverage: CoverageReport;
}

/** The whole publication for one query; the tables were protected together. */
export interface HbthReport extends HeadlineReport {
  readonly report: 'heading-back-to-harm';
  readonly query: StatisticsQuery;
  readonly geographyName: string;
  readonly cohortLabel: string;
  readonly disclosure: DisclosureView;
  readonly breakdowns: Readonly<Record<BreakdownTableId, ReportTable>>;
  readonly supporting: SupportingMeasures;
}

export interface TrendYear extends HeadlineReport {
  readonly period: StatisticsQuery['period'];
  readonly censusDate: string;
}

/** The headline for consecutive 12-month periods, oldest first; each year protected on its own. */
export interface HbthTrend {
  readonly report: 'heading-back-to-harm-trend';
  readonly query: StatisticsQuery;
  readonly geographyName: string;
  readonly cohortLabel: string;
  readonly disclosure: DisclosureView;
  readonly years: readonly TrendYear[];
}

export interface PublicationContext {
  readonly query: StatisticsQuery;
  readonly view: DisclosureView;
  readonly geographyName: string;
  /** Whether the reader may see which authorities are not reporting (else only how many). */
  readonly listNonReporting: boolean;
}

// ---- Labels ----

export const SEX_LABELS: Record<(typeof SEXES)[number], string> = { M: 'Male', F: 'Female', U: 'Not known' };

const PLACEMENT_GROUP_LABELS: Record<PlacementGroup | 'not_known', string> = {
  foster: 'Foster placement',
  children_home: 'Children’s home',
  semi_independent: 'Semi-independent or supported accommodation',
  secure: 'Secure unit or young offender institution',
  placed_with_parents: 'Placed with parents',
  adoption: 'Placed for adoption',
  residential_other: 'Other residential setting',
  other: 'Other placement',
  not_known: 'No care period recorded on the day',
};

/** Nationalities shown by name: the most common; the rest are grouped, so that sparse categories do not multiply suppression. */
const NATIONALITIES_SHOWN = 10;
export const OTHER_NATIONALITIES = 'OTHER';

// ---- Assembly ----

/** Publishes the headline and every breakdown of one query, protected together. */
export function publishHbth(counts: StatisticsCounts, context: PublicationContext): HbthReport {
  const hasOthers = context.query.cohort !== 'all';
  const drafts = { ...headlineTables(counts.headline, hasOthers), ...breakdownTables(counts.breakdowns) };
  const links: CellLink<TableId>[] = [...headlineLinks(hasOthers), ...breakdownLinks(drafts)];
  const tables: Protected<TableId> = { drafts, ...protect(drafts, links, context), view: context.view };
  return {
    report: 'heading-back-to-harm',
    query: context.query,
    geographyName: context.geographyName,
    cohortLabel: COHORT_LABELS[context.query.cohort],
    disclosure: context.view,
    ...assembleHeadline(tables, counts.headline, counts.coverage, context),
    breakdowns: {
      sex: finishTable(tables, 'sex'),
      nationality: finishTable(tables, 'nationality'),
      ageAtStart: finishTable(tables, 'ageAtStart'),
      placementAtStart: finishTable(tables, 'placementAtStart'),
      duration: finishTable(tables, 'duration'),
      returnInterview: finishTable(tables, 'returnInterview'),
    },
    supporting: supportingMeasures(tables),
  };
}

// ---- Tables ----

export interface Draft {
  readonly table: StatisticsTable;
  /** The cell key of every count of the table, as its grid with margins. */
  readonly keys: readonly (readonly number[])[];
  readonly title: string;
  readonly rowHeading: string;
  readonly rowLabels: readonly string[];
  readonly columnLabels: readonly string[];
  readonly rowRate: 'percentOfRow' | 'shareOfTotal' | null;
  /** The heading of the rate column, when not the report's usual one ("% went missing", "% of episodes"). */
  readonly rowRateLabel?: string;
}

/** A table of tallies: its counts, and the cell key of each count, margins included (a margin's records are its cells'). */
export function tableOf(rows: readonly string[], columns: readonly string[], cells: readonly (readonly Tally[])[]): Pick<Draft, 'table' | 'keys'> {
  const rowTotals = cells.map((line) => addTallies(...line));
  const columnTotals = columns.map((_, j) => addTallies(...cells.map((line) => line[j] ?? NO_RECORDS)));
  const grid = [...cells.map((line, i) => [...line, rowTotals[i] ?? NO_RECORDS]), [...columnTotals, addTallies(...rowTotals)]];
  const counts = grid.map((line) => line.map((tally) => tally.count));
  return {
    table: {
      rows: [...rows],
      columns: [...columns],
      cells: counts.slice(0, -1).map((line) => line.slice(0, -1)),
      rowTotals: counts.slice(0, -1).map((line) => line.at(-1) ?? 0),
      columnTotals: (counts.at(-1) ?? []).slice(0, -1),
      grandTotal: counts.at(-1)?.at(-1) ?? 0,
    },
    keys: grid.map((line) => line.map((tally) => tally.key)),
  };
}

function groupColumns(headline: HeadlineCounts, hasOthers: boolean, pick: (group: GroupCounts) => Tally): Tally[] {
  return hasOthers ? [pick(headline.cohort), subtractTally(pick(headline.all), pick(headline.cohort))] : [pick(headline.all)];
}

function headlineTables(headline: HeadlineCounts, hasOthers: boolean): Record<HeadlineTableId, Draft> {
  const columns = hasOthers ? ['cohort', 'otherLookedAfter'] : ['all'];
  const columnLabels = hasOthers ? ['Cohort', 'Other looked-after children'] : ['All looked-after children'];
  const missing = groupColumns(headline, hasOthers, (g) => g.missingChildren);
  const notMissing = groupColumns(headline, hasOthers, (g) => subtractTally(g.lookedAfter, g.missingChildren));
  const notFound = groupColumns(headline, hasOthers, (g) => g.notFound);
  const found = groupColumns(headline, hasOthers, (g) => subtractTally(g.missingChildren, g.notFound));
  return {
    children: {
      ...tableOf(['missing', 'notMissing'], columns, [missing, notMissing]),
      title: 'Looked-after children who went missing at least once in the period',
      rowHeading: 'Children',
      rowLabels: ['Went missing at least once', 'Did not go missing'],
      columnLabels,
      rowRate: null,
    },
    notFound: {
      ...tableOf(['notFound', 'found'], columns, [notFound, found]),
      title: 'Children who went missing, by whether they had been found at the census date',
      rowHeading: 'Children who went missing',
      rowLabels: ['Not found at the census date', 'Found or returned'],
      columnLabels,
      rowRate: null,
    },
    episodes: {
      ...tableOf(['episodes'], columns, [groupColumns(headline, hasOthers, (g) => g.episodes)]),
      title: 'Missing episodes starting in the period',
      rowHeading: 'Episodes',
      rowLabels: ['Episodes'],
      columnLabels,
      rowRate: null,
    },
  };
}

function headlineLinks(hasOthers: boolean): CellLink<HeadlineTableId>[] {
  const columns = hasOthers ? [0, 1] : [0];
  return [
    // The children who went missing are notFound's column totals.
    ...columns.map((j): CellLink<HeadlineTableId> => ({
      kind: 'same',
      cells: [
        { table: 'children', row: 0, column: j },
        { table: 'notFound', row: 'total', column: j },
      ],
    })),
    {
      kind: 'same',
      cells: [
        { table: 'children', row: 0, column: 'total' },
        { table: 'notFound', row: 'total', column: 'total' },
      ],
    },
  ];
}

function childRows(rows: readonly ChildCategoryCount[], order: readonly string[]): Tally[][] {
  return order.map((category) => {
    const row = rows.find((r) => r.category === category);
    return [row?.missing ?? NO_RECORDS, row?.notMissing ?? NO_RECORDS];
  });
}

/** The nationalities shown by name (the most common, by code on ties), then the rest grouped, then unknown and not recorded. */
export function nationalityOrder(rows: readonly { readonly category: string; readonly count: number }[]): string[] {
  const named = rows
    .filter((row) => row.category !== NATIONALITY_UNKNOWN && row.category !== NATIONALITY_NOT_RECORDED)
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  const shown = named.slice(0, NATIONALITIES_SHOWN).map((row) => row.category);
  return [...shown, ...(named.length > NATIONALITIES_SHOWN ? [OTHER_NATIONALITIES] : []), NATIONALITY_UNKNOWN, NATIONALITY_NOT_RECORDED];
}

export function nationalityLabel(category: string): string {
  if (category === OTHER_NATIONALITIES) return 'Other nationalities';
  if (category === NATIONALITY_UNKNOWN) return 'Not known';
  if (category === NATIONALITY_NOT_RECORDED) return 'Not recorded';
  return countryName(category);
}

function placementCategory(placementType: string | null): PlacementGroup | 'not_known' {
  if (placementType === null) return 'not_known';
  return isPlacementTypeCode(placementType) ? placementGroupOf(placementType) : 'other';
}

function breakdownTables(counts: BreakdownCounts): Record<BreakdownTableId, Draft> {
  const childColumns = ['missing', 'notMissing'];
  const childColumnLabels = ['Went missing', 'Did not go missing'];
  const nationalities = nationalityOrder(counts.nationality.map((row) => ({ category: row.category, count: row.missing.count + row.notMissing.count })));
  const shown = new Set(nationalities);
  const grouped = counts.nationality.map((row) => (shown.has(row.category) ? row : { ...row, category: OTHER_NATIONALITIES }));
  const nationalityCells = nationalities.map((category) => {
    const rows = grouped.filter((row) => row.category === category);
    return [addTallies(...rows.map((row) => row.missing)), addTallies(...rows.map((row) => row.notMissing))];
  });

  const sum = <T>(items: readonly T[], keyOf: (item: T) => string, valueOf: (item: T) => Tally, keys: readonly string[]): Tally[][] =>
    keys.map((key) => [addTallies(...items.filter((item) => keyOf(item) === key).map(valueOf))]);
  const placementKeys = [...PLACEMENT_GROUPS, 'not_known'] as const;
  const durationKeys = DURATION_BANDS.map((band) => band.band);

  return {
    sex: {
      ...tableOf(SEXES, childColumns, childRows(counts.sex, SEXES)),
      title: 'Children in the cohort by sex',
      rowHeading: 'Sex',
      rowLabels: SEXES.map((sex) => SEX_LABELS[sex]),
      columnLabels: childColumnLabels,
      rowRate: 'percentOfRow',
    },
    nationality: {
      ...tableOf(nationalities, childColumns, nationalityCells),
      title: 'Children in the cohort by nationality',
      rowHeading: 'Nationality',
      rowLabels: nationalities.map(nationalityLabel),
      columnLabels: childColumnLabels,
      rowRate: 'percentOfRow',
    },
    ageAtStart: {
      ...tableOf(
        AGE_BANDS,
        ['episodes'],
        sum(counts.ageAtStart, ageBandOf, (row) => row.episodes, AGE_BANDS),
      ),
      title: 'Missing episodes of the cohort by age at the start of the episode',
      rowHeading: 'Age at start',
      rowLabels: AGE_BANDS.map((band) => AGE_BAND_LABELS[band]),
      columnLabels: ['Episodes'],
      rowRate: 'shareOfTotal',
    },
    placementAtStart: {
      ...tableOf(
        placementKeys,
        ['episodes'],
        sum(
          counts.placementAtStart,
          (row) => placementCategory(row.placementType),
          (row) => row.episodes,
          placementKeys,
        ),
      ),
      title: 'Missing episodes of the cohort by placement type at the start of the episode',
      rowHeading: 'Placement at start',
      rowLabels: placementKeys.map((key) => PLACEMENT_GROUP_LABELS[key]),
      columnLabels: ['Episodes'],
      rowRate: 'shareOfTotal',
    },
    duration: {
      ...tableOf(
        durationKeys,
        ['episodes'],
        sum(
          counts.duration,
          (row) => row.band,
          (row) => row.episodes,
          durationKeys,
        ),
      ),
      title: 'Missing episodes of the cohort by how long they lasted',
      rowHeading: 'Duration',
      rowLabels: DURATION_BANDS.map((band) => band.label),
      columnLabels: ['Episodes'],
      rowRate: 'shareOfTotal',
    },
    returnInterview: {
      ...tableOf(
        RETURN_INTERVIEW_CATEGORIES,
        ['episodes'],
        sum(
          counts.returnInterview,
          (row) => row.category,
          (row) => row.episodes,
          RETURN_INTERVIEW_CATEGORIES,
        ),
      ),
      title: 'Return home interviews after the cohort’s missing episodes',
      rowHeading: 'Return home interview',
      rowLabels: RETURN_INTERVIEW_CATEGORIES.map((category) => RETURN_INTERVIEW_CATEGORY_LABELS[category]),
      columnLabels: ['Episodes'],
      rowRate: 'shareOfTotal',
    },
  };
}

function breakdownLinks(breakdowns: Record<BreakdownTableId, Draft>): CellLink<TableId>[] {
  const childTables = ['sex', 'nationality'] as const;
  const episodeTables = ['ageAtStart', 'placementAtStart', 'duration', 'returnInterview'] as const;
  const stillMissing = breakdowns.duration.table.rows.indexOf('STILL_MISSING');
  const notEnded = breakdowns.returnInterview.table.rows.indexOf('NOT_ENDED');
  return [
    ...childTables.flatMap((table): CellLink<TableId>[] => [
      {
        kind: 'same',
        cells: [
          { table, row: 'total', column: 0 },
          { table: 'children', row: 0, column: 0 },
        ],
      },
      {
        kind: 'same',
        cells: [
          { table, row: 'total', column: 1 },
          { table: 'children', row: 1, column: 0 },
        ],
      },
      {
        kind: 'same',
        cells: [
          { table, row: 'total', column: 'total' },
          { table: 'children', row: 'total', column: 0 },
        ],
      },
    ]),
    ...episodeTables.map((table): CellLink<TableId> => ({
      kind: 'same',
      cells: [
        { table, row: 'total', column: 0 },
        { table, row: 'total', column: 'total' },
        { table: 'episodes', row: 0, column: 0 },
      ],
    })),
    {
      kind: 'same',
      cells: [
        { table: 'duration', row: stillMissing, column: 0 },
        { table: 'duration', row: stillMissing, column: 'total' },
        { table: 'returnInterview', row: notEnded, column: 0 },
        { table: 'returnInterview', row: notEnded, column: 'total' },
      ],
    },
    // Each child not found usually has exactly one episode still open: publishing either count would give the other away.
    {
      kind: 'coupled',
      cells: [
        { table: 'duration', row: stillMissing, column: 0 },
        { table: 'notFound', row: 0, column: 0 },
      ],
    },
  ];
}

/** Each table's counts as released before suppression and rounding, as its grid with margins: true or perturbed. */
type Released<K extends string> = Record<K, readonly (readonly number[])[]>;

const isPerturbed = (view: DisclosureView) => view.kind === 'controlled' && view.perturbed;

/** Protects tables published together (linked where they share counts), as the view asks: true counts for the owner. */
export function protect<K extends string>(
  drafts: Record<K, Pick<Draft, 'table' | 'keys'>>,
  links: readonly CellLink<K>[],
  context: Pick<PublicationContext, 'view'>,
): Pick<Protected<K>, 'published' | 'released'> {
  const tables = {} as Record<K, StatisticsTable>;
  const released = {} as Released<K>;
  for (const id of Object.keys(drafts) as K[]) {
    const { table, keys } = drafts[id];
    tables[id] = table;
    const truth = [...table.cells.map((line, i) => [...line, table.rowTotals[i] ?? 0]), [...table.columnTotals, table.grandTotal]];
    // Beyond the owner every count, margins included, is perturbed from its own cell key; a count shown in two
    // tables is the same records with the same key, so it is perturbed the same way in both.
    released[id] = isPerturbed(context.view) ? truth.map((line, i) => line.map((count, j) => perturb({ count, key: keys[i]?.[j] ?? 0 }))) : truth;
  }
  // The owner's own records: the true counts, as the authority sees the children themselves (threshold 1
  // suppresses nothing).
  const options =
    context.view.kind === 'owner' ? { threshold: 1, rounding: null } : { threshold: context.view.threshold, rounding: context.view.rounding, values: released };
  const published = protectLinkedTables(tables, links, options);
  // A safety net, not the mechanism: a suppression bug must stop the release, never leave a suppressed count
  // alone on a line with its total.
  const recovered = recover(publishedSystem(published, links));
  if (recovered.size > 0) throw new Error(`disclosure control failed: ${[...recovered.keys()].join(', ')} could be worked out`);
  return { published, released };
}

/**
 * A published figure with the count behind it as released before suppression and rounding (the true count for
 * the owner, the perturbed one for everyone else); it only ever feeds rates that are themselves checked.
 */
export interface Counted {
  readonly basis: number;
  readonly figure: Figure;
}

export interface Protected<K extends string, D extends Pick<Draft, 'table'> = Draft> {
  readonly drafts: Record<K, D>;
  readonly published: Record<K, PublishedTable>;
  readonly released: Released<K>;
  readonly view: DisclosureView;
}

function toFigure(cell: PublishedCell, view: DisclosureView): Figure {
  if (cell.kind === 'suppressed') return { kind: 'suppressed', reason: cell.reason };
  return { kind: 'count', value: cell.value, roundedTo: view.kind === 'controlled' ? view.rounding : null, perturbed: isPerturbed(view) };
}

export function counted<K extends string>(tables: Protected<K, Pick<Draft, 'table'>>, table: K, row: number | 'total', column: number | 'total'): Counted {
  const { rows, columns } = tables.drafts[table].table;
  const basis = tables.released[table][row === 'total' ? rows.length : row]?.[column === 'total' ? columns.length : column];
  if (basis === undefined) throw new Error(`no cell ${String(row)},${String(column)} in ${table}`);
  return { basis, figure: toFigure(publishedAt(tables.published[table], { row, column }), tables.view) };
}

const isWithheld = (item: Counted) => item.figure.kind === 'suppressed';
const total = (items: readonly Counted[]) => items.reduce((sum, item) => sum + item.basis, 0);

function decimalsFor(unit: 'percent' | 'ratio', view: DisclosureView): number {
  // DfE publishes whole percentages beside counts rounded to 10; otherwise one decimal place.
  return unit === 'percent' && view.kind === 'controlled' && view.rounding !== null ? 0 : 1;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * A rate from the counts as released: the sum of the numerators over the sum of the denominators. Suppressed
 * (DERIVED) when any count it is worked out from is suppressed; not applicable when the denominator is zero.
 */
export function rateOf(numerators: readonly Counted[], denominators: readonly Counted[], unit: 'percent' | 'ratio', view: DisclosureView): Figure {
  if ([...numerators, ...denominators].some(isWithheld)) return { kind: 'suppressed', reason: 'DERIVED' };
  const denominator = total(denominators);
  if (denominator === 0) return { kind: 'not_applicable' };
  const decimals = decimalsFor(unit, view);
  return { kind: 'rate', value: roundTo((total(numerators) / denominator) * (unit === 'percent' ? 100 : 1), decimals), unit, decimals };
}

/** Measure 11: the cohort's rate of going missing over all looked-after children's. */
function relativeRisk(cohortMissing: Counted, cohortSize: Counted, allMissing: Counted, allSize: Counted): Figure {
  if ([cohortMissing, cohortSize, allMissing, allSize].some(isWithheld)) return { kind: 'suppressed', reason: 'DERIVED' };
  if (cohortSize.basis === 0 || allSize.basis === 0 || allMissing.basis === 0) return { kind: 'not_applicable' };
  const value = cohortMissing.basis / cohortSize.basis / (allMissing.basis / allSize.basis);
  return { kind: 'rate', value: roundTo(value, 1), unit: 'ratio', decimals: 1 };
}

/** A protected table as published: its figures, labels and row rates. */
export function finishTable<K extends string>(tables: Protected<K>, id: K): ReportTable {
  const draft = tables.drafts[id];
  const { rows, columns } = draft.table;
  const cell = (row: number | 'total', column: number | 'total') => counted(tables, id, row, column);
  const rowRates = ((): ReportTable['rowRates'] => {
    switch (draft.rowRate) {
      case 'percentOfRow':
        return {
          label: draft.rowRateLabel ?? '% went missing',
          values: rows.map((_, i) => rateOf([cell(i, 0)], [cell(i, 'total')], 'percent', tables.view)),
          total: rateOf([cell('total', 0)], [cell('total', 'total')], 'percent', tables.view),
        };
      case 'shareOfTotal':
        return {
          label: draft.rowRateLabel ?? '% of episodes',
          values: rows.map((_, i) => rateOf([cell(i, 0)], [cell('total', 0)], 'percent', tables.view)),
          total: rateOf([cell('total', 0)], [cell('total', 0)], 'percent', tables.view),
        };
      case null:
        return null;
    }
  })();
  return {
    id,
    title: draft.title,
    rowHeading: draft.rowHeading,
    rows: rows.map((key, i) => ({ key, label: draft.rowLabels[i] ?? key })),
    columns: columns.map((key, j) => ({ key, label: draft.columnLabels[j] ?? key })),
    cells: rows.map((_, i) => columns.map((_, j) => cell(i, j).figure)),
    rowTotals: rows.map((_, i) => cell(i, 'total').figure),
    columnTotals: columns.map((_, j) => cell('total', j).figure),
    grandTotal: cell('total', 'total').figure,
    rowRates,
  };
}

function assembleHeadline(
  tables: Protected<HeadlineTableId>,
  headline: HeadlineCounts,
  coverage: readonly AuthorityCoverage[],
  context: PublicationContext,
): HeadlineReport {
  const { view, query } = context;
  const hasOthers = query.cohort !== 'all';
  // With a cohort, column 0 is the cohort and the totals are all looked-after children; for the all cohort the
  // one column is both.
  const all: 0 | 'total' = hasOthers ? 'total' : 0;
  const c = (table: HeadlineTableId, row: number | 'total', column: number | 'total') => counted(tables, table, row, column);
  const size = { cohort: c('children', 'total', 0), all: c('children', 'total', all) };
  const missing = { cohort: c('children', 0, 0), all: c('children', 0, all) };
  const episodes = { cohort: c('episodes', 0, 0), all: c('episodes', 0, all) };
  const notFound = { cohort: c('notFound', 0, 0), all: c('notFound', 0, all) };
  const authorities = (group: GroupCounts): Figure =>
    // Authorities, not children: exact. For one authority the count is 0 or 1 and says nothing the missing count does not.
    query.geography.kind === 'authority'
      ? { kind: 'not_applicable' }
      : { kind: 'count', value: group.authoritiesWithMissing, roundedTo: null, perturbed: false };
  const reporting = coverage.filter((authority) => authority.reporting);
  const exact = (n: number): Counted => ({ basis: n, figure: { kind: 'count', value: n, roundedTo: null, perturbed: false } });
  const percentReporting = rateOf([exact(reporting.length)], [exact(coverage.length)], 'percent', { kind: 'owner' });
  const row = (number: number, id: MeasureId, label: string, cohort: Figure, allLookedAfter: Figure): MeasureRow => ({
    number,
    id,
    label,
    cohort,
    allLookedAfter,
  });
  const measures: MeasureRow[] = [
    row(1, 'lookedAfter', 'Looked-after children in the period', size.cohort.figure, size.all.figure),
    row(2, 'missingChildren', 'Children who went missing at least once', missing.cohort.figure, missing.all.figure),
    row(
      3,
      'percentMissing',
      'Percentage who went missing',
      rateOf([missing.cohort], [size.cohort], 'percent', view),
      rateOf([missing.all], [size.all], 'percent', view),
    ),
    row(4, 'authoritiesWithMissing', 'Authorities with at least one child who went missing', authorities(headline.cohort), authorities(headline.all)),
    row(5, 'episodes', 'Missing episodes', episodes.cohort.figure, episodes.all.figure),
    row(
      6,
      'episodesPerMissingChild',
      'Episodes per child who went missing',
      rateOf([episodes.cohort], [missing.cohort], 'ratio', view),
      rateOf([episodes.all], [missing.all], 'ratio', view),
    ),
    row(7, 'notFound', 'Not found at the census date', notFound.cohort.figure, notFound.all.figure),
    row(
      8,
      'percentNotFound',
      'Percentage of children who went missing not found',
      rateOf([notFound.cohort], [missing.cohort], 'percent', view),
      rateOf([notFound.all], [missing.all], 'percent', view),
    ),
    row(9, 'reportingCoverage', 'Authorities reporting (percentage of authorities in the area)', percentReporting, percentReporting),
    row(
      11,
      'relativeRisk',
      'Relative risk of going missing against all looked-after children',
      hasOthers ? relativeRisk(missing.cohort, size.cohort, missing.all, size.all) : { kind: 'not_applicable' },
      { kind: 'not_applicable' },
    ),
  ];
  const nonReporting = coverage.filter((authority) => !authority.reporting);
  return {
    measures,
    tables: { children: finishTable(tables, 'children'), notFound: finishTable(tables, 'notFound'), episodes: finishTable(tables, 'episodes') },
    coverage: {
      authoritiesInGeography: coverage.length,
      reporting: reporting.length,
      percentReporting,
      nonReporting: { count: nonReporting.length, authorities: context.listNonReporting ? nonReporting.map(({ code, name }) => ({ code, name })) : null },
    },
  };
}

function supportingMeasures(tables: Protected<TableId>): SupportingMeasures {
  const rows = tables.drafts.returnInterview.table.rows;
  const cells = (keep: (key: string) => boolean) => rows.flatMap((key, i) => (keep(key) ? [counted(tables, 'returnInterview', i, 0)] : []));
  const ended = cells((key) => key !== 'NOT_ENDED');
  return {
    percentInterviewsOffered: rateOf(
      cells((key) => (OFFERED_CATEGORIES as readonly string[]).includes(key)),
      ended,
      'percent',
      tables.view,
    ),
    percentInterviewsWithin72Hours: rateOf(
      cells((key) => key === 'COMPLETED_WITHIN_72_HOURS'),
      ended,
      'percent',
      tables.view,
    ),
  };
}
