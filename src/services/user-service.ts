import { createHash, randomBytes } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { Transaction } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import type { Database } from '../db/schema.ts';
import { asApp } from '../db/scope.ts';
import { findOrganisation } from '../db/repositories/organisation-repository.ts';
import {
  emailTaken,
  findPerson,
  findSignInAccount,
  findUserRef,
  insertUser,
  recordSecondFactor,
  replacePasswordHash,
  resetCredentials,
  saveAttemptState,
} from '../db/repositories/user-repository.ts';
import {
  endOpenSessions,
  endSession,
  findSessionWithUser,
  insertSession,
  lockSession,
  revokeSession,
  touchSession,
} from '../db/repositories/session-repository.ts';
import { deleteKeptAnswers, findKeptAnswersPath, upsertKeptAnswers } from '../db/repositories/kept-answers-repository.ts';
import type { KeptAnswers } from '../db/repositories/kept-answers-repository.ts';
export type { KeptAnswers } from '../db/repositories/kept-answers-repository.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { roleFitsKind } from '../domain/access/roles.ts';
import type { OrganisationKind } from '../domain/access/roles.ts';
import {
  accountAfterFailure,
  afterFailure,
  afterSuccess,
  canAttempt,
  canTryPassword,
  checkPassword,
  isLocked,
  isSessionAlive,
  normalisePassword,
  PASSWORD_LIMITS,
  PASSWORD_MAX_LENGTH,
  SIGN_IN_POLICY,
  sourceAfterFailure,
} from '../domain/sign-in-policy.ts';
import type { AttemptState, PasswordLimits, PasswordProblem, PasswordWait, SignInPolicy, TooManyAttempts } from '../domain/sign-in-policy.ts';
import {
  clearThrottle,
  emailThrottleKey,
  lockThrottle,
  pruneThrottles,
  readThrottle,
  saveThrottle,
  sourceThrottleKey,
} from '../db/repositories/sign-in-throttle-repository.ts';
import { diffFields } from './audit-log.ts';
import { isRole } from '../domain/access/actor.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import { initialPassword } from './initial-password.ts';
import { isUuid } from '../domain/ids.ts';

// People sign in with an email and password, then a TOTP code from an authenticator app: every
// role needs both. After the password the session is only half signed in (PASSWORD_VERIFIED) and
// good for nothing but the code; the code swaps it for a new, fully signed-in session, so the
// session id is renewed at sign-in. Sessions live on the server and are found by the SHA-256 of
// the token the browser holds, so they can be revoked, time out when idle, and end at a fixed
// time however active. Failed passwords slow the email address tried (known or not) and lock out
// only the source that fails too often; failed codes, which only the password reaches, lock the
// account's second factor (src/domain/sign-in-policy.ts).

/** argon2id cost; memory in KiB. */
export interface PasswordHashing {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP's recommended argon2id settings (Password Storage Cheat Sheet): m = 19 MiB, t = 2, p = 1. */
const OWASP_ARGON2ID: PasswordHashing = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface UserServiceOptions {
  readonly idleTimeoutMinutes: number;
  /** A signed-in session's absolute lifetime. */
  readonly sessionHours: number;
  /** How long a half-signed-in session waits for the code; 5 minutes by default. */
  readonly secondFactorMinutes?: number;
  /** Defaults to OWASP_ARGON2ID; tests pass cheaper settings. */
  readonly passwordHashing?: PasswordHashing;
  /** The name an authenticator app shows; 'Lantern' by default. */
  readonly issuer?: string;
  /** The second factor's lock-out (SIGN_IN_POLICY unless set). */
  readonly policy?: SignInPolicy;
  /** The password step's limits (PASSWORD_LIMITS unless set). */
  readonly passwordLimits?: PasswordLimits;
}

export interface NewUser {
  readonly organisationCode: string;
  readonly role: string;
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
}

export interface CreatedUser {
  readonly id: string;
  /** Base32, to type into an authenticator app. Shown once. */
  readonly totpSecret: string;
  /** otpauth://totp/… for a QR code. Shown once. */
  readonly otpauthUrl: string;
}

export type CreateUserError =
  | 'UNKNOWN_ORGANISATION'
  | 'UNKNOWN_ROLE'
  | 'INVALID_EMAIL'
  | 'INVALID_DISPLAY_NAME'
  | 'EMAIL_TAKEN'
  | { readonly kind: 'WEAK_PASSWORD'; readonly problem: PasswordProblem }
  /** People in this kind of organisation do not have the role (src/domain/access/roles.ts). */
  | { readonly kind: 'ROLE_NOT_IN_ORGANISATION'; readonly organisationKind: OrganisationKind };

/** New sign-in details after a reset. Shown once. */
export interface ResetSignIn {
  readonly password: string;
  /** Base32, to type into an authenticator app. */
  readonly totpSecret: string;
  /** otpauth://totp/… for a QR code. */
  readonly otpauthUrl: string;
  readonly sessionsRevoked: number;
}

/** What a reset puts back to new, as its audit event lists them: names only, never values. */
const SIGN_IN_RESET = ['password', 'totpSecret', 'sessions', 'failedAttempts'] as const;

export type PasswordSignInError = 'INVALID_CREDENTIALS' | PasswordWait;
export type SecondFactorError = 'INVALID_CODE' | 'SESSION_EXPIRED' | TooManyAttempts;

const TOTP_DIGITS = 6;
const TOTP_PERIOD_SECONDS = 30;
/** Codes from one step either side of now are accepted, for clock drift and typing time. */
const TOTP_WINDOW = 1;
const SECOND_FACTOR_MINUTES = 5;
/** last_seen_at is written at most this often, to spare a write on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;
/** How long answers kept as a session ended stay to be taken back by signing in again. */
const KEPT_ANSWERS_MS = 24 * 3_600_000;
const keptSince = (now: string): string => new Date(Date.parse(now) - KEPT_ANSWERS_MS).toISOString();
/** Recorded as the actor of changes made from the command line. */
const COMMAND_LINE = 'command-line';
const MAX_EMAIL_LENGTH = 254;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newSessionToken = (): string => randomBytes(32).toString('base64url');

const normaliseEmail = (email: string): string => email.normalize('NFKC').trim().toLowerCase();
const looksLikeEmail = (email: string): boolean => email.length <= MAX_EMAIL_LENGTH && EMAIL_SHAPE.test(email);

const addMinutes = (instant: string, minutes: number): string => new Date(Date.parse(instant) + minutes * 60_000).toISOString();

const stateOf = (row: AttemptState): AttemptState => ({ failedAttempts: row.failedAttempts, lastFailedAt: row.lastFailedAt, lockedUntil: row.lockedUntil });

export function createUserService(deps: ServiceDeps, options: UserServiceOptions) {
  const { db } = deps;
  const hashing = options.passwordHashing ?? OWASP_ARGON2ID;
  const policy = options.policy ?? SIGN_IN_POLICY;
  const passwordLimits = options.passwordLimits ?? PASSWORD_LIMITS;

  /** One more failure from the source, counted under its lock, taken last and held briefly; stale counts go. */
  async function countSourceFailure(trx: Transaction<Database>, key: string, now: string): Promise<void> {
    await saveThrottle(trx, key, sourceAfterFailure(await lockThrottle(trx, key), now, passwordLimits));
    await pruneThrottles(trx, addMinutes(now, -24 * 60), now);
  }
  const issuer = options.issuer ?? 'Lantern';
  const secondFactorMinutes = options.secondFactorMinutes ?? SECOND_FACTOR_MINUTES;

  /** A fully signed-in session: after the second factor, or after an organisation's identity provider. */
  async function insertSignedInSession(
    trx: Transaction<Database>,
    session: { token: string; userId: string; now: string; origin: string | null; userAgent: string | null },
  ): Promise<void> {
    await insertSession(trx, {
      id: hashSessionToken(session.token),
      userId: session.userId,
      stage: 'SIGNED_IN',
      createdAt: session.now,
      lastSeenAt: session.now,
      expiresAt: addMinutes(session.now, options.sessionHours * 60),
      revokedAt: null,
      origin: session.origin,
      userAgent: session.userAgent,
    });
  }

  async function hashPassword(password: string): Promise<string> {
    const hashed = await hash(password, { ...hashing, outputLen: 32 });
    // The library's default algorithm is argon2id; refuse to store anything else.
    if (!hashed.startsWith('$argon2id$')) throw new Error('The password hash is not argon2id');
    return hashed;
  }

  async function verifyPassword(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, password);
    } catch {
      return false; // a malformed hash matches nothing
    }
  }

  /** Whether a stored hash was made with weaker (or just other) settings than today's. */
  function needsRehash(hashed: string): boolean {
    if (!hashed.startsWith('$argon2id$')) return true;
    try {
      const used = parseOptions(hashed);
      return used.memoryCost !== hashing.memoryCost || used.timeCost !== hashing.timeCost || used.parallelism !== hashing.parallelism;
    } catch {
      return true;
    }
  }

  // An unknown email is checked against this, so it takes as long as a known one.
  let dummyHash: Promise<string> | undefined;
  const getDummyHash = (): Promise<string> => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
  // Made now, so the first unknown email does not take twice as long as the rest.
  getDummyHash().catch(() => {
    dummyHash = undefined;
  });

  const totpFor = (label: string, secret: Secret): TOTP =>
    new TOTP({ issuer, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret });

  const actorOf = (user: { id: string; organisationCode: string; localAuthorityCode: string | null }, role: Role, origin: string | null): Actor => ({
    id: user.id,
    organisationCode: user.organisationCode,
    localAuthorityCode: user.localAuthorityCode,
    role,
    origin,
  });

  return {
    /** How long a signed-in session may stay unused before it ends: the pages warn two minutes before. */
    idleTimeoutMinutes: options.idleTimeoutMinutes,

    /**
     * Makes a local account, in a role people in its organisation have. The TOTP secret is returned
     * once, to be handed to the person.
     */
    async createUser(input: NewUser, by: Actor | null = null): Promise<Result<CreatedUser, CreateUserError>> {
      const email = normaliseEmail(input.email);
      if (!looksLikeEmail(email)) return fail('INVALID_EMAIL');
      const displayName = input.displayName.trim();
      if (displayName === '' || displayName.length > 200) return fail('INVALID_DISPLAY_NAME');
      if (!isRole(input.role)) return fail('UNKNOWN_ROLE');
      const role = input.role;
      const password = checkPassword(input.password, { email, displayName });
      if (!password.ok) return fail({ kind: 'WEAK_PASSWORD', problem: password.error });
      const organisation = await findOrganisation(db, input.organisationCode);
      if (!organisation) return fail('UNKNOWN_ORGANISATION');
      if (!roleFitsKind(role, organisation.kind)) return fail({ kind: 'ROLE_NOT_IN_ORGANISATION', organisationKind: organisation.kind });
      if (await emailTaken(db, email)) return fail('EMAIL_TAKEN');

      const passwordHash = await hashPassword(password.value);
      const secret = new Secret({ size: 20 }); // 160 bits, as RFC 4226 recommends
      const id = deps.newId().toLowerCase();
      const now = deps.now();
      try {
        await asApp(db, async (trx) => {
          await insertUser(trx, {
            id,
            organisationCode: input.organisationCode,
            role,
            email,
            displayName,
            passwordHash,
            totpSecret: secret.base32,
            totpConfirmedAt: null,
            totpLastCounter: null,
            lastFailedAt: null,
            lockedUntil: null,
            createdAt: now,
            updatedAt: now,
          });
          await deps.audit.append(trx, {
            actor: by,
            ...(by === null ? { actorId: COMMAND_LINE, organisationCode: input.organisationCode, role } : {}),
            action: 'USER_CHANGED',
            entity: 'user',
            entityId: id,
            details: diffFields(null, { email, displayName, role, organisationCode: input.organisationCode }),
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) return fail('EMAIL_TAKEN');
        throw error;
      }
      return ok({ id, totpSecret: secret.base32, otpauthUrl: totpFor(email, secret).toString() });
    },

    /**
     * The first step of signing in. An unknown email and a wrong password give the same error
     * after about the same time. Success opens a half-signed-in session for the second factor;
     * the sign-in is audited once that is done.
     */
    async signInWithPassword(
      email: string,
      password: string,
      origin: string | null,
      userAgent: string | null,
    ): Promise<Result<{ sessionToken: string; stage: 'PASSWORD_VERIFIED' }, PasswordSignInError>> {
      const address = normaliseEmail(email);
      // Longer than any password allowed: wrong, but still checked so the answer takes as long.
      const candidate = normalisePassword(password).slice(0, PASSWORD_MAX_LENGTH * 4);
      const now = deps.now();
      const addressKey = emailThrottleKey(address);
      const sourceKey = sourceThrottleKey(origin);

      // Every step is the same for an address with an account and one without, so that neither the
      // answer, the limits nor the time taken says which addresses have accounts. The address's count
      // stays locked while the password is checked, so parallel guesses at it queue up and each sees
      // the delay the one before earned. Ok with the account and its stored hash, or why not.
      const checked = await asApp(db, async (trx): Promise<Result<{ id: string; passwordHash: string }, PasswordSignInError>> => {
        const tried = await lockThrottle(trx, addressKey);
        const user = looksLikeEmail(address) ? await findSignInAccount(trx, { email: address }) : undefined;
        // The name tried, when it is one: people sometimes type their password in the email box.
        const who = user
          ? { actorId: user.id, organisationCode: user.organisationCode, role: user.role }
          : { actorId: looksLikeEmail(address) ? address : 'unknown' };
        const refused = async (details: Record<string, string>) => {
          if (deps.audit.admitRefusal(origin))
            await deps.audit.append(trx, { actor: null, ...who, action: 'SIGN_IN_FAILED', entity: 'session', origin, details });
        };
        const allowed = canTryPassword(tried, await readThrottle(trx, sourceKey), now, passwordLimits);
        if (!allowed.ok) {
          await refused({ reason: 'TOO_MANY_ATTEMPTS', limit: allowed.error.limit });
          return fail(allowed.error);
        }
        // An unknown address is checked against a dummy hash, so that it takes as long as a known one.
        const matches = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), candidate);
        if (!user || !matches || !user.active || !isRole(user.role)) {
          await saveThrottle(trx, addressKey, accountAfterFailure(tried, now));
          await countSourceFailure(trx, sourceKey, now);
          await refused({ reason: user && matches ? 'ACCOUNT_DISABLED' : 'INVALID_CREDENTIALS' });
          return fail('INVALID_CREDENTIALS');
        }
        // The address's count is not cleared yet: only a full sign-in clears it.
        return ok({ id: user.id, passwordHash: user.passwordHash });
      });
      if (!checked.ok) return checked;
      const known = checked.value;

      // Hashes made with older settings are renewed while the password is at hand.
      const newHash = needsRehash(known.passwordHash) ? await hashPassword(candidate) : null;
      const sessionToken = newSessionToken();
      await asApp(db, async (trx) => {
        if (newHash !== null) await replacePasswordHash(trx, known.id, known.passwordHash, newHash);
        await insertSession(trx, {
          id: hashSessionToken(sessionToken),
          userId: known.id,
          stage: 'PASSWORD_VERIFIED',
          createdAt: now,
          lastSeenAt: now,
          expiresAt: addMinutes(now, secondFactorMinutes),
          revokedAt: null,
          origin,
          userAgent: userAgent?.slice(0, 512) ?? null,
        });
      });
      return ok({ sessionToken, stage: 'PASSWORD_VERIFIED' });
    },

    /**
     * The second step: the TOTP code. On success the half session is revoked and a new, signed-in
     * session is opened under a new token, which replaces the old one in the cookie.
     */
    async verifySecondFactor(
      sessionToken: string,
      code: string,
      origin: string | null,
    ): Promise<Result<{ sessionToken: string; actor: Actor }, SecondFactorError>> {
      const now = deps.now();
      const halfId = hashSessionToken(sessionToken);
      const newToken = newSessionToken();
      return asApp(db, async (trx): Promise<Result<{ sessionToken: string; actor: Actor }, SecondFactorError>> => {
        const half = await lockSession(trx, halfId);
        if (!half || half.stage !== 'PASSWORD_VERIFIED' || !isSessionAlive(half, now, secondFactorMinutes)) return fail('SESSION_EXPIRED');
        const revokeHalf = () => revokeSession(trx, halfId, now);

        const user = await findSignInAccount(trx, { id: half.userId }, { forUpdate: true });
        if (!user) throw new Error('A session has no account');
        const role = user.role;
        if (!user.active || !isRole(role)) {
          await revokeHalf();
          return fail('SESSION_EXPIRED');
        }
        const actor = actorOf(user, role, origin);
        const allowed = canAttempt(stateOf(user), now, policy);
        if (!allowed.ok) {
          if (deps.audit.admitRefusal(origin))
            await deps.audit.append(trx, { actor, action: 'SIGN_IN_FAILED', entity: 'session', details: { factor: 'totp', reason: 'TOO_MANY_ATTEMPTS' } });
          return fail(allowed.error);
        }

        const submitted = code.replace(/\s/g, '');
        const timestamp = Date.parse(now);
        const totp = totpFor(user.email, Secret.fromBase32(user.totpSecret));
        const delta = /^\d+$/.test(submitted) ? totp.validate({ token: submitted, timestamp, window: TOTP_WINDOW }) : null;
        const step = delta === null ? null : totp.counter({ timestamp }) + delta;
        // A code is good once: one already used, or older than the last one used, is refused.
        const replayed = step !== null && user.totpLastCounter !== null && step <= user.totpLastCounter;
        if (step === null || replayed) {
          const next = afterFailure(stateOf(user), now, policy);
          await saveAttemptState(trx, user.id, next);
          await countSourceFailure(trx, sourceThrottleKey(origin), now);
          // A lock-out sends the person back to their password.
          if (isLocked(next, now)) await revokeHalf();
          if (deps.audit.admitRefusal(origin)) {
            await deps.audit.append(trx, {
              actor,
              action: 'SIGN_IN_FAILED',
              entity: 'session',
              details: { factor: 'totp', reason: replayed ? 'CODE_REUSED' : 'INVALID_CODE' },
            });
          }
          return fail('INVALID_CODE');
        }

        await recordSecondFactor(trx, user.id, afterSuccess(), step, now);
        await clearThrottle(trx, emailThrottleKey(user.email));
        await revokeHalf();
        await insertSignedInSession(trx, { token: newToken, userId: user.id, now, origin, userAgent: half.userAgent });
        await deps.audit.append(trx, { actor, action: 'SIGN_IN', entity: 'session', details: { factors: ['password', 'totp'] } });
        return ok({ sessionToken: newToken, actor });
      });
    },

    /**
     * Opens a signed-in session for a person whose identity someone else has checked: an
     * organisation's own identity provider (OpenID Connect), which also owns the second factor.
     * Only an active account with that email IN that organisation qualifies, so one provider
     * cannot sign in another organisation's staff. Audits SIGN_IN, or SIGN_IN_FAILED.
     */
    async startSessionFor(
      organisationCode: string,
      email: string,
      origin: string | null,
      userAgent: string | null,
      method: string,
    ): Promise<Result<{ sessionToken: string; actor: Actor }, 'NO_ACCOUNT'>> {
      const address = normaliseEmail(email);
      const now = deps.now();
      const sessionToken = newSessionToken();
      return asApp(db, async (trx): Promise<Result<{ sessionToken: string; actor: Actor }, 'NO_ACCOUNT'>> => {
        const user = looksLikeEmail(address) ? await findSignInAccount(trx, { email: address, organisationCode }) : undefined;
        if (!user || !user.active || !isRole(user.role)) {
          await deps.audit.append(trx, {
            actor: null,
            actorId: user?.id ?? (looksLikeEmail(address) ? address : 'unknown'),
            organisationCode,
            ...(user ? { role: user.role } : {}),
            action: 'SIGN_IN_FAILED',
            entity: 'session',
            origin,
            details: { method, reason: user ? 'ACCOUNT_DISABLED' : 'NO_ACCOUNT' },
          });
          return fail('NO_ACCOUNT');
        }
        const actor = actorOf(user, user.role, origin);
        await insertSignedInSession(trx, { token: sessionToken, userId: user.id, now, origin, userAgent: userAgent?.slice(0, 512) ?? null });
        await deps.audit.append(trx, { actor, action: 'SIGN_IN', entity: 'session', details: { method } });
        return ok({ sessionToken, actor });
      });
    },

    /** The person a signed-in session belongs to, or null if it is unknown, revoked, expired or idle too long. */
    async authenticateSession(sessionToken: string, origin: string | null): Promise<Actor | null> {
      const now = deps.now();
      const id = hashSessionToken(sessionToken);
      const row = await findSessionWithUser(db, id);
      if (!row || row.stage !== 'SIGNED_IN' || !row.active || !isRole(row.role)) return null;
      if (!isSessionAlive(row, now, options.idleTimeoutMinutes)) return null;
      if (Date.parse(now) - Date.parse(row.lastSeenAt) >= LAST_SEEN_RESOLUTION_MS) {
        await touchSession(db, id, now);
      }
      return actorOf(row, row.role, origin);
    },

    /** "Stay signed in" on the timeout warning: the signed-in session counts as used now, however recently it was. */
    async keepSessionAlive(sessionToken: string): Promise<void> {
      await touchSession(db, hashSessionToken(sessionToken), deps.now());
    },

    /**
     * Keeps a question page's answers for the person whose signed-in session this is or was, as it
     * ends unused, so that signing in again continues the journey: not for a session signed out,
     * revoked, of a deactivated account or never fully signed in. Whether they were kept.
     */
    async keepAnswers(sessionToken: string, path: string, answers: KeptAnswers): Promise<boolean> {
      const now = deps.now();
      const row = await findSessionWithUser(db, hashSessionToken(sessionToken));
      if (!row || row.stage !== 'SIGNED_IN' || row.revokedAt !== null || !row.active) return false;
      await upsertKeptAnswers(db, { userId: row.id, path, answers, keptAt: now }, keptSince(now));
      return true;
    },

    /** The question page whose answers the person kept as their last session ended, if any: where signing in continues. */
    async keptAnswersPath(actor: Actor): Promise<string | null> {
      return findKeptAnswersPath(db, actor.id, keptSince(deps.now()));
    },

    /** Takes back the person's answers kept for the question page at `path`, once. */
    async takeKeptAnswers(actor: Actor, path: string): Promise<KeptAnswers | null> {
      return deleteKeptAnswers(db, actor.id, path, keptSince(deps.now()));
    },

    /** Ends a session (either stage). False if it was unknown or already ended. */
    async signOut(sessionToken: string, origin: string | null = null): Promise<boolean> {
      const now = deps.now();
      return asApp(db, async (trx) => {
        const ended = await endSession(trx, hashSessionToken(sessionToken), now);
        if (!ended) return false;
        const user = await findUserRef(trx, ended.userId);
        if (!user) throw new Error('A session has no account');
        await deps.audit.append(trx, {
          actor: null,
          actorId: user.id,
          organisationCode: user.organisationCode,
          role: user.role,
          action: 'SIGN_OUT',
          entity: 'session',
          origin,
          details: { stage: ended.stage },
        });
        return true;
      });
    },

    /**
     * New sign-in details for someone who has lost their password or their authenticator: a new
     * generated password and TOTP secret replace the old ones, every open session ends (either
     * stage) and failed attempts and any lock-out are cleared, in one transaction with one audited
     * change. Only an active account, and only in `within.organisationCode` unless that is null (the
     * caller decides who may; a person out of reach is NOT_FOUND, as if there were no such account).
     */
    async resetSignIn(
      userId: string,
      by: Actor,
      within: { readonly organisationCode: string | null },
    ): Promise<Result<ResetSignIn, 'NOT_FOUND' | 'DEACTIVATED'>> {
      if (!isUuid(userId)) return fail('NOT_FOUND');
      const id = userId.toLowerCase();
      const inReach = (organisationCode: string): boolean => within.organisationCode === null || organisationCode === within.organisationCode;
      const person = await findPerson(db, id);
      if (!person || !inReach(person.organisationCode)) return fail('NOT_FOUND');
      if (!person.active) return fail('DEACTIVATED');

      // Hashed before the transaction, so the account is not held while argon2 works.
      const password = initialPassword(person);
      const passwordHash = await hashPassword(password);
      const secret = new Secret({ size: 20 });
      const now = deps.now();
      const sessionsRevoked = await asApp(db, async (trx): Promise<number | null> => {
        // Checked again as it is written: the account may have been deactivated meanwhile.
        const changed = await resetCredentials(trx, id, within.organisationCode, { passwordHash, totpSecret: secret.base32, attempts: afterSuccess(), now });
        if (!changed) return null;
        await clearThrottle(trx, emailThrottleKey(person.email));
        const ended = await endOpenSessions(trx, id, now);
        await deps.audit.append(trx, {
          actor: by,
          action: 'USER_CHANGED',
          entity: 'user',
          entityId: id,
          details: { reset: [...SIGN_IN_RESET], sessionsRevoked: ended },
        });
        return ended;
      });
      if (sessionsRevoked === null) return fail('DEACTIVATED');
      return ok({ password, totpSecret: secret.base32, otpauthUrl: totpFor(person.email, secret).toString(), sessionsRevoked });
    },

    /** Ends every open session of a user (a stolen device, a leaver, a changed password); returns how many. */
    async revokeSessionsOfUser(userId: string, by: Actor | null = null): Promise<number> {
      const now = deps.now();
      return asApp(db, async (trx) => {
        if (!isUuid(userId)) return 0;
        const user = await findUserRef(trx, userId);
        if (!user) return 0;
        const ended = await endOpenSessions(trx, userId, now);
        if (ended > 0) {
          await deps.audit.append(trx, {
            actor: by,
            ...(by === null ? { actorId: COMMAND_LINE, organisationCode: user.organisationCode, role: user.role } : {}),
            action: 'USER_CHANGED',
            entity: 'user',
            entityId: user.id,
            details: { sessionsRevoked: ended },
          });
        }
        return ended;
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
