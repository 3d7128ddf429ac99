import type { RowScope } from '../db/scope.ts';
import type { Actor, Role } from './actor.ts';

// The access rules the services enforce. Sign-in and the full matrix of organisations
// (host authorities, guardians, police, the national unit) build on these; see docs/access.md.

const RECORD_READERS: readonly Role[] = ['social_worker', 'team_manager', 'data_officer'];
const RECORD_WRITERS: readonly Role[] = ['social_worker', 'team_manager', 'data_officer'];

/** An authority sees in full, and changes, the records of the children it is responsible for. */
export function canReadRecord(actor: Actor, responsibleAuthorityCode: string): boolean {
  return RECORD_READERS.includes(actor.role) && actor.localAuthorityCode === responsibleAuthorityCode;
}

export function canWriteRecord(actor: Actor, responsibleAuthorityCode: string): boolean {
  return RECORD_WRITERS.includes(actor.role) && actor.localAuthorityCode === responsibleAuthorityCode;
}

/** The authority whose children an actor may list, or null for none. */
export function listableAuthority(actor: Actor): string | null {
  return RECORD_READERS.includes(actor.role) ? actor.localAuthorityCode : null;
}

/** The responsible authority's managers and data officers see who has seen a child's record. */
export function canSeeRecordAccess(actor: Actor, responsibleAuthorityCode: string): boolean {
  return (actor.role === 'team_manager' || actor.role === 'data_officer') && actor.localAuthorityCode === responsibleAuthorityCode;
}

/** Whose audit events an administrator may search: their own organisation's, or all for a system administrator. */
export function auditSearchScope(actor: Actor): { readonly organisationCode: string | null } | null {
  if (actor.role === 'system_administrator') return { organisationCode: null };
  if (actor.role === 'organisation_administrator') return { organisationCode: actor.organisationCode };
  return null;
}

/** What the database's row-level security lets the actor's transactions see: the second wall. */
export function rowScope(actor: Actor): RowScope {
  return { authorityCode: RECORD_READERS.includes(actor.role) ? actor.localAuthorityCode : null };
}
