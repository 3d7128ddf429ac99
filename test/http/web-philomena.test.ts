import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf, tableRows } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, KENT, KENT_POLICE } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The Philomena profile's pages through app.inject: Part 1 with check your answers, the photograph uploaded as a
// form, Part 2 for the episode, the printable grab pack and its PDF, and "Page not found" for those who may not.

let t: TestApp;
let kent: Api;
let worker: WebClient;
let childId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  worker = (await signedInClient(t.app, t.services, KENT, 'social_worker')).client;
  childId = (await createLookedAfterChild(kent, { givenNames: 'Ines', familyName: 'Webprofile' })).id;
});
afterAll(async () => t.close());

const PART_ONE = { physicalDescription: 'Short, curly red hair, freckles', phoneNumbers: '07700 900456' };

describe('Part 1 on the web', () => {
  it('asks the questions, checks the answers, saves and confirms', async () => {
    const page = await worker.get(paths.philomenaPartOne(childId));
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Part 1 of the Philomena profile – Lantern');
    const check = await worker.post(paths.philomenaPartOne(childId), { ...PART_ONE, intent: 'check' });
    expect(check.body).toContain('Check Part 1 before saving it');
    expect(check.body).toContain('Short, curly red hair, freckles');
    const saved = await worker.post(paths.philomenaPartOne(childId), { ...PART_ONE, intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const confirmation = await worker.get(saved.headers.location as string);
    expect(confirmation.body).toContain('Profile saved');
    const profile = await worker.get(paths.philomenaProfile(childId));
    expect(profile.statusCode).toBe(200);
    expect(profile.headers['cache-control']).toBe('no-store');
    expect(profile.body).toContain('07700 900456');
    // Opening the question page and the profile page are views; checking, saving and the confirmation are not.
    const views = await t.handle.db
      .selectFrom('auditEvent')
      .select('entity')
      .where('childId', '=', childId)
      .where('action', '=', 'VIEW_RECORD')
      .where('entity', '=', 'philomenaProfile')
      .execute();
    expect(views).toHaveLength(2);
  });

  it('lists the profile on My work once it has not been reviewed for 90 days, until it is saved again', async () => {
    const listed = async () => tableRows((await worker.get(paths.home)).body, 'Philomena profiles to review (1)');
    expect(await listed()).toEqual([]);
    // Reviewed 91 days before the test's now.
    await t.handle.db.updateTable('philomenaProfile').set({ reviewedAt: '2025-03-16T12:00:00.000Z' }).where('childId', '=', childId).execute();
    expect((await listed()).map((row) => [row[0], row[2]])).toEqual([['Ines Webprofile', '91 days']]);
    const page = await worker.get(paths.philomenaPartOne(childId));
    const saved = await worker.post(paths.philomenaPartOne(childId), { ...hiddenFieldsOf(page.body), ...PART_ONE, intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(await listed()).toEqual([]);
  });

  it('names the missing description in the error summary and saves nothing', async () => {
    const other = (await createLookedAfterChild(kent, { givenNames: 'Ola', familyName: 'Noprofile' })).id;
    const refused = await worker.post(paths.philomenaPartOne(other), { physicalDescription: ' ', intent: 'save' });
    expect(refused.statusCode).toBe(200);
    expect(errorSummaryOf(refused.body)).toEqual([{ href: '#physicalDescription', text: expect.stringContaining('Enter a physical description') }]);
    expect(await t.handle.db.selectFrom('philomenaProfile').select('childId').where('childId', '=', other).execute()).toEqual([]);
  });
});

describe('the photograph on the web', () => {
  const upload = async (client: WebClient, bytes: Buffer, type = 'image/jpeg') => {
    const page = await client.get(paths.philomenaPhotograph(childId));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('photograph', new Blob([bytes], { type }), 'photo.jpg');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return t.app.inject({
      method: 'POST',
      url: paths.philomenaPhotograph(childId),
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { cookie, 'content-type': request.headers.get('content-type') ?? '' },
    });
  };

  it('takes an uploaded photograph and shows it, never cached', async () => {
    const photo = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#d4351c' } })
      .jpeg()
      .toBuffer();
    const response = await upload(worker, photo);
    expect(response.statusCode).toBe(303);
    const image = await worker.get(paths.philomenaPhotographImage(childId));
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('no-store');
    expect(await sharp(image.rawPayload).metadata()).toMatchObject({ width: 600, height: 750 });
  });

  it('says what is wrong with a file that is not a photograph', async () => {
    const response = await upload(worker, Buffer.from('just some text'), 'text/plain');
    expect(response.statusCode).toBe(400);
    expect(errorSummaryOf(response.body).map((error) => error.text)).toEqual(['The photograph must be a JPEG, PNG, WebP or HEIC image']);
  });

  it('says a file larger than 10 MB is too large, and keeps the photograph it had', async () => {
    const before = await worker.get(paths.philomenaPhotographImage(childId));
    const response = await upload(worker, Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(response.statusCode).toBe(413);
    expect(errorSummaryOf(response.body).map((error) => error.text)).toEqual(['The photograph must be smaller than 10 MB']);
    expect((await worker.get(paths.philomenaPhotographImage(childId))).rawPayload.equals(before.rawPayload)).toBe(true);
  });

  it('shows nothing to another authority', async () => {
    const croydon = (await signedInClient(t.app, t.services, CROYDON, 'social_worker')).client;
    for (const url of [paths.philomenaProfile(childId), paths.philomenaPhotographImage(childId), paths.grabPack(childId), paths.grabPackPdf(childId)])
      expect((await croydon.get(url)).statusCode, url).toBe(404);
    expect((await croydon.get(paths.philomenaPartOne(childId))).statusCode).toBe(404);
  });
});

describe('when the child goes missing', () => {
  let episodeId: string;

  beforeAll(async () => {
    const episode = await kent('POST', `/children/${childId}/missing-episodes`, {
      type: 'M',
      startAt: '2025-06-15T08:00:00Z',
      lastSeenLocation: 'Dover seafront',
    });
    episodeId = episode.body['id'] as string;
  });

  it('asks Part 2 starting from the missing report, and saves it', async () => {
    const page = await worker.get(paths.philomenaPartTwo(episodeId));
    expect(page.body).toContain('Dover seafront');
    const answers = {
      clothing: 'Green parka',
      lastSeenWhere: 'Dover seafront',
      'lastSeenDate-day': '15',
      'lastSeenDate-month': '6',
      'lastSeenDate-year': '2025',
      lastSeenTime: '8:45am',
    };
    // 1:30pm in June is 12:30 UTC, after the test's now (noon UTC).
    const future = await worker.post(paths.philomenaPartTwo(episodeId), { ...answers, lastSeenTime: '1:30pm', intent: 'check' });
    expect(errorSummaryOf(future.body)).toEqual([{ href: '#lastSeenDate-day', text: 'When last seen must be now or in the past' }]);
    const check = await worker.post(paths.philomenaPartTwo(episodeId), { ...answers, intent: 'check' });
    expect(check.body).toContain('15 June 2025 at 8:45am');
    const saved = await worker.post(paths.philomenaPartTwo(episodeId), { ...answers, intent: 'save' });
    expect(saved.statusCode).toBe(303);
  });

  it('gives the police the printable grab pack and the PDF, audited each time', async () => {
    const police = (await signedInClient(t.app, t.services, KENT_POLICE, 'police_coordinator')).client;
    const page = await police.get(paths.grabPack(childId));
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('OFFICIAL-SENSITIVE');
    expect(page.body).toContain('Green parka');
    const pdf = await police.get(paths.grabPackPdf(childId));
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const formats = await t.handle.db.selectFrom('auditEvent').select('details').where('entity', '=', 'grabPack').where('childId', '=', childId).execute();
    expect(formats.map((event) => (event.details as { format: string }).format)).toEqual(['page', 'pdf']);
    expect((await police.get(paths.philomenaPartOne(childId))).statusCode).toBe(404);
  });
});
