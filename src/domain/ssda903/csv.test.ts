import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, readCsv, unescapeText, writeCsv } from './csv.ts';
import { TABLE_LIST, TABLES, TEXT_COLUMNS } from './tables.ts';

// Typed text must never reach a spreadsheet as a formula (OWASP "CSV injection"): Excel runs a cell
// that starts with = + - @, a tab or a carriage return.

const FORMULA_START = /^[=+\-@\t\r]/;
const STARTS = ['=', '+', '-', '@', '\t', '\r', "'"];

/** Any string, often starting with a formula character or an apostrophe (or two). */
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.tuple(fc.constantFrom(...STARTS), fc.constantFrom('', ...STARTS), fc.string({ unit: 'binary' })).map((parts) => parts.join('')),
);

describe('escaping typed text', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['+44 7700 900123', "'+44 7700 900123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ["'t Hooft", "''t Hooft"],
  ])('should put an apostrophe before %j', (value, escaped) => {
    expect(escapeText(value)).toBe(escaped);
    expect(unescapeText(escaped)).toBe(value);
  });

  it.each(['', 'Amira', "O'Brien", ' =1', 'Exampletown bus station', '01/03/2025', 'E10000016'])('should leave %j as it is', (value) => {
    expect(escapeText(value)).toBe(value);
  });

  it('should give back any string it escaped', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(unescapeText(escapeText(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('should never start a value with a formula character', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(escapeText(value)).not.toMatch(FORMULA_START);
      }),
      { numRuns: 2000 },
    );
  });

  it('should take off only one apostrophe on reading', () => {
    expect(unescapeText("''=1")).toBe("'=1");
    expect(unescapeText('=1')).toBe('=1');
  });
});

describe('the text columns of the tables', () => {
  it('should be columns of their table', () => {
    for (const table of TABLE_LIST) for (const column of table.textColumns) expect(table.columns).toContain(column);
  });

  it('should be text in every table that has the column, as a file is escaped by its header alone', () => {
    for (const table of TABLE_LIST) {
      for (const column of table.columns) expect(table.textColumns.includes(column), `${table.name}.${column}`).toBe(TEXT_COLUMNS.has(column));
    }
  });

  it('should include the free text of the supplementary tables', () => {
    expect(TABLES.LanternChildren.textColumns).toEqual(
      expect.arrayContaining(['GIVEN_NAMES', 'FAMILY_NAME', 'HOME_OFFICE_REF', 'NRM_REF', 'POLICE_PERSON_ID']),
    );
    expect(TABLES.LanternAliases.textColumns).toEqual(expect.arrayContaining(['ALIAS_GIVEN_NAMES', 'ALIAS_FAMILY_NAME', 'SOURCE', 'SEEN_WHERE']));
    expect(TABLES.LanternMissingDetails.textColumns).toEqual(
      expect.arrayContaining(['LAST_SEEN_LOCATION', 'LAST_SEEN_WITH', 'POLICE_FORCE', 'POLICE_REFERENCE', 'RHI_NOT_OFFERED_REASON']),
    );
  });

  it('should leave out dates, moments, numbers, flags, code lists and authority codes', () => {
    for (const column of [
      'DOB',
      'DECOM',
      'MIS_START',
      'START_AT',
      'COLLECTION_YEAR',
      'CONCERN',
      'COUNTY_LINES',
      'INDICATORS',
      'RESPONSIBLE_LA',
      'LA',
      'SEX',
      'LS',
      'PLACE',
    ]) {
      expect(TEXT_COLUMNS.has(column), column).toBe(false);
    }
  });
});

describe('writing a table', () => {
  it('should escape its text columns and nothing else', () => {
    const columns = TABLES.LanternAliases.columns;
    const csv = writeCsv(columns, [['=1+1', '=HYPERLINK("http://x","y")', "'t Hooft", '01/02/2008', 'GB', '-source', '+44 7700 900123', '01/10/2024']]);
    expect(csv.split('\r\n')[1]).toBe(`'=1+1,"'=HYPERLINK(""http://x"",""y"")",''t Hooft,01/02/2008,GB,'-source,'+44 7700 900123,01/10/2024`);
  });

  it('should not touch a column that is not text, even if its value starts with a minus', () => {
    expect(writeCsv(['COLLECTION_YEAR', 'LA'], [['-1', '=X']])).toBe('COLLECTION_YEAR,LA\r\n-1,=X\r\n');
  });

  it('should give no cell of a text column a formula start, whatever was typed', () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 6, maxLength: 6 }), (values) => {
        const columns = TABLES.LanternMissingDetails.columns.filter((column) => TEXT_COLUMNS.has(column));
        const csv = readCsv(writeCsv(columns, [values]));
        expect(csv.ok).toBe(true);
        if (csv.ok) for (const cell of csv.rows[0] ?? []) expect(cell).not.toMatch(FORMULA_START);
      }),
      { numRuns: 300 },
    );
  });
});
