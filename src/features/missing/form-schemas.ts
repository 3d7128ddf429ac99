import { z } from 'zod';
import { EPISODE_END_REASONS, HARM_DISCLOSED, INTERVIEW_OUTCOMES, INTERVIEW_RESPONSES, INTERVIEWER_TYPES, MISSING_TYPES } from '../../domain/codes.ts';
import { formatInstant, ukInstant } from '../../domain/dates.ts';
import { FINDING_AGENCIES } from '../../domain/found-report.ts';
import type { EpisodeChanges, EpisodeClosing, FoundReportClosing, InterviewDetails, NewEpisode } from '../../services/missing-episode-service.ts';
import { dateParts, orderedErrors, parseForm, readDate, readTime, valuesOf } from '../forms.ts';
import type { FormBody, FormErrors, FormResult } from '../forms.ts';
import { dateFields, errorOrder, question, requiredTextSchema, singleAnswers, textSchema } from '../questions.ts';
import type { Questions } from '../questions.ts';

// The three missing-episode forms: what each asks, read into what the service takes. The forms check
// what was typed; the record's rules (dates within care, no overlaps, in order) are the service's,
// and its findings come back onto the questions that asked for the fields they name.

/** The current police risk levels; "no apparent risk" is only in historic records. */
export const NEW_RISK_LEVELS = ['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH'] as const;

/** The answers "not graded yet" and "not known yet": a radio needs a value, and the record keeps them as null. */
export const NOT_GRADED = 'NOT_GRADED';
export const NOT_KNOWN = 'NOT_KNOWN';

const single = (body: FormBody, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
};

const several = (body: FormBody, name: string): string[] =>
  valuesOf(body, name)
    .map((item) => item.trim())
    .filter((item) => item !== '');

type Errors = Record<string, { text: string }>;

/** The version read with the page, carried in a hidden field: a change made since then is refused. */
const versionOf = (body: FormBody): number => {
  const version = Number(single(body, 'version'));
  return Number.isInteger(version) && version > 0 ? version : 0;
};

/**
 * A GOV.UK date input and a time input (the questions `{moment}Date` and `{moment}Time`), read as a
 * UK wall-clock moment into a UTC instant.
 */
function readDateTime(body: FormBody, questions: Questions, moment: string, options: { required: boolean; now: string }, errors: Errors): string | null {
  const dateQuestion = question(questions, `${moment}Date`);
  const timeQuestion = question(questions, `${moment}Time`);
  const { day, month, year } = dateParts(body, dateQuestion.name);
  const time = single(body, timeQuestion.name);
  // An optional moment becomes required as soon as part of it is given.
  const required = options.required || `${day}${month}${year}${time}` !== '';
  const date = readDate(body, dateQuestion.name, dateQuestion.label, { required });
  const clock = readTime(time, timeQuestion.label, { required });
  if (!date.ok) errors[dateQuestion.name] = { text: date.message };
  if (!clock.ok) errors[timeQuestion.name] = { text: clock.message };
  if (!date.ok || !clock.ok || date.value === null || clock.value === null) return null;
  const instant = ukInstant(date.value, clock.value);
  if (Date.parse(instant) > Date.parse(options.now)) {
    errors[dateQuestion.name] = { text: `The date and time ${dateQuestion.label.replace(/^the date /, '')} must be in the past` };
    return null;
  }
  return instant;
}

/** The errors in the order of the questions. */
const invalid = (errors: Errors, questions: Questions): { ok: false; errors: FormErrors } => ({
  ok: false,
  errors: orderedErrors(errors, errorOrder(questions), dateFields(questions)),
});

/** The one-value answers, trimmed, for the schema. */
const singles = (questions: Questions, body: FormBody): Record<string, string> =>
  Object.fromEntries(Object.entries(singleAnswers(questions, body)).map(([name, value]) => [name, value.trim()]));

/** Merges a schema's result into the errors; the value, or null when it had errors. */
function schemaPart<T>(result: FormResult<T>, errors: Errors): T | null {
  if (result.ok) return result.value;
  Object.assign(errors, result.errors.fields);
  return null;
}

// ---- Report a child missing ----

export const REPORT_QUESTIONS: Questions = [
  { name: 'type', kind: 'radios', label: 'Whether the child is missing or away from placement without authorisation' },
  { name: 'lastSeenDate', kind: 'date', label: 'the date the child was last seen', record: ['startAt'] },
  { name: 'lastSeenTime', kind: 'time', label: 'the time the child was last seen', record: [] },
  {
    name: 'lastSeenLocation',
    kind: 'text',
    label: 'Where the child was last seen',
    max: 500,
    hint: 'For example, the placement, a street, a station or a friend’s address',
  },
  { name: 'lastSeenWith', kind: 'text', label: 'Who the child was last seen with', max: 500 },
  { name: 'reportedToPoliceDate', kind: 'date', label: 'the date the child was reported to the police', record: ['reportedToPoliceAt'] },
  { name: 'reportedToPoliceTime', kind: 'time', label: 'the time the child was reported to the police', record: [] },
  { name: 'policeForce', kind: 'text', label: 'The police force', max: 200 },
  { name: 'policeReference', kind: 'text', label: 'The police reference', max: 60 },
  { name: 'policeRiskLevel', kind: 'radios', label: 'The risk level the police gave' },
  // Only a child placed out of area has a host authority to tell.
  {
    name: 'hostAuthorityToldDate',
    kind: 'date',
    label: 'the date the host authority was told',
    record: ['hostAuthorityToldAt', 'responsibleAuthorityToldAt'],
  },
  { name: 'hostAuthorityToldTime', kind: 'time', label: 'the time the host authority was told', record: [] },
];

const reportSchema = z.object({
  type: z.enum(MISSING_TYPES, { error: 'Select whether the child is missing or away from placement without authorisation' }),
  lastSeenLocation: textSchema(REPORT_QUESTIONS, 'lastSeenLocation'),
  lastSeenWith: textSchema(REPORT_QUESTIONS, 'lastSeenWith'),
  policeForce: textSchema(REPORT_QUESTIONS, 'policeForce'),
  policeReference: textSchema(REPORT_QUESTIONS, 'policeReference'),
  policeRiskLevel: z
    .enum([...NEW_RISK_LEVELS, NOT_GRADED, ''], { error: 'Select the risk level the police gave, or ‘Not graded yet’' })
    .transform((value) => (value === NOT_GRADED || value === '' ? null : value)),
});

/** `later` must not be before `earlier`: the error goes on the date question of `later`. */
function notBefore(
  errors: Errors,
  later: { readonly question: string; readonly at: string | null; readonly what: string },
  earlier: { readonly at: string | null; readonly what: string },
): void {
  if (later.at === null || earlier.at === null || errors[later.question] !== undefined) return;
  if (Date.parse(later.at) < Date.parse(earlier.at)) {
    errors[later.question] = { text: `The date and time ${later.what} must be after ${earlier.what}, ${formatInstant(earlier.at)}` };
  }
}

/** What a report of a missing child says about when they were last seen and who was told: the questions' answers, checked against each other. */
interface ReportMoments {
  readonly startAt: string | null;
  readonly reportedToPoliceAt: string | null;
  readonly hostAuthorityToldAt: string | null;
}

/** The moments of a missing report, read and checked against each other (the record's rules would refuse them after check your answers). */
function readReportMoments(
  body: FormBody,
  questions: Questions,
  context: { readonly now: string; readonly outOfArea: boolean },
  errors: Errors,
): ReportMoments {
  const startAt = readDateTime(body, questions, 'lastSeen', { required: true, now: context.now }, errors);
  const reportedToPoliceAt = readDateTime(body, questions, 'reportedToPolice', { required: false, now: context.now }, errors);
  const hostAuthorityToldAt = context.outOfArea ? readDateTime(body, questions, 'hostAuthorityTold', { required: false, now: context.now }, errors) : null;
  const lastSeen = { at: startAt, what: 'the child was last seen' };
  notBefore(errors, { question: 'reportedToPoliceDate', at: reportedToPoliceAt, what: 'the child was reported to the police' }, lastSeen);
  notBefore(errors, { question: 'hostAuthorityToldDate', at: hostAuthorityToldAt, what: 'the host authority was told' }, lastSeen);
  return { startAt, reportedToPoliceAt, hostAuthorityToldAt };
}

export function readReportForm(body: FormBody, context: { readonly now: string; readonly outOfArea: boolean }): FormResult<NewEpisode> {
  const errors: Errors = {};
  const fields = schemaPart(parseForm(reportSchema, singles(REPORT_QUESTIONS, body)), errors);
  const { startAt, reportedToPoliceAt, hostAuthorityToldAt } = readReportMoments(body, REPORT_QUESTIONS, context, errors);
  if (fields === null || startAt === null || Object.keys(errors).length > 0) return invalid(errors, REPORT_QUESTIONS);
  return { ok: true, value: { ...fields, startAt, reportedToPoliceAt, hostAuthorityToldAt } };
}

// ---- Change an open missing episode ----

/** The report's answers changed, with the version read: what check your answers shows, and the service takes. */
export type ChangedReport = Omit<NewEpisode, 'policeRiskLevel'> & Pick<EpisodeChanges, 'policeRiskLevel' | 'version'>;

/** The report's questions, with the version read: the same answers, changed while the child is still missing. */
export const CHANGE_QUESTIONS: Questions = [...REPORT_QUESTIONS, { name: 'version', kind: 'version', label: 'The episode’s version' }];

/** The changes to an open episode; a child placed in area has no host authority to tell, so that answer is left as it is. */
export function readChangeForm(body: FormBody, context: { readonly now: string; readonly outOfArea: boolean }): FormResult<ChangedReport> {
  const errors: Errors = {};
  const fields = schemaPart(parseForm(reportSchema, singles(CHANGE_QUESTIONS, body)), errors);
  const { startAt, reportedToPoliceAt, hostAuthorityToldAt } = readReportMoments(body, CHANGE_QUESTIONS, context, errors);
  if (fields === null || startAt === null || Object.keys(errors).length > 0) return invalid(errors, CHANGE_QUESTIONS);
  // No risk level chosen leaves the one recorded (a historic "no apparent risk" is not offered again).
  const { policeRiskLevel, ...rest } = fields;
  return {
    ok: true,
    value: {
      ...rest,
      ...(single(body, 'policeRiskLevel') === '' ? {} : { policeRiskLevel }),
      startAt,
      reportedToPoliceAt,
      ...(context.outOfArea ? { hostAuthorityToldAt } : {}),
      version: versionOf(body),
    },
  };
}

// ---- Record that the child came back ----

export const RETURN_QUESTIONS: Questions = [
  { name: 'endDate', kind: 'date', label: 'the date the child came back', record: ['endAt'] },
  { name: 'endTime', kind: 'time', label: 'the time the child came back', record: [] },
  { name: 'endReason', kind: 'radios', label: 'How the missing episode ended' },
  { name: 'harmDisclosed', kind: 'radios', label: 'Whether the child disclosed harm while missing' },
  { name: 'exploitationDisclosed', kind: 'radios', label: 'Whether the child disclosed exploitation' },
  { name: 'version', kind: 'version', label: 'The episode’s version' },
];

const returnSchema = z.object({
  endReason: z.enum(EPISODE_END_REASONS, { error: 'Select how the missing episode ended' }),
  harmDisclosed: z
    .enum([...HARM_DISCLOSED, NOT_KNOWN, ''], { error: 'Select whether the child disclosed harm while missing, or ‘Not known yet’' })
    .transform((value) => (value === NOT_KNOWN || value === '' ? null : value)),
  exploitationDisclosed: z
    .enum(['yes', 'no', NOT_KNOWN, ''], { error: 'Select whether the child disclosed exploitation, or ‘Not known yet’' })
    .transform((value) => (value === 'yes' ? true : value === 'no' ? false : null)),
});

export function readReturnForm(body: FormBody, context: { readonly now: string; readonly wentMissingAt: string }): FormResult<EpisodeClosing> {
  const errors: Errors = {};
  const endAt = readDateTime(body, RETURN_QUESTIONS, 'end', { required: true, now: context.now }, errors);
  notBefore(errors, { question: 'endDate', at: endAt, what: 'the child came back' }, { at: context.wentMissingAt, what: 'they went missing' });
  const fields = schemaPart(parseForm(returnSchema, singles(RETURN_QUESTIONS, body)), errors);
  if (fields === null || endAt === null || Object.keys(errors).length > 0) return invalid(errors, RETURN_QUESTIONS);
  return { ok: true, value: { ...fields, endAt, version: versionOf(body) } };
}

// ---- Record that another agency's report found the child ----

export const FOUND_QUESTIONS: Questions = [
  { name: 'agency', kind: 'radios', label: 'Who found the child' },
  {
    name: 'organisation',
    kind: 'text',
    label: 'The name of the agency that found the child',
    max: 200,
    required: 'Enter the name of the agency that found the child',
    hint: 'For example, British Transport Police or Manchester City Council',
  },
  { name: 'foundDate', kind: 'date', label: 'the date the child was found', record: ['endAt', 'foundAt'] },
  { name: 'foundTime', kind: 'time', label: 'the time the child was found', record: [] },
  { name: 'location', kind: 'text', label: 'Where the child was found', max: 500, required: 'Enter where the child was found' },
  { name: 'reference', kind: 'text', label: 'The agency’s reference for its report', max: 60 },
  { name: 'version', kind: 'version', label: 'The episode’s version' },
];

const foundSchema = z.object({
  agency: z.enum(FINDING_AGENCIES, { error: 'Select who found the child' }),
  organisation: requiredTextSchema(FOUND_QUESTIONS, 'organisation'),
  location: requiredTextSchema(FOUND_QUESTIONS, 'location'),
  reference: textSchema(FOUND_QUESTIONS, 'reference'),
});

/** Another agency's report: who found the child, where, when (after they went missing) and its reference. */
export function readFoundForm(body: FormBody, context: { readonly now: string; readonly wentMissingAt: string }): FormResult<FoundReportClosing> {
  const errors: Errors = {};
  const fields = schemaPart(parseForm(foundSchema, singles(FOUND_QUESTIONS, body)), errors);
  const foundAt = readDateTime(body, FOUND_QUESTIONS, 'found', { required: true, now: context.now }, errors);
  notBefore(errors, { question: 'foundDate', at: foundAt, what: 'the child was found' }, { at: context.wentMissingAt, what: 'they went missing' });
  if (fields === null || foundAt === null || Object.keys(errors).length > 0) return invalid(errors, FOUND_QUESTIONS);
  return { ok: true, value: { ...fields, reference: fields.reference ?? null, foundAt, version: versionOf(body) } };
}

// ---- Correct an episode that has ended, saying why ----

/** The report's questions, when and how the episode ended, and why it is corrected, with the version read. */
export const CORRECTION_QUESTIONS: Questions = [
  ...REPORT_QUESTIONS,
  ...RETURN_QUESTIONS.filter((asked) => ['endDate', 'endTime', 'endReason'].includes(asked.name)),
  {
    name: 'reason',
    kind: 'textarea',
    label: 'Why you are correcting the episode',
    max: 1000,
    required: 'Enter why you are correcting this missing episode',
    hint: 'For example, the police gave a different time last seen. This is kept on the audit trail',
  },
  { name: 'version', kind: 'version', label: 'The episode’s version' },
];

export type Correction = ChangedReport & { readonly endAt: string; readonly endReason: EpisodeClosing['endReason']; readonly reason: string };

const correctionSchema = z.object({ endReason: returnSchema.shape.endReason, reason: requiredTextSchema(CORRECTION_QUESTIONS, 'reason') });

/** The corrected episode: the report's answers, its end after the child was last seen, and the reason. */
export function readCorrectionForm(body: FormBody, context: { readonly now: string; readonly outOfArea: boolean }): FormResult<Correction> {
  const errors: Errors = {};
  const report = schemaPart(readChangeForm(body, context), errors);
  const endAt = readDateTime(body, CORRECTION_QUESTIONS, 'end', { required: true, now: context.now }, errors);
  notBefore(errors, { question: 'endDate', at: endAt, what: 'the child came back' }, { at: report?.startAt ?? null, what: 'they were last seen' });
  const fields = schemaPart(parseForm(correctionSchema, singles(CORRECTION_QUESTIONS, body)), errors);
  if (report === null || fields === null || endAt === null || Object.keys(errors).length > 0) return invalid(errors, CORRECTION_QUESTIONS);
  return { ok: true, value: { ...report, endAt, ...fields } };
}

// ---- Record a return home interview ----

export const INTERVIEW_QUESTIONS: Questions = [
  { name: 'response', kind: 'radios', label: 'Whether the return home interview was accepted, declined or not offered' },
  { name: 'notOfferedReason', kind: 'textarea', label: 'Why the interview was not offered', max: 1000 },
  { name: 'offeredDate', kind: 'date', label: 'the date the interview was offered', record: ['offeredAt'] },
  { name: 'offeredTime', kind: 'time', label: 'the time the interview was offered', record: [] },
  { name: 'completedDate', kind: 'date', label: 'the date the interview was completed', record: ['completedAt'] },
  { name: 'completedTime', kind: 'time', label: 'the time the interview was completed', record: [] },
  { name: 'interviewerType', kind: 'radios', label: 'Who held the interview' },
  { name: 'outcomes', kind: 'checkboxes', label: 'What happened as a result of the interview' },
  { name: 'version', kind: 'version', label: 'The episode’s version' },
];

const interviewSchema = z.object({
  response: z.enum(INTERVIEW_RESPONSES, { error: 'Select whether the return home interview was accepted, declined or not offered' }),
  notOfferedReason: textSchema(INTERVIEW_QUESTIONS, 'notOfferedReason'),
  interviewerType: z.enum([...INTERVIEWER_TYPES, ''], { error: 'Select who held the interview' }).transform((value) => (value === '' ? null : value)),
  outcomes: z
    .array(z.enum(INTERVIEW_OUTCOMES, { error: 'Select what happened as a result of the interview' }))
    .refine((outcomes) => !outcomes.includes('NO_FURTHER_ACTION') || outcomes.length === 1, { error: 'Select ‘No further action’ on its own, or remove it' }),
});

export function readInterviewForm(body: FormBody, context: { readonly now: string; readonly cameBackAt: string }): FormResult<InterviewDetails> {
  const errors: Errors = {};
  const fields = schemaPart(parseForm(interviewSchema, { ...singles(INTERVIEW_QUESTIONS, body), outcomes: several(body, 'outcomes') }), errors);
  const response = fields?.response ?? null;
  const reason = fields?.notOfferedReason ?? null;
  if (response === 'NOT_OFFERED' && reason === null && errors['notOfferedReason'] === undefined) {
    errors['notOfferedReason'] = { text: 'Enter why the return home interview was not offered' };
  } else if (response !== null && response !== 'NOT_OFFERED' && reason !== null) {
    errors['notOfferedReason'] = { text: 'Remove why the interview was not offered, or select ‘Not offered’' };
  }
  const offered = { required: response === 'ACCEPTED' || response === 'DECLINED', now: context.now };
  const offeredAt = readDateTime(body, INTERVIEW_QUESTIONS, 'offered', offered, errors);
  const completedAt = readDateTime(body, INTERVIEW_QUESTIONS, 'completed', { required: false, now: context.now }, errors);
  const cameBack = formatInstant(context.cameBackAt);
  if (offeredAt !== null) {
    if (response === 'NOT_OFFERED')
      errors['offeredDate'] = { text: 'Remove the date the interview was offered, or select whether it was accepted or declined' };
    else if (Date.parse(offeredAt) < Date.parse(context.cameBackAt))
      errors['offeredDate'] = { text: `The date and time the interview was offered must be after the child came back, ${cameBack}` };
  }
  if (completedAt !== null) {
    if (response !== null && response !== 'ACCEPTED')
      errors['completedDate'] = { text: 'Remove the date the interview was completed, or select ‘Offered and accepted’' };
    else if (Date.parse(completedAt) < Date.parse(context.cameBackAt))
      errors['completedDate'] = { text: `The date and time the interview was completed must be after the child came back, ${cameBack}` };
    else if (offeredAt !== null && Date.parse(completedAt) < Date.parse(offeredAt))
      errors['completedDate'] = { text: 'The date and time the interview was completed must be after it was offered' };
  }
  if (fields === null || Object.keys(errors).length > 0) return invalid(errors, INTERVIEW_QUESTIONS);
  const version = versionOf(body);
  return {
    ok: true,
    value: {
      response: fields.response,
      offeredAt,
      notOfferedReason: fields.notOfferedReason,
      completedAt,
      interviewerType: fields.interviewerType,
      outcomes: fields.outcomes,
      ...(version === 0 ? {} : { version }),
    },
  };
}
