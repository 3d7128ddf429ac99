import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICE, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

describe.skipIf(!hasChromium)('administration and oversight in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    lantern = await startLantern();
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should let an organisation administrator add an account through to its confirmation, deactivate another, and search the audit trail', async () => {
    const leaver = await lantern.services.users.createUser({
      organisationCode: KENT,
      role: 'social_worker',
      email: 'dana.departing@kent.example.gov.uk',
      displayName: 'Dana Departing',
      password: 'a long unusual passphrase',
    });
    if (!leaver.ok) throw new Error('could not create the leaver');
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'organisation_administrator');

    await page.getByRole('link', { name: 'Accounts' }).click();
    expect(await page.title()).toBe('Accounts – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Add an account' }).click();
    expect(await page.title()).toBe('Add an account – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Add an account – Lantern');
    expect(await page.getByRole('alert').getByText('Enter the person’s full name').count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Full name').fill('Nia Newstarter');
    await page.getByLabel('Email address').fill('nia.newstarter@kent.example.gov.uk');
    await page.getByLabel('Team manager', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before adding the account – Lantern');
    expect(await page.getByText('nia.newstarter@kent.example.gov.uk').count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Add account' }).click();
    expect(await page.title()).toBe('Account added – Lantern');
    // The address names no one: the details were posted.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/accounts/new');
    expect(await page.locator('[data-qa="set-up-key"]').textContent()).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    expect(await page.locator('[data-qa="password"]').textContent()).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){4}$/);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Go to accounts' }).click();
    expect(await page.getByRole('cell', { name: /^Nia Newstarter nia\.newstarter@/ }).count()).toBe(1);
    await page.getByRole('link', { name: 'Deactivate Dana Departing’s account' }).click();
    expect(await page.title()).toBe('Are you sure you want to deactivate this account? – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Are you sure you want to deactivate this account? – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/accounts' && url.searchParams.get('deactivated') === leaver.value.id);
    expect(await page.getByText('Dana Departing’s account has been deactivated').count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    expect(await page.title()).toBe('Audit trail – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Action').selectOption('USER_CHANGED');
    await page.getByRole('button', { name: 'Search' }).click();
    // Waits for the results page: counting at once could count the page the click is leaving.
    await page.getByRole('cell', { name: 'Changed an account' }).first().waitFor();
    await expectNoAccessibilityViolations(page);
    await page.locator('#from-day').fill('31');
    await page.locator('#from-month').fill('2');
    await page.locator('#from-year').fill('2025');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.title()).toBe('Error: Audit trail – Lantern');
    await expectNoAccessibilityViolations(page);
  });

  it('should let an organisation administrator reset someone’s sign-in details, which then sign them in', async () => {
    const forgetful = await lantern.services.users.createUser({
      organisationCode: KENT,
      role: 'social_worker',
      email: 'ravi.resetting@kent.example.gov.uk',
      displayName: 'Ravi Resetting',
      password: 'a long unusual passphrase',
    });
    if (!forgetful.ok) throw new Error('could not create the person');
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'organisation_administrator');

    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('link', { name: 'Reset sign-in details for Ravi Resetting' }).click();
    expect(await page.title()).toBe('Reset sign-in details – Lantern');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Reset sign-in details for Ravi Resetting?');
    expect(await page.getByText('Their current password and authenticator app will stop working straight away').count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Reset sign-in details' }).click();
    expect(await page.title()).toBe('Sign-in details reset – Lantern');
    // The address holds the account's id and no more: the reset was posted.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/accounts/${forgetful.value.id}/reset-sign-in`);
    const password = (await page.locator('[data-qa="password"]').textContent()) ?? '';
    const setUpKey = ((await page.locator('[data-qa="set-up-key"]').textContent()) ?? '').replaceAll(' ', '');
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){4}$/);
    expect(setUpKey).toMatch(/^[A-Z2-7]{32}$/);
    expect(setUpKey).not.toBe(forgetful.value.totpSecret);
    await expectNoAccessibilityViolations(page);

    // The new details sign them in through the pages.
    const theirs = await lantern.newPage();
    await theirs.goto('/sign-in');
    await theirs.getByLabel('Email address').fill('ravi.resetting@kent.example.gov.uk');
    await theirs.getByLabel('Password').fill(password);
    await theirs.getByRole('button', { name: 'Continue' }).click();
    await theirs
      .getByLabel(/code/i)
      .first()
      .fill(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setUpKey) }).generate());
    await theirs.getByRole('button', { name: /continue|sign in/i }).click();
    await theirs.waitForURL((url) => url.pathname === '/');
  });

  it('should let an organisation administrator rotate an API token, seeing the new one once', async () => {
    const old = await lantern.services.apiTokens.createToken(KENT, 'data_officer', 'Case system');
    if (!old.ok) throw new Error('could not create the token');
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'organisation_administrator');

    await page.getByRole('link', { name: 'API tokens' }).click();
    expect(await page.title()).toBe('API tokens – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: /^Rotate the token for Case system/ }).click();
    expect(await page.title()).toBe('Rotate an API token – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Rotate token' }).click();
    expect(await page.title()).toBe('API token rotated – Lantern');
    expect(await page.locator('[data-qa="api-token"]').textContent()).toMatch(/^lantern_[\w-]{43}$/);
    await expectNoAccessibilityViolations(page);
    expect(await lantern.services.apiTokens.authenticate(old.value.token, null)).toBeNull();
  });

  it('should let a team manager review a break-glass opening and then see it on who has seen the record', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'team_manager');
    const manager = { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'team_manager' as const };
    const listed = await lantern.services.children.listChildren(manager, { page: 1, pageSize: 1 });
    const child = listed.ok ? listed.value.items[0] : undefined;
    if (child === undefined) throw new Error('The demo has no Kent children');
    const officer = await lantern.services.users.createUser({
      organisationCode: DEMO_POLICE,
      role: 'police_coordinator',
      email: 'officer.glass@police.example.gov.uk',
      displayName: 'Officer Glass',
      password: 'a long unusual passphrase',
    });
    if (!officer.ok) throw new Error('could not create the officer');
    const opened = await lantern.services.children.breakGlass(
      { id: officer.value.id, organisationCode: DEMO_POLICE, localAuthorityCode: null, role: 'police_coordinator' },
      child.id,
      'Reported sighting at a car wash, need the placement address',
    );
    expect(opened.ok).toBe(true);

    await page.getByRole('link', { name: 'Reviews' }).click();
    expect(await page.title()).toBe('Break-glass reviews – Lantern');
    expect(await page.getByText('Reported sighting at a car wash, need the placement address').count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: /^Review the opening of/ }).click();
    expect(await page.title()).toBe('Review a break-glass opening – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Mark as reviewed' }).click();
    expect(await page.title()).toBe('Error: Review a break-glass opening – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Review note').fill('Confirmed with the force control room: the sighting was real.');
    await page.getByRole('button', { name: 'Mark as reviewed' }).click();
    await page.waitForURL((url) => url.pathname === '/break-glass-reviews' && url.searchParams.has('reviewed'));
    expect(await page.getByText('Break-glass opening reviewed').count()).toBe(1);
    expect(await page.getByText('There are no break-glass openings waiting for review.').count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'Confirmed with the force control room: the sighting was real.' }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page
      .getByRole('link', { name: `${child.givenNames} ${child.familyName}` })
      .first()
      .click();
    expect(await page.title()).toBe('Case file – Child’s record – Lantern');
    await page.getByRole('link', { name: 'See who has seen or changed this record' }).click();
    expect(await page.title()).toBe('Who has seen this record – Lantern');
    expect(await page.getByRole('cell', { name: 'Opened the record with break-glass' }).count()).toBe(1);
    await page.getByRole('cell', { name: 'Officer Glass' }).first().waitFor();
    await expectNoAccessibilityViolations(page);
  });
});
