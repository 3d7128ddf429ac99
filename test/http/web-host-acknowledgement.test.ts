import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { summaryOf } from '../helpers/html.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { apiClient, createLookedAfterChild, CROYDON, KENT, MEDWAY } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The host authority's acknowledgement of an open missing episode (issue 12 item 1), through
// app.inject: a Kent child placed in Medway goes missing; Medway's staff acknowledge it from the
// record (or the API), once, audited; the record shows it to both authorities; nobody else may.
// The test clock is 15 June 2025 at 12:00 UTC (1pm in the UK).

let t: TestApp;
let kent: Api;

beforeAll(async () => {
  t = await buildTestApp();
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
});
afterAll(async () => {
  await t.close();
});

/** A Kent child placed in Medway, missing since this morning: the child's and the episode's ids. */
async function missingFromMedway(): Promise<{ childId: string; episodeId: string }> {
  const { id: childId } = await createLookedAfterChild(kent);
  const record = await kent('GET', `/children/${childId}`);
  const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
  await kent('PATCH', `/care-periods/${period.id}`, { hostAuthorityCode: MEDWAY, version: period.version });
  const episode = await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt: '2025-06-15T08:00:00Z' });
  expect(episode.status).toBe(201);
  return { childId, episodeId: episode.body['id'] as string };
}

const acknowledgementsOf = (episodeId: string) =>
  t.handle.db
    .selectFrom('auditEvent')
    .select(['action', 'organisationCode'])
    .where('entity', '=', 'hostAcknowledgement')
    .where('entityId', '=', episodeId)
    .execute();

describe('the host authority acknowledging a missing episode', () => {
  it('should offer Medway’s social worker the button, record the acknowledgement once, and show it to both authorities', async () => {
    const { childId, episodeId } = await missingFromMedway();
    const medway = (await signedInClient(t.app, t.services, MEDWAY, 'social_worker')).client;
    const url = `/missing-episodes/${episodeId}/host-acknowledgement`;
    const before = await medway.get(`/children/${childId}`);
    expect(before.body).toContain(`action="${url}"`);
    expect(summaryOf(before.body)['Host authority acknowledged']).toBe('Not yet');
    // The responsible authority sees whether the host has acknowledged, but has no button.
    const kentWorker = (await signedInClient(t.app, t.services, KENT, 'social_worker')).client;
    expect((await kentWorker.get(`/children/${childId}`)).body).not.toContain(`action="${url}"`);

    const saved = await medway.post(url, {});
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/children/${childId}#missing`);
    const after = await medway.get(`/children/${childId}`);
    expect(summaryOf(after.body)['Host authority acknowledged']).toBe('15 June 2025 at 1:00pm by Test social worker');
    expect(after.body).not.toContain(`action="${url}"`);
    expect(summaryOf((await kentWorker.get(`/children/${childId}`)).body)['Host authority acknowledged']).toBe('15 June 2025 at 1:00pm by Test social worker');

    // Again, through the API: the first acknowledgement stands, and is audited once.
    const api = apiClient(t.app, await t.token(MEDWAY, 'team_manager'));
    const again = await api('POST', `/missing-episodes/${episodeId}/host-acknowledgement`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ episodeId, acknowledgedAt: '2025-06-15T12:00:00.000Z' });
    expect(await acknowledgementsOf(episodeId)).toEqual([{ action: 'CREATE', organisationCode: MEDWAY }]);
  });

  it('should answer "Page not found" to everyone but the host authority’s social workers and team managers', async () => {
    const { episodeId } = await missingFromMedway();
    const url = `/missing-episodes/${episodeId}/host-acknowledgement`;
    for (const [organisation, role] of [
      [KENT, 'social_worker'],
      [CROYDON, 'social_worker'],
      [MEDWAY, 'data_officer'],
    ] as const) {
      const other = (await signedInClient(t.app, t.services, organisation, role)).client;
      // A page first, for the form's CSRF token, as a browser would have.
      await other.get('/');
      expect((await other.post(url, {})).statusCode, `${organisation} ${role}`).toBe(404);
    }
    expect(await acknowledgementsOf(episodeId)).toEqual([]);
  });

  it('should refuse to acknowledge an episode that has ended', async () => {
    const { episodeId } = await missingFromMedway();
    await kent('POST', `/missing-episodes/${episodeId}/return`, { endAt: '2025-06-15T11:00:00Z', endReason: 'RETURNED_SELF', version: 1 });
    const api = apiClient(t.app, await t.token(MEDWAY, 'social_worker'));
    const refused = await api('POST', `/missing-episodes/${episodeId}/host-acknowledgement`);
    expect(refused.status).toBe(422);
    expect(await acknowledgementsOf(episodeId)).toEqual([]);
  });
});
