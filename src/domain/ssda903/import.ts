import type {
  AgeStatusEntry,
  CarePeriod,
  Child,
  ChildAlias,
  ChildRecord,
  MissingEpisode,
  NationalTransfer,
  NrmReferral,
  ReturnInterview,
  TraffickingConcern,
  TraffickingStatusEntry,
  UascPeriod,
} from '../child-record.ts';
import { newCarePeriod, newChild, newMissingEpisode } from '../child-record-entities.ts';
import {
  AGE_STATUSES,
  COMPETENT_AUTHORITIES,
  DATE_OF_BIRTH_SOURCES,
  EPISODE_END_REASONS,
  EXPLOITATION_LOCATIONS,
  EXPLOITATION_TYPES,
  HARM_DISCLOSED,
  INTERVIEW_OUTCOMES,
  INTERVIEW_RESPONSES,
  INTERVIEWER_TYPES,
  MISSING_TYPES,
  NRM_DECISIONS,
  POLICE_RISK_LEVELS,
  TRAFFICKING_INDICATORS,
  TRAFFICKING_STATUS_BASES,
  TRAFFICKING_STATUSES,
} from '../codes.ts';
import type { MissingType, Sex } from '../codes.ts';
import type { DateOfBirthEstimate } from '../date-of-birth.ts';
import { formatDate, ukDateOf, ukMidnight } from '../dates.ts';
import {
  ETHNICITIES,
  LEGAL_STATUSES,
  PLACEMENT_TYPES,
  REASONS_CEASED,
  REASONS_NEW_EPISODE,
  isPlacementTypeCode,
  isPlacementTypeValidIn,
} from '../ssda903-codes.ts';
import { carePeriodOn, validateRecord } from '../validation/rules.ts';
import type { ValidationContext, Violation } from '../validation/rules.ts';
import { collectionYear, isCollectionYear, sexCodingIn } from './collection-year.ts';
import type { CollectionYearSpan } from './collection-year.ts';
import { readCsv, unescapeText } from './csv.ts';
import { dfeEighteenthBirthday, LANTERN_FORMAT, uascDucInYear } from './export.ts';
import { fromDfeDate, fromDfeSex, fromFlag, fromInstant, fromList, toDfeDate } from './formats.ts';
import { recogniseTable, TABLES } from './tables.ts';
import type { TableName } from './tables.ts';

// From the files of a 903 return (and Lantern's supplementary tables, where present) back to
// child records. Everything is read and checked before anything is built; every problem is
// reported with its file, row and column, in words that say what to do. Rows are numbered as a
// spreadsheet shows them: the header is row 1.

/** A file to import: its bytes, which must be UTF-8 (a byte-order mark is fine), or text already decoded. */
export interface InputFile<Content extends string | Uint8Array = string | Uint8Array> {
  readonly name: string;
  readonly content: Content;
}

/** A file as text: what an export writes, and what the tests build. */
export type TextFile = InputFile<string>;

interface Location {
  /** The file's name; null for a problem with the set of files (a table missing). */
  readonly file: string | null;
  /** 1 is the header row; null for the whole file. */
  readonly row: number | null;
  readonly column: string | null;
}

export interface ImportProblem extends Location {
  readonly message: string;
}

interface AuthorityReference {
  readonly code: string;
  readonly at: Location;
}

interface EntitySource {
  /** Where the entity's row is, and the column that names it. */
  readonly at: Location;
  /** Where each of its fields came from, by the domain's field name. */
  readonly fields: Readonly<Record<string, Location>>;
  /** A hint to add to a rule's message about a field, where the files give it no column of its own. */
  readonly hints: Readonly<Record<string, string>>;
}

export interface ReturnImport {
  /**
   * A record for every child in the Header, built as far as their rows could be read, so that the record rules
   * check every child in the same pass. Write them only when `errors` is empty: an unreadable cell is read as blank.
   */
  readonly records: readonly ChildRecord[];
  /** The collection year, from Lantern's export table; null for files without it. */
  readonly year: CollectionYearSpan | null;
  readonly errors: readonly ImportProblem[];
  /** Worth knowing but not stopping the import: values Lantern does not keep, codes of another year. */
  readonly notices: readonly ImportProblem[];
  readonly rowCounts: Readonly<Partial<Record<TableName, number>>>;
  /** Every local authority code the files name, for the caller to check against the register. */
  readonly authorityReferences: readonly AuthorityReference[];
  /** Each child's Header row, by CHILD. */
  readonly childRows: ReadonlyMap<string, Location>;
  readonly sources: ReadonlyMap<string, EntitySource>;
}

export interface ReadOptions {
  /** The authority the children are imported into: their responsible authority. */
  readonly authorityCode: string;
  readonly newId: () => string;
  /** The UK day of the import. */
  readonly today: string;
}

interface SourceRow {
  readonly file: string;
  readonly row: number;
  readonly values: ReadonlyMap<string, string>;
  /** Columns already reported as unreadable (too long): read as blank, and not reported again. */
  readonly reported: ReadonlySet<string>;
}

interface LoadedTable {
  readonly file: string;
  readonly rows: readonly SourceRow[];
}

const MAX_CHILD_ID_LENGTH = 10;

/** The 903 columns Lantern has no field for: read, reported, not kept. */
const UNKEPT_COLUMNS: Partial<Record<TableName, readonly string[]>> = {
  Header: ['MOTHER', 'MC_DOB'],
  Episodes: ['CIN', 'PLACE_PROVIDER', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
};

const codesOf = (list: readonly { readonly code: string }[]): readonly string[] => list.map((entry) => entry.code);

/** The DfE's check that a table's CHILD is in the Header (the validator's INT rules); Lantern's own tables have none. */
const NOT_IN_HEADER_CHECK: Partial<Record<TableName, string>> = { Episodes: 'INT03', Missing: 'INT04', UASC: 'INT09' };

/**
 * The most characters a cell may hold: the API's limit for the same field (src/features/api/schemas.ts),
 * 200 where the API sets none of its own. A list of codes may be longer.
 */
const DEFAULT_CELL_LIMIT = 200;
const CELL_LIMITS: Readonly<Record<string, number>> = {
  CHILD: 10,
  UPN: 13,
  ETHNIC: 4,
  LANGUAGE: 60,
  NATIONALITY: 7,
  ALIAS_NATIONALITY: 7,
  HOME_OFFICE_REF: 40,
  NRM_REF: 40,
  POLICE_PERSON_ID: 40,
  POLICE_REFERENCE: 60,
  NOTE: 1000,
  LAST_SEEN_LOCATION: 500,
  LAST_SEEN_WITH: 500,
  RHI_NOT_OFFERED_REASON: 1000,
  INDICATORS: 2000,
  EXPLOITATION_TYPES: 2000,
  RHI_OUTCOMES: 2000,
};
const cellLimit = (column: string): number => CELL_LIMITS[column] ?? DEFAULT_CELL_LIMIT;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a file, or the line of its first byte that is not UTF-8. A byte-order mark is
 * allowed (and dropped). Windows-1252 ("Zoë" saved by Excel as plain CSV) is refused, never
 * read with replacement characters.
 */
function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; line: number } {
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    // Find the first bad byte by decoding ever longer prefixes of whole lines.
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < bytes.length; i += 1) {
      if (bytes[i] !== 0x0a) continue;
      try {
        UTF8.decode(bytes.subarray(lineStart, i + 1));
      } catch {
        return { ok: false, line };
      }
      line += 1;
      lineStart = i + 1;
    }
    return { ok: false, line };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading cells

class RowReader {
  readonly #source: SourceRow;
  readonly #problems: ImportProblem[];
  /** Columns reported here as unreadable: the checks that compare them are skipped, so each is reported once. */
  readonly #unreadable = new Set<string>();

  constructor(source: SourceRow, problems: ImportProblem[]) {
    this.#source = source;
    this.#problems = problems;
  }

  at(column: string | null): Location {
    return { file: this.#source.file, row: this.#source.row, column };
  }

  raw(column: string): string {
    return this.#source.values.get(column) ?? '';
  }

  fail(column: string | null, message: string): void {
    if (column !== null) this.#unreadable.add(column);
    if (column === null || !this.#source.reported.has(column)) this.#problems.push({ ...this.at(column), message });
  }

  /** Whether every one of these columns was read: none failed, none was too long. */
  readable(...columns: readonly string[]): boolean {
    return columns.every((column) => !this.#unreadable.has(column) && !this.#source.reported.has(column));
  }

  /** Trimmed text, or null when blank. */
  text(column: string): string | null {
    const value = this.raw(column).trim();
    return value === '' ? null : value;
  }

  requiredText(column: string, what: string): string {
    const value = this.text(column);
    if (value === null) this.fail(column, `Enter ${what} in ${column}: it cannot be blank`);
    return value ?? '';
  }

  date(column: string, what: string): string | null {
    const raw = this.raw(column).trim();
    if (raw === '') return null;
    const value = fromDfeDate(raw);
    if (value === null) this.fail(column, `Enter ${what} in ${column} as a real date in the format dd/mm/yyyy, for example 01/03/2025. "${raw}" is not one`);
    return value;
  }

  requiredDate(column: string, what: string): string {
    const value = this.date(column, what);
    if (value === null && this.raw(column).trim() === '') this.fail(column, `Enter ${what} in ${column}: it cannot be blank`);
    return value ?? '';
  }

  instant(column: string, what: string): string | null {
    const raw = this.raw(column).trim();
    if (raw === '') return null;
    const value = fromInstant(raw);
    if (value === null)
      this.fail(column, `Enter ${what} in ${column} as a date and time with a time zone, for example 2025-03-01T21:15:00Z. "${raw}" is not one`);
    return value;
  }

  code<T extends string>(column: string, codes: readonly T[], what: string): T | null {
    const raw = this.raw(column).trim();
    if (raw === '') return null;
    const value = raw.toUpperCase();
    const found = codes.find((code) => code === value);
    if (found === undefined) this.fail(column, `Enter ${what} in ${column} as one of ${codes.join(', ')}. "${raw}" is not one of them`);
    return found ?? null;
  }

  /** Null only when the cell is unreadable (and so reported). */
  requiredCode<T extends string>(column: string, codes: readonly T[], what: string): T | null {
    const value = this.code(column, codes, what);
    if (value === null && this.raw(column).trim() === '') this.fail(column, `Enter ${what} in ${column} as one of ${codes.join(', ')}: it cannot be blank`);
    return value;
  }

  flag(column: string, what: string, required: boolean): boolean | null {
    const raw = this.raw(column).trim();
    if (raw === '') {
      if (required) this.fail(column, `Enter 1 or 0 in ${column} for ${what}: it cannot be blank`);
      return null;
    }
    const value = fromFlag(raw);
    if (value === null) this.fail(column, `Enter 1 (yes) or 0 (no) in ${column} for ${what}. "${raw}" is neither`);
    return value;
  }

  list<T extends string>(column: string, codes: readonly T[], what: string): T[] {
    const values: T[] = [];
    for (const item of fromList(this.raw(column))) {
      const value = item.toUpperCase();
      const found = codes.find((code) => code === value);
      if (found === undefined)
        this.fail(column, `Enter ${what} in ${column} as codes separated by semicolons, from ${codes.join(', ')}. "${item}" is not one of them`);
      else values.push(found);
    }
    return values;
  }

  authority(column: string, references: AuthorityReference[], what: string, required: boolean): string | null {
    const value = this.text(column);
    if (value === null) {
      if (required) this.fail(column, `Enter ${what} in ${column} as a local authority code, such as E10000016: it cannot be blank`);
      return null;
    }
    const code = value.toUpperCase();
    references.push({ code, at: this.at(column) });
    return code;
  }
}

// ---------------------------------------------------------------------------------------------
// Loading the files

function loadTables(files: readonly InputFile[], problems: ImportProblem[], notices: ImportProblem[]): Map<TableName, LoadedTable> {
  const tables = new Map<TableName, LoadedTable>();
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const decoded = typeof file.content === 'string' ? { ok: true as const, text: file.content } : decodeUtf8(file.content);
    if (!decoded.ok) {
      problems.push({
        file: file.name,
        row: decoded.line,
        column: null,
        message:
          'The file is not saved as UTF-8, so names with accents would be read wrongly (Excel’s plain "CSV" is Windows-1252). Save it again as "CSV UTF-8 (comma delimited)" and import it again',
      });
      continue;
    }
    const csv = readCsv(decoded.text);
    if (!csv.ok) {
      problems.push({
        file: file.name,
        row: csv.line,
        column: null,
        message: `The file cannot be read as CSV (${csv.message}). Save it again as comma-separated values (CSV, UTF-8)`,
      });
      continue;
    }
    const recognition = recogniseTable(csv.header);
    if (recognition.kind === 'duplicate-column') {
      problems.push({
        file: file.name,
        row: 1,
        column: recognition.column,
        message: `The column ${recognition.column} appears more than once. Keep one of them`,
      });
      continue;
    }
    if (recognition.kind === 'unrecognised') {
      const { nearest, missing, unexpected } = recognition;
      if (nearest === null) {
        problems.push({
          file: file.name,
          row: 1,
          column: null,
          message:
            'The columns of this file do not match any table Lantern reads (the 903 Header, Episodes, Missing and UASC tables, and Lantern’s own tables). Check the first row, or remove the file from the folder',
        });
      } else {
        const changes = [
          ...(missing.length > 0 ? [`add the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] : []),
          ...(unexpected.length > 0 ? [`remove the column${unexpected.length > 1 ? 's' : ''} ${unexpected.join(', ')}`] : []),
        ];
        problems.push({
          file: file.name,
          row: 1,
          column: missing[0] ?? unexpected[0] ?? null,
          message: `This looks like the ${nearest.name} table, but its columns are not that table's (${nearest.columns.join(', ')}): ${changes.join(' and ')}`,
        });
      }
      continue;
    }
    const { table } = recognition;
    const other = tables.get(table.name);
    if (other !== undefined) {
      problems.push({
        file: file.name,
        row: 1,
        column: null,
        message: `This file holds the ${table.name} table, and so does ${other.file}. Put all of the table's rows in one file`,
      });
      continue;
    }
    const rows = readRows(file.name, csv, table.textColumns, problems);
    tables.set(table.name, { file: file.name, rows });
    for (const column of UNKEPT_COLUMNS[table.name] ?? []) {
      const filled = rows.filter((row) => (row.values.get(column) ?? '').trim() !== '').length;
      if (filled > 0)
        notices.push({ file: file.name, row: null, column, message: `Lantern does not record ${column}: its ${filled} value(s) were read but not kept` });
    }
  }
  return tables;
}

/** A table's rows, keyed by column: a blank row skipped; a row of the wrong length, and a cell too long, reported. */
function readRows(
  file: string,
  csv: { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] },
  textColumns: readonly string[],
  problems: ImportProblem[],
): SourceRow[] {
  const columns = csv.header.map((column) => column.trim().toUpperCase());
  const text = columns.map((column) => textColumns.includes(column));
  const rows: SourceRow[] = [];
  csv.rows.forEach((values, index) => {
    const row = index + 2;
    if (values.every((value) => value.trim() === '')) return;
    if (values.length !== columns.length) {
      problems.push({
        file,
        row,
        column: null,
        message: `This row has ${values.length} values but the file has ${columns.length} columns. Check for a missing or extra comma, or a value with a comma that needs quotes`,
      });
      return;
    }
    // Too long for the field: reported by its length alone (never its text), then read as blank.
    const reported = new Set<string>();
    columns.forEach((column, i) => {
      const length = (values[i] ?? '').length;
      if (length <= cellLimit(column)) return;
      problems.push({
        file,
        row,
        column,
        message: `Enter at most ${cellLimit(column)} characters in ${column}: this cell has ${length.toLocaleString('en-GB')}`,
      });
      reported.add(column);
    });
    // Typed text loses the apostrophe an export puts before a formula character (csv.ts).
    const cell = (column: string, i: number): string => (reported.has(column) ? '' : text[i] === true ? unescapeText(values[i] ?? '') : (values[i] ?? ''));
    rows.push({ file, row, values: new Map(columns.map((column, i) => [column, cell(column, i)])), reported });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Rows, typed

interface HeaderEntry {
  readonly at: RowReader;
  readonly sex: Sex;
  readonly dob: string;
  readonly ethnicity: string | null;
  readonly upn: string | null;
}

interface ChildDetailsEntry {
  readonly at: RowReader;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly dobClaimed: string | null;
  readonly dobAssessed: string | null;
  readonly nationality: string | null;
  readonly interpreterNeeded: boolean;
  readonly homeOfficeReference: string | null;
  readonly nrmReference: string | null;
  readonly policePersonId: string | null;
}

interface EpisodeEntry {
  readonly at: RowReader;
  readonly start: string;
  readonly end: string | null;
  readonly reasonNewEpisode: string | null;
  readonly legalStatus: string;
  readonly placementType: string;
  readonly reasonCeased: string | null;
}

interface PlacementEntry {
  readonly at: RowReader;
  readonly start: string;
  readonly responsible: string;
  readonly host: string;
}

interface MissingEntry {
  readonly at: RowReader;
  readonly dob: string;
  readonly type: MissingType;
  readonly start: string;
  readonly end: string | null;
}

interface MissingDetailsEntry {
  readonly at: RowReader;
  readonly start: string;
  readonly startAt: string | null;
  readonly endAt: string | null;
  readonly responsible: string | null;
  readonly host: string | null;
  readonly episode: Omit<
    MissingEpisode,
    'id' | 'childId' | 'type' | 'startAt' | 'endAt' | 'responsibleAuthorityCode' | 'hostAuthorityCode' | 'version' | 'returnInterview'
  >;
  readonly interview: Omit<ReturnInterview, 'id' | 'episodeId' | 'version'> | null;
}

interface UascEntry {
  readonly at: RowReader;
  readonly sex: Sex;
  readonly dob: string;
  readonly duc: string | null;
}

interface UascPeriodEntry {
  readonly at: RowReader;
  readonly start: string;
  readonly ceased: string | null;
}

interface ConcernEntry {
  readonly at: RowReader;
  readonly number: string;
  readonly concern: Omit<TraffickingConcern, 'id' | 'childId' | 'version' | 'statuses' | 'nrmReferral'>;
  readonly referral: Omit<NrmReferral, 'id' | 'concernId' | 'version'> | null;
}

interface StatusEntry {
  readonly at: RowReader;
  readonly concern: string;
  readonly status: Omit<TraffickingStatusEntry, 'id' | 'concernId'>;
}

interface ChildParts {
  readonly header: HeaderEntry;
  details: ChildDetailsEntry | null;
  estimate: { readonly at: RowReader; readonly estimate: DateOfBirthEstimate } | null;
  readonly languages: string[];
  readonly aliases: { at: RowReader; alias: Omit<ChildAlias, 'id' | 'childId'> }[];
  readonly ageStatuses: { at: RowReader; entry: Omit<AgeStatusEntry, 'id' | 'childId'> }[];
  readonly episodes: EpisodeEntry[];
  readonly placements: PlacementEntry[];
  readonly missing: MissingEntry[];
  readonly missingDetails: MissingDetailsEntry[];
  readonly uasc: UascEntry[];
  readonly uascPeriods: UascPeriodEntry[];
  readonly transfers: { at: RowReader; transfer: Omit<NationalTransfer, 'id' | 'childId'> }[];
  readonly concerns: ConcernEntry[];
  readonly statuses: StatusEntry[];
}

// ---------------------------------------------------------------------------------------------
// The import

export function readReturn(files: readonly InputFile[], options: ReadOptions): ReturnImport {
  const errors: ImportProblem[] = [];
  const notices: ImportProblem[] = [];
  const references: AuthorityReference[] = [];
  const tables = loadTables(files, errors, notices);
  const rowsOf = (name: TableName): readonly SourceRow[] => tables.get(name)?.rows ?? [];
  const reader = (row: SourceRow): RowReader => new RowReader(row, errors);

  const year = readYear(rowsOf('LanternExport'), options.authorityCode, reader);
  if (!tables.has('Header')) {
    errors.push({
      file: null,
      row: null,
      column: null,
      message: `No file holds the Header table (columns ${TABLES.Header.columns.join(', ')}). Add the Header file: every child must be in it`,
    });
  }

  // Children: the Header, then every other table's rows joined to it by CHILD.
  const children = readHeader(rowsOf('Header'), year, reader);
  const context: TableContext = { year, notices, references };
  for (const [name, read] of CHILD_TABLES) {
    for (const row of rowsOf(name)) {
      const r = reader(row);
      const key = r.requiredText('CHILD', 'the child’s ID');
      if (key === '') continue;
      const parts = children.get(key);
      if (parts === undefined) {
        const check = NOT_IN_HEADER_CHECK[name];
        r.fail(
          'CHILD',
          `Child ${key} is not in the Header table. Add the child to the Header file, or remove this row${check === undefined ? '' : ` (903 check ${check})`}`,
        );
        continue;
      }
      read(r, parts, key, context);
    }
  }

  // Build every child, those with unreadable cells too, so that the record rules check them in the same pass.
  const records: ChildRecord[] = [];
  const sources = new Map<string, EntitySource>();
  const childRows = new Map<string, Location>();
  for (const [key, parts] of children) {
    childRows.set(key, parts.header.at.at('CHILD'));
    records.push(buildRecord(key, parts, { ...options, year, errors, sources }));
  }

  const rowCounts: Partial<Record<TableName, number>> = {};
  for (const [name, table] of tables) rowCounts[name] = table.rows.length;
  return { records, year, errors, notices, rowCounts, authorityReferences: references, childRows, sources };
}

/** The Header's rows: one child each, by CHILD. A child whose Header row has unreadable cells is kept, so that the rest of their rows are checked too. */
function readHeader(rows: readonly SourceRow[], year: CollectionYearSpan | null, reader: (row: SourceRow) => RowReader): Map<string, ChildParts> {
  const children = new Map<string, ChildParts>();
  for (const row of rows) {
    const r = reader(row);
    const key = r.requiredText('CHILD', 'the child’s ID');
    if (key.length > MAX_CHILD_ID_LENGTH) r.fail('CHILD', `Enter a CHILD ID of ${MAX_CHILD_ID_LENGTH} characters or fewer`);
    const sexRaw = r.raw('SEX');
    const sex = fromDfeSex(sexRaw, year);
    if (sex === null) {
      const allowed = year === null ? 'M, F or U (or 1 or 2 before 2024-25)' : sexCodingIn(year) === 'letters' ? 'M, F or U' : '1 or 2 (blank for not known)';
      r.fail('SEX', `Enter SEX as ${allowed}${year === null ? '' : ` for the ${year.name} return`}. "${sexRaw.trim()}" is not one of them`);
    }
    const dob = r.requiredDate('DOB', 'the date of birth');
    const ethnicity = r.code('ETHNIC', codesOf(ETHNICITIES), 'the 903 ethnicity code');
    const upn = r.text('UPN');
    if (key === '') continue;
    if (children.has(key)) {
      r.fail('CHILD', `Child ${key} is in the Header table more than once. Keep one row for each child`);
      continue;
    }
    children.set(key, {
      header: { at: r, sex: sex ?? 'U', dob, ethnicity, upn },
      details: null,
      estimate: null,
      languages: [],
      aliases: [],
      ageStatuses: [],
      episodes: [],
      placements: [],
      missing: [],
      missingDetails: [],
      uasc: [],
      uascPeriods: [],
      transfers: [],
      concerns: [],
      statuses: [],
    });
  }
  return children;
}

// ---------------------------------------------------------------------------------------------
// The tables joined to the Header by CHILD: one reader each, for one row of a child in the Header

interface TableContext {
  readonly year: CollectionYearSpan | null;
  readonly notices: ImportProblem[];
  /** Every authority code read, for the caller to check against the register. */
  readonly references: AuthorityReference[];
}

type ChildRowReader = (r: RowReader, parts: ChildParts, key: string, context: TableContext) => void;

function readChildDetailsRow(r: RowReader, parts: ChildParts, key: string): void {
  const entry: ChildDetailsEntry = {
    at: r,
    // A child may be known by one name only: the record rules ask for at least one.
    givenNames: r.text('GIVEN_NAMES'),
    familyName: r.text('FAMILY_NAME'),
    dobClaimed: r.date('DOB_CLAIMED', 'the date of birth the child gave'),
    dobAssessed: r.date('DOB_ASSESSED', 'the assessed date of birth'),
    nationality: r.text('NATIONALITY'),
    interpreterNeeded: r.flag('INTERPRETER_NEEDED', 'whether an interpreter is needed', true) ?? false,
    homeOfficeReference: r.text('HOME_OFFICE_REF'),
    nrmReference: r.text('NRM_REF'),
    policePersonId: r.text('POLICE_PERSON_ID'),
  };
  if (parts.details !== null) r.fail('CHILD', `Child ${key} is in the Lantern children table more than once. Keep one row for each child`);
  else parts.details = entry;
}

function readDateOfBirthEstimateRow(r: RowReader, parts: ChildParts, key: string): void {
  const estimate = {
    earliest: r.requiredDate('DOB_EARLIEST', 'the earliest date of birth the estimated age allows'),
    latest: r.requiredDate('DOB_LATEST', 'the latest date of birth the estimated age allows'),
    source: r.requiredCode('DOB_SOURCE', DATE_OF_BIRTH_SOURCES, 'who estimated the child’s age') ?? 'PROFESSIONAL',
    estimatedOn: r.requiredDate('DOB_ESTIMATED_ON', 'the date the age was estimated'),
  };
  if (parts.estimate !== null) r.fail('CHILD', `Child ${key} has more than one estimated age. Keep one row for each child`);
  else parts.estimate = { at: r, estimate };
}

function readLanguageRow(r: RowReader, parts: ChildParts): void {
  parts.languages.push(r.requiredText('LANGUAGE', 'a language'));
}

function readAliasRow(r: RowReader, parts: ChildParts): void {
  parts.aliases.push({
    at: r,
    alias: {
      givenNames: r.text('ALIAS_GIVEN_NAMES'),
      familyName: r.text('ALIAS_FAMILY_NAME'),
      dateOfBirth: r.date('ALIAS_DOB', 'the date of birth used'),
      nationality: r.text('ALIAS_NATIONALITY'),
      source: r.requiredText('SOURCE', 'who knew the child by this name'),
      seenWhere: r.text('SEEN_WHERE'),
      seenOn: r.requiredDate('SEEN_ON', 'the date the name was seen'),
    },
  });
}

function readAgeStatusRow(r: RowReader, parts: ChildParts): void {
  const entry = {
    status: r.requiredCode('AGE_STATUS', AGE_STATUSES, 'the age status') ?? 'ACCEPTED',
    effectiveFrom: r.requiredDate('AGE_STATUS_FROM', 'the date the age status took effect'),
    note: r.text('NOTE'),
  };
  if (parts.ageStatuses.some((other) => other.entry.effectiveFrom === entry.effectiveFrom && entry.effectiveFrom !== '')) {
    r.fail('AGE_STATUS_FROM', `The child already has an age status from ${toDfeDate(entry.effectiveFrom)}. Keep one age status for each date`);
  }
  parts.ageStatuses.push({ at: r, entry });
}

function readEpisodeRow(r: RowReader, parts: ChildParts, _key: string, { year, notices }: TableContext): void {
  const placementType = r.requiredCode('PLACE', codesOf(PLACEMENT_TYPES), 'the 903 placement type') ?? '';
  if (year !== null && isPlacementTypeCode(placementType) && !isPlacementTypeValidIn(placementType, year.name)) {
    notices.push({ ...r.at('PLACE'), message: `${placementType} is not in the ${year.name} PLACE list (DfE rule 146 will query it); Lantern keeps it` });
  }
  parts.episodes.push({
    at: r,
    start: r.requiredDate('DECOM', 'the date the episode started'),
    end: r.date('DEC', 'the date the episode ceased'),
    reasonNewEpisode: r.code('RNE', codesOf(REASONS_NEW_EPISODE), 'the reason for the new episode'),
    legalStatus: r.requiredCode('LS', codesOf(LEGAL_STATUSES), 'the 903 legal status') ?? '',
    placementType,
    reasonCeased: r.code('REC', codesOf(REASONS_CEASED), 'the reason the episode ceased'),
  });
}

function readPlacementRow(r: RowReader, parts: ChildParts, _key: string, { references }: TableContext): void {
  parts.placements.push({
    at: r,
    start: r.requiredDate('DECOM', 'the date the episode started'),
    responsible: r.authority('RESPONSIBLE_LA', references, 'the responsible authority', true) ?? '',
    host: r.authority('HOST_LA', references, 'the host authority', true) ?? '',
  });
}

function readMissingRow(r: RowReader, parts: ChildParts): void {
  const type = r.code('MISSING', MISSING_TYPES, 'whether the child was missing (M) or away from placement without authorisation (A) (903 rule 1006)');
  if (r.raw('MISSING').trim() === '')
    r.fail('MISSING', 'Enter M (missing) or A (away from placement without authorisation) in MISSING: it cannot be blank (903 rules 565 and 566)');
  const startRaw = r.raw('MIS_START').trim();
  if (startRaw === '') r.fail('MIS_START', 'Enter the date the child went missing in MIS_START: it cannot be blank (903 rules 564 and 1004)');
  parts.missing.push({
    at: r,
    dob: r.requiredDate('DOB', 'the date of birth'),
    type: type ?? 'M',
    start: startRaw === '' ? '' : (r.date('MIS_START', 'the date the child went missing (903 rule 1004)') ?? ''),
    end: r.date('MIS_END', 'the date the child came back (903 rule 1005)'),
  });
}

const INTERVIEW_COLUMNS = ['RHI_OFFERED_AT', 'RHI_NOT_OFFERED_REASON', 'RHI_COMPLETED_AT', 'RHI_INTERVIEWER', 'RHI_OUTCOMES'];

function readMissingDetailsRow(r: RowReader, parts: ChildParts, _key: string, { references }: TableContext): void {
  const responseCode = r.code('RHI_RESPONSE', INTERVIEW_RESPONSES, 'the return interview response');
  const offeredAt = r.instant('RHI_OFFERED_AT', 'when the return interview was offered');
  const completedAt = r.instant('RHI_COMPLETED_AT', 'when the return interview was completed');
  const interviewerType = r.code('RHI_INTERVIEWER', INTERVIEWER_TYPES, 'who carried out the return interview');
  const outcomes = r.list('RHI_OUTCOMES', INTERVIEW_OUTCOMES, 'the return interview outcomes');
  if (responseCode === null && INTERVIEW_COLUMNS.some((column) => r.raw(column).trim() !== '') && r.raw('RHI_RESPONSE').trim() === '') {
    r.fail(
      'RHI_RESPONSE',
      'Enter the return interview response in RHI_RESPONSE (ACCEPTED, DECLINED or NOT_OFFERED), or leave every RHI_ column blank if there was no interview',
    );
  }
  parts.missingDetails.push({
    at: r,
    start: r.requiredDate('MIS_START', 'the date the child went missing'),
    startAt: r.instant('START_AT', 'when the child went missing'),
    endAt: r.instant('END_AT', 'when the child came back'),
    responsible: r.authority('RESPONSIBLE_LA', references, 'the responsible authority', false),
    host: r.authority('HOST_LA', references, 'the host authority', false),
    episode: {
      lastSeenLocation: r.text('LAST_SEEN_LOCATION'),
      lastSeenWith: r.text('LAST_SEEN_WITH'),
      reportedToPoliceAt: r.instant('REPORTED_TO_POLICE_AT', 'when the child was reported to the police'),
      policeForce: r.text('POLICE_FORCE'),
      policeReference: r.text('POLICE_REFERENCE'),
      policeRiskLevel: r.code('POLICE_RISK', POLICE_RISK_LEVELS, 'the police risk level'),
      responsibleAuthorityToldAt: r.instant('RESPONSIBLE_LA_TOLD_AT', 'when the responsible authority was told'),
      hostAuthorityToldAt: r.instant('HOST_LA_TOLD_AT', 'when the host authority was told'),
      endReason: r.code('END_REASON', EPISODE_END_REASONS, 'how the episode ended'),
      harmDisclosed: r.code('HARM_DISCLOSED', HARM_DISCLOSED, 'whether harm was disclosed'),
      exploitationDisclosed: r.flag('EXPLOITATION_DISCLOSED', 'whether exploitation was disclosed', false),
    },
    interview:
      responseCode === null
        ? null
        : { response: responseCode, offeredAt, notOfferedReason: r.text('RHI_NOT_OFFERED_REASON'), completedAt, interviewerType, outcomes },
  });
}

function readUascRow(r: RowReader, parts: ChildParts, key: string, { year }: TableContext): void {
  const sexRaw = r.raw('SEX');
  const sex = fromDfeSex(sexRaw, year);
  if (sex === null) r.fail('SEX', `Enter SEX as in the Header table. "${sexRaw.trim()}" is not a SEX code`);
  const entry = { at: r, sex: sex ?? 'U', dob: r.requiredDate('DOB', 'the date of birth'), duc: r.date('DUC', 'the date UASC status ceased (903 rule 104)') };
  if (parts.uasc.length > 0) r.fail('CHILD', `Child ${key} is in the UASC table more than once. Keep one row for each child (903 check INT36)`);
  parts.uasc.push(entry);
}

function readUascPeriodRow(r: RowReader, parts: ChildParts): void {
  parts.uascPeriods.push({
    at: r,
    start: r.requiredDate('UASC_START', 'the date the child became UASC'),
    ceased: r.date('DUC', 'the date UASC status ceased'),
  });
}

function readNationalTransferRow(r: RowReader, parts: ChildParts, _key: string, { references }: TableContext): void {
  parts.transfers.push({
    at: r,
    transfer: {
      fromAuthorityCode: r.authority('FROM_LA', references, 'the authority the child transferred from', true) ?? '',
      toAuthorityCode: r.authority('TO_LA', references, 'the authority the child transferred to', true) ?? '',
      referredOn: r.requiredDate('REFERRED_ON', 'the date of the referral'),
      transferredOn: r.date('TRANSFERRED_ON', 'the date of the transfer'),
    },
  });
}

const NRM_COLUMNS = ['NRM_REFERRED_ON', 'NRM_FIRST_RESPONDER', 'NRM_COMPETENT_AUTHORITY', 'NRM_RG_DECISION', 'NRM_RG_DATE', 'NRM_CG_DECISION', 'NRM_CG_DATE'];

function readTraffickingConcernRow(r: RowReader, parts: ChildParts, key: string): void {
  const number = r.requiredText('CONCERN', 'the concern’s number within the child');
  if (parts.concerns.some((other) => other.number === number))
    r.fail('CONCERN', `Child ${key} already has a concern numbered ${number}. Number each of a child's concerns differently`);
  const referred = r.raw('NRM_REFERRED_ON').trim() !== '';
  if (!referred && NRM_COLUMNS.some((column) => r.raw(column).trim() !== '')) {
    r.fail('NRM_REFERRED_ON', 'Enter the date of the NRM referral in NRM_REFERRED_ON, or leave every NRM_ column blank if the child was not referred');
  }
  parts.concerns.push({
    at: r,
    number,
    concern: {
      raisedOn: r.requiredDate('RAISED_ON', 'the date the concern was raised'),
      raisedBy: r.requiredText('RAISED_BY', 'who raised the concern'),
      indicators: r.list('INDICATORS', TRAFFICKING_INDICATORS, 'the trafficking indicators'),
      exploitationTypes: r.list('EXPLOITATION_TYPES', EXPLOITATION_TYPES, 'the types of exploitation'),
      countyLines: r.flag('COUNTY_LINES', 'county lines', true) ?? false,
      exploitationLocation: r.requiredCode('EXPLOITATION_LOCATION', EXPLOITATION_LOCATIONS, 'where the exploitation took place') ?? 'UNKNOWN',
    },
    referral: referred
      ? {
          referredOn: r.requiredDate('NRM_REFERRED_ON', 'the date of the NRM referral'),
          firstResponderOrganisation: r.requiredText('NRM_FIRST_RESPONDER', 'the First Responder organisation'),
          competentAuthority: r.requiredCode('NRM_COMPETENT_AUTHORITY', COMPETENT_AUTHORITIES, 'the competent authority') ?? 'SCA',
          reasonableGroundsDecision: r.requiredCode('NRM_RG_DECISION', NRM_DECISIONS, 'the reasonable grounds decision') ?? 'PENDING',
          reasonableGroundsDecidedOn: r.date('NRM_RG_DATE', 'the date of the reasonable grounds decision'),
          conclusiveGroundsDecision: r.requiredCode('NRM_CG_DECISION', NRM_DECISIONS, 'the conclusive grounds decision') ?? 'PENDING',
          conclusiveGroundsDecidedOn: r.date('NRM_CG_DATE', 'the date of the conclusive grounds decision'),
        }
      : null,
  });
}

function readTraffickingStatusRow(r: RowReader, parts: ChildParts): void {
  parts.statuses.push({
    at: r,
    concern: r.requiredText('CONCERN', 'the number of the concern the status belongs to'),
    status: {
      status: r.requiredCode('STATUS', TRAFFICKING_STATUSES, 'the trafficking status') ?? 'SUSPECTED',
      effectiveFrom: r.requiredDate('STATUS_FROM', 'the date the status took effect'),
      basis: r.requiredCode('BASIS', TRAFFICKING_STATUS_BASES, 'what the status is based on') ?? 'RECORDED',
    },
  });
}

/** Every table but the Header and Lantern's export table, in the order they are read. */
const CHILD_TABLES: readonly (readonly [TableName, ChildRowReader])[] = [
  ['LanternChildren', readChildDetailsRow],
  ['LanternDateOfBirthEstimates', readDateOfBirthEstimateRow],
  ['LanternLanguages', readLanguageRow],
  ['LanternAliases', readAliasRow],
  ['LanternAgeStatuses', readAgeStatusRow],
  ['Episodes', readEpisodeRow],
  ['LanternPlacements', readPlacementRow],
  ['Missing', readMissingRow],
  ['LanternMissingDetails', readMissingDetailsRow],
  ['UASC', readUascRow],
  ['LanternUascPeriods', readUascPeriodRow],
  ['LanternNationalTransfers', readNationalTransferRow],
  ['LanternTraffickingConcerns', readTraffickingConcernRow],
  ['LanternTraffickingStatuses', readTraffickingStatusRow],
];

function readYear(rows: readonly SourceRow[], authorityCode: string, reader: (row: SourceRow) => RowReader): CollectionYearSpan | null {
  let year: CollectionYearSpan | null = null;
  for (const [index, row] of rows.entries()) {
    const r = reader(row);
    if (index > 0) {
      r.fail(null, 'The Lantern export table has one row only. Remove this row');
      continue;
    }
    const format = r.raw('LANTERN_FORMAT').trim();
    if (format !== LANTERN_FORMAT)
      r.fail(
        'LANTERN_FORMAT',
        `These files are in Lantern's format ${format === '' ? '(blank)' : format}; this version of Lantern reads format ${LANTERN_FORMAT}. Export them again`,
      );
    const ending = Number(r.raw('COLLECTION_YEAR').trim());
    if (!isCollectionYear(ending))
      r.fail('COLLECTION_YEAR', 'Enter the collection year in COLLECTION_YEAR as the year it ends, for example 2025 for 1 April 2024 to 31 March 2025');
    else year = collectionYear(ending);
    const authority = r.raw('LA').trim().toUpperCase();
    if (authority !== authorityCode) {
      r.fail(
        'LA',
        `These files were exported for authority ${authority === '' ? '(blank)' : authority}, not ${authorityCode}. Import them into ${authority === '' ? 'the authority they came from' : authority}, or correct LA`,
      );
    }
  }
  return year;
}

// ---------------------------------------------------------------------------------------------
// Building one child's record

interface BuildContext extends ReadOptions {
  readonly year: CollectionYearSpan | null;
  readonly errors: ImportProblem[];
  readonly sources: Map<string, EntitySource>;
}

/** One child's rows being built into their record, with where problems and sources are written. */
interface ChildBuild extends BuildContext {
  readonly key: string;
  readonly parts: ChildParts;
  readonly fail: (r: RowReader, column: string | null, message: string) => void;
  readonly source: (id: string, at: Location, fields?: Record<string, Location>, hints?: Record<string, string>) => void;
}

/** Pairs rows of two tables that share CHILD and a start date: the k-th of one with the k-th of the other. */
function pairInOrder<A extends { start: string }, B extends { start: string }>(
  as: readonly A[],
  bs: readonly B[],
): { pairs: { a: A; b: B | null }[]; unmatched: B[] } {
  const queues = new Map<string, B[]>();
  for (const b of bs) queues.set(b.start, [...(queues.get(b.start) ?? []), b]);
  const pairs = as.map((a) => ({ a, b: queues.get(a.start)?.shift() ?? null }));
  return { pairs, unmatched: [...queues.values()].flat() };
}

/**
 * A child's record from their rows. Problems found on the way are reported, and the record is
 * built all the same (a child with no name row has no name), so that the record rules check it
 * in the same pass: a set of files is told everything wrong with it at once. Each table is built
 * in turn, in the order its ids are drawn and its problems reported.
 */
function buildRecord(key: string, parts: ChildParts, context: BuildContext): ChildRecord {
  const build: ChildBuild = {
    ...context,
    key,
    parts,
    fail: (r, column, message) => {
      context.errors.push({ ...r.at(column), message });
    },
    source: (id, at, fields = {}, hints = {}) => {
      context.sources.set(id, { at, fields, hints });
    },
  };
  const child = buildChild(build);
  const aliases = buildAliases(build, child.id);
  const ageStatuses = buildAgeStatuses(build, child.id);
  const carePeriods = buildCarePeriods(build, child);
  const missingEpisodes = buildMissingEpisodes(build, child.id, carePeriods);
  const uascPeriods = buildUascPeriods(build, child.id);
  const nationalTransfers = buildNationalTransfers(build, child.id);
  const traffickingConcerns = buildTraffickingConcerns(build, child.id);
  // Lantern's 903 files carry no age assessments: an imported record has none.
  return { child, aliases, ageStatuses, ageAssessments: [], carePeriods, uascPeriods, nationalTransfers, traffickingConcerns, missingEpisodes };
}

/** The child, from the Header and Lantern's children and date-of-birth tables. */
function buildChild(build: ChildBuild): Child {
  const { key, parts, fail } = build;
  const { header } = parts;
  if (parts.details === null) {
    fail(
      header.at,
      'CHILD',
      `Lantern needs the name of child ${key}, which the 903 return does not hold. Add a row for the child to the Lantern children table (${TABLES.LanternChildren.fileName}, columns ${TABLES.LanternChildren.columns.join(', ')})`,
    );
  }
  const details: ChildDetailsEntry = parts.details ?? {
    at: header.at,
    givenNames: null,
    familyName: null,
    dobClaimed: null,
    dobAssessed: null,
    nationality: null,
    interpreterNeeded: false,
    homeOfficeReference: null,
    nrmReference: null,
    policePersonId: null,
  };
  const estimate = parts.estimate?.estimate ?? null;
  // A blank DOB_CLAIMED is the Header's DOB, unless the child has an estimated age instead (ADR 0007).
  const dobClaimed = details.dobClaimed ?? (estimate === null ? header.dob : null);
  checkHeaderDateOfBirth(build, details, dobClaimed);
  const child = newChild(build.newId(), build.authorityCode, {
    ...details,
    laChildId: key,
    sex: header.sex,
    dateOfBirthClaimed: dobClaimed,
    dateOfBirthAssessed: details.dobAssessed,
    dateOfBirthEstimate: estimate,
    languages: parts.languages,
    ethnicity: header.ethnicity,
    upn: header.upn,
  });
  build.source(child.id, header.at.at('CHILD'), {
    dateOfBirthClaimed: details.dobClaimed === null ? header.at.at('DOB') : details.at.at('DOB_CLAIMED'),
    dateOfBirthAssessed: details.at.at('DOB_ASSESSED'),
    ...(parts.estimate === null ? {} : { dateOfBirthEstimate: parts.estimate.at.at('DOB_EARLIEST') }),
    nationality: details.at.at('NATIONALITY'),
    upn: header.at.at('UPN'),
  });
  return child;
}

/** The Header's DOB must be the date of birth that counts, where every date of birth was read. */
function checkHeaderDateOfBirth({ parts, fail }: ChildBuild, details: ChildDetailsEntry, dobClaimed: string | null): void {
  const { header, estimate } = parts;
  const effective = details.dobAssessed ?? dobClaimed ?? estimate?.estimate.latest ?? header.dob;
  const datesOfBirthRead =
    header.at.readable('DOB') &&
    details.at.readable('DOB_CLAIMED', 'DOB_ASSESSED') &&
    (estimate === null || estimate.at.readable('DOB_EARLIEST', 'DOB_LATEST'));
  if (effective === header.dob || !datesOfBirthRead) return;
  fail(
    details.at,
    details.dobAssessed !== null ? 'DOB_ASSESSED' : dobClaimed !== null ? 'DOB_CLAIMED' : 'CHILD',
    `The Header DOB, ${toDfeDate(header.dob)}, must be the date of birth that counts: the assessed one where there is one, otherwise the claimed one, otherwise the latest date an estimated age allows (${toDfeDate(effective)} here). Correct one or the other`,
  );
}

function buildAliases({ parts, newId, source }: ChildBuild, childId: string): ChildAlias[] {
  return parts.aliases.map(({ at, alias }): ChildAlias => {
    const entity = { id: newId(), childId, ...alias };
    source(entity.id, at.at('CHILD'), { seenOn: at.at('SEEN_ON') });
    return entity;
  });
}

function buildAgeStatuses({ parts, newId, source }: ChildBuild, childId: string): AgeStatusEntry[] {
  return parts.ageStatuses.map(({ at, entry }): AgeStatusEntry => {
    const entity = { id: newId(), childId, ...entry };
    source(entity.id, at.at('CHILD'), { effectiveFrom: at.at('AGE_STATUS_FROM') });
    return entity;
  });
}

/** Whether every episode's start was read: a row whose start is unreadable matches nothing, and is reported already. */
const episodeStartsRead = (parts: ChildParts): boolean => parts.episodes.every((episode) => episode.at.readable('DECOM'));

/** Episodes of care, with Lantern's placement details where given. */
function buildCarePeriods(build: ChildBuild, child: Child): CarePeriod[] {
  const { key, parts, newId, authorityCode, fail, source } = build;
  const placed = pairInOrder(parts.episodes, parts.placements);
  for (const placement of placed.unmatched.filter((row) => episodeStartsRead(parts) && row.at.readable('DECOM'))) {
    fail(
      placement.at,
      'DECOM',
      `There is no episode in the Episodes table for child ${key} starting on ${toDfeDate(placement.start)} to match this row. Check CHILD and DECOM`,
    );
  }
  return placed.pairs.map(({ a: episode, b: placement }): CarePeriod => {
    const entity = newCarePeriod(
      newId(),
      child,
      { ...episode, startDate: episode.start, endDate: episode.end, hostAuthorityCode: placement?.host ?? authorityCode },
      placement?.responsible ?? authorityCode,
    );
    const at = episode.at;
    source(entity.id, at.at('DECOM'), {
      startDate: at.at('DECOM'),
      endDate: at.at('DEC'),
      legalStatus: at.at('LS'),
      placementType: at.at('PLACE'),
      reasonNewEpisode: at.at('RNE'),
      reasonCeased: at.at('REC'),
      ...(placement === null ? {} : { hostAuthorityCode: placement.at.at('HOST_LA'), responsibleAuthorityCode: placement.at.at('RESPONSIBLE_LA') }),
    });
    return entity;
  });
}

/** Missing periods, with Lantern's details and return interview where given. */
function buildMissingEpisodes(build: ChildBuild, childId: string, carePeriods: readonly CarePeriod[]): MissingEpisode[] {
  const { key, parts, fail } = build;
  const detailed = pairInOrder(parts.missing, parts.missingDetails);
  const missingStartsRead = parts.missing.every((missing) => missing.at.readable('MIS_START'));
  for (const row of detailed.unmatched.filter((unmatched) => missingStartsRead && unmatched.at.readable('MIS_START'))) {
    fail(
      row.at,
      'MIS_START',
      `There is no period in the Missing table for child ${key} starting on ${toDfeDate(row.start)} to match this row. Check CHILD and MIS_START`,
    );
  }
  return detailed.pairs.map(({ a: missing, b: more }) => {
    checkMissingRows(build, missing, more);
    return buildMissingEpisode(build, childId, carePeriods, missing, more);
  });
}

/** A Missing row must agree with the Header, and Lantern's details row with the Missing row. */
function checkMissingRows({ parts: { header }, fail }: ChildBuild, missing: MissingEntry, more: MissingDetailsEntry | null): void {
  if (missing.dob !== header.dob && missing.at.readable('DOB') && header.at.readable('DOB'))
    fail(missing.at, 'DOB', `DOB must be the child's date of birth in the Header table, ${toDfeDate(header.dob)} (903 check INT13)`);
  if (more === null) return;
  if (more.startAt !== null && ukDateOf(more.startAt) !== missing.start && missing.at.readable('MIS_START')) {
    fail(
      more.at,
      'START_AT',
      `START_AT is on ${formatDate(ukDateOf(more.startAt))} (UK time), but MIS_START is ${toDfeDate(missing.start)}. They must be the same day`,
    );
  }
  if (more.endAt !== null && (missing.end === null || ukDateOf(more.endAt) !== missing.end) && missing.at.readable('MIS_END')) {
    fail(
      more.at,
      'END_AT',
      missing.end === null
        ? 'Leave END_AT blank while MIS_END is blank (the child is still missing), or enter MIS_END'
        : `END_AT is on ${formatDate(ukDateOf(more.endAt))} (UK time), but MIS_END is ${toDfeDate(missing.end)}. They must be the same day`,
    );
  }
}

function buildMissingEpisode(
  build: ChildBuild,
  childId: string,
  carePeriods: readonly CarePeriod[],
  missing: MissingEntry,
  more: MissingDetailsEntry | null,
): MissingEpisode {
  const { newId, authorityCode } = build;
  // An unreadable MIS_START (reported) is read as blank: left blank, for the rules to skip.
  const startAt = more?.startAt ?? (missing.start === '' ? '' : ukMidnight(missing.start));
  const endAt = missing.end === null ? null : (more?.endAt ?? ukMidnight(missing.end));
  const id = newId();
  const interview: ReturnInterview | null = more === null || more.interview === null ? null : { id: newId(), episodeId: id, version: 1, ...more.interview };
  const authorities = {
    responsibleAuthorityCode: more?.responsible ?? authorityCode,
    hostAuthorityCode: more?.host ?? carePeriodOn(carePeriods, missing.start)?.hostAuthorityCode ?? authorityCode,
  };
  sourceMissingEpisode(build, id, missing, more, interview);
  return { ...newMissingEpisode(id, childId, authorities, { ...more?.episode, type: missing.type, startAt, endAt }), returnInterview: interview };
}

function sourceMissingEpisode(
  { source }: ChildBuild,
  id: string,
  missing: MissingEntry,
  more: MissingDetailsEntry | null,
  interview: ReturnInterview | null,
): void {
  const m = missing.at;
  const d = more?.at;
  source(
    id,
    m.at('MIS_START'),
    {
      startAt: m.at('MIS_START'),
      endAt: m.at('MIS_END'),
      type: m.at('MISSING'),
      ...(d === undefined
        ? {}
        : {
            endReason: d.at('END_REASON'),
            reportedToPoliceAt: d.at('REPORTED_TO_POLICE_AT'),
            responsibleAuthorityToldAt: d.at('RESPONSIBLE_LA_TOLD_AT'),
            hostAuthorityToldAt: d.at('HOST_LA_TOLD_AT'),
          }),
    },
    d === undefined
      ? {
          endReason: `Lantern records how each missing episode ended, which the 903 return does not hold: give it in END_REASON of ${TABLES.LanternMissingDetails.fileName}`,
        }
      : {},
  );
  if (interview !== null && d !== undefined) {
    source(interview.id, d.at('RHI_RESPONSE'), { completedAt: d.at('RHI_COMPLETED_AT'), offeredAt: d.at('RHI_OFFERED_AT'), response: d.at('RHI_RESPONSE') });
  }
}

/** UASC: the 903 table has one row per child and no start date; Lantern's periods have both. */
function buildUascPeriods(build: ChildBuild, childId: string): UascPeriod[] {
  const { key, parts, year, newId, source, fail } = build;
  const { header } = parts;
  const [uascRow] = parts.uasc;
  if (uascRow !== undefined) {
    if (uascRow.sex !== header.sex && uascRow.at.readable('SEX') && header.at.readable('SEX'))
      fail(uascRow.at, 'SEX', `SEX must be the child's SEX in the Header table (903 check INT21)`);
    if (uascRow.dob !== header.dob && uascRow.at.readable('DOB') && header.at.readable('DOB'))
      fail(uascRow.at, 'DOB', `DOB must be the child's date of birth in the Header table, ${toDfeDate(header.dob)} (903 check INT18)`);
  }
  if (parts.uascPeriods.length === 0) return uascRow === undefined ? [] : uascPeriodsFromRow(build, childId, uascRow);
  const periods = parts.uascPeriods.map(({ at, start, ceased }) => {
    const entity: UascPeriod = { id: newId(), childId, startDate: start, ceasedDate: ceased, version: 1 };
    source(entity.id, at.at('UASC_START'), { startDate: at.at('UASC_START'), ceasedDate: at.at('DUC') });
    return entity;
  });
  const uascDatesRead =
    header.at.readable('DOB') && (uascRow?.at.readable('DUC') ?? true) && parts.uascPeriods.every(({ at }) => at.readable('UASC_START', 'DUC'));
  if (year !== null && uascDatesRead) checkUascRow(key, uascRow, parts.uascPeriods, year, header.dob, fail);
  return periods;
}

/** Without Lantern's periods, the child is taken to have been UASC since first looked after. */
function uascPeriodsFromRow({ key, parts, year, today, newId, source, fail }: ChildBuild, childId: string, uascRow: UascEntry): UascPeriod[] {
  const firstStart = parts.episodes.reduce<string | null>(
    (first, episode) => (!episode.at.readable('DECOM') || (first !== null && episode.start >= first) ? first : episode.start),
    null,
  );
  // A DUC after the year (or, without the year, after today) is the 18th birthday of a child still UASC (rule 205B).
  const ceased = uascRow.duc !== null && uascRow.duc > (year?.end ?? today) ? null : uascRow.duc;
  const start = firstStart === null ? ceased : ceased !== null && ceased < firstStart ? ceased : firstStart;
  if (start === null) {
    if (episodeStartsRead(parts))
      fail(
        uascRow.at,
        'CHILD',
        `Lantern needs the date child ${key} became UASC. Add the child's episodes of care, or a row in ${TABLES.LanternUascPeriods.fileName}`,
      );
    return [];
  }
  const entity: UascPeriod = { id: newId(), childId, startDate: start, ceasedDate: ceased, version: 1 };
  source(entity.id, uascRow.at.at('DUC'), { ceasedDate: uascRow.at.at('DUC') });
  return [entity];
}

function buildNationalTransfers({ parts, newId, source }: ChildBuild, childId: string): NationalTransfer[] {
  return parts.transfers.map(({ at, transfer }): NationalTransfer => {
    const entity = { id: newId(), childId, ...transfer };
    source(entity.id, at.at('CHILD'), { transferredOn: at.at('TRANSFERRED_ON'), fromAuthorityCode: at.at('FROM_LA'), toAuthorityCode: at.at('TO_LA') });
    return entity;
  });
}

/** Trafficking concerns, each with its statuses (by the concern's number) and NRM referral. */
function buildTraffickingConcerns({ key, parts, newId, source, fail }: ChildBuild, childId: string): TraffickingConcern[] {
  const concerns = parts.concerns.map((entry): TraffickingConcern => {
    const id = newId();
    const statuses = parts.statuses
      .filter((status) => status.concern === entry.number)
      .map((status): TraffickingStatusEntry => {
        const entity = { id: newId(), concernId: id, ...status.status };
        source(entity.id, status.at.at('STATUS_FROM'), { effectiveFrom: status.at.at('STATUS_FROM') });
        return entity;
      });
    const referral: NrmReferral | null = entry.referral === null ? null : { id: newId(), concernId: id, version: 1, ...entry.referral };
    if (referral !== null) {
      source(referral.id, entry.at.at('NRM_REFERRED_ON'), {
        referredOn: entry.at.at('NRM_REFERRED_ON'),
        reasonableGroundsDecidedOn: entry.at.at('NRM_RG_DATE'),
        conclusiveGroundsDecidedOn: entry.at.at('NRM_CG_DATE'),
      });
    }
    source(id, entry.at.at('CONCERN'), { raisedOn: entry.at.at('RAISED_ON') });
    return { id, childId, ...entry.concern, version: 1, statuses, nrmReferral: referral };
  });
  const concernNumbersRead = parts.concerns.every(({ at }) => at.readable('CONCERN'));
  for (const status of parts.statuses.filter(({ at }) => concernNumbersRead && at.readable('CONCERN'))) {
    if (!parts.concerns.some((concern) => concern.number === status.concern)) {
      fail(status.at, 'CONCERN', `Child ${key} has no concern numbered ${status.concern} in the Lantern trafficking concerns table. Check CONCERN`);
    }
  }
  return concerns;
}

/** With Lantern's UASC periods and the year known, the 903 UASC row must be the one those periods give. */
function checkUascRow(
  key: string,
  row: UascEntry | undefined,
  periods: readonly UascPeriodEntry[],
  year: CollectionYearSpan,
  dateOfBirth: string,
  fail: (r: RowReader, column: string | null, message: string) => void,
): void {
  const expected = uascDucInYear(
    periods.map((period) => ({ startDate: period.start, ceasedDate: period.ceased })),
    year,
    dateOfBirth,
  );
  const stillUasc = expected !== null && expected === dfeEighteenthBirthday(dateOfBirth) && !periods.some((period) => period.ceased === expected);
  const [first] = periods;
  if (expected === null && row !== undefined) {
    fail(
      row.at,
      'CHILD',
      `Child ${key} is in the UASC table, but none of their periods in ${TABLES.LanternUascPeriods.fileName} is current in the ${year.name} year. Correct the periods, or remove this row`,
    );
  } else if (expected !== null && row === undefined && first !== undefined) {
    fail(first.at, 'CHILD', `Child ${key}'s UASC periods show them as UASC in the ${year.name} year, but the UASC table has no row for them. Add one`);
  } else if (expected !== null && row !== undefined && row.duc !== expected && !(stillUasc && row.duc === null)) {
    // A blank DUC for a child still UASC is what Lantern wrote before it followed rule 205B: read it too.
    fail(
      row.at,
      'DUC',
      `DUC must agree with the child's periods in ${TABLES.LanternUascPeriods.fileName}: ${toDfeDate(expected)}${stillUasc ? ', the 18th birthday of a child still UASC on 31 March' : ''}. Correct one or the other`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The record rules, located in the files

/**
 * Runs the domain's record rules (the same as every other write) on the imported records and
 * places each finding at the file, row and column it came from.
 */
export function validateImport(
  imported: Pick<ReturnImport, 'records' | 'sources' | 'year' | 'errors'>,
  context: Omit<ValidationContext, 'collectionYear'>,
): { errors: ImportProblem[]; warnings: ImportProblem[] } {
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const validation: ValidationContext = imported.year === null ? context : { ...context, collectionYear: imported.year.endingYear };
  // A cell already reported (a missing name row, a DOB that disagrees) is not reported again by a rule.
  const placeOf = (at: Location): string => `${at.file ?? ''}|${at.row ?? ''}|${at.column ?? ''}`;
  const reported = new Set(imported.errors.map(placeOf));
  for (const record of imported.records) {
    for (const violation of validateRecord(record, validation)) {
      const problem = locate(violation, imported.sources);
      if (violation.severity === 'error' && reported.has(placeOf(problem))) continue;
      (violation.severity === 'error' ? errors : warnings).push(problem);
    }
  }
  return { errors, warnings };
}

function locate(violation: Violation, sources: ReadonlyMap<string, EntitySource>): ImportProblem {
  const source = sources.get(violation.entityId);
  const at = source?.fields[violation.field] ?? source?.at ?? { file: null, row: null, column: null };
  const hint = source?.hints[violation.field];
  const rule = violation.code === null ? '' : ` (903 rule ${violation.code})`;
  return { ...at, message: `${violation.message}${rule}${hint === undefined ? '' : `. ${hint}`}` };
}
