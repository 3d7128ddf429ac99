import { z } from 'zod';
import { addDays, ukInstant } from '../../domain/dates.ts';
import { roleMisfitMessage, rolesForKind } from '../../domain/access/roles.ts';
import type { OrganisationKind } from '../../domain/access/roles.ts';
import type { Role } from '../../domain/access/actor.ts';
import { hiddenCharactersMessage, MULTI_LINE_TEXT } from '../../domain/text.ts';
import type { AuditAction } from '../../services/audit-log.ts';
import type { AdministeredOrganisation } from '../../services/user-admin-service.ts';
import { formBody, formErrors, issueErrors, orderedErrors, readDate, textOf } from '../forms.ts';
import { errorOrder, requiredTextSchema } from '../questions.ts';
import type { Questions } from '../questions.ts';
import type { FormResult } from '../forms.ts';
import { isUuid } from '../../domain/ids.ts';
import { isAuditAction } from '../labels.ts';

// The administration pages' forms, with their GOV.UK error wording in one place.

// ---- Add an account ----

export const ACCOUNT_QUESTIONS: Questions = [
  { name: 'displayName', kind: 'text', label: 'Full name', required: 'Enter the person’s full name' },
  { name: 'email', kind: 'text', label: 'Email address', max: 254, required: 'Enter the person’s email address' },
  { name: 'organisationCode', kind: 'select', label: 'The organisation they work for' },
  { name: 'role', kind: 'radios', label: 'Their role' },
];

export interface AccountAnswers {
  readonly displayName: string;
  readonly email: string;
  readonly organisation: AdministeredOrganisation;
  readonly role: Role;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const accountText = z.object({
  displayName: requiredTextSchema(ACCOUNT_QUESTIONS, 'displayName'),
  email: z
    .string()
    .trim()
    .min(1, { error: 'Enter the person’s email address' })
    .max(254, { error: 'Email address must be 254 characters or fewer' })
    .refine((email) => EMAIL_SHAPE.test(email), { error: 'Enter an email address in the correct format, like name@example.gov.uk' }),
});

/**
 * The roles an administrator may give in an organisation: those people there have, and a system
 * administrator only where the administrator is one.
 */
export function rolesOffered(kind: OrganisationKind, mayAddSystemAdministrators: boolean): readonly Role[] {
  return rolesForKind(kind).filter((role) => role !== 'system_administrator' || mayAddSystemAdministrators);
}

/**
 * Reads the add-an-account form. `organisations` are those the administrator may add to: with one,
 * it is the organisation whatever the form says (an organisation administrator's own).
 */
export function readAccountForm(
  body: unknown,
  organisations: readonly AdministeredOrganisation[],
  mayAddSystemAdministrators: boolean,
): FormResult<AccountAnswers> {
  const text = accountText.safeParse({ displayName: textOf(body, 'displayName'), email: textOf(body, 'email') });
  const fields: Record<string, { text: string }> = text.success ? {} : issueErrors(text.error.issues);

  const [only] = organisations;
  const organisation = organisations.length === 1 ? only : organisations.find((candidate) => candidate.code === textOf(body, 'organisationCode'));
  if (organisation === undefined) fields['organisationCode'] = { text: 'Select the organisation they work for' };

  const role = textOf(body, 'role');
  let chosenRole: Role | undefined;
  if (role === '') fields['role'] = { text: 'Select their role' };
  else if (organisation !== undefined) {
    chosenRole = rolesOffered(organisation.kind, mayAddSystemAdministrators).find((offered) => offered === role);
    if (chosenRole === undefined) fields['role'] = { text: roleMisfitMessage(organisation.kind) };
  }

  if (!text.success || organisation === undefined || chosenRole === undefined || Object.keys(fields).length > 0) {
    return { ok: false, errors: orderedErrors(fields, errorOrder(ACCOUNT_QUESTIONS)) };
  }
  return { ok: true, value: { displayName: text.data.displayName, email: text.data.email.toLowerCase(), organisation, role: chosenRole } };
}

// ---- Yes or no questions ----

/** Reads a yes or no question named `name`; `message` is the error when neither is chosen. */
export function readYesNo(body: unknown, name: string, message: string): FormResult<boolean> {
  const answer = textOf(body, name);
  if (answer === 'yes' || answer === 'no') return { ok: true, value: answer === 'yes' };
  return { ok: false, errors: formErrors({ [name]: { text: message } }) };
}

// ---- Review a break-glass opening ----

export const REVIEW_NOTE_MAX = 1000;

const reviewText = z.object({
  note: z
    .string()
    .regex(MULTI_LINE_TEXT, { error: hiddenCharactersMessage('Review note') })
    .trim()
    .min(1, { error: 'Enter a review note' })
    .max(REVIEW_NOTE_MAX, { error: `Review note must be ${REVIEW_NOTE_MAX} characters or fewer` }),
});

export function readReviewForm(body: unknown): FormResult<{ readonly note: string }> {
  const parsed = reviewText.safeParse({ note: textOf(body, 'note') });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: formErrors(issueErrors(parsed.error.issues)) };
}

// ---- Search the audit trail ----

export const AUDIT_FILTER_FIELDS: readonly string[] = [
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
  'action',
  'person',
  'organisation',
];

export interface AuditFilters {
  /** The first UK day, as an instant: its midnight. */
  readonly from: string | undefined;
  /** The instant after the last UK day: the next midnight. */
  readonly to: string | undefined;
  readonly action: AuditAction | undefined;
  readonly actorId: string | undefined;
  readonly organisationCode: string | undefined;
  readonly page: number;
}

const MAX_PAGE = 10_000;

const ORGANISATION_CODE = /^[A-Za-z0-9-]{1,20}$/;

/**
 * Reads the audit search's filters from the query string; `today` is the UK date. A person or
 * organisation the administrator may not search by finds nothing: the service scopes the search.
 */
export function readAuditFilters(query: unknown, today: string): FormResult<AuditFilters> {
  const record = formBody(query);
  const fields: Record<string, { text: string }> = {};
  const from = readDate(record, 'from', 'the date from', { required: false });
  const to = readDate(record, 'to', 'the date to', { required: false });
  if (!from.ok) fields['from'] = { text: from.message };
  else if (from.value !== null && from.value > today) fields['from'] = { text: 'The date from must be today or in the past' };
  if (!to.ok) fields['to'] = { text: to.message };
  else if (from.ok && from.value !== null && to.value !== null && to.value < from.value)
    fields['to'] = { text: 'The date to must be the same as or after the date from' };

  const action = textOf(record, 'action');
  if (action !== '' && !isAuditAction(action)) fields['action'] = { text: 'Select an action from the list' };
  const person = textOf(record, 'person');
  if (person !== '' && !isUuid(person)) fields['person'] = { text: 'Select a person from the list' };
  const organisation = textOf(record, 'organisation');
  if (organisation !== '' && !ORGANISATION_CODE.test(organisation)) fields['organisation'] = { text: 'Select an organisation from the list' };

  if (Object.keys(fields).length > 0 || !from.ok || !to.ok) {
    return { ok: false, errors: orderedErrors(fields, ['from', 'to', 'action', 'person', 'organisation'], ['from', 'to']) };
  }
  const page = Number(textOf(record, 'page'));
  return {
    ok: true,
    value: {
      from: from.value === null ? undefined : ukInstant(from.value, '00:00'),
      to: to.value === null ? undefined : ukInstant(addDays(to.value, 1), '00:00'),
      action: action !== '' && isAuditAction(action) ? action : undefined,
      actorId: person === '' ? undefined : person.toLowerCase(),
      organisationCode: organisation === '' ? undefined : organisation,
      page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
    },
  };
}

/** A page number from a query string: a whole number from 1, or 1. */
export function pageOf(query: unknown): number {
  const page = Number(textOf(query, 'page'));
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1;
}
