import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, startLantern, ukMoment } from './harness.ts';
import type { Lantern } from './harness.ts';
import { ukDateOf } from '../../src/domain/dates.ts';

// Recording a National Transfer Scheme transfer from an unaccompanied child's record, in a real
// browser, with axe-core on every page state: the question page, a transfer dated before its
// referral (an error on the question page), check your answers and the confirmation.

describe.skipIf(!hasChromium)('recording a National Transfer Scheme transfer in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should record the referral and the transfer, refusing a transfer before its referral on the question', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const actor = { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' } as const;
    const child = await childToReport(lantern, actor);
    const today = ukMoment(0);
    const yesterday = ukMoment(24 * 60);
    // The transfer is offered on the record of an unaccompanied asylum-seeking child.
    const record = await lantern.services.children.getChild(actor, child.id);
    if (record.ok && !record.value.summary.isUasc) {
      const started = await lantern.services.children.addUascPeriod(actor, child.id, { startDate: ukDateOf(new Date(Date.now() - 86_400_000).toISOString()) });
      expect(started.ok).toBe(true);
    }

    await page.goto(`/children/${child.id}`);
    await page.getByRole('button', { name: 'Record a National Transfer Scheme transfer' }).click();
    expect(await page.title()).toBe('Record a National Transfer Scheme transfer – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('The local authority the child is transferring to').selectOption({ label: 'Croydon' });
    const referral = page.getByRole('group', { name: 'The date of the referral to the National Transfer Scheme' });
    await referral.getByLabel('Day').fill(today.day);
    await referral.getByLabel('Month').fill(today.month);
    await referral.getByLabel('Year').fill(today.year);
    const transfer = page.getByRole('group', { name: 'The date of the transfer', exact: true });
    await transfer.getByLabel('Day').fill(yesterday.day);
    await transfer.getByLabel('Month').fill(yesterday.month);
    await transfer.getByLabel('Year').fill(yesterday.year);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Record a National Transfer Scheme transfer – Lantern');
    await expectNoAccessibilityViolations(page);

    await transfer.getByLabel('Day').fill('');
    await transfer.getByLabel('Month').fill('');
    await transfer.getByLabel('Year').fill('');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before recording the transfer – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Record transfer' }).click();
    expect(await page.title()).toBe('Transfer recorded – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByRole('region', { name: 'National Transfer Scheme transfers' }).getByText('Not transferred yet').waitFor();
  });
});
