import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { aChild, apiClient, errorsOf, KENT } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// A NUL character or half of a surrogate pair in a search, a form or JSON is refused with a 400 naming the
// field, never a 500; and whatever is sent, the log holds no name or date of birth.

const GIVEN = 'Mirela';
const FAMILY = 'Hoxhaj';
const BORN = '2009-04-12';

const logLines: string[] = [];
let t: TestApp;
let kent: Api;

beforeAll(async () => {
  t = await buildTestApp({ logger: createLogger('debug', { write: (line: string) => logLines.push(line) }) });
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
});
afterAll(async () => {
  await t.close();
});

describe('text that cannot be stored', () => {
  it.each([
    ['a NUL in a name', { givenNames: `${GIVEN}\u0000` }, 'givenNames'],
    ['half a pair in a name', { familyName: `${FAMILY}\uD800` }, 'familyName'],
    ['half a pair in a list', { languages: ['Albanian', 'Eng\uDC00lish'] }, 'languages.1'],
    ['a NUL in a field name', { [`given\u0000Names`]: GIVEN }, '"given\\u0000Names"'],
  ])('should refuse %s in JSON with a 400 naming the field, and save nothing', async (_case, fields, field) => {
    const response = await kent('POST', '/children', aChild({ givenNames: GIVEN, familyName: FAMILY, dateOfBirthClaimed: BORN, ...fields }));
    expect(response.status).toBe(400);
    expect(errorsOf(response).map((error) => error.field)).toEqual([field]);
    expect((await kent('POST', '/children/search', { q: FAMILY })).body['total']).toBe(0);
  });

  it('should refuse it in a search, in its body or its query, naming the field', async () => {
    for (const q of [`${GIVEN}\u0000${FAMILY}`, `${FAMILY}\uDC00`]) {
      const response = await kent('POST', '/children/search', { q, dateOfBirth: BORN });
      expect(response.status).toBe(400);
      expect(errorsOf(response)).toEqual([{ field: 'q', message: expect.stringContaining('must not include') }]);
    }
    const query = await kent('GET', '/children?nationality=%00');
    expect(query.status).toBe(400);
    expect(errorsOf(query).map((error) => error.field)).toEqual(['nationality']);
  });

  it('should refuse it where no schema looks at the text (a password)', async () => {
    const admin = apiClient(t.app, await t.token(KENT, 'organisation_administrator'));
    const response = await admin('POST', '/users', {
      organisationCode: KENT,
      role: 'social_worker',
      email: 'nul@example.gov.uk',
      displayName: 'Nul Test',
      password: 'a long password\u0000 here',
    });
    expect(response.status).toBe(400);
    expect(errorsOf(response).map((error) => error.field)).toEqual(['password']);
  });

  it('should refuse it in a form and a search page with a 400 page naming the field', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    await client.get('/children/find');
    const search = await client.post('/children/find', {
      name: `${GIVEN}\u0000 ${FAMILY}`,
      identifier: '',
      'dateOfBirth-day': '12',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '2009',
    });
    expect(search.statusCode).toBe(400);
    expect(search.body).toContain('The answer to name has a character that cannot be saved');
    await client.get('/children/new');
    const added = await client.post('/children/new', { givenNames: GIVEN, familyName: `${FAMILY}\u0000`, laChildId: 'NUL1' });
    expect(added.statusCode).toBe(400);
    expect(added.body).toContain('The answer to familyName has a character that cannot be saved');
  });

  it('should have logged the requests, and no name or date of birth', () => {
    const log = logLines.join('');
    expect(logLines.length).toBeGreaterThan(10);
    for (const secret of [GIVEN, FAMILY, BORN]) expect(log).not.toContain(secret);
  });
});
