import type { Role } from '../../domain/access/actor.ts';

// The roles an account may have: what each may see (from docs/access.md). Their names are
// ROLE_LABELS in src/features/labels.ts; which organisations have them, ROLES_FOR_KIND in
// src/domain/access/roles.ts.

/** What each role can see and do, in docs/access.md's words, for the hint under each choice. */
export const ROLE_HINTS: Readonly<Record<Role, string>> = {
  social_worker:
    'Sees in full, and changes, the records of the children their authority is responsible for. For children placed in their area by another authority, sees what a host needs: identity, age status, the current placement, missing episodes and return interviews.',
  team_manager:
    'Sees and changes records as a social worker does. Also reviews break-glass openings of the authority’s records, and sees who has seen or changed a child’s record.',
  data_officer:
    'Sees and changes records as a social worker does. Also authority-wide reporting, imports and exports, and sees who has seen or changed a child’s record.',
  advocate: 'Sees the whole record of the children allocated to them, read only.',
  guardian_manager:
    'Triages the referrals made to the guardian service, allocates and reallocates its guardians and closes referrals; reads the guardians’ records of the children referred to the service. Sees no child’s case record.',
  police_coordinator:
    'Sees what is needed to find a child placed in the force’s area while they are missing: identity and other names, the current placement and missing episodes. Not interviews, trafficking details or other agencies’ references.',
  national_analyst: 'Sees aggregates only, never a child’s identity.',
  organisation_administrator: 'Manages the accounts of their own organisation and searches its audit trail. Sees no child’s record.',
  system_administrator: 'Manages the accounts of every organisation and searches the whole audit trail. Sees no child’s record.',
};
