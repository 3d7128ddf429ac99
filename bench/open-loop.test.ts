import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAt, dueBy, highestRateHeld, latencies, pickWeighted } from './open-loop.ts';

describe('pickWeighted', () => {
  it('sends the 60/25/15 mix in its shares, interleaved', () => {
    const credit = new Map<'page' | 'read' | 'write', number>();
    const picks = Array.from({ length: 20 }, () => pickWeighted({ page: 60, read: 25, write: 15 }, credit));
    expect(picks.filter((kind) => kind === 'page')).toHaveLength(12);
    expect(picks.filter((kind) => kind === 'read')).toHaveLength(5);
    expect(picks.filter((kind) => kind === 'write')).toHaveLength(3);
    // Never three page views where the mix's share allows a read between them.
    expect(picks.join(',')).not.toContain('page,page,page,page');
  });

  it('keeps every share of up to three kinds within one request of its weight over any prefix', () => {
    // Three at most: the mix has three; with five the bound does not hold ([15, 41, 41, 3, 3] strays over 1 by 88 picks).
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 300 }), (raw, length) => {
        fc.pre(raw.some((weight) => weight > 0));
        const weights = Object.fromEntries(raw.map((weight, i) => [`k${i}`, weight]));
        const total = raw.reduce((sum, weight) => sum + weight, 0);
        const credit = new Map<string, number>();
        const counts = new Map<string, number>();
        for (let n = 1; n <= length; n++) {
          const key = pickWeighted(weights, credit);
          counts.set(key, (counts.get(key) ?? 0) + 1);
          for (const [i, weight] of raw.entries()) expect(Math.abs((counts.get(`k${i}`) ?? 0) - (n * weight) / total)).toBeLessThan(1 + 1e-9);
        }
      }),
    );
  });

  it('refuses weights that pick nothing', () => {
    expect(() => pickWeighted({ a: 0 }, new Map<'a', number>())).toThrow('At least one weight');
    expect(() => pickWeighted({ a: -1 }, new Map<'a', number>())).toThrow('The weight of a');
  });
});

describe('the schedule', () => {
  it('has the n-th request due at n / rate and counts those due so far', () => {
    expect(dueAt(0, 50)).toBe(0);
    expect(dueAt(50, 50)).toBe(1000);
    expect(dueBy(0, 50)).toBe(1);
    expect(dueBy(19.9, 50)).toBe(1);
    expect(dueBy(20, 50)).toBe(2);
    expect(dueBy(999, 25)).toBe(25);
    expect(dueBy(1000, 25)).toBe(26);
  });
});

describe('latencies', () => {
  it('gives nearest-rank percentiles and the error rate', () => {
    const times = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    const summary = latencies(times, 2);
    expect(summary).toMatchObject({ requests: 100, errors: 2, errorRate: 0.02, p50Ms: 50, p95Ms: 95, p99Ms: 99, maxMs: 100 });
  });

  it('reports no requests as no percentiles, not zero', () => {
    expect(latencies([], 0)).toMatchObject({ requests: 0, errorRate: 0, p99Ms: NaN });
  });
});

describe('highestRateHeld', () => {
  const run = (rate: number, p99Ms: number, errors = 0) => ({ rate, latencies: { ...latencies([1], errors), p99Ms } });

  it('is the last rate, counting up, with p99 under the limit and no errors', () => {
    expect(highestRateHeld([run(25, 20), run(50, 40), run(100, 99), run(150, 130), run(200, 400)], 100)).toBe(100);
  });

  it('stops at the first rate not held, whatever a higher one did', () => {
    expect(highestRateHeld([run(100, 20), run(25, 20), run(50, 20, 1)], 100)).toBe(25);
  });

  it('is null when the lowest rate was not held', () => {
    expect(highestRateHeld([run(25, 100), run(50, 20)], 100)).toBeNull();
    expect(highestRateHeld([], 100)).toBeNull();
  });
});
