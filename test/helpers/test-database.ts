import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import type { DatabaseHandle, DatabaseOptions } from '../../src/db/client.ts';
import { createDatabase, databaseUrl, dropDatabase } from './database-template.ts';

/**
 * A fresh, migrated database for one test file, copied from the template the run migrated once
 * (test/helpers/database-template.ts): in-memory PGlite by default, or a new database on the
 * PostgreSQL server at LANTERN_TEST_DATABASE_URL (CI runs the suites on both).
 */
export async function createTestDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const template = inject('databaseTemplate') as ReturnType<typeof inject<'databaseTemplate'>> | undefined;
  if (template === undefined) {
    throw new Error('This test file opens a database, so it belongs in the db or browser tier, whose global setup migrates the template: list it there in vitest.config.ts.');
  }
  if (template.engine === 'pglite') {
    return openDatabase({ engine: 'pglite', dataDir: null, loadDataDir: new Blob([await readFile(template.tarball)]) }, options);
  }
  const name = `lantern_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(template.serverUrl, name, template.name);
  const handle = await openDatabase({ engine: 'postgres', url: databaseUrl(template.serverUrl, name), poolSize: 5 }, options);
  return {
    ...handle,
    async close() {
      await handle.close();
      await dropDatabase(template.serverUrl, name);
    },
  };
}
