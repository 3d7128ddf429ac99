import { strToU8, unzipSync, zipSync } from 'fflate';
import type { InputFile } from '../../domain/ssda903/import.ts';
import { MAX_RETURN_FILE_BYTES } from '../../services/ssda903-service.ts';

// The SSDA903 return's files on the web: an export goes down as one zip file of its CSV files, with a note
// that says what it is and that it is not for publication; a return comes up as CSV files, or as a zip file of
// them (an export of Lantern's, or another system's). Files are read in memory, each no larger than a file
// the command line reads.

/** What every export says first, in its name and in the note beside its files: it holds children's records. */
export const NOT_FOR_PUBLICATION = 'NOT FOR PUBLICATION: OFFICIAL-SENSITIVE records of looked-after children';

/** The note inside every export. */
export const NOTE_FILE_NAME = 'NOT-FOR-PUBLICATION.txt';

/** Most files one upload takes: a return has 4 tables, and Lantern's export 15 files. */
export const MAX_UPLOADED_FILES = 20;

const megabytes = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The export as a zip file: each table's CSV file, and the note saying what the files are and are not. */
export function exportArchive(
  files: readonly { readonly name: string; readonly content: string }[],
  about: { readonly description: string; readonly notices: readonly string[]; readonly exportedAt: string },
): Uint8Array {
  const note = [
    NOT_FOR_PUBLICATION,
    '',
    about.description,
    'Keep these files as securely as the records they come from. Send them only through the Department for Education’s secure collection, or to whoever the law allows to have them.',
    ...(about.notices.length === 0 ? [] : ['', 'Notices:', ...about.notices.map((notice) => `- ${notice}`)]),
    '',
  ].join('\r\n');
  const mtime = new Date(about.exportedAt);
  const entries: Record<string, Uint8Array> = { [NOTE_FILE_NAME]: strToU8(note) };
  for (const file of files) entries[file.name] = strToU8(file.content);
  return zipSync(entries, { mtime });
}

/** The export's file name: marked, and naming the authority's code and the year, never a child. */
export const exportFileName = (authorityCode: string, yearName: string): string => `not-for-publication_ssda903_${authorityCode}_${yearName}.zip`;

/** A file as uploaded: its name as the person's computer gave it, and its bytes. */
export interface UploadedFile {
  readonly name: string;
  readonly content: Uint8Array;
}

const baseName = (name: string): string => name.split(/[\\/]/).at(-1) ?? name;
const isCsv = (name: string): boolean => name.toLowerCase().endsWith('.csv');

/**
 * The return's CSV files from what was uploaded: CSV files as they are, and the CSV files in a zip file (anything
 * else in a zip, such as the export's note, is left out). Or why the upload cannot be a return, in words for the page.
 */
export function returnFilesOf(uploads: readonly UploadedFile[]): { ok: true; files: InputFile[] } | { ok: false; message: string } {
  // A file input with nothing chosen still sends one part, named "" and empty.
  const chosen = uploads.filter((upload) => upload.name !== '' || upload.content.length > 0);
  if (chosen.length === 0) return { ok: false, message: 'Select the return’s CSV files, or a zip file of them' };
  const files: InputFile[] = [];
  for (const upload of chosen) {
    const name = baseName(upload.name);
    if (isCsv(name)) {
      files.push({ name, content: upload.content });
      continue;
    }
    if (!name.toLowerCase().endsWith('.zip'))
      return { ok: false, message: `${name} is not a CSV file or a zip file. Select the return’s CSV files, or a zip file of them` };
    const unzipped = filesInZip(upload.content, name);
    if (!unzipped.ok) return unzipped;
    files.push(...unzipped.files);
  }
  if (files.length === 0) return { ok: false, message: 'The zip file has no CSV files in it. Select the return’s CSV files, or a zip file of them' };
  return { ok: true, files };
}

function filesInZip(content: Uint8Array, zipName: string): { ok: true; files: InputFile[] } | { ok: false; message: string } {
  // Names of the files too large to read, seen before any is unpacked.
  const tooLarge: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(content, {
      filter: (entry) => {
        // Folders, and the files a Mac adds to a zip, are not the return's.
        if (!isCsv(entry.name) || entry.name.startsWith('__MACOSX/')) return false;
        if (entry.originalSize > MAX_RETURN_FILE_BYTES) tooLarge.push(baseName(entry.name));
        return tooLarge.length === 0;
      },
    });
  } catch {
    return { ok: false, message: `${zipName} cannot be opened as a zip file. Make the zip file again, or select the CSV files themselves` };
  }
  const [first] = tooLarge;
  if (first !== undefined)
    return { ok: false, message: `${first} in ${zipName} is larger than ${megabytes(MAX_RETURN_FILE_BYTES)}. Check it is the right file` };
  return { ok: true, files: Object.entries(entries).map(([name, bytes]) => ({ name: baseName(name), content: bytes })) };
}
