import { z } from 'zod';
import { AGE_STATUSES, DATE_OF_BIRTH_SOURCES, isCountryCode, SEXES, UNKNOWN_NATIONALITY } from '../../domain/codes.ts';
import type { AgeStatus, Sex } from '../../domain/codes.ts';
import { EARLIEST_PLAUSIBLE_DATE_OF_BIRTH, estimateFromAges } from '../../domain/date-of-birth.ts';
import type { DateOfBirthEstimate } from '../../domain/date-of-birth.ts';
import { formatDate } from '../../domain/dates.ts';
import { isLegalStatusCode, isPlacementTypeCode, isUpnUnknownReason } from '../../domain/ssda903-codes.ts';
import { dateInputNames, formBody, issueErrors, orderedErrors, parseForm, readDate, textOf } from '../forms.ts';
import { dateFields, errorOrder, radioSchema, requiredTextSchema, singleAnswers, textSchema } from '../questions.ts';
import type { Questions } from '../questions.ts';
import type { FormBody, FormResult } from '../forms.ts';

// The children pages' forms, with their GOV.UK error wording in one place.

// ---- Find a child ----

export const SEARCH_FIELDS: readonly string[] = ['name', 'identifier', ...dateInputNames('dateOfBirth')];

export interface ChildSearch {
  readonly name: string | undefined;
  readonly identifier: string | undefined;
  readonly dateOfBirth: string | undefined;
  readonly page: number;
}

const searchText = z.object({
  name: z.string().trim().max(100, { error: 'Name must be 100 characters or fewer' }).optional(),
  identifier: z.string().trim().max(40, { error: 'ID or reference must be 40 characters or fewer' }).optional(),
});

export function readSearchForm(body: unknown, today: string): FormResult<ChildSearch> {
  const text = searchText.safeParse({ name: textOf(body, 'name'), identifier: textOf(body, 'identifier') });
  const fields: Record<string, { text: string }> = text.success ? {} : issueErrors(text.error.issues);
  const dateOfBirth = readDate(formBody(body), 'dateOfBirth', 'date of birth', { required: false });
  if (!dateOfBirth.ok) fields['dateOfBirth'] = { text: dateOfBirth.message };
  else if (dateOfBirth.value !== null && dateOfBirth.value > today) fields['dateOfBirth'] = { text: 'Date of birth must be today or in the past' };
  const name = text.success && text.data.name !== '' ? text.data.name : undefined;
  const identifier = text.success && text.data.identifier !== '' ? text.data.identifier : undefined;
  const date = dateOfBirth.ok ? (dateOfBirth.value ?? undefined) : undefined;
  if (Object.keys(fields).length === 0 && name === undefined && identifier === undefined && date === undefined) {
    fields['name'] = { text: 'Enter a name, an ID or reference, or a date of birth' };
  }
  if (Object.keys(fields).length > 0) return { ok: false, errors: orderedErrors(fields, ['name', 'identifier', 'dateOfBirth'], ['dateOfBirth']) };
  const page = Number(textOf(body, 'page'));
  return { ok: true, value: { name, identifier, dateOfBirth: date, page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1 } };
}

// ---- Add a child ----

export const ADD_CHILD_QUESTIONS: Questions = [
  { name: 'givenNames', kind: 'text', label: 'Given names' },
  { name: 'familyName', kind: 'text', label: 'Family name' },
  { name: 'sex', kind: 'radios', label: 'Sex' },
  { name: 'dateOfBirthKnown', kind: 'radios', label: 'Whether the child’s date of birth is known' },
  { name: 'dateOfBirth', kind: 'date', label: 'the child’s date of birth', record: ['dateOfBirthClaimed'] },
  { name: 'estimatedAgeFrom', kind: 'text', label: 'Estimated age', record: ['dateOfBirthEstimate'] },
  { name: 'estimatedAgeTo', kind: 'text', label: 'The oldest estimated age' },
  { name: 'estimatedAgeSource', kind: 'radios', label: 'Who estimated the child’s age' },
  { name: 'ageStatus', kind: 'radios', label: 'The child’s age status' },
  { name: 'nationality', kind: 'select', label: 'Nationality', required: 'Select the child’s nationality, or select Not known' },
  { name: 'laChildId', kind: 'text', label: 'Your authority’s ID for the child', max: 10, required: 'Enter your authority’s ID for the child' },
  { name: 'upn', kind: 'text', label: 'Unique pupil number', max: 13 },
  { name: 'upnUnknownReason', kind: 'select', label: 'Why the child does not have a UPN' },
  { name: 'homeOfficeReference', kind: 'text', label: 'Home Office reference', max: 40 },
  { name: 'languages', kind: 'text', label: 'Languages' },
  { name: 'interpreterNeeded', kind: 'checkboxes', label: 'Whether they need an interpreter' },
  { name: 'careStartDate', kind: 'date', label: 'the date they started being looked after', record: ['startDate'] },
  { name: 'legalStatus', kind: 'select', label: 'Legal status' },
  { name: 'placementType', kind: 'select', label: 'Type of placement' },
  { name: 'hostAuthority', kind: 'select', label: 'The local authority the child is placed in', record: ['hostAuthorityCode'] },
];

export interface AddChildAnswers {
  /** One of the two, at least: a child may be known by one name only. */
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly sex: Sex;
  /** The date of birth, or where it is not known an estimated age (ADR 0007). */
  readonly dateOfBirth: string | null;
  readonly dateOfBirthEstimate: DateOfBirthEstimate | null;
  /** Whether their age is accepted, disputed or being assessed (the form starts at accepted). */
  readonly ageStatus: AgeStatus;
  /** An ISO country code, or "unknown". */
  readonly nationality: string;
  readonly laChildId: string;
  /** The UPN, or the reason (UN1 to UN5) the child has none, as the 903 keeps it; null for neither. */
  readonly upn: string | null;
  readonly homeOfficeReference: string | null;
  readonly languages: readonly string[];
  readonly interpreterNeeded: boolean;
  readonly careStartDate: string;
  readonly legalStatus: string;
  readonly placementType: string;
  readonly hostAuthority: string;
}

// The answers that adding a child and changing their details ask alike.

/** A country code, or "unknown". */
export const nationalitySchema = z
  .string({ error: 'Select the child’s nationality, or select Not known' })
  .refine((value) => value === UNKNOWN_NATIONALITY || isCountryCode(value), { error: 'Select the child’s nationality, or select Not known' });

/** Why a child has no UPN (UN1 to UN5), or nothing. */
export const upnUnknownReasonSchema = z
  .string()
  .optional()
  .refine((value) => value === undefined || value === '' || isUpnUnknownReason(value), { error: 'Select why the child does not have a UPN from the list' });

/** Languages typed with commas between them, as a list. */
export const languagesSchema = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((language) => language.trim())
      .filter((language) => language !== ''),
  )
  .refine((languages) => languages.length <= 20, { error: 'Enter 20 languages or fewer' })
  .refine((languages) => languages.every((language) => language.length <= 60), { error: 'Each language must be 60 characters or fewer' });

/** The UPN as the 903 keeps it: the number, or the reason (UN1 to UN5) the child has none; null for neither, an error for both. */
export function upnOrReason(upn: string | null, reason: string | undefined): { ok: true; value: string | null } | { ok: false; message: string } {
  const why = reason === undefined || reason === '' ? null : reason;
  // Whether a child must have one or the other is rule 442's to say, with the care period in view.
  if (upn !== null && why !== null) return { ok: false, message: 'Enter the child’s UPN, or select why they do not have one, not both' };
  return { ok: true, value: upn ?? why };
}

const addChildText = z.object({
  givenNames: textSchema(ADD_CHILD_QUESTIONS, 'givenNames'),
  familyName: textSchema(ADD_CHILD_QUESTIONS, 'familyName'),
  sex: z.enum(SEXES, { error: 'Select the child’s sex' }),
  // A form from before the question was asked leaves the age accepted, as adding a child always did.
  ageStatus: z.preprocess((value) => (value === '' ? undefined : value), radioSchema(AGE_STATUSES, 'Select the child’s age status').default('ACCEPTED')),
  nationality: nationalitySchema,
  laChildId: requiredTextSchema(ADD_CHILD_QUESTIONS, 'laChildId'),
  upn: textSchema(ADD_CHILD_QUESTIONS, 'upn'),
  upnUnknownReason: upnUnknownReasonSchema,
  homeOfficeReference: textSchema(ADD_CHILD_QUESTIONS, 'homeOfficeReference'),
  languages: languagesSchema,
  legalStatus: z.string().refine(isLegalStatusCode, { error: 'Select the child’s legal status' }),
  placementType: z.string().refine(isPlacementTypeCode, { error: 'Select the type of placement' }),
  hostAuthority: z.string().trim().min(1, { error: 'Select the local authority the child is placed in' }),
});

/** Reads the add-a-child form: its answers, or every error at once. Dates are checked against `today`. */
export function readAddChildForm(body: unknown, today: string): FormResult<AddChildAnswers> {
  const record = formBody(body);
  const text = addChildText.safeParse(singleAnswers(ADD_CHILD_QUESTIONS, record));
  const fields: Record<string, { text: string }> = text.success ? {} : issueErrors(text.error.issues);
  if (text.success && text.data.givenNames === null && text.data.familyName === null) {
    fields['givenNames'] = { text: 'Enter the child’s given names or family name. If they are known by one name only, enter it as their given name' };
  }
  const upn = text.success ? upnOrReason(text.data.upn, text.data.upnUnknownReason) : null;
  if (upn?.ok === false) fields['upn'] = { text: upn.message };

  const born = readDateOfBirthAnswers(body, today, fields);

  const careStartDate = readDate(record, 'careStartDate', 'the date they started being looked after');
  if (!careStartDate.ok) fields['careStartDate'] = { text: careStartDate.message };
  else if (careStartDate.value !== null && careStartDate.value > today)
    fields['careStartDate'] = { text: 'The date they started being looked after must be today or in the past' };
  // Compared only with a date of birth that is itself right, so that one mistake shows one error.
  else if (careStartDate.value !== null && fields['dateOfBirth'] === undefined && born.dateOfBirth !== null && careStartDate.value < born.dateOfBirth) {
    fields['careStartDate'] = { text: 'The date they started being looked after must be on or after their date of birth' };
  }

  if (!text.success || !upn?.ok || !careStartDate.ok || careStartDate.value === null || Object.keys(fields).length > 0) {
    return { ok: false, errors: orderedErrors(fields, errorOrder(ADD_CHILD_QUESTIONS), dateFields(ADD_CHILD_QUESTIONS)) };
  }
  const { upnUnknownReason: _reason, ...answers } = text.data;
  return {
    ok: true,
    value: {
      ...answers,
      upn: upn.value,
      ...born,
      careStartDate: careStartDate.value,
      interpreterNeeded: textOf(body, 'interpreterNeeded') === 'yes',
    },
  };
}

/** When the child was born: the date, or where it is not known an estimated age (ADR 0007). */
export interface DateOfBirthAnswers {
  readonly dateOfBirth: string | null;
  readonly dateOfBirthEstimate: DateOfBirthEstimate | null;
}

/**
 * The answer the person chose of "Do you know the child’s date of birth?" (only that one is read):
 * the date of birth, or an estimated age and who estimated it, with its errors added to `fields`.
 * Adding a child and changing their date of birth ask it alike.
 */
export function readDateOfBirthAnswers(body: unknown, today: string, fields: Record<string, { text: string }>): DateOfBirthAnswers {
  const known = textOf(body, 'dateOfBirthKnown');
  if (known !== 'yes' && known !== 'no') fields['dateOfBirthKnown'] = { text: 'Select yes if you know the child’s date of birth' };
  const dateOfBirth = known === 'yes' ? readDate(formBody(body), 'dateOfBirth', 'the child’s date of birth') : ({ ok: true, value: null } as const);
  if (!dateOfBirth.ok) fields['dateOfBirth'] = { text: dateOfBirth.message };
  else if (dateOfBirth.value !== null && dateOfBirth.value > today) fields['dateOfBirth'] = { text: 'The child’s date of birth must be today or in the past' };
  else if (dateOfBirth.value !== null && dateOfBirth.value < EARLIEST_PLAUSIBLE_DATE_OF_BIRTH) {
    fields['dateOfBirth'] = { text: `The child’s date of birth must be the same as or after ${formatDate(EARLIEST_PLAUSIBLE_DATE_OF_BIRTH)}` };
  }
  const estimate = known === 'no' ? readEstimatedAge(body, today, fields) : null;
  return { dateOfBirth: dateOfBirth.ok ? dateOfBirth.value : null, dateOfBirthEstimate: estimate };
}

const WHOLE_YEARS = /^\d{1,2}$/;
/** The oldest estimated age the form takes: a looked-after child, or a care leaver Lantern still follows. */
const OLDEST_ESTIMATED_AGE = 25;

/**
 * The estimated age or age range of a child whose date of birth is not known, as the dates of birth
 * it allows on `today` (the day it is recorded), or null with its errors added to `fields`.
 */
function readEstimatedAge(body: unknown, today: string, fields: Record<string, { text: string }>): DateOfBirthEstimate | null {
  const from = textOf(body, 'estimatedAgeFrom').trim();
  const to = textOf(body, 'estimatedAgeTo').trim();
  const source = DATE_OF_BIRTH_SOURCES.find((code) => code === textOf(body, 'estimatedAgeSource'));
  const age = (text: string) => (WHOLE_YEARS.test(text) && Number(text) <= OLDEST_ESTIMATED_AGE ? Number(text) : null);
  const youngest = age(from);
  const oldest = to === '' ? youngest : age(to);
  if (from === '') fields['estimatedAgeFrom'] = { text: 'Enter the child’s estimated age in years' };
  else if (youngest === null) fields['estimatedAgeFrom'] = { text: `Estimated age must be a whole number of years from 0 to ${OLDEST_ESTIMATED_AGE}` };
  if (to !== '' && oldest === null)
    fields['estimatedAgeTo'] = { text: `The oldest estimated age must be a whole number of years from 0 to ${OLDEST_ESTIMATED_AGE}` };
  else if (youngest !== null && oldest !== null && oldest < youngest)
    fields['estimatedAgeTo'] = { text: 'The oldest estimated age must be the same as or more than the youngest' };
  if (source === undefined) fields['estimatedAgeSource'] = { text: 'Select who estimated the child’s age' };
  if (youngest === null || oldest === null || oldest < youngest || source === undefined) return null;
  const estimate = estimateFromAges(youngest, oldest, today, source);
  if (estimate.earliest < EARLIEST_PLAUSIBLE_DATE_OF_BIRTH) {
    fields['estimatedAgeTo'] = {
      text: `The oldest estimated age must allow a date of birth the same as or after ${formatDate(EARLIEST_PLAUSIBLE_DATE_OF_BIRTH)}`,
    };
    return null;
  }
  return estimate;
}

// ---- Add an alias ----

export const ALIAS_QUESTIONS: Questions = [
  { name: 'givenNames', kind: 'text', label: 'Given names', max: 100 },
  { name: 'familyName', kind: 'text', label: 'Family name', max: 100 },
  { name: 'seenOn', kind: 'date', label: 'the date the name was seen', hint: 'For example, 27 3 2025' },
  {
    name: 'seenWhere',
    kind: 'text',
    label: 'Where the name was seen',
    max: 200,
    hint: 'For example, on a travel document, in a police record, or given by the child',
  },
  { name: 'source', kind: 'text', label: 'Who gave or found the name', max: 200, required: 'Enter who gave or found the name' },
];

export interface AliasAnswers {
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly seenOn: string;
  readonly seenWhere: string | null;
  readonly source: string;
}

const aliasText = z.object({
  givenNames: textSchema(ALIAS_QUESTIONS, 'givenNames'),
  familyName: textSchema(ALIAS_QUESTIONS, 'familyName'),
  seenWhere: textSchema(ALIAS_QUESTIONS, 'seenWhere'),
  source: requiredTextSchema(ALIAS_QUESTIONS, 'source'),
});

/** Reads the add-an-alias form: a name (given, family or both), when and where it was seen, and its source. */
export function readAliasForm(body: FormBody, today: string): FormResult<AliasAnswers> {
  const answers = singleAnswers(ALIAS_QUESTIONS, body);
  const text = aliasText.safeParse(answers);
  const fields: Record<string, { text: string }> = text.success ? {} : issueErrors(text.error.issues);
  if (`${answers['givenNames']}${answers['familyName']}`.trim() === '') {
    fields['givenNames'] = { text: 'Enter the given names or family name the child was known by' };
  }
  const seenOn = readDate(body, 'seenOn', 'the date the name was seen');
  if (!seenOn.ok) fields['seenOn'] = { text: seenOn.message };
  else if (seenOn.value !== null && seenOn.value > today) fields['seenOn'] = { text: 'The date the name was seen must be today or in the past' };
  if (!text.success || !seenOn.ok || seenOn.value === null || Object.keys(fields).length > 0) {
    return { ok: false, errors: orderedErrors(fields, errorOrder(ALIAS_QUESTIONS), dateFields(ALIAS_QUESTIONS)) };
  }
  return { ok: true, value: { ...text.data, seenOn: seenOn.value } };
}

// ---- Open a record with break-glass ----

export const BREAK_GLASS_REASON_MAX = 1000;

const breakGlassText = z.object({
  reason: z
    .string()
    .trim()
    .min(10, { error: 'Enter the reason you need to open this record, in at least 10 characters' })
    .max(BREAK_GLASS_REASON_MAX, { error: `The reason must be ${BREAK_GLASS_REASON_MAX} characters or fewer` }),
});

export function readBreakGlassForm(body: unknown): FormResult<{ readonly reason: string }> {
  return parseForm(breakGlassText, { reason: textOf(body, 'reason') });
}
