import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NATIONAL, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

/** Collects the console's Content Security Policy complaints (an inline style the policy blocked, say). */
function cspViolations(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) messages.push(message.text());
  });
  return messages;
}

describe.skipIf(!hasChromium)('statistics in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    lantern = await startLantern({ children: 400 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should let a national analyst open the statistics, change the query and see the chart and table', async () => {
    const page = await lantern.newPage();
    const csp = cspViolations(page);
    await lantern.signIn(page, DEMO_NATIONAL, 'national_analyst');
    await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Statistics', exact: true }).click();
    await page.waitForURL('**/statistics');
    expect(await page.title()).toBe('Statistics – Lantern');
    expect(await page.getByRole('table', { name: /Heading back to harm/ }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Children').selectOption('all');
    await page.getByLabel('Missing (M) and away without authorisation (A)').check();
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await page.waitForURL(/cohort=all/);
    expect(await page.getByRole('heading', { level: 2, name: /All looked-after children, United Kingdom/ }).count()).toBe(1);
    // With every looked-after child counted, the percentage is large enough to publish: the chart is there.
    const chart = page.getByRole('img', { name: /Bar chart: \d+% of looked-after children in United Kingdom went missing/ });
    expect(await chart.count()).toBe(1);
    expect(await page.getByRole('table', { name: /Heading back to harm: all looked-after children/ }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    expect(csp).toEqual([]);
  });

  it('should let a Kent data officer see Kent’s own figures, with no accessibility violations', async () => {
    const page = await lantern.newPage();
    const csp = cspViolations(page);
    await lantern.signIn(page, KENT, 'data_officer');
    await page.goto('/statistics');
    await page.getByLabel('Area').selectOption(`authority:${KENT}`);
    await page.getByLabel('Children').selectOption('all');
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await page.waitForURL(/geography=authority/);
    expect(await page.getByText('These are your authority’s own figures').count()).toBe(1);
    expect(await page.getByRole('table', { name: /Heading back to harm: all looked-after children, Kent/ }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await page.goto('/statistics/foi-pack');
    expect(await page.title()).toBe('Freedom of Information pack – Lantern');
    expect(await page.getByRole('heading', { name: 'Question 1' }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    expect(csp).toEqual([]);
  });
});
