import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { Role } from '../../src/domain/access/actor.ts';

// The organisations tests work with. Every local authority is an organisation already (migration 0003);
// the partner organisations are not, so a test that needs them adds them.

export const KENT = 'E10000016';
export const MEDWAY = 'E06000035';
export const CROYDON = 'E09000008';

export const GUARDIANS = 'GUARDIAN-SERVICE';
export const KENT_POLICE = 'KENT-POLICE';
export const NATIONAL = 'NATIONAL-UNIT';

/** The guardian service, Kent Police (covering Kent and Medway) and the national unit. */
export async function addPartnerOrganisations(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('organisation')
    .values([
      { code: GUARDIANS, name: 'Independent Child Trafficking Guardians', kind: 'guardian_service', localAuthorityCode: null },
      { code: KENT_POLICE, name: 'Kent Police', kind: 'police_force', localAuthorityCode: null },
      { code: NATIONAL, name: 'National coordination unit', kind: 'national_unit', localAuthorityCode: null },
    ])
    .execute();
  await db
    .insertInto('policeForceArea')
    .values([
      { organisationCode: KENT_POLICE, localAuthorityCode: KENT },
      { organisationCode: KENT_POLICE, localAuthorityCode: MEDWAY },
    ])
    .execute();
}

export const MET_POLICE = 'MET-POLICE';

/** A second force, the Metropolitan Police (covering Croydon), whose area holds no Kent or Medway placement. */
export async function addMetropolitanPolice(db: Kysely<Database>): Promise<void> {
  await db.insertInto('organisation').values({ code: MET_POLICE, name: 'Metropolitan Police', kind: 'police_force', localAuthorityCode: null }).execute();
  await db.insertInto('policeForceArea').values({ organisationCode: MET_POLICE, localAuthorityCode: CROYDON }).execute();
}

/** The organisation tests give a person in each role: Kent for authority staff, a partner organisation for the rest. */
export const HOME_OF: Readonly<Record<Role, string>> = {
  social_worker: KENT,
  team_manager: KENT,
  data_officer: KENT,
  advocate: GUARDIANS,
  guardian_manager: GUARDIANS,
  police_coordinator: KENT_POLICE,
  national_analyst: NATIONAL,
  organisation_administrator: KENT,
  system_administrator: NATIONAL,
};
