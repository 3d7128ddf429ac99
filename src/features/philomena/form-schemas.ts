import type { MissingEpisode } from '../../domain/child-record.ts';
import { checkPartOne, checkPartTwo, MAX_ANSWER_LENGTH, PART_ONE_FIELDS, PART_ONE_LABELS } from '../../domain/philomena.ts';
import type { FieldProblem, PartOne, PartTwo } from '../../domain/philomena.ts';
import { ukInstant } from '../../domain/dates.ts';
import { orderedErrors, readDate, readTime, textOf } from '../forms.ts';
import type { FormBody, FormResult } from '../forms.ts';
import { dateFields, errorOrder, question } from '../questions.ts';
import type { Question, Questions } from '../questions.ts';

// The profile's question pages: Part 1's answers, and Part 2's with when the child was last seen asked as
// a GOV.UK date input and a time. The domain checks the answers (src/domain/philomena.ts); the service again.

/** What each Part 1 question asks for, under its label. */
const PART_ONE_HINTS: Readonly<Record<keyof PartOne, string>> = {
  physicalDescription: 'Height, build, hair, eyes, skin, scars, tattoos, piercings, glasses, and anything that stands out',
  vulnerabilities: 'What puts them at risk when missing: exploitation, self-harm, substance use, learning needs',
  medicalNeeds: 'Conditions and medication they need, and what happens without it',
  associates: 'Friends, family and adults they may be with, and how to reach them',
  locationsFrequented: 'Addresses and places they go, including those risk-assessed',
  phoneNumbers: 'Their phone numbers and any others they use',
  socialMedia: 'Accounts and names they use online',
  transport: 'How they get about, travel passes, bank cards and money',
};

const VERSION: Question = { name: 'version', kind: 'version', label: 'The version read with the page' };

export const PART_ONE_QUESTIONS: Questions = [
  ...PART_ONE_FIELDS.map((field): Question => ({
    name: field,
    kind: 'textarea',
    label: PART_ONE_LABELS[field],
    hint: PART_ONE_HINTS[field],
    max: MAX_ANSWER_LENGTH,
    ...(field === 'physicalDescription' ? { required: 'Enter a physical description' } : {}),
  })),
  VERSION,
];

const PART_TWO_TEXT = ['clothing', 'lastSeenWhere', 'lastSeenWith', 'otherInformation'] as const;

export const PART_TWO_QUESTIONS: Questions = [
  {
    name: 'clothing',
    kind: 'textarea',
    label: 'What were they wearing?',
    hint: 'Clothes, shoes, bags and colours. Write “not known” if nobody knows.',
    max: MAX_ANSWER_LENGTH,
    required: 'Enter the clothing',
  },
  { name: 'lastSeenWhere', kind: 'textarea', label: 'Where were they last seen?', max: MAX_ANSWER_LENGTH, required: 'Enter where' },
  { name: 'lastSeenDate', kind: 'date', label: 'the date the child was last seen', record: ['lastSeenAt'] },
  { name: 'lastSeenTime', kind: 'time', label: 'the time the child was last seen', record: [] },
  { name: 'lastSeenWith', kind: 'textarea', label: 'Who were they with?', max: MAX_ANSWER_LENGTH },
  {
    name: 'otherInformation',
    kind: 'textarea',
    label: 'Anything else police should know',
    hint: 'For example, money or a phone they took, or where they said they were going.',
    max: MAX_ANSWER_LENGTH,
  },
  VERSION,
];

/** The version read with the page, if there was one: a change made since is refused. */
const versionOf = (body: FormBody): { version?: number } => {
  const version = Number(textOf(body, 'version'));
  return Number.isInteger(version) && version > 0 ? { version } : {};
};

/** The domain's problems on the questions that asked, in page order. */
function problemErrors(questions: Questions, problems: readonly FieldProblem[]) {
  const fields: Record<string, { text: string }> = {};
  for (const problem of problems) {
    const asked = questions.find((candidate) => candidate.name === problem.field || candidate.record?.includes(problem.field));
    fields[asked?.name ?? problem.field] ??= { text: problem.message };
  }
  return orderedErrors(fields, errorOrder(questions), dateFields(questions));
}

export function readPartOneForm(body: FormBody): FormResult<PartOne & { readonly version?: number }> {
  const checked = checkPartOne(Object.fromEntries(PART_ONE_FIELDS.map((field) => [field, textOf(body, field)])));
  return checked.ok ? { ok: true, value: { ...checked.value, ...versionOf(body) } } : { ok: false, errors: problemErrors(PART_ONE_QUESTIONS, checked.error) };
}

export function readPartTwoForm(
  body: FormBody,
  episode: Pick<MissingEpisode, 'startAt' | 'endAt'>,
  now: string,
): FormResult<PartTwo & { readonly version?: number }> {
  const dateQuestion = question(PART_TWO_QUESTIONS, 'lastSeenDate');
  const timeQuestion = question(PART_TWO_QUESTIONS, 'lastSeenTime');
  const date = readDate(body, dateQuestion.name, dateQuestion.label);
  const time = readTime(textOf(body, timeQuestion.name), timeQuestion.label);
  const lastSeenAt = date.ok && time.ok && date.value !== null && time.value !== null ? ukInstant(date.value, time.value) : '';
  const checked = checkPartTwo({ ...Object.fromEntries(PART_TWO_TEXT.map((field) => [field, textOf(body, field)])), lastSeenAt }, episode, now);
  const problems: FieldProblem[] = [
    ...(date.ok ? [] : [{ field: dateQuestion.name, message: date.message }]),
    ...(time.ok ? [] : [{ field: timeQuestion.name, message: time.message }]),
    // When the date or time was not read, the domain's "enter when" says nothing more.
    ...(checked.ok ? [] : checked.error.filter((problem) => problem.field !== 'lastSeenAt' || lastSeenAt !== '')),
  ];
  if (problems.length > 0 || !checked.ok) return { ok: false, errors: problemErrors(PART_TWO_QUESTIONS, problems) };
  return { ok: true, value: { ...checked.value, ...versionOf(body) } };
}
