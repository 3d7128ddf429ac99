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
