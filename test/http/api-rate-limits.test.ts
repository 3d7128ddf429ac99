import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { KENT, MEDWAY } from './api-helpers.ts';

// Issue 16, item 5: the API's requests are limited by token and by organisation, so that one case
// system cannot take the service from the others.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ apiRateLimits: { perToken: 3, perOrganisation: 5 } });
});
afterAll(async () => {
  await t.close();
});

const list = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/children', headers: { authorization: `Bearer ${token}` } });
const statuses = async (token: string, times: number) => {
  const seen: number[] = [];
  for (let i = 0; i < times; i += 1) seen.push((await list(token)).statusCode);
  return seen;
};

describe('API rate limits', () => {
  it('should refuse a token past its limit, then its organisation past the organisation’s, and no one else', async () => {
    const first = await t.token(KENT, 'social_worker');
    const second = await t.token(KENT, 'data_officer');
    const elsewhere = await t.token(MEDWAY, 'social_worker');

    expect(await statuses(first, 3)).toEqual([200, 200, 200]);
    const refused = await list(first);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ status: 429, detail: expect.stringContaining('This API token has made more than 3 requests in a minute') });

    // The organisation has had 3 of its 5; the refused request did not count.
    expect(await statuses(second, 2)).toEqual([200, 200]);
    const organisationRefused = await list(second);
    expect(organisationRefused.statusCode).toBe(429);
    expect(organisationRefused.json()).toMatchObject({ detail: expect.stringContaining('Your organisation has made more than 5 requests') });

    expect((await list(elsewhere)).statusCode).toBe(200);
  });

  it('should answer a request without a valid token 401, not count it', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/children', headers: { authorization: 'Bearer not-a-token' } });
    expect(response.statusCode).toBe(401);
  });
});
