import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import pino from 'pino';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { nameOf } from '../../src/domain/child-record.ts';
import { seedDemoIfEmpty } from '../../src/demo.ts';
import { SEARCH_PAGE_SIZE } from '../../src/features/children/view-models.ts';
import type { Actor, Role } from '../../src/domain/access/actor.ts';
import { createServices } from '../../src/services/index.ts';
import type { Services } from '../../src/services/index.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

// Browser tests drive Debian's Chromium (never a downloaded browser) through playwright-core
// against a real Lantern server on a fresh database seeded with the demo population.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Without Chromium the browser tests are skipped on a developer's machine, but CI installs it,
 * so there a missing browser fails the run rather than passing quietly.
 */
export const hasChromium = existsSync(CHROMIUM) || process.env['CI'] === 'true';

export const KENT = 'E10000016';
export const MEDWAY = 'E06000035';
export const DEMO_GUARDIANS = 'DEMO-GUARDIANS';
export const DEMO_POLICE = 'DEMO-KENT-POLICE';
export const DEMO_NATIONAL = 'DEMO-NATIONAL-UNIT';

const CHEAP_PASSWORD_HASHING = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/**
 * How long one step (a click, a page to load, an element to appear) may take before it counts as hung. The tests
 * wait on page states, never on time; this only turns a hang into a failure naming the step, however busy the machine.
 */
const STEP_LIMIT = 120_000;
const PASSWORD = 'a long unusual passphrase';

export interface Lantern {
  readonly baseUrl: string;
  readonly services: Services;
  readonly browser: Browser;
  /** A new page in its own browser context (its own cookies). */
  newPage(): Promise<Page>;
  /** Creates a person with `role` in `organisationCode` and signs them in through the real pages, both factors. */
  signIn(page: Page, organisationCode: string, role: Role): Promise<{ email: string; userId: string }>;
  close(): Promise<void>;
}

/** Starts Lantern on a free port with the demo population (`children` of them) and launches Chromium. */
export async function startLantern(options: { children?: number } = {}): Promise<Lantern> {
  const handle = await createTestDatabase();
  const services = createServices({ db: handle.db, now: () => new Date().toISOString(), newId: randomUUID }, { passwordHashing: CHEAP_PASSWORD_HASHING });
  await seedDemoIfEmpty(handle, services, options.children ?? 200, pino({ level: 'silent' }));
  const app = await buildApp({ services, engine: handle.engine });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Playwright gives each launch a new, empty profile of its own.
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  let people = 0;
  return {
    baseUrl,
    services,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', timezoneId: 'Europe/London' });
      context.setDefaultTimeout(STEP_LIMIT);
      return context.newPage();
    },
    async signIn(page, organisationCode, role) {
      people += 1;
      const email = `${role.replaceAll('_', '.')}.${people}@${organisationCode.toLowerCase()}.example.gov.uk`;
      const created = await services.users.createUser({ organisationCode, role, email, displayName: `Test ${role.replaceAll('_', ' ')}`, password: PASSWORD });
      if (!created.ok) throw new Error(`createUser: ${JSON.stringify(created.error)}`);
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(created.value.totpSecret) }).generate();
      await page.getByLabel(/code/i).first().fill(code);
      await page.getByRole('button', { name: /continue|sign in/i }).click();
      await page.waitForURL((url) => url.pathname === '/');
      return { email, userId: created.value.id };
    },
    async close() {
      await browser.close();
      await app.close();
      await handle.close();
    },
  };
}

/**
 * axe-core's own script, put into a page only when a check finds it missing. @axe-core/playwright's AxeBuilder
 * sends the 0.5 MB script twice per check and finishes each run in a new blank page (or, in its legacy mode, still
 * twice): the checks took more than half of a browser file's time (administration: 38.9 s of 69 s for 21 checks,
 * against 11.8 s so; docs/benchmarks.md, "The test suite").
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
};

/** Runs axe-core in the page against WCAG 2.2 A and AA and expects no violations. */
export async function expectNoAccessibilityViolations(page: Page): Promise<void> {
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate<AxeResults>(`window.axe.run(document, ${JSON.stringify(AXE_OPTIONS)})`);
  const violations = results.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
  expect(violations, `axe on ${page.url()}`).toEqual([]);
}

/** The UK date and time of a moment `minutesAgo` before now, as a person would type them. */
export function ukMoment(minutesAgo: number): { day: string; month: string; year: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(Date.now() - minutesAgo * 60_000))
      .map((part) => [part.type, part.value]),
  );
  return { day: parts['day']!, month: parts['month']!, year: parts['year']!, time: `${parts['hour']}:${parts['minute']}` };
}

/**
 * A demo child of the actor's authority who is looked after now and has not been missing for at least a day, so that
 * a report of them going missing an hour ago breaks no rule, and whom a search by family name lists on its first page
 * (a common name, or others' aliases, can push a child further).
 */
export async function childToReport(lantern: Lantern, actor: Actor): Promise<{ id: string; name: string; familyName: string }> {
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  for (let page = 1; page <= 10; page += 1) {
    const listed = await lantern.services.children.listChildren(actor, { missing: false, page, pageSize: 20 });
    if (!listed.ok) break;
    for (const item of listed.value.items) {
      const record = await lantern.services.children.getChild(actor, item.id);
      if (
        item.familyName === null ||
        !record.ok ||
        !record.value.summary.isLookedAfter ||
        !record.value.missingEpisodes.every((episode) => episode.endAt !== null && episode.endAt < dayAgo)
      )
        continue;
      const found = await lantern.services.children.listChildren(actor, { name: item.familyName, page: 1, pageSize: SEARCH_PAGE_SIZE });
      if (found.ok && found.value.items.some((result) => result.id === item.id)) return { id: item.id, name: nameOf(item), familyName: item.familyName };
    }
  }
  throw new Error('The demo has no child of the authority to report missing');
}
