import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.ts';
import { expectNoAccessibilityViolations, hasChromium, KENT, MEDWAY, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// A reviewer in Medway adds a boy Kent also holds. Lantern proposes Kent's record; the reviewer compares
// the two side by side, first forgets to answer, then decides they are not the same child and says
// why. Every page passes axe.

describe.skipIf(!hasChromium)('a reviewer’s decision on two records in a browser', () => {
  let lantern: Lantern;
  let medwayChild: string;
  const actor = (code: string): Actor => ({ id: 'browser-test', organisationCode: code, localAuthorityCode: code, role: 'social_worker' });
  const boy = { givenNames: 'Mehari', familyName: 'Tesfamariam', sex: 'M', dateOfBirthClaimed: '2008-05-06' } as const;

  beforeAll(async () => {
    lantern = await startLantern();
    const kent = await lantern.services.children.addLookedAfterChild(actor(KENT), { ...boy, laChildId: 'BRKENT1', nationality: 'ER', upn: 'UN2' });
    const medway = await lantern.services.children.addLookedAfterChild(actor(MEDWAY), { ...boy, laChildId: 'BRMED1', nationality: 'ET', upn: 'UN2' });
    if (!kent.ok || !medway.ok) throw new Error('could not add the two records');
    medwayChild = medway.value.child.id;
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should propose the other record, compare the two, ask for an answer and a reason, and keep the decision', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, MEDWAY, 'social_worker');
    await page.goto(`/children/${medwayChild}/matches`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Records that may be the same child');
    const card = page.locator('.govuk-summary-card', { has: page.getByRole('heading', { level: 3, name: /Mehari Tesfamariam/ }) }).first();
    expect(await card.getByText('Kent').first().isVisible()).toBe(true);
    await expectNoAccessibilityViolations(page);

    await card.getByRole('link', { name: /Compare the records and decide/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Are these the same child?' }).waitFor();
    expect(await page.getByRole('table', { name: 'The two records side by side' }).getByRole('row').count()).toBe(7);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Save decision' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.title()).toMatch(/^Error: Are these the same child\?/);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('No, they are not the same child').check();
    await page.getByLabel('Why are they not the same child?').fill('Kent’s photograph is of an older boy');
    await page.getByRole('button', { name: 'Save decision' }).click();
    await page.getByText('These records are not of the same child').waitFor();
    expect(await page.getByText('Kent’s photograph is of an older boy').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save decision' }).count()).toBe(0);
    await expectNoAccessibilityViolations(page);

    // The pair is not proposed again.
    await page.goto(`/children/${medwayChild}/matches`);
    expect(await page.getByRole('link', { name: /Compare the records and decide/ }).count()).toBe(0);
  });
});
