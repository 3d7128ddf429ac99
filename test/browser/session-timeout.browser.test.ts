import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// The GOV.UK timeout warning in a real browser, with axe-core on every state (issue 12 item 6). The
// page's clock is Playwright's fake one, moved on by the test: the server's session is never really
// left unused for half an hour, so signing out at the end is the page's own doing.

describe.skipIf(!hasChromium)('the timeout warning in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should warn two minutes before an unused session ends, keep it on "Stay signed in", and sign out when the time is up', async () => {
    const page = await lantern.newPage();
    await page.clock.install();
    await lantern.signIn(page, KENT, 'social_worker');
    expect(await page.title()).toBe('My work – Lantern');
    const warning = page.getByRole('dialog', { name: 'You’re about to be signed out' });
    expect(await warning.count()).toBe(0);

    await page.clock.fastForward('28:01');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('we will sign you out in 2 minutes');
    // The dialog is modal: focus starts on "Stay signed in".
    expect(await warning.getByRole('button', { name: 'Stay signed in' }).evaluate((button) => button.ownerDocument.activeElement === button)).toBe(true);
    await expectNoAccessibilityViolations(page);

    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'hidden' });
    expect(await page.title()).toBe('My work – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.clock.fastForward('28:01');
    await warning.waitFor();
    await page.clock.fastForward('02:00');
    await page.waitForURL('**/sign-in?timed-out=1');
    expect(await page.getByText('You were signed out because you had not used Lantern for 30 minutes').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    // The session has ended on the server too.
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('should keep the answers on a question page when the time is up, for signing in again', async () => {
    const page = await lantern.newPage();
    await page.clock.install();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const actor = { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' } as const;
    const child = await childToReport(lantern, actor);
    const url = `/children/${child.id}/missing/new`;
    await page.goto(url);
    await page.getByLabel('Police reference (optional)').fill('KP-KEPT-IN-BROWSER');

    await page.clock.fastForward('28:01');
    await page.getByRole('dialog', { name: 'You’re about to be signed out' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.clock.fastForward('02:00');
    await page.waitForURL('**/sign-in?timed-out=1&kept=1');
    expect(await page.getByText('Your answers have been kept').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    // Signing in again continues there (test/http/session-timeout.test.ts follows it through).
    expect(await lantern.services.users.keptAnswersPath(actor)).toBe(url);
  });
});
