import { describe, expect, it } from 'vitest';
import { foundChildPerson, recognitionOf, waterfallOf } from './found-child.ts';
import type { FieldEvidence } from './model.ts';
import type { LanternIdentity } from './person.ts';

const TODAY = '2025-09-30';

describe('a found child as the engine compares them', () => {
  const description = {
    names: [
      { givenNames: 'Tesfay', familyName: 'Haile' },
      { givenNames: 'Tesfalem', familyName: 'Gebre' },
    ],
    dateOfBirth: null,
    dateOfBirthApproximate: false,
    age: null,
    sex: 'M' as const,
    nationality: 'ER',
  };

  it('keeps every name given, the first as the child’s own, and no identifiers', () => {
    const person = foundChildPerson(description, TODAY);
    expect(person.names).toEqual([
      { givenNames: 'Tesfay', familyName: 'Haile', source: null },
      { givenNames: 'Tesfalem', familyName: 'Gebre', source: 'Given when found' },
    ]);
    expect(person).toMatchObject({ sex: 'M', nationalities: ['ER'], identifiers: [], births: [] });
  });

  it('compares a date of birth as given, or as a year either side when it is approximate', () => {
    expect(foundChildPerson({ ...description, dateOfBirth: '2009-03-04' }, TODAY).births).toEqual([
      { kind: 'claimed', date: '2009-03-04', earliest: '2009-03-04', latest: '2009-03-04' },
    ]);
    expect(foundChildPerson({ ...description, dateOfBirth: '2009-03-04', dateOfBirthApproximate: true }, TODAY).births).toEqual([
      { kind: 'estimated', date: null, earliest: '2008-03-04', latest: '2010-03-04' },
    ]);
  });

  it('turns an age range into the dates of birth it allows today', () => {
    const [birth] = foundChildPerson({ ...description, age: { youngest: 15, oldest: 16 } }, TODAY).births;
    expect(birth).toMatchObject({ kind: 'estimated', date: null });
    expect(birth!.earliest > '2008-09-30' && birth!.earliest <= '2008-10-01').toBe(true);
    expect(birth!.latest).toBe('2010-09-30');
  });
});

describe('what a searcher sees of a candidate', () => {
  const identity: LanternIdentity & { languages: string[] } = {
    id: 'c1',
    givenNames: 'Tesfaye',
    familyName: 'Haile',
    sex: 'M',
    dateOfBirthClaimed: '2009-03-04',
    dateOfBirthAssessed: '2008-01-01',
    dateOfBirthEarliest: null,
    dateOfBirthLatest: null,
    nationality: 'ER',
    upn: 'A123',
    homeOfficeReference: 'HO-1',
    nrmReference: null,
    policePersonId: null,
    languages: ['Tigrinya'],
    aliases: [
      { givenNames: 'Tesfaye', familyName: 'Haile', dateOfBirth: null, nationality: null, source: 'Police' },
      { givenNames: 'Tesfalem', familyName: null, dateOfBirth: '2009-04-03', nationality: 'ET', source: 'Police' },
    ],
  };

  it('is the names (each once), the age by the assessed date, sex, nationality, languages and the authority; never a date or reference', () => {
    const recognition = recognitionOf(identity, { code: 'E10000016', name: 'Kent' }, TODAY);
    expect(recognition).toEqual({
      names: ['Tesfaye Haile', 'Tesfalem'],
      age: { youngest: 17, oldest: 17 },
      sex: 'M',
      nationality: 'ER',
      languages: ['Tigrinya'],
      authorityCode: 'E10000016',
      authorityName: 'Kent',
    });
    expect(JSON.stringify(recognition)).not.toMatch(/2009|2008|HO-1|A123/);
  });

  it('gives an estimated age’s range, and no age when there is none', () => {
    const estimated = { ...identity, dateOfBirthClaimed: null, dateOfBirthAssessed: null, dateOfBirthEarliest: '2008-10-01', dateOfBirthLatest: '2010-09-30' };
    expect(recognitionOf(estimated, { code: 'K', name: 'Kent' }, TODAY).age).toEqual({ youngest: 15, oldest: 16 });
    expect(recognitionOf({ ...estimated, dateOfBirthEarliest: null, dateOfBirthLatest: null }, { code: 'K', name: 'Kent' }, TODAY).age).toBeNull();
  });
});

describe('the waterfall', () => {
  const field = (label: string, weight: number): FieldEvidence => ({
    comparison: 'name',
    label,
    level: { id: 'x', label: `${label} level` },
    weight,
    termFrequencyWeight: 0,
  });

  it('runs from the prior through each field to the probability the candidate was given', () => {
    const waterfall = waterfallOf(1 / 1025, [field('Name', 12), field('Date of birth', -3), { ...field('Sex', 0), level: null }]);
    expect(waterfall.start).toBeCloseTo(-10, 9);
    expect(waterfall.steps.map(({ label, level, from, to }) => ({ label, level, from: Math.round(from), to: Math.round(to) }))).toEqual([
      { label: 'Name', level: 'Name level', from: -10, to: 2 },
      { label: 'Date of birth', level: 'Date of birth level', from: 2, to: -1 },
      { label: 'Sex', level: null, from: -1, to: -1 },
    ]);
    expect(waterfall.end).toBeCloseTo(-1, 9);
    expect(waterfall.probability).toBeCloseTo(1 / 3, 9);
  });
});
