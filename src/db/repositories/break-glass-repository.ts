import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { BreakGlassOpening, BreakGlassReviewItem } from '../../domain/break-glass.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An opening's own columns: a BreakGlassOpening. */
const OPENING_COLUMNS = [
  'breakGlassAccess.id',
  'breakGlassAccess.childId',
  'breakGlassAccess.actorId',
  'breakGlassAccess.organisationCode',
  'breakGlassAccess.role',
  'breakGlassAccess.reason',
  'breakGlassAccess.openedAt',
  'breakGlassAccess.expiresAt',
] as const;

/**
 * Openings of the authority's records with what the review pages and My work show: the child's name,
 * who opened it and who reviewed it. Filter and order it further; read under row-level security.
 */
function reviewItems(db: Db, authority: string) {
  return (
    db
      .selectFrom('breakGlassAccess')
      .innerJoin('child', 'child.id', 'breakGlassAccess.childId')
      .leftJoin('organisation', 'organisation.code', 'breakGlassAccess.organisationCode')
      // Actor ids are text (an API client's is `token:…`), account ids are uuids.
      .leftJoin('appUser as opener', (join) => join.on(sql`opener.id::text`, '=', sql.ref('breakGlassAccess.actorId')))
      .leftJoin('appUser as reviewer', (join) => join.on(sql`reviewer.id::text`, '=', sql.ref('breakGlassAccess.reviewedBy')))
      .select([
        ...OPENING_COLUMNS,
        'breakGlassAccess.reviewedAt',
        'breakGlassAccess.reviewNote',
        'child.givenNames as childGivenNames',
        'child.familyName as childFamilyName',
        'opener.displayName as openedByName',
        'reviewer.displayName as reviewedByName',
        'organisation.name as organisationName',
      ])
      .where('child.responsibleAuthorityCode', '=', authority)
  );
}

/**
 * Holds one person's openings until the transaction ends, so that two openings at once both count
 * against the daily limit. An advisory lock: there may be no row to lock yet.
 */
export async function lockOpeningsOf(trx: Transaction<Database>, actorId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`lantern.break-glass:${actorId}`}, 0))`.execute(trx);
}

/** When the person opened records with break-glass since `since`. */
export async function openingTimesSince(db: Db, actorId: string, since: string): Promise<string[]> {
  const rows = await db.selectFrom('breakGlassAccess').select('openedAt').where('actorId', '=', actorId).where('openedAt', '>', since).execute();
  return rows.map((row) => row.openedAt);
}

export async function insertOpening(db: Db, opening: BreakGlassOpening): Promise<void> {
  await db
    .insertInto('breakGlassAccess')
    .values({ ...opening, reviewedAt: null, reviewedBy: null, reviewNote: null })
    .execute();
}

/** The openings of the authority's records that no team manager has reviewed yet, oldest first. */
export async function openingsAwaitingReview(db: Db, authority: string): Promise<BreakGlassOpening[]> {
  return db
    .selectFrom('breakGlassAccess')
    .innerJoin('child', 'child.id', 'breakGlassAccess.childId')
    .select(OPENING_COLUMNS)
    .where('child.responsibleAuthorityCode', '=', authority)
    .where('breakGlassAccess.reviewedAt', 'is', null)
    .orderBy('breakGlassAccess.openedAt')
    .execute();
}

/** The review pages' items awaiting review, oldest first. */
export async function reviewItemsAwaiting(db: Db, authority: string): Promise<BreakGlassReviewItem[]> {
  return reviewItems(db, authority).where('breakGlassAccess.reviewedAt', 'is', null).orderBy('breakGlassAccess.openedAt').execute();
}

/** The review pages' most recently reviewed items, newest first. */
export async function reviewItemsReviewed(db: Db, authority: string, limit: number): Promise<BreakGlassReviewItem[]> {
  return reviewItems(db, authority).where('breakGlassAccess.reviewedAt', 'is not', null).orderBy('breakGlassAccess.reviewedAt', 'desc').limit(limit).execute();
}

/** One opening of the authority's records awaiting review; null when there is none (or it is reviewed). */
export async function reviewItemAwaiting(db: Db, authority: string, openingId: string): Promise<BreakGlassReviewItem | null> {
  const item = await reviewItems(db, authority)
    .where('breakGlassAccess.id', '=', openingId)
    .where('breakGlassAccess.reviewedAt', 'is', null)
    .executeTakeFirst();
  return item ?? null;
}

/** Records a team manager's review of an opening. */
export async function recordReview(
  db: Db,
  openingId: string,
  review: { readonly reviewedAt: string; readonly reviewedBy: string; readonly reviewNote: string | null },
): Promise<void> {
  await db.updateTable('breakGlassAccess').set(review).where('id', '=', openingId).execute();
}
