import { describe, expect, it } from 'vitest';
import { candidatePairs } from './blocking.ts';
import { Comparer } from './comparisons.ts';
import { birthOn } from './person.ts';
import type { MatchPerson } from './person.ts';

const comparer = new Comparer();
const person = (id: string, givenNames: string, familyName: string, overrides: Partial<MatchPerson> = {}) =>
  comparer.prepare({
    id,
    names: [{ givenNames, familyName, source: null }],
    sex: null,
    births: [],
    nationalities: [],
    postcode: null,
    address: null,
    identifiers: [],
    ...overrides,
  });

const pairsOf = (result: ReturnType<typeof candidatePairs>) => Array.from(result.left, (i, index) => `${i}-${result.right[index] ?? ''}`);

describe('blocking', () => {
  it('pairs people who share only a postcode and a name part, or an address and a postcode', () => {
    const left = [person('a', 'Tesfay', 'Haile', { postcode: 'B11AA' }), person('b', 'Jonas', 'Berhe', { postcode: 'M11AA', address: '12 Mill Lane Leeds' })];
    const right = [person('c', 'Tesfay', 'Gebre', { postcode: 'B11AA' }), person('d', 'Yonas', 'Berhane', { postcode: 'M11AA', address: '12 Mill Lane' })];
    expect(pairsOf(candidatePairs(left, right))).toEqual(expect.arrayContaining(['0-0', '1-1']));
    expect(pairsOf(candidatePairs(left, right))).not.toContain('0-1');
  });

  it('skips a key shared by more people than a block may hold, and says how many it skipped', () => {
    const birth = [birthOn('2010-05-06', 'claimed')];
    const left = Array.from({ length: 4 }, (_, i) => person(`l${i}`, `Given${'x'.repeat(i)}`, `Family${'y'.repeat(i)}`, { births: birth }));
    const right = [person('r', 'Other', 'Person', { births: birth })];
    const result = candidatePairs(left, right, 3);
    expect(result.left.length).toBe(0);
    expect(result.skippedKeys).toBeGreaterThan(0);
    expect(candidatePairs(left, right, 4).left.length).toBe(4);
  });

  it('pairs people within one list each once, the first before the second', () => {
    const people = [person('a', 'Amanuel', 'Tesfay'), person('b', 'Amanuel', 'Tesfai'), person('c', 'Amanuel', 'Tesfay')];
    expect(pairsOf(candidatePairs(people, null)).sort()).toEqual(['0-1', '0-2', '1-2']);
  });
});
