import { linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// One process owns an embedded database at a time: a second one would corrupt it. The lock is a
// file naming its holder by process id, the process's start time and the machine's boot, so a
// lock left by a process that has died (a crash, kill -9, a power cut) is seen to be stale at
// once, even when the process id has since been given to another process. PostgreSQL's
// postmaster.pid works the same way. A timestamp-based lock cannot tell a dead holder from
// a live one whose event loop is busy (PGlite's work is synchronous), so it has to wait.

export class DataFolderInUseError extends Error {
  readonly dataDir: string;
  constructor(dataDir: string, holder: number) {
    super(
      `The data folder ${dataDir} is in use by another Lantern process (process ${holder}). ` +
        'Stop that process (for example the running server) first, or point LANTERN_DATA_DIR at another folder.',
    );
    this.name = 'DataFolderInUseError';
    this.dataDir = dataDir;
  }
}

interface Holder {
  readonly pid: number;
  /** Clock ticks after boot at which the process started (Linux); null where unknown. */
  readonly startTime: string | null;
  readonly bootId: string | null;
}

function readOr<T>(file: string, parse: (text: string) => T, otherwise: T): T {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch {
    return otherwise;
  }
}

/** Field 22 of /proc/PID/stat, read after the command name (which may hold spaces and brackets). */
export function processStartTime(pid: number): string | null {
  return readOr(`/proc/${pid}/stat`, (text) => text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? null, null);
}

const bootId = (): string | null => readOr('/proc/sys/kernel/random/boot_id', (text) => text.trim(), null);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** Whether the process that wrote `holder` is still running: the same boot, pid and start time. */
function isAlive(holder: Holder): boolean {
  if (holder.bootId !== null && holder.bootId !== bootId()) return false;
  if (!isRunning(holder.pid)) return false;
  return holder.startTime === null || holder.startTime === processStartTime(holder.pid);
}

function parseHolder(text: string): Holder | null {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || !('pid' in value) || typeof value.pid !== 'number') return null;
  const field = (name: string): string | null =>
    name in value && typeof (value as Record<string, unknown>)[name] === 'string' ? ((value as Record<string, string>)[name] ?? null) : null;
  return { pid: value.pid, startTime: field('startTime'), bootId: field('bootId') };
}

/**
 * Takes the folder's lock for this process, replacing a stale one; throws DataFolderInUseError
 * while a live process holds it. Returns the release, which removes the lock once and only if it
 * is still this process's.
 */
export function lockDataFolder(folder: string, displayName = folder): () => void {
  const lockFile = path.join(folder, 'lantern.lock');
  const own: Holder = { pid: process.pid, startTime: processStartTime(process.pid), bootId: bootId() };
  const record = JSON.stringify(own);
  // Written whole to a file of our own, then linked into place: the lock file is never seen half-written.
  const draft = path.join(folder, `lantern.lock.${process.pid}`);
  writeFileSync(draft, record);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, lockFile);
        break;
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST') || attempt >= 10) throw error;
      }
      const holder = readOr(lockFile, parseHolder, null);
      if (holder !== null && isAlive(holder)) throw new DataFolderInUseError(displayName, holder.pid);
      // Stale, or not ours to read (the folder an earlier version of Lantern locked with): replace it.
      rmSync(lockFile, { recursive: true, force: true });
    }
  } finally {
    unlinkSync(draft);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (readOr(lockFile, (text) => text, null) === record) unlinkSync(lockFile);
  };
}
