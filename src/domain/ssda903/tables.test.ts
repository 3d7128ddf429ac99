import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from './csv.ts';
import { recogniseTable, TABLE_LIST, TABLES } from './tables.ts';

describe('recognising a table by its columns', () => {
  it('should recognise each table from exactly its columns, in any order and case', () => {
    for (const table of TABLE_LIST) {
      const shuffled = [...table.columns].reverse().map((column) => column.toLowerCase());
      expect(recogniseTable(shuffled)).toEqual({ kind: 'recognised', table });
    }
  });

  it('should give every table a set of columns no other table has', () => {
    const sets = TABLE_LIST.map((table) => [...table.columns].sort().join(','));
    expect(new Set(sets).size).toBe(TABLE_LIST.length);
  });

  it('should use the DfE validator’s columns for the 903 tables', () => {
    expect(TABLES.Missing.columns).toEqual(['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END']);
    expect(TABLES.UASC.columns).toEqual(['CHILD', 'SEX', 'DOB', 'DUC']);
  });

  it('should name the nearest table and the column it lacks when one is missing', () => {
    const columns = TABLES.Episodes.columns.filter((column) => column !== 'PLACE');
    expect(recogniseTable(columns)).toEqual({ kind: 'unrecognised', nearest: TABLES.Episodes, missing: ['PLACE'], unexpected: [] });
  });

  it('should name a column the nearest table does not have', () => {
    expect(recogniseTable([...TABLES.Missing.columns, 'NOTES'])).toEqual({ kind: 'unrecognised', nearest: TABLES.Missing, missing: [], unexpected: ['NOTES'] });
  });

  it('should name no table for columns that match none', () => {
    expect(recogniseTable(['NAME', 'ADDRESS'])).toEqual({ kind: 'unrecognised', nearest: null, missing: [], unexpected: [] });
  });

  it('should refuse a column given twice', () => {
    expect(recogniseTable(['CHILD', 'SEX', 'child'])).toEqual({ kind: 'duplicate-column', column: 'CHILD' });
  });
});

describe('CSV', () => {
  it('should read back exactly what it wrote, commas, quotes and line breaks included', () => {
    const rows = [['A, B', 'said "no"', 'line one\nline two', '', 'Ünïcödé']];
    const csv = readCsv(writeCsv(['W', 'X', 'Y', 'Z', 'V'], rows));
    expect(csv).toEqual({ ok: true, header: ['W', 'X', 'Y', 'Z', 'V'], rows });
  });

  it('should end lines with CRLF', () => {
    expect(writeCsv(['A'], [['1']])).toBe('A\r\n1\r\n');
  });

  it('should read a file saved with a byte-order mark and blank lines', () => {
    expect(readCsv('\uFEFFA,B\n1,2\n\n')).toEqual({ ok: true, header: ['A', 'B'], rows: [['1', '2']] });
  });

  it('should say where a file stops being CSV', () => {
    const csv = readCsv('A,B\n1,"2\n3,4\n');
    expect(csv.ok).toBe(false);
    if (!csv.ok) expect(csv.message).toMatch(/quote/i);
  });

  it('should call an empty file empty', () => {
    expect(readCsv('')).toEqual({ ok: false, line: 1, message: 'The file is empty' });
  });
});
