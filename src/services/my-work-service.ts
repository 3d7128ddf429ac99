import { sql } from 'kysely';
import type { ExpressionBuilder, Kysely, Nullable } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { MissingType, NrmDecision, PoliceRiskLevel, TraffickingStatus } from '../domain/codes.ts';
import { addHours, ukDateOf } from '../domain/dates.ts';
import { ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { returnInterviewDueBy, returnInterviewState } from '../domain/return-interview.ts';
import { reviewItems } from '../db/repositories/break-glass-repository.ts';
import type { BreakGlassReviewItem } from '../domain/break-glass.ts';
import { breakGlassReviewAuthority, listableAuthority, rowScope } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import type { ServiceError } from './errors.ts';

// "My work": what needs doing now for the signed-in person's children. Two indexed queries under
// row-level security make the five sections: one read of the episodes (migration 0011 adds the
// indexes) and one of the trafficking concerns. The page view is audited once.

/** Children with this many episodes starting within REPEAT_WINDOW_DAYS are listed as going missing repeatedly. */
export const REPEAT_THRESHOLD = 3;
export const REPEAT_WINDOW_DAYS = 30;
/**
 * Return home interviews still to do, for children who came back within this many days: a month
 * after the return an interview is long overdue, and the gap is a data-quality finding instead.
 */
export const INTERVIEW_WINDOW_DAYS = 30;

/**
 * Whose children the person works with: their responsible authority's (local authority staff),
 * those allocated to them (advocates), those missing from placements in their force area (police),
 * or none (national analysts and administrators, who have pages of their own).
 */
export type MyWorkScope = 'authority' | 'advocate' | 'police' | 'none';

export interface ChildRef {
  readonly childId: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
}

export interface MissingNow extends ChildRef {
  readonly episodeId: string;
  readonly type: MissingType;
  readonly startAt: string;
  readonly reportedToPoliceAt: string | null;
  readonly policeReference: string | null;
  readonly policeRiskLevel: PoliceRiskLevel | null;
  /** Placed outside the responsible authority's area when they went missing. */
  readonly outOfArea: boolean;
  readonly hostAuthorityName: string;
  readonly hostAuthorityToldAt: string | null;
}

export interface InterviewToDo extends ChildRef {
  readonly episodeId: string;
  readonly endAt: string;
  readonly dueBy: string;
  readonly state: 'DUE' | 'OVERDUE';
  /** Accepted but not yet held, or nothing recorded yet. */
  readonly accepted: boolean;
}

export interface RepeatMissing extends ChildRef {
  readonly episodes: number;
  readonly latestStartAt: string;
  readonly isMissing: boolean;
}

export interface ConcernWithoutReferral extends ChildRef {
  readonly concernId: string;
  readonly raisedOn: string;
  readonly status: TraffickingStatus | null;
}

export interface PendingNrmDecision extends ChildRef {
  readonly concernId: string;
  readonly referralId: string;
  readonly referredOn: string;
  readonly awaiting: 'REASONABLE_GROUNDS' | 'CONCLUSIVE_GROUNDS';
  /** The day the wait for the awaited decision began: the referral, or the positive reasonable-grounds decision. */
  readonly waitingSince: string;
}

export interface MyWork {
  readonly scope: MyWorkScope;
  /** The authority's name, for local authority staff. */
  readonly authorityName: string | null;
  /** Whether the person may record returns and interviews for these children. */
  readonly canRecord: boolean;
  readonly missingNow: readonly MissingNow[];
  readonly interviewsToDo: readonly InterviewToDo[];
  readonly repeatMissing: readonly RepeatMissing[];
  readonly concernsWithoutReferral: readonly ConcernWithoutReferral[];
  readonly pendingNrmDecisions: readonly PendingNrmDecision[];
  /**
   * For the responsible authority's team managers, records opened with break-glass not yet reviewed,
   * oldest first: they are told at once, here, that someone outside their access opened one. Null for
   * everyone else.
   */
  readonly breakGlassToReview: readonly BreakGlassReviewItem[] | null;
}

type Db = Kysely<Database>;
/** The episodes with their return interviews (left-joined), as episodeWorkFor reads them. */
type EpisodeWorkTables = Database & { e: Database['missingEpisode']; r: Nullable<Database['returnInterview']> };

const EMPTY: Omit<MyWork, 'scope' | 'authorityName' | 'canRecord' | 'breakGlassToReview'> = {
  missingNow: [],
  interviewsToDo: [],
  repeatMissing: [],
  concernsWithoutReferral: [],
  pendingNrmDecisions: [],
};

/** Which children the actor's My work covers (docs/access.md). */
export function myWorkScopeOf(actor: Actor): MyWorkScope {
  if (listableAuthority(actor) !== null) return 'authority';
  if (actor.role === 'advocate') return 'advocate';
  if (actor.role === 'police_coordinator') return 'police';
  return 'none';
}

export function createMyWorkService(deps: ServiceDeps) {
  const { db } = deps;

  return {
    async myWork(actor: Actor): Promise<Result<MyWork, ServiceError>> {
      const scope = myWorkScopeOf(actor);
      const authority = listableAuthority(actor);
      if (scope === 'none') return ok({ scope, authorityName: null, canRecord: false, ...EMPTY, breakGlassToReview: null });
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        // The page's statements differ only by the actor and the clock, and their plans are the same
        // for any of them (each starts from an index on the authority or the allocations). Planning
        // them afresh on every view, with row-level security's subqueries, cost more than running them.
        await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
        const authorityName =
          authority === null ? null : ((await trx.selectFrom('localAuthority').select('name').where('code', '=', authority).executeTakeFirst())?.name ?? null);
        // Police see what helps find a missing child: no interviews, no trafficking details.
        const reviews = breakGlassReviewAuthority(actor);
        const breakGlassToReview =
          reviews === null
            ? null
            : await reviewItems(trx, reviews).where('breakGlassAccess.reviewedAt', 'is', null).orderBy('breakGlassAccess.openedAt').execute();
        const work: MyWork =
          scope === 'police'
            ? { scope, authorityName, canRecord: false, ...EMPTY, missingNow: await missingNowFor(trx, actor, scope), breakGlassToReview }
            : {
                scope,
                authorityName,
                canRecord: scope === 'authority',
                ...(await episodeWorkFor(trx, actor, scope, now)),
                ...(await traffickingWorkFor(trx, actor, scope, now)),
                breakGlassToReview,
              };
        // One event per page view, with counts but nothing that identifies a child.
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: 'myWork',
          details: {
            scope,
            counts: {
              missingNow: work.missingNow.length,
              interviewsToDo: work.interviewsToDo.length,
              repeatMissing: work.repeatMissing.length,
              concernsWithoutReferral: work.concernsWithoutReferral.length,
              pendingNrmDecisions: work.pendingNrmDecisions.length,
              ...(breakGlassToReview === null ? {} : { breakGlassToReview: breakGlassToReview.length }),
            },
          },
        });
        return ok(work);
      });
    },
  };
}

export type MyWorkService = ReturnType<typeof createMyWorkService>;

/** Episodes of the children in the actor's scope (row-level security holds the same line underneath). */
function episodesInScope(trx: Db, actor: Actor, scope: Exclude<MyWorkScope, 'none'>) {
  return (eb: ExpressionBuilder<Database & { e: Database['missingEpisode'] }, 'e'>) => {
    switch (scope) {
      case 'authority':
        return eb('e.responsibleAuthorityCode', '=', actor.localAuthorityCode ?? '');
      case 'advocate':
        return eb('e.childId', 'in', allocatedTo(trx, actor));
      case 'police':
        // Missing now from a placement in the force's area (the episode's host authority). Row-level
        // security also requires the current placement to be there; for an open episode they are the same.
        return eb.and([
          eb('e.endAt', 'is', null),
          eb(
            'e.hostAuthorityCode',
            'in',
            trx.selectFrom('policeForceArea as f').select('f.localAuthorityCode').where('f.organisationCode', '=', actor.organisationCode),
          ),
        ]);
    }
  };
}

function allocatedTo(trx: Db, actor: Actor) {
  return trx.selectFrom('advocateAllocation as a').select('a.childId').where('a.advocateId', '=', actor.id).where('a.endedOn', 'is', null);
}

async function missingNowFor(trx: Db, actor: Actor, scope: Exclude<MyWorkScope, 'none'>): Promise<MissingNow[]> {
  const rows = await trx
    .selectFrom('missingEpisode as e')
    .innerJoin('child as c', 'c.id', 'e.childId')
    .innerJoin('localAuthority as h', 'h.code', 'e.hostAuthorityCode')
    .select([
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
    ])
    .where('e.endAt', 'is', null)
    .where(episodesInScope(trx, actor, scope))
    .orderBy('e.startAt')
    .execute();
  return rows.map(({ responsibleAuthorityCode, hostAuthorityCode, ...row }) => ({ ...row, outOfArea: responsibleAuthorityCode !== hostAuthorityCode }));
}

/**
 * Missing now, return home interviews to do and children going missing repeatedly, from one read of
 * the episodes in scope: those still open, ended within the interview window or started within the
 * repeat window. Each row says whether it waits for an interview and whether it started within the
 * repeat window; the three lists are made from the rows here.
 */
async function episodeWorkFor(
  trx: Db,
  actor: Actor,
  scope: 'authority' | 'advocate',
  now: string,
): Promise<Pick<MyWork, 'missingNow' | 'interviewsToDo' | 'repeatMissing'>> {
  const interviewsSince = addHours(now, -24 * INTERVIEW_WINDOW_DAYS);
  const repeatsSince = addHours(now, -24 * REPEAT_WINDOW_DAYS);
  // Ended within the window with nothing recorded yet, or accepted and not yet held: declined and
  // not-offered interviews are done with.
  const awaitingInterview = (eb: ExpressionBuilder<EpisodeWorkTables, 'e' | 'r'>) =>
    eb.and([
      eb('e.endAt', '>=', interviewsSince),
      eb.or([eb('r.id', 'is', null), eb.and([eb('r.response', '=', 'ACCEPTED'), eb('r.completedAt', 'is', null)])]),
    ]);
  const rows = await trx
    .selectFrom('missingEpisode as e')
    .innerJoin('child as c', 'c.id', 'e.childId')
    .innerJoin('localAuthority as h', 'h.code', 'e.hostAuthorityCode')
    // The interview matters only for an episode that ended within the window.
    .leftJoin('returnInterview as r', (join) => join.onRef('r.episodeId', '=', 'e.id').on('e.endAt', '>=', interviewsSince))
    .select((eb) => [
      'e.id as episodeId',
      'e.childId',
      'c.givenNames',
      'c.familyName',
      'e.type',
      'e.startAt',
      'e.endAt',
      'e.reportedToPoliceAt',
      'e.policeReference',
      'e.policeRiskLevel',
      'e.responsibleAuthorityCode',
      'e.hostAuthorityCode',
      'h.name as hostAuthorityName',
      'e.hostAuthorityToldAt',
      'r.id as interviewId',
      'r.response',
      'r.completedAt',
      awaitingInterview(eb).as('awaitingInterview'),
      eb('e.startAt', '>=', repeatsSince).as('startedInRepeatWindow'),
    ])
    .where(episodesInScope(trx, actor, scope))
    .where((eb) => eb.or([eb('e.endAt', 'is', null), eb('e.endAt', '>=', interviewsSince), eb('e.startAt', '>=', repeatsSince)]))
    .orderBy('e.startAt')
    .orderBy('e.id')
    .execute();

  const missingNow: MissingNow[] = [];
  const interviewsToDo: InterviewToDo[] = [];
  const repeats = new Map<string, RepeatMissing>();
  for (const row of rows) {
    const child = { childId: row.childId, givenNames: row.givenNames, familyName: row.familyName };
    if (row.endAt === null) {
      missingNow.push({
        ...child,
        episodeId: row.episodeId,
        type: row.type,
        startAt: row.startAt,
        reportedToPoliceAt: row.reportedToPoliceAt,
        policeReference: row.policeReference,
        policeRiskLevel: row.policeRiskLevel,
        outOfArea: row.responsibleAuthorityCode !== row.hostAuthorityCode,
        hostAuthorityName: row.hostAuthorityName,
        hostAuthorityToldAt: row.hostAuthorityToldAt,
      });
    }
    const interview = row.interviewId === null || row.response === null ? null : { response: row.response, completedAt: row.completedAt };
    if (row.endAt !== null && row.awaitingInterview === true) {
      const state = returnInterviewState({ endAt: row.endAt }, interview, now);
      const dueBy = returnInterviewDueBy({ endAt: row.endAt });
      if ((state === 'DUE' || state === 'OVERDUE') && dueBy !== null) {
        interviewsToDo.push({ ...child, episodeId: row.episodeId, endAt: row.endAt, dueBy, state, accepted: interview?.response === 'ACCEPTED' });
      }
    }
    if (row.startedInRepeatWindow === true) {
      const seen = repeats.get(row.childId);
      // Rows come in order of start, so the last one seen is the latest.
      repeats.set(row.childId, {
        ...child,
        episodes: (seen?.episodes ?? 0) + 1,
        latestStartAt: row.startAt,
        isMissing: (seen?.isMissing ?? false) || row.endAt === null,
      });
    }
  }
  interviewsToDo.sort((a, b) => a.endAt.localeCompare(b.endAt) || a.episodeId.localeCompare(b.episodeId));
  return { missingNow, interviewsToDo, repeatMissing: [...repeats.values()].filter((child) => child.episodes >= REPEAT_THRESHOLD) };
}

/** Trafficking concerns with no NRM referral, and referrals awaiting a decision, of children looked after now. */
async function traffickingWorkFor(
  trx: Db,
  actor: Actor,
  scope: 'authority' | 'advocate',
  now: string,
): Promise<Pick<MyWork, 'concernsWithoutReferral' | 'pendingNrmDecisions'>> {
  const today = ukDateOf(now);
  // The concerns in scope, found first by an index (`= any(array(…))`): an authority's from the
  // responsible authority kept beside each concern (migration 0013), an advocate's by the allocated
  // children. Written so that, even without table statistics (PGlite never gathers them), the
  // planner cannot choose to read every concern in the country, checking row-level security on each.
  const concernsInScope =
    scope === 'authority'
      ? trx
          .selectFrom('traffickingConcernAuthority as a')
          .select('a.concernId')
          .where('a.responsibleAuthorityCode', '=', actor.localAuthorityCode ?? '')
      : trx.selectFrom('traffickingConcern as k').select('k.id').where('k.childId', 'in', allocatedTo(trx, actor));
  const rows = await trx
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

  const concernsWithoutReferral: ConcernWithoutReferral[] = [];
  const pendingNrmDecisions: PendingNrmDecision[] = [];
  for (const row of rows) {
    if (row.lookedAfter !== true) continue;
    const child = { childId: row.childId, givenNames: row.givenNames, familyName: row.familyName };
    if (row.referralId === null || row.referredOn === null) {
      // A concern concluded as not trafficking needs no referral.
      if (row.status !== 'NOT_TRAFFICKED') concernsWithoutReferral.push({ ...child, concernId: row.concernId, raisedOn: row.raisedOn, status: row.status });
      continue;
    }
    const awaiting = awaitedDecision(row.reasonableGroundsDecision);
    pendingNrmDecisions.push({
      ...child,
      concernId: row.concernId,
      referralId: row.referralId,
      referredOn: row.referredOn,
      awaiting,
      waitingSince: awaiting === 'CONCLUSIVE_GROUNDS' ? (row.reasonableGroundsDecidedOn ?? row.referredOn) : row.referredOn,
    });
  }
  return { concernsWithoutReferral, pendingNrmDecisions };
}

const awaitedDecision = (reasonableGrounds: NrmDecision | null): PendingNrmDecision['awaiting'] =>
  reasonableGrounds === 'POSITIVE' ? 'CONCLUSIVE_GROUNDS' : 'REASONABLE_GROUNDS';
