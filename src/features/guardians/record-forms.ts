import { z } from 'zod';
import { ENTRY_TEXT_MAX, entryProblem, TYPES_OF, WITH_WHOM_MAX } from '../../domain/guardian-record.ts';
import type { EntryInput, EntryKind, EntryType } from '../../domain/guardian-record.ts';
import { formErrors } from '../forms.ts';
import type { FormBody, FormResult } from '../forms.ts';
import { dateFields, readAnswers, textSchema } from '../questions.ts';
import type { Questions } from '../questions.ts';

// The guardian's record's question pages (issue 15, item 2): one list of questions for each kind of
// entry, in the address by its slug, and the function that reads each kind's answers.

/** Each kind of entry as its address names it. */
export const ENTRY_SLUGS: Readonly<Record<EntryKind, string>> = {
  CONTACT: 'contact',
  CHILD_VIEWS: 'childs-views',
  ADVOCACY: 'advocacy',
  MEETING: 'meeting',
  CONSENT: 'consent',
};

const date = (label: string) => ({ name: 'occurredOn', kind: 'date', label, hint: 'For example, 27 3 2025' }) as const;
const notes = (label: string, hint?: string) =>
  ({ name: 'text', kind: 'textarea', label, max: ENTRY_TEXT_MAX, ...(hint === undefined ? {} : { hint }) }) as const;

export const ENTRY_QUESTIONS: Readonly<Record<EntryKind, Questions>> = {
  CONTACT: [
    date('the date of the contact'),
    { name: 'type', kind: 'radios', label: 'How the contact was made', required: 'Select how the contact was made' },
    {
      name: 'withWhom',
      kind: 'text',
      label: 'Who the contact was with',
      hint: 'For example, the child, their foster carer or their social worker',
      max: WITH_WHOM_MAX,
      required: 'Enter who the contact was with',
    },
    notes('Notes'),
  ],
  CHILD_VIEWS: [
    date('the date the child said this'),
    { ...notes('The child’s views, in their own words', 'Write what the child said as they said it'), required: 'Enter the child’s views, in their own words' },
  ],
  ADVOCACY: [
    date('the date you advocated'),
    {
      name: 'withWhom',
      kind: 'text',
      label: 'To whom you advocated',
      hint: 'For example, the social worker, the Home Office or the police',
      max: WITH_WHOM_MAX,
      required: 'Enter to whom you advocated',
    },
    { ...notes('What you advocated'), required: 'Enter what you advocated' },
  ],
  MEETING: [
    date('the date of the meeting'),
    { name: 'type', kind: 'radios', label: 'The meeting attended', required: 'Select the meeting attended' },
    notes('Notes'),
  ],
  CONSENT: [
    date('the date the child decided'),
    { name: 'type', kind: 'radios', label: 'What the child decided about sharing with their responsible authority', required: 'Select what the child decided' },
    notes('What the consent covers, or why it was refused or withdrawn'),
  ],
};

/** Reads one kind of entry's answers, with the domain's checks (a date not after today) on the question page. */
export function readEntryForm(kind: EntryKind, body: FormBody, today: string): FormResult<EntryInput> {
  const questions = ENTRY_QUESTIONS[kind];
  const asks = (name: string) => questions.some((question) => question.name === name);
  const types = TYPES_OF[kind] as readonly [EntryType, ...EntryType[]];
  const schema = z.object({
    type: asks('type') ? z.enum(types, { error: questions.find((question) => question.name === 'type')?.required ?? '' }) : z.null().catch(null),
    withWhom: asks('withWhom') ? textSchema(questions, 'withWhom') : z.null().catch(null),
    text: textSchema(questions, 'text'),
  });
  const read = readAnswers(body, schema, questions);
  if (!read.ok) return read;
  const input: EntryInput = { kind, occurredOn: read.value.dates['occurredOn'] ?? '', ...read.value.fields };
  const problem = entryProblem(input, today);
  return problem === null
    ? { ok: true, value: input }
    : { ok: false, errors: formErrors({ [problem.field]: { text: problem.message } }, dateFields(questions)) };
}
