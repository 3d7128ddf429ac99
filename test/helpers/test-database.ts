import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openDatabase, PGLITE_EXTENSIONS } from '../../src/db/client.ts';
import type { DatabaseHandle, DatabaseOptions } from '../../src/db/client.ts';
import { createDatabase, databaseUrl, dropDatabase } from './database-template.ts';
import type { DatabaseTemplate } from './database-template.ts';

/** The template the run migrated, or an error for a test file outside the tiers that have one. */
function migratedTemplate(): DatabaseTemplate {
  const template = inject('databaseTemplate') as DatabaseTemplate | undefined;
  if (template === undefined) {
    throw new Error(
      'This test file opens a database, so it belongs in the db or browser tier, whose global setup migrates the template: list it there in vitest.config.ts.',
    );
  }
  return template;
}

/**
 * A fresh, migrated database for one test file, copied from the template the run migrated once
 * (test/helpers/database-template.ts): in-memory PGlite by default, or a new database on the
 * PostgreSQL server at LANTERN_TEST_DATABASE_URL (CI runs the suites on both).
 */
export async function createTestDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const template = migratedTemplate();
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

/**
 * An embedded database's data folder at `dataDir` (as LANTERN_DATA_DIR), migrated, copied from the run's template;
 * false on a run against PostgreSQL, whose template is a database on the server.
 */
export async function createTestDataFolder(dataDir: string): Promise<boolean> {
  const template = migratedTemplate();
  if (template.engine !== 'pglite') return false;
  await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: path.join(dataDir, 'pgdata'),
    loadDataDir: new Blob([await readFile(template.tarball)]),
    extensions: PGLITE_EXTENSIONS,
  });
  await pglite.close();
  return true;
}
