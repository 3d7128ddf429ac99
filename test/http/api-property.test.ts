import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChildRecord } from '../../src/db/repositories/child-record-repository.ts';
import { ukDateOf } from '../../src/domain/dates.ts';
import { validateRecord } from '../../src/domain/validation/rules.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { apiClient, createLookedAfterChild, KENT } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// Any sequence of API calls, valid or not, leaves every child's record satisfying every rule,
// and a call that is refused changes nothing.

const BASE = Date.parse('2024-06-01T00:00:00Z');
const at = (hours: number): string => new Date(BASE + hours * 3_600_000).toISOString();
const hours = fc.integer({ min: -24 * 400, max: 24 * 420 }); // from before care began to after "now"

const operation = fc.oneof(
  fc.record({
    kind: fc.constant('report' as const),
    type: fc.constantFrom('M', 'A'),
    start: hours,
    length: fc.option(fc.integer({ min: -48, max: 24 * 30 }), { nil: null }),
    police: fc.option(fc.integer({ min: -5, max: 48 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('return' as const), episode: fc.nat(5), end: hours, staleVersion: fc.boolean() }),
  fc.record({ kind: fc.constant('move' as const), episode: fc.nat(5), start: hours }),
  fc.record({
    kind: fc.constant('interview' as const),
    episode: fc.nat(5),
    response: fc.constantFrom('ACCEPTED', 'DECLINED', 'NOT_OFFERED'),
    after: fc.integer({ min: -24, max: 200 }),
  }),
  fc.record({ kind: fc.constant('endCare' as const), day: fc.integer({ min: -30, max: 400 }) }),
  fc.record({ kind: fc.constant('newCare' as const), day: fc.integer({ min: -30, max: 400 }) }),
);

let t: TestApp;
let api: Api;

beforeAll(async () => {
  t = await buildTestApp({ now: '2025-07-01T12:00:00Z' });
  api = apiClient(t.app, await t.token(KENT, 'data_officer'));
});
afterAll(async () => {
  await t.close();
});

async function snapshot(childId: string) {
  return loadChildRecord(t.handle.db, childId);
}

describe('the record under any sequence of API calls', () => {
  it('should satisfy every validation rule, and refused calls should change nothing', async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 10 }), async (operations) => {
        const { id: childId } = await createLookedAfterChild(api, { dateOfBirthClaimed: '2008-09-01' });
        const episodeIds: string[] = [];
        for (const op of operations) {
          const before = await snapshot(childId);
          const episodes = before?.missingEpisodes ?? [];
          const episodeAt = (index: number) => episodes[index % Math.max(episodes.length, 1)];
          let response: { status: number; body: Record<string, unknown> } | null = null;
          switch (op.kind) {
            case 'report':
              response = await api('POST', `/children/${childId}/missing-episodes`, {
                type: op.type,
                startAt: at(op.start),
                ...(op.length === null ? {} : { endAt: at(op.start + op.length), endReason: 'RETURNED_SELF' }),
                ...(op.police === null ? {} : { reportedToPoliceAt: at(op.start + op.police) }),
              });
              if (response.status === 201) episodeIds.push(response.body['id'] as string);
              break;
            case 'return': {
              const episode = episodeAt(op.episode);
              if (episode)
                response = await api('POST', `/missing-episodes/${episode.id}/return`, {
                  endAt: at(op.end),
                  endReason: 'FOUND_POLICE',
                  version: op.staleVersion ? episode.version + 1 : episode.version,
                });
              break;
            }
            case 'move': {
              const episode = episodeAt(op.episode);
              if (episode) response = await api('PATCH', `/missing-episodes/${episode.id}`, { startAt: at(op.start), version: episode.version });
              break;
            }
            case 'interview': {
              const episode = episodeAt(op.episode);
              if (episode) {
                const base = episode.endAt === null ? Date.parse(episode.startAt) : Date.parse(episode.endAt);
                const when = new Date(base + op.after * 3_600_000).toISOString();
                response = await api('PUT', `/missing-episodes/${episode.id}/return-interview`, {
                  response: op.response,
                  ...(op.response === 'NOT_OFFERED' ? { notOfferedReason: 'Child moved placement' } : { offeredAt: when }),
                  ...(op.response === 'ACCEPTED' ? { completedAt: when } : {}),
                  ...(episode.returnInterview ? { version: episode.returnInterview.version } : {}),
                });
              }
              break;
            }
            case 'endCare': {
              const open = before?.carePeriods.find((period) => period.endDate === null);
              if (open) {
                const day = ukDateOf(new Date(BASE + op.day * 86_400_000).toISOString());
                response = await api('PATCH', `/care-periods/${open.id}`, { endDate: day, reasonCeased: 'E4A', version: open.version });
              }
              break;
            }
            case 'newCare': {
              const day = ukDateOf(new Date(BASE + op.day * 86_400_000).toISOString());
              response = await api('POST', `/children/${childId}/care-periods`, {
                startDate: day,
                legalStatus: 'V2',
                placementType: 'K2',
                reasonNewEpisode: 'S',
              });
              break;
            }
          }
          expect(response === null || response.status < 500).toBe(true);
          if (response !== null) outcomes[response.status < 300 ? 'accepted' : 'refused'] += 1;
          if (response !== null && response.status >= 400) {
            expect(await snapshot(childId)).toEqual(before);
          }
        }
        const record = await snapshot(childId);
        if (!record) throw new Error('child vanished');
        const now = t.clock.now();
        const errors = validateRecord(record, { now, today: ukDateOf(now) }).filter((violation) => violation.severity === 'error');
        expect(errors).toEqual([]);
      }),
      { numRuns: Number(process.env['LANTERN_PROPERTY_RUNS'] ?? 40) },
    );
    // The property means something only if the sequences mixed accepted and refused writes.
    expect(outcomes.accepted).toBeGreaterThan(20);
    expect(outcomes.refused).toBeGreaterThan(20);
  }, 120_000);
});
