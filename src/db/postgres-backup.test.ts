import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase } from '../../test/helpers/database-template.ts';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { postgresBin } from '../../test/helpers/postgres-cluster.ts';
import { value } from '../../test/helpers/result.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createServices } from '../services/index.ts';
import { openDatabase } from './client.ts';
import type { DatabaseHandle } from './client.ts';

// The logical backup docs/deployment.md prescribes for PostgreSQL ("Backups"): pg_dump, a change, then pg_restore
// into a new database gives back the data, the audit trail and the row-level security as they were at the dump.

const run = promisify(execFile);
const serverUrl = process.env['LANTERN_TEST_DATABASE_URL'] ?? '';
const bin = postgresBin();
const KENT = 'E10000016';
const worker: Actor = { id: 'pg-backup-kent', organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
const clock = createFakeClock('2025-06-15T12:00:00Z');

const servicesOf = (handle: DatabaseHandle) => createServices({ db: handle.db, now: clock.now, newId: randomUUID });
const addChild = (handle: DatabaseHandle, familyName: string) =>
  servicesOf(handle).children.addLookedAfterChild(worker, {
    laChildId: `PG-BACKUP-${familyName}`,
    givenNames: 'Ana',
    familyName,
    sex: 'F',
    dateOfBirthClaimed: '2010-02-03',
  });

describe.skipIf(serverUrl === '' || bin === null)('backing up PostgreSQL with pg_dump and pg_restore', () => {
  let handle: DatabaseHandle;
  let folder: string;
  const restoredName = `lantern_restored_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  beforeAll(async () => {
    handle = await createTestDatabase();
    folder = await mkdtemp(path.join(tmpdir(), 'lantern-pg-backup-'));
  });
  afterAll(async () => {
    await handle.close();
    await dropDatabase(serverUrl, restoredName);
    await rm(folder, { recursive: true, force: true });
  });

  it('should restore the data, the audit trail and its access rules as they were at the dump', async () => {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(handle.db);
    const url = databaseUrl(serverUrl, rows[0]!.name);
    value(await addChild(handle, 'Beforedump'));
    const eventsAtDump = (await servicesOf(handle).audit.verify()).events;
    expect(eventsAtDump).toBeGreaterThan(0);

    const dump = path.join(folder, 'lantern.dump');
    await run(path.join(bin!, 'pg_dump'), ['--format=custom', `--file=${dump}`, `--dbname=${url}`]);
    value(await addChild(handle, 'Afterdump'));

    await createDatabase(serverUrl, restoredName);
    await run(path.join(bin!, 'pg_restore'), ['--exit-on-error', '--single-transaction', `--dbname=${databaseUrl(serverUrl, restoredName)}`, dump]);
    const restored = await openDatabase({ engine: 'postgres', url: databaseUrl(serverUrl, restoredName), poolSize: 2 });
    try {
      const services = servicesOf(restored);
      expect(await services.audit.verify()).toEqual({ events: eventsAtDump, findings: [] });
      // Found through the services, so as lantern_app under the restored row-level security policies.
      const found = value(await services.children.listChildren(worker, { page: 1, pageSize: 20 }));
      expect(found.items.map((child) => child.familyName)).toEqual(['Beforedump']);
      value(await addChild(restored, 'Afterrestore'));
      expect((await services.audit.verify()).findings).toEqual([]);
    } finally {
      await restored.close();
    }
  });
});
