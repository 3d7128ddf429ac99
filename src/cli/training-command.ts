import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { DatabaseHandle } from '../db/client.ts';
import { findOrganisation } from '../db/repositories/organisation-repository.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createAuditLog } from '../services/audit-log.ts';
import { createTrainingService } from '../services/training-service.ts';
import { MAX_FILE_BYTES, MAX_PRINTED_PROBLEMS } from './ssda903-command.ts';

// bin/lantern import training FILE --organisation CODE: people's completed courses from a CSV file
// (docs/data-exchange.md, "Training completions"), all or nothing, every problem by row and column.
// The command line acts as "command-line", an administrator of the organisation named: that is
// who the audit trail shows, and row-level security holds the import to that organisation.

/** Who the training import acts as: the command line, as an administrator of the organisation. */
function commandLineAdministrator(organisationCode: string, localAuthorityCode: string | null): Actor {
  return { id: 'command-line', organisationCode, localAuthorityCode, role: 'organisation_administrator', origin: null };
}

export function registerTrainingCommand(
  program: Command,
  withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>,
  options: { readonly now?: () => string; readonly newId?: () => string } = {},
): void {
  const now = options.now ?? (() => new Date().toISOString());
  const newId = options.newId ?? randomUUID;
  // `import` may already hold other formats (903): training is one more beside them.
  const importCommand =
    program.commands.find((command) => command.name() === 'import') ?? program.command('import').description('Import data in a standard format');
  importCommand
    .command('training')
    .description('Import people’s completed training courses for an organisation from a CSV file (email, course_code, completed_on), all or nothing')
    .argument('<file>', 'the CSV file')
    .requiredOption('--organisation <code>', 'the organisation whose people completed the courses, e.g. E10000016')
    .action(async (file: string, args: { organisation: string }) => {
      const text = await readText(file);
      if (text === null) {
        process.exitCode = 1;
        return;
      }
      await withDatabase(async (handle) => {
        const code = args.organisation.trim().toUpperCase();
        const organisation = await findOrganisation(handle.db, code);
        if (organisation === undefined) {
          console.error(`There is no organisation with the code ${code}. Check the code and try again. Nothing was imported.`);
          process.exitCode = 1;
          return;
        }
        const service = createTrainingService({ db: handle.db, now, newId, audit: createAuditLog({ now, newId }) });
        const actor = commandLineAdministrator(code, organisation.kind === 'local_authority' ? code : null);
        const result = await service.importCompletions(actor, text);
        if (!result.ok) {
          for (const problem of result.error.slice(0, MAX_PRINTED_PROBLEMS)) console.error(problem);
          if (result.error.length > MAX_PRINTED_PROBLEMS) console.error(`…and ${result.error.length - MAX_PRINTED_PROBLEMS} more, not shown.`);
          console.error(`${result.error.length} problem(s) in ${file}. Nothing was imported. Correct the file and run the import again.`);
          process.exitCode = 1;
          return;
        }
        const { rows, imported, alreadyRecorded } = result.value;
        console.log(
          `Imported ${imported} completion(s) for ${organisation.name} from ${file} (${rows} row(s)${alreadyRecorded > 0 ? `; ${alreadyRecorded} already recorded, left as they were` : ''}).`,
        );
      });
    });
}

/** The file's text, or null having said why not; never a file larger than the 903 import reads. */
async function readText(file: string): Promise<string | null> {
  try {
    const { size } = await stat(file);
    if (size > MAX_FILE_BYTES) {
      console.error(`${file} is too large: Lantern reads files of at most ${MAX_FILE_BYTES / 1024 / 1024} MB. Nothing was imported.`);
      return null;
    }
    return await readFile(file, 'utf8');
  } catch {
    console.error(`Cannot read the file ${file}. Check the path and try again. Nothing was imported.`);
    return null;
  }
}
