import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Child, ChildRecord } from '../../domain/child-record.ts';
import { estimateColumns, estimateOf } from '../../domain/date-of-birth.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database>;

/** The children's rows with their whole records nested as JSON: one statement, however many children. */
function selectRecords(db: Db) {
  return db
    .selectFrom('child')
    .selectAll('child')
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('childAlias').selectAll().whereRef('childAlias.childId', '=', 'child.id').orderBy('seenOn').orderBy('id')).as('aliases'),
      jsonArrayFrom(eb.selectFrom('ageStatus').selectAll().whereRef('ageStatus.childId', '=', 'child.id').orderBy('effectiveFrom')).as('ageStatuses'),
      jsonArrayFrom(
        eb.selectFrom('ageAssessment').selectAll().whereRef('ageAssessment.childId', '=', 'child.id').orderBy('assessedOn').orderBy('createdAt'),
      ).as('ageAssessments'),
      jsonArrayFrom(eb.selectFrom('carePeriod').selectAll().whereRef('carePeriod.childId', '=', 'child.id').orderBy('startDate').orderBy('id')).as(
        'carePeriods',
      ),
      jsonArrayFrom(eb.selectFrom('uascPeriod').selectAll().whereRef('uascPeriod.childId', '=', 'child.id').orderBy('startDate')).as('uascPeriods'),
      jsonArrayFrom(eb.selectFrom('nationalTransfer').selectAll().whereRef('nationalTransfer.childId', '=', 'child.id').orderBy('referredOn')).as(
        'nationalTransfers',
      ),
      jsonArrayFrom(
        eb
          .selectFrom('traffickingConcern')
          .selectAll('traffickingConcern')
          .select((inner) => [
            jsonArrayFrom(
              inner
                .selectFrom('traffickingStatus')
                .selectAll()
                .whereRef('traffickingStatus.concernId', '=', 'traffickingConcern.id')
                .orderBy('effectiveFrom')
                .orderBy('createdAt'),
            ).as('statuses'),
            jsonObjectFrom(inner.selectFrom('nrmReferral').selectAll().whereRef('nrmReferral.concernId', '=', 'traffickingConcern.id')).as('nrmReferral'),
          ])
          .whereRef('traffickingConcern.childId', '=', 'child.id')
          .orderBy('raisedOn')
          .orderBy('id'),
      ).as('traffickingConcerns'),
      jsonArrayFrom(
        eb
          .selectFrom('missingEpisode')
          .selectAll('missingEpisode')
          .select((inner) => [
            jsonObjectFrom(inner.selectFrom('returnInterview').selectAll().whereRef('returnInterview.episodeId', '=', 'missingEpisode.id')).as(
              'returnInterview',
            ),
          ])
          .whereRef('missingEpisode.childId', '=', 'child.id')
          .orderBy('startAt'),
      ).as('missingEpisodes'),
    ]);
}

type RecordRow = Awaited<ReturnType<ReturnType<typeof selectRecords>['executeTakeFirstOrThrow']>>;

/** A child as the domain holds it, as the child table's columns. */
export function childRow({ dateOfBirthEstimate, ...child }: Child) {
  return { ...child, ...estimateColumns(dateOfBirthEstimate), languages: [...child.languages] };
}

/**
 * A child's or an episode's row without its record key (migration 0020): the key is the statistics' alone and is
 * never part of a record, so it never reaches a page, a response or the audit trail.
 */
export function withoutRecordKey<T extends { readonly recordKey: number }>(row: T): Omit<T, 'recordKey'> {
  return withoutNested(row, 'recordKey');
}

function toChildRecord({
  aliases,
  ageStatuses,
  ageAssessments,
  carePeriods,
  uascPeriods,
  nationalTransfers,
  traffickingConcerns,
  missingEpisodes,
  ...row
}: RecordRow): ChildRecord {
  const {
    dateOfBirthEarliest: _earliest,
    dateOfBirthLatest: _latest,
    dateOfBirthSource: _source,
    dateOfBirthEstimatedOn: _on,
    recordKey: _recordKey,
    ...child
  } = row;
  return {
    child: { ...child, dateOfBirthEstimate: estimateOf(row) },
    aliases,
    ageStatuses,
    ageAssessments,
    // Each care period carries its child's record key for the statistics: not part of the record either.
    carePeriods: carePeriods.map((period) => withoutNested(period, 'childRecordKey')),
    uascPeriods,
    nationalTransfers,
    traffickingConcerns,
    // Moments inside JSON arrive as PostgreSQL text ('…+00:00'); the domain expects ISO instants.
    missingEpisodes: missingEpisodes.map((episode) => ({
      ...withoutRecordKey(episode),
      startAt: toIsoInstant(episode.startAt),
      endAt: nullableInstant(episode.endAt),
      reportedToPoliceAt: nullableInstant(episode.reportedToPoliceAt),
      responsibleAuthorityToldAt: nullableInstant(episode.responsibleAuthorityToldAt),
      hostAuthorityToldAt: nullableInstant(episode.hostAuthorityToldAt),
      returnInterview:
        episode.returnInterview === null
          ? null
          : {
              ...episode.returnInterview,
              offeredAt: nullableInstant(episode.returnInterview.offeredAt),
              completedAt: nullableInstant(episode.returnInterview.completedAt),
            },
    })),
  };
}

/**
 * Loads a child's whole record in one statement (every write loads it, so round trips matter).
 * With `forUpdate` the child row is locked until the transaction ends, so that two writes to
 * one child's record are validated one after the other. The child is given by id, or by the id
 * of a part of the record (`{ part, id }`), found in the same statement.
 */
export async function loadChildRecord(
  db: Db,
  child: string | { readonly part: RecordPart; readonly id: string },
  options: { forUpdate?: boolean } = {},
): Promise<ChildRecord | null> {
  let query = selectRecords(db).where('child.id', '=', typeof child === 'string' ? child : childIdOfPartQuery(db, child.part, child.id));
  if (options.forUpdate) query = query.forUpdate('child');
  const row = await query.executeTakeFirst();
  return row === undefined ? null : toChildRecord(row);
}

/**
 * The children an authority looked after at any time between two days (inclusive): those with a
 * care period overlapping them, as the 903 return counts them. In id order.
 */
export async function childIdsLookedAfter(db: Db, authorityCode: string, between: { readonly start: string; readonly end: string }): Promise<string[]> {
  const rows = await db
    .selectFrom('child')
    .select('child.id')
    .where('child.responsibleAuthorityCode', '=', authorityCode)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('carePeriod')
          .select('carePeriod.id')
          .whereRef('carePeriod.childId', '=', 'child.id')
          .where('carePeriod.startDate', '<=', between.end)
          .where((inner) => inner.or([inner('carePeriod.endDate', 'is', null), inner('carePeriod.endDate', '>=', between.start)])),
      ),
    )
    .orderBy('child.id')
    .execute();
  return rows.map((row) => row.id);
}

/** Whether there is a child with this id (as far as the connection's row-level security shows). */
export async function childExists(db: Db, childId: string): Promise<boolean> {
  return (await db.selectFrom('child').select('id').where('id', '=', childId).executeTakeFirst()) !== undefined;
}

/** Whether the authority already holds a child under this LA child id, other than `exceptChildId`. */
export async function laChildIdTaken(db: Db, authorityCode: string, laChildId: string, exceptChildId: string | null): Promise<boolean> {
  let query = db.selectFrom('child').select('id').where('responsibleAuthorityCode', '=', authorityCode).where('laChildId', '=', laChildId);
  if (exceptChildId !== null) query = query.where('id', '!=', exceptChildId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The guardian allocated to a child now, with their organisation. */
export interface AllocatedAdvocate {
  /** Null when the advocate has no account. */
  readonly name: string | null;
  readonly organisationName: string;
  readonly allocatedOn: string;
}

/** The child's current advocate (the latest allocation not ended); null when none is allocated. */
export async function currentAdvocate(db: Db, childId: string): Promise<AllocatedAdvocate | null> {
  const row = await db
    .selectFrom('advocateAllocation')
    .innerJoin('organisation', 'organisation.code', 'advocateAllocation.organisationCode')
    .leftJoin('appUser', (join) => join.on(sql<boolean>`app_user.id::text = advocate_allocation.advocate_id`))
    .select(['appUser.displayName', 'organisation.name as organisationName', 'advocateAllocation.allocatedOn'])
    .where('advocateAllocation.childId', '=', childId)
    .where('advocateAllocation.endedOn', 'is', null)
    .orderBy('advocateAllocation.allocatedOn', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : { name: row.displayName, organisationName: row.organisationName, allocatedOn: row.allocatedOn };
}

/** The parts of a child's record that are changed by their own id. */
export type RecordPart = 'ageAssessment' | 'carePeriod' | 'uascPeriod' | 'traffickingConcern' | 'nrmReferral' | 'missingEpisode';

function childIdOfPartQuery(db: Db, part: RecordPart, id: string) {
  return part === 'nrmReferral'
    ? db
        .selectFrom('nrmReferral')
        .innerJoin('traffickingConcern', 'traffickingConcern.id', 'nrmReferral.concernId')
        .select('traffickingConcern.childId')
        .where('nrmReferral.id', '=', id)
    : db.selectFrom(part).select('childId').where('id', '=', id);
}

/** The child a part of a record belongs to; null when there is no such part, or row-level security hides it. */
export async function childIdOfPart(db: Db, part: RecordPart, id: string): Promise<string | null> {
  const row = await childIdOfPartQuery(db, part, id).executeTakeFirst();
  return row?.childId ?? null;
}

/** Where a page of records ends, to start the next one after it. */
export interface RecordPosition {
  readonly responsibleAuthorityCode: string;
  readonly childId: string;
}

/**
 * One page of the whole records of the children some authorities are responsible for, in order of
 * authority then id, in one statement: checking every record against the rules one statement per
 * child would take seconds for a large authority.
 */
export async function loadChildRecordsPage(
  db: Db,
  options: { readonly responsibleAuthorityCodes: readonly string[]; readonly after: RecordPosition | null; readonly limit: number },
): Promise<ChildRecord[]> {
  if (options.responsibleAuthorityCodes.length === 0) return [];
  let query = selectRecords(db)
    .where('child.responsibleAuthorityCode', 'in', [...options.responsibleAuthorityCodes])
    .orderBy('child.responsibleAuthorityCode')
    .orderBy('child.id')
    .limit(options.limit);
  const { after } = options;
  if (after !== null)
    query = query.where((eb) => eb(eb.refTuple('child.responsibleAuthorityCode', 'child.id'), '>', eb.tuple(after.responsibleAuthorityCode, after.childId)));
  return (await query.execute()).map(toChildRecord);
}

const toIsoInstant = (value: string): string => new Date(value).toISOString();
const nullableInstant = (value: string | null): string | null => (value === null ? null : toIsoInstant(value));

// ---- Writes. Each takes the entity as the domain holds it; updates bump the version the
// service has already checked under the child's row lock, and say whether a row changed.

type Stamp = { readonly at: string };

function withoutNested<T extends object, K extends keyof T>(entity: T, ...keys: K[]): Omit<T, K> {
  const omitted = new Set<PropertyKey>(keys);
  return Object.fromEntries(Object.entries(entity).filter(([key]) => !omitted.has(key))) as Omit<T, K>;
}

export const childRecordWrites = {
  /** A new child's record: the child, their age statuses and their care periods, the parts a record starts with. */
  async insertNewRecord(db: Db, record: Pick<ChildRecord, 'child' | 'ageStatuses' | 'carePeriods'>, stamp: Stamp): Promise<void> {
    await childRecordWrites.insertChild(db, record.child, stamp);
    for (const entry of record.ageStatuses) await childRecordWrites.insertAgeStatus(db, entry, stamp);
    for (const period of record.carePeriods) await childRecordWrites.upsertCarePeriod(db, period, stamp);
  },
  async insertChild(db: Db, child: ChildRecord['child'], { at }: Stamp): Promise<void> {
    await db
      .insertInto('child')
      .values({ ...childRow(child), createdAt: at, updatedAt: at })
      .execute();
  },
  async updateChild(db: Db, child: ChildRecord['child'], { at }: Stamp): Promise<boolean> {
    const result = await db
      .updateTable('child')
      .set({ ...withoutNested(childRow(child), 'id'), updatedAt: at })
      .where('id', '=', child.id)
      .where('version', '=', child.version - 1)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },
  async insertAlias(db: Db, alias: ChildRecord['aliases'][number], { at }: Stamp): Promise<void> {
    await db
      .insertInto('childAlias')
      .values({ ...alias, createdAt: at })
      .execute();
  },
  async insertAgeStatus(db: Db, entry: ChildRecord['ageStatuses'][number], { at }: Stamp): Promise<void> {
    await db
      .insertInto('ageStatus')
      .values({ ...entry, createdAt: at })
      .execute();
  },
  async insertAgeAssessment(db: Db, assessment: ChildRecord['ageAssessments'][number], { at }: Stamp): Promise<void> {
    await db
      .insertInto('ageAssessment')
      .values({ ...assessment, createdAt: at })
      .execute();
  },
  /** An assessment's legal challenge, the only part of it that changes after it is recorded (migration 0041). */
  async updateAgeAssessmentChallenge(db: Db, assessment: ChildRecord['ageAssessments'][number]): Promise<void> {
    const { challenge, challengedOn, challengeResult, challengeDecidedOn, version } = assessment;
    await db
      .updateTable('ageAssessment')
      .set({ challenge, challengedOn, challengeResult, challengeDecidedOn, version })
      .where('id', '=', assessment.id)
      .where('version', '=', version - 1)
      .execute();
  },
  async upsertCarePeriod(db: Db, period: ChildRecord['carePeriods'][number], { at }: Stamp): Promise<void> {
    await db
      .insertInto('carePeriod')
      .values({ ...period, createdAt: at, updatedAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...withoutNested(period, 'id', 'childId'), updatedAt: at }))
      .execute();
  },
  async upsertUascPeriod(db: Db, period: ChildRecord['uascPeriods'][number], { at }: Stamp): Promise<void> {
    await db
      .insertInto('uascPeriod')
      .values({ ...period, createdAt: at, updatedAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...withoutNested(period, 'id', 'childId'), updatedAt: at }))
      .execute();
  },
  async insertNationalTransfer(db: Db, transfer: ChildRecord['nationalTransfers'][number], { at }: Stamp): Promise<void> {
    await db
      .insertInto('nationalTransfer')
      .values({ ...transfer, createdAt: at })
      .execute();
  },
  async upsertTraffickingConcern(db: Db, concern: ChildRecord['traffickingConcerns'][number], { at }: Stamp): Promise<void> {
    const row = {
      ...withoutNested(concern, 'statuses', 'nrmReferral'),
      indicators: [...concern.indicators],
      exploitationTypes: [...concern.exploitationTypes],
    };
    await db
      .insertInto('traffickingConcern')
      .values({ ...row, createdAt: at, updatedAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...withoutNested(row, 'id', 'childId'), updatedAt: at }))
      .execute();
  },
  async insertTraffickingStatuses(db: Db, entries: ChildRecord['traffickingConcerns'][number]['statuses'], { at }: Stamp): Promise<void> {
    if (entries.length === 0) return;
    await db
      .insertInto('traffickingStatus')
      .values(entries.map((entry) => ({ ...entry, createdAt: at })))
      .execute();
  },
  async upsertNrmReferral(db: Db, referral: NonNullable<ChildRecord['traffickingConcerns'][number]['nrmReferral']>, { at }: Stamp): Promise<void> {
    await db
      .insertInto('nrmReferral')
      .values({ ...referral, createdAt: at, updatedAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...withoutNested(referral, 'id', 'concernId'), updatedAt: at }))
      .execute();
  },
  async upsertMissingEpisode(db: Db, episode: ChildRecord['missingEpisodes'][number], { at }: Stamp): Promise<void> {
    const row = withoutNested(episode, 'returnInterview');
    await db
      .insertInto('missingEpisode')
      .values({ ...row, createdAt: at, updatedAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...withoutNested(row, 'id', 'childId'), updatedAt: at }))
      .execute();
  },
  async upsertReturnInterview(db: Db, interview: NonNullable<ChildRecord['missingEpisodes'][number]['returnInterview']>, { at }: Stamp): Promise<void> {
    const row = { ...interview, outcomes: [...interview.outcomes] };
    await db
      .insertInto('returnInterview')
      .values({ ...row, createdAt: at, updatedAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...withoutNested(row, 'id', 'episodeId'), updatedAt: at }))
      .execute();
  },
};
