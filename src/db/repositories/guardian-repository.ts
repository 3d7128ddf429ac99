import { sql } from 'kysely';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { ukDateOf } from '../../domain/dates.ts';
import type { Coverage, GuardianAllocation, GuardianReferral, GuardianRole, ReferralStatus } from '../../domain/guardians.ts';
import type { AdvocateAllocationTable, Database } from '../schema.ts';

// Referrals to the guardian service and the guardians allocated (migration 0024). Every function
// runs in the caller's transaction; under row-level security each sees what the actor may.

type Db = Kysely<Database> | Transaction<Database>;

/** The coverage of one authority by the guardian schemes, over time. */
export async function coverageOf(db: Db, localAuthorityCode: string): Promise<Coverage[]> {
  return db
    .selectFrom('guardianCoverage')
    .select(['schemeCode', 'localAuthorityCode', 'startsOn', 'endsOn'])
    .where('localAuthorityCode', '=', localAuthorityCode)
    .orderBy('startsOn')
    .execute();
}

/** The guardian service organisation delivering a scheme, if Lantern has one. */
export async function serviceOrganisationFor(db: Db, schemeCode: string): Promise<{ code: string; name: string } | null> {
  const row = await db
    .selectFrom('organisation')
    .select(['code', 'name'])
    .where('kind', '=', 'guardian_service')
    .where('guardianSchemeCode', '=', schemeCode)
    .orderBy('code')
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Saves a new referral; false if the child has an open one already, which the referrer may not be
 * able to see (the police see only their own referrals).
 */
export async function insertReferral(db: Db, referral: GuardianReferral): Promise<boolean> {
  const result = await db
    .insertInto('guardianReferral')
    .values(referral)
    .onConflict((oc) => oc.column('childId').where('status', '<>', 'CLOSED').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

export async function findReferral(db: Db, id: string): Promise<GuardianReferral | null> {
  return (await db.selectFrom('guardianReferral').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function openReferralOf(db: Db, childId: string): Promise<GuardianReferral | null> {
  return (await db.selectFrom('guardianReferral').selectAll().where('childId', '=', childId).where('status', '<>', 'CLOSED').executeTakeFirst()) ?? null;
}

/** Saves a referral changed from `expectedVersion`; false if someone changed it first. */
export async function updateReferral(db: Db, referral: GuardianReferral, expectedVersion: number): Promise<boolean> {
  const { id, ...changes } = referral;
  const result = await db.updateTable('guardianReferral').set(changes).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

function allocationOf(row: Selectable<AdvocateAllocationTable>): GuardianAllocation | null {
  if (row.referralId === null || row.guardianRole === null || row.allocatedAt === null || row.allocatedBy === null) return null;
  return {
    id: row.id,
    referralId: row.referralId,
    childId: row.childId,
    advocateId: row.advocateId,
    organisationCode: row.organisationCode,
    guardianRole: row.guardianRole,
    allocatedAt: row.allocatedAt,
    allocatedBy: row.allocatedBy,
    endedAt: row.endedAt,
  };
}

/** The referral's current allocation, if a guardian is allocated. */
export async function currentAllocation(db: Db, referralId: string): Promise<GuardianAllocation | null> {
  const row = await db.selectFrom('advocateAllocation').selectAll().where('referralId', '=', referralId).where('endedOn', 'is', null).executeTakeFirst();
  return row === undefined ? null : allocationOf(row);
}

/** Writes an allocation; the day columns that access to the record reads follow its moments. */
export async function saveAllocation(db: Db, allocation: GuardianAllocation, createdAt: string): Promise<void> {
  const days = { allocatedOn: ukDateOf(allocation.allocatedAt), endedOn: allocation.endedAt === null ? null : ukDateOf(allocation.endedAt) };
  await db
    .insertInto('advocateAllocation')
    .values({ ...allocation, ...days, createdAt })
    .onConflict((oc) => oc.column('id').doUpdateSet({ endedAt: allocation.endedAt, endedOn: days.endedOn }))
    .execute();
}

/** A referral as the lists show it. */
export interface ReferralListItem extends GuardianReferral {
  readonly childName: { readonly givenNames: string | null; readonly familyName: string | null };
  readonly dateOfBirth: string | null;
  readonly nationality: string | null;
  readonly responsibleAuthorityName: string;
  readonly guardianName: string | null;
  readonly guardianRole: GuardianAllocation['guardianRole'] | null;
}

function referralList(db: Db) {
  return (
    db
      .selectFrom('guardianReferral as r')
      .innerJoin('localAuthority as la', 'la.code', 'r.responsibleAuthorityCode')
      .leftJoin('advocateAllocation as a', (join) => join.onRef('a.referralId', '=', 'r.id').on('a.endedOn', 'is', null))
      // Guardians' ids are account ids (uuids); allocation's advocate ids are text.
      .leftJoin('appUser as g', (join) => join.on(sql`g.id::text`, '=', sql.ref('a.advocateId')))
      .selectAll('r')
      .select(['la.name as responsibleAuthorityName', 'g.displayName as guardianName', 'a.guardianRole'])
  );
}

/**
 * The referrals addressed to the actor's guardian service, with what triage needs of each child
 * (through a function that gives the service only the children referred to it).
 */
export async function serviceReferrals(db: Db, statuses: readonly ReferralStatus[], id?: string): Promise<ReferralListItem[]> {
  const rows = await referralList(db)
    .innerJoin(
      sql<{
        referral_id: string;
        given_names: string | null;
        family_name: string | null;
        date_of_birth: string | null;
        nationality: string | null;
      }>`lantern_guardian_referral_children()`.as('c'),
      (join) => join.onRef(sql.ref('c.referral_id'), '=', 'r.id'),
    )
    .select([
      sql<string | null>`c.given_names`.as('givenNames'),
      sql<string | null>`c.family_name`.as('familyName'),
      sql<string | null>`c.date_of_birth`.as('dateOfBirth'),
      sql<string | null>`c.nationality`.as('nationality'),
    ])
    .where('r.status', 'in', statuses)
    .$if(id !== undefined, (query) => query.where('r.id', '=', id ?? ''))
    .orderBy('r.referredAt')
    .execute();
  return rows.map(listItem);
}

/** The referrals of an authority's children, newest first, as row-level security lets the actor see them. */
export async function authorityReferrals(db: Db, authorityCode: string, id?: string): Promise<ReferralListItem[]> {
  const rows = await referralList(db)
    .innerJoin('child as c', 'c.id', 'r.childId')
    .select([
      'c.givenNames',
      'c.familyName',
      sql<string | null>`coalesce(c.date_of_birth_assessed, c.date_of_birth_claimed)`.as('dateOfBirth'),
      'c.nationality',
    ])
    .where('r.responsibleAuthorityCode', '=', authorityCode)
    .$if(id !== undefined, (query) => query.where('r.id', '=', id ?? ''))
    .orderBy('r.referredAt', 'desc')
    .execute();
  return rows.map(listItem);
}

function listItem(
  row: GuardianReferral & {
    givenNames: string | null;
    familyName: string | null;
    dateOfBirth: string | null;
    nationality: string | null;
    responsibleAuthorityName: string;
    guardianName: string | null;
    guardianRole: GuardianAllocation['guardianRole'] | null;
  },
): ReferralListItem {
  const { givenNames, familyName, ...rest } = row;
  return { ...rest, childName: { givenNames, familyName } };
}

/** A child of the authority with a trafficking concern not closed as "not trafficked" and no open referral. */
export interface ReferralProposal {
  readonly childId: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly concernRaisedOn: string;
}

/** Children the authority should consider referring: a live trafficking concern and no open referral. */
export async function referralProposals(db: Db, authorityCode: string): Promise<ReferralProposal[]> {
  return db
    .selectFrom('child as c')
    .innerJoin('traffickingConcern as t', 't.childId', 'c.id')
    .select(['c.id as childId', 'c.givenNames', 'c.familyName', (eb) => eb.fn.max('t.raisedOn').as('concernRaisedOn')])
    .where('c.responsibleAuthorityCode', '=', authorityCode)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('traffickingStatus as s').select('s.id').whereRef('s.concernId', '=', 't.id').where('s.status', '=', 'NOT_TRAFFICKED'))),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('guardianReferral as r').select('r.id').whereRef('r.childId', '=', 'c.id').where('r.status', '<>', 'CLOSED'))),
    )
    .groupBy(['c.id', 'c.givenNames', 'c.familyName'])
    .orderBy('concernRaisedOn')
    .execute();
}

/** The active guardians (advocates) of a guardian service, to allocate to. */
export async function guardiansOf(db: Db, organisationCode: string): Promise<{ id: string; displayName: string }[]> {
  return db
    .selectFrom('appUser')
    .select(['id', 'displayName'])
    .where('organisationCode', '=', organisationCode)
    .where('role', '=', 'advocate')
    .where('active', '=', true)
    .orderBy('displayName')
    .execute();
}

/** The working days a guardian service has set for allocating a guardian, by role; a role it has not set is absent. */
export async function allocationStandardDays(db: Db, organisationCode: string): Promise<Partial<Record<GuardianRole, number>>> {
  const rows = await db
    .selectFrom('guardianAllocationStandard')
    .select(['guardianRole', 'workingDays'])
    .where('organisationCode', '=', organisationCode)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.guardianRole, row.workingDays]));
}

/** Sets the working days for each role given, keeping the others. */
export async function saveAllocationStandard(
  db: Db,
  standard: { organisationCode: string; workingDays: Partial<Record<GuardianRole, number>>; changedBy: string; changedAt: string },
): Promise<void> {
  const { organisationCode, changedBy, changedAt } = standard;
  const rows = Object.entries(standard.workingDays).map(([guardianRole, workingDays]) => ({
    organisationCode,
    guardianRole: guardianRole as GuardianRole,
    workingDays,
    changedBy,
    changedAt,
  }));
  if (rows.length === 0) return;
  await db
    .insertInto('guardianAllocationStandard')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['organisationCode', 'guardianRole']).doUpdateSet((eb) => ({
        workingDays: eb.ref('excluded.workingDays'),
        changedBy: eb.ref('excluded.changedBy'),
        changedAt: eb.ref('excluded.changedAt'),
      })),
    )
    .execute();
}
