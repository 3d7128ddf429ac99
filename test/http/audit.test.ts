import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { apiClient, createLookedAfterChild, CROYDON, KENT } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

let t: TestApp;
let worker: Api;
let manager: Api;
let kentAdmin: Api;

beforeAll(async () => {
  t = await buildTestApp();
  worker = apiClient(t.app, await t.token(KENT, 'social_worker'));
  manager = apiClient(t.app, await t.token(KENT, 'team_manager'));
  kentAdmin = apiClient(t.app, await t.token(KENT, 'organisation_administrator'));
});
afterAll(async () => {
  await t.close();
});

const eventsFor = (childId: string) => t.handle.db.selectFrom('auditEvent').selectAll().where('childId', '=', childId).orderBy('seq').execute();

describe('audit trail through the API', () => {
  it('should record the creation, each change with the fields before and after, and each view', async () => {
    const { id } = await createLookedAfterChild(worker);
    await worker('GET', `/children/${id}`);
    const events = await eventsFor(id);
    expect(events.map((event) => [event.action, event.entity])).toEqual([
      ['CREATE', 'child'],
      ['CREATE', 'carePeriod'],
      ['VIEW_RECORD', 'child'],
    ]);
    expect(events[2]).toMatchObject({ organisationCode: KENT, role: 'social_worker', origin: '127.0.0.1' });
    const period = await worker('GET', `/children/${id}`);
    const { id: periodId, version } = (period.body['carePeriods'] as { id: string; version: number }[])[0]!;
    await worker('PATCH', `/care-periods/${periodId}`, { placementType: 'K2', version });
    const change = (await eventsFor(id)).at(-1);
    expect(change).toMatchObject({ action: 'CHANGE', entity: 'carePeriod', entityId: periodId });
    expect(JSON.parse(JSON.stringify(change?.details))).toMatchObject({ placementType: { before: 'U1', after: 'K2' }, version: { before: 1, after: 2 } });
  });

  it('should write no audit event for a refused change', async () => {
    const { id } = await createLookedAfterChild(worker);
    const before = (await eventsFor(id)).length;
    const refused = await worker('POST', `/children/${id}/missing-episodes`, { type: 'M', startAt: '2030-01-01T00:00:00Z' });
    expect(refused.status).toBe(422);
    expect((await eventsFor(id)).length).toBe(before);
  });

  it('should keep search terms out of the audit trail', async () => {
    await worker('POST', '/children/search', { q: 'Secretname' });
    const [search] = await t.handle.db.selectFrom('auditEvent').selectAll().where('action', '=', 'SEARCH').orderBy('occurredAt', 'desc').limit(1).execute();
    expect(JSON.stringify(search?.details)).not.toContain('Secretname');
    expect(search?.details).toMatchObject({ filters: ['query'] });
  });

  it('should show the responsible authority’s team manager who has seen a record, and nobody else', async () => {
    const { id } = await createLookedAfterChild(worker);
    await worker('GET', `/children/${id}`);
    const seen = await manager('GET', `/children/${id}/record-access`);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'social_worker', action: 'VIEW_RECORD', organisationCode: KENT })]));
    expect((await worker('GET', `/children/${id}/record-access`)).status).toBe(404);
    const croydonManager = apiClient(t.app, await t.token(CROYDON, 'team_manager'));
    expect((await croydonManager('GET', `/children/${id}/record-access`)).status).toBe(404);
  });

  it('should let an organisation administrator search only their own organisation’s events', async () => {
    const croydonWorker = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
    await croydonWorker('GET', '/children');
    const result = await kentAdmin('GET', `/audit-events?organisationCode=${CROYDON}&pageSize=200`);
    expect(result.status).toBe(200);
    const events = result.body['events'] as { organisationCode: string }[];
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((event) => event.organisationCode))).toEqual(new Set([KENT]));
    expect((await worker('GET', '/audit-events')).status).toBe(404);
  });

  it('should give administrators the names of the fields a change touched, never the child’s details', async () => {
    await createLookedAfterChild(worker, { givenNames: 'Searchable', familyName: 'Neverseen' });
    const result = await kentAdmin('GET', '/audit-events?action=CREATE&pageSize=200');
    expect(result.status).toBe(200);
    const events = result.body['events'] as { entity: string; details: unknown }[];
    const created = events.find((event) => event.entity === 'child');
    expect(created?.details).toMatchObject({ fieldsChanged: expect.arrayContaining(['givenNames', 'familyName']) as unknown });
    expect(JSON.stringify(result.body)).not.toContain('Neverseen');
  });

  it('should record a failed sign-in with a bad token, and the trail should verify', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/children', headers: { authorization: 'Bearer lantern_not-a-real-token' } });
    expect(response.statusCode).toBe(401);
    const failed = await t.handle.db.selectFrom('auditEvent').selectAll().where('action', '=', 'SIGN_IN_FAILED').execute();
    expect(failed.length).toBeGreaterThan(0);
    expect(await t.services.audit.verify()).toMatchObject({ findings: [] });
  });
});
