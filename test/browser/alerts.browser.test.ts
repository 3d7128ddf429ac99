import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.ts';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// The alerts inbox (issue 14): a Kent child is reported missing; a duty social worker finds the alert in
// their inbox, says they are dealing with it, forgets to say what they did, then records it. And a Kent
// administrator sets the duty team's mailbox and phone, first mistyping the phone. Every state passes axe.

describe.skipIf(!hasChromium)('alerts in a browser', () => {
  let lantern: Lantern;
  let child: { id: string; name: string };

  beforeAll(async () => {
    lantern = await startLantern({ children: 1500 });
    const actor: Actor = { id: 'browser-test', organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
    child = await childToReport(lantern, actor);
    const reported = await lantern.services.missingEpisodes.reportMissing(actor, child.id, {
      type: 'M',
      startAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    if (!reported.ok) throw new Error('could not report the child missing');
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should list the alert, take “I’m dealing with this”, ask what was done, and close the alert once it is recorded', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'social_worker');
    await page.getByRole('navigation').getByRole('link', { name: 'Alerts', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: child.name }).filter({ hasText: 'A child has been reported missing' }).first();
    await row.waitFor();
    await expectNoAccessibilityViolations(page);

    await row.getByRole('link', { name: 'A child has been reported missing' }).click();
    const dealing = page.getByRole('button', { name: 'I’m dealing with this' });
    await dealing.waitFor();
    await expectNoAccessibilityViolations(page);

    await dealing.click();
    await page
      .getByText(/by Test social worker/)
      .first()
      .waitFor();
    expect(await dealing.count()).toBe(0);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Record the action' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.getByRole('link', { name: 'Enter what you did about this alert' }).isVisible()).toBe(true);
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Record the action taken').fill('Called Kent Police and the carer; the police have the grab pack');
    await page.getByRole('button', { name: 'Record the action' }).click();
    await page.getByText('Called Kent Police and the carer; the police have the grab pack').waitFor();
    expect(await page.getByRole('button', { name: 'Record the action' }).count()).toBe(0);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Back to alerts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: child.name }).filter({ hasText: 'A child has been reported missing' }).count()).toBe(0);
  });

  it('should let an administrator set the duty team’s mailbox and phone, naming a wrong answer, with check your answers', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'organisation_administrator');
    await page.goto('/alert-contacts');
    await page.getByRole('heading', { level: 1, name: 'Who holds each post' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: /Change\s+the contacts for the duty team/ }).click();
    await page.getByLabel('Team mailbox (optional)').fill('duty.team@kent.example.gov.uk');
    await page.getByLabel('Duty phone (optional)').fill('01632 960123');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('Duty phone (optional)').fill('07700 900123');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your answers before changing the contacts for the duty team' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Contacts saved for the duty team').waitFor();
    expect(await page.getByText('duty.team@kent.example.gov.uk').isVisible()).toBe(true);
    await expectNoAccessibilityViolations(page);
  });
});
