import { describe, expect, it } from 'vitest';
import { estimateFromAges } from '../../domain/date-of-birth.ts';
import { readDateOfBirthForm } from './record-forms.ts';
import type { DateOfBirthContext } from './record-forms.ts';

// The date of birth form's answers, read against the child's record: what the record rules would refuse
// is an error on its question, and an estimate answered as recorded is kept as it was made.

const TODAY = '2025-06-15';
const ESTIMATE = estimateFromAges(15, 16, '2025-01-10', 'PROFESSIONAL');
const context = (overrides: Partial<DateOfBirthContext> = {}): DateOfBirthContext => ({
  recorded: { dateOfBirthAssessed: null, dateOfBirthEstimate: ESTIMATE },
  firstLookedAfter: '2024-01-01',
  firstMissing: null,
  ...overrides,
});
const known = (day: string, month: string, year: string) => ({
  dateOfBirthKnown: 'yes',
  'dateOfBirth-day': day,
  'dateOfBirth-month': month,
  'dateOfBirth-year': year,
  version: '2',
});
const estimated = (from: string, to: string) => ({
  dateOfBirthKnown: 'no',
  estimatedAgeFrom: from,
  estimatedAgeTo: to,
  estimatedAgeSource: 'PROFESSIONAL',
  version: '2',
});
const errorsOf = (result: ReturnType<typeof readDateOfBirthForm>) => (result.ok ? [] : result.errors.errorList.map((error) => [error.href, error.text]));

describe('readDateOfBirthForm', () => {
  it('should give a date of birth, with no estimate', () => {
    expect(readDateOfBirthForm(known('12', '4', '2009'), TODAY, context())).toEqual({
      ok: true,
      value: { dateOfBirthClaimed: '2009-04-12', dateOfBirthEstimate: null, version: 2 },
    });
  });

  it('should keep an estimate answered as recorded, and make a changed one today', () => {
    expect(readDateOfBirthForm(estimated('15', '16'), TODAY, context())).toMatchObject({ ok: true, value: { dateOfBirthEstimate: ESTIMATE } });
    expect(readDateOfBirthForm(estimated('14', '16'), TODAY, context())).toMatchObject({
      ok: true,
      value: { dateOfBirthClaimed: null, dateOfBirthEstimate: estimateFromAges(14, 16, TODAY, 'PROFESSIONAL') },
    });
  });

  it('should refuse a date of birth after they were first looked after, or first went missing, on its question', () => {
    expect(errorsOf(readDateOfBirthForm(known('2', '3', '2024'), TODAY, context()))).toEqual([
      ['#dateOfBirth-day', 'The child’s date of birth must be on or before the day they first started being looked after, 1 January 2024'],
    ]);
    expect(errorsOf(readDateOfBirthForm(known('2', '3', '2024'), TODAY, context({ firstLookedAfter: null, firstMissing: '2024-02-01' })))).toEqual([
      ['#dateOfBirth-day', 'The child’s date of birth must be on or before the day they first went missing, 1 February 2024'],
    ]);
    expect(errorsOf(readDateOfBirthForm(estimated('0', ''), TODAY, context({ firstLookedAfter: '2024-03-01' })))).toEqual([
      ['#estimatedAgeFrom', 'The estimated age must allow a date of birth on or before the day they first started being looked after, 1 March 2024'],
    ]);
  });

  it('should not compare the date of birth given when an assessed date of birth counts instead', () => {
    const assessed = context({ recorded: { dateOfBirthAssessed: '2009-01-01', dateOfBirthEstimate: null } });
    expect(readDateOfBirthForm(known('2', '3', '2024'), TODAY, assessed)).toMatchObject({ ok: true, value: { dateOfBirthClaimed: '2024-03-02' } });
  });

  it('should ask whether the date of birth is known, and refuse a form without its version', () => {
    expect(errorsOf(readDateOfBirthForm({ version: '2' }, TODAY, context()))).toEqual([
      ['#dateOfBirthKnown', 'Select yes if you know the child’s date of birth'],
    ]);
    expect(errorsOf(readDateOfBirthForm({ ...known('12', '4', '2009'), version: '' }, TODAY, context()))).toEqual([
      ['#version', 'This form is out of date. Go back to the record and start again'],
    ]);
  });
});
