import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addHours,
  addYears,
  ageOn,
  eighteenthBirthday,
  formatDate,
  formatInstant,
  hoursBetween,
  instantMs,
  isIsoDate,
  isIsoInstant,
  isPlausibleDate,
  normaliseInstant,
  PLAUSIBLE_DATE_PATTERN,
  ukDateAndTime,
  ukDateOf,
  ukInstant,
  ukMidnight,
  ukNineAm,
} from './dates.ts';

describe('isPlausibleDate', () => {
  it('should accept real dates from 1900 to 2099 only', () => {
    expect(['1900-01-01', '2000-02-29', '2024-02-29', '2099-12-31'].filter(isPlausibleDate)).toHaveLength(4);
    expect(['0000-01-01', '0025-06-01', '0099-12-31', '1899-12-31', '1900-02-29', '2100-01-01', '2023-02-29'].filter(isPlausibleDate)).toEqual([]);
  });

  it('should agree with the pattern the OpenAPI document shows, for any date-like text', () => {
    const dateLike = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([year, month, day]) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.oneof(
          dateLike,
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
          fc.string(),
        ),
        (text) => {
          expect(PLAUSIBLE_DATE_PATTERN.test(text)).toBe(isPlausibleDate(text));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('isIsoDate', () => {
  it('should accept 29 February when the year is a leap year', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('should reject 29 February when the year is not a leap year', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
  });

  it('should reject a day that does not exist when the month is short', () => {
    expect(isIsoDate('2025-02-30')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
  });

  it('should reject the date when the month or day is out of range', () => {
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-00-10')).toBe(false);
    expect(isIsoDate('2025-01-00')).toBe(false);
  });

  it('should reject the date when it is not written yyyy-mm-dd', () => {
    expect(isIsoDate('01/03/2025')).toBe(false);
    expect(isIsoDate('2025-3-1')).toBe(false);
    expect(isIsoDate('2025-03-01T00:00:00Z')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('should accept the date when it is an ordinary real day', () => {
    expect(isIsoDate('2025-03-01')).toBe(true);
    expect(isIsoDate('2025-12-31')).toBe(true);
  });
});

describe('isIsoInstant', () => {
  it('should accept the instant when it has a Z or a numeric offset', () => {
    expect(isIsoInstant('2025-03-01T21:15:00Z')).toBe(true);
    expect(isIsoInstant('2025-06-01T21:15:00+01:00')).toBe(true);
    expect(isIsoInstant('2025-06-01T21:15:00.123-05:30')).toBe(true);
  });

  it('should accept the instant when seconds are left out', () => {
    expect(isIsoInstant('2025-03-01T21:15Z')).toBe(true);
  });

  it('should reject the instant when it has no offset', () => {
    expect(isIsoInstant('2025-03-01T21:15:00')).toBe(false);
  });

  it('should reject the instant when its day does not exist', () => {
    expect(isIsoInstant('2025-02-30T10:00:00Z')).toBe(false);
  });

  it('should reject the instant when its time is out of range', () => {
    expect(isIsoInstant('2025-03-01T10:60:00Z')).toBe(false);
    expect(isIsoInstant('2025-03-01T25:00:00Z')).toBe(false);
  });

  it('should reject the value when it is a bare date or uses a space for T', () => {
    expect(isIsoInstant('2025-03-01')).toBe(false);
    expect(isIsoInstant('2025-03-01 21:15:00Z')).toBe(false);
    expect(isIsoInstant('')).toBe(false);
  });
});

describe('ukDateOf', () => {
  it('should give the next UK day when the instant is 23:30 UTC in British Summer Time', () => {
    expect(ukDateOf('2025-06-30T23:30:00Z')).toBe('2025-07-01');
  });

  it('should give the same day when the instant is 23:30 UTC in Greenwich Mean Time', () => {
    expect(ukDateOf('2025-01-31T23:30:00Z')).toBe('2025-01-31');
  });

  it('should switch at midnight UK time when the clocks have just gone forward', () => {
    // BST began at 01:00 UTC on 30 March 2025.
    expect(ukDateOf('2025-03-30T22:59:00Z')).toBe('2025-03-30');
    expect(ukDateOf('2025-03-30T23:00:00Z')).toBe('2025-03-31');
  });

  it('should switch at midnight UK time when the clocks have just gone back', () => {
    // BST ended at 01:00 UTC on 26 October 2025.
    expect(ukDateOf('2025-10-25T23:30:00Z')).toBe('2025-10-26');
    expect(ukDateOf('2025-10-26T23:30:00Z')).toBe('2025-10-26');
  });

  it('should honour the offset when the instant is written in another time zone', () => {
    expect(ukDateOf('2025-07-01T06:00:00+09:00')).toBe('2025-06-30');
  });
});

// The UK clocks go forward at 01:00 UTC on the last Sunday of March (30 March 2025, 29 March 2026) and back at
// 01:00 UTC on the last Sunday of October (26 October 2025, 25 October 2026).
describe('UK wall-clock conversions', () => {
  it('should read a UK time as UTC in winter and an hour earlier in summer time', () => {
    expect(ukInstant('2025-01-15', '14:30')).toBe('2025-01-15T14:30:00.000Z');
    expect(ukInstant('2025-07-15', '14:30')).toBe('2025-07-15T13:30:00.000Z');
    expect(ukDateAndTime('2025-01-15T14:30:00.000Z')).toEqual({ date: '2025-01-15', time: '14:30' });
    expect(ukDateAndTime('2025-07-15T13:30:00.000Z')).toEqual({ date: '2025-07-15', time: '14:30' });
  });

  it('should change offset at 1am on the last Sunday of March, for either year', () => {
    expect(ukInstant('2025-03-30', '00:59')).toBe('2025-03-30T00:59:00.000Z');
    expect(ukInstant('2025-03-30', '02:00')).toBe('2025-03-30T01:00:00.000Z');
    expect(ukInstant('2026-03-29', '00:30')).toBe('2026-03-29T00:30:00.000Z');
    expect(ukInstant('2026-03-29', '02:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(ukDateAndTime('2025-03-30T00:59:00.000Z')).toEqual({ date: '2025-03-30', time: '00:59' });
    expect(ukDateAndTime('2025-03-30T01:00:00.000Z')).toEqual({ date: '2025-03-30', time: '02:00' });
  });

  it('should take a time in the hour skipped in March as UTC, since it never happened in the UK', () => {
    expect(ukInstant('2025-03-30', '01:30')).toBe('2025-03-30T01:30:00.000Z');
    expect(ukInstant('2026-03-29', '01:00')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('should change offset at 2am summer time on the last Sunday of October, taking the repeated hour the first time', () => {
    expect(ukInstant('2025-10-26', '00:30')).toBe('2025-10-25T23:30:00.000Z');
    expect(ukInstant('2025-10-26', '01:30')).toBe('2025-10-26T00:30:00.000Z');
    expect(ukInstant('2025-10-26', '02:00')).toBe('2025-10-26T02:00:00.000Z');
    expect(ukInstant('2026-10-25', '01:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(ukInstant('2026-10-25', '02:30')).toBe('2026-10-25T02:30:00.000Z');
    // Both 00:30 UTC and 01:30 UTC read 1:30am on the UK clock.
    expect(ukDateAndTime('2025-10-26T00:30:00.000Z')).toEqual({ date: '2025-10-26', time: '01:30' });
    expect(ukDateAndTime('2025-10-26T01:30:00.000Z')).toEqual({ date: '2025-10-26', time: '01:30' });
  });

  it('should give back the same instant for any minute of 2025 and 2026 outside the repeated October hour', () => {
    const from = Date.parse('2025-01-01T00:00:00Z');
    const to = Date.parse('2027-01-01T00:00:00Z');
    const repeated = (ms: number): boolean =>
      ['2025-10-26T01:00:00Z', '2026-10-25T01:00:00Z'].some((start) => ms >= Date.parse(start) && ms < Date.parse(start) + 3_600_000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: (to - from) / 60_000 }), (minutes) => {
        const ms = from + minutes * 60_000;
        fc.pre(!repeated(ms));
        const instant = new Date(ms).toISOString();
        const { date, time } = ukDateAndTime(instant);
        expect(ukInstant(date, time)).toBe(instant);
        expect(ukDateOf(instant)).toBe(date);
      }),
      { examples: [[(Date.parse('2025-03-30T01:00:00Z') - from) / 60_000], [(Date.parse('2026-10-25T00:59:00Z') - from) / 60_000]] },
    );
  });

  it('should give a 903 day the first moment of that day in the UK, in winter and in summer time', () => {
    expect(ukMidnight('2025-01-15')).toBe('2025-01-15T00:00:00.000Z');
    expect(ukMidnight('2025-07-15')).toBe('2025-07-14T23:00:00.000Z');
  });

  it('should find UK midnight on the days the clocks change', () => {
    // Clocks go forward at 1am on 30 March 2025, and back at 2am on 26 October 2025.
    expect(ukMidnight('2025-03-30')).toBe('2025-03-30T00:00:00.000Z');
    expect(ukMidnight('2025-03-31')).toBe('2025-03-30T23:00:00.000Z');
    expect(ukMidnight('2025-10-26')).toBe('2025-10-25T23:00:00.000Z');
    expect(ukMidnight('2025-10-27')).toBe('2025-10-27T00:00:00.000Z');
    expect(ukMidnight('2026-03-29')).toBe('2026-03-29T00:00:00.000Z');
    expect(ukMidnight('2026-10-25')).toBe('2026-10-24T23:00:00.000Z');
  });

  it('should start a day-counted clock at 9am UK time, on either side of both clock changes', () => {
    expect(ukNineAm('2025-03-29')).toBe('2025-03-29T09:00:00.000Z');
    expect(ukNineAm('2025-03-30')).toBe('2025-03-30T08:00:00.000Z');
    expect(ukNineAm('2025-10-25')).toBe('2025-10-25T08:00:00.000Z');
    expect(ukNineAm('2025-10-26')).toBe('2025-10-26T09:00:00.000Z');
    expect(ukNineAm('2026-03-29')).toBe('2026-03-29T08:00:00.000Z');
    expect(ukNineAm('2026-10-25')).toBe('2026-10-25T09:00:00.000Z');
  });
});

describe('addHours', () => {
  it('should return a UTC instant 72 hours later when adding 72 hours', () => {
    expect(addHours('2025-03-01T21:15:00Z', 72)).toBe('2025-03-04T21:15:00.000Z');
  });

  it('should add elapsed hours, not wall-clock hours, when the clocks change in between', () => {
    // 24 elapsed hours across the start of BST: 13:00 GMT becomes 14:00 BST on the UK clock.
    expect(addHours('2025-03-29T13:00:00Z', 24)).toBe('2025-03-30T13:00:00.000Z');
  });

  it('should normalise to UTC when the instant has an offset', () => {
    expect(addHours('2025-06-01T10:00:00+01:00', 1)).toBe('2025-06-01T10:00:00.000Z');
  });

  it('should go back in time when the hours are negative', () => {
    expect(addHours('2025-03-02T00:30:00Z', -1)).toBe('2025-03-01T23:30:00.000Z');
  });
});

describe('instant helpers', () => {
  it('should measure hours between two instants when they have different offsets', () => {
    expect(hoursBetween('2025-06-01T10:00:00+01:00', '2025-06-01T12:30:00Z')).toBe(3.5);
  });

  it('should give milliseconds since the epoch when asked for instantMs', () => {
    expect(instantMs('1970-01-01T00:00:01Z')).toBe(1000);
  });

  it('should write the instant in UTC with milliseconds when normalising', () => {
    expect(normaliseInstant('2025-06-01T10:00+01:00')).toBe('2025-06-01T09:00:00.000Z');
  });
});

describe('addDays and addYears', () => {
  it('should cross the month end when adding days', () => {
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('should keep the day and month when adding years to an ordinary date', () => {
    expect(addYears('2008-05-10', 18)).toBe('2026-05-10');
  });
});

describe('eighteenthBirthday', () => {
  it('should be the same day and month 18 years on when the child was born on an ordinary day', () => {
    expect(eighteenthBirthday('2008-05-10')).toBe('2026-05-10');
  });

  it('should be 1 March when the child was born on 29 February (18 years on is never a leap year)', () => {
    expect(eighteenthBirthday('2008-02-29')).toBe('2026-03-01');
    expect(eighteenthBirthday('2004-02-29')).toBe('2022-03-01');
  });

  it('should be 28 February when the child was born on 28 February', () => {
    expect(eighteenthBirthday('2006-02-28')).toBe('2024-02-28');
  });
});

describe('ageOn', () => {
  it('should be 17 when the day is the day before the 18th birthday', () => {
    expect(ageOn('2008-05-10', '2026-05-09')).toBe(17);
  });

  it('should be 18 when the day is the 18th birthday', () => {
    expect(ageOn('2008-05-10', '2026-05-10')).toBe(18);
  });

  it('should count a birthday as passed when the month is later even if the day-of-month is smaller', () => {
    expect(ageOn('2008-05-10', '2026-06-01')).toBe(18);
  });

  it('should agree with eighteenthBirthday when the child was born on 29 February', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', eighteenthBirthday('2008-02-29'))).toBe(18);
  });

  it('should be 0 when the day is the date of birth', () => {
    expect(ageOn('2008-05-10', '2008-05-10')).toBe(0);
  });
});

describe('formatDate', () => {
  it('should write the day without a leading zero, the month in full and the year when formatting a day', () => {
    expect(formatDate('2025-03-01')).toBe('1 March 2025');
    expect(formatDate('2024-12-25')).toBe('25 December 2024');
  });
});

describe('formatInstant', () => {
  it('should write "1 March 2025 at 9:15pm" when the instant is 21:15 UTC in winter', () => {
    expect(formatInstant('2025-03-01T21:15:00Z')).toBe('1 March 2025 at 9:15pm');
  });

  it('should write the UK day and time when the instant falls after midnight in British Summer Time', () => {
    expect(formatInstant('2025-06-30T23:30:00Z')).toBe('1 July 2025 at 12:30am');
  });

  it('should write 12:00pm when the instant is noon', () => {
    expect(formatInstant('2025-01-15T12:00:00Z')).toBe('15 January 2025 at 12:00pm');
  });

  it('should write morning times with am when the instant is before noon', () => {
    expect(formatInstant('2025-03-02T08:30:00Z')).toBe('2 March 2025 at 8:30am');
  });
});
