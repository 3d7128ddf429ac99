// The acting user (or API client) and their organisation. Every service method takes one.

export const ROLES = [
  'social_worker',
  'team_manager',
  'data_officer',
  'advocate',
  'guardian_manager',
  'police_coordinator',
  'national_analyst',
  'organisation_administrator',
  'system_administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export interface Actor {
  /** A user id, or `token:<id>` for an API client. */
  readonly id: string;
  readonly organisationCode: string;
  /** Set when the organisation is a local authority. */
  readonly localAuthorityCode: string | null;
  readonly role: Role;
  /** Where the request came from (the client's IP address), for the audit trail. */
  readonly origin?: string | null;
}

/** An API client (a case-management system's token) rather than a person signed in. */
export const isApiClient = (actor: Pick<Actor, 'id'>): boolean => actor.id.startsWith('token:');
