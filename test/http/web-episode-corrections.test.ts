import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf, summaryOf } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, errorsOf, GUARDIANS, KENT, KENT_POLICE, MEDWAY } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// Correcting a missing episode once the child has come back, through app.inject: the report and the
// return as recorded, a return before the child was last seen refused on the question page, and a
// reason, required by the web and the API alike and kept on the audit trail with the before and after.
// The test clock is 15 June 2025 at 12:00 UTC (1pm in the UK).

let t: TestApp;
let kent: Api;
let worker: WebClient;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  worker = (await signedInClient(t.app, t.services, KENT, 'social_worker')).client;
});
afterAll(async () => {
  await t.close();
});

/** A Kent child who went missing on 10 June 2025 and came back on 11 June: the episode's id. */
async function aClosedEpisode(): Promise<{ childId: string; episodeId: string }> {
  const { id: childId } = await createLookedAfterChild(kent);
  const episode = await kent('POST', `/children/${childId}/missing-episodes`, {
    type: 'M',
    startAt: '2025-06-10T08:00:00Z',
    policeReference: 'KP-CORRECT-1',
    endAt: '2025-06-11T18:00:00Z',
    endReason: 'RETURNED_SELF',
  });
  expect(episode.status).toBe(201);
  return { childId, episodeId: episode.body['id'] as string };
}

const auditOf = (episodeId: string) =>
  t.handle.db.selectFrom('auditEvent').select(['details', 'reason']).where('entityId', '=', episodeId).where('action', '=', 'CHANGE').orderBy('seq').execute();

describe('correcting a missing episode that has ended', () => {
  it('should fill the episode in as recorded, check, save with the reason, and audit the before, after and why', async () => {
    const { childId, episodeId } = await aClosedEpisode();
    const url = `/missing-episodes/${episodeId}/correction`;
    expect((await worker.get(`/children/${childId}`)).body).toContain(`href="${url}"`);
    const form = await worker.get(url);
    expect(titleOf(form.body)).toBe('Correct the missing episode – Lantern');
    expect(form.body).toContain('value="KP-CORRECT-1"');
    expect(form.body).toMatch(/value="RETURNED_SELF" checked/);

    // The answers as the form holds them (9am and 7pm in the UK are 8:00 and 18:00 UTC), the risk level now graded.
    const answers = {
      ...hiddenFieldsOf(form.body),
      type: 'M',
      'lastSeenDate-day': '10',
      'lastSeenDate-month': '6',
      'lastSeenDate-year': '2025',
      lastSeenTime: '9:00am',
      policeReference: 'KP-CORRECT-1',
      policeRiskLevel: 'HIGH',
      'endDate-day': '11',
      'endDate-month': '6',
      'endDate-year': '2025',
      endTime: '7:00pm',
      endReason: 'RETURNED_SELF',
    };
    const noReason = await worker.post(url, { ...answers, intent: 'continue' });
    expect(errorSummaryOf(noReason.body)).toEqual([{ href: '#reason', text: 'Enter why you are correcting this missing episode' }]);
    const backBefore = await worker.post(url, { ...answers, 'endDate-day': '9', reason: 'Police gave a later time', intent: 'continue' });
    expect(errorSummaryOf(backBefore.body)).toEqual([
      { href: '#endDate-day', text: 'The date and time the child came back must be after they were last seen, 10 June 2025 at 9:00am' },
    ]);

    const check = await worker.post(url, { ...answers, policeReference: 'KP-CORRECT-2', reason: 'The police gave a new reference', intent: 'continue' });
    expect(titleOf(check.body)).toBe('Check your answers before correcting the missing episode – Lantern');
    expect(summaryOf(check.body)).toMatchObject({ 'Police reference': 'KP-CORRECT-2', 'Why you are correcting it': 'The police gave a new reference' });
    const saved = await worker.post(url, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(titleOf((await worker.get(saved.headers.location!)).body)).toBe('Missing episode corrected – Lantern');
    const [event] = await auditOf(episodeId);
    expect(event).toMatchObject({
      reason: 'The police gave a new reference',
      details: { policeReference: { before: 'KP-CORRECT-1', after: 'KP-CORRECT-2' }, policeRiskLevel: { before: null, after: 'HIGH' } },
    });
  });

  it('should send an episode still open to its change page', async () => {
    const { id: childId } = await createLookedAfterChild(kent);
    const open = await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt: '2025-06-14T08:00:00Z' });
    const page = await worker.get(`/missing-episodes/${open.body['id'] as string}/correction`);
    expect(titleOf(page.body)).toBe('This child is still missing – Lantern');
  });

  it('should require the API to say why it corrects an episode that has ended, and keep the reason', async () => {
    const { episodeId } = await aClosedEpisode();
    const without = await kent('PATCH', `/missing-episodes/${episodeId}`, { policeForce: 'Kent Police', version: 1 });
    expect(without.status).toBe(422);
    expect(errorsOf(without)).toMatchObject([{ field: 'reason', message: 'Enter why you are correcting this missing episode: the child has come back' }]);
    const corrected = await kent('PATCH', `/missing-episodes/${episodeId}`, { policeForce: 'Kent Police', version: 1, reason: 'Force left out' });
    expect(corrected.status).toBe(200);
    expect(await auditOf(episodeId)).toMatchObject([{ reason: 'Force left out', details: { policeForce: { before: null, after: 'Kent Police' } } }]);
  });

  it('should answer "Page not found" to everyone who may not change the record', async () => {
    const { episodeId } = await aClosedEpisode();
    const url = `/missing-episodes/${episodeId}/correction`;
    for (const [organisation, role] of [
      [MEDWAY, 'social_worker'],
      [KENT_POLICE, 'police_coordinator'],
      [GUARDIANS, 'advocate'],
      [KENT, 'organisation_administrator'],
    ] as const) {
      const other = (await signedInClient(t.app, t.services, organisation, role)).client;
      expect((await other.get(url)).statusCode, `${organisation} ${role}`).toBe(404);
      expect((await other.post(url, { reason: 'x', intent: 'save' })).statusCode, `${organisation} ${role}`).toBe(404);
    }
  });
});
