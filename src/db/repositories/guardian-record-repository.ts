import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { GuardianRecordEntry } from '../../domain/guardian-record.ts';
import type { Database } from '../schema.ts';

// The guardian's own record of a child (migration 0030). Every function runs in the caller's
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

/** A child referred to, or allocated in, the actor's guardian service (for its managers), by the names that head the page; null otherwise. */
export async function serviceChild(db: Db, childId: string): Promise<{ givenNames: string | null; familyName: string | null } | null> {
  // The results' column names come back in camel case, as every query's do.
  const { rows } = await sql<{ givenNames: string | null; familyName: string | null }>`select * from lantern_guardian_service_child(${childId})`.execute(db);
  return rows[0] ?? null;
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

/** A child allocated to the guardian now, with the day of their last contact in the guardian's record. */
export interface CaseloadContact {
  readonly childId: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly allocatedOn: string;
  readonly lastContactOn: string | null;
}

/** The guardian's caseload (their allocations not ended) and each child's last contact, for My work. */
export async function caseloadContacts(db: Db, advocateId: string): Promise<CaseloadContact[]> {
  return db
    .selectFrom('advocateAllocation as a')
    .innerJoin('child as c', 'c.id', 'a.childId')
    .leftJoin('guardianRecordEntry as e', (join) => join.onRef('e.childId', '=', 'a.childId').on('e.kind', '=', 'CONTACT'))
    .select([
      'a.childId',
      'c.givenNames',
      'c.familyName',
      (eb) => eb.fn.min('a.allocatedOn').as('allocatedOn'),
      (eb) => eb.fn.max('e.occurredOn').as('lastContactOn'),
    ])
    .where('a.advocateId', '=', advocateId)
    .where('a.endedOn', 'is', null)
    .groupBy(['a.childId', 'c.givenNames', 'c.familyName'])
    .execute();
}
