import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

// CSV text in and out, with no I/O: the command line reads and writes the files.
// Files are UTF-8, comma-separated, with a header row and CRLF line ends (RFC 4180); a value is
// quoted when it holds a comma, a quote or a line break, so free text survives the round trip.

export function writeCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([columns, ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
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
