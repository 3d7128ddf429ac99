import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import {
  addMetropolitanPolice,
  addPartnerOrganisations,
  apiClient,
  createLookedAfterChild,
  CROYDON,
  errorsOf,
  KENT,
  KENT_POLICE,
  MEDWAY,
  MET_POLICE,
} from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// Philomena profiles and the grab pack through the API (issue 14 items 4 and 5): Part 1, the
// photograph, Part 2, and the PDF police download while the child is missing, never cached.

const run = promisify(execFile);
let t: TestApp;
let kent: Api;
let childId: string;
let episodeId: string;

const file = async (token: string, url: string) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
};

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  await addMetropolitanPolice(t.handle.db);
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  childId = (await createLookedAfterChild(kent, { givenNames: 'Leyla', familyName: 'Grabpack' })).id;
  const record = await kent('GET', `/children/${childId}`);
  const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
  expect((await kent('PATCH', `/care-periods/${period.id}`, { hostAuthorityCode: MEDWAY, version: period.version })).status).toBe(200);
});
afterAll(async () => t.close());

describe('Part 1 through the API', () => {
  it('is written by the responsible authority and read by the host', async () => {
    const saved = await kent('PUT', `/children/${childId}/philomena-profile`, {
      physicalDescription: 'Tall, slim, long dark hair in a plait',
      medicalNeeds: 'Type 1 diabetes: carries insulin',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ physicalDescription: 'Tall, slim, long dark hair in a plait', vulnerabilities: null, version: 1 });
    const medway = apiClient(t.app, await t.token(MEDWAY, 'social_worker'));
    const read = await medway('GET', `/children/${childId}/philomena-profile`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      canChange: false,
      profile: { medicalNeeds: 'Type 1 diabetes: carries insulin', reviewDue: false },
      currentEpisode: null,
    });
    expect((await medway('PUT', `/children/${childId}/philomena-profile`, { physicalDescription: 'Short', version: 1 })).status).toBe(404);
    const croydon = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
    expect((await croydon('GET', `/children/${childId}/philomena-profile`)).status).toBe(404);
  });

  it('refuses a blank description or a stale version, naming the field, and changes nothing', async () => {
    const blank = await kent('PUT', `/children/${childId}/philomena-profile`, { physicalDescription: '   ', version: 1 });
    expect(blank.status).toBe(422);
    expect(errorsOf(blank)).toEqual([expect.objectContaining({ field: 'physicalDescription' })]);
    const missing = await kent('PUT', `/children/${childId}/philomena-profile`, { version: 1 });
    expect(missing.status).toBe(400);
    expect(errorsOf(missing).map((error) => error.field)).toEqual(['physicalDescription']);
    const stale = await kent('PUT', `/children/${childId}/philomena-profile`, { physicalDescription: 'Changed', version: 7 });
    expect(stale.status).toBe(409);
    expect((await kent('GET', `/children/${childId}/philomena-profile`)).body).toMatchObject({
      profile: { physicalDescription: 'Tall, slim, long dark hair in a plait', version: 1 },
    });
  });
});

describe('the photograph through the API', () => {
  it('is taken as base64, kept as a small JPEG and sent only with no-store', async () => {
    const png = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#00703c' } })
      .png()
      .toBuffer();
    const put = await kent('PUT', `/children/${childId}/philomena-profile/photograph`, { image: png.toString('base64') });
    expect(put).toEqual({ status: 200, body: { width: 600, height: 600 } });
    const got = await file(await t.token(KENT, 'social_worker'), `/children/${childId}/philomena-profile/photograph`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['cache-control']).toBe('no-store');
    expect(await sharp(got.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 600, height: 600 });
    const croydon = await file(await t.token(CROYDON, 'social_worker'), `/children/${childId}/philomena-profile/photograph`);
    expect(croydon.status).toBe(404);
  });

  it('refuses what is not an image, saying so', async () => {
    const refused = await kent('PUT', `/children/${childId}/philomena-profile/photograph`, { image: Buffer.from('%PDF-1.7 not a photo').toString('base64') });
    expect(refused.status).toBe(422);
    expect(errorsOf(refused)).toEqual([expect.objectContaining({ field: 'photograph', message: 'The photograph must be a JPEG, PNG, WebP or HEIC image' })]);
    expect((await kent('PUT', `/children/${childId}/philomena-profile/photograph`, { image: 'not base64!' })).status).toBe(400);
  });
});

describe('when the child goes missing', () => {
  beforeAll(async () => {
    t.clock.set('2025-06-15T22:00:00Z');
    const episode = await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt: '2025-06-15T21:00:00Z', policeReference: 'KP-77' });
    expect(episode.status).toBe(201);
    episodeId = episode.body['id'] as string;
  });

  it('takes Part 2 for the episode', async () => {
    const saved = await kent('PUT', `/missing-episodes/${episodeId}/philomena-part-two`, {
      clothing: 'Red hoodie, black leggings',
      lastSeenWhere: 'Rochester station',
      lastSeenAt: '2025-06-15T20:40:00Z',
      lastSeenWith: 'Alone',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ episodeId, clothing: 'Red hoodie, black leggings', version: 1 });
    const future = await kent('PUT', `/missing-episodes/${episodeId}/philomena-part-two`, {
      clothing: 'Red hoodie',
      lastSeenWhere: 'Rochester',
      lastSeenAt: '2025-06-16T20:40:00Z',
      version: 1,
    });
    expect(future.status).toBe(422);
    expect(errorsOf(future).map((error) => error.field)).toEqual(['lastSeenAt']);
  });

  it('gives the police of the placement area the grab pack as a PDF, never cached, and audits each download', async () => {
    const police = await t.token(KENT_POLICE, 'police_coordinator');
    const pack = await file(police, `/children/${childId}/grab-pack`);
    expect(pack.status).toBe(200);
    expect(pack.headers['content-type']).toBe('application/pdf');
    expect(pack.headers['cache-control']).toBe('no-store');
    // The file's name says what it is, not whose it is.
    expect(pack.headers['content-disposition']).toBe('attachment; filename="grab-pack.pdf"');
    const folder = await mkdtemp(path.join(tmpdir(), 'lantern-grab-pack-http-'));
    try {
      await writeFile(path.join(folder, 'pack.pdf'), pack.bytes);
      const { stdout } = await run('pdftotext', [path.join(folder, 'pack.pdf'), '-']);
      const text = stdout.replace(/\s+/g, ' ');
      for (const expected of ['OFFICIAL-SENSITIVE', 'Leyla Grabpack', 'KP-77', 'Red hoodie, black leggings', 'Rochester station', 'Type 1 diabetes'])
        expect(text).toContain(expected);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    expect((await file(await t.token(MET_POLICE, 'police_coordinator'), `/children/${childId}/grab-pack`)).status).toBe(404);
    const exports = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'role'])
      .where('entity', '=', 'grabPack')
      .where('childId', '=', childId)
      .execute();
    expect(exports).toEqual([{ action: 'EXPORT', role: 'police_coordinator' }]);
  });
});
