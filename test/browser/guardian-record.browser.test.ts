import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.ts';
import { nameOf } from '../../src/domain/child-record.ts';
import { DEMO_GUARDIANS, expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// The guardian's own record of a child through the pages, with axe on each: the allocated guardian
// records a contact (an error first, then check your answers), and the responsible authority reads
// what the child's consent allows.

describe.skipIf(!hasChromium)('the guardian’s record in a browser', () => {
  let lantern: Lantern;
  let child: { id: string; name: string };

  beforeAll(async () => {
    lantern = await startLantern();
    const worker: Actor = { id: crypto.randomUUID(), organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
    const listed = await lantern.services.children.listChildren(worker, { page: 1, pageSize: 50 });
    if (!listed.ok) throw new Error('listChildren refused');
    for (const item of listed.value.items) {
      const option = await lantern.services.guardians.referralOption(worker, item.id);
      if (item.givenNames !== null && item.familyName !== null && option.ok && option.value.openReferral === null) {
        child = { id: item.id, name: nameOf(item) };
        break;
      }
    }
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should let the allocated guardian record a contact, checking their answers, and the authority see its date and kind only', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, DEMO_GUARDIANS, 'advocate');
    // Referred by Kent, and allocated to the guardian signed in.
    const worker: Actor = { id: crypto.randomUUID(), organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
    const referral = await lantern.services.guardians.refer(worker, child.id, { parentalResponsibility: 'NO' });
    if (!referral.ok) throw new Error(`refer: ${JSON.stringify(referral.error)}`);
    const guardian: Actor = { id: userId, organisationCode: DEMO_GUARDIANS, localAuthorityCode: null, role: 'advocate' };
    const allocated = await lantern.services.guardians.allocate(guardian, referral.value.id, { advocateId: userId, guardianRole: 'DIRECT_WORKER', version: 1 });
    if (!allocated.ok) throw new Error(`allocate: ${JSON.stringify(allocated.error)}`);

    await page.goto(`${lantern.baseUrl}/children/${child.id}`);
    await page.getByRole('link', { name: 'The guardian’s record' }).click();
    await page.getByRole('heading', { level: 1, name: 'The guardian’s record' }).waitFor();
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Record a contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record a contact' }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: 'Select how the contact was made' }).waitFor();
    await expectNoAccessibilityViolations(page);
    const today = new Date().toISOString().slice(0, 10).split('-');
    await page.getByLabel('Day').fill(today[2]!);
    await page.getByLabel('Month').fill(today[1]!);
    await page.getByLabel('Year').fill(today[0]!);
    await page.getByLabel('Phone call').check();
    await page.getByLabel('Who the contact was with').fill('The child');
    await page.getByLabel('Notes (optional)').fill('Talked about school');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your answers before adding them to your record' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Add to the record' }).click();
    await page.getByRole('heading', { name: 'Contact recorded' }).waitFor();
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Go to the guardian’s record' }).click();
    await page.getByText('Talked about school').waitFor();

    const kent = await lantern.newPage();
    await lantern.signIn(kent, KENT, 'social_worker');
    await kent.goto(`${lantern.baseUrl}/children/${child.id}/guardian-record`);
    await kent.getByRole('heading', { level: 1, name: 'The guardian’s record' }).waitFor();
    expect(await kent.getByText('Phone call').count()).toBe(1);
    expect(await kent.getByText('Talked about school').count()).toBe(0);
    await expectNoAccessibilityViolations(kent);
  });
});
