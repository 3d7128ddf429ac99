import { sql } from 'kysely';
import type { ExpressionBuilder, Kysely, Nullable, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

// The reads behind "My work" (src/services/my-work-service.ts): indexed queries, read under row-level
// security, of the episodes (migration 0011 adds the indexes) and of the trafficking concerns.

type Db = Kysely<Database> | Transaction<Database>;
/** The episodes with their return interviews (left-joined), as episodeWork reads them. */
type EpisodeWorkTables = Database & { e: Database['missingEpisode']; r: Nullable<Database['returnInterview']> };

/**
 * Whose children: a responsible authority's, those allocated to an advocate, or those missing from
 * placements in a police force's area.
 */
export type WorkFilter =
  | { readonly kind: 'authority'; readonly authorityCode: string }
  | { readonly kind: 'advocate'; readonly advocateId: string }
  | { readonly kind: 'police'; readonly organisationCode: string };

/**
 * The page's statements differ only by the actor and the clock, and their plans are the same for any
 * of them (each starts from an index on the authority or the allocations). Planning them afresh on
 * every view, with row-level security's subqueries, cost more than running them.
 */
export async function useGenericPlans(trx: Transaction<Database>): Promise<void> {
  await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
}

/** Episodes of the children in scope (row-level security holds the same line underneath). */
function episodesInScope(db: Db, filter: WorkFilter) {
  return (eb: ExpressionBuilder<Database & { e: Database['missingEpisode'] }, 'e'>) => {
    switch (filter.kind) {
      case 'authority':
        return eb('e.responsibleAuthorityCode', '=', filter.authorityCode);
      case 'advocate':
        return eb('e.childId', 'in', allocatedTo(db, filter.advocateId));
      case 'police':
        // Missing now from a placement in the force's area (the episode's host authority). Row-level
        // security also requires the current placement to be there; for an open episode they are the same.
        return eb.and([
          eb('e.endAt', 'is', null),
          eb(
            'e.hostAuthorityCode',
            'in',
            db.selectFrom('policeForceArea as f').select('f.localAuthorityCode').where('f.organisationCode', '=', filter.organisationCode),
          ),
        ]);
    }
  };
}

function allocatedTo(db: Db, advocateId: string) {
  return db.selectFrom('advocateAllocation as a').select('a.childId').where('a.advocateId', '=', advocateId).where('a.endedOn', 'is', null);
}

/** An episode with its child's name and its host authority's. */
const EPISODE_COLUMNS = [
  'e.id as episodeId',
  'e.childId',
  'c.givenNames',
  'c.familyName',
  'e.type',
  'e.startAt',
  'e.reportedToPoliceAt',
  'e.policeReference',
  'e.policeRiskLevel',
  'e.responsibleAuthorityCode',
  'e.hostAuthorityCode',
  'h.name as hostAuthorityName',
  'e.hostAuthorityToldAt',
] as const;

/** Open episodes in scope, oldest first, with the host authority's name. */
export async function openEpisodes(db: Db, filter: WorkFilter) {
  return db
    .selectFrom('missingEpisode as e')
    .innerJoin('child as c', 'c.id', 'e.childId')
    .innerJoin('localAuthority as h', 'h.code', 'e.hostAuthorityCode')
    .select(EPISODE_COLUMNS)
    .where('e.endAt', 'is', null)
    .where(episodesInScope(db, filter))
    .orderBy('e.startAt')
    .execute();
}

export type EpisodeWorkRow = Awaited<ReturnType<typeof episodeWork>>[number];

/**
 * The episodes in scope still open, ended since `interviewsSince` or started since `repeatsSince`, in
 * order of start, each with its return interview (if it ended since `interviewsSince`), whether it
 * waits for an interview and whether it started since `repeatsSince`.
 */
export async function episodeWork(db: Db, filter: WorkFilter, since: { readonly interviewsSince: string; readonly repeatsSince: string }) {
  const { interviewsSince, repeatsSince } = since;
  // Ended within the window with nothing recorded yet, or accepted and not yet held: declined and
  // not-offered interviews are done with.
  const awaitingInterview = (eb: ExpressionBuilder<EpisodeWorkTables, 'e' | 'r'>) =>
    eb.and([
      eb('e.endAt', '>=', interviewsSince),
      eb.or([eb('r.id', 'is', null), eb.and([eb('r.response', '=', 'ACCEPTED'), eb('r.completedAt', 'is', null)])]),
    ]);
  return (
    db
      .selectFrom('missingEpisode as e')
      .innerJoin('child as c', 'c.id', 'e.childId')
      .innerJoin('localAuthority as h', 'h.code', 'e.hostAuthorityCode')
      // The interview matters only for an episode that ended within the window.
      .leftJoin('returnInterview as r', (join) => join.onRef('r.episodeId', '=', 'e.id').on('e.endAt', '>=', interviewsSince))
      .select((eb) => [
        ...EPISODE_COLUMNS,
        'e.endAt',
        'r.id as interviewId',
        'r.response',
        'r.completedAt',
        awaitingInterview(eb).as('awaitingInterview'),
        eb('e.startAt', '>=', repeatsSince).as('startedInRepeatWindow'),
      ])
      .where(episodesInScope(db, filter))
      .where((eb) => eb.or([eb('e.endAt', 'is', null), eb('e.endAt', '>=', interviewsSince), eb('e.startAt', '>=', repeatsSince)]))
      .orderBy('e.startAt')
      .orderBy('e.id')
      .execute()
  );
}

export type TraffickingWorkRow = Awaited<ReturnType<typeof traffickingWork>>[number];

/**
 * Trafficking concerns in scope with no NRM referral or a referral awaiting a decision, each with its
 * status as at `today` and whether the child is looked after now.
 */
export async function traffickingWork(db: Db, filter: Exclude<WorkFilter, { kind: 'police' }>, today: string) {
  // The concerns in scope, found first by an index (`= any(array(…))`): an authority's from the
  // responsible authority kept beside each concern (migration 0013), an advocate's by the allocated
  // children. Written so that, even without table statistics (PGlite never gathers them), the
  // planner cannot choose to read every concern in the country, checking row-level security on each.
  const concernsInScope =
    filter.kind === 'authority'
      ? db.selectFrom('traffickingConcernAuthority as a').select('a.concernId').where('a.responsibleAuthorityCode', '=', filter.authorityCode)
      : db.selectFrom('traffickingConcern as k').select('k.id').where('k.childId', 'in', allocatedTo(db, filter.advocateId));
  return db
    .selectFrom('traffickingConcern as t')
    .innerJoin('child as c', 'c.id', 't.childId')
    .leftJoin('nrmReferral as n', 'n.concernId', 't.id')
    .select((eb) => [
      't.id as concernId',
      'c.id as childId',
      'c.givenNames',
      'c.familyName',
      't.raisedOn',
      'n.id as referralId',
      'n.referredOn',
      'n.reasonableGroundsDecision',
      'n.reasonableGroundsDecidedOn',
      // The status as at today, as the domain reads dated history: the latest entry, the last recorded on a tie.
      eb
        .selectFrom('traffickingStatus as s')
        .select('s.status')
        .whereRef('s.concernId', '=', 't.id')
        .where('s.effectiveFrom', '<=', today)
        .orderBy('s.effectiveFrom', 'desc')
        .orderBy('s.createdAt', 'desc')
        .limit(1)
        .as('status'),
      // Looked after now: worked out for the few rows the query returns. As a filter in the query, the
      // planner would check it for every child of the authority before finding their concerns.
      eb
        .selectFrom('carePeriod as p')
        .select(sql<boolean>`bool_or(p.end_date is null)`.as('lookedAfter'))
        .whereRef('p.childId', '=', 'c.id')
        .as('lookedAfter'),
    ])
    .where('t.id', '=', sql<string>`any(array(${concernsInScope}))`)
    .where((eb) =>
      eb.or([
        eb('n.id', 'is', null),
        eb('n.reasonableGroundsDecision', '=', 'PENDING'),
        eb.and([eb('n.reasonableGroundsDecision', '=', 'POSITIVE'), eb('n.conclusiveGroundsDecision', '=', 'PENDING')]),
      ]),
    )
    .execute();
}
