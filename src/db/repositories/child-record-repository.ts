import type { Kysely } from 'kysely';
import type { ChildRecord } from '../../domain/child-record.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database>;

/**
 * Loads a child's whole record. With `forUpdate` the child row is locked until the
 * transaction ends, so that two writes to one child's record are validated one after the other.
 */
export async function loadChildRecord(db: Db, childId: string, options: { forUpdate?: boolean } = {}): Promise<ChildRecord | null> {
  let childQuery = db.selectFrom('child').selectAll().where('id', '=', childId);
  if (options.forUpdate) childQuery = childQuery.forUpdate();
  const child = await childQuery.executeTakeFirst();
  if (!child) return null;

  const [aliases, ageStatuses, carePeriods, uascPeriods, nationalTransfers, concerns, statuses, referrals, episodes, interviews] = await Promise.all([
    db.selectFrom('childAlias').selectAll().where('childId', '=', childId).orderBy('seenOn').orderBy('id').execute(),
    db.selectFrom('ageStatus').selectAll().where('childId', '=', childId).orderBy('effectiveFrom').execute(),
    db.selectFrom('carePeriod').selectAll().where('childId', '=', childId).orderBy('startDate').orderBy('id').execute(),
    db.selectFrom('uascPeriod').selectAll().where('childId', '=', childId).orderBy('startDate').execute(),
    db.selectFrom('nationalTransfer').selectAll().where('childId', '=', childId).orderBy('referredOn').execute(),
    db.selectFrom('traffickingConcern').selectAll().where('childId', '=', childId).orderBy('raisedOn').orderBy('id').execute(),
    db
      .selectFrom('traffickingStatus')
      .innerJoin('traffickingConcern', 'traffickingConcern.id', 'traffickingStatus.concernId')
      .selectAll('traffickingStatus')
      .where('traffickingConcern.childId', '=', childId)
      .orderBy('traffickingStatus.effectiveFrom')
      .orderBy('traffickingStatus.createdAt')
      .execute(),
    db
      .selectFrom('nrmReferral')
      .innerJoin('traffickingConcern', 'traffickingConcern.id', 'nrmReferral.concernId')
      .selectAll('nrmReferral')
      .where('traffickingConcern.childId', '=', childId)
      .execute(),
    db.selectFrom('missingEpisode').selectAll().where('childId', '=', childId).orderBy('startAt').execute(),
    db
      .selectFrom('returnInterview')
      .innerJoin('missingEpisode', 'missingEpisode.id', 'returnInterview.episodeId')
      .selectAll('returnInterview')
      .where('missingEpisode.childId', '=', childId)
      .execute(),
  ]);

  return {
    child,
    aliases,
    ageStatuses,
    carePeriods,
    uascPeriods,
    nationalTransfers,
    traffickingConcerns: concerns.map((concern) => ({
      ...concern,
      statuses: statuses.filter((status) => status.concernId === concern.id),
      nrmReferral: referrals.find((referral) => referral.concernId === concern.id) ?? null,
    })),
    missingEpisodes: episodes.map((episode) => ({
      ...episode,
      returnInterview: interviews.find((interview) => interview.episodeId === episode.id) ?? null,
    })),
  };
}

// ---- Writes. Each takes the entity as the domain holds it; updates bump the version the
// service has already checked under the child's row lock, and say whether a row changed.

type Stamp = { readonly at: string };

function withoutNested<T extends object, K extends keyof T>(entity: T, ...keys: K[]): Omit<T, K> {
  const omitted = new Set<PropertyKey>(keys);
  return Object.fromEntries(Object.entries(entity).filter(([key]) => !omitted.has(key))) as Omit<T, K>;
}

export const childRecordWrites = {
  async insertChild(db: Db, child: ChildRecord['child'], { at }: Stamp): Promise<void> {
    await db.insertInto('child').values({ ...child, languages: [...child.languages], createdAt: at, updatedAt: at }).execute();
  },
  async updateChild(db: Db, child: ChildRecord['child'], { at }: Stamp): Promise<boolean> {
    const result = await db
      .updateTable('child')
      .set({ ...withoutNested(child, 'id'), languages: [...child.languages], updatedAt: at })
      .where('id', '=', child.id)
      .where('version', '=', child.version - 1)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },
  async insertAlias(db: Db, alias: ChildRecord['aliases'][number], { at }: Stamp): Promise<void> {
    await db.insertInto('childAlias').values({ ...alias, createdAt: at }).execute();
  },
  async insertAgeStatus(db: Db, entry: ChildRecord['ageStatuses'][number], { at }: Stamp): Promise<void> {
    await db.insertInto('ageStatus').values({ ...entry, createdAt: at }).execute();
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
    await db.insertInto('nationalTransfer').values({ ...transfer, createdAt: at }).execute();
  },
  async upsertTraffickingConcern(db: Db, concern: ChildRecord['traffickingConcerns'][number], { at }: Stamp): Promise<void> {
    const row = { ...withoutNested(concern, 'statuses', 'nrmReferral'), indicators: [...concern.indicators], exploitationTypes: [...concern.exploitationTypes] };
    await db
      .insertInto('traffickingConcern')
      .values({ ...row, createdAt: at, updatedAt: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...withoutNested(row, 'id', 'childId'), updatedAt: at }))
      .execute();
  },
  async insertTraffickingStatuses(db: Db, entries: ChildRecord['traffickingConcerns'][number]['statuses'], { at }: Stamp): Promise<void> {
    if (entries.length === 0) return;
    await db.insertInto('traffickingStatus').values(entries.map((entry) => ({ ...entry, createdAt: at }))).execute();
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
