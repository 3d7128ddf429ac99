import { describe, expect, it } from 'vitest';
import { collectionYear, isCollectionYear, sexCodingIn } from './collection-year.ts';
import { fromDfeDate, fromDfeSex, fromFlag, fromInstant, fromList, toDfeDate, toDfeSex, toList } from './formats.ts';

describe('collection years', () => {
  it('should name a year by the year it ends: 2025 is 1 April 2024 to 31 March 2025, DfE’s 2024-25', () => {
    expect(collectionYear(2025)).toEqual({ endingYear: 2025, name: '2024-25', start: '2024-04-01', end: '2025-03-31' });
    expect(collectionYear(2015).name).toBe('2014-15');
  });

  it('should accept only whole years from 2015, when the missing module began', () => {
    expect(isCollectionYear(2015)).toBe(true);
    expect(isCollectionYear(2014)).toBe(false);
    expect(isCollectionYear(2025.5)).toBe(false);
    expect(() => collectionYear(2014)).toThrow(RangeError);
  });

  it('should code SEX as numbers up to 2023-24 and as letters from 2024-25', () => {
    expect(sexCodingIn(collectionYear(2024))).toBe('numeric');
    expect(sexCodingIn(collectionYear(2025))).toBe('letters');
  });
});

describe('903 dates', () => {
  it('should write days as dd/mm/yyyy', () => {
    expect(toDfeDate('2025-03-01')).toBe('01/03/2025');
  });

  it('should read dd/mm/yyyy, and d/m/yyyy as the DfE validator does', () => {
    expect(fromDfeDate('01/03/2025')).toBe('2025-03-01');
    expect(fromDfeDate(' 1/3/2025 ')).toBe('2025-03-01');
    expect(fromDfeDate('29/02/2024')).toBe('2024-02-29');
  });

  it('should refuse dates that do not exist or are in another format', () => {
    expect(fromDfeDate('29/02/2025')).toBeNull();
    expect(fromDfeDate('31/04/2025')).toBeNull();
    expect(fromDfeDate('2025-03-01')).toBeNull();
    expect(fromDfeDate('03/01/25')).toBeNull();
    expect(fromDfeDate('')).toBeNull();
  });
});

describe('moments', () => {
  it('should read ISO 8601 moments with a time zone and write them in UTC', () => {
    expect(fromInstant('2025-07-01T09:15:00+01:00')).toBe('2025-07-01T08:15:00.000Z');
    expect(fromInstant('2025-07-01T09:15')).toBeNull();
    expect(fromInstant('yesterday')).toBeNull();
  });
});

describe('SEX', () => {
  const before = collectionYear(2024);
  const from = collectionYear(2025);

  it('should write M, F and U from 2024-25', () => {
    expect(['M', 'F', 'U'].map((sex) => toDfeSex(sex as 'M' | 'F' | 'U', from))).toEqual(['M', 'F', 'U']);
  });

  it('should write 1 and 2 before 2024-25, and leave "not known" blank because that year has no code for it', () => {
    expect(toDfeSex('M', before)).toBe('1');
    expect(toDfeSex('F', before)).toBe('2');
    expect(toDfeSex('U', before)).toBe('');
  });

  it('should read only the year’s codes when the year is known', () => {
    expect(fromDfeSex('m', from)).toBe('M');
    expect(fromDfeSex('1', from)).toBeNull();
    expect(fromDfeSex('', from)).toBeNull();
    expect(fromDfeSex('2', before)).toBe('F');
    expect(fromDfeSex('', before)).toBe('U');
    expect(fromDfeSex('F', before)).toBeNull();
  });

  it('should read either coding when the year is not known, but never a blank', () => {
    expect(fromDfeSex('1', null)).toBe('M');
    expect(fromDfeSex('U', null)).toBe('U');
    expect(fromDfeSex('', null)).toBeNull();
    expect(fromDfeSex('X', null)).toBeNull();
  });
});

describe('flags and lists', () => {
  it('should write yes and no as 1 and 0, and read nothing else', () => {
    expect(fromFlag('1')).toBe(true);
    expect(fromFlag('0')).toBe(false);
    expect(fromFlag('yes')).toBeNull();
  });

  it('should keep a list’s order through a semicolon-separated cell', () => {
    expect(toList(['SEXUAL', 'CRIMINAL'])).toBe('SEXUAL;CRIMINAL');
    expect(fromList(' SEXUAL ; CRIMINAL;')).toEqual(['SEXUAL', 'CRIMINAL']);
    expect(fromList('')).toEqual([]);
  });
});
