import { z } from 'zod';
import { dateInputNames, formValues, optionalText, orderedErrors, parseForm, readDate, requiredText } from './forms.ts';
import type { FormBody, FormResult } from './forms.ts';

// A form's questions, declared once. Everything else a journey needs about its form is derived from
// the list: the fields it posts (and carries, hidden, through check your answers), its date inputs,
// the order of the error summary, which question a record rule's finding belongs to, and the text
// fields' schemas with their limits and wording.

type QuestionKind =
  /** A one-line text input. */
  | 'text'
  /** A textarea: line breaks allowed. */
  | 'textarea'
  /** A GOV.UK date input: three inputs, `name-day`, `name-month`, `name-year`. */
  | 'date'
  /** A time typed as "14:30" or "2:30pm", beside a date. */
  | 'time'
  | 'radios'
  | 'checkboxes'
  | 'select'
  /** A version read with the page, carried in a hidden field: a change made since is refused. */
  | 'version';

export interface Question {
  /** The form field's name (a date input's prefix). */
  readonly name: string;
  readonly kind: QuestionKind;
  /** How the question names its answer: "Where the child was last seen", "Police reference". */
  readonly label: string;
  readonly hint?: string;
  /**
   * The record's fields, as the record rules name them, that this question asks for: a rule's
   * finding on one of them is shown on this question. By default the question's own name.
   */
  readonly record?: readonly string[];
  /** The most characters a text answer may have. */
  readonly max?: number;
  /** A text question that must be answered: the error when it is not. */
  readonly required?: string;
  /** A date that may be left blank. */
  readonly optional?: boolean;
}

export type Questions = readonly Question[];

const isAsked = (question: Question): boolean => question.kind !== 'version';

/** Every field the form posts, in page order: what the check page carries back, hidden. */
export const postedFields = (questions: Questions): string[] =>
  questions.flatMap((question) => (question.kind === 'date' ? dateInputNames(question.name) : [question.name]));

/** The questions that are GOV.UK date inputs: their errors link to the day input. */
export const dateFields = (questions: Questions): string[] => questions.filter((question) => question.kind === 'date').map((question) => question.name);

/** The questions in page order, as the error summary lists their errors. */
export const errorOrder = (questions: Questions): string[] => questions.filter(isAsked).map((question) => question.name);

/** The hidden fields that carry a version read with the page. */
export const versionFields = (questions: Questions): string[] => questions.filter((question) => question.kind === 'version').map((question) => question.name);

/** Each record field a rule may name, and the question that asked for it. */
export function violationFields(questions: Questions): Readonly<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const question of questions.filter(isAsked)) {
    for (const field of question.record ?? [question.name]) fields[field] ??= question.name;
  }
  return fields;
}

/** The question named `name`; a bug if the list has none. */
export function question(questions: Questions, name: string): Question {
  const found = questions.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`No question named ${name}`);
  return found;
}

/** A text question's schema: trimmed, within its limit, required or empty as null, with GOV.UK wording. */
export function textSchema(questions: Questions, name: string) {
  const asked = question(questions, name);
  const lines = asked.kind === 'textarea' ? 'multi' : 'single';
  return asked.required === undefined ? optionalText(asked.label, asked.max, lines) : requiredText(asked.required, asked.max, lines);
}

/** A required text question's schema (its answer is never null). */
export function requiredTextSchema(questions: Questions, name: string) {
  const asked = question(questions, name);
  if (asked.required === undefined) throw new Error(`The question ${name} is not required`);
  return requiredText(asked.required, asked.max, asked.kind === 'textarea' ? 'multi' : 'single');
}

/** The one-value answers (not dates, checkboxes or versions) as typed, keyed by question: what a schema parses. */
export const singleAnswers = (questions: Questions, body: FormBody): Record<string, string> =>
  formValues(
    body,
    questions.filter((asked) => asked.kind !== 'date' && asked.kind !== 'checkboxes' && asked.kind !== 'version').map((asked) => asked.name),
  );

/** A radios question's schema: one of the values, or `message`. */
export const radioSchema = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { error: message });

/** The version read with the form, carried in a hidden field; only a tampered form gets this message. */
export const versionSchema = z.coerce
  .number({ error: 'This form is out of date. Go back to the record and start again' })
  .int()
  .min(1, { error: 'This form is out of date. Go back to the record and start again' });

/**
 * Reads a form's date inputs (as their questions declare them) and its other fields (with `schema`)
 * together: errors come back in the order of the questions on the page, as the error summary lists them.
 */
export function readAnswers<T extends object>(
  body: FormBody,
  schema: z.ZodType<T>,
  questions: Questions,
): FormResult<{ fields: T; dates: Readonly<Record<string, string | null>> }> {
  const errors: Record<string, { text: string }> = {};
  const dateValues: Record<string, string | null> = {};
  for (const date of questions.filter((asked) => asked.kind === 'date')) {
    const read = readDate(body, date.name, date.label, date.optional === true ? { required: false } : {});
    if (read.ok) dateValues[date.name] = read.value;
    else errors[date.name] = { text: read.message };
  }
  const rest = parseForm(schema, body);
  if (!rest.ok) Object.assign(errors, rest.errors.fields);
  if (!rest.ok || Object.keys(errors).length > 0) return { ok: false, errors: orderedErrors(errors, errorOrder(questions), dateFields(questions)) };
  return { ok: true, value: { fields: rest.value, dates: dateValues } };
}
