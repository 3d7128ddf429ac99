import type { Sex } from '../codes.ts';
import { isIsoDate, isIsoInstant, normaliseInstant } from '../dates.ts';
import { sexCodingIn } from './collection-year.ts';
import type { CollectionYearSpan } from './collection-year.ts';

// How values are written in the 903 files and Lantern's supplementary files.

const DFE_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** '2025-03-01' → '01/03/2025', the 903 format. */
export function toDfeDate(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}

/**
 * '01/03/2025' (or '1/3/2025', which the DfE validator's day-first parse also takes) → '2025-03-01';
 * null if it is not a date that exists.
 */
export function fromDfeDate(text: string): string | null {
  const match = DFE_DATE.exec(text.trim());
  if (!match) return null;
  const iso = `${match[3] ?? ''}-${(match[2] ?? '').padStart(2, '0')}-${(match[1] ?? '').padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A moment as Lantern's files write it: UTC, to the millisecond. */
export const toInstant = (instant: string): string => normaliseInstant(instant);

/** An ISO 8601 moment with a time zone, normalised; null if it is not one. */
export function fromInstant(text: string): string | null {
  const value = text.trim();
  return isIsoInstant(value) ? normaliseInstant(value) : null;
}

/** SEX as the return codes it in a year; '' where the year has no code for it (U before 2024-25). */
export function toDfeSex(sex: Sex, year: CollectionYearSpan): string {
  if (sexCodingIn(year) === 'letters') return sex;
  return sex === 'M' ? '1' : sex === 'F' ? '2' : '';
}

/**
 * SEX read back. With the year known, only that year's codes are accepted (a blank before
 * 2024-25 is how Lantern writes "not known"); without it, either coding is.
 */
export function fromDfeSex(text: string, year: CollectionYearSpan | null): Sex | null {
  const value = text.trim().toUpperCase();
  const coding = year === null ? null : sexCodingIn(year);
  if (coding !== 'numeric' && (value === 'M' || value === 'F' || value === 'U')) return value;
  if (coding !== 'letters') {
    if (value === '1') return 'M';
    if (value === '2') return 'F';
    if (value === '' && coding === 'numeric') return 'U';
  }
  return null;
}

export const toFlag = (value: boolean): string => (value ? '1' : '0');

export function fromFlag(text: string): boolean | null {
  const value = text.trim();
  return value === '1' ? true : value === '0' ? false : null;
}

/** Lists of codes in one cell are separated by semicolons, in the record's order. */
const LIST_SEPARATOR = ';';
export const toList = (values: readonly string[]): string => values.join(LIST_SEPARATOR);

export function fromList(text: string): string[] {
  return text
    .split(LIST_SEPARATOR)
    .map((value) => value.trim())
    .filter((value) => value !== '');
}
