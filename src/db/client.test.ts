import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, openDatabase } from './client.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('embedded database folder', () => {
  it('should refuse a second process on the same data folder with a clear error, and allow it once the first has closed', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-lock-'));
    folders.push(dataDir);
    const first = await openDatabase({ engine: 'pglite', dataDir });
    const second = openDatabase({ engine: 'pglite', dataDir });
    await expect(second).rejects.toBeInstanceOf(DataFolderInUseError);
    await expect(second).rejects.toThrow(/in use by another Lantern process/);
    await first.close();
    const third = await openDatabase({ engine: 'pglite', dataDir });
    await third.close();
  }, 60_000);
});
