import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { value } from '../../test/helpers/result.ts';
import { createTestDataFolder } from '../../test/helpers/test-database.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { DataFolderInUseError } from '../db/data-folder-lock.ts';
import { BackupError } from '../db/embedded-backup.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createServices } from '../services/index.ts';
import { runBackup, runRestore } from './backup-command.ts';

// lantern backup and lantern restore on the embedded database (issue 16 item 3): back up, change,
// restore, and find the data and the audit trail as they were at the backup.

// Each opening of an on-disk data folder starts PGlite and syncs its files: a few seconds on a busy machine, so the
// tests that open it several times have longer limits than the suite's.
const SLOW = { timeout: 300_000 };

const KENT = 'E10000016';
const worker: Actor = { id: 'backup-kent', organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
const clock = createFakeClock('2025-06-15T12:00:00Z');

let folder: string;
let dataDir: string;
/** Whether the run is on the embedded database: on a run against PostgreSQL there is no data folder to back up. */
let embedded = false;
/** The audit events in the data folder when it is backed up. */
let eventsAtBackup = 0;
const config = () => loadConfig({ LANTERN_DATA_DIR: dataDir });

/** Opens the data folder, does `work` with its services, and closes it again (the commands need the folder free). */
async function withFolder<T>(work: (handle: DatabaseHandle, services: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ engine: 'pglite', dataDir });
  try {
    return await work(handle, createServices({ db: handle.db, now: clock.now, newId: randomUUID }));
  } finally {
    await handle.close();
  }
}

const familyNames = (handle: DatabaseHandle) =>
  handle.db
    .selectFrom('child')
    .select('familyName')
    .orderBy('familyName')
    .execute()
    .then((rows) => rows.map((row) => row.familyName));

const addChild = (services: ReturnType<typeof createServices>, familyName: string) =>
  services.children.addLookedAfterChild(worker, {
    laChildId: `BACKUP-${familyName}`,
    givenNames: 'Ana',
    familyName,
    sex: 'F',
    dateOfBirthClaimed: '2010-02-03',
  });

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'lantern-backup-'));
  dataDir = path.join(folder, 'data');
  embedded = await createTestDataFolder(dataDir);
  if (!embedded) return;
  eventsAtBackup = await withFolder(async (_handle, services) => {
    value(await addChild(services, 'Beforebackup'));
    return (await services.audit.verify()).events;
  });
}, SLOW.timeout);
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('lantern backup and lantern restore', () => {
  beforeEach(({ skip }) => {
    skip(!embedded, 'the embedded database is tested on the embedded run');
  });

  it('should restore the data and the audit trail as they were at the backup, keeping what it replaced', SLOW, async () => {
    expect(eventsAtBackup).toBeGreaterThan(0);
    const file = path.join(folder, 'lantern.tar.gz');
    expect(await runBackup(config(), file)).toMatch(
      /^Backed up .* to .*lantern\.tar\.gz \(\d+\.\d MB, readable by you only\)\. Restore it with: lantern restore /,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);

    await withFolder(async (handle, services) => {
      value(await addChild(services, 'Afterbackup'));
      expect(await familyNames(handle)).toEqual(['Afterbackup', 'Beforebackup']);
    });

    const { lines, verified } = await runRestore(config(), file);
    expect(verified).toBe(true);
    expect(lines[0]).toBe(`Restored ${file} into ${dataDir}.`);
    expect(lines[1]).toMatch(/^The data it replaced is in .*pgdata\.replaced-.*: remove that folder once you are satisfied\.$/);
    expect(lines[2]).toBe(`The audit trail verifies: ${eventsAtBackup} events.`);

    await withFolder(async (handle, services) => {
      expect(await familyNames(handle)).toEqual(['Beforebackup']);
      expect(await services.audit.verify()).toEqual({ events: eventsAtBackup, findings: [] });
      // The restored database takes writes as before, on an audit chain that carries on.
      value(await addChild(services, 'Afterrestore'));
      expect((await services.audit.verify()).findings).toEqual([]);
    });
    const replaced = (await readdir(dataDir)).filter((name) => name.startsWith('pgdata.replaced-'));
    expect(replaced).toHaveLength(1);
    expect(existsSync(path.join(dataDir, replaced[0]!, 'PG_VERSION'))).toBe(true);
  });

  it('should refuse, naming the holder, while the server holds the data folder', SLOW, async () => {
    const server = await openDatabase({ engine: 'pglite', dataDir });
    try {
      await expect(runBackup(config(), path.join(folder, 'while-running.tar.gz'))).rejects.toThrow(DataFolderInUseError);
      await expect(runRestore(config(), path.join(folder, 'lantern.tar.gz'))).rejects.toThrow(
        new RegExp(`in use by another Lantern process \\(process ${process.pid}\\)`),
      );
    } finally {
      await server.close();
    }
    expect(existsSync(path.join(folder, 'while-running.tar.gz'))).toBe(false);
  });

  it('should never overwrite a file with a backup', async () => {
    const file = path.join(folder, 'taken.txt');
    await writeFile(file, 'not to be lost');
    await expect(runBackup(config(), file)).rejects.toThrow(new BackupError(`${file} already exists: name a new file, so that no backup is overwritten`));
    expect(await readFile(file, 'utf8')).toBe('not to be lost');
  });

  it('should refuse a file that is not a backup, changing nothing', SLOW, async () => {
    const before = await withFolder((handle) => familyNames(handle));
    const text = path.join(folder, 'notes.txt');
    await writeFile(text, 'hello');
    await expect(runRestore(config(), text)).rejects.toThrow(
      new BackupError(`${text} is not a Lantern backup (a gzipped copy of the data folder made by lantern backup)`),
    );
    const gzipped = path.join(folder, 'other.tar.gz');
    await writeFile(gzipped, gzipSync(Buffer.from('not a tar of a data folder')));
    await expect(runRestore(config(), gzipped)).rejects.toThrow(new BackupError(`${gzipped} is not a Lantern backup: it did not open as a Lantern database`));
    await expect(runRestore(config(), path.join(folder, 'missing.tar.gz'))).rejects.toThrow(
      /^Cannot read .*missing\.tar\.gz: name a backup made by lantern backup$/,
    );

    expect((await readdir(dataDir)).filter((name) => name.startsWith('pgdata.'))).not.toContain('pgdata.restoring');
    expect(await withFolder((handle) => familyNames(handle))).toEqual(before);
  });

  it('should send PostgreSQL to its own tools', async () => {
    const postgres = loadConfig({ DATABASE_URL: 'postgres://db/lantern' });
    await expect(runBackup(postgres, path.join(folder, 'pg.tar.gz'))).rejects.toThrow(/Lantern is on PostgreSQL \(DATABASE_URL\): back it up with pg_dump/);
    await expect(runRestore(postgres, path.join(folder, 'lantern.tar.gz'))).rejects.toThrow(BackupError);
  });
});
