import { randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { DatabaseHandle } from '../db/client.ts';
import { findLocalAuthority } from '../db/repositories/local-authority-repository.ts';
import { formatDate } from '../domain/dates.ts';
import { collectionYear, isCollectionYear } from '../domain/ssda903/collection-year.ts';
import type { ImportProblem, InputFile } from '../domain/ssda903/import.ts';
import { TABLE_NAMES } from '../domain/ssda903/tables.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createAuditLog } from '../services/audit-log.ts';
import { createSsda903Service, MAX_RETURN_FILE_BYTES } from '../services/ssda903-service.ts';
import type { Ssda903Error } from '../services/ssda903-service.ts';
import { createProgress } from './progress.ts';
import type { Progress } from './progress.ts';

// bin/lantern export 903 and bin/lantern import 903: the SSDA903 return both ways, from and to
// files in a folder. The command line acts as a named system actor, "command-line", with the
// authority's data officer role: that is who the audit trail shows (as for token and user
// commands), and the database's row-level security holds it to that authority's children.

/** Who the 903 commands act as: the command line, as a data officer of the authority named. */
function commandLineDataOfficer(authorityCode: string): Actor {
  return { id: 'command-line', organisationCode: authorityCode, localAuthorityCode: authorityCode, role: 'data_officer', origin: null };
}

export interface Ssda903CommandOptions {
  /** The clock and id source; tests pass their own. */
  readonly now?: () => string;
  readonly newId?: () => string;
  readonly progress?: (label: string) => Progress;
}

function authorityArgument(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z0-9-]{3,12}$/.test(code))
    throw new InvalidArgumentError('Enter the authority’s ONS code or DfE LA number, for example E10000016 or 886 for Kent.');
  return code;
}

const unknownAuthority = (code: string): string => `There is no local authority with the code ${code}. Check the code and try again.`;

function yearArgument(value: string): number {
  const year = Number(value.trim());
  if (!/^\d{4}$/.test(value.trim()) || !isCollectionYear(year)) {
    throw new InvalidArgumentError('Enter the collection year as the year it ends, for example 2025 for 1 April 2024 to 31 March 2025.');
  }
  return year;
}

/** The most problems printed: a broken file can have millions, and they are not read past the first few hundred. */
export const MAX_PRINTED_PROBLEMS = 500;
/** The largest file read, as for an upload on the web. */
export const MAX_FILE_BYTES = MAX_RETURN_FILE_BYTES;

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The sub-folders of a folder of returns, each named by its authority's ONS code or LA number. */
async function authorityFolders(dir: string): Promise<{ ok: true; value: { authority: string; dir: string }[] } | { ok: false; error: string }> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return { ok: false, error: `Cannot read the folder ${dir}. Check the path and try again.` };
  }
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (folders.length === 0) {
    return {
      ok: false,
      error: `There are no authority folders in ${dir}. Give --authority to import one authority's files, or put each authority's files in a folder named by its ONS code or LA number.`,
    };
  }
  return { ok: true, value: folders.map((name) => ({ authority: name.trim().toUpperCase(), dir: path.join(dir, name) })) };
}

/** The CSV files of one return, as bytes (the import checks they are UTF-8); none larger than MAX_FILE_BYTES. */
async function readReturnFiles(dir: string): Promise<{ ok: true; value: InputFile[] } | { ok: false; error: string }> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.csv'))
      .map((entry) => entry.name);
  } catch {
    return { ok: false, error: `Cannot read the folder ${dir}. Check the path and try again.` };
  }
  if (names.length === 0) return { ok: false, error: `There are no .csv files in ${dir}.` };
  const files: InputFile[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    // Checked before reading, so that a huge file is never held in memory.
    const { size } = await stat(file);
    if (size > MAX_FILE_BYTES)
      return { ok: false, error: `${file} is ${megabytes(size)}: Lantern reads files of at most ${megabytes(MAX_FILE_BYTES)}. Check it is the right file.` };
    files.push({ name, content: new Uint8Array(await readFile(file)) });
  }
  return { ok: true, value: files };
}

/** "Episodes.csv, row 3, column DECOM: …", as much of the place as the problem has. */
function describeProblem(problem: ImportProblem): string {
  const place = [problem.file, problem.row === null ? null : `row ${problem.row}`, problem.column === null ? null : `column ${problem.column}`].filter(
    (part) => part !== null,
  );
  return place.length === 0 ? problem.message : `${place.join(', ')}: ${problem.message}`;
}

function describeRefusal(error: Ssda903Error, authorityCode: string): string {
  switch (error.kind) {
    case 'not_found':
      return unknownAuthority(authorityCode);
    case 'invalid_year':
      return `${error.message}.`;
    case 'incomplete_year':
      return error.progress === 'under_way'
        ? `The ${error.year.name} collection year has not ended: it runs to ${formatDate(error.year.end)}, so its return is not complete. To export the year so far, run the command again with --allow-incomplete-year.`
        : `The ${error.year.name} collection year has not started: it runs from ${formatDate(error.year.start)} to ${formatDate(error.year.end)}. To export it anyway, run the command again with --allow-incomplete-year.`;
    case 'rejected':
      return `${error.errors.length} problem(s) in the files.`;
  }
}

export function registerSsda903Commands(
  program: Command,
  withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>,
  options: Ssda903CommandOptions = {},
): void {
  const now = options.now ?? (() => new Date().toISOString());
  const newId = options.newId ?? randomUUID;
  const progressFor = options.progress ?? ((label: string) => createProgress(label));
  const serviceFor = (handle: DatabaseHandle) => createSsda903Service({ db: handle.db, now, newId, audit: createAuditLog({ now, newId }) });

  program
    .command('export')
    .description('Export data in a standard format')
    .command('903')
    .description('Write an authority’s SSDA903 return for a collection year (Header, Episodes, Missing, UASC) and Lantern’s supplementary tables, as CSV files')
    .requiredOption('--authority <code>', 'the responsible authority’s ONS code or DfE LA number, e.g. E10000016 or 886', authorityArgument)
    .requiredOption('--year <yyyy>', 'the collection year, named by the year it ends: 2025 is 1 April 2024 to 31 March 2025', yearArgument)
    .requiredOption('--out <dir>', 'the folder to write the files to (made if it does not exist; files of the same names are replaced)')
    .option('--allow-incomplete-year', 'export a collection year that has not ended, or not begun, as it stands today (the output says so)')
    .action(async (args: { authority: string; year: number; out: string; allowIncompleteYear?: boolean }) => {
      await withDatabase(async (handle) => {
        const authority = await findLocalAuthority(handle.db, args.authority);
        if (authority === null) {
          console.error(unknownAuthority(args.authority));
          process.exitCode = 1;
          return;
        }
        const progress = progressFor('Reading children');
        const result = await serviceFor(handle).exportReturn(
          commandLineDataOfficer(authority.code),
          { authorityCode: authority.code, year: args.year, allowIncompleteYear: args.allowIncompleteYear === true },
          (done, total) => {
            progress.update(done, total);
          },
        );
        progress.stop();
        if (!result.ok) {
          console.error(describeRefusal(result.error, args.authority));
          process.exitCode = 1;
          return;
        }
        await mkdir(args.out, { recursive: true });
        for (const file of result.value.files) await writeFile(path.join(args.out, file.name), file.content, 'utf8');
        if (result.value.incompleteYear !== null) console.log(`Warning: ${result.value.incompleteYear}.`);
        console.log(`Exported the ${collectionYear(args.year).name} SSDA903 return for ${authority.code}: ${result.value.children} children, to ${args.out}`);
        for (const file of result.value.files) console.log(`  ${file.name}: ${file.rows} row(s)`);
        for (const notice of result.value.notices) console.log(`Note: ${notice}.`);
      });
    });

  program
    .command('import')
    .description('Import data in a standard format')
    .command('903')
    .description(
      'Import an SSDA903 return (and Lantern’s supplementary tables) from the CSV files in a folder, all or nothing; without --authority, a folder of authorities’ folders, each named by its ONS code or LA number',
    )
    .argument('<dir>', 'the folder holding the CSV files (each table is recognised by its columns, not its file name), or a folder of such folders')
    .option(
      '--authority <code>',
      'the authority to import the children into (their responsible authority): ONS code or DfE LA number, e.g. E10000016 or 886',
      authorityArgument,
    )
    .action(async (dir: string, args: { authority?: string }) => {
      // One authority's folder, or a folder of them named by authority.
      const folders = args.authority === undefined ? await authorityFolders(dir) : { ok: true as const, value: [{ authority: args.authority, dir }] };
      if (!folders.ok) {
        console.error(`${folders.error}\nNothing was imported.`);
        process.exitCode = 1;
        return;
      }
      const returns: { authority: string; dir: string; files: InputFile[] }[] = [];
      const unreadable: string[] = [];
      for (const folder of folders.value) {
        const files = await readReturnFiles(folder.dir);
        if (files.ok) returns.push({ ...folder, files: files.value });
        else unreadable.push(files.error);
      }
      if (unreadable.length > 0) {
        for (const message of unreadable) console.error(message);
        console.error('Nothing was imported.');
        process.exitCode = 1;
        return;
      }
      // One database open for every authority. Each return is checked first, and nothing is written
      // unless all of them are clean; then each authority's return is written in its own transaction.
      await withDatabase(async (handle) => {
        const service = serviceFor(handle);
        const resolved: { code: string; dir: string; files: InputFile[] }[] = [];
        for (const entry of returns) {
          const authority = await findLocalAuthority(handle.db, entry.authority);
          if (authority === null) console.error(`${returns.length > 1 ? `${entry.dir}: ` : ''}${unknownAuthority(entry.authority)}`);
          else resolved.push({ code: authority.code, dir: entry.dir, files: entry.files });
        }
        if (resolved.length < returns.length) {
          console.error('Nothing was imported.');
          process.exitCode = 1;
          return;
        }
        const checked: typeof resolved = [];
        let problems = 0;
        for (const entry of resolved) {
          const result = await service.importReturn(commandLineDataOfficer(entry.code), { authorityCode: entry.code, files: entry.files, checkOnly: true });
          if (result.ok) {
            checked.push(entry);
            continue;
          }
          const errors = result.error.kind === 'rejected' ? result.error.errors : [];
          const prefix = returns.length > 1 ? `${entry.dir}: ` : '';
          for (const problem of errors.slice(0, Math.max(0, MAX_PRINTED_PROBLEMS - problems))) console.error(`${prefix}${describeProblem(problem)}`);
          problems += Math.max(errors.length, 1);
          if (errors.length === 0) console.error(`${prefix}${describeRefusal(result.error, entry.code)}`);
        }
        if (problems > 0) {
          if (problems > MAX_PRINTED_PROBLEMS) console.error(`…and ${problems - MAX_PRINTED_PROBLEMS} more, not shown.`);
          console.error(`${problems} problem(s) in the files.`);
          console.error('Nothing was imported. Correct the files and run the import again.');
          process.exitCode = 1;
          return;
        }
        for (const entry of checked) {
          const progress = progressFor(returns.length > 1 ? `Importing ${entry.code}` : 'Importing children');
          const result = await service.importReturn(commandLineDataOfficer(entry.code), { authorityCode: entry.code, files: entry.files }, (done, total) => {
            progress.update(done, total);
          });
          progress.stop();
          if (!result.ok) {
            // Checked a moment ago: only a change made meanwhile (or a fault) can refuse it now.
            if (result.error.kind === 'rejected')
              for (const problem of result.error.errors.slice(0, MAX_PRINTED_PROBLEMS)) console.error(describeProblem(problem));
            const imported = checked.slice(0, checked.indexOf(entry)).map((done) => done.code);
            console.error(
              `${entry.code} was not imported.${imported.length > 0 ? ` Imported before it: ${imported.join(', ')}.` : ''} Run the import again for the rest.`,
            );
            process.exitCode = 1;
            return;
          }
          for (const notice of result.value.notices.slice(0, MAX_PRINTED_PROBLEMS)) console.log(`Note: ${describeProblem(notice)}`);
          const counts = result.value.rows;
          const rows = TABLE_NAMES.flatMap((table) => (counts[table] === undefined ? [] : [`${table} ${counts[table]}`])).join(', ');
          console.log(`Imported ${result.value.children} children into ${entry.code} from ${entry.dir} (rows: ${rows}).`);
        }
      });
    });
}
