import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// The rules of signing in, free of I/O so they can be tested with plain values: how long
// someone must wait after failed attempts, when an account locks, when a session has gone
// idle, and which passwords are refused. OWASP ASVS level 2 (V2.2, V2.1, V3.3) and
// NIST SP 800-63B are the yardsticks.

export interface SignInPolicy {
  /** Failures allowed before any delay. */
  readonly freeAttempts: number;
  /** Consecutive failures that lock the account. */
  readonly lockAfterFailures: number;
  readonly lockMinutes: number;
  /** The growing delay stops growing here. */
  readonly maxDelaySeconds: number;
}

export const SIGN_IN_POLICY: SignInPolicy = {
  freeAttempts: 3,
  lockAfterFailures: 10,
  lockMinutes: 30,
  maxDelaySeconds: 15 * 60,
};

/** A user's failed-attempt bookkeeping, as kept on their row. Instants are ISO strings. */
export interface AttemptState {
  readonly failedAttempts: number;
  readonly lastFailedAt: string | null;
  readonly lockedUntil: string | null;
}

export const FRESH_ATTEMPTS: AttemptState = { failedAttempts: 0, lastFailedAt: null, lockedUntil: null };

export interface TooManyAttempts {
  readonly kind: 'TOO_MANY_ATTEMPTS';
  readonly retryAfterSeconds: number;
}

/** Seconds to wait after `failures` consecutive failures: 0, 0, 0, then 2, 4, 8, … up to the cap. */
export function delayAfter(failures: number, policy: Pick<SignInPolicy, 'freeAttempts' | 'maxDelaySeconds'> = SIGN_IN_POLICY): number {
  if (failures <= policy.freeAttempts) return 0;
  // Capped before exponentiating so a huge count cannot overflow to Infinity.
  const exponent = Math.min(failures - policy.freeAttempts, 31);
  return Math.min(2 ** exponent, policy.maxDelaySeconds);
}

const secondsUntil = (later: number, now: number): number => Math.max(1, Math.ceil((later - now) / 1000));

/** Whether another attempt may be made now, or how long to wait. */
export function canAttempt(state: AttemptState, now: string, policy: SignInPolicy = SIGN_IN_POLICY): Result<null, TooManyAttempts> {
  const at = Date.parse(now);
  if (state.lockedUntil !== null && Date.parse(state.lockedUntil) > at) {
    return fail({ kind: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: secondsUntil(Date.parse(state.lockedUntil), at) });
  }
  const delay = delayAfter(state.failedAttempts, policy);
  if (delay > 0 && state.lastFailedAt !== null) {
    const allowedFrom = Date.parse(state.lastFailedAt) + delay * 1000;
    if (allowedFrom > at) return fail({ kind: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: secondsUntil(allowedFrom, at) });
  }
  return ok(null);
}

/**
 * The state after a failed password or code. Failures stay counted until a full sign-in succeeds,
 * so once an account has locked, every further failure locks it again: after the first lock-out
 * an attacker gets one guess per lock period, which keeps within NIST's limit of 100 consecutive
 * failures a day or so.
 */
export function afterFailure(state: AttemptState, now: string, policy: SignInPolicy = SIGN_IN_POLICY): AttemptState {
  const failedAttempts = state.failedAttempts + 1;
  const lockedUntil = failedAttempts >= policy.lockAfterFailures ? new Date(Date.parse(now) + policy.lockMinutes * 60_000).toISOString() : state.lockedUntil;
  return { failedAttempts, lastFailedAt: now, lockedUntil };
}

/** The state after a full sign-in (password and second factor). */
export const afterSuccess = (): AttemptState => FRESH_ATTEMPTS;

export const isLocked = (state: AttemptState, now: string): boolean => state.lockedUntil !== null && Date.parse(state.lockedUntil) > Date.parse(now);

// Passwords tried: limits nobody can use to lock a person out ---------------------------------
//
// The password step is limited twice, and the same whether an account exists or not, so that neither
// limit tells an attacker which email addresses have accounts:
// - by the email address tried (its hash), a growing delay between attempts that stops growing at
//   half a minute: it slows guessing at one account to a couple of tries a minute, and an attacker
//   can make the person wait that long at most, never lock them out;
// - by the address the attempts come from (an IPv6 /64 counts as one), a lock-out once it has failed
//   too often in a short while, for that address only.
// The second factor keeps the account's own lock-out above: only someone who has the password reaches it.

/** Failed passwords for one email address, or from one address, as kept between attempts. */
export interface ThrottleState {
  readonly failures: number;
  /** When the source's counting window began. */
  readonly windowStartedAt: string | null;
  readonly lastFailedAt: string | null;
  readonly lockedUntil: string | null;
}

export const FRESH_THROTTLE: ThrottleState = { failures: 0, windowStartedAt: null, lastFailedAt: null, lockedUntil: null };

export interface PasswordLimits {
  /** Failures at one email address allowed before any delay. */
  readonly freeAttempts: number;
  /** The delay at one email address stops growing here: it slows, never blocks. */
  readonly maxDelaySeconds: number;
  /** Failures from one source within the window that lock the source out. */
  readonly sourceFailures: number;
  readonly sourceWindowMinutes: number;
  readonly sourceLockMinutes: number;
}

export const PASSWORD_LIMITS: PasswordLimits = { freeAttempts: 5, maxDelaySeconds: 30, sourceFailures: 30, sourceWindowMinutes: 15, sourceLockMinutes: 15 };

/** Why a password attempt must wait: the email address's delay, or the source's lock-out. */
export interface PasswordWait extends TooManyAttempts {
  readonly limit: 'ACCOUNT' | 'SOURCE';
}

/**
 * Whether a password may be tried now, from this source at this email address. The source's
 * lock-out is checked first: it is the longer wait, and says nothing about the address.
 */
export function canTryPassword(
  account: ThrottleState,
  source: ThrottleState,
  now: string,
  limits: PasswordLimits = PASSWORD_LIMITS,
): Result<null, PasswordWait> {
  const at = Date.parse(now);
  if (source.lockedUntil !== null && Date.parse(source.lockedUntil) > at) {
    return fail({ kind: 'TOO_MANY_ATTEMPTS', limit: 'SOURCE', retryAfterSeconds: secondsUntil(Date.parse(source.lockedUntil), at) });
  }
  const delay = delayAfter(account.failures, limits);
  if (delay > 0 && account.lastFailedAt !== null) {
    const allowedFrom = Date.parse(account.lastFailedAt) + delay * 1000;
    if (allowedFrom > at) return fail({ kind: 'TOO_MANY_ATTEMPTS', limit: 'ACCOUNT', retryAfterSeconds: secondsUntil(allowedFrom, at) });
  }
  return ok(null);
}

/** An email address's count after a failed password: one more, never a lock. */
export const accountAfterFailure = (state: ThrottleState, now: string): ThrottleState => ({ ...state, failures: state.failures + 1, lastFailedAt: now });

/** A source's count after a failed password or code: within its window one more, locked out at the limit. */
export function sourceAfterFailure(state: ThrottleState, now: string, limits: PasswordLimits = PASSWORD_LIMITS): ThrottleState {
  const at = Date.parse(now);
  const inWindow = state.windowStartedAt !== null && at < Date.parse(state.windowStartedAt) + limits.sourceWindowMinutes * 60_000;
  const failures = inWindow ? state.failures + 1 : 1;
  const windowStartedAt = inWindow ? state.windowStartedAt : now;
  const lockedUntil = failures >= limits.sourceFailures ? new Date(at + limits.sourceLockMinutes * 60_000).toISOString() : state.lockedUntil;
  // A new window starts after the lock: the count begins again.
  return {
    failures: failures >= limits.sourceFailures ? 0 : failures,
    windowStartedAt: failures >= limits.sourceFailures ? null : windowStartedAt,
    lastFailedAt: now,
    lockedUntil,
  };
}

// Sessions ---------------------------------------------------------------------------------

export interface SessionTimes {
  readonly lastSeenAt: string;
  /** The absolute end, however active the session is. */
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

/** False once revoked, at or past its absolute expiry, or idle for `idleMinutes` or more. */
export function isSessionAlive(session: SessionTimes, now: string, idleMinutes: number): boolean {
  const at = Date.parse(now);
  if (session.revokedAt !== null) return false;
  if (at >= Date.parse(session.expiresAt)) return false;
  return at - Date.parse(session.lastSeenAt) < idleMinutes * 60_000;
}

// Passwords ---------------------------------------------------------------------------------

const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  /** On the list of common passwords, or one of them with digits or symbols added at either end. */
  | 'COMMON'
  /** One character repeated, or a run such as 'abcdefghijkl' or '123456789012'. */
  | 'PATTERN'
  /** Contains the user's email name, their own name or the service's name. */
  | 'CONTEXT';

/**
 * Common passwords and the words they are built from. Short entries matter too: 'Password1234!'
 * is long enough but is 'password' with digits and a symbol added, which the check strips.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'pass',
  'passwort',
  'motdepasse',
  'qwerty',
  'qwertyuiop',
  'qwertyuiopasdfghjkl',
  'asdfghjkl',
  'asdfgh',
  'zxcvbnm',
  'qazwsx',
  'qwertyqwerty',
  'azerty',
  'letmein',
  'letmeinplease',
  'iloveyou',
  'iloveyouforever',
  'welcome',
  'welcometo',
  'welcomehome',
  'admin',
  'administrator',
  'changeme',
  'changemenow',
  'changeit',
  'default',
  'secret',
  'mysecret',
  'topsecret',
  'trustno',
  'trustnoone',
  'whatever',
  'football',
  'baseball',
  'basketball',
  'soccer',
  'hockey',
  'liverpool',
  'arsenal',
  'chelsea',
  'manchester',
  'manutd',
  'tottenham',
  'everton',
  'monkey',
  'dragon',
  'master',
  'shadow',
  'sunshine',
  'princess',
  'superman',
  'batman',
  'starwars',
  'pokemon',
  'michael',
  'jennifer',
  'jordan',
  'charlie',
  'thomas',
  'daniel',
  'jessica',
  'ashley',
  'hunter',
  'killer',
  'freedom',
  'computer',
  'internet',
  'summer',
  'winter',
  'spring',
  'autumn',
  'london',
  'england',
  'britain',
  'scotland',
  'wales',
  'ireland',
  'monday',
  'friday',
  'january',
  'december',
  'hello',
  'helloworld',
  'loveme',
  'lovely',
  'flower',
  'cheese',
  'chocolate',
  'cookie',
  'banana',
  'orange',
  'purple',
  'yellow',
  'silver',
  'golden',
  'tigger',
  'pepper',
  'ginger',
  'buster',
  'maggie',
  'thunder',
  'matrix',
  'access',
  'login',
  'letmeinnow',
  'opensesame',
  'abc',
  'abcdef',
  'abcdefg',
  'qwe',
  'aaa',
  'test',
  'testing',
  'tester',
  'guest',
  'user',
  'socialworker',
  'safeguarding',
  'council',
  'office',
  'work',
  'company',
  'service',
  'support',
  'security',
  'government',
  'children',
  'correcthorsebatterystaple',
  'ihavenopassword',
  'nopassword',
  'mypassword',
  'newpassword',
  'passwordpassword',
  'iloveu',
  'loveyou',
]);

const NON_LETTERS_AT_ENDS = /^[^\p{L}]+|[^\p{L}]+$/gu;

/** Lower-cased, with common letter-for-digit swaps undone: 'P@55w0rd' reads as 'password'. */
function deLeet(text: string): string {
  const swaps: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };
  return Array.from(text.toLowerCase())
    .map((c) => swaps[c] ?? c)
    .join('');
}

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const core = lower.replace(NON_LETTERS_AT_ENDS, '');
  if (core !== '' && COMMON_PASSWORDS.has(core)) return true;
  const swapped = deLeet(password);
  if (COMMON_PASSWORDS.has(swapped)) return true;
  const swappedCore = deLeet(password.replace(NON_LETTERS_AT_ENDS, ''));
  if (swappedCore !== '' && COMMON_PASSWORDS.has(swappedCore)) return true;
  // One common word said over and over: 'passwordpassword', 'qwertyqwertyqwerty'.
  for (let size = 1; size <= core.length / 2; size++) {
    if (core.length % size === 0 && core.slice(0, size).repeat(core.length / size) === core && COMMON_PASSWORDS.has(core.slice(0, size))) return true;
  }
  return false;
}

function isPattern(chars: readonly string[]): boolean {
  if (new Set(chars).size <= 2) return true; // 'aaaaaaaaaaaa', 'abababababab'
  const codes = chars.map((c) => c.toLowerCase().codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((code, i) => code - (codes[i] ?? 0)));
  if (steps.size === 1) {
    const [step] = [...steps];
    return step === 1 || step === -1; // 'abcdefghijkl', 'zyxwvutsrqpo'
  }
  // Digits counting up or down with wrap-around: '123456789012'.
  const digits = chars.join('');
  if (/^\d+$/.test(digits)) {
    const up = codes.every((code, i) => i === 0 || code - 48 === ((codes[i - 1] ?? 0) - 48 + 1) % 10);
    const down = codes.every((code, i) => i === 0 || code - 48 === ((codes[i - 1] ?? 0) - 48 + 9) % 10);
    return up || down;
  }
  return false;
}

/** What a password may not contain: the parts of the user's email and name, and the service's name. */
export interface PasswordContext {
  readonly email?: string;
  readonly displayName?: string;
}

/**
 * The password in the form to hash (NFKC-normalised, as NIST 800-63B advises, so the same
 * characters typed on different keyboards match), or why it is refused. Lengths count
 * characters, not bytes. There are deliberately no composition rules (NIST 800-63B 5.1.1.2).
 */
export function checkPassword(password: string, context: PasswordContext = {}): Result<string, PasswordProblem> {
  const normalised = normalisePassword(password);
  const chars = Array.from(normalised); // code points, as NIST counts characters
  if (chars.length < PASSWORD_MIN_LENGTH) return fail('TOO_SHORT');
  if (chars.length > PASSWORD_MAX_LENGTH) return fail('TOO_LONG');
  if (isPattern(chars)) return fail('PATTERN');
  if (isCommon(normalised)) return fail('COMMON');
  const lower = normalised.toLowerCase();
  const words = ['lantern'];
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local !== undefined) words.push(...local.split(/[^\p{L}\p{N}]+/u), local);
  if (context.displayName !== undefined) words.push(...context.displayName.toLowerCase().split(/\s+/));
  if (words.some((word) => word.length >= 4 && lower.includes(word))) return fail('CONTEXT');
  return ok(normalised);
}

/** The form a password is hashed and verified in. */
export const normalisePassword = (password: string): string => password.normalize('NFKC');
