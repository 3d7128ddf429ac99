import type { Transaction } from 'kysely';
import {
  allocatablePeople,
  allocationHistory,
  currentAllocation,
  endAllocation,
  insertAllocation,
  insertTeam,
  insertTeamMember,
  teamsOf,
} from '../db/repositories/caseload-repository.ts';
import type { Allocatable, AllocationEntry, Team } from '../db/repositories/caseload-repository.ts';
import { loadRelations } from '../db/repositories/child-relations-repository.ts';
import { loadJourneyChild } from '../db/repositories/journey-context-repository.ts';
import { findUserRef } from '../db/repositories/user-repository.ts';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { canAllocate, canManageTeams, listableAuthority, recordViewFor, rowScope } from '../domain/access/policy.ts';
import * as caseload from '../domain/caseload.ts';
import type { ChildAllocation } from '../domain/caseload.ts';
import { isUuid } from '../domain/ids.ts';
import type { JourneyChild } from '../domain/journey-child.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { isStorableText } from '../domain/text.ts';
import type { ServiceDeps } from './deps.ts';
import { conflict, invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

// Caseloads (issue 12, item 3): an authority's teams and who is in them, and the allocation of each
// child to a social worker and a team, reassigned by a team manager with a reason. Authorised by
// src/domain/access/policy.ts (docs/access.md, "Caseloads"); every list, view and change audited.

const ENTITY = 'childAllocation';
const TEAM_NAME_MAX = 100;
/** The roles of people who may be in a team. */
const TEAM_ROLES: readonly string[] = ['social_worker', 'team_manager', 'data_officer'];

/** What the reassignment pages need: the child, who holds them now and before, and whom they may go to. */
export interface AllocationPage {
  readonly child: JourneyChild;
  readonly current: AllocationEntry | null;
  /** Every allocation, the latest (the current) first. */
  readonly history: readonly AllocationEntry[];
  readonly teams: readonly Team[];
  readonly people: readonly Allocatable[];
  /** How many allocations the child has had, plus one: a reassignment made from an older count is refused. */
  readonly version: number;
}

export interface AllocationInput {
  readonly teamId: string | null;
  readonly socialWorkerId: string | null;
  readonly reason: string | null;
  /** The page's AllocationPage.version; the API may leave it out. */
  readonly version?: number;
}

export interface Teams {
  readonly teams: readonly Team[];
  /** The people a child may be allocated to. */
  readonly people: readonly Allocatable[];
  readonly canManage: boolean;
}

export function createCaseloadService(deps: ServiceDeps) {
  const { db } = deps;

  /** The child's allocation page, for a team manager of their responsible authority; null for anyone else. */
  async function pageOf(trx: Transaction<Database>, actor: Actor, childId: string): Promise<AllocationPage | null> {
    if (!isUuid(childId)) return null;
    const relations = await loadRelations(trx, actor, childId, deps.now());
    if (relations === null || recordViewFor(actor, relations) !== 'full' || !canAllocate(actor, relations.responsibleAuthorityCode)) return null;
    const child = await loadJourneyChild(trx, childId, {});
    if (child === null) return null;
    const history = await allocationHistory(trx, childId);
    const latest = history[0];
    const current = latest !== undefined && latest.endedAt === null ? latest : null;
    return {
      child,
      current,
      history,
      teams: await teamsOf(trx, relations.responsibleAuthorityCode),
      people: await allocatablePeople(trx, actor.organisationCode),
      version: history.length + 1,
    };
  }

  /** Checks the team and social worker are the authority's. */
  function checkChoice(page: AllocationPage, childId: string, input: AllocationInput): ServiceError | null {
    if (input.teamId !== null && !page.teams.some((team) => team.id === input.teamId))
      return invalidField(ENTITY, childId, 'teamId', 'Select a team in your authority');
    if (input.socialWorkerId !== null && !page.people.some((person) => person.id === input.socialWorkerId)) {
      return invalidField(ENTITY, childId, 'socialWorkerId', 'Select a social worker in your authority');
    }
    if (input.reason !== null && !isStorableText(input.reason)) return invalidField(ENTITY, childId, 'reason', 'Reason must not contain hidden characters');
    return null;
  }

  return {
    /** The allocation page (the journey's question page audits the opening as a view of the record). */
    async allocation(actor: Actor, childId: string, read: { readonly opening: boolean }): Promise<Result<AllocationPage, ServiceError>> {
      if (actor.role !== 'team_manager') return fail(notFound('child'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const page = await pageOf(trx, actor, childId);
        if (page === null) return fail(notFound('child'));
        if (read.opening) {
          await deps.audit.append(trx, {
            actor,
            action: 'VIEW_RECORD',
            entity: 'child',
            entityId: childId,
            childId,
            details: { view: 'full', journey: 'reassign' },
          });
        }
        return ok(page);
      });
    },

    /** Allocates the child, or reassigns them (with a reason), ending the allocation they had. */
    async allocate(actor: Actor, childId: string, input: AllocationInput): Promise<Result<ChildAllocation, ServiceError>> {
      if (actor.role !== 'team_manager') return fail(notFound('child'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const page = await pageOf(trx, actor, childId);
        if (page === null) return fail(notFound('child'));
        if (input.version !== undefined && input.version !== page.version) return fail(conflict('child allocation', page.version));
        const refused = checkChoice(page, childId, input);
        if (refused !== null) return fail(refused);
        const current = await currentAllocation(trx, childId);
        const allocated = caseload.allocate(
          current,
          {
            id: deps.newId(),
            childId,
            responsibleAuthorityCode: page.child.responsibleAuthorityCode,
            teamId: input.teamId,
            socialWorkerId: input.socialWorkerId,
            reason: input.reason,
            allocatedBy: actor.id,
          },
          now,
        );
        if (!allocated.ok) return fail(invalidField(ENTITY, childId, allocated.error.field, allocated.error.message));
        const { ended, allocation } = allocated.value;
        if (ended !== null && !(await endAllocation(trx, ended))) return fail(conflict('child allocation', page.version + 1));
        if (!(await insertAllocation(trx, allocation))) return fail(conflict('child allocation', page.version + 1));
        await deps.audit.append(trx, {
          actor,
          action: current === null ? 'CREATE' : 'CHANGE',
          entity: ENTITY,
          entityId: allocation.id,
          childId,
          details: {
            socialWorkerId: [current?.socialWorkerId ?? null, allocation.socialWorkerId],
            teamId: [current?.teamId ?? null, allocation.teamId],
            ...(allocation.reason === null ? {} : { reason: 'given' }),
          },
        });
        return ok(allocation);
      });
    },

    /** The authority's teams and the people children may be allocated to, for its staff. */
    async teams(actor: Actor): Promise<Result<Teams, ServiceError>> {
      const authority = actor.localAuthorityCode;
      if (authority === null || (listableAuthority(actor) === null && !canManageTeams(actor))) return fail(notFound('team'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const teams = await teamsOf(trx, authority);
        await deps.audit.append(trx, { actor, action: 'LIST', entity: 'team', details: { count: teams.length } });
        return ok({ teams, people: await allocatablePeople(trx, actor.organisationCode), canManage: canManageTeams(actor) });
      });
    },

    async createTeam(actor: Actor, input: { readonly name: string }): Promise<Result<{ readonly id: string; readonly name: string }, ServiceError>> {
      const authority = actor.localAuthorityCode;
      if (authority === null || !canManageTeams(actor)) return fail(notFound('team'));
      const name = input.name.trim();
      if (name === '') return fail(invalidField('team', '', 'name', 'Enter the team’s name'));
      if (name.length > TEAM_NAME_MAX) return fail(invalidField('team', '', 'name', `Team name must be ${TEAM_NAME_MAX} characters or fewer`));
      if (!isStorableText(name)) return fail(invalidField('team', '', 'name', 'Team name must not contain hidden characters'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const id = deps.newId();
        if (!(await insertTeam(trx, { id, localAuthorityCode: authority, name, createdAt: now, createdBy: actor.id }))) {
          return fail(invalidField('team', '', 'name', 'Your authority has a team with this name already: enter another name'));
        }
        await deps.audit.append(trx, { actor, action: 'CREATE', entity: 'team', entityId: id, details: { name: [null, name] } });
        return ok({ id, name });
      });
    },

    /** Adds a social worker, team manager or data officer of the authority to one of its teams. */
    async addTeamMember(
      actor: Actor,
      teamId: string,
      input: { readonly userId: string },
    ): Promise<Result<{ readonly teamId: string; readonly userId: string }, ServiceError>> {
      const authority = actor.localAuthorityCode;
      if (authority === null || !canManageTeams(actor) || !isUuid(teamId)) return fail(notFound('team'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        if (!(await teamsOf(trx, authority)).some((team) => team.id === teamId)) return fail(notFound('team'));
        const person = isUuid(input.userId) ? await findUserRef(trx, input.userId) : undefined;
        if (person === undefined || person.organisationCode !== actor.organisationCode || !TEAM_ROLES.includes(person.role)) {
          return fail(invalidField('team', teamId, 'userId', 'Select a social worker, team manager or data officer in your authority'));
        }
        if (!(await insertTeamMember(trx, { id: deps.newId(), teamId, userId: input.userId, addedAt: now, addedBy: actor.id }))) {
          return fail(invalidField('team', teamId, 'userId', 'They are in this team already'));
        }
        await deps.audit.append(trx, { actor, action: 'CHANGE', entity: 'team', entityId: teamId, details: { memberAdded: input.userId } });
        return ok({ teamId, userId: input.userId });
      });
    },
  };
}
