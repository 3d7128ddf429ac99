import { describe, expect, it } from 'vitest';
import {
  IDS,
  OTHER_AUTHORITY,
  buildAgeAssessment,
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
} from '../../../test/factories/child-record.ts';
import type { CarePeriod, ChildRecord } from '../child-record.ts';
import type { DateOfBirthEstimate } from '../date-of-birth.ts';
import type { MissingType } from '../codes.ts';
import { ukDateOf } from '../dates.ts';
import { carePeriodOn, introducedErrors, isLookedAfter, RULES, validateRecord } from './rules.ts';
import type { EntityKind, Severity, ValidationContext, Violation } from './rules.ts';

// Every moment is fixed: "now" is 1pm BST on 1 September 2025.
const NOW = '2025-09-01T12:00:00Z';
const TODAY = '2025-09-01';
const TOMORROW = '2025-09-02';
const JUST_AFTER_NOW = '2025-09-01T12:00:01Z';
const CONTEXT: ValidationContext = { now: NOW, today: TODAY };
const IN_YEAR_2025: ValidationContext = { ...CONTEXT, collectionYear: 2025 };

function contextAt(now: string): ValidationContext {
  return { now, today: ukDateOf(now) };
}

function reported(record: ChildRecord, rule: string, context: ValidationContext = CONTEXT): Violation[] {
  return validateRecord(record, context).filter((violation) => violation.rule === rule);
}

function reportedIds(record: ChildRecord, rule: string, context: ValidationContext = CONTEXT): string[] {
  return reported(record, rule, context).map((violation) => violation.entityId);
}

const blankType = '' as MissingType;

/** "15 to 16 years old" on 10 January 2025, by an age assessment: born 11 January 2008 to 10 January 2010. */
const ESTIMATE_15_TO_16: DateOfBirthEstimate = { earliest: '2008-01-11', latest: '2010-01-10', source: 'AGE_ASSESSMENT', estimatedOn: '2025-01-10' };
const estimated = (overrides: Partial<DateOfBirthEstimate> = {}) => ({ dateOfBirthClaimed: null, dateOfBirthEstimate: { ...ESTIMATE_15_TO_16, ...overrides } });

/** A care period that ended (child left care) on 1 April 2025. */
const endedCare = buildCarePeriod({ endDate: '2025-04-01', reasonCeased: 'E8' });

/** An open episode: the child has been missing since 9:15pm on 1 March 2025. */
const openEpisode = (overrides: Parameters<typeof buildEpisode>[0] = {}) => buildEpisode({ endAt: null, endReason: null, ...overrides });

/**
 * Two consecutive 903 episodes: the first (IDS.carePeriod) from 1 January 2023 and the second
 * (IDS.secondCarePeriod) from 1 January 2024, open; each part overrides the default episode.
 */
function twoEpisodes(first: Partial<CarePeriod>, second: Partial<CarePeriod>): ChildRecord {
  const firstPeriod = buildCarePeriod({ endDate: second.startDate ?? '2024-01-01', reasonCeased: 'X1', ...first });
  return buildRecord({
    carePeriods: [
      firstPeriod,
      buildCarePeriod({ id: IDS.secondCarePeriod, startDate: firstPeriod.endDate ?? '2024-01-01', reasonNewEpisode: 'P', placementType: 'U4', ...second }),
    ],
  });
}

interface RuleCase {
  readonly rule: string;
  readonly code: string | null;
  readonly entity: EntityKind;
  readonly field: string;
  readonly severity: Severity;
  readonly entityId: string;
  /** What the message tells the user to do. */
  readonly message: RegExp;
  readonly breaks: string;
  readonly broken: () => ChildRecord;
  readonly holds: string;
  readonly valid: () => ChildRecord;
  readonly context?: ValidationContext;
}

// One record that breaks each rule, and the nearest record that does not.
const CASES: readonly RuleCase[] = [
  // ---- Child ----
  {
    rule: 'child-name-present',
    code: null,
    entity: 'child',
    field: 'givenNames',
    severity: 'error',
    entityId: IDS.child,
    message: /^Enter the child’s given names or family name\. If they are known by one name only, enter it as their given name$/,
    breaks: 'neither name part is recorded',
    broken: () => buildRecord({ child: { givenNames: null, familyName: '  ' } }),
    holds: 'the child is known by one name only',
    valid: () => buildRecord({ child: { givenNames: 'Testy', familyName: null } }),
  },
  {
    rule: 'child-dob-recorded',
    code: null,
    entity: 'child',
    field: 'dateOfBirthClaimed',
    severity: 'error',
    entityId: IDS.child,
    message: /^Enter the child’s date of birth, or their estimated age if their date of birth is not known$/,
    breaks: 'there is neither a date of birth nor an estimated age',
    broken: () => buildRecord({ child: { dateOfBirthClaimed: null } }),
    holds: 'the date of birth is not known and an estimated age is recorded',
    valid: () => buildRecord({ child: { dateOfBirthClaimed: null, dateOfBirthEstimate: ESTIMATE_15_TO_16 } }),
  },
  {
    rule: 'child-dob-estimate-valid',
    code: null,
    entity: 'child',
    field: 'dateOfBirthEstimate',
    severity: 'error',
    entityId: IDS.child,
    message: /^The earliest estimated date of birth must be the same as or after 1 January 1990$/,
    breaks: 'the estimate allows a date of birth before 1990',
    broken: () => buildRecord({ child: { dateOfBirthClaimed: null, dateOfBirthEstimate: { ...ESTIMATE_15_TO_16, earliest: '1989-12-31' } } }),
    holds: 'the estimate starts on 1 January 1990',
    valid: () => buildRecord({ child: { dateOfBirthClaimed: null, dateOfBirthEstimate: { ...ESTIMATE_15_TO_16, earliest: '1990-01-01' } } }),
  },
  {
    rule: 'child-dob-valid',
    code: null,
    entity: 'child',
    field: 'dateOfBirthClaimed',
    severity: 'error',
    entityId: IDS.child,
    message: /^Enter a real date of birth, for example \d{4}-\d{2}-\d{2}$/,
    breaks: 'the date of birth is 30 February',
    broken: () => buildRecord({ child: { dateOfBirthClaimed: '2008-02-30' } }),
    holds: 'the date of birth is 29 February in a leap year',
    valid: () => buildRecord({ child: { dateOfBirthClaimed: '2008-02-29' } }),
  },
  {
    rule: 'child-dob-not-future',
    code: null,
    entity: 'child',
    field: 'dateOfBirthClaimed',
    severity: 'error',
    entityId: IDS.child,
    message: /^Date of birth must be today or in the past$/,
    breaks: 'the date of birth is tomorrow',
    broken: () => buildRecord({ child: { dateOfBirthClaimed: TOMORROW } }),
    holds: 'the date of birth is today',
    valid: () => buildRecord({ child: { dateOfBirthClaimed: TODAY } }),
  },
  {
    rule: 'child-assessed-dob-not-future',
    code: null,
    entity: 'child',
    field: 'dateOfBirthAssessed',
    severity: 'error',
    entityId: IDS.child,
    message: /^Assessed date of birth must be today or in the past$/,
    breaks: 'the assessed date of birth is tomorrow',
    broken: () => buildRecord({ child: { dateOfBirthAssessed: TOMORROW } }),
    holds: 'the assessed date of birth is today',
    valid: () => buildRecord({ child: { dateOfBirthAssessed: TODAY } }),
  },
  {
    rule: 'child-nationality-known-code',
    code: null,
    entity: 'child',
    field: 'nationality',
    severity: 'error',
    entityId: IDS.child,
    message: /^Enter nationality as a two-letter country code, such as GB or VN, or "unknown"\. "vn" is not a country code$/,
    breaks: 'the nationality is a lower-case code',
    broken: () => buildRecord({ child: { nationality: 'vn' } }),
    holds: 'the nationality is an upper-case ISO code',
    valid: () => buildRecord({ child: { nationality: 'VN' } }),
  },
  {
    rule: 'child-ethnicity-code',
    code: null,
    entity: 'child',
    field: 'ethnicity',
    severity: 'error',
    entityId: IDS.child,
    message: /^Select an ethnicity from the list\. "=1\+1" is not a 903 ethnicity code$/,
    breaks: 'the ethnicity is not a 903 ETHNIC code',
    broken: () => buildRecord({ child: { ethnicity: '=1+1' } }),
    holds: 'the ethnicity is OOTH',
    valid: () => buildRecord({ child: { ethnicity: 'OOTH' } }),
  },
  {
    rule: 'child-upn-format',
    code: '168',
    entity: 'child',
    field: 'upn',
    severity: 'error',
    entityId: IDS.child,
    message: /^Enter the unique pupil number as 13 characters, a letter then 12 digits, such as A123456789012, or UN1 to UN5 if it is not known$/,
    breaks: 'the UPN starts with the letter O',
    broken: () => buildRecord({ child: { upn: 'O123456789012' } }),
    holds: 'the UPN is UN3, unknown for a stated reason',
    valid: () => buildRecord({ child: { upn: 'UN3' } }),
  },
  {
    rule: 'child-upn-or-reason',
    code: '442',
    entity: 'child',
    field: 'upn',
    severity: 'error',
    entityId: IDS.child,
    message: /^Enter the child’s unique pupil number \(UPN\), or if they do not have one, why not \(UN1 to UN5\)$/,
    breaks: 'a looked-after child of an English authority has neither a UPN nor a reason for none',
    broken: () => buildRecord({ child: { upn: null } }),
    holds: 'the child is looked after only for short breaks (V3)',
    valid: () => buildRecord({ child: { upn: null }, carePeriods: [buildCarePeriod({ legalStatus: 'V3', placementType: 'U1' })] }),
  },
  {
    rule: 'uasc-nationality-unknown',
    code: null,
    entity: 'child',
    field: 'nationality',
    severity: 'warning',
    entityId: IDS.child,
    message: /^Record the nationality of this unaccompanied child, if it is known$/,
    breaks: 'an unaccompanied child has nationality "unknown"',
    broken: () => buildRecord({ child: { nationality: 'unknown' }, uascPeriods: [buildUascPeriod()] }),
    holds: 'an unaccompanied child has a known nationality',
    valid: () => buildRecord({ child: { nationality: 'VN' }, uascPeriods: [buildUascPeriod()] }),
  },

  // ---- Aliases and age status ----
  {
    rule: 'alias-name-present',
    code: null,
    entity: 'alias',
    field: 'givenNames',
    severity: 'error',
    entityId: IDS.alias,
    message: /^Enter the given names or family name used\. If the name used is one name only, enter it as the given name$/,
    breaks: 'an alias has no name part',
    broken: () => buildRecord({ aliases: [buildAlias({ givenNames: '', familyName: null })] }),
    holds: 'an alias is one name only',
    valid: () => buildRecord({ aliases: [buildAlias({ givenNames: null, familyName: 'Notarealname' })] }),
  },
  {
    rule: 'alias-seen-not-future',
    code: null,
    entity: 'alias',
    field: 'seenOn',
    severity: 'error',
    entityId: IDS.alias,
    message: /^Enter the date this name was seen\. It must be today or in the past$/,
    breaks: 'an alias was seen tomorrow',
    broken: () => buildRecord({ aliases: [buildAlias({ seenOn: TOMORROW })] }),
    holds: 'an alias was seen today',
    valid: () => buildRecord({ aliases: [buildAlias({ seenOn: TODAY })] }),
  },
  {
    rule: 'age-status-not-future',
    code: null,
    entity: 'ageStatus',
    field: 'effectiveFrom',
    severity: 'error',
    entityId: IDS.ageStatus,
    message: /^Enter the date the age status changed\. It must be today or in the past$/,
    breaks: 'an age status takes effect tomorrow',
    broken: () => buildRecord({ ageStatuses: [buildAgeStatus({ effectiveFrom: TOMORROW })] }),
    holds: 'an age status takes effect today',
    valid: () => buildRecord({ ageStatuses: [buildAgeStatus({ effectiveFrom: TODAY })] }),
  },
  {
    rule: 'age-assessment-referredOn',
    code: null,
    entity: 'ageAssessment',
    field: 'referredOn',
    severity: 'error',
    entityId: IDS.ageAssessment,
    message: /^The date the age assessment was asked for must be today or in the past$/,
    breaks: 'an age assessment is asked for tomorrow',
    broken: () => buildRecord({ ageAssessments: [buildAgeAssessment({ referredOn: TOMORROW, assessedOn: TOMORROW })] }),
    holds: 'it was asked for and decided today',
    valid: () => buildRecord({ ageAssessments: [buildAgeAssessment({ referredOn: TODAY, assessedOn: TODAY, assessedDateOfBirth: null, assessedAge: 16 })] }),
  },
  {
    rule: 'age-assessment-assessedOn',
    code: null,
    entity: 'ageAssessment',
    field: 'assessedOn',
    severity: 'error',
    entityId: IDS.ageAssessment,
    message: /^The date of the outcome must be the same as or after the date the assessment was asked for, 2 September 2024$/,
    breaks: 'its outcome comes before it was asked for',
    broken: () => buildRecord({ ageAssessments: [buildAgeAssessment({ assessedOn: '2024-09-01' })] }),
    holds: 'its outcome comes on the day it was asked for',
    valid: () => buildRecord({ ageAssessments: [buildAgeAssessment({ assessedOn: '2024-09-02' })] }),
  },
  {
    rule: 'age-assessment-assessedDateOfBirth',
    code: null,
    entity: 'ageAssessment',
    field: 'assessedDateOfBirth',
    severity: 'error',
    entityId: IDS.ageAssessment,
    message: /^The assessed date of birth must be before the date of the outcome, 14 October 2024$/,
    breaks: 'the date of birth it gives is the day of its outcome',
    broken: () => buildRecord({ ageAssessments: [buildAgeAssessment({ assessedDateOfBirth: '2024-10-14' })] }),
    holds: 'the date of birth it gives is before its outcome',
    valid: () => buildRecord({ ageAssessments: [buildAgeAssessment({ assessedDateOfBirth: '2008-10-13' })] }),
  },
  {
    rule: 'age-assessment-assessedAge',
    code: null,
    entity: 'ageAssessment',
    field: 'assessedAge',
    severity: 'error',
    entityId: IDS.ageAssessment,
    message: /^The assessed age makes them 18 on the date of the outcome\. Select that the assessment found them an adult, or correct it$/,
    breaks: 'it found a child of 18',
    broken: () => buildRecord({ ageAssessments: [buildAgeAssessment({ assessedDateOfBirth: null, assessedAge: 18 })] }),
    holds: 'it found a child of 17',
    valid: () => buildRecord({ ageAssessments: [buildAgeAssessment({ assessedDateOfBirth: null, assessedAge: 17 })] }),
  },
  {
    rule: 'age-assessment-challengedOn',
    code: null,
    entity: 'ageAssessment',
    field: 'challengedOn',
    severity: 'error',
    entityId: IDS.ageAssessment,
    message: /^The date the challenge was brought must be the same as or after the assessment’s outcome, 14 October 2024$/,
    breaks: 'a judicial review brought before the outcome',
    broken: () => buildRecord({ ageAssessments: [buildAgeAssessment({ challenge: 'JUDICIAL_REVIEW', challengedOn: '2024-10-13' })] }),
    holds: 'one brought on the day of the outcome',
    valid: () => buildRecord({ ageAssessments: [buildAgeAssessment({ challenge: 'JUDICIAL_REVIEW', challengedOn: '2024-10-14' })] }),
  },
  {
    rule: 'age-assessment-challengeResult',
    code: null,
    entity: 'ageAssessment',
    field: 'challengeResult',
    severity: 'error',
    entityId: IDS.ageAssessment,
    message: /^Select the result of the challenge, or remove the date it was decided$/,
    breaks: 'a challenge decided on a day with no result',
    broken: () =>
      buildRecord({ ageAssessments: [buildAgeAssessment({ challenge: 'TRIBUNAL_APPEAL', challengedOn: '2024-11-01', challengeDecidedOn: '2025-01-01' })] }),
    holds: 'one decided with its result',
    valid: () =>
      buildRecord({
        ageAssessments: [
          buildAgeAssessment({ challenge: 'TRIBUNAL_APPEAL', challengedOn: '2024-11-01', challengeResult: 'UPHELD', challengeDecidedOn: '2025-01-01' }),
        ],
      }),
  },
  {
    rule: 'age-assessment-challengeDecidedOn',
    code: null,
    entity: 'ageAssessment',
    field: 'challengeDecidedOn',
    severity: 'error',
    entityId: IDS.ageAssessment,
    message: /^The date the challenge was decided must be the same as or after it was brought, 1 November 2024$/,
    breaks: 'a challenge decided before it was brought',
    broken: () =>
      buildRecord({
        ageAssessments: [
          buildAgeAssessment({ challenge: 'JUDICIAL_REVIEW', challengedOn: '2024-11-01', challengeResult: 'OVERTURNED', challengeDecidedOn: '2024-10-31' }),
        ],
      }),
    holds: 'one decided the day it was brought',
    valid: () =>
      buildRecord({
        ageAssessments: [
          buildAgeAssessment({ challenge: 'JUDICIAL_REVIEW', challengedOn: '2024-11-01', challengeResult: 'OVERTURNED', challengeDecidedOn: '2024-11-01' }),
        ],
      }),
  },

  // ---- Care periods ----
  {
    rule: 'care-period-dates',
    code: null,
    entity: 'carePeriod',
    field: 'endDate',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Enter the date the care period ended\. It must be on or after 1 January 2023, when it started$/,
    breaks: 'a care period ends the day before it starts',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ endDate: '2022-12-31', reasonCeased: 'E8' })] }),
    holds: 'a care period ends the day it starts',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ endDate: '2023-01-01', reasonCeased: 'E8' })] }),
  },
  {
    rule: 'care-period-start-not-future',
    code: null,
    entity: 'carePeriod',
    field: 'startDate',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Enter the date the care period started\. It must be today or in the past$/,
    breaks: 'a care period starts tomorrow',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ startDate: TOMORROW })] }),
    holds: 'a care period starts today',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ startDate: TODAY })] }),
  },
  {
    rule: 'care-period-end-not-future',
    code: null,
    entity: 'carePeriod',
    field: 'endDate',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Enter the date the care period ended\. It must be today or in the past$/,
    breaks: 'a care period ends tomorrow',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ endDate: TOMORROW, reasonCeased: 'E8' })] }),
    holds: 'a care period ends today',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ endDate: TODAY, reasonCeased: 'E8' })] }),
  },
  {
    rule: 'care-period-after-birth',
    code: null,
    entity: 'carePeriod',
    field: 'startDate',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Enter the date the care period started\. It cannot be before the child's date of birth, 10 May 2008$/,
    breaks: 'a care period starts the day before the child was born',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ startDate: '2008-05-09' })] }),
    holds: 'a care period starts the day the child was born',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ startDate: '2008-05-10' })] }),
  },
  {
    rule: 'care-period-no-overlap',
    code: null,
    entity: 'carePeriod',
    field: 'startDate',
    severity: 'error',
    entityId: IDS.secondCarePeriod,
    message: /^This care period overlaps another\. A new care period starts on or after the day the previous one ended$/,
    breaks: 'a second care period starts before the first one ended',
    broken: () =>
      buildRecord({
        carePeriods: [
          buildCarePeriod({ endDate: '2024-01-10', reasonCeased: 'X1' }),
          buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-01-09', reasonNewEpisode: 'P' }),
        ],
      }),
    holds: 'a second care period starts on the day the first one ended',
    valid: () =>
      buildRecord({
        carePeriods: [
          buildCarePeriod({ endDate: '2024-01-10', reasonCeased: 'X1' }),
          buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-01-10', reasonNewEpisode: 'P' }),
        ],
      }),
  },
  {
    rule: 'care-period-legal-status',
    code: null,
    entity: 'carePeriod',
    field: 'legalStatus',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Select a legal status from the list\. "C9" is not a 903 legal status code$/,
    breaks: 'the legal status is not a 903 LS code',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ legalStatus: 'C9' })] }),
    holds: 'the legal status is C2',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ legalStatus: 'C2' })] }),
  },
  {
    rule: 'care-period-reason-new-episode',
    code: null,
    entity: 'carePeriod',
    field: 'reasonNewEpisode',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Select a reason for the new episode from the list\. "X9" is not a 903 RNE code$/,
    breaks: 'the reason for the new episode is not a 903 RNE code',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ reasonNewEpisode: 'X9' })] }),
    holds: 'the reason for the new episode is S',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ reasonNewEpisode: 'S' })] }),
  },
  {
    rule: 'care-period-placement-type',
    code: null,
    entity: 'carePeriod',
    field: 'placementType',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Select a placement type from the list\. "U9" is not a 903 placement code$/,
    breaks: 'the placement type is not a 903 PLACE code',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ placementType: 'U9' })] }),
    holds: 'the placement type is U1',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ placementType: 'U1' })] }),
  },
  {
    rule: 'care-period-reason-ceased',
    code: null,
    entity: 'carePeriod',
    field: 'reasonCeased',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Select the reason the care period ended from the 903 REC list$/,
    breaks: 'an ended care period has no reason',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ endDate: '2025-04-01', reasonCeased: null })] }),
    holds: 'an ended care period has REC E8',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ endDate: '2025-04-01', reasonCeased: 'E8' })] }),
  },
  {
    rule: 'care-period-adoption-reason-new-episode',
    code: '217',
    entity: 'carePeriod',
    field: 'reasonNewEpisode',
    severity: 'error',
    entityId: IDS.secondCarePeriod,
    message:
      /^Select S, T or U as the reason for the new episode\. A child placed for adoption with their current foster carers \(A3 or A5\) keeps the same carers$/,
    breaks: 'a child is placed for adoption with their foster carers (A5) with reason B, new carers',
    broken: () => twoEpisodes({}, { legalStatus: 'E1', placementType: 'A5', reasonNewEpisode: 'B' }),
    holds: 'the same placement has reason U, same carers',
    valid: () => twoEpisodes({}, { legalStatus: 'E1', placementType: 'A5', reasonNewEpisode: 'U' }),
  },
  {
    rule: 'care-period-adoption-after-foster-care',
    code: '336',
    entity: 'carePeriod',
    field: 'placementType',
    severity: 'error',
    entityId: IDS.secondCarePeriod,
    message:
      /^Select the placement type again\. A child placed for adoption with consent \(A3 or A4\) moves from a foster or adoption placement \(U1 to U6 or A3 to A6\), not from K2$/,
    breaks: 'a child is placed for adoption (A4) straight from a children’s home (K2)',
    broken: () => twoEpisodes({ placementType: 'K2' }, { legalStatus: 'E1', placementType: 'A4', reasonNewEpisode: 'B' }),
    holds: 'the child moves to A4 from foster care (U4)',
    valid: () => twoEpisodes({ placementType: 'U4' }, { legalStatus: 'E1', placementType: 'A4', reasonNewEpisode: 'B' }),
  },
  {
    rule: 'care-period-police-protection-72-hours',
    code: '361',
    entity: 'carePeriod',
    field: 'endDate',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Police protection \(L1\) lasts at most 72 hours\. Enter the date it ended: no later than 28 August 2025, 3 days after it started$/,
    breaks: 'police protection lasts 4 days',
    broken: () =>
      twoEpisodes(
        { startDate: '2025-08-25', endDate: '2025-08-29', legalStatus: 'L1' },
        { startDate: '2025-08-29', reasonNewEpisode: 'L', legalStatus: 'V2', placementType: 'U1' },
      ),
    holds: 'police protection lasts 3 days',
    valid: () =>
      twoEpisodes(
        { startDate: '2025-08-26', endDate: '2025-08-29', legalStatus: 'L1' },
        { startDate: '2025-08-29', reasonNewEpisode: 'L', legalStatus: 'V2', placementType: 'U1' },
      ),
  },
  {
    rule: 'care-period-emergency-protection-21-days',
    code: '362',
    entity: 'carePeriod',
    field: 'endDate',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^An emergency protection order \(L2\) lasts at most 21 days\. Enter the date it ended: no later than 22 August 2025, 21 days after it started$/,
    breaks: 'an emergency protection order lasts 22 days',
    broken: () =>
      twoEpisodes(
        { startDate: '2025-08-01', endDate: '2025-08-23', legalStatus: 'L2' },
        { startDate: '2025-08-23', reasonNewEpisode: 'L', legalStatus: 'C1', placementType: 'U1' },
      ),
    holds: 'an emergency protection order lasts 21 days',
    valid: () =>
      twoEpisodes(
        { startDate: '2025-08-02', endDate: '2025-08-23', legalStatus: 'L2' },
        { startDate: '2025-08-23', reasonNewEpisode: 'L', legalStatus: 'C1', placementType: 'U1' },
      ),
  },
  {
    rule: 'care-period-pace-detention-21-days',
    code: '364',
    entity: 'carePeriod',
    field: 'endDate',
    severity: 'error',
    entityId: IDS.carePeriod,
    message:
      /^Accommodation under the Police and Criminal Evidence Act \(J2\) lasts at most 21 days here\. Enter the date it ended: no later than 22 August 2025, 21 days after it started$/,
    breaks: 'PACE accommodation lasts 22 days',
    broken: () =>
      twoEpisodes(
        { startDate: '2025-08-01', endDate: '2025-08-23', legalStatus: 'J2', placementType: 'K2' },
        { startDate: '2025-08-23', reasonNewEpisode: 'B', legalStatus: 'V2' },
      ),
    holds: 'PACE accommodation lasts 21 days',
    valid: () =>
      twoEpisodes(
        { startDate: '2025-08-02', endDate: '2025-08-23', legalStatus: 'J2', placementType: 'K2' },
        { startDate: '2025-08-23', reasonNewEpisode: 'B', legalStatus: 'V2' },
      ),
  },
  {
    rule: 'care-period-placed-with-parents-section-20',
    code: '378',
    entity: 'carePeriod',
    field: 'legalStatus',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Select the legal status again\. A child placed with their parents \(P1\) cannot be accommodated under section 20 \(V2\)$/,
    breaks: 'a child accommodated under section 20 is placed with parents',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ legalStatus: 'V2', placementType: 'P1' })] }),
    holds: 'a child on a care order is placed with parents',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ legalStatus: 'C2', placementType: 'P1' })] }),
  },
  {
    rule: 'care-period-adopted-from-adoption-placement',
    code: '390',
    entity: 'carePeriod',
    field: 'reasonCeased',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^Select the reason the care period ended again\. A child is adopted \(E11 or E12\) only from a placement for adoption \(A3 to A6\), not from U1$/,
    breaks: 'a child is adopted from a foster placement',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ endDate: '2025-04-01', reasonCeased: 'E11' })] }),
    holds: 'a child is adopted from a placement for adoption (A6)',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ legalStatus: 'E1', placementType: 'A6', endDate: '2025-04-01', reasonCeased: 'E11' })] }),
  },
  {
    rule: 'care-period-legal-status-change-only',
    code: '434',
    entity: 'carePeriod',
    field: 'reasonNewEpisode',
    severity: 'error',
    entityId: IDS.secondCarePeriod,
    message: /^Select the reason for the new episode again\. Reason L means only the legal status changed, but it is still C2$/,
    breaks: 'reason L follows an episode with the same legal status',
    broken: () => twoEpisodes({ legalStatus: 'C2' }, { reasonNewEpisode: 'L', legalStatus: 'C2', placementType: 'U1' }),
    holds: 'the legal status changed from C1 to C2',
    valid: () => twoEpisodes({ legalStatus: 'C1' }, { reasonNewEpisode: 'L', legalStatus: 'C2', placementType: 'U1' }),
  },
  {
    rule: 'care-period-special-guardianship-from-foster-care',
    code: '516',
    entity: 'carePeriod',
    field: 'reasonCeased',
    severity: 'error',
    entityId: IDS.carePeriod,
    message:
      /^Select the reason the care period ended again\. A special guardianship order to former foster carers \(E45 or E46\) follows a foster placement \(U1 to U6\), not K2$/,
    breaks: 'a special guardianship order to former foster carers ends a children’s home placement',
    broken: () => buildRecord({ carePeriods: [buildCarePeriod({ placementType: 'K2', endDate: '2025-04-01', reasonCeased: 'E45' })] }),
    holds: 'it ends a foster placement (U3)',
    valid: () => buildRecord({ carePeriods: [buildCarePeriod({ placementType: 'U3', endDate: '2025-04-01', reasonCeased: 'E45' })] }),
  },

  // ---- UASC ----
  {
    rule: 'uasc-duc-valid',
    code: '104',
    entity: 'uascPeriod',
    field: 'ceasedDate',
    severity: 'error',
    entityId: IDS.uascPeriod,
    message: /^Enter a real date for when UASC status ceased$/,
    breaks: 'the date UASC status ceased is 30 February',
    broken: () => buildRecord({ uascPeriods: [buildUascPeriod({ ceasedDate: '2024-02-30' })] }),
    holds: 'the date UASC status ceased is 29 February in a leap year',
    valid: () => buildRecord({ uascPeriods: [buildUascPeriod({ ceasedDate: '2024-02-29' })] }),
  },
  {
    rule: 'uasc-duc-by-18',
    code: '304',
    entity: 'uascPeriod',
    field: 'ceasedDate',
    severity: 'error',
    entityId: IDS.uascPeriod,
    message: /^Enter the date UASC status ceased\. It must be on or before the child's 18th birthday, 20 January 2025$/,
    breaks: 'UASC status ceased the day after the 18th birthday',
    broken: () => buildRecord({ child: { dateOfBirthClaimed: '2007-01-20' }, uascPeriods: [buildUascPeriod({ ceasedDate: '2025-01-21' })] }),
    holds: 'UASC status ceased on the 18th birthday',
    valid: () => buildRecord({ child: { dateOfBirthClaimed: '2007-01-20' }, uascPeriods: [buildUascPeriod({ ceasedDate: '2025-01-20' })] }),
  },
  {
    rule: 'uasc-period-dates',
    code: null,
    entity: 'uascPeriod',
    field: 'ceasedDate',
    severity: 'error',
    entityId: IDS.uascPeriod,
    message: /^Enter the date UASC status ceased\. It must be on or after 1 January 2023, and UASC periods cannot overlap$/,
    breaks: 'UASC status ceased the day before it started',
    broken: () => buildRecord({ uascPeriods: [buildUascPeriod({ ceasedDate: '2022-12-31' })] }),
    holds: 'UASC status ceased the day it started',
    valid: () => buildRecord({ uascPeriods: [buildUascPeriod({ ceasedDate: '2023-01-01' })] }),
  },
  {
    rule: 'uasc-start-not-future',
    code: null,
    entity: 'uascPeriod',
    field: 'startDate',
    severity: 'error',
    entityId: IDS.uascPeriod,
    message: /^Enter the date the child became an unaccompanied asylum-seeking child\. It must be today or in the past$/,
    breaks: 'UASC status starts tomorrow',
    broken: () => buildRecord({ uascPeriods: [buildUascPeriod({ startDate: TOMORROW })] }),
    holds: 'UASC status starts today',
    valid: () => buildRecord({ uascPeriods: [buildUascPeriod({ startDate: TODAY })] }),
  },
  {
    rule: 'national-transfer-dates',
    code: null,
    entity: 'nationalTransfer',
    field: 'transferredOn',
    severity: 'error',
    entityId: IDS.nationalTransfer,
    message: /^Select the authority the child is transferring to\. It must be different from the one they are leaving$/,
    breaks: 'a transfer is from an authority to itself',
    broken: () => buildRecord({ nationalTransfers: [buildNationalTransfer({ fromAuthorityCode: 'E10000016', toAuthorityCode: 'E10000016' })] }),
    holds: 'a transfer is between two authorities',
    valid: () => buildRecord({ nationalTransfers: [buildNationalTransfer({ fromAuthorityCode: OTHER_AUTHORITY, toAuthorityCode: 'E10000016' })] }),
  },

  // ---- Trafficking and NRM ----
  {
    rule: 'trafficking-concern-raised',
    code: null,
    entity: 'traffickingConcern',
    field: 'raisedOn',
    severity: 'error',
    entityId: IDS.concern,
    message: /^Enter the date the concern was raised\. It must be today or in the past$/,
    breaks: 'a concern is raised tomorrow',
    broken: () => buildRecord({ traffickingConcerns: [buildConcern({ raisedOn: TOMORROW, statuses: [] })] }),
    holds: 'a concern is raised today',
    valid: () => buildRecord({ traffickingConcerns: [buildConcern({ raisedOn: TODAY, statuses: [] })] }),
  },
  {
    rule: 'trafficking-status-after-concern',
    code: null,
    entity: 'traffickingStatus',
    field: 'effectiveFrom',
    severity: 'error',
    entityId: IDS.status,
    message: /^Enter the date of the status\. It must be between 4 November 2024, when the concern was raised, and today$/,
    breaks: 'a status takes effect the day before the concern was raised',
    broken: () => buildRecord({ traffickingConcerns: [buildConcern({ statuses: [buildStatus({ effectiveFrom: '2024-11-03' })] })] }),
    holds: 'a status takes effect the day the concern was raised',
    valid: () => buildRecord({ traffickingConcerns: [buildConcern({ statuses: [buildStatus({ effectiveFrom: '2024-11-04' })] })] }),
  },
  {
    rule: 'nrm-referral-date',
    code: null,
    entity: 'nrmReferral',
    field: 'referredOn',
    severity: 'error',
    entityId: IDS.referral,
    message: /^Enter the date of the NRM referral\. It must be today or in the past$/,
    breaks: 'the NRM referral is dated tomorrow',
    broken: () => buildRecord({ traffickingConcerns: [buildConcern({ nrmReferral: buildReferral({ referredOn: TOMORROW }) })] }),
    holds: 'the NRM referral is dated today',
    valid: () => buildRecord({ traffickingConcerns: [buildConcern({ nrmReferral: buildReferral({ referredOn: TODAY }) })] }),
  },
  {
    rule: 'nrm-reasonable-grounds',
    code: null,
    entity: 'nrmReferral',
    field: 'reasonableGroundsDecidedOn',
    severity: 'error',
    entityId: IDS.referral,
    message: /^Enter the date of the reasonable grounds decision\. It must be between the referral, 10 November 2024, and today$/,
    breaks: 'the reasonable grounds decision is dated the day before the referral',
    broken: () =>
      buildRecord({
        traffickingConcerns: [
          buildConcern({ nrmReferral: buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-09' }) }),
        ],
      }),
    holds: 'the reasonable grounds decision is dated the day of the referral',
    valid: () =>
      buildRecord({
        traffickingConcerns: [
          buildConcern({ nrmReferral: buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-10' }) }),
        ],
      }),
  },
  {
    rule: 'nrm-conclusive-grounds',
    code: null,
    entity: 'nrmReferral',
    field: 'conclusiveGroundsDecidedOn',
    severity: 'error',
    entityId: IDS.referral,
    message: /^Enter the date of the conclusive grounds decision\. It must be on or after the reasonable grounds decision, and not in the future$/,
    breaks: 'the conclusive grounds decision is dated the day before the reasonable grounds decision',
    broken: () =>
      buildRecord({
        traffickingConcerns: [
          buildConcern({
            nrmReferral: buildReferral({
              reasonableGroundsDecision: 'POSITIVE',
              reasonableGroundsDecidedOn: '2024-11-20',
              conclusiveGroundsDecision: 'POSITIVE',
              conclusiveGroundsDecidedOn: '2024-11-19',
            }),
          }),
        ],
      }),
    holds: 'the conclusive grounds decision is dated the day of the reasonable grounds decision',
    valid: () =>
      buildRecord({
        traffickingConcerns: [
          buildConcern({
            nrmReferral: buildReferral({
              reasonableGroundsDecision: 'POSITIVE',
              reasonableGroundsDecidedOn: '2024-11-20',
              conclusiveGroundsDecision: 'POSITIVE',
              conclusiveGroundsDecidedOn: '2024-11-20',
            }),
          }),
        ],
      }),
  },

  // ---- Missing episodes ----
  {
    rule: 'missing-start-valid',
    code: '1004',
    entity: 'missingEpisode',
    field: 'startAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter the date and time the child went missing, for example 2025-03-01T21:15$/,
    breaks: 'the start is on 30 February',
    broken: () => buildRecord({ missingEpisodes: [openEpisode({ startAt: '2025-02-30T21:15:00Z' })] }),
    holds: 'the start is on 28 February',
    valid: () => buildRecord({ missingEpisodes: [openEpisode({ startAt: '2025-02-28T21:15:00Z' })] }),
  },
  {
    rule: 'missing-end-valid',
    code: '1005',
    entity: 'missingEpisode',
    field: 'endAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter the date and time the child came back, for example 2025-03-02T08:30$/,
    breaks: 'the end has no time zone offset',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ endAt: '2025-03-02T08:30:00' })] }),
    holds: 'the end has a +00:00 offset',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ endAt: '2025-03-02T08:30:00+00:00' })] }),
  },
  {
    rule: 'missing-type',
    code: '1006',
    entity: 'missingEpisode',
    field: 'type',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Select whether the child was missing \(M\) or away from placement without authorisation \(A\)$/,
    breaks: 'the missing type is X',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ type: 'X' as MissingType })] }),
    holds: 'the missing type is A',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ type: 'A' })] }),
  },
  {
    rule: 'missing-start-present',
    code: '564',
    entity: 'missingEpisode',
    field: 'startAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter the date and time the child went missing$/,
    breaks: 'a missing episode has a blank start',
    broken: () => buildRecord({ missingEpisodes: [openEpisode({ startAt: '' })] }),
    holds: 'a missing episode has a start',
    valid: () => buildRecord({ missingEpisodes: [openEpisode()] }),
  },
  {
    rule: 'missing-type-with-start',
    code: '565',
    entity: 'missingEpisode',
    field: 'type',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Select whether the child was missing or away from placement without authorisation$/,
    breaks: 'an episode has a start but a blank type',
    broken: () => buildRecord({ missingEpisodes: [openEpisode({ type: blankType })] }),
    holds: 'an episode has a start and type M',
    valid: () => buildRecord({ missingEpisodes: [openEpisode({ type: 'M' })] }),
  },
  {
    rule: 'missing-type-with-end',
    code: '566',
    entity: 'missingEpisode',
    field: 'type',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Select whether the child was missing or away from placement without authorisation$/,
    breaks: 'an episode has an end but a blank type',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ type: blankType })] }),
    holds: 'an episode has an end and type A',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ type: 'A' })] }),
  },
  {
    rule: 'missing-end-after-start',
    code: '567',
    entity: 'missingEpisode',
    field: 'endAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter the date the child came back\. It must be after the date they went missing, 1 March 2025 at 9:15pm$/,
    breaks: 'the episode ends a minute before it starts',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ endAt: '2025-03-01T21:14:00Z' })] }),
    holds: 'the episode ends at the same instant it starts',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ endAt: '2025-03-01T21:15:00Z' })] }),
  },
  {
    rule: 'missing-no-overlap',
    code: '574',
    entity: 'missingEpisode',
    field: 'startAt',
    severity: 'error',
    entityId: IDS.secondEpisode,
    message: /^This overlaps the missing episode from 1 March 2025 at 9:15pm to 2 March 2025 at 8:30am\. Check the dates$/,
    breaks: 'a second episode starts a minute before the first ended',
    broken: () =>
      buildRecord({
        missingEpisodes: [buildEpisode(), buildEpisode({ id: IDS.secondEpisode, startAt: '2025-03-02T08:29:00Z', endAt: '2025-03-02T12:00:00Z' })],
      }),
    holds: 'a second episode starts exactly when the first ended',
    valid: () =>
      buildRecord({
        missingEpisodes: [buildEpisode(), buildEpisode({ id: IDS.secondEpisode, startAt: '2025-03-02T08:30:00Z', endAt: '2025-03-02T12:00:00Z' })],
      }),
  },
  {
    rule: 'missing-ended-when-placement-ended',
    code: '575',
    entity: 'missingEpisode',
    field: 'endAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^The placement the child went missing from ended on 15 March 2025\. Enter the date the child came back or was found$/,
    breaks: 'the placement the child went missing from has ended and the episode is still open',
    broken: () =>
      buildRecord({
        carePeriods: [
          buildCarePeriod({ endDate: '2025-03-15', reasonCeased: 'X1' }),
          buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2025-03-15', reasonNewEpisode: 'P' }),
        ],
        missingEpisodes: [openEpisode()],
      }),
    holds: 'the placement has ended and the episode has an end',
    valid: () =>
      buildRecord({
        carePeriods: [
          buildCarePeriod({ endDate: '2025-03-15', reasonCeased: 'X1' }),
          buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2025-03-15', reasonNewEpisode: 'P' }),
        ],
        missingEpisodes: [buildEpisode()],
      }),
  },
  {
    rule: 'missing-closed-when-care-ceased',
    code: '577',
    entity: 'missingEpisode',
    field: 'endAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^The child is no longer looked after\. Enter the date this missing episode ended$/,
    breaks: 'the child left care while an episode is open',
    broken: () => buildRecord({ carePeriods: [endedCare], missingEpisodes: [openEpisode()] }),
    holds: 'the child left care and the episode has an end',
    valid: () => buildRecord({ carePeriods: [endedCare], missingEpisodes: [buildEpisode()] }),
  },
  {
    rule: 'missing-not-after-care-ceased',
    code: '578',
    entity: 'missingEpisode',
    field: 'startAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^The child was not looked after on 2 April 2025\. A missing episode must start while the child is looked after$/,
    breaks: 'the episode starts the day after care ended',
    broken: () =>
      buildRecord({ carePeriods: [endedCare], missingEpisodes: [buildEpisode({ startAt: '2025-04-02T10:00:00Z', endAt: '2025-04-02T18:00:00Z' })] }),
    holds: 'the episode starts on the day care ended',
    valid: () => buildRecord({ carePeriods: [endedCare], missingEpisodes: [buildEpisode({ startAt: '2025-04-01T10:00:00Z', endAt: '2025-04-01T18:00:00Z' })] }),
  },
  {
    rule: 'missing-not-before-care-started',
    code: '581',
    entity: 'missingEpisode',
    field: 'startAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter the date the child went missing\. It cannot be before they were first looked after, 1 January 2023$/,
    breaks: 'the episode starts the day before care started',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2022-12-31T12:00:00Z', endAt: '2022-12-31T18:00:00Z' })] }),
    holds: 'the episode starts on the day care started',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2023-01-01T00:00:00Z', endAt: '2023-01-01T18:00:00Z' })] }),
  },
  {
    rule: 'missing-at-18-rec-e8',
    code: '580',
    entity: 'carePeriod',
    field: 'reasonCeased',
    severity: 'error',
    entityId: IDS.carePeriod,
    message: /^The child was still missing when their care ended at 18\. Select reason E8 \(ceased for any other reason\)$/,
    breaks: 'care ended on the 18th birthday while the child was missing, with REC E17',
    broken: () =>
      buildRecord({
        child: { dateOfBirthClaimed: '2007-01-20' },
        carePeriods: [buildCarePeriod({ endDate: '2025-01-20', reasonCeased: 'E17' })],
        missingEpisodes: [buildEpisode({ startAt: '2025-01-10T20:00:00Z', endAt: '2025-01-20T12:00:00Z', endReason: 'CEASED_LA_WHILE_MISSING' })],
      }),
    holds: 'care ended on the 18th birthday while the child was missing, with REC E8',
    valid: () =>
      buildRecord({
        child: { dateOfBirthClaimed: '2007-01-20' },
        carePeriods: [buildCarePeriod({ endDate: '2025-01-20', reasonCeased: 'E8' })],
        missingEpisodes: [buildEpisode({ startAt: '2025-01-10T20:00:00Z', endAt: '2025-01-20T12:00:00Z', endReason: 'CEASED_LA_WHILE_MISSING' })],
      }),
  },
  {
    rule: 'missing-not-before-birth',
    code: '586',
    entity: 'missingEpisode',
    field: 'startAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter the date the child went missing\. It cannot be before their date of birth, 10 May 2008$/,
    breaks: 'the episode starts at 11:30pm BST on the day before the child was born',
    broken: () => buildRecord({ missingEpisodes: [openEpisode({ startAt: '2008-05-09T22:30:00Z' })] }),
    holds: 'the episode starts at 12:30am BST on the day the child was born',
    valid: () => buildRecord({ missingEpisodes: [openEpisode({ startAt: '2008-05-09T23:30:00Z' })] }),
  },
  {
    rule: 'missing-start-not-future',
    code: null,
    entity: 'missingEpisode',
    field: 'startAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter the date and time the child went missing\. It must be in the past$/,
    breaks: 'the episode starts a second after now',
    broken: () =>
      buildRecord({
        missingEpisodes: [openEpisode({ startAt: JUST_AFTER_NOW, reportedToPoliceAt: null, responsibleAuthorityToldAt: null, hostAuthorityToldAt: null })],
      }),
    holds: 'the episode starts now',
    valid: () =>
      buildRecord({ missingEpisodes: [openEpisode({ startAt: NOW, reportedToPoliceAt: null, responsibleAuthorityToldAt: null, hostAuthorityToldAt: null })] }),
  },
  {
    rule: 'missing-end-not-future',
    code: null,
    entity: 'missingEpisode',
    field: 'endAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter the date and time the child came back\. It must be in the past$/,
    breaks: 'the episode ends a second after now',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ endAt: JUST_AFTER_NOW })] }),
    holds: 'the episode ends now',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ endAt: NOW })] }),
  },
  {
    rule: 'missing-end-reason',
    code: null,
    entity: 'missingEpisode',
    field: 'endReason',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Select how the missing episode ended$/,
    breaks: 'an ended episode does not say how it ended',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ endReason: null })] }),
    holds: 'an ended episode says the police found the child',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ endReason: 'FOUND_POLICE' })] }),
  },
  {
    rule: 'missing-police-report-after-start',
    code: null,
    entity: 'missingEpisode',
    field: 'reportedToPoliceAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter when the child was reported to the police\. It must be after they went missing, 1 March 2025 at 9:15pm, and not in the future$/,
    breaks: 'the police report is a minute before the child went missing',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ reportedToPoliceAt: '2025-03-01T21:14:00Z' })] }),
    holds: 'the police report is at the moment the child went missing',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ reportedToPoliceAt: '2025-03-01T21:15:00Z' })] }),
  },
  {
    rule: 'missing-authorities-told-after-start',
    code: null,
    entity: 'missingEpisode',
    field: 'responsibleAuthorityToldAt',
    severity: 'error',
    entityId: IDS.episode,
    message: /^Enter when the authorities were told\. It must be after the child went missing$/,
    breaks: 'the host authority was told a minute before the child went missing',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ hostAuthorityToldAt: '2025-03-01T21:14:00Z' })] }),
    holds: 'the host authority was told at the moment the child went missing',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ hostAuthorityToldAt: '2025-03-01T21:15:00Z' })] }),
  },
  {
    rule: 'missing-start-in-collection-year',
    code: '570',
    entity: 'missingEpisode',
    field: 'startAt',
    severity: 'warning',
    entityId: IDS.episode,
    message: /^The episode starts after the end of the 2024 to 2025 collection year$/,
    breaks: 'checking 2024-25 and the episode starts at 12:30am BST on 1 April 2025',
    broken: () => buildRecord({ missingEpisodes: [openEpisode({ startAt: '2025-03-31T23:30:00Z' })] }),
    holds: 'checking 2024-25 and the episode starts at 11:30pm BST on 31 March 2025',
    valid: () => buildRecord({ missingEpisodes: [openEpisode({ startAt: '2025-03-31T22:30:00Z' })] }),
    context: IN_YEAR_2025,
  },
  {
    rule: 'missing-end-in-collection-year',
    code: '571',
    entity: 'missingEpisode',
    field: 'endAt',
    severity: 'warning',
    entityId: IDS.episode,
    message: /^The episode ends outside the 2024 to 2025 collection year$/,
    breaks: 'checking 2024-25 and the episode ends at 11:30pm BST on 31 March 2024',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2024-03-30T20:00:00Z', endAt: '2024-03-31T22:30:00Z' })] }),
    holds: 'checking 2024-25 and the episode ends at 12:30am BST on 1 April 2024',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2024-03-30T20:00:00Z', endAt: '2024-03-31T23:30:00Z' })] }),
    context: IN_YEAR_2025,
  },

  // ---- Return home interviews ----
  {
    rule: 'interview-after-return',
    code: null,
    entity: 'returnInterview',
    field: 'completedAt',
    severity: 'error',
    entityId: IDS.interview,
    message: /^Enter the date the interview was completed\. It must be after the child came back, 2 March 2025 at 8:30am$/,
    breaks: 'the interview was completed a minute before the child came back',
    broken: () =>
      buildRecord({
        missingEpisodes: [buildEpisode({ returnInterview: buildInterview({ offeredAt: '2025-03-02T08:30:00Z', completedAt: '2025-03-02T08:29:00Z' }) })],
      }),
    holds: 'the interview was completed the moment the child came back',
    valid: () =>
      buildRecord({
        missingEpisodes: [buildEpisode({ returnInterview: buildInterview({ offeredAt: '2025-03-02T08:30:00Z', completedAt: '2025-03-02T08:30:00Z' }) })],
      }),
  },
  {
    rule: 'interview-not-future',
    code: null,
    entity: 'returnInterview',
    field: 'completedAt',
    severity: 'error',
    entityId: IDS.interview,
    message: /^Enter the date the interview was offered or completed\. It must be in the past$/,
    breaks: 'the interview is completed a second after now',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: buildInterview({ completedAt: JUST_AFTER_NOW }) })] }),
    holds: 'the interview is completed now',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: buildInterview({ completedAt: NOW }) })] }),
  },
  {
    rule: 'interview-response-consistent',
    code: null,
    entity: 'returnInterview',
    field: 'response',
    severity: 'error',
    entityId: IDS.interview,
    message: /^Select "accepted" if the interview took place, or remove the date it was completed$/,
    breaks: 'a declined interview has a completion date',
    broken: () => buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: buildInterview({ response: 'DECLINED' }) })] }),
    holds: 'a declined interview has no completion date',
    valid: () => buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: buildInterview({ response: 'DECLINED', completedAt: null }) })] }),
  },
];

/** A record with something in every part, all of it valid. */
function fullValidRecord(): ChildRecord {
  return buildRecord({
    aliases: [buildAlias()],
    ageStatuses: [buildAgeStatus()],
    uascPeriods: [buildUascPeriod()],
    nationalTransfers: [buildNationalTransfer()],
    traffickingConcerns: [
      buildConcern({
        statuses: [buildStatus(), buildStatus({ id: IDS.secondStatus, status: 'IDENTIFIED', effectiveFrom: '2024-11-20', basis: 'RG_POSITIVE' })],
        nrmReferral: buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-20' }),
      }),
    ],
    missingEpisodes: [buildEpisode({ returnInterview: buildInterview() })],
  });
}

describe('the rule table', () => {
  it('should have unique rule ids when read as a whole', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should port every required SSDA903 rule code when listing codes', () => {
    const required = [
      '1004',
      '1005',
      '1006',
      '564',
      '565',
      '566',
      '567',
      '570',
      '571',
      '574',
      '575',
      '577',
      '578',
      '580',
      '581',
      '586',
      '104',
      '304',
      '217',
      '336',
      '361',
      '362',
      '364',
      '378',
      '390',
      '434',
      '516',
    ];
    const codes = RULES.map((rule) => rule.code).filter((code) => code !== null);
    expect(codes).toEqual(expect.arrayContaining(required));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('should have a breaking case in this file for every rule when the table grows', () => {
    expect(CASES.map((testCase) => testCase.rule).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it('should report nothing when every part of the record is valid', () => {
    expect(validateRecord(fullValidRecord(), CONTEXT)).toEqual([]);
    expect(validateRecord(fullValidRecord(), IN_YEAR_2025)).toEqual([]);
  });
});

describe('each rule', () => {
  for (const testCase of CASES) {
    it(`should report ${testCase.rule} when ${testCase.breaks}`, () => {
      const message: unknown = expect.stringMatching(testCase.message);
      expect(reported(testCase.broken(), testCase.rule, testCase.context ?? CONTEXT)).toEqual([
        {
          rule: testCase.rule,
          code: testCase.code,
          severity: testCase.severity,
          entity: testCase.entity,
          entityId: testCase.entityId,
          field: testCase.field,
          message,
        },
      ]);
    });

    it(`should not report ${testCase.rule} when ${testCase.holds}`, () => {
      expect(reported(testCase.valid(), testCase.rule, testCase.context ?? CONTEXT)).toEqual([]);
    });
  }
});

describe('child rules', () => {
  it('should report child-dob-valid when the date of birth is written dd/mm/yyyy', () => {
    expect(reportedIds(buildRecord({ child: { dateOfBirthClaimed: '10/05/2008' } }), 'child-dob-valid')).toEqual([IDS.child]);
  });

  it('should report only child-dob-valid, without failing, when the date of birth is text and other rules depend on it', () => {
    const record = buildRecord({
      child: { dateOfBirthClaimed: 'not known' },
      carePeriods: [buildCarePeriod({ endDate: '2025-01-20', reasonCeased: 'E17' })],
      uascPeriods: [buildUascPeriod({ ceasedDate: '2025-01-20' })],
      missingEpisodes: [buildEpisode({ startAt: '2025-01-10T20:00:00Z', endAt: '2025-01-20T12:00:00Z', endReason: 'CEASED_LA_WHILE_MISSING' })],
    });
    const rules = validateRecord(record, CONTEXT).map((violation) => violation.rule);
    expect(rules).toContain('child-dob-valid');
    expect(rules.filter((rule) => !rule.startsWith('child-'))).toEqual([]);
  });

  it('should report child-assessed-dob-not-future when the assessed date of birth is not a real date', () => {
    expect(reportedIds(buildRecord({ child: { dateOfBirthAssessed: '2008-13-01' } }), 'child-assessed-dob-not-future')).toEqual([IDS.child]);
  });

  it.each(['A123456789012', 'Z12345678901X', 'a123456789012', 'UN1', 'UN5'])('should accept the UPN %s', (upn) => {
    expect(reported(buildRecord({ child: { upn } }), 'child-upn-format')).toEqual([]);
  });

  it('should ask a UPN or a reason for none of a looked-after child of an English authority only (442)', () => {
    const noUpn = { upn: null };
    expect(reportedIds(buildRecord({ child: noUpn }), 'child-upn-or-reason')).toEqual([IDS.child]);
    expect(reportedIds(buildRecord({ child: noUpn, carePeriods: [buildCarePeriod({ legalStatus: 'V4' })] }), 'child-upn-or-reason')).toEqual([]);
    expect(reportedIds(buildRecord({ child: noUpn, carePeriods: [] }), 'child-upn-or-reason')).toEqual([]);
    // The 903 is England's return: a Welsh authority's child is not asked.
    expect(reportedIds(buildRecord({ child: { ...noUpn, responsibleAuthorityCode: 'W06000015' } }), 'child-upn-or-reason')).toEqual([]);
    expect(reportedIds(buildRecord({ child: { upn: 'UN4' } }), 'child-upn-or-reason')).toEqual([]);
  });

  it.each(['I123456789012', 'A12345678901', 'A1234567890123', 'UN6', '=1+1', 'A12345678901S2'])('should report the UPN %s', (upn) => {
    expect(reportedIds(buildRecord({ child: { upn } }), 'child-upn-format')).toEqual([IDS.child]);
  });

  it('should not report child-nationality-known-code when the nationality is "unknown" or not recorded', () => {
    expect(reported(buildRecord({ child: { nationality: 'unknown' } }), 'child-nationality-known-code')).toEqual([]);
    expect(reported(buildRecord({ child: { nationality: null } }), 'child-nationality-known-code')).toEqual([]);
  });

  it('should report child-nationality-known-code when the code is the private-use ZZ', () => {
    expect(reportedIds(buildRecord({ child: { nationality: 'ZZ' } }), 'child-nationality-known-code')).toEqual([IDS.child]);
  });

  it('should report uasc-nationality-unknown when an unaccompanied child has no nationality recorded', () => {
    expect(reportedIds(buildRecord({ child: { nationality: null }, uascPeriods: [buildUascPeriod()] }), 'uasc-nationality-unknown')).toEqual([IDS.child]);
  });

  it('should not report uasc-nationality-unknown when a child whose nationality is unknown was never UASC', () => {
    expect(reported(buildRecord({ child: { nationality: 'unknown' } }), 'uasc-nationality-unknown')).toEqual([]);
  });
});

describe('children known by one name, with an estimated age, or an implausible date of birth', () => {
  it('should refuse a date of birth before 1990 or an assessed one before 1990, naming the field', () => {
    expect(reported(buildRecord({ child: { dateOfBirthClaimed: '1989-12-31' } }), 'child-dob-not-future').map((v) => [v.field, v.message])).toEqual([
      ['dateOfBirthClaimed', 'Date of birth must be the same as or after 1 January 1990'],
    ]);
    expect(reported(buildRecord({ child: { dateOfBirthClaimed: '1990-01-01' } }), 'child-dob-not-future')).toEqual([]);
    expect(reported(buildRecord({ child: { dateOfBirthAssessed: '1985-06-01' } }), 'child-assessed-dob-not-future').map((v) => [v.field, v.message])).toEqual([
      ['dateOfBirthAssessed', 'Assessed date of birth must be the same as or after 1 January 1990'],
    ]);
  });

  it('should refuse an estimate that reaches into the future or past the day it was made', () => {
    const messages = (overrides: Partial<DateOfBirthEstimate>) =>
      reported(buildRecord({ child: estimated(overrides) }), 'child-dob-estimate-valid').map((v) => v.message);
    expect(messages({ estimatedOn: TOMORROW })).toEqual(['Enter the date the child’s age was estimated. It must be a real date, today or in the past']);
    expect(messages({ latest: '2025-01-11' })).toEqual(['The estimated date of birth must be on or before the day the age was estimated']);
    expect(messages({ earliest: '2010-01-11' })).toEqual(['The earliest date of birth of the estimate must be the same as or before the latest']);
    expect(messages({ earliest: '2008-02-30' })).toEqual(['Enter the estimated age as real dates of birth, for example 2009-01-11']);
    expect(messages({})).toEqual([]);
  });

  it('should refuse an estimated age beside a date of birth the child gave', () => {
    const record = buildRecord({ child: { dateOfBirthEstimate: ESTIMATE_15_TO_16 } });
    expect(reported(record, 'child-dob-recorded').map((v) => v.message)).toEqual([
      'Remove the estimated age or the date of birth: record an estimated age only when the child’s date of birth is not known',
    ]);
  });

  it('should accept a child with an estimated age and one name, with care, UASC status and missing episodes, without a single error', () => {
    const record = buildRecord({
      child: { givenNames: 'Testy', familyName: null, ...estimated() },
      carePeriods: [buildCarePeriod({ startDate: '2025-01-10' })],
      uascPeriods: [buildUascPeriod({ startDate: '2025-01-10', ceasedDate: null })],
      missingEpisodes: [openEpisode({ startAt: '2025-03-01T21:15:00Z' })],
    });
    expect(validateRecord(record, CONTEXT).filter((v) => v.severity === 'error')).toEqual([]);
  });

  it('should report care-period-after-birth and missing-not-before-birth only before the earliest date of birth an estimate allows', () => {
    const before = buildRecord({
      child: estimated(),
      carePeriods: [buildCarePeriod({ startDate: '2008-01-10' })],
      missingEpisodes: [openEpisode({ startAt: '2008-01-10T12:00:00Z' })],
    });
    expect(reported(before, 'care-period-after-birth').map((v) => v.message)).toEqual([
      "Enter the date the care period started. It cannot be before the child's earliest date of birth their estimated age allows, 11 January 2008",
    ]);
    expect(reported(before, 'missing-not-before-birth').map((v) => v.message)).toEqual([
      'Enter the date the child went missing. It cannot be before their earliest date of birth their estimated age allows, 11 January 2008',
    ]);
    // Inside the interval the child may already have been born: not decided, so not an error.
    const inside = buildRecord({
      child: estimated(),
      carePeriods: [buildCarePeriod({ startDate: '2009-06-01' })],
      missingEpisodes: [openEpisode({ startAt: '2009-06-01T12:00:00Z' })],
    });
    expect(reported(inside, 'care-period-after-birth')).toEqual([]);
    expect(reported(inside, 'missing-not-before-birth')).toEqual([]);
  });

  it('should report uasc-duc-by-18 only after the latest 18th birthday an estimate allows, giving the child the benefit of the doubt', () => {
    const ceased = (ceasedDate: string) => buildRecord({ child: estimated(), uascPeriods: [buildUascPeriod({ startDate: '2025-01-10', ceasedDate })] });
    // Born between 11 January 2008 and 10 January 2010: 18 on 11 January 2026 at the earliest, 10 January 2028 at the latest.
    expect(reported(ceased('2027-06-01'), 'uasc-duc-by-18')).toEqual([]);
    expect(reported(ceased('2028-01-10'), 'uasc-duc-by-18')).toEqual([]);
    expect(reported(ceased('2028-01-11'), 'uasc-duc-by-18', contextAt('2028-02-01T12:00:00Z')).map((v) => v.message)).toEqual([
      "Enter the date UASC status ceased. It must be on or before the child's latest 18th birthday their estimated age allows, 10 January 2028",
    ]);
  });

  it('should ask for REC E8 only where care ended on or after the latest 18th birthday an estimate allows', () => {
    const endingAt = (day: string) =>
      buildRecord({
        child: estimated(),
        carePeriods: [buildCarePeriod({ startDate: '2025-01-10', endDate: day, reasonCeased: 'E4A' })],
        missingEpisodes: [openEpisode({ startAt: '2025-03-01T21:15:00Z', endAt: `${day}T12:00:00Z`, endReason: 'CEASED_LA_WHILE_MISSING' })],
      });
    const later = contextAt('2028-06-01T12:00:00Z');
    expect(reported(endingAt('2027-01-11'), 'missing-at-18-rec-e8', later)).toEqual([]);
    expect(reportedIds(endingAt('2028-01-10'), 'missing-at-18-rec-e8', later)).toEqual([IDS.carePeriod]);
  });
});

describe('care period rules', () => {
  it('should report care-period-after-birth against the assessed date of birth when one was set', () => {
    const record = buildRecord({
      child: { dateOfBirthClaimed: '2008-05-10', dateOfBirthAssessed: '2009-01-01' },
      carePeriods: [buildCarePeriod({ startDate: '2008-12-31' })],
    });
    const [violation] = reported(record, 'care-period-after-birth');
    expect(violation?.message).toMatch(/1 January 2009$/);
  });

  it('should report care-period-no-overlap for the later period when an earlier one is still open', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod(), buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-06-01' })] });
    expect(reportedIds(record, 'care-period-no-overlap')).toEqual([IDS.secondCarePeriod]);
  });

  it('should report care-period-no-overlap once, for the later period, when the periods are listed latest first', () => {
    const first = buildCarePeriod({ endDate: '2024-01-10', reasonCeased: 'X1' });
    const second = buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-01-09' });
    expect(reportedIds(buildRecord({ carePeriods: [second, first] }), 'care-period-no-overlap')).toEqual([IDS.secondCarePeriod]);
  });

  it('should report care-period-no-overlap for exactly one of two periods when both start the same day', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod({ id: IDS.secondCarePeriod }), buildCarePeriod()] });
    expect(reportedIds(record, 'care-period-no-overlap')).toEqual([IDS.secondCarePeriod]);
  });

  it('should not report care-period-no-overlap when there is a gap between the periods', () => {
    const record = buildRecord({
      carePeriods: [buildCarePeriod({ endDate: '2024-01-10', reasonCeased: 'E8' }), buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-03-01' })],
    });
    expect(reported(record, 'care-period-no-overlap')).toEqual([]);
  });

  it('should report care-period-reason-ceased asking to remove the reason when an open period has one', () => {
    const [violation] = reported(buildRecord({ carePeriods: [buildCarePeriod({ reasonCeased: 'E8' })] }), 'care-period-reason-ceased');
    expect(violation?.message).toBe('Remove the reason the care period ended, or enter the date it ended');
  });

  it('should report care-period-reason-ceased when an ended period has a code not on the REC list', () => {
    expect(reportedIds(buildRecord({ carePeriods: [buildCarePeriod({ endDate: '2025-04-01', reasonCeased: 'E99' })] }), 'care-period-reason-ceased')).toEqual([
      IDS.carePeriod,
    ]);
  });
});

describe('903 Episodes rules on legal status and placement', () => {
  const ids = (record: ChildRecord, rule: string, context: ValidationContext = CONTEXT): string[] => reportedIds(record, rule, context);

  it('should not report 217 when the adoption placement started before 1 April 2015', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod({ startDate: '2015-03-31', legalStatus: 'E1', placementType: 'A3', reasonNewEpisode: null })] });
    expect(ids(record, 'care-period-adoption-reason-new-episode')).toEqual([]);
  });

  it('should report 217 when the reason for an A3 episode from 1 April 2015 is blank', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod({ startDate: '2015-04-01', legalStatus: 'E1', placementType: 'A3', reasonNewEpisode: null })] });
    expect(ids(record, 'care-period-adoption-reason-new-episode')).toEqual([IDS.carePeriod]);
  });

  it('should not report 336 when a placement for adoption is the child’s first episode', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod({ legalStatus: 'E1', placementType: 'A3' })] });
    expect(ids(record, 'care-period-adoption-after-foster-care')).toEqual([]);
  });

  it('should compare with the episode before by start date when checking 336, whatever order the periods are listed in', () => {
    const record = twoEpisodes({ placementType: 'T1' }, { legalStatus: 'E1', placementType: 'A3', reasonNewEpisode: 'T' });
    const reversed = { ...record, carePeriods: [...record.carePeriods].reverse() };
    expect(ids(reversed, 'care-period-adoption-after-foster-care')).toEqual([IDS.secondCarePeriod]);
  });

  it('should not report 336 when A5 (placement order) follows a children’s home', () => {
    expect(
      ids(twoEpisodes({ placementType: 'K2' }, { legalStatus: 'E1', placementType: 'A5', reasonNewEpisode: 'B' }), 'care-period-adoption-after-foster-care'),
    ).toEqual([]);
  });

  it('should report every episode of a run of police protection when together they last more than 72 hours', () => {
    const record = buildRecord({
      carePeriods: [
        buildCarePeriod({ startDate: '2025-08-20', endDate: '2025-08-22', legalStatus: 'L1', reasonCeased: 'X1' }),
        buildCarePeriod({
          id: IDS.secondCarePeriod,
          startDate: '2025-08-22',
          endDate: '2025-08-24',
          legalStatus: 'L1',
          placementType: 'K2',
          reasonNewEpisode: 'P',
          reasonCeased: 'X1',
        }),
        buildCarePeriod({ id: '00000000-0000-4000-8000-000000000033', startDate: '2025-08-24', legalStatus: 'V2', placementType: 'K2', reasonNewEpisode: 'L' }),
      ],
    });
    expect(ids(record, 'care-period-police-protection-72-hours')).toEqual([IDS.carePeriod, IDS.secondCarePeriod]);
  });

  it('should count police protection that has not ended up to today when checking 361', () => {
    const started = (startDate: string) => buildRecord({ carePeriods: [buildCarePeriod({ startDate, legalStatus: 'L1', placementType: 'U6' })] });
    expect(ids(started('2025-08-29'), 'care-period-police-protection-72-hours')).toEqual([]);
    expect(ids(started('2025-08-28'), 'care-period-police-protection-72-hours')).toEqual([IDS.carePeriod]);
  });

  it('should count police protection still open on 31 March only up to then when checking against that collection year', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod({ startDate: '2025-03-29', legalStatus: 'L1', placementType: 'U6' })] });
    expect(ids(record, 'care-period-police-protection-72-hours', IN_YEAR_2025)).toEqual([]);
    expect(ids(record, 'care-period-police-protection-72-hours')).toEqual([IDS.carePeriod]);
  });

  it('should not join two separate spells of an emergency protection order when checking 362', () => {
    const record = buildRecord({
      carePeriods: [
        buildCarePeriod({ startDate: '2025-06-01', endDate: '2025-06-15', legalStatus: 'L2', reasonCeased: 'E4A' }),
        buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2025-07-01', endDate: '2025-07-15', legalStatus: 'L2', reasonCeased: 'E4A' }),
      ],
    });
    expect(ids(record, 'care-period-emergency-protection-21-days')).toEqual([]);
  });

  it('should add up consecutive PACE episodes when checking 364', () => {
    const record = buildRecord({
      carePeriods: [
        buildCarePeriod({ startDate: '2025-06-01', endDate: '2025-06-12', legalStatus: 'J2', placementType: 'K1', reasonCeased: 'X1' }),
        buildCarePeriod({
          id: IDS.secondCarePeriod,
          startDate: '2025-06-12',
          endDate: '2025-06-23',
          legalStatus: 'J2',
          placementType: 'K2',
          reasonNewEpisode: 'P',
          reasonCeased: 'E14',
        }),
      ],
    });
    expect(ids(record, 'care-period-pace-detention-21-days')).toEqual([IDS.carePeriod, IDS.secondCarePeriod]);
  });

  it('should report 434 when reason L comes with a new placement type', () => {
    const record = twoEpisodes({ legalStatus: 'C1' }, { reasonNewEpisode: 'L', legalStatus: 'C2', placementType: 'K2' });
    expect(reported(record, 'care-period-legal-status-change-only').map((violation) => violation.message)).toEqual([
      'Select the reason for the new episode again. Reason L means only the legal status changed, but the placement changed too: select B or U',
    ]);
  });

  it('should report 434 when reason L comes with a placement in another authority', () => {
    const record = twoEpisodes({ legalStatus: 'C1' }, { reasonNewEpisode: 'L', legalStatus: 'C2', placementType: 'U1', hostAuthorityCode: OTHER_AUTHORITY });
    expect(ids(record, 'care-period-legal-status-change-only')).toEqual([IDS.secondCarePeriod]);
  });

  it('should not report 434 when the child’s first episode has reason L', () => {
    expect(ids(buildRecord({ carePeriods: [buildCarePeriod({ reasonNewEpisode: 'L' })] }), 'care-period-legal-status-change-only')).toEqual([]);
  });

  it('should not report 390 or 516 while the care period is open', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod({ placementType: 'K2' })] });
    expect(ids(record, 'care-period-adopted-from-adoption-placement')).toEqual([]);
    expect(ids(record, 'care-period-special-guardianship-from-foster-care')).toEqual([]);
  });
});

describe('UASC and transfer rules', () => {
  it('should not report uasc-duc-by-18 when a child born on 29 February ceased UASC on 1 March at 18', () => {
    // Lantern's 18th birthday for a 29 February birth is 1 March (docs/ssda903-rules.md §1.6).
    const record = buildRecord({
      child: { dateOfBirthClaimed: '2004-02-29' },
      uascPeriods: [buildUascPeriod({ startDate: '2020-01-01', ceasedDate: '2022-03-01' })],
    });
    expect(reported(record, 'uasc-duc-by-18')).toEqual([]);
  });

  it('should report uasc-duc-by-18 when a child born on 29 February ceased UASC on 2 March at 18', () => {
    const record = buildRecord({
      child: { dateOfBirthClaimed: '2004-02-29' },
      uascPeriods: [buildUascPeriod({ startDate: '2020-01-01', ceasedDate: '2022-03-02' })],
    });
    expect(reported(record, 'uasc-duc-by-18').map((violation) => violation.message)).toEqual([
      "Enter the date UASC status ceased. It must be on or before the child's 18th birthday, 1 March 2022",
    ]);
  });

  it('should report uasc-duc-by-18 against the assessed date of birth when one was set', () => {
    const record = buildRecord({ child: { dateOfBirthAssessed: '2005-01-01' }, uascPeriods: [buildUascPeriod({ ceasedDate: '2023-06-01' })] });
    expect(reportedIds(record, 'uasc-duc-by-18')).toEqual([IDS.uascPeriod]);
  });

  it('should not report uasc-duc-by-18 when UASC status has not ceased', () => {
    expect(reported(buildRecord({ child: { dateOfBirthClaimed: '2005-01-01' }, uascPeriods: [buildUascPeriod()] }), 'uasc-duc-by-18')).toEqual([]);
  });

  it('should report uasc-period-dates for the later period when two UASC periods overlap', () => {
    const record = buildRecord({
      uascPeriods: [buildUascPeriod({ ceasedDate: '2023-06-01' }), buildUascPeriod({ id: IDS.secondUascPeriod, startDate: '2023-05-31' })],
    });
    expect(reportedIds(record, 'uasc-period-dates')).toEqual([IDS.secondUascPeriod]);
  });

  it('should not report uasc-period-dates when a UASC period starts on the day the previous one ceased', () => {
    const record = buildRecord({
      uascPeriods: [buildUascPeriod({ ceasedDate: '2023-06-01' }), buildUascPeriod({ id: IDS.secondUascPeriod, startDate: '2023-06-01' })],
    });
    expect(reported(record, 'uasc-period-dates')).toEqual([]);
  });

  it('should report national-transfer-dates with the referral date when the transfer is before the referral', () => {
    const record = buildRecord({ nationalTransfers: [buildNationalTransfer({ referredOn: '2023-02-01', transferredOn: '2023-01-31' })] });
    expect(reported(record, 'national-transfer-dates').map((violation) => violation.message)).toEqual([
      'Enter the date of the transfer. It must be on or after the referral, 1 February 2023',
    ]);
  });

  it('should not report national-transfer-dates when the transfer is on the referral day or not yet made', () => {
    expect(reported(buildRecord({ nationalTransfers: [buildNationalTransfer({ transferredOn: '2023-02-01' })] }), 'national-transfer-dates')).toEqual([]);
    expect(reported(buildRecord({ nationalTransfers: [buildNationalTransfer({ transferredOn: null })] }), 'national-transfer-dates')).toEqual([]);
  });
});

describe('trafficking and NRM rules', () => {
  const withReferral = (overrides: Parameters<typeof buildReferral>[0]) =>
    buildRecord({ traffickingConcerns: [buildConcern({ nrmReferral: buildReferral(overrides) })] });

  it('should report trafficking-status-after-concern when a status takes effect tomorrow', () => {
    const record = buildRecord({ traffickingConcerns: [buildConcern({ statuses: [buildStatus({ effectiveFrom: TOMORROW })] })] });
    expect(reportedIds(record, 'trafficking-status-after-concern')).toEqual([IDS.status]);
  });

  it('should report nrm-referral-date when the referral date is not a real date', () => {
    expect(reportedIds(withReferral({ referredOn: '2024-11-31' }), 'nrm-referral-date')).toEqual([IDS.referral]);
  });

  it('should ask for the decision date when reasonable grounds are decided without one', () => {
    const [violation] = reported(withReferral({ reasonableGroundsDecision: 'NEGATIVE', reasonableGroundsDecidedOn: null }), 'nrm-reasonable-grounds');
    expect(violation?.message).toBe('Enter the date of the reasonable grounds decision');
  });

  it('should ask to remove the date when reasonable grounds are pending with a date', () => {
    const [violation] = reported(withReferral({ reasonableGroundsDecision: 'PENDING', reasonableGroundsDecidedOn: '2024-11-20' }), 'nrm-reasonable-grounds');
    expect(violation?.message).toBe('Remove the decision date, or select the reasonable grounds decision');
  });

  it('should report nrm-reasonable-grounds when the decision is dated tomorrow', () => {
    expect(reportedIds(withReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: TOMORROW }), 'nrm-reasonable-grounds')).toEqual([
      IDS.referral,
    ]);
  });

  it('should report nrm-conclusive-grounds when a conclusive decision follows a negative reasonable grounds decision', () => {
    const record = withReferral({
      reasonableGroundsDecision: 'NEGATIVE',
      reasonableGroundsDecidedOn: '2024-11-20',
      conclusiveGroundsDecision: 'POSITIVE',
      conclusiveGroundsDecidedOn: '2025-01-20',
    });
    expect(reported(record, 'nrm-conclusive-grounds').map((violation) => violation.message)).toEqual([
      'A conclusive grounds decision can only follow a positive reasonable grounds decision',
    ]);
  });

  it('should ask for the date when conclusive grounds are decided without one', () => {
    const record = withReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-20', conclusiveGroundsDecision: 'NEGATIVE' });
    expect(reported(record, 'nrm-conclusive-grounds').map((violation) => violation.message)).toEqual(['Enter the date of the conclusive grounds decision']);
  });

  it('should ask to remove the date when conclusive grounds are pending with a date', () => {
    const record = withReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-20', conclusiveGroundsDecidedOn: '2025-01-20' });
    expect(reported(record, 'nrm-conclusive-grounds').map((violation) => violation.message)).toEqual([
      'Remove the decision date, or select the conclusive grounds decision',
    ]);
  });

  it('should report nrm-conclusive-grounds when the decision is dated tomorrow', () => {
    const record = withReferral({
      reasonableGroundsDecision: 'POSITIVE',
      reasonableGroundsDecidedOn: '2024-11-20',
      conclusiveGroundsDecision: 'POSITIVE',
      conclusiveGroundsDecidedOn: TOMORROW,
    });
    expect(reportedIds(record, 'nrm-conclusive-grounds')).toEqual([IDS.referral]);
  });
});

describe('missing episode rules', () => {
  it('should report 564 and 1004, without failing, when the start is blank', () => {
    const violations = validateRecord(buildRecord({ missingEpisodes: [openEpisode({ startAt: '' })] }), CONTEXT);
    expect(violations.filter((violation) => violation.entityId === IDS.episode).map((violation) => violation.code)).toEqual(['1004', '564']);
  });

  it('should report only 1004 for the start, without failing, when the start is not a date at all', () => {
    const violations = validateRecord(buildRecord({ missingEpisodes: [openEpisode({ startAt: 'last Tuesday' })] }), IN_YEAR_2025);
    expect(violations.filter((violation) => violation.entityId === IDS.episode).map((violation) => violation.rule)).toEqual(['missing-start-valid']);
  });

  it('should report only 1005 for the end, without failing, when the end is not a date and a collection year is checked', () => {
    const violations = validateRecord(buildRecord({ missingEpisodes: [buildEpisode({ endAt: 'this morning' })] }), IN_YEAR_2025);
    expect(violations.filter((violation) => violation.entityId === IDS.episode).map((violation) => violation.rule)).toEqual(['missing-end-valid']);
  });

  it('should accept a start without seconds when checking 1004', () => {
    expect(reported(buildRecord({ missingEpisodes: [openEpisode({ startAt: '2025-03-01T21:15Z' })] }), 'missing-start-valid')).toEqual([]);
  });

  it('should report 1006 when the type is a lower-case m', () => {
    expect(reportedIds(buildRecord({ missingEpisodes: [buildEpisode({ type: 'm' as MissingType })] }), 'missing-type')).toEqual([IDS.episode]);
  });

  it('should leave a blank type to 565 and 566 when checking 1006', () => {
    const record = buildRecord({ missingEpisodes: [buildEpisode({ type: blankType })] });
    expect(reported(record, 'missing-type')).toEqual([]);
    expect(reportedIds(record, 'missing-type-with-start')).toEqual([IDS.episode]);
    expect(reportedIds(record, 'missing-type-with-end')).toEqual([IDS.episode]);
  });

  it('should report 565 when the type is only spaces', () => {
    expect(reportedIds(buildRecord({ missingEpisodes: [openEpisode({ type: '  ' as MissingType })] }), 'missing-type-with-start')).toEqual([IDS.episode]);
  });

  it('should not report 566 when the type is blank but the child is still missing', () => {
    const record = buildRecord({ missingEpisodes: [openEpisode({ type: blankType })] });
    expect(reported(record, 'missing-type-with-end')).toEqual([]);
    expect(reportedIds(record, 'missing-type-with-start')).toEqual([IDS.episode]);
  });

  it('should report 567 when the end is earlier on the same day as the start', () => {
    expect(reportedIds(buildRecord({ missingEpisodes: [buildEpisode({ endAt: '2025-03-01T20:00:00Z' })] }), 'missing-end-after-start')).toEqual([IDS.episode]);
  });

  it('should not report 567 when the child is still missing', () => {
    expect(reported(buildRecord({ missingEpisodes: [openEpisode()] }), 'missing-end-after-start')).toEqual([]);
  });

  it('should report 574 with the open episode when a new episode starts while one is open', () => {
    const record = buildRecord({
      missingEpisodes: [openEpisode(), openEpisode({ id: IDS.secondEpisode, startAt: '2025-03-05T10:00:00Z' })],
    });
    expect(reported(record, 'missing-no-overlap').map((violation) => [violation.entityId, violation.message])).toEqual([
      [IDS.secondEpisode, 'The child is already recorded as missing since 1 March 2025 at 9:15pm. Record that they came back before reporting a new episode'],
    ]);
  });

  it('should report 574 for the later-starting episode when the episodes are listed latest first', () => {
    const later = buildEpisode({ id: IDS.secondEpisode, startAt: '2025-03-02T08:29:00Z', endAt: '2025-03-02T12:00:00Z' });
    expect(reportedIds(buildRecord({ missingEpisodes: [later, buildEpisode()] }), 'missing-no-overlap')).toEqual([IDS.secondEpisode]);
  });

  it('should report 574 when an episode lies wholly inside another', () => {
    const inner = buildEpisode({ id: IDS.secondEpisode, type: 'A', startAt: '2025-03-01T23:00:00Z', endAt: '2025-03-02T01:00:00Z' });
    expect(reportedIds(buildRecord({ missingEpisodes: [buildEpisode(), inner] }), 'missing-no-overlap')).toEqual([IDS.secondEpisode]);
  });

  it('should not report 574 when the episodes are on different days', () => {
    const later = buildEpisode({ id: IDS.secondEpisode, startAt: '2025-04-01T20:00:00Z', endAt: '2025-04-02T09:00:00Z' });
    expect(reported(buildRecord({ missingEpisodes: [buildEpisode(), later] }), 'missing-no-overlap')).toEqual([]);
  });

  describe('575 near midnight in British Summer Time', () => {
    // The first placement ends on 30 June 2025; the next starts on 1 July 2025.
    const carePeriods = [
      buildCarePeriod({ endDate: '2025-06-30', reasonCeased: 'X1' }),
      buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2025-07-01', reasonNewEpisode: 'P' }),
    ];

    it('should not report 575 when the child went missing at 12:30am BST on 1 July, from the new placement', () => {
      const record = buildRecord({ carePeriods, missingEpisodes: [openEpisode({ startAt: '2025-06-30T23:30:00Z' })] });
      expect(reported(record, 'missing-ended-when-placement-ended')).toEqual([]);
    });

    it('should report 575 when the child went missing at 11:30pm BST on 30 June, from the ended placement', () => {
      const record = buildRecord({ carePeriods, missingEpisodes: [openEpisode({ startAt: '2025-06-30T22:30:00Z' })] });
      expect(reportedIds(record, 'missing-ended-when-placement-ended')).toEqual([IDS.episode]);
      // The day between the two placements is a gap, so the DfE sees two periods of care: the
      // child is looked after again, but not in the period they went missing from.
      expect(reportedIds(record, 'missing-closed-when-care-ceased')).toEqual([IDS.episode]);
    });
  });

  it('should not report 575 when the placement the child went missing from is still open', () => {
    expect(reported(buildRecord({ missingEpisodes: [openEpisode()] }), 'missing-ended-when-placement-ended')).toEqual([]);
  });

  it('should not report 577 when the child is still looked after', () => {
    expect(reported(buildRecord({ missingEpisodes: [openEpisode()] }), 'missing-closed-when-care-ceased')).toEqual([]);
  });

  it('should not report 577 when the child has no care periods at all', () => {
    expect(reported(buildRecord({ carePeriods: [], missingEpisodes: [openEpisode()] }), 'missing-closed-when-care-ceased')).toEqual([]);
  });

  it('should report 577 when care ended before an open episode even started', () => {
    const record = buildRecord({ carePeriods: [endedCare], missingEpisodes: [openEpisode({ startAt: '2025-05-01T10:00:00Z' })] });
    expect(reportedIds(record, 'missing-closed-when-care-ceased')).toEqual([IDS.episode]);
    expect(reported(record, 'missing-ended-when-placement-ended')).toEqual([]);
  });

  it('should report 577 when a closed episode ends after the child ceased to be looked after', () => {
    const record = buildRecord({
      carePeriods: [endedCare],
      missingEpisodes: [buildEpisode({ startAt: '2025-03-30T10:00:00Z', endAt: '2025-04-02T09:00:00Z' })],
    });
    expect(reported(record, 'missing-closed-when-care-ceased').map((violation) => violation.message)).toEqual([
      'Enter the date the missing episode ended. It must be on or before 1 April 2025, when the child stopped being looked after',
    ]);
  });

  it('should not report 577 when a closed episode ends on the day care ended, at 11:30pm BST', () => {
    const record = buildRecord({
      carePeriods: [endedCare],
      missingEpisodes: [buildEpisode({ startAt: '2025-03-30T10:00:00Z', endAt: '2025-04-01T22:30:00Z' })],
    });
    expect(reported(record, 'missing-closed-when-care-ceased')).toEqual([]);
  });

  it('should report 577 when an episode still open began in an earlier period of care than the current one', () => {
    const record = buildRecord({
      carePeriods: [endedCare, buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2025-05-01' })],
      missingEpisodes: [openEpisode({ startAt: '2025-03-30T10:00:00Z' })],
    });
    expect(reportedIds(record, 'missing-closed-when-care-ceased')).toEqual([IDS.episode]);
  });

  it('should not report 577 when care continues through a same-day change of episode', () => {
    const record = buildRecord({
      carePeriods: [
        buildCarePeriod({ endDate: '2025-04-01', reasonCeased: 'X1' }),
        buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2025-04-01', reasonNewEpisode: 'P', placementType: 'U4' }),
      ],
      missingEpisodes: [buildEpisode({ startAt: '2025-04-01T10:00:00Z', endAt: '2025-04-03T09:00:00Z' })],
    });
    expect(reported(record, 'missing-closed-when-care-ceased')).toEqual([]);
  });

  it('should report 578 when the episode starts at 12:30am BST on the day after care ended', () => {
    const record = buildRecord({
      carePeriods: [endedCare],
      missingEpisodes: [buildEpisode({ startAt: '2025-04-01T23:30:00Z', endAt: '2025-04-02T08:00:00Z' })],
    });
    expect(reportedIds(record, 'missing-not-after-care-ceased')).toEqual([IDS.episode]);
  });

  it('should not report 578 when the episode starts at 11:30pm BST on the day care ended', () => {
    const record = buildRecord({
      carePeriods: [endedCare],
      missingEpisodes: [buildEpisode({ startAt: '2025-04-01T22:30:00Z', endAt: '2025-04-02T08:00:00Z' })],
    });
    expect(reported(record, 'missing-not-after-care-ceased')).toEqual([]);
  });

  it('should report 578 when the episode starts in a gap between care periods', () => {
    const record = buildRecord({
      carePeriods: [buildCarePeriod({ endDate: '2024-01-10', reasonCeased: 'E8' }), buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-03-01' })],
      missingEpisodes: [buildEpisode({ startAt: '2024-02-01T10:00:00Z', endAt: '2024-02-01T18:00:00Z' })],
    });
    expect(reportedIds(record, 'missing-not-after-care-ceased')).toEqual([IDS.episode]);
  });

  it('should leave an episode before care started to 581 when checking 578', () => {
    const record = buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2022-12-31T12:00:00Z', endAt: '2022-12-31T18:00:00Z' })] });
    expect(reported(record, 'missing-not-after-care-ceased')).toEqual([]);
  });

  it('should leave an open episode that starts before care started to 581, not 577', () => {
    const record = buildRecord({ missingEpisodes: [openEpisode({ startAt: '2022-12-01T12:00:00Z' })] });
    expect(reported(record, 'missing-closed-when-care-ceased')).toEqual([]);
    expect(reportedIds(record, 'missing-not-before-care-started')).toEqual([IDS.episode]);
  });

  it('should report 581 asking for a care period when the child has none', () => {
    const [violation] = reported(buildRecord({ carePeriods: [], missingEpisodes: [buildEpisode()] }), 'missing-not-before-care-started');
    expect(violation?.message).toBe('Add a care period before recording a missing episode: the child must be looked after');
  });

  it('should use the UK day when the episode starts near midnight in BST on the day care started', () => {
    const carePeriods = [buildCarePeriod({ startDate: '2023-07-01' })];
    const atHalfPastMidnight = buildRecord({
      carePeriods,
      missingEpisodes: [buildEpisode({ startAt: '2023-06-30T23:30:00Z', endAt: '2023-07-01T09:00:00Z' })],
    });
    const atHalfPastEleven = buildRecord({ carePeriods, missingEpisodes: [buildEpisode({ startAt: '2023-06-30T22:30:00Z', endAt: '2023-07-01T09:00:00Z' })] });
    expect(reported(atHalfPastMidnight, 'missing-not-before-care-started')).toEqual([]);
    expect(reportedIds(atHalfPastEleven, 'missing-not-before-care-started')).toEqual([IDS.episode]);
  });

  it('should count the earliest of several care periods as the start of care when checking 581', () => {
    const record = buildRecord({
      carePeriods: [buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-03-01' }), buildCarePeriod({ endDate: '2024-01-10', reasonCeased: 'E8' })],
      missingEpisodes: [buildEpisode({ startAt: '2022-06-01T10:00:00Z', endAt: '2022-06-01T18:00:00Z' })],
    });
    expect(reported(record, 'missing-not-before-care-started').map((violation) => violation.message)).toEqual([
      'Enter the date the child went missing. It cannot be before they were first looked after, 1 January 2023',
    ]);
  });

  it('should not report 580 when the child came back before care ended at 18', () => {
    const record = buildRecord({
      child: { dateOfBirthClaimed: '2007-01-20' },
      carePeriods: [buildCarePeriod({ endDate: '2025-01-20', reasonCeased: 'E17' })],
      missingEpisodes: [buildEpisode({ startAt: '2025-01-10T20:00:00Z', endAt: '2025-01-20T12:00:00Z', endReason: 'RETURNED_SELF' })],
    });
    expect(reported(record, 'missing-at-18-rec-e8')).toEqual([]);
  });

  it('should not report 580 when care ended before the 18th birthday', () => {
    const record = buildRecord({
      child: { dateOfBirthClaimed: '2007-01-20' },
      carePeriods: [buildCarePeriod({ endDate: '2025-01-19', reasonCeased: 'E17' })],
      missingEpisodes: [buildEpisode({ startAt: '2025-01-10T20:00:00Z', endAt: '2025-01-19T12:00:00Z', endReason: 'CEASED_LA_WHILE_MISSING' })],
    });
    expect(reported(record, 'missing-at-18-rec-e8')).toEqual([]);
  });

  it('should report 586 against the assessed date of birth when one was set', () => {
    const record = buildRecord({ child: { dateOfBirthAssessed: '2009-01-01' }, missingEpisodes: [openEpisode({ startAt: '2008-12-31T12:00:00Z' })] });
    expect(reported(record, 'missing-not-before-birth').map((violation) => violation.message)).toEqual([
      'Enter the date the child went missing. It cannot be before their date of birth, 1 January 2009',
    ]);
  });

  it('should report missing-end-reason asking to remove it when an open episode says how it ended', () => {
    const [violation] = reported(buildRecord({ missingEpisodes: [openEpisode({ endReason: 'FOUND_POLICE' })] }), 'missing-end-reason');
    expect(violation?.message).toBe('Remove how the episode ended, or enter the date the child came back');
  });

  it('should report missing-police-report-after-start when the report is in the future', () => {
    expect(reportedIds(buildRecord({ missingEpisodes: [buildEpisode({ reportedToPoliceAt: JUST_AFTER_NOW })] }), 'missing-police-report-after-start')).toEqual([
      IDS.episode,
    ]);
  });

  it('should not report missing-police-report-after-start when the child was not reported', () => {
    expect(reported(buildRecord({ missingEpisodes: [buildEpisode({ reportedToPoliceAt: null })] }), 'missing-police-report-after-start')).toEqual([]);
  });

  it('should report missing-authorities-told-after-start when the responsible authority was told before the child went missing', () => {
    const record = buildRecord({ missingEpisodes: [buildEpisode({ responsibleAuthorityToldAt: '2025-03-01T20:00:00Z' })] });
    expect(reportedIds(record, 'missing-authorities-told-after-start')).toEqual([IDS.episode]);
  });
});

describe('collection year rules (570 and 571)', () => {
  const lateStart = buildRecord({
    missingEpisodes: [openEpisode({ startAt: '2025-04-01T10:00:00Z', reportedToPoliceAt: null, responsibleAuthorityToldAt: null, hostAuthorityToldAt: null })],
  });

  it('should not report 570 or 571 when no collection year is given', () => {
    const record = buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2025-04-01T10:00:00Z', endAt: '2025-04-02T10:00:00Z' })] });
    expect(reported(record, 'missing-start-in-collection-year')).toEqual([]);
    expect(reported(record, 'missing-end-in-collection-year')).toEqual([]);
  });

  it('should report 570 when checking the year ending 2025 but not the year ending 2026', () => {
    expect(reportedIds(lateStart, 'missing-start-in-collection-year', IN_YEAR_2025)).toEqual([IDS.episode]);
    expect(reported(lateStart, 'missing-start-in-collection-year', { ...CONTEXT, collectionYear: 2026 })).toEqual([]);
  });

  it('should not report 570 when the episode started before the collection year began', () => {
    const record = buildRecord({ missingEpisodes: [openEpisode({ startAt: '2023-06-01T10:00:00Z' })] });
    expect(reported(record, 'missing-start-in-collection-year', IN_YEAR_2025)).toEqual([]);
  });

  it('should report 571 when the episode ends at 12:30am BST on 1 April after the year', () => {
    const record = buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2025-03-31T20:00:00Z', endAt: '2025-03-31T23:30:00Z' })] });
    expect(reportedIds(record, 'missing-end-in-collection-year', IN_YEAR_2025)).toEqual([IDS.episode]);
  });

  it('should not report 571 when the episode ends at 11:30pm BST on the last day of the year', () => {
    const record = buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2025-03-31T20:00:00Z', endAt: '2025-03-31T22:30:00Z' })] });
    expect(reported(record, 'missing-end-in-collection-year', IN_YEAR_2025)).toEqual([]);
  });

  it('should not report 571 when the child is still missing', () => {
    expect(
      reported(buildRecord({ missingEpisodes: [openEpisode({ startAt: '2023-06-01T10:00:00Z' })] }), 'missing-end-in-collection-year', IN_YEAR_2025),
    ).toEqual([]);
  });
});

describe('return interview rules', () => {
  it('should ask to record the return first when the child is still missing', () => {
    const record = buildRecord({ missingEpisodes: [openEpisode({ returnInterview: buildInterview({ completedAt: null }) })] });
    expect(reported(record, 'interview-after-return').map((violation) => [violation.entityId, violation.message])).toEqual([
      [IDS.interview, 'Record that the child came back before recording a return interview'],
    ]);
  });

  it('should report interview-after-return when the interview was offered before the child came back', () => {
    const record = buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: buildInterview({ offeredAt: '2025-03-02T08:00:00Z' }) })] });
    expect(reportedIds(record, 'interview-after-return')).toEqual([IDS.interview]);
  });

  it('should report interview-not-future when the interview is offered in the future', () => {
    const record = buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: buildInterview({ offeredAt: JUST_AFTER_NOW, completedAt: null }) })] });
    expect(reportedIds(record, 'interview-not-future')).toEqual([IDS.interview]);
  });

  it('should ask for the reason when an interview was not offered and no reason is given', () => {
    for (const notOfferedReason of [null, '   ']) {
      const interview = buildInterview({ response: 'NOT_OFFERED', offeredAt: null, completedAt: null, notOfferedReason });
      const [violation] = reported(buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: interview })] }), 'interview-response-consistent');
      expect(violation?.message).toBe('Enter the reason the return interview was not offered');
    }
  });

  it('should not report interview-response-consistent when an interview not offered has a reason', () => {
    const interview = buildInterview({
      response: 'NOT_OFFERED',
      offeredAt: null,
      completedAt: null,
      notOfferedReason: 'Child moved placement out of area (fictional)',
    });
    expect(reported(buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: interview })] }), 'interview-response-consistent')).toEqual([]);
  });

  it('should ask when the interview was offered when an accepted interview has no offer date', () => {
    const interview = buildInterview({ offeredAt: null, completedAt: null });
    const [violation] = reported(buildRecord({ missingEpisodes: [buildEpisode({ returnInterview: interview })] }), 'interview-response-consistent');
    expect(violation?.message).toBe('Enter the date and time the interview was offered');
  });
});

describe('carePeriodOn', () => {
  const first = buildCarePeriod({ endDate: '2024-01-10', reasonCeased: 'E8' });
  const second = buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-03-01' });

  it('should find the period when the day is its first or last day', () => {
    expect(carePeriodOn([first, second], '2023-01-01')?.id).toBe(IDS.carePeriod);
    expect(carePeriodOn([first, second], '2024-01-10')?.id).toBe(IDS.carePeriod);
  });

  it('should find an open period when the day is long after it started', () => {
    expect(carePeriodOn([first, second], '2030-01-01')?.id).toBe(IDS.secondCarePeriod);
  });

  it('should be null when the day falls in a gap or before care', () => {
    expect(carePeriodOn([first, second], '2024-01-11')).toBeNull();
    expect(carePeriodOn([first, second], '2022-12-31')).toBeNull();
    expect(carePeriodOn([], '2024-01-11')).toBeNull();
  });
});

describe('isLookedAfter', () => {
  it('should be true when a care period is open', () => {
    expect(isLookedAfter(buildRecord())).toBe(true);
  });

  it('should be false when every care period has ended', () => {
    expect(isLookedAfter({ carePeriods: [endedCare] })).toBe(false);
  });

  it('should be false when there are no care periods', () => {
    expect(isLookedAfter({ carePeriods: [] })).toBe(false);
  });
});

describe('validateRecord', () => {
  it('should use the context it is given when deciding what is in the future', () => {
    const record = buildRecord({ aliases: [buildAlias({ seenOn: '2025-07-01' })] });
    // 11:30pm BST on 30 June is still 30 June in the UK; half an hour later it is 1 July.
    expect(reportedIds(record, 'alias-seen-not-future', contextAt('2025-06-30T22:30:00Z'))).toEqual([IDS.alias]);
    expect(reported(record, 'alias-seen-not-future', contextAt('2025-06-30T23:30:00Z'))).toEqual([]);
  });
});

describe('introducedErrors', () => {
  const brokenPlacement = buildCarePeriod({ placementType: 'U9' });

  it('should report every error when there is no record before the change', () => {
    const after = buildRecord({ carePeriods: [brokenPlacement], aliases: [buildAlias({ seenOn: TOMORROW })] });
    expect(introducedErrors(null, after, CONTEXT).map((violation) => violation.rule)).toEqual(['alias-seen-not-future', 'care-period-placement-type']);
  });

  it('should report nothing when the record is valid and there is no record before', () => {
    expect(introducedErrors(null, fullValidRecord(), CONTEXT)).toEqual([]);
  });

  it('should not report an error again when it was already in the record before the change', () => {
    const before = buildRecord({ carePeriods: [brokenPlacement] });
    const after = buildRecord({ carePeriods: [brokenPlacement], aliases: [buildAlias()] });
    expect(validateRecord(after, CONTEXT).map((violation) => violation.rule)).toEqual(['care-period-placement-type']);
    expect(introducedErrors(before, after, CONTEXT)).toEqual([]);
  });

  it('should report a new error when the change adds one to a record that already had another', () => {
    const before = buildRecord({ carePeriods: [brokenPlacement] });
    const after = buildRecord({ carePeriods: [brokenPlacement], aliases: [buildAlias({ seenOn: TOMORROW })] });
    expect(introducedErrors(before, after, CONTEXT).map((violation) => [violation.rule, violation.entityId])).toEqual([['alias-seen-not-future', IDS.alias]]);
  });

  it('should report the same rule broken by a different entity when the change adds one', () => {
    const before = buildRecord({ carePeriods: [brokenPlacement] });
    const after = buildRecord({
      carePeriods: [
        buildCarePeriod({ placementType: 'U9', endDate: '2024-01-10', reasonCeased: 'E8' }),
        buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-03-01', placementType: 'U9' }),
      ],
    });
    expect(introducedErrors(before, after, CONTEXT).map((violation) => [violation.rule, violation.entityId])).toEqual([
      ['care-period-placement-type', IDS.secondCarePeriod],
    ]);
  });

  it('should never report warnings when they are new', () => {
    const lateEpisode = openEpisode({ startAt: '2025-04-01T10:00:00Z', reportedToPoliceAt: null, responsibleAuthorityToldAt: null, hostAuthorityToldAt: null });
    const after = buildRecord({ child: { nationality: 'unknown' }, uascPeriods: [buildUascPeriod()], missingEpisodes: [lateEpisode] });
    expect(validateRecord(after, IN_YEAR_2025).map((violation) => violation.severity)).toEqual(['warning', 'warning']);
    expect(introducedErrors(null, after, IN_YEAR_2025)).toEqual([]);
  });
});
