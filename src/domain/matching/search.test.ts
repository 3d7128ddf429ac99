import { describe, expect, it } from 'vitest';
import { Comparer } from './comparisons.ts';
import { countNameParts } from './model.ts';
import { birthBetween, birthFromAge, birthOn, personOfChild } from './person.ts';
import type { LanternIdentity, MatchPerson } from './person.ts';
import { defaultModel, rankCandidates, searchKeysOf, searchPrior } from './search.ts';

const person = (id: string, overrides: Partial<MatchPerson> = {}): MatchPerson => ({
  id,
  names: [{ givenNames: 'Tesfay', familyName: 'Haile', source: null }],
  sex: 'M',
  births: [birthOn('2009-03-04', 'claimed')],
  nationalities: ['ER'],
  postcode: null,
  address: null,
  identifiers: [],
  ...overrides,
});

describe('a found-child search’s keys', () => {
  it('folds the names, adds the date with day and month swapped, and looks three years either side', () => {
    const keys = searchKeysOf(
      person('q', { names: [{ givenNames: 'Tésfay', familyName: 'Haile', source: null }], identifiers: [{ scheme: 'nrm', value: 'NRM123' }] }),
      '2026-12-05',
    );
    expect(keys.names).toEqual(['tesfay haile']);
    expect(keys.dates).toEqual(['2009-03-04', '2009-04-03']);
    expect(keys.years).toEqual([2006, 2007, 2008, 2009, 2010, 2011, 2012]);
    expect(keys.identifiers).toEqual(['nrm:NRM123']);
  });

  it('does not swap a day and month that would not make a date, nor the same date', () => {
    expect(searchKeysOf(person('q', { births: [birthOn('2009-03-25', 'claimed')] }), '2026-12-05').dates).toEqual(['2009-03-25']);
    expect(searchKeysOf(person('q', { births: [birthOn('2009-05-05', 'claimed')] }), '2026-12-05').dates).toEqual(['2009-05-05']);
  });

  it('looks across an estimated age’s range, and across every year a child in care could be born in when no age is given', () => {
    const ranged = searchKeysOf(person('q', { births: [birthFromAge(14, 15, '2026-12-05')] }), '2026-12-05');
    expect(ranged.dates).toEqual([]);
    expect(ranged.years[0]).toBe(2010 - 3);
    expect(ranged.years.at(-1)).toBe(2012 + 3);
    const ageless = searchKeysOf(person('q', { births: [] }), '2026-12-05');
    expect(ageless.years[0]).toBe(2001);
    expect(ageless.years.at(-1)).toBe(2026);
  });
});

describe('ranking a found child’s candidates', () => {
  it('puts the candidate who agrees most first, with the name and date of birth that agreed best', () => {
    const comparer = new Comparer();
    const model = defaultModel(searchPrior(1000), countNameParts(['tesfay', 'haile', 'mohammed', 'ahmed']));
    const query = comparer.prepare(person('q'));
    const same = person('same', {
      names: [
        { givenNames: 'Mohammed', familyName: 'Ahmed', source: null },
        { givenNames: 'Tesfai', familyName: 'Haile', source: 'police' },
      ],
    });
    const other = person('other', { names: [{ givenNames: 'Mohammed', familyName: 'Ahmed', source: null }], births: [birthOn('2003-11-20', 'claimed')] });
    const ranked = rankCandidates(
      model,
      comparer,
      query,
      [other, same].map((candidate) => comparer.prepare(candidate)),
      model.prior,
    );
    expect(ranked.map((candidate) => candidate.person.id)).toEqual(['same', 'other']);
    expect(ranked[0]?.closestName?.source).toBe('police');
    expect(ranked[0]?.closestBirth?.date).toBe('2009-03-04');
    expect(ranked[0]?.probability).toBeGreaterThan(ranked[1]?.probability ?? 1);
    expect(ranked[0]?.fields.map((field) => field.comparison)).toContain('name');
  });

  it('starts each candidate at an even chance that the child is held, spread over everyone held', () => {
    expect(searchPrior(1000)).toBe(0.0005);
    expect(searchPrior(1000, 0.9)).toBeCloseTo(0.0009);
    expect(searchPrior(0)).toBe(0.5);
  });
});

describe('a Lantern child as a person to match', () => {
  const child: LanternIdentity = {
    id: 'c1',
    givenNames: 'Amanuel',
    familyName: null,
    sex: 'U',
    dateOfBirthClaimed: '2010-01-01',
    dateOfBirthAssessed: '2008-06-01',
    dateOfBirthEarliest: null,
    dateOfBirthLatest: null,
    nationality: 'ER',
    upn: 'A123456789012',
    homeOfficeReference: ' ',
    nrmReference: null,
    policePersonId: 'P42',
    aliases: [
      { givenNames: 'Amanuel', familyName: 'Tesfay', dateOfBirth: '2010-01-01', nationality: 'ET', source: 'Home Office' },
      { givenNames: null, familyName: 'Tesfai', dateOfBirth: '2009-02-02', nationality: 'unknown', source: 'police' },
    ],
  };

  it('keeps every name, date of birth and nationality, each once, and the identifiers recorded', () => {
    const matched = personOfChild(child);
    expect(matched.names.map((name) => `${name.givenNames}|${name.familyName}|${name.source ?? ''}`)).toEqual([
      'Amanuel||',
      'Amanuel|Tesfay|Home Office',
      '|Tesfai|police',
    ]);
    expect(matched.births.map((birth) => `${birth.kind}:${birth.date ?? ''}`)).toEqual(['claimed:2010-01-01', 'assessed:2008-06-01', 'alias:2009-02-02']);
    expect(matched.nationalities).toEqual(['ER', 'ET']);
    expect(matched.sex).toBeNull();
    expect(matched.identifiers).toEqual([
      { scheme: 'upn', value: 'A123456789012' },
      { scheme: 'police', value: 'P42' },
    ]);
  });

  it('does not take a reason for having no UPN (UN1 to UN5) as an identifier', () => {
    expect(personOfChild({ ...child, upn: 'UN2' }).identifiers).toEqual([{ scheme: 'police', value: 'P42' }]);
    expect(personOfChild({ ...child, upn: 'un5' }).identifiers).toEqual([{ scheme: 'police', value: 'P42' }]);
  });

  it('takes an estimated age’s range when no date of birth is known', () => {
    const matched = personOfChild({
      ...child,
      dateOfBirthClaimed: null,
      dateOfBirthAssessed: null,
      dateOfBirthEarliest: '2010-12-06',
      dateOfBirthLatest: '2012-12-05',
      aliases: [],
    });
    expect(matched.births).toEqual([{ kind: 'estimated', date: null, earliest: '2010-12-06', latest: '2012-12-05' }]);
  });
});

describe('dates of birth as evidence', () => {
  it('refuses what is not a date, a range backwards, or ages that are not whole and in order', () => {
    expect(() => birthOn('2010-02-30', 'claimed')).toThrow(RangeError);
    expect(() => birthBetween('2012-01-01', '2011-01-01')).toThrow(RangeError);
    expect(() => birthFromAge(15, 14, '2026-12-05')).toThrow(RangeError);
    expect(() => birthFromAge(14.5, 15, '2026-12-05')).toThrow(RangeError);
  });

  it('turns ages on a day into the dates of birth they allow', () => {
    expect(birthFromAge(14, 14, '2026-12-05')).toEqual({ kind: 'estimated', date: null, earliest: '2011-12-06', latest: '2012-12-05' });
  });
});
