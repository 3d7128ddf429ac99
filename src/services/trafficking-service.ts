import { childRecordWrites as writes } from '../db/repositories/child-record-repository.ts';
import type { NrmReferral, TraffickingConcern, TraffickingStatusEntry } from '../domain/child-record.ts';
import type { CompetentAuthority, ExploitationLocation, NrmDecision, TraffickingStatus } from '../domain/codes.ts';
import { upsertById } from '../domain/record-view.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { statusChangesFromNrm } from '../domain/trafficking.ts';
import type { Actor } from './actor.ts';
import type { ServiceDeps } from './deps.ts';
import { conflict, invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import { changed, changeRecord, childIdOf, childIdOfNrmReferral, created } from './record-change.ts';

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

export function createTraffickingService(deps: ServiceDeps) {
  const { db } = deps;

  /** Records a referral's decisions and the status changes they imply, in one change. */
  function withReferral(concern: TraffickingConcern, referral: NrmReferral): { concern: TraffickingConcern; added: TraffickingStatusEntry[] } {
    const added = statusChangesFromNrm(referral, concern.statuses).map((change) => ({ id: deps.newId(), concernId: concern.id, ...change }));
    return { concern: { ...concern, nrmReferral: referral, statuses: [...concern.statuses, ...added] }, added };
  }

  return {
    async raiseConcern(actor: Actor, childId: string, input: TraffickingConcernDetails): Promise<Result<TraffickingConcern, ServiceError>> {
      return changeRecord(deps, actor, childId, (before) => {
        const id = deps.newId();
        const suspected: TraffickingStatusEntry = { id: deps.newId(), concernId: id, status: 'SUSPECTED', effectiveFrom: input.raisedOn, basis: 'CONCERN_RAISED' };
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
          },
          result: concern,
          audit: created('traffickingConcern', concern),
        });
      });
    },

    async updateConcern(actor: Actor, concernId: string, changes: TraffickingConcernChanges): Promise<Result<TraffickingConcern, ServiceError>> {
      const childId = await childIdOf(db, 'traffickingConcern', concernId);
      if (childId === null) return fail(notFound('trafficking concern'));
      return changeRecord(deps, actor, childId, (before) => {
        const current = before.traffickingConcerns.find((concern) => concern.id === concernId);
        if (!current) return fail(notFound('trafficking concern'));
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
      const childId = await childIdOf(db, 'traffickingConcern', concernId);
      if (childId === null) return fail(notFound('trafficking concern'));
      return changeRecord(deps, actor, childId, (before) => {
        const current = before.traffickingConcerns.find((concern) => concern.id === concernId);
        if (!current) return fail(notFound('trafficking concern'));
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
      const childId = await childIdOf(db, 'traffickingConcern', concernId);
      if (childId === null) return fail(notFound('trafficking concern'));
      return changeRecord(deps, actor, childId, (before) => {
        const current = before.traffickingConcerns.find((concern) => concern.id === concernId);
        if (!current) return fail(notFound('trafficking concern'));
        if (current.nrmReferral !== null) {
          return fail(invalidField('nrmReferral', current.nrmReferral.id, 'referredOn', 'This concern already has an NRM referral. Update that referral instead'));
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
            await writes.upsertNrmReferral(trx, referral, { at });
            await writes.insertTraffickingStatuses(trx, added, { at });
          },
          result: concern,
          audit: created('nrmReferral', referral),
        });
      });
    },

    async updateNrmReferral(actor: Actor, referralId: string, changes: NrmReferralChanges): Promise<Result<TraffickingConcern, ServiceError>> {
      const childId = await childIdOfNrmReferral(db, referralId);
      if (childId === null) return fail(notFound('NRM referral'));
      return changeRecord(deps, actor, childId, (before) => {
        const current = before.traffickingConcerns.find((concern) => concern.nrmReferral?.id === referralId);
        const existing = current?.nrmReferral;
        if (!current || !existing) return fail(notFound('NRM referral'));
        if (existing.version !== changes.version) return fail(conflict('NRM referral', existing.version));
        const referral: NrmReferral = {
          ...existing,
          referredOn: changes.referredOn ?? existing.referredOn,
          firstResponderOrganisation: changes.firstResponderOrganisation ?? existing.firstResponderOrganisation,
          competentAuthority: changes.competentAuthority ?? existing.competentAuthority,
          reasonableGroundsDecision: changes.reasonableGroundsDecision ?? existing.reasonableGroundsDecision,
          reasonableGroundsDecidedOn: changes.reasonableGroundsDecidedOn === undefined ? existing.reasonableGroundsDecidedOn : changes.reasonableGroundsDecidedOn,
          conclusiveGroundsDecision: changes.conclusiveGroundsDecision ?? existing.conclusiveGroundsDecision,
          conclusiveGroundsDecidedOn: changes.conclusiveGroundsDecidedOn === undefined ? existing.conclusiveGroundsDecidedOn : changes.conclusiveGroundsDecidedOn,
          version: existing.version + 1,
        };
        const { concern, added } = withReferral(current, referral);
        return ok({
          after: { ...before, traffickingConcerns: upsertById(before.traffickingConcerns, concern) },
          persist: async (trx, at) => {
            await writes.upsertNrmReferral(trx, referral, { at });
            await writes.insertTraffickingStatuses(trx, added, { at });
          },
          result: concern,
          audit: changed('nrmReferral', existing, referral),
        });
      });
    },
  };
}

export type TraffickingService = ReturnType<typeof createTraffickingService>;
