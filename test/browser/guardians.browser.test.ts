import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.ts';
import { nameOf } from '../../src/domain/child-record.ts';
import { DEMO_GUARDIANS, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// Referring a child to the guardian service, and the service triaging, allocating (a refusal first),
// reallocating and closing the referral, through the pages, with axe on each state.

describe.skipIf(!hasChromium)('guardian referrals in a browser', () => {
  let lantern: Lantern;
  let child: { id: string; name: string };

  beforeAll(async () => {
    lantern = await startLantern();
    // A Kent child with a new trafficking concern and no referral: proposed for one.
    const worker: Actor = { id: crypto.randomUUID(), organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
    const listed = await lantern.services.children.listChildren(worker, { page: 1, pageSize: 50 });
    if (!listed.ok) throw new Error('listChildren refused');
    // A named child the demo has not referred already.
    let picked: (typeof listed.value.items)[number] | undefined;
    for (const item of listed.value.items) {
      const option = await lantern.services.guardians.referralOption(worker, item.id);
      if (item.givenNames !== null && item.familyName !== null && option.ok && option.value.openReferral === null) picked = item;
      if (picked !== undefined) break;
    }
    if (picked === undefined) throw new Error('The demo has no named Kent child without a referral');
    child = { id: picked.id, name: nameOf(picked) };
    const raised = await lantern.services.trafficking.raiseConcern(worker, child.id, {
      raisedOn: new Date().toISOString().slice(0, 10),
      raisedBy: 'Social worker',
    });
    if (!raised.ok) throw new Error(`raiseConcern: ${JSON.stringify(raised.error)}`);
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should let a Kent social worker refer a proposed child, checking their answers', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'social_worker');
    await page.getByRole('link', { name: 'Guardian referrals' }).click();
    await page.waitForURL('**/guardian-referrals');
    expect(await page.title()).toBe('Guardian referrals – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: `Refer ${child.name} to the guardian service` }).click();
    await page.waitForURL(`**/children/${child.id}/guardian-referral/new`);
    await page.getByRole('button', { name: 'Continue' }).click();
    // Nothing chosen: the error names the question.
    await page.getByRole('link', { name: 'Select whether someone in the UK holds parental responsibility for the child' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('No, nobody in the UK holds parental responsibility').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your answers before referring the child' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Refer the child' }).click();
    await page.getByRole('heading', { name: 'Child referred to the guardian service' }).waitFor();
    await expectNoAccessibilityViolations(page);
  });

  it('should let the guardian service accept the referral, allocate a guardian and close it', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, DEMO_GUARDIANS, 'advocate');
    await page.getByRole('link', { name: 'Guardian referrals' }).click();
    await page.waitForURL('**/guardian-referrals');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: `${child.name} referral` }).click();
    await page.getByRole('heading', { level: 1, name: 'Guardian referral' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Accept the referral' }).click();
    await page.getByText('Awaiting allocation').waitFor();
    await expectNoAccessibilityViolations(page);
    // No guardian chosen: the error names the question, and nothing is allocated.
    await page.getByRole('button', { name: 'Allocate the guardian' }).click();
    await page.getByRole('link', { name: 'Select a guardian' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Test advocate').check();
    // The role the service model suggests for a child with nobody holding parental responsibility.
    expect(await page.getByLabel('Direct worker').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Allocate the guardian' }).click();
    await page.getByRole('heading', { level: 2, name: 'Reallocate' }).waitFor();
    expect(await page.getByText(/Allocated after/).count()).toBe(1);
    await page.getByText('Test advocate (Direct worker)').waitFor();
    await expectNoAccessibilityViolations(page);

    // Reallocated to another role: the summary names the guardian in it.
    await page.getByLabel('Test advocate').check();
    await page.getByLabel('Regional practitioner').check();
    await page.getByRole('button', { name: 'Reallocate' }).click();
    await page.getByText('Test advocate (Regional practitioner)').waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Close the referral' }).click();
    await page.getByRole('link', { name: 'Select why the referral is closed' }).waitFor();
    await page.getByLabel('Support no longer needed').check();
    await page.getByRole('button', { name: 'Close the referral' }).click();
    await page.getByText('Closed because').waitFor();
    expect(await page.getByRole('button', { name: 'Close the referral' }).count()).toBe(0);
    await expectNoAccessibilityViolations(page);
  });
});
