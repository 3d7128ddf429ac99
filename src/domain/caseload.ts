import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// Caseloads (issue 12, item 3): the social worker and team a child is allocated to, and how a
// person's work is ordered: their own children first, then their team's, then the rest of the
// authority's. Pure: the service passes in the clock, the ids and what the database holds.

/** Whose a child is, seen from the person looking: in the order My work lists them. */
const CASELOAD_TIERS = ['mine', 'team', 'authority'] as const;
export type CaseloadTier = (typeof CASELOAD_TIERS)[number];

export const REASON_MAX_LENGTH = 1000;

/** A child's allocation to a social worker, a team or both; an ended one is history. */
export interface ChildAllocation {
  readonly id: string;
  readonly childId: string;
  readonly responsibleAuthorityCode: string;
  readonly teamId: string | null;
  readonly socialWorkerId: string | null;
  /** Why it was made (a reassignment's reason); null for a first allocation given none. */
  readonly reason: string | null;
  readonly allocatedAt: string;
  readonly allocatedBy: string;
  readonly endedAt: string | null;
  readonly endedBy: string | null;
}

/** Who holds a child, by name, as the pages show it. */
export interface CaseOwner {
  readonly socialWorker: { readonly id: string; readonly name: string } | null;
  readonly team: { readonly id: string; readonly name: string } | null;
}

/** The person looking: their id, the teams they are in, and everyone in those teams. */
export interface CaseloadViewer {
  readonly id: string;
  readonly teamIds: ReadonlySet<string>;
  readonly teammateIds: ReadonlySet<string>;
}

/**
 * Mine when I am the allocated social worker; my team's when the child is allocated to one of my
 * teams or to someone in one; otherwise (allocated elsewhere, or not at all) the authority's.
 */
export function tierOf(owner: CaseOwner | null, viewer: CaseloadViewer): CaseloadTier {
  if (owner === null) return 'authority';
  const worker = owner.socialWorker?.id ?? null;
  if (worker === viewer.id) return 'mine';
  if ((owner.team !== null && viewer.teamIds.has(owner.team.id)) || (worker !== null && viewer.teammateIds.has(worker))) return 'team';
  return 'authority';
}

/** For sorting: mine before my team's before the authority's. */
export const tierRank = (tier: CaseloadTier | undefined): number => (tier === undefined ? CASELOAD_TIERS.length : CASELOAD_TIERS.indexOf(tier));

/** Why an allocation was refused, for the field it concerns. */
export interface AllocationProblem {
  readonly field: 'teamId' | 'socialWorkerId' | 'reason';
  readonly message: string;
}

/** What a team manager asks for: an allocation not yet made. */
export type AllocationRequest = Omit<ChildAllocation, 'allocatedAt' | 'endedAt' | 'endedBy'>;

/**
 * Allocates a child, or reassigns them: the current allocation (if any) ends as the new one starts,
 * so the history reads without gaps. A reassignment needs a reason; the first allocation may go
 * without. Giving the same social worker and team again changes nothing, and says so.
 */
export function allocate(
  current: ChildAllocation | null,
  request: AllocationRequest,
  now: string,
): Result<{ readonly ended: ChildAllocation | null; readonly allocation: ChildAllocation }, AllocationProblem> {
  if (request.teamId === null && request.socialWorkerId === null) return fail({ field: 'socialWorkerId', message: 'Select a social worker or a team' });
  if (current !== null && current.teamId === request.teamId && current.socialWorkerId === request.socialWorkerId) {
    return fail({ field: 'socialWorkerId', message: 'The child is already allocated to this social worker and team: select someone else' });
  }
  if (request.reason !== null && request.reason.length > REASON_MAX_LENGTH) {
    return fail({ field: 'reason', message: `Reason must be ${REASON_MAX_LENGTH} characters or fewer` });
  }
  if (current !== null && request.reason === null) return fail({ field: 'reason', message: 'Enter why you are reassigning the child' });
  const ended = current === null ? null : { ...current, endedAt: now, endedBy: request.allocatedBy };
  return ok({ ended, allocation: { ...request, allocatedAt: now, endedAt: null, endedBy: null } });
}
