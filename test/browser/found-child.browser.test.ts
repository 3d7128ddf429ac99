import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.ts';
import { DEMO_POLICE, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// A police coordinator at 3 a.m.: a child found gives a name; the search lists the Kent child with
// the evidence, and a search that finds nothing says what to try. Both pages pass axe.

describe.skipIf(!hasChromium)('found-child search in a browser', () => {
  let lantern: Lantern;
  let child: { givenNames: string; familyName: string };
  beforeAll(async () => {
    lantern = await startLantern();
    const kent: Actor = { id: 'browser-test', organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
    const listed = await lantern.services.children.listChildren(kent, { page: 1, pageSize: 20 });
    if (!listed.ok) throw new Error('no Kent children');
    const named = listed.value.items.find((item) => item.givenNames !== null && item.familyName !== null);
    if (named === undefined) throw new Error('no Kent child with both names');
    child = { givenNames: named.givenNames ?? '', familyName: named.familyName ?? '' };
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should list the child with the evidence for a police coordinator, and say what to try when nothing is found', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, DEMO_POLICE, 'police_coordinator');
    await page.getByRole('link', { name: 'Child found' }).click();
    await page.waitForURL('**/found-child');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Search for a child who has been found');
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Given names').fill(child.givenNames);
    await page.getByLabel('Family name (optional)').fill(child.familyName);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { level: 2, name: /possible match/ }).waitFor();
    // The address never carries what was typed.
    expect(new URL(page.url()).pathname).toBe('/found-child');
    expect(page.url()).not.toContain(encodeURIComponent(child.familyName));
    // Another child with the same names in another order may rank beside them: the child is among the candidates.
    const first = page
      .locator('.govuk-summary-card', { has: page.getByRole('heading', { level: 3, name: `${child.givenNames} ${child.familyName}` }) })
      .first();
    expect(await first.isVisible()).toBe(true);
    await first.getByText('Why this child is listed').click();
    expect(await first.getByRole('table', { name: 'How each detail moved the probability' }).getByRole('row').count()).toBe(9);
    expect(await first.getByRole('img', { name: /Chart of how each detail moved the probability/ }).isVisible()).toBe(true);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Given names').fill('Qwertyuiop');
    await page.getByLabel('Family name (optional)').fill('Zxcvbnmasdf');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { level: 2, name: 'No possible matches' }).waitFor();
    expect(await page.getByText('enter the names in another spelling').isVisible()).toBe(true);
    await expectNoAccessibilityViolations(page);
  });
});
