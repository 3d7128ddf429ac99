import { z } from 'zod';
import { fail, ok } from '../result.ts';
import type { Result } from '../result.ts';

// Who holds each post an authority's alerts go to (migration 0019's alert_contact): the duty team's
// mailbox and phone, and the people who hold the head of service's and the director's rungs of the
// escalation ladder, with their phones. Email to a post-holder goes to their own account; a text
// message, for an alert that cannot wait, goes to the post's phone.

export const ALERT_POSTS = ['duty', 'head_of_service', 'director'] as const;
export type AlertPost = (typeof ALERT_POSTS)[number];

export const isAlertPost = (text: string): text is AlertPost => (ALERT_POSTS as readonly string[]).includes(text);

export const POST_TITLES: Readonly<Record<AlertPost, string>> = {
  duty: 'Duty team',
  head_of_service: 'Head of service',
  director: 'Director of children’s services',
};

/** Whether a post is held by a person by name (the ladder's top rungs) rather than by a team. */
export const heldByName = (post: AlertPost): boolean => post !== 'duty';

export interface PostContact {
  /** The person who holds the post; never for the duty team, which is everyone on duty. */
  readonly holderId: string | null;
  /** The team mailbox: the duty team's only (a holder's email is their account's). */
  readonly email: string | null;
  /** A UK mobile number, as 11 digits from 07. */
  readonly mobile: string | null;
}

interface ContactProblem {
  readonly field: keyof PostContact;
  readonly message: string;
}

const EMAIL_MAX = 254;

/** Zod's email check (the project's validation library): a mailbox must be reachable, so the shape matters. */
const EMAIL = z.email();

/**
 * A UK mobile number as GOV.UK Notify takes one (its own rule): spaces, brackets, dots and hyphens
 * ignored, then 07 and 9 more digits, or the same after +44, 0044 or 44. Notify sends text messages
 * to mobiles only, and to any number in the 07 range, Ofcom's numbers for drama (07700 900xxx) among them.
 * Returns the number as 11 digits, or null when it is not one.
 */
export function ukMobile(text: string): string | null {
  const digits = text.replace(/[\s().-]/g, '');
  const match = /^(?:\+44|0044|44|0)(7\d{9})$/.exec(digits);
  return match === null ? null : `0${match[1]}`;
}

/** A mobile number to read: "07700 900123". */
export const mobileText = (mobile: string): string => `${mobile.slice(0, 5)} ${mobile.slice(5)}`;

/**
 * A post's contact as given, trimmed and normalised, or a problem against each field that is wrong.
 * `holders` are the people who may hold a post by name (the authority's active team managers).
 */
export function checkPostContact(post: AlertPost, input: PostContact, holders: readonly string[]): Result<PostContact, ContactProblem[]> {
  const problems: ContactProblem[] = [];
  const email = input.email?.trim() ?? '';
  const mobileTyped = input.mobile?.trim() ?? '';
  const mobile = mobileTyped === '' ? null : ukMobile(mobileTyped);
  if (heldByName(post)) {
    if (input.holderId !== null && !holders.includes(input.holderId))
      problems.push({ field: 'holderId', message: 'Select a team manager at your authority, or “Nobody”' });
    if (email !== '') problems.push({ field: 'email', message: 'Leave the mailbox empty: email goes to the post-holder’s own account' });
  } else {
    if (input.holderId !== null) problems.push({ field: 'holderId', message: 'The duty team is held by whoever is on duty, not by one person' });
    if (email.length > EMAIL_MAX) problems.push({ field: 'email', message: `The mailbox’s address must be ${EMAIL_MAX} characters or fewer` });
    else if (email !== '' && !EMAIL.safeParse(email).success)
      problems.push({ field: 'email', message: 'Enter the mailbox’s email address in the correct format, like duty.team@kent.gov.uk' });
  }
  if (mobileTyped !== '' && mobile === null)
    problems.push({ field: 'mobile', message: 'Enter a UK mobile number, like 07700 900123: text messages cannot go to a landline' });
  if (problems.length > 0) return fail(problems);
  return ok({ holderId: heldByName(post) ? input.holderId : null, email: heldByName(post) || email === '' ? null : email, mobile });
}
