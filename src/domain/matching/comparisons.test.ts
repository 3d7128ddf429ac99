import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPARISON_IDS, COMPARISONS, Comparer, NO_LEVEL } from './comparisons.ts';
import type { ComparisonId } from './comparisons.ts';
import { birthBetween, birthFromAge, birthOn } from './person.ts';
import type { BirthEvidence, MatchPerson } from './person.ts';
import { consonantSkeleton, foldText, withinOneEdit } from './text.ts';

const person = (overrides: Partial<MatchPerson> & { name?: [string, string] } = {}): MatchPerson => ({
  id: overrides.id ?? 'x',
  names: overrides.names ?? [{ givenNames: overrides.name?.[0] ?? 'Tesfay', familyName: overrides.name?.[1] ?? 'Gebremedhin', source: null }],
  sex: overrides.sex === undefined ? 'M' : overrides.sex,
  births: overrides.births ?? [birthOn('2008-03-14', 'claimed')],
  nationalities: overrides.nationalities ?? ['ER'],
  postcode: overrides.postcode ?? null,
  address: overrides.address ?? null,
  identifiers: overrides.identifiers ?? [],
});

function levelOf(comparison: ComparisonId, a: MatchPerson, b: MatchPerson): string | null {
  const comparer = new Comparer();
  const index = COMPARISON_IDS.indexOf(comparison);
  const level = comparer.compare(comparer.prepare(a), comparer.prepare(b)).levels[index] ?? NO_LEVEL;
  return level === NO_LEVEL ? null : (COMPARISONS[index]?.levels[level]?.id ?? null);
}

const nameLevel = (a: [string, string], b: [string, string]) => levelOf('name', person({ name: a }), person({ name: b }));
const birthLevel = (a: BirthEvidence[], b: BirthEvidence[]) => levelOf('birth', person({ births: a }), person({ births: b }));

describe('folding names from any script', () => {
  it('transliterates Arabic, Ge’ez and Vietnamese and drops accents and marks', () => {
    expect(foldText('Nguyễn Văn Đức')).toBe('nguyen van duc');
    expect(foldText('ተስፋይ')).toBe('tesfay');
    expect(foldText('محمد')).toBe('mhmd');
    expect(foldText("Arbën O'Neil-Krasniqi")).toBe('arben oneil krasniqi');
    expect(foldText('Ştefan Ţăran')).toBe('stefan taran');
  });

  it('gives Arabic script and a Latin spelling one consonant skeleton', () => {
    expect(consonantSkeleton(foldText('محمد'))).toBe(consonantSkeleton('mohammed'));
    expect(consonantSkeleton(foldText('حسین'))).toBe(consonantSkeleton('hussein'));
  });

  it('knows a typing slip from two', () => {
    expect(withinOneEdit('4137877', '4137787')).toBe(true); // neighbours swapped
    expect(withinOneEdit('19650113', '19650114')).toBe(true);
    expect(withinOneEdit('tesfay', 'tesfaye')).toBe(true);
    expect(withinOneEdit('1234567', '1243576')).toBe(false);
    expect(withinOneEdit('abc', 'abcde')).toBe(false);
  });
});

describe('comparing names', () => {
  it('grades the ways one child’s name is written by different agencies', () => {
    expect(nameLevel(['Tesfay', 'Gebremedhin'], ['tesfay', 'GEBREMEDHIN'])).toBe('exact');
    expect(nameLevel(['Tesfay', 'Gebremedhin'], ['Gebremedhin', 'Tesfay'])).toBe('reordered');
    expect(nameLevel(['Mohammed', 'Ahmed'], ['Muhammad', 'Ahmad'])).toBe('phonetic');
    expect(nameLevel(['Mohammed', 'Ahmed'], ['محمد', 'أحمد'])).toBe('phonetic');
    expect(nameLevel(['Tesfay', 'Gebremedhin'], ['ተስፋይ', 'ገብረመድህን'])).toBe('phonetic');
    expect(nameLevel(['Gebre Medhin', 'Tesfay'], ['Gebremedhin', 'Tesfay'])).toBe('phonetic');
    expect(nameLevel(['Abdul Rahman', 'Osman'], ['Osman', 'Abdulrahman'])).toBe('reordered');
    expect(nameLevel(['Tesfay', 'Gebremedhin Haile'], ['Tesfay', 'Haile'])).toBe('subset');
    expect(nameLevel(['Hassan', 'Al-Amin'], ['Hassan', 'Amin'])).toBe('exact');
    expect(nameLevel(['Tesfay', ''], ['Tesfay', 'Haile'])).toBe('single');
    expect(nameLevel(['Tesfay', 'Haile'], ['Tesfay', 'Kidane'])).toBe('one-part');
    expect(nameLevel(['Tesfay', 'Haile'], ['Aster', 'Kidane'])).toBe('different');
  });

  it('takes the best agreement over every alias', () => {
    const a = person({ names: [{ givenNames: 'Blerim', familyName: 'Hoxha', source: null }] });
    const b = person({
      names: [
        { givenNames: 'Arben', familyName: 'Krasniqi', source: null },
        { givenNames: 'Blerim', familyName: 'Hoxha', source: 'Border Force' },
      ],
    });
    expect(levelOf('name', a, b)).toBe('exact');
  });

  const namePart = fc.constantFrom(
    'mohammed',
    'muhammad',
    'ahmed',
    'tesfay',
    'tesfaye',
    'haile',
    'nguyen',
    'ngyuen',
    'van',
    'minh',
    'al',
    'abdul',
    'rahman',
    'abdulrahman',
    'gebre',
    'hoxha',
    'x',
  );
  const name = fc.tuple(fc.array(namePart, { minLength: 0, maxLength: 3 }), fc.array(namePart, { minLength: 0, maxLength: 2 }));

  it('is symmetric', () => {
    fc.assert(
      fc.property(name, name, ([givenA, familyA], [givenB, familyB]) => {
        const a: [string, string] = [givenA.join(' '), familyA.join(' ')];
        const b: [string, string] = [givenB.join(' '), familyB.join(' ')];
        expect(nameLevel(a, b)).toBe(nameLevel(b, a));
      }),
    );
  });
});

describe('comparing dates of birth as intervals', () => {
  it('grades swapped days and months, 1 January, estimated ages and disputes', () => {
    expect(birthLevel([birthOn('2008-03-14', 'claimed')], [birthOn('2008-03-14', 'claimed')])).toBe('exact');
    expect(birthLevel([birthOn('2008-03-04', 'claimed')], [birthOn('2008-04-03', 'claimed')])).toBe('typo');
    expect(birthLevel([birthOn('2008-03-14', 'claimed')], [birthOn('2009-03-14', 'claimed')])).toBe('typo');
    // Days apart in one month differ by a digit too, but are near dates, not a slip.
    expect(birthLevel([birthOn('2009-12-01', 'claimed')], [birthOn('2009-12-04', 'claimed')])).toBe('within-1-year');
    expect(birthLevel([birthOn('2008-01-01', 'claimed')], [birthOn('2008-01-01', 'claimed')])).toBe('exact-1-january');
    expect(birthLevel([birthOn('2008-01-01', 'claimed')], [birthOn('2008-09-20', 'claimed')])).toBe('overlap');
    expect(birthLevel([birthFromAge(15, 16, '2024-06-01')], [birthOn('2008-09-20', 'claimed')])).toBe('overlap');
    expect(birthLevel([birthOn('2007-03-14', 'claimed')], [birthOn('2008-09-20', 'claimed')])).toBe('within-3-years');
    expect(birthLevel([birthOn('2008-11-30', 'claimed')], [birthOn('2009-06-20', 'claimed')])).toBe('within-1-year');
    expect(birthLevel([birthOn('2001-11-30', 'claimed')], [birthOn('2009-06-20', 'claimed')])).toBe('different');
    expect(birthLevel([], [birthOn('2009-06-20', 'claimed')])).toBeNull();
  });

  it('uses the assessed date of birth as well as the claimed one', () => {
    expect(birthLevel([birthOn('2008-03-14', 'claimed'), birthOn('2005-03-14', 'assessed')], [birthOn('2005-03-14', 'claimed')])).toBe('exact');
  });

  it('never gives a closer date a weaker level', () => {
    const order = COMPARISONS[1]?.levels.map((level) => level.id) ?? [];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), (near, far) => {
        const [closer, further] = near <= far ? [near, far] : [far, near];
        const shift = (days: number) => birthOn(new Date(Date.UTC(2008, 5, 15) + days * 86_400_000).toISOString().slice(0, 10), 'claimed');
        const base = [birthOn('2008-06-15', 'claimed')];
        const levelAt = (days: number) => birthLevel(base, [shift(days)]) ?? '';
        // A digit slip depends on the digits, not the distance: it is its own evidence.
        fc.pre(levelAt(closer) !== 'typo' && levelAt(further) !== 'typo');
        expect(order.indexOf(levelAt(closer))).toBeLessThanOrEqual(order.indexOf(levelAt(further)));
      }),
    );
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => birthBetween('2010-01-01', '2009-01-01')).toThrow(RangeError);
  });
});

describe('comparing the other fields', () => {
  it('knows the nationalities agencies confuse', () => {
    expect(levelOf('nationality', person({ nationalities: ['ER'] }), person({ nationalities: ['ET'] }))).toBe('confused');
    expect(levelOf('nationality', person({ nationalities: ['SD'] }), person({ nationalities: ['SS'] }))).toBe('confused');
    expect(levelOf('nationality', person({ nationalities: ['IQ'] }), person({ nationalities: ['IR'] }))).toBe('confused');
    expect(levelOf('nationality', person({ nationalities: ['ER'] }), person({ nationalities: ['VN'] }))).toBe('different');
    expect(levelOf('nationality', person({ nationalities: [] }), person({ nationalities: ['VN'] }))).toBeNull();
  });

  it('compares identifiers only within one scheme', () => {
    const ho = (value: string) => person({ identifiers: [{ scheme: 'home_office', value }] });
    expect(levelOf('identifier', ho('B1234567'), ho('b123 4567'))).toBe('same');
    expect(levelOf('identifier', ho('B1234567'), ho('B1234576'))).toBe('typo');
    expect(levelOf('identifier', ho('B1234567'), ho('K7654321'))).toBe('different');
    expect(levelOf('identifier', ho('B1234567'), person({ identifiers: [{ scheme: 'upn', value: 'B1234567' }] }))).toBeNull();
  });

  it('compares sex, postcodes and addresses', () => {
    expect(levelOf('sex', person({ sex: 'M' }), person({ sex: 'F' }))).toBe('different');
    expect(levelOf('sex', person({ sex: null }), person({ sex: 'F' }))).toBeNull();
    expect(levelOf('postcode', person({ postcode: 'CT16 1JA' }), person({ postcode: 'ct161ja' }))).toBe('same');
    expect(levelOf('postcode', person({ postcode: 'CT16 1JA' }), person({ postcode: 'CT16 3PX' }))).toBe('near');
    expect(levelOf('address', person({ address: '12 Colebatch Place, Jesmond' }), person({ address: '12 colebatchplace jesmond' }))).toBe('close');
    expect(levelOf('address', person({ address: '12 Colebatch Place, Jesmond' }), person({ address: '1 Morton Street, Berwick' }))).toBe('different');
  });

  it('compares every field the same way round', () => {
    const date = fc.integer({ min: 0, max: 4000 }).map((days) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
    const somebody = fc.record({
      sex: fc.constantFrom<'M' | 'F' | null>('M', 'F', null),
      births: fc.array(
        date.map((d) => birthOn(d, 'claimed')),
        { maxLength: 2 },
      ),
      nationalities: fc.subarray(['ER', 'ET', 'SD', 'SS', 'IQ', 'IR', 'VN']),
      postcode: fc.constantFrom(null, 'CT16 1JA', 'CT16 3PX', 'ME1 1AA'),
      identifiers: fc.array(fc.record({ scheme: fc.constantFrom('upn', 'home_office'), value: fc.constantFrom('B1234567', 'B1234576', 'K7654321') }), {
        maxLength: 2,
      }),
    });
    fc.assert(
      fc.property(somebody, somebody, (a, b) => {
        const comparer = new Comparer();
        const x = comparer.prepare(person(a));
        const y = comparer.prepare(person(b));
        expect([...comparer.compare(x, y).levels]).toEqual([...comparer.compare(y, x).levels]);
      }),
    );
  });
});
