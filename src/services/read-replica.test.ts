import { randomUUID } from 'node:crypto';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { value } from '../../test/helpers/result.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import { openDatabase } from '../db/client.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { parseStatisticsQuery } from '../domain/statistics/query.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createServices } from './index.ts';

// The statements docs/deployment.md names as safe on a replica (search, statistics) run through the
// services' readDb, and nothing else does: a write through it would fail on a replica.

const KENT = 'E10000016';
const worker: Actor = { id: 'replica-kent', organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
const analyst: Actor = { id: 'replica-analyst', organisationCode: 'NATIONAL-UNIT', localAuthorityCode: null, role: 'national_analyst' };

/** Records the kind of every statement sent through the Kysely it is plugged into. */
function statementKinds(): { plugin: KyselyPlugin; kinds: string[] } {
  const kinds: string[] = [];
  return {
    kinds,
    plugin: {
      transformQuery({ node }): RootOperationNode {
        kinds.push(node.kind);
        return node;
      },
      transformResult: ({ result }) => Promise.resolve(result),
    },
  };
}

const WRITES = ['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode'];

let handle: DatabaseHandle;
const clock = createFakeClock('2025-06-15T12:00:00Z');
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe('reads from a replica', () => {
  it('should search and count statistics through the read pool, auditing through the primary', async () => {
    const read = statementKinds();
    const services = createServices({ db: handle.db, readDb: handle.db.withPlugin(read.plugin), now: clock.now, newId: randomUUID });
    value(
      await services.children.addLookedAfterChild(worker, {
        laChildId: 'REPLICA-1',
        givenNames: 'Mira',
        familyName: 'Replicaread',
        sex: 'F',
        dateOfBirthClaimed: '2010-02-03',
      }),
    );
    expect(read.kinds).toEqual([]);

    const found = value(await services.children.listChildren(worker, { name: 'Replicaread', page: 1, pageSize: 20 }));
    expect(found.items.map((item) => item.familyName)).toEqual(['Replicaread']);
    const afterSearch = read.kinds.length;
    expect(afterSearch).toBeGreaterThan(0);

    const query = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31' });
    if (!query.ok) throw new Error(JSON.stringify(query.error));
    value(await services.statistics.headingBackToHarm(analyst, query.value));
    expect(read.kinds.length).toBeGreaterThan(afterSearch);

    expect(read.kinds.filter((kind) => WRITES.includes(kind))).toEqual([]);
    const audited = await handle.db.selectFrom('auditEvent').select(['action', 'entity']).where('actorId', 'in', [worker.id, analyst.id]).execute();
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: 'SEARCH', entity: 'child' },
        { action: 'EXPORT', entity: 'statistics' },
      ]),
    );
  });

  // PostgreSQL only: the embedded database has one connection and no replicas.
  const serverUrl = process.env['LANTERN_TEST_DATABASE_URL'] ?? '';
  it.skipIf(serverUrl === '')('should open DATABASE_READ_URL as a pool whose every transaction is read-only', async () => {
    const both = await openDatabase({ engine: 'postgres', url: serverUrl, readUrl: serverUrl, poolSize: 1 });
    try {
      expect(both.readDb).not.toBe(both.db);
      await expect(both.readDb.selectNoFrom((eb) => eb.lit(1).as('one')).execute()).resolves.toEqual([{ one: 1 }]);
      await expect(both.readDb.transaction().execute((trx) => trx.schema.createTable('never_made').addColumn('id', 'integer').execute())).rejects.toMatchObject(
        { code: '25006' },
      );
      await expect(both.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute()).resolves.toEqual([{ one: 1 }]);
    } finally {
      await both.close();
    }
  });
});
