import type { AgeAssessment, AgeStatusEntry, Child, ChildRecord } from './child-record.ts';
import type { AgeAssessmentChallenge, AgeAssessmentChallengeResult, AgeAssessmentOutcome, AgeAssessmentResponse, AgeAssessor, AgeStatus } from './codes.ts';
import { EARLIEST_PLAUSIBLE_DATE_OF_BIRTH, estimateFromAges } from './date-of-birth.ts';
import { ageOn, formatDate, isIsoDate } from './dates.ts';

// Age assessments (docs/domain.md §6.4, issue 12 item 1): where there is reason to doubt the age a
// child gives, their authority (or the National Age Assessment Board) assesses it, Merton-compliant
// or not, and finds them a child, an adult, or cannot say. The child may accept the outcome or
// dispute it. An accepted outcome sets the date of birth that counts; a disputed one changes
// nothing about it, because a child keeps the benefit of the doubt while their age is in dispute.

export interface AgeAssessmentDetails {
  readonly referredOn: string;
  readonly assessedOn: string;
  readonly assessedBy: AgeAssessor;
  readonly mertonCompliant: boolean;
  readonly outcome: AgeAssessmentOutcome;
  readonly assessedDateOfBirth?: string | null | undefined;
  readonly assessedAge?: number | null | undefined;
  readonly response: AgeAssessmentResponse;
  readonly note?: string | null | undefined;
}

/** The oldest age an assessment may give: no child Lantern records was born before 1990. */
export const OLDEST_ASSESSED_AGE = 40;

export function newAgeAssessment(id: string, childId: string, details: AgeAssessmentDetails): AgeAssessment {
  return {
    id,
    childId,
    referredOn: details.referredOn,
    assessedOn: details.assessedOn,
    assessedBy: details.assessedBy,
    mertonCompliant: details.mertonCompliant,
    outcome: details.outcome,
    assessedDateOfBirth: details.assessedDateOfBirth ?? null,
    assessedAge: details.assessedAge ?? null,
    response: details.response,
    note: details.note ?? null,
    challenge: 'NONE',
    challengedOn: null,
    challengeResult: null,
    challengeDecidedOn: null,
    version: 1,
  };
}

/** A legal challenge to an assessment's outcome as recorded on it: none, or one brought on a day, decided or not yet. */
export interface AgeAssessmentChallengeDetails {
  readonly challenge: AgeAssessmentChallenge;
  readonly challengedOn: string | null;
  readonly challengeResult: AgeAssessmentChallengeResult | null;
  readonly challengeDecidedOn: string | null;
}

/**
 * What is wrong with a challenge recorded on an assessment, by the field to correct: brought on or after
 * the outcome it challenges and not in the future; decided (with a result) on or after it was brought,
 * not in the future; and with no day or result at all when there is no challenge.
 */
export function challengeProblems(
  assessment: Pick<AgeAssessment, 'assessedOn'>,
  details: AgeAssessmentChallengeDetails,
  today: string,
): AgeAssessmentProblem[] {
  const { challenge, challengedOn, challengeResult, challengeDecidedOn } = details;
  if (challenge === 'NONE') {
    return challengedOn === null && challengeResult === null && challengeDecidedOn === null
      ? []
      : [{ field: 'challengedOn', message: 'With no legal challenge there is no date it was brought or result. Remove them, or select the challenge' }];
  }
  if (challengedOn === null) return [{ field: 'challengedOn', message: 'Enter the date the challenge was brought' }];
  if (!isIsoDate(challengedOn) || challengedOn > today)
    return [{ field: 'challengedOn', message: 'The date the challenge was brought must be today or in the past' }];
  if (challengedOn < assessment.assessedOn) {
    return [
      {
        field: 'challengedOn',
        message: `The date the challenge was brought must be the same as or after the assessment’s outcome, ${formatDate(assessment.assessedOn)}`,
      },
    ];
  }
  if (challengeResult === null) {
    return challengeDecidedOn === null ? [] : [{ field: 'challengeResult', message: 'Select the result of the challenge, or remove the date it was decided' }];
  }
  if (challengeDecidedOn === null) return [{ field: 'challengeDecidedOn', message: 'Enter the date the challenge was decided' }];
  if (!isIsoDate(challengeDecidedOn) || challengeDecidedOn > today)
    return [{ field: 'challengeDecidedOn', message: 'The date the challenge was decided must be today or in the past' }];
  if (challengeDecidedOn < challengedOn) {
    return [
      { field: 'challengeDecidedOn', message: `The date the challenge was decided must be the same as or after it was brought, ${formatDate(challengedOn)}` },
    ];
  }
  return [];
}

/** The assessment with its legal challenge as now recorded, one version on. */
export const withChallenge = (assessment: AgeAssessment, details: AgeAssessmentChallengeDetails): AgeAssessment => ({
  ...assessment,
  challenge: details.challenge,
  challengedOn: details.challengedOn,
  challengeResult: details.challengeResult,
  challengeDecidedOn: details.challengeDecidedOn,
  version: assessment.version + 1,
});

export interface AgeAssessmentProblem {
  readonly field: 'referredOn' | 'assessedOn' | 'assessedDateOfBirth' | 'assessedAge' | 'challengedOn' | 'challengeResult' | 'challengeDecidedOn';
  readonly message: string;
}

type Assessed = Omit<AgeAssessment, 'id' | 'childId' | 'note' | keyof AgeAssessmentChallengeDetails | 'version'>;

function datesProblem({ referredOn, assessedOn }: Assessed, today: string): AgeAssessmentProblem | null {
  if (!isIsoDate(referredOn) || referredOn > today)
    return { field: 'referredOn', message: 'The date the age assessment was asked for must be today or in the past' };
  if (!isIsoDate(assessedOn) || assessedOn > today) return { field: 'assessedOn', message: 'The date of the outcome must be today or in the past' };
  if (assessedOn < referredOn) {
    return {
      field: 'assessedOn',
      message: `The date of the outcome must be the same as or after the date the assessment was asked for, ${formatDate(referredOn)}`,
    };
  }
  return null;
}

/** What the outcome says of the age: a child is under 18 on the day, an adult 18 or over. */
function outcomeAgeProblem(outcome: AgeAssessmentOutcome, age: number, field: AgeAssessmentProblem['field'], what: string): AgeAssessmentProblem | null {
  if (outcome === 'CHILD' && age >= 18)
    return { field, message: `${what} makes them ${age} on the date of the outcome. Select that the assessment found them an adult, or correct it` };
  if (outcome === 'ADULT' && age < 18)
    return { field, message: `${what} makes them ${age} on the date of the outcome. Select that the assessment found them a child, or correct it` };
  return null;
}

function resultProblem(assessment: Assessed): AgeAssessmentProblem | null {
  const { outcome, assessedDateOfBirth: born, assessedAge: age, assessedOn } = assessment;
  if (outcome === 'INCONCLUSIVE') {
    return born === null && age === null
      ? null
      : {
          field: born === null ? 'assessedAge' : 'assessedDateOfBirth',
          message: 'An inconclusive assessment gives no date of birth or age. Remove it, or select what the assessment found',
        };
  }
  if (born === null && age === null) return { field: 'assessedDateOfBirth', message: 'Enter the date of birth or the age the assessment gave' };
  if (born !== null && age !== null) return { field: 'assessedAge', message: 'Enter the date of birth or the age the assessment gave, not both' };
  if (born !== null) {
    if (!isIsoDate(born) || born >= assessedOn) {
      return { field: 'assessedDateOfBirth', message: `The assessed date of birth must be before the date of the outcome, ${formatDate(assessedOn)}` };
    }
    if (born < EARLIEST_PLAUSIBLE_DATE_OF_BIRTH) {
      return {
        field: 'assessedDateOfBirth',
        message: `The assessed date of birth must be the same as or after ${formatDate(EARLIEST_PLAUSIBLE_DATE_OF_BIRTH)}`,
      };
    }
    return outcomeAgeProblem(outcome, ageOn(born, assessedOn), 'assessedDateOfBirth', 'The assessed date of birth');
  }
  if (age === null || !Number.isInteger(age) || age < 0 || age > OLDEST_ASSESSED_AGE) {
    return { field: 'assessedAge', message: `The assessed age must be a whole number of years from 0 to ${OLDEST_ASSESSED_AGE}` };
  }
  return outcomeAgeProblem(outcome, age, 'assessedAge', 'The assessed age');
}

/**
 * What is wrong with an assessment, by the field to correct: its dates (asked for, then decided, neither in
 * the future) first, then its result (a date of birth before the outcome, or an age, agreeing with the outcome).
 * The record rules and the web form both read it, so the form finds on the question page what saving would.
 */
export function ageAssessmentProblems(assessment: Assessed, today: string): AgeAssessmentProblem[] {
  const dates = datesProblem(assessment, today);
  // A result is checked against the day of the outcome, which must itself be right first.
  if (dates !== null) return [dates];
  const result = resultProblem(assessment);
  return result === null ? [] : [result];
}

/** The age status an assessment gives from the day of its outcome; none when it was inconclusive. */
export function ageStatusFromAssessment(assessment: Pick<AgeAssessment, 'outcome'>): AgeStatus | null {
  if (assessment.outcome === 'CHILD') return 'ASSESSED_CHILD';
  if (assessment.outcome === 'ADULT') return 'ASSESSED_ADULT';
  return null;
}

/**
 * The child as an accepted assessment leaves them, or null when it changes nothing: its date of birth
 * becomes their assessed date of birth; its age, where no date of birth is known at all, their estimate.
 * A disputed outcome changes nothing, and an age does not replace a date of birth the child gave.
 */
export function childAfterAssessment(child: Child, assessment: AgeAssessment): Child | null {
  if (assessment.response !== 'ACCEPTED' || assessment.outcome === 'INCONCLUSIVE') return null;
  if (assessment.assessedDateOfBirth !== null) {
    return { ...child, dateOfBirthAssessed: assessment.assessedDateOfBirth, version: child.version + 1 };
  }
  if (assessment.assessedAge !== null && child.dateOfBirthClaimed === null && child.dateOfBirthAssessed === null) {
    const estimate = estimateFromAges(assessment.assessedAge, assessment.assessedAge, assessment.assessedOn, 'AGE_ASSESSMENT');
    return { ...child, dateOfBirthEstimate: estimate, version: child.version + 1 };
  }
  return null;
}

/** A child's record with an assessment added, and what else the assessment changed in it. */
export interface AssessedRecord {
  readonly record: ChildRecord;
  /** The age status the assessment gave, from the day of its outcome; null when it gave none. */
  readonly ageStatus: AgeStatusEntry | null;
  /** The child with the date of birth the assessment set; null when it set none. */
  readonly child: Child | null;
}

/**
 * The record with an assessment added: its outcome's age status from the day it was decided, unless a
 * status is already recorded for that day (which stands: the person said what the status was), and the
 * date of birth an accepted outcome sets (childAfterAssessment).
 */
export function recordWithAssessment(before: ChildRecord, assessment: AgeAssessment, statusId: string): AssessedRecord {
  const status = ageStatusFromAssessment(assessment);
  const ageStatus: AgeStatusEntry | null =
    status === null || before.ageStatuses.some((entry) => entry.effectiveFrom === assessment.assessedOn)
      ? null
      : { id: statusId, childId: assessment.childId, status, effectiveFrom: assessment.assessedOn, note: null };
  const child = childAfterAssessment(before.child, assessment);
  return {
    record: {
      ...before,
      child: child ?? before.child,
      ageAssessments: [...before.ageAssessments, assessment],
      ageStatuses: ageStatus === null ? before.ageStatuses : [...before.ageStatuses, ageStatus],
    },
    ageStatus,
    child,
  };
}
