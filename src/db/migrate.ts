import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { CHECKSUMS_FILE, checkChecksums } from './checksums.ts';
import type { DatabaseHandle } from './client.ts';
import type { Database } from './schema.ts';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

export interface MigrationReport {
  readonly applied: readonly string[];
}

/** The names of the migrations in `folder`, in the order they apply. */
async function migrationNames(folder = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(folder)).filter((name) => /^\d{4}-[\w-]+\.sql$/.test(name)).sort();
}

/** The migrations not yet applied to the database (all of them on a database never migrated). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('schema_migration') is not null as present`.execute(db);
  const done =
    rows[0]?.present === true ? new Set((await db.selectFrom('schemaMigration').select('name').execute()).map((row) => row.name)) : new Set<string>();
  return (await migrationNames()).filter((name) => !done.has(name));
}

/** One or more merged migrations differ from what SHA256SUMS recorded when they were merged. */
export class ChangedMigrationError extends Error {
  constructor(changed: readonly string[], missing: readonly string[]) {
    const what = [...changed.map((name) => `${name} has been edited`), ...missing.map((name) => `${name} is missing (renamed or removed)`)];
    super(
      `Refusing to migrate: a merged migration is never edited, renamed or removed, but ${what.join('; ')}. ` +
        `Restore the merged migrations and make the change in a new one (src/db/migrations/${CHECKSUMS_FILE} holds each merged migration's checksum).`,
    );
    this.name = 'ChangedMigrationError';
  }
}

/**
 * The migrations of `folder` in the order they apply, refusing them all if one listed in its SHA256SUMS differs from
 * its checksum or is gone. A migration not listed yet is one being written, and applies.
 */
async function readMigrations(folder = MIGRATIONS_DIR): Promise<{ readonly name: string; readonly body: string }[]> {
  const names = await migrationNames(folder);
  const files = await Promise.all(names.map(async (name) => [name, await readFile(path.join(folder, name))] as const));
  const { changed, missing } = await checkChecksums(folder, new Map(files));
  if (changed.length > 0 || missing.length > 0) throw new ChangedMigrationError(changed, missing);
  return files.map(([name, bytes]) => ({ name, body: bytes.toString('utf8') }));
}

/**
 * Applies the numbered SQL files in db/migrations that have not yet run, each in its own
 * transaction. Migrations are never edited once merged: add a new file instead (readMigrations
 * refuses an edited one before anything is applied).
 */
export async function migrate(handle: DatabaseHandle, onApplied?: (name: string) => void, folder = MIGRATIONS_DIR): Promise<MigrationReport> {
  const migrations = await readMigrations(folder);
  await handle.execScript('create table if not exists schema_migration (name text primary key, applied_at timestamptz not null default now())');
  const done = new Set((await handle.db.selectFrom('schemaMigration').select('name').execute()).map((row) => row.name));
  const applied: string[] = [];
  for (const { name, body } of migrations) {
    if (done.has(name)) continue;
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
