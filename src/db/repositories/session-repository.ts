import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, UserSessionTable } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type UserSession = Selectable<UserSessionTable>;

/** A session with the account and organisation it signs in as. */
export interface SessionWithUser {
  readonly stage: UserSession['stage'];
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly id: string;
  readonly role: string;
  readonly active: boolean;
  readonly organisationCode: string;
  readonly localAuthorityCode: string | null;
}

export async function insertSession(db: Db, session: UserSession): Promise<void> {
  await db.insertInto('userSession').values(session).execute();
}

/** A session by the hash of its token, locked until the transaction ends. */
export async function lockSession(trx: Transaction<Database>, id: string): Promise<UserSession | undefined> {
  return trx.selectFrom('userSession').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The session and its user (`id` is the user's), by the hash of its token. */
export async function findSessionWithUser(db: Db, id: string): Promise<SessionWithUser | undefined> {
  return db
    .selectFrom('userSession')
    .innerJoin('appUser', 'appUser.id', 'userSession.userId')
    .innerJoin('organisation', 'organisation.code', 'appUser.organisationCode')
    .select([
      'userSession.stage',
      'userSession.lastSeenAt',
      'userSession.expiresAt',
      'userSession.revokedAt',
      'appUser.id',
      'appUser.role',
      'appUser.active',
      'appUser.organisationCode',
      'organisation.localAuthorityCode',
    ])
    .where('userSession.id', '=', id)
    .executeTakeFirst();
}

/** Moves a session's last use on to `now`, never back. */
export async function touchSession(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('userSession').set({ lastSeenAt: now }).where('id', '=', id).where('lastSeenAt', '<', now).execute();
}

export async function revokeSession(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('userSession').set({ revokedAt: now }).where('id', '=', id).execute();
}

/** Ends a session not yet ended; whose it was and at which stage, or undefined. */
export async function endSession(db: Db, id: string, now: string): Promise<Pick<UserSession, 'userId' | 'stage'> | undefined> {
  return db
    .updateTable('userSession')
    .set({ revokedAt: now })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .returning(['userId', 'stage'])
    .executeTakeFirst();
}

/** Ends a user's sessions still open at `now`; how many. */
export async function endOpenSessions(db: Db, userId: string, now: string): Promise<number> {
  const ended = await db
    .updateTable('userSession')
    .set({ revokedAt: now })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .returning('id')
    .execute();
  return ended.length;
}
