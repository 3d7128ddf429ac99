import { describe, expect, it } from 'vitest';
import { createRefusalLimiter, originKey } from './refusal-limit.ts';

const limits = { perOrigin: 3, total: 5, windowSeconds: 60, maxOrigins: 100 };
const T0 = Date.parse('2025-06-15T12:00:00Z');
const seconds = (n: number) => T0 + n * 1000;

describe('refusal limiter', () => {
  it('should record the first few refusals from an origin in a minute, then count the rest for one summary', () => {
    const limiter = createRefusalLimiter(limits);
    const admitted = Array.from({ length: 7 }, (_, i) => limiter.admit('203.0.113.9', seconds(i)));
    expect(admitted).toEqual([true, true, true, false, false, false, false]);
    expect(limiter.due(seconds(59))).toEqual([]);
    expect(limiter.due(seconds(60))).toEqual([
      { origin: '203.0.113.9', from: '2025-06-15T12:00:00.000Z', to: '2025-06-15T12:01:00.000Z', unrecorded: 4, limit: 3 },
    ]);
    // Each summary is given once, and the next minute starts afresh.
    expect(limiter.due(seconds(120))).toEqual([]);
    expect(limiter.admit('203.0.113.9', seconds(61))).toBe(true);
  });

  it('should keep a window’s summary when a refusal in the next minute replaces it', () => {
    const limiter = createRefusalLimiter(limits);
    for (let i = 0; i < 4; i += 1) limiter.admit('203.0.113.9', seconds(i));
    expect(limiter.admit('203.0.113.9', seconds(61))).toBe(true);
    expect(limiter.due(seconds(62))).toEqual([expect.objectContaining({ origin: '203.0.113.9', unrecorded: 1 })]);
  });

  it('should not let one origin’s refusals use up another’s share', () => {
    const limiter = createRefusalLimiter(limits);
    for (let i = 0; i < 10; i += 1) limiter.admit('203.0.113.9', seconds(i));
    expect(limiter.admit('198.51.100.7', seconds(11))).toBe(true);
  });

  it('should hold many origins together to the total, and summarise what the total kept out', () => {
    const limiter = createRefusalLimiter(limits);
    const admitted = Array.from({ length: 8 }, (_, i) => limiter.admit(`192.0.2.${i}`, seconds(i)));
    expect(admitted.filter(Boolean)).toHaveLength(5);
    expect(limiter.due(seconds(60))).toEqual([expect.objectContaining({ origin: null, unrecorded: 3, limit: 5 })]);
  });

  it('should keep memory bounded: origins past the most it tracks are held to the total only', () => {
    const limiter = createRefusalLimiter({ ...limits, total: 1000, maxOrigins: 2 });
    limiter.admit('192.0.2.1', seconds(0));
    limiter.admit('192.0.2.2', seconds(0));
    // A third origin is not tracked, so it is not stopped by its own limit, only by the total.
    expect(Array.from({ length: 5 }, () => limiter.admit('192.0.2.3', seconds(1)))).toEqual([true, true, true, true, true]);
  });

  it('should count an IPv6 network (/64) as one origin, and IPv4-mapped addresses as IPv4', () => {
    expect(originKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(originKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(originKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(originKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(originKey('192.0.2.1')).toBe('192.0.2.1');
    expect(originKey(null)).toBe('unknown');
    const limiter = createRefusalLimiter(limits);
    const admitted = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2::3', '2001:db8:1:2::4'].map((address, i) => limiter.admit(address, seconds(i)));
    expect(admitted).toEqual([true, true, true, false]);
  });
});
