import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRecord, clearPopulation, insertPopulation, KENT, populationArb } from '../../../test/factories/statistics-population.ts';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import { AGE_BANDS, ageBandOf } from '../../domain/statistics/counting-rules.ts';
import { addTallies, NO_RECORDS } from '../../domain/statistics/cell-key.ts';
import type { StatisticsCounts, Tally } from '../../domain/statistics/counts.ts';
import { COHORTS, parseStatisticsQuery, queryBounds } from '../../domain/statistics/query.ts';
import type { StatisticsQuery } from '../../domain/statistics/query.ts';
import { referenceCounts } from '../../../test/factories/reference-counts.ts';
import type { DatabaseHandle } from '../client.ts';
import { asStatisticsRole, authoritiesIn, countStatistics } from './statistics-repository.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

async function count(query: StatisticsQuery): Promise<{ counts: StatisticsCounts; authorities: { code: string; name: string }[] }> {
  const authorities = await authoritiesIn(handle.db, query.geography);
  const counts = await asStatisticsRole(handle.db, (trx) =>
    countStatistics(
      trx,
      { query, bounds: queryBounds(query), authorityCodes: query.geography.kind === 'uk' ? null : authorities.map((a) => a.code) },
      authorities,
    ),
  );
  return { counts, authorities: authorities.map(({ code, name }) => ({ code, name })) };
}

/** Order-free, and ages as the bands they are published in (SQL and JavaScript differ below age 1, never across a band). Counts with their cell keys. */
function normalise(counts: StatisticsCounts) {
  const byKey = <T>(rows: readonly T[], key: (row: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const ages = new Map<string, Tally>();
  for (const row of counts.breakdowns.ageAtStart) ages.set(ageBandOf(row), addTallies(ages.get(ageBandOf(row)) ?? NO_RECORDS, row.episodes));
  return {
    headline: counts.headline,
    sex: byKey(counts.breakdowns.sex, (row) => row.category),
    nationality: byKey(counts.breakdowns.nationality, (row) => row.category),
    ages: [...ages].sort(),
    placement: byKey(counts.breakdowns.placementAtStart, (row) => row.placementType ?? ''),
    duration: byKey(counts.breakdowns.duration, (row) => row.band),
    interview: byKey(counts.breakdowns.returnInterview, (row) => row.category),
    coverage: byKey(counts.coverage, (row) => row.code),
  };
}

const queryArb = fc
  .record({
    cohort: fc.constantFrom(...COHORTS),
    attribution: fc.constantFrom('responsible', 'host'),
    missingTypes: fc.constantFrom('M', 'M,A'),
    censusDate: fc.constantFrom('2025-03-31', '2025-06-30'),
    geography: fc.constantFrom('uk', `authority:${KENT}`, 'region:South East', 'nation:WLS'),
  })
  .map((input) => {
    const parsed = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31', ...input });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    return parsed.value;
  });

describe('the counting SQL', () => {
  it('should give the answers of the counting rules (reference-counts.ts) on random populations', async () => {
    await fc.assert(
      // Several queries of each population (writing one costs more than counting it), and few populations: on a
      // busy machine PGlite does each in about a second.
      fc.asyncProperty(populationArb, fc.array(queryArb, { minLength: 3, maxLength: 3 }), async ({ records, links }, queries) => {
        await clearPopulation(handle.db);
        await insertPopulation(handle.db, records, links);
        for (const query of queries) {
          const { counts, authorities } = await count(query);
          expect(normalise(counts)).toEqual(normalise(referenceCounts(records, links, query, authorities)));
        }
      }),
      { numRuns: 10 },
    );
  });

  it('should band an estimated age where every age it allows is in one band, and as not known where it spans two', async () => {
    await clearPopulation(handle.db);
    // Estimated 15 to 16 on 10 January 2025: born 11 January 2008 to 10 January 2010.
    const estimate = { earliest: '2008-01-11', latest: '2010-01-10', source: 'AGE_ASSESSMENT' as const, estimatedOn: '2025-01-10' };
    await insertPopulation(handle.db, [
      aRecord({ dateOfBirthEstimate: estimate, care: [['2024-01-01', null]], episodes: [{ startAt: '2025-02-01T10:00:00Z', endAt: '2025-02-02T10:00:00Z' }] }),
      // Estimated 16 to 17 on the same day: 16 and over, whichever age is right.
      aRecord({
        dateOfBirthEstimate: { ...estimate, earliest: '2007-01-11', latest: '2009-01-10' },
        care: [['2024-01-01', null]],
        episodes: [{ startAt: '2025-02-01T10:00:00Z', endAt: '2025-02-02T10:00:00Z' }],
      }),
      aRecord({ dateOfBirth: '2012-05-05', care: [['2024-01-01', null]], episodes: [{ startAt: '2025-02-01T10:00:00Z', endAt: '2025-02-02T10:00:00Z' }] }),
    ]);
    const parsed = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31', cohort: 'all', geography: `authority:${KENT}` });
    if (!parsed.ok) throw new Error('query');
    const { counts } = await count(parsed.value);
    const bands = Object.fromEntries(
      AGE_BANDS.map((band) => [band, counts.breakdowns.ageAtStart.filter((row) => ageBandOf(row) === band).reduce((sum, row) => sum + row.episodes.count, 0)]),
    );
    expect(bands).toEqual({ UNDER_1: 0, '1_TO_4': 0, '5_TO_9': 0, '10_TO_15': 1, '16_AND_OVER': 1, NOT_KNOWN: 1 });
  });

  it('should count nothing, and list every authority as not reporting, in an empty database', async () => {
    await clearPopulation(handle.db);
    const parsed = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31', geography: 'nation:WLS' });
    if (!parsed.ok) throw new Error('query');
    const { counts } = await count(parsed.value);
    const zero = { lookedAfter: NO_RECORDS, missingChildren: NO_RECORDS, episodes: NO_RECORDS, notFound: NO_RECORDS, authoritiesWithMissing: 0 };
    expect(counts.headline).toEqual({ cohort: zero, all: zero });
    expect(counts.coverage).toHaveLength(22);
    expect(counts.coverage.every((authority) => !authority.reporting)).toBe(true);
  });
});

describe('authoritiesIn', () => {
  it('should find the authorities of the UK, a nation, a region (in any case) and one authority, and none of a place that is not one', async () => {
    expect(await authoritiesIn(handle.db, { kind: 'uk' })).toHaveLength(212);
    expect(await authoritiesIn(handle.db, { kind: 'nation', nation: 'SCO' })).toHaveLength(32);
    expect(await authoritiesIn(handle.db, { kind: 'region', region: 'london' })).toHaveLength(33);
    expect(await authoritiesIn(handle.db, { kind: 'authority', code: KENT })).toEqual([{ code: KENT, name: 'Kent', nation: 'ENG', region: 'South East' }]);
    expect(await authoritiesIn(handle.db, { kind: 'region', region: 'Atlantis' })).toEqual([]);
  });
});

describe('the statistics role (lantern_statistics)', () => {
  it('should not read names, identifiers or references', async () => {
    for (const column of ['given_names', 'family_name', 'la_child_id', 'upn', 'home_office_reference', 'nrm_reference']) {
      await expect(asStatisticsRole(handle.db, (trx) => sql`select ${sql.raw(column)} from child`.execute(trx))).rejects.toThrow(/permission denied/);
    }
    await expect(asStatisticsRole(handle.db, (trx) => sql`select police_reference from missing_episode`.execute(trx))).rejects.toThrow(/permission denied/);
    await expect(asStatisticsRole(handle.db, (trx) => sql`select given_names from child_alias`.execute(trx))).rejects.toThrow(/permission denied/);
  });

  it('should not write', async () => {
    await expect(asStatisticsRole(handle.db, (trx) => sql`delete from child`.execute(trx))).rejects.toThrow();
    await expect(asStatisticsRole(handle.db, (trx) => sql`insert into audit_event (id) values (gen_random_uuid())`.execute(trx))).rejects.toThrow();
  });
});
