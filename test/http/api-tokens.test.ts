import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { apiClient, KENT } from './api-helpers.ts';

// API tokens through the API (issue 10, item 12): one that has expired, or has been rotated, is refused
// like any unknown token; its replacement works at once.

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function newToken(days?: number) {
  const created = await t.services.apiTokens.createToken(KENT, 'social_worker', 'case system', days === undefined ? {} : { days });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

describe('API tokens', () => {
  it('should refuse a token once it has expired, as any unknown token', async () => {
    const token = await newToken(1);
    const api = apiClient(t.app, token.token);
    expect((await api('GET', '/children')).status).toBe(200);
    t.clock.advanceHours(24);
    const expired = await api('GET', '/children');
    const unknown = await apiClient(t.app, 'lantern_nobody-has-this-token')('GET', '/children');
    expect(expired).toEqual({ status: 401, body: unknown.body });
  });

  it('should refuse a rotated token at once and accept its replacement', async () => {
    const old = await newToken();
    const rotated = await t.services.apiTokens.rotateToken(old.id);
    if (!rotated.ok) throw new Error(JSON.stringify(rotated.error));
    expect((await apiClient(t.app, old.token)('GET', '/children')).status).toBe(401);
    expect((await apiClient(t.app, rotated.value.token)('GET', '/children')).status).toBe(200);
  });
});
