import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// Break-glass: a person opens a record outside their access, giving a reason, for a few hours; the
// responsible authority's team managers review every opening. It is for emergencies, so one person may
// break the glass only a few times a day: past that, an attacker with one stolen account cannot read
// record after record, and someone who needs more has a standing need to take up with the authority.

/** How long an opening lasts. */
export const BREAK_GLASS_HOURS = 4;

/** Openings one person may make in any 24 hours, unless the deployment says otherwise. */
export const BREAK_GLASS_PER_DAY = 3;

const DAY_MS = 24 * 3_600_000;

export interface BreakGlassOpening {
  readonly id: string;
  readonly childId: string;
  readonly actorId: string;
  readonly organisationCode: string;
  readonly role: string;
  readonly reason: string;
  readonly openedAt: string;
  readonly expiresAt: string;
}

/** A break-glass opening as the team managers' review pages and My work show it. */
export interface BreakGlassReviewItem extends BreakGlassOpening {
  readonly childGivenNames: string | null;
  readonly childFamilyName: string | null;
  /** The name of the person who opened the record, when they have an account (not an API client). */
  readonly openedByName: string | null;
  readonly organisationName: string | null;
  readonly reviewedAt: string | null;
  readonly reviewedByName: string | null;
  readonly reviewNote: string | null;
}

/** The start of the 24 hours whose openings count against the limit at `now`. */
export const breakGlassWindowStart = (now: string): string => new Date(Date.parse(now) - DAY_MS).toISOString();

/** When an opening made at `now` ends. */
export const breakGlassExpiry = (now: string): string => new Date(Date.parse(now) + BREAK_GLASS_HOURS * 3_600_000).toISOString();

/**
 * Whether a person who has opened records at `openedAt` (those within the last 24 hours) may open
 * another now, or when they next may: 24 hours after the oldest opening that counts.
 */
export function breakGlassAllowance(
  openedAt: readonly string[],
  now: string,
  perDay: number,
): Result<null, { readonly perDay: number; readonly nextAt: string }> {
  const since = Date.parse(breakGlassWindowStart(now));
  const counted = openedAt
    .map((instant) => Date.parse(instant))
    .filter((instant) => instant > since)
    .sort((a, b) => a - b);
  if (counted.length < perDay) return ok(null);
  // The oldest openings drop out first; the one that brings the count below the limit decides.
  const freeing = counted[counted.length - perDay] ?? since;
  return fail({ perDay, nextAt: new Date(freeing + DAY_MS).toISOString() });
}
