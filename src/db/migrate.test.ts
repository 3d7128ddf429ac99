import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import { CHECKSUMS_FILE, checkChecksums, sha256 } from './checksums.ts';
import type { DatabaseHandle } from './client.ts';
import { ChangedMigrationError, migrate } from './migrate.ts';

const MIGRATIONS = path.join(import.meta.dirname, 'migrations');

/** Fails the test if migrate touches the database: a refusal comes before anything runs. */
const untouchable = new Proxy({} as DatabaseHandle, {
  get(_target, property) {
    throw new Error(`migrate used the database (${String(property)}) before checking the migrations`);
  },
});

describe('the merged migrations', () => {
  it('should each have their checksum in SHA256SUMS, and match it', async () => {
    const names = (await readdir(MIGRATIONS)).filter((name) => name.endsWith('.sql'));
    const files = new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(MIGRATIONS, name))] as const)));
    const findings = await checkChecksums(MIGRATIONS, files);
    expect(findings.unlisted, `Add a new migration's checksum: (cd src/db/migrations && sha256sum NAME.sql >> ${CHECKSUMS_FILE})`).toEqual([]);
    expect(findings.changed, 'A merged migration is never edited: restore it and make the change in a new migration').toEqual([]);
    expect(findings.missing, 'A merged migration is never renamed or removed').toEqual([]);
  });
});

describe('migrate', () => {
  let folder: string;
  const first = 'create table first_thing (id int);\n';
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'lantern-migrations-'));
    await writeFile(path.join(folder, '0001-first.sql'), first);
    await writeFile(path.join(folder, CHECKSUMS_FILE), `${sha256(Buffer.from(first))}  0001-first.sql\n`);
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('should refuse an edited migration, naming it, before touching the database', async () => {
    await writeFile(path.join(folder, '0001-first.sql'), 'create table first_thing (id bigint);\n');
    const refusal = migrate(untouchable, undefined, folder);
    await expect(refusal).rejects.toBeInstanceOf(ChangedMigrationError);
    await expect(refusal).rejects.toThrow(/0001-first\.sql has been edited.*new one/);
  });

  it('should refuse a renamed migration, naming it, before touching the database', async () => {
    await rename(path.join(folder, '0001-first.sql'), path.join(folder, '0002-first.sql'));
    await expect(migrate(untouchable, undefined, folder)).rejects.toThrow(/0001-first\.sql is missing \(renamed or removed\)/);
  });

  it('should refuse a manifest line it cannot read', async () => {
    await writeFile(path.join(folder, CHECKSUMS_FILE), 'not a checksum  0001-first.sql\n');
    await expect(migrate(untouchable, undefined, folder)).rejects.toThrow(/line 1 is not/);
  });

  it('should apply a migration that is not listed yet: one being written', async () => {
    await writeFile(path.join(folder, '0002-second.sql'), 'create table second_thing (id int);\n');
    const handle = await createTestDatabase();
    try {
      expect(await migrate(handle, undefined, folder)).toEqual({ applied: ['0001-first.sql', '0002-second.sql'] });
      expect(await migrate(handle, undefined, folder)).toEqual({ applied: [] });
    } finally {
      await handle.close();
    }
  });
});
