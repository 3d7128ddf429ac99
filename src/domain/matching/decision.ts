// A reviewer's decision on two records the engine proposed as one child (issue 13 item 5): confirm
// (the two become one person in child_identity_link) or exclude (never proposed again), with a reason
// for an exclusion; a team manager may undo either, with a reason. Pure: the service loads the links,
// and saves what this plans.

import { fail, ok } from '../result.ts';
import type { Result } from '../result.ts';

export const MATCH_DECISIONS = ['confirmed', 'excluded'] as const;

const EXCLUDE_REASON_MIN_LENGTH = 10;
const EXCLUDE_REASON_MAX_LENGTH = 1000;

/** A reason of sensible length, trimmed; or the message for the reason field (`tooShort` when it is too short). */
function readReason(text: string, tooShort: string): Result<string, string> {
  const reason = text.trim();
  if (reason.length < EXCLUDE_REASON_MIN_LENGTH) return fail(tooShort);
  if (reason.length > EXCLUDE_REASON_MAX_LENGTH) return fail(`The reason must be ${EXCLUDE_REASON_MAX_LENGTH} characters or fewer`);
  return ok(reason);
}

/** Why two records are not one child, trimmed; or the message for the reason field. */
export const readExcludeReason = (text: string): Result<string, string> =>
  readReason(
    text,
    `Enter why these are not the same child, in at least ${EXCLUDE_REASON_MIN_LENGTH} characters (for example, a different photograph or parents)`,
  );

/** Why a decision is undone, trimmed; or the message for the reason field. */
export const readUndoReason = (text: string): Result<string, string> =>
  readReason(text, `Enter why the decision is being undone, in at least ${EXCLUDE_REASON_MIN_LENGTH} characters`);

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

export interface UnlinkPlan {
  /** Records that stay with the person: the largest group still joined by confirmed decisions. */
  readonly kept: readonly string[];
  /** Other groups still joined by confirmed decisions, each to become a person of its own. */
  readonly split: readonly (readonly string[])[];
  /** Records left joined to no other: their links are removed. */
  readonly unlinked: readonly string[];
}

/**
 * How undoing a confirmation changes a person's links: the records stay together only as far as the
 * confirmations still standing join them (`confirmed`, the undone one left out). The largest group
 * keeps the person, so that a person counted before goes on being counted; ties go to the group
 * holding the earliest record in `members`.
 */
export function planUnlink(members: readonly string[], confirmed: readonly (readonly [string, string])[]): UnlinkPlan {
  const group = new Map(members.map((member) => [member, member]));
  const root = (member: string): string => {
    let current = member;
    for (let parent = group.get(current); parent !== undefined && parent !== current; parent = group.get(current)) current = parent;
    return current;
  };
  for (const [a, b] of confirmed) {
    if (group.has(a) && group.has(b)) group.set(root(a), root(b));
  }
  const groups = new Map<string, string[]>();
  for (const member of members) {
    const key = root(member);
    groups.set(key, [...(groups.get(key) ?? []), member]);
  }
  const joined = [...groups.values()].filter((records) => records.length > 1).sort((x, y) => y.length - x.length);
  return {
    kept: joined[0] ?? [],
    split: joined.slice(1),
    unlinked: [...groups.values()].filter((records) => records.length === 1).flat(),
  };
}
