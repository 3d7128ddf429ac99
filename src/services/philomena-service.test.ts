import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { addMetropolitanPolice, CROYDON, GUARDIANS, KENT, KENT_POLICE, MEDWAY, MET_POLICE } from '../../test/helpers/organisations.ts';
import { value } from '../../test/helpers/result.ts';
import { addChildInCare, openServices, person } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Services } from './index.ts';

// Philomena profiles on a real database (PGlite, or PostgreSQL with LANTERN_TEST_DATABASE_URL) under
// row-level security: who sees and changes them, the photograph, Part 2 of an episode, the grab pack's
// audit, the profile moving with the child, and the 90-day review list.

const kentWorker = person(KENT, 'social_worker');
const medwayWorker = person(MEDWAY, 'social_worker');
const croydonWorker = person(CROYDON, 'social_worker');
const kentPolice = person(KENT_POLICE, 'police_coordinator', null);
const metPolice = person(MET_POLICE, 'police_coordinator', null);
const advocate = person(GUARDIANS, 'advocate', null);

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-15T12:00:00Z');
let made = 0;

const partOne = { physicalDescription: 'Slim, about 5 ft 4, short black hair, scar above the left eye', associates: 'An older man known as "T"' };

async function child(host: string): Promise<string> {
  made += 1;
  return addChildInCare(services, kentWorker, { laChildId: `PH-${made}`, givenNames: 'Nadia', familyName: `Profile${made}`, sex: 'F', host });
}

const auditOf = (entity: string, childId: string) =>
  handle.db
    .selectFrom('auditEvent')
    .select(['action', 'actorId', 'details'])
    .where('entity', '=', entity)
    .where('childId', '=', childId)
    .orderBy('occurredAt')
    .execute();

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now, { partners: true }));
  await addMetropolitanPolice(handle.db);
});
afterAll(async () => handle.close());

describe('a profile for a Kent child placed in Medway', () => {
  let childId: string;

  beforeAll(async () => {
    clock.set('2025-06-15T12:00:00Z');
    childId = await child(MEDWAY);
  });

  it('is written by the responsible authority and read by the host, never by another authority', async () => {
    const saved = value(await services.philomena.saveProfile(kentWorker, childId, partOne));
    expect(saved).toMatchObject({ ...partOne, vulnerabilities: null, reviewedAt: '2025-06-15T12:00:00.000Z', reviewedBy: kentWorker.id, version: 1 });
    const seen = value(await services.philomena.getProfile(medwayWorker, childId));
    expect(seen).toMatchObject({ access: 'host', canChange: false, placementAuthorityName: 'Medway', profile: partOne, currentEpisode: null });
    expect(await services.philomena.getProfile(croydonWorker, childId)).toEqual({ ok: false, error: { kind: 'not_found', entity: 'child' } });
    expect(await services.philomena.saveProfile(medwayWorker, childId, partOne)).toEqual({ ok: false, error: { kind: 'not_found', entity: 'child' } });
    expect((await auditOf('philomenaProfile', childId)).map((event) => event.action)).toEqual(['CREATE', 'VIEW_RECORD']);
  });

  it('refuses a change made to a version someone has since changed, and a second profile for the child', async () => {
    expect(await services.philomena.saveProfile(kentWorker, childId, partOne)).toEqual({
      ok: false,
      error: { kind: 'conflict', entity: 'philomenaProfile', currentVersion: 1 },
    });
    value(await services.philomena.saveProfile(kentWorker, childId, { ...partOne, transport: 'Uses buses; has a bike', version: 1 }));
    expect(await services.philomena.saveProfile(kentWorker, childId, { ...partOne, version: 1 })).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    const events = await auditOf('philomenaProfile', childId);
    // The trail names the answers changed, never what they say.
    expect(events.at(-1)).toMatchObject({ action: 'CHANGE', details: { fields: ['transport'] } });
    expect(JSON.stringify(events)).not.toContain('bike');
  });

  it('refuses a profile without a physical description, naming the field, and saves nothing', async () => {
    const other = await child(KENT);
    const refused = await services.philomena.saveProfile(kentWorker, other, { physicalDescription: '  ' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid', violations: [{ field: 'physicalDescription', entity: 'philomenaProfile' }] } });
    expect(value(await services.philomena.getProfile(kentWorker, other)).profile).toBeNull();
  });

  it('keeps a photograph as a small JPEG without metadata, shown only to those who may see the child', async () => {
    const upload = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#884422' } })
      .withExif({ IFD0: { Make: 'PhoneCo' } })
      .png()
      .toBuffer();
    expect(value(await services.philomena.setPhotograph(kentWorker, childId, upload))).toEqual({ width: 600, height: 800 });
    const photograph = value(await services.philomena.getPhotograph(medwayWorker, childId));
    expect(await sharp(photograph.image).metadata()).toMatchObject({ format: 'jpeg', width: 600, height: 800 });
    expect(await services.philomena.getPhotograph(croydonWorker, childId)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await services.philomena.setPhotograph(medwayWorker, childId, upload)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await services.philomena.setPhotograph(kentWorker, childId, new TextEncoder().encode('GIF89a no'))).toMatchObject({
      ok: false,
      error: { kind: 'invalid', violations: [{ field: 'photograph' }] },
    });
    expect((await auditOf('philomenaPhotograph', childId)).map((event) => event.action)).toEqual(['CHANGE', 'VIEW_RECORD']);
  });

  describe('when the child goes missing', () => {
    let episodeId: string;

    beforeAll(async () => {
      clock.set('2025-06-15T22:00:00Z');
      episodeId = value(await services.missingEpisodes.reportMissing(kentWorker, childId, { type: 'M', startAt: '2025-06-15T21:00:00Z' })).id;
    });

    it('takes Part 2 for the episode, checked against it', async () => {
      const answers = {
        clothing: 'Black puffer jacket',
        lastSeenWhere: 'Chatham bus station',
        lastSeenAt: '2025-06-15T20:30:00Z',
        lastSeenWith: 'Two older boys',
      };
      expect(await services.philomena.savePartTwo(kentWorker, episodeId, { ...answers, lastSeenAt: '2025-06-16T20:30:00Z' })).toMatchObject({
        ok: false,
        error: { kind: 'invalid', violations: [{ field: 'lastSeenAt', message: 'When last seen must be now or in the past' }] },
      });
      expect(await services.philomena.savePartTwo(medwayWorker, episodeId, answers)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
      expect(value(await services.philomena.savePartTwo(kentWorker, episodeId, answers))).toMatchObject({
        ...answers,
        lastSeenAt: '2025-06-15T20:30:00.000Z',
        version: 1,
      });
      const profile = value(await services.philomena.getProfile(kentWorker, childId));
      expect(profile.currentEpisode).toMatchObject({ id: episodeId, partTwo: { clothing: 'Black puffer jacket' } });
    });

    it('gives the grab pack to the police of the placement area while the child is missing, and audits each download', async () => {
      const pack = value(await services.philomena.grabPack(kentPolice, childId, 'pdf'));
      expect(pack).toMatchObject({ access: 'police', profile: partOne, currentEpisode: { id: episodeId }, history: { episodes: 1 } });
      expect(pack.photograph?.width).toBe(600);
      expect(await services.philomena.grabPack(metPolice, childId, 'pdf')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
      expect(await services.philomena.grabPack(advocate, childId, 'pdf')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
      value(await services.philomena.grabPack(kentPolice, childId, 'page'));
      expect(await auditOf('grabPack', childId)).toEqual([
        { action: 'EXPORT', actorId: kentPolice.id, details: { view: 'police', format: 'pdf' } },
        { action: 'EXPORT', actorId: kentPolice.id, details: { view: 'police', format: 'page' } },
      ]);
    });
  });
});

describe('a profile, when the placement changes', () => {
  it('moves with the child: the police of the new area get the grab pack while the child is missing, and lose it once found', async () => {
    clock.set('2025-07-01T12:00:00Z');
    const childId = await child(MEDWAY);
    value(await services.philomena.saveProfile(kentWorker, childId, partOne));
    const [placement] = value(await services.children.getChild(kentWorker, childId)).carePeriods;
    if (placement === undefined) throw new Error('The child has no placement');
    value(await services.children.updateCarePeriod(kentWorker, placement.id, { endDate: '2025-06-30', reasonCeased: 'E8', version: placement.version }));
    value(
      await services.children.addCarePeriod(kentWorker, childId, {
        startDate: '2025-06-30',
        legalStatus: 'C2',
        placementType: 'U1',
        hostAuthorityCode: CROYDON,
      }),
    );
    const episodeId = value(await services.missingEpisodes.reportMissing(kentWorker, childId, { type: 'M', startAt: '2025-07-01T10:00:00Z' })).id;
    expect(value(await services.philomena.grabPack(metPolice, childId, 'pdf')).profile).toMatchObject(partOne);
    expect(value(await services.philomena.getProfile(croydonWorker, childId)).placementAuthorityName).toBe('Croydon');
    expect(await services.philomena.grabPack(kentPolice, childId, 'pdf')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await services.philomena.getProfile(medwayWorker, childId)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    const episode = value(await services.missingEpisodes.getEpisode(kentWorker, episodeId));
    value(
      await services.missingEpisodes.recordReturn(kentWorker, episodeId, {
        endAt: '2025-07-01T11:45:00Z',
        endReason: 'FOUND_POLICE',
        version: episode.version,
      }),
    );
    expect(await services.philomena.grabPack(metPolice, childId, 'pdf')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});

describe('profiles to review', () => {
  it('lists the authority its profiles not reviewed for 90 days, and no one else', async () => {
    clock.set('2025-01-01T09:00:00Z');
    const old = await child(KENT);
    value(await services.philomena.saveProfile(kentWorker, old, partOne));
    clock.set('2025-03-31T09:00:00Z');
    const recent = await child(KENT);
    value(await services.philomena.saveProfile(kentWorker, recent, partOne));
    clock.set('2025-04-02T09:00:00Z');
    const listed = (await services.philomena.profilesToReview(kentWorker)).map((item) => item.childId);
    expect(listed).toContain(old);
    expect(listed).not.toContain(recent);
    expect(await services.philomena.profilesToReview(medwayWorker)).toEqual([]);
    expect(await services.philomena.profilesToReview(kentPolice)).toEqual([]);
  });
});
