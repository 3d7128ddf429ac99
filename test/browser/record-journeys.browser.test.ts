import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, startLantern, ukMoment } from './harness.ts';
import type { Lantern } from './harness.ts';

// The journeys that keep a child's details up to date, in a real browser, with axe-core on every
// page state: the question page, its errors, check your answers, a Change button back to one
// question, and the confirmation.

describe.skipIf(!hasChromium)('keeping a child’s details up to date in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    // Enough of a population that Kent has children looked after who are not missing.
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should record a disputed age, changing one answer from check your answers', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const child = await childToReport(lantern, { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' });

    await page.goto(`/children/${child.id}`);
    await page.getByRole('button', { name: 'Record age status' }).click();
    expect(await page.title()).toBe('Record the child’s age status – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Record the child’s age status – Lantern');
    await expectNoAccessibilityViolations(page);

    const today = ukMoment(0);
    await page.getByLabel('Age assessment pending').check();
    await page.getByLabel('Day').fill(today.day);
    await page.getByLabel('Month').fill(today.month);
    await page.getByLabel('Year').fill(today.year);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before recording the age status – Lantern');
    await expectNoAccessibilityViolations(page);

    // Change goes back to the question, answered as it was.
    await page.getByRole('button', { name: 'Change age status' }).click();
    expect(await page.title()).toBe('Record the child’s age status – Lantern');
    expect(await page.getByLabel('Age assessment pending').isChecked()).toBe(true);
    expect(new URL(page.url()).hash).toBe('#status');
    await page.getByLabel('Age disputed').check();
    await page.getByLabel('Note (optional)').fill('The Home Office disputes the date of birth given');
    await page.getByRole('button', { name: 'Continue' }).click();
    // Wait for the check page itself: a count taken at once may read the page still loading.
    await page.getByRole('button', { name: 'Record age status' }).waitFor();
    expect(await page.getByText('Age disputed').count()).toBe(1);
    await page.getByRole('button', { name: 'Record age status' }).click();
    expect(await page.title()).toBe('Age status recorded – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByText('Age disputed').first().waitFor();
  });
});
