import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeProcessUntil } from '../../test/helpers/node-process.ts';
import { DataFolderInUseError, lockDataFolder, processStartTime } from './data-folder-lock.ts';

const folders: string[] = [];
const newFolder = (): string => {
  const folder = mkdtempSync(path.join(tmpdir(), 'lantern-lock-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const lockFile = (folder: string) => path.join(folder, 'lantern.lock');
const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const onLinux = existsSync('/proc/self/stat');

/** Another process that takes the folder's lock and keeps it until it is killed. */
const holderProcess = (folder: string) =>
  nodeProcessUntil(
    `import { lockDataFolder } from ${JSON.stringify(path.join(import.meta.dirname, 'data-folder-lock.ts'))}; lockDataFolder(${JSON.stringify(folder)}); console.log('locked'); setInterval(() => {}, 60_000);`,
    'locked',
  );

describe('the data folder lock', () => {
  it('should refuse while another live process holds it, and take it at once when that process is killed', async () => {
    const folder = newFolder();
    const holder = await holderProcess(folder);
    try {
      expect(() => lockDataFolder(folder)).toThrow(DataFolderInUseError);
      expect(() => lockDataFolder(folder)).toThrow(`(process ${holder.pid ?? '?'})`);
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
    // The dead holder's lock is still on disk, and is seen to be stale without waiting.
    expect(existsSync(lockFile(folder))).toBe(true);
    const release = lockDataFolder(folder);
    release();
  });

  it('should refuse a second lock in the same process, and release exactly once', () => {
    const folder = newFolder();
    const release = lockDataFolder(folder);
    expect(() => lockDataFolder(folder)).toThrow(/in use by another Lantern process/);
    release();
    expect(() => {
      release();
    }).not.toThrow();
    expect(existsSync(lockFile(folder))).toBe(false);
    lockDataFolder(folder)();
  });

  it.runIf(onLinux)('should take a lock whose process id now belongs to a process started at another time', () => {
    const folder = newFolder();
    const startTime = processStartTime(process.pid);
    expect(startTime).toMatch(/^\d+$/);
    writeFileSync(lockFile(folder), JSON.stringify({ pid: process.pid, startTime: `${startTime ?? ''}0`, bootId: bootId() }));
    lockDataFolder(folder)();
  });

  it.runIf(onLinux)('should take a lock written before the machine last started', () => {
    const folder = newFolder();
    writeFileSync(lockFile(folder), JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid), bootId: 'an-earlier-boot' }));
    lockDataFolder(folder)();
  });

  it('should replace the lock folder an earlier version of Lantern left behind', () => {
    const folder = newFolder();
    mkdirSync(lockFile(folder));
    lockDataFolder(folder)();
  });

  it('should never leave a half-written lock: the record is whole, naming this process', () => {
    const folder = newFolder();
    const release = lockDataFolder(folder);
    expect(JSON.parse(readFileSync(lockFile(folder), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });
});
