import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NATIONAL, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

describe.skipIf(!hasChromium)('data quality in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    lantern = await startLantern();
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should let a Kent data officer open the overview from the navigation, with no accessibility violations', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'data_officer');
    await page.getByRole('link', { name: 'Data quality' }).click();
    await page.waitForURL('**/data-quality');
    expect(await page.title()).toBe('Data quality – Lantern');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data quality');
    expect(await page.getByText('Kent', { exact: true }).first().isVisible()).toBe(true);
    for (const section of [
      'Children and episodes now',
      'Completeness',
      'Records that break a rule',
      'Missing and away',
      'Probable duplicates in other authorities',
    ]) {
      expect(await page.getByRole('heading', { level: 2, name: section }).count(), section).toBe(1);
    }
    // "Why this matters" opens in place, without JavaScript doing more than the details element does.
    await page.getByText('Why this matters').first().click();
    await expectNoAccessibilityViolations(page);
  });

  it('should let a national analyst open the league table, with no accessibility violations', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, DEMO_NATIONAL, 'national_analyst');
    await page.getByRole('link', { name: 'Data quality' }).click();
    await page.waitForURL('**/data-quality/league-table');
    expect(await page.title()).toBe('Data quality league table – Lantern');
    const table = page.getByRole('table');
    expect(await table.getByRole('columnheader', { name: 'Rank' }).count()).toBe(1);
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);
    await expectNoAccessibilityViolations(page);
  });
});
