import type {
  AgeAssessment,
  AgeStatusEntry,
  CarePeriod,
  Child,
  ChildAlias,
  ChildRecord,
  MissingEpisode,
  NationalTransfer,
  NrmReferral,
  ReturnInterview,
  TraffickingConcern,
  TraffickingStatusEntry,
  UascPeriod,
} from '../../src/domain/child-record.ts';
import { newCarePeriod, newChild, newChildRecord, newMissingEpisode } from '../../src/domain/child-record-entities.ts';

// A small factory of valid, obviously fictional child records for pure domain tests.
// Every builder returns a valid entity on its own; overrides replace fields wholesale.
// The default record: a child born 10 May 2008, looked after since 1 January 2023 under a full
// care order (C2) in a long-term foster placement with relatives or friends (U1), placed in the
// responsible authority's own area.

/** Fixed, UUID-shaped ids so that tests can name the entity a rule reports. */
export const IDS = {
  child: '00000000-0000-4000-8000-000000000001',
  alias: '00000000-0000-4000-8000-000000000011',
  ageStatus: '00000000-0000-4000-8000-000000000021',
  ageAssessment: '00000000-0000-4000-8000-000000000022',
  carePeriod: '00000000-0000-4000-8000-000000000031',
  secondCarePeriod: '00000000-0000-4000-8000-000000000032',
  uascPeriod: '00000000-0000-4000-8000-000000000041',
  secondUascPeriod: '00000000-0000-4000-8000-000000000042',
  nationalTransfer: '00000000-0000-4000-8000-000000000051',
  concern: '00000000-0000-4000-8000-000000000061',
  secondConcern: '00000000-0000-4000-8000-000000000062',
  status: '00000000-0000-4000-8000-000000000071',
  secondStatus: '00000000-0000-4000-8000-000000000072',
  referral: '00000000-0000-4000-8000-000000000081',
  episode: '00000000-0000-4000-8000-000000000091',
  secondEpisode: '00000000-0000-4000-8000-000000000092',
  interview: '00000000-0000-4000-8000-0000000000a1',
} as const;

/** The responsible (and, by default, host) authority: a fictional-use English LA code. */
export const AUTHORITY = 'E10000016';
export const OTHER_AUTHORITY = 'E10000021';

const DATE_OF_BIRTH = '2008-05-10';
const CARE_START = '2023-01-01';

export function buildChild(overrides: Partial<Child> = {}): Child {
  return {
    ...newChild(IDS.child, AUTHORITY, {
      laChildId: 'TEST-CHILD-0001',
      givenNames: 'Testy',
      familyName: 'McFictional',
      sex: 'F',
      dateOfBirthClaimed: DATE_OF_BIRTH,
      nationality: 'VN',
      languages: ['vi', 'en'],
      // A looked-after child of an English authority has a UPN or a reason for none (903 rule 442).
      upn: 'UN2',
    }),
    ...overrides,
  };
}

export function buildAlias(overrides: Partial<ChildAlias> = {}): ChildAlias {
  return {
    id: IDS.alias,
    childId: IDS.child,
    givenNames: 'Placeholder',
    familyName: 'Notarealname',
    dateOfBirth: null,
    nationality: null,
    source: 'Police report (fictional)',
    seenWhere: 'Exampletown bus station',
    seenOn: '2024-10-01',
    ...overrides,
  };
}

export function buildAgeStatus(overrides: Partial<AgeStatusEntry> = {}): AgeStatusEntry {
  return {
    id: IDS.ageStatus,
    childId: IDS.child,
    status: 'ACCEPTED',
    effectiveFrom: CARE_START,
    note: null,
    ...overrides,
  };
}

export function buildCarePeriod(overrides: Partial<CarePeriod> = {}): CarePeriod {
  return {
    ...newCarePeriod(
      IDS.carePeriod,
      { id: IDS.child, responsibleAuthorityCode: AUTHORITY },
      { startDate: CARE_START, legalStatus: 'C2', placementType: 'U1', reasonNewEpisode: 'S' },
    ),
    ...overrides,
  };
}

export function buildUascPeriod(overrides: Partial<UascPeriod> = {}): UascPeriod {
  return {
    id: IDS.uascPeriod,
    childId: IDS.child,
    startDate: CARE_START,
    ceasedDate: null,
    version: 1,
    ...overrides,
  };
}

/** A Merton-compliant assessment by the authority that found the child 16 (born 10 May 2008, as the default child says), accepted. */
export function buildAgeAssessment(overrides: Partial<AgeAssessment> = {}): AgeAssessment {
  return {
    id: IDS.ageAssessment,
    childId: IDS.child,
    referredOn: '2024-09-02',
    assessedOn: '2024-10-14',
    assessedBy: 'LOCAL_AUTHORITY',
    mertonCompliant: true,
    outcome: 'CHILD',
    assessedDateOfBirth: '2008-05-10',
    assessedAge: null,
    response: 'ACCEPTED',
    note: null,
    challenge: 'NONE',
    challengedOn: null,
    challengeResult: null,
    challengeDecidedOn: null,
    version: 1,
    ...overrides,
  };
}

export function buildNationalTransfer(overrides: Partial<NationalTransfer> = {}): NationalTransfer {
  return {
    id: IDS.nationalTransfer,
    childId: IDS.child,
    fromAuthorityCode: OTHER_AUTHORITY,
    toAuthorityCode: AUTHORITY,
    referredOn: '2023-02-01',
    transferredOn: '2023-02-15',
    ...overrides,
  };
}

export function buildStatus(overrides: Partial<TraffickingStatusEntry> = {}): TraffickingStatusEntry {
  return {
    id: IDS.status,
    concernId: IDS.concern,
    status: 'SUSPECTED',
    effectiveFrom: '2024-11-04',
    basis: 'CONCERN_RAISED',
    ...overrides,
  };
}

export function buildReferral(overrides: Partial<NrmReferral> = {}): NrmReferral {
  return {
    id: IDS.referral,
    concernId: IDS.concern,
    referredOn: '2024-11-10',
    firstResponderOrganisation: 'Fictionshire County Council',
    competentAuthority: 'SCA',
    reasonableGroundsDecision: 'PENDING',
    reasonableGroundsDecidedOn: null,
    conclusiveGroundsDecision: 'PENDING',
    conclusiveGroundsDecidedOn: null,
    version: 1,
    ...overrides,
  };
}

/** A concern raised on 4 November 2024, suspected from that day, with no NRM referral. */
export function buildConcern(overrides: Partial<TraffickingConcern> = {}): TraffickingConcern {
  return {
    id: IDS.concern,
    childId: IDS.child,
    raisedOn: '2024-11-04',
    raisedBy: 'Sam Samplesworth (fictional social worker)',
    indicators: ['GOING_MISSING', 'UNEXPLAINED_MONEY_OR_POSSESSIONS'],
    exploitationTypes: ['CRIMINAL'],
    countyLines: true,
    exploitationLocation: 'UK_ONLY',
    version: 1,
    statuses: [buildStatus()],
    nrmReferral: null,
    ...overrides,
  };
}

/** An interview offered and completed well within 72 hours of the default episode's end. */
export function buildInterview(overrides: Partial<ReturnInterview> = {}): ReturnInterview {
  return {
    id: IDS.interview,
    episodeId: IDS.episode,
    offeredAt: '2025-03-03T10:00:00Z',
    response: 'ACCEPTED',
    notOfferedReason: null,
    completedAt: '2025-03-04T10:00:00Z',
    interviewerType: 'INDEPENDENT_PROVIDER',
    outcomes: ['NO_FURTHER_ACTION'],
    version: 1,
    ...overrides,
  };
}

/** A closed episode: missing from 9:15pm on 1 March 2025 until 8:30am on 2 March 2025 (GMT). */
export function buildEpisode(overrides: Partial<MissingEpisode> = {}): MissingEpisode {
  return {
    ...newMissingEpisode(
      IDS.episode,
      IDS.child,
      { responsibleAuthorityCode: AUTHORITY, hostAuthorityCode: AUTHORITY },
      {
        type: 'M',
        startAt: '2025-03-01T21:15:00Z',
        endAt: '2025-03-02T08:30:00Z',
        lastSeenLocation: 'Outside Example Road corner shop',
        reportedToPoliceAt: '2025-03-01T22:00:00Z',
        policeForce: 'Fictionshire Police',
        policeReference: 'FP-TEST-0001',
        policeRiskLevel: 'MEDIUM',
        responsibleAuthorityToldAt: '2025-03-01T22:10:00Z',
        hostAuthorityToldAt: '2025-03-01T22:10:00Z',
        endReason: 'RETURNED_SELF',
        harmDisclosed: 'NONE',
        exploitationDisclosed: false,
      },
    ),
    ...overrides,
  };
}

export interface RecordOverrides extends Partial<Omit<ChildRecord, 'child'>> {
  /** Merged into the default child, unlike the lists, which replace the defaults. */
  readonly child?: Partial<Child>;
}

/** A valid record: the default child with one open care period and nothing else. */
export function buildRecord(overrides: RecordOverrides = {}): ChildRecord {
  const { child, ...lists } = overrides;
  return newChildRecord(buildChild(child), { carePeriods: [buildCarePeriod()], ...lists });
}
