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

  it('should record an age assessment, showing a date that contradicts another on its question, and changing one answer', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const child = await childToReport(lantern, { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' });
    const lastYear = String(Number(ukMoment(0).year) - 1);
    const fillDate = async (name: string, day: string, month: string) => {
      await page.locator(`#${name}-day`).fill(day);
      await page.locator(`#${name}-month`).fill(month);
      await page.locator(`#${name}-year`).fill(lastYear);
    };

    await page.goto(`/children/${child.id}`);
    await page.getByRole('button', { name: 'Record an age assessment' }).click();
    expect(await page.title()).toBe('Record an age assessment – Lantern');
    await expectNoAccessibilityViolations(page);

    // An outcome before the assessment was asked for is an error on its question, before check your answers.
    await fillDate('referredOn', '2', '3');
    await fillDate('assessedOn', '1', '2');
    await page.getByLabel('The local authority', { exact: true }).check();
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('A child, under 18').check();
    await page.locator('#assessedAge').fill('16');
    await page.getByLabel('The child accepts the outcome').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Record an age assessment – Lantern');
    await page.getByRole('link', { name: /^The date of the outcome must be the same as or after/ }).waitFor();
    await expectNoAccessibilityViolations(page);

    await fillDate('assessedOn', '14', '4');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before recording the age assessment – Lantern');
    await expectNoAccessibilityViolations(page);

    // Change goes back to the question, answered as it was.
    await page.getByRole('button', { name: 'Change merton-compliant' }).click();
    expect(await page.title()).toBe('Record an age assessment – Lantern');
    expect(await page.getByLabel('Yes', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Record age assessment' }).waitFor();
    await page.getByRole('button', { name: 'Record age assessment' }).click();
    expect(await page.title()).toBe('Age assessment recorded – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByRole('heading', { name: `Age assessment, decided 14 April ${lastYear}` }).waitFor();
    await expectNoAccessibilityViolations(page);
  });

  it('should record a legal challenge to an age assessment, showing one brought before the outcome on its question', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const actor = { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' } as const;
    const child = await childToReport(lantern, actor);
    const lastYear = String(Number(ukMoment(0).year) - 1);
    // The assessment to challenge: the latest outcome, a child of 16, which the child disputes.
    const assessed = await lantern.services.children.recordAgeAssessment({ ...actor, origin: null }, child.id, {
      referredOn: `${lastYear}-03-02`,
      assessedOn: `${lastYear}-04-20`,
      assessedBy: 'NAAB',
      mertonCompliant: true,
      outcome: 'CHILD',
      assessedAge: 16,
      response: 'DISPUTED',
    });
    expect(assessed.ok).toBe(true);
    const fillDate = async (name: string, day: string, month: string) => {
      await page.locator(`#${name}-day`).fill(day);
      await page.locator(`#${name}-month`).fill(month);
      await page.locator(`#${name}-year`).fill(lastYear);
    };

    await page.goto(`/children/${child.id}`);
    await page.getByRole('button', { name: 'Record a legal challenge to an age assessment' }).click();
    const title = `Record a legal challenge to the age assessment decided 20 April ${lastYear} – Lantern`;
    expect(await page.title()).toBe(title);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('A judicial review').check();
    await fillDate('challengedOn', '1', '4');
    await page.getByLabel('Not decided yet').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe(`Error: ${title}`);
    await page.getByRole('link', { name: /^The date the challenge was brought must be the same as or after/ }).waitFor();
    await expectNoAccessibilityViolations(page);

    await fillDate('challengedOn', '2', '5');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before recording the legal challenge – Lantern');
    await expectNoAccessibilityViolations(page);

    // Change goes back to the question, answered as it was.
    await page.getByRole('button', { name: 'Change legal challenge' }).click();
    expect(await page.title()).toBe(title);
    expect(await page.getByLabel('A judicial review').isChecked()).toBe(true);
    await page.getByLabel('An appeal to the First-tier Tribunal').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Record legal challenge' }).waitFor();
    await page.getByRole('button', { name: 'Record legal challenge' }).click();
    expect(await page.title()).toBe('Legal challenge recorded – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByText('An appeal to the First-tier Tribunal').first().waitFor();
  });

  it('should record an estimated age in place of a date of birth, changing one answer from check your answers', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const child = await childToReport(lantern, { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' });

    await page.goto(`/children/${child.id}`);
    await page.getByRole('link', { name: 'Change date of birth given or estimated age' }).click();
    expect(await page.title()).toBe('Change the child’s date of birth or estimated age – Lantern');
    await expectNoAccessibilityViolations(page);

    // Not known, and no estimate yet: the estimate's questions say what is missing.
    await page.getByLabel('No, record an estimated age').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Change the child’s date of birth or estimated age – Lantern');
    await page.getByRole('link', { name: 'Enter the child’s estimated age in years' }).waitFor();
    await expectNoAccessibilityViolations(page);

    // A range wide enough for any child looked after now: no date in their record comes before all of it.
    await page.locator('#estimatedAgeFrom').fill('12');
    await page.locator('#estimatedAgeTo').fill('17');
    await page.getByLabel('A professional’s estimate, such as a social worker’s or doctor’s').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before changing the date of birth – Lantern');
    await expectNoAccessibilityViolations(page);

    // Change goes back to the question, answered as it was.
    await page.getByRole('button', { name: 'Change estimated age' }).click();
    expect(await page.title()).toBe('Change the child’s date of birth or estimated age – Lantern');
    expect(await page.locator('#estimatedAgeFrom').inputValue()).toBe('12');
    await page.locator('#estimatedAgeFrom').fill('10');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Save date of birth' }).waitFor();
    await page.getByText(/^estimated 10 to 17 years old/).waitFor();
    await page.getByRole('button', { name: 'Save date of birth' }).click();
    expect(await page.title()).toBe('Date of birth changed – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.waitForURL(`**/children/${child.id}`);
    expect(await page.locator('.govuk-summary-list__row', { hasText: 'Date of birth given' }).innerText()).toContain(
      'Not known — estimated 10 to 17 years old',
    );
  });
});
