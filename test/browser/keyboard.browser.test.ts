import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childToReport, hasChromium, KENT, startLantern, ukMoment } from './harness.ts';
import type { Lantern } from './harness.ts';

// One journey by keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7): sign in, find a child, open their record
// and report them missing, pressing only Tab, Shift+Tab, Enter and Space and typing. At every stop the
// focus must be where the person expects it and visible: GOV.UK's focus colour is yellow, #ffdd00.

const PASSWORD = 'a long unusual passphrase';
const FOCUS_YELLOW = 'rgb(255, 221, 0)';

interface Focused {
  readonly tag: string;
  readonly id: string;
  readonly text: string;
  readonly href: string | null;
  readonly classes: string;
  /** Whether the focus is drawn in GOV.UK's focus colour, on the element or (for radios and checkboxes) on its label. */
  readonly visible: boolean;
}

/** Runs in the page (as a string: the project's TypeScript has no DOM types). */
const FOCUSED_IN_PAGE = `(() => {
  const yellow = '${FOCUS_YELLOW}';
  const element = document.activeElement;
  if (element === null) return { tag: '', id: '', text: '', href: null, classes: '', visible: false };
  const style = getComputedStyle(element);
  const shows = (value) => value.includes(yellow);
  let visible = (style.outlineStyle !== 'none' && shows(style.outlineColor)) || shows(style.backgroundColor) || shows(style.boxShadow);
  // A radio or checkbox is drawn by its label: the focus ring is on the label's ::before.
  if (element.tagName === 'INPUT' && (element.type === 'radio' || element.type === 'checkbox') && element.nextElementSibling !== null) {
    visible = shows(getComputedStyle(element.nextElementSibling, '::before').boxShadow);
  }
  return { tag: element.tagName.toLowerCase(), id: element.id, text: (element.textContent || '').trim(), href: element.getAttribute('href'), classes: String(element.className), visible };
})()`;

async function focused(page: Page): Promise<Focused> {
  return page.evaluate<Focused>(FOCUSED_IN_PAGE);
}

/** Waits for the next page, by the start of its title. */
async function titled(page: Page, start: string): Promise<void> {
  await expect.poll(() => page.title()).toMatch(new RegExp(`^${start}`));
}

/** Presses Tab until the focus reaches what `reached` describes, checking the focus is visible at every stop on the way. */
async function tabTo(page: Page, reached: (focus: Focused) => boolean, what: string): Promise<void> {
  // A page's title arrives before its body: Tab pressed before the body is there leaves the focus on it.
  await page.waitForLoadState('load');
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press('Tab');
    const focus = await focused(page);
    // Past the last control the focus leaves the page for the browser's own controls.
    if (focus.tag === 'body') break;
    expect(focus.visible, `focus visible on ${focus.tag}#${focus.id} "${focus.text.slice(0, 40)}" on the way to ${what}`).toBe(true);
    if (reached(focus)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

const byId = (id: string) => (focus: Focused) => focus.id === id;
const link = (href: string) => (focus: Focused) => focus.tag === 'a' && focus.href === href;
const button = (text: string) => (focus: Focused) => focus.tag === 'button' && focus.text === text;

describe.skipIf(!hasChromium)('using Lantern by keyboard alone', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    // Enough of a population that Kent has children looked after who are not missing.
    lantern = await startLantern({ children: 1500 });
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should let a social worker sign in, find a child and report them missing with the keyboard only', async () => {
    const email = 'keyboard.only@kent.example.gov.uk';
    const created = await lantern.services.users.createUser({
      organisationCode: KENT,
      role: 'social_worker',
      email,
      displayName: 'Keyboard user',
      password: PASSWORD,
    });
    if (!created.ok) throw new Error('Could not create the keyboard user');
    const child = await childToReport(lantern, { id: created.value.id, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' });
    const page = await lantern.newPage();

    // The skip link is the first thing the keyboard reaches, and it is visible when it is.
    await page.goto('/sign-in');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', href: '#main-content', text: 'Skip to main content', visible: true });

    await tabTo(page, byId('email'), 'the email address');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/sign-in/code');
    await tabTo(page, byId('code'), 'the security code');
    await page.keyboard.type(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(created.value.totpSecret) }).generate());
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.title()).toBe('My work – Lantern');

    // Find the child by name and open their record.
    await tabTo(page, link('/children/find'), 'Find a child');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/children/find');
    await tabTo(page, byId('name'), 'the name to search for');
    await page.keyboard.type(child.familyName);
    await page.keyboard.press('Enter');
    await titled(page, 'Search results');
    await tabTo(page, link(`/children/${child.id}`), 'the child in the results');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/children/${child.id}`);
    await tabTo(page, link(`/children/${child.id}/missing/new`), 'Report missing');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/children/${child.id}/missing/new`);
    expect(await page.title()).toBe('Report a child missing – Lantern');

    // Continue with nothing answered: the error summary takes the focus, and its links lead to the questions.
    await tabTo(page, button('Continue'), 'Continue');
    await page.keyboard.press('Enter');
    await titled(page, 'Error:');
    // GOV.UK Frontend moves the focus to the summary once the page's script has run.
    await expect.poll(async () => (await focused(page)).classes).toContain('govuk-error-summary');
    expect(await focused(page)).toMatchObject({ visible: true });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', href: '#type', visible: true });
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('type');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#type')).toBe(true);

    // The date and time last seen, an hour ago.
    const lastSeen = ukMoment(60);
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('lastSeenDate-day');
    for (const part of [lastSeen.day, lastSeen.month, lastSeen.year]) {
      await page.keyboard.type(part);
      await page.keyboard.press('Tab');
    }
    expect(await focused(page)).toMatchObject({ id: 'lastSeenTime', visible: true });
    await page.keyboard.type(lastSeen.time);
    await tabTo(page, button('Continue'), 'Continue');
    await page.keyboard.press('Enter');
    await titled(page, 'Check your answers');

    // Each answer's Change button comes before the button that saves: Shift+Tab goes back to the last of them.
    await tabTo(page, button('Report missing'), 'Report missing');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', visible: true });
    expect((await focused(page)).text).toMatch(/^Change /);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Report missing', visible: true });
    await page.keyboard.press('Enter');
    await titled(page, 'Missing episode reported');
    expect(await page.title()).toBe('Missing episode reported – Lantern');
  });
});
