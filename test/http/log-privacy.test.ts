import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../src/demo.ts';
import { createLogger } from '../../src/logger.ts';
import { paths } from '../../src/paths.ts';
import { createServices } from '../../src/services/index.ts';
import type { Services } from '../../src/services/index.ts';
import { createFakeClock } from '../helpers/fake-clock.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { hiddenFieldsOf } from '../helpers/html.ts';
import { webClient } from '../helpers/web-client.ts';
import { apiClient, KENT } from './api-helpers.ts';

// The logs of a whole journey through the demo, at the most talkative level, hold none of the demo
// children's names or dates of birth: sign in with both factors, My work, find a child by name and by
// date of birth, open the record, report the child missing, and the same through the API, mistakes
// included (a mistaken field's value is what an error log would be tempted to quote).

const lines: string[] = [];
const log = createLogger('trace', { write: (line: string) => lines.push(line) });
const clock = createFakeClock('2025-06-15T12:00:00.000Z');

let handle: DatabaseHandle;
let services: Services;
let app: Awaited<ReturnType<typeof buildApp>>;
let totpSecret: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices({ db: handle.db, now: clock.now, newId: randomUUID }, { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
  const accounts = await seedDemoIfEmpty(handle, services, 150, log);
  totpSecret = accounts.find((account) => account.email === 'social.worker@kent.demo.invalid')?.totpSecret ?? '';
  app = await buildApp({ services, engine: handle.engine, logger: log });
  await app.ready();
}, 240_000);
afterAll(async () => {
  await app.close();
  await handle.close();
});

const ukDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Every form in which a demo child's name or date of birth could be written. */
async function demoIdentities(): Promise<{ words: Set<string>; dates: Set<string> }> {
  const children = await handle.db.selectFrom('child').select(['givenNames', 'familyName', 'dateOfBirthClaimed', 'dateOfBirthAssessed']).execute();
  const aliases = await handle.db.selectFrom('childAlias').select(['givenNames', 'familyName']).execute();
  const words = new Set<string>();
  for (const name of [...children, ...aliases])
    for (const part of `${name.givenNames ?? ''} ${name.familyName ?? ''}`.split(/[\s-]+/)) if (part.length >= 3) words.add(part);
  const dates = new Set<string>();
  for (const child of children) {
    for (const date of [child.dateOfBirthClaimed, child.dateOfBirthAssessed]) {
      if (date === null) continue;
      const [year, month, day] = date.split('-');
      for (const form of [date, `${day}/${month}/${year}`, ukDate(date)]) dates.add(form);
    }
  }
  return { words, dates };
}

function leaks(text: string, identities: { words: Set<string>; dates: Set<string> }): string[] {
  const found = [...identities.dates].filter((date) => text.includes(date));
  for (const word of text.match(/\p{L}+/gu) ?? []) if (identities.words.has(word)) found.push(word);
  return found;
}

describe('logs of a journey through the demo', () => {
  it('should hold no demo child’s name or date of birth', async () => {
    const identities = await demoIdentities();
    // A Kent child in care now and not missing, with a name and a date of birth.
    const kentChild = await handle.db
      .selectFrom('child')
      .innerJoin('carePeriod', 'carePeriod.childId', 'child.id')
      .select(['child.id', 'child.givenNames', 'child.familyName', 'child.dateOfBirthClaimed'])
      .where('child.responsibleAuthorityCode', '=', KENT)
      .where('carePeriod.startDate', '<', '2025-06-15')
      .where((eb) => eb.or([eb('carePeriod.endDate', 'is', null), eb('carePeriod.endDate', '>', '2025-06-15')]))
      .where('child.familyName', 'is not', null)
      .where('child.dateOfBirthClaimed', 'is not', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('missingEpisode')
              .select('missingEpisode.id')
              .whereRef('missingEpisode.childId', '=', 'child.id')
              .where('missingEpisode.endAt', 'is', null),
          ),
        ),
      )
      .orderBy('child.id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const name = `${kentChild.givenNames ?? ''} ${kentChild.familyName ?? ''}`.trim();
    const [year, month, day] = (kentChild.dateOfBirthClaimed ?? '').split('-');
    // The scan would find them: otherwise it proves nothing.
    expect(leaks(`{"msg":"${name} born ${kentChild.dateOfBirthClaimed ?? ''}"}`, identities).length).toBeGreaterThanOrEqual(2);

    const browser = webClient(app);
    await browser.get(paths.signIn);
    expect((await browser.post(paths.signIn, { email: 'social.worker@kent.demo.invalid', password: DEMO_PASSWORD })).statusCode).toBe(303);
    await browser.get('/sign-in/code');
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate({ timestamp: Date.parse(clock.now()) });
    expect((await browser.post('/sign-in/code', { code })).headers.location).toBe('/');
    expect((await browser.get('/')).statusCode).toBe(200);
    await browser.get(paths.findChild);
    const byName = await browser.post(paths.findChild, { name, identifier: '', 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '' });
    expect(byName.body).toContain(kentChild.id);
    const byDate = await browser.post(paths.findChild, {
      name: '',
      identifier: '',
      'dateOfBirth-day': day!,
      'dateOfBirth-month': month!,
      'dateOfBirth-year': year!,
    });
    expect(byDate.statusCode).toBe(200);
    // A mistake beside a name: the page says what is wrong; the log must not quote what was typed.
    expect(
      (await browser.post(paths.findChild, { name, identifier: '', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': year! })).body,
    ).toContain('govuk-error-summary');
    // A found-child search with the child's name and date of birth, and one with a mistake in it.
    await browser.get(paths.foundChild);
    const found = {
      givenNames: kentChild.givenNames ?? '',
      familyName: kentChild.familyName ?? '',
      'dateOfBirth-day': day!,
      'dateOfBirth-month': month!,
      'dateOfBirth-year': year!,
      whereFound: `With ${name} at the station`,
    };
    expect((await browser.post(paths.foundChild, found)).body).toContain('possible match');
    expect((await browser.post(paths.foundChild, { ...found, 'dateOfBirth-day': '31', 'dateOfBirth-month': '2' })).body).toContain('govuk-error-summary');
    const record = await browser.get(paths.child(kentChild.id));
    expect(record.body).toContain(kentChild.familyName);
    await browser.get(paths.reportMissing(kentChild.id));
    const report = {
      type: 'M',
      'lastSeenDate-day': '15',
      'lastSeenDate-month': '6',
      'lastSeenDate-year': '2025',
      lastSeenTime: '9:30am',
      lastSeenLocation: `Outside the placement, with ${name}'s cousin`,
      lastSeenWith: 'An older man in a grey car',
      'reportedToPoliceDate-day': '15',
      'reportedToPoliceDate-month': '6',
      'reportedToPoliceDate-year': '2025',
      reportedToPoliceTime: '10:15',
      policeForce: 'Kent Police',
      policeReference: 'KP-LOG-0001',
      policeRiskLevel: 'HIGH',
    };
    const check = await browser.post(paths.reportMissing(kentChild.id), { ...report, intent: 'continue' });
    expect((await browser.post(paths.reportMissing(kentChild.id), { ...hiddenFieldsOf(check.body), intent: 'save' })).statusCode).toBe(303);

    const created = await services.apiTokens.createToken(KENT, 'social_worker', 'log privacy');
    if (!created.ok) throw new Error('no token');
    const api = apiClient(app, created.value.token);
    expect((await api('POST', '/children/search', { q: kentChild.familyName })).status).toBe(200);
    expect((await api('POST', '/children/search', { dateOfBirth: kentChild.dateOfBirthClaimed })).status).toBe(200);
    expect((await api('GET', `/children/${kentChild.id}`)).status).toBe(200);
    const foundChild = {
      names: [{ givenNames: kentChild.givenNames ?? '', familyName: kentChild.familyName ?? '' }],
      dateOfBirth: kentChild.dateOfBirthClaimed,
    };
    expect((await api('POST', '/found-child/searches', foundChild)).status).toBe(200);
    expect((await api('POST', '/found-child/searches', { ...foundChild, dateOfBirth: `${year!}-02-31` })).status).toBe(400);
    expect(
      (
        await api('POST', '/children', {
          laChildId: 'LOG-1',
          givenNames: kentChild.givenNames,
          familyName: kentChild.familyName,
          sex: 'F',
          dateOfBirthClaimed: `${year!}-02-31`,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api('POST', '/children', {
          laChildId: 'LOG-1',
          givenNames: kentChild.givenNames,
          familyName: kentChild.familyName,
          sex: 'F',
          dateOfBirthClaimed: kentChild.dateOfBirthClaimed,
          nickname: name,
        })
      ).status,
    ).toBe(400);

    // The requests were logged (at least one line each), and none of those lines names a child.
    expect(lines.filter((line) => line.includes('"incoming request"')).length).toBeGreaterThanOrEqual(15);
    expect(lines.flatMap((line) => leaks(line, identities).map((leak) => `${leak} in ${line}`))).toEqual([]);
  });
});
