import { inScope } from '../db/scope.ts';
import { reviewItemsAwaiting } from '../db/repositories/break-glass-repository.ts';
import { currentOwners, viewerOf } from '../db/repositories/caseload-repository.ts';
import { localAuthorityNames } from '../db/repositories/local-authority-repository.ts';
import { episodeWork, openEpisodes, traffickingWork, useGenericPlans } from '../db/repositories/my-work-repository.ts';
import type { EpisodeWorkRow, TraffickingWorkRow, WorkFilter } from '../db/repositories/my-work-repository.ts';
import type { MissingType, NrmDecision, PoliceRiskLevel, TraffickingStatus } from '../domain/codes.ts';
import { addHours, ukDateOf } from '../domain/dates.ts';
import { ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { returnInterviewDueBy, returnInterviewState } from '../domain/return-interview.ts';
import type { BreakGlassReviewItem } from '../domain/break-glass.ts';
import { tierOf, tierRank } from '../domain/caseload.ts';
import type { CaseloadTier, CaseOwner } from '../domain/caseload.ts';
import { breakGlassReviewAuthority, listableAuthority, rowScope } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ServiceDeps } from './deps.ts';
import type { ServiceError } from './errors.ts';

// "My work": what needs doing now for the signed-in person's children. Two indexed queries under
// row-level security make the five sections (src/db/repositories/my-work-repository.ts): one read of
// the episodes and one of the trafficking concerns. The page view is audited once.

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
  /**
   * For the responsible authority's staff: who holds the child (null when nobody is allocated), and
   * whose the child is to the person looking (src/domain/caseload.ts).
   */
  readonly caseload?: { readonly tier: CaseloadTier; readonly owner: CaseOwner | null };
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

interface InterviewToDo extends ChildRef {
  readonly episodeId: string;
  readonly endAt: string;
  readonly dueBy: string;
  readonly state: 'DUE' | 'OVERDUE';
  /** Accepted but not yet held, or nothing recorded yet. */
  readonly accepted: boolean;
}

interface RepeatMissing extends ChildRef {
  readonly episodes: number;
  readonly latestStartAt: string;
  readonly isMissing: boolean;
}

interface ConcernWithoutReferral extends ChildRef {
  readonly concernId: string;
  readonly raisedOn: string;
  readonly status: TraffickingStatus | null;
}

interface PendingNrmDecision extends ChildRef {
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

/** The children of an authority's staff or of an advocate. */
type ChildrenOf = Exclude<WorkFilter, { kind: 'police' }>;

const EMPTY: Omit<MyWork, 'scope' | 'authorityName' | 'canRecord' | 'breakGlassToReview'> = {
  missingNow: [],
  interviewsToDo: [],
  repeatMissing: [],
  concernsWithoutReferral: [],
  pendingNrmDecisions: [],
};

/** Which children the actor's My work covers (docs/access.md). */
function myWorkScopeOf(actor: Actor): MyWorkScope {
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
        await useGenericPlans(trx);
        const authorityName = authority === null ? null : ((await localAuthorityNames(trx, [authority]))[authority] ?? null);
        // Police see what helps find a missing child: no interviews, no trafficking details.
        const reviews = breakGlassReviewAuthority(actor);
        const breakGlassToReview = reviews === null ? null : await reviewItemsAwaiting(trx, reviews);
        const children: ChildrenOf =
          scope === 'authority' ? { kind: 'authority', authorityCode: actor.localAuthorityCode ?? '' } : { kind: 'advocate', advocateId: actor.id };
        const found: MyWork =
          scope === 'police'
            ? {
                scope,
                authorityName,
                canRecord: false,
                ...EMPTY,
                missingNow: missingNowOf(await openEpisodes(trx, { kind: 'police', organisationCode: actor.organisationCode })),
                breakGlassToReview,
              }
            : {
                scope,
                authorityName,
                canRecord: scope === 'authority',
                ...episodeWorkOf(
                  await episodeWork(trx, children, {
                    interviewsSince: addHours(now, -24 * INTERVIEW_WINDOW_DAYS),
                    repeatsSince: addHours(now, -24 * REPEAT_WINDOW_DAYS),
                  }),
                  now,
                ),
                ...traffickingWorkOf(await traffickingWork(trx, children, ukDateOf(now))),
                breakGlassToReview,
              };
        // The authority's staff see who holds each child, their own children first (issue 12, item 3).
        const work = scope === 'authority' ? await withCaseloads(trx, actor, found) : found;
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

/** Each child's owner and tier, read for the children listed only (two indexed queries). */
async function withCaseloads(trx: Transaction<Database>, actor: Actor, work: MyWork): Promise<MyWork> {
  const listed = [work.missingNow, work.interviewsToDo, work.repeatMissing, work.concernsWithoutReferral, work.pendingNrmDecisions];
  const owners = await currentOwners(
    trx,
    listed.flatMap((rows) => rows.map((row) => row.childId)),
  );
  const viewer = await viewerOf(trx, actor.id);
  // The person's own children first, then their team's, then the authority's; each list's order within (the sort is stable).
  const tag = <T extends ChildRef>(rows: readonly T[]): T[] =>
    rows
      .map((row) => {
        const owner = owners.get(row.childId) ?? null;
        return { ...row, caseload: { tier: tierOf(owner, viewer), owner } };
      })
      .sort((a, b) => tierRank(a.caseload.tier) - tierRank(b.caseload.tier));
  return {
    ...work,
    missingNow: tag(work.missingNow),
    interviewsToDo: tag(work.interviewsToDo),
    repeatMissing: tag(work.repeatMissing),
    concernsWithoutReferral: tag(work.concernsWithoutReferral),
    pendingNrmDecisions: tag(work.pendingNrmDecisions),
  };
}

function missingNowOf(rows: Awaited<ReturnType<typeof openEpisodes>>): MissingNow[] {
  return rows.map(({ responsibleAuthorityCode, hostAuthorityCode, ...row }) => ({ ...row, outOfArea: responsibleAuthorityCode !== hostAuthorityCode }));
}

/**
 * Missing now, return home interviews to do and children going missing repeatedly, from one read of
 * the episodes in scope: those still open, ended within the interview window or started within the
 * repeat window. Each row says whether it waits for an interview and whether it started within the
 * repeat window; the three lists are made from the rows here.
 */
function episodeWorkOf(rows: readonly EpisodeWorkRow[], now: string): Pick<MyWork, 'missingNow' | 'interviewsToDo' | 'repeatMissing'> {
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
function traffickingWorkOf(rows: readonly TraffickingWorkRow[]): Pick<MyWork, 'concernsWithoutReferral' | 'pendingNrmDecisions'> {
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
