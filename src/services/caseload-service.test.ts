import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { CROYDON, KENT } from '../../test/helpers/organisations.ts';
import { value } from '../../test/helpers/result.ts';
import { addAccount, addChildInCare, openServices } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Services } from './index.ts';

// Caseloads on a real database under row-level security: teams, allocation and reassignment by a
// team manager (audited, with a reason), and My work listing each person's own children first,
// then their team's, then the rest of the authority's, with who holds each.

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-15T12:00:00Z');

let made = 0;
const account = (organisationCode: string, role: Actor['role'], name: string): Promise<Actor> => addAccount(services, organisationCode, role, name);

/** A child looked after by the actor's authority, missing since `missingSince`. */
async function child(actor: Actor, name: string, missingSince: string): Promise<string> {
  made += 1;
  const id = await addChildInCare(services, actor, { laChildId: `CL-${made}`, givenNames: name, familyName: 'Caseload', sex: 'F' });
  value(await services.missingEpisodes.reportMissing(actor, id, { type: 'M', startAt: missingSince, policeReference: null, policeRiskLevel: 'HIGH' }));
  return id;
}

let manager: Actor;
let sam: Actor;
let jo: Actor;
let dataOfficer: Actor;
let croydonManager: Actor;
let croydonWorker: Actor;
const teams = {} as Record<'looked' | 'leaving' | 'croydon', string>;
const kids = {} as Record<'unallocated' | 'jos' | 'teams' | 'sams', string>;

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now, { accounts: true }));
  manager = await account(KENT, 'team_manager', 'Morgan Manager');
  sam = await account(KENT, 'social_worker', 'Sam Worker');
  jo = await account(KENT, 'social_worker', 'Jo Worker');
  dataOfficer = await account(KENT, 'data_officer', 'Dee Officer');
  croydonManager = await account(CROYDON, 'team_manager', 'Cal Croydon');
  croydonWorker = await account(CROYDON, 'social_worker', 'Cat Croydon');
  teams.looked = value(await services.caseloads.createTeam(manager, { name: 'Looked after children' })).id;
  teams.leaving = value(await services.caseloads.createTeam(manager, { name: 'Leaving care' })).id;
  teams.croydon = value(await services.caseloads.createTeam(croydonManager, { name: 'Looked after children' })).id;
  value(await services.caseloads.addTeamMember(manager, teams.looked, { userId: sam.id }));
  value(await services.caseloads.addTeamMember(manager, teams.looked, { userId: manager.id }));
  value(await services.caseloads.addTeamMember(manager, teams.leaving, { userId: jo.id }));
  // Missing longest first: the order My work lists children of the same tier in.
  kids.unallocated = await child(sam, 'Unallocated', '2025-06-10T12:00:00Z');
  kids.jos = await child(sam, 'Jos', '2025-06-11T12:00:00Z');
  kids.teams = await child(sam, 'Teams', '2025-06-12T12:00:00Z');
  kids.sams = await child(sam, 'Sams', '2025-06-13T12:00:00Z');
  value(await services.caseloads.allocate(manager, kids.jos, { teamId: teams.leaving, socialWorkerId: jo.id, reason: null }));
  value(await services.caseloads.allocate(manager, kids.teams, { teamId: teams.looked, socialWorkerId: null, reason: null }));
  value(await services.caseloads.allocate(manager, kids.sams, { teamId: null, socialWorkerId: sam.id, reason: null }));
});
afterAll(async () => {
  await handle.close();
});

const missingNames = async (actor: Actor) =>
  value(await services.myWork.myWork(actor)).missingNow.map((row) => ({
    name: row.givenNames,
    tier: row.caseload?.tier,
    worker: row.caseload?.owner?.socialWorker?.name ?? null,
    team: row.caseload?.owner?.team?.name ?? null,
  }));

describe('My work, ordered by caseload', () => {
  it('should give a social worker their own children, then their team’s, then the authority’s, each with who holds them', async () => {
    const rows = await missingNames(sam);
    expect(rows).toEqual([
      { name: 'Sams', tier: 'mine', worker: 'Sam Worker', team: null },
      { name: 'Teams', tier: 'team', worker: null, team: 'Looked after children' },
      { name: 'Unallocated', tier: 'authority', worker: null, team: null },
      { name: 'Jos', tier: 'authority', worker: 'Jo Worker', team: 'Leaving care' },
    ]);
  });

  it('should order the same children for another social worker by their own caseload', async () => {
    expect((await missingNames(jo)).map((row) => [row.name, row.tier])).toEqual([
      ['Jos', 'mine'],
      ['Unallocated', 'authority'],
      ['Teams', 'authority'],
      ['Sams', 'authority'],
    ]);
  });

  it('should count a child held by a teammate as the team’s, for the team manager', async () => {
    expect((await missingNames(manager)).map((row) => [row.name, row.tier])).toEqual([
      ['Teams', 'team'],
      ['Sams', 'team'],
      ['Unallocated', 'authority'],
      ['Jos', 'authority'],
    ]);
  });
});

describe('allocating and reassigning a child', () => {
  it('should give the allocation page to the responsible authority’s team managers only, auditing its opening as a view', async () => {
    for (const actor of [sam, dataOfficer, croydonManager]) {
      expect(await services.caseloads.allocation(actor, kids.sams, { opening: true })).toEqual({ ok: false, error: { kind: 'not_found', entity: 'child' } });
    }
    const page = value(await services.caseloads.allocation(manager, kids.sams, { opening: true }));
    expect(page.current?.owner).toEqual({ socialWorker: { id: sam.id, name: 'Sam Worker' }, team: null });
    expect(page.teams.map((team) => team.name)).toEqual(['Leaving care', 'Looked after children']);
    expect(page.teams.find((team) => team.id === teams.looked)?.members.map((member) => member.name)).toEqual(['Morgan Manager', 'Sam Worker']);
    expect(page.people.map((person) => person.name)).toEqual(['Jo Worker', 'Morgan Manager', 'Sam Worker']);
    const views = await handle.db
      .selectFrom('auditEvent')
      .select(['actorId', 'details'])
      .where('childId', '=', kids.sams)
      .where('action', '=', 'VIEW_RECORD')
      .execute();
    expect(views).toEqual([{ actorId: manager.id, details: { view: 'full', journey: 'reassign' } }]);
  });

  it('should reassign with a reason, ending the allocation before and keeping it in the history, audited without names', async () => {
    const moving = await child(sam, 'Moving', '2025-06-14T12:00:00Z');
    const first = value(await services.caseloads.allocate(manager, moving, { teamId: teams.looked, socialWorkerId: sam.id, reason: null }));
    const refused = await services.caseloads.allocate(manager, moving, { teamId: teams.leaving, socialWorkerId: jo.id, reason: null, version: 2 });
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'invalid', violations: [{ field: 'reason', message: 'Enter why you are reassigning the child' }] },
    });
    clock.advanceHours(1);
    const second = value(
      await services.caseloads.allocate(manager, moving, { teamId: teams.leaving, socialWorkerId: jo.id, reason: 'Moving to leaving care', version: 2 }),
    );
    const page = value(await services.caseloads.allocation(manager, moving, { opening: false }));
    expect(page.version).toBe(3);
    expect(page.history.map((entry) => [entry.id, entry.socialWorkerId, entry.endedAt, entry.allocatedByName])).toEqual([
      [second.id, jo.id, null, 'Morgan Manager'],
      [first.id, sam.id, second.allocatedAt, 'Morgan Manager'],
    ]);
    const events = await handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entityId', 'details'])
      .where('childId', '=', moving)
      .where('entity', '=', 'childAllocation')
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { action: 'CREATE', entityId: first.id, details: { socialWorkerId: [null, sam.id], teamId: [null, teams.looked] } },
      { action: 'CHANGE', entityId: second.id, details: { socialWorkerId: [sam.id, jo.id], teamId: [teams.looked, teams.leaving], reason: 'given' } },
    ]);
    // A page read before the reassignment is out of date.
    expect(await services.caseloads.allocate(manager, moving, { teamId: teams.looked, socialWorkerId: sam.id, reason: 'Back', version: 2 })).toEqual({
      ok: false,
      error: { kind: 'conflict', entity: 'child allocation', currentVersion: 3 },
    });
  });

  it.each([
    ['another authority’s team', () => ({ teamId: teams.croydon, socialWorkerId: null }), 'teamId', 'Select a team in your authority'],
    [
      'another authority’s social worker',
      () => ({ teamId: null, socialWorkerId: croydonWorker.id }),
      'socialWorkerId',
      'Select a social worker in your authority',
    ],
    ['a data officer', () => ({ teamId: null, socialWorkerId: dataOfficer.id }), 'socialWorkerId', 'Select a social worker in your authority'],
    ['nobody', () => ({ teamId: null, socialWorkerId: null }), 'socialWorkerId', 'Select a social worker or a team'],
  ])('should refuse %s, naming the field, and change nothing', async (_case, choice, field, message) => {
    const refused = await services.caseloads.allocate(manager, kids.unallocated, { ...choice(), reason: null });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid', violations: [{ field, message }] } });
    expect(value(await services.caseloads.allocation(manager, kids.unallocated, { opening: false })).history).toEqual([]);
  });

  it('should answer "not found" to anyone but the responsible authority’s team managers, changing nothing', async () => {
    for (const actor of [sam, dataOfficer, croydonManager]) {
      expect(await services.caseloads.allocate(actor, kids.unallocated, { teamId: null, socialWorkerId: sam.id, reason: null })).toEqual({
        ok: false,
        error: { kind: 'not_found', entity: 'child' },
      });
    }
    expect(value(await services.caseloads.allocation(manager, kids.unallocated, { opening: false })).history).toEqual([]);
  });
});

describe('teams', () => {
  it('should let team managers and administrators make teams, and refuse a name the authority has', async () => {
    expect(await services.caseloads.createTeam(sam, { name: 'Sam’s own' })).toEqual({ ok: false, error: { kind: 'not_found', entity: 'team' } });
    expect(await services.caseloads.createTeam(manager, { name: ' Leaving care ' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', violations: [{ field: 'name', message: 'Your authority has a team with this name already: enter another name' }] },
    });
    expect(await services.caseloads.createTeam(manager, { name: '' })).toMatchObject({ ok: false, error: { violations: [{ field: 'name' }] } });
    const admin = await account(KENT, 'organisation_administrator', 'Ada Admin');
    expect(value(await services.caseloads.createTeam(admin, { name: 'Duty and assessment' })).name).toBe('Duty and assessment');
  });

  it('should add only the authority’s staff, once, to its own teams', async () => {
    expect(await services.caseloads.addTeamMember(manager, teams.looked, { userId: croydonWorker.id })).toMatchObject({
      ok: false,
      error: { violations: [{ field: 'userId', message: 'Select a social worker, team manager or data officer in your authority' }] },
    });
    expect(await services.caseloads.addTeamMember(manager, teams.looked, { userId: sam.id })).toMatchObject({
      ok: false,
      error: { violations: [{ field: 'userId', message: 'They are in this team already' }] },
    });
    expect(await services.caseloads.addTeamMember(manager, teams.croydon, { userId: sam.id })).toEqual({
      ok: false,
      error: { kind: 'not_found', entity: 'team' },
    });
  });

  it('should list the authority’s teams to its staff and nobody else’s', async () => {
    expect(value(await services.caseloads.teams(sam)).teams.map((team) => team.id)).not.toContain(teams.croydon);
    expect(value(await services.caseloads.teams(croydonWorker)).teams.map((team) => team.id)).toEqual([teams.croydon]);
  });
});
