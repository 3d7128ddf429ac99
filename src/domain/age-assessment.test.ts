import { describe, expect, it } from 'vitest';
import { buildAgeAssessment, buildChild, buildRecord, IDS } from '../../test/factories/child-record.ts';
import {
  ageAssessmentProblems,
  ageStatusFromAssessment,
  challengeProblems,
  childAfterAssessment,
  newAgeAssessment,
  recordWithAssessment,
  withChallenge,
} from './age-assessment.ts';
import { chronology } from './chronology.ts';
import { validateRecord } from './validation/rules.ts';

const TODAY = '2025-06-15';
const STATUS_ID = '00000000-0000-4000-8000-0000000000f1';

describe('an age assessment', () => {
  it('should be built with what was not given as null', () => {
    const { id: _id, childId: _child, ...details } = buildAgeAssessment();
    expect(newAgeAssessment(IDS.ageAssessment, IDS.child, { ...details, assessedDateOfBirth: undefined, note: undefined })).toEqual(
      buildAgeAssessment({ assessedDateOfBirth: null, note: null }),
    );
  });

  it('should find nothing wrong with a whole assessment, or an inconclusive one with no result', () => {
    expect(ageAssessmentProblems(buildAgeAssessment(), TODAY)).toEqual([]);
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedDateOfBirth: null, assessedAge: 16 }), TODAY)).toEqual([]);
    expect(ageAssessmentProblems(buildAgeAssessment({ outcome: 'ADULT', assessedDateOfBirth: '2005-01-01' }), TODAY)).toEqual([]);
    expect(ageAssessmentProblems(buildAgeAssessment({ outcome: 'INCONCLUSIVE', assessedDateOfBirth: null }), TODAY)).toEqual([]);
  });

  it('should refuse dates in the future, and an outcome before the assessment was asked for', () => {
    expect(ageAssessmentProblems(buildAgeAssessment({ referredOn: '2025-06-16' }), TODAY)).toEqual([
      { field: 'referredOn', message: 'The date the age assessment was asked for must be today or in the past' },
    ]);
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedOn: '2025-06-16' }), TODAY)).toEqual([
      { field: 'assessedOn', message: 'The date of the outcome must be today or in the past' },
    ]);
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedOn: '2024-09-01' }), TODAY)).toEqual([
      { field: 'assessedOn', message: 'The date of the outcome must be the same as or after the date the assessment was asked for, 2 September 2024' },
    ]);
    // The same day is allowed.
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedOn: '2024-09-02' }), TODAY)).toEqual([]);
  });

  it('should ask for a date of birth or an age, not both, and neither for an inconclusive one', () => {
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedDateOfBirth: null }), TODAY)).toEqual([
      { field: 'assessedDateOfBirth', message: 'Enter the date of birth or the age the assessment gave' },
    ]);
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedAge: 16 }), TODAY)).toEqual([
      { field: 'assessedAge', message: 'Enter the date of birth or the age the assessment gave, not both' },
    ]);
    const inconclusive = 'An inconclusive assessment gives no date of birth or age. Remove it, or select what the assessment found';
    expect(ageAssessmentProblems(buildAgeAssessment({ outcome: 'INCONCLUSIVE' }), TODAY)).toEqual([{ field: 'assessedDateOfBirth', message: inconclusive }]);
    expect(ageAssessmentProblems(buildAgeAssessment({ outcome: 'INCONCLUSIVE', assessedDateOfBirth: null, assessedAge: 17 }), TODAY)).toEqual([
      { field: 'assessedAge', message: inconclusive },
    ]);
  });

  it('should refuse a date of birth on or after the outcome, or before 1990', () => {
    const message = 'The assessed date of birth must be before the date of the outcome, 14 October 2024';
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedDateOfBirth: '2024-10-14' }), TODAY)).toEqual([{ field: 'assessedDateOfBirth', message }]);
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedDateOfBirth: '2024-13-01' }), TODAY)).toEqual([{ field: 'assessedDateOfBirth', message }]);
    expect(ageAssessmentProblems(buildAgeAssessment({ outcome: 'ADULT', assessedDateOfBirth: '1989-12-31' }), TODAY)).toEqual([
      { field: 'assessedDateOfBirth', message: 'The assessed date of birth must be the same as or after 1 January 1990' },
    ]);
  });

  it('should refuse a result the outcome contradicts: a child of 18 or over, an adult under 18', () => {
    expect(ageAssessmentProblems(buildAgeAssessment({ assessedDateOfBirth: '2006-10-14' }), TODAY)).toEqual([
      {
        field: 'assessedDateOfBirth',
        message: 'The assessed date of birth makes them 18 on the date of the outcome. Select that the assessment found them an adult, or correct it',
      },
    ]);
    expect(ageAssessmentProblems(buildAgeAssessment({ outcome: 'ADULT', assessedDateOfBirth: null, assessedAge: 17 }), TODAY)).toEqual([
      {
        field: 'assessedAge',
        message: 'The assessed age makes them 17 on the date of the outcome. Select that the assessment found them a child, or correct it',
      },
    ]);
    for (const assessedAge of [-1, 41, 16.5]) {
      expect(ageAssessmentProblems(buildAgeAssessment({ assessedDateOfBirth: null, assessedAge }), TODAY)).toEqual([
        { field: 'assessedAge', message: 'The assessed age must be a whole number of years from 0 to 40' },
      ]);
    }
  });

  it('should give the age status of its outcome, and none when inconclusive', () => {
    expect(ageStatusFromAssessment({ outcome: 'CHILD' })).toBe('ASSESSED_CHILD');
    expect(ageStatusFromAssessment({ outcome: 'ADULT' })).toBe('ASSESSED_ADULT');
    expect(ageStatusFromAssessment({ outcome: 'INCONCLUSIVE' })).toBeNull();
  });
});

describe('what an assessment changes in the record', () => {
  it('should set the assessed date of birth when the child accepts the outcome', () => {
    const child = buildChild();
    expect(childAfterAssessment(child, buildAgeAssessment({ assessedDateOfBirth: '2008-01-01' }))).toEqual({
      ...child,
      dateOfBirthAssessed: '2008-01-01',
      version: child.version + 1,
    });
  });

  it('should change nothing when the child disputes it, or it is inconclusive, or gives an age for a child with a date of birth', () => {
    const child = buildChild();
    expect(childAfterAssessment(child, buildAgeAssessment({ response: 'DISPUTED' }))).toBeNull();
    expect(childAfterAssessment(child, buildAgeAssessment({ outcome: 'INCONCLUSIVE', assessedDateOfBirth: null }))).toBeNull();
    expect(childAfterAssessment(child, buildAgeAssessment({ assessedDateOfBirth: null, assessedAge: 16 }))).toBeNull();
  });

  it('should make an accepted age the estimate of a child whose date of birth is not known', () => {
    const child = buildChild({
      dateOfBirthClaimed: null,
      dateOfBirthEstimate: { earliest: '2007-01-01', latest: '2010-01-01', source: 'PROFESSIONAL', estimatedOn: '2024-01-01' },
    });
    expect(childAfterAssessment(child, buildAgeAssessment({ assessedDateOfBirth: null, assessedAge: 16 }))?.dateOfBirthEstimate).toEqual({
      earliest: '2007-10-15',
      latest: '2008-10-14',
      source: 'AGE_ASSESSMENT',
      estimatedOn: '2024-10-14',
    });
  });

  it('should add the assessment, its age status from the day of the outcome, and the child it changed', () => {
    const before = buildRecord();
    const assessment = buildAgeAssessment({ assessedDateOfBirth: '2008-01-01' });
    const { record, ageStatus, child } = recordWithAssessment(before, assessment, STATUS_ID);
    expect(ageStatus).toEqual({ id: STATUS_ID, childId: IDS.child, status: 'ASSESSED_CHILD', effectiveFrom: '2024-10-14', note: null });
    expect(child?.dateOfBirthAssessed).toBe('2008-01-01');
    expect(record).toEqual({ ...before, child, ageAssessments: [assessment], ageStatuses: [ageStatus] });
    expect(validateRecord(record, { today: TODAY, now: `${TODAY}T12:00:00Z` }).filter((violation) => violation.severity === 'error')).toEqual([]);
  });

  it('should leave a status already recorded for the day of the outcome as it is', () => {
    const recorded = { id: IDS.ageStatus, childId: IDS.child, status: 'DISPUTED' as const, effectiveFrom: '2024-10-14', note: null };
    const before = buildRecord({ ageStatuses: [recorded] });
    const { record, ageStatus } = recordWithAssessment(before, buildAgeAssessment({ response: 'DISPUTED' }), STATUS_ID);
    expect(ageStatus).toBeNull();
    expect(record.ageStatuses).toEqual([recorded]);
    expect(record.child).toBe(before.child);
  });

  it('should be reported by the record rules on the field to correct, and be in the chronology', () => {
    const record = buildRecord({ ageAssessments: [buildAgeAssessment({ assessedOn: '2024-09-01' })] });
    expect(validateRecord(record, { today: TODAY, now: `${TODAY}T12:00:00Z` }).filter((violation) => violation.entity === 'ageAssessment')).toEqual([
      expect.objectContaining({ rule: 'age-assessment-assessedOn', entityId: IDS.ageAssessment, field: 'assessedOn', severity: 'error' }),
    ]);
    expect(chronology(buildRecord({ carePeriods: [], ageAssessments: [buildAgeAssessment()] }))).toEqual([
      { kind: 'AGE_ASSESSMENT_ASKED', at: '2024-09-02' },
      { kind: 'AGE_ASSESSED', outcome: 'CHILD', at: '2024-10-14' },
    ]);
  });
});

describe('a legal challenge to an age assessment', () => {
  // Decided on 14 October 2024.
  const assessment = buildAgeAssessment();
  const none = { challenge: 'NONE', challengedOn: null, challengeResult: null, challengeDecidedOn: null } as const;
  const review = { ...none, challenge: 'JUDICIAL_REVIEW', challengedOn: '2024-11-01' } as const;

  it('should find nothing wrong with none, one not decided yet, or one decided with its result', () => {
    expect(challengeProblems(assessment, none, TODAY)).toEqual([]);
    expect(challengeProblems(assessment, review, TODAY)).toEqual([]);
    expect(challengeProblems(assessment, { ...review, challengeResult: 'OVERTURNED', challengeDecidedOn: '2025-03-01' }, TODAY)).toEqual([]);
  });

  it('should refuse a day or a result with no challenge, and a challenge with no day', () => {
    expect(challengeProblems(assessment, { ...none, challengedOn: '2024-11-01' }, TODAY)).toEqual([
      { field: 'challengedOn', message: 'With no legal challenge there is no date it was brought or result. Remove them, or select the challenge' },
    ]);
    expect(challengeProblems(assessment, { ...review, challengedOn: null }, TODAY)).toEqual([
      { field: 'challengedOn', message: 'Enter the date the challenge was brought' },
    ]);
  });

  it('should refuse a challenge brought before the outcome or in the future', () => {
    expect(challengeProblems(assessment, { ...review, challengedOn: '2024-10-13' }, TODAY)).toEqual([
      { field: 'challengedOn', message: 'The date the challenge was brought must be the same as or after the assessment’s outcome, 14 October 2024' },
    ]);
    expect(challengeProblems(assessment, { ...review, challengedOn: '2025-06-16' }, TODAY)).toEqual([
      { field: 'challengedOn', message: 'The date the challenge was brought must be today or in the past' },
    ]);
  });

  it('should refuse a result with no day, a day with no result, and a decision before the challenge or in the future', () => {
    expect(challengeProblems(assessment, { ...review, challengeResult: 'UPHELD' }, TODAY)).toEqual([
      { field: 'challengeDecidedOn', message: 'Enter the date the challenge was decided' },
    ]);
    expect(challengeProblems(assessment, { ...review, challengeDecidedOn: '2025-01-01' }, TODAY)).toEqual([
      { field: 'challengeResult', message: 'Select the result of the challenge, or remove the date it was decided' },
    ]);
    expect(challengeProblems(assessment, { ...review, challengeResult: 'UPHELD', challengeDecidedOn: '2024-10-31' }, TODAY)).toEqual([
      { field: 'challengeDecidedOn', message: 'The date the challenge was decided must be the same as or after it was brought, 1 November 2024' },
    ]);
    expect(challengeProblems(assessment, { ...review, challengeResult: 'WITHDRAWN', challengeDecidedOn: '2025-06-16' }, TODAY)).toEqual([
      { field: 'challengeDecidedOn', message: 'The date the challenge was decided must be today or in the past' },
    ]);
  });

  it('should record the challenge on the assessment one version on, and the record rules find what is wrong with one', () => {
    const challenged = withChallenge(assessment, review);
    expect(challenged).toEqual({ ...assessment, ...review, version: 2 });
    const wrong = withChallenge(assessment, { ...review, challengedOn: '2024-10-01' });
    expect(validateRecord(buildRecord({ ageAssessments: [wrong] }), { today: TODAY, now: `${TODAY}T12:00:00Z` })).toContainEqual(
      expect.objectContaining({ rule: 'age-assessment-challengedOn', entityId: assessment.id }),
    );
  });
});
