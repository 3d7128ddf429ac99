import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, MEDWAY, startLantern, ukMoment } from './harness.ts';
import type { Lantern } from './harness.ts';
import { addDays, ukDateOf, ukInstant } from '../../src/domain/dates.ts';
import { paths } from '../../src/paths.ts';

// What follows a report of a missing child, in a real browser with axe-core on every page state: the
// host authority acknowledging the episode from the record, and correcting the episode after the child
// came back (the question page filled in as recorded, a return before the child was last seen as an
// error on the question page, check your answers and the confirmation).

async function fillMoment(page: Page, name: string, moment: ReturnType<typeof ukMoment>): Promise<void> {
  await page.locator(`#${name}Date-day`).fill(moment.day);
  await page.locator(`#${name}Date-month`).fill(moment.month);
  await page.locator(`#${name}Date-year`).fill(moment.year);
  await page.locator(`#${name}Time`).fill(moment.time);
}

/** A time yesterday in the UK, as an instant and as the date and time fields take it. */
function yesterdayAt(time: string): { instant: string; moment: ReturnType<typeof ukMoment> } {
  const day = addDays(ukDateOf(new Date().toISOString()), -1);
  const [year = '', month = '', date = ''] = day.split('-');
  return { instant: ukInstant(day, time), moment: { day: String(Number(date)), month: String(Number(month)), year, time } };
}

describe.skipIf(!hasChromium)('following up a missing episode in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  /** A Kent social worker signed in on `page`, and a child of their authority to report missing. */
  async function kentSocialWorkerWithChild(page: Page) {
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const actor = { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' } as const;
    return { actor, child: await childToReport(lantern, actor) };
  }

  it('should correct an ended episode with a reason, refusing a return before the child was last seen', async () => {
    const page = await lantern.newPage();
    const { actor, child } = await kentSocialWorkerWithChild(page);
    // Missing yesterday from noon to 2 p.m.: times on one day, so that the error below does not depend on the hour
    // the test runs (at 3 a.m., "four hours ago" is the day before "three hours ago", and the message differs).
    const reported = await lantern.services.missingEpisodes.reportMissing(actor, child.id, {
      type: 'M',
      startAt: yesterdayAt('12:00').instant,
      endAt: yesterdayAt('14:00').instant,
      endReason: 'RETURNED_SELF',
    });
    if (!reported.ok) throw new Error(`reportMissing: ${JSON.stringify(reported.error)}`);

    await page.goto(`/children/${child.id}`);
    // This episode's link: a demo child may have older episodes of its own, each with one.
    await page.locator(`a[href="${paths.correctEpisode(reported.value.id)}"]`).click();
    expect(await page.title()).toBe('Correct the missing episode – Lantern');
    await expectNoAccessibilityViolations(page);

    await fillMoment(page, 'end', yesterdayAt('11:00').moment);
    await page.getByLabel('Why are you correcting this missing episode?').fill('The police gave a different time last seen');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Correct the missing episode – Lantern');
    // The title arrives before the body: wait for the error itself, then count it.
    const error = page.getByRole('alert').getByRole('link', { name: /^The date and time the child came back must be after they were last seen/ });
    await error.first().waitFor();
    expect(await error.count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await fillMoment(page, 'end', yesterdayAt('13:30').moment);
    await page.getByLabel('Police reference (optional)').fill('KP-CORRECTED-1');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before correcting the missing episode – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Save correction' }).click();
    expect(await page.title()).toBe('Missing episode corrected – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByText('KP-CORRECTED-1').first().waitFor();
  });

  it('should let the host authority acknowledge an episode from the record, once', async () => {
    const kentPage = await lantern.newPage();
    const { actor, child } = await kentSocialWorkerWithChild(kentPage);
    // Placed in Medway now, and missing since an hour ago.
    const record = await lantern.services.children.getChild(actor, child.id);
    const placement = record.ok ? record.value.carePeriods.find((period) => period.endDate === null) : undefined;
    expect(placement).toBeDefined();
    const moved = await lantern.services.children.updateCarePeriod(actor, placement!.id, { hostAuthorityCode: MEDWAY, version: placement!.version });
    expect(moved.ok).toBe(true);
    const reported = await lantern.services.missingEpisodes.reportMissing(actor, child.id, {
      type: 'M',
      startAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(reported.ok).toBe(true);

    const page = await lantern.newPage();
    await lantern.signIn(page, MEDWAY, 'social_worker');
    await page.goto(`/children/${child.id}`);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Acknowledge that your authority has been told' }).click();
    // Back on the record, which says who acknowledged it.
    await page.waitForURL((url) => url.hash === '#missing');
    expect(await page.title()).toBe('Case file – Child’s record – Lantern');
    await page.getByText('by Test social worker').first().waitFor();
    expect(await page.getByRole('button', { name: 'Acknowledge that your authority has been told' }).count()).toBe(0);
    await expectNoAccessibilityViolations(page);
  });

  it('should record that another agency found the child, refusing a find before they went missing', async () => {
    const page = await lantern.newPage();
    const { actor, child } = await kentSocialWorkerWithChild(page);
    // Missing since three hours ago.
    const reported = await lantern.services.missingEpisodes.reportMissing(actor, child.id, {
      type: 'M',
      startAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    });
    expect(reported.ok).toBe(true);

    await page.goto(`/children/${child.id}`);
    await page
      .getByRole('link', { name: /^Record that they were found by another agency/ })
      .first()
      .click();
    expect(await page.title()).toBe('Record that the child was found by another agency – Lantern');
    await expectNoAccessibilityViolations(page);

    await page.getByLabel('The police').check();
    await page.getByLabel('Name of the agency').fill('British Transport Police');
    await fillMoment(page, 'found', ukMoment(4 * 60));
    await page.getByLabel('Where were they found?').fill('London Victoria station');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Record that the child was found by another agency – Lantern');
    // The title arrives before the body: wait for the error itself, then count it.
    const error = page.getByRole('alert').getByRole('link', { name: /^The date and time the child was found must be after they went missing/ });
    await error.first().waitFor();
    expect(await error.count()).toBe(1);
    await expectNoAccessibilityViolations(page);

    await fillMoment(page, 'found', ukMoment(60));
    await page.getByLabel('The agency’s reference for its report (optional)').fill('BTP-FOUND-1');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check your answers before recording that the child was found – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Record as found' }).click();
    expect(await page.title()).toBe('Child recorded as found – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Go to the child’s record' }).click();
    await page.getByText('BTP-FOUND-1').first().waitFor();
    await expectNoAccessibilityViolations(page);
  });
});
