import { isCountryCode } from '../../domain/codes.ts';
import type { FoundChildDescription } from '../../domain/matching/found-child.ts';
import { readExcludeReason, readUndoReason } from '../../domain/matching/decision.ts';
import { dateInputNames, formBody, formErrors, orderedErrors, readDate, textOf } from '../forms.ts';
import type { FormResult } from '../forms.ts';

// The found-child search form: what a police coordinator or a duty social worker knows of a child
// found. Only the names, the date of birth or age, sex and nationality are compared; where the child
// was found, the languages and the description stay on the page for the person searching.

/** The questions in page order: errors are listed in it too. */
const QUESTIONS = [
  'givenNames',
  'familyName',
  'otherNames',
  'dateOfBirth',
  'dateOfBirthApproximate',
  'ageFrom',
  'ageTo',
  'sex',
  'nationality',
  'languages',
  'whereFound',
  'description',
];

export const FOUND_CHILD_FIELDS: readonly string[] = QUESTIONS.flatMap((name) => (name === 'dateOfBirth' ? dateInputNames(name) : [name]));

/** The oldest a child Lantern holds can be: care leavers are supported to 25. */
export const OLDEST_AGE = 25;

const LIMITS: Readonly<Record<string, { readonly max: number; readonly label: string }>> = {
  givenNames: { max: 100, label: 'Given names' },
  familyName: { max: 100, label: 'Family name' },
  otherNames: { max: 1000, label: 'Other names' },
  languages: { max: 200, label: 'Languages' },
  whereFound: { max: 200, label: 'Where the child was found' },
  description: { max: 1000, label: 'Description' },
};

/** A name typed whole ("Tesfaye Haile Gebre"): the last part as the family name, as most of these names are written. */
function nameOfLine(line: string): { givenNames: string; familyName: string } {
  const parts = line.split(/\s+/).filter((part) => part !== '');
  return { givenNames: parts.slice(0, -1).join(' '), familyName: parts.at(-1) ?? '' };
}

function readAge(text: string, label: string): { ok: true; value: number | null } | { ok: false; message: string } {
  if (text === '') return { ok: true, value: null };
  if (!/^\d{1,2}$/.test(text) || Number(text) > OLDEST_AGE) return { ok: false, message: `${label} must be a whole number of years from 0 to ${OLDEST_AGE}` };
  return { ok: true, value: Number(text) };
}

/** Reads the search form: the description to compare, or errors naming each field and what to do. */
export function readFoundChildForm(body: unknown, today: string): FormResult<FoundChildDescription> {
  const fields: Record<string, { text: string }> = {};
  const text = (name: string): string => {
    const value = textOf(body, name).trim();
    const limit = LIMITS[name];
    if (limit !== undefined && value.length > limit.max) fields[name] = { text: `${limit.label} must be ${limit.max} characters or fewer` };
    return value;
  };
  const givenNames = text('givenNames');
  const familyName = text('familyName');
  const otherNames = text('otherNames')
    .split(/\r?\n|;/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const name of ['languages', 'whereFound', 'description']) text(name);
  if (givenNames === '' && familyName === '' && otherNames.length === 0 && fields['givenNames'] === undefined) {
    fields['givenNames'] = { text: 'Enter a name the child gave, or part of one: the search looks by name first' };
  }

  const dateOfBirth = readDate(formBody(body), 'dateOfBirth', 'date of birth', { required: false });
  if (!dateOfBirth.ok) fields['dateOfBirth'] = { text: dateOfBirth.message };
  else if (dateOfBirth.value !== null && dateOfBirth.value > today) fields['dateOfBirth'] = { text: 'Date of birth must be today or in the past' };
  const ageFrom = readAge(text('ageFrom'), 'Youngest age');
  const ageTo = readAge(text('ageTo'), 'Oldest age');
  if (!ageFrom.ok) fields['ageFrom'] = { text: ageFrom.message };
  if (!ageTo.ok) fields['ageTo'] = { text: ageTo.message };
  const youngest = ageFrom.ok ? (ageFrom.value ?? (ageTo.ok ? ageTo.value : null)) : null;
  const oldest = ageTo.ok ? (ageTo.value ?? youngest) : null;
  if (youngest !== null && oldest !== null && oldest < youngest) fields['ageTo'] = { text: 'Oldest age must be the same as or more than the youngest age' };

  const sex = textOf(body, 'sex');
  if (!['', 'M', 'F', 'U'].includes(sex)) fields['sex'] = { text: 'Select female, male or not known' };
  const nationality = textOf(body, 'nationality');
  if (nationality !== '' && nationality !== 'unknown' && !isCountryCode(nationality)) fields['nationality'] = { text: 'Select a nationality from the list' };

  if (Object.keys(fields).length > 0) return { ok: false, errors: orderedErrors(fields, QUESTIONS, ['dateOfBirth']) };
  const date = dateOfBirth.ok ? dateOfBirth.value : null;
  return {
    ok: true,
    value: {
      names: [...(givenNames !== '' || familyName !== '' ? [{ givenNames, familyName }] : []), ...otherNames.map(nameOfLine)],
      dateOfBirth: date,
      dateOfBirthApproximate: date !== null && textOf(body, 'dateOfBirthApproximate') === 'yes',
      // A date of birth, even approximate, says more than an age.
      age: date === null && youngest !== null && oldest !== null ? { youngest, oldest } : null,
      sex: sex === 'M' || sex === 'F' ? sex : null,
      nationality: nationality === '' || nationality === 'unknown' ? null : nationality,
    },
  };
}

// ---- A reviewer's decision on two records: the same child, or not (and why not) ----

export type MatchDecisionForm = { readonly kind: 'confirmed' } | { readonly kind: 'excluded'; readonly reason: string };

export const MATCH_DECISION_FIELDS: readonly string[] = ['sameChild', 'reason'];

export function readMatchDecisionForm(body: unknown): FormResult<MatchDecisionForm> {
  const same = textOf(body, 'sameChild');
  if (same === 'yes') return { ok: true, value: { kind: 'confirmed' } };
  if (same !== 'no') return { ok: false, errors: formErrors({ sameChild: { text: 'Select yes if these are the same child, or no if they are not' } }) };
  const reason = readExcludeReason(textOf(body, 'reason'));
  return reason.ok ? { ok: true, value: { kind: 'excluded', reason: reason.value } } : { ok: false, errors: formErrors({ reason: { text: reason.error } }) };
}

/** A team manager undoing a decision: why. */
export function readUndoForm(body: unknown): FormResult<string> {
  const reason = readUndoReason(textOf(body, 'undoReason'));
  return reason.ok ? { ok: true, value: reason.value } : { ok: false, errors: formErrors({ undoReason: { text: reason.error } }) };
}
