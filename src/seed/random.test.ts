import { describe, expect, it } from 'vitest';
import { hashString, Random, WeightedTable } from './random.ts';

const draws = (rng: Random, count: number): number[] => Array.from({ length: count }, () => rng.uint32());

describe('Random', () => {
  it('should repeat the same sequence for the same seed and stream', () => {
    expect(draws(new Random(7), 50)).toEqual(draws(new Random(7), 50));
    expect(draws(new Random(7, 3), 50)).toEqual(draws(new Random(7, 3), 50));
  });

  it('should give different sequences for different seeds or streams', () => {
    expect(draws(new Random(7), 10)).not.toEqual(draws(new Random(8), 10));
    expect(draws(new Random(7, 1), 10)).not.toEqual(draws(new Random(7, 2), 10));
    expect(draws(new Random(2 ** 40), 10)).not.toEqual(draws(new Random(0), 10));
  });

  it('should keep int() within its bounds, both included, and reach both', () => {
    const rng = new Random(1);
    const values = Array.from({ length: 2_000 }, () => rng.int(3, 6));

    expect(Math.min(...values)).toBe(3);
    expect(Math.max(...values)).toBe(6);
  });

  it('should draw weighted values in proportion to their weights', () => {
    const rng = new Random(2);
    const table = new WeightedTable([
      ['a', 1],
      ['b', 3],
      ['never', 0],
    ] as const);
    const plain = Array.from({ length: 20_000 }, () =>
      rng.weighted([
        ['a', 1],
        ['b', 3],
      ] as const),
    );
    const tabled = Array.from({ length: 20_000 }, () => table.pick(rng));

    expect(plain.filter((value) => value === 'b').length / plain.length).toBeCloseTo(0.75, 1);
    expect(tabled.filter((value) => value === 'b').length / tabled.length).toBeCloseTo(0.75, 1);
    expect(tabled).not.toContain('never');
  });

  it('should make version-4-shaped UUIDs, deterministically', () => {
    const ids = Array.from({ length: 100 }, (_, i) => new Random(9, i).uuid());

    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(100);
    expect(new Random(9, 0).uuid()).toBe(ids[0]);
  });

  it('should hash strings stably', () => {
    expect(hashString('E10000016')).toBe(hashString('E10000016'));
    expect(hashString('E10000016')).not.toBe(hashString('E09000008'));
  });
});
