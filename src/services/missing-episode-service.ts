import { childRecordWrites as writes } from '../db/repositories/child-record-repository.ts';
import {
  findEpisode,
  findReturnInterview,
  hostAcknowledgementsOf,
  insertFoundReport,
  insertHostAcknowledgement,
  listEpisodes,
} from '../db/repositories/missing-episode-repository.ts';
import type { HostAcknowledgement } from '../db/repositories/missing-episode-repository.ts';
import type { EpisodeFilters } from '../db/repositories/missing-episode-repository.ts';
import type { MissingEpisode, ReturnInterview } from '../domain/child-record.ts';
import { changedMissingEpisode, closedMissingEpisode, episodeAuthorities, newMissingEpisode } from '../domain/child-record-entities.ts';
import type { EpisodeChanges as DomainEpisodeChanges, EpisodeEnding, NewEpisode } from '../domain/child-record-entities.ts';
import type { InterviewerType, InterviewResponse } from '../domain/codes.ts';
import { endingOfFoundReport } from '../domain/found-report.ts';
import type { FoundReport, FoundReportDetails } from '../domain/found-report.ts';
import { normaliseInstant } from '../domain/dates.ts';
import { upsertById, viewEpisode } from '../domain/record-view.ts';
import type { MissingEpisodeView } from '../domain/record-view.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { inScope } from '../db/scope.ts';
import { listableAuthority, recordViewFor, rowScope } from '../domain/access/policy.ts';
import { loadRelations } from '../db/repositories/child-relations-repository.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Page } from './child-service.ts';
import type { ServiceDeps } from './deps.ts';
import { spendAllowance, trainingGate } from './training-service.ts';
import { conflict, invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import { diffFields, usedFilterNames } from './audit-log.ts';
import { changed, changeRecord, changeRecordPart, created, partNotFound } from './record-change.ts';
import type { AuditedChange } from './record-change.ts';

export type { NewEpisode } from '../domain/child-record-entities.ts';
export type EpisodeChanges = DomainEpisodeChanges & {
  readonly version: number;
  /** Why a closed episode is corrected: required once the child has come back, and kept on the audit trail. */
  readonly reason?: string | null | undefined;
};
export type EpisodeClosing = EpisodeEnding & { readonly version: number };
/** Another agency's report that it found the child, with the version of the episode read. */
export type FoundReportClosing = Omit<FoundReportDetails, 'reference'> & { readonly reference?: string | null | undefined; readonly version: number };

export interface InterviewDetails {
  readonly response: InterviewResponse;
  readonly offeredAt?: string | null | undefined;
  readonly notOfferedReason?: string | null | undefined;
  readonly completedAt?: string | null | undefined;
  readonly interviewerType?: InterviewerType | null | undefined;
  readonly outcomes?: readonly string[] | undefined;
  /** Required when an interview is already recorded: the version that was read. */
  readonly version?: number | undefined;
}

export type EpisodeListFilters = EpisodeFilters;

/** The host authority's staff who acknowledge an episode (as row-level security allows, migration 0033). */
const HOST_ACKNOWLEDGING_ROLES: readonly string[] = ['social_worker', 'team_manager'];

const instantOrNull = (value: string | null | undefined): string | null => (value === null || value === undefined ? null : normaliseInstant(value));
const withoutInterview = ({ returnInterview: _interview, ...episode }: MissingEpisode) => episode;

export function createMissingEpisodeService(deps: ServiceDeps) {
  const { db } = deps;

  /** The episode as stored, or an episode-level not-found, for changes that start from an episode id. */
  async function changeEpisode<T>(
    actor: Actor,
    episodeId: string,
    change: (
      episode: MissingEpisode,
      now: string,
    ) => Result<{ episode: MissingEpisode; interview?: ReturnInterview; found?: FoundReport; audit: AuditedChange }, ServiceError>,
    result: (episode: MissingEpisode, now: string) => T,
    /** The training allowance the change spends, if a gate let it through on one. */
    allowanceId: string | null = null,
  ): Promise<Result<T, ServiceError>> {
    return changeRecordPart(deps, actor, 'missingEpisode', episodeId, (before, now) => {
      const current = before.missingEpisodes.find((episode) => episode.id === episodeId);
      if (!current) return fail(partNotFound('missingEpisode'));
      const changed = change(current, now);
      if (!changed.ok) return changed;
      const { episode, interview, found, audit } = changed.value;
      return ok({
        after: { ...before, missingEpisodes: upsertById(before.missingEpisodes, episode) },
        persist: async (trx, at) => {
          await spendAllowance(deps, trx, actor, allowanceId, at);
          if (episode !== current) await writes.upsertMissingEpisode(trx, episode, { at });
          if (interview) await writes.upsertReturnInterview(trx, interview, { at });
          if (found) await insertFoundReport(trx, found);
          if (current.endAt === null && episode.endAt !== null) await deps.alerts?.returnRecorded(trx, actor, episode);
          if (episode.policeRiskLevel === 'HIGH' && current.policeRiskLevel !== 'HIGH') await deps.alerts?.riskRaised(trx, actor, episode);
          if (interview) await deps.alerts?.interviewRecorded(trx, actor, episode, interview);
        },
        result: result(episode, now),
        audit,
      });
    });
  }

  return {
    async reportMissing(actor: Actor, childId: string, input: NewEpisode): Promise<Result<MissingEpisodeView, ServiceError>> {
      return changeRecord(deps, actor, childId, (before, now) => {
        const episode = newMissingEpisode(deps.newId(), childId, episodeAuthorities(before, input.startAt), input);
        return ok({
          after: { ...before, missingEpisodes: [...before.missingEpisodes, episode] },
          persist: async (trx, at) => {
            await writes.upsertMissingEpisode(trx, episode, { at });
            await deps.alerts?.missingReported(trx, actor, episode, { carePeriods: before.carePeriods, episodes: before.missingEpisodes });
          },
          result: viewEpisode(episode, now),
          audit: created('missingEpisode', withoutInterview(episode)),
        });
      });
    },

    async getEpisode(actor: Actor, episodeId: string): Promise<Result<MissingEpisodeView, ServiceError>> {
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const episode = await findEpisode(trx, episodeId);
        const relations = episode === null ? null : await loadRelations(trx, actor, episode.childId, deps.now());
        const view = relations === null ? null : recordViewFor(actor, relations);
        if (episode === null || view === null) return fail(notFound('missing episode'));
        // Police see what helps find the child, not what the child said in the interview.
        const interview = view === 'police' ? null : await findReturnInterview(trx, episodeId);
        await deps.audit.append(trx, {
          actor,
          action: 'VIEW_RECORD',
          entity: 'missingEpisode',
          entityId: episodeId,
          childId: episode.childId,
          details: { view },
        });
        return ok(viewEpisode({ ...episode, returnInterview: interview }, deps.now()));
      });
    },

    async listEpisodes(actor: Actor, filters: EpisodeListFilters): Promise<Result<Page<MissingEpisodeView>, ServiceError>> {
      const authority = listableAuthority(actor);
      if (authority === null) return ok({ items: [], page: filters.page, pageSize: filters.pageSize, total: 0 });
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const { episodes, total } = await listEpisodes(trx, authority, filters);
        const now = deps.now();
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: 'missingEpisode',
          childId: filters.childId ?? null,
          details: { filters: usedFilterNames(filters), page: filters.page },
        });
        return ok({
          items: episodes.map((episode) => viewEpisode(episode, now)),
          page: filters.page,
          pageSize: filters.pageSize,
          total,
        });
      });
    },

    async updateEpisode(actor: Actor, episodeId: string, changes: EpisodeChanges): Promise<Result<MissingEpisodeView, ServiceError>> {
      return changeEpisode(
        actor,
        episodeId,
        (current) => {
          if (current.version !== changes.version) return fail(conflict('missing episode', current.version));
          // An episode that has ended is history: a change to it is a correction, and says why.
          const reason = changes.reason?.trim() ?? '';
          if (current.endAt !== null && reason === '') {
            return fail(invalidField('missingEpisode', episodeId, 'reason', 'Enter why you are correcting this missing episode: the child has come back'));
          }
          const episode = changedMissingEpisode(current, changes);
          const audit = changed('missingEpisode', withoutInterview(current), withoutInterview(episode));
          return ok({ episode, audit: reason === '' ? audit : { ...audit, reason } });
        },
        viewEpisode,
      );
    },

    /**
     * The host authority acknowledges that a child placed in its area is missing. Only its social
     * workers and team managers, while the child is missing; anyone else is told the episode is not
     * there. A second acknowledgement keeps the first.
     */
    async acknowledgeAsHost(actor: Actor, episodeId: string): Promise<Result<HostAcknowledgement & { readonly childId: string }, ServiceError>> {
      const authority = actor.localAuthorityCode;
      if (authority === null || !HOST_ACKNOWLEDGING_ROLES.includes(actor.role)) return fail(notFound('missing episode'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const episode = await findEpisode(trx, episodeId);
        if (episode === null || episode.hostAuthorityCode !== authority || episode.responsibleAuthorityCode === authority)
          return fail(notFound('missing episode'));
        const existing = (await hostAcknowledgementsOf(trx, [episodeId]))[episodeId];
        if (existing !== undefined) return ok({ ...existing, childId: episode.childId });
        if (episode.endAt !== null) {
          return fail(invalidField('missingEpisode', episodeId, 'hostAcknowledgement', 'The child has come back: there is no missing episode to acknowledge'));
        }
        const acknowledgement = { episodeId, acknowledgedAt: now, acknowledgedBy: actor.id };
        if (await insertHostAcknowledgement(trx, { ...acknowledgement, authorityCode: authority })) {
          await deps.audit.append(trx, {
            actor,
            action: 'CREATE',
            entity: 'hostAcknowledgement',
            entityId: episodeId,
            childId: episode.childId,
            details: diffFields(null, acknowledgement),
          });
          return ok({ ...acknowledgement, childId: episode.childId });
        }
        // Someone else at the authority acknowledged it at the same moment: theirs stands.
        return ok({ ...((await hostAcknowledgementsOf(trx, [episodeId]))[episodeId] ?? acknowledgement), childId: episode.childId });
      });
    },

    /** Records that the child came back (or was found): closes the episode. */
    async recordReturn(actor: Actor, episodeId: string, input: EpisodeClosing): Promise<Result<MissingEpisodeView, ServiceError>> {
      return changeEpisode(
        actor,
        episodeId,
        (current) => {
          if (current.version !== input.version) return fail(conflict('missing episode', current.version));
          const closed = closedMissingEpisode(current, input);
          if (!closed.ok) return fail({ kind: 'invalid', violations: [closed.error] });
          const episode = closed.value;
          return ok({ episode, audit: changed('missingEpisode', withoutInterview(current), withoutInterview(episode)) });
        },
        viewEpisode,
      );
    },

    /**
     * Records that another agency's report found the child: closes the open episode then, as found by
     * the police or by someone else, and keeps who found them, where and the agency's reference. The
     * audit trail keeps the episode before and after, with the report.
     */
    async recordFoundReport(actor: Actor, episodeId: string, input: FoundReportClosing): Promise<Result<MissingEpisodeView, ServiceError>> {
      return changeEpisode(
        actor,
        episodeId,
        (current, now) => {
          if (current.version !== input.version) return fail(conflict('missing episode', current.version));
          const { version: _version, ...details } = input;
          const closed = closedMissingEpisode(current, endingOfFoundReport(details));
          if (!closed.ok) return fail({ kind: 'invalid', violations: [closed.error] });
          const episode = closed.value;
          const found: FoundReport = {
            ...details,
            foundAt: normaliseInstant(details.foundAt),
            reference: details.reference ?? null,
            episodeId,
            recordedBy: actor.id,
            recordedAt: now,
          };
          const { episodeId: _episode, ...report } = found;
          const after = { ...withoutInterview(episode), foundReport: report };
          return ok({ episode, found, audit: changed('missingEpisode', withoutInterview(current), after) });
        },
        viewEpisode,
      );
    },

    async recordReturnInterview(actor: Actor, episodeId: string, input: InterviewDetails): Promise<Result<MissingEpisodeView, ServiceError>> {
      // The organisation may require current return home interview training (issue 15, item 5).
      const gate = await trainingGate(deps, actor, 'RETURN_HOME_INTERVIEW', episodeId);
      if (!gate.ok) return gate;
      return changeEpisode(
        actor,
        episodeId,
        (current) => {
          const existing = current.returnInterview;
          if (existing !== null && existing.version !== input.version) return fail(conflict('return interview', existing.version));
          const interview: ReturnInterview = {
            id: existing?.id ?? deps.newId(),
            episodeId,
            response: input.response,
            offeredAt: instantOrNull(input.offeredAt),
            notOfferedReason: input.notOfferedReason ?? null,
            completedAt: instantOrNull(input.completedAt),
            interviewerType: input.interviewerType ?? null,
            outcomes: input.outcomes ?? [],
            version: (existing?.version ?? 0) + 1,
          };
          const audit = existing === null ? created('returnInterview', interview) : changed('returnInterview', existing, interview);
          return ok({ episode: { ...current, returnInterview: interview }, interview, audit });
        },
        viewEpisode,
        gate.value.allowanceId,
      );
    },
  };
}
