import { PGlite } from '@electric-sql/pglite';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGLITE_EXTENSIONS } from './client.ts';
import type { DatabaseHandle } from './client.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { fsyncPath, syncFolder } from './durable-node-fs.ts';

// Backups of the embedded database (docs/deployment.md, "Backups"): a gzipped tar of its data folder,
// taken by the process that owns the folder, and restored into a stopped one. The data a restore
// replaces is kept beside it, never deleted.

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** A backup is always written to a new file, so that none is overwritten. */
export function refuseExistingFile(out: string): void {
  if (existsSync(out)) throw new BackupError(`${out} already exists: name a new file, so that no backup is overwritten`);
}

/** Writes a consistent copy of the open embedded database to `out` (readable by its owner only); returns its size. */
export async function backUpEmbedded(handle: DatabaseHandle, out: string): Promise<number> {
  if (handle.dumpDataDir === undefined)
    throw new BackupError('Only the embedded database is backed up by Lantern: back up PostgreSQL with pg_dump or pgBackRest (docs/deployment.md, "Backups")');
  refuseExistingFile(out);
  const bytes = new Uint8Array(await (await handle.dumpDataDir()).arrayBuffer());
  // Written aside and renamed, so that a file of that name is always a whole backup.
  const partial = `${out}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  fsyncPath(partial);
  renameSync(partial, out);
  fsyncPath(path.dirname(path.resolve(out)));
  return bytes.length;
}

/**
 * Replaces the embedded database in `dataDir` with the backup in `file`. The folder must not be in
 * use (the lock says by whom). The backup is opened and checked in a folder of its own first, so a
 * file that is not a Lantern backup changes nothing. Returns the folder the replaced data was moved to.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<{ replaced: string | null }> {
  const folder = path.resolve(dataDir);
  const release = lockDataFolder(folder, dataDir);
  try {
    let backup: Buffer;
    try {
      backup = readFileSync(file);
    } catch {
      throw new BackupError(`Cannot read ${file}: name a backup made by lantern backup`);
    }
    // gzip's magic number: anything else is not a backup, and is refused before any folder is made.
    if (backup[0] !== 0x1f || backup[1] !== 0x8b)
      throw new BackupError(`${file} is not a Lantern backup (a gzipped copy of the data folder made by lantern backup)`);
    const restoring = path.join(folder, 'pgdata.restoring');
    rmSync(restoring, { recursive: true, force: true });
    try {
      const restored = await PGlite.create({ dataDir: restoring, loadDataDir: new Blob([new Uint8Array(backup)]), extensions: PGLITE_EXTENSIONS });
      try {
        await restored.query('select count(*) from schema_migration');
      } finally {
        await restored.close();
      }
    } catch (error) {
      rmSync(restoring, { recursive: true, force: true });
      throw error instanceof BackupError ? error : new BackupError(`${file} is not a Lantern backup: it did not open as a Lantern database`);
    }
    syncFolder(restoring);
    const pgdata = path.join(folder, 'pgdata');
    let replaced: string | null = null;
    if (existsSync(pgdata)) {
      replaced = path.join(folder, `pgdata.replaced-${new Date().toISOString().replaceAll(':', '-')}`);
      renameSync(pgdata, replaced);
    }
    renameSync(restoring, pgdata);
    fsyncPath(folder);
    return { replaced };
  } finally {
    release();
  }
}
