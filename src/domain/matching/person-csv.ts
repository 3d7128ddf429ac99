// The person CSV format of `bin/lantern link` (docs/data-exchange.md): one person a row, read into
// the matching engine's MatchPerson, every problem reported by line and column. Pure: the command
// reads and writes the files.

import { addYears, isIsoDate } from '../dates.ts';
import { fail, ok } from '../result.ts';
import type { Result } from '../result.ts';
import { escapeText, readCsv } from '../ssda903/csv.ts';
import { COMPARISON_IDS } from './comparisons.ts';
import { alpha2Of } from './nationality.ts';
import { birthBetween, birthOn } from './person.ts';
import type { BirthEvidence, MatchName, MatchPerson } from './person.ts';
import type { ScoredPair } from './model.ts';

export const PERSON_COLUMNS = [
  'record_id',
  'given_names',
  'family_name',
  'other_names',
  'sex',
  'date_of_birth',
  'dob_estimated',
  'nationality',
  'postcode',
  'address',
  'identifier',
] as const;
type PersonColumn = (typeof PERSON_COLUMNS)[number];
export type PersonRow = Readonly<Record<PersonColumn, string>>;

export interface PersonCsvProblem {
  /** Line of the file (the header is line 1), or null for the file as a whole. */
  readonly line: number | null;
  readonly column: PersonColumn | null;
  readonly message: string;
}

/** Problems listed before giving up: a wrong file should not print 5,000 lines. */
const MAX_PROBLEMS = 50;

/** One row of the format as a person, or what is wrong with it. */
export function personOfRow(row: PersonRow, line: number): Result<MatchPerson, PersonCsvProblem[]> {
  const problems: PersonCsvProblem[] = [];
  const problem = (column: PersonColumn, message: string) => problems.push({ line, column, message });
  const value = (column: PersonColumn) => row[column].trim();

  const id = value('record_id');
  if (id === '') problem('record_id', 'Enter an identifier for the row: record_id is empty');
  const names: MatchName[] = [];
  if (value('given_names') !== '' || value('family_name') !== '') {
    names.push({ givenNames: value('given_names'), familyName: value('family_name'), source: null });
  }
  for (const other of value('other_names').split(';')) {
    const parts = other
      .trim()
      .split(/\s+/)
      .filter((part) => part !== '');
    // Family name last, as the format says.
    if (parts.length > 0) names.push({ givenNames: parts.slice(0, -1).join(' '), familyName: parts.at(-1) ?? '', source: 'other_names' });
  }

  const sex = value('sex').toUpperCase();
  if (!['', 'M', 'F', 'U'].includes(sex)) problem('sex', `Enter M, F or U (or leave it blank), not "${value('sex')}"`);

  const births: BirthEvidence[] = [];
  const date = value('date_of_birth');
  const estimated = value('dob_estimated').toLowerCase();
  if (!['', 'true', 'false'].includes(estimated)) problem('dob_estimated', `Enter true or false (or leave it blank), not "${value('dob_estimated')}"`);
  if (date !== '') {
    if (!isIsoDate(date)) problem('date_of_birth', `Enter a real date as YYYY-MM-DD (or leave it blank), not "${date}"`);
    // An estimated date of birth stands for a year either side of it.
    else births.push(estimated === 'true' ? birthBetween(addYears(date, -1), addYears(date, 1)) : birthOn(date, 'claimed'));
  } else if (estimated === 'true') {
    problem('dob_estimated', 'dob_estimated is true but there is no date_of_birth: give the estimated date, or leave both blank');
  }

  const nationalities: string[] = [];
  const nationality = value('nationality').toUpperCase();
  if (nationality !== '' && nationality !== 'UNKNOWN') {
    const code = /^[A-Z]{3}$/.test(nationality) ? alpha2Of(nationality) : null;
    if (code === null) problem('nationality', `Enter an ISO 3166-1 alpha-3 country code such as ERI or AFG (or leave it blank), not "${value('nationality')}"`);
    else nationalities.push(code);
  }

  if (problems.length > 0) return fail(problems);
  return ok({
    id,
    names,
    sex: sex === 'M' || sex === 'F' ? sex : null,
    births,
    nationalities,
    postcode: value('postcode') === '' ? null : value('postcode'),
    address: value('address') === '' ? null : value('address'),
    identifiers: value('identifier') === '' ? [] : [{ scheme: 'id', value: value('identifier') }],
  });
}

/**
 * Reads a person CSV file's text: a header naming the columns (any order; record_id required, the
 * others may be left out) and a row per person. Record ids must be unique within the file.
 */
export function readPersonCsv(text: string): Result<MatchPerson[], PersonCsvProblem[]> {
  const csv = readCsv(text);
  if (!csv.ok) return fail([{ line: csv.line, column: null, message: `The file is not CSV: ${csv.message}` }]);
  const header = csv.header.map((name) => name.trim().toLowerCase());
  const unknown = header.filter((name) => !(PERSON_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    return fail([
      { line: 1, column: null, message: `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: the columns are ${PERSON_COLUMNS.join(', ')}` },
    ]);
  }
  if (!header.includes('record_id')) return fail([{ line: 1, column: 'record_id', message: 'The header has no record_id column' }]);
  const positions = PERSON_COLUMNS.map((column) => header.indexOf(column));
  const people: MatchPerson[] = [];
  const problems: PersonCsvProblem[] = [];
  const seen = new Set<string>();
  csv.rows.forEach((cells, index) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const line = index + 2;
    const row = Object.fromEntries(PERSON_COLUMNS.map((column, i) => [column, cells[positions[i] ?? -1] ?? ''])) as PersonRow;
    const result = personOfRow(row, line);
    if (!result.ok) {
      problems.push(...result.error);
      return;
    }
    if (seen.has(result.value.id)) {
      problems.push({ line, column: 'record_id', message: `record_id ${result.value.id} is used by an earlier row: each row needs its own` });
      return;
    }
    seen.add(result.value.id);
    people.push(result.value);
  });
  return problems.length > 0 ? fail(problems.slice(0, MAX_PROBLEMS)) : ok(people);
}

const PAIR_COLUMNS = ['left_id', 'right_id', 'match_probability'] as const;

/** The columns of the pairs file; with `explain`, each field's weight (log2 Bayes factor) and level. */
export function pairColumns(explain: boolean): string[] {
  return explain ? [...PAIR_COLUMNS, 'match_weight', ...COMPARISON_IDS.flatMap((id) => [`${id}_level`, `${id}_weight`])] : [...PAIR_COLUMNS];
}

export function pairRow(leftId: string, rightId: string, scored: ScoredPair, explain: boolean): string[] {
  const row = [escapeText(leftId), escapeText(rightId), scored.probability.toFixed(6)];
  if (!explain) return row;
  row.push(scored.weight.toFixed(3));
  for (const field of scored.fields) row.push(field.level?.id ?? '', field.level === null ? '' : field.weight.toFixed(3));
  return row;
}

export const formatProblem = (problem: PersonCsvProblem): string =>
  `${problem.line === null ? '' : `line ${problem.line}: `}${problem.column === null ? '' : `${problem.column}: `}${problem.message}`;
