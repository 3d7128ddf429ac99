import { sql } from 'kysely';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AttemptState } from '../../domain/sign-in-policy.ts';
import type { AppUserTable, Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An account as lists of people show it. */
export interface Person {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly organisationCode: string;
}

/** An account as its administrators list it. */
export interface UserSummary {
  readonly id: string;
  readonly organisationCode: string;
  readonly role: string;
  readonly email: string;
  readonly displayName: string;
  readonly active: boolean;
  readonly lockedUntil: string | null;
}

/** An account as the administrators' pages show it. */
export interface AccountSummary extends UserSummary {
  readonly organisationName: string;
  readonly createdAt: string;
  /** The start of their most recent signed-in session, or null if they have never signed in. */
  readonly lastSignedInAt: string | null;
}

/** An account with what signing in needs: its organisation's authority, its secrets and its failed attempts. */
export interface SignInAccount extends AttemptState {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly organisationCode: string;
  readonly localAuthorityCode: string | null;
  readonly active: boolean;
  readonly passwordHash: string;
  readonly totpSecret: string;
  readonly totpLastCounter: number | null;
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

/** Every account of an organisation, or of every organisation for null, by organisation and email. */
export async function listUserSummaries(db: Db, organisationCode: string | null): Promise<UserSummary[]> {
  let query = db.selectFrom('appUser').select(['id', 'organisationCode', 'role', 'email', 'displayName', 'active', 'lockedUntil']);
  if (organisationCode !== null) query = query.where('organisationCode', '=', organisationCode);
  return query.orderBy('organisationCode').orderBy('email').execute();
}

/** Accounts with what the administrators' pages show; `organisationCode` null for every organisation's. */
function accountQuery(db: Db, organisationCode: string | null) {
  let query = db
    .selectFrom('appUser')
    .innerJoin('organisation', 'organisation.code', 'appUser.organisationCode')
    .select((eb) => [
      'appUser.id',
      'appUser.organisationCode',
      'organisation.name as organisationName',
      'appUser.role',
      'appUser.email',
      'appUser.displayName',
      'appUser.active',
      'appUser.lockedUntil',
      'appUser.createdAt',
      // Only a fully signed-in session is a sign-in; a password without the code is not.
      eb
        .selectFrom('userSession')
        .select((session) => session.fn.max('userSession.createdAt').as('lastSignedInAt'))
        .whereRef('userSession.userId', '=', 'appUser.id')
        .where('userSession.stage', '=', 'SIGNED_IN')
        .as('lastSignedInAt'),
    ]);
  if (organisationCode !== null) query = query.where('appUser.organisationCode', '=', organisationCode);
  return query;
}

/** An organisation's accounts, or every one for null, by organisation name, then person. */
export async function listAccounts(db: Db, organisationCode: string | null): Promise<AccountSummary[]> {
  return accountQuery(db, organisationCode).orderBy('organisation.name').orderBy('appUser.displayName').orderBy('appUser.email').execute();
}

/** One account (a lower-case uuid) if it is in the organisation, or in any for null. */
export async function findAccount(db: Db, id: string, organisationCode: string | null): Promise<AccountSummary | undefined> {
  return accountQuery(db, organisationCode).where('appUser.id', '=', id).executeTakeFirst();
}

/** Who an account is, as an audit event names them. */
export async function findUserRef(db: Db, id: string): Promise<{ id: string; organisationCode: string; role: string } | undefined> {
  return db.selectFrom('appUser').select(['id', 'organisationCode', 'role']).where('id', '=', id).executeTakeFirst();
}

/** What a reset of an account's sign-in details needs to know of it. */
export async function findPerson(db: Db, id: string): Promise<{ email: string; displayName: string; organisationCode: string; active: boolean } | undefined> {
  return db.selectFrom('appUser').select(['email', 'displayName', 'organisationCode', 'active']).where('id', '=', id).executeTakeFirst();
}

/** Whether an account has the (normalised) email address. */
export async function emailTaken(db: Db, email: string): Promise<boolean> {
  return (await db.selectFrom('appUser').select('id').where('email', '=', email).executeTakeFirst()) !== undefined;
}

export async function insertUser(db: Db, user: Insertable<AppUserTable>): Promise<void> {
  await db.insertInto('appUser').values(user).execute();
}

/** An account that may sign in: by id, or by email (in one organisation if given). */
export type SignInLookup = { readonly id: string } | { readonly email: string; readonly organisationCode?: string };

/** The account with its organisation, as signing in needs it; `forUpdate` locks the account until the transaction ends. */
export async function findSignInAccount(db: Db, lookup: SignInLookup, options: { readonly forUpdate?: boolean } = {}): Promise<SignInAccount | undefined> {
  let query = db
    .selectFrom('appUser')
    .innerJoin('organisation', 'organisation.code', 'appUser.organisationCode')
    .select([
      'appUser.id',
      'appUser.email',
      'appUser.role',
      'appUser.organisationCode',
      'organisation.localAuthorityCode',
      'appUser.active',
      'appUser.passwordHash',
      'appUser.totpSecret',
      'appUser.totpLastCounter',
      'appUser.failedAttempts',
      'appUser.lastFailedAt',
      'appUser.lockedUntil',
    ]);
  if ('id' in lookup) query = query.where('appUser.id', '=', lookup.id);
  else {
    query = query.where('appUser.email', '=', lookup.email);
    if (lookup.organisationCode !== undefined) query = query.where('appUser.organisationCode', '=', lookup.organisationCode);
  }
  if (options.forUpdate === true) query = query.forUpdate(['appUser']);
  return query.executeTakeFirst();
}

export async function saveAttemptState(db: Db, userId: string, state: AttemptState): Promise<void> {
  await db
    .updateTable('appUser')
    .set({ failedAttempts: state.failedAttempts, lastFailedAt: state.lastFailedAt, lockedUntil: state.lockedUntil })
    .where('id', '=', userId)
    .execute();
}

/** Replaces a password's hash, unless it has changed since `previousHash` was read. */
export async function replacePasswordHash(db: Db, userId: string, previousHash: string, passwordHash: string): Promise<void> {
  await db.updateTable('appUser').set({ passwordHash }).where('id', '=', userId).where('passwordHash', '=', previousHash).execute();
}

/** A code accepted: the attempts as `state`, the code's time step used up, the secret confirmed if it was not yet. */
export async function recordSecondFactor(db: Db, userId: string, state: AttemptState, step: number, now: string): Promise<void> {
  await db
    .updateTable('appUser')
    .set({
      failedAttempts: state.failedAttempts,
      lastFailedAt: state.lastFailedAt,
      lockedUntil: state.lockedUntil,
      totpLastCounter: step,
      totpConfirmedAt: sql<string>`coalesce(totp_confirmed_at, ${now})`,
    })
    .where('id', '=', userId)
    .execute();
}

/**
 * New sign-in details for an active account in the organisation (any for null): a password hash and an
 * unconfirmed TOTP secret, and `attempts`. False if no such account (deactivated meanwhile, say).
 */
export async function resetCredentials(
  db: Db,
  userId: string,
  organisationCode: string | null,
  credentials: { readonly passwordHash: string; readonly totpSecret: string; readonly attempts: AttemptState; readonly now: string },
): Promise<boolean> {
  const { attempts } = credentials;
  let update = db
    .updateTable('appUser')
    .set({
      passwordHash: credentials.passwordHash,
      totpSecret: credentials.totpSecret,
      // The old secret's last code says nothing about the new one's.
      totpConfirmedAt: null,
      totpLastCounter: null,
      failedAttempts: attempts.failedAttempts,
      lastFailedAt: attempts.lastFailedAt,
      lockedUntil: attempts.lockedUntil,
      updatedAt: credentials.now,
    })
    .where('id', '=', userId)
    .where('active', '=', true);
  if (organisationCode !== null) update = update.where('organisationCode', '=', organisationCode);
  return (await update.returning('id').executeTakeFirst()) !== undefined;
}

/** Deactivates an active account in the organisation (any for null); its organisation, or undefined if there was none to deactivate. */
export async function deactivateUser(
  db: Db,
  userId: string,
  organisationCode: string | null,
  now: string,
): Promise<{ id: string; organisationCode: string } | undefined> {
  let query = db.updateTable('appUser').set({ active: false, updatedAt: now }).where('id', '=', userId).where('active', '=', true);
  if (organisationCode !== null) query = query.where('organisationCode', '=', organisationCode);
  return query.returning(['id', 'organisationCode']).executeTakeFirst();
}

/** The email address of one account whose address ends in `.<domain>`, if any (the demo's accounts). */
export async function anAccountInEmailDomain(db: Db, domain: string): Promise<string | undefined> {
  const row = await db.selectFrom('appUser').select('email').where('email', 'like', `%.${domain}`).limit(1).executeTakeFirst();
  return row?.email;
}
