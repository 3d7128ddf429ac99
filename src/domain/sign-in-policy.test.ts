import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  afterSuccess,
  canAttempt,
  checkPassword,
  COMMON_PASSWORDS,
  delayAfter,
  FRESH_ATTEMPTS,
  isLocked,
  isSessionAlive,
  SIGN_IN_POLICY,
  accountAfterFailure,
  canTryPassword,
  FRESH_THROTTLE,
  sourceAfterFailure,
} from './sign-in-policy.ts';
import type { AttemptState, ThrottleState } from './sign-in-policy.ts';

const T0 = '2025-03-01T09:00:00.000Z';
const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

/** The state after `count` failures, all at T0. */
function failedTimes(count: number): AttemptState {
  let state = FRESH_ATTEMPTS;
  for (let i = 0; i < count; i++) state = afterFailure(state, T0);
  return state;
}

describe('delayAfter', () => {
  it('should allow three failures without delay, then double from two seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => delayAfter(n))).toEqual([0, 0, 0, 0, 2, 4, 8, 16, 32, 64]);
  });

  it('should stop growing at fifteen minutes, even for a huge count', () => {
    expect(delayAfter(13)).toBe(900);
    expect(delayAfter(1_000_000)).toBe(900);
  });
});

describe('canAttempt', () => {
  it('should allow a fresh account', () => {
    expect(canAttempt(FRESH_ATTEMPTS, T0).ok).toBe(true);
  });

  it('should allow the next attempt straight away after up to three failures', () => {
    expect(canAttempt(failedTimes(3), T0).ok).toBe(true);
  });

  it('should ask for a wait after the fourth failure, and allow once it has passed', () => {
    const state = failedTimes(4);
    expect(canAttempt(state, at(0))).toEqual({ ok: false, error: { kind: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 2 } });
    expect(canAttempt(state, at(1.2))).toEqual({ ok: false, error: { kind: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 } });
    expect(canAttempt(state, at(2)).ok).toBe(true);
  });

  it('should lock the account for thirty minutes at the tenth consecutive failure', () => {
    const nine = failedTimes(9);
    expect(isLocked(nine, T0)).toBe(false);
    const ten = afterFailure(nine, T0);
    expect(ten.lockedUntil).toBe(at(30 * 60));
    expect(canAttempt(ten, at(0))).toEqual({ ok: false, error: { kind: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1800 } });
    expect(canAttempt(ten, at(29 * 60 + 59)).ok).toBe(false);
    expect(canAttempt(ten, at(30 * 60)).ok).toBe(true);
  });

  it('should lock again at the next failure after a lock-out ends, until a success clears the count', () => {
    const unlocked = at(30 * 60);
    const again = afterFailure(failedTimes(10), unlocked);
    expect(again.failedAttempts).toBe(11);
    expect(isLocked(again, unlocked)).toBe(true);
    expect(canAttempt(afterSuccess(), unlocked).ok).toBe(true);
  });

  it('should follow a policy passed in', () => {
    const strict = { ...SIGN_IN_POLICY, lockAfterFailures: 2, lockMinutes: 1 };
    const state = afterFailure(afterFailure(FRESH_ATTEMPTS, T0, strict), T0, strict);
    expect(canAttempt(state, at(59), strict).ok).toBe(false);
    expect(canAttempt(state, at(60), strict).ok).toBe(true);
  });
});

describe('password limits nobody can use to lock a person out', () => {
  const limits = { freeAttempts: 2, maxDelaySeconds: 30, sourceFailures: 4, sourceWindowMinutes: 15, sourceLockMinutes: 15 };
  const failAccount = (count: number): ThrottleState =>
    Array.from({ length: count }).reduce<ThrottleState>((state) => accountAfterFailure(state, T0), FRESH_THROTTLE);

  it('should slow an email address with a growing delay that stops at half a minute, and never lock it', () => {
    expect(canTryPassword(failAccount(2), FRESH_THROTTLE, T0, limits).ok).toBe(true);
    expect(canTryPassword(failAccount(3), FRESH_THROTTLE, T0, limits)).toEqual({
      ok: false,
      error: { kind: 'TOO_MANY_ATTEMPTS', limit: 'ACCOUNT', retryAfterSeconds: 2 },
    });
    const many = failAccount(1000);
    expect(many.lockedUntil).toBeNull();
    expect(canTryPassword(many, FRESH_THROTTLE, at(29), limits)).toMatchObject({ error: { limit: 'ACCOUNT', retryAfterSeconds: 1 } });
    expect(canTryPassword(many, FRESH_THROTTLE, at(30), limits).ok).toBe(true);
  });

  it('should lock a source out once it has failed too often within its window, whatever the addresses', () => {
    let source = FRESH_THROTTLE;
    for (let i = 0; i < 3; i += 1) source = sourceAfterFailure(source, at(i * 60), limits);
    expect(canTryPassword(FRESH_THROTTLE, source, at(180), limits).ok).toBe(true);
    source = sourceAfterFailure(source, at(180), limits);
    expect(source.lockedUntil).toBe(at(180 + 15 * 60));
    expect(canTryPassword(FRESH_THROTTLE, source, at(181), limits)).toEqual({
      ok: false,
      error: { kind: 'TOO_MANY_ATTEMPTS', limit: 'SOURCE', retryAfterSeconds: 899 },
    });
    expect(canTryPassword(FRESH_THROTTLE, source, at(180 + 15 * 60), limits).ok).toBe(true);
  });

  it('should count a source’s failures only within its window', () => {
    let source = FRESH_THROTTLE;
    for (let i = 0; i < 3; i += 1) source = sourceAfterFailure(source, at(i * 300), limits);
    // The fourth is 20 minutes after the first: a new window, so no lock.
    source = sourceAfterFailure(source, at(1200), limits);
    expect(source).toMatchObject({ failures: 1, lockedUntil: null, windowStartedAt: at(1200) });
  });
});

describe('isSessionAlive', () => {
  const session = { lastSeenAt: T0, expiresAt: at(12 * 3600), revokedAt: null };

  it('should keep a session alive while it is used within the idle timeout', () => {
    expect(isSessionAlive(session, at(29 * 60 + 59), 30)).toBe(true);
  });

  it('should end a session idle for the whole timeout', () => {
    expect(isSessionAlive(session, at(30 * 60), 30)).toBe(false);
  });

  it('should end a session at its absolute expiry however recently it was used', () => {
    expect(isSessionAlive({ ...session, lastSeenAt: at(12 * 3600 - 1) }, at(12 * 3600), 30)).toBe(false);
  });

  it('should end a revoked session', () => {
    expect(isSessionAlive({ ...session, revokedAt: T0 }, at(1), 30)).toBe(false);
  });
});

describe('checkPassword', () => {
  it('should accept a long passphrase and return it normalised', () => {
    expect(checkPassword('violet tractor umbrella', { email: 'sam.jones@kent.gov.uk' })).toEqual({ ok: true, value: 'violet tractor umbrella' });
    // NFKC: the full-width letters and a ligature become their plain forms.
    expect(checkPassword('ｖｉｏｌｅｔ tractor ﬁsh')).toEqual({ ok: true, value: 'violet tractor fish' });
  });

  it('should refuse fewer than twelve characters, counting characters rather than bytes', () => {
    expect(checkPassword('eleven char')).toEqual({ ok: false, error: 'TOO_SHORT' });
    expect(checkPassword('ŵŷźæøåœðþßçñ').ok).toBe(true);
    expect(checkPassword('🐢🦊🦉🐝🐙🦀🐌🦔🐇🦜🦆').ok).toBe(false); // 11 emoji, 22 UTF-16 units
  });

  it('should refuse more than 128 characters', () => {
    const long = 'correct maple ladder '.repeat(7).slice(0, 129);
    expect(checkPassword(long)).toEqual({ ok: false, error: 'TOO_LONG' });
    expect(checkPassword(long.slice(0, 128)).ok).toBe(true);
  });

  it('should refuse common passwords and common words dressed up with digits, symbols or swaps', () => {
    for (const password of [
      'qwertyuiopasdfghjkl',
      'Password1234',
      '2024Password!',
      'P@ssw0rd2024!!',
      'passwordpassword',
      'Liverpool1892!',
      'correcthorsebatterystaple',
    ]) {
      expect(checkPassword(password), password).toEqual({ ok: false, error: 'COMMON' });
    }
  });

  it('should ship about a hundred common passwords', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(100);
  });

  it('should refuse repeated characters and runs', () => {
    for (const password of ['aaaaaaaaaaaa', 'abababababab', 'abcdefghijklm', '123456789012', '098765432109']) {
      expect(checkPassword(password), password).toEqual({ ok: false, error: 'PATTERN' });
    }
  });

  it('should refuse a password containing the email name, the person’s name or the service’s name', () => {
    expect(checkPassword('jonesy-sam-kent-99', { email: 'sam.jones@kent.gov.uk' })).toEqual({ ok: false, error: 'CONTEXT' });
    expect(checkPassword('priyanka rules ok', { displayName: 'Priyanka Shah' })).toEqual({ ok: false, error: 'CONTEXT' });
    expect(checkPassword('my lantern login')).toEqual({ ok: false, error: 'CONTEXT' });
  });
});
