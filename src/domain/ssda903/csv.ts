import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { TEXT_COLUMNS } from './tables.ts';

// CSV text in and out, with no I/O: the command line reads and writes the files.
// Files are UTF-8, comma-separated, with a header row and CRLF line ends (RFC 4180); a value is
// quoted when it holds a comma, a quote or a line break, so free text survives the round trip.
// Councils open the files in Excel, so typed text is escaped on writing (escapeText) and
// unescaped on reading (the import, by table): export → import → export stays byte for byte.

/**
 * The characters that make a spreadsheet run a cell as a formula (OWASP "CSV injection"); and the
 * apostrophe, which the escape itself uses, so that a value that began with one comes back whole.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * Text as it is written in a file: a leading apostrophe is added to a value that starts with a
 * formula character (or with an apostrophe), so that no typed name or place runs in Excel.
 */
export const escapeText = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** Text as it is read from a file: one leading apostrophe is removed, the inverse of escapeText. */
export const unescapeText = (value: string): string => (value.startsWith("'") ? value.slice(1) : value);

/** Writes a table; the values of its text columns (tables.ts) are escaped with escapeText. */
export function writeCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const text = columns.map((column) => TEXT_COLUMNS.has(column));
  const cells = rows.map((row) => row.map((value, i) => (text[i] === true ? escapeText(value) : value)));
  return stringify([columns, ...cells], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

export type CsvReadResult =
  | { readonly ok: true; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly ok: false; readonly line: number | null; readonly message: string };

/** Reads CSV text (a byte-order mark is allowed; blank lines are skipped). */
export function readCsv(text: string): CsvReadResult {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error['lines'] === 'number' ? error['lines'] : null;
      return { ok: false, line, message: error.message };
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (header === undefined) return { ok: false, line: 1, message: 'The file is empty' };
  return { ok: true, header, rows };
}
