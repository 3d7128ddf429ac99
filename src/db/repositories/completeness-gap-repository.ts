import { sql } from 'kysely';
import type { Expression, Kysely, SqlBool } from 'kysely';
import type { CompletenessId, MeasurementDates } from '../../domain/data-quality.ts';
import { addHours, ukMidnight } from '../../domain/dates.ts';
import type { Database } from '../schema.ts';
import type { ChildRow } from './data-quality-repository.ts';

// The records behind each completeness measure of the data-quality overview: those that lack what the measure
// counts, by the same tests as the counts of migration 0010 (lantern_data_quality_counts), so that a measure's
// "8 of 30" lists the 22 to put right. They read through row-level security, as the actor.

type Db = Kysely<Database>;

/** A record that lacks what a measure counts: a child, a trafficking concern or a missing episode. */
export interface CompletenessGapRow extends ChildRow {
  readonly concernId: string | null;
  readonly episodeId: string | null;
  /** The concern's day raised, or the episode's start. */
  readonly since: string | null;
  readonly episodeEndAt: string | null;
}

/** Most records listed for one measure. */
const GAPS_LISTED = 500;

const lookedAfter = (today: string) =>
  sql<SqlBool>`exists (select 1 from care_period cp where cp.child_id = child.id and cp.end_date is null and cp.start_date <= ${today}::date)`;

export async function completenessGaps(db: Db, authorityCode: string, measure: CompletenessId, dates: MeasurementDates): Promise<CompletenessGapRow[]> {
  const children = db
    .selectFrom('child')
    .select(['child.id as childId', 'child.givenNames', 'child.familyName', 'child.laChildId'])
    .where('child.responsibleAuthorityCode', '=', authorityCode);
  switch (measure) {
    case 'nationality':
      return children
        .select([sql<null>`null`.as('concernId'), sql<null>`null`.as('episodeId'), sql<null>`null`.as('since'), sql<null>`null`.as('episodeEndAt')])
        .where(lookedAfter(dates.today))
        .where((eb) => eb.or([eb('child.nationality', 'is', null), eb('child.nationality', '=', 'unknown')]))
        .orderBy('child.familyName')
        .orderBy('child.givenNames')
        .orderBy('child.id')
        .limit(GAPS_LISTED)
        .execute();
    case 'trafficking-status':
      return children
        .innerJoin('traffickingConcern', 'traffickingConcern.childId', 'child.id')
        .select([
          'traffickingConcern.id as concernId',
          sql<null>`null`.as('episodeId'),
          sql<string>`${sql.ref('traffickingConcern.raisedOn')}::text`.as('since'),
          sql<null>`null`.as('episodeEndAt'),
        ])
        .where(lookedAfter(dates.today))
        .where((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('traffickingStatus').select('traffickingStatus.id').whereRef('traffickingStatus.concernId', '=', 'traffickingConcern.id')),
          ),
        )
        .orderBy('traffickingConcern.raisedOn')
        .orderBy('traffickingConcern.id')
        .limit(GAPS_LISTED)
        .execute();
    case 'police-reference':
    case 'police-reference-when-reported':
    case 'return-interview': {
      const windowStart = ukMidnight(dates.windowStart);
      const episodes = children
        .innerJoin('missingEpisode', 'missingEpisode.childId', 'child.id')
        .leftJoin('returnInterview', 'returnInterview.episodeId', 'missingEpisode.id')
        .select([sql<null>`null`.as('concernId'), 'missingEpisode.id as episodeId', 'missingEpisode.startAt as since', 'missingEpisode.endAt as episodeEndAt'])
        .where('missingEpisode.startAt', '>=', windowStart)
        .where('missingEpisode.startAt', '<=', dates.now);
      const noReference: Expression<SqlBool> = sql<SqlBool>`nullif(trim(${sql.ref('missingEpisode.policeReference')}), '') is null`;
      const narrowed =
        measure === 'police-reference'
          ? episodes.where('missingEpisode.type', '=', 'M').where(noReference)
          : measure === 'police-reference-when-reported'
            ? episodes.where('missingEpisode.reportedToPoliceAt', 'is not', null).where(noReference)
            : episodes
                // Ended more than 72 hours ago, with no interview offered, declined, or not offered for a reason given.
                .where('missingEpisode.endAt', '<', addHours(dates.now, -72))
                .where(
                  sql<SqlBool>`not coalesce(${sql.ref('returnInterview.offeredAt')} is not null or ${sql.ref('returnInterview.response')} = 'DECLINED'
                    or (${sql.ref('returnInterview.response')} = 'NOT_OFFERED' and nullif(trim(${sql.ref('returnInterview.notOfferedReason')}), '') is not null), false)`,
                );
      return narrowed.orderBy('missingEpisode.startAt').orderBy('missingEpisode.id').limit(GAPS_LISTED).execute();
    }
  }
}
