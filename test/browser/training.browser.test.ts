import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NATIONAL, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// Training through the pages, with axe on each: your own training, recording a course (an error,
// check your answers, the confirmation), a team manager's view of the organisation, the training an
// action needs and an allowance once (an error first), asking a team manager to allow an action once
// and their answer, and the national table.

describe.skipIf(!hasChromium)('training in a browser', () => {
  let lantern: Lantern;

  beforeAll(async () => {
    lantern = await startLantern({ children: 20 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should let a social worker record a course they completed and see it current', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'social_worker');
    await page.getByRole('link', { name: 'Training' }).click();
    await page.waitForURL('**/training');
    expect(await page.title()).toBe('Your training – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Record training you have completed' }).click();
    await page.getByRole('heading', { name: 'Record completed training' }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    // Nothing entered: each error names its question.
    await page.getByRole('link', { name: 'Select the course' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Course').selectOption('NRM-FIRST-RESPONDER');
    // Completed today (the server's clock is the real one): current for two years.
    const [year, month, day] = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }).split('-');
    await page.getByLabel('Day').fill(day!);
    await page.getByLabel('Month').fill(month!);
    await page.getByLabel('Year').fill(year!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the training before recording it' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Record the training' }).click();
    await page.getByRole('heading', { name: 'Training recorded' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Your training' }).click();
    await page.getByRole('row', { name: /NRM first responder Current/ }).waitFor();
  });

  it('should show a team manager their organisation’s training', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'team_manager');
    await page.goto('/training');
    await page.getByRole('link', { name: 'Your organisation’s training' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your organisation’s training' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'By person' }).waitFor();
    await expectNoAccessibilityViolations(page);
  });

  it('should let a team manager require training for an action and allow someone once, with a reason', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'team_manager');
    await page.goto('/training');
    await page.getByRole('link', { name: 'Training required for actions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Training required for actions' }).waitFor();
    await expectNoAccessibilityViolations(page);

    const gates = page.getByRole('group', { name: 'Which actions need current training?' });
    await gates.getByLabel('Record a return home interview').check();
    await page.getByRole('button', { name: 'Save the training required' }).click();
    await page.getByRole('heading', { level: 1, name: 'Training required for actions' }).waitFor();
    expect(await gates.getByLabel('Record a return home interview').isChecked()).toBe(true);

    // Nothing chosen: each error names its question, and nobody is allowed.
    await page.getByRole('button', { name: 'Allow once' }).click();
    await page.getByRole('link', { name: 'Select the person' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Who').selectOption({ index: 1 });
    await page.getByRole('group', { name: 'What they may do once without the training' }).getByLabel('Make an NRM referral').check();
    await page.getByLabel('Why').fill('Booked on the next first-responder course; the referral cannot wait');
    await page.getByRole('button', { name: 'Allow once' }).click();
    await page.getByRole('cell', { name: 'Booked on the next first-responder course; the referral cannot wait' }).waitFor();
    await expectNoAccessibilityViolations(page);
  });

  // After the test above: Kent requires current RHI training to record a return home interview.
  it('should let someone without the training ask their team manager, who answers from My work', async () => {
    const asker = await lantern.newPage();
    await lantern.signIn(asker, KENT, 'social_worker');
    await asker.goto('/training');
    await asker.getByRole('link', { name: 'ask your team manager to allow it once' }).click();
    await asker.getByRole('heading', { level: 1, name: 'Ask your team manager to allow an action once' }).waitFor();
    // Nothing chosen: each error names its question, and nothing is sent.
    await asker.getByRole('button', { name: 'Send the request' }).click();
    await asker.getByRole('link', { name: 'Select what you are asking to do once' }).waitFor();
    await expectNoAccessibilityViolations(asker);
    await asker.getByLabel('Record a return home interview').check();
    await asker.getByLabel('Why can it not wait until you have completed the training?').fill('The only worker free to see him today');
    await asker.getByRole('button', { name: 'Send the request' }).click();
    await asker.getByRole('cell', { name: 'Waiting for an answer' }).waitFor();
    await expectNoAccessibilityViolations(asker);

    const manager = await lantern.newPage();
    await lantern.signIn(manager, KENT, 'team_manager');
    await manager.getByRole('link', { name: '1 request to act once without the training is waiting for your answer' }).click();
    await manager.getByRole('heading', { level: 2, name: 'Requests waiting for an answer' }).waitFor();
    await manager.getByRole('link', { name: /^Answer the request of/ }).click();
    await manager.getByRole('heading', { level: 1, name: 'Answer a request to act without the training' }).waitFor();
    await expectNoAccessibilityViolations(manager);
    await manager.getByLabel('Decline it').check();
    await manager.getByLabel('Reason for your answer').fill('Ask the duty senior to hold the interview');
    await manager.getByRole('button', { name: 'Send the answer' }).click();
    await manager.getByText('Nobody is waiting for an answer.').waitFor();

    await asker.reload();
    await asker.getByRole('cell', { name: 'Ask the duty senior to hold the interview' }).waitFor();
    await asker.getByRole('cell', { name: 'Declined' }).waitFor();
  });

  it('should show the national unit the table by authority', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, DEMO_NATIONAL, 'national_analyst');
    await page.goto('/training');
    await page.getByRole('link', { name: 'Training by authority' }).click();
    await page.getByRole('heading', { level: 1, name: 'Training by authority' }).waitFor();
    await page.getByRole('cell', { name: 'Kent', exact: true }).waitFor();
    await expectNoAccessibilityViolations(page);
  });
});
