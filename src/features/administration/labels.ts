import type { Role } from '../../services/actor.ts';
import type { AuditAction } from '../../services/audit-log.ts';
import type { AdministeredOrganisation } from '../../services/user-admin-service.ts';

// Words for the administration pages: roles, what each may see (from docs/access.md), audit actions.

export const ROLE_LABELS: Record<Role, string> = {
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  data_officer: 'Data officer',
  advocate: 'Independent child trafficking guardian',
  police_coordinator: 'Police missing-person coordinator',
  national_analyst: 'National analyst',
  organisation_administrator: 'Organisation administrator',
  system_administrator: 'System administrator',
};

/** What each role can see and do, in docs/access.md's words, for the hint under each choice. */
export const ROLE_HINTS: Record<Role, string> = {
  social_worker:
    'Sees in full, and changes, the records of the children their authority is responsible for. For children placed in their area by another authority, sees what a host needs: identity, age status, the current placement, missing episodes and return interviews.',
  team_manager:
    'Sees and changes records as a social worker does. Also reviews break-glass openings of the authority’s records, and sees who has seen or changed a child’s record.',
  data_officer:
    'Sees and changes records as a social worker does. Also authority-wide reporting, imports and exports, and sees who has seen or changed a child’s record.',
  advocate: 'Sees the whole record of the children allocated to them, read only.',
  police_coordinator:
    'Sees what is needed to find a child placed in the force’s area while they are missing: identity and other names, the current placement and missing episodes. Not interviews, trafficking details or other agencies’ references.',
  national_analyst: 'Sees aggregates only, never a child’s identity.',
  organisation_administrator: 'Manages the accounts of their own organisation and searches its audit trail. Sees no child’s record.',
  system_administrator: 'Manages the accounts of every organisation and searches the whole audit trail. Sees no child’s record.',
};

type OrganisationKind = AdministeredOrganisation['kind'];

/** The roles people in each kind of organisation have: a police force has no social workers. */
export const ROLES_FOR_KIND: Record<OrganisationKind, readonly Role[]> = {
  local_authority: ['social_worker', 'team_manager', 'data_officer', 'organisation_administrator'],
  guardian_service: ['advocate', 'organisation_administrator'],
  police_force: ['police_coordinator', 'organisation_administrator'],
  national_unit: ['national_analyst', 'organisation_administrator', 'system_administrator'],
};

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  local_authority: 'a local authority',
  guardian_service: 'the guardian service',
  police_force: 'a police force',
  national_unit: 'the national coordination unit',
};

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  VIEW_RECORD: 'Viewed',
  SEARCH: 'Searched',
  LIST: 'Listed',
  CREATE: 'Added',
  CHANGE: 'Changed',
  EXPORT: 'Exported',
  SIGN_IN: 'Signed in',
  SIGN_IN_FAILED: 'Failed to sign in',
  SIGN_OUT: 'Signed out',
  BREAK_GLASS: 'Opened with break-glass',
  TOKEN_CREATED: 'Created an API token',
  TOKEN_REVOKED: 'Revoked an API token',
  USER_CHANGED: 'Changed an account',
};

/** What an audit event was about, by the entity the services record. */
export const AUDIT_ENTITY_LABELS: Readonly<Record<string, string>> = {
  child: 'the child’s record',
  childAlias: 'another name',
  ageStatus: 'an age status',
  carePeriod: 'a care period',
  uascPeriod: 'a UASC period',
  nationalTransfer: 'a national transfer',
  missingEpisode: 'a missing episode',
  returnInterview: 'a return home interview',
  traffickingConcern: 'a trafficking concern',
  traffickingStatus: 'a trafficking status',
  nrmReferral: 'an NRM referral',
  recordAccess: 'who has seen the record',
  breakGlassAccess: 'a break-glass opening',
  auditEvent: 'the audit trail',
  user: 'accounts',
  session: 'a sign-in',
  apiToken: 'an API token',
  dataQualityOverview: 'the data quality overview',
  dataQualityLeagueTable: 'the data quality league table',
};

/** An entity's label, or its name in words for one this list does not know yet. */
export function entityLabel(entity: string): string {
  return AUDIT_ENTITY_LABELS[entity] ?? entity.replaceAll(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, value);
