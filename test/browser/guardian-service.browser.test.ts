import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEMO_GUARDIANS, expectNoAccessibilityViolations, hasChromium, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// The guardian service's managers at work on their own service, with axe on every page state: its caseload
// and statistics for a period they choose, and its standard for allocating a guardian.

describe.skipIf(!hasChromium)('the guardian service’s statistics and standard in a browser', () => {
  let lantern: Lantern;

  beforeAll(async () => {
    lantern = await startLantern();
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should show a manager the service’s statistics for a period, naming a wrong date', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, DEMO_GUARDIANS, 'guardian_manager');
    await page.getByRole('link', { name: 'Guardian referrals' }).click();
    await page.getByRole('link', { name: 'Caseload and statistics of the service' }).click();
    await page.getByRole('heading', { level: 1, name: 'Guardian service statistics' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('First day of the period').fill('2025-02-30');
    await page.getByLabel('Last day of the period').fill('2026-03-31');
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await page.getByRole('alert').getByText('There is a problem').waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('First day of the period').fill('2025-04-01');
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await page.getByRole('table', { name: 'Summary' }).waitFor();
    await expectNoAccessibilityViolations(page);
  });

  it('should let a manager change the standard for allocating a guardian in each role, refusing one that is not a number of days', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, DEMO_GUARDIANS, 'guardian_manager');
    await page.getByRole('link', { name: 'Guardian referrals' }).click();
    await page.getByRole('link', { name: 'Change the standard' }).click();
    await page.getByRole('group', { name: 'Within how many working days of a referral should a guardian be allocated?' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Direct worker').fill('0');
    await page.getByRole('button', { name: 'Save the standard' }).click();
    await page.getByRole('link', { name: 'Enter the working days for a direct worker as a whole number from 1 to 20' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Direct worker').fill('2');
    await page.getByRole('button', { name: 'Save the standard' }).click();
    await page.getByText(/a direct worker within 2 working days/).waitFor();
    await expectNoAccessibilityViolations(page);
  });
});
