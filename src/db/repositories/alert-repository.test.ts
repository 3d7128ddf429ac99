import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRecord, insertPopulation, KENT, MEDWAY } from '../../../test/factories/statistics-population.ts';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import { NO_COORDINATION } from '../../domain/alerts/coordination.ts';
import type { DatabaseHandle } from '../client.ts';
import { countCoordination, countPastClock, deleteOutbox, lockFinishedOutbox } from './alert-repository.ts';
import { asStatisticsRole } from './statistics-repository.ts';

// The coordination counts (issue 14 item 6), as the statistics role reads them: by responsible authority, each
// count with its cell key (the sum of the record keys modulo 256), alerts with their child's key.

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  // Kent: two children placed in Medway, missing in March 2024; the host is told in 2 hours of the first and
  // in 2 days of the second; only the first child comes back, and is interviewed within 72 hours.
  const first = aRecord({
    recordKey: 7,
    care: [['2022-01-01', null, 'U1', KENT, MEDWAY]],
    episodes: [
      {
        recordKey: 200,
        startAt: '2024-03-10T10:00:00Z',
        endAt: '2024-03-11T10:00:00Z',
        host: MEDWAY,
        interview: { response: 'ACCEPTED', completedAt: '2024-03-12T10:00:00Z' },
      },
    ],
  });
  const second = aRecord({
    recordKey: 9,
    care: [['2022-01-01', null, 'U1', KENT, MEDWAY]],
    episodes: [{ recordKey: 100, startAt: '2024-03-20T10:00:00Z', endAt: null, host: MEDWAY }],
  });
  // Medway: one child at home, missing outside the period.
  const medway = aRecord({ authority: MEDWAY, care: [['2022-01-01', null]], episodes: [{ startAt: '2025-01-01T10:00:00Z', endAt: null }] });
  await insertPopulation(handle.db, [first, second, medway]);
  const [episode1, episode2] = [first.missingEpisodes[0]!, second.missingEpisodes[0]!];
  await handle.db.updateTable('missingEpisode').set({ hostAuthorityToldAt: '2024-03-10T12:00:00Z' }).where('id', '=', episode1.id).execute();
  await handle.db.updateTable('missingEpisode').set({ hostAuthorityToldAt: '2024-03-22T10:00:00Z' }).where('id', '=', episode2.id).execute();
  // Three alerts: about the first child acknowledged after 10 and 50 minutes; about the second, past its clock.
  const alert = (child: string, episode: string, recipient: string, acknowledgedAfterMinutes: number | null) => ({
    id: randomUUID(),
    rule: 'MISSING_REPORTED',
    childId: child,
    responsibleAuthorityCode: KENT,
    subjectType: 'missingEpisode',
    subjectId: episode,
    recipient,
    organisationCode: KENT,
    raisedBy: 'lantern',
    raisedAt: '2024-03-20T10:00:00.000Z',
    acknowledgeBy: '2024-03-20T11:00:00.000Z',
    acknowledgedAt: acknowledgedAfterMinutes === null ? null : new Date(Date.parse('2024-03-20T10:00:00Z') + acknowledgedAfterMinutes * 60_000).toISOString(),
  });
  await handle.db
    .insertInto('alert')
    .values([
      alert(first.id, episode1.id, 'responsible_duty', 10),
      alert(first.id, episode1.id, 'responsible_managers', 50),
      alert(second.id, episode2.id, 'responsible_duty', null),
    ])
    .execute();
});
afterAll(async () => {
  await handle.close();
});

const YEAR = { from: '2023-10-01T00:00:00Z', to: '2024-10-01T00:00:00Z', now: '2025-06-15T12:00:00Z' };

describe('countCoordination', () => {
  it('counts each authority’s episodes and alerts in the period with their cell keys', async () => {
    const counts = await asStatisticsRole(handle.db, (trx) => countCoordination(trx, { ...YEAR, authorityCodes: null }));
    expect([...counts.byAuthority.keys()]).toEqual([KENT]);
    expect(counts.byAuthority.get(KENT)).toEqual({
      outOfAreaEpisodes: { count: 2, key: (200 + 100) % 256 },
      hostToldWithin24Hours: { count: 1, key: 200 },
      returns: { count: 1, key: 200 },
      interviewsWithin72Hours: { count: 1, key: 200 },
      acknowledged: { count: 2, key: 14 },
      pastClock: { count: 1, key: 9 },
      medianMinutesToAcknowledge: 30,
    });
    expect(counts.medianMinutesToAcknowledge).toBe(30);
  });

  it('counts only the authorities asked for, and nothing outside the period', async () => {
    const medway = await asStatisticsRole(handle.db, (trx) => countCoordination(trx, { ...YEAR, authorityCodes: [MEDWAY] }));
    expect(medway).toEqual({ byAuthority: new Map(), medianMinutesToAcknowledge: null });
    const none = await asStatisticsRole(handle.db, (trx) => countCoordination(trx, { ...YEAR, authorityCodes: [] }));
    expect(none.byAuthority.size).toBe(0);
    const later = await asStatisticsRole(handle.db, (trx) =>
      countCoordination(trx, { from: '2024-10-01T00:00:00Z', to: '2025-10-01T00:00:00Z', now: YEAR.now, authorityCodes: [MEDWAY] }),
    );
    expect(later.byAuthority.get(MEDWAY)).toEqual(NO_COORDINATION);
  });

  it('lets the statistics role read no alert’s action, acknowledger or organisation', async () => {
    for (const column of ['action_taken', 'acknowledged_by_name', 'acknowledged_by', 'organisation_code', 'user_id']) {
      await expect(asStatisticsRole(handle.db, (trx) => sql`select ${sql.raw(column)} from alert`.execute(trx))).rejects.toThrow(/permission denied/);
    }
  });
});

describe('countPastClock', () => {
  it('counts the open alerts nobody has acknowledged by responsible authority, and those past their clock, with their cell keys', async () => {
    const now = await asStatisticsRole(handle.db, (trx) => countPastClock(trx, YEAR.now));
    expect(now).toEqual([{ code: KENT, name: 'Kent', pastClock: { count: 1, key: 9 }, unacknowledged: { count: 1, key: 9 } }]);
    const beforeItsClock = await asStatisticsRole(handle.db, (trx) => countPastClock(trx, '2024-03-20T10:30:00.000Z'));
    expect(beforeItsClock[0]).toMatchObject({ pastClock: { count: 0, key: 0 }, unacknowledged: { count: 1, key: 9 } });
  });
});

describe('finished outbox rows', () => {
  it('finds the rows queued and due before a moment, locked, and removes them', async () => {
    const row = (queuedAt: string | null, runAt: string) => ({
      id: randomUUID(),
      kind: 'send' as const,
      payload: JSON.stringify({ deliveryId: randomUUID() }),
      runAt,
      createdAt: '2025-01-01T00:00:00.000Z',
      queuedAt,
    });
    const finished = [row('2025-01-01T00:00:01.000Z', '2025-01-01T00:00:00.000Z'), row('2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z')];
    const notYetDue = row('2025-01-01T00:00:01.000Z', '2025-03-01T00:00:00.000Z');
    const neverQueued = row(null, '2025-01-01T00:00:00.000Z');
    await handle.db
      .insertInto('alertOutbox')
      .values([...finished, notYetDue, neverQueued])
      .execute();
    const before = '2025-02-01T00:00:00.000Z';

    await handle.db.transaction().execute(async (trx) => {
      expect((await lockFinishedOutbox(trx, before, 10)).map((found) => found.id).sort()).toEqual(finished.map((found) => found.id).sort());
      expect(await lockFinishedOutbox(trx, before, 1)).toHaveLength(1);
      // A second worker cleaning up at the same time passes over the rows this one holds (PGlite has one
      // connection, and one process: there is no second worker).
      if (handle.engine === 'postgres') await expect(handle.db.transaction().execute((other) => lockFinishedOutbox(other, before, 10))).resolves.toEqual([]);
      expect(await deleteOutbox(trx, [...finished.map((found) => found.id), randomUUID()])).toBe(2);
      expect(await deleteOutbox(trx, [])).toBe(0);
    });

    const left = await handle.db.selectFrom('alertOutbox').select('id').execute();
    expect(left.map((kept) => kept.id).sort()).toEqual([notYetDue.id, neverQueued.id].sort());
  });
});
