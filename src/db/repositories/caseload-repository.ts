import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { CaseloadViewer, CaseOwner, ChildAllocation } from '../../domain/caseload.ts';
import { isUuid } from '../../domain/ids.ts';
import type { Database } from '../schema.ts';

// Teams, who is in them, and the allocation of children to social workers and teams (migration
// 0032). Every function runs in the caller's transaction; under row-level security each sees only
// the actor's authority.

type Db = Kysely<Database> | Transaction<Database>;

export interface Team {
  readonly id: string;
  readonly name: string;
  /** The people in the team now, by name. */
  readonly members: readonly { readonly id: string; readonly name: string }[];
}

/** A person a child may be allocated to: an active social worker or team manager of the organisation. */
export interface Allocatable {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

/** An allocation as the record's history shows it, with names. */
export interface AllocationEntry extends ChildAllocation {
  readonly owner: CaseOwner;
  readonly allocatedByName: string | null;
}

export async function insertTeam(
  db: Db,
  team: { id: string; localAuthorityCode: string; name: string; createdAt: string; createdBy: string },
): Promise<boolean> {
  const result = await db
    .insertInto('team')
    .values(team)
    .onConflict((oc) => oc.columns(['localAuthorityCode', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** Adds someone to a team; false if they are in it already. */
export async function insertTeamMember(db: Db, member: { id: string; teamId: string; userId: string; addedAt: string; addedBy: string }): Promise<boolean> {
  const result = await db
    .insertInto('teamMember')
    .values(member)
    .onConflict((oc) => oc.columns(['teamId', 'userId']).where('leftAt', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** The authority's teams with the people in each now, by name. */
export async function teamsOf(db: Db, localAuthorityCode: string): Promise<Team[]> {
  const rows = await db
    .selectFrom('team as t')
    .leftJoin('teamMember as m', (join) => join.onRef('m.teamId', '=', 't.id').on('m.leftAt', 'is', null))
    .leftJoin('appUser as u', 'u.id', 'm.userId')
    .select(['t.id', 't.name', 'u.id as userId', 'u.displayName'])
    .where('t.localAuthorityCode', '=', localAuthorityCode)
    .orderBy('t.name')
    .orderBy('u.displayName')
    .execute();
  const teams = new Map<string, { id: string; name: string; members: { id: string; name: string }[] }>();
  for (const row of rows) {
    const team = teams.get(row.id) ?? { id: row.id, name: row.name, members: [] };
    teams.set(row.id, team);
    if (row.userId !== null && row.displayName !== null) team.members.push({ id: row.userId, name: row.displayName });
  }
  return [...teams.values()];
}

/** The active social workers and team managers of an organisation, by name. */
export async function allocatablePeople(db: Db, organisationCode: string): Promise<Allocatable[]> {
  return db
    .selectFrom('appUser')
    .select(['id', 'displayName as name', 'role'])
    .where('organisationCode', '=', organisationCode)
    .where('role', 'in', ['social_worker', 'team_manager'])
    .where('active', '=', true)
    .orderBy('displayName')
    .orderBy('id')
    .execute();
}

/** The teams a person is in now and everyone in them: whose children are "my team's". */
export async function viewerOf(db: Db, userId: string): Promise<CaseloadViewer> {
  // An API token's actor id is not a person's.
  if (!isUuid(userId)) return { id: userId, teamIds: new Set(), teammateIds: new Set() };
  const rows = await db
    .selectFrom('teamMember as mine')
    .innerJoin('teamMember as other', (join) => join.onRef('other.teamId', '=', 'mine.teamId').on('other.leftAt', 'is', null))
    .select(['mine.teamId', 'other.userId'])
    .where('mine.userId', '=', userId)
    .where('mine.leftAt', 'is', null)
    .execute();
  return { id: userId, teamIds: new Set(rows.map((row) => row.teamId)), teammateIds: new Set(rows.map((row) => row.userId)) };
}

export async function currentAllocation(db: Db, childId: string): Promise<ChildAllocation | null> {
  return (await db.selectFrom('childAllocation').selectAll().where('childId', '=', childId).where('endedAt', 'is', null).executeTakeFirst()) ?? null;
}

/** Ends the allocation if it is still current; false if someone ended it first. */
export async function endAllocation(db: Db, ended: ChildAllocation): Promise<boolean> {
  const result = await db
    .updateTable('childAllocation')
    .set({ endedAt: ended.endedAt, endedBy: ended.endedBy })
    .where('id', '=', ended.id)
    .where('endedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Saves a new current allocation; false if the child has one already (someone allocated them first). */
export async function insertAllocation(db: Db, allocation: ChildAllocation): Promise<boolean> {
  const result = await db
    .insertInto('childAllocation')
    .values(allocation)
    .onConflict((oc) => oc.column('childId').where('endedAt', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** The allocations with their social workers' and teams' names (one query for any number). */
function withNames(db: Db) {
  return db
    .selectFrom('childAllocation as a')
    .leftJoin('appUser as w', 'w.id', 'a.socialWorkerId')
    .leftJoin('team as t', 't.id', 'a.teamId')
    .selectAll('a')
    .select(['w.displayName as socialWorkerName', 't.name as teamName']);
}

const ownerOf = (row: { socialWorkerId: string | null; socialWorkerName: string | null; teamId: string | null; teamName: string | null }): CaseOwner => ({
  socialWorker: row.socialWorkerId === null ? null : { id: row.socialWorkerId, name: row.socialWorkerName ?? 'Unknown' },
  team: row.teamId === null ? null : { id: row.teamId, name: row.teamName ?? 'Unknown' },
});

/** Who holds each of the children now, by child id; children not allocated are left out. */
export async function currentOwners(db: Db, childIds: readonly string[]): Promise<Map<string, CaseOwner>> {
  if (childIds.length === 0) return new Map();
  const rows = await withNames(db)
    .where('a.childId', 'in', [...new Set(childIds)])
    .where('a.endedAt', 'is', null)
    .execute();
  return new Map(rows.map((row) => [row.childId, ownerOf(row)]));
}

/** Every allocation of the child, the current first, then the latest ended, with names. */
export async function allocationHistory(db: Db, childId: string): Promise<AllocationEntry[]> {
  const rows = await withNames(db)
    .leftJoin('appUser as b', (join) => join.on((eb) => eb(eb.cast('b.id', 'text'), '=', eb.ref('a.allocatedBy'))))
    .select('b.displayName as allocatedByName')
    .where('a.childId', '=', childId)
    // The current one first, then by when each ended: a reassignment ends one as the next starts.
    .orderBy(sql`a.ended_at desc nulls first`)
    .orderBy('a.allocatedAt', 'desc')
    .orderBy('a.id')
    .execute();
  return rows.map(({ socialWorkerName, teamName, allocatedByName, ...row }) => ({
    ...row,
    owner: ownerOf({ ...row, socialWorkerName, teamName }),
    allocatedByName,
  }));
}
