import type { MissingEpisode } from '../../domain/child-record.ts';
import { checkPartOne, checkPartTwo, PART_ONE_FIELDS } from '../../domain/philomena.ts';
import type { FieldProblem, PartOne, PartTwo } from '../../domain/philomena.ts';
import { dateInputNames, formErrors, readDate, readTime, textOf, ukInstant } from '../forms.ts';
import type { FormBody, FormResult } from '../forms.ts';

// The profile's question pages: Part 1's answers, and Part 2's with when the child was last seen asked as
// a GOV.UK date input and a time. The domain checks the answers (src/domain/philomena.ts); the service again.

export const PART_ONE_FORM_FIELDS: readonly string[] = [...PART_ONE_FIELDS, 'version'];
export const PART_TWO_TEXT_FIELDS = ['clothing', 'lastSeenWhere', 'lastSeenWith', 'otherInformation'] as const;
export const PART_TWO_FORM_FIELDS: readonly string[] = [...PART_TWO_TEXT_FIELDS, ...dateInputNames('lastSeenDate'), 'lastSeenTime', 'version'];

/** The version read with the page, if there was one: a change made since is refused. */
const versionOf = (body: FormBody): { version?: number } => {
  const version = Number(textOf(body, 'version'));
  return Number.isInteger(version) && version > 0 ? { version } : {};
};

const problemErrors = (problems: readonly FieldProblem[], dateFields: readonly string[] = []) =>
  formErrors(Object.fromEntries(problems.map((problem) => [problem.field, { text: problem.message }])), dateFields);

export function readPartOneForm(body: FormBody): FormResult<PartOne & { readonly version?: number }> {
  const checked = checkPartOne(Object.fromEntries(PART_ONE_FIELDS.map((field) => [field, textOf(body, field)])));
  return checked.ok ? { ok: true, value: { ...checked.value, ...versionOf(body) } } : { ok: false, errors: problemErrors(checked.error) };
}

export function readPartTwoForm(
  body: FormBody,
  episode: Pick<MissingEpisode, 'startAt' | 'endAt'>,
  now: string,
): FormResult<PartTwo & { readonly version?: number }> {
  const date = readDate(body, 'lastSeenDate', 'the date the child was last seen');
  const time = readTime(textOf(body, 'lastSeenTime'), 'the time the child was last seen');
  const lastSeenAt = date.ok && time.ok && date.value !== null && time.value !== null ? ukInstant(date.value, time.value) : '';
  const checked = checkPartTwo({ ...Object.fromEntries(PART_TWO_TEXT_FIELDS.map((field) => [field, textOf(body, field)])), lastSeenAt }, episode, now);
  const problems: FieldProblem[] = [
    ...(checked.ok ? [] : checked.error.filter((problem) => problem.field !== 'lastSeenAt' || lastSeenAt !== '')),
    ...(date.ok ? [] : [{ field: 'lastSeenDate', message: date.message }]),
    ...(time.ok ? [] : [{ field: 'lastSeenTime', message: time.message }]),
  ].map((problem) => (problem.field === 'lastSeenAt' ? { ...problem, field: 'lastSeenDate' } : problem));
  if (problems.length > 0 || !checked.ok) return { ok: false, errors: problemErrors(problems, ['lastSeenDate']) };
  return { ok: true, value: { ...checked.value, ...versionOf(body) } };
}
