// A reviewer's decision on two records the engine proposed as one child (issue 13 item 5): confirm
// (the two become one person in child_identity_link) or exclude (never proposed again), with a reason
// for an exclusion. Pure: the service loads the links, and saves what this plans.

import { fail, ok } from '../result.ts';
import type { Result } from '../result.ts';

export const MATCH_DECISIONS = ['confirmed', 'excluded'] as const;
export type MatchDecisionKind = (typeof MATCH_DECISIONS)[number];

export const EXCLUDE_REASON_MIN_LENGTH = 10;
export const EXCLUDE_REASON_MAX_LENGTH = 1000;

/** Why two records are not one child, trimmed; or the message for the reason field. */
export function readExcludeReason(text: string): Result<string, string> {
  const reason = text.trim();
  if (reason.length < EXCLUDE_REASON_MIN_LENGTH) {
    return fail(`Enter why these are not the same child, in at least ${EXCLUDE_REASON_MIN_LENGTH} characters (for example, a different photograph or parents)`);
  }
  if (reason.length > EXCLUDE_REASON_MAX_LENGTH) return fail(`The reason must be ${EXCLUDE_REASON_MAX_LENGTH} characters or fewer`);
  return ok(reason);
}

export interface LinkPlan {
  /** The person both records now belong to. */
  readonly personId: string;
  /** Records that need a link row (those not already linked to personId). */
  readonly newLinks: readonly string[];
  /** Other persons whose records join personId: two people already linked, found to be one. */
  readonly mergedPersons: readonly string[];
}

/**
 * How confirming that two records are one child changes the links: a record already linked keeps its
 * person (the first record's, if both are), so that a person id counted before goes on being counted.
 */
export function planLink(childId: string, otherChildId: string, personOf: ReadonlyMap<string, string>, newPersonId: string): LinkPlan {
  const mine = personOf.get(childId);
  const theirs = personOf.get(otherChildId);
  const personId = mine ?? theirs ?? newPersonId;
  return {
    personId,
    newLinks: [childId, otherChildId].filter((id) => personOf.get(id) === undefined),
    mergedPersons: mine !== undefined && theirs !== undefined && mine !== theirs ? [theirs] : [],
  };
}

/** Whether two records are already one person. */
export const alreadyLinked = (childId: string, otherChildId: string, personOf: ReadonlyMap<string, string>): boolean =>
  personOf.get(childId) !== undefined && personOf.get(childId) === personOf.get(otherChildId);
