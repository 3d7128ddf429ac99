import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../../src/db/client.ts';
import type { Actor } from '../../src/domain/access/actor.ts';
import type { RowScope } from '../../src/domain/access/policy.ts';
import type { Sex } from '../../src/domain/codes.ts';
import { createServices } from '../../src/services/index.ts';
import type { Services } from '../../src/services/index.ts';
import { addPartnerOrganisations } from './organisations.ts';
import { value } from './result.ts';
import { createTestDatabase } from './test-database.ts';

// The set-up the service tests share: the services over a migrated test database on the test's
// clock, the people who use them, and a child in care to use them on.

/** Argon2 at its cheapest: a test's accounts need no protection against guessing, only speed. */
const CHEAP_HASHING = { memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;

/** Someone with `role` in an organisation, under a fresh id; by default the organisation is a local authority. */
export const person = (organisationCode: string, role: Actor['role'], localAuthorityCode: string | null = organisationCode): Actor => ({
  id: randomUUID(),
  organisationCode,
  localAuthorityCode,
  role,
});

export interface ServiceTestOptions {
  /** Add the partner organisations (test/helpers/organisations.ts): the police, the guardian service, the national unit. */
  readonly partners?: boolean;
  /** Hash the passwords of the accounts the test creates cheaply. */
  readonly accounts?: boolean;
}

/** A migrated test database (close its handle after the tests), and the services over it reading the time from `now`. */
export async function openServices(now: () => string, options: ServiceTestOptions = {}): Promise<{ handle: DatabaseHandle; services: Services }> {
  const handle = await createTestDatabase();
  if (options.partners === true) await addPartnerOrganisations(handle.db);
  const services = createServices({ db: handle.db, now, newId: randomUUID }, options.accounts === true ? { passwordHashing: CHEAP_HASHING } : {});
  return { handle, services };
}

/**
 * An account for someone with `role`, as an actor (open the services with `accounts`, so that its password
 * is hashed cheaply); by default the organisation is a local authority.
 */
export async function addAccount(
  services: Services,
  organisationCode: string,
  role: Actor['role'],
  displayName: string,
  localAuthorityCode: string | null = organisationCode,
): Promise<Actor> {
  const email = `${randomUUID()}@example.gov.uk`;
  const { id } = value(await services.users.createUser({ organisationCode, role, email, displayName, password: 'a long test password' }));
  return { id, organisationCode, localAuthorityCode, role };
}

export interface ChildInCare {
  readonly laChildId: string;
  readonly givenNames: string;
  readonly familyName: string;
  readonly sex: Sex;
  /** Where the child is placed; by default the responsible authority's own area. */
  readonly host?: string;
}

/** A looked-after child of the actor's authority, in care since 1 January 2024: the child's id. */
export async function addChildInCare(services: Services, actor: Actor, child: ChildInCare): Promise<string> {
  const { host, ...names } = child;
  const id = value(await services.children.addLookedAfterChild(actor, { ...names, dateOfBirthClaimed: '2009-04-12', upn: 'UN2' })).child.id;
  value(
    await services.children.addCarePeriod(actor, id, {
      startDate: '2024-01-01',
      legalStatus: 'C2',
      placementType: 'U1',
      ...(host === undefined ? {} : { hostAuthorityCode: host }),
    }),
  );
  return id;
}

/**
 * The row-level security settings of someone of `role` (any string, to try what the policies make of it) in an
 * authority, or in none: for raw queries through inScope that test the policies themselves.
 */
export const rowScopeOf = (now: string, authorityCode: string | null, role = 'social_worker'): RowScope => ({
  actorId: 'rls-test',
  organisationCode: authorityCode ?? 'none',
  authorityCode,
  role,
  now,
});
