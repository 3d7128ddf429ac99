import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../test/helpers/fake-clock.ts';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { createAuditLog } from '../../services/audit-log.ts';
import type { AuditEventInput } from '../../services/audit-log.ts';
import type { DatabaseHandle } from '../client.ts';
import { childRecordAccesses, searchEvents } from './audit-repository.ts';

const CHILD = '33333333-3333-4333-8333-333333333333';
const worker: Actor = { id: 'user-worker', organisationCode: 'E10000016', localAuthorityCode: 'E10000016', role: 'social_worker', origin: null };
const manager: Actor = { id: 'user-manager', organisationCode: 'E10000016', localAuthorityCode: 'E10000016', role: 'team_manager', origin: null };

let handle: DatabaseHandle;
const clock = createFakeClock('2025-04-01T09:00:00Z');
const log = createAuditLog({ now: clock.now, newId: randomUUID });

/** Appends each event an hour after the one before. */
async function append(...events: AuditEventInput[]): Promise<void> {
  for (const event of events) {
    await handle.db.transaction().execute((trx) => log.append(trx, event));
    clock.advanceHours(1);
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await append(
    { actor: worker, action: 'VIEW_RECORD', entity: 'child', entityId: CHILD, childId: CHILD },
    { actor: manager, action: 'VIEW_RECORD', entity: 'child', entityId: CHILD, childId: CHILD, details: { view: 'break_glass' } },
    { actor: worker, action: 'CREATE', entity: 'alert', childId: CHILD },
    { actor: worker, action: 'SEARCH', entity: 'child', details: { filters: ['name'] } },
    { actor: manager, action: 'CHANGE', entity: 'child', entityId: CHILD, childId: CHILD.toUpperCase() },
  );
});
afterAll(async () => {
  await handle.close();
});

describe('childRecordAccesses', () => {
  it('should give a child’s views and changes newest first, with the view they came through, and not the alerts', async () => {
    const rows = await childRecordAccesses(handle.db, CHILD.toUpperCase(), { limit: 10, offset: 0 });
    expect(rows.map((row) => [row.actorId, row.action, row.view])).toEqual([
      ['user-manager', 'CHANGE', null],
      ['user-manager', 'VIEW_RECORD', 'break_glass'],
      ['user-worker', 'VIEW_RECORD', null],
    ]);
  });

  it('should give the slice asked for', async () => {
    const rows = await childRecordAccesses(handle.db, CHILD, { limit: 1, offset: 1 });
    expect(rows.map((row) => row.action)).toEqual(['VIEW_RECORD']);
    expect(rows[0]?.actorId).toBe('user-manager');
  });
});

describe('searchEvents', () => {
  it('should give events matching every filter, from inclusive and to exclusive, newest first', async () => {
    const rows = await searchEvents(
      handle.db,
      { actorId: 'user-worker', from: '2025-04-01T09:00:00.000Z', to: '2025-04-01T12:00:00.000Z' },
      { limit: 10, offset: 0 },
    );
    expect(rows.map((row) => [row.action, row.entity])).toEqual([
      ['CREATE', 'alert'],
      ['VIEW_RECORD', 'child'],
    ]);
  });

  it('should find a child’s events by their id in any case', async () => {
    const rows = await searchEvents(handle.db, { childId: CHILD.toUpperCase(), action: 'CHANGE' }, { limit: 10, offset: 0 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: 'user-manager', childId: CHILD, entityId: CHILD });
  });

  it('should find nothing for a filter no event matches', async () => {
    expect(await searchEvents(handle.db, { organisationCode: 'E06000035' }, { limit: 10, offset: 0 })).toEqual([]);
  });
});
