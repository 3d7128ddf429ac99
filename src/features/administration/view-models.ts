import { formatInstant } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { Role } from '../../domain/access/actor.ts';
import type { AuditPerson, AuditSearchResults, RecordAccessEntry, RecordAccessPage } from '../../services/audit-queries.ts';
import type { AuditEventView } from '../../services/audit-service.ts';
import type { BreakGlassReviewItem } from '../../services/child-service.ts';
import type { ListedToken, NewToken } from '../../services/api-token-service.ts';
import type { AccountSummary, AdministeredOrganisation } from '../../services/user-admin-service.ts';
import { AUDIT_ACTION_LABELS, entityLabel, isAuditAction, ROLE_LABELS, roleLabel } from '../labels.ts';
import { escapeHtml, fullName, linkHtml, row, tagHtml } from '../view-models.ts';
import type { SummaryRow } from '../view-models.ts';
import type { AccountAnswers } from './form-schemas.ts';
import { ROLE_HINTS } from './roles.ts';

// The administration pages' data as GOV.UK macro parameters. Pure: tested with plain objects.
// Text goes in `text` (escaped by the macros); where a cell needs a link or a tag, its `html` is
// built here from escaped parts only.

/** "Jane Smith's": a name in the possessive, as GOV.UK writes it. */
const possessive = (name: string): string => `${name}’s`;

// ---- API tokens ----

const TOKEN_STATUS_TAGS: Record<ListedToken['status'], string> = {
  active: tagHtml('Active', 'green'),
  expired: tagHtml('Expired', 'orange'),
  revoked: tagHtml('Revoked', 'grey'),
};

/** Whether a token can be rotated: one not revoked, expired or not. */
export const canRotate = (token: Pick<ListedToken, 'status'>): boolean => token.status !== 'revoked';

/** The API tokens table: never the token, only what it is for, its role and dates. */
export function apiTokensViewModel(tokens: readonly ListedToken[], organisationNames: Readonly<Record<string, string>> | null) {
  const head = [
    { text: 'What it is for' },
    ...(organisationNames === null ? [] : [{ text: 'Organisation' }]),
    { text: 'Role' },
    { text: 'Status' },
    { text: 'Made' },
    { text: 'Expires' },
    { html: '<span class="govuk-visually-hidden">Actions</span>' },
  ];
  const rows = tokens.map((token) => [
    { text: token.description },
    ...(organisationNames === null ? [] : [{ text: organisationNames[token.organisationCode] ?? token.organisationCode }]),
    { text: roleLabel(token.role) },
    { html: TOKEN_STATUS_TAGS[token.status] },
    { text: formatInstant(token.createdAt) },
    { text: token.status === 'revoked' ? '' : formatInstant(token.expiresAt) },
    {
      html: canRotate(token)
        ? linkHtml(paths.rotateApiToken(token.id), 'Rotate', `the token for ${token.description}, made ${formatInstant(token.createdAt)}`)
        : '',
    },
  ]);
  return { head, rows };
}

/** The rotate question's summary of the token. */
export const rotateTokenRows = (token: ListedToken): SummaryRow[] => [
  row('What it is for', token.description),
  row('Role', roleLabel(token.role)),
  row(token.status === 'expired' ? 'Expired' : 'Expires', formatInstant(token.expiresAt)),
];

/** The new token, shown once after rotating. */
export const tokenRotatedViewModel = (old: ListedToken, fresh: NewToken) => ({
  description: old.description,
  token: fresh.token,
  rows: [row('What it is for', old.description), row('Role', roleLabel(old.role)), row('Expires', formatInstant(fresh.expiresAt))],
});

// ---- Accounts ----

export type AccountStatus = 'active' | 'locked' | 'deactivated';

export function accountStatus(account: Pick<AccountSummary, 'active' | 'lockedUntil'>, now: string): AccountStatus {
  if (!account.active) return 'deactivated';
  return account.lockedUntil !== null && account.lockedUntil > now ? 'locked' : 'active';
}

const STATUS_TAGS: Record<AccountStatus, string> = {
  active: tagHtml('Active', 'green'),
  locked: tagHtml('Locked', 'orange'),
  deactivated: tagHtml('Deactivated', 'grey'),
};

/** Whether the actor may deactivate an account from the pages: an active one that is not their own. */
export const canDeactivate = (account: Pick<AccountSummary, 'id' | 'active'>, actorId: string): boolean => account.active && account.id !== actorId;

/** Whether the actor may reset an account's sign-in details from the pages: the same accounts as deactivation. */
const canResetSignIn = canDeactivate;

export function accountsViewModel(
  accounts: readonly AccountSummary[],
  options: { readonly now: string; readonly actorId: string; readonly showOrganisation: boolean; readonly deactivatedId: string | null },
) {
  const deactivated = options.deactivatedId === null ? undefined : accounts.find((account) => account.id === options.deactivatedId && !account.active);
  const head = [
    { text: 'Name and email address' },
    ...(options.showOrganisation ? [{ text: 'Organisation' }] : []),
    { text: 'Role' },
    { text: 'Status' },
    { text: 'Last signed in' },
    { html: '<span class="govuk-visually-hidden">Actions</span>' },
  ];
  const rows = accounts.map((account) => {
    const actions = [
      canResetSignIn(account, options.actorId) ? linkHtml(paths.resetSignIn(account.id), 'Reset sign-in', `details for ${account.displayName}`) : null,
      canDeactivate(account, options.actorId)
        ? linkHtml(paths.deactivateAccount(account.id), 'Deactivate', `${possessive(account.displayName)} account`)
        : null,
      linkHtml(`${paths.auditTrail}?person=${encodeURIComponent(account.id)}`, 'View activity', `of ${account.displayName}`),
    ].filter((action) => action !== null);
    return [
      // Name and email in one cell, so that the table fits the page with long addresses.
      { html: `${escapeHtml(account.displayName)}<br><span class="govuk-body-s govuk-!-margin-bottom-0">${escapeHtml(account.email)}</span>` },
      ...(options.showOrganisation ? [{ text: account.organisationName }] : []),
      { text: roleLabel(account.role) },
      { html: STATUS_TAGS[accountStatus(account, options.now)] },
      { text: account.lastSignedInAt === null ? 'Never' : formatInstant(account.lastSignedInAt) },
      { html: `<ul class="govuk-list">${actions.map((action) => `<li>${action}</li>`).join('')}</ul>` },
    ];
  });
  return {
    head,
    rows,
    showOrganisation: options.showOrganisation,
    banner:
      deactivated === undefined
        ? null
        : { heading: `${possessive(deactivated.displayName)} account has been deactivated`, text: 'They have been signed out and can no longer sign in.' },
  };
}

/** The role question's radios: each role with what it can see. */
export function roleItems(roles: readonly Role[], checked: string | undefined) {
  return roles.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: { text: ROLE_HINTS[role] }, checked: role === checked }));
}

export function organisationOptions(organisations: readonly AdministeredOrganisation[], selected: string | undefined) {
  return [
    { value: '', text: 'Select an organisation', selected: selected === undefined || selected === '' },
    ...organisations.map((organisation) => ({ value: organisation.code, text: organisation.name, selected: organisation.code === selected })),
  ];
}

export function accountAnswerRows(answers: AccountAnswers, showOrganisation: boolean): SummaryRow[] {
  return [
    row('Full name', answers.displayName),
    row('Email address', answers.email),
    ...(showOrganisation ? [row('Organisation', answers.organisation.name)] : []),
    row('Role', ROLE_LABELS[answers.role]),
  ];
}

/** Groups a base32 set-up key in fours, as authenticator apps show them, so that it is easier to read out and type. */
export const groupedKey = (key: string): string => key.match(/.{1,4}/g)?.join(' ') ?? key;

/** The sign-in details shown once (views/sign-in-details.njk), after adding an account or resetting one. */
function signInDetails(details: { readonly totpSecret: string; readonly otpauthUrl: string }, password: string) {
  return {
    password,
    setUpKey: groupedKey(details.totpSecret),
    otpauthUrl: details.otpauthUrl,
    // Break opportunities after the link's separators, so that it wraps on a narrow screen (no inline styles under the CSP).
    otpauthUrlHtml: escapeHtml(details.otpauthUrl).replaceAll(/(&amp;|[?:/@=])/g, '$1<wbr>'),
  };
}

export function accountAddedViewModel(answers: AccountAnswers, created: { readonly totpSecret: string; readonly otpauthUrl: string }, password: string) {
  return {
    name: answers.displayName,
    detailRows: [row('Email address', answers.email), row('Organisation', answers.organisation.name), row('Role', ROLE_LABELS[answers.role])],
    ...signInDetails(created, password),
  };
}

/** Who an account is, in a line under their name: for the pages that ask before changing it. */
export function accountLineViewModel(account: AccountSummary) {
  return {
    name: account.displayName,
    description: `${account.email}, ${roleLabel(account.role).toLowerCase()}, ${account.organisationName}`,
  };
}

export function signInResetViewModel(
  account: AccountSummary,
  reset: { readonly password: string; readonly totpSecret: string; readonly otpauthUrl: string; readonly sessionsRevoked: number },
) {
  return {
    name: account.displayName,
    detailRows: [
      row('Email address', account.email),
      row('Organisation', account.organisationName),
      row('Role', roleLabel(account.role)),
      row('Sessions ended', String(reset.sessionsRevoked)),
    ],
    ...signInDetails(reset, reset.password),
  };
}

// ---- Break-glass reviews ----

/** Who opened a record with break-glass: "Sam Worker, Police coordinator, Kent Police". */
export const openedBy = (opening: BreakGlassReviewItem): string => {
  const who = opening.openedByName ?? (opening.actorId.startsWith('token:') ? 'An API client' : opening.actorId);
  return `${who}, ${roleLabel(opening.role)}, ${opening.organisationName ?? opening.organisationCode}`;
};

const childLink = (opening: BreakGlassReviewItem): string =>
  linkHtml(paths.child(opening.childId), fullName({ givenNames: opening.childGivenNames, familyName: opening.childFamilyName }));

export function breakGlassReviewsViewModel(
  list: { readonly awaiting: readonly BreakGlassReviewItem[]; readonly reviewed: readonly BreakGlassReviewItem[] },
  reviewedId: string | null,
) {
  const justReviewed = reviewedId === null ? undefined : list.reviewed.find((opening) => opening.id === reviewedId);
  return {
    awaiting: list.awaiting.map((opening) => [
      { html: childLink(opening) },
      { text: openedBy(opening) },
      { text: formatInstant(opening.openedAt) },
      { text: opening.reason },
      {
        html: linkHtml(
          paths.reviewBreakGlass(opening.id),
          'Review',
          `the opening of ${fullName({ givenNames: opening.childGivenNames, familyName: opening.childFamilyName })}’s record on ${formatInstant(opening.openedAt)}`,
        ),
      },
    ]),
    reviewed: list.reviewed.map((opening) => [
      { html: childLink(opening) },
      { text: openedBy(opening) },
      { text: formatInstant(opening.openedAt) },
      { text: opening.reason },
      {
        text: `${opening.reviewedAt === null ? '' : formatInstant(opening.reviewedAt)}${opening.reviewedByName === null ? '' : ` by ${opening.reviewedByName}`}`,
      },
      { text: opening.reviewNote ?? '' },
    ]),
    banner:
      justReviewed === undefined
        ? null
        : {
            heading: 'Break-glass opening reviewed',
            text: `You reviewed the opening of ${possessive(fullName({ givenNames: justReviewed.childGivenNames, familyName: justReviewed.childFamilyName }))} record on ${formatInstant(justReviewed.openedAt)}.`,
          },
  };
}

export function reviewOpeningViewModel(opening: BreakGlassReviewItem, now: string) {
  return {
    rows: [
      { key: { text: 'Record' }, value: { html: childLink(opening) } },
      row('Opened by', opening.openedByName ?? (opening.actorId.startsWith('token:') ? 'An API client' : opening.actorId)),
      row('Their role', roleLabel(opening.role)),
      row('Their organisation', opening.organisationName ?? opening.organisationCode),
      row('Opened', formatInstant(opening.openedAt)),
      row(opening.expiresAt > now ? 'Access ends' : 'Access ended', formatInstant(opening.expiresAt)),
      row('Reason they gave', opening.reason),
    ],
  };
}

// ---- Who has seen this record ----

const ENTITY_PLURALS: Readonly<Record<string, string>> = {
  child: 'children',
  missingEpisode: 'missing episodes',
  user: 'accounts',
  breakGlassAccess: 'break-glass openings',
  auditEvent: 'the audit trail',
};

/** Actions whose label says it all: what they acted on adds nothing. */
const WHOLE_ACTIONS: readonly string[] = [
  'SIGN_IN',
  'SIGN_IN_FAILED',
  'SIGN_OUT',
  'TOKEN_CREATED',
  'TOKEN_REVOKED',
  'USER_CHANGED',
  'REFUSED',
  'REFUSALS_UNRECORDED',
];

/** What someone did, in words: "Viewed the child's record", "Changed a missing episode", "Signed in". */
export function actionDescription(action: string, entity: string): string {
  if (action === 'BREAK_GLASS') return 'Opened the record with break-glass';
  if (isAuditAction(action) && WHOLE_ACTIONS.includes(action)) return AUDIT_ACTION_LABELS[action];
  if (action === 'LIST' || action === 'SEARCH') return `${action === 'LIST' ? 'Listed' : 'Searched'} ${ENTITY_PLURALS[entity] ?? entityLabel(entity)}`;
  return `${isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action} ${entityLabel(entity)}`;
}

/** Who an event's actor was: their name, or what kind of actor when it was not a person with an account. */
export function actorDescription(actorId: string, name: string | null | undefined): string {
  if (name !== null && name !== undefined) return name;
  if (actorId === 'command-line') return 'Command line';
  if (actorId.startsWith('token:')) return 'API client';
  if (actorId === 'unknown') return 'Unknown';
  return actorId;
}

/** GOV.UK pagination for a list whose length is not counted: previous and next only. */
export function pagination(page: number, hasMore: boolean, hrefFor: (page: number) => string) {
  if (page <= 1 && !hasMore) return null;
  return {
    landmarkLabel: 'Results pages',
    ...(page > 1 ? { previous: { href: hrefFor(page - 1), labelText: `Page ${page - 1}` } } : {}),
    ...(hasMore ? { next: { href: hrefFor(page + 1), labelText: `Page ${page + 1}` } } : {}),
  };
}

const accessRow = (entry: RecordAccessEntry) => [
  { text: formatInstant(entry.occurredAt) },
  { text: actorDescription(entry.actorId, entry.actorName) },
  { text: entry.organisationName ?? entry.organisationCode },
  { text: roleLabel(entry.role) },
  { text: actionDescription(entry.action, entry.entity) },
  entry.breakGlass ? { html: tagHtml('Break-glass', 'orange') } : { text: 'No' },
];

export function recordAccessViewModel(page: RecordAccessPage) {
  const childId = page.child.id;
  return {
    name: fullName(page.child),
    recordHref: paths.child(childId),
    rows: page.entries.map(accessRow),
    page: page.page,
    pagination: pagination(page.page, page.hasMore, (number) => `${paths.recordAccess(childId)}?page=${number}`),
  };
}

// ---- The audit trail ----

const SIGN_IN_FAILURES: Readonly<Record<string, string>> = {
  INVALID_CREDENTIALS: 'Wrong email address or password',
  TOO_MANY_ATTEMPTS: 'Too many attempts',
  ACCOUNT_DISABLED: 'Account deactivated',
  INVALID_CODE: 'Wrong security code',
  CODE_REUSED: 'Security code already used',
  NO_ACCOUNT: 'No account for this identity provider',
  NO_TOKEN: 'No API token sent',
  MALFORMED_AUTHORIZATION: 'Authorization header not a bearer token',
  UNKNOWN_TOKEN: 'Unknown or revoked API token',
};

/** What a sign-in reset put back to new (SIGN_IN_RESET in the user service), in words. */
const RESET_WORDS: Readonly<Record<string, string>> = {
  password: 'password',
  totpSecret: 'authenticator',
  sessions: 'sessions',
  failedAttempts: 'failed attempts',
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const words = (name: string): string => name.replaceAll(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * A short, safe account of an event's details: which filters or fields, never their values. An
 * administrator sees no child's record, and a change's details hold the record's values.
 */
export function eventDetails(event: Pick<AuditEventView, 'action' | 'details'>): string {
  const details = event.details;
  if (!isObject(details)) return '';
  if (event.action === 'SIGN_IN_FAILED') {
    const reason = typeof details['reason'] === 'string' ? details['reason'] : null;
    return reason === null ? '' : (SIGN_IN_FAILURES[reason] ?? words(reason));
  }
  if (event.action === 'REFUSED') return refusalDetails(details);
  if (event.action === 'REFUSALS_UNRECORDED') {
    const { unrecorded, limit, from, to } = details;
    if (typeof unrecorded !== 'number' || typeof from !== 'string' || typeof to !== 'string') return '';
    return `${unrecorded} more from this origin between ${formatInstant(from)} and ${formatInstant(to)}, past the limit of ${String(limit)}`;
  }
  const filters = details['filters'];
  if (Array.isArray(filters)) {
    const names = filters.filter((filter): filter is string => typeof filter === 'string').map(words);
    return names.length === 0 ? 'No filters' : `Filters: ${names.join(', ')}`;
  }
  if (event.action === 'CREATE' || event.action === 'CHANGE' || event.action === 'USER_CHANGED') {
    const reset = details['reset'];
    if (Array.isArray(reset)) {
      const what = reset.filter((item): item is string => typeof item === 'string').map((item) => RESET_WORDS[item] ?? words(item));
      return `Sign-in reset: ${what.join(', ')}${typeof details['sessionsRevoked'] === 'number' ? `; sessions ended: ${details['sessionsRevoked']}` : ''}`;
    }
    if (typeof details['sessionsRevoked'] === 'number') return `Sessions ended: ${details['sessionsRevoked']}`;
    const fields = Object.keys(details).map(words);
    return fields.length === 0 ? '' : `Fields: ${fields.join(', ')}`;
  }
  return '';
}

const REFUSAL_STATUSES: Readonly<Record<number, string>> = { 403: 'forbidden', 404: 'not found' };

/** A refused request: the route asked for and the answer, as "GET /api/v1/children/:id: not found". */
function refusalDetails(details: Record<string, unknown>): string {
  const { method, route, status } = details;
  if (typeof method !== 'string' || typeof route !== 'string' || typeof status !== 'number') return '';
  return `${method} ${route}: ${REFUSAL_STATUSES[status] ?? String(status)}`;
}

function auditEventRow(
  event: AuditEventView,
  names: { readonly actors: Readonly<Record<string, string>>; readonly organisations: Readonly<Record<string, string>> },
) {
  return [
    { text: formatInstant(event.occurredAt) },
    { text: actorDescription(event.actorId, names.actors[event.actorId.toLowerCase()]) },
    { text: names.organisations[event.organisationCode] ?? event.organisationCode },
    { text: roleLabel(event.role) },
    { text: actionDescription(event.action, event.entity) },
    { text: eventDetails(event) },
    { text: event.origin ?? '' },
  ];
}

/** The filter's choices, with the chosen ones selected. */
export function auditFilterOptions(results: Pick<AuditSearchResults, 'people' | 'organisations'>, values: Readonly<Record<string, string>>) {
  return {
    actions: [
      { value: '', text: 'Any action', selected: (values['action'] ?? '') === '' },
      ...Object.entries(AUDIT_ACTION_LABELS).map(([value, text]) => ({ value, text, selected: values['action'] === value })),
    ],
    people: [
      { value: '', text: 'Anyone', selected: (values['person'] ?? '') === '' },
      ...results.people.map((person: AuditPerson) => ({
        value: person.id,
        text: `${person.displayName} (${person.email})`,
        selected: values['person'] === person.id,
      })),
    ],
    organisations: [
      { value: '', text: 'Any organisation', selected: (values['organisation'] ?? '') === '' },
      ...results.organisations.map((organisation) => ({
        value: organisation.code,
        text: organisation.name,
        selected: values['organisation'] === organisation.code,
      })),
    ],
  };
}

/** The audit search's address for a page of the same filters. Filters hold no child's data, so a GET is fine. */
function auditPageHref(values: Readonly<Record<string, string>>, page: number): string {
  const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ''));
  query.set('page', String(page));
  return `${paths.auditTrail}?${query.toString()}`;
}

export function auditResultsViewModel(results: AuditSearchResults, values: Readonly<Record<string, string>>) {
  const names = { actors: results.actorNames, organisations: results.organisationNames };
  return {
    rows: results.events.map((event) => auditEventRow(event, names)),
    page: results.page,
    pagination: pagination(results.page, results.hasMore, (page) => auditPageHref(values, page)),
  };
}
