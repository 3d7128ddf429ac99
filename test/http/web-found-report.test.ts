import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf, inlineErrorOf, summaryOf } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { createLookedAfterChild, CROYDON, kentSocialWorkerApp, MEDWAY } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// A child found by someone else's report (issue 12 item 1), through app.inject: the responsible
// authority records who found the child, where, when and the agency's reference; the report closes the
// open episode as a return, is audited with the episode before and after, and shows on the record.
// The test clock is 15 June 2025 at 12:00 UTC (1pm in the UK).

let t: TestApp;
let kent: Api;
let worker: WebClient;

beforeAll(async () => {
  ({ t, kent, worker } = await kentSocialWorkerApp());
});
afterAll(async () => t.close());

/** A Kent child missing since 9pm UK time on 14 June. */
async function missingChild(): Promise<{ childId: string; episodeId: string }> {
  const { id: childId } = await createLookedAfterChild(kent);
  const created = await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt: '2025-06-14T20:00:00Z' });
  expect(created.status).toBe(201);
  return { childId, episodeId: created.body['id'] as string };
}

const episodeRow = (episodeId: string) => t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
const foundRows = (episodeId: string) => t.handle.db.selectFrom('foundReport').selectAll().where('episodeId', '=', episodeId).execute();

const date = (name: string, day: string, month: string, year: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });

const FOUND = {
  agency: 'POLICE',
  organisation: 'British Transport Police',
  ...date('foundDate', '15', '6', '2025'),
  foundTime: '7:45am',
  location: 'London Victoria station',
  reference: 'BTP-2025-0615-17',
};

describe('recording that a child was found by another agency’s report', () => {
  it('should ask, check the answers, close the episode as found, audit it and show who found them on the record', async () => {
    const { childId, episodeId } = await missingChild();
    const url = `/missing-episodes/${episodeId}/found-report`;
    expect((await worker.get(`/children/${childId}`)).body).toContain(`href="${url}"`);

    const form = await worker.get(url);
    expect(form.statusCode).toBe(200);
    expect(titleOf(form.body)).toBe('Record that the child was found by another agency – Lantern');
    expect(form.body).toContain('14 June 2025 at 9:00pm');
    expect(hiddenFieldsOf(form.body)['version']).toEqual(['1']);

    const check = await worker.post(url, { ...FOUND, version: '1', intent: 'continue' });
    expect(titleOf(check.body)).toBe('Check your answers before recording that the child was found – Lantern');
    expect(summaryOf(check.body)).toMatchObject({
      'Who found them': 'The police',
      Agency: 'British Transport Police',
      Found: '15 June 2025 at 7:45am',
      'Where found': 'London Victoria station',
      'Their reference': 'BTP-2025-0615-17',
    });
    expect(check.body).toContain(`formaction="${url}#foundDate-day"`);

    const saved = await worker.post(url, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url}?confirmation=1`);
    expect(await episodeRow(episodeId)).toMatchObject({ endAt: '2025-06-15T06:45:00.000Z', endReason: 'FOUND_POLICE', version: 2 });
    expect(await foundRows(episodeId)).toEqual([
      expect.objectContaining({
        agency: 'POLICE',
        organisation: 'British Transport Police',
        foundAt: '2025-06-15T06:45:00.000Z',
        location: 'London Victoria station',
        reference: 'BTP-2025-0615-17',
      }),
    ]);
    const audits = await t.handle.db
      .selectFrom('auditEvent')
      .select(['entity', 'details'])
      .where('entityId', '=', episodeId)
      .where('action', '=', 'CHANGE')
      .execute();
    expect(audits).toEqual([
      {
        entity: 'missingEpisode',
        details: expect.objectContaining({
          endAt: { before: null, after: '2025-06-15T06:45:00.000Z' },
          endReason: { before: null, after: 'FOUND_POLICE' },
          foundReport: { before: null, after: expect.objectContaining({ organisation: 'British Transport Police', location: 'London Victoria station' }) },
        }),
      },
    ]);

    const confirmation = await worker.get(saved.headers.location!);
    expect(titleOf(confirmation.body)).toBe('Child recorded as found – Lantern');
    expect(confirmation.body).toContain('Return home interview due by 18 June 2025 at 7:45am');

    const record = summaryOf((await worker.get(`/children/${childId}`)).body);
    expect(record).toMatchObject({
      'How they came back': 'Found by the police',
      'Found by': 'British Transport Police (The police)',
      'Where found': 'London Victoria station',
      'Their reference': 'BTP-2025-0615-17',
    });
  });

  it('should show every missing answer, and a find before the child went missing, on the question page, and save nothing', async () => {
    const { episodeId } = await missingChild();
    const url = `/missing-episodes/${episodeId}/found-report`;
    const empty = await worker.post(url, { version: '1', intent: 'continue' });
    expect(titleOf(empty.body)).toBe('Error: Record that the child was found by another agency – Lantern');
    expect(errorSummaryOf(empty.body).map((error) => error.href)).toEqual(['#agency', '#organisation', '#foundDate-day', '#foundTime', '#location']);

    const early = await worker.post(url, { ...FOUND, ...date('foundDate', '13', '6', '2025'), version: '1', intent: 'continue' });
    expect(errorSummaryOf(early.body)).toEqual([
      { href: '#foundDate-day', text: 'The date and time the child was found must be after they went missing, 14 June 2025 at 9:00pm' },
    ]);
    expect(inlineErrorOf(early.body, 'foundDate')).toContain('must be after they went missing');
    // Saving straight away is checked the same way.
    const saved = await worker.post(url, { ...FOUND, ...date('foundDate', '13', '6', '2025'), version: '1', intent: 'save' });
    expect(saved.statusCode).toBe(200);
    expect(await episodeRow(episodeId)).toMatchObject({ endAt: null, version: 1 });
    expect(await foundRows(episodeId)).toEqual([]);
  });

  it('should say the return is already recorded, and refuse a save on a stale version', async () => {
    const { episodeId } = await missingChild();
    const url = `/missing-episodes/${episodeId}/found-report`;
    const check = await worker.post(url, { ...FOUND, version: '1', intent: 'continue' });
    await kent('PATCH', `/missing-episodes/${episodeId}`, { policeRiskLevel: 'HIGH', version: 1 });
    const stale = await worker.post(url, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(stale.statusCode).toBe(409);
    expect(titleOf(stale.body)).toBe('Someone else has changed this record – Lantern');
    expect(await foundRows(episodeId)).toEqual([]);

    await kent('POST', `/missing-episodes/${episodeId}/return`, { endAt: '2025-06-15T06:00:00Z', endReason: 'RETURNED_SELF', version: 2 });
    const page = await worker.get(url);
    expect(titleOf(page.body)).toBe('This child’s return is already recorded – Lantern');
  });

  it('should answer "Page not found" to those who may not change the record, and save nothing', async () => {
    const { episodeId } = await missingChild();
    const url = `/missing-episodes/${episodeId}/found-report`;
    for (const [authority, role] of [
      [MEDWAY, 'team_manager'],
      [CROYDON, 'social_worker'],
    ] as const) {
      const other = (await signedInClient(t.app, t.services, authority, role)).client;
      expect((await other.get(url)).statusCode).toBe(404);
      expect((await other.post(url, { ...FOUND, version: '1', intent: 'save' })).statusCode).toBe(404);
    }
    expect((await worker.get(`/missing-episodes/${crypto.randomUUID()}/found-report`)).statusCode).toBe(404);
    expect(await episodeRow(episodeId)).toMatchObject({ endAt: null });
    expect(await foundRows(episodeId)).toEqual([]);
  });
});

describe('POST /missing-episodes/{id}/found-report', () => {
  const body = { agency: 'HEALTH', organisation: 'Medway Maritime Hospital', foundAt: '2025-06-15T09:00:00Z', location: 'Accident and emergency', version: 1 };

  it('should close the episode as found by someone else and keep the report', async () => {
    const { episodeId } = await missingChild();
    const found = await kent('POST', `/missing-episodes/${episodeId}/found-report`, body);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ endAt: '2025-06-15T09:00:00.000Z', endReason: 'FOUND_OTHER', version: 2 });
    expect(await foundRows(episodeId)).toEqual([expect.objectContaining({ agency: 'HEALTH', reference: null })]);
    // Once closed, a second report is refused and the first kept.
    const again = await kent('POST', `/missing-episodes/${episodeId}/found-report`, { ...body, version: 2 });
    expect(again.status).toBe(422);
    expect(await foundRows(episodeId)).toHaveLength(1);
  });

  it('should refuse an unknown agency and a find in the future, naming the field', async () => {
    const { episodeId } = await missingChild();
    const unknown = await kent('POST', `/missing-episodes/${episodeId}/found-report`, { ...body, agency: 'NEIGHBOUR' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('who found the child');
    const future = await kent('POST', `/missing-episodes/${episodeId}/found-report`, { ...body, foundAt: '2025-06-16T09:00:00Z' });
    expect(future.status).toBe(422);
    expect(await foundRows(episodeId)).toEqual([]);
  });
});
