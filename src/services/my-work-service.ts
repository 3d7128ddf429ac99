import { sql } from 'kysely';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { MissingType, NrmDecision, PoliceRiskLevel, TraffickingStatus } from '../domain/codes.ts';
import { addHours, ukDateOf } from '../domain/dates.ts';
import { ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { returnInterviewDueBy, returnInterviewState } from '../domain/return-interview.ts';
import { listableAuthority, rowScope } from './access.ts';
import type { Actor } from './actor.ts';
import type { ServiceDeps } from './deps.ts';
import type { ServiceError } from './errors.ts';

// "My work": what needs doing now for the signed-in person's children. Each section is one indexed
// query under row-level security (migration 0011 adds the indexes), and the page view is audited once.

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
  readonly givenNames: string;
  readonly familyName: string;
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
}

type Db = Kysely<Database>;

const EMPTY: Omit<MyWork, 'scope' | 'authorityName' | 'canRecord'> = { missingNow: [], interviewsToDo: [], repeatMissing: [], concernsWithoutReferral: [], pendingNrmDecisions: [] };

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
      if (scope === 'none') return ok({ scope, authorityName: null, canRecord: false, ...EMPTY });
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const authorityName =
          authority === null ? null : ((await trx.selectFrom('localAuthority').select('name').where('code', '=', authority).executeTakeFirst())?.name ?? null);
        const missingNow = await missingNowFor(trx, actor, scope);
        // Police see what helps find a missing child: no interviews, no trafficking details.
        const work: MyWork =
          scope === 'police'
            ? { scope, authorityName, canRecord: false, ...EMPTY, missingNow }
            : {
                scope,
                authorityName,
                canRecord: scope === 'authority',
                missingNow,
                interviewsToDo: await interviewsFor(trx, actor, scope, now),
                repeatMissing: await repeatMissingFor(trx, actor, scope, now),
                ...(await traffickingWorkFor(trx, actor, scope, now)),
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
          eb('e.hostAuthorityCode', 'in', trx.selectFrom('policeForceArea as f').select('f.localAuthorityCode').where('f.organisationCode', '=', actor.organisationCode)),
        ]);
    }
  };
}

function allocatedTo(trx: Db, actor: Actor) {
  return trx
    .selectFrom('advocateAllocation as a')
    .select('a.childId')
    .where('a.advocateId', '=', actor.id)
    .where('a.endedOn', 'is', null);
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

async function interviewsFor(trx: Db, actor: Actor, scope: 'authority' | 'advocate', now: string): Promise<InterviewToDo[]> {
  const rows = await trx
    .selectFrom('missingEpisode as e')
    .innerJoin('child as c', 'c.id', 'e.childId')
    .leftJoin('returnInterview as r', 'r.episodeId', 'e.id')
    .select(['e.id as episodeId', 'e.childId', 'c.givenNames', 'c.familyName', 'e.endAt', 'r.response', 'r.completedAt'])
    .where(episodesInScope(trx, actor, scope))
    .where('e.endAt', 'is not', null)
    .where('e.endAt', '>=', addHours(now, -24 * INTERVIEW_WINDOW_DAYS))
    // Nothing recorded yet, or accepted and not yet held: declined and not-offered interviews are done with.
    .where((eb) => eb.or([eb('r.id', 'is', null), eb.and([eb('r.response', '=', 'ACCEPTED'), eb('r.completedAt', 'is', null)])]))
    .orderBy('e.endAt')
    .execute();
  const items: InterviewToDo[] = [];
  for (const { endAt, response, completedAt, ...row } of rows) {
    if (endAt === null) continue;
    const state = returnInterviewState({ endAt }, response === null ? null : { response, completedAt }, now);
    const dueBy = returnInterviewDueBy({ endAt });
    if ((state === 'DUE' || state === 'OVERDUE') && dueBy !== null) items.push({ ...row, endAt, dueBy, state, accepted: response === 'ACCEPTED' });
  }
  return items;
}

async function repeatMissingFor(trx: Db, actor: Actor, scope: 'authority' | 'advocate', now: string): Promise<RepeatMissing[]> {
  const rows = await trx
    .selectFrom('missingEpisode as e')
    .innerJoin('child as c', 'c.id', 'e.childId')
    .select((eb) => [
      'e.childId',
      'c.givenNames',
      'c.familyName',
      eb.fn.countAll<number>().as('episodes'),
      eb.fn.max('e.startAt').as('latestStartAt'),
      sql<boolean>`bool_or(${eb.ref('e.endAt')} is null)`.as('isMissing'),
    ])
    .where(episodesInScope(trx, actor, scope))
    .where('e.startAt', '>=', addHours(now, -24 * REPEAT_WINDOW_DAYS))
    .groupBy(['e.childId', 'c.givenNames', 'c.familyName'])
    .having((eb) => eb.fn.countAll(), '>=', REPEAT_THRESHOLD)
    .execute();
  return rows;
}

/** Trafficking concerns with no NRM referral, and referrals awaiting a decision, of children looked after now. */
async function traffickingWorkFor(
  trx: Db,
  actor: Actor,
  scope: 'authority' | 'advocate',
  now: string,
): Promise<Pick<MyWork, 'concernsWithoutReferral' | 'pendingNrmDecisions'>> {
  const today = ukDateOf(now);
  const rows = await trx
    .selectFrom('child as c')
    // The authority's children first, then each one's open concerns by the index on child_id. Written
    // as a lateral join with `offset 0`, which PostgreSQL does not flatten, so that without table
    // statistics (PGlite never gathers them) the planner cannot choose to read every concern in the
    // country instead, checking row-level security on each.
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('traffickingConcern as t')
          .leftJoin('nrmReferral as n', 'n.concernId', 't.id')
          .select(['t.id as concernId', 't.raisedOn', 'n.id as referralId', 'n.referredOn', 'n.reasonableGroundsDecision', 'n.reasonableGroundsDecidedOn'])
          .whereRef('t.childId', '=', 'c.id')
          .where((inner) =>
            inner.or([
              inner('n.id', 'is', null),
              inner('n.reasonableGroundsDecision', '=', 'PENDING'),
              inner.and([inner('n.reasonableGroundsDecision', '=', 'POSITIVE'), inner('n.conclusiveGroundsDecision', '=', 'PENDING')]),
            ]),
          )
          .offset(0)
          .as('t'),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      't.concernId',
      'c.id as childId',
      'c.givenNames',
      'c.familyName',
      't.raisedOn',
      't.referralId',
      't.referredOn',
      't.reasonableGroundsDecision',
      't.reasonableGroundsDecidedOn',
      // The status as at today, as the domain reads dated history: the latest entry, the last recorded on a tie.
      eb
        .selectFrom('traffickingStatus as s')
        .select('s.status')
        .whereRef('s.concernId', '=', 't.concernId')
        .where('s.effectiveFrom', '<=', today)
        .orderBy('s.effectiveFrom', 'desc')
        .orderBy('s.createdAt', 'desc')
        .limit(1)
        .as('status'),
      // Looked after now: worked out for the few rows the query returns. As a filter in the query, the
      // planner would check it for every child of the authority before finding their concerns.
      eb.selectFrom('carePeriod as p').select(sql<boolean>`bool_or(p.end_date is null)`.as('lookedAfter')).whereRef('p.childId', '=', 'c.id').as('lookedAfter'),
    ])
    .where((eb) => (scope === 'authority' ? eb('c.responsibleAuthorityCode', '=', actor.localAuthorityCode ?? '') : eb('c.id', 'in', allocatedTo(trx, actor))))
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

const awaitedDecision = (reasonableGrounds: NrmDecision | null): PendingNrmDecision['awaiting'] => (reasonableGrounds === 'POSITIVE' ? 'CONCLUSIVE_GROUNDS' : 'REASONABLE_GROUNDS');
