import { z } from 'zod';
import { EPISODE_END_REASONS, HARM_DISCLOSED, INTERVIEW_OUTCOMES, INTERVIEW_RESPONSES, INTERVIEWER_TYPES, MISSING_TYPES } from '../../domain/codes.ts';
import { formatInstant } from '../../domain/dates.ts';
import type { EpisodeClosing, InterviewDetails, NewEpisode } from '../../services/missing-episode-service.ts';
import { dateInputNames, dateParts, optionalText, orderedErrors, parseForm, readDate, readTime, ukInstant, valuesOf } from '../forms.ts';
import type { FormBody, FormResult } from '../forms.ts';

// The three missing-episode forms: what each asks, read into what the service takes. The forms check
// what was typed; the record's rules (dates within care, no overlaps, in order) are the service's,
// and its findings come back onto these fields through the VIOLATION_FIELDS maps.

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

interface DateTimeQuestion {
  /** The date input's name and the time input's name. */
  readonly date: string;
  readonly time: string;
  /** How the question names the moment, after "the date" or "the time": "the child was last seen". */
  readonly label: string;
  readonly required: boolean;
}

/** A GOV.UK date input and a time input, read as a UK wall-clock moment into a UTC instant. */
function readDateTime(body: FormBody, question: DateTimeQuestion, now: string, errors: Errors): string | null {
  const { day, month, year } = dateParts(body, question.date);
  const time = single(body, question.time);
  // An optional moment becomes required as soon as part of it is given.
  const required = question.required || `${day}${month}${year}${time}` !== '';
  const date = readDate(body, question.date, `the date ${question.label}`, { required });
  const clock = readTime(time, `the time ${question.label}`, { required });
  if (!date.ok) errors[question.date] = { text: date.message };
  if (!clock.ok) errors[question.time] = { text: clock.message };
  if (!date.ok || !clock.ok || date.value === null || clock.value === null) return null;
  const instant = ukInstant(date.value, clock.value);
  if (Date.parse(instant) > Date.parse(now)) {
    errors[question.date] = { text: `The date and time ${question.label} must be in the past` };
    return null;
  }
  return instant;
}

/** Merges a schema's result into the errors; the value, or null when it had errors. */
function schemaPart<T>(result: FormResult<T>, errors: Errors): T | null {
  if (result.ok) return result.value;
  Object.assign(errors, result.errors.fields);
  return null;
}

// ---- Report a child missing ----

export const REPORT_DATE_FIELDS = ['lastSeenDate', 'reportedToPoliceDate', 'hostAuthorityToldDate'] as const;
const REPORT_ORDER = [
  'type',
  'lastSeenDate',
  'lastSeenTime',
  'lastSeenLocation',
  'lastSeenWith',
  'reportedToPoliceDate',
  'reportedToPoliceTime',
  'policeForce',
  'policeReference',
  'policeRiskLevel',
  'hostAuthorityToldDate',
  'hostAuthorityToldTime',
];
/** Every field the report form posts, carried through the check answers page. */
export const REPORT_FIELDS: readonly string[] = REPORT_ORDER.flatMap((field) =>
  (REPORT_DATE_FIELDS as readonly string[]).includes(field) ? dateInputNames(field) : [field],
);
/** The rules' fields (domain/validation/rules.ts) and the questions that ask them. */
export const REPORT_VIOLATION_FIELDS: Readonly<Record<string, string>> = {
  type: 'type',
  startAt: 'lastSeenDate',
  lastSeenLocation: 'lastSeenLocation',
  lastSeenWith: 'lastSeenWith',
  reportedToPoliceAt: 'reportedToPoliceDate',
  policeForce: 'policeForce',
  policeReference: 'policeReference',
  policeRiskLevel: 'policeRiskLevel',
  hostAuthorityToldAt: 'hostAuthorityToldDate',
  responsibleAuthorityToldAt: 'hostAuthorityToldDate',
};
export const REPORT_FALLBACK = 'lastSeenDate';

const reportSchema = z.object({
  type: z.enum(MISSING_TYPES, { error: 'Select whether the child is missing or away from placement without authorisation' }),
  lastSeenLocation: optionalText('Where the child was last seen', 500),
  lastSeenWith: optionalText('Who the child was last seen with', 500),
  policeForce: optionalText('The police force', 200),
  policeReference: optionalText('The police reference', 60),
  policeRiskLevel: z
    .enum([...NEW_RISK_LEVELS, NOT_GRADED, ''], { error: 'Select the risk level the police gave, or ‘Not graded yet’' })
    .transform((value) => (value === NOT_GRADED || value === '' ? null : value)),
});

export function readReportForm(body: FormBody, context: { readonly now: string; readonly outOfArea: boolean }): FormResult<NewEpisode> {
  const errors: Errors = {};
  const fields = schemaPart(
    parseForm(
      reportSchema,
      Object.fromEntries(
        ['type', 'lastSeenLocation', 'lastSeenWith', 'policeForce', 'policeReference', 'policeRiskLevel'].map((name) => [name, single(body, name)]),
      ),
    ),
    errors,
  );
  const startAt = readDateTime(body, { date: 'lastSeenDate', time: 'lastSeenTime', label: 'the child was last seen', required: true }, context.now, errors);
  const reportedToPoliceAt = readDateTime(
    body,
    { date: 'reportedToPoliceDate', time: 'reportedToPoliceTime', label: 'the child was reported to the police', required: false },
    context.now,
    errors,
  );
  // Only a child placed out of area has a host authority to tell.
  const hostAuthorityToldAt = context.outOfArea
    ? readDateTime(
        body,
        { date: 'hostAuthorityToldDate', time: 'hostAuthorityToldTime', label: 'the host authority was told', required: false },
        context.now,
        errors,
      )
    : null;
  if (fields === null || startAt === null || Object.keys(errors).length > 0)
    return { ok: false, errors: orderedErrors(errors, REPORT_ORDER, REPORT_DATE_FIELDS) };
  return { ok: true, value: { ...fields, startAt, reportedToPoliceAt, hostAuthorityToldAt } };
}

// ---- Record that the child came back ----

export const RETURN_DATE_FIELDS = ['endDate'] as const;
const RETURN_ORDER = ['endDate', 'endTime', 'endReason', 'harmDisclosed', 'exploitationDisclosed'];
export const RETURN_FIELDS: readonly string[] = [...dateInputNames('endDate'), 'endTime', 'endReason', 'harmDisclosed', 'exploitationDisclosed', 'version'];
export const RETURN_VIOLATION_FIELDS: Readonly<Record<string, string>> = {
  endAt: 'endDate',
  endReason: 'endReason',
  harmDisclosed: 'harmDisclosed',
  exploitationDisclosed: 'exploitationDisclosed',
};
export const RETURN_FALLBACK = 'endDate';

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
  const endAt = readDateTime(body, { date: 'endDate', time: 'endTime', label: 'the child came back', required: true }, context.now, errors);
  const fields = schemaPart(
    parseForm(returnSchema, {
      endReason: single(body, 'endReason'),
      harmDisclosed: single(body, 'harmDisclosed'),
      exploitationDisclosed: single(body, 'exploitationDisclosed'),
    }),
    errors,
  );
  if (fields === null || endAt === null || Object.keys(errors).length > 0)
    return { ok: false, errors: orderedErrors(errors, RETURN_ORDER, RETURN_DATE_FIELDS) };
  return { ok: true, value: { ...fields, endAt, version: versionOf(body) } };
}

// ---- Record a return home interview ----

export const INTERVIEW_DATE_FIELDS = ['offeredDate', 'completedDate'] as const;
const INTERVIEW_ORDER = ['response', 'notOfferedReason', 'offeredDate', 'offeredTime', 'completedDate', 'completedTime', 'interviewerType', 'outcomes'];
export const INTERVIEW_FIELDS: readonly string[] = [
  'response',
  'notOfferedReason',
  ...dateInputNames('offeredDate'),
  'offeredTime',
  ...dateInputNames('completedDate'),
  'completedTime',
  'interviewerType',
  'outcomes',
  'version',
];
export const INTERVIEW_VIOLATION_FIELDS: Readonly<Record<string, string>> = {
  response: 'response',
  notOfferedReason: 'notOfferedReason',
  offeredAt: 'offeredDate',
  completedAt: 'completedDate',
  interviewerType: 'interviewerType',
  outcomes: 'outcomes',
};
export const INTERVIEW_FALLBACK = 'response';

const interviewSchema = z.object({
  response: z.enum(INTERVIEW_RESPONSES, { error: 'Select whether the return home interview was accepted, declined or not offered' }),
  notOfferedReason: optionalText('Why the interview was not offered', 1000, 'multi'),
  interviewerType: z.enum([...INTERVIEWER_TYPES, ''], { error: 'Select who held the interview' }).transform((value) => (value === '' ? null : value)),
  outcomes: z
    .array(z.enum(INTERVIEW_OUTCOMES, { error: 'Select what happened as a result of the interview' }))
    .refine((outcomes) => !outcomes.includes('NO_FURTHER_ACTION') || outcomes.length === 1, { error: 'Select ‘No further action’ on its own, or remove it' }),
});

export function readInterviewForm(body: FormBody, context: { readonly now: string; readonly cameBackAt: string }): FormResult<InterviewDetails> {
  const errors: Errors = {};
  const fields = schemaPart(
    parseForm(interviewSchema, {
      response: single(body, 'response'),
      notOfferedReason: single(body, 'notOfferedReason'),
      interviewerType: single(body, 'interviewerType'),
      outcomes: several(body, 'outcomes'),
    }),
    errors,
  );
  const response = fields?.response ?? null;
  const reason = fields?.notOfferedReason ?? null;
  if (response === 'NOT_OFFERED' && reason === null && errors['notOfferedReason'] === undefined) {
    errors['notOfferedReason'] = { text: 'Enter why the return home interview was not offered' };
  } else if (response !== null && response !== 'NOT_OFFERED' && reason !== null) {
    errors['notOfferedReason'] = { text: 'Remove why the interview was not offered, or select ‘Not offered’' };
  }
  const offeredAt = readDateTime(
    body,
    { date: 'offeredDate', time: 'offeredTime', label: 'the interview was offered', required: response === 'ACCEPTED' || response === 'DECLINED' },
    context.now,
    errors,
  );
  const completedAt = readDateTime(
    body,
    { date: 'completedDate', time: 'completedTime', label: 'the interview was completed', required: false },
    context.now,
    errors,
  );
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
  if (fields === null || Object.keys(errors).length > 0) return { ok: false, errors: orderedErrors(errors, INTERVIEW_ORDER, INTERVIEW_DATE_FIELDS) };
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
