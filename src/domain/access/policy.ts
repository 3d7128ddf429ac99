import type { ChildRecord } from '../child-record.ts';
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

/** A team manager of a record's responsible authority may undo a decision on whether it and another record are one child. */
export function canUndoMatchDecision(actor: Actor, responsibleAuthorityCode: string): boolean {
  return actor.role === 'team_manager' && canWriteRecord(actor, responsibleAuthorityCode);
}

/** The authority whose children an actor may list, or null for none. */
export function listableAuthority(actor: Actor): string | null {
  return RECORD_READERS.includes(actor.role) ? actor.localAuthorityCode : null;
}

/** The responsible authority's managers and data officers see who has seen a child's record. */
export function canSeeRecordAccess(actor: Actor, responsibleAuthorityCode: string): boolean {
  return (actor.role === 'team_manager' || actor.role === 'data_officer') && actor.localAuthorityCode === responsibleAuthorityCode;
}

/** The organisation whose accounts and API tokens an actor administers: their own, null for every one (a system administrator), or undefined for none. */
export function administeredOrganisation(actor: Actor): string | null | undefined {
  if (actor.role === 'system_administrator') return null;
  if (actor.role === 'organisation_administrator') return actor.organisationCode;
  return undefined;
}

/** Whose audit events an administrator may search: their own organisation's, or all for a system administrator. */
export function auditSearchScope(actor: Actor): { readonly organisationCode: string | null } | null {
  if (actor.role === 'system_administrator') return { organisationCode: null };
  if (actor.role === 'organisation_administrator') return { organisationCode: actor.organisationCode };
  return null;
}

/**
 * Who may search nationally for a child found (issue 13): those who find children (police
 * coordinators), those who take them in (an authority's social workers, team managers and data
 * officers) and the national unit. They see only what recognises a child until a match is confirmed.
 */
const FOUND_CHILD_SEARCHERS: readonly Role[] = ['police_coordinator', 'social_worker', 'team_manager', 'data_officer', 'national_analyst'];

export const canSearchFoundChild = (actor: Actor): boolean => FOUND_CHILD_SEARCHERS.includes(actor.role);

/** Who the transaction acts for, as the database's row-level security reads it (src/db/migrations 0005, 0007). */
export interface RowScope {
  readonly actorId: string;
  readonly organisationCode: string;
  /** The actor's local authority, if their organisation is one. */
  readonly authorityCode: string | null;
  readonly role: string;
  /** The service's clock, so that time-limited access (break-glass) lapses by the same clock as everything else. */
  readonly now: string;
}

/** Who the actor's transactions act for, as the database's row-level security reads it: the second wall. */
export function rowScope(actor: Actor, now: string): RowScope {
  return { actorId: actor.id, organisationCode: actor.organisationCode, authorityCode: actor.localAuthorityCode, role: actor.role, now };
}

/** How much of a child's record an actor sees (docs/access.md). */
export type RecordView = 'full' | 'host' | 'advocate' | 'police' | 'break_glass';

/** What, besides the actor, decides their view of one child. */
export interface ChildRelations {
  readonly responsibleAuthorityCode: string;
  /** Host authority of the current placement when it is out of area, else null. */
  readonly outOfAreaHostCode: string | null;
  readonly isMissing: boolean;
  readonly isAllocatedToActor: boolean;
  readonly isInActorsPoliceArea: boolean;
  readonly hasOpenBreakGlass: boolean;
}

export function recordViewFor(actor: Actor, relations: ChildRelations): RecordView | null {
  if (RECORD_READERS.includes(actor.role) && actor.localAuthorityCode !== null) {
    if (actor.localAuthorityCode === relations.responsibleAuthorityCode) return 'full';
    if (actor.localAuthorityCode === relations.outOfAreaHostCode) return 'host';
  }
  if (actor.role === 'advocate' && relations.isAllocatedToActor) return 'advocate';
  if (actor.role === 'police_coordinator' && relations.isMissing && relations.isInActorsPoliceArea) return 'police';
  if (relations.hasOpenBreakGlass) return 'break_glass';
  return null;
}

/** Roles that may open a record outside their access by giving a reason. */
export const BREAK_GLASS_ROLES: readonly Role[] = ['social_worker', 'team_manager', 'data_officer', 'advocate', 'police_coordinator'];

/** The fewest characters (spaces at either end aside) a break-glass reason may have: the API's schema and the service hold the same. */
export const BREAK_GLASS_REASON_MIN_LENGTH = 10;
export const BREAK_GLASS_REASON_MESSAGE = `Enter the reason you need to open this record, in at least ${BREAK_GLASS_REASON_MIN_LENGTH} characters`;

/**
 * The part of the record a view shows. A host authority sees what a host needs: identity,
 * current placement, missing episodes and interviews; not case history or trafficking details.
 * Police see what is needed to find a missing child.
 */
export function restrictRecord(view: RecordView, record: ChildRecord): ChildRecord {
  if (view === 'full' || view === 'advocate' || view === 'break_glass') return record;
  const currentPlacement = record.carePeriods.filter((period) => period.endDate === null);
  const child = { ...record.child, nrmReference: null, ...(view === 'police' ? { upn: null, homeOfficeReference: null } : {}) };
  return {
    child,
    aliases: record.aliases,
    ageStatuses: view === 'host' ? record.ageStatuses : [],
    // How an age assessment went is case history: the responsible authority's, and the guardian's.
    ageAssessments: [],
    carePeriods: currentPlacement,
    uascPeriods: [],
    nationalTransfers: [],
    traffickingConcerns: [],
    missingEpisodes: view === 'host' ? record.missingEpisodes : record.missingEpisodes.map((episode) => ({ ...episode, returnInterview: null })),
  };
}

/** The authority whose break-glass openings the actor reviews: a team manager's own, or null for none. */
export function breakGlassReviewAuthority(actor: Actor): string | null {
  return actor.role === 'team_manager' ? actor.localAuthorityCode : null;
}

/**
 * Who may refer a child to the guardian service, as whom (issue 15): the responsible authority's
 * staff, and the police coordinators who see the child while missing in their area. Null for anyone else.
 */
export function guardianReferralSource(actor: Actor, view: RecordView | null): 'RESPONSIBLE_AUTHORITY' | 'POLICE' | null {
  if (view === 'full' && RECORD_WRITERS.includes(actor.role)) return 'RESPONSIBLE_AUTHORITY';
  if (view === 'police' && actor.role === 'police_coordinator') return 'POLICE';
  return null;
}

/** The guardian service's people who work its referrals: its guardians (advocates) and its managers. */
const GUARDIAN_SERVICE_ROLES: readonly Role[] = ['advocate', 'guardian_manager'];

/**
 * Whose guardian referrals an actor lists: the referrals addressed to their guardian service (its
 * advocates and managers, who triage and allocate), or those of their authority's children (its staff), or none.
 */
export function guardianReferralScope(
  actor: Actor,
): { readonly kind: 'service'; readonly organisationCode: string } | { readonly kind: 'authority'; readonly authorityCode: string } | null {
  if (GUARDIAN_SERVICE_ROLES.includes(actor.role)) return { kind: 'service', organisationCode: actor.organisationCode };
  if (RECORD_READERS.includes(actor.role) && actor.localAuthorityCode !== null) return { kind: 'authority', authorityCode: actor.localAuthorityCode };
  return null;
}

/**
 * Training (issue 15, item 4). Everyone signed in keeps their own training; an organisation's team
 * managers and administrators record completions for its people, and with its data officers see its
 * compliance; the national unit's analysts see every authority's, as a league table. Row-level
 * security (migration 0025) holds the same.
 */
const TRAINING_RECORDERS: readonly Role[] = ['team_manager', 'organisation_administrator'];
const TRAINING_OVERSEERS: readonly Role[] = ['team_manager', 'data_officer', 'organisation_administrator'];

/** Whether the actor records completions for other people in their organisation. */
export const canRecordTrainingForOthers = (actor: Actor): boolean => TRAINING_RECORDERS.includes(actor.role);

/** Whether the actor sees their organisation's compliance and its people's training. */
export const canSeeOrganisationTraining = (actor: Actor): boolean => TRAINING_OVERSEERS.includes(actor.role);

/** Whether the actor sees the national league table of training by authority. */
export const canSeeNationalTraining = (actor: Actor): boolean => actor.role === 'national_analyst';

/** Whether the actor sets which actions their organisation gates on training (issue 15, item 5). */
export const canSetTrainingGates = (actor: Actor): boolean => TRAINING_RECORDERS.includes(actor.role);

/** Whether the actor allows someone in their organisation a gated action once without the training: team managers. */
export const canAllowTraining = (actor: Actor): boolean => actor.role === 'team_manager';

/**
 * How much of the guardian's own record of a child (issue 15, item 2) an actor sees: `guardian` for
 * the guardian allocated to the child now (who records in it), `service` for the guardian service's
 * managers (reading all of it, for a child referred to or allocated in their service), `authority` for
 * the responsible authority's staff (as far as the child's consent to share goes:
 * src/domain/guardian-record.ts), or null ("not found"). Break-glass opens the child's record, not the guardian's.
 */
export type GuardianRecordView = 'guardian' | 'service' | 'authority';

export function guardianRecordViewFor(
  actor: Actor,
  relations: Pick<ChildRelations, 'responsibleAuthorityCode' | 'isAllocatedToActor'> & { readonly isWithActorsService: boolean },
): GuardianRecordView | null {
  if (actor.role === 'advocate' && relations.isAllocatedToActor) return 'guardian';
  if (actor.role === 'guardian_manager' && relations.isWithActorsService) return 'service';
  if (RECORD_READERS.includes(actor.role) && actor.localAuthorityCode === relations.responsibleAuthorityCode) return 'authority';
  return null;
}

/** Team managers of the child's responsible authority allocate the child to a social worker and team, and reassign them. */
export const canAllocate = (actor: Actor, responsibleAuthorityCode: string): boolean =>
  actor.role === 'team_manager' && actor.localAuthorityCode === responsibleAuthorityCode;

/** An authority's team managers and organisation administrators make its teams and say who is in them. */
export const canManageTeams = (actor: Actor): boolean =>
  actor.localAuthorityCode !== null && (actor.role === 'team_manager' || actor.role === 'organisation_administrator');
