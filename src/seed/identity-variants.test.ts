import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonlyConfused } from '../domain/matching/nationality.ts';
import { disputedDateOfBirth, foundChildDescription, recordedAgain, recordedName } from './identity-variants.ts';
import { Random } from './random.ts';

const TESFAY = { givenNames: 'Tesfay', familyName: 'Gebremedhin', dateOfBirth: '2008-03-04', nationality: 'ER', tradition: 'eritrean' as const };

describe('a child recorded again', () => {
  it('always differs from the first record, and is the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const again = recordedAgain(new Random(seed), TESFAY);
        expect([again.givenNames, again.familyName, again.dateOfBirth]).not.toEqual([TESFAY.givenNames, TESFAY.familyName, TESFAY.dateOfBirth]);
        expect(recordedAgain(new Random(seed), TESFAY)).toEqual(again);
        expect(again.nationality === 'ER' || again.nationality === 'unknown' || commonlyConfused('ER', again.nationality ?? '')).toBe(true);
      }),
    );
  });

  it('writes patronymic names with and without the grandfather, in either order, and other spellings', () => {
    const rng = new Random(1);
    const names = new Set(Array.from({ length: 300 }, () => Object.values(recordedName(rng, TESFAY)).join(' / ')));
    expect([...names].some((name) => name.split(' ').length >= 3)).toBe(true); // grandfather added
    expect(names.has('Gebremedhin / Tesfay')).toBe(true); // reordered
    expect([...names].some((name) => name.includes('Tesfaye') || name.includes('Ghebremedhin'))).toBe(true);
  });

  it('disputes dates of birth as agencies do', () => {
    const rng = new Random(2);
    const dates = new Set(Array.from({ length: 300 }, () => disputedDateOfBirth(rng, '2008-03-04')));
    expect(dates.has('2008-01-01')).toBe(true);
    expect(dates.has('2008-04-03')).toBe(true);
    expect([...dates].some((date) => date.startsWith('2005') || date.startsWith('2006'))).toBe(true);
    expect(dates.has('2008-03-04')).toBe(false);
  });

  it('describes a found child with a date of birth or an age, never both', () => {
    const rng = new Random(3);
    for (let i = 0; i < 200; i += 1) {
      const found = foundChildDescription(rng, { ...TESFAY, sex: 'M' }, '2024-06-01');
      expect(found.dateOfBirth !== null && found.ageRange !== null).toBe(false);
      if (found.ageRange !== null) expect(found.ageRange[0]).toBeLessThanOrEqual(16);
      expect(found.givenNames).not.toBe('');
    }
  });
});
