import type { Child, NrmReferral } from '../../domain/child-record.ts';
import {
  COMPETENT_AUTHORITIES,
  EXPLOITATION_LOCATIONS,
  EXPLOITATION_TYPES,
  NRM_DECISIONS,
  TRAFFICKING_INDICATORS,
  TRAFFICKING_STATUSES,
} from '../../domain/codes.ts';
import type { TraffickingStatus } from '../../domain/codes.ts';
import { formatDate } from '../../domain/dates.ts';
import type { TraffickingConcernView } from '../../domain/record-view.ts';
import { paths } from '../../paths.ts';
import {
  COMPETENT_AUTHORITY_LABELS,
  EXPLOITATION_LOCATION_LABELS,
  EXPLOITATION_TYPE_LABELS,
  labelOf,
  legalStatusLabel,
  NRM_DECISION_LABELS,
  placementTypeLabel,
  reasonCeasedLabel,
  reasonNewEpisodeLabel,
  TRAFFICKING_INDICATOR_LABELS,
  TRAFFICKING_STATUS_BASIS_LABELS,
  TRAFFICKING_STATUS_COLOURS,
  TRAFFICKING_STATUS_LABELS,
} from '../labels.ts';
import { choicesOf, escapeHtml, row, YES_NO_CHOICES } from '../view-models.ts';
import type { SummaryRow } from '../view-models.ts';
import type { CarePeriodAnswers, ConcernAnswers, DecisionAnswers, EndCarePeriodAnswers, ReferralAnswers, StatusAnswers } from './form-schemas.ts';

// Plain data for the GOV.UK macros: the templates only call macros and loop.

/** A list of items as an HTML list, escaped: summary list values that hold several answers. */
function listRow(key: string, items: readonly string[], none: string): SummaryRow {
  if (items.length === 0) return row(key, none);
  if (items.length === 1) return row(key, items[0] ?? none);
  return { key: { text: key }, value: { html: `<ul class="govuk-list">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` } };
}

const dateOrNone = (date: string | null, none: string): string => (date === null ? none : formatDate(date));

// ---- Choices on the forms ----

/** What each status means, as hints on the record a status page. */
const TRAFFICKING_STATUS_HINTS: Readonly<Record<TraffickingStatus, string>> = {
  SUSPECTED: 'There are indicators of trafficking and no NRM decision yet',
  IDENTIFIED: 'The competent authority made a positive reasonable grounds decision',
  CONFIRMED: 'The competent authority made a positive conclusive grounds decision',
  NOT_TRAFFICKED: 'The competent authority made a negative conclusive grounds decision',
};

export const INDICATOR_OPTIONS = choicesOf(TRAFFICKING_INDICATORS, TRAFFICKING_INDICATOR_LABELS);
export const EXPLOITATION_TYPE_OPTIONS = choicesOf(EXPLOITATION_TYPES, EXPLOITATION_TYPE_LABELS);
export const EXPLOITATION_LOCATION_OPTIONS = choicesOf(EXPLOITATION_LOCATIONS, EXPLOITATION_LOCATION_LABELS);
export const YES_NO_OPTIONS = YES_NO_CHOICES;
export const STATUS_OPTIONS = choicesOf(TRAFFICKING_STATUSES, TRAFFICKING_STATUS_LABELS, TRAFFICKING_STATUS_HINTS);
export const COMPETENT_AUTHORITY_OPTIONS = choicesOf(COMPETENT_AUTHORITIES, COMPETENT_AUTHORITY_LABELS);
export const NRM_DECISION_OPTIONS = choicesOf(NRM_DECISIONS, NRM_DECISION_LABELS);

// ---- Check your answers ----

export function concernAnswerRows(answers: ConcernAnswers): SummaryRow[] {
  return [
    row('Date raised', formatDate(answers.raisedOn)),
    row('Raised by', answers.raisedBy),
    listRow(
      'Indicators',
      answers.indicators.map((code) => TRAFFICKING_INDICATOR_LABELS[code]),
      'None',
    ),
    listRow(
      'Types of exploitation',
      answers.exploitationTypes.map((code) => EXPLOITATION_TYPE_LABELS[code]),
      'None',
    ),
    row('County lines', answers.countyLines ? 'Yes' : 'No'),
    row('Where the exploitation happened', EXPLOITATION_LOCATION_LABELS[answers.exploitationLocation]),
  ];
}

export function statusAnswerRows(answers: StatusAnswers): SummaryRow[] {
  return [row('Status', TRAFFICKING_STATUS_LABELS[answers.status]), row('Date the status took effect', formatDate(answers.effectiveFrom))];
}

export function referralAnswerRows(answers: ReferralAnswers): SummaryRow[] {
  return [
    row('Date of referral', formatDate(answers.referredOn)),
    row('First Responder organisation', answers.firstResponderOrganisation),
    row('Competent authority', COMPETENT_AUTHORITY_LABELS[answers.competentAuthority]),
    row('NRM reference', answers.nrmReference ?? 'Not known yet'),
  ];
}

export function decisionAnswerRows(answers: DecisionAnswers): SummaryRow[] {
  return [
    row('Reasonable grounds decision', NRM_DECISION_LABELS[answers.reasonableGroundsDecision]),
    row('Date of reasonable grounds decision', dateOrNone(answers.reasonableGroundsDecidedOn, 'Not decided')),
    row('Conclusive grounds decision', NRM_DECISION_LABELS[answers.conclusiveGroundsDecision]),
    row('Date of conclusive grounds decision', dateOrNone(answers.conclusiveGroundsDecidedOn, 'Not decided')),
  ];
}

export function carePeriodAnswerRows(answers: CarePeriodAnswers, authorityName: (code: string) => string): SummaryRow[] {
  return [
    row('Start date', formatDate(answers.startDate)),
    row('Reason for the new episode', reasonNewEpisodeLabel(answers.reasonNewEpisode)),
    row('Legal status', legalStatusLabel(answers.legalStatus)),
    row('Placement type', placementTypeLabel(answers.placementType)),
    row('Placed in', authorityName(answers.hostAuthorityCode)),
  ];
}

export function endCarePeriodAnswerRows(answers: EndCarePeriodAnswers): SummaryRow[] {
  return [row('End date', formatDate(answers.endDate)), row('Reason the care period ended', reasonCeasedLabel(answers.reasonCeased))];
}

// ---- The concern page ----

export interface ConcernPage {
  readonly statusTag: { text: string; classes: string } | null;
  readonly detailRows: SummaryRow[];
  readonly timelineRows: { text: string }[][];
  readonly referral: { readonly rows: SummaryRow[]; readonly decisionUrl: string } | null;
  readonly actions: { readonly statusUrl: string; readonly referralUrl: string | null } | null;
  readonly childUrl: string;
}

export function concernPage(concern: TraffickingConcernView, child: Pick<Child, 'id' | 'nrmReference'>, canChange: boolean): ConcernPage {
  const status = concern.currentStatus;
  // The history in the order it took effect; entries on one day keep the order they were recorded.
  const timeline = [...concern.statuses].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return {
    statusTag: status === null ? null : { text: TRAFFICKING_STATUS_LABELS[status], classes: `govuk-tag--${TRAFFICKING_STATUS_COLOURS[status]}` },
    detailRows: [
      row('Date raised', formatDate(concern.raisedOn)),
      row('Raised by', concern.raisedBy),
      listRow(
        'Indicators',
        concern.indicators.map((code) => labelOf(TRAFFICKING_INDICATOR_LABELS, code)),
        'None recorded',
      ),
      listRow(
        'Types of exploitation',
        concern.exploitationTypes.map((code) => labelOf(EXPLOITATION_TYPE_LABELS, code)),
        'None recorded',
      ),
      row('County lines', concern.countyLines ? 'Yes' : 'No'),
      row('Where the exploitation happened', EXPLOITATION_LOCATION_LABELS[concern.exploitationLocation]),
    ],
    timelineRows: timeline.map((entry) => [
      { text: TRAFFICKING_STATUS_LABELS[entry.status] },
      { text: formatDate(entry.effectiveFrom) },
      { text: TRAFFICKING_STATUS_BASIS_LABELS[entry.basis] },
    ]),
    referral:
      concern.nrmReferral === null
        ? null
        : { rows: referralRows(concern.nrmReferral, child.nrmReference), decisionUrl: paths.recordNrmDecision(concern.nrmReferral.id) },
    actions: canChange
      ? { statusUrl: paths.recordTraffickingStatus(concern.id), referralUrl: concern.nrmReferral === null ? paths.recordNrmReferral(concern.id) : null }
      : null,
    childUrl: paths.child(child.id),
  };
}

function referralRows(referral: NrmReferral, nrmReference: string | null): SummaryRow[] {
  const decision = (value: NrmReferral['reasonableGroundsDecision'], on: string | null) =>
    on === null ? NRM_DECISION_LABELS[value] : `${NRM_DECISION_LABELS[value]} on ${formatDate(on)}`;
  return [
    row('Date of referral', formatDate(referral.referredOn)),
    row('First Responder organisation', referral.firstResponderOrganisation),
    row('Competent authority', COMPETENT_AUTHORITY_LABELS[referral.competentAuthority]),
    row('NRM reference', nrmReference ?? 'Not recorded'),
    row('Reasonable grounds decision', decision(referral.reasonableGroundsDecision, referral.reasonableGroundsDecidedOn)),
    row('Conclusive grounds decision', decision(referral.conclusiveGroundsDecision, referral.conclusiveGroundsDecidedOn)),
  ];
}
