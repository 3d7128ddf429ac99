import { z } from 'zod';
import { EPISODE_END_REASONS, HARM_DISCLOSED, INTERVIEW_OUTCOMES, INTERVIEW_RESPONSES, INTERVIEWER_TYPES, MISSING_TYPES } from '../../domain/codes.ts';
import { formatInstant, ukInstant } from '../../domain/dates.ts';
import type { EpisodeClosing, InterviewDetails, NewEpisode } from '../../services/missing-episode-service.ts';
import { dateParts, orderedErrors, parseForm, readDate, readTime, valuesOf } from '../forms.ts';
import type { FormBody, FormErrors, FormResult } from '../forms.ts';
import { dateFields, errorOrder, question, singleAnswers, textSchema } from '../questions.ts';
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

export function readReportForm(body: FormBody, context: { readonly now: string; readonly outOfArea: boolean }): FormResult<NewEpisode> {
  const errors: Errors = {};
  const fields = schemaPart(parseForm(reportSchema, singles(REPORT_QUESTIONS, body)), errors);
  const startAt = readDateTime(body, REPORT_QUESTIONS, 'lastSeen', { required: true, now: context.now }, errors);
  const reportedToPoliceAt = readDateTime(body, REPORT_QUESTIONS, 'reportedToPolice', { required: false, now: context.now }, errors);
  const hostAuthorityToldAt = context.outOfArea
    ? readDateTime(body, REPORT_QUESTIONS, 'hostAuthorityTold', { required: false, now: context.now }, errors)
    : null;
  if (fields === null || startAt === null || Object.keys(errors).length > 0) return invalid(errors, REPORT_QUESTIONS);
  return { ok: true, value: { ...fields, startAt, reportedToPoliceAt, hostAuthorityToldAt } };
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

/** The version read with the page, carried in a hidden field: a change made since then is refused. */
const versionOf = (body: FormBody): number => {
  const version = Number(single(body, 'version'));
  return Number.isInteger(version) && version > 0 ? version : 0;
};

export function readReturnForm(body: FormBody, context: { readonly now: string }): FormResult<EpisodeClosing> {
  const errors: Errors = {};
  const endAt = readDateTime(body, RETURN_QUESTIONS, 'end', { required: true, now: context.now }, errors);
  const fields = schemaPart(parseForm(returnSchema, singles(RETURN_QUESTIONS, body)), errors);
  if (fields === null || endAt === null || Object.keys(errors).length > 0) return invalid(errors, RETURN_QUESTIONS);
  return { ok: true, value: { ...fields, endAt, version: versionOf(body) } };
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
