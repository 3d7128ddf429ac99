import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChild } from '../../../test/factories/child-record.ts';
import { accountRow } from '../../../test/helpers/accounts.ts';
import { CROYDON, KENT } from '../../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { Role } from '../../domain/access/actor.ts';
import type { ChildAllocation } from '../../domain/caseload.ts';
import type { DatabaseHandle } from '../client.ts';
import { inScope } from '../scope.ts';
import { childRecordWrites } from './child-record-repository.ts';
import { allocationHistory, currentOwners, endAllocation, insertAllocation, insertTeam, insertTeamMember, teamsOf, viewerOf } from './caseload-repository.ts';
import { insertUser } from './user-repository.ts';

// Teams and allocations on a real database (PGlite, and PostgreSQL in CI), under the row-level
// security of migration 0032: an authority's staff see its own, and only its team managers allocate.

const NOW = '2025-06-15T12:00:00.000Z';
const SAM = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const MANAGER = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const TEAM = '11111111-1111-4111-8111-111111111111';
const child = buildChild({ id: '22222222-2222-4222-8222-222222222222', responsibleAuthorityCode: KENT });

let handle: DatabaseHandle;

const as = <T>(actorId: string, authority: string, role: Role, work: Parameters<typeof inScope<T>>[2]) =>
  inScope(handle.db, { actorId, organisationCode: authority, authorityCode: authority, role, now: NOW }, work);

const allocation = (id: string, more: Partial<ChildAllocation> = {}): ChildAllocation => ({
  id,
  childId: child.id,
  responsibleAuthorityCode: KENT,
  teamId: TEAM,
  socialWorkerId: SAM,
  reason: null,
  allocatedAt: NOW,
  allocatedBy: MANAGER,
  endedAt: null,
  endedBy: null,
  ...more,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  await insertUser(handle.db, accountRow(SAM, KENT, 'social_worker', 'Sam Kent', NOW));
  await insertUser(handle.db, accountRow(MANAGER, KENT, 'team_manager', 'Manager Kent', NOW));
  await childRecordWrites.insertChild(handle.db, child, { at: NOW });
});
afterAll(async () => {
  await handle.close();
});

describe('teams', () => {
  it('should be made by an authority’s team managers, and seen only by its own staff', async () => {
    await expect(
      as(SAM, KENT, 'social_worker', (trx) => insertTeam(trx, { id: TEAM, localAuthorityCode: KENT, name: 'Refused', createdAt: NOW, createdBy: SAM })),
    ).rejects.toThrow();
    await expect(
      as(MANAGER, CROYDON, 'team_manager', (trx) =>
        insertTeam(trx, { id: TEAM, localAuthorityCode: KENT, name: 'Elsewhere', createdAt: NOW, createdBy: MANAGER }),
      ),
    ).rejects.toThrow();
    expect(
      await as(MANAGER, KENT, 'team_manager', async (trx) => {
        await insertTeam(trx, { id: TEAM, localAuthorityCode: KENT, name: 'Looked after children', createdAt: NOW, createdBy: MANAGER });
        return insertTeamMember(trx, { id: '33333333-3333-4333-8333-333333333333', teamId: TEAM, userId: SAM, addedAt: NOW, addedBy: MANAGER });
      }),
    ).toBe(true);
    expect(await as(SAM, KENT, 'social_worker', (trx) => teamsOf(trx, KENT))).toEqual([
      { id: TEAM, name: 'Looked after children', members: [{ id: SAM, name: 'Sam Kent' }] },
    ]);
    expect(await as(SAM, CROYDON, 'social_worker', (trx) => teamsOf(trx, KENT))).toEqual([]);
    const viewer = await as(SAM, KENT, 'social_worker', (trx) => viewerOf(trx, SAM));
    expect([...viewer.teamIds, ...viewer.teammateIds]).toEqual([TEAM, SAM]);
    // An API token is in no team.
    expect((await as('token:1', KENT, 'social_worker', (trx) => viewerOf(trx, 'token:1'))).teamIds.size).toBe(0);
  });
});

describe('allocations', () => {
  it('should be made only by the responsible authority’s team managers, one current at a time, and seen only by its staff', async () => {
    const first = allocation('44444444-4444-4444-8444-444444444444');
    await expect(as(SAM, KENT, 'social_worker', (trx) => insertAllocation(trx, first))).rejects.toThrow();
    await expect(as(MANAGER, CROYDON, 'team_manager', (trx) => insertAllocation(trx, first))).rejects.toThrow();
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => insertAllocation(trx, first))).toBe(true);
    // A second current allocation is refused: someone allocated the child first.
    const second = allocation('55555555-5555-4555-8555-555555555555', { teamId: null, reason: 'Moved', allocatedAt: '2025-06-16T12:00:00.000Z' });
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => insertAllocation(trx, second))).toBe(false);
    expect(
      await as(MANAGER, KENT, 'team_manager', async (trx) => [
        await endAllocation(trx, { ...first, endedAt: second.allocatedAt, endedBy: MANAGER }),
        await endAllocation(trx, { ...first, endedAt: second.allocatedAt, endedBy: MANAGER }),
        await insertAllocation(trx, second),
      ]),
    ).toEqual([true, false, true]);

    const history = await as(SAM, KENT, 'social_worker', (trx) => allocationHistory(trx, child.id));
    expect(history.map((entry) => [entry.id, entry.endedAt, entry.owner, entry.allocatedByName])).toEqual([
      [second.id, null, { socialWorker: { id: SAM, name: 'Sam Kent' }, team: null }, 'Manager Kent'],
      [first.id, second.allocatedAt, { socialWorker: { id: SAM, name: 'Sam Kent' }, team: { id: TEAM, name: 'Looked after children' } }, 'Manager Kent'],
    ]);
    expect(await as(SAM, KENT, 'social_worker', (trx) => currentOwners(trx, [child.id, child.id]))).toEqual(
      new Map([[child.id, { socialWorker: { id: SAM, name: 'Sam Kent' }, team: null }]]),
    );
    expect(await as(SAM, CROYDON, 'social_worker', (trx) => allocationHistory(trx, child.id))).toEqual([]);
    expect(await as(SAM, KENT, 'data_officer', (trx) => currentOwners(trx, [child.id]))).toHaveProperty('size', 1);
    expect(await as(SAM, KENT, 'organisation_administrator', (trx) => currentOwners(trx, [child.id]))).toHaveProperty('size', 0);
  });
});
