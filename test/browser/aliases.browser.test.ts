import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// Add a name a child has been known by, in a real browser, with axe-core on every page state.

describe.skipIf(!hasChromium)('adding an alias in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    // Enough of a population that Kent has children looked after who are not missing.
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should ask, show the errors, check the answers, and confirm', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const child = await childToReport(lantern, { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' });

    await page.goto(`/children/${child.id}`);
    await page.getByRole('button', { name: 'Add an alias' }).click();
    expect(await page.title()).toBe('Add a name the child has been known by – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Add a name the child has been known by – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Given names (optional)').fill('Mimi');
    await page.getByLabel('Day').fill('2');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2025');
    await page.getByLabel('Where the name was seen (optional)').fill('Police record');
    await page.getByLabel('Who gave or found the name').fill('Kent Police');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before adding the alias – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Add alias' }).click();
    expect(await page.title()).toBe('Alias added – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    // Waits for the record: counting at once could count the confirmation the click is leaving.
    await page.getByText('Mimi').first().waitFor();
  });
});
