import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { RowScope } from '../domain/access/policy.ts';
import type { Database } from './schema.ts';

/**
 * Runs `work` in a transaction as the role lantern_app, with the actor in the settings that the
 * row-level security policies read. The settings are local to the transaction. 'read only' for a
 * statement that may run on a replica (DatabaseHandle.readDb).
 */
export async function inScope<T>(
  db: Kysely<Database>,
  scope: RowScope,
  work: (trx: Transaction<Database>) => Promise<T>,
  access: 'read write' | 'read only' = 'read write',
): Promise<T> {
  const transaction = access === 'read only' ? db.transaction().setAccessMode('read only') : db.transaction();
  return transaction.execute(async (trx) => {
    await sql`select set_config('role', 'lantern_app', true),
      set_config('lantern.actor', ${scope.actorId}, true),
      set_config('lantern.organisation', ${scope.organisationCode}, true),
      set_config('lantern.authority', ${scope.authorityCode ?? ''}, true),
      set_config('lantern.role', ${scope.role}, true),
      set_config('lantern.now', ${scope.now}, true)`.execute(trx);
    return work(trx);
  });
}

/**
 * Runs `work` in a transaction as the application's database role, which may read and write users
 * and sessions and append to the audit trail, and no more. No row-level security setting is
 * needed: for work that touches no child's record.
 */
export async function asApp<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'lantern_app', true)`.execute(trx);
    return work(trx);
  });
}
