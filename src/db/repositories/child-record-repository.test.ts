import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { ChildRecord } from '../../domain/child-record.ts';
import type { DatabaseHandle } from '../client.ts';
import { migrate } from '../migrate.ts';
import { childRecordWrites, loadChildRecord } from './child-record-repository.ts';

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
  carePeriods: [
    { id: '00000000-0000-4000-8000-000000000002', childId: '00000000-0000-4000-8000-000000000001', startDate: '2024-03-31', endDate: null, legalStatus: 'V2', placementType: 'K2', reasonNewEpisode: 'S', reasonCeased: null, responsibleAuthorityCode: 'E10000016', hostAuthorityCode: 'E09000008', version: 1 },
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

  it('should refuse a second open missing episode for a child at the database too', async () => {
    const second = { ...record.missingEpisodes[0]!, id: '00000000-0000-4000-8000-000000000004', startAt: '2025-07-02T10:00:00.000Z' };
    await expect(childRecordWrites.upsertMissingEpisode(handle.db, second, at)).rejects.toThrow();
  });

  it('should apply no migration twice', async () => {
    expect((await migrate(handle)).applied).toEqual([]);
  });

  it('should ship every UK authority with children’s services, and an organisation for each', async () => {
    const authorities = await handle.db.selectFrom('localAuthority').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const organisations = await handle.db.selectFrom('organisation').where('kind', '=', 'local_authority').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(authorities.count).toBe(212);
    expect(organisations.count).toBe(212);
  });
});
