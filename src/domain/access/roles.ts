// Which roles people in each kind of organisation have: a police force has no social workers, a
// local authority no police coordinators. Every way of making an account is held to this.
// (The roles themselves are ROLES in ./actor.ts.)

export const ORGANISATION_KINDS = ['local_authority', 'guardian_service', 'police_force', 'national_unit'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The roles people in each kind of organisation have. */
const ROLES_FOR_KIND = {
  local_authority: ['social_worker', 'team_manager', 'data_officer', 'organisation_administrator'],
  guardian_service: ['advocate', 'guardian_manager', 'organisation_administrator'],
  police_force: ['police_coordinator', 'organisation_administrator'],
  national_unit: ['national_analyst', 'organisation_administrator', 'system_administrator'],
} as const satisfies Readonly<Record<OrganisationKind, readonly string[]>>;

/** A role some kind of organisation has. */
export type OrganisationRole = (typeof ROLES_FOR_KIND)[OrganisationKind][number];

/** Each kind of organisation, to follow "in" ("people in a police force"). */
const KIND_AFTER_IN: Readonly<Record<OrganisationKind, string>> = {
  local_authority: 'a local authority',
  guardian_service: 'the guardian service',
  police_force: 'a police force',
  national_unit: 'the national coordination unit',
};

/** The roles people in an organisation of `kind` have. */
export const rolesForKind = (kind: OrganisationKind): readonly OrganisationRole[] => ROLES_FOR_KIND[kind];

/** Whether people in an organisation of `kind` may have `role`. */
export const roleFitsKind = (role: string, kind: OrganisationKind): boolean => (rolesForKind(kind) as readonly string[]).includes(role);

/** The GOV.UK error for a role that does not fit the organisation, for the role field. */
export function roleMisfitMessage(kind: OrganisationKind): string {
  return `Select a role that people in ${KIND_AFTER_IN[kind]} have`;
}
