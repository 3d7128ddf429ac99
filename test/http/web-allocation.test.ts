import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf, summaryOf, tableRows } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, errorsOf, GUARDIANS, KENT, KENT_POLICE } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// Allocating and reassigning a child through app.inject: the team manager's journey (question page,
// check your answers, confirmation), the API, who else gets "Page not found", and My work showing
// who holds each child, the person's own first. The test clock is 15 June 2025 at 12:00 UTC.

let t: TestApp;
let kent: Api;
let manager: WebClient;
let managerApi: Api;
let workerId: string;
let worker: WebClient;
let teamId: string;
let childId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  managerApi = apiClient(t.app, await t.token(KENT, 'team_manager'));
  const signedManager = await signedInClient(t.app, t.services, KENT, 'team_manager');
  manager = signedManager.client;
  const signedWorker = await signedInClient(t.app, t.services, KENT, 'social_worker');
  worker = signedWorker.client;
  workerId = signedWorker.userId;
  const managerActor: Actor = { id: signedManager.userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'team_manager' };
  const team = await t.services.caseloads.createTeam(managerActor, { name: 'Looked after children' });
  if (!team.ok) throw new Error('no team');
  teamId = team.value.id;
  await t.services.caseloads.addTeamMember(managerActor, teamId, { userId: workerId });
  childId = (await createLookedAfterChild(kent, { givenNames: 'Arta', familyName: 'Allocated' })).id;
  await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt: '2025-06-14T12:00:00Z', policeReference: 'KP-ALLOC-1' });
});
afterAll(async () => {
  await t.close();
});

const url = () => `/children/${childId}/allocation`;

/** Answers the question page, then saves from check your answers. */
async function complete(answers: Record<string, string>) {
  const check = await manager.post(url(), { ...answers, intent: 'continue' });
  const saved = await manager.post(url(), { ...hiddenFieldsOf(check.body), intent: 'save' });
  return { check, saved };
}

describe('allocating a child on the web', () => {
  it('should let a team manager allocate a child, check the answers and see the confirmation, audited', async () => {
    const record = await manager.get(`/children/${childId}`);
    expect(record.body).toContain(`href="${url()}"`);
    const page = await manager.get(url());
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Allocate the child – Lantern');
    const { check, saved } = await complete({ socialWorkerId: workerId, teamId, reason: '', version: '1' });
    expect(summaryOf(check.body)).toEqual({ 'Social worker': 'Test social worker', Team: 'Looked after children', Reason: 'Not given' });
    expect(saved.statusCode).toBe(303);
    const confirmation = await manager.get(saved.headers.location!);
    expect(confirmation.body).toContain('Allocated to Test social worker (Looked after children)');
    const audited = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'details'])
      .where('childId', '=', childId)
      .where('entity', '=', 'childAllocation')
      .execute();
    expect(audited).toEqual([{ action: 'CREATE', details: { socialWorkerId: [null, workerId], teamId: [null, teamId] } }]);
  });

  it('should ask why when reassigning, on the question, saving nothing', async () => {
    const page = await manager.get(url());
    expect(titleOf(page.body)).toBe('Reassign the child – Lantern');
    expect(page.body).toContain('Allocated now to Test social worker (Looked after children)');
    const refused = await manager.post(url(), { socialWorkerId: '', teamId, reason: '', version: '2', intent: 'continue' });
    expect(errorSummaryOf(refused.body)).toEqual([{ href: '#reason', text: 'Enter why you are reassigning the child' }]);
    const { check, saved } = await complete({ socialWorkerId: '', teamId, reason: 'Worker on long-term leave', version: '2' });
    expect(summaryOf(check.body)).toMatchObject({ 'Allocated now to': 'Test social worker (Looked after children)', 'Social worker': 'No social worker' });
    expect(saved.statusCode).toBe(303);
    expect((await manager.get(saved.headers.location!)).body).toContain('Allocated to Looked after children, no social worker');
  });

  it('should refuse a page read before someone else reassigned the child', async () => {
    const stale = await manager.post(url(), { socialWorkerId: workerId, teamId, reason: 'Back from leave', version: '1', intent: 'save' });
    expect(errorSummaryOf(stale.body).map((error) => error.text)).toEqual([
      'Someone else has allocated this child since you opened this page. Check who holds them now, then choose again',
    ]);
  });

  it('should answer "Page not found" to everyone but the responsible authority’s team managers', async () => {
    for (const [organisation, role] of [
      [KENT, 'social_worker'],
      [KENT, 'data_officer'],
      [CROYDON, 'team_manager'],
      [KENT_POLICE, 'police_coordinator'],
      [GUARDIANS, 'advocate'],
    ] as const) {
      const other = (await signedInClient(t.app, t.services, organisation, role)).client;
      expect((await other.get(url())).statusCode, `${organisation} ${role}`).toBe(404);
      expect((await other.post(url(), { socialWorkerId: workerId, reason: 'Taking over', version: '3', intent: 'save' })).statusCode).toBe(404);
    }
    expect((await worker.get(`/children/${childId}`)).body).not.toContain(`href="${url()}"`);
  });
});

describe('the allocation API', () => {
  it('should give a team manager the allocation with its history, and reassign with a reason', async () => {
    const read = await managerApi('GET', `/children/${childId}/allocation`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ childId, version: 3, current: { teamId, socialWorkerId: null } });
    expect((read.body['history'] as unknown[]).length).toBe(2);
    const refused = await managerApi('PUT', `/children/${childId}/allocation`, { socialWorkerId: workerId, teamId, version: 3 });
    expect(refused.status).toBe(422);
    expect(errorsOf(refused)).toMatchObject([{ field: 'reason', message: 'Enter why you are reassigning the child' }]);
    const moved = await managerApi('PUT', `/children/${childId}/allocation`, { socialWorkerId: workerId, teamId, reason: 'Back from leave', version: 3 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ socialWorkerId: workerId, teamId, reason: 'Back from leave', endedAt: null });
    expect((await managerApi('PUT', `/children/${childId}/allocation`, { socialWorkerId: null, teamId, reason: 'Again', version: 3 })).status).toBe(409);
    expect((await kent('GET', `/children/${childId}/allocation`)).status).toBe(404);
  });
});

describe('My work with caseloads', () => {
  it('should show who holds each child, saying "You" for the social worker’s own', async () => {
    const forWorker = await worker.get('/');
    expect(forWorker.body).toContain('the children allocated to you come first');
    expect(tableRows(forWorker.body, 'Children missing now').map((row) => row.slice(0, 2))).toEqual([['Arta Allocated', 'You (Looked after children)']]);
    const forManager = await manager.get('/');
    expect(tableRows(forManager.body, 'Children missing now').map((row) => row.slice(0, 2))).toEqual([
      ['Arta Allocated', 'Test social worker (Looked after children)'],
    ]);
  });
});
