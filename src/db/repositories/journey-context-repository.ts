import type { Kysely, Transaction } from 'kysely';
import type { JourneyChild, JourneyNeeds } from '../../domain/journey-child.ts';
import type { Database } from '../schema.ts';
import { withoutRecordKey } from './child-record-repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The child as a journey needs them: their name, whether they are placed out of area, and only the
 * parts of the record `needs` names. Null for a child that does not exist (or that row-level
 * security hides).
 */
export async function loadJourneyChild(db: Db, childId: string, needs: JourneyNeeds): Promise<JourneyChild | null> {
  const child = await db
    .selectFrom('child')
    .select((eb) => [
      'child.id',
      'child.givenNames',
      'child.familyName',
      'child.responsibleAuthorityCode',
      'child.version',
      eb
        .exists(
          eb
            .selectFrom('carePeriod')
            .select('carePeriod.id')
            .whereRef('carePeriod.childId', '=', 'child.id')
            .where('carePeriod.endDate', 'is', null)
            .whereRef('carePeriod.hostAuthorityCode', '!=', 'carePeriod.responsibleAuthorityCode'),
        )
        .as('outOfArea'),
    ])
    .where('child.id', '=', childId)
    .executeTakeFirst();
  if (child === undefined) return null;
  // One after the other: a transaction's statements share one connection.
  const missingEpisodes = needs.missingEpisodes === true ? await loadEpisodes(db, childId) : [];
  const openCarePeriod =
    needs.openCarePeriod === true
      ? await db
          .selectFrom('carePeriod')
          .selectAll()
          .where('childId', '=', childId)
          .where('endDate', 'is', null)
          .orderBy('startDate', 'desc')
          .executeTakeFirst()
      : undefined;
  const openUascPeriod =
    needs.openUascPeriod === true
      ? await db
          .selectFrom('uascPeriod')
          .select(['id', 'childId', 'startDate', 'ceasedDate', 'version'])
          .where('childId', '=', childId)
          .where('ceasedDate', 'is', null)
          .orderBy('startDate', 'desc')
          .executeTakeFirst()
      : undefined;
  return {
    ...child,
    outOfArea: Boolean(child.outOfArea),
    missingEpisodes,
    openCarePeriod: openCarePeriod ?? null,
    openUascPeriod: openUascPeriod ?? null,
  };
}

async function loadEpisodes(db: Db, childId: string) {
  const episodes = await db.selectFrom('missingEpisode').selectAll().where('childId', '=', childId).orderBy('startAt').execute();
  const interviews = await db
    .selectFrom('returnInterview')
    .innerJoin('missingEpisode', 'missingEpisode.id', 'returnInterview.episodeId')
    .selectAll('returnInterview')
    .where('missingEpisode.childId', '=', childId)
    .execute();
  const interviewOf = new Map(interviews.map((interview) => [interview.episodeId, interview]));
  return episodes.map((episode) => ({ ...withoutRecordKey(episode), returnInterview: interviewOf.get(episode.id) ?? null }));
}
