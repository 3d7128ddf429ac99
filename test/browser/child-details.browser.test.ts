import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// Changing a child's identifiers, languages and interpreter, and nationality from their record, in a
// real browser, with axe-core on every page state: the question page filled in as recorded, its
// errors, check your answers, a Change button back to one question, and the confirmation.

describe.skipIf(!hasChromium)('changing a child’s details in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    // Enough of a population that Kent has children looked after who are not missing.
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should change the identifiers, the languages and the nationality, each from the record', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const child = await childToReport(lantern, { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' });
    const record = `/children/${child.id}`;

    // Identifiers: a mistake, then check your answers, Change back to one question, and save.
    await page.goto(record);
    await page.getByRole('link', { name: /^Change identifiers/ }).click();
    expect(await page.title()).toBe('Change the child’s identifiers – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Your authority’s ID for the child').fill('');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Change the child’s identifiers – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Your authority’s ID for the child').fill(`B${child.id.slice(0, 8)}`);
    await page.getByLabel('Home Office reference (optional)').fill('HO-BROWSER-1');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before changing the identifiers – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Change Home Office reference' }).click();
    expect(await page.title()).toBe('Change the child’s identifiers – Lantern');
    expect(await page.getByLabel('Home Office reference (optional)').inputValue()).toBe('HO-BROWSER-1');
    await page.getByLabel('Home Office reference (optional)').fill('HO-BROWSER-2');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Save identifiers' }).click();
    expect(await page.title()).toBe('Identifiers changed – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByText('HO-BROWSER-2').waitFor();

    // Languages and interpreter.
    await page.getByRole('link', { name: /^Change languages/ }).click();
    expect(await page.title()).toBe('Change the child’s languages and interpreter – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Languages the child speaks (optional)').fill('Tigrinya, Arabic');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before changing the languages – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Save languages' }).click();
    expect(await page.title()).toBe('Languages changed – Lantern');

    // Nationality.
    await page.goto(record);
    await page.getByRole('link', { name: /^Change nationality/ }).click();
    expect(await page.title()).toBe('Change the child’s nationality – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Nationality').selectOption('ER');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before changing the nationality – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Save nationality' }).click();
    expect(await page.title()).toBe('Nationality changed – Lantern');
    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByText('Eritrea').first().waitFor();
    await page.getByText('Tigrinya, Arabic').waitFor();
  });
});
