import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

describe.skipIf(!hasChromium)('signing in and out in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    lantern = await startLantern();
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('should show the sign-in page, and the accessibility statement, cookies and privacy pages from the footer, with no accessibility violations', async () => {
    const page = await lantern.newPage();
    await page.goto('/sign-in');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Lantern');
    expect(await page.title()).toBe('Sign in – Lantern');
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.title()).toBe('Error: Sign in – Lantern');
    await expectNoAccessibilityViolations(page);
    for (const [link, title] of [
      ['Accessibility statement', 'Accessibility statement – Lantern'],
      ['Cookies', 'Cookies – Lantern'],
      ['Privacy notice', 'Privacy notice – Lantern'],
    ]) {
      await page.getByRole('contentinfo').getByRole('link', { name: link }).click();
      expect(await page.title()).toBe(title);
      await expectNoAccessibilityViolations(page);
    }
  });

  it('should sign in with both factors, show My work, and sign out', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'social_worker');
    expect(await page.title()).toBe('My work – Lantern');
    // The demo reports three Kent children missing now.
    expect(await page.getByText('KP-DEMO-0001').count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in?signed-out=1');
    expect(await page.getByText('You have signed out').count()).toBe(1);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
