import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { childExists, childRecordWrites as writes, currentAdvocate, laChildIdTaken, loadChildRecord } from '../db/repositories/child-record-repository.ts';
import type { AllocatedAdvocate } from '../db/repositories/child-record-repository.ts';
import { knownAuthorityCodes, listLocalAuthorities, localAuthorityNames } from '../db/repositories/local-authority-repository.ts';
import { authorityNames, searchChildren } from '../db/repositories/child-search-repository.ts';
import { childrenWithCloseNames } from '../domain/name-search.ts';
import { lastChanges } from '../db/repositories/audit-repository.ts';
import { foundReportsOf, hostAcknowledgementsOf } from '../db/repositories/missing-episode-repository.ts';
import { accountNames } from './audit-queries.ts';
import type { ChildSearchFilters, ChildSearchRow } from '../db/repositories/child-search-repository.ts';
import type { AgeAssessment, AgeStatusEntry, CarePeriod, Child, ChildAlias, ChildRecord, NationalTransfer, UascPeriod } from '../domain/child-record.ts';
import { newCarePeriod as carePeriodOf, newChild, newChildRecord as recordOf } from '../domain/child-record-entities.ts';
import type { CarePeriodDetails, ChildDetails } from '../domain/child-record-entities.ts';
import type { AgeStatus } from '../domain/codes.ts';
import { newAgeAssessment, recordWithAssessment, withChallenge } from '../domain/age-assessment.ts';
import type { AgeAssessmentChallengeDetails, AgeAssessmentDetails } from '../domain/age-assessment.ts';
import type { FoundReportDetails } from '../domain/found-report.ts';
import { formatInstant, ukDateOf } from '../domain/dates.ts';
import { upsertById, viewRecord } from '../domain/record-view.ts';
import type { ChildRecordView } from '../domain/record-view.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { introducedErrors } from '../domain/validation/rules.ts';
import type { Violation } from '../domain/validation/rules.ts';
import { inScope } from '../db/scope.ts';
import {
  BREAK_GLASS_REASON_MIN_LENGTH,
  BREAK_GLASS_REASON_MESSAGE,
  BREAK_GLASS_ROLES,
  breakGlassReviewAuthority,
  canWriteRecord,
  listableAuthority,
  recordViewFor,
  restrictRecord,
  rowScope,
} from '../domain/access/policy.ts';
import type { RecordView } from '../domain/access/policy.ts';
import { loadRelations } from '../db/repositories/child-relations-repository.ts';
import {
  insertOpening,
  lockOpeningsOf,
  openingsAwaitingReview,
  openingTimesSince,
  recordReview,
  reviewItemAwaiting,
  reviewItemsAwaiting,
  reviewItemsReviewed,
} from '../db/repositories/break-glass-repository.ts';
import { BREAK_GLASS_PER_DAY, breakGlassAllowance, breakGlassExpiry, breakGlassWindowStart } from '../domain/break-glass.ts';
import { isApiClient } from '../domain/access/actor.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import { conflict, invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import { diffFields, usedFilterNames } from './audit-log.ts';
import { changed, changeRecord, changeRecordPart, created, partNotFound } from './record-change.ts';

export type { CarePeriodDetails } from '../domain/child-record-entities.ts';
export type { AgeAssessmentDetails } from '../domain/age-assessment.ts';

export interface NewChild extends ChildDetails {
  /** The age status when the record is made; accepted unless said otherwise. */
  readonly ageStatus?: AgeStatus | undefined;
}

export type ChildChanges = Partial<ChildDetails> & { readonly version: number };

export interface NewAlias {
  readonly givenNames?: string | null | undefined;
  readonly familyName?: string | null | undefined;
  readonly dateOfBirth?: string | null | undefined;
  readonly nationality?: string | null | undefined;
  readonly source: string;
  readonly seenWhere?: string | null | undefined;
  readonly seenOn: string;
}

export interface NewAgeStatus {
  readonly status: AgeStatus;
  readonly effectiveFrom: string;
  readonly note?: string | null | undefined;
}

export type CarePeriodChanges = Partial<CarePeriodDetails> & { readonly version: number };

export interface UascPeriodDetails {
  readonly startDate: string;
  readonly ceasedDate?: string | null | undefined;
}
export type UascPeriodChanges = Partial<UascPeriodDetails> & { readonly version: number };

export interface NewNationalTransfer {
  readonly toAuthorityCode: string;
  readonly referredOn: string;
  readonly transferredOn?: string | null | undefined;
}

export type ChildListFilters = ChildSearchFilters;

export type ChildSummary = ChildSearchRow;

export interface Page<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/** The child's record as the record page shows it (see getChildRecord). */
export type ChildRecordPage = ChildRecordView & {
  readonly access: RecordView;
  /** The names of the authorities the record mentions, by code. */
  readonly authorityNames: Readonly<Record<string, string>>;
  /** The guardian allocated to the child, where the view shows it. */
  readonly advocate: AllocatedAdvocate | null;
  /**
   * When each part of the record (by `entity:id`, as the audit trail names it) was last created or
   * changed, and by whom (null for an API client or a command): the responsible authority's view only.
   */
  readonly lastChanged: Readonly<Record<string, WhenAndWho>>;
  /** The host authority's acknowledgement of each missing episode it acknowledged, by episode id: the responsible and host authorities' views. */
  readonly hostAcknowledgements: Readonly<Record<string, WhenAndWho>>;
  /** Other agencies' reports that found the child, by the id of the episode each closed: every view that shows the episode. */
  readonly foundReports: Readonly<Record<string, FoundReportDetails>>;
};

/** When something was done, and by whom (null for an API client or a command). */
export interface WhenAndWho {
  readonly at: string;
  readonly by: string | null;
}

import type { BreakGlassOpening, BreakGlassReviewItem } from '../domain/break-glass.ts';
import { isUuid } from '../domain/ids.ts';
export type { BreakGlassOpening, BreakGlassReviewItem } from '../domain/break-glass.ts';

/** The forms in which a child's whole record is exported. */
export type RecordExportFormat = 'json' | 'pdf';

/** Filters that look for a particular child: using one is a search, audited as such (by name only, never value). */
const SEARCH_FILTERS: readonly string[] = ['query', 'name', 'identifier', 'dateOfBirth'];

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

/** Keys present in a change (even if set to null) replace the current value; absent keys keep it. */
function applyChanges<T extends object>(current: T, changes: Partial<T>): T {
  const next = { ...current };
  for (const key of Object.keys(changes) as (keyof T)[]) {
    const value = changes[key];
    if (value !== undefined) next[key] = value;
  }
  return next;
}

export interface ChildServiceOptions {
  /** Records one person may open with break-glass in any 24 hours (BREAK_GLASS_PER_DAY unless set). */
  readonly breakGlassPerDay?: number;
}

export function createChildService(deps: ServiceDeps, options: ChildServiceOptions = {}) {
  const breakGlassPerDay = options.breakGlassPerDay ?? BREAK_GLASS_PER_DAY;
  const { db } = deps;

  const authorityExists = async (trx: Kysely<Database>, code: string): Promise<boolean> => (await knownAuthorityCodes(trx, [code])).has(code);

  /** A new child's record: the child, accepted as a child from today unless said otherwise. */
  function newChildRecord(authority: string, input: NewChild, today: string): { record: ChildRecord; child: Child; ageStatus: AgeStatusEntry } {
    const child = newChild(deps.newId(), authority, input);
    const ageStatus: AgeStatusEntry = { id: deps.newId(), childId: child.id, status: input.ageStatus ?? 'ACCEPTED', effectiveFrom: today, note: null };
    return { child, ageStatus, record: recordOf(child, { ageStatuses: [ageStatus] }) };
  }

  const newCarePeriod = (child: Child, input: CarePeriodDetails): CarePeriod => carePeriodOf(deps.newId(), child, input);

  /**
   * A new looked-after child's record with their first care period, and every rule it would break. Without
   * a care period (an API client may send it in a second request), the child alone.
   */
  async function proposeLookedAfterChild(
    authority: string,
    input: NewChild,
    carePeriod: CarePeriodDetails | null,
    now: string,
  ): Promise<{ record: ChildRecord; violations: Violation[] }> {
    const today = ukDateOf(now);
    const { record: bare, child } = newChildRecord(authority, input, today);
    const period = carePeriod === null ? null : newCarePeriod(child, carePeriod);
    const record = period === null ? bare : { ...bare, carePeriods: [period] };
    const violations = [...introducedErrors(null, record, { now, today })];
    if (await laChildIdTaken(db, authority, input.laChildId, null)) violations.push(...invalidViolations(duplicateChildId(child.id)));
    if (period !== null && !(await authorityExists(db, period.hostAuthorityCode)))
      violations.push(...invalidViolations(unknownAuthority('carePeriod', period.id, 'hostAuthorityCode')));
    return { record, violations };
  }

  /** Saves a new child's record in one transaction, each entity created on the audit trail, and tells the alerts of each care period. */
  async function saveNewRecord(actor: Actor, record: ChildRecord, now: string): Promise<Result<ChildRecordView, ServiceError>> {
    const { child } = record;
    try {
      await inScope(db, rowScope(actor, deps.now()), async (trx) => {
        await writes.insertNewRecord(trx, record, { at: now });
        await deps.audit.append(trx, { actor, action: 'CREATE', entity: 'child', entityId: child.id, childId: child.id, details: diffFields(null, child) });
        for (const period of record.carePeriods) {
          await deps.alerts?.carePeriodStarted(trx, actor, period);
          await deps.audit.append(trx, {
            actor,
            action: 'CREATE',
            entity: 'carePeriod',
            entityId: period.id,
            childId: child.id,
            details: diffFields(null, period),
          });
        }
      });
    } catch (error) {
      // Two people adding the same child at once: the second is told, not given a crash.
      if (isUniqueViolation(error)) return fail(duplicateChildId(child.id));
      throw error;
    }
    return ok(viewRecord(record, now));
  }

  /** Reads a record as far as the actor may see it, and audits the reading; null for a child they may not see. */
  async function readRecord(
    trx: Kysely<Database>,
    actor: Actor,
    childId: string,
    exporting: RecordExportFormat | null = null,
  ): Promise<{ view: RecordView; record: ChildRecord } | null> {
    const relations = await loadRelations(trx, actor, childId, deps.now());
    const view = relations === null ? null : recordViewFor(actor, relations);
    // Only the responsible authority exports the whole record: to anyone else the child is not there.
    if (view === null || (exporting !== null && view !== 'full')) return null;
    const record = await loadChildRecord(trx, childId);
    if (record === null) return null;
    await deps.audit.append(trx, {
      actor,
      action: exporting === null ? 'VIEW_RECORD' : 'EXPORT',
      entity: 'child',
      entityId: childId,
      childId,
      details: exporting === null ? { view } : { view, format: exporting },
    });
    return { view, record: restrictRecord(view, record) };
  }

  /** The record page's record: the record, the names of the authorities it mentions, the guardian where the view shows one. */
  async function readRecordPage(
    trx: Kysely<Database>,
    actor: Actor,
    childId: string,
    exporting: RecordExportFormat | null,
  ): Promise<Result<ChildRecordPage, ServiceError>> {
    const read = await readRecord(trx, actor, childId, exporting);
    if (read === null) return fail(notFound('child'));
    const { view, record } = read;
    const codes = new Set([
      record.child.responsibleAuthorityCode,
      ...record.carePeriods.flatMap((period) => [period.responsibleAuthorityCode, period.hostAuthorityCode]),
      ...record.missingEpisodes.flatMap((episode) => [episode.responsibleAuthorityCode, episode.hostAuthorityCode]),
      ...record.nationalTransfers.flatMap((transfer) => [transfer.fromAuthorityCode, transfer.toAuthorityCode]),
    ]);
    const showsAdvocate = view === 'full' || view === 'advocate' || view === 'break_glass';
    const changes = view === 'full' ? await lastChanges(trx, childId) : [];
    const acknowledged =
      view === 'full' || view === 'host'
        ? Object.values(
            await hostAcknowledgementsOf(
              trx,
              record.missingEpisodes.map((episode) => episode.id),
            ),
          )
        : [];
    const names = await accountNames(trx, [...changes.map((change) => change.actorId), ...acknowledged.map((entry) => entry.acknowledgedBy)]);
    const found = await foundReportsOf(
      trx,
      record.missingEpisodes.map((episode) => episode.id),
    );
    return ok({
      ...viewRecord(record, deps.now()),
      access: view,
      authorityNames: await localAuthorityNames(trx, [...codes]),
      advocate: showsAdvocate ? await currentAdvocate(trx, childId) : null,
      lastChanged: Object.fromEntries(
        changes.map((change) => [`${change.entity}:${change.entityId}`, { at: change.occurredAt, by: names[change.actorId.toLowerCase()] ?? null }]),
      ),
      hostAcknowledgements: Object.fromEntries(
        acknowledged.map((entry) => [entry.episodeId, { at: entry.acknowledgedAt, by: names[entry.acknowledgedBy.toLowerCase()] ?? null }]),
      ),
      foundReports: Object.fromEntries(
        Object.values(found).map(({ episodeId, agency, organisation, foundAt, location, reference }) => [
          episodeId,
          { agency, organisation, foundAt, location, reference },
        ]),
      ),
    });
  }

  return {
    /** Records one person may open with break-glass in any 24 hours, for the pages to say so. */
    breakGlassPerDay,

    /**
     * Adds a looked-after child with their first care period: one record, checked whole against the
     * rules (every problem at once, as checkNewChild) and saved in one transaction, so that a child
     * is never recorded without the care that makes them looked after. The API may leave the care
     * period out and add it with its own request.
     */
    async addLookedAfterChild(actor: Actor, input: NewChild, carePeriod: CarePeriodDetails | null = null): Promise<Result<ChildRecordView, ServiceError>> {
      const authority = actor.localAuthorityCode;
      if (authority === null || !canWriteRecord(actor, authority)) return fail(notFound('local authority'));
      const now = deps.now();
      const { record, violations } = await proposeLookedAfterChild(authority, input, carePeriod, now);
      if (violations.length > 0) return fail({ kind: 'invalid', violations });
      return saveNewRecord(actor, record, now);
    },

    /** The child's record as far as the actor may see it, with which view they were given. */
    async getChild(actor: Actor, childId: string): Promise<Result<ChildRecordView & { readonly access: RecordView }, ServiceError>> {
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const read = await readRecord(trx, actor, childId);
        if (read === null) return fail(notFound('child'));
        return ok({ ...viewRecord(read.record, deps.now()), access: read.view });
      });
    },

    /**
     * The record for the record page: what getChild gives, with the names of the authorities it
     * mentions and the advocate allocated to the child. The advocate is shown only in the views
     * that show trafficking details: an allocated guardian says that trafficking is suspected.
     */
    async getChildRecord(actor: Actor, childId: string): Promise<Result<ChildRecordPage, ServiceError>> {
      return inScope(db, rowScope(actor, deps.now()), (trx) => readRecordPage(trx, actor, childId, null));
    },

    /**
     * The whole record for a subject access request or a court, as the record page has it. Only
     * the responsible authority's staff export it (anyone else is told the child is not found),
     * and each export is on the audit trail with its format.
     */
    async exportChildRecord(actor: Actor, childId: string, format: RecordExportFormat): Promise<Result<ChildRecordPage, ServiceError>> {
      return inScope(db, rowScope(actor, deps.now()), (trx) => readRecordPage(trx, actor, childId, format));
    },

    /** The UK's local authorities with children's services, by name: reference data, for choosing a host authority. */
    async listAuthorities(): Promise<readonly { readonly code: string; readonly name: string }[]> {
      return listLocalAuthorities(db);
    },

    /**
     * Checks a new child and their first care period against the record rules without saving
     * anything, so that a form can show every problem before the child is added.
     */
    async checkNewChild(actor: Actor, input: NewChild, carePeriod: CarePeriodDetails): Promise<Result<null, ServiceError>> {
      const authority = actor.localAuthorityCode;
      if (authority === null || !canWriteRecord(actor, authority)) return fail(notFound('local authority'));
      const { violations } = await proposeLookedAfterChild(authority, input, carePeriod, deps.now());
      return violations.length > 0 ? fail({ kind: 'invalid', violations }) : ok(null);
    },

    /**
     * Opens a record outside the actor's access for a stated reason, for four hours. The opening
     * is audited and waits for review by the responsible authority's team managers.
     */
    async breakGlass(actor: Actor, childId: string, reason: string): Promise<Result<{ readonly expiresAt: string }, ServiceError>> {
      if (!BREAK_GLASS_ROLES.includes(actor.role)) return fail(notFound('child'));
      // A person answers for an opening, and their team manager reviews it: an API client is nobody to ask.
      if (isApiClient(actor)) {
        return fail(
          invalidField(
            'child',
            childId,
            'authorization',
            'Break-glass is for a person signed in to Lantern: an API token cannot open a record outside its access',
          ),
        );
      }
      // The reason is checked before the child is looked up, so that a short one gets the same answer whether or not the child exists.
      if (reason.trim().length < BREAK_GLASS_REASON_MIN_LENGTH) return fail(invalidField('child', childId, 'reason', BREAK_GLASS_REASON_MESSAGE));
      if (!(await childExists(db, childId))) return fail(notFound('child'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        await lockOpeningsOf(trx, actor.id);
        const allowance = breakGlassAllowance(await openingTimesSince(trx, actor.id, breakGlassWindowStart(now)), now, breakGlassPerDay);
        if (!allowance.ok) {
          if (deps.audit.admitRefusal(actor.origin)) {
            await deps.audit.append(trx, {
              actor,
              action: 'REFUSED',
              entity: 'breakGlassAccess',
              childId,
              details: { reason: 'DAILY_LIMIT', perDay: breakGlassPerDay },
            });
          }
          return fail(
            invalidField(
              'child',
              childId,
              'reason',
              `You have opened ${breakGlassPerDay} ${breakGlassPerDay === 1 ? 'record' : 'records'} with break-glass in the last 24 hours, the most allowed. ` +
                `You can open another from ${formatInstant(allowance.error.nextAt)}. If a child is at risk now, call their local authority or the police`,
            ),
          );
        }
        const expiresAt = breakGlassExpiry(now);
        const openingId = deps.newId();
        await insertOpening(trx, {
          id: openingId,
          childId,
          actorId: actor.id,
          organisationCode: actor.organisationCode,
          role: actor.role,
          reason: reason.trim(),
          openedAt: now,
          expiresAt,
        });
        await deps.alerts?.breakGlassOpened(trx, actor, childId, openingId);
        await deps.audit.append(trx, { actor, action: 'BREAK_GLASS', entity: 'child', entityId: childId, childId, reason: reason.trim() });
        return ok({ expiresAt });
      });
    },

    /** Openings of the authority's records awaiting a team manager's review. */
    async breakGlassReviews(actor: Actor): Promise<Result<readonly BreakGlassOpening[], ServiceError>> {
      const authority = breakGlassReviewAuthority(actor);
      if (authority === null) return fail(notFound('break-glass reviews'));
      return ok(await openingsAwaitingReview(db, authority));
    },

    async reviewBreakGlass(actor: Actor, openingId: string, note: string): Promise<Result<{ readonly reviewedAt: string }, ServiceError>> {
      const authority = breakGlassReviewAuthority(actor);
      if (authority === null) return fail(notFound('break-glass opening'));
      const opening = await reviewItemAwaiting(db, authority, openingId);
      if (!opening) return fail(notFound('break-glass opening'));
      const reviewedAt = deps.now();
      await inScope(db, rowScope(actor, deps.now()), async (trx) => {
        await recordReview(trx, openingId, { reviewedAt, reviewedBy: actor.id, reviewNote: note.trim() === '' ? null : note.trim() });
        await deps.audit.append(trx, {
          actor,
          action: 'CHANGE',
          entity: 'breakGlassAccess',
          entityId: openingId,
          childId: opening.childId,
          details: { reviewed: true },
        });
      });
      return ok({ reviewedAt });
    },

    /**
     * The team manager's review list: openings of their authority's records awaiting review, oldest
     * first, and the most recently reviewed. Read as the actor under row-level security and audited.
     */
    async breakGlassReviewList(
      actor: Actor,
      options: { readonly reviewedLimit: number },
    ): Promise<Result<{ readonly awaiting: readonly BreakGlassReviewItem[]; readonly reviewed: readonly BreakGlassReviewItem[] }, ServiceError>> {
      const authority = breakGlassReviewAuthority(actor);
      if (authority === null) return fail(notFound('break-glass reviews'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const awaiting = await reviewItemsAwaiting(trx, authority);
        const reviewed = await reviewItemsReviewed(trx, authority, options.reviewedLimit);
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: 'breakGlassAccess',
          details: { authority, awaiting: awaiting.length, reviewed: reviewed.length },
        });
        return ok({ awaiting, reviewed });
      });
    },

    /** One opening of the authority's records awaiting review, for the review form, or not found. Audited. */
    async breakGlassOpeningForReview(actor: Actor, openingId: string): Promise<Result<BreakGlassReviewItem, ServiceError>> {
      const authority = breakGlassReviewAuthority(actor);
      if (authority === null || !isUuid(openingId)) return fail(notFound('break-glass opening'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const opening = await reviewItemAwaiting(trx, authority, openingId);
        if (!opening) return fail(notFound('break-glass opening'));
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'breakGlassAccess', entityId: opening.id, childId: opening.childId });
        return ok(opening);
      });
    },

    async listChildren(actor: Actor, filters: ChildListFilters): Promise<Result<Page<ChildSummary>, ServiceError>> {
      const authority = listableAuthority(actor);
      if (authority === null) return ok({ items: [], page: filters.page, pageSize: filters.pageSize, total: 0 });
      const scope = rowScope(actor, deps.now());
      // Audited first, on the primary; the search itself may run on a replica (docs/deployment.md), and
      // nothing is shown unless the search is on the trail. The audit keeps which filters were used,
      // never the names or dates searched for.
      const used = usedFilterNames(filters);
      await inScope(db, scope, (trx) =>
        deps.audit.append(trx, {
          actor,
          action: used.some((filter) => SEARCH_FILTERS.includes(filter)) ? 'SEARCH' : 'LIST',
          entity: 'child',
          details: { filters: used, page: filters.page },
        }),
      );
      const { items, total } = await inScope(
        deps.readDb ?? db,
        scope,
        async (trx) => {
          // Names close to those typed too (misspellings, other spellings), read from the authority's names once.
          const typed = [filters.query, filters.name].filter((text): text is string => text !== undefined && text.trim() !== '');
          const names = typed.length === 0 ? [] : await authorityNames(trx, authority);
          const close = (text: string | undefined) => (text === undefined || text.trim() === '' ? [] : childrenWithCloseNames(text, names));
          return searchChildren(trx, authority, { ...filters, closeNames: { query: close(filters.query), name: close(filters.name) } });
        },
        'read only',
      );
      return ok({ items, page: filters.page, pageSize: filters.pageSize, total });
    },

    async updateChild(actor: Actor, childId: string, changes: ChildChanges): Promise<Result<ChildRecordView, ServiceError>> {
      return changeRecord(deps, actor, childId, async (before, now, trx) => {
        if (before.child.version !== changes.version) return fail(conflict('child', before.child.version));
        const { version: _version, ...fields } = changes;
        const child: Child = { ...applyChanges(before.child, fields), version: before.child.version + 1 };
        if (child.laChildId !== before.child.laChildId && (await laChildIdTaken(trx, child.responsibleAuthorityCode, child.laChildId, child.id))) {
          return fail(duplicateChildId(child.id));
        }
        const after = { ...before, child };
        return ok({
          after,
          persist: async (trx, at) => {
            await writes.updateChild(trx, child, { at });
          },
          result: viewRecord(after, now),
          audit: changed('child', before.child, child),
        });
      });
    },

    async addAlias(actor: Actor, childId: string, input: NewAlias): Promise<Result<ChildAlias, ServiceError>> {
      return changeRecord(deps, actor, childId, (before) => {
        const alias: ChildAlias = {
          id: deps.newId(),
          childId,
          givenNames: orNull(input.givenNames),
          familyName: orNull(input.familyName),
          dateOfBirth: orNull(input.dateOfBirth),
          nationality: orNull(input.nationality),
          source: input.source,
          seenWhere: orNull(input.seenWhere),
          seenOn: input.seenOn,
        };
        return ok({
          after: { ...before, aliases: [...before.aliases, alias] },
          persist: (trx, at) => writes.insertAlias(trx, alias, { at }),
          result: alias,
          audit: created('alias', alias),
        });
      });
    },

    async recordAgeStatus(actor: Actor, childId: string, input: NewAgeStatus): Promise<Result<AgeStatusEntry, ServiceError>> {
      return changeRecord(deps, actor, childId, (before) => {
        if (before.ageStatuses.some((entry) => entry.effectiveFrom === input.effectiveFrom)) {
          return fail(invalidField('ageStatus', childId, 'effectiveFrom', 'An age status is already recorded for this date. Enter a different date'));
        }
        const entry: AgeStatusEntry = { id: deps.newId(), childId, status: input.status, effectiveFrom: input.effectiveFrom, note: orNull(input.note) };
        return ok({
          after: { ...before, ageStatuses: [...before.ageStatuses, entry] },
          persist: (trx, at) => writes.insertAgeStatus(trx, entry, { at }),
          result: entry,
          audit: created('ageStatus', entry),
        });
      });
    },

    /**
     * Records an age assessment, with the age status its outcome gives and, where the child accepts it,
     * the date of birth it sets (age-assessment.ts): one change, validated whole, each part audited.
     */
    async recordAgeAssessment(actor: Actor, childId: string, input: AgeAssessmentDetails): Promise<Result<AgeAssessment, ServiceError>> {
      return changeRecord(deps, actor, childId, (before) => {
        const assessment = newAgeAssessment(deps.newId(), childId, input);
        const { record: after, ageStatus, child } = recordWithAssessment(before, assessment, deps.newId());
        return ok({
          after,
          persist: async (trx, at) => {
            await writes.insertAgeAssessment(trx, assessment, { at });
            if (ageStatus !== null) await writes.insertAgeStatus(trx, ageStatus, { at });
            if (child !== null) await writes.updateChild(trx, child, { at });
          },
          result: assessment,
          audit: [
            created('ageAssessment', assessment),
            ...(ageStatus === null ? [] : [created('ageStatus', ageStatus)]),
            ...(child === null ? [] : [changed('child', before.child, child)]),
          ],
        });
      });
    },

    /** Records a legal challenge to an assessment's outcome, or its result, on the assessment read at `version`. */
    async recordAgeAssessmentChallenge(
      actor: Actor,
      assessmentId: string,
      input: AgeAssessmentChallengeDetails & { readonly version: number },
    ): Promise<Result<AgeAssessment, ServiceError>> {
      return changeRecordPart(deps, actor, 'ageAssessment', assessmentId, (before) => {
        const current = before.ageAssessments.find((assessment) => assessment.id === assessmentId);
        if (!current) return fail(partNotFound('ageAssessment'));
        if (current.version !== input.version) return fail(conflict('age assessment', current.version));
        const assessment = withChallenge(current, input);
        return ok({
          after: { ...before, ageAssessments: upsertById(before.ageAssessments, assessment) },
          persist: (trx) => writes.updateAgeAssessmentChallenge(trx, assessment),
          result: assessment,
          audit: changed('ageAssessment', current, assessment),
        });
      });
    },

    async addCarePeriod(actor: Actor, childId: string, input: CarePeriodDetails): Promise<Result<CarePeriod, ServiceError>> {
      return changeRecord(deps, actor, childId, async (before, _now, trx) => {
        const period = newCarePeriod(before.child, input);
        if (!(await authorityExists(trx, period.hostAuthorityCode))) return fail(unknownAuthority('carePeriod', period.id, 'hostAuthorityCode'));
        const persist = async (trx: Kysely<Database>, at: string) => {
          await writes.upsertCarePeriod(trx, period, { at });
          await deps.alerts?.carePeriodStarted(trx, actor, period);
        };
        return ok({ after: { ...before, carePeriods: [...before.carePeriods, period] }, persist, result: period, audit: created('carePeriod', period) });
      });
    },

    async updateCarePeriod(actor: Actor, carePeriodId: string, changes: CarePeriodChanges): Promise<Result<CarePeriod, ServiceError>> {
      return changeRecordPart(deps, actor, 'carePeriod', carePeriodId, async (before, _now, trx) => {
        const current = before.carePeriods.find((period) => period.id === carePeriodId);
        if (!current) return fail(partNotFound('carePeriod'));
        if (current.version !== changes.version) return fail(conflict('care period', current.version));
        const { version: _version, ...fields } = changes;
        const period: CarePeriod = { ...applyChanges(current, fields), version: current.version + 1 };
        if (!(await authorityExists(trx, period.hostAuthorityCode))) return fail(unknownAuthority('carePeriod', period.id, 'hostAuthorityCode'));
        return ok({
          after: { ...before, carePeriods: upsertById(before.carePeriods, period) },
          persist: (trx, at) => writes.upsertCarePeriod(trx, period, { at }),
          result: period,
          audit: changed('carePeriod', current, period),
        });
      });
    },

    async addUascPeriod(actor: Actor, childId: string, input: UascPeriodDetails): Promise<Result<UascPeriod, ServiceError>> {
      return changeRecord(deps, actor, childId, (before) => {
        const period: UascPeriod = { id: deps.newId(), childId, startDate: input.startDate, ceasedDate: orNull(input.ceasedDate), version: 1 };
        return ok({
          after: { ...before, uascPeriods: [...before.uascPeriods, period] },
          persist: (trx, at) => writes.upsertUascPeriod(trx, period, { at }),
          result: period,
          audit: created('uascPeriod', period),
        });
      });
    },

    async updateUascPeriod(actor: Actor, uascPeriodId: string, changes: UascPeriodChanges): Promise<Result<UascPeriod, ServiceError>> {
      return changeRecordPart(deps, actor, 'uascPeriod', uascPeriodId, (before) => {
        const current = before.uascPeriods.find((period) => period.id === uascPeriodId);
        if (!current) return fail(partNotFound('uascPeriod'));
        if (current.version !== changes.version) return fail(conflict('UASC period', current.version));
        const { version: _version, ...fields } = changes;
        const period: UascPeriod = { ...applyChanges(current, fields), version: current.version + 1 };
        return ok({
          after: { ...before, uascPeriods: upsertById(before.uascPeriods, period) },
          persist: (trx, at) => writes.upsertUascPeriod(trx, period, { at }),
          result: period,
          audit: changed('uascPeriod', current, period),
        });
      });
    },

    async addNationalTransfer(actor: Actor, childId: string, input: NewNationalTransfer): Promise<Result<NationalTransfer, ServiceError>> {
      return changeRecord(deps, actor, childId, async (before, _now, trx) => {
        const transfer: NationalTransfer = {
          id: deps.newId(),
          childId,
          fromAuthorityCode: before.child.responsibleAuthorityCode,
          toAuthorityCode: input.toAuthorityCode,
          referredOn: input.referredOn,
          transferredOn: orNull(input.transferredOn),
        };
        if (!(await authorityExists(trx, transfer.toAuthorityCode))) return fail(unknownAuthority('nationalTransfer', transfer.id, 'toAuthorityCode'));
        return ok({
          after: { ...before, nationalTransfers: [...before.nationalTransfers, transfer] },
          persist: (trx, at) => writes.insertNationalTransfer(trx, transfer, { at }),
          result: transfer,
          audit: created('nationalTransfer', transfer),
        });
      });
    },
  };
}

function duplicateChildId(childId: string): ServiceError {
  return invalidField(
    'child',
    childId,
    'laChildId',
    'A child with this ID is already recorded by your authority. Enter a different ID, or find the existing child',
  );
}

const invalidViolations = (error: ServiceError): readonly Violation[] => (error.kind === 'invalid' ? error.violations : []);

function unknownAuthority(entity: 'carePeriod' | 'nationalTransfer', entityId: string, field: string): ServiceError {
  return invalidField(entity, entityId, field, 'Select a local authority from the list: this code is not a UK authority with children’s services');
}

export type ChildService = ReturnType<typeof createChildService>;
