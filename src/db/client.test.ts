import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeProcessUntil } from '../../test/helpers/node-process.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
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
    // Closed twice (a failed start-up, then a shutdown signal), it closes once.
    await expect(third.close()).resolves.toBeUndefined();
  }, 120_000);

  it('should open at once a data folder whose last owner was killed', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-lock-'));
    folders.push(dataDir);
    const client = path.join(import.meta.dirname, 'client.ts');
    const owner = await nodeProcessUntil(
      `import { openDatabase } from ${JSON.stringify(client)}; await openDatabase({ engine: 'pglite', dataDir: ${JSON.stringify(dataDir)} }); console.log('open'); setInterval(() => {}, 60_000);`,
      'open',
    );
    owner.kill('SIGKILL');
    await once(owner, 'exit');
    const next = await openDatabase({ engine: 'pglite', dataDir });
    await next.close();
  }, 180_000);
});

describe('the embedded database on disk is durable', () => {
  it("should flush a new database to disk, and each commit's write-ahead log before the commit returns", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-durable-'));
    folders.push(dataDir);
    const synced: string[] = [];
    const handle = await openDatabase({ engine: 'pglite', dataDir }, { onFileSynced: (file) => synced.push(path.relative(dataDir, file)) });
    try {
      // The new database, every file and folder of it, down to the data folder itself.
      expect(synced).toEqual(expect.arrayContaining(['pgdata/PG_VERSION', 'pgdata/global/pg_control', 'pgdata', '']));
      const settings = await sql<{
        fsync: string;
        method: string;
      }>`select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method`.execute(handle.db);
      expect(settings.rows[0]).toEqual({ fsync: 'on', method: 'fsync' });

      await sql`create table durable_probe (id integer primary key)`.execute(handle.db);
      for (const id of [1, 2, 3]) {
        synced.length = 0;
        await sql`insert into durable_probe values (${id})`.execute(handle.db);
        expect(synced.filter((file) => file.startsWith('pgdata/pg_wal/'))).not.toHaveLength(0);
      }
    } finally {
      await handle.close();
    }
  }, 180_000);
});

const serverUrl = process.env['LANTERN_TEST_DATABASE_URL'];

describe.runIf(serverUrl !== undefined && serverUrl !== '')('PostgreSQL connections dropped by the server', () => {
  it('should report each lost connection and carry on with new ones, not end the process', async () => {
    const lost: Error[] = [];
    const handle = await createTestDatabase({ onConnectionLost: (error) => lost.push(error) });
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(handle.db);
      const terminated = await admin.query<{ count: number }>(
        'select count(pg_terminate_backend(pid))::int as count from pg_stat_activity where datname = $1',
        [rows[0]?.name],
      );
      expect(terminated.rows[0]?.count).toBeGreaterThan(0);
      await vi.waitFor(() => {
        expect(lost.length).toBeGreaterThan(0);
      });
      expect(await handle.db.selectFrom('organisation').select('code').limit(1).execute()).toHaveLength(1);
    } finally {
      await admin.end();
      await handle.close();
    }
  });
});
