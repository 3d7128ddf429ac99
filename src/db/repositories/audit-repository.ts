import type { Kysely, Transaction } from 'kysely';
import type { CheckpointHead } from '../../domain/audit-checkpoint.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Where every chain that has events stands, read in one statement so that the heads are of one moment. */
export async function chainHeads(db: Db): Promise<CheckpointHead[]> {
  return db.selectFrom('auditChainHead').select(['chain', 'seq', 'hash']).where('seq', '>', 0).orderBy('chain').execute();
}
