import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { backUpEmbedded, BackupError, refuseExistingFile, restoreEmbedded } from '../db/embedded-backup.ts';
import { createRuntimeServices } from '../runtime.ts';
import { describeFinding } from './audit-command.ts';

// lantern backup and lantern restore, for the embedded database (docs/deployment.md, "Backups").
// PostgreSQL is backed up with its own tools, which are consistent while Lantern runs.

const POSTGRES =
  'Lantern is on PostgreSQL (DATABASE_URL): back it up with pg_dump, or pgBackRest for point-in-time recovery, as docs/deployment.md ("Backups") describes.';

/** The embedded database's folder, or an error for PostgreSQL. */
function embeddedFolder(config: Config): string {
  if (config.database.engine === 'postgres') throw new BackupError(POSTGRES);
  if (config.database.dataDir === null) throw new BackupError('The database is in memory: there is nothing to back up');
  return config.database.dataDir;
}

/** Backs up the embedded database in `config` to `out`; the server must be stopped (its lock says so otherwise). */
export async function runBackup(config: Config, out: string): Promise<string> {
  const dataDir = embeddedFolder(config);
  // Before the database is opened, which takes a while.
  refuseExistingFile(out);
  const handle = await openDatabase({ engine: 'pglite', dataDir });
  try {
    const bytes = await backUpEmbedded(handle, out);
    return `Backed up ${dataDir} to ${path.resolve(out)} (${(bytes / 1_048_576).toFixed(1)} MB, readable by you only). Restore it with: lantern restore ${out}`;
  } finally {
    await handle.close();
  }
}

/**
 * Restores the backup in `file` into the embedded database in `config`, then checks the audit trail of
 * what was restored. Returns the report's lines, and whether the trail verified.
 */
export async function runRestore(config: Config, file: string): Promise<{ lines: string[]; verified: boolean }> {
  const dataDir = embeddedFolder(config);
  const { replaced } = await restoreEmbedded(dataDir, file);
  const lines = [`Restored ${file} into ${dataDir}.`];
  if (replaced !== null) lines.push(`The data it replaced is in ${replaced}: remove that folder once you are satisfied.`);
  const handle = await openDatabase({ engine: 'pglite', dataDir });
  try {
    const { events, findings } = await createRuntimeServices(handle).audit.verify();
    if (findings.length === 0) lines.push(`The audit trail verifies: ${events} events.`);
    else lines.push(`The restored audit trail does NOT verify (${findings.length} problems):`, ...findings.map((finding) => `  ${describeFinding(finding)}`));
    return { lines, verified: findings.length === 0 };
  } finally {
    await handle.close();
  }
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('Back up the embedded database to a file (stop the server first; on PostgreSQL use pg_dump or pgBackRest)')
    .requiredOption('--out <file>', 'the new backup file, e.g. lantern-2025-06-15.tar.gz')
    .action(async (options: { out: string }) => {
      console.log(await runBackup(loadConfig(), options.out));
    });

  program
    .command('restore')
    .description('Replace the embedded database with a backup made by lantern backup (stop the server first); the data replaced is kept')
    .argument('<file>', 'a backup made by lantern backup')
    .action(async (file: string) => {
      const { lines, verified } = await runRestore(loadConfig(), file);
      console.log(lines.join('\n'));
      if (!verified) process.exitCode = 1;
    });
}
