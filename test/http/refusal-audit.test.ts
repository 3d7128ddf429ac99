import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import { REFUSAL_LIMITS } from '../../src/domain/refusal-limit.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { apiClient, createLookedAfterChild, CROYDON, KENT } from './api-helpers.ts';

// Refusals are audited (issue 10, item 8): a child someone may not see, a bad or missing API token, a
// malformed Authorization header. A few a minute from each origin; past that one event says how many.

let t: TestApp;
let kentChild: string;
let croydonToken: string;

beforeAll(async () => {
  t = await buildTestApp();
  kentChild = (await createLookedAfterChild(apiClient(t.app, await t.token(KENT, 'social_worker')), { givenNames: 'Refusedname' })).id;
  croydonToken = await t.token(CROYDON, 'social_worker');
});
afterAll(async () => {
  await t.close();
});

const eventsFrom = (origin: string) =>
  t.handle.db.selectFrom('auditEvent').selectAll().where('origin', '=', origin).orderBy('occurredAt').orderBy('seq').execute();

const api = (remoteAddress: string, method: 'GET' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    remoteAddress,
    headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });

describe('refused requests', () => {
  it('should record who was refused another authority’s child, and a child that does not exist, alike', async () => {
    const origin = '198.51.100.11';
    const missing = randomUUID();
    expect((await api(origin, 'GET', `/children/${kentChild}`, { authorization: `Bearer ${croydonToken}` })).statusCode).toBe(404);
    expect((await api(origin, 'GET', `/children/${missing}`, { authorization: `Bearer ${croydonToken}` })).statusCode).toBe(404);
    // The fake clock stands still, so events on different chains have no order between them.
    const events = await eventsFrom(origin);
    expect(events.map((event) => [event.action, event.organisationCode, event.role, event.childId]).sort()).toEqual(
      [
        ['REFUSED', CROYDON, 'social_worker', kentChild],
        ['REFUSED', CROYDON, 'social_worker', missing],
      ].sort(),
    );
    const ofKentChild = events.find((event) => event.childId === kentChild);
    expect(ofKentChild).toMatchObject({ entity: 'request', entityId: kentChild, details: { method: 'GET', route: '/api/v1/children/:id', status: 404 } });
    expect(ofKentChild?.actorId).toMatch(/^token:/);
  });

  it('should record the refusal without anything the request carried', async () => {
    const origin = '198.51.100.12';
    const refused = await api(origin, 'PATCH', `/children/${kentChild}`, { authorization: `Bearer ${croydonToken}` }, { familyName: 'Secretname', version: 1 });
    expect(refused.statusCode).toBe(404);
    const [event] = await eventsFrom(origin);
    expect(event).toMatchObject({ action: 'REFUSED', details: { method: 'PATCH', route: '/api/v1/children/:id', status: 404 } });
    expect(JSON.stringify(event)).not.toContain('Secretname');
    expect(JSON.stringify(event)).not.toContain(croydonToken);
  });

  it('should record the person refused a child’s page, so the responsible authority sees who tried', async () => {
    const { client, userId } = await signedInClient(t.app, t.services, CROYDON, 'team_manager');
    expect((await client.get(paths.child(kentChild))).statusCode).toBe(404);
    const refused = await t.handle.db.selectFrom('auditEvent').selectAll().where('actorId', '=', userId).where('action', '=', 'REFUSED').execute();
    expect(refused).toEqual([expect.objectContaining({ childId: kentChild, details: { method: 'GET', route: '/children/:childId', status: 404 } })]);
    const manager = await signedInClient(t.app, t.services, KENT, 'team_manager');
    const seen = await manager.client.get(paths.recordAccess(kentChild));
    expect(seen.body).toContain('Was refused');
  });
});

describe('requests without a usable token', () => {
  it('should record a missing token, a malformed Authorization header and an unknown token, never the header’s value', async () => {
    const origin = '198.51.100.21';
    for (const authorization of [undefined, 'Basic dXNlcjpzZWNyZXRwYXNz', 'Bearer', 'Token lantern_secretvalue', 'Bearer lantern_secretvalue']) {
      const response = await api(origin, 'GET', '/children', authorization === undefined ? {} : { authorization });
      expect(response.statusCode, authorization).toBe(401);
    }
    const events = await eventsFrom(origin);
    expect(events.map((event) => [event.action, event.entity, (event.details as { reason: string }).reason]).sort()).toEqual([
      ['SIGN_IN_FAILED', 'apiToken', 'MALFORMED_AUTHORIZATION'],
      ['SIGN_IN_FAILED', 'apiToken', 'MALFORMED_AUTHORIZATION'],
      ['SIGN_IN_FAILED', 'apiToken', 'MALFORMED_AUTHORIZATION'],
      ['SIGN_IN_FAILED', 'apiToken', 'NO_TOKEN'],
      ['SIGN_IN_FAILED', 'apiToken', 'UNKNOWN_TOKEN'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/secret|dXNlcjpzZWNyZXRwYXNz/);
  });
});

describe('the refusal limit', () => {
  it('should record only a few refusals a minute from one origin, then one event saying how many more there were', async () => {
    const origin = '203.0.113.50';
    const attempts = REFUSAL_LIMITS.perOrigin + 25;
    for (let i = 0; i < attempts; i += 1) expect((await api(origin, 'GET', '/children', { authorization: `Bearer lantern_guess${i}` })).statusCode).toBe(401);
    // Another origin still has its share.
    await api('203.0.113.51', 'GET', '/children', { authorization: 'Bearer lantern_other' });
    expect(await eventsFrom('203.0.113.51')).toHaveLength(1);
    expect(await eventsFrom(origin)).toHaveLength(REFUSAL_LIMITS.perOrigin);

    // Nothing is summarised while the minute lasts; once it is over, one event counts the rest.
    expect(await t.services.refusals.writeUnrecorded()).toBe(0);
    t.clock.set(new Date(Date.parse(t.clock.now()) + REFUSAL_LIMITS.windowSeconds * 1000).toISOString());
    expect(await t.services.refusals.writeUnrecorded()).toBeGreaterThanOrEqual(1);
    const events = await eventsFrom(origin);
    expect(events).toHaveLength(REFUSAL_LIMITS.perOrigin + 1);
    expect(events.at(-1)).toMatchObject({ action: 'REFUSALS_UNRECORDED', actorId: 'lantern', details: { unrecorded: 25, limit: REFUSAL_LIMITS.perOrigin } });
    expect(await t.services.audit.verify()).toMatchObject({ findings: [] });
  });
});
