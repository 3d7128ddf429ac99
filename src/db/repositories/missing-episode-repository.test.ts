import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import { buildCarePeriod, buildChild, buildEpisode, buildInterview } from '../../../test/factories/child-record.ts';
import type { DatabaseHandle } from '../client.ts';
import { childRecordWrites } from './child-record-repository.ts';
import { findEpisode, findReturnInterview, listEpisodes } from './missing-episode-repository.ts';

let handle: DatabaseHandle;
const at = { at: '2025-06-01T09:00:00.000Z' };
const AUTHORITY = 'E10000016';
const child = buildChild({ responsibleAuthorityCode: AUTHORITY });
// Moments as the database gives them back: UTC, to the millisecond.
const told = { reportedToPoliceAt: '2025-03-01T22:00:00.000Z', responsibleAuthorityToldAt: '2025-03-01T22:10:00.000Z', hostAuthorityToldAt: null };
const closed = buildEpisode({
  ...told,
  id: '00000000-0000-4000-8000-000000000091',
  startAt: '2025-03-01T21:15:00.000Z',
  endAt: '2025-03-02T08:30:00.000Z',
});
const open = buildEpisode({ id: '00000000-0000-4000-8000-000000000092', startAt: '2025-04-01T21:15:00.000Z', endAt: null, endReason: null });
const interview = buildInterview({ episodeId: closed.id, offeredAt: '2025-03-03T10:00:00.000Z', completedAt: '2025-03-04T10:00:00.000Z' });

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.transaction().execute(async (trx) => {
    await childRecordWrites.insertChild(trx, child, at);
    await childRecordWrites.upsertCarePeriod(trx, buildCarePeriod(), at);
    for (const episode of [closed, open]) await childRecordWrites.upsertMissingEpisode(trx, episode, at);
    await childRecordWrites.upsertReturnInterview(trx, interview, at);
  });
});
afterAll(async () => {
  await handle.close();
});

describe('missing episode repository', () => {
  it('should find an episode by id without its record key, and its interview on its own', async () => {
    const { returnInterview: _none, ...expected } = closed;
    const found = await findEpisode(handle.db, closed.id);
    expect(found).toMatchObject(expected);
    expect(found).not.toHaveProperty('recordKey');
    expect(await findReturnInterview(handle.db, closed.id)).toMatchObject(interview);
    expect(await findReturnInterview(handle.db, open.id)).toBeNull();
    expect(await findEpisode(handle.db, '00000000-0000-4000-8000-00000000ffff')).toBeNull();
  });

  it('should list an authority’s episodes latest first, with their interviews and the total', async () => {
    const all = await listEpisodes(handle.db, AUTHORITY, { page: 1, pageSize: 10 });
    expect(all.total).toBe(2);
    expect(all.episodes.map((episode) => [episode.id, episode.returnInterview?.id ?? null])).toEqual([
      [open.id, null],
      [closed.id, interview.id],
    ]);
    expect(await listEpisodes(handle.db, 'E09000008', { page: 1, pageSize: 10 })).toEqual({ episodes: [], total: 0 });
  });

  it('should filter by state and start, and page the list while counting every match', async () => {
    const ids = async (filters: Parameters<typeof listEpisodes>[2]) =>
      (await listEpisodes(handle.db, AUTHORITY, filters)).episodes.map((episode) => episode.id);
    expect(await ids({ open: true, page: 1, pageSize: 10 })).toEqual([open.id]);
    expect(await ids({ open: false, page: 1, pageSize: 10 })).toEqual([closed.id]);
    // A start given with an offset is compared as the instant it is.
    expect(await ids({ startedFrom: '2025-04-01T22:15:00+01:00', page: 1, pageSize: 10 })).toEqual([open.id]);
    expect(await ids({ startedBefore: '2025-04-01T22:15:00+01:00', page: 1, pageSize: 10 })).toEqual([closed.id]);
    const second = await listEpisodes(handle.db, AUTHORITY, { page: 2, pageSize: 1 });
    expect(second.episodes.map((episode) => episode.id)).toEqual([closed.id]);
    expect(second.total).toBe(2);
  });
});
