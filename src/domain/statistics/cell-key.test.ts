import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addTallies,
  CELL_KEY_MODULUS,
  MAX_PERTURBATION,
  perturb,
  ptableEntries,
  ptableRow,
  ptableValue,
  PTABLE_ROWS,
  recordTally,
  subtractTally,
} from './cell-key.ts';

const keys = Array.from({ length: CELL_KEY_MODULUS }, (_, key) => key);
const row = (value: number) => keys.map((key) => ptableValue(value, key));
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('the ptable', () => {
  it('should be laid out as the ONS lays it out: a row per cell value from 1 to 750, a column per cell key from 0 to 255', () => {
    const entries = [...ptableEntries()];
    expect(entries).toHaveLength(PTABLE_ROWS * CELL_KEY_MODULUS);
    expect(entries[0]).toEqual({ pcv: 1, ckey: 0, pvalue: 0 });
    expect(entries.at(-1)).toEqual({ pcv: 750, ckey: 255, pvalue: row(750)[255] });
  });

  it('should read counts above 750 from rows 501 to 750 again (the ONS pcv)', () => {
    expect([1, 750, 751, 1000, 1001, 1250, 99_230].map(ptableRow)).toEqual([1, 750, 501, 750, 501, 750, 730]);
  });

  it('should never perturb a zero', () => {
    for (const key of keys) expect(perturb({ count: 0, key })).toBe(0);
  });

  it('should perturb by at most 2 either way, never below zero, and on average by nothing, in every row', () => {
    for (let value = 1; value <= PTABLE_ROWS; value += 1) {
      const perturbations = row(value);
      expect(Math.max(...perturbations.map(Math.abs))).toBeLessThanOrEqual(MAX_PERTURBATION);
      expect(Math.min(...perturbations.map((p) => value + p))).toBeGreaterThanOrEqual(0);
      expect(mean(perturbations)).toBe(0);
    }
  });

  it('should leave half of the counts from 2 up as they are, and change the rest by 1 or 2', () => {
    const perturbations = row(37);
    const share = (p: number) => perturbations.filter((q) => q === p).length / CELL_KEY_MODULUS;
    expect([share(-2), share(-1), share(0), share(1), share(2)]).toEqual([1 / 16, 3 / 16, 1 / 2, 3 / 16, 1 / 16]);
    // A count of 1 can become 0, 1, 2 or 3.
    expect([...new Set(row(1).map((p) => 1 + p))].sort()).toEqual([0, 1, 2, 3]);
  });

  it('should shuffle the keys of each row, so that cell keys a little apart share a perturbation no more often than any two', () => {
    // A count with one more record of key δ has a cell key δ further on: were the keys in order, small δ would
    // mostly leave the perturbation as it was, in every table the record is counted in.
    for (let delta = 1; delta <= 16; delta += 1) {
      let same = 0;
      let pairs = 0;
      for (let value = 2; value <= 60; value += 1) {
        for (const key of keys) {
          same += ptableValue(value, key) === ptableValue(value + 1, (key + delta) % CELL_KEY_MODULUS) ? 1 : 0;
          pairs += 1;
        }
      }
      // By chance: 1/4 + 2 × (3/16)² + 2 × (1/16)² ≈ 0.33.
      expect(same / pairs).toBeGreaterThan(0.28);
      expect(same / pairs).toBeLessThan(0.38);
    }
  });

  it('should refuse a cell key or a row it does not have', () => {
    expect(() => ptableValue(1, 256)).toThrow();
    expect(() => ptableValue(1, -1)).toThrow();
    expect(() => ptableValue(751, 0)).toThrow();
    expect(() => perturb({ count: -1, key: 0 })).toThrow();
  });
});

describe('cell keys', () => {
  it('should give the same cell the same answer, whichever order its records are counted in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 50 }), (recordKeys) => {
        const forwards = addTallies(...recordKeys.map(recordTally));
        const backwards = addTallies(...[...recordKeys].reverse().map(recordTally));
        expect(forwards).toEqual(backwards);
        expect(forwards).toEqual({ count: recordKeys.length, key: recordKeys.reduce((a, b) => a + b, 0) % 256 });
        expect(perturb(forwards)).toBe(perturb(backwards));
      }),
    );
  });

  it('should take a subset away keys and all, so that a count worked out by subtraction has the key of its own records', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 })), fc.array(fc.integer({ min: 0, max: 255 })), (part, rest) => {
        const whole = addTallies(...[...part, ...rest].map(recordTally));
        expect(subtractTally(whole, addTallies(...part.map(recordTally)))).toEqual(addTallies(...rest.map(recordTally)));
      }),
    );
  });
});
