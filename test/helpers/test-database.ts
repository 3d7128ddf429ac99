import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.ts';
import type { DatabaseHandle, DatabaseOptions } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server at LANTERN_TEST_DATABASE_URL (CI runs the suites on both).
 */
export async function createTestDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const serverUrl = process.env['LANTERN_TEST_DATABASE_URL'];
  if (serverUrl === undefined || serverUrl === '') {
    const handle = await openDatabase({ engine: 'pglite', dataDir: null });
    await migrate(handle);
    return handle;
  }
  const name = `lantern_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 5 }, options);
  await migrate(handle);
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      // The pool has ended, but the server may not have seen every connection go: wait, so that
      // the forced drop does not cut a closing connection and raise an error in the test.
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const open = await cleanup.query<{ count: number }>('select count(*)::int as count from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0]?.count === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
