import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { ChildRecord } from '../../domain/child-record.ts';
import type { DatabaseHandle } from '../client.ts';
import { migrate } from '../migrate.ts';
import { childIdsLookedAfter, childRecordWrites, loadChildRecord } from './child-record-repository.ts';

let handle: DatabaseHandle;
const at = { at: '2025-06-01T09:00:00.000Z' };

const record: ChildRecord = {
  child: {
    id: '00000000-0000-4000-8000-000000000001',
    responsibleAuthorityCode: 'E10000016',
    laChildId: 'R1',
    givenNames: 'Dawit',
    familyName: 'Testperson',
    sex: 'M',
    dateOfBirthClaimed: '2008-02-29',
    dateOfBirthAssessed: null,
    dateOfBirthEstimate: null,
    nationality: 'ER',
    languages: ['Tigrinya', 'Arabic'],
    interpreterNeeded: true,
    ethnicity: null,
    upn: null,
    homeOfficeReference: 'HO-1',
    nrmReference: null,
    policePersonId: null,
    version: 1,
  },
  aliases: [],
  ageStatuses: [],
  ageAssessments: [
    {
      id: '00000000-0000-4000-8000-000000000008',
      childId: '00000000-0000-4000-8000-000000000001',
      referredOn: '2025-03-03',
      assessedOn: '2025-04-14',
      assessedBy: 'LOCAL_AUTHORITY',
      mertonCompliant: true,
      outcome: 'CHILD',
      assessedDateOfBirth: '2009-01-01',
      assessedAge: null,
      response: 'DISPUTED',
      note: 'Judicial review lodged',
      challenge: 'NONE',
      challengedOn: null,
      challengeResult: null,
      challengeDecidedOn: null,
      version: 1,
    },
  ],
  carePeriods: [
    {
      id: '00000000-0000-4000-8000-000000000002',
      childId: '00000000-0000-4000-8000-000000000001',
      startDate: '2024-03-31',
      endDate: null,
      legalStatus: 'V2',
      placementType: 'K2',
      reasonNewEpisode: 'S',
      reasonCeased: null,
      responsibleAuthorityCode: 'E10000016',
      hostAuthorityCode: 'E09000008',
      version: 1,
    },
  ],
  uascPeriods: [],
  nationalTransfers: [],
  traffickingConcerns: [],
  missingEpisodes: [
    {
      id: '00000000-0000-4000-8000-000000000003',
      childId: '00000000-0000-4000-8000-000000000001',
      type: 'M',
      // Just after midnight in British Summer Time: still 30 June in UTC.
      startAt: '2025-06-30T23:30:00.000Z',
      endAt: null,
      responsibleAuthorityCode: 'E10000016',
      hostAuthorityCode: 'E09000008',
      lastSeenLocation: null,
      lastSeenWith: null,
      reportedToPoliceAt: null,
      policeForce: null,
      policeReference: null,
      policeRiskLevel: 'HIGH',
      responsibleAuthorityToldAt: null,
      hostAuthorityToldAt: null,
      endReason: null,
      harmDisclosed: null,
      exploitationDisclosed: null,
      version: 1,
      returnInterview: null,
    },
  ],
};

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.transaction().execute(async (trx) => {
    await childRecordWrites.insertChild(trx, record.child, at);
    await childRecordWrites.upsertCarePeriod(trx, record.carePeriods[0]!, at);
    await childRecordWrites.insertAgeAssessment(trx, record.ageAssessments[0]!, at);
    await childRecordWrites.upsertMissingEpisode(trx, record.missingEpisodes[0]!, at);
  });
});
afterAll(async () => {
  await handle.close();
});

describe('child record repository', () => {
  it('should read back exactly what was written: days as dates, moments as UTC instants, lists as arrays', async () => {
    expect(await loadChildRecord(handle.db, record.child.id)).toMatchObject(record);
  });

  it('should return null for a child that does not exist', async () => {
    expect(await loadChildRecord(handle.db, '00000000-0000-4000-8000-00000000ffff')).toBeNull();
  });

  it('should update a child only from the version before', async () => {
    const changed = { ...record.child, familyName: 'Renamed', version: 2 };
    expect(await childRecordWrites.updateChild(handle.db, changed, at)).toBe(true);
    expect(await childRecordWrites.updateChild(handle.db, changed, at)).toBe(false);
    expect((await loadChildRecord(handle.db, record.child.id))?.child).toMatchObject({ familyName: 'Renamed', version: 2 });
  });

  it('should give every child and episode a record key when inserted, keep it, and never put it in the record', async () => {
    const keyOf = async () => ({
      child: (await handle.db.selectFrom('child').select('recordKey').where('id', '=', record.child.id).executeTakeFirstOrThrow()).recordKey,
      episode: (await handle.db.selectFrom('missingEpisode').select('recordKey').where('id', '=', record.missingEpisodes[0]!.id).executeTakeFirstOrThrow())
        .recordKey,
    });
    const keys = await keyOf();
    for (const key of Object.values(keys)) expect(key >= 0 && key <= 255 && Number.isInteger(key)).toBe(true);
    // Written again (the application writes whole rows back), or even set by hand, a key stays as it was.
    await childRecordWrites.upsertMissingEpisode(handle.db, { ...record.missingEpisodes[0]!, version: 2 }, at);
    await handle.db
      .updateTable('child')
      .set((eb) => ({ recordKey: eb('recordKey', '+', 1) }))
      .where('id', '=', record.child.id)
      .execute();
    expect(await keyOf()).toEqual(keys);
    const loaded = await loadChildRecord(handle.db, record.child.id);
    expect(loaded?.child).not.toHaveProperty('recordKey');
    expect(loaded?.missingEpisodes[0]).not.toHaveProperty('recordKey');
    expect(loaded?.carePeriods[0]).not.toHaveProperty('childRecordKey');
    // Each care period carries its child's key, for the statistics to read from their index.
    expect(
      (await handle.db.selectFrom('carePeriod').select('childRecordKey').where('childId', '=', record.child.id).executeTakeFirstOrThrow()).childRecordKey,
    ).toBe(keys.child);
  });

  it('should refuse at the database an assessment decided before it was asked for, or with both a date of birth and an age', async () => {
    const assessment = { ...record.ageAssessments[0]!, id: '00000000-0000-4000-8000-000000000009' };
    await expect(childRecordWrites.insertAgeAssessment(handle.db, { ...assessment, assessedOn: '2025-03-02' }, at)).rejects.toThrow();
    await expect(childRecordWrites.insertAgeAssessment(handle.db, { ...assessment, assessedAge: 16 }, at)).rejects.toThrow();
    expect((await loadChildRecord(handle.db, record.child.id))?.ageAssessments).toHaveLength(1);
  });

  it('should record an assessment’s legal challenge at its version, and refuse at the database one brought before the outcome', async () => {
    const assessment = record.ageAssessments[0]!;
    const challenged = { ...assessment, challenge: 'JUDICIAL_REVIEW', challengedOn: '2025-05-01', version: 2 } as const;
    await childRecordWrites.updateAgeAssessmentChallenge(handle.db, challenged);
    // A write from a stale version changes nothing.
    await childRecordWrites.updateAgeAssessmentChallenge(handle.db, { ...challenged, challengeResult: 'UPHELD', challengeDecidedOn: '2025-06-01' });
    expect((await loadChildRecord(handle.db, record.child.id))?.ageAssessments[0]).toMatchObject({
      challenge: 'JUDICIAL_REVIEW',
      challengedOn: '2025-05-01',
      challengeResult: null,
      version: 2,
    });
    await expect(childRecordWrites.updateAgeAssessmentChallenge(handle.db, { ...challenged, challengedOn: '2025-04-01', version: 3 })).rejects.toThrow();
  });

  it('should refuse a second open missing episode for a child at the database too', async () => {
    const second = { ...record.missingEpisodes[0]!, id: '00000000-0000-4000-8000-000000000004', startAt: '2025-07-02T10:00:00.000Z' };
    await expect(childRecordWrites.upsertMissingEpisode(handle.db, second, at)).rejects.toThrow();
  });

  it('should keep a child known by one name with an estimated age, and find them by that name', async () => {
    const child = {
      ...record.child,
      id: '00000000-0000-4000-8000-000000000005',
      laChildId: 'R2',
      givenNames: 'Amanuel',
      familyName: null,
      dateOfBirthClaimed: null,
      dateOfBirthEstimate: { earliest: '2008-01-11', latest: '2010-01-10', source: 'AGE_ASSESSMENT' as const, estimatedOn: '2025-01-10' },
    };
    await childRecordWrites.insertChild(handle.db, child, at);
    await childRecordWrites.insertAlias(
      handle.db,
      {
        id: '00000000-0000-4000-8000-000000000006',
        childId: child.id,
        givenNames: null,
        familyName: 'Tesfay',
        dateOfBirth: null,
        nationality: null,
        source: 'Police',
        seenWhere: null,
        seenOn: '2025-01-02',
      },
      at,
    );
    expect((await loadChildRecord(handle.db, child.id))?.child).toMatchObject({
      givenNames: 'Amanuel',
      familyName: null,
      dateOfBirthClaimed: null,
      dateOfBirthEstimate: child.dateOfBirthEstimate,
    });
    // The names a search reads are kept by triggers: a missing part leaves no stray space.
    const names = await handle.db.selectFrom('childSearchName').select('foldedName').where('childId', '=', child.id).orderBy('foldedName').execute();
    expect(names.map((row) => row.foldedName)).toEqual(['amanuel', 'tesfay']);
    // Clearing the estimate once a date of birth is known.
    expect(await childRecordWrites.updateChild(handle.db, { ...child, dateOfBirthClaimed: '2009-05-01', dateOfBirthEstimate: null, version: 2 }, at)).toBe(
      true,
    );
    expect((await loadChildRecord(handle.db, child.id))?.child).toMatchObject({ dateOfBirthClaimed: '2009-05-01', dateOfBirthEstimate: null });
  });

  it('should refuse at the database a child with no name, no date of birth, or half an estimate', async () => {
    const base = { ...record.child, id: '00000000-0000-4000-8000-000000000007', laChildId: 'R3' };
    await expect(childRecordWrites.insertChild(handle.db, { ...base, givenNames: null, familyName: ' ' }, at)).rejects.toThrow();
    await expect(childRecordWrites.insertChild(handle.db, { ...base, dateOfBirthClaimed: null }, at)).rejects.toThrow();
    const { dateOfBirthEstimate: _none, ...row } = base;
    const halfAnEstimate = {
      ...row,
      dateOfBirthClaimed: null,
      dateOfBirthEarliest: '2008-01-11',
      dateOfBirthLatest: '2010-01-10',
      languages: [],
      createdAt: at.at,
      updatedAt: at.at,
    };
    await expect(handle.db.insertInto('child').values(halfAnEstimate).execute()).rejects.toThrow(/child_date_of_birth_estimate_whole/);
    // The whole estimate is accepted.
    await handle.db
      .insertInto('child')
      .values({ ...halfAnEstimate, dateOfBirthSource: 'CHILD', dateOfBirthEstimatedOn: '2025-01-10' })
      .execute();
  });

  it('should apply no migration twice', async () => {
    expect((await migrate(handle)).applied).toEqual([]);
  });

  it('should ship every UK authority with children’s services, and an organisation for each', async () => {
    const authorities = await handle.db
      .selectFrom('localAuthority')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const organisations = await handle.db
      .selectFrom('organisation')
      .where('kind', '=', 'local_authority')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(authorities.count).toBe(212);
    expect(organisations.count).toBe(212);
  });
});

describe('childIdsLookedAfter', () => {
  const year = { start: '2024-04-01', end: '2025-03-31' };
  /** A child of `authority` with one care period from `start` to `end`. */
  async function lookedAfter(n: number, startDate: string, endDate: string | null, authority = 'E10000016'): Promise<string> {
    const id = `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
    await childRecordWrites.insertChild(handle.db, { ...record.child, id, laChildId: `Y${n}`, responsibleAuthorityCode: authority }, at);
    const period = {
      ...record.carePeriods[0]!,
      id: `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`,
      childId: id,
      startDate,
      endDate,
      reasonCeased: endDate === null ? null : 'E13',
    };
    await childRecordWrites.upsertCarePeriod(handle.db, period, at);
    return id;
  }

  it('should find the children with a care period overlapping the days, both days included, of the authority only, in id order', async () => {
    const endedOnFirstDay = await lookedAfter(1, '2024-01-01', '2024-04-01');
    const startedOnLastDay = await lookedAfter(2, '2025-03-31', null);
    const stillOpen = await lookedAfter(3, '2020-01-01', null);
    await lookedAfter(4, '2023-01-01', '2024-03-31'); // ended the day before
    await lookedAfter(5, '2025-04-01', null); // started the day after
    await lookedAfter(6, '2024-06-01', null, 'E06000035'); // another authority's (Medway)
    const found = await childIdsLookedAfter(handle.db, 'E10000016', year);
    // The record above (looked after since 31 March 2024) is one of them too.
    expect(found).toEqual([record.child.id, endedOnFirstDay, startedOnLastDay, stillOpen].sort());
  });
});
