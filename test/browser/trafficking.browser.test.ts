import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.ts';
import { expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// A Kent social worker raises a trafficking concern about a demo child, records the NRM referral
// and a positive reasonable grounds decision, then ends the child's care period and adds a new
// one out of area. Every page, including one showing errors, is checked with axe-core.

/** Today in the UK, as the server's clock sees it. */
const today = (): { day: string; month: string; year: string } => {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .split('-') as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
};

async function fillDate(page: Page, legend: string): Promise<void> {
  const { day, month, year } = today();
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

async function continueTo(page: Page, button: string, title: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.waitForLoadState();
  expect(await page.title()).toBe(`${title} – Lantern`);
}

describe.skipIf(!hasChromium)('trafficking concerns and care periods in a browser', () => {
  let lantern: Lantern;
  let childId: string;
  let openPeriodId: string;

  beforeAll(async () => {
    // Enough demo children for Kent to look after some who are not missing now.
    lantern = await startLantern({ children: 600 });
    // A demo child Kent looks after now, in a care period that started before today, and not missing.
    const officer = await lantern.services.users.createUser({
      organisationCode: KENT,
      role: 'data_officer',
      email: 'finder@kent.example.gov.uk',
      displayName: 'Test finder',
      password: 'a long unusual passphrase',
    });
    if (!officer.ok) throw new Error('no data officer');
    const actor: Actor = { id: officer.value.id, organisationCode: KENT, localAuthorityCode: KENT, role: 'data_officer' };
    const children = await lantern.services.children.listChildren(actor, { missing: false, page: 1, pageSize: 100 });
    if (!children.ok) throw new Error('no children');
    const todayIso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    for (const summary of children.value.items) {
      const record = await lantern.services.children.getChild(actor, summary.id);
      const open = record.ok ? record.value.carePeriods.find((period) => period.endDate === null && period.startDate < todayIso) : undefined;
      if (record.ok && open && record.value.summary.ageToday !== null && record.value.summary.ageToday < 18) {
        childId = summary.id;
        openPeriodId = open.id;
        break;
      }
    }
    expect(childId).toBeDefined();
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should raise a concern, record the NRM referral and a positive reasonable grounds decision, and show the child as identified', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    // The demo gates Kent's NRM referrals on first-responder training (src/demo.ts): this new social worker has done it.
    const trained = await lantern.services.training.recordCompletion(
      { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' },
      { personId: null, courseCode: 'NRM-FIRST-RESPONDER', completedOn: new Date().toISOString().slice(0, 10) },
    );
    expect(trained.ok).toBe(true);

    await page.goto(`/children/${childId}/trafficking-concerns/new`);
    expect(await page.title()).toBe('Raise a trafficking concern – Lantern');
    await expectNoAccessibilityViolations(page);
    await continueTo(page, 'Continue', 'Error: Raise a trafficking concern');
    expect(await page.getByRole('alert').getByRole('link').count()).toBe(6);
    await expectNoAccessibilityViolations(page);
    // The error summary's link takes the keyboard to the question.
    await page.getByRole('link', { name: 'Enter who raised the concern' }).click();
    await expect.poll(() => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""')).toBe('raisedBy');

    await fillDate(page, 'When was the concern raised?');
    await page.getByLabel('Who raised the concern?').fill('Duty social worker, Kent County Council');
    await page.getByLabel('Going missing, especially soon after being placed').check();
    await page.getByLabel('Criminal exploitation').check();
    await page.getByRole('group', { name: 'Is county lines exploitation suspected?' }).getByLabel('Yes').check();
    await page.getByLabel('In the UK only').check();
    await continueTo(page, 'Continue', 'Check your answers before raising the concern');
    await expectNoAccessibilityViolations(page);
    await continueTo(page, 'Raise the concern', 'Trafficking concern raised');
    expect(await page.locator('.govuk-panel').textContent()).toContain('Status: Suspected');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Record the NRM referral' }).click();
    expect(await page.title()).toBe('Record an NRM referral – Lantern');
    await expectNoAccessibilityViolations(page);
    await fillDate(page, 'When was the referral made?');
    await page.getByLabel('Which First Responder organisation made the referral?').fill('Kent County Council');
    await page.getByLabel('Single Competent Authority (Home Office)').check();
    await page.getByLabel('NRM reference (optional)').fill('NRM-BROWSER-1');
    await continueTo(page, 'Continue', 'Check your answers before recording the NRM referral');
    await expectNoAccessibilityViolations(page);
    await continueTo(page, 'Record the referral', 'NRM referral recorded');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Record NRM decisions' }).click();
    expect(await page.title()).toBe('Record NRM decisions – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('group', { name: 'What is the reasonable grounds decision?' }).getByLabel('Positive').check();
    await fillDate(page, 'When was the reasonable grounds decision made?');
    await continueTo(page, 'Continue', 'Check your answers before recording the NRM decisions');
    await expectNoAccessibilityViolations(page);
    await continueTo(page, 'Record the decisions', 'NRM decisions recorded');
    expect(await page.locator('.govuk-panel').textContent()).toContain('The concern’s status is now Identified');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'View the concern' }).click();
    expect(await page.title()).toBe('Trafficking concern – Lantern');
    expect(await page.locator('main .govuk-tag').textContent()).toContain('Identified');
    expect(await page.getByRole('table').textContent()).toContain('Positive reasonable grounds decision');
    expect(await page.getByText('NRM-BROWSER-1').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
  });

  it('should end the child’s care period and add a new one out of area', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'social_worker');

    await page.goto(`/care-periods/${openPeriodId}/end`);
    expect(await page.title()).toBe('End a care period – Lantern');
    await expectNoAccessibilityViolations(page);
    await fillDate(page, 'When did the care period end?');
    await page.getByLabel('Why did the care period end?').selectOption('X1');
    await continueTo(page, 'Continue', 'Check your answers before ending the care period');
    await expectNoAccessibilityViolations(page);
    await continueTo(page, 'End the care period', 'Care period ended');
    await expectNoAccessibilityViolations(page);

    await page.goto(`/children/${childId}/care-periods/new`);
    expect(await page.title()).toBe('Add a care period – Lantern');
    await expectNoAccessibilityViolations(page);
    await fillDate(page, 'When did the care period start?');
    await page.getByLabel('Why did a new care period start?').selectOption('P');
    await page.getByLabel('Legal status').selectOption('V2');
    await page.getByLabel('Placement type').selectOption('K2');
    await page.getByLabel('Which local authority is the child placed in?').selectOption({ label: 'Medway' });
    await continueTo(page, 'Continue', 'Check your answers before adding the care period');
    await expectNoAccessibilityViolations(page);
    await continueTo(page, 'Add the care period', 'Care period added');
    expect(await page.getByText('This placement is out of area, in Medway').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
  });
});
