import { describe, expect, it } from 'vitest';
import { breakGlassAllowance, breakGlassExpiry } from './break-glass.ts';

const NOW = '2025-06-15T12:00:00.000Z';

describe('the break-glass daily limit', () => {
  it('should allow openings up to the limit within 24 hours', () => {
    expect(breakGlassAllowance([], NOW, 3)).toEqual({ ok: true, value: null });
    expect(breakGlassAllowance(['2025-06-15T08:00:00Z', '2025-06-15T09:00:00Z'], NOW, 3)).toEqual({ ok: true, value: null });
  });

  it('should refuse past the limit, saying when the oldest opening that counts drops out', () => {
    expect(breakGlassAllowance(['2025-06-15T09:00:00Z', '2025-06-14T13:00:00Z', '2025-06-15T08:00:00Z'], NOW, 3)).toEqual({
      ok: false,
      error: { perDay: 3, nextAt: '2025-06-15T13:00:00.000Z' },
    });
    // Four openings against a limit of three: only when the two oldest have dropped out is one allowed again.
    expect(breakGlassAllowance(['2025-06-14T13:00:00Z', '2025-06-14T14:00:00Z', '2025-06-15T08:00:00Z', '2025-06-15T09:00:00Z'], NOW, 3)).toMatchObject({
      error: { nextAt: '2025-06-15T14:00:00.000Z' },
    });
  });

  it('should not count openings more than 24 hours old', () => {
    expect(breakGlassAllowance(['2025-06-14T11:59:59Z', '2025-06-14T12:00:00Z', '2025-06-15T08:00:00Z'], NOW, 2)).toEqual({ ok: true, value: null });
  });

  it('should end an opening four hours after it is made', () => {
    expect(breakGlassExpiry(NOW)).toBe('2025-06-15T16:00:00.000Z');
  });
});
