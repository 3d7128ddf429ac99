import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { nameOf } from '../../src/domain/child-record.ts';
import { paths } from '../../src/paths.ts';
import { expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// The child's record read as a case file: summary, sections to jump to, chronology, the printed page,
// the export, and the pages reflowing at 320 CSS pixels wide (WCAG 1.4.10) without scrolling sideways.

/** Whether the page is wider than the window, so that a person would have to scroll it sideways. */
const scrollsSideways = (page: Page): Promise<boolean> => page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

describe.skipIf(!hasChromium)('the child’s record as a case file, in a browser', () => {
  let lantern: Lantern;
  let page: Page;
  let child: { id: string; name: string };

  beforeAll(async () => {
    lantern = await startLantern();
    page = await lantern.newPage();
    const { userId } = await lantern.signIn(page, KENT, 'team_manager');
    const listed = await lantern.services.children.listChildren(
      { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'team_manager' },
      { missing: true, page: 1, pageSize: 1 },
    );
    if (!listed.ok || listed.value.items[0] === undefined) throw new Error('The demo has no Kent children missing now');
    child = { id: listed.value.items[0].id, name: nameOf(listed.value.items[0]) };
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should open with the summary, jump to a section, and download the whole record', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(paths.child(child.id));
    expect(await page.title()).toBe('Case file – Child’s record – Lantern');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(child.name);
    const summary = page.locator('#summary + .govuk-summary-list');
    // Wait for each answer before counting it: the page may still be arriving.
    for (const answer of ['Missing now', 'Yes, since']) {
      await summary.getByText(answer).first().waitFor();
      expect(await summary.getByText(answer).count(), answer).toBe(1);
    }
    await expectNoAccessibilityViolations(page);

    await page.getByRole('navigation', { name: 'Contents' }).getByRole('link', { name: 'Chronology' }).click();
    await page.waitForURL((url) => url.hash === '#chronology');
    await expect.poll(() => page.evaluate<number>("document.getElementById('chronology').getBoundingClientRect().top")).toBeLessThan(100);
    const wentMissing = page.getByRole('table', { name: /oldest first/ }).getByText('Went missing from');
    await wentMissing.first().waitFor();
    expect(await wentMissing.count()).toBeGreaterThan(0);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the whole record (PDF)' }).click();
    expect((await download).suggestedFilename()).toBe(`child-record-${child.id}.pdf`);
  });

  it('should print the record without the header, navigation or buttons, and with its marking', async () => {
    await page.goto(paths.child(child.id));
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.getByText('OFFICIAL-SENSITIVE').isVisible()).toBe(true);
      expect(await page.locator('header').isVisible()).toBe(false);
      expect(await page.getByRole('navigation', { name: 'Contents' }).isVisible()).toBe(false);
      expect(await page.getByRole('link', { name: 'Add a care period' }).isVisible()).toBe(false);
      expect(await page.locator('#chronology').isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(await page.getByText('OFFICIAL-SENSITIVE').isVisible()).toBe(false);
  });

  it('should reflow at 320 pixels wide: no page scrolls sideways, wide tables scroll within themselves', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(paths.child(child.id));
    expect(await scrollsSideways(page)).toBe(false);
    // The care periods table is wider than the screen: it scrolls in its own region, which the keyboard can reach.
    const region = page.getByRole('region', { name: 'Care periods' });
    expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    expect(await region.getAttribute('tabindex')).toBe('0');
    await expectNoAccessibilityViolations(page);

    for (const url of [paths.home, paths.findChild, paths.dataQuality, paths.alerts]) {
      await page.goto(url);
      expect(await scrollsSideways(page), url).toBe(false);
      await expectNoAccessibilityViolations(page);
    }
  });
});
