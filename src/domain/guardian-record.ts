import type { GuardianRecordView } from './access/policy.ts';
import { addDays } from './dates.ts';
import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// The guardian's own record of the child (issue 15, item 2): contacts, the child's views in their own
// words, advocacy, meetings attended and consent to share. Entries are appended, never changed. Who
// sees how much of it: src/domain/access/policy.ts and docs/access.md, "The guardian's record". Pure.

export const ENTRY_KINDS = ['CONTACT', 'CHILD_VIEWS', 'ADVOCACY', 'MEETING', 'CONSENT'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABELS: Readonly<Record<EntryKind, string>> = {
  CONTACT: 'Contact',
  CHILD_VIEWS: 'The child’s views',
  ADVOCACY: 'Advocacy',
  MEETING: 'Meeting attended',
  CONSENT: 'Consent to share',
};

export const CONTACT_TYPES = ['IN_PERSON', 'PHONE', 'VIDEO', 'MESSAGE'] as const;
export const MEETING_TYPES = ['STRATEGY', 'NRM', 'IMMIGRATION_INTERVIEW', 'COURT', 'LAC_REVIEW', 'OTHER'] as const;
export const CONSENT_DECISIONS = ['GIVEN', 'REFUSED', 'WITHDRAWN'] as const;
type ContactType = (typeof CONTACT_TYPES)[number];
type MeetingType = (typeof MEETING_TYPES)[number];
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];
export type EntryType = ContactType | MeetingType | ConsentDecision;

export const ENTRY_TYPE_LABELS: Readonly<Record<EntryType, string>> = {
  IN_PERSON: 'In person',
  PHONE: 'Phone call',
  VIDEO: 'Video call',
  MESSAGE: 'Message or letter',
  STRATEGY: 'Strategy meeting',
  NRM: 'NRM (with the competent authority)',
  IMMIGRATION_INTERVIEW: 'Immigration interview',
  COURT: 'Court hearing',
  LAC_REVIEW: 'Looked-after child review',
  OTHER: 'Other meeting',
  GIVEN: 'Consent given to share with the responsible authority',
  REFUSED: 'Consent to share refused',
  WITHDRAWN: 'Consent to share withdrawn',
};

/** The types each kind of entry takes: none for views and advocacy. */
export const TYPES_OF: Readonly<Record<EntryKind, readonly EntryType[]>> = {
  CONTACT: CONTACT_TYPES,
  CHILD_VIEWS: [],
  ADVOCACY: [],
  MEETING: MEETING_TYPES,
  CONSENT: CONSENT_DECISIONS,
};

export const WITH_WHOM_MAX = 200;
export const ENTRY_TEXT_MAX = 4000;

export interface GuardianRecordEntry {
  readonly id: string;
  readonly childId: string;
  readonly serviceOrganisationCode: string;
  readonly kind: EntryKind;
  readonly occurredOn: string;
  readonly type: EntryType | null;
  readonly withWhom: string | null;
  readonly text: string | null;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface EntryInput {
  readonly kind: EntryKind;
  readonly occurredOn: string;
  readonly type: EntryType | null;
  readonly withWhom: string | null;
  readonly text: string | null;
}

interface EntryProblem {
  readonly field: 'occurredOn' | 'type' | 'withWhom' | 'text';
  readonly message: string;
}

const blankToNull = (value: string | null): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** What each kind of entry must say, beyond its date: the message for the field left out. */
const REQUIRED: Readonly<Record<EntryKind, readonly (EntryProblem & { readonly field: 'type' | 'withWhom' | 'text' })[]>> = {
  CONTACT: [
    { field: 'type', message: 'Select how the contact was made' },
    { field: 'withWhom', message: 'Enter who the contact was with' },
  ],
  CHILD_VIEWS: [{ field: 'text', message: 'Enter the child’s views, in their own words' }],
  ADVOCACY: [
    { field: 'withWhom', message: 'Enter to whom you advocated' },
    { field: 'text', message: 'Enter what you advocated' },
  ],
  MEETING: [{ field: 'type', message: 'Select the meeting attended' }],
  CONSENT: [{ field: 'type', message: 'Select what the child decided' }],
};

/** The answers as kept: blanks as null, and no type for a kind that takes none. */
const normalised = (input: EntryInput): EntryInput => ({
  kind: input.kind,
  occurredOn: input.occurredOn,
  type: TYPES_OF[input.kind].length === 0 ? null : input.type,
  withWhom: blankToNull(input.withWhom),
  text: blankToNull(input.text),
});

/** Why an entry cannot be recorded as given (its date after today, its kind's answers missing), or null. */
export function entryProblem(input: EntryInput, today: string): EntryProblem | null {
  if (input.occurredOn > today) return { field: 'occurredOn', message: 'The date must be today or in the past' };
  const types = TYPES_OF[input.kind];
  if (input.type !== null && types.length > 0 && !types.includes(input.type)) {
    return { field: 'type', message: `Select one of: ${types.map((type) => ENTRY_TYPE_LABELS[type]).join(', ')}` };
  }
  const given = normalised(input);
  return REQUIRED[input.kind].find((required) => given[required.field] === null) ?? null;
}

/** A new entry, as the allocated guardian records it. A type given to a kind that takes none is dropped. */
export function newEntry(
  input: EntryInput,
  by: { readonly id: string; readonly childId: string; readonly serviceOrganisationCode: string; readonly recordedBy: string },
  today: string,
  at: string,
): Result<GuardianRecordEntry, EntryProblem> {
  const problem = entryProblem(input, today);
  if (problem !== null) return fail(problem);
  return ok({ ...by, ...normalised(input), recordedAt: at });
}

/** The child's consent to share as it stands: the latest consent entry's decision, or null if never asked. */
export function currentConsent(entries: readonly GuardianRecordEntry[]): ConsentDecision | null {
  const latest = entries
    .filter((entry) => entry.kind === 'CONSENT')
    .reduce<GuardianRecordEntry | null>((last, entry) => {
      if (last === null) return entry;
      const later = entry.occurredOn > last.occurredOn || (entry.occurredOn === last.occurredOn && entry.recordedAt > last.recordedAt);
      return later ? entry : last;
    }, null);
  return (latest?.type as ConsentDecision | undefined) ?? null;
}

/**
 * The entries a view shows. Without the child's consent the responsible authority sees that the
 * guardian is working (each contact's and meeting's date, kind and with whom) and the consent
 * decisions, never the child's views, the advocacy or anyone's notes (the reasons for a consent
 * decision included); with it, everything.
 */
export function restrictEntries(view: GuardianRecordView, entries: readonly GuardianRecordEntry[]): readonly GuardianRecordEntry[] {
  if (view !== 'authority' || currentConsent(entries) === 'GIVEN') return entries;
  return entries.filter((entry) => entry.kind === 'CONTACT' || entry.kind === 'MEETING' || entry.kind === 'CONSENT').map((entry) => ({ ...entry, text: null }));
}

/**
 * How often the allocated guardian should be in contact with the child, in days: the sources give no
 * standard (domain brief §5), so two weeks is assumed until the service sets its own.
 */
export const CONTACT_DUE_DAYS = 14;

/** When the guardian's next contact with the child is due: days after the last, or after the allocation if none yet. */
export const contactDueBy = (lastContactOn: string | null, allocatedOn: string): string => addDays(lastContactOn ?? allocatedOn, CONTACT_DUE_DAYS);
