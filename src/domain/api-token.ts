import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// API tokens expire, so that one copied into a script or a leaked configuration file stops working
// by itself: 90 days unless whoever makes it sets otherwise, and never more than a year.

export const TOKEN_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

/** The days a token is to last, checked: a whole number from 1 to a year. */
export function tokenLifetime(days: number | undefined): Result<number, string> {
  if (days === undefined) return ok(TOKEN_DAYS);
  if (!Number.isInteger(days) || days < 1 || days > TOKEN_MAX_DAYS)
    return fail(`Enter the days the token lasts as a whole number from 1 to ${String(TOKEN_MAX_DAYS)}`);
  return ok(days);
}

/** When a token made at `now` to last `days` stops working. */
export const tokenExpiry = (now: string, days: number): string => new Date(Date.parse(now) + days * 86_400_000).toISOString();

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** Whether a token works at `now`: revoked first, since a revoked token never comes back. */
export function tokenStatus(token: { readonly revokedAt: string | null; readonly expiresAt: string }, now: string): TokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  return Date.parse(token.expiresAt) <= Date.parse(now) ? 'expired' : 'active';
}

/** An API token as administrators list it: never the token, nor its hash. */
export interface ApiTokenSummary {
  readonly id: string;
  readonly organisationCode: string;
  readonly role: string;
  readonly description: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  /** The token that replaced this one when it was rotated. */
  readonly replacedBy: string | null;
}
