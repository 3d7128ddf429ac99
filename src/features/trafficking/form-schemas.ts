import { z } from 'zod';
import {
  COMPETENT_AUTHORITIES,
  EXPLOITATION_LOCATIONS,
  EXPLOITATION_TYPES,
  NRM_DECISIONS,
  TRAFFICKING_INDICATORS,
  TRAFFICKING_STATUSES,
} from '../../domain/codes.ts';
import type { CompetentAuthority, ExploitationLocation, ExploitationType, NrmDecision, TraffickingIndicator, TraffickingStatus } from '../../domain/codes.ts';
import { isLegalStatusCode, isPlacementTypeCode, isReasonCeasedCode, isReasonNewEpisodeCode } from '../../domain/ssda903-codes.ts';
import { readAnswers as readWith, radioSchema as radios, requiredTextSchema, textSchema, versionSchema as version } from '../questions.ts';
import type { Questions } from '../questions.ts';
import type { FormBody, FormResult } from '../forms.ts';

// The trafficking and care-period forms: what each asks, in GOV.UK wording, read from the posted
// body. Answers travel between the question page and check your answers as the same form fields
// (hidden on the check page), so both steps read them with these functions.

const checkboxes = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((value) => [value ?? []].flat(), z.array(z.enum(values, { error: message }), { error: message }).min(1, { error: message }));
const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((value) => value === 'yes');
const code = (isCode: (value: string) => boolean, message: string) => z.string({ error: message }).refine(isCode, { error: message });

// ---- Raise a trafficking concern ----

export interface ConcernAnswers {
  readonly raisedOn: string;
  readonly raisedBy: string;
  readonly indicators: TraffickingIndicator[];
  readonly exploitationTypes: ExploitationType[];
  readonly countyLines: boolean;
  readonly exploitationLocation: ExploitationLocation;
}

export const CONCERN_QUESTIONS: Questions = [
  // A status dated before the concern was raised is a finding on the date it was raised.
  { name: 'raisedOn', kind: 'date', label: 'the date the concern was raised', record: ['raisedOn', 'effectiveFrom'] },
  { name: 'raisedBy', kind: 'text', label: 'Who raised the concern', required: 'Enter who raised the concern' },
  { name: 'indicators', kind: 'checkboxes', label: 'The indicators of trafficking that were seen' },
  { name: 'exploitationTypes', kind: 'checkboxes', label: 'The types of exploitation suspected' },
  { name: 'countyLines', kind: 'radios', label: 'Whether county lines exploitation is suspected' },
  { name: 'exploitationLocation', kind: 'radios', label: 'Where the exploitation happened' },
];

const concernSchema = z.object({
  raisedBy: requiredTextSchema(CONCERN_QUESTIONS, 'raisedBy'),
  indicators: checkboxes(TRAFFICKING_INDICATORS, 'Select the indicators of trafficking that were seen, or select another indicator'),
  exploitationTypes: checkboxes(EXPLOITATION_TYPES, 'Select the types of exploitation suspected, or select not specified or not known'),
  countyLines: yesNo('Select yes if county lines exploitation is suspected'),
  exploitationLocation: radios(EXPLOITATION_LOCATIONS, 'Select where the exploitation happened, or select not known'),
});

export function readConcernForm(body: FormBody): FormResult<ConcernAnswers> {
  const read = readWith(body, concernSchema, CONCERN_QUESTIONS);
  if (!read.ok) return read;
  return { ok: true, value: { ...read.value.fields, raisedOn: read.value.dates['raisedOn'] ?? '' } };
}

// ---- Record a trafficking status ----

export interface StatusAnswers {
  readonly status: TraffickingStatus;
  readonly effectiveFrom: string;
}

export const STATUS_QUESTIONS: Questions = [
  { name: 'status', kind: 'radios', label: 'The trafficking status' },
  { name: 'effectiveFrom', kind: 'date', label: 'the date the status took effect' },
];

const statusSchema = z.object({ status: radios(TRAFFICKING_STATUSES, 'Select the trafficking status') });

export function readStatusForm(body: FormBody): FormResult<StatusAnswers> {
  const read = readWith(body, statusSchema, STATUS_QUESTIONS);
  if (!read.ok) return read;
  return { ok: true, value: { status: read.value.fields.status, effectiveFrom: read.value.dates['effectiveFrom'] ?? '' } };
}

// ---- Record an NRM referral ----

export interface ReferralAnswers {
  readonly referredOn: string;
  readonly firstResponderOrganisation: string;
  readonly competentAuthority: CompetentAuthority;
  readonly nrmReference: string | null;
  /** The version of the child's record read with the form: the NRM reference is kept on the child. */
  readonly childVersion: number;
}

export const REFERRAL_QUESTIONS: Questions = [
  { name: 'referredOn', kind: 'date', label: 'the date of the NRM referral' },
  {
    name: 'firstResponderOrganisation',
    kind: 'text',
    label: 'The First Responder organisation that made the referral',
    required: 'Enter the First Responder organisation that made the referral',
  },
  { name: 'competentAuthority', kind: 'radios', label: 'The competent authority the referral went to' },
  { name: 'nrmReference', kind: 'text', label: 'The NRM reference', max: 40 },
  { name: 'childVersion', kind: 'version', label: 'The child’s record’s version' },
];

const referralSchema = z.object({
  firstResponderOrganisation: requiredTextSchema(REFERRAL_QUESTIONS, 'firstResponderOrganisation'),
  competentAuthority: radios(COMPETENT_AUTHORITIES, 'Select the competent authority the referral went to'),
  nrmReference: textSchema(REFERRAL_QUESTIONS, 'nrmReference'),
  childVersion: version,
});

export function readReferralForm(body: FormBody): FormResult<ReferralAnswers> {
  const read = readWith(body, referralSchema, REFERRAL_QUESTIONS);
  if (!read.ok) return read;
  return { ok: true, value: { ...read.value.fields, referredOn: read.value.dates['referredOn'] ?? '' } };
}

// ---- Record NRM decisions ----

export interface DecisionAnswers {
  readonly reasonableGroundsDecision: NrmDecision;
  readonly reasonableGroundsDecidedOn: string | null;
  readonly conclusiveGroundsDecision: NrmDecision;
  readonly conclusiveGroundsDecidedOn: string | null;
  readonly version: number;
}

export const DECISION_QUESTIONS: Questions = [
  { name: 'reasonableGroundsDecision', kind: 'radios', label: 'The reasonable grounds decision' },
  // A status implied by a decision dated before the concern was raised is a finding on this date.
  {
    name: 'reasonableGroundsDecidedOn',
    kind: 'date',
    label: 'the date of the reasonable grounds decision',
    optional: true,
    record: ['reasonableGroundsDecidedOn', 'effectiveFrom'],
  },
  { name: 'conclusiveGroundsDecision', kind: 'radios', label: 'The conclusive grounds decision' },
  { name: 'conclusiveGroundsDecidedOn', kind: 'date', label: 'the date of the conclusive grounds decision', optional: true },
  { name: 'version', kind: 'version', label: 'The referral’s version' },
];

const decisionSchema = z.object({
  reasonableGroundsDecision: radios(NRM_DECISIONS, 'Select the reasonable grounds decision, or select pending'),
  conclusiveGroundsDecision: radios(NRM_DECISIONS, 'Select the conclusive grounds decision, or select pending'),
  version,
});

export function readDecisionForm(body: FormBody): FormResult<DecisionAnswers> {
  const read = readWith(body, decisionSchema, DECISION_QUESTIONS);
  if (!read.ok) return read;
  return {
    ok: true,
    value: {
      ...read.value.fields,
      reasonableGroundsDecidedOn: read.value.dates['reasonableGroundsDecidedOn'] ?? null,
      conclusiveGroundsDecidedOn: read.value.dates['conclusiveGroundsDecidedOn'] ?? null,
    },
  };
}

// ---- Add a care period ----

export interface CarePeriodAnswers {
  readonly startDate: string;
  readonly reasonNewEpisode: string;
  readonly legalStatus: string;
  readonly placementType: string;
  readonly hostAuthorityCode: string;
}

export const CARE_PERIOD_QUESTIONS: Questions = [
  { name: 'startDate', kind: 'date', label: 'the date the care period started' },
  { name: 'reasonNewEpisode', kind: 'select', label: 'The reason for the new episode' },
  { name: 'legalStatus', kind: 'select', label: 'The child’s legal status' },
  { name: 'placementType', kind: 'select', label: 'The type of placement' },
  { name: 'hostAuthorityCode', kind: 'select', label: 'The local authority the child is placed in' },
];

// Whether the host authority exists is the service's check: it holds the reference data.
const carePeriodSchema = z.object({
  // The 903 asks it of every episode, and rules 217 and 434 read it.
  reasonNewEpisode: code(isReasonNewEpisodeCode, 'Select the reason for the new episode'),
  legalStatus: code(isLegalStatusCode, 'Select the child’s legal status'),
  placementType: code(isPlacementTypeCode, 'Select the type of placement'),
  hostAuthorityCode: code((value) => /^[A-Z0-9-]{1,12}$/.test(value), 'Select the local authority the child is placed in'),
});

export function readCarePeriodForm(body: FormBody): FormResult<CarePeriodAnswers> {
  const read = readWith(body, carePeriodSchema, CARE_PERIOD_QUESTIONS);
  if (!read.ok) return read;
  return { ok: true, value: { ...read.value.fields, startDate: read.value.dates['startDate'] ?? '' } };
}

// ---- End a care period ----

export interface EndCarePeriodAnswers {
  readonly endDate: string;
  readonly reasonCeased: string;
  readonly version: number;
}

export const END_CARE_PERIOD_QUESTIONS: Questions = [
  { name: 'endDate', kind: 'date', label: 'the date the care period ended' },
  { name: 'reasonCeased', kind: 'select', label: 'The reason the care period ended' },
  { name: 'version', kind: 'version', label: 'The care period’s version' },
];

const endCarePeriodSchema = z.object({
  reasonCeased: code(isReasonCeasedCode, 'Select the reason the care period ended'),
  version,
});

export function readEndCarePeriodForm(body: FormBody): FormResult<EndCarePeriodAnswers> {
  const read = readWith(body, endCarePeriodSchema, END_CARE_PERIOD_QUESTIONS);
  if (!read.ok) return read;
  return { ok: true, value: { ...read.value.fields, endDate: read.value.dates['endDate'] ?? '' } };
}
