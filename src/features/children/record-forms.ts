import { z } from 'zod';
import {
  AGE_ASSESSMENT_CHALLENGE_RESULTS,
  AGE_ASSESSMENT_CHALLENGES,
  AGE_ASSESSMENT_OUTCOMES,
  AGE_ASSESSMENT_RESPONSES,
  AGE_ASSESSORS,
  AGE_STATUSES,
} from '../../domain/codes.ts';
import { ageAssessmentProblems, challengeProblems, OLDEST_ASSESSED_AGE } from '../../domain/age-assessment.ts';
import type { AgeAssessmentChallengeDetails, AgeAssessmentDetails } from '../../domain/age-assessment.ts';
import type { AgeAssessment } from '../../domain/child-record.ts';
import type { AgeStatus } from '../../domain/codes.ts';
import { dateFields, errorOrder, question, radioSchema, readAnswers, requiredTextSchema, textSchema, versionSchema } from '../questions.ts';
import type { Questions } from '../questions.ts';
import { formatDate } from '../../domain/dates.ts';
import { orderedErrors, textOf } from '../forms.ts';
import { dateOfBirthInterval, estimatedAges } from '../../domain/date-of-birth.ts';
import type { DateOfBirthEstimate, DateOfBirthFields } from '../../domain/date-of-birth.ts';
import type { FormBody, FormResult } from '../forms.ts';
import { ADD_CHILD_QUESTIONS, languagesSchema, nationalitySchema, readDateOfBirthAnswers, upnOrReason, upnUnknownReasonSchema } from './form-schemas.ts';

// The questions of the journeys that keep a child's details up to date (age status, UASC status,
// National Transfer Scheme, identifiers, languages, nationality), one list per form, and the
// functions that read their answers from the posted form.

/** Errors on dates that must not be after today, added to those the form already has. */
function notInFuture(
  questions: Questions,
  dates: Readonly<Record<string, string | null>>,
  today: string,
  messages: Readonly<Record<string, string>>,
): FormResult<never> | null {
  const fields: Record<string, { text: string }> = {};
  for (const [name, message] of Object.entries(messages)) {
    const date = dates[name];
    if (date !== null && date !== undefined && date > today) fields[name] = { text: message };
  }
  return Object.keys(fields).length === 0 ? null : { ok: false, errors: orderedErrors(fields, errorOrder(questions), dateFields(questions)) };
}

const YES_NO = ['yes', 'no'] as const;

// ---- Record the child's age status ----

export const AGE_STATUS_QUESTIONS: Questions = [
  { name: 'status', kind: 'radios', label: 'The child’s age status', required: 'Select the child’s age status' },
  { name: 'effectiveFrom', kind: 'date', label: 'the date the age status started', hint: 'For example, 27 3 2025' },
  {
    name: 'note',
    kind: 'textarea',
    label: 'Note',
    max: 1000,
    hint: 'For example, who disputes the age and why, or who is carrying out the age assessment',
  },
];

export interface AgeStatusAnswers {
  readonly status: AgeStatus;
  readonly effectiveFrom: string;
  readonly note: string | null;
}

const ageStatusSchema = z.object({
  status: radioSchema(AGE_STATUSES, 'Select the child’s age status'),
  note: textSchema(AGE_STATUS_QUESTIONS, 'note'),
});

export function readAgeStatusForm(body: FormBody, today: string): FormResult<AgeStatusAnswers> {
  const read = readAnswers(body, ageStatusSchema, AGE_STATUS_QUESTIONS);
  if (!read.ok) return read;
  const future = notInFuture(AGE_STATUS_QUESTIONS, read.value.dates, today, { effectiveFrom: 'The date the age status started must be today or in the past' });
  if (future !== null) return future;
  return { ok: true, value: { ...read.value.fields, effectiveFrom: read.value.dates['effectiveFrom'] ?? '' } };
}

// ---- Record an age assessment ----

export const AGE_ASSESSMENT_QUESTIONS: Questions = [
  { name: 'referredOn', kind: 'date', label: 'the date the age assessment was asked for', hint: 'For example, 27 3 2025' },
  { name: 'assessedOn', kind: 'date', label: 'the date of the outcome', hint: 'The day the assessment decided the child’s age. For example, 27 3 2025' },
  { name: 'assessedBy', kind: 'radios', label: 'Who assessed the child’s age', required: 'Select who assessed the child’s age' },
  {
    name: 'mertonCompliant',
    kind: 'radios',
    label: 'Was the assessment Merton-compliant?',
    hint: 'Carried out as the courts require since R (B) v Merton LBC [2003]',
    required: 'Select yes if the assessment was Merton-compliant',
  },
  { name: 'outcome', kind: 'radios', label: 'What the assessment found', required: 'Select what the assessment found' },
  {
    name: 'assessedDateOfBirth',
    kind: 'date',
    label: 'the date of birth the assessment gave',
    hint: 'Leave this blank if the assessment gave an age instead, or was inconclusive. For example, 27 3 2009',
    optional: true,
  },
  { name: 'assessedAge', kind: 'text', label: 'The age the assessment gave, in years', max: 2, hint: 'Only if it gave no date of birth. For example, 16' },
  {
    name: 'response',
    kind: 'radios',
    label: 'Does the child accept the outcome?',
    required: 'Select whether the child accepts the outcome or disputes it',
  },
  { name: 'note', kind: 'textarea', label: 'Note', max: 1000, hint: 'For example, who carried out the assessment, or the court dealing with a challenge' },
];

const ASSESSED_AGE_ERROR = `Enter the age the assessment gave as a whole number of years from 0 to ${OLDEST_ASSESSED_AGE}, for example 16`;

const ageAssessmentSchema = z.object({
  assessedBy: radioSchema(AGE_ASSESSORS, 'Select who assessed the child’s age'),
  mertonCompliant: radioSchema(YES_NO, 'Select yes if the assessment was Merton-compliant'),
  outcome: radioSchema(AGE_ASSESSMENT_OUTCOMES, 'Select what the assessment found'),
  assessedAge: z
    .string()
    .trim()
    .regex(/^\d{0,2}$/, { error: ASSESSED_AGE_ERROR })
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : Number(value))),
  response: radioSchema(AGE_ASSESSMENT_RESPONSES, 'Select whether the child accepts the outcome or disputes it'),
  note: textSchema(AGE_ASSESSMENT_QUESTIONS, 'note'),
});

export type AgeAssessmentAnswers = AgeAssessmentDetails & {
  readonly assessedDateOfBirth: string | null;
  readonly assessedAge: number | null;
  readonly note: string | null;
};

/**
 * The assessment's answers. What the record rules would refuse (an outcome before the assessment was asked
 * for, a date of birth on or after the outcome, an age the outcome contradicts) is an error on its question
 * here, before check your answers: the rules and the form read the same checks (age-assessment.ts).
 */
export function readAgeAssessmentForm(body: FormBody, today: string): FormResult<AgeAssessmentAnswers> {
  const read = readAnswers(body, ageAssessmentSchema, AGE_ASSESSMENT_QUESTIONS);
  if (!read.ok) return read;
  const { fields, dates } = read.value;
  const answers: AgeAssessmentAnswers = {
    ...fields,
    referredOn: dates['referredOn'] ?? '',
    assessedOn: dates['assessedOn'] ?? '',
    mertonCompliant: fields.mertonCompliant === 'yes',
    assessedDateOfBirth: dates['assessedDateOfBirth'] ?? null,
  };
  const problems = ageAssessmentProblems(answers, today);
  if (problems.length === 0) return { ok: true, value: answers };
  const errors = Object.fromEntries(problems.map((problem) => [problem.field, { text: problem.message }]));
  return { ok: false, errors: orderedErrors(errors, errorOrder(AGE_ASSESSMENT_QUESTIONS), dateFields(AGE_ASSESSMENT_QUESTIONS)) };
}

// ---- A legal challenge to the latest age assessment, and its result ----

export const AGE_ASSESSMENT_CHALLENGE_QUESTIONS: Questions = [
  { name: 'challenge', kind: 'radios', label: 'Has the outcome been challenged?', required: 'Select whether the outcome has been challenged' },
  {
    name: 'challengedOn',
    kind: 'date',
    label: 'the date the challenge was brought',
    hint: 'Leave this blank if there is no challenge. For example, 27 3 2025',
    optional: true,
  },
  {
    name: 'challengeResult',
    kind: 'radios',
    label: 'The result of the challenge',
    hint: 'Only if the outcome has been challenged',
    required: 'Select the result of the challenge',
  },
  {
    name: 'challengeDecidedOn',
    kind: 'date',
    label: 'the date the challenge was decided',
    hint: 'Leave this blank until it is decided. For example, 27 3 2025',
    optional: true,
  },
  { name: 'version', kind: 'version', label: 'The age assessment’s version' },
];

export type AgeAssessmentChallengeAnswers = AgeAssessmentChallengeDetails & { readonly assessmentId: string; readonly version: number };

const challengeSchema = z.object({
  challenge: radioSchema(AGE_ASSESSMENT_CHALLENGES, 'Select whether the outcome has been challenged'),
  // Not asked without a challenge; "not decided yet" is no result.
  challengeResult: z
    .preprocess(
      (value) => (value === '' ? undefined : value),
      z.enum([...AGE_ASSESSMENT_CHALLENGE_RESULTS, 'PENDING'], { error: 'Select the result of the challenge' }).optional(),
    )
    .transform((value) => (value === undefined || value === 'PENDING' ? null : value)),
  version: versionSchema,
});

/**
 * The challenge's answers, on the assessment they are recorded on. Dates out of order (brought before the
 * outcome, decided before it was brought) are errors on their questions here, from the same checks the
 * record rules make (age-assessment.ts).
 */
export function readAgeAssessmentChallengeForm(
  body: FormBody,
  today: string,
  assessment: Pick<AgeAssessment, 'id' | 'assessedOn'>,
): FormResult<AgeAssessmentChallengeAnswers> {
  const read = readAnswers(body, challengeSchema, AGE_ASSESSMENT_CHALLENGE_QUESTIONS);
  if (!read.ok) return read;
  const { fields, dates } = read.value;
  const answers: AgeAssessmentChallengeAnswers = {
    assessmentId: assessment.id,
    challenge: fields.challenge,
    challengedOn: dates['challengedOn'] ?? null,
    challengeResult: fields.challenge === 'NONE' ? null : fields.challengeResult,
    challengeDecidedOn: dates['challengeDecidedOn'] ?? null,
    version: fields.version,
  };
  const problems = challengeProblems(assessment, answers, today);
  if (problems.length === 0) return { ok: true, value: answers };
  const errors = Object.fromEntries(problems.map((problem) => [problem.field, { text: problem.message }]));
  return { ok: false, errors: orderedErrors(errors, errorOrder(AGE_ASSESSMENT_CHALLENGE_QUESTIONS), dateFields(AGE_ASSESSMENT_CHALLENGE_QUESTIONS)) };
}

// ---- Unaccompanied asylum-seeking child (UASC) status: its start, and its end ----

export const UASC_START_QUESTIONS: Questions = [
  { name: 'startDate', kind: 'date', label: 'the date they became an unaccompanied asylum-seeking child', hint: 'For example, 27 3 2025' },
];

export const UASC_END_QUESTIONS: Questions = [
  {
    name: 'ceasedDate',
    kind: 'date',
    label: 'the date they stopped being an unaccompanied asylum-seeking child',
    hint: 'For example, the day they turned 18 or were granted leave to remain. For example, 27 3 2025',
  },
  { name: 'version', kind: 'version', label: 'The UASC period’s version' },
];

const noOtherFields = z.object({});
const versionOnly = z.object({ version: versionSchema });

export function readUascStartForm(body: FormBody, today: string): FormResult<{ readonly startDate: string }> {
  const read = readAnswers(body, noOtherFields, UASC_START_QUESTIONS);
  if (!read.ok) return read;
  const future = notInFuture(UASC_START_QUESTIONS, read.value.dates, today, {
    startDate: 'The date they became an unaccompanied asylum-seeking child must be today or in the past',
  });
  return future ?? { ok: true, value: { startDate: read.value.dates['startDate'] ?? '' } };
}

export function readUascEndForm(body: FormBody, today: string): FormResult<{ readonly ceasedDate: string; readonly version: number }> {
  const read = readAnswers(body, versionOnly, UASC_END_QUESTIONS);
  if (!read.ok) return read;
  const future = notInFuture(UASC_END_QUESTIONS, read.value.dates, today, {
    ceasedDate: 'The date they stopped being an unaccompanied asylum-seeking child must be today or in the past',
  });
  return future ?? { ok: true, value: { ceasedDate: read.value.dates['ceasedDate'] ?? '', version: read.value.fields.version } };
}

// ---- The child's identifiers, languages and interpreter, and nationality: their details, changed with the version read ----

const VERSION_QUESTION = { name: 'version', kind: 'version', label: 'The record’s version' } as const;

export const IDENTIFIER_QUESTIONS: Questions = [
  ...['laChildId', 'upn', 'upnUnknownReason', 'homeOfficeReference'].map((name) => question(ADD_CHILD_QUESTIONS, name)),
  { name: 'nrmReference', kind: 'text', label: 'NRM reference', max: 40, hint: 'The reference the competent authority gave the NRM referral' },
  { name: 'policePersonId', kind: 'text', label: 'Police person ID', max: 40, hint: 'The police force’s ID for the child, if they gave one' },
  VERSION_QUESTION,
];

export interface IdentifierAnswers {
  readonly laChildId: string;
  /** The UPN, or the reason (UN1 to UN5) the child has none, as the 903 keeps it. */
  readonly upn: string | null;
  readonly homeOfficeReference: string | null;
  readonly nrmReference: string | null;
  readonly policePersonId: string | null;
  readonly version: number;
}

const identifierText = z.object({
  laChildId: requiredTextSchema(IDENTIFIER_QUESTIONS, 'laChildId'),
  upn: textSchema(IDENTIFIER_QUESTIONS, 'upn'),
  upnUnknownReason: upnUnknownReasonSchema,
  homeOfficeReference: textSchema(IDENTIFIER_QUESTIONS, 'homeOfficeReference'),
  nrmReference: textSchema(IDENTIFIER_QUESTIONS, 'nrmReference'),
  policePersonId: textSchema(IDENTIFIER_QUESTIONS, 'policePersonId'),
  version: versionSchema,
});

export function readIdentifiersForm(body: FormBody): FormResult<IdentifierAnswers> {
  const read = readAnswers(body, identifierText, IDENTIFIER_QUESTIONS);
  if (!read.ok) return read;
  const { upnUnknownReason, ...fields } = read.value.fields;
  const upn = upnOrReason(fields.upn, upnUnknownReason);
  if (!upn.ok) return { ok: false, errors: orderedErrors({ upn: { text: upn.message } }, errorOrder(IDENTIFIER_QUESTIONS)) };
  return { ok: true, value: { ...fields, upn: upn.value } };
}

// ---- The child's date of birth, or where it is not known their estimated age ----

export const DATE_OF_BIRTH_QUESTIONS: Questions = [
  {
    name: 'dateOfBirthKnown',
    kind: 'radios',
    label: 'Do you know the child’s date of birth?',
    hint: 'Many unaccompanied and trafficked children do not know it. You can record an estimated age instead',
    required: 'Select yes if you know the child’s date of birth',
  },
  {
    name: 'dateOfBirth',
    kind: 'date',
    label: 'the date of birth the child gave',
    hint: 'If you know it, even if their age is in doubt. An age assessment records its own. For example, 27 3 2010',
    record: ['dateOfBirthClaimed'],
    optional: true,
  },
  {
    name: 'estimatedAgeFrom',
    kind: 'text',
    label: 'If the date of birth is not known, their estimated age in years',
    hint: 'The age they were thought to be when it was estimated. For example, 15',
    required: 'Enter the child’s estimated age in years',
    record: ['dateOfBirthEstimate'],
  },
  { name: 'estimatedAgeTo', kind: 'text', label: 'Up to', hint: 'The oldest they may be, if the estimate is a range, for example 16' },
  { name: 'estimatedAgeSource', kind: 'radios', label: 'Who estimated their age?', required: 'Select who estimated the child’s age' },
  VERSION_QUESTION,
];

/** The form's answers for an estimate as recorded: the ages it gave on the day it was made, and who made it. */
export function estimateValues(estimate: DateOfBirthEstimate): FormBody {
  const { youngest, oldest } = estimatedAges(estimate);
  return { estimatedAgeFrom: String(youngest), estimatedAgeTo: oldest === youngest ? '' : String(oldest), estimatedAgeSource: estimate.source };
}

export interface DateOfBirthChange {
  readonly dateOfBirthClaimed: string | null;
  readonly dateOfBirthEstimate: DateOfBirthEstimate | null;
  readonly version: number;
}

/** What the date of birth is read against: the child's as recorded, and the dates in their record it must come before. */
export interface DateOfBirthContext {
  readonly recorded: Pick<DateOfBirthFields, 'dateOfBirthAssessed' | 'dateOfBirthEstimate'>;
  /** The day they first started being looked after; null if never. */
  readonly firstLookedAfter: string | null;
  /** The day they first went missing; null if never. */
  readonly firstMissing: string | null;
}

/**
 * The child's date of birth, or their estimated age. An estimate answered as recorded is kept as it was
 * (with the day it was made), not made again today. A date of birth after the day they first started
 * being looked after or first went missing is an error on its question here, as the record rules would
 * find on saving (care-period-after-birth, missing-not-before-birth), unless an assessed date of birth
 * counts instead.
 */
export function readDateOfBirthForm(body: FormBody, today: string, context: DateOfBirthContext): FormResult<DateOfBirthChange> {
  const fields: Record<string, { text: string }> = {};
  const version = versionSchema.safeParse(body['version']);
  if (!version.success) fields['version'] = { text: 'This form is out of date. Go back to the record and start again' };
  const read = readDateOfBirthAnswers(body, today, fields);
  const { dateOfBirthEstimate: recorded, dateOfBirthAssessed } = context.recorded;
  const unchanged = recorded !== null && Object.entries(estimateValues(recorded)).every(([name, value]) => textOf(body, name).trim() === value);
  const estimate = read.dateOfBirthEstimate !== null && unchanged ? recorded : read.dateOfBirthEstimate;
  const born = dateOfBirthInterval({ dateOfBirthClaimed: read.dateOfBirth, dateOfBirthAssessed, dateOfBirthEstimate: estimate });
  const field = read.dateOfBirth !== null ? 'dateOfBirth' : 'estimatedAgeFrom';
  const what = read.dateOfBirth !== null ? 'The child’s date of birth must be' : 'The estimated age must allow a date of birth';
  if (born !== null && dateOfBirthAssessed === null && fields[field] === undefined) {
    if (context.firstLookedAfter !== null && born.earliest > context.firstLookedAfter)
      fields[field] = { text: `${what} on or before the day they first started being looked after, ${formatDate(context.firstLookedAfter)}` };
    else if (context.firstMissing !== null && born.earliest > context.firstMissing)
      fields[field] = { text: `${what} on or before the day they first went missing, ${formatDate(context.firstMissing)}` };
  }
  if (!version.success || Object.keys(fields).length > 0) {
    return { ok: false, errors: orderedErrors(fields, errorOrder(DATE_OF_BIRTH_QUESTIONS), dateFields(DATE_OF_BIRTH_QUESTIONS)) };
  }
  return { ok: true, value: { dateOfBirthClaimed: read.dateOfBirth, dateOfBirthEstimate: estimate, version: version.data } };
}

export const LANGUAGE_QUESTIONS: Questions = [
  { name: 'languages', kind: 'text', label: 'Languages the child speaks', hint: 'Separate languages with commas, for example Tigrinya, Arabic' },
  { name: 'interpreterNeeded', kind: 'radios', label: 'Whether the child needs an interpreter', required: 'Select yes if the child needs an interpreter' },
  VERSION_QUESTION,
];

const languageText = z.object({
  languages: languagesSchema,
  interpreterNeeded: radioSchema(YES_NO, 'Select yes if the child needs an interpreter'),
  version: versionSchema,
});

export function readLanguagesForm(
  body: FormBody,
): FormResult<{ readonly languages: readonly string[]; readonly interpreterNeeded: boolean; readonly version: number }> {
  const read = readAnswers(body, languageText, LANGUAGE_QUESTIONS);
  if (!read.ok) return read;
  return { ok: true, value: { ...read.value.fields, interpreterNeeded: read.value.fields.interpreterNeeded === 'yes' } };
}

export const NATIONALITY_QUESTIONS: Questions = [question(ADD_CHILD_QUESTIONS, 'nationality'), VERSION_QUESTION];

const nationalityText = z.object({ nationality: nationalitySchema, version: versionSchema });

export function readNationalityForm(body: FormBody): FormResult<{ readonly nationality: string; readonly version: number }> {
  const read = readAnswers(body, nationalityText, NATIONALITY_QUESTIONS);
  return read.ok ? { ok: true, value: read.value.fields } : read;
}

// ---- A National Transfer Scheme transfer: the referral, and the transfer once made ----

export const NATIONAL_TRANSFER_QUESTIONS: Questions = [
  {
    name: 'toAuthority',
    kind: 'select',
    label: 'The local authority the child is transferring to',
    required: 'Select the local authority the child is transferring to',
    record: ['toAuthorityCode'],
  },
  { name: 'referredOn', kind: 'date', label: 'the date of the referral to the National Transfer Scheme', hint: 'For example, 27 3 2025' },
  {
    name: 'transferredOn',
    kind: 'date',
    label: 'the date of the transfer',
    hint: 'Leave this blank if the child has not transferred yet. For example, 27 3 2025',
    optional: true,
  },
];

export interface NationalTransferAnswers {
  readonly toAuthorityCode: string;
  readonly referredOn: string;
  readonly transferredOn: string | null;
}

const NO_AUTHORITY = 'Select the local authority the child is transferring to';
const transferText = z.object({ toAuthority: z.string({ error: NO_AUTHORITY }).trim().min(1, { error: NO_AUTHORITY }) });

/** The transfer's answers; a transfer before its referral is an error on the question page, not after check your answers. */
export function readNationalTransferForm(body: FormBody, today: string): FormResult<NationalTransferAnswers> {
  const read = readAnswers(body, transferText, NATIONAL_TRANSFER_QUESTIONS);
  if (!read.ok) return read;
  const { dates } = read.value;
  const future = notInFuture(NATIONAL_TRANSFER_QUESTIONS, dates, today, {
    referredOn: 'The date of the referral must be today or in the past',
    transferredOn: 'The date of the transfer must be today or in the past',
  });
  if (future !== null) return future;
  const referredOn = dates['referredOn'] ?? '';
  const transferredOn = dates['transferredOn'] ?? null;
  if (transferredOn !== null && transferredOn < referredOn) {
    const text = `The date of the transfer must be the same as or after the referral, ${formatDate(referredOn)}`;
    return { ok: false, errors: orderedErrors({ transferredOn: { text } }, errorOrder(NATIONAL_TRANSFER_QUESTIONS), dateFields(NATIONAL_TRANSFER_QUESTIONS)) };
  }
  return { ok: true, value: { toAuthorityCode: read.value.fields.toAuthority, referredOn, transferredOn } };
}
