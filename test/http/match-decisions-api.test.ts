import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { aChild, addPartnerOrganisations, apiClient, CROYDON, errorsOf, KENT, MEDWAY } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// Reviewers' decisions through the API (issue 13 item 5): Medway decides that its record and Kent's
// are one child, both authorities read the decision, and a Medway team manager undoes it with a
// reason, which unlinks the records. Who may do what: docs/access.md.

let t: TestApp;
let medway: Api;
let kentChild: string;
let medwayChild: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const add = async (api: Api, child: Record<string, unknown>): Promise<string> => {
    const created = await api('POST', '/children', aChild({ upn: 'UN2', ...child }));
    expect(created.status).toBe(201);
    return (created.body['child'] as { id: string }).id;
  };
  const boy = { givenNames: 'Dawit', familyName: 'Tekle', sex: 'M', dateOfBirthClaimed: '2009-08-02' };
  medway = apiClient(t.app, await t.token(MEDWAY, 'social_worker'));
  kentChild = await add(apiClient(t.app, await t.token(KENT, 'social_worker')), { ...boy, nationality: 'ER' });
  medwayChild = await add(medway, { ...boy, givenNames: 'Dawitt', nationality: 'ET' });
});
afterAll(async () => {
  await t.close();
});

const decision = (childId: string, otherChildId: string) => `/children/${childId}/matches/${otherChildId}/decision`;
const linksOf = () => t.handle.db.selectFrom('childIdentityLink').select('childId').where('childId', 'in', [kentChild, medwayChild]).execute();

describe('a new record’s possible matches through the API', () => {
  it('should list the other authority’s record of the child just added, with the evidence, to its own authority only', async () => {
    const matches = await medway('GET', `/children/${medwayChild}/matches`);
    expect(matches.status).toBe(200);
    const candidates = matches.body['candidates'] as { childId: string; probability: number; recognition: { authorityCode: string }; evidence: unknown[] }[];
    expect(candidates.map(({ childId, recognition }) => [childId, recognition.authorityCode])).toEqual([[kentChild, KENT]]);
    expect(candidates[0]?.probability).toBeGreaterThanOrEqual(0.1);
    expect(candidates[0]?.evidence.length).toBeGreaterThan(0);
    // Only the record's own authority asks: Kent may not, through Medway's record.
    expect((await apiClient(t.app, await t.token(KENT, 'social_worker'))('GET', `/children/${medwayChild}/matches`)).status).toBe(404);
    expect((await medway('GET', '/children/not-a-uuid/matches')).status).toBe(400);
  });
});

describe('decisions on two records through the API', () => {
  it('should refuse a decision that names no answer, or excludes without a reason, saying which field', async () => {
    const none = await medway('POST', decision(medwayChild, kentChild), {});
    expect(none.status).toBe(400);
    expect(errorsOf(none)[0]?.message).toMatch(/"confirmed" if the records are of the same child/);
    const short = await medway('POST', decision(medwayChild, kentChild), { decision: 'excluded', reason: 'no' });
    expect(short.status).toBe(400);
    expect(errorsOf(short)).toEqual([expect.objectContaining({ field: 'reason', message: expect.stringContaining('at least 10 characters') as unknown })]);
    expect(await t.handle.db.selectFrom('matchDecision').select('id').execute()).toEqual([]);
  });

  it('should confirm, link the records, refuse a second decision, and show it to both authorities but nobody else', async () => {
    const confirmed = await medway('POST', decision(medwayChild, kentChild), { decision: 'confirmed' });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ alerted: false });
    expect(await linksOf()).toHaveLength(2);
    expect((await medway('POST', decision(medwayChild, kentChild), { decision: 'excluded', reason: 'Not the same boy at all' })).status).toBe(409);

    const listed = await medway('GET', `/children/${medwayChild}/match-decisions`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ childId: medwayChild, otherChildId: kentChild, decision: 'confirmed', undoneAt: null })]);
    const kentManager = apiClient(t.app, await t.token(KENT, 'team_manager'));
    expect(await kentManager('GET', `/children/${kentChild}/match-decisions`)).toMatchObject({ status: 200, body: [{ decision: 'confirmed' }] });
    // Kent reads its own record's decisions, not through Medway's record.
    expect((await kentManager('GET', `/children/${medwayChild}/match-decisions`)).status).toBe(404);
    expect((await apiClient(t.app, await t.token(CROYDON, 'team_manager'))('GET', `/children/${kentChild}/match-decisions`)).status).toBe(404);
  });

  it('should let only a team manager of the authority undo it, with a reason, unlinking the records', async () => {
    const undo = `${decision(medwayChild, kentChild)}/undo`;
    expect((await medway('POST', undo, { reason: 'Confirmed on the wrong pair' })).status).toBe(404);
    const manager = apiClient(t.app, await t.token(MEDWAY, 'team_manager'));
    const short = await manager('POST', undo, { reason: 'oops' });
    expect(short.status).toBe(400);
    expect(errorsOf(short)).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(await linksOf()).toHaveLength(2);

    const undone = await manager('POST', undo, { reason: 'Confirmed on the wrong pair' });
    expect(undone).toMatchObject({ status: 200, body: { decision: 'confirmed' } });
    expect(await linksOf()).toEqual([]);
    const [listed] = (await manager('GET', `/children/${medwayChild}/match-decisions`)).body as unknown as Record<string, unknown>[];
    expect(listed).toMatchObject({ undoneReason: 'Confirmed on the wrong pair' });
    expect(listed?.['undoneAt']).not.toBeNull();
    // Nothing stands now: undoing again finds nothing.
    expect((await manager('POST', undo, { reason: 'Confirmed on the wrong pair' })).status).toBe(404);
  });
});
