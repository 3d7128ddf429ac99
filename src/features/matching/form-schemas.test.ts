import { describe, expect, it } from 'vitest';
import { readFoundChildForm } from './form-schemas.ts';

const TODAY = '2025-09-30';
const blank = {
  givenNames: '',
  familyName: '',
  otherNames: '',
  'dateOfBirth-day': '',
  'dateOfBirth-month': '',
  'dateOfBirth-year': '',
  ageFrom: '',
  ageTo: '',
  sex: '',
  nationality: '',
};

describe('the found-child search form', () => {
  it('reads every name given, one a line, the last part as the family name', () => {
    const read = readFoundChildForm({ ...blank, givenNames: 'Tesfay', otherNames: 'Tesfalem Haile Gebre\r\nAbel' }, TODAY);
    expect(read).toMatchObject({
      ok: true,
      value: {
        names: [
          { givenNames: 'Tesfay', familyName: '' },
          { givenNames: 'Tesfalem Haile', familyName: 'Gebre' },
          { givenNames: '', familyName: 'Abel' },
        ],
        dateOfBirth: null,
        age: null,
        sex: null,
        nationality: null,
      },
    });
  });

  it('takes a date of birth before an age, and an age alone as both ends of the range', () => {
    const withDate = readFoundChildForm(
      {
        ...blank,
        familyName: 'Haile',
        'dateOfBirth-day': '4',
        'dateOfBirth-month': '3',
        'dateOfBirth-year': '2009',
        dateOfBirthApproximate: 'yes',
        ageFrom: '15',
      },
      TODAY,
    );
    expect(withDate).toMatchObject({ ok: true, value: { dateOfBirth: '2009-03-04', dateOfBirthApproximate: true, age: null } });
    expect(readFoundChildForm({ ...blank, familyName: 'Haile', ageTo: '15' }, TODAY)).toMatchObject({ ok: true, value: { age: { youngest: 15, oldest: 15 } } });
  });

  it('names each field that is wrong and what to do', () => {
    const read = readFoundChildForm({ ...blank, ageFrom: 'fifteen', sex: 'X', nationality: 'Eritrean', description: 'x'.repeat(1001) }, TODAY);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.errorList).toEqual([
      { text: 'Enter a name the child gave, or part of one: the search looks by name first', href: '#givenNames' },
      { text: 'Youngest age must be a whole number of years from 0 to 25', href: '#ageFrom' },
      { text: 'Select female, male or not known', href: '#sex' },
      { text: 'Select a nationality from the list', href: '#nationality' },
      { text: 'Description must be 1000 characters or fewer', href: '#description' },
    ]);
  });
});
