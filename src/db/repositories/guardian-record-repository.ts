import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { GuardianRecordEntry } from '../../domain/guardian-record.ts';
import type { Database } from '../schema.ts';

// The guardian's own record of a child (migration 0029). Every function runs in the caller's
// transaction; row-level security lets through the allocated guardian's and the responsible
// authority's rows only.

type Db = Kysely<Database> | Transaction<Database>;

/** The child's entries the actor may read, oldest first. */
export async function entriesOf(db: Db, childId: string): Promise<GuardianRecordEntry[]> {
  return db.selectFrom('guardianRecordEntry').selectAll().where('childId', '=', childId).orderBy('occurredOn').orderBy('recordedAt').execute();
}

export async function insertEntry(db: Db, entry: GuardianRecordEntry): Promise<void> {
  await db.insertInto('guardianRecordEntry').values(entry).execute();
}

/** Who recorded each entry, by account id: the guardian's name on the page. */
export async function recorderNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('appUser')
    .select([sql<string>`id::text`.as('id'), 'displayName'])
    .where(sql<string>`id::text`, 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.displayName]));
}
