import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import { duplicatePairsOf, loadPopulation, readPopulationAuthorities, type LoadPopulationResult } from './load-population.ts';
import { generatePopulation } from './synthetic-population.ts';

const OPTIONS = { children: 300, seed: 11, censusDate: '2025-09-30' } as const;

describe('loadPopulation', () => {
  let handle: DatabaseHandle;
  let result: LoadPopulationResult;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    handle = await createTestDatabase();
    result = await loadPopulation(handle, { ...OPTIONS, batchSize: 100 }, (done, total) => progress.push([done, total]));
  });

  afterAll(async () => {
    await handle.close();
  });

  const countRows = async (table: string): Promise<number> => {
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)}`.execute(handle.db);
    return rows[0]?.count ?? 0;
  };

  it('should insert exactly the rows the generator makes for the authorities in the database', async () => {
    const authorities = await readPopulationAuthorities(handle);
    const expected = {
      child: 0,
      child_alias: 0,
      age_status: 0,
      care_period: 0,
      uasc_period: 0,
      national_transfer: 0,
      trafficking_concern: 0,
      trafficking_status: 0,
      nrm_referral: 0,
      missing_episode: 0,
      return_interview: 0,
    };
    for (const batch of generatePopulation({ ...OPTIONS, batchSize: 100, authorities })) {
      expected.child += batch.child.length;
      expected.child_alias += batch.childAlias.length;
      expected.age_status += batch.ageStatus.length;
      expected.care_period += batch.carePeriod.length;
      expected.uasc_period += batch.uascPeriod.length;
      expected.national_transfer += batch.nationalTransfer.length;
      expected.trafficking_concern += batch.traffickingConcern.length;
      expected.trafficking_status += batch.traffickingStatus.length;
      expected.nrm_referral += batch.nrmReferral.length;
      expected.missing_episode += batch.missingEpisode.length;
      expected.return_interview += batch.returnInterview.length;
    }

    const actual = Object.fromEntries(await Promise.all(Object.keys(expected).map(async (table) => [table, await countRows(table)] as const)));

    expect(actual).toEqual(expected);
    expect(expected.child).toBe(300);
    expect(expected.care_period).toBeGreaterThanOrEqual(300);
    expect(expected.missing_episode).toBeGreaterThan(0);
  });

  it('should report the counts it inserted', () => {
    expect(result).toMatchObject({ children: 300 });
    expect(result.episodes).toBeGreaterThan(0);
    expect(result.returnInterviews).toBeLessThanOrEqual(result.episodes);
  });

  it('should report progress after each batch, ending at the total', () => {
    expect(progress).toEqual([
      [100, 300],
      [200, 300],
      [300, 300],
    ]);
  });

  it('should read dates and moments back as they were generated', async () => {
    const episode = await handle.db.selectFrom('missingEpisode').select(['startAt', 'endAt']).orderBy('startAt').limit(1).executeTakeFirstOrThrow();

    expect(episode.startAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    expect(episode.startAt < '2025-09-30').toBe(true);
  });

  it('should name duplicate pairs that are both in the database', async () => {
    const authorities = await readPopulationAuthorities(handle);
    const pairs = duplicatePairsOf({ ...OPTIONS, batchSize: 100, authorities });
    const ids = pairs.flatMap((pair) => [pair.originalId, pair.duplicateId]);
    const found = ids.length === 0 ? [] : await handle.db.selectFrom('child').select('id').where('id', 'in', ids).execute();

    expect(pairs.length).toBe(result.duplicatePairs);
    expect(found.length).toBe(ids.length);
  });
});
