import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An account as lists of people show it. */
export interface Person {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly organisationCode: string;
}

/** Names of the accounts among `ids` (lower-case uuids), by id. */
export async function displayNamesOf(db: Db, ids: readonly string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await db.selectFrom('appUser').select(['id', 'displayName']).where('id', 'in', ids).execute();
  return Object.fromEntries(rows.map((row) => [row.id, row.displayName]));
}

/** Every account of an organisation, or of every organisation for null, by name. */
export async function listPeople(db: Db, organisationCode: string | null): Promise<Person[]> {
  let query = db.selectFrom('appUser').select(['id', 'displayName', 'email', 'organisationCode']);
  if (organisationCode !== null) query = query.where('organisationCode', '=', organisationCode);
  return query.orderBy('displayName').orderBy('email').execute();
}
