import { describe, expect, it } from 'vitest';
import { checkPostContact, isAlertPost, mobileText, ukMobile } from './contacts.ts';

const MANAGER = '0b6f4c52-1c1a-4c38-9d2a-5a0f1f0e7a11';

describe('ukMobile', () => {
  it.each([
    ['07700 900123', '07700900123'],
    ['07700-900-123', '07700900123'],
    ['(07700) 900.123', '07700900123'],
    ['+44 7700 900123', '07700900123'],
    ['0044 7700 900123', '07700900123'],
    ['447700900123', '07700900123'],
  ])('reads %j as a UK mobile', (typed, number) => {
    expect(ukMobile(typed)).toBe(number);
  });

  it.each(['01632 960123', '0770090012', '077009001234', '+33 6 12 34 56 78', 'duty phone', ''])('refuses %j', (typed) => {
    expect(ukMobile(typed)).toBeNull();
  });

  it('writes a number to read', () => {
    expect(mobileText('07700900123')).toBe('07700 900123');
  });
});

describe('isAlertPost', () => {
  it('knows the three posts and nothing else', () => {
    expect(['duty', 'head_of_service', 'director', 'head-of-service', ''].map(isAlertPost)).toEqual([true, true, true, false, false]);
  });
});

describe('checkPostContact', () => {
  it('takes the duty team’s mailbox and phone, trimmed and normalised', () => {
    expect(checkPostContact('duty', { holderId: null, email: ' duty.team@kent.gov.uk ', mobile: '+44 7700 900123' }, [])).toEqual({
      ok: true,
      value: { holderId: null, email: 'duty.team@kent.gov.uk', mobile: '07700900123' },
    });
  });

  it('lets every answer be left empty', () => {
    expect(checkPostContact('duty', { holderId: null, email: ' ', mobile: '' }, [])).toEqual({
      ok: true,
      value: { holderId: null, email: null, mobile: null },
    });
    expect(checkPostContact('director', { holderId: null, email: null, mobile: null }, [MANAGER])).toEqual({
      ok: true,
      value: { holderId: null, email: null, mobile: null },
    });
  });

  it('takes a team manager of the authority as the holder of a post held by name', () => {
    expect(checkPostContact('head_of_service', { holderId: MANAGER, email: null, mobile: '07700 900456' }, [MANAGER])).toEqual({
      ok: true,
      value: { holderId: MANAGER, email: null, mobile: '07700900456' },
    });
  });

  it('names every field that is wrong, saying what to do', () => {
    expect(checkPostContact('duty', { holderId: MANAGER, email: 'duty team at kent', mobile: '01632 960123' }, [MANAGER])).toEqual({
      ok: false,
      error: [
        { field: 'holderId', message: 'The duty team is held by whoever is on duty, not by one person' },
        { field: 'email', message: 'Enter the mailbox’s email address in the correct format, like duty.team@kent.gov.uk' },
        { field: 'mobile', message: 'Enter a UK mobile number, like 07700 900123: text messages cannot go to a landline' },
      ],
    });
  });

  it('refuses a holder who is not one of the authority’s team managers, and a mailbox for a post held by name', () => {
    expect(checkPostContact('director', { holderId: 'someone-else', email: 'director@kent.gov.uk', mobile: null }, [MANAGER])).toEqual({
      ok: false,
      error: [
        { field: 'holderId', message: 'Select a team manager at your authority, or “Nobody”' },
        { field: 'email', message: 'Leave the mailbox empty: email goes to the post-holder’s own account' },
      ],
    });
  });

  it('refuses a mailbox address longer than email allows', () => {
    const long = `${'a'.repeat(250)}@kent.gov.uk`;
    expect(checkPostContact('duty', { holderId: null, email: long, mobile: null }, [])).toEqual({
      ok: false,
      error: [{ field: 'email', message: 'The mailbox’s address must be 254 characters or fewer' }],
    });
  });
});
