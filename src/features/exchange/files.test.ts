import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_RETURN_FILE_BYTES } from '../../services/ssda903-service.ts';
import { exportArchive, exportFileName, NOT_FOR_PUBLICATION, NOTE_FILE_NAME, returnFilesOf } from './files.ts';

const text = (bytes: Uint8Array | string | undefined): string => (typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes));

describe('exportArchive', () => {
  const files = [
    { name: 'Header.csv', content: 'CHILD,SEX\r\nC1,F\r\n' },
    { name: 'Episodes.csv', content: 'CHILD,DECOM\r\n' },
  ];

  it('should hold every file as written, and a note that starts with the marking', () => {
    const zip = exportArchive(files, { description: 'The return of Kent.', notices: ['Not complete'], exportedAt: '2025-06-15T12:00:00.000Z' });
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual(['Episodes.csv', 'Header.csv', NOTE_FILE_NAME]);
    expect(text(entries['Header.csv'])).toBe('CHILD,SEX\r\nC1,F\r\n');
    const note = text(entries[NOTE_FILE_NAME]);
    expect(note.startsWith(`${NOT_FOR_PUBLICATION}\r\n`)).toBe(true);
    expect(note).toContain('The return of Kent.');
    expect(note).toContain('Notices:\r\n- Not complete');
  });

  it('should give the same bytes for the same export', () => {
    const about = { description: 'The return.', notices: [], exportedAt: '2025-06-15T12:00:00.000Z' };
    expect(exportArchive(files, about)).toEqual(exportArchive(files, about));
  });

  it('should name the file by its marking, the authority and the year', () => {
    expect(exportFileName('E10000016', '2024-25')).toBe('not-for-publication_ssda903_E10000016_2024-25.zip');
  });
});

describe('returnFilesOf', () => {
  const csv = (name: string, content = 'CHILD\r\nC1\r\n') => ({ name, content: strToU8(content) });

  it('should take CSV files as they are, by their own names', () => {
    const read = returnFilesOf([csv('Header.csv'), csv('C:\\returns\\Episodes.CSV')]);
    expect(read.ok && read.files.map((file) => [file.name, text(file.content)])).toEqual([
      ['Header.csv', 'CHILD\r\nC1\r\n'],
      ['Episodes.CSV', 'CHILD\r\nC1\r\n'],
    ]);
  });

  it('should take the CSV files in a zip file, in folders or not, and leave out everything else', () => {
    const zip = zipSync({
      'return/Header.csv': strToU8('CHILD\r\nC1\r\n'),
      'Missing.csv': strToU8('CHILD\r\n'),
      [NOTE_FILE_NAME]: strToU8('NOT FOR PUBLICATION'),
      '__MACOSX/return/._Header.csv': strToU8('resource fork'),
    });
    const read = returnFilesOf([{ name: 'return.zip', content: zip }]);
    expect(read.ok && read.files.map((file) => file.name).sort()).toEqual(['Header.csv', 'Missing.csv']);
  });

  it('should ask for files when none was chosen (a file input sends an empty part)', () => {
    expect(returnFilesOf([])).toEqual({ ok: false, message: 'Select the return’s CSV files, or a zip file of them' });
    expect(returnFilesOf([{ name: '', content: new Uint8Array() }])).toEqual({ ok: false, message: 'Select the return’s CSV files, or a zip file of them' });
  });

  it('should refuse a file that is neither CSV nor zip, naming it', () => {
    expect(returnFilesOf([csv('Header.csv'), csv('return.xlsx')])).toEqual({
      ok: false,
      message: 'return.xlsx is not a CSV file or a zip file. Select the return’s CSV files, or a zip file of them',
    });
  });

  it('should refuse a zip file that cannot be opened, or holds no CSV file', () => {
    expect(returnFilesOf([csv('return.zip', 'not a zip')])).toEqual({
      ok: false,
      message: 'return.zip cannot be opened as a zip file. Make the zip file again, or select the CSV files themselves',
    });
    expect(returnFilesOf([{ name: 'return.zip', content: zipSync({ 'notes.txt': strToU8('hello') }) }])).toEqual({
      ok: false,
      message: 'The zip file has no CSV files in it. Select the return’s CSV files, or a zip file of them',
    });
  });

  it('should refuse a zip file holding a file larger than a return’s file may be, before unpacking it', () => {
    // Zeros compress to almost nothing: the size the zip file declares is what counts.
    const zip = zipSync({ 'Episodes.csv': new Uint8Array(MAX_RETURN_FILE_BYTES + 1) }, { level: 1 });
    expect(returnFilesOf([{ name: 'big.zip', content: zip }])).toEqual({
      ok: false,
      message: 'Episodes.csv in big.zip is larger than 25 MB. Check it is the right file',
    });
  });
});
