import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { MissingType, PoliceRiskLevel } from '../../domain/codes.ts';
import type { AuthorityCounts, MeasurementDates, RuleCheckTotals } from '../../domain/data-quality.ts';
import { AWAY_LOOKS_MISSING_HOURS } from '../../domain/data-quality.ts';
import type { Database } from '../schema.ts';

// Reads for the data-quality measures. The counts come from the SECURITY DEFINER function of
// migration 0010, which decides from the transaction's settings what the actor may have (its
// duplicate function is no longer read: the matching service finds probable duplicates); everything
// else here reads through row-level security like any other query.

type Db = Kysely<Database>;

/**
 * The counts behind the measures, one row per authority the transaction's actor may measure
 * (all, for a national analyst; their own, for an authority's team managers and data officers).
 */
export async function authorityCounts(db: Db, authorityCode: string | null, dates: MeasurementDates): Promise<AuthorityCounts[]> {
  const result = await sql<AuthorityCounts>`select * from lantern_data_quality_counts(
      ${authorityCode}, ${dates.now}::timestamptz, ${dates.today}::date, ${dates.windowStart}::date, ${dates.collectionYearStart}::date,
      ${dates.staleBefore}::timestamptz, ${AWAY_LOOKS_MISSING_HOURS}::integer)`.execute(db);
  return result.rows;
}

export interface ChildRow {
  readonly childId: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly laChildId: string;
}

export async function childrenByIds(db: Db, childIds: readonly string[]): Promise<ChildRow[]> {
  if (childIds.length === 0) return [];
  return db
    .selectFrom('child')
    .select(['child.id as childId', 'child.givenNames', 'child.familyName', 'child.laChildId'])
    .where('child.id', 'in', [...childIds])
    .execute();
}

export interface StaleEpisodeRow extends ChildRow {
  readonly episodeId: string;
  readonly type: MissingType;
  readonly startAt: string;
  readonly updatedAt: string;
}

/** The authority's open episodes with no change since `staleBefore`, oldest change first. */
export async function staleOpenEpisodes(db: Db, authorityCode: string, staleBefore: string): Promise<StaleEpisodeRow[]> {
  return db
    .selectFrom('missingEpisode')
    .innerJoin('child', 'child.id', 'missingEpisode.childId')
    .select(['missingEpisode.id as episodeId', 'missingEpisode.type', 'missingEpisode.startAt', 'missingEpisode.updatedAt'])
    .select(['child.id as childId', 'child.givenNames', 'child.familyName', 'child.laChildId'])
    .where('child.responsibleAuthorityCode', '=', authorityCode)
    .where('missingEpisode.endAt', 'is', null)
    .where('missingEpisode.updatedAt', '<', staleBefore)
    .orderBy('missingEpisode.updatedAt')
    .orderBy('missingEpisode.id')
    .execute();
}

export interface AwayEpisodeRow extends ChildRow {
  readonly episodeId: string;
  readonly type: MissingType;
  readonly startAt: string;
  readonly endAt: string | null;
  readonly reportedToPoliceAt: string | null;
  readonly policeRiskLevel: PoliceRiskLevel | null;
}

/**
 * The authority's away (A) episodes that started in the window and either lasted longer than the
 * threshold or were reported to the police with a risk level: the same test as the counts.
 */
export async function awayEpisodesLookingMissing(db: Db, authorityCode: string, dates: MeasurementDates): Promise<AwayEpisodeRow[]> {
  return db
    .selectFrom('missingEpisode')
    .innerJoin('child', 'child.id', 'missingEpisode.childId')
    .select([
      'missingEpisode.id as episodeId',
      'missingEpisode.type',
      'missingEpisode.startAt',
      'missingEpisode.endAt',
      'missingEpisode.reportedToPoliceAt',
      'missingEpisode.policeRiskLevel',
    ])
    .select(['child.id as childId', 'child.givenNames', 'child.familyName', 'child.laChildId'])
    .where('child.responsibleAuthorityCode', '=', authorityCode)
    .where('missingEpisode.type', '=', 'A')
    .where(sql<boolean>`missing_episode.start_at >= (${dates.windowStart}::date::timestamp at time zone 'Europe/London')`)
    .where('missingEpisode.startAt', '<=', dates.now)
    .where((eb) =>
      eb.or([
        eb(
          sql`coalesce(missing_episode.end_at, ${dates.now}::timestamptz) - missing_episode.start_at`,
          '>',
          sql`make_interval(hours => ${AWAY_LOOKS_MISSING_HOURS}::integer)`,
        ),
        eb.and([
          eb('missingEpisode.reportedToPoliceAt', 'is not', null),
          eb('missingEpisode.policeRiskLevel', 'is not', null),
          eb('missingEpisode.policeRiskLevel', '!=', 'NO_APPARENT_RISK'),
        ]),
      ]),
    )
    .orderBy('missingEpisode.startAt', 'desc')
    .orderBy('missingEpisode.id')
    .execute();
}

export async function localAuthorities(db: Db): Promise<{ code: string; name: string; region: string }[]> {
  return db.selectFrom('localAuthority').select(['code', 'name', 'region']).orderBy('name').execute();
}

/** Keeps the totals of an authority's latest rule check (the actor's own authority, under row-level security). */
export async function saveRuleCheck(db: Db, authorityCode: string, totals: RuleCheckTotals & { readonly childrenWithViolations: number }): Promise<void> {
  const row = {
    checkedAt: totals.checkedAt,
    children: totals.children,
    childrenWithViolations: totals.childrenWithViolations,
    errors: totals.errors,
    warnings: totals.warnings,
  };
  await db
    .insertInto('dataQualityRuleCheck')
    .values({ authorityCode, ...row })
    .onConflict((oc) => oc.column('authorityCode').doUpdateSet(row))
    .execute();
}

export async function ruleChecks(db: Db): Promise<(RuleCheckTotals & { readonly authorityCode: string })[]> {
  return db.selectFrom('dataQualityRuleCheck').select(['authorityCode', 'checkedAt', 'children', 'errors', 'warnings']).execute();
}

/**
 * Authorities whose rule check is missing or older than `checkedBefore`, among those with children.
 * Reads only codes and times.
 */
export async function authoritiesDueARuleCheck(db: Db, checkedBefore: string): Promise<string[]> {
  const rows = await db
    .selectFrom('child')
    .leftJoin('dataQualityRuleCheck', 'dataQualityRuleCheck.authorityCode', 'child.responsibleAuthorityCode')
    .select('child.responsibleAuthorityCode as code')
    .where((eb) => eb.or([eb('dataQualityRuleCheck.checkedAt', 'is', null), eb('dataQualityRuleCheck.checkedAt', '<', checkedBefore)]))
    .distinct()
    .orderBy('child.responsibleAuthorityCode')
    .execute();
  return rows.map((row) => row.code);
}
