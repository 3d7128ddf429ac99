import { formatDate } from '../../domain/dates.ts';
import { ENTRY_KINDS, ENTRY_TYPE_LABELS, TYPES_OF } from '../../domain/guardian-record.ts';
import type { EntryInput, EntryKind, GuardianRecordEntry } from '../../domain/guardian-record.ts';
import { paths } from '../../paths.ts';
import type { GuardianRecordPage } from '../../services/guardian-record-service.ts';
import type { FormBody } from '../forms.ts';
import { answerRow } from '../journey.ts';
import type { AnswerRow } from '../journey.ts';
import { choicesOf, fullName, radioItems, row } from '../view-models.ts';
import { ENTRY_QUESTIONS, ENTRY_SLUGS } from './record-forms.ts';

// What the guardian's record shows (issue 15, item 2): a table for each kind of entry, the consent
// as it stands, and for the allocated guardian the links to record each kind.

const NOT_GIVEN = 'Not given';

/** Each kind of entry: its section's heading and columns, and its question page's title and link. */
const KINDS: Readonly<
  Record<EntryKind, { heading: string; add: string; columns: readonly string[]; cells: (entry: GuardianRecordEntry) => readonly (string | null)[] }>
> = {
  CONTACT: {
    heading: 'Contacts',
    add: 'Record a contact',
    columns: ['Date', 'How', 'With', 'Notes'],
    cells: (entry) => [typeText(entry), entry.withWhom, entry.text],
  },
  CHILD_VIEWS: {
    heading: 'The child’s views, in their own words',
    add: 'Record the child’s views',
    columns: ['Date', 'What the child said'],
    cells: (entry) => [entry.text],
  },
  ADVOCACY: { heading: 'Advocacy', add: 'Record advocacy', columns: ['Date', 'To whom', 'What was advocated'], cells: (entry) => [entry.withWhom, entry.text] },
  MEETING: {
    heading: 'Meetings attended',
    add: 'Record a meeting attended',
    columns: ['Date', 'Meeting', 'Notes'],
    cells: (entry) => [typeText(entry), entry.text],
  },
  CONSENT: {
    heading: 'Consent to share',
    add: 'Record consent to share',
    columns: ['Date', 'Decision', 'What it covers'],
    cells: (entry) => [typeText(entry), entry.text],
  },
};

function typeText(entry: GuardianRecordEntry): string {
  return entry.type === null ? NOT_GIVEN : ENTRY_TYPE_LABELS[entry.type];
}

const INTROS: Readonly<Record<GuardianRecordPage['view'], string>> = {
  guardian:
    'Your record as the child’s independent child trafficking guardian. The responsible authority sees the dates and kinds of your contacts and meetings, and the child’s consent; the child’s views, your advocacy and your notes only while the child consents to share them.',
  service: 'What your service’s guardians have recorded about the child, read only.',
  authority:
    'What the child’s independent child trafficking guardian has recorded. The child’s views, the guardian’s advocacy and their notes are shown only while the child consents to share them with you.',
};

/** The guardian's record page. */
export function guardianRecordViewModel(page: GuardianRecordPage) {
  const shared = page.view !== 'authority' || page.consent === 'GIVEN';
  return {
    caption: fullName(page),
    intro: INTROS[page.view],
    // The service's managers do not see the child's case record: they come from the referrals.
    back:
      page.view === 'service'
        ? { href: paths.guardianReferrals, text: 'Back to guardian referrals' }
        : { href: paths.child(page.childId), text: 'Back to the child’s record' },
    summary: [row('Consent to share with the responsible authority', page.consent === null ? 'Not recorded yet' : ENTRY_TYPE_LABELS[page.consent])],
    addLinks:
      page.view === 'guardian'
        ? ENTRY_KINDS.map((kind) => ({ href: paths.newGuardianRecordEntry(page.childId, ENTRY_SLUGS[kind]), text: KINDS[kind].add }))
        : [],
    sections: ENTRY_KINDS.map((kind) => {
      const entries = page.entries.filter((entry) => entry.kind === kind);
      const withheld = !shared && (kind === 'CHILD_VIEWS' || kind === 'ADVOCACY');
      return {
        id: ENTRY_SLUGS[kind],
        heading: KINDS[kind].heading,
        head: [...KINDS[kind].columns, 'Recorded by'].map((text) => ({ text })),
        rows: entries.map((entry) =>
          [formatDate(entry.occurredOn), ...KINDS[kind].cells(entry), entry.recordedByName].map((text) => ({
            // Without the child's consent the authority is not shown anyone's notes.
            text: text ?? (shared ? NOT_GIVEN : 'Not shared'),
          })),
        ),
        empty: withheld ? 'Shown only while the child consents to share it with you.' : 'None recorded.',
      };
    }),
  };
}

/** A kind of entry's question page. */
export function entryFormView(kind: EntryKind, child: { childId: string; givenNames: string | null; familyName: string | null }, values: FormBody) {
  const types = TYPES_OF[kind];
  return {
    activeNav: 'guardians',
    heading: KINDS[kind].add,
    caption: fullName(child),
    backUrl: paths.guardianRecord(child.childId),
    backText: 'Back to the guardian’s record',
    questions: ENTRY_QUESTIONS[kind],
    choices: types.length === 0 ? {} : { type: radioItems(choicesOf(types, ENTRY_TYPE_LABELS), values, 'type') },
  };
}

/** Check your answers for one kind of entry: each answer its question asked. */
export function entryAnswerRows(answers: EntryInput): AnswerRow[] {
  const label = (name: string) => ENTRY_QUESTIONS[answers.kind].find((question) => question.name === name)?.label ?? name;
  const asked = (name: string) => ENTRY_QUESTIONS[answers.kind].some((question) => question.name === name);
  return [
    answerRow('occurredOn', 'Date', formatDate(answers.occurredOn)),
    ...(asked('type') ? [answerRow('type', label('type'), answers.type === null ? NOT_GIVEN : ENTRY_TYPE_LABELS[answers.type])] : []),
    ...(asked('withWhom') ? [answerRow('withWhom', label('withWhom'), answers.withWhom ?? NOT_GIVEN)] : []),
    answerRow('text', label('text'), answers.text ?? NOT_GIVEN),
  ];
}
