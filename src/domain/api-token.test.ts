import { describe, expect, it } from 'vitest';
import { TOKEN_DAYS, tokenExpiry, tokenLifetime, tokenStatus } from './api-token.ts';

describe('how long an API token lasts', () => {
  it('should last 90 days unless told otherwise, and from 1 day to a year when told', () => {
    expect(tokenLifetime(undefined)).toEqual({ ok: true, value: TOKEN_DAYS });
    expect(TOKEN_DAYS).toBe(90);
    expect(tokenLifetime(1)).toEqual({ ok: true, value: 1 });
    expect(tokenLifetime(365)).toEqual({ ok: true, value: 365 });
  });

  it.each([0, -5, 366, 1.5, Number.NaN])('should refuse %s days, saying what is allowed', (days) => {
    expect(tokenLifetime(days)).toEqual({ ok: false, error: 'Enter the days the token lasts as a whole number from 1 to 365' });
  });

  it('should expire the given number of days after it is made', () => {
    expect(tokenExpiry('2025-06-15T12:00:00.000Z', 90)).toBe('2025-09-13T12:00:00.000Z');
  });
});

describe('whether a token works', () => {
  const expiresAt = '2025-09-13T12:00:00.000Z';
  it('should work until the moment it expires, and not from then on', () => {
    expect(tokenStatus({ revokedAt: null, expiresAt }, '2025-09-13T11:59:59.999Z')).toBe('active');
    expect(tokenStatus({ revokedAt: null, expiresAt }, expiresAt)).toBe('expired');
  });

  it('should call a revoked token revoked, expired or not', () => {
    expect(tokenStatus({ revokedAt: '2025-07-01T00:00:00.000Z', expiresAt }, '2025-07-02T00:00:00.000Z')).toBe('revoked');
    expect(tokenStatus({ revokedAt: '2025-07-01T00:00:00.000Z', expiresAt }, '2026-01-01T00:00:00.000Z')).toBe('revoked');
  });
});
