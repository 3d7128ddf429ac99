import type { Child, NrmReferral } from '../../domain/child-record.ts';
import { COMPETENT_AUTHORITIES, EXPLOITATION_LOCATIONS, EXPLOITATION_TYPES, NRM_DECISIONS, TRAFFICKING_INDICATORS, TRAFFICKING_STATUSES } from '../../domain/codes.ts';
import { formatDate } from '../../domain/dates.ts';
import type { TraffickingConcernView } from '../../domain/record-view.ts';
import { LEGAL_STATUSES, PLACEMENT_TYPES, REASONS_CEASED } from '../../domain/ssda903-codes.ts';
import { paths } from '../../paths.ts';
import type { CarePeriodAnswers, ConcernAnswers, DecisionAnswers, EndCarePeriodAnswers, FormBody, ReferralAnswers, StatusAnswers } from './form-schemas.ts';
import { valuesOf } from './form-schemas.ts';
import {
  COMPETENT_AUTHORITY_LABELS,
  EXPLOITATION_LOCATION_LABELS,
  EXPLOITATION_TYPE_LABELS,
  INDICATOR_LABELS,
  labelOf,
  legalStatusLabel,
  NRM_DECISION_LABELS,
  placementTypeLabel,
  reasonCeasedLabel,
  STATUS_BASIS_LABELS,
  TRAFFICKING_STATUS_HINTS,
  TRAFFICKING_STATUS_LABELS,
  TRAFFICKING_STATUS_TAG_CLASSES,
} from './labels.ts';

// Plain data for the GOV.UK macros: the templates only call macros and loop.

interface Option {
  readonly value: string;
  readonly text: string;
  readonly hint?: { readonly text: string };
}

type SummaryValue = { readonly text: string } | { readonly html: string };
export interface SummaryRow {
  readonly key: { readonly text: string };
  readonly value: SummaryValue;
}

const row = (key: string, value: string): SummaryRow => ({ key: { text: key }, value: { text: value } });

/** A list of items as an HTML list, escaped: summary list values that hold several answers. */
function listRow(key: string, items: readonly string[], none: string): SummaryRow {
  if (items.length === 0) return row(key, none);
  if (items.length === 1) return row(key, items[0] ?? none);
  return { key: { text: key }, value: { html: `<ul class="govuk-list">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` } };
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const dateOrNone = (date: string | null, none: string): string => (date === null ? none : formatDate(date));

/** The child's name for a page's caption (never for its title). */
export const childName = (child: Pick<Child, 'givenNames' | 'familyName'>): string => `${child.givenNames} ${child.familyName}`;

// ---- Choices on the forms ----

function options<K extends string>(codes: readonly K[], labels: Record<K, string>, hints?: Record<K, string>): Option[] {
  return codes.map((code) => ({ value: code, text: labels[code], ...(hints ? { hint: { text: hints[code] } } : {}) }));
}

/** Checkbox items with the posted values checked. */
export const checkboxItems = (choices: readonly Option[], body: FormBody, name: string) => {
  const checked = new Set(valuesOf(body, name));
  return choices.map((choice) => ({ ...choice, checked: checked.has(choice.value) }));
};

/** Radio items with the posted value checked. */
export const radioItems = (choices: readonly Option[], body: FormBody, name: string) => checkboxItems(choices, body, name);

/** Select items with the posted (or default) value selected, after a "Select …" prompt. */
export function selectItems(choices: readonly Option[], selected: string | undefined, prompt: string) {
  return [{ value: '', text: prompt, selected: selected === undefined || selected === '' }, ...choices.map((choice) => ({ value: choice.value, text: choice.text, selected: choice.value === selected }))];
}

export const INDICATOR_OPTIONS = options(TRAFFICKING_INDICATORS, INDICATOR_LABELS);
export const EXPLOITATION_TYPE_OPTIONS = options(EXPLOITATION_TYPES, EXPLOITATION_TYPE_LABELS);
export const EXPLOITATION_LOCATION_OPTIONS = options(EXPLOITATION_LOCATIONS, EXPLOITATION_LOCATION_LABELS);
export const YES_NO_OPTIONS: Option[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];
export const STATUS_OPTIONS = options(TRAFFICKING_STATUSES, TRAFFICKING_STATUS_LABELS, TRAFFICKING_STATUS_HINTS);
export const COMPETENT_AUTHORITY_OPTIONS = options(COMPETENT_AUTHORITIES, COMPETENT_AUTHORITY_LABELS);
export const NRM_DECISION_OPTIONS = options(NRM_DECISIONS, NRM_DECISION_LABELS);
export const LEGAL_STATUS_OPTIONS: Option[] = LEGAL_STATUSES.map((entry) => ({ value: entry.code, text: legalStatusLabel(entry.code) }));
export const PLACEMENT_TYPE_OPTIONS: Option[] = PLACEMENT_TYPES.map((entry) => ({ value: entry.code, text: placementTypeLabel(entry.code) }));
export const REASON_CEASED_OPTIONS: Option[] = REASONS_CEASED.map((entry) => ({ value: entry.code, text: reasonCeasedLabel(entry.code) }));

// ---- Check your answers ----

export function concernAnswerRows(answers: ConcernAnswers): SummaryRow[] {
  return [
    row('Date raised', formatDate(answers.raisedOn)),
    row('Raised by', answers.raisedBy),
    listRow('Indicators', answers.indicators.map((code) => INDICATOR_LABELS[code]), 'None'),
    listRow('Types of exploitation', answers.exploitationTypes.map((code) => EXPLOITATION_TYPE_LABELS[code]), 'None'),
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
    statusTag: status === null ? null : { text: TRAFFICKING_STATUS_LABELS[status], classes: TRAFFICKING_STATUS_TAG_CLASSES[status] },
    detailRows: [
      row('Date raised', formatDate(concern.raisedOn)),
      row('Raised by', concern.raisedBy),
      listRow('Indicators', concern.indicators.map((code) => labelOf(INDICATOR_LABELS, code)), 'None recorded'),
      listRow('Types of exploitation', concern.exploitationTypes.map((code) => labelOf(EXPLOITATION_TYPE_LABELS, code)), 'None recorded'),
      row('County lines', concern.countyLines ? 'Yes' : 'No'),
      row('Where the exploitation happened', EXPLOITATION_LOCATION_LABELS[concern.exploitationLocation]),
    ],
    timelineRows: timeline.map((entry) => [{ text: TRAFFICKING_STATUS_LABELS[entry.status] }, { text: formatDate(entry.effectiveFrom) }, { text: STATUS_BASIS_LABELS[entry.basis] }]),
    referral: concern.nrmReferral === null ? null : { rows: referralRows(concern.nrmReferral, child.nrmReference), decisionUrl: paths.recordNrmDecision(concern.nrmReferral.id) },
    actions: canChange ? { statusUrl: paths.recordTraffickingStatus(concern.id), referralUrl: concern.nrmReferral === null ? paths.recordNrmReferral(concern.id) : null } : null,
    childUrl: paths.child(child.id),
  };
}

function referralRows(referral: NrmReferral, nrmReference: string | null): SummaryRow[] {
  const decision = (value: NrmReferral['reasonableGroundsDecision'], on: string | null) => (on === null ? NRM_DECISION_LABELS[value] : `${NRM_DECISION_LABELS[value]} on ${formatDate(on)}`);
  return [
    row('Date of referral', formatDate(referral.referredOn)),
    row('First Responder organisation', referral.firstResponderOrganisation),
    row('Competent authority', COMPETENT_AUTHORITY_LABELS[referral.competentAuthority]),
    row('NRM reference', nrmReference ?? 'Not recorded'),
    row('Reasonable grounds decision', decision(referral.reasonableGroundsDecision, referral.reasonableGroundsDecidedOn)),
    row('Conclusive grounds decision', decision(referral.conclusiveGroundsDecision, referral.conclusiveGroundsDecidedOn)),
  ];
}
