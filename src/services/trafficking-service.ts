import type { Kysely } from 'kysely';
import { childIdOfPart, childRecordWrites as writes, loadChildRecord } from '../db/repositories/child-record-repository.ts';
import { listLocalAuthorities } from '../db/repositories/local-authority-repository.ts';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { Child, NrmReferral, TraffickingConcern, TraffickingStatusEntry } from '../domain/child-record.ts';
import type { CompetentAuthority, ExploitationLocation, NrmDecision, TraffickingStatus } from '../domain/codes.ts';
import { upsertById, viewRecord } from '../domain/record-view.ts';
import type { TraffickingConcernView } from '../domain/record-view.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { statusChangesFromNrm } from '../domain/trafficking.ts';
import { canWriteRecord, recordViewFor, restrictRecord, rowScope } from '../domain/access/policy.ts';
import type { RecordView } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import { loadRelations } from '../db/repositories/child-relations-repository.ts';
import type { ServiceDeps } from './deps.ts';
import { spendAllowance, trainingGate } from './training-service.ts';
import { conflict, invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import { changed, changeRecord, changeRecordPart, created, partNotFound } from './record-change.ts';

export interface TraffickingConcernDetails {
  readonly raisedOn: string;
  readonly raisedBy: string;
  readonly indicators?: readonly string[] | undefined;
  readonly exploitationTypes?: readonly string[] | undefined;
  readonly countyLines?: boolean | undefined;
  readonly exploitationLocation?: ExploitationLocation | undefined;
}
export type TraffickingConcernChanges = Partial<TraffickingConcernDetails> & { readonly version: number };

export interface NewTraffickingStatus {
  readonly status: TraffickingStatus;
  readonly effectiveFrom: string;
}

export interface NrmReferralDetails {
  readonly referredOn: string;
  readonly firstResponderOrganisation: string;
  readonly competentAuthority: CompetentAuthority;
  readonly reasonableGroundsDecision?: NrmDecision | undefined;
  readonly reasonableGroundsDecidedOn?: string | null | undefined;
  readonly conclusiveGroundsDecision?: NrmDecision | undefined;
  readonly conclusiveGroundsDecidedOn?: string | null | undefined;
}
export type NrmReferralChanges = Partial<NrmReferralDetails> & { readonly version: number };

/** One part of a child's record, as a reader sees it, with whether they may change it. */
export interface RecordPart<T> {
  readonly part: T;
  /** The child, as far as the reader's view shows it. */
  readonly child: Child;
  readonly access: RecordView;
  readonly canChange: boolean;
}

export interface LocalAuthorityOption {
  readonly code: string;
  readonly name: string;
}

export function createTraffickingService(deps: ServiceDeps) {
  const { db } = deps;

  /** Records a referral's decisions and the status changes they imply, in one change. */
  function withReferral(concern: TraffickingConcern, referral: NrmReferral): { concern: TraffickingConcern; added: TraffickingStatusEntry[] } {
    const added = statusChangesFromNrm(referral, concern.statuses).map((change) => ({ id: deps.newId(), concernId: concern.id, ...change }));
    return { concern: { ...concern, nrmReferral: referral, statuses: [...concern.statuses, ...added] }, added };
  }

  /** A positive reasonable grounds decision starts the wait for the conclusive grounds decision (alert rules). */
  async function reasonableGroundsAlerts(trx: Kysely<Database>, actor: Actor, childId: string, before: NrmReferral | null, after: NrmReferral): Promise<void> {
    if (after.reasonableGroundsDecision !== 'POSITIVE' || before?.reasonableGroundsDecision === 'POSITIVE' || after.reasonableGroundsDecidedOn === null) return;
    await deps.alerts?.reasonableGroundsPositive(trx, actor, childId, { id: after.id, decidedOn: after.reasonableGroundsDecidedOn });
  }

  return {
    /**
     * A trafficking concern with its statuses and NRM referral, for those whose view includes trafficking details,
     * under the same rules as the whole record (getChild): the child's row is found under row-level security, the
     * actor's view decides what they see, and the read is audited. A concern the actor's view leaves out is "not found".
     */
    async getConcern(actor: Actor, concernId: string): Promise<Result<RecordPart<TraffickingConcernView>, ServiceError>> {
      const entity = 'traffickingConcern';
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const childId = await childIdOfPart(trx, entity, concernId);
        const relations = childId === null ? null : await loadRelations(trx, actor, childId, deps.now());
        const access = relations === null ? null : recordViewFor(actor, relations);
        const record = childId === null || access === null ? null : await loadChildRecord(trx, childId);
        if (childId === null || relations === null || access === null || record === null) return fail(notFound(entity));
        const view = viewRecord(restrictRecord(access, record), deps.now());
        const concern = view.traffickingConcerns.find((candidate) => candidate.id === concernId);
        if (concern === undefined) return fail(notFound(entity));
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity, entityId: concernId, childId, details: { view: access } });
        return ok({ part: concern, child: view.child, access, canChange: canWriteRecord(actor, relations.responsibleAuthorityCode) });
      });
    },

    /** Every UK authority with children's services, by name: reference data, not a child's record. */
    async listLocalAuthorities(): Promise<readonly LocalAuthorityOption[]> {
      return listLocalAuthorities(db);
    },

    async raiseConcern(actor: Actor, childId: string, input: TraffickingConcernDetails): Promise<Result<TraffickingConcern, ServiceError>> {
      return changeRecord(deps, actor, childId, (before) => {
        const id = deps.newId();
        const suspected: TraffickingStatusEntry = {
          id: deps.newId(),
          concernId: id,
          status: 'SUSPECTED',
          effectiveFrom: input.raisedOn,
          basis: 'CONCERN_RAISED',
        };
        const concern: TraffickingConcern = {
          id,
          childId,
          raisedOn: input.raisedOn,
          raisedBy: input.raisedBy,
          indicators: input.indicators ?? [],
          exploitationTypes: input.exploitationTypes ?? [],
          countyLines: input.countyLines ?? false,
          exploitationLocation: input.exploitationLocation ?? 'UNKNOWN',
          version: 1,
          statuses: [suspected],
          nrmReferral: null,
        };
        return ok({
          after: { ...before, traffickingConcerns: [...before.traffickingConcerns, concern] },
          persist: async (trx, at) => {
            await writes.upsertTraffickingConcern(trx, concern, { at });
            await writes.insertTraffickingStatuses(trx, concern.statuses, { at });
            await deps.alerts?.concernRaised(trx, actor, childId, concern);
          },
          result: concern,
          audit: created('traffickingConcern', concern),
        });
      });
    },

    async updateConcern(actor: Actor, concernId: string, changes: TraffickingConcernChanges): Promise<Result<TraffickingConcern, ServiceError>> {
      return changeRecordPart(deps, actor, 'traffickingConcern', concernId, (before) => {
        const current = before.traffickingConcerns.find((concern) => concern.id === concernId);
        if (!current) return fail(partNotFound('traffickingConcern'));
        if (current.version !== changes.version) return fail(conflict('trafficking concern', current.version));
        const concern: TraffickingConcern = {
          ...current,
          raisedOn: changes.raisedOn ?? current.raisedOn,
          raisedBy: changes.raisedBy ?? current.raisedBy,
          indicators: changes.indicators ?? current.indicators,
          exploitationTypes: changes.exploitationTypes ?? current.exploitationTypes,
          countyLines: changes.countyLines ?? current.countyLines,
          exploitationLocation: changes.exploitationLocation ?? current.exploitationLocation,
          version: current.version + 1,
        };
        return ok({
          after: { ...before, traffickingConcerns: upsertById(before.traffickingConcerns, concern) },
          persist: (trx, at) => writes.upsertTraffickingConcern(trx, concern, { at }),
          result: concern,
          audit: changed('traffickingConcern', current, concern),
        });
      });
    },

    async recordStatus(actor: Actor, concernId: string, input: NewTraffickingStatus): Promise<Result<TraffickingStatusEntry, ServiceError>> {
      return changeRecordPart(deps, actor, 'traffickingConcern', concernId, (before) => {
        const current = before.traffickingConcerns.find((concern) => concern.id === concernId);
        if (!current) return fail(partNotFound('traffickingConcern'));
        const entry: TraffickingStatusEntry = { id: deps.newId(), concernId, status: input.status, effectiveFrom: input.effectiveFrom, basis: 'RECORDED' };
        const concern = { ...current, statuses: [...current.statuses, entry] };
        return ok({
          after: { ...before, traffickingConcerns: upsertById(before.traffickingConcerns, concern) },
          persist: (trx, at) => writes.insertTraffickingStatuses(trx, [entry], { at }),
          result: entry,
          audit: created('traffickingStatus', entry),
        });
      });
    },

    async recordNrmReferral(actor: Actor, concernId: string, input: NrmReferralDetails): Promise<Result<TraffickingConcern, ServiceError>> {
      // The organisation may require current NRM first-responder training (issue 15, item 5).
      const gate = await trainingGate(deps, actor, 'NRM_REFERRAL', concernId);
      if (!gate.ok) return gate;
      return changeRecordPart(deps, actor, 'traffickingConcern', concernId, (before) => {
        const current = before.traffickingConcerns.find((concern) => concern.id === concernId);
        if (!current) return fail(partNotFound('traffickingConcern'));
        if (current.nrmReferral !== null) {
          return fail(
            invalidField('nrmReferral', current.nrmReferral.id, 'referredOn', 'This concern already has an NRM referral. Update that referral instead'),
          );
        }
        const referral: NrmReferral = {
          id: deps.newId(),
          concernId,
          referredOn: input.referredOn,
          firstResponderOrganisation: input.firstResponderOrganisation,
          competentAuthority: input.competentAuthority,
          reasonableGroundsDecision: input.reasonableGroundsDecision ?? 'PENDING',
          reasonableGroundsDecidedOn: input.reasonableGroundsDecidedOn ?? null,
          conclusiveGroundsDecision: input.conclusiveGroundsDecision ?? 'PENDING',
          conclusiveGroundsDecidedOn: input.conclusiveGroundsDecidedOn ?? null,
          version: 1,
        };
        const { concern, added } = withReferral(current, referral);
        return ok({
          after: { ...before, traffickingConcerns: upsertById(before.traffickingConcerns, concern) },
          persist: async (trx, at) => {
            await spendAllowance(deps, trx, actor, gate.value.allowanceId, at);
            await writes.upsertNrmReferral(trx, referral, { at });
            await writes.insertTraffickingStatuses(trx, added, { at });
            await deps.alerts?.nrmReferred(trx, actor, before.child.id, referral);
            await reasonableGroundsAlerts(trx, actor, before.child.id, null, referral);
          },
          result: concern,
          audit: created('nrmReferral', referral),
        });
      });
    },

    async updateNrmReferral(actor: Actor, referralId: string, changes: NrmReferralChanges): Promise<Result<TraffickingConcern, ServiceError>> {
      return changeRecordPart(deps, actor, 'nrmReferral', referralId, (before) => {
        const current = before.traffickingConcerns.find((concern) => concern.nrmReferral?.id === referralId);
        const existing = current?.nrmReferral;
        if (!current || !existing) return fail(partNotFound('nrmReferral'));
        if (existing.version !== changes.version) return fail(conflict('NRM referral', existing.version));
        const referral: NrmReferral = {
          ...existing,
          referredOn: changes.referredOn ?? existing.referredOn,
          firstResponderOrganisation: changes.firstResponderOrganisation ?? existing.firstResponderOrganisation,
          competentAuthority: changes.competentAuthority ?? existing.competentAuthority,
          reasonableGroundsDecision: changes.reasonableGroundsDecision ?? existing.reasonableGroundsDecision,
          reasonableGroundsDecidedOn:
            changes.reasonableGroundsDecidedOn === undefined ? existing.reasonableGroundsDecidedOn : changes.reasonableGroundsDecidedOn,
          conclusiveGroundsDecision: changes.conclusiveGroundsDecision ?? existing.conclusiveGroundsDecision,
          conclusiveGroundsDecidedOn:
            changes.conclusiveGroundsDecidedOn === undefined ? existing.conclusiveGroundsDecidedOn : changes.conclusiveGroundsDecidedOn,
          version: existing.version + 1,
        };
        const { concern, added } = withReferral(current, referral);
        return ok({
          after: { ...before, traffickingConcerns: upsertById(before.traffickingConcerns, concern) },
          persist: async (trx, at) => {
            await writes.upsertNrmReferral(trx, referral, { at });
            await writes.insertTraffickingStatuses(trx, added, { at });
            await reasonableGroundsAlerts(trx, actor, before.child.id, existing, referral);
          },
          result: concern,
          audit: changed('nrmReferral', existing, referral),
        });
      });
    },
  };
}
