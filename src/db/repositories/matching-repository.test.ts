import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../client.ts';
import { loadPopulation, readPopulationAuthorities, duplicatePairsOf } from '../../seed/load-population.ts';
import type { DuplicatePair } from '../../seed/synthetic-population.ts';
import { personOfChild } from '../../domain/matching/person.ts';
import { searchKeysOf } from '../../domain/matching/search.ts';
import {
  candidateChildren,
  candidatePairsOf,
  countChildren,
  crossAuthorityPairs,
  decidedPartners,
  isMissingNow,
  latestModel,
  linkToPerson,
  matchIdentities,
  nameFrequencies,
  personsOf,
  sampleChildIds,
  saveMatchDecision,
  saveModel,
  standingDecision,
} from './matching-repository.ts';

// The blocking keys (migration 0017) and the matching reads, on PGlite and (with
// LANTERN_TEST_DATABASE_URL) on PostgreSQL: a small synthetic population with children recorded twice.

const OPTIONS = { children: 1000, seed: 5, censusDate: '2025-09-30' } as const;

let handle: DatabaseHandle;
let pairs: readonly DuplicatePair[];

beforeAll(async () => {
  handle = await createTestDatabase();
  await loadPopulation(handle, OPTIONS);
  pairs = duplicatePairsOf({ ...OPTIONS, authorities: await readPopulationAuthorities(handle) });
});

afterAll(async () => {
  await handle.close();
});

const keysOf = async (childId: string): Promise<string[]> =>
  (await handle.db.selectFrom('childMatchKey').select('key').where('childId', '=', childId).orderBy('key').execute()).map((row) => row.key);

describe('blocking keys', () => {
  it('are kept for every child from its names, aliases, dates of birth and identifiers', async () => {
    const [child] = await handle.db
      .selectFrom('child')
      .selectAll()
      .where('homeOfficeReference', 'is not', null)
      .where('dateOfBirthClaimed', 'is not', null)
      .limit(1)
      .execute();
    expect(child).toBeDefined();
    if (child === undefined) return;
    const keys = await keysOf(child.id);
    expect(keys).toContain(`i:home_office:${child.homeOfficeReference ?? ''}`);
    expect(keys.some((key) => key.startsWith('t:') && key.endsWith(`:${child.dateOfBirthClaimed ?? ''}`))).toBe(true);
    expect(keys.some((key) => key.startsWith('p:') && key.endsWith(`:${child.dateOfBirthClaimed?.slice(0, 4) ?? ''}`))).toBe(true);
  });

  it('take the years of an estimated age', async () => {
    const [child] = await handle.db.selectFrom('child').selectAll().where('dateOfBirthEarliest', 'is not', null).limit(1).execute();
    if (child === undefined) throw new Error('no child with an estimated age seeded');
    const years = new Set((await keysOf(child.id)).filter((key) => key.startsWith('p:')).map((key) => key.slice(-4)));
    expect(years).toContain(child.dateOfBirthEarliest?.slice(0, 4));
    expect(years).toContain(child.dateOfBirthLatest?.slice(0, 4));
  });

  it('follow an alias added and removed, and a change of name', async () => {
    const [child] = await handle.db.selectFrom('child').select(['id', 'dateOfBirthClaimed']).orderBy('id').limit(1).execute();
    if (child === undefined) throw new Error('no child');
    const before = await keysOf(child.id);
    const aliasId = randomUUID();
    await handle.db
      .insertInto('childAlias')
      .values({
        id: aliasId,
        childId: child.id,
        givenNames: 'Zerai',
        familyName: 'Woldemichael',
        dateOfBirth: '2009-02-03',
        nationality: 'ER',
        source: 'Border Force',
        seenWhere: null,
        seenOn: '2025-01-01',
        createdAt: '2025-01-01T00:00:00Z',
      })
      .execute();
    const withAlias = await keysOf(child.id);
    expect(withAlias.filter((key) => !before.includes(key)).some((key) => key.startsWith('t:SR:2009-02-03') || key.endsWith(':2009-02-03'))).toBe(true);
    await handle.db.deleteFrom('childAlias').where('id', '=', aliasId).execute();
    expect(await keysOf(child.id)).toEqual(before);
    await handle.db.updateTable('child').set({ upn: 'A123456789012' }).where('id', '=', child.id).execute();
    expect(await keysOf(child.id)).toContain('i:upn:A123456789012');
  });
});

describe('finding candidates', () => {
  it('finds the other record of a child recorded twice by the second one’s names and date of birth', async () => {
    let found = 0;
    for (const pair of pairs) {
      const [duplicate] = await matchIdentities(handle.db, [pair.duplicateId]);
      if (duplicate === undefined) continue;
      // As a search would: the second record's names, dates of birth and the years around them.
      const candidates = await candidateChildren(
        handle.db,
        searchKeysOf({ ...personOfChild({ ...duplicate, aliases: [] }), identifiers: [] }, OPTIONS.censusDate),
        300,
      );
      if (candidates.some((candidate) => candidate.childId === pair.originalId)) found += 1;
    }
    expect(pairs.length).toBeGreaterThan(5);
    // Blocking alone: nearly every pair shares a key (the benchmark measures it at scale).
    expect(found / pairs.length).toBeGreaterThanOrEqual(0.9);
  });

  it('finds a child by one name part and a year of birth, as for a child recorded under a single name (migration 0026)', async () => {
    const [child] = await handle.db
      .selectFrom('child')
      .select(['id', 'givenNames', 'dateOfBirthClaimed'])
      .where('dateOfBirthClaimed', 'is not', null)
      .where('dateOfBirthAssessed', 'is', null)
      .orderBy('id')
      .limit(1)
      .execute();
    if (child === undefined || child.dateOfBirthClaimed === null) throw new Error('no child with a date of birth');
    const given = child.givenNames?.split(' ')[0] ?? '';
    // A single name, and only years two either side of the year recorded: no whole date, no second name part.
    const year = Number(child.dateOfBirthClaimed.slice(0, 4));
    const candidates = await candidateChildren(handle.db, { names: [given], dates: [], years: [year - 2, year, year + 2], identifiers: [] }, 5000);
    expect(candidates.map((candidate) => candidate.childId)).toContain(child.id);
    expect((await keysOf(child.id)).some((key) => key.startsWith('y:') && key.endsWith(`:${year}`))).toBe(true);
  });

  it('finds a child by an identifier alone, and nobody by nothing', async () => {
    const [child] = await handle.db.selectFrom('child').select(['id', 'homeOfficeReference']).where('homeOfficeReference', 'is not', null).limit(1).execute();
    const candidates = await candidateChildren(
      handle.db,
      { names: [], dates: [], years: [], identifiers: [`home_office:${child?.homeOfficeReference?.toLowerCase() ?? ''}`] },
      10,
    );
    expect(candidates).toEqual([{ childId: child?.id, keys: 1 }]);
    expect(await candidateChildren(handle.db, { names: [], dates: [], years: [], identifiers: [] }, 10)).toEqual([]);
  });

  it('reads the children with their aliases', async () => {
    const withAlias = await sql<{
      childId: string;
      count: number;
    }>`select child_id, count(*)::int as count from child_alias group by child_id order by child_id limit 1`.execute(handle.db);
    const row = withAlias.rows[0];
    if (row === undefined) throw new Error('no aliases seeded');
    const [identity] = await matchIdentities(handle.db, [row.childId]);
    expect(identity?.aliases).toHaveLength(row.count);
    expect(identity?.responsibleAuthorityCode).toMatch(/^[EWSN]/);
  });

  it('gives the training pairs of a sample, each once', async () => {
    const sample = await sampleChildIds(handle.db, 100, 1);
    expect(sample).toHaveLength(100);
    expect(await sampleChildIds(handle.db, 100, 1)).toEqual(sample);
    const training = await candidatePairsOf(handle.db, sample, 50);
    const keys = training.map((pair) => `${pair.a}|${pair.b}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const pair of training) expect(pair.a < pair.b).toBe(true);
  });

  it('pairs an authority’s children with other authorities’ children sharing a key, most of the children recorded twice among them', async () => {
    const [first] = pairs;
    const [original] = await matchIdentities(handle.db, [first?.originalId ?? '']);
    if (original === undefined) throw new Error('no child recorded twice');
    const authority = original.responsibleAuthorityCode;
    const found = await crossAuthorityPairs(handle.db, authority, 50);
    const authorities = new Map(
      (await matchIdentities(handle.db, [...new Set(found.flatMap((pair) => [pair.childId, pair.otherChildId]))])).map((row) => [
        row.id,
        row.responsibleAuthorityCode,
      ]),
    );
    for (const pair of found) {
      expect(authorities.get(pair.childId)).toBe(authority);
      expect(authorities.get(pair.otherChildId)).not.toBe(authority);
    }
    const keys = new Set(found.map((pair) => `${pair.childId}|${pair.otherChildId}`));
    expect(keys.size).toBe(found.length);
    // Each of the authority's children recorded again elsewhere, paired with that record.
    const expected: string[] = [];
    for (const pair of pairs) {
      const [a, b] = await matchIdentities(handle.db, [pair.originalId, pair.duplicateId]);
      const own = [a, b].find((row) => row?.responsibleAuthorityCode === authority);
      const other = [a, b].find((row) => row !== undefined && row.responsibleAuthorityCode !== authority);
      if (own !== undefined && other !== undefined) expected.push(`${own.id}|${other.id}`);
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.filter((key) => keys.has(key)).length / expected.length).toBeGreaterThanOrEqual(0.8);
  });

  it('counts children and name parts', async () => {
    const children = await countChildren(handle.db);
    expect(children).toBeGreaterThanOrEqual(OPTIONS.children);
    const frequencies = await nameFrequencies(handle.db);
    expect(frequencies.total).toBeGreaterThan(children);
    expect([...frequencies.counts.values()].every((count) => count > 1)).toBe(true);
  });
});

describe('the model table', () => {
  it('keeps models, newest first', async () => {
    expect(await latestModel(handle.db)).toBeNull();
    const model = { prior: 0.001, parameters: {}, nameFrequencies: { total: 1, expectedLog2: 0, counts: [['tesfay', 2]] } } as never;
    await saveModel(handle.db, {
      id: randomUUID(),
      estimatedAt: '2025-01-01T00:00:00.000Z',
      estimatedBy: 'x',
      children: 1,
      candidatePairs: 2,
      randomPairs: 3,
      model,
    });
    const newer = randomUUID();
    await saveModel(handle.db, { id: newer, estimatedAt: '2025-02-01T00:00:00.000Z', estimatedBy: 'x', children: 1, candidatePairs: 2, randomPairs: 3, model });
    expect(await latestModel(handle.db)).toMatchObject({ id: newer, estimatedAt: '2025-02-01T00:00:00.000Z', model: { prior: 0.001 } });
  });
});

describe('reviewers’ decisions and identity links', () => {
  const threeChildren = async (): Promise<[string, string, string]> => {
    const rows = await handle.db
      .selectFrom('child')
      .select('id')
      .where('id', 'not in', handle.db.selectFrom('childIdentityLink').select('childId'))
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    const [a, b, c] = rows.map((row) => row.id);
    if (a === undefined || b === undefined || c === undefined) throw new Error('too few children');
    return [a, b, c];
  };
  const confirmed = { confirmedOn: '2025-09-30', confirmedBy: 'user-1', createdAt: '2025-09-30T10:00:00.000Z' };

  it('links two records to a person, then merges a third person’s records into it', async () => {
    const [a, b, c] = await threeChildren();
    const person = randomUUID();
    await linkToPerson(handle.db, { personId: person, childIds: [a, b], mergedPersons: [], ...confirmed });
    expect(await personsOf(handle.db, [a, b, c])).toEqual(
      new Map([
        [a, person],
        [b, person],
      ]),
    );
    const other = randomUUID();
    await linkToPerson(handle.db, { personId: other, childIds: [c], mergedPersons: [], ...confirmed });
    await linkToPerson(handle.db, { personId: person, childIds: [], mergedPersons: [other], ...confirmed });
    expect(await personsOf(handle.db, [a, b, c])).toEqual(
      new Map([
        [a, person],
        [b, person],
        [c, person],
      ]),
    );
    expect(await personsOf(handle.db, [])).toEqual(new Map());
  });

  it('keeps one standing decision a pair, found either way round, and the partners it rules out', async () => {
    const [a, b, c] = await threeChildren();
    const decision = {
      id: randomUUID(),
      childId: a,
      otherChildId: b,
      decision: 'excluded' as const,
      reason: 'Different parents',
      probability: 0.42,
      decidedBy: 'user-1',
      decidedAt: '2025-09-30T10:00:00.000Z',
    };
    expect(await standingDecision(handle.db, a, b)).toBeNull();
    await saveMatchDecision(handle.db, decision);
    expect(await standingDecision(handle.db, a, b)).toMatchObject({ id: decision.id, decision: 'excluded', reason: 'Different parents' });
    expect(await standingDecision(handle.db, b, a)).toMatchObject({ id: decision.id });
    expect(await standingDecision(handle.db, a, c)).toBeNull();
    const partners = await decidedPartners(handle.db, [a, c]);
    expect(partners.get(a)).toEqual(new Set([b]));
    expect(partners.get(c)).toBeUndefined();
    // The database holds to one standing decision, whichever record the reviewer started from.
    await expect(
      saveMatchDecision(handle.db, { ...decision, id: randomUUID(), childId: b, otherChildId: a, decision: 'confirmed', reason: null }),
    ).rejects.toThrow();
    // And an exclusion without a reason is refused.
    await expect(saveMatchDecision(handle.db, { ...decision, id: randomUUID(), otherChildId: c, reason: null })).rejects.toThrow();
  });

  it('knows a child missing now from one whose episodes have all ended', async () => {
    const [open] = await handle.db.selectFrom('missingEpisode').select('childId').where('endAt', 'is', null).limit(1).execute();
    const [never] = await handle.db
      .selectFrom('child')
      .select('id')
      .where('id', 'not in', handle.db.selectFrom('missingEpisode').select('childId'))
      .limit(1)
      .execute();
    if (open === undefined || never === undefined) throw new Error('the seed has no child missing now, or none never missing');
    expect(await isMissingNow(handle.db, open.childId)).toBe(true);
    expect(await isMissingNow(handle.db, never.id)).toBe(false);
  });
});
