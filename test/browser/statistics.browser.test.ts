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
    // Released beyond the owner: perturbed, and the page says so.
    expect(await page.getByText(/each count has had a little noise added \(the cell-key method/).count()).toBe(1);
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

    // Every year the data covers is offered: the oldest can be shown, and downloaded.
    const oldest = await page.getByLabel('Period').locator('option').last().getAttribute('value');
    expect(Number(oldest)).toBeLessThan(new Date().getUTCFullYear() - 1);
    await page.getByLabel('Period').selectOption(oldest ?? '');
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await page.waitForURL(new RegExp(`year=${oldest ?? ''}`));
    expect(await page.getByText(`Episodes starting from ${Number(oldest) - 1}-10-01 to ${oldest ?? ''}-09-30`).count()).toBe(1);
    const download = await page.getByRole('link', { name: /^CSV/ }).getAttribute('href');
    expect(download).toContain(`year=${oldest ?? ''}`);

    await page.goto('/statistics/foi-pack');
    expect(await page.title()).toBe('Freedom of Information pack – Lantern');
    expect(await page.getByRole('heading', { name: 'Question 1' }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    expect(csp).toEqual([]);
  });
});
