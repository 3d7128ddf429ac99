// The FOI pack: the charities' standard Freedom of Information questions (domain.md §1.3) answered from the
// record for one authority and period, ready to send. Built once, here, from the statistics engine's published
// reports (nothing is counted again), and rendered by the page and by `lantern foi` as Markdown or CSV.

import { formatDate } from '../dates.ts';
import type { DisclosureView, Figure, HbthReport, MeasureId, ReportTable } from './publication.ts';
import { figureStatus, figureText } from './tidy.ts';
import type { StatisticsQuery } from './query.ts';

/** The cohorts the questions ask about, each its own report for the same authority, period and missing types. */
export const FOI_COHORTS = ['trafficked', 'uasc', 'both', 'either'] as const;
export type FoiCohort = (typeof FOI_COHORTS)[number];

const GROUP_LABELS: Record<FoiCohort, string> = {
  trafficked: 'Identified or suspected as trafficked',
  uasc: 'Unaccompanied asylum-seeking children (UASC)',
  both: 'UASC also identified or suspected as trafficked',
  either: 'Trafficked or UASC, each child once',
};

/** A completeness measure from the data-quality checks, for the caveats. */
export interface CompletenessCaveat {
  readonly title: string;
  /** What it is a share of, e.g. "missing (M) episodes in the last 12 months". */
  readonly of: string;
  readonly numerator: number;
  readonly denominator: number;
  /**
   * The days (YYYY-MM-DD, inclusive) the checks measured over: their own last 12 months to the day they ran,
   * not the pack's period, so the caveat must say which.
   */
  readonly window: { readonly from: string; readonly to: string };
}

/** Fewer records measured than this and a completeness percentage is withheld. */
const COMPLETENESS_MINIMUM = 5;

export interface FoiPackInput {
  readonly authorityCode: string;
  readonly authorityName: string;
  /** The day the pack was produced (YYYY-MM-DD). */
  readonly produced: string;
  readonly reports: Readonly<Record<FoiCohort, HbthReport>>;
  /** The authority's data-quality completeness, when the reader may see it; null otherwise. */
  readonly completeness: readonly CompletenessCaveat[] | null;
}

interface FoiAnswer {
  readonly group: string;
  readonly figure: Figure;
  /** The figure as it is sent: a number, "[c]" (suppressed) or "[z]" (not applicable). */
  readonly text: string;
  /** How the figure was counted. */
  readonly countingRule: string;
}

interface FoiQuestion {
  readonly number: string;
  /** In the charities' words. */
  readonly question: string;
  readonly answers: readonly FoiAnswer[];
}

export interface FoiPack {
  readonly title: string;
  readonly authorityCode: string;
  readonly authorityName: string;
  readonly period: StatisticsQuery['period'];
  readonly censusDate: string;
  readonly missingTypes: string;
  readonly produced: string;
  readonly disclosure: DisclosureView;
  /** Whether every figure is disclosure-controlled, as anything sent beyond the authority must be. */
  readonly readyToSend: boolean;
  readonly disclosureStatement: string;
  readonly questions: readonly FoiQuestion[];
  readonly caveats: readonly string[];
  readonly countingRules: readonly string[];
}

const RULES = {
  cohort:
    'Distinct children looked after by the authority (as responsible authority) at any time in the period who held the status at some time in the period while looked after; a child with aliases or records in other authorities is counted once.',
  trafficked:
    'Trafficked means suspected, identified (positive reasonable-grounds decision) or confirmed (positive conclusive-grounds decision); a negative conclusive-grounds decision does not count.',
  missing: 'Distinct children in the group with at least one episode starting in the period.',
  episodes: 'Episodes starting in the period; an episode that spans the start of the period counts in the period in which it started.',
  perChild: 'Episodes divided by the children who went missing.',
  notFound: 'Children who went missing whose latest episode had not ended at the end of the census date.',
  breakdown: 'As published in the breakdown tables: children by category for sex and nationality, episodes by the child’s age on the day each started.',
} as const;

function measure(report: HbthReport, id: MeasureId): Figure {
  const row = report.measures.find((m) => m.id === id);
  if (row === undefined) throw new Error(`no measure ${id} in the report`);
  return row.cohort;
}

function answer(group: string, figure: Figure, countingRule: string): FoiAnswer {
  return { group, figure, text: figureText(figure), countingRule };
}

function perGroup(input: FoiPackInput, cohorts: readonly FoiCohort[], id: MeasureId, rule: string, what = ''): FoiAnswer[] {
  return cohorts.map((cohort) => answer(`${GROUP_LABELS[cohort]}${what}`, measure(input.reports[cohort], id), rule));
}

/** One answer per row of a breakdown: its total ("went missing" for child tables, the episodes otherwise). */
function breakdownAnswers(group: string, table: ReportTable, column: number): FoiAnswer[] {
  return table.rows.map((row, i) =>
    answer(`${group}: ${table.rowHeading.toLowerCase()} ${row.label}`, table.cells[i]?.[column] ?? { kind: 'not_applicable' }, RULES.breakdown),
  );
}

function disclosureStatement(view: DisclosureView, authorityName: string): string {
  if (view.kind === 'owner') {
    return `These are ${authorityName}’s own figures without disclosure control. Do not send them beyond the authority: produce the pack as published figures (the command \`lantern foi\` does) before replying to a request.`;
  }
  const rounding = view.rounding === null ? 'Counts are not rounded.' : `Counts are rounded to the nearest ${view.rounding}.`;
  const perturbation = view.perturbed
    ? 'Each count has had a little noise added (the cell-key method, as the ONS used for Census 2021), so it may differ from the true count by up to 2. '
    : '';
  return (
    `Every figure is disclosure-controlled, as anything published beyond the authority must be. ${perturbation}Counts from 1 to ${view.threshold - 1} are shown as [c], ` +
    `and so is any other figure from which a suppressed count could be worked out (secondary suppression), including percentages and ratios worked out from one. ${rounding} ` +
    '[z] means not applicable. Withholding a small count is under section 40(2) of the Freedom of Information Act 2000 (personal information).'
  );
}

function rowCount(table: ReportTable, key: string): Figure {
  const index = table.rows.findIndex((row) => row.key === key);
  return index < 0 ? { kind: 'count', value: 0, roundedTo: null, perturbed: false } : (table.rowTotals[index] ?? { kind: 'not_applicable' });
}

function caveats(input: FoiPackInput): string[] {
  const either = input.reports.either;
  const lines: string[] = [];
  lines.push(
    'Lantern records trafficking status in a reportable field, but it can only count what has been recorded: a child whose trafficking concern was never recorded is not counted as trafficked.',
  );
  lines.push(
    'Question 1 counts identified and suspected children together: suspected and identified are stages of one concern, and a child is counted once whatever the stage.',
  );
  const nationalityTable = either.breakdowns.nationality;
  const notRecorded = figureText(rowCount(nationalityTable, 'NOT_RECORDED'));
  lines.push(
    `Nationality not recorded, trafficked or UASC children: ${notRecorded}. Nationality is not a statutory item, so the breakdown by nationality may be incomplete.`,
  );
  const interviews = either.breakdowns.returnInterview;
  lines.push(
    `Episodes of trafficked or UASC children with no return home interview recorded: ${figureText(rowCount(interviews, 'NOT_RECORDED'))} (of ${figureText(interviews.grandTotal)} episodes).`,
  );
  if (input.completeness !== null) {
    // Shown as a whole percentage, and withheld where fewer than 5 are measured, so the caveat reveals no small count.
    for (const measure of input.completeness) {
      const share =
        measure.denominator === 0
          ? '[z]'
          : measure.denominator < COMPLETENESS_MINIMUM
            ? '[c]'
            : `${Math.round((measure.numerator / measure.denominator) * 100)}%`;
      lines.push(
        `${measure.title}: ${share} of ${measure.of}, from the authority’s data-quality checks over ${formatDate(measure.window.from)} to ${formatDate(measure.window.to)}.`,
      );
    }
  }
  return lines;
}

/** Builds the pack. Every report must be for the same authority, period, census date and missing types. */
export function buildFoiPack(input: FoiPackInput): FoiPack {
  const { trafficked } = input.reports;
  const query = trafficked.query;
  for (const cohort of FOI_COHORTS) {
    const other = input.reports[cohort].query;
    if (other.cohort !== cohort) throw new Error(`the ${cohort} report is for the ${other.cohort} cohort`);
    if (
      other.period.from !== query.period.from ||
      other.period.to !== query.period.to ||
      other.censusDate !== query.censusDate ||
      other.geography.kind !== 'authority'
    ) {
      throw new Error('every report of a pack must be for the same authority, period and census date');
    }
  }
  const disclosure = trafficked.disclosure;
  const missingWords = query.missingTypes.includes('A') ? 'missing or absent (away without authorisation)' : 'missing';
  const groups = ['trafficked', 'uasc', 'both'] as const;
  const questions: FoiQuestion[] = [
    {
      number: '1',
      question:
        'Number of looked-after children in the period who were: (a) identified as trafficked / modern slavery victims (including through the NRM, but not only); (b) suspected of being trafficked (if not counted in a); (c) unaccompanied asylum-seeking or separated children (UASC); (d) UASC who were also identified or suspected as trafficked.',
      answers: [
        answer('(a) and (b) Identified or suspected as trafficked', measure(trafficked, 'lookedAfter'), `${RULES.cohort} ${RULES.trafficked}`),
        answer('(c) Unaccompanied asylum-seeking children (UASC)', measure(input.reports.uasc, 'lookedAfter'), RULES.cohort),
        answer('(d) UASC also identified or suspected as trafficked', measure(input.reports.both, 'lookedAfter'), RULES.cohort),
        answer('Trafficked or UASC, each child once', measure(input.reports.either, 'lookedAfter'), RULES.cohort),
      ],
    },
    {
      number: '2',
      question: `For each group: how many went missing (or were “absent”) at least once. Counted here: ${missingWords}.`,
      answers: [
        ...perGroup(input, groups, 'missingChildren', RULES.missing),
        ...perGroup(input, groups, 'percentMissing', 'Children who went missing as a percentage of the group.', ': percentage who went missing'),
      ],
    },
    {
      number: '3',
      question: 'For each group: the number of missing episodes/incidents.',
      answers: [
        ...perGroup(input, groups, 'episodes', RULES.episodes),
        ...perGroup(input, groups, 'episodesPerMissingChild', RULES.perChild, ': episodes per child who went missing'),
      ],
    },
    {
      number: '4',
      question: `For each group: how many had not been found / were still missing at the census date (${query.censusDate}).`,
      answers: perGroup(input, groups, 'notFound', RULES.notFound),
    },
    {
      number: '5',
      question: 'Breakdowns by nationality, gender and age.',
      answers: (['trafficked', 'uasc'] as const).flatMap((cohort) => {
        const { breakdowns } = input.reports[cohort];
        const group = GROUP_LABELS[cohort];
        return [
          ...breakdownAnswers(`${group}, went missing`, breakdowns.sex, 0),
          ...breakdownAnswers(`${group}, went missing`, breakdowns.nationality, 0),
          ...breakdownAnswers(`${group}, episodes`, breakdowns.ageAtStart, 0),
        ];
      }),
    },
  ];
  return {
    title: `Freedom of Information response: looked-after children who were trafficked or unaccompanied and went missing, ${input.authorityName}`,
    authorityCode: input.authorityCode,
    authorityName: input.authorityName,
    period: query.period,
    censusDate: query.censusDate,
    missingTypes: missingWords,
    produced: input.produced,
    disclosure,
    readyToSend: disclosure.kind === 'controlled',
    disclosureStatement: disclosureStatement(disclosure, input.authorityName),
    questions,
    caveats: caveats(input),
    countingRules: [
      RULES.cohort,
      RULES.trafficked,
      RULES.missing,
      RULES.episodes,
      RULES.notFound,
      'Children are counted by their responsible (placing) authority, including children placed in other authorities’ areas.',
    ],
  };
}

// ---- Renderings ----

/** The pack as Markdown (plain text that reads well as it is). */
export function foiPackMarkdown(pack: FoiPack): string {
  const lines: string[] = [
    `# ${pack.title}`,
    '',
    `- Authority: ${pack.authorityName} (${pack.authorityCode})`,
    `- Period: ${pack.period.from} to ${pack.period.to}`,
    `- Census date for “not found”: ${pack.censusDate}`,
    `- Episodes counted: ${pack.missingTypes}`,
    `- Produced: ${pack.produced}, from Lantern`,
    '',
    '## Disclosure control',
    '',
    pack.disclosureStatement,
    '',
  ];
  for (const question of pack.questions) {
    lines.push(`## Question ${question.number}`, '', `> ${question.question}`, '', '| Group | Answer |', '| --- | ---: |');
    for (const item of question.answers) lines.push(`| ${item.group} | ${item.text} |`);
    lines.push('');
    const rules = [...new Set(question.answers.map((item) => item.countingRule))];
    lines.push(`How these were counted: ${rules.join(' ')}`, '');
  }
  lines.push('## Data-quality caveats', '', ...pack.caveats.map((caveat) => `- ${caveat}`), '');
  lines.push('## Counting rules', '', ...pack.countingRules.map((rule) => `- ${rule}`), '');
  return lines.join('\n');
}

export const FOI_CSV_COLUMNS = [
  'authority_code',
  'period_from',
  'period_to',
  'census_date',
  'question',
  'question_text',
  'group',
  'value',
  'status',
  'note',
  'counting_rule',
] as const;

/** The pack as rows for a CSV, one answer per row. */
export function foiPackRows(pack: FoiPack): Record<(typeof FOI_CSV_COLUMNS)[number], string>[] {
  return pack.questions.flatMap((question) =>
    question.answers.map((item) => ({
      authority_code: pack.authorityCode,
      period_from: pack.period.from,
      period_to: pack.period.to,
      census_date: pack.censusDate,
      question: question.number,
      question_text: question.question,
      group: item.group,
      value: item.text,
      ...figureStatus(item.figure),
      counting_rule: item.countingRule,
    })),
  );
}
