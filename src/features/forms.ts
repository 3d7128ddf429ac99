import { z } from 'zod';
import { FIRST_YEAR, isIsoDate, isPlausibleDate, LAST_YEAR } from '../domain/dates.ts';
import { hiddenCharactersMessage, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from '../domain/text.ts';
import type { Violation } from '../domain/validation/rules.ts';
import type { ServiceError } from '../services/errors.ts';

// Shared form handling for the web pages: GOV.UK error summaries with inline errors, dates as three inputs,
// and the services' validation errors mapped back onto the form's fields.

// ---- The posted form ----

/** A posted form as the browser sent it: repeated fields (checkboxes) as arrays. */
export type FormBody = Readonly<Record<string, string | readonly string[]>>;

/** The posted form's fields; anything that is not a form (or not text) reads as absent. */
export function formBody(body: unknown): FormBody {
  if (typeof body !== 'object' || body === null) return {};
  const fields: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value)) fields[name] = value.filter((item): item is string => typeof item === 'string');
  }
  return fields;
}

/** The fields that are not a question's answer: kept answers leave them out. */
const NOT_ANSWERS: readonly string[] = ['_csrf', 'intent', 'timed-out', 'keep-for'];

/** A question page's answers as posted, to keep when the session ends (src/services/user-service.ts keepAnswers). */
export const answersToKeep = (body: FormBody): FormBody => Object.fromEntries(Object.entries(body).filter(([name]) => !NOT_ANSWERS.includes(name)));

/** A path on this site to keep answers for, without its query; null for anything else. */
export function localPath(url: string): string | null {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return /^\/[^/\\]/.test(path) ? path : null;
}

/** The values of a field that may be posted once, several times or not at all (checkboxes). */
export function valuesOf(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** A field's text as posted: a repeated or absent field reads as empty. */
export function textOf(body: unknown, name: string): string {
  const fields: Readonly<Record<string, unknown>> = typeof body === 'object' && body !== null ? { ...body } : {};
  const value = fields[name];
  return typeof value === 'string' ? value : '';
}

/** The named fields as typed, and nothing else: what a re-rendered form and the hidden answers carry. */
export function formValues(body: unknown, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, textOf(body, name)]));
}

/**
 * The form's own fields as hidden inputs, each value once, in the order of `names`: the answers a
 * check your answers page carries back, or the versions read with a question page.
 */
export function hiddenFields(body: FormBody, names: readonly string[]): { name: string; value: string }[] {
  return names.flatMap((name) => valuesOf(body, name).map((value) => ({ name, value })));
}

/** The three inputs of a GOV.UK date input named `name`. */
export const dateInputNames = (name: string): string[] => [`${name}-day`, `${name}-month`, `${name}-year`];

export interface FormErrors {
  readonly errorList: readonly { text: string; href: string }[];
  readonly fields: Readonly<Record<string, { text: string }>>;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Parses a form: its value, or errors keyed by field for the GOV.UK error summary and inline messages. */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): FormResult<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: formErrors(issueErrors(result.error.issues)) };
}

/** A schema's issues as errors keyed by field: the first issue of each field. */
export function issueErrors(issues: readonly z.core.$ZodIssue[]): Record<string, { text: string }> {
  const fields: Record<string, { text: string }> = {};
  for (const issue of issues) fields[String(issue.path[0] ?? 'form')] ??= { text: issue.message };
  return fields;
}

/** Errors in the order the questions are asked (any others after), so the error summary reads down the page. */
export function orderedErrors(fields: Readonly<Record<string, { text: string }>>, order: readonly string[], dateFields: readonly string[] = []): FormErrors {
  const sorted: Record<string, { text: string }> = {};
  for (const field of order) {
    const error = fields[field];
    if (error !== undefined) sorted[field] = error;
  }
  for (const [field, error] of Object.entries(fields)) sorted[field] ??= error;
  return formErrors(sorted, dateFields);
}

/**
 * Errors for the summary and the fields. A date field's summary link goes to its first input
 * (`#startDate-day`), as the GOV.UK date input pattern asks.
 */
export function formErrors(fields: Record<string, { text: string }>, dateFields: readonly string[] = []): FormErrors {
  return {
    fields,
    errorList: Object.entries(fields).map(([field, { text }]) => ({ text, href: `#${field}${dateFields.includes(field) ? '-day' : ''}` })),
  };
}

/** The three parts of a GOV.UK date input named `name` (`name-day`, `name-month`, `name-year`), as typed. */
export function dateParts(body: Record<string, unknown>, name: string): { day: string; month: string; year: string } {
  const part = (suffix: string) => {
    const value = body[`${name}-${suffix}`];
    return typeof value === 'string' ? value.trim() : '';
  };
  return { day: part('day'), month: part('month'), year: part('year') };
}

/**
 * Reads a GOV.UK date input into an ISO date, with the pattern's own error wording.
 * `label` is how the question names the date, for example "the date the child went missing".
 */
export function readDate(
  body: Record<string, unknown>,
  name: string,
  label: string,
  options: { required?: boolean } = {},
): { ok: true; value: string | null } | { ok: false; message: string } {
  const { day, month, year } = dateParts(body, name);
  if (day === '' && month === '' && year === '') return options.required === false ? { ok: true, value: null } : { ok: false, message: `Enter ${label}` };
  const missing = [day === '' ? 'day' : null, month === '' ? 'month' : null, year === '' ? 'year' : null].filter((part) => part !== null);
  if (missing.length > 0) return { ok: false, message: `${capitalise(label)} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { ok: false, message: `${capitalise(label)} must be a real date` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isIsoDate(iso)) return { ok: false, message: `${capitalise(label)} must be a real date` };
  if (!isPlausibleDate(iso)) return { ok: false, message: `${capitalise(label)} must be in a year from ${FIRST_YEAR} to ${LAST_YEAR}` };
  return { ok: true, value: iso };
}

/**
 * Reads a time typed as "14:30", "2:30pm" or "9am" into "HH:MM" (24-hour), or an error message.
 */
export function readTime(
  value: unknown,
  label: string,
  options: { required?: boolean } = {},
): { ok: true; value: string | null } | { ok: false; message: string } {
  const text = typeof value === 'string' ? value.trim().toLowerCase().replaceAll(' ', '').replace('.', ':') : '';
  if (text === '') return options.required === false ? { ok: true, value: null } : { ok: false, message: `Enter ${label}` };
  const match = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/.exec(text);
  if (match === null) return { ok: false, message: `Enter ${label} in the format 14:30 or 2:30pm` };
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  const meridiem = match[3];
  if (meridiem !== undefined) {
    if (hours < 1 || hours > 12) return { ok: false, message: `Enter ${label} in the format 14:30 or 2:30pm` };
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (match[2] === undefined) {
    return { ok: false, message: `Enter ${label} in the format 14:30 or 2:30pm` };
  }
  if (hours > 23 || minutes > 59) return { ok: false, message: `${capitalise(label)} must be a real time` };
  return { ok: true, value: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
}

/** Form values for a date input from an ISO date, to fill a form back in. */
export function datePartsOf(name: string, iso: string | null): Record<string, string> {
  if (iso === null) return {};
  const [year, month, day] = iso.split('-') as [string, string, string];
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}

/**
 * A service's validation errors as form errors. `fieldFor` maps a record field (as the rules name it)
 * to the form field that asked for it; errors on fields the form did not ask about go to `fallback`.
 */
function violationErrors(
  violations: readonly Violation[],
  fieldFor: Readonly<Record<string, string>>,
  options: { fallback: string; dateFields?: readonly string[] },
): FormErrors {
  const fields: Record<string, { text: string }> = {};
  for (const violation of violations) {
    if (violation.severity !== 'error') continue;
    const field = fieldFor[violation.field] ?? options.fallback;
    fields[field] ??= { text: violation.message };
  }
  return formErrors(fields, options.dateFields ?? []);
}

/**
 * A service's refusal to save as errors on the form: its findings on the fields the form asked
 * about, or, when none of them is, its message on `fallback`.
 */
export function refusalErrors(
  error: Extract<ServiceError, { kind: 'invalid' }>,
  fieldFor: Readonly<Record<string, string>>,
  options: { fallback: string; dateFields?: readonly string[] },
): FormErrors {
  const errors = violationErrors(error.violations, fieldFor, options);
  return errors.errorList.length > 0 ? errors : formErrors({ [options.fallback]: { text: serviceErrorMessage(error) } }, options.dateFields ?? []);
}

/** A service failure that is not about the form's fields, in words for the page. */
export function serviceErrorMessage(error: ServiceError): string {
  switch (error.kind) {
    case 'not_found':
      return 'This record could not be found. It may have been removed or you may not have access to it';
    case 'conflict':
      return 'Someone else changed this record while you were working on it. Go back and make your change again';
    case 'invalid':
      return error.violations.map((violation) => violation.message).join('. ');
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A required, trimmed text field with GOV.UK wording, holding no hidden characters (a textarea's may hold line breaks). */
export const requiredText = (message: string, max = 200, lines: 'single' | 'multi' = 'single') => {
  const label = message.replace(/^Enter /, '').replace(/^./, (c) => c.toUpperCase());
  return z
    .string({ error: message })
    .regex(lines === 'single' ? SINGLE_LINE_TEXT : MULTI_LINE_TEXT, { error: hiddenCharactersMessage(label) })
    .trim()
    .min(1, { error: message })
    .max(max, { error: `${label} must be ${max} characters or fewer` });
};

/** An optional, trimmed text field: empty becomes null. */
export const optionalText = (label: string, max = 200, lines: 'single' | 'multi' = 'single') =>
  z
    .string()
    .regex(lines === 'single' ? SINGLE_LINE_TEXT : MULTI_LINE_TEXT, { error: hiddenCharactersMessage(label) })
    .trim()
    .max(max, { error: `${label} must be ${max} characters or fewer` })
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value));
