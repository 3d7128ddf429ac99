import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface Organisation {
  readonly code: string;
  readonly name: string;
  readonly kind: Database['organisation']['kind'];
}

export async function findOrganisation(db: Db, code: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisation').select(['code', 'name', 'kind']).where('code', '=', code).executeTakeFirst();
}

/** The national units, by code: a deployment has one. */
export async function nationalUnits(db: Db): Promise<Organisation[]> {
  return db.selectFrom('organisation').select(['code', 'name', 'kind']).where('kind', '=', 'national_unit').orderBy('code').execute();
}

/** One organisation, or every one for null, by name. */
export async function listOrganisations(db: Db, code: string | null): Promise<Organisation[]> {
  let query = db.selectFrom('organisation').select(['code', 'name', 'kind']);
  if (code !== null) query = query.where('code', '=', code);
  return query.orderBy('name').execute();
}

/** Names of the organisations among `codes`, by code. */
export async function organisationNamesOf(db: Db, codes: readonly string[]): Promise<Record<string, string>> {
  if (codes.length === 0) return {};
  const rows = await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', codes).execute();
  return Object.fromEntries(rows.map((row) => [row.code, row.name]));
}

export async function insertOrganisation(db: Db, organisation: Organisation): Promise<void> {
  await db
    .insertInto('organisation')
    .values({ ...organisation, localAuthorityCode: null })
    .execute();
}

/** Whether any account, active or not, has the system administrator's role. */
export async function hasSystemAdministrator(db: Db): Promise<boolean> {
  const row = await db.selectFrom('appUser').select('id').where('role', '=', 'system_administrator').limit(1).executeTakeFirst();
  return row !== undefined;
}
