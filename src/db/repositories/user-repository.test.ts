import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KENT, MEDWAY } from '../../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../client.ts';
import { endOpenSessions, findSessionWithUser, insertSession } from './session-repository.ts';
import type { UserSession } from './session-repository.ts';
import { deactivateUser, findAccount, findSignInAccount, insertUser, listAccounts, resetCredentials } from './user-repository.ts';

const ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const BOB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const NOW = '2025-05-01T09:00:00.000Z';
const CLEARED = { failedAttempts: 0, lastFailedAt: null, lockedUntil: null };

let handle: DatabaseHandle;

const user = (id: string, organisationCode: string, email: string, displayName: string) => ({
  id,
  organisationCode,
  role: 'social_worker',
  email,
  displayName,
  passwordHash: '$argon2id$old',
  totpSecret: 'OLDSECRET',
  totpConfirmedAt: NOW,
  totpLastCounter: 7,
  lastFailedAt: null,
  lockedUntil: null,
  createdAt: NOW,
  updatedAt: NOW,
});

/** Sessions are stored by the SHA-256 of their token. */
const sid = (token: string): string => createHash('sha256').update(token).digest('hex');

const session = (token: string, userId: string, fields: Partial<UserSession> = {}): UserSession => ({
  id: sid(token),
  userId,
  stage: 'SIGNED_IN',
  createdAt: NOW,
  lastSeenAt: NOW,
  expiresAt: '2025-05-01T17:00:00.000Z',
  revokedAt: null,
  origin: null,
  userAgent: null,
  ...fields,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  await insertUser(handle.db, user(ALICE, KENT, 'alice@kent.example', 'Alice'));
  await insertUser(handle.db, user(BOB, MEDWAY, 'bob@medway.example', 'Bob'));
});
afterAll(async () => {
  await handle.close();
});

describe('findSignInAccount', () => {
  it('should find an account by id or email, with its organisation’s authority', async () => {
    expect(await findSignInAccount(handle.db, { id: ALICE })).toMatchObject({ email: 'alice@kent.example', localAuthorityCode: KENT, totpLastCounter: 7 });
    expect((await findSignInAccount(handle.db, { email: 'bob@medway.example' }))?.id).toBe(BOB);
  });

  it('should find an email only in the organisation given', async () => {
    expect((await findSignInAccount(handle.db, { email: 'alice@kent.example', organisationCode: KENT }))?.id).toBe(ALICE);
    expect(await findSignInAccount(handle.db, { email: 'alice@kent.example', organisationCode: MEDWAY })).toBeUndefined();
  });
});

describe('listAccounts and findAccount', () => {
  it('should list one organisation’s accounts, or every one’s, with the last full sign-in only', async () => {
    await insertSession(handle.db, session('s-half', ALICE, { stage: 'PASSWORD_VERIFIED', createdAt: '2025-05-01T10:00:00.000Z' }));
    await insertSession(handle.db, session('s-full', ALICE, { createdAt: '2025-05-01T08:00:00.000Z' }));
    expect((await listAccounts(handle.db, KENT)).map((account) => [account.displayName, account.lastSignedInAt])).toEqual([
      ['Alice', '2025-05-01T08:00:00.000Z'],
    ]);
    expect((await listAccounts(handle.db, null)).map((account) => account.organisationName)).toEqual(['Kent', 'Medway']);
    expect(await findAccount(handle.db, BOB, KENT)).toBeUndefined();
    expect((await findAccount(handle.db, BOB, null))?.lastSignedInAt).toBeNull();
  });
});

describe('endOpenSessions', () => {
  it('should end only the sessions still open, and say how many', async () => {
    await insertSession(handle.db, session('b-open', BOB));
    await insertSession(handle.db, session('b-expired', BOB, { expiresAt: '2025-05-01T08:59:00.000Z' }));
    await insertSession(handle.db, session('b-revoked', BOB, { revokedAt: '2025-05-01T08:30:00.000Z' }));
    expect(await endOpenSessions(handle.db, BOB, NOW)).toBe(1);
    expect((await findSessionWithUser(handle.db, sid('b-open')))?.revokedAt).toBe(NOW);
    expect((await findSessionWithUser(handle.db, sid('b-revoked')))?.revokedAt).toBe('2025-05-01T08:30:00.000Z');
    expect(await endOpenSessions(handle.db, BOB, NOW)).toBe(0);
  });
});

describe('resetCredentials and deactivateUser', () => {
  const credentials = { passwordHash: '$argon2id$new', totpSecret: 'NEWSECRET', attempts: CLEARED, now: NOW };

  it('should reset an active account in reach, leaving the new secret unconfirmed', async () => {
    expect(await resetCredentials(handle.db, ALICE, MEDWAY, credentials)).toBe(false);
    expect(await resetCredentials(handle.db, ALICE, KENT, credentials)).toBe(true);
    expect(await findSignInAccount(handle.db, { id: ALICE })).toMatchObject({ passwordHash: '$argon2id$new', totpSecret: 'NEWSECRET', totpLastCounter: null });
  });

  it('should deactivate an account once, in reach only, and then not reset it', async () => {
    expect(await deactivateUser(handle.db, BOB, KENT, NOW)).toBeUndefined();
    expect(await deactivateUser(handle.db, BOB, MEDWAY, NOW)).toEqual({ id: BOB, organisationCode: MEDWAY });
    expect(await deactivateUser(handle.db, BOB, null, NOW)).toBeUndefined();
    expect(await resetCredentials(handle.db, BOB, null, credentials)).toBe(false);
  });
});
