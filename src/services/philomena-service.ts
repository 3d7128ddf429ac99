import type { Kysely } from 'kysely';
import { actorName } from '../db/repositories/alert-repository.ts';
import { childIdOfPart, loadChildRecord } from '../db/repositories/child-record-repository.ts';
import { findLocalAuthority } from '../db/repositories/local-authority-repository.ts';
import {
  insertPartTwo,
  insertProfile,
  partTwoOf,
  photographOf,
  photographUploadedAt,
  profileOf,
  profilesReviewedBefore,
  savePhotograph,
  updatePartTwo,
  updateProfile,
} from '../db/repositories/philomena-repository.ts';
import type { Photograph, ProfileToReview } from '../db/repositories/philomena-repository.ts';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { canWriteRecord, listableAuthority, recordViewFor, restrictRecord, rowScope } from '../domain/access/policy.ts';
import type { RecordView } from '../domain/access/policy.ts';
import type { ChildAlias, ChildRecord, MissingEpisode } from '../domain/child-record.ts';
import { checkPartOne, checkPartTwo, missingHistory, reviewDue, reviewDueBefore } from '../domain/philomena.ts';
import type { EpisodePartTwo, FieldProblem, MissingHistory, PartOne, PartTwo, Profile } from '../domain/philomena.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { EntityKind } from '../domain/validation/rules.ts';
import { loadRelations } from '../db/repositories/child-relations-repository.ts';
import type { ServiceDeps } from './deps.ts';
import { conflict, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import { preparePhotograph } from './photograph.ts';

// Philomena profiles and the grab pack (issue 14 items 4 and 5, domain.md 6.1). Whoever may see the
// child may see the profile, its photograph and the grab pack: the police force of the placement's
// area while the child is missing (docs/access.md). Only the responsible authority's staff change it.
// Every reading, change and download is audited.

type Db = Kysely<Database>;

export type { ProfileToReview };

/** What the profile page, the API and the grab pack show. */
export interface ProfileView {
  readonly childId: string;
  readonly access: RecordView;
  readonly canChange: boolean;
  readonly child: Pick<
    ChildRecord['child'],
    | 'givenNames'
    | 'familyName'
    | 'sex'
    | 'dateOfBirthClaimed'
    | 'dateOfBirthAssessed'
    | 'dateOfBirthEstimate'
    | 'nationality'
    | 'languages'
    | 'interpreterNeeded'
  >;
  readonly aliases: readonly Pick<ChildAlias, 'givenNames' | 'familyName'>[];
  /** The authority of the current placement, named; null when the child has none. */
  readonly placementAuthorityName: string | null;
  readonly profile: (Profile & { readonly reviewedByName: string; readonly reviewDue: boolean }) | null;
  readonly photographUploadedAt: string | null;
  /** The episode the child is missing in now, with its Part 2 when completed. */
  readonly currentEpisode:
    (Pick<MissingEpisode, 'id' | 'startAt' | 'policeForce' | 'policeReference' | 'policeRiskLevel'> & { readonly partTwo: EpisodePartTwo | null }) | null;
  readonly history: MissingHistory;
}

/** Part 1's question page. */
export interface PartOneView {
  readonly childId: string;
  readonly child: Pick<ChildRecord['child'], 'givenNames' | 'familyName'>;
  readonly profile: Profile | null;
}

/** Part 2's question page. */
export interface PartTwoView {
  readonly childId: string;
  readonly child: Pick<ChildRecord['child'], 'givenNames' | 'familyName'>;
  readonly episode: Pick<MissingEpisode, 'startAt' | 'endAt' | 'lastSeenLocation' | 'lastSeenWith'>;
  readonly partTwo: EpisodePartTwo | null;
}

export interface GrabPack extends ProfileView {
  readonly photograph: Photograph | null;
  readonly preparedAt: string;
}

const invalid = (entity: EntityKind, entityId: string, problems: readonly FieldProblem[]): ServiceError => ({
  kind: 'invalid',
  violations: problems.map((problem) => ({ rule: `${entity}-${problem.field}`, code: null, severity: 'error', entity, entityId, ...problem })),
});

export function createPhilomenaService(deps: ServiceDeps) {
  const { db } = deps;

  /** The record as far as the actor may see it; null for a child they may not see (as the record's own pages). */
  async function readable(trx: Db, actor: Actor, childId: string): Promise<{ view: RecordView; record: ChildRecord } | null> {
    const relations = await loadRelations(trx, actor, childId, deps.now());
    const view = relations === null ? null : recordViewFor(actor, relations);
    const record = view === null ? null : await loadChildRecord(trx, childId);
    return view === null || record === null ? null : { view, record: restrictRecord(view, record) };
  }

  async function profileView(trx: Db, actor: Actor, view: RecordView, record: ChildRecord): Promise<ProfileView> {
    const childId = record.child.id;
    const now = deps.now();
    const profile = await profileOf(trx, childId);
    const open = record.missingEpisodes.find((episode) => episode.endAt === null) ?? null;
    const placement = record.carePeriods.find((period) => period.endDate === null) ?? null;
    const { givenNames, familyName, sex, dateOfBirthClaimed, dateOfBirthAssessed, dateOfBirthEstimate, nationality, languages, interpreterNeeded } =
      record.child;
    return {
      childId,
      access: view,
      canChange: canWriteRecord(actor, record.child.responsibleAuthorityCode),
      child: { givenNames, familyName, sex, dateOfBirthClaimed, dateOfBirthAssessed, dateOfBirthEstimate, nationality, languages, interpreterNeeded },
      aliases: record.aliases.map((alias) => ({ givenNames: alias.givenNames, familyName: alias.familyName })),
      placementAuthorityName: placement === null ? null : ((await findLocalAuthority(trx, placement.hostAuthorityCode))?.name ?? null),
      profile:
        profile === null ? null : { ...profile, reviewedByName: await actorName(trx, profile.reviewedBy), reviewDue: reviewDue(profile.reviewedAt, now) },
      photographUploadedAt: profile === null ? null : await photographUploadedAt(trx, childId),
      currentEpisode:
        open === null
          ? null
          : {
              id: open.id,
              startAt: open.startAt,
              policeForce: open.policeForce,
              policeReference: open.policeReference,
              policeRiskLevel: open.policeRiskLevel,
              partTwo: await partTwoOf(trx, open.id),
            },
      history: missingHistory(record.missingEpisodes, now),
    };
  }

  /** Runs `work` on a child the actor may change, or answers "not found" as for a child they may not see. */
  async function changing<T>(actor: Actor, childId: string, work: (trx: Db, record: ChildRecord) => Promise<Result<T, ServiceError>>) {
    return inScope(db, rowScope(actor, deps.now()), async (trx): Promise<Result<T, ServiceError>> => {
      const read = await readable(trx, actor, childId);
      if (read === null || !canWriteRecord(actor, read.record.child.responsibleAuthorityCode)) return fail(notFound('child'));
      return work(trx, read.record);
    });
  }

  return {
    /** The child's Philomena profile page: Part 1, the photograph's date, the current episode's Part 2 and the missing history. */
    async getProfile(actor: Actor, childId: string): Promise<Result<ProfileView, ServiceError>> {
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const read = await readable(trx, actor, childId);
        if (read === null) return fail(notFound('child'));
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'philomenaProfile', entityId: childId, childId, details: { view: read.view } });
        return ok(await profileView(trx, actor, read.view, read.record));
      });
    },

    /** Writes Part 1 (which counts as reviewing it). `version` is the profile's as read; none for a new profile. */
    async saveProfile(actor: Actor, childId: string, input: { readonly [K in keyof PartOne]?: string | null } & { readonly version?: number }) {
      const checked = checkPartOne(input);
      if (!checked.ok) return fail(invalid('philomenaProfile', childId, checked.error));
      return changing(actor, childId, async (trx): Promise<Result<Profile, ServiceError>> => {
        const before = await profileOf(trx, childId);
        const stamp = { at: deps.now(), by: actor.id };
        if (before !== null && input.version === undefined) return fail(conflict('philomenaProfile', before.version));
        const saved =
          before === null
            ? await insertProfile(trx, childId, checked.value, stamp)
            : await updateProfile(trx, childId, checked.value, stamp, input.version ?? 0);
        if (saved === undefined) return fail(conflict('philomenaProfile', before?.version ?? 0));
        // The audit trail says which answers changed, never what they say: the profile holds the words.
        const changed = Object.keys(checked.value).filter((field) => before?.[field as keyof PartOne] !== checked.value[field as keyof PartOne]);
        await deps.audit.append(trx, {
          actor,
          action: before === null ? 'CREATE' : 'CHANGE',
          entity: 'philomenaProfile',
          entityId: childId,
          childId,
          details: { fields: changed, reviewedAt: { to: stamp.at } },
        });
        return ok(saved);
      });
    },

    /** Takes in a new photograph for the profile: checked as an image, resized, metadata stripped, kept in the database. */
    async setPhotograph(actor: Actor, childId: string, upload: Uint8Array): Promise<Result<{ readonly width: number; readonly height: number }, ServiceError>> {
      // Made before the transaction: decoding an image is slow and holds no lock.
      const prepared = await preparePhotograph(upload);
      if (!prepared.ok) return fail(invalid('philomenaProfile', childId, [{ field: 'photograph', message: prepared.error }]));
      return changing(actor, childId, async (trx) => {
        if ((await profileOf(trx, childId)) === null)
          return fail(invalid('philomenaProfile', childId, [{ field: 'photograph', message: 'Complete Part 1 of the profile before adding a photograph' }]));
        const { width, height } = prepared.value;
        await savePhotograph(trx, childId, prepared.value, { at: deps.now(), by: actor.id });
        await deps.audit.append(trx, { actor, action: 'CHANGE', entity: 'philomenaPhotograph', entityId: childId, childId, details: { width, height } });
        return ok({ width, height });
      });
    },

    /** The photograph, to whoever may see the child. */
    async getPhotograph(actor: Actor, childId: string): Promise<Result<Photograph, ServiceError>> {
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const read = await readable(trx, actor, childId);
        const photograph = read === null ? null : await photographOf(trx, childId);
        if (read === null || photograph === null) return fail(notFound('photograph'));
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'philomenaPhotograph', entityId: childId, childId, details: { view: read.view } });
        return ok(photograph);
      });
    },

    /**
     * Part 1 as recorded (null before the profile is made) for its question page, to someone who may
     * change it. `opening`: the page is being opened, which counts as viewing the profile and is audited;
     * the journey's later steps read it again without auditing (docs/access.md, "Journeys").
     */
    async getPartOne(actor: Actor, childId: string, opening: boolean): Promise<Result<PartOneView, ServiceError>> {
      return changing(actor, childId, async (trx, record) => {
        const profile = await profileOf(trx, childId);
        if (opening)
          await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'philomenaProfile', entityId: childId, childId, details: { view: 'full' } });
        const { givenNames, familyName } = record.child;
        return ok({ childId, child: { givenNames, familyName }, profile });
      });
    },

    /** Part 2 of an episode (null when not yet completed), with the episode and the child, for its question page; `opening` as for Part 1. */
    async getPartTwo(actor: Actor, episodeId: string, opening: boolean): Promise<Result<PartTwoView, ServiceError>> {
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const childId = await childIdOfPart(trx, 'missingEpisode', episodeId);
        const read = childId === null ? null : await readable(trx, actor, childId);
        const episode = read?.record.missingEpisodes.find((candidate) => candidate.id === episodeId);
        if (childId === null || read === null || episode === undefined || !canWriteRecord(actor, read.record.child.responsibleAuthorityCode))
          return fail(notFound('missing episode'));
        const partTwo = await partTwoOf(trx, episodeId);
        if (opening) await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'philomenaPartTwo', entityId: episodeId, childId });
        const { givenNames, familyName } = read.record.child;
        return ok({
          childId,
          child: { givenNames, familyName },
          episode: { startAt: episode.startAt, endAt: episode.endAt, lastSeenLocation: episode.lastSeenLocation, lastSeenWith: episode.lastSeenWith },
          partTwo,
        });
      });
    },

    /** Completes (or corrects) Part 2 for a missing episode. `version` as read; none when first completed. */
    async savePartTwo(actor: Actor, episodeId: string, input: { readonly [K in keyof PartTwo]?: string | null } & { readonly version?: number }) {
      return inScope(db, rowScope(actor, deps.now()), async (trx): Promise<Result<EpisodePartTwo, ServiceError>> => {
        const childId = await childIdOfPart(trx, 'missingEpisode', episodeId);
        const read = childId === null ? null : await readable(trx, actor, childId);
        const episode = read?.record.missingEpisodes.find((candidate) => candidate.id === episodeId);
        if (childId === null || read === null || episode === undefined || !canWriteRecord(actor, read.record.child.responsibleAuthorityCode))
          return fail(notFound('missing episode'));
        const checked = checkPartTwo(input, episode, deps.now());
        if (!checked.ok) return fail(invalid('philomenaPartTwo', episodeId, checked.error));
        const before = await partTwoOf(trx, episodeId);
        if (before !== null && input.version === undefined) return fail(conflict('philomenaPartTwo', before.version));
        const stamp = { at: deps.now(), by: actor.id };
        const saved =
          before === null
            ? await insertPartTwo(trx, { episodeId, childId }, checked.value, stamp)
            : await updatePartTwo(trx, episodeId, checked.value, stamp, input.version ?? 0);
        if (saved === undefined) return fail(conflict('philomenaPartTwo', before?.version ?? 0));
        const changed = Object.keys(checked.value).filter((field) => before?.[field as keyof PartTwo] !== checked.value[field as keyof PartTwo]);
        await deps.audit.append(trx, {
          actor,
          action: before === null ? 'CREATE' : 'CHANGE',
          entity: 'philomenaPartTwo',
          entityId: episodeId,
          childId,
          details: { fields: changed },
        });
        return ok(saved);
      });
    },

    /** Everything the grab pack prints, photograph included. Audited as an export at each download. */
    async grabPack(actor: Actor, childId: string, format: 'pdf' | 'page'): Promise<Result<GrabPack, ServiceError>> {
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const read = await readable(trx, actor, childId);
        if (read === null) return fail(notFound('child'));
        const view = await profileView(trx, actor, read.view, read.record);
        if (view.profile === null) return fail(notFound('Philomena profile'));
        await deps.audit.append(trx, { actor, action: 'EXPORT', entity: 'grabPack', entityId: childId, childId, details: { view: read.view, format } });
        return ok({ ...view, photograph: await photographOf(trx, childId), preparedAt: deps.now() });
      });
    },

    /** The authority's profiles not reviewed for 90 days, for My work. Not audited on its own: My work's view is. */
    async profilesToReview(actor: Actor): Promise<readonly ProfileToReview[]> {
      const authority = listableAuthority(actor);
      if (authority === null) return [];
      return inScope(db, rowScope(actor, deps.now()), async (trx) => profilesReviewedBefore(trx, authority, reviewDueBefore(deps.now()), 50));
    },
  };
}
