import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseHandle } from './client.ts';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

export interface MigrationReport {
  readonly applied: readonly string[];
}

/**
 * Applies the numbered SQL files in db/migrations that have not yet run, each in its own
 * transaction. Migrations are never edited once merged: add a new file instead.
 */
export async function migrate(handle: DatabaseHandle, onApplied?: (name: string) => void): Promise<MigrationReport> {
  await handle.execScript(
    'create table if not exists schema_migration (name text primary key, applied_at timestamptz not null default now())',
  );
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => /^\d{4}-[\w-]+\.sql$/.test(name)).sort();
  const done = new Set((await handle.db.selectFrom('schemaMigration').select('name').execute()).map((row) => row.name));
  const applied: string[] = [];
  for (const name of files) {
    if (done.has(name)) continue;
    const body = await readFile(path.join(MIGRATIONS_DIR, name), 'utf8');
    // One script: the migration and its record commit together or not at all.
    // The advisory lock stops two PostgreSQL instances migrating at once.
    const quotedName = name.replaceAll("'", "''");
    try {
      await handle.execScript(
        `begin;\nselect pg_advisory_xact_lock(7412);\n${body}\n;insert into schema_migration (name) values ('${quotedName}') on conflict do nothing;\ncommit;`,
      );
    } catch (error) {
      throw new Error(`Migration ${name} failed and was rolled back`, { cause: error });
    }
    applied.push(name);
    onApplied?.(name);
  }
  return { applied };
}
