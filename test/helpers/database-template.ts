import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, PGLITE_EXTENSIONS } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';

// Vitest global setup for the tiers that use a database: the migrations run once per run, into a template
// that each test file then copies (test/helpers/test-database.ts), instead of every file migrating from scratch.

/** Where the migrated template is: a PGlite data folder dumped as a tarball, or a database on the PostgreSQL server. */
export type DatabaseTemplate =
  { readonly engine: 'pglite'; readonly tarball: string } | { readonly engine: 'postgres'; readonly serverUrl: string; readonly name: string };

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: DatabaseTemplate;
  }
}

/** What the teardown removes; one template serves every tier of a run (globalThis: each project loads this module anew). */
interface Shared {
  template: Promise<{ readonly template: DatabaseTemplate; readonly remove: () => Promise<void> }>;
  users: number;
}
const SHARED = Symbol.for('lantern.databaseTemplate');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const holder = globalThis as { [SHARED]?: Shared };
  const shared = (holder[SHARED] ??= { template: createTemplate(), users: 0 });
  shared.users += 1;
  const { template, remove } = await shared.template;
  project.provide('databaseTemplate', template);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    holder[SHARED] = undefined;
    await remove();
  };
}

async function createTemplate(): Promise<{ template: DatabaseTemplate; remove: () => Promise<void> }> {
  const serverUrl = process.env['LANTERN_TEST_DATABASE_URL'];
  if (serverUrl === undefined || serverUrl === '') {
    // PGlite straight, not through openDatabase, for its dumpDataDir.
    const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin()] });
    const execScript = async (script: string): Promise<void> => {
      await pglite.exec(script);
    };
    const queryScript = async (script: string) => (await pglite.exec(script)).map((result) => result.rows as Record<string, unknown>[]);
    await migrate({ db, readDb: db, engine: 'pglite', poolUse: () => [], execScript, queryScript, close: () => db.destroy() });
    const folder = await mkdtemp(path.join(tmpdir(), 'lantern-template-'));
    const tarball = path.join(folder, 'template.tar');
    // Uncompressed: loading it is as quick as gzip's, and it is read once per test file.
    await writeFile(tarball, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    await db.destroy();
    return { template: { engine: 'pglite', tarball }, remove: () => rm(folder, { recursive: true, force: true }) };
  }
  const name = `lantern_template_${randomBytes(6).toString('hex')}`;
  await createDatabase(serverUrl, name);
  const handle = await openDatabase({ engine: 'postgres', url: databaseUrl(serverUrl, name), poolSize: 1 });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
  // A template is copied only while nobody is connected to it.
  await waitForConnectionsToEnd(serverUrl, name);
  return { template: { engine: 'postgres', serverUrl, name }, remove: () => dropDatabase(serverUrl, name) };
}

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates database `name`, a copy of `template` if one is named. The names are the tests' own, never user input. */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  await onServer(serverUrl, (client) => client.query(`create database ${name}${template === undefined ? '' : ` template ${template}`}`));
}

/**
 * A pool that has ended may not yet have been seen to go by the server: wait, so that a forced drop does not cut a
 * closing connection (raising an error in the test) and a template is not refused as in use.
 */
async function waitForConnectionsToEnd(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, async (client) => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const open = await client.query<{ count: number }>('select count(*)::int as count from pg_stat_activity where datname = $1', [name]);
      if (open.rows[0]?.count === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await waitForConnectionsToEnd(serverUrl, name);
  await onServer(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}
