import {
  allocationStandardDays,
  authorityReferrals,
  coverageOf,
  currentAllocation,
  findReferral,
  guardiansOf,
  insertReferral,
  openReferralOf,
  referralProposals,
  saveAllocation,
  saveAllocationStandard,
  serviceOrganisationFor,
  serviceReferrals,
  updateReferral,
} from '../db/repositories/guardian-repository.ts';
import type { ReferralListItem, ReferralProposal } from '../db/repositories/guardian-repository.ts';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { guardianReferralScope, guardianReferralSource, recordViewFor, rowScope } from '../domain/access/policy.ts';
import { ukDateOf } from '../domain/dates.ts';
import * as referrals from '../domain/guardians.ts';
import type {
  AllocationStandard,
  AllocationTime,
  ClosureReason,
  GuardianAllocation,
  GuardianReferral,
  GuardianRole,
  ParentalResponsibility,
  ReferralProblem,
  ReferralSource,
} from '../domain/guardians.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { Transaction } from 'kysely';
import { loadRelations } from '../db/repositories/child-relations-repository.ts';
import type { ServiceDeps } from './deps.ts';
import { conflict, invalidField, invalidFields, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

// Referrals to the independent child trafficking guardian service and the allocation of a guardian
// (issue 15, item 1). Authorised by src/domain/access/policy.ts; every list, view and change audited.

const ENTITY = 'guardianReferral';

/** Where a child could be referred: the scheme covering their responsible authority today, and its service in Lantern. */
export interface ReferralOption {
  readonly childId: string;
  readonly responsibleAuthorityCode: string;
  readonly source: ReferralSource;
  readonly service: { readonly code: string; readonly name: string } | null;
  readonly openReferral: GuardianReferral | null;
}

export interface ReferralWithTime extends ReferralListItem {
  readonly allocationTime: AllocationTime;
}

export interface ReferralList {
  readonly scope: 'service' | 'authority';
  /** For the guardian service: its standard for allocating a guardian in each role, in working days, and whether its managers may change it. */
  readonly standard: { readonly byRole: AllocationStandard; readonly canChange: boolean } | null;
  readonly referrals: readonly ReferralWithTime[];
  /** For an authority: children with a trafficking concern in a covered area and no open referral (Modern Slavery Act 2015 s.48). */
  readonly proposals: readonly ReferralProposal[];
}

export interface ReferralDetail {
  readonly referral: ReferralWithTime;
  readonly allocation: GuardianAllocation | null;
  /** For the guardian service: the guardians it may allocate. */
  readonly guardians: readonly { readonly id: string; readonly displayName: string }[];
  readonly suggestedRole: GuardianRole;
  readonly canWork: boolean;
  /** The service's managers, and the guardian allocated, read the guardian's record of the child. */
  readonly canReadGuardianRecord: boolean;
}

const problemOf = (id: string, problem: ReferralProblem): ServiceError => invalidField(ENTITY, id, problem.field, problem.message);

/** A service's standard: the direct worker's working days (the standard the issue names), and each role's. */
export interface AllocationStandardView {
  readonly workingDays: number;
  /** Whether the service has set no role's standard, and so has the default. */
  readonly isDefault: boolean;
  readonly byRole: AllocationStandard;
}

const standardView = (set: Partial<Record<GuardianRole, number>>): AllocationStandardView => {
  const byRole = referrals.allocationStandardOf(set);
  return { workingDays: byRole.DIRECT_WORKER, isDefault: Object.keys(set).length === 0, byRole };
};

/** Only the service's managers set its standard. */
const setsAllocationStandard = (actor: Actor): boolean => actor.role === 'guardian_manager';

export function createGuardianService(deps: ServiceDeps) {
  const { db } = deps;
  /** The standard of the guardian service a referral is addressed to (the slow-allocation alert's clock follows it). */
  const standardOf = async (trx: Transaction<Database>, serviceOrganisationCode: string): Promise<AllocationStandard> =>
    referrals.allocationStandardOf(await allocationStandardDays(trx, serviceOrganisationCode));
  /** Each referral's time against its service's standard, each service's standard read once. */
  async function withTimes(trx: Transaction<Database>, items: readonly ReferralListItem[], now: string): Promise<ReferralWithTime[]> {
    const standards = new Map<string, AllocationStandard>();
    const timed: ReferralWithTime[] = [];
    for (const item of items) {
      const standard = standards.get(item.serviceOrganisationCode) ?? (await standardOf(trx, item.serviceOrganisationCode));
      standards.set(item.serviceOrganisationCode, standard);
      timed.push({ ...item, allocationTime: referrals.allocationTime(item, item.guardianRole, now, standard) });
    }
    return timed;
  }

  /** The referral the actor's guardian service works, in their transaction, or null. */
  async function workedReferral(trx: Transaction<Database>, actor: Actor, id: string): Promise<GuardianReferral | null> {
    if (guardianReferralScope(actor)?.kind !== 'service') return null;
    const referral = await findReferral(trx, id);
    return referral !== null && referral.serviceOrganisationCode === actor.organisationCode ? referral : null;
  }

  /** What referring the child would do, for someone who may refer them; not found for anyone else. */
  async function option(trx: Transaction<Database>, actor: Actor, childId: string, now: string): Promise<ReferralOption | null> {
    const relations = await loadRelations(trx, actor, childId, now);
    const source = relations === null ? null : guardianReferralSource(actor, recordViewFor(actor, relations));
    if (relations === null || source === null) return null;
    const scheme = referrals.coveringScheme(await coverageOf(trx, relations.responsibleAuthorityCode), relations.responsibleAuthorityCode, ukDateOf(now));
    return {
      childId,
      responsibleAuthorityCode: relations.responsibleAuthorityCode,
      source,
      service: scheme === null ? null : await serviceOrganisationFor(trx, scheme),
      openReferral: await openReferralOf(trx, childId),
    };
  }

  return {
    async referralOption(actor: Actor, childId: string): Promise<Result<ReferralOption, ServiceError>> {
      const now = deps.now();
      const found = await inScope(db, rowScope(actor, now), (trx) => option(trx, actor, childId, now));
      return found === null ? fail(notFound('child')) : ok(found);
    },

    async refer(
      actor: Actor,
      childId: string,
      input: { readonly parentalResponsibility: ParentalResponsibility },
    ): Promise<Result<GuardianReferral, ServiceError>> {
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const found = await option(trx, actor, childId, now);
        if (found === null) return fail(notFound('child'));
        const alreadyReferred = invalidField(ENTITY, childId, 'childId', 'This child has an open referral to the guardian service already');
        if (found.openReferral !== null) return fail(alreadyReferred);
        if (found.service === null) {
          return fail(
            invalidField(
              ENTITY,
              childId,
              'childId',
              'No guardian service in Lantern covers the child’s responsible authority: refer the child to the service directly',
            ),
          );
        }
        const referral = referrals.newReferral(
          {
            id: deps.newId(),
            childId,
            responsibleAuthorityCode: found.responsibleAuthorityCode,
            serviceOrganisationCode: found.service.code,
            source: found.source,
            referredBy: actor.id,
            referrerOrganisationCode: actor.organisationCode,
            parentalResponsibility: input.parentalResponsibility,
          },
          now,
        );
        if (!(await insertReferral(trx, referral))) return fail(alreadyReferred);
        // Alerted to the service's managers if no guardian is allocated within the service's standard.
        const standard = await standardOf(trx, referral.serviceOrganisationCode);
        await deps.alerts?.guardianReferred(trx, actor, referral, referrals.allocationTime(referral, null, now, standard).dueBy);
        await deps.audit.append(trx, {
          actor,
          action: 'CREATE',
          entity: ENTITY,
          entityId: referral.id,
          childId,
          details: { source: referral.source, service: referral.serviceOrganisationCode },
        });
        return ok(referral);
      });
    },

    async list(actor: Actor): Promise<Result<ReferralList, ServiceError>> {
      const scope = guardianReferralScope(actor);
      if (scope === null) return fail(notFound('guardian referral list'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        if (scope.kind === 'service') {
          const items = await serviceReferrals(trx, ['AWAITING_TRIAGE', 'AWAITING_ALLOCATION', 'ALLOCATED']);
          await deps.audit.append(trx, { actor, action: 'LIST', entity: ENTITY, details: { scope: 'service', count: items.length } });
          return ok({
            scope: 'service',
            standard: { byRole: await standardOf(trx, actor.organisationCode), canChange: setsAllocationStandard(actor) },
            referrals: await withTimes(trx, items, now),
            proposals: [],
          });
        }
        const covered = referrals.coveringScheme(await coverageOf(trx, scope.authorityCode), scope.authorityCode, ukDateOf(now)) !== null;
        const items = await authorityReferrals(trx, scope.authorityCode);
        const proposals = covered ? await referralProposals(trx, scope.authorityCode) : [];
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: ENTITY,
          details: { scope: 'authority', count: items.length, proposals: proposals.length },
        });
        return ok({ scope: 'authority', standard: null, referrals: await withTimes(trx, items, now), proposals });
      });
    },

    async referral(actor: Actor, id: string): Promise<Result<ReferralDetail, ServiceError>> {
      const scope = guardianReferralScope(actor);
      if (scope === null) return fail(notFound('guardian referral'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const [item] =
          scope.kind === 'service' ? await serviceReferrals(trx, referrals.REFERRAL_STATUSES, id) : await authorityReferrals(trx, scope.authorityCode, id);
        if (item === undefined) return fail(notFound('guardian referral'));
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: ENTITY, entityId: id, childId: item.childId });
        const canWork = scope.kind === 'service' && item.status !== 'CLOSED';
        const allocation = await currentAllocation(trx, id);
        const [timed] = await withTimes(trx, [item], now);
        if (timed === undefined) throw new Error('a referral timed');
        return ok({
          referral: timed,
          allocation,
          guardians: canWork ? await guardiansOf(trx, actor.organisationCode) : [],
          suggestedRole: referrals.suggestedRoleFor(item.parentalResponsibility),
          canWork,
          canReadGuardianRecord: scope.kind === 'service' && (actor.role === 'guardian_manager' || allocation?.advocateId === actor.id),
        });
      });
    },

    async triage(actor: Actor, id: string, version: number): Promise<Result<GuardianReferral, ServiceError>> {
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const referral = await workedReferral(trx, actor, id);
        if (referral === null) return fail(notFound('guardian referral'));
        if (referral.version !== version) return fail(conflict('guardian referral', referral.version));
        const triaged = referrals.triage(referral, actor.id, now);
        if (!triaged.ok) return fail(problemOf(id, triaged.error));
        if (!(await updateReferral(trx, triaged.value, version))) return fail(conflict('guardian referral', version + 1));
        await deps.audit.append(trx, {
          actor,
          action: 'CHANGE',
          entity: ENTITY,
          entityId: id,
          childId: referral.childId,
          details: { status: [referral.status, triaged.value.status] },
        });
        return ok(triaged.value);
      });
    },

    /** Allocates a guardian, or reallocates: the guardian must be an active advocate of the same service. */
    async allocate(
      actor: Actor,
      id: string,
      input: { readonly advocateId: string; readonly guardianRole: GuardianRole; readonly version: number },
    ): Promise<Result<GuardianReferral, ServiceError>> {
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const referral = await workedReferral(trx, actor, id);
        if (referral === null) return fail(notFound('guardian referral'));
        if (referral.version !== input.version) return fail(conflict('guardian referral', referral.version));
        const guardians = await guardiansOf(trx, actor.organisationCode);
        if (!guardians.some((guardian) => guardian.id === input.advocateId))
          return fail(invalidField(ENTITY, id, 'advocateId', 'Select a guardian from your service'));
        const current = await currentAllocation(trx, id);
        const allocated = referrals.allocate(
          referral,
          current,
          { id: deps.newId(), advocateId: input.advocateId, organisationCode: actor.organisationCode, guardianRole: input.guardianRole, allocatedBy: actor.id },
          now,
        );
        if (!allocated.ok) return fail(problemOf(id, allocated.error));
        if (!(await updateReferral(trx, allocated.value.referral, input.version))) return fail(conflict('guardian referral', input.version + 1));
        if (allocated.value.ended !== null) await saveAllocation(trx, allocated.value.ended, now);
        await saveAllocation(trx, allocated.value.allocation, now);
        if (referral.firstAllocatedAt === null) await deps.alerts?.guardianReferralSettled(trx, actor, id);
        await deps.audit.append(trx, {
          actor,
          action: 'CHANGE',
          entity: ENTITY,
          entityId: id,
          childId: referral.childId,
          details: {
            status: [referral.status, 'ALLOCATED'],
            advocateId: [current?.advocateId ?? null, input.advocateId],
            guardianRole: [current?.guardianRole ?? null, input.guardianRole],
          },
        });
        return ok(allocated.value.referral);
      });
    },

    async close(
      actor: Actor,
      id: string,
      input: { readonly reason: ClosureReason; readonly note: string | null; readonly version: number },
    ): Promise<Result<GuardianReferral, ServiceError>> {
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const referral = await workedReferral(trx, actor, id);
        if (referral === null) return fail(notFound('guardian referral'));
        if (referral.version !== input.version) return fail(conflict('guardian referral', referral.version));
        const closed = referrals.close(referral, await currentAllocation(trx, id), input.reason, input.note, now);
        if (!closed.ok) return fail(problemOf(id, closed.error));
        if (!(await updateReferral(trx, closed.value.referral, input.version))) return fail(conflict('guardian referral', input.version + 1));
        if (closed.value.ended !== null) await saveAllocation(trx, closed.value.ended, now);
        if (referral.firstAllocatedAt === null) await deps.alerts?.guardianReferralSettled(trx, actor, id);
        await deps.audit.append(trx, {
          actor,
          action: 'CHANGE',
          entity: ENTITY,
          entityId: id,
          childId: referral.childId,
          details: { status: [referral.status, 'CLOSED'], closureReason: [null, input.reason] },
        });
        return ok(closed.value.referral);
      });
    },

    /** The actor's guardian service's standard for allocating a guardian, for its managers to change. */
    async allocationStandard(actor: Actor): Promise<Result<AllocationStandardView, ServiceError>> {
      if (!setsAllocationStandard(actor)) return fail(notFound('allocation standard'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => ok(standardView(await allocationStandardDays(trx, actor.organisationCode))));
    },

    /**
     * Sets the standard in working days for each role given (the others keep theirs), audited before and
     * after; referrals made from now on are alerted by it.
     */
    async setAllocationStandard(actor: Actor, entered: Partial<Record<GuardianRole, string>>): Promise<Result<AllocationStandardView, ServiceError>> {
      if (!setsAllocationStandard(actor)) return fail(notFound('allocation standard'));
      const parsed = referrals.parseAllocationStandard(entered);
      if (!parsed.ok) return fail(invalidFields(ENTITY, actor.organisationCode, parsed.error));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const before = referrals.allocationStandardOf(await allocationStandardDays(trx, actor.organisationCode));
        await saveAllocationStandard(trx, { organisationCode: actor.organisationCode, workingDays: parsed.value, changedBy: actor.id, changedAt: now });
        await deps.audit.append(trx, {
          actor,
          action: 'CHANGE',
          entity: 'guardianAllocationStandard',
          entityId: actor.organisationCode,
          details: {
            workingDays: Object.entries(parsed.value).map(([guardianRole, after]) => ({ guardianRole, before: before[guardianRole as GuardianRole], after })),
          },
        });
        return ok(standardView(await allocationStandardDays(trx, actor.organisationCode)));
      });
    },
  };
}
