import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { DatabaseHandle } from '../db/client.ts';
import { findLocalAuthority } from '../db/repositories/local-authority-repository.ts';
import { formatDate } from '../domain/dates.ts';
import { collectionYear, isCollectionYear } from '../domain/ssda903/collection-year.ts';
import type { ImportProblem } from '../domain/ssda903/import.ts';
import { TABLE_NAMES } from '../domain/ssda903/tables.ts';
import type { Actor } from '../services/actor.ts';
import { createAuditLog } from '../services/audit-log.ts';
import { createSsda903Service } from '../services/ssda903-service.ts';
import type { Ssda903Error } from '../services/ssda903-service.ts';
import { createProgress } from './progress.ts';
import type { Progress } from './progress.ts';

// bin/lantern export 903 and bin/lantern import 903: the SSDA903 return both ways, from and to
// files in a folder. The command line acts as a named system actor, "command-line", with the
// authority's data officer role: that is who the audit trail shows (as for token and user
// commands), and the database's row-level security holds it to that authority's children.

/** Who the 903 commands act as: the command line, as a data officer of the authority named. */
export function commandLineDataOfficer(authorityCode: string): Actor {
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
  if (!/^[A-Z0-9-]{3,12}$/.test(code)) throw new InvalidArgumentError('Enter the authority’s ONS code or DfE LA number, for example E10000016 or 886 for Kent.');
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

/** "Episodes.csv, row 3, column DECOM: …", as much of the place as the problem has. */
export function describeProblem(problem: ImportProblem): string {
  const place = [problem.file, problem.row === null ? null : `row ${problem.row}`, problem.column === null ? null : `column ${problem.column}`].filter((part) => part !== null);
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
    .description('Import an SSDA903 return (and Lantern’s supplementary tables) from the CSV files in a folder: all of it, or nothing')
    .argument('<dir>', 'the folder holding the CSV files (each table is recognised by its columns, not its file name)')
    .requiredOption('--authority <code>', 'the authority to import the children into (their responsible authority): ONS code or DfE LA number, e.g. E10000016 or 886', authorityArgument)
    .action(async (dir: string, args: { authority: string }) => {
      let names: string[];
      try {
        names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.csv')).map((entry) => entry.name);
      } catch {
        console.error(`Cannot read the folder ${dir}. Check the path and try again.\nNothing was imported.`);
        process.exitCode = 1;
        return;
      }
      if (names.length === 0) {
        console.error(`There are no .csv files in ${dir}.\nNothing was imported.`);
        process.exitCode = 1;
        return;
      }
      const files = await Promise.all(names.sort().map(async (name) => ({ name, content: await readFile(path.join(dir, name), 'utf8') })));
      await withDatabase(async (handle) => {
        const authority = await findLocalAuthority(handle.db, args.authority);
        if (authority === null) {
          console.error(`${unknownAuthority(args.authority)}\nNothing was imported.`);
          process.exitCode = 1;
          return;
        }
        const progress = progressFor('Importing children');
        const result = await serviceFor(handle).importReturn(commandLineDataOfficer(authority.code), { authorityCode: authority.code, files }, (done, total) => {
          progress.update(done, total);
        });
        progress.stop();
        if (!result.ok) {
          if (result.error.kind === 'rejected') for (const problem of result.error.errors) console.error(describeProblem(problem));
          console.error(describeRefusal(result.error, args.authority));
          console.error('Nothing was imported. Correct the files and run the import again.');
          process.exitCode = 1;
          return;
        }
        for (const notice of result.value.notices) console.log(`Note: ${describeProblem(notice)}`);
        const counts = result.value.rows;
        const rows = TABLE_NAMES.flatMap((table) => (counts[table] === undefined ? [] : [`${table} ${counts[table]}`])).join(', ');
        console.log(`Imported ${result.value.children} children into ${authority.code} from ${dir} (rows: ${rows}).`);
      });
    });
}
