import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { KENT_POLICE, NATIONAL } from '../../test/helpers/organisations.ts';
import { openServices } from '../../test/helpers/service-tests.ts';
import { value } from '../../test/helpers/result.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { matchIdentities } from '../db/repositories/matching-repository.ts';
import { personOfChild } from '../domain/matching/person.ts';
import { duplicatePairsOf, loadPopulation, readPopulationAuthorities } from '../seed/load-population.ts';
import type { DuplicatePair } from '../seed/synthetic-population.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Services } from './index.ts';

// Found-child searches and estimating the model, over a small synthetic population whose children
// recorded twice are the matches to find.

const OPTIONS = { children: 800, seed: 9, censusDate: '2025-09-30' } as const;
const clock = createFakeClock('2025-09-30T03:00:00.000Z');

let handle: DatabaseHandle;
let services: Services;
let pairs: readonly DuplicatePair[];

const police: Actor = { id: 'user-police', organisationCode: KENT_POLICE, localAuthorityCode: null, role: 'police_coordinator' };
const analyst: Actor = { id: 'user-analyst', organisationCode: NATIONAL, localAuthorityCode: null, role: 'national_analyst' };
const advocate: Actor = { id: 'user-advocate', organisationCode: 'GUARDIAN-SERVICE', localAuthorityCode: null, role: 'advocate' };

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now, { partners: true }));
  await loadPopulation(handle, OPTIONS);
  pairs = duplicatePairsOf({ ...OPTIONS, authorities: await readPopulationAuthorities(handle) });
}, 300_000);

afterAll(async () => {
  await handle.close();
});

/** The second record of a child recorded twice, as a description of a child found. */
async function descriptionOf(childId: string) {
  const [row] = await matchIdentities(handle.db, [childId]);
  if (row === undefined) throw new Error('no such child');
  return { ...personOfChild({ ...row, aliases: [] }), id: 'found' };
}

describe('searching for a found child', () => {
  it('ranks the other record of a child recorded twice first, with its evidence field by field', async () => {
    expect(pairs.length).toBeGreaterThan(5);
    let first = 0;
    for (const pair of pairs) {
      const search = value(await services.matching.searchFoundChild(police, await descriptionOf(pair.duplicateId), { listedFrom: 0 }));
      const ids = search.candidates.map((candidate) => candidate.childId);
      // The record searched with is itself a candidate (it is held too): the other record must be next to it.
      if (ids.slice(0, 2).includes(pair.originalId)) first += 1;
      const original = search.candidates.find((candidate) => candidate.childId === pair.originalId);
      if (original !== undefined) {
        expect(original.fields.map((field) => field.comparison)).toEqual(['name', 'birth', 'sex', 'nationality', 'identifier', 'postcode', 'address']);
        expect(original.recognition.authorityName).not.toBe('');
        expect(original.probability).toBeGreaterThan(0);
        expect(original.waterfall.probability).toBeCloseTo(original.probability, 9);
      }
    }
    expect(first / pairs.length).toBeGreaterThanOrEqual(0.9);
  });

  it('audits the search without its terms', async () => {
    const description = await descriptionOf(pairs[0]?.duplicateId ?? '');
    value(await services.matching.searchFoundChild(police, description));
    const event = await handle.db
      .selectFrom('auditEvent')
      .selectAll()
      .where('entity', '=', 'foundChild')
      .orderBy('occurredAt', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'SEARCH', actorId: police.id });
    const details = JSON.stringify(event.details);
    expect(details).toContain('"name"');
    const name = description.names[0];
    expect(details).not.toContain(name?.givenNames ?? '?');
    expect(details).not.toContain(description.births[0]?.date ?? '?');
  });

  it('shows only what recognises a child, and tells each child’s authority its child was listed', async () => {
    const pair = pairs[0]!;
    // This search's event is the one that was not there before it (searches at one instant are on no common chain).
    const searchIds = async () =>
      (await handle.db.selectFrom('auditEvent').select('entityId').where('entity', '=', 'foundChild').execute()).map((event) => event.entityId);
    const earlier = new Set(await searchIds());
    const search = value(await services.matching.searchFoundChild(police, await descriptionOf(pair.duplicateId)));
    expect(search.candidates.length).toBeGreaterThan(0);
    for (const candidate of search.candidates) {
      expect(candidate.probability).toBeGreaterThanOrEqual(0.001);
      expect(Object.keys(candidate.recognition).sort()).toEqual(['age', 'authorityCode', 'authorityName', 'languages', 'names', 'nationality', 'sex']);
    }
    const searched = (await searchIds()).filter((id) => !earlier.has(id));
    expect(searched).toHaveLength(1);
    const listed = await handle.db
      .selectFrom('auditEvent')
      .select(['childId', 'actorId'])
      .where('entity', '=', 'foundChildCandidate')
      .where('entityId', '=', searched[0]!)
      .execute();
    expect(listed.map((event) => event.childId).sort()).toEqual(search.candidates.map((candidate) => candidate.childId).sort());
    expect(new Set(listed.map((event) => event.actorId))).toEqual(new Set([police.id]));
  });

  it('is not there for roles that do not find children', async () => {
    const result = await services.matching.searchFoundChild(advocate, await descriptionOf(pairs[0]?.duplicateId ?? ''));
    expect(result).toEqual({ ok: false, error: { kind: 'not_found', entity: 'found-child search' } });
  });
});

describe('estimating the model from Lantern’s records', () => {
  it('is for the national unit only', async () => {
    expect(await services.matching.estimateModel(police)).toEqual({ ok: false, error: { kind: 'not_found', entity: 'matching model' } });
  });

  it('estimates m by EM and u from random pairs, stores the model, and searches use it', async () => {
    const summary = value(await services.matching.estimateModel(analyst, { trainingChildren: 800, randomPairs: 20_000 }));
    expect(summary.converged).toBe(true);
    expect(summary.candidatePairs).toBeGreaterThan(pairs.length);
    // Matches found among the candidates: about the children recorded twice.
    expect(summary.expectedMatches).toBeGreaterThan(pairs.length * 0.5);
    expect(summary.expectedMatches).toBeLessThan(pairs.length * 3);
    clock.advanceHours(1);
    const search = value(await services.matching.searchFoundChild(police, await descriptionOf(pairs[0]?.duplicateId ?? '')));
    expect(search.modelEstimatedAt).not.toBeNull();
    const audit = await handle.db.selectFrom('auditEvent').select(['action', 'entityId']).where('entity', '=', 'matchModel').execute();
    expect(audit).toEqual([{ action: 'CREATE', entityId: summary.modelId }]);
  });
});
