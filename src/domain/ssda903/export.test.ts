import { describe, expect, it } from 'vitest';
import {
  AUTHORITY,
  OTHER_AUTHORITY,
  buildAgeStatus,
  buildAlias,
  buildCarePeriod,
  buildConcern,
  buildEpisode,
  buildInterview,
  buildNationalTransfer,
  buildRecord,
  buildReferral,
  buildStatus,
  buildUascPeriod,
  IDS,
} from '../../../test/factories/child-record.ts';
import type { RecordOverrides } from '../../../test/factories/child-record.ts';
import type { ChildRecord } from '../child-record.ts';
import { collectionYear } from './collection-year.ts';
import { exportReturn } from './export.ts';
import type { ReturnExport } from './export.ts';
import { TABLE_NAMES } from './tables.ts';
import type { TableName } from './tables.ts';

const YEAR_2025 = collectionYear(2025); // 1 April 2024 to 31 March 2025

/** A child of the authority with a short CHILD id, as the 903 return needs. */
function child(id: string, overrides: RecordOverrides = {}): ChildRecord {
  return buildRecord({ ...overrides, child: { laChildId: id, ...overrides.child } });
}

/** A table's rows as objects keyed by column, to assert on by name. */
function rowsOf(exported: ReturnExport, name: TableName): Record<string, string>[] {
  const table = exported.tables.find((entry) => entry.table.name === name);
  if (table === undefined) throw new Error(`No ${name} table`);
  return table.rows.map((row) => Object.fromEntries(table.table.columns.map((column, i) => [column, row[i] ?? ''])));
}

const exportOf = (records: readonly ChildRecord[], year = YEAR_2025): ReturnExport => exportReturn(records, { authorityCode: AUTHORITY, year });

describe('exportReturn: which children and rows', () => {
  it('should include the authority’s children looked after at any time in the year, and no one else', () => {
    const exported = exportOf([
      child('IN1'),
      child('ENDED', { carePeriods: [buildCarePeriod({ startDate: '2023-01-01', endDate: '2024-03-31', reasonCeased: 'E13' })] }),
      child('LATER', { carePeriods: [buildCarePeriod({ startDate: '2025-04-01' })] }),
      child('JUSTIN', { carePeriods: [buildCarePeriod({ startDate: '2023-01-01', endDate: '2024-04-01', reasonCeased: 'E13' })] }),
      child('OTHER', { child: { responsibleAuthorityCode: OTHER_AUTHORITY } }),
    ]);
    expect(rowsOf(exported, 'Header').map((row) => row['CHILD'])).toEqual(['IN1', 'JUSTIN']);
  });

  it('should write every table, in a fixed order, with its header even when it has no rows', () => {
    const exported = exportOf([]);
    expect(exported.tables.map((table) => table.table.name)).toEqual([...TABLE_NAMES]);
    expect(rowsOf(exported, 'LanternExport')).toEqual([{ LANTERN_FORMAT: '1', COLLECTION_YEAR: '2025', LA: AUTHORITY }]);
    expect(rowsOf(exported, 'Header')).toEqual([]);
  });

  it('should give the same rows in the same order whatever order the records come in', () => {
    const records = [
      child('B2', {
        missingEpisodes: [buildEpisode(), buildEpisode({ id: IDS.secondEpisode, startAt: '2025-01-10T10:00:00Z', endAt: '2025-01-10T12:00:00Z' })],
      }),
      child('A1', { aliases: [buildAlias(), buildAlias({ id: 'x', givenNames: 'Another' })] }),
    ];
    const reversed = [...records]
      .reverse()
      .map((record) => ({ ...record, missingEpisodes: [...record.missingEpisodes].reverse(), aliases: [...record.aliases].reverse() }));
    expect(exportOf(reversed)).toEqual(exportOf(records));
    expect(rowsOf(exportOf(records), 'Header').map((row) => row['CHILD'])).toEqual(['A1', 'B2']);
  });
});

describe('exportReturn: the Header', () => {
  it('should write the DfE codes and dd/mm/yyyy dates', () => {
    const exported = exportOf([child('C1', { child: { sex: 'F', ethnicity: 'BAFR', upn: 'A123456789012', dateOfBirthClaimed: '2008-05-10' } })]);
    expect(rowsOf(exported, 'Header')).toEqual([{ CHILD: 'C1', SEX: 'F', DOB: '10/05/2008', ETHNIC: 'BAFR', UPN: 'A123456789012', MOTHER: '', MC_DOB: '' }]);
  });

  it('should give the date of birth that counts: the assessed one where an assessment set it', () => {
    const exported = exportOf([child('C1', { child: { dateOfBirthClaimed: '2009-01-01', dateOfBirthAssessed: '2007-06-30' } })]);
    expect(rowsOf(exported, 'Header')[0]?.['DOB']).toBe('30/06/2007');
    expect(rowsOf(exported, 'LanternChildren')[0]).toMatchObject({ DOB_CLAIMED: '01/01/2009', DOB_ASSESSED: '30/06/2007' });
  });

  it('should code SEX as 1 and 2 before 2024-25, leaving "not known" blank with a notice', () => {
    const records = [child('M1', { child: { sex: 'M' } }), child('F1', { child: { sex: 'F' } }), child('U1', { child: { sex: 'U' } })];
    const exported = exportOf(records, collectionYear(2024));
    expect(rowsOf(exported, 'Header').map((row) => row['SEX'])).toEqual(['2', '1', '']);
    expect(exported.notices.join(' ')).toMatch(/1 child\(ren\) have sex "not known".*rule 101/);
  });

  it('should code SEX as M, F and U from 2024-25, with no notice', () => {
    const exported = exportOf([child('U1', { child: { sex: 'U' } })]);
    expect(rowsOf(exported, 'Header')[0]?.['SEX']).toBe('U');
    expect(exported.notices).toEqual([]);
  });
});

describe('exportReturn: Episodes', () => {
  it('should write an episode with its codes, and leave blank what Lantern does not record', () => {
    const exported = exportOf([
      child('C1', {
        carePeriods: [
          buildCarePeriod({
            startDate: '2024-05-01',
            endDate: '2024-09-30',
            reasonCeased: 'X1',
            legalStatus: 'V2',
            placementType: 'U6',
            reasonNewEpisode: 'S',
          }),
          buildCarePeriod({
            id: IDS.secondCarePeriod,
            startDate: '2024-09-30',
            legalStatus: 'C2',
            placementType: 'K2',
            reasonNewEpisode: 'B',
            hostAuthorityCode: OTHER_AUTHORITY,
          }),
        ],
      }),
    ]);
    expect(rowsOf(exported, 'Episodes')).toEqual([
      {
        CHILD: 'C1',
        DECOM: '01/05/2024',
        RNE: 'S',
        LS: 'V2',
        CIN: '',
        PLACE: 'U6',
        PLACE_PROVIDER: '',
        DEC: '30/09/2024',
        REC: 'X1',
        REASON_PLACE_CHANGE: '',
        HOME_POST: '',
        PL_POST: '',
        URN: '',
      },
      {
        CHILD: 'C1',
        DECOM: '30/09/2024',
        RNE: 'B',
        LS: 'C2',
        CIN: '',
        PLACE: 'K2',
        PLACE_PROVIDER: '',
        DEC: '',
        REC: '',
        REASON_PLACE_CHANGE: '',
        HOME_POST: '',
        PL_POST: '',
        URN: '',
      },
    ]);
    expect(rowsOf(exported, 'LanternPlacements')).toEqual([
      { CHILD: 'C1', DECOM: '01/05/2024', RESPONSIBLE_LA: AUTHORITY, HOST_LA: AUTHORITY },
      { CHILD: 'C1', DECOM: '30/09/2024', RESPONSIBLE_LA: AUTHORITY, HOST_LA: OTHER_AUTHORITY },
    ]);
  });

  it('should show an episode that ended after 31 March as still open then', () => {
    const exported = exportOf([child('C1', { carePeriods: [buildCarePeriod({ startDate: '2024-05-01', endDate: '2025-04-10', reasonCeased: 'E13' })] })]);
    expect(rowsOf(exported, 'Episodes')[0]).toMatchObject({ DECOM: '01/05/2024', DEC: '', REC: '' });
  });

  it('should leave out episodes that ended before the year or start after it', () => {
    const exported = exportOf([
      child('C1', {
        carePeriods: [
          buildCarePeriod({ startDate: '2023-01-01', endDate: '2024-02-01', reasonCeased: 'X1' }),
          buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-02-01', endDate: '2025-04-05', reasonCeased: 'X1' }),
          buildCarePeriod({ id: 'third', startDate: '2025-04-05' }),
        ],
      }),
    ]);
    expect(rowsOf(exported, 'Episodes').map((row) => row['DECOM'])).toEqual(['01/02/2024']);
  });

  it('should keep an earlier episode when a missing period of the year started in it (rules 578 and 581)', () => {
    const exported = exportOf([
      child('C1', {
        carePeriods: [
          buildCarePeriod({ startDate: '2023-01-01', endDate: '2024-03-25', reasonCeased: 'X1' }),
          buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-03-25', reasonNewEpisode: 'P' }),
        ],
        missingEpisodes: [buildEpisode({ startAt: '2024-03-20T18:00:00Z', endAt: '2024-04-03T09:00:00Z' })],
      }),
    ]);
    expect(rowsOf(exported, 'Episodes').map((row) => row['DECOM'])).toEqual(['01/01/2023', '25/03/2024']);
  });

  it('should tell of placement types the year’s PLACE list does not have', () => {
    const exported = exportOf([child('C1', { carePeriods: [buildCarePeriod({ startDate: '2024-05-01', placementType: 'Z1' })] })], collectionYear(2026));
    expect(exported.notices.join(' ')).toMatch(/Z1 are not in the 2025-26 PLACE list/);
  });
});

describe('exportReturn: Missing', () => {
  const care = [buildCarePeriod({ startDate: '2024-01-01' })];

  it('should write each missing period of the year by its UK days, with Lantern’s details beside it', () => {
    // 11:30pm BST on 14 July is 14 July in the UK though 22:30 UTC; back at 1am BST on 16 July.
    const episode = buildEpisode({
      type: 'A',
      startAt: '2024-07-14T22:30:00Z',
      endAt: '2024-07-16T00:00:00Z',
      hostAuthorityCode: OTHER_AUTHORITY,
      lastSeenWith: 'Two adults in a car',
      reportedToPoliceAt: '2024-07-14T23:10:00Z',
      responsibleAuthorityToldAt: '2024-07-14T23:00:00Z',
      hostAuthorityToldAt: null,
      harmDisclosed: 'SUSPECTED',
      exploitationDisclosed: true,
      returnInterview: buildInterview({
        offeredAt: '2024-07-16T10:00:00Z',
        completedAt: '2024-07-17T10:00:00Z',
        outcomes: ['SAFEGUARDING_REFERRAL', 'NRM_REFERRAL'],
      }),
    });
    const exported = exportOf([child('C1', { child: { dateOfBirthClaimed: '2008-05-10' }, carePeriods: care, missingEpisodes: [episode] })]);

    expect(rowsOf(exported, 'Missing')).toEqual([{ CHILD: 'C1', DOB: '10/05/2008', MISSING: 'A', MIS_START: '14/07/2024', MIS_END: '16/07/2024' }]);
    expect(rowsOf(exported, 'LanternMissingDetails')).toEqual([
      {
        CHILD: 'C1',
        MIS_START: '14/07/2024',
        START_AT: '2024-07-14T22:30:00.000Z',
        END_AT: '2024-07-16T00:00:00.000Z',
        RESPONSIBLE_LA: AUTHORITY,
        HOST_LA: OTHER_AUTHORITY,
        LAST_SEEN_LOCATION: 'Outside Example Road corner shop',
        LAST_SEEN_WITH: 'Two adults in a car',
        REPORTED_TO_POLICE_AT: '2024-07-14T23:10:00.000Z',
        POLICE_FORCE: 'Fictionshire Police',
        POLICE_REFERENCE: 'FP-TEST-0001',
        POLICE_RISK: 'MEDIUM',
        RESPONSIBLE_LA_TOLD_AT: '2024-07-14T23:00:00.000Z',
        HOST_LA_TOLD_AT: '',
        END_REASON: 'RETURNED_SELF',
        HARM_DISCLOSED: 'SUSPECTED',
        EXPLOITATION_DISCLOSED: '1',
        RHI_RESPONSE: 'ACCEPTED',
        RHI_OFFERED_AT: '2024-07-16T10:00:00.000Z',
        RHI_NOT_OFFERED_REASON: '',
        RHI_COMPLETED_AT: '2024-07-17T10:00:00.000Z',
        RHI_INTERVIEWER: 'INDEPENDENT_PROVIDER',
        RHI_OUTCOMES: 'SAFEGUARDING_REFERRAL;NRM_REFERRAL',
      },
    ]);
  });

  it('should include periods open at any time in the year, and no others', () => {
    const episodes = [
      buildEpisode({ id: 'before', startAt: '2024-03-01T10:00:00Z', endAt: '2024-03-31T22:00:00Z' }), // 31 March 11pm BST: 31 March
      buildEpisode({ id: 'across', startAt: '2024-03-31T10:00:00Z', endAt: '2024-03-31T23:30:00Z' }), // 1 April 00:30 BST
      buildEpisode({ id: 'after', startAt: '2025-04-01T09:00:00Z', endAt: '2025-04-01T10:00:00Z' }),
    ];
    const exported = exportOf([child('C1', { carePeriods: care, missingEpisodes: episodes })]);
    expect(rowsOf(exported, 'Missing').map((row) => `${row['MIS_START'] ?? ''}-${row['MIS_END'] ?? ''}`)).toEqual(['31/03/2024-01/04/2024']);
  });

  it('should show a period still going on 31 March as open, without what was learned on return', () => {
    const episode = buildEpisode({
      startAt: '2025-03-30T10:00:00Z',
      endAt: '2025-04-02T10:00:00Z',
      harmDisclosed: 'CONFIRMED',
      returnInterview: buildInterview({ offeredAt: '2025-04-03T10:00:00Z', completedAt: '2025-04-04T10:00:00Z' }),
    });
    const exported = exportOf([child('C1', { carePeriods: care, missingEpisodes: [episode] })]);
    expect(rowsOf(exported, 'Missing')[0]).toMatchObject({ MIS_START: '30/03/2025', MIS_END: '' });
    expect(rowsOf(exported, 'LanternMissingDetails')[0]).toMatchObject({
      END_AT: '',
      END_REASON: '',
      HARM_DISCLOSED: '',
      EXPLOITATION_DISCLOSED: '',
      RHI_RESPONSE: '',
      RHI_COMPLETED_AT: '',
      REPORTED_TO_POLICE_AT: '2025-03-01T22:00:00.000Z',
    });
    expect(exported.notices).toEqual([]);
  });

  it('should keep the real end when the placement the child went missing from had ended by 31 March (rule 575)', () => {
    const exported = exportOf([
      child('C1', {
        carePeriods: [
          buildCarePeriod({ startDate: '2024-01-01', endDate: '2025-03-30', reasonCeased: 'X1' }),
          buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2025-03-30', reasonNewEpisode: 'P' }),
        ],
        missingEpisodes: [buildEpisode({ startAt: '2025-03-28T10:00:00Z', endAt: '2025-04-02T10:00:00Z' })],
      }),
    ]);
    expect(rowsOf(exported, 'Missing')[0]).toMatchObject({ MIS_START: '28/03/2025', MIS_END: '02/04/2025' });
    expect(rowsOf(exported, 'LanternMissingDetails')[0]).toMatchObject({ END_REASON: 'RETURNED_SELF' });
    expect(exported.notices.join(' ')).toMatch(/1 missing period\(s\) ended after 31 March 2025 but show their real end date/);
  });

  it('should keep the real end when the child had ceased to be looked after by 31 March (rule 577)', () => {
    const exported = exportOf([
      child('C1', {
        carePeriods: [buildCarePeriod({ startDate: '2024-01-01', endDate: '2025-03-31', reasonCeased: 'E8' })],
        missingEpisodes: [buildEpisode({ startAt: '2025-03-31T08:00:00Z', endAt: '2025-04-02T10:00:00Z', endReason: 'CEASED_LA_WHILE_MISSING' })],
      }),
    ]);
    expect(rowsOf(exported, 'Missing')[0]).toMatchObject({ MIS_END: '02/04/2025' });
  });
});

describe('exportReturn: UASC', () => {
  it('should write DUC when UASC status ceased in the year, keeping the UASC row for a former UASC', () => {
    const exported = exportOf([child('C1', { uascPeriods: [buildUascPeriod({ startDate: '2023-01-01', ceasedDate: '2024-12-01' })] })]);
    expect(rowsOf(exported, 'UASC')).toEqual([{ CHILD: 'C1', SEX: 'F', DOB: '10/05/2008', DUC: '01/12/2024' }]);
  });

  it('should write the 18th birthday as DUC when the child was still UASC on 31 March (DfE rule 205B), but keep the real date in Lantern’s periods', () => {
    const exported = exportOf([child('C1', { uascPeriods: [buildUascPeriod({ startDate: '2023-01-01', ceasedDate: '2025-05-01' })] })]);
    expect(rowsOf(exported, 'UASC')[0]?.['DUC']).toBe('10/05/2026');
    expect(rowsOf(exported, 'LanternUascPeriods')).toEqual([{ CHILD: 'C1', UASC_START: '01/01/2023', DUC: '01/05/2025' }]);
  });

  it('should write the 18th birthday of the assessed date of birth as the DfE counts it, 28 February for a leap-day birth, when the child is still UASC', () => {
    const exported = exportOf([child('C1', { child: { dateOfBirthAssessed: '2008-02-29' }, uascPeriods: [buildUascPeriod({ startDate: '2023-01-01' })] })]);
    expect(rowsOf(exported, 'UASC')).toEqual([{ CHILD: 'C1', SEX: 'F', DOB: '29/02/2008', DUC: '28/02/2026' }]);
  });

  it('should leave out a child whose UASC status ceased before the year (DfE rule 104)', () => {
    const exported = exportOf([child('C1', { uascPeriods: [buildUascPeriod({ startDate: '2023-01-01', ceasedDate: '2024-03-01' })] })]);
    expect(rowsOf(exported, 'UASC')).toEqual([]);
    expect(rowsOf(exported, 'LanternUascPeriods')).toHaveLength(1);
  });
});

describe('exportReturn: Lantern’s supplementary tables', () => {
  it('should write the child’s identity, identifiers and languages, in the record’s order', () => {
    const exported = exportOf([
      child('C1', {
        child: {
          givenNames: 'Testy',
          familyName: 'McFictional',
          nationality: 'VN',
          languages: ['vi', 'en'],
          interpreterNeeded: true,
          homeOfficeReference: 'HO-1',
          nrmReference: 'NRM-1',
          policePersonId: 'PP-1',
        },
      }),
    ]);
    expect(rowsOf(exported, 'LanternChildren')).toEqual([
      {
        CHILD: 'C1',
        GIVEN_NAMES: 'Testy',
        FAMILY_NAME: 'McFictional',
        DOB_CLAIMED: '10/05/2008',
        DOB_ASSESSED: '',
        NATIONALITY: 'VN',
        INTERPRETER_NEEDED: '1',
        HOME_OFFICE_REF: 'HO-1',
        NRM_REF: 'NRM-1',
        POLICE_PERSON_ID: 'PP-1',
      },
    ]);
    expect(rowsOf(exported, 'LanternLanguages')).toEqual([
      { CHILD: 'C1', LANGUAGE: 'vi' },
      { CHILD: 'C1', LANGUAGE: 'en' },
    ]);
  });

  it('should write aliases, age statuses and National Transfer Scheme transfers', () => {
    const exported = exportOf([
      child('C1', {
        aliases: [buildAlias({ dateOfBirth: '2007-01-01', nationality: 'unknown' })],
        ageStatuses: [buildAgeStatus({ status: 'DISPUTED', effectiveFrom: '2023-01-02', note: 'Looks older, says "16"' })],
        nationalTransfers: [buildNationalTransfer()],
      }),
    ]);
    expect(rowsOf(exported, 'LanternAliases')).toEqual([
      {
        CHILD: 'C1',
        ALIAS_GIVEN_NAMES: 'Placeholder',
        ALIAS_FAMILY_NAME: 'Notarealname',
        ALIAS_DOB: '01/01/2007',
        ALIAS_NATIONALITY: 'unknown',
        SOURCE: 'Police report (fictional)',
        SEEN_WHERE: 'Exampletown bus station',
        SEEN_ON: '01/10/2024',
      },
    ]);
    expect(rowsOf(exported, 'LanternAgeStatuses')).toEqual([
      { CHILD: 'C1', AGE_STATUS: 'DISPUTED', AGE_STATUS_FROM: '02/01/2023', NOTE: 'Looks older, says "16"' },
    ]);
    expect(rowsOf(exported, 'LanternNationalTransfers')).toEqual([
      { CHILD: 'C1', FROM_LA: OTHER_AUTHORITY, TO_LA: AUTHORITY, REFERRED_ON: '01/02/2023', TRANSFERRED_ON: '15/02/2023' },
    ]);
  });

  it('should number a child’s trafficking concerns and give each its statuses and NRM referral and decisions', () => {
    const referred = buildConcern({
      raisedOn: '2024-11-04',
      statuses: [buildStatus({ id: 's2', status: 'IDENTIFIED', effectiveFrom: '2024-12-01', basis: 'RG_POSITIVE' }), buildStatus()],
      nrmReferral: buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-12-01' }),
    });
    const earlier = buildConcern({
      id: IDS.secondConcern,
      raisedOn: '2024-06-01',
      countyLines: false,
      exploitationTypes: ['SEXUAL', 'LABOUR'],
      statuses: [buildStatus({ id: 's3', concernId: IDS.secondConcern, effectiveFrom: '2024-06-01' })],
    });
    const exported = exportOf([child('C1', { traffickingConcerns: [referred, earlier] })]);

    expect(rowsOf(exported, 'LanternTraffickingConcerns')).toEqual([
      expect.objectContaining({
        CONCERN: '1',
        RAISED_ON: '01/06/2024',
        EXPLOITATION_TYPES: 'SEXUAL;LABOUR',
        COUNTY_LINES: '0',
        NRM_REFERRED_ON: '',
        NRM_RG_DECISION: '',
      }),
      {
        CHILD: 'C1',
        CONCERN: '2',
        RAISED_ON: '04/11/2024',
        RAISED_BY: 'Sam Samplesworth (fictional social worker)',
        INDICATORS: 'GOING_MISSING;UNEXPLAINED_MONEY_OR_POSSESSIONS',
        EXPLOITATION_TYPES: 'CRIMINAL',
        COUNTY_LINES: '1',
        EXPLOITATION_LOCATION: 'UK_ONLY',
        NRM_REFERRED_ON: '10/11/2024',
        NRM_FIRST_RESPONDER: 'Fictionshire County Council',
        NRM_COMPETENT_AUTHORITY: 'SCA',
        NRM_RG_DECISION: 'POSITIVE',
        NRM_RG_DATE: '01/12/2024',
        NRM_CG_DECISION: 'PENDING',
        NRM_CG_DATE: '',
      },
    ]);
    expect(rowsOf(exported, 'LanternTraffickingStatuses')).toEqual([
      { CHILD: 'C1', CONCERN: '1', STATUS: 'SUSPECTED', STATUS_FROM: '01/06/2024', BASIS: 'CONCERN_RAISED' },
      { CHILD: 'C1', CONCERN: '2', STATUS: 'SUSPECTED', STATUS_FROM: '04/11/2024', BASIS: 'CONCERN_RAISED' },
      { CHILD: 'C1', CONCERN: '2', STATUS: 'IDENTIFIED', STATUS_FROM: '01/12/2024', BASIS: 'RG_POSITIVE' },
    ]);
  });
});
