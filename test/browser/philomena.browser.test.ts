import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childToReport, expectNoAccessibilityViolations, hasChromium, KENT, startLantern, ukMoment } from './harness.ts';
import type { Lantern } from './harness.ts';

// The Philomena profile in a real browser: Part 1 with its errors and check page, a photograph uploaded, Part 2
// when the child goes missing, and the printable grab pack with its PDF, with axe-core on every page state.

describe.skipIf(!hasChromium)('the Philomena profile in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    // Enough of a population that Kent has children looked after who are not missing.
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should make the profile, add a photograph, complete Part 2 and give the grab pack', async () => {
    const page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'social_worker');
    const actor = { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' } as const;
    const child = await childToReport(lantern, actor);

    await page.goto(`/children/${child.id}`);
    await page.getByRole('link', { name: 'Philomena profile and grab pack' }).click();
    expect(await page.title()).toBe('Philomena profile – Lantern');
    await expectNoAccessibilityViolations(page);

    // Part 1: nothing answered first, to see the error.
    await page.getByRole('button', { name: 'Make the profile' }).click();
    expect(await page.title()).toBe('Part 1 of the Philomena profile – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Part 1 of the Philomena profile – Lantern');
    // The title arrives before the body: wait for the error, then count it.
    const descriptionError = page.getByRole('alert').getByRole('link', { name: /Enter a physical description/ });
    await descriptionError.first().waitFor();
    expect(await descriptionError.count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Physical description').fill('Tall, short black hair, scar above the left eye');
    await page.getByLabel('Phone numbers (optional)').fill('07700 900123');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check Part 1 before saving it – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Save the profile' }).click();
    expect(await page.title()).toBe('Profile saved – Lantern');
    await expectNoAccessibilityViolations(page);

    // The photograph, uploaded as a person would.
    await page.getByRole('link', { name: 'Add or replace the photograph' }).click();
    expect(await page.title()).toBe('Add a photograph – Lantern');
    await expectNoAccessibilityViolations(page);
    const photo = await sharp({ create: { width: 400, height: 500, channels: 3, background: '#1d70b8' } })
      .jpeg()
      .toBuffer();
    await page.getByLabel('Upload a photograph').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: 'Upload the photograph' }).click();
    expect(await page.title()).toBe('Philomena profile – Lantern');
    const image = page.getByRole('img', { name: /Photograph of the child/ });
    await image.waitFor();
    expect(await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBe(400);
    await expectNoAccessibilityViolations(page);

    // The child goes missing: Part 2 starts from what the report said.
    const reported = await lantern.services.missingEpisodes.reportMissing(actor, child.id, {
      type: 'M',
      startAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      lastSeenLocation: 'Ashford bus station',
    });
    expect(reported.ok).toBe(true);
    await page.reload();
    await page.getByRole('button', { name: 'Complete Part 2' }).click();
    expect(await page.title()).toBe('Part 2 of the Philomena profile – Lantern');
    expect(await page.getByLabel('Where were they last seen?').inputValue()).toBe('Ashford bus station');
    await expectNoAccessibilityViolations(page);
    const seen = ukMoment(90);
    await page.getByLabel('What were they wearing?').fill('Grey hoodie, white trainers');
    await page.getByLabel('Day').fill(seen.day);
    await page.getByLabel('Month').fill(seen.month);
    await page.getByLabel('Year').fill(seen.year);
    await page.getByLabel('Time the child was last seen').fill(seen.time);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Check Part 2 before saving it – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Save Part 2' }).click();
    expect(await page.title()).toBe('Part 2 saved – Lantern');
    await expectNoAccessibilityViolations(page);

    // The printable grab pack, and its PDF.
    await page.getByRole('link', { name: 'See the grab pack' }).click();
    expect(await page.title()).toBe('Grab pack – Lantern');
    // The title comes with the page's head: wait for its body before counting what it shows.
    await page.getByText('Grey hoodie, white trainers').waitFor();
    expect(await page.getByText('Grey hoodie, white trainers').count()).toBe(1);
    // The marking stands at the top and the foot of the page: wait for the second before counting.
    await page.getByText('OFFICIAL-SENSITIVE').nth(1).waitFor();
    expect(await page.getByText('OFFICIAL-SENSITIVE').count()).toBe(2);
    await expectNoAccessibilityViolations(page);
    const pdf = await page.request.get(
      await page
        .getByRole('link', { name: 'Download it as a PDF' })
        .getAttribute('href')
        .then((href) => href ?? ''),
    );
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
