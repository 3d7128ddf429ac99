import { countryName } from '../../domain/codes.ts';
import { formatDate, ukDateOf } from '../../domain/dates.ts';
import type { Recognition, Waterfall } from '../../domain/matching/found-child.ts';
import { probabilityOfWeight } from '../../domain/matching/model.ts';
import type { FoundChildCandidate, FoundChildSearch, RecordComparison } from '../../services/matching-service.ts';
import { SEX_LABELS } from '../labels.ts';
import { row, yearsOld } from '../view-models.ts';

// The found-child results: each candidate's recognisable details, its probability in words and
// figures, and the explanation as a table (the accessible form) with a waterfall chart drawn beside
// it in SVG (no inline styles: the content security policy forbids them).

/** A probability as people read one: "97%", "less than 1%", "more than 99.9%". */
export function percentText(probability: number): string {
  if (probability < 0.01) return 'less than 1%';
  if (probability > 0.999) return 'more than 99.9%';
  return probability >= 0.995 ? `${(probability * 100).toFixed(1)}%` : `${Math.round(probability * 100)}%`;
}

/** The GOV.UK tag for a candidate's probability. */
export function likelihoodOf(probability: number): { readonly text: string; readonly colour: string } {
  if (probability >= 0.9) return { text: 'Very likely', colour: 'green' };
  if (probability >= 0.5) return { text: 'Likely', colour: 'turquoise' };
  if (probability >= 0.1) return { text: 'Possible', colour: 'yellow' };
  return { text: 'Unlikely', colour: 'grey' };
}

/** A weight of evidence with its sign: "+9.8", "−3.1" (a real minus sign), "0". */
const signed = (bits: number): string => (Math.abs(bits) < 0.05 ? '0' : `${bits > 0 ? '+' : '−'}${Math.abs(bits).toFixed(1)}`);

const CHART = { width: 640, labelWidth: 190, rowHeight: 30, barHeight: 18, padding: 10 } as const;

export interface ChartBar {
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly textY: number;
  /** for, against, or total (the prior and the result). */
  readonly kind: 'for' | 'against' | 'total';
}

/**
 * The waterfall as bars: the prior from even odds, each field from where the last left off, then the
 * result from even odds. Right of the line is more likely than not.
 */
export function waterfallChart(waterfall: Waterfall) {
  const points = [0, waterfall.start, waterfall.end, ...waterfall.steps.flatMap((step) => [step.from, step.to])];
  const low = Math.min(...points);
  const high = Math.max(...points);
  const left = CHART.labelWidth + CHART.padding;
  const span = CHART.width - left - CHART.padding;
  const scale = span / Math.max(1, high - low);
  const xOf = (bits: number): number => Math.round((left + (bits - low) * scale) * 10) / 10;
  const bar = (label: string, from: number, to: number, index: number, kind: ChartBar['kind']): ChartBar => ({
    label,
    x: Math.min(xOf(from), xOf(to)),
    y: CHART.padding + index * CHART.rowHeight,
    width: Math.max(1, Math.round(Math.abs(xOf(to) - xOf(from)) * 10) / 10),
    textY: CHART.padding + index * CHART.rowHeight + CHART.barHeight - 4,
    kind,
  });
  const bars = [
    bar('Before comparing', 0, waterfall.start, 0, 'total'),
    ...waterfall.steps.map((step, index) => bar(step.label, step.from, step.to, index + 1, step.weight >= 0 ? 'for' : 'against')),
    bar('Result', 0, waterfall.end, waterfall.steps.length + 1, 'total'),
  ];
  const height = CHART.padding * 2 + bars.length * CHART.rowHeight;
  return { width: CHART.width, height, barHeight: CHART.barHeight, evenX: xOf(0), bars };
}

/** The explanation table: each field, how it compared, its weight, and the probability once it is counted. */
function evidenceRows(waterfall: Waterfall) {
  return [
    [
      { text: 'Before comparing' },
      { text: 'Any one child held, before anything is compared' },
      { text: signed(waterfall.start), format: 'numeric' },
      { text: percentText(probabilityOfWeight(waterfall.start)), format: 'numeric' },
    ],
    ...waterfall.steps.map((step) => [
      { text: step.label },
      { text: step.level ?? 'Not known for both: no evidence either way' },
      { text: signed(step.weight), format: 'numeric' },
      { text: percentText(probabilityOfWeight(step.to)), format: 'numeric' },
    ]),
  ];
}

const ageText = (recognition: Recognition): string => (recognition.age === null ? 'Not known' : yearsOld(recognition.age));
const nationalityText = (recognition: Recognition): string => (recognition.nationality === null ? 'Not recorded' : countryName(recognition.nationality));
const languagesText = (recognition: Recognition): string => (recognition.languages.length === 0 ? 'Not recorded' : recognition.languages.join(', '));

function candidateViewModel(candidate: FoundChildCandidate, index: number, compareHref: ((childId: string) => string) | null) {
  const { recognition } = candidate;
  const [name, ...otherNames] = recognition.names;
  return {
    rank: index + 1,
    id: `candidate-${index + 1}`,
    name: name ?? 'Name not recorded',
    probability: percentText(candidate.probability),
    likelihood: likelihoodOf(candidate.probability),
    compareHref: compareHref === null ? null : compareHref(candidate.childId),
    rows: [
      ...(otherNames.length > 0 ? [row('Also known as', otherNames.join(', '))] : []),
      row('Age', ageText(recognition)),
      row('Sex', SEX_LABELS[recognition.sex]),
      row('Nationality', nationalityText(recognition)),
      row('Languages', languagesText(recognition)),
      row('Responsible authority', recognition.authorityName),
      row(
        'How to reach them',
        `${recognition.authorityName} children’s services: the duty team in working hours, the emergency duty team out of hours. They can see that this search listed the child.`,
      ),
    ],
    evidence: evidenceRows(candidate.waterfall),
    chart: waterfallChart(candidate.waterfall),
  };
}

/** The results part of the page; with `compareHref`, each candidate links to the page where a reviewer decides. */
export function foundChildResultsViewModel(search: FoundChildSearch, compareHref: ((childId: string) => string) | null = null) {
  const count = search.candidates.length;
  return {
    heading: count === 0 ? 'No possible matches' : count === 1 ? '1 possible match' : `${count} possible matches`,
    count,
    compared: search.compared,
    unlikely: search.unlikely,
    candidates: search.candidates.map((candidate, index) => candidateViewModel(candidate, index, compareHref)),
  };
}

/** Two records side by side, the evidence, and the decision if one stands. */
export function recordComparisonViewModel(comparison: RecordComparison) {
  const cells = (label: string, text: (recognition: Recognition) => string) => [
    { text: label },
    { text: text(comparison.child) },
    { text: text(comparison.other) },
  ];
  const { decision } = comparison;
  return {
    id: 'comparison',
    probability: percentText(comparison.probability),
    likelihood: likelihoodOf(comparison.probability),
    rows: [
      cells('Names', (recognition) => (recognition.names.length === 0 ? 'Not recorded' : recognition.names.join(', '))),
      cells('Age', ageText),
      cells('Sex', (recognition) => SEX_LABELS[recognition.sex]),
      cells('Nationality', nationalityText),
      cells('Languages', languagesText),
      cells('Responsible authority', (recognition) => recognition.authorityName),
    ],
    otherAuthority: comparison.other.authorityName,
    evidence: evidenceRows(comparison.waterfall),
    chart: waterfallChart(comparison.waterfall),
    decision:
      decision === null
        ? null
        : {
            confirmed: decision.decision === 'confirmed',
            heading: decision.decision === 'confirmed' ? 'These records are of the same child' : 'These records are not of the same child',
            reason: decision.reason,
            decidedOn: formatDate(ukDateOf(decision.decidedAt)),
          },
  };
}
