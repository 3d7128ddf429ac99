import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ApiTokenSummary } from '../../domain/api-token.ts';
import type { ApiTokenTable, Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

const SUMMARY = [
  'apiToken.id',
  'apiToken.organisationCode',
  'apiToken.role',
  'apiToken.description',
  'apiToken.createdAt',
  'apiToken.expiresAt',
  'apiToken.revokedAt',
  'apiToken.replacedBy',
] as const;

export async function insertApiToken(db: Db, token: Insertable<ApiTokenTable>): Promise<void> {
  await db.insertInto('apiToken').values(token).execute();
}

/** The token a hash belongs to, with its organisation's authority, revoked or expired or not: the caller decides. */
export async function findApiTokenByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('apiToken')
    .innerJoin('organisation', 'organisation.code', 'apiToken.organisationCode')
    .select(['apiToken.id', 'apiToken.role', 'apiToken.organisationCode', 'apiToken.expiresAt', 'apiToken.revokedAt', 'organisation.localAuthorityCode'])
    .where('apiToken.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

/** A token not yet revoked, locked until the transaction ends so that two rotations cannot both replace it. */
export async function lockUnrevokedApiToken(trx: Transaction<Database>, id: string): Promise<ApiTokenSummary | undefined> {
  return trx.selectFrom('apiToken').select(SUMMARY).where('id', '=', id).where('revokedAt', 'is', null).forUpdate().executeTakeFirst();
}

/** Revokes a token not yet revoked, naming the one that replaces it if any; its organisation and role, or undefined. */
export async function revokeApiToken(db: Db, id: string, now: string, replacedBy: string | null = null) {
  return db
    .updateTable('apiToken')
    .set({ revokedAt: now, replacedBy })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .returning(['organisationCode', 'role'])
    .executeTakeFirst();
}

/** A token by its id, revoked or not: never the token or its hash. */
export async function findApiToken(db: Db, id: string): Promise<ApiTokenSummary | undefined> {
  return db.selectFrom('apiToken').select(SUMMARY).where('id', '=', id).executeTakeFirst();
}

/** Every token, or an organisation's, newest first: never the token or its hash. */
export async function listApiTokens(db: Db, organisationCode: string | null): Promise<readonly ApiTokenSummary[]> {
  let query = db.selectFrom('apiToken').select(SUMMARY);
  if (organisationCode !== null) query = query.where('organisationCode', '=', organisationCode);
  return query.orderBy('createdAt', 'desc').orderBy('id').execute();
}
