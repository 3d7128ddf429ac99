import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { TOTP, URI } from 'otpauth';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { emailThrottleKey } from '../db/repositories/sign-in-throttle-repository.ts';
import type { Database } from '../db/schema.ts';
import { ORGANISATION_KINDS, roleFitsKind } from '../domain/access/roles.ts';
import { ROLES } from '../domain/access/actor.ts';
import { createAuditLog } from './audit-log.ts';
import type { ServiceDeps } from './deps.ts';
import { createUserService, hashSessionToken } from './user-service.ts';
import type { CreatedUser, UserService, UserServiceOptions } from './user-service.ts';

const KENT = 'E10000016';
const PASSWORD = 'violet tractor umbrella';
const ORIGIN = '192.0.2.10';
const AGENT = 'Mozilla/5.0 (test)';
/** Cheap argon2id settings so the suite stays fast; production uses OWASP's. */
const CHEAP_HASHING = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const OPTIONS: UserServiceOptions = { idleTimeoutMinutes: 30, sessionHours: 12, passwordHashing: CHEAP_HASHING };

let handle: DatabaseHandle;
let db: Kysely<Database>;
let deps: ServiceDeps;
let users: UserService;
// Time only moves forward here, as it does for the audit trail's chains.
const clock = createFakeClock('2025-03-01T09:00:00Z');
const advanceSeconds = (seconds: number) => {
  clock.set(new Date(Date.parse(clock.now()) + seconds * 1000).toISOString());
};
const advanceMinutes = (minutes: number) => {
  advanceSeconds(minutes * 60);
};

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  deps = { db, now: clock.now, newId: randomUUID, audit: createAuditLog({ now: clock.now, newId: randomUUID }) };
  users = createUserService(deps, OPTIONS);
});

afterAll(async () => {
  if (handle.engine === 'postgres') await closeConnections();
  await handle.close();
});

/**
 * Ends the pool and waits until the server has seen every connection go. The helper's close()
 * drops the test database `with (force)` as soon as the pool's end() resolves, which is before
 * its connections have closed; with several open (the parallel-guesses test) the server kills one
 * mid-close and pg raises that as an unhandled error, failing the run.
 */
async function closeConnections(): Promise<void> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const name = rows[0]?.name;
  await db.destroy();
  const admin = new pg.Client({ connectionString: process.env['LANTERN_TEST_DATABASE_URL'] });
  await admin.connect();
  try {
    for (let tries = 0; tries < 100; tries++) {
      const open = await admin.query<{ count: number }>('select count(*)::int as count from pg_stat_activity where datname = $1', [name]);
      if (open.rows[0]?.count === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await admin.end();
  }
}

beforeEach(() => {
  // A new day, and a new half-minute step for TOTP codes.
  clock.advanceHours(24);
});

interface TestUser extends CreatedUser {
  readonly email: string;
}

let counter = 0;
async function newUser(role = 'social_worker'): Promise<TestUser> {
  counter += 1;
  const email = `worker${counter}@kent.example.org`;
  const created = await users.createUser({ organisationCode: KENT, role, email, displayName: `Worker ${counter}`, password: PASSWORD });
  if (!created.ok) throw new Error(`createUser failed: ${JSON.stringify(created.error)}`);
  return { ...created.value, email };
}

/** The code an authenticator app shows now (or `steps` half-minutes from now), set up from the QR code's URL. */
function codeFor(user: TestUser, steps = 0): string {
  const totp = URI.parse(user.otpauthUrl);
  if (!(totp instanceof TOTP)) throw new Error('not a TOTP URL');
  return totp.generate({ timestamp: Date.parse(clock.now()) + steps * 30_000 });
}

async function passwordStep(user: TestUser, password = PASSWORD): Promise<string> {
  const result = await users.signInWithPassword(user.email, password, ORIGIN, AGENT);
  if (!result.ok) throw new Error(`signInWithPassword failed: ${JSON.stringify(result.error)}`);
  return result.value.sessionToken;
}

async function signIn(user: TestUser): Promise<string> {
  const half = await passwordStep(user);
  const result = await users.verifySecondFactor(half, codeFor(user), ORIGIN);
  if (!result.ok) throw new Error(`verifySecondFactor failed: ${JSON.stringify(result.error)}`);
  return result.value.sessionToken;
}

const userRow = (id: string) => db.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const eventsBy = (actorId: string) => db.selectFrom('auditEvent').selectAll().where('actorId', '=', actorId).orderBy('occurredAt').orderBy('seq').execute();
const actionsBy = async (actorId: string) => (await eventsBy(actorId)).map((event) => event.action);
const throttleOf = (email: string) => db.selectFrom('signInThrottle').selectAll().where('key', '=', emailThrottleKey(email)).executeTakeFirst();

describe('createUser', () => {
  it('should store an argon2id hash that is never the password, a lower-cased email and a TOTP secret', async () => {
    const created = await users.createUser({
      organisationCode: KENT,
      role: 'team_manager',
      email: '  Priya.Shah@Kent.Example.ORG ',
      displayName: 'Priya Shah',
      password: PASSWORD,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const row = await userRow(created.value.id);
    expect(row.email).toBe('priya.shah@kent.example.org');
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(row.totpSecret).toBe(created.value.totpSecret);
    expect(created.value.totpSecret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits
    expect(created.value.otpauthUrl).toMatch(
      /^otpauth:\/\/totp\/Lantern:priya\.shah%40kent\.example\.org\?issuer=Lantern&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/,
    );
    expect(row).toMatchObject({ role: 'team_manager', organisationCode: KENT, failedAttempts: 0, active: true, totpConfirmedAt: null });
  });

  it('should record the creation in the audit trail as done from the command line, without the password', async () => {
    const user = await newUser();
    const [event] = await db.selectFrom('auditEvent').selectAll().where('entityId', '=', user.id).execute();
    expect(event).toMatchObject({ actorId: 'command-line', organisationCode: KENT, role: 'social_worker', action: 'USER_CHANGED', entity: 'user' });
    expect(JSON.stringify(event?.details)).toContain(user.email);
    expect(JSON.stringify(event?.details)).not.toContain(PASSWORD);
  });

  it('should refuse a weak password', async () => {
    const attempt = (password: string) =>
      users.createUser({ organisationCode: KENT, role: 'social_worker', email: 'weak@kent.example.org', displayName: 'Weak', password });
    expect(await attempt('short')).toEqual({ ok: false, error: { kind: 'WEAK_PASSWORD', problem: 'TOO_SHORT' } });
    expect(await attempt('Password1234!')).toEqual({ ok: false, error: { kind: 'WEAK_PASSWORD', problem: 'COMMON' } });
    expect(await attempt('x'.repeat(129))).toEqual({ ok: false, error: { kind: 'WEAK_PASSWORD', problem: 'TOO_LONG' } });
    expect(await db.selectFrom('appUser').select('id').where('email', '=', 'weak@kent.example.org').executeTakeFirst()).toBeUndefined();
  });

  it('should refuse an unknown role or organisation, a malformed email and an email already taken in any case', async () => {
    const base = { organisationCode: KENT, role: 'social_worker', email: 'someone@kent.example.org', displayName: 'Someone', password: PASSWORD };
    expect(await users.createUser({ ...base, role: 'superuser' })).toEqual({ ok: false, error: 'UNKNOWN_ROLE' });
    expect(await users.createUser({ ...base, organisationCode: 'NOWHERE' })).toEqual({ ok: false, error: 'UNKNOWN_ORGANISATION' });
    expect(await users.createUser({ ...base, email: 'not an email' })).toEqual({ ok: false, error: 'INVALID_EMAIL' });
    expect(await users.createUser({ ...base, displayName: '  ' })).toEqual({ ok: false, error: 'INVALID_DISPLAY_NAME' });
    expect((await users.createUser(base)).ok).toBe(true);
    expect(await users.createUser({ ...base, email: 'SOMEONE@kent.example.org' })).toEqual({ ok: false, error: 'EMAIL_TAKEN' });
  });

  it('should refuse a role people in the organisation do not have, writing nothing', async () => {
    const police = 'SERVICE-TEST-POLICE';
    await db.insertInto('organisation').values({ code: police, name: 'Test Police', kind: 'police_force', localAuthorityCode: null }).execute();
    const auditedBefore = await db
      .selectFrom('auditEvent')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const misfit = { organisationCode: police, role: 'social_worker', email: 'misfit@police.example.org', displayName: 'Misfit', password: PASSWORD };
    expect(await users.createUser(misfit)).toEqual({ ok: false, error: { kind: 'ROLE_NOT_IN_ORGANISATION', organisationKind: 'police_force' } });
    expect(await users.createUser({ ...misfit, organisationCode: KENT, role: 'police_coordinator' })).toEqual({
      ok: false,
      error: { kind: 'ROLE_NOT_IN_ORGANISATION', organisationKind: 'local_authority' },
    });
    expect(await db.selectFrom('appUser').select('id').where('email', '=', misfit.email).executeTakeFirst()).toBeUndefined();
    expect(
      await db
        .selectFrom('auditEvent')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow(),
    ).toEqual(auditedBefore);

    const fits = await users.createUser({ ...misfit, role: 'police_coordinator' });
    expect(fits.ok).toBe(true);
    if (fits.ok) expect(await userRow(fits.value.id)).toMatchObject({ organisationCode: police, role: 'police_coordinator' });
  });

  it('should have a kind of organisation for every role, so each can be given', () => {
    for (const role of ROLES)
      expect(
        ORGANISATION_KINDS.some((kind) => roleFitsKind(role, kind)),
        role,
      ).toBe(true);
  });
});

describe('signing in', () => {
  it('should sign in with the password and then a code from the authenticator, renewing the session token', async () => {
    const user = await newUser();
    const first = await users.signInWithPassword(user.email.toUpperCase(), PASSWORD, ORIGIN, AGENT);
    expect(first).toEqual({ ok: true, value: { sessionToken: expect.any(String), stage: 'PASSWORD_VERIFIED' } });
    if (!first.ok) return;
    const half = first.value.sessionToken;
    // Half signed in is not signed in.
    expect(await users.authenticateSession(half, ORIGIN)).toBeNull();
    // Nothing is audited until the second factor.
    expect(await actionsBy(user.id)).toEqual([]);

    const second = await users.verifySecondFactor(half, codeFor(user), '192.0.2.11');
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    const actor = { id: user.id, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker', origin: '192.0.2.11' };
    expect(second.value.actor).toEqual(actor);
    expect(second.value.sessionToken).not.toBe(half);
    expect(second.value.sessionToken).toMatch(/^[\w-]{43}$/); // 32 random bytes

    expect(await users.authenticateSession(second.value.sessionToken, '192.0.2.12')).toEqual({ ...actor, origin: '192.0.2.12' });
    // The half session's token is dead: the session id was renewed.
    expect(await users.authenticateSession(half, ORIGIN)).toBeNull();
    expect(await users.verifySecondFactor(half, codeFor(user), ORIGIN)).toEqual({ ok: false, error: 'SESSION_EXPIRED' });

    const row = await userRow(user.id);
    expect(row.totpConfirmedAt).toBe(clock.now());
    const [signInEvent] = await eventsBy(user.id);
    expect(signInEvent).toMatchObject({ action: 'SIGN_IN', entity: 'session', organisationCode: KENT, role: 'social_worker', origin: '192.0.2.11' });
  });

  it('should keep only the SHA-256 of a session token, never the token', async () => {
    const user = await newUser();
    const token = await signIn(user);
    const sessions = await db.selectFrom('userSession').selectAll().where('userId', '=', user.id).orderBy('createdAt').execute();
    expect(sessions.map((s) => s.stage)).toEqual(['PASSWORD_VERIFIED', 'SIGNED_IN']);
    expect(sessions[1]).toMatchObject({ id: hashSessionToken(token), origin: ORIGIN, userAgent: AGENT, revokedAt: null });
    expect(sessions[0]?.revokedAt).toBe(clock.now());
    expect(sessions.some((s) => s.id === token)).toBe(false);
  });

  it('should give the same error for a wrong password and an unknown email, and audit both', async () => {
    const user = await newUser();
    const wrong = await users.signInWithPassword(user.email, 'violet tractor umbrellas', ORIGIN, AGENT);
    const unknown = await users.signInWithPassword('nobody@kent.example.org', PASSWORD, ORIGIN, AGENT);
    expect(wrong).toEqual({ ok: false, error: 'INVALID_CREDENTIALS' });
    expect(unknown).toEqual(wrong);
    expect(await eventsBy(user.id)).toMatchObject([{ action: 'SIGN_IN_FAILED', entity: 'session', origin: ORIGIN, organisationCode: KENT }]);
    expect(await eventsBy('nobody@kent.example.org')).toMatchObject([{ action: 'SIGN_IN_FAILED', organisationCode: 'unknown', origin: ORIGIN }]);
    // Counted by the address tried, known or not, never against the account itself.
    expect(await throttleOf(user.email)).toMatchObject({ failures: 1 });
    expect(await throttleOf('nobody@kent.example.org')).toMatchObject({ failures: 1 });
    expect((await userRow(user.id)).failedAttempts).toBe(0);
  });

  it('should not write what was typed in the email box to the audit trail unless it looks like an email', async () => {
    await users.signInWithPassword('hunter2-my-password', PASSWORD, ORIGIN, AGENT);
    expect(await eventsBy('hunter2-my-password')).toEqual([]);
  });

  it('should refuse a correct password for a disabled account with the same error', async () => {
    const user = await newUser();
    const token = await signIn(user);
    await db.updateTable('appUser').set({ active: false }).where('id', '=', user.id).execute();
    expect(await users.signInWithPassword(user.email, PASSWORD, ORIGIN, AGENT)).toEqual({ ok: false, error: 'INVALID_CREDENTIALS' });
    expect(await users.authenticateSession(token, ORIGIN)).toBeNull();
  });
});

describe('limits on guessing nobody can use to lock a person out', () => {
  const wrongPassword = (email: string, origin = ORIGIN) => users.signInWithPassword(email, 'not the right passphrase', origin, AGENT);

  /** What each attempt at an address gets: five free failures, then a wait that doubles from 2 seconds and stops at 30. */
  async function guessAndWait(email: string): Promise<unknown[]> {
    const answers: unknown[] = [];
    for (let i = 0; i < 5; i++) answers.push(await wrongPassword(email));
    for (const delay of [2, 4, 8, 16, 30, 30]) {
      answers.push(await wrongPassword(email));
      // Even the right password must wait, and is told how long, in seconds.
      answers.push(await users.signInWithPassword(email, PASSWORD, ORIGIN, AGENT));
      advanceSeconds(delay);
    }
    return answers;
  }

  it('should slow guesses at an address with a delay that stops growing at half a minute, and never lock the person out', async () => {
    const user = await newUser();
    const answers = await guessAndWait(user.email);
    const wait = (seconds: number) => ({ ok: false, error: { kind: 'TOO_MANY_ATTEMPTS', limit: 'ACCOUNT', retryAfterSeconds: seconds } });
    const wrong = { ok: false, error: 'INVALID_CREDENTIALS' };
    expect(answers).toEqual([
      wrong,
      wrong,
      wrong,
      wrong,
      wrong,
      wrong,
      wait(2),
      wrong,
      wait(4),
      wrong,
      wait(8),
      wrong,
      wait(16),
      wrong,
      wait(30),
      wrong,
      wait(30),
    ]);
    // After eleven failures the person waits half a minute, then signs in; the count is cleared.
    await signIn(user);
    expect(await throttleOf(user.email)).toBeUndefined();
    expect(await userRow(user.id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
  });

  it('should answer an address with no account exactly as one with an account, delays and all', async () => {
    const user = await newUser();
    const known = await guessAndWait(user.email);
    const unknown = await guessAndWait('no.such.person@kent.example.org');
    expect(unknown).toEqual(known);
  });

  it('should lock out only the source that fails too often, while the person signs in from elsewhere', async () => {
    const user = await newUser();
    const attacker = '203.0.113.66';
    // Thirty failures from one address in a quarter of an hour, spread over many accounts, known or not.
    for (let i = 0; i < 30; i++)
      expect(await wrongPassword(i < 5 ? user.email : `guess${i}@kent.example.org`, attacker)).toEqual({ ok: false, error: 'INVALID_CREDENTIALS' });
    const lockedOut = { ok: false, error: { kind: 'TOO_MANY_ATTEMPTS', limit: 'SOURCE', retryAfterSeconds: 900 } };
    expect(await users.signInWithPassword(user.email, PASSWORD, attacker, AGENT)).toEqual(lockedOut);
    expect(await users.signInWithPassword('anyone.else@kent.example.org', PASSWORD, attacker, AGENT)).toEqual(lockedOut);
    // The person, on their own network, signs in as ever.
    await signIn(user);
    advanceMinutes(15);
    expect(await users.signInWithPassword(user.email, 'not the right passphrase', attacker, AGENT)).toEqual({ ok: false, error: 'INVALID_CREDENTIALS' });
  });

  it('should count parallel guesses at an address one after another, so they cannot slip past the delay', async () => {
    const user = await newUser();
    const results = await Promise.all(Array.from({ length: 8 }, () => wrongPassword(user.email)));
    expect(results.filter((r) => !r.ok && r.error === 'INVALID_CREDENTIALS')).toHaveLength(6);
    expect(results.filter((r) => !r.ok && typeof r.error === 'object')).toHaveLength(2);
    expect(await throttleOf(user.email)).toMatchObject({ failures: 6 });
  });

  it('should lock the second factor after ten wrong codes, and send the person back to their password', async () => {
    const user = await newUser();
    const half = await passwordStep(user);
    const wrongCode = codeFor(user, 1000); // a real code, but for eight hours from now
    for (let i = 1; i <= 9; i++) {
      expect(await users.verifySecondFactor(half, wrongCode, ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
      const wait = canWaitFor(await userRow(user.id));
      advanceSeconds(wait);
    }
    expect(await users.verifySecondFactor(half, wrongCode, ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
    expect((await userRow(user.id)).lockedUntil).not.toBeNull();
    // The half session went with the lock-out. Only someone with the password reaches the code, so the
    // password step still answers as for anyone; the code is refused until the lock-out ends.
    expect(await users.verifySecondFactor(half, codeFor(user), ORIGIN)).toEqual({ ok: false, error: 'SESSION_EXPIRED' });
    const again = await passwordStep(user);
    expect(await users.verifySecondFactor(again, codeFor(user), ORIGIN)).toEqual({ ok: false, error: { kind: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1800 } });
    expect((await eventsBy(user.id)).filter((e) => e.action === 'SIGN_IN_FAILED').map((e) => (e.details as { reason: string }).reason)).toEqual([
      ...Array.from({ length: 10 }, () => 'INVALID_CODE'),
      'TOO_MANY_ATTEMPTS',
    ]);
  });

  it('should not clear failed codes when the password is right, so the password cannot reset the count', async () => {
    const user = await newUser();
    for (let i = 0; i < 3; i++) {
      const half = await passwordStep(user);
      expect(await users.verifySecondFactor(half, '000000', ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
    }
    await passwordStep(user);
    expect((await userRow(user.id)).failedAttempts).toBe(3);
  });
});

/** Seconds until the next attempt is allowed, from a user's row: 0, 0, 0, 2, 4 … after each failure. */
function canWaitFor(row: { failedAttempts: number }): number {
  return row.failedAttempts <= 3 ? 0 : 2 ** (row.failedAttempts - 3);
}

describe('the second factor', () => {
  it('should refuse a wrong code, then accept the right one', async () => {
    const user = await newUser();
    const half = await passwordStep(user);
    const right = codeFor(user);
    const wrong = right === '123456' ? '654321' : '123456';
    expect(await users.verifySecondFactor(half, wrong, ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
    expect(await users.verifySecondFactor(half, 'abcdef', ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
    expect((await userRow(user.id)).failedAttempts).toBe(2);
    expect((await users.verifySecondFactor(half, right, ORIGIN)).ok).toBe(true);
    expect(await actionsBy(user.id)).toEqual(['SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN']);
  });

  it('should accept a code from one step either side of now, and no further', async () => {
    const user = await newUser();
    expect((await users.verifySecondFactor(await passwordStep(user), codeFor(user, -1), ORIGIN)).ok).toBe(true);
    advanceMinutes(5);
    expect((await users.verifySecondFactor(await passwordStep(user), codeFor(user, 1), ORIGIN)).ok).toBe(true);
    advanceMinutes(5);
    expect(await users.verifySecondFactor(await passwordStep(user), codeFor(user, 2), ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
  });

  it('should refuse a code already used, and an older one, but take the next step’s code', async () => {
    const user = await newUser();
    const code = codeFor(user);
    await signIn(user);
    // The same code again, in the same half-minute: someone who saw it over a shoulder.
    const half = await passwordStep(user);
    expect(await users.verifySecondFactor(half, code, ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
    // Inside the window, but older than the one used.
    expect(await users.verifySecondFactor(half, codeFor(user, -1), ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
    advanceSeconds(30);
    // The used code is now the previous step's, still inside the window: still refused.
    expect(await users.verifySecondFactor(half, code, ORIGIN)).toEqual({ ok: false, error: 'INVALID_CODE' });
    expect((await users.verifySecondFactor(half, codeFor(user), ORIGIN)).ok).toBe(true);
    const reasons = (await eventsBy(user.id)).filter((e) => e.action === 'SIGN_IN_FAILED').map((e) => (e.details as { reason: string }).reason);
    expect(reasons).toEqual(['CODE_REUSED', 'CODE_REUSED', 'CODE_REUSED']);
  });

  it('should let a half-signed-in session wait five minutes for the code, and no longer', async () => {
    const user = await newUser();
    const half = await passwordStep(user);
    advanceMinutes(5);
    expect(await users.verifySecondFactor(half, codeFor(user), ORIGIN)).toEqual({ ok: false, error: 'SESSION_EXPIRED' });
    expect(await users.verifySecondFactor('not-a-session', codeFor(user), ORIGIN)).toEqual({ ok: false, error: 'SESSION_EXPIRED' });
  });

  it('should not take a signed-in session’s token for the second factor', async () => {
    const user = await newUser();
    const token = await signIn(user);
    advanceSeconds(30);
    expect(await users.verifySecondFactor(token, codeFor(user), ORIGIN)).toEqual({ ok: false, error: 'SESSION_EXPIRED' });
  });
});

describe('sessions', () => {
  it('should end a session idle for thirty minutes, however long it has lasted', async () => {
    const user = await newUser();
    const token = await signIn(user);
    advanceMinutes(29);
    expect(await users.authenticateSession(token, ORIGIN)).not.toBeNull();
    advanceMinutes(29);
    expect(await users.authenticateSession(token, ORIGIN)).not.toBeNull();
    advanceMinutes(30);
    expect(await users.authenticateSession(token, ORIGIN)).toBeNull();
  });

  it('should write last_seen_at at most once a minute', async () => {
    const user = await newUser();
    const token = await signIn(user);
    const signedInAt = clock.now();
    const lastSeen = async () =>
      (await db.selectFrom('userSession').select('lastSeenAt').where('id', '=', hashSessionToken(token)).executeTakeFirstOrThrow()).lastSeenAt;
    advanceSeconds(59);
    await users.authenticateSession(token, ORIGIN);
    expect(await lastSeen()).toBe(signedInAt);
    advanceSeconds(1);
    await users.authenticateSession(token, ORIGIN);
    expect(await lastSeen()).toBe(clock.now());
  });

  it('should end a session at its absolute expiry however busy it is', async () => {
    const user = await newUser();
    const token = await signIn(user);
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      advanceMinutes(20);
      expect(await users.authenticateSession(token, ORIGIN), `after ${minutes} minutes`).not.toBeNull();
    }
    advanceMinutes(20); // 12 hours since sign-in
    expect(await users.authenticateSession(token, ORIGIN)).toBeNull();
  });

  it('should revoke a session at sign-out and refuse it afterwards', async () => {
    const user = await newUser();
    const token = await signIn(user);
    advanceSeconds(30); // a new code for the second device
    const other = await signIn(user);
    expect(await users.signOut(token, ORIGIN)).toBe(true);
    expect(await users.authenticateSession(token, ORIGIN)).toBeNull();
    expect(await users.signOut(token, ORIGIN)).toBe(false);
    // Signing out of one session leaves the person's others alone.
    expect(await users.authenticateSession(other, ORIGIN)).not.toBeNull();
    const signOut = (await eventsBy(user.id)).find((e) => e.action === 'SIGN_OUT');
    expect(signOut).toMatchObject({ entity: 'session', organisationCode: KENT, role: 'social_worker', origin: ORIGIN });
  });

  it('should revoke every session of a user and audit it', async () => {
    const user = await newUser();
    const first = await signIn(user);
    advanceSeconds(30);
    const second = await signIn(user);
    expect(await users.revokeSessionsOfUser(user.id)).toBe(2);
    expect(await users.authenticateSession(first, ORIGIN)).toBeNull();
    expect(await users.authenticateSession(second, ORIGIN)).toBeNull();
    expect(await users.revokeSessionsOfUser(user.id)).toBe(0);
    expect(await users.revokeSessionsOfUser('not-a-uuid')).toBe(0);
    const [event] = await db
      .selectFrom('auditEvent')
      .selectAll()
      .where('entityId', '=', user.id)
      .where('action', '=', 'USER_CHANGED')
      .orderBy('occurredAt', 'desc')
      .limit(1)
      .execute();
    expect(event).toMatchObject({ actorId: 'command-line', details: { sessionsRevoked: 2 } });
  });

  it('should refuse tokens it never issued', async () => {
    expect(await users.authenticateSession('', ORIGIN)).toBeNull();
    expect(await users.authenticateSession('x'.repeat(43), ORIGIN)).toBeNull();
    expect(await users.signOut('x'.repeat(43))).toBe(false);
  });
});

describe('password hashing settings', () => {
  it('should use OWASP’s argon2id settings by default', async () => {
    const strong = createUserService(deps, { idleTimeoutMinutes: 30, sessionHours: 12 });
    const created = await strong.createUser({
      organisationCode: KENT,
      role: 'team_manager',
      email: 'owasp@kent.example.org',
      displayName: 'Owasp',
      password: PASSWORD,
    });
    if (!created.ok) throw new Error('createUser failed');
    expect((await userRow(created.value.id)).passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('should rehash a password made with other settings when it is next used', async () => {
    const user = await newUser();
    const stronger = createUserService(deps, { ...OPTIONS, passwordHashing: { memoryCost: 2048, timeCost: 2, parallelism: 1 } });
    expect((await stronger.signInWithPassword(user.email, PASSWORD, ORIGIN, AGENT)).ok).toBe(true);
    expect((await userRow(user.id)).passwordHash).toMatch(/^\$argon2id\$v=19\$m=2048,t=2,p=1\$/);
    expect((await users.signInWithPassword(user.email, PASSWORD, ORIGIN, AGENT)).ok).toBe(true);
  });
});
