import type { Kysely, Transaction } from 'kysely';
import type { TraffickingConcern } from '../../domain/child-record.ts';
import type { JourneyChild, JourneyNeeds } from '../../domain/journey-child.ts';
import type { Database } from '../schema.ts';
import { withoutRecordKey } from './child-record-repository.ts';
import { estimateOf } from '../../domain/date-of-birth.ts';
import type { EstimateColumns } from '../../domain/date-of-birth.ts';
import type { JourneyChildDetails } from '../../domain/journey-child.ts';

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
      'child.nrmReference',
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
  const carePeriods =
    needs.carePeriods === true ? await db.selectFrom('carePeriod').selectAll().where('childId', '=', childId).orderBy('startDate').orderBy('id').execute() : [];
  const traffickingConcerns = needs.traffickingConcerns === true ? await loadConcerns(db, childId) : [];
  const ageAssessments =
    needs.ageAssessments === true
      ? await db.selectFrom('ageAssessment').selectAll().where('childId', '=', childId).orderBy('assessedOn').orderBy('createdAt').execute()
      : [];
  const details =
    needs.details === true
      ? await db
          .selectFrom('child')
          .select([
            'laChildId',
            'upn',
            'homeOfficeReference',
            'nrmReference',
            'policePersonId',
            'nationality',
            'languages',
            'interpreterNeeded',
            'dateOfBirthClaimed',
            'dateOfBirthAssessed',
            'dateOfBirthEarliest',
            'dateOfBirthLatest',
            'dateOfBirthSource',
            'dateOfBirthEstimatedOn',
          ])
          .where('id', '=', childId)
          .executeTakeFirst()
      : undefined;
  return {
    ...child,
    outOfArea: Boolean(child.outOfArea),
    missingEpisodes,
    openCarePeriod: openCarePeriod ?? null,
    openUascPeriod: openUascPeriod ?? null,
    // The record key is the statistics' alone (migration 0020).
    carePeriods: carePeriods.map(({ childRecordKey: _key, ...period }) => period),
    traffickingConcerns,
    ageAssessments: ageAssessments.map(({ createdAt: _createdAt, ...assessment }) => assessment),
    details: details === undefined ? null : detailsOf(details),
  };
}

/** The child's details, with the estimate of their age from its flat columns. */
function detailsOf({
  dateOfBirthEarliest,
  dateOfBirthLatest,
  dateOfBirthSource,
  dateOfBirthEstimatedOn,
  ...details
}: Omit<JourneyChildDetails, 'dateOfBirthEstimate'> & EstimateColumns): JourneyChildDetails {
  return { ...details, dateOfBirthEstimate: estimateOf({ dateOfBirthEarliest, dateOfBirthLatest, dateOfBirthSource, dateOfBirthEstimatedOn }) };
}

/** The child's trafficking concerns, oldest first, each with its statuses in order and its NRM referral. */
async function loadConcerns(db: Db, childId: string): Promise<TraffickingConcern[]> {
  const concerns = await db.selectFrom('traffickingConcern').selectAll().where('childId', '=', childId).orderBy('raisedOn').orderBy('id').execute();
  const statuses = await db
    .selectFrom('traffickingStatus')
    .innerJoin('traffickingConcern', 'traffickingConcern.id', 'traffickingStatus.concernId')
    .selectAll('traffickingStatus')
    .where('traffickingConcern.childId', '=', childId)
    .orderBy('traffickingStatus.effectiveFrom')
    .orderBy('traffickingStatus.createdAt')
    .execute();
  const referrals = await db
    .selectFrom('nrmReferral')
    .innerJoin('traffickingConcern', 'traffickingConcern.id', 'nrmReferral.concernId')
    .selectAll('nrmReferral')
    .where('traffickingConcern.childId', '=', childId)
    .execute();
  const referralOf = new Map(referrals.map((referral) => [referral.concernId, referral]));
  return concerns.map((concern) => ({
    ...concern,
    statuses: statuses.filter((status) => status.concernId === concern.id),
    nrmReferral: referralOf.get(concern.id) ?? null,
  }));
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
