import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What a sign-in through an identity provider keeps between sending the browser away and its return. */
export interface PendingOidcSignIn {
  readonly organisationCode: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly expiresAt: string;
}

/** Only the id's hash is stored: someone reading the table cannot finish another person's sign-in with it. */
const idHash = (id: string): string => createHash('sha256').update(id).digest('hex');

export async function savePendingOidcSignIn(db: Db, id: string, pending: PendingOidcSignIn): Promise<void> {
  await db
    .insertInto('oidcPendingSignIn')
    .values({ idHash: idHash(id), ...pending })
    .execute();
}

/** The sign-in waiting under `id`, removed as it is read: each is good once, whatever happens next. */
export async function takePendingOidcSignIn(db: Db, id: string): Promise<PendingOidcSignIn | undefined> {
  return db
    .deleteFrom('oidcPendingSignIn')
    .where('idHash', '=', idHash(id))
    .returning(['organisationCode', 'state', 'nonce', 'codeVerifier', 'expiresAt'])
    .executeTakeFirst();
}

/** Forgets sign-ins whose browser never came back. */
export async function prunePendingOidcSignIns(db: Db, now: string): Promise<void> {
  await db.deleteFrom('oidcPendingSignIn').where('expiresAt', '<=', now).execute();
}
