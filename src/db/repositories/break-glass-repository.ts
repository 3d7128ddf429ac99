import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { BreakGlassOpening } from '../../domain/break-glass.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Openings of the authority's records with what the review pages and My work show: the child's name,
 * who opened it and who reviewed it. Filter and order it further; read under row-level security.
 */
export function reviewItems(db: Db, authority: string) {
  return (
    db
      .selectFrom('breakGlassAccess')
      .innerJoin('child', 'child.id', 'breakGlassAccess.childId')
      .leftJoin('organisation', 'organisation.code', 'breakGlassAccess.organisationCode')
      // Actor ids are text (an API client's is `token:…`), account ids are uuids.
      .leftJoin('appUser as opener', (join) => join.on(sql`opener.id::text`, '=', sql.ref('breakGlassAccess.actorId')))
      .leftJoin('appUser as reviewer', (join) => join.on(sql`reviewer.id::text`, '=', sql.ref('breakGlassAccess.reviewedBy')))
      .select([
        'breakGlassAccess.id',
        'breakGlassAccess.childId',
        'breakGlassAccess.actorId',
        'breakGlassAccess.organisationCode',
        'breakGlassAccess.role',
        'breakGlassAccess.reason',
        'breakGlassAccess.openedAt',
        'breakGlassAccess.expiresAt',
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
