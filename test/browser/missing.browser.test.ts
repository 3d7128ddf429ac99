import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, startLantern, ukMoment } from './harness.ts';
import type { Lantern } from './harness.ts';

// A child goes missing and comes back, in a real browser against a seeded demo database: report them
// missing, change the episode while they are missing, see them in My work, record their return and then their return home interview, with
// axe-core on every page, including one showing errors.

async function fillMoment(page: Page, name: string, moment: ReturnType<typeof ukMoment>): Promise<void> {
  await page.locator(`#${name}Date-day`).fill(moment.day);
  await page.locator(`#${name}Date-month`).fill(moment.month);
  await page.locator(`#${name}Date-year`).fill(moment.year);
  await page.locator(`#${name}Time`).fill(moment.time);
}

describe.skipIf(!hasChromium)('a missing episode in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    // Enough of a population that Kent has children looked after who are not missing.
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should report a child missing, show them in My work, and record their return and return home interview', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const child = await childToReport(lantern, { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' });

    // Report missing: first with nothing filled in, to see the errors.
    await page.goto(`/children/${child.id}/missing/new`);
    expect(await page.title()).toBe('Report a child missing – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Report a child missing – Lantern');
    // The title arrives before the body: wait for each thing counted on a new page, then count it.
    const lastSeenError = page.getByRole('alert').getByRole('link', { name: 'Enter the date the child was last seen' });
    await lastSeenError.first().waitFor();
    expect(await lastSeenError.count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Missing', { exact: true }).check();
    await fillMoment(page, 'lastSeen', ukMoment(60));
    await page.getByLabel('Where were they last seen? (optional)').fill('Outside the placement');
    await fillMoment(page, 'reportedToPolice', ukMoment(50));
    await page.getByLabel('Police force (optional)').fill('Kent Police');
    await page.getByLabel('Police reference (optional)').fill('KP-BROWSER-1');
    await page.getByLabel('High', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before reporting the child missing – Lantern');
    await page.getByText('KP-BROWSER-1').first().waitFor();
    expect(await page.getByText('KP-BROWSER-1').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Report missing' }).click();
    expect(await page.title()).toBe('Missing episode reported – Lantern');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Missing episode reported');
    await expectNoAccessibilityViolations(page);

    // Change the episode while the child is missing: a police report before they were last seen is an
    // error on the question page; a row's Change goes back to its question with every answer kept.
    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByRole('link', { name: /^Change the details/ }).click();
    expect(await page.title()).toBe('Change the missing episode – Lantern');
    expect(await page.getByLabel('Police reference (optional)').inputValue()).toBe('KP-BROWSER-1');
    await expectNoAccessibilityViolations(page);
    await fillMoment(page, 'reportedToPolice', ukMoment(70));
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Change the missing episode – Lantern');
    const policeError = page
      .getByRole('alert')
      .getByRole('link', { name: /^The date and time the child was reported to the police must be after the child was last seen/ });
    await policeError.first().waitFor();
    expect(await policeError.count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await fillMoment(page, 'reportedToPolice', ukMoment(40));
    await page.getByLabel('Police reference (optional)').fill('KP-BROWSER-2');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before changing the missing episode – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Change police risk level' }).click();
    expect(await page.title()).toBe('Change the missing episode – Lantern');
    expect(new URL(page.url()).hash).toBe('#policeRiskLevel');
    expect(await page.getByLabel('Police reference (optional)').inputValue()).toBe('KP-BROWSER-2');
    await page.getByLabel('Medium', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.title()).toBe('Missing episode updated – Lantern');
    expect(await page.locator('.govuk-panel').textContent()).toContain('Police reference KP-BROWSER-2');
    await expectNoAccessibilityViolations(page);

    // My work lists the child as missing now, with the action to record their return.
    await page.getByRole('link', { name: 'Go to My work' }).click();
    expect(await page.title()).toBe('My work – Lantern');
    const missingNow = page.getByRole('table', { name: /^Children missing now/ });
    await missingNow.getByRole('link', { name: child.name, exact: true }).first().waitFor();
    expect(await missingNow.getByRole('link', { name: child.name, exact: true }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: `Record return for ${child.name}` }).click();

    // Record the return.
    expect(await page.title()).toBe('Record that the child came back – Lantern');
    await expectNoAccessibilityViolations(page);
    await fillMoment(page, 'end', ukMoment(30));
    await page.getByLabel('They came back of their own accord').check();
    await page.getByLabel('No harm disclosed').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before recording the return – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Record return' }).click();
    expect(await page.title()).toBe('Return recorded – Lantern');
    await page.getByText('Return home interview due by').first().waitFor();
    expect(await page.getByText('Return home interview due by').count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    // Record the return home interview, held within the 72 hours.
    await page.getByRole('link', { name: 'Record the return home interview' }).click();
    expect(await page.title()).toBe('Record a return home interview – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Offered and accepted').check();
    await fillMoment(page, 'offered', ukMoment(20));
    await fillMoment(page, 'completed', ukMoment(10));
    await page.getByLabel('An independent return interview provider').check();
    await page.getByLabel('Information shared with the police').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before recording the interview – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Record interview' }).click();
    expect(await page.title()).toBe('Return home interview recorded – Lantern');
    expect(await page.locator('.govuk-panel').textContent()).toContain('Completed within 72 hours');
    await expectNoAccessibilityViolations(page);

    // Nothing identifying travelled in an address.
    expect(page.url()).not.toContain(child.familyName);
    // A whole journey with axe on every page: minutes on a busy machine.
  });
});
