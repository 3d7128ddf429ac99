import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import { ROLES } from '../../src/domain/access/actor.ts';
import type { Actor, Role } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hrefsOf, inlineErrorOf, tableRows, textAt, textContentAt, textOf } from '../helpers/html.ts';
import { titleOf, webClient } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, HOME_OF, apiClient, createLookedAfterChild, KENT, KENT_POLICE, MEDWAY, NATIONAL } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The administration and oversight pages through app.inject: accounts (list, add, reset sign-in, deactivate),
// break-glass reviews, who has seen a child's record, and the audit trail.

const PASSWORD = 'a long unusual passphrase';

let t: TestApp;
let kentApi: Api;
let people = 0;

interface Person {
  readonly displayName: string;
  readonly client: WebClient;
  readonly userId: string;
  readonly email: string;
  readonly actor: Actor;
}

/** A person with a distinct name, signed in (both factors) in a web client that holds a CSRF token. */
async function person(organisationCode: string, role: Role, displayName = `Person ${String(++people)}`): Promise<Person> {
  const email = `admin-test.${String(++people)}@${organisationCode.toLowerCase()}.example.gov.uk`;
  const created = await t.services.users.createUser({ organisationCode, role, email, displayName, password: PASSWORD });
  if (!created.ok) throw new Error(`createUser: ${JSON.stringify(created.error)}`);
  const session = await t.services.users.startSessionFor(organisationCode, email, null, null, 'test');
  if (!session.ok) throw new Error('no session');
  const client = webClient(t.app);
  client.cookies.set('lantern-session', session.value.sessionToken);
  await client.get(paths.home);
  const localAuthorityCode = organisationCode === KENT || organisationCode === MEDWAY ? organisationCode : null;
  return { displayName, client, userId: created.value.id, email, actor: { id: created.value.id, organisationCode, localAuthorityCode, role } };
}

/** An organisation whose people have `role`: Kent for its staff and administrators. */

// ---- Reading the pages ----

/** The accounts table's row for the person named `name` (its first cell is their name, then their email address). */
const accountRow = (rows: string[][], name: string): string[] | undefined => rows.find((row) => row[0]?.startsWith(`${name} `));

const bannerOf = (html: string): string => textAt(html, '.govuk-notification-banner');
/** A value shown in `<code data-qa>`, as typed: the `<wbr>` break opportunities add nothing. */
const codeOf = (html: string, qa: string): string => textContentAt(html, `code[data-qa="${qa}"]`);

const expectNotFound = (response: { statusCode: number; body: string }, what: string) => {
  expect(response.statusCode, what).toBe(404);
  expect(titleOf(response.body), what).toBe('Page not found – Lantern');
};

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kentApi = apiClient(t.app, await t.token(KENT, 'social_worker'));
});
afterAll(async () => {
  await t.close();
});

// ---- Accounts ----

describe('the accounts list', () => {
  it('should list an organisation administrator’s own organisation’s accounts with their role, status and last sign-in', async () => {
    const admin = await person(KENT, 'organisation_administrator', 'Kent Admin One');
    await person(KENT, 'social_worker', 'Kent Worker Listed');
    await person(MEDWAY, 'social_worker', 'Medway Worker Unlisted');
    const never = await t.services.users.createUser({
      organisationCode: KENT,
      role: 'data_officer',
      email: 'never.signed.in@kent.example.gov.uk',
      displayName: 'Kent Never Signed In',
      password: PASSWORD,
    });
    expect(never.ok).toBe(true);

    const page = await admin.client.get(paths.accounts);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Accounts – Lantern');
    const rows = tableRows(page.body);
    const worker = accountRow(rows, 'Kent Worker Listed');
    expect(worker?.[0]).toMatch(/^Kent Worker Listed admin-test\.\d+@e10000016\.example\.gov\.uk$/);
    expect(worker?.slice(1, 4)).toEqual(['Social worker', 'Active', '15 June 2025 at 1:00pm']);
    expect(accountRow(rows, 'Kent Never Signed In')?.[3]).toBe('Never');
    expect(accountRow(rows, 'Medway Worker Unlisted')).toBeUndefined();
    // Listing accounts is audited.
    const listed = await t.handle.db.selectFrom('auditEvent').select('action').where('actorId', '=', admin.userId).where('entity', '=', 'user').execute();
    expect(listed.map((event) => event.action)).toContain('LIST');
  });

  it('should list every organisation’s accounts, with the organisation, for a system administrator', async () => {
    const admin = await person(NATIONAL, 'system_administrator');
    await person(MEDWAY, 'team_manager', 'Medway Manager Seen By System');
    const rows = tableRows((await admin.client.get(paths.accounts)).body);
    expect(accountRow(rows, 'Medway Manager Seen By System')?.slice(1, 3)).toEqual(['Medway', 'Team manager']);
  });

  it('should show a locked account as locked', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const locked = await person(KENT, 'social_worker', 'Kent Worker Locked');
    await t.handle.db.updateTable('appUser').set({ lockedUntil: '2025-06-15T13:00:00.000Z' }).where('id', '=', locked.userId).execute();
    const rows = tableRows((await admin.client.get(paths.accounts)).body);
    expect(accountRow(rows, 'Kent Worker Locked')?.[2]).toBe('Locked');
  });

  it.each(ROLES.filter((role) => role !== 'organisation_administrator' && role !== 'system_administrator'))(
    'should answer "Page not found" to a %s on every accounts page',
    async (role) => {
      const someone = await person(HOME_OF[role], role);
      const other = await person(KENT, 'social_worker');
      expectNotFound(await someone.client.get(paths.accounts), 'list');
      expectNotFound(await someone.client.get(paths.addAccount), 'add');
      expectNotFound(
        await someone.client.post(paths.addAccount, { displayName: 'X', email: 'x@kent.example.gov.uk', role: 'social_worker', intent: 'save' }),
        'add (post)',
      );
      expectNotFound(await someone.client.get(paths.deactivateAccount(other.userId)), 'deactivate');
      expectNotFound(await someone.client.post(paths.deactivateAccount(other.userId), { confirm: 'yes' }), 'deactivate (post)');
      expectNotFound(await someone.client.get(paths.resetSignIn(other.userId)), 'reset sign-in');
      expectNotFound(await someone.client.post(paths.resetSignIn(other.userId), {}), 'reset sign-in (post)');
      const still = await t.handle.db.selectFrom('appUser').select('active').where('id', '=', other.userId).executeTakeFirstOrThrow();
      expect(still.active).toBe(true);
      expect((await other.client.get(paths.home)).statusCode).toBe(200);
      expect(await t.handle.db.selectFrom('appUser').select('id').where('email', '=', 'x@kent.example.gov.uk').executeTakeFirst()).toBeUndefined();
    },
  );

  it('should send someone not signed in to sign in', async () => {
    const response = await t.app.inject({ method: 'GET', url: paths.accounts });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.signIn);
  });
});

describe('adding an account', () => {
  it('should ask the questions, check the answers, add the account and show the sign-in details once, which then work', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const form = await admin.client.get(paths.addAccount);
    expect(titleOf(form.body)).toBe('Add an account – Lantern');
    // An organisation administrator adds to their own organisation: roles a local authority has, each with what it can see.
    expect(form.body).not.toContain('name="organisationCode"');
    expect([...form.body.matchAll(/name="role" type="radio" value="([a-z_]+)"/g)].map((match) => match[1])).toEqual([
      'social_worker',
      'team_manager',
      'data_officer',
      'organisation_administrator',
    ]);
    expect(textOf(form.body)).toContain('Sees in full, and changes, the records of the children their authority is responsible for');

    const answers = { displayName: 'Priya New-Starter', email: 'Priya.New@Kent.example.gov.uk', role: 'team_manager' };
    const check = await admin.client.post(paths.addAccount, answers);
    expect(check.statusCode).toBe(200);
    expect(titleOf(check.body)).toBe('Check your answers before adding the account – Lantern');
    expect(textOf(check.body)).toContain('Full name Priya New-Starter');
    expect(textOf(check.body)).toContain('Email address priya.new@kent.example.gov.uk');
    expect(textOf(check.body)).toContain('Role Team manager');
    // Nothing is saved until the answers are confirmed.
    expect(await t.handle.db.selectFrom('appUser').select('id').where('email', '=', 'priya.new@kent.example.gov.uk').executeTakeFirst()).toBeUndefined();

    const added = await admin.client.post(paths.addAccount, { ...answers, organisationCode: KENT, intent: 'save' });
    expect(added.statusCode).toBe(200);
    expect(titleOf(added.body)).toBe('Account added – Lantern');
    expect(added.headers['cache-control']).toBe('no-store');
    const password = codeOf(added.body, 'password');
    const setUpKey = codeOf(added.body, 'set-up-key').replaceAll(' ', '');
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){4}$/);
    expect(setUpKey).toMatch(/^[A-Z2-7]{32}$/);
    expect(codeOf(added.body, 'otpauth-url')).toContain(`secret=${setUpKey}`);
    expect(textOf(added.body)).toContain('How to pass them on safely');

    const account = await t.handle.db
      .selectFrom('appUser')
      .select(['id', 'organisationCode', 'role', 'displayName'])
      .where('email', '=', 'priya.new@kent.example.gov.uk')
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ organisationCode: KENT, role: 'team_manager', displayName: 'Priya New-Starter' });
    const audited = await t.handle.db
      .selectFrom('auditEvent')
      .select('action')
      .where('actorId', '=', admin.userId)
      .where('entityId', '=', account.id)
      .execute();
    expect(audited.map((event) => event.action)).toEqual(['USER_CHANGED']);

    // The details shown sign the new person in, both factors, through the pages.
    const newcomer = webClient(t.app);
    await newcomer.get(paths.signIn);
    const afterPassword = await newcomer.post(paths.signIn, { email: 'priya.new@kent.example.gov.uk', password });
    expect(afterPassword.headers.location).toBe(paths.signInCode);
    await newcomer.get(paths.signInCode);
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setUpKey) }).generate({ timestamp: Date.parse(t.clock.now()) });
    const afterCode = await newcomer.post(paths.signInCode, { code });
    expect(afterCode.headers.location).toBe(paths.home);
    expect((await newcomer.get(paths.home)).statusCode).toBe(200);
  });

  it('should show every error at once, in the order of the questions, and keep what was typed', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const empty = await admin.client.post(paths.addAccount, {});
    expect(empty.statusCode).toBe(200);
    expect(titleOf(empty.body)).toBe('Error: Add an account – Lantern');
    expect(errorSummaryOf(empty.body)).toEqual([
      { href: '#displayName', text: 'Enter the person’s full name' },
      { href: '#email', text: 'Enter the person’s email address' },
      { href: '#role', text: 'Select their role' },
    ]);
    expect(inlineErrorOf(empty.body, 'role')).toBe('Select their role');

    const wrong = await admin.client.post(paths.addAccount, { displayName: 'Kept Name', email: 'not-an-email', role: 'police_coordinator' });
    expect(errorSummaryOf(wrong.body)).toEqual([
      { href: '#email', text: 'Enter an email address in the correct format, like name@example.gov.uk' },
      { href: '#role', text: 'Select a role that people in a local authority have' },
    ]);
    expect(wrong.body).toContain('value="Kept Name"');
    expect(wrong.body).toContain('value="not-an-email"');
  });

  it('should not let an organisation administrator add a system administrator or add to another organisation', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const systemAdmin = await admin.client.post(paths.addAccount, {
      displayName: 'Would Be Root',
      email: 'root@kent.example.gov.uk',
      role: 'system_administrator',
      intent: 'save',
    });
    expect(inlineErrorOf(systemAdmin.body, 'role')).toBe('Select a role that people in a local authority have');
    // The organisation is always their own, whatever the form says.
    await admin.client.post(paths.addAccount, {
      displayName: 'Sent Elsewhere',
      email: 'elsewhere@kent.example.gov.uk',
      role: 'social_worker',
      organisationCode: MEDWAY,
      intent: 'save',
    });
    const saved = await t.handle.db
      .selectFrom('appUser')
      .select('organisationCode')
      .where('email', '=', 'elsewhere@kent.example.gov.uk')
      .executeTakeFirstOrThrow();
    expect(saved.organisationCode).toBe(KENT);
    expect(await t.handle.db.selectFrom('appUser').select('id').where('email', '=', 'root@kent.example.gov.uk').executeTakeFirst()).toBeUndefined();
  });

  it('should send the person back to the email address when it is already taken', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const existing = await person(KENT, 'social_worker');
    const taken = await admin.client.post(paths.addAccount, { displayName: 'Same Email', email: existing.email, role: 'social_worker', intent: 'save' });
    expect(titleOf(taken.body)).toBe('Error: Add an account – Lantern');
    expect(inlineErrorOf(taken.body, 'email')).toBe('An account with this email address already exists');
  });

  it('should go back to the questions with the answers filled in when they choose to change them', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const change = await admin.client.post(paths.addAccount, {
      displayName: 'Changing Mind',
      email: 'changing@kent.example.gov.uk',
      role: 'data_officer',
      intent: 'change',
    });
    expect(titleOf(change.body)).toBe('Add an account – Lantern');
    expect(change.body).toContain('value="Changing Mind"');
    expect(change.body).toMatch(/value="data_officer" checked/);
  });

  it('should let a system administrator choose the organisation, and hold the role to what that organisation has', async () => {
    const admin = await person(NATIONAL, 'system_administrator');
    const form = await admin.client.get(paths.addAccount);
    expect(form.body).toContain('name="organisationCode"');
    const noOrganisation = await admin.client.post(paths.addAccount, { displayName: 'No Organisation', email: 'no.org@example.gov.uk', role: 'social_worker' });
    expect(errorSummaryOf(noOrganisation.body)).toEqual([{ href: '#organisationCode', text: 'Select the organisation they work for' }]);
    const misfit = await admin.client.post(paths.addAccount, {
      displayName: 'Police Social Worker',
      email: 'misfit@police.example.gov.uk',
      role: 'social_worker',
      organisationCode: KENT_POLICE,
    });
    expect(inlineErrorOf(misfit.body, 'role')).toBe('Select a role that people in a police force have');
    const check = await admin.client.post(paths.addAccount, {
      displayName: 'Pat Coordinator',
      email: 'pat@police.example.gov.uk',
      role: 'police_coordinator',
      organisationCode: KENT_POLICE,
    });
    expect(titleOf(check.body)).toBe('Check your answers before adding the account – Lantern');
    expect(textOf(check.body)).toContain('Organisation Kent Police');
    const added = await admin.client.post(paths.addAccount, {
      displayName: 'Pat Coordinator',
      email: 'pat@police.example.gov.uk',
      role: 'police_coordinator',
      organisationCode: KENT_POLICE,
      intent: 'save',
    });
    expect(titleOf(added.body)).toBe('Account added – Lantern');
    const saved = await t.handle.db
      .selectFrom('appUser')
      .select(['organisationCode', 'role'])
      .where('email', '=', 'pat@police.example.gov.uk')
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ organisationCode: KENT_POLICE, role: 'police_coordinator' });
  });
});

describe('deactivating an account', () => {
  it('should ask, then deactivate, sign the person out, stop them signing in again, and say so on the list', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const leaver = await person(KENT, 'social_worker', 'Lee Leaver');
    expect((await leaver.client.get(paths.home)).statusCode).toBe(200);

    const question = await admin.client.get(paths.deactivateAccount(leaver.userId));
    expect(question.statusCode).toBe(200);
    expect(titleOf(question.body)).toBe('Are you sure you want to deactivate this account? – Lantern');
    expect(textOf(question.body)).toContain('Lee Leaver');

    const unanswered = await admin.client.post(paths.deactivateAccount(leaver.userId), {});
    expect(titleOf(unanswered.body)).toBe('Error: Are you sure you want to deactivate this account? – Lantern');
    expect(errorSummaryOf(unanswered.body)).toEqual([{ href: '#confirm', text: 'Select yes if you want to deactivate this account' }]);

    const no = await admin.client.post(paths.deactivateAccount(leaver.userId), { confirm: 'no' });
    expect(no.headers.location).toBe(paths.accounts);
    expect((await leaver.client.get(paths.home)).statusCode).toBe(200);

    const yes = await admin.client.post(paths.deactivateAccount(leaver.userId), { confirm: 'yes' });
    expect(yes.statusCode).toBe(303);
    expect(yes.headers.location).toBe(`${paths.accounts}?deactivated=${leaver.userId}`);
    const list = await admin.client.get(yes.headers.location!);
    expect(bannerOf(list.body)).toContain('Lee Leaver’s account has been deactivated');
    expect(accountRow(tableRows(list.body), 'Lee Leaver')?.[2]).toBe('Deactivated');

    // Their session has ended, and their password no longer signs them in.
    const signedOut = await leaver.client.get(paths.home);
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe(paths.signIn);
    const again = webClient(t.app);
    await again.get(paths.signIn);
    const refused = await again.post(paths.signIn, { email: leaver.email, password: PASSWORD });
    expect(refused.statusCode).toBe(200);
    expect(inlineErrorOf(refused.body, 'email')).toBe('Enter a correct email address and password');

    // A deactivated account cannot be deactivated again.
    expectNotFound(await admin.client.get(paths.deactivateAccount(leaver.userId)), 'again');
  });

  it('should not offer or allow deactivating your own account, another organisation’s or one that does not exist', async () => {
    const admin = await person(KENT, 'organisation_administrator', 'Kent Admin Self');
    const medway = await person(MEDWAY, 'social_worker');
    const list = await admin.client.get(paths.accounts);
    expect(hrefsOf(list.body)).not.toContain(paths.deactivateAccount(admin.userId));
    expectNotFound(await admin.client.get(paths.deactivateAccount(admin.userId)), 'own');
    expectNotFound(await admin.client.post(paths.deactivateAccount(admin.userId), { confirm: 'yes' }), 'own (post)');
    expectNotFound(await admin.client.get(paths.deactivateAccount(medway.userId)), 'Medway');
    expectNotFound(await admin.client.post(paths.deactivateAccount(medway.userId), { confirm: 'yes' }), 'Medway (post)');
    expectNotFound(await admin.client.get(paths.deactivateAccount(randomUUID())), 'unknown');
    expectNotFound(await admin.client.get(paths.deactivateAccount('not-an-id')), 'not an id');
    const stillActive = await t.handle.db.selectFrom('appUser').select('active').where('id', 'in', [admin.userId, medway.userId]).execute();
    expect(stillActive.every((row) => row.active)).toBe(true);
  });

  it('should let a system administrator deactivate an account in any organisation', async () => {
    const admin = await person(NATIONAL, 'system_administrator');
    const medway = await person(MEDWAY, 'data_officer');
    await admin.client.get(paths.deactivateAccount(medway.userId));
    const yes = await admin.client.post(paths.deactivateAccount(medway.userId), { confirm: 'yes' });
    expect(yes.headers.location).toBe(`${paths.accounts}?deactivated=${medway.userId}`);
    expect((await t.handle.db.selectFrom('appUser').select('active').where('id', '=', medway.userId).executeTakeFirstOrThrow()).active).toBe(false);
  });
});

describe('resetting sign-in details', () => {
  /** The stored sign-in details, to show that a refused reset changed nothing. */
  const signInDetailsOf = (userId: string) =>
    t.handle.db.selectFrom('appUser').select(['passwordHash', 'totpSecret']).where('id', '=', userId).executeTakeFirstOrThrow();

  /** Signs in through the pages, both factors; where the code step sent them, or the password step's error. */
  async function signInThroughPages(email: string, password: string, setUpKey: string): Promise<string | undefined> {
    const browser = webClient(t.app);
    await browser.get(paths.signIn);
    const afterPassword = await browser.post(paths.signIn, { email, password });
    if (afterPassword.headers.location !== paths.signInCode) return inlineErrorOf(afterPassword.body, 'email');
    await browser.get(paths.signInCode);
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setUpKey) }).generate({ timestamp: Date.parse(t.clock.now()) });
    return (await browser.post(paths.signInCode, { code })).headers.location;
  }

  it('should offer a reset for each active account but the administrator’s own, named for screen readers', async () => {
    const admin = await person(KENT, 'organisation_administrator', 'Kent Admin Resetter');
    const worker = await person(KENT, 'social_worker', 'Rhea Resettable');
    const leaver = await person(KENT, 'social_worker', 'Dee Deactivated');
    expect((await t.services.userAdmin.deactivateUser(admin.actor, leaver.userId)).ok).toBe(true);
    const list = await admin.client.get(paths.accounts);
    expect(list.body).toContain(
      `<a class="govuk-link" href="${paths.resetSignIn(worker.userId)}">Reset sign-in<span class="govuk-visually-hidden"> details for Rhea Resettable</span></a>`,
    );
    expect(accountRow(tableRows(list.body), 'Rhea Resettable')?.at(-1)).toContain('Reset sign-in details for Rhea Resettable');
    expect(hrefsOf(list.body)).not.toContain(paths.resetSignIn(admin.userId));
    expect(hrefsOf(list.body)).not.toContain(paths.resetSignIn(leaver.userId));
    // The address holds the account's random id and nothing else.
    expect(paths.resetSignIn(worker.userId)).toBe(`/accounts/${worker.userId}/reset-sign-in`);
  });

  it('should ask, then give new details once, sign the person out, and let only the new details sign them in', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const worker = await person(KENT, 'social_worker', 'Fay Forgetful');
    const before = await signInDetailsOf(worker.userId);
    expect((await worker.client.get(paths.home)).statusCode).toBe(200);

    const question = await admin.client.get(paths.resetSignIn(worker.userId));
    expect(question.statusCode).toBe(200);
    expect(titleOf(question.body)).toBe('Reset sign-in details – Lantern');
    expect(textAt(question.body, 'h1')).toBe('Reset sign-in details for Fay Forgetful?');
    expect(textOf(question.body)).toContain(`${worker.email}, social worker, Kent`);
    expect(textOf(question.body)).toContain(
      'Their current password and authenticator app will stop working straight away, and they will be signed out of Lantern.',
    );
    expect(question.body).toContain(`<form method="post" action="${paths.resetSignIn(worker.userId)}"`);
    expect(question.body).toMatch(/<input type="hidden" name="_csrf" value="[^"]+">/);
    // Asking changes nothing.
    expect(await signInDetailsOf(worker.userId)).toEqual(before);
    expect((await worker.client.get(paths.home)).statusCode).toBe(200);

    const reset = await admin.client.post(paths.resetSignIn(worker.userId), {});
    expect(reset.statusCode).toBe(200);
    expect(titleOf(reset.body)).toBe('Sign-in details reset – Lantern');
    expect(reset.headers['cache-control']).toBe('no-store');
    expect(textOf(reset.body)).toContain('Fay Forgetful has been signed out and can sign in again with the new details');
    expect(textOf(reset.body)).toContain('Sessions ended 1');
    expect(textOf(reset.body)).toContain('How to pass them on safely');
    const password = codeOf(reset.body, 'password');
    const setUpKey = codeOf(reset.body, 'set-up-key').replaceAll(' ', '');
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){4}$/);
    expect(setUpKey).toMatch(/^[A-Z2-7]{32}$/);
    expect(codeOf(reset.body, 'otpauth-url')).toContain(`secret=${setUpKey}`);
    expect(await signInDetailsOf(worker.userId)).not.toMatchObject({ totpSecret: before.totpSecret });

    // Signed out at once; the old password no longer signs in, and the new details do.
    const signedOut = await worker.client.get(paths.home);
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe(paths.signIn);
    expect(await signInThroughPages(worker.email, PASSWORD, setUpKey)).toBe('Enter a correct email address and password');
    expect(await signInThroughPages(worker.email, password, setUpKey)).toBe(paths.home);

    // Audited as a change of the account by the administrator, without the secrets; what was reset shows on the audit trail.
    const changes = await t.handle.db
      .selectFrom('auditEvent')
      .select(['actorId', 'details'])
      .where('entityId', '=', worker.userId)
      .where('action', '=', 'USER_CHANGED')
      .execute();
    expect(changes).toContainEqual({ actorId: admin.userId, details: { reset: ['password', 'totpSecret', 'sessions', 'failedAttempts'], sessionsRevoked: 1 } });
    expect(JSON.stringify(changes)).not.toContain(password);
    expect(JSON.stringify(changes)).not.toContain(setUpKey);
    const trail = tableRows((await admin.client.get(`${paths.auditTrail}?action=USER_CHANGED`)).body);
    expect(trail.map((cells) => cells[5])).toContain('Sign-in reset: password, authenticator, sessions, failed attempts; sessions ended: 1');
  });

  it('should refuse a reset posted without its CSRF token, changing nothing', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const worker = await person(KENT, 'social_worker');
    const before = await signInDetailsOf(worker.userId);
    await admin.client.get(paths.resetSignIn(worker.userId));
    const forged = await admin.client.post(paths.resetSignIn(worker.userId), {}, { withCsrf: false });
    expect(forged.statusCode).toBe(403);
    expect(await signInDetailsOf(worker.userId)).toEqual(before);
    expect((await worker.client.get(paths.home)).statusCode).toBe(200);
  });

  it('should answer "Page not found" for another organisation’s account, your own, a deactivated one and one that does not exist', async () => {
    const medwayAdmin = await person(MEDWAY, 'organisation_administrator');
    const kentAdmin = await person(KENT, 'organisation_administrator');
    const worker = await person(KENT, 'social_worker');
    const leaver = await person(KENT, 'social_worker');
    expect((await t.services.userAdmin.deactivateUser(kentAdmin.actor, leaver.userId)).ok).toBe(true);
    const watched = [worker.userId, kentAdmin.userId, leaver.userId];
    const before = await Promise.all(watched.map(signInDetailsOf));

    expectNotFound(await medwayAdmin.client.get(paths.resetSignIn(worker.userId)), 'Medway administrator');
    expectNotFound(await medwayAdmin.client.post(paths.resetSignIn(worker.userId), {}), 'Medway administrator (post)');
    expect(hrefsOf((await medwayAdmin.client.get(paths.accounts)).body)).not.toContain(paths.resetSignIn(worker.userId));
    expectNotFound(await kentAdmin.client.get(paths.resetSignIn(kentAdmin.userId)), 'own');
    expectNotFound(await kentAdmin.client.post(paths.resetSignIn(kentAdmin.userId), {}), 'own (post)');
    expectNotFound(await kentAdmin.client.get(paths.resetSignIn(leaver.userId)), 'deactivated');
    expectNotFound(await kentAdmin.client.post(paths.resetSignIn(leaver.userId), {}), 'deactivated (post)');
    expectNotFound(await kentAdmin.client.get(paths.resetSignIn(randomUUID())), 'unknown');
    expectNotFound(await kentAdmin.client.post(paths.resetSignIn(randomUUID()), {}), 'unknown (post)');
    expectNotFound(await kentAdmin.client.get(paths.resetSignIn('not-an-id')), 'not an id');

    expect(await Promise.all(watched.map(signInDetailsOf))).toEqual(before);
    expect((await worker.client.get(paths.home)).statusCode).toBe(200);
    expect((await kentAdmin.client.get(paths.home)).statusCode).toBe(200);
  });

  it('should let a system administrator reset an account in any organisation', async () => {
    const admin = await person(NATIONAL, 'system_administrator');
    const officer = await person(KENT_POLICE, 'police_coordinator', 'Officer Lostphone');
    const question = await admin.client.get(paths.resetSignIn(officer.userId));
    expect(textOf(question.body)).toContain('Reset sign-in details for Officer Lostphone?');
    const reset = await admin.client.post(paths.resetSignIn(officer.userId), {});
    expect(titleOf(reset.body)).toBe('Sign-in details reset – Lantern');
    expect(await signInThroughPages(officer.email, codeOf(reset.body, 'password'), codeOf(reset.body, 'set-up-key').replaceAll(' ', ''))).toBe(paths.home);
  });
});

// ---- Break-glass reviews ----

describe('break-glass reviews', () => {
  it('should list an opening of the authority’s record, review it with a note, and move it to the reviewed table', async () => {
    const { id: childId } = await createLookedAfterChild(kentApi, { givenNames: 'Brek', familyName: 'Glassington' });
    const officer = await person(KENT_POLICE, 'police_coordinator', 'Officer Opening');
    const opened = await t.services.children.breakGlass(officer.actor, childId, 'Sighting reported near Dover, need placement address');
    expect(opened.ok).toBe(true);
    const manager = await person(KENT, 'team_manager');

    const list = await manager.client.get(paths.breakGlassReviews);
    expect(list.statusCode).toBe(200);
    expect(titleOf(list.body)).toBe('Break-glass reviews – Lantern');
    const waiting = tableRows(list.body, 'waiting for review');
    const row = waiting.find((cells) => cells[0] === 'Brek Glassington');
    expect(row?.slice(1, 4)).toEqual([
      'Officer Opening, Police missing-person coordinator, Kent Police',
      '15 June 2025 at 1:00pm',
      'Sighting reported near Dover, need placement address',
    ]);
    expect(hrefsOf(list.body)).toContain(paths.child(childId));
    const opening = await t.handle.db.selectFrom('breakGlassAccess').select('id').where('childId', '=', childId).executeTakeFirstOrThrow();
    expect(hrefsOf(list.body)).toContain(paths.reviewBreakGlass(opening.id));

    const form = await manager.client.get(paths.reviewBreakGlass(opening.id));
    expect(titleOf(form.body)).toBe('Review a break-glass opening – Lantern');
    expect(textOf(form.body)).toContain('Reason they gave Sighting reported near Dover');

    const empty = await manager.client.post(paths.reviewBreakGlass(opening.id), { note: '   ' });
    expect(titleOf(empty.body)).toBe('Error: Review a break-glass opening – Lantern');
    expect(errorSummaryOf(empty.body)).toEqual([{ href: '#note', text: 'Enter a review note' }]);
    const tooLong = await manager.client.post(paths.reviewBreakGlass(opening.id), { note: 'x'.repeat(1001) });
    expect(inlineErrorOf(tooLong.body, 'note')).toBe('Review note must be 1000 characters or fewer');

    const reviewed = await manager.client.post(paths.reviewBreakGlass(opening.id), { note: 'Checked with Kent Police: justified.' });
    expect(reviewed.statusCode).toBe(303);
    expect(reviewed.headers.location).toBe(`${paths.breakGlassReviews}?reviewed=${opening.id}`);
    const after = await manager.client.get(reviewed.headers.location!);
    expect(bannerOf(after.body)).toContain('Break-glass opening reviewed');
    expect(bannerOf(after.body)).toContain('Brek Glassington’s record');
    expect(tableRows(after.body, 'waiting for review').some((cells) => cells[0] === 'Brek Glassington')).toBe(false);
    const done = tableRows(after.body, 'most recently reviewed').find((cells) => cells[0] === 'Brek Glassington');
    expect(done?.[5]).toBe('Checked with Kent Police: justified.');
    expect(done?.[4]).toContain('15 June 2025 at 1:00pm by');

    // Reviewed once: the form is gone.
    expectNotFound(await manager.client.get(paths.reviewBreakGlass(opening.id)), 'reviewed opening');
    expectNotFound(await manager.client.post(paths.reviewBreakGlass(opening.id), { note: 'Again' }), 'reviewed opening (post)');
  });

  it('should answer "Page not found" to everyone but the responsible authority’s team managers', async () => {
    const { id: childId } = await createLookedAfterChild(kentApi);
    const officer = await person(KENT_POLICE, 'police_coordinator');
    await t.services.children.breakGlass(officer.actor, childId, 'Needed to check the placement address');
    const opening = await t.handle.db.selectFrom('breakGlassAccess').select('id').where('childId', '=', childId).executeTakeFirstOrThrow();
    for (const role of ROLES.filter((candidate) => candidate !== 'team_manager')) {
      const someone = await person(HOME_OF[role], role);
      expectNotFound(await someone.client.get(paths.breakGlassReviews), `${role}: list`);
      expectNotFound(await someone.client.get(paths.reviewBreakGlass(opening.id)), `${role}: form`);
      expectNotFound(await someone.client.post(paths.reviewBreakGlass(opening.id), { note: 'Not mine to review' }), `${role}: review`);
    }
    // Another authority's team manager has a list of their own, without Kent's openings.
    const medway = await person(MEDWAY, 'team_manager');
    const medwayList = await medway.client.get(paths.breakGlassReviews);
    expect(medwayList.statusCode).toBe(200);
    expect(hrefsOf(medwayList.body)).not.toContain(paths.reviewBreakGlass(opening.id));
    expect(hrefsOf(medwayList.body)).not.toContain(paths.child(childId));
    expectNotFound(await medway.client.get(paths.reviewBreakGlass(opening.id)), 'Medway team manager: form');
    expectNotFound(await medway.client.post(paths.reviewBreakGlass(opening.id), { note: 'Not mine to review' }), 'Medway team manager: review');
    const still = await t.handle.db.selectFrom('breakGlassAccess').select('reviewedAt').where('id', '=', opening.id).executeTakeFirstOrThrow();
    expect(still.reviewedAt).toBeNull();
  });
});

// ---- Who has seen this record ----

describe('who has seen this record', () => {
  it('should show a team manager and a data officer the views of the record that happened, newest first, break-glass marked', async () => {
    const { id: childId } = await createLookedAfterChild(kentApi, { givenNames: 'Seen', familyName: 'Often' });
    const worker = await person(KENT, 'social_worker', 'Sam Viewer');
    expect((await worker.client.get(paths.child(childId))).statusCode).toBe(200);
    t.clock.advanceHours(1);
    const officer = await person(KENT_POLICE, 'police_coordinator', 'Officer Glass');
    await t.services.children.breakGlass(officer.actor, childId, 'Child seen with an adult of concern');
    expect((await officer.client.get(paths.child(childId))).statusCode).toBe(200);

    for (const role of ['team_manager', 'data_officer'] as const) {
      const reader = await person(KENT, role);
      const record = await reader.client.get(paths.child(childId));
      expect(hrefsOf(record.body), role).toContain(paths.recordAccess(childId));
      const page = await reader.client.get(paths.recordAccess(childId));
      expect(page.statusCode, role).toBe(200);
      expect(titleOf(page.body)).toBe('Who has seen this record – Lantern');
      expect(textOf(page.body)).toContain('Seen Often');
      const rows = tableRows(page.body);
      const samRow = rows.find((cells) => cells[1] === 'Sam Viewer');
      expect(samRow?.slice(0, 6)).toEqual(['15 June 2025 at 1:00pm', 'Sam Viewer', 'Kent', 'Social worker', 'Viewed the child’s record', 'No']);
      const glassRows = rows.filter((cells) => cells[1] === 'Officer Glass');
      expect(glassRows.map((cells) => [cells[4], cells[5]])).toEqual([
        ['Viewed the child’s record', 'Break-glass'],
        ['Opened the record with break-glass', 'Break-glass'],
      ]);
      // Newest first.
      expect(rows.findIndex((cells) => cells[1] === 'Officer Glass')).toBeLessThan(rows.indexOf(samRow!));
    }
    t.clock.set('2025-06-15T12:00:00.000Z');
  });

  it('should page through a long history', async () => {
    const { id: childId } = await createLookedAfterChild(kentApi);
    const worker = await person(KENT, 'social_worker');
    for (let view = 0; view < 51; view += 1) await t.services.children.getChildRecord(worker.actor, childId);
    const manager = await person(KENT, 'team_manager');
    const first = await manager.client.get(paths.recordAccess(childId));
    expect(tableRows(first.body)).toHaveLength(50);
    expect(hrefsOf(first.body)).toContain(`${paths.recordAccess(childId)}?page=2`);
    const second = await manager.client.get(`${paths.recordAccess(childId)}?page=2`);
    // The 51st view, and the manager's own look at the first page.
    expect(tableRows(second.body).length).toBeGreaterThanOrEqual(1);
    expect(hrefsOf(second.body)).toContain(`${paths.recordAccess(childId)}?page=1`);
  });

  it('should answer "Page not found" to everyone else, and not offer the link', async () => {
    const { id: childId } = await createLookedAfterChild(kentApi);
    const worker = await person(KENT, 'social_worker');
    expect(hrefsOf((await worker.client.get(paths.child(childId))).body)).not.toContain(paths.recordAccess(childId));
    const refused: [string, Role][] = [
      ...ROLES.filter((role) => role !== 'team_manager' && role !== 'data_officer').map((role): [string, Role] => [HOME_OF[role], role]),
      [MEDWAY, 'team_manager'],
      [MEDWAY, 'data_officer'],
    ];
    for (const [organisation, role] of refused) {
      const someone = await person(organisation, role);
      expectNotFound(await someone.client.get(paths.recordAccess(childId)), `${role} at ${organisation}`);
    }
    const manager = await person(KENT, 'team_manager');
    expectNotFound(await manager.client.get(paths.recordAccess(randomUUID())), 'unknown child');
    expectNotFound(await manager.client.get(paths.recordAccess('not-an-id')), 'not an id');
  });

  it('should audit looking at who has seen the record', async () => {
    const { id: childId } = await createLookedAfterChild(kentApi);
    const manager = await person(KENT, 'team_manager');
    await manager.client.get(paths.recordAccess(childId));
    const events = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entity'])
      .where('actorId', '=', manager.userId)
      .where('childId', '=', childId)
      .execute();
    expect(events).toContainEqual({ action: 'VIEW_RECORD', entity: 'recordAccess' });
  });
});

// ---- The audit trail ----

describe('the audit trail', () => {
  it('should show an organisation administrator their own organisation’s events only', async () => {
    const kentWorker = await person(KENT, 'social_worker', 'Kent Audited Worker');
    const medwayWorker = await person(MEDWAY, 'social_worker', 'Medway Unseen Worker');
    const admin = await person(KENT, 'organisation_administrator');
    const page = await admin.client.get(paths.auditTrail);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Audit trail – Lantern');
    const rows = tableRows(page.body);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((cells) => cells[2] === 'Kent')).toBe(true);
    expect(page.body).not.toContain('Medway Unseen Worker');
    const worker = tableRows((await admin.client.get(`${paths.auditTrail}?person=${kentWorker.userId}`)).body);
    expect(worker.map((cells) => [cells[1], cells[4]])).toContainEqual(['Kent Audited Worker', 'Signed in']);
    // Another organisation's person: their events are not this administrator's to see.
    const medway = await admin.client.get(`${paths.auditTrail}?person=${medwayWorker.userId}`);
    expect(tableRows(medway.body)).toEqual([]);
    expect(textOf(medway.body)).toContain('No events match these filters');
    // No organisation filter for an organisation administrator; their search is audited.
    expect(page.body).not.toContain('name="organisation"');
    const searches = await t.handle.db.selectFrom('auditEvent').select('entity').where('actorId', '=', admin.userId).where('action', '=', 'SEARCH').execute();
    expect(searches).toContainEqual({ entity: 'auditEvent' });
  });

  it('should filter by action, person and dates, and page through the results keeping the filters', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    for (let list = 0; list < 51; list += 1) await t.services.userAdmin.listAccounts(admin.actor);
    const filters = `action=LIST&person=${admin.userId}&from-day=15&from-month=6&from-year=2025&to-day=15&to-month=6&to-year=2025`;
    const first = await admin.client.get(`${paths.auditTrail}?${filters}`);
    const rows = tableRows(first.body);
    expect(rows).toHaveLength(50);
    expect(rows.every((cells) => cells[1] === admin.displayName && cells[4] === 'Listed accounts')).toBe(true);
    const next = hrefsOf(first.body).find((href) => href.includes('page=2'));
    expect(next).toBeDefined();
    expect(next).toContain(`person=${admin.userId}`);
    expect(next).toContain('action=LIST');
    const second = await admin.client.get(next!);
    expect(tableRows(second.body).length).toBeGreaterThanOrEqual(1);
    expect(tableRows(second.body).every((cells) => cells[4] === 'Listed accounts')).toBe(true);

    const later = await admin.client.get(
      `${paths.auditTrail}?person=${admin.userId}&from-day=16&from-month=6&from-year=2024&to-day=14&to-month=6&to-year=2025`,
    );
    expect(textOf(later.body)).toContain('No events match these filters');
  });

  it('should show every error in the filters', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const wrong = await admin.client.get(
      `${paths.auditTrail}?from-day=31&from-month=2&from-year=2025&to-day=1&to-month=1&to-year=2025&action=DESTROY&person=someone`,
    );
    expect(wrong.statusCode).toBe(200);
    expect(titleOf(wrong.body)).toBe('Error: Audit trail – Lantern');
    expect(errorSummaryOf(wrong.body)).toEqual([
      { href: '#from-day', text: 'The date from must be a real date' },
      { href: '#action', text: 'Select an action from the list' },
      { href: '#person', text: 'Select a person from the list' },
    ]);
    const backwards = await admin.client.get(`${paths.auditTrail}?from-day=2&from-month=6&from-year=2025&to-day=1&to-month=6&to-year=2025`);
    expect(errorSummaryOf(backwards.body)).toEqual([{ href: '#to-day', text: 'The date to must be the same as or after the date from' }]);
    const future = await admin.client.get(`${paths.auditTrail}?from-day=16&from-month=6&from-year=2025`);
    expect(errorSummaryOf(future.body)).toEqual([{ href: '#from-day', text: 'The date from must be today or in the past' }]);
    expect(tableRows(future.body)).toEqual([]);
  });

  it('should let a system administrator search every organisation’s events and filter by organisation', async () => {
    await person(MEDWAY, 'team_manager', 'Medway Seen By System Audit');
    const admin = await person(NATIONAL, 'system_administrator');
    const page = await admin.client.get(`${paths.auditTrail}?organisation=${MEDWAY}&action=SIGN_IN`);
    expect(page.body).toContain('name="organisation"');
    const rows = tableRows(page.body);
    expect(rows.some((cells) => cells[1] === 'Medway Seen By System Audit')).toBe(true);
    expect(rows.every((cells) => cells[2] === 'Medway' && cells[4] === 'Signed in')).toBe(true);
  });

  it('should never show the values of a change to a child’s record', async () => {
    await createLookedAfterChild(kentApi, { givenNames: 'Secretname', familyName: 'Hiddenfamily' });
    const admin = await person(KENT, 'organisation_administrator');
    const page = await admin.client.get(`${paths.auditTrail}?action=CREATE`);
    expect(tableRows(page.body).length).toBeGreaterThan(0);
    expect(page.body).not.toContain('Secretname');
    expect(page.body).not.toContain('Hiddenfamily');
  });

  it.each(ROLES.filter((role) => role !== 'organisation_administrator' && role !== 'system_administrator'))(
    'should answer "Page not found" to a %s',
    async (role) => {
      const someone = await person(HOME_OF[role], role);
      expectNotFound(await someone.client.get(paths.auditTrail), role);
      expectNotFound(await someone.client.get(`${paths.auditTrail}?from-day=99`), `${role} with wrong filters`);
    },
  );
});

// ---- Navigation ----

describe('the service navigation', () => {
  it.each([
    ['organisation_administrator', ['Accounts', 'API tokens', 'Audit']],
    ['system_administrator', ['Accounts', 'API tokens', 'Audit']],
    ['team_manager', ['Reviews']],
    ['social_worker', []],
  ] as const)('should offer a %s the administration links their role can use', async (role, expected) => {
    const someone = await person(role === 'system_administrator' ? NATIONAL : KENT, role);
    const home = await someone.client.get(paths.home);
    const navigation = /<nav[^>]*govuk-service-navigation[\s\S]*?<\/nav>/.exec(home.body)?.[0] ?? home.body;
    const links = [...navigation.matchAll(/<a class="govuk-service-navigation__link" href="[^"]*"[^>]*>\s*([^<]*?)\s*<\/a>/g)].map((match) => match[1]);
    for (const text of ['Accounts', 'API tokens', 'Audit', 'Reviews'])
      expect(links.includes(text), `${role}: ${text}`).toBe((expected as readonly string[]).includes(text));
  });
});
