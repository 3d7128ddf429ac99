import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import {
  buildAgeAssessment,
  buildCarePeriod,
  buildChild,
  buildConcern,
  buildEpisode,
  buildReferral,
  buildStatus,
  IDS,
} from '../../../test/factories/child-record.ts';
import type { DatabaseHandle } from '../client.ts';
import { childRecordWrites } from './child-record-repository.ts';
import { loadJourneyChild } from './journey-context-repository.ts';

let handle: DatabaseHandle;
const at = { at: '2025-06-01T09:00:00.000Z' };
const CHILD_ID = IDS.child;
/** Croydon: an authority in the reference data, other than the child's. */
const HOST = 'E09000008';
const child = buildChild({ version: 3 });
// Placed out of area: a host authority to tell.
const placedOutOfArea = buildCarePeriod({ hostAuthorityCode: HOST });
const episode = buildEpisode({ hostAuthorityCode: HOST, endAt: null });
const identified = buildStatus({ id: IDS.secondStatus, status: 'IDENTIFIED', effectiveFrom: '2024-12-01', basis: 'RECORDED' });
const concern = buildConcern({ statuses: [buildStatus(), identified], nrmReferral: buildReferral() });
const challenged = buildAgeAssessment({ challenge: 'JUDICIAL_REVIEW', challengedOn: '2024-11-01' });
/** A child whose date of birth is not known: an estimated age, kept in its own columns. */
const estimated = buildChild({
  id: '00000000-0000-4000-8000-0000000000e1',
  laChildId: 'TEST-CHILD-0002',
  dateOfBirthClaimed: null,
  dateOfBirthEstimate: { earliest: '2008-06-02', latest: '2010-06-01', source: 'PROFESSIONAL', estimatedOn: '2025-06-01' },
});

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.transaction().execute(async (trx) => {
    await childRecordWrites.insertChild(trx, child, at);
    await childRecordWrites.insertChild(trx, estimated, at);
    await childRecordWrites.upsertCarePeriod(trx, placedOutOfArea, at);
    await childRecordWrites.upsertMissingEpisode(trx, episode, at);
    await childRecordWrites.upsertTraffickingConcern(trx, concern, at);
    // Written newest first: the read puts them in order.
    await childRecordWrites.insertTraffickingStatuses(trx, [identified, buildStatus()], at);
    await childRecordWrites.upsertNrmReferral(trx, buildReferral(), at);
    // An assessment challenged by judicial review, not decided yet.
    await childRecordWrites.insertAgeAssessment(trx, challenged, at);
  });
});
afterAll(async () => {
  await handle.close();
});

describe('journey context repository', () => {
  it('should read the child’s name and placement, and nothing the journey did not ask for', async () => {
    expect(await loadJourneyChild(handle.db, CHILD_ID, {})).toEqual({
      id: CHILD_ID,
      givenNames: child.givenNames,
      familyName: child.familyName,
      responsibleAuthorityCode: child.responsibleAuthorityCode,
      nrmReference: child.nrmReference,
      version: 3,
      outOfArea: true,
      missingEpisodes: [],
      openCarePeriod: null,
      openUascPeriod: null,
      carePeriods: [],
      traffickingConcerns: [],
      ageAssessments: [],
      details: null,
    });
  });

  it('should read the child’s identifiers, languages, nationality and date of birth when asked, as the record holds them', async () => {
    const read = await loadJourneyChild(handle.db, CHILD_ID, { details: true });
    expect(read?.details).toEqual({
      laChildId: child.laChildId,
      upn: child.upn,
      homeOfficeReference: child.homeOfficeReference,
      nrmReference: child.nrmReference,
      policePersonId: child.policePersonId,
      nationality: child.nationality,
      languages: child.languages,
      interpreterNeeded: child.interpreterNeeded,
      dateOfBirthClaimed: child.dateOfBirthClaimed,
      dateOfBirthAssessed: child.dateOfBirthAssessed,
      dateOfBirthEstimate: null,
    });
    expect((await loadJourneyChild(handle.db, estimated.id, { details: true }))?.details).toMatchObject({
      dateOfBirthClaimed: null,
      dateOfBirthEstimate: estimated.dateOfBirthEstimate,
    });
  });

  it('should read the age assessments, with their challenges, when asked', async () => {
    expect((await loadJourneyChild(handle.db, CHILD_ID, { ageAssessments: true }))?.ageAssessments).toEqual([challenged]);
  });

  it('should read the missing episodes and the open care period when asked, as the record holds them', async () => {
    const read = await loadJourneyChild(handle.db, CHILD_ID, { missingEpisodes: true, openCarePeriod: true });
    expect(read?.missingEpisodes).toMatchObject([
      { id: episode.id, childId: CHILD_ID, endAt: null, policeReference: episode.policeReference, returnInterview: null, version: 1 },
    ]);
    expect(read?.openCarePeriod).toMatchObject(placedOutOfArea);
  });

  it('should read the care periods and the trafficking concerns with their statuses in order and NRM referral when asked', async () => {
    const read = await loadJourneyChild(handle.db, CHILD_ID, { carePeriods: true, traffickingConcerns: true });
    expect(read?.carePeriods).toEqual([expect.objectContaining(placedOutOfArea)]);
    expect(read?.carePeriods[0]).not.toHaveProperty('childRecordKey');
    expect(read?.traffickingConcerns).toMatchObject([{ ...concern, statuses: [buildStatus(), identified], nrmReferral: buildReferral() }]);
  });

  it('should return null for a child that does not exist', async () => {
    expect(await loadJourneyChild(handle.db, '00000000-0000-4000-8000-00000000ffff', { missingEpisodes: true })).toBeNull();
  });
});
