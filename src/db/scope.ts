import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** What the database's row-level security lets a transaction see (migration 0005). */
export interface RowScope {
  /** The local authority whose children's records are visible; null for none. */
  readonly authorityCode: string | null;
}

/**
 * Runs `work` in a transaction as the role lantern_app, with the actor's scope in the settings
 * that the row-level security policies read. The settings are local to the transaction.
 */
export async function inScope<T>(db: Kysely<Database>, scope: RowScope, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'lantern_app', true), set_config('lantern.authority', ${scope.authorityCode ?? ''}, true)`.execute(trx);
    return work(trx);
  });
}
