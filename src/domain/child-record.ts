import type {
  AgeAssessmentChallenge,
  AgeAssessmentChallengeResult,
  AgeAssessmentOutcome,
  AgeAssessmentResponse,
  AgeAssessor,
  AgeStatus,
  CompetentAuthority,
  EpisodeEndReason,
  ExploitationLocation,
  HarmDisclosed,
  InterviewResponse,
  InterviewerType,
  MissingType,
  NrmDecision,
  PoliceRiskLevel,
  Sex,
  TraffickingStatus,
  TraffickingStatusBasis,
} from './codes.ts';
import type { DateOfBirthEstimate } from './date-of-birth.ts';

// One looked-after child's whole record: the aggregate that the validation rules read.
// Days are ISO dates, moments ISO instants (see dates.ts).

export interface Child {
  readonly id: string;
  readonly responsibleAuthorityCode: string;
  readonly laChildId: string;
  /** At least one of the two name parts is recorded: many children are known by one name. */
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly sex: Sex;
  /** See date-of-birth.ts: a date given, a date assessed, or an estimate when no date is known. */
  readonly dateOfBirthClaimed: string | null;
  readonly dateOfBirthAssessed: string | null;
  readonly dateOfBirthEstimate: DateOfBirthEstimate | null;
  readonly nationality: string | null;
  readonly languages: readonly string[];
  readonly interpreterNeeded: boolean;
  readonly ethnicity: string | null;
  readonly upn: string | null;
  readonly homeOfficeReference: string | null;
  readonly nrmReference: string | null;
  readonly policePersonId: string | null;
  readonly version: number;
}

/** The parts of a recorded name: either may be absent, never both (the rule child-name-present). */
export interface PersonName {
  readonly givenNames: string | null;
  readonly familyName: string | null;
}

/** A name as people read it: the given names then the family name, whichever are recorded. */
export function nameOf(person: PersonName): string {
  return [person.givenNames, person.familyName].filter((part) => part !== null && part.trim() !== '').join(' ');
}

export interface ChildAlias {
  readonly id: string;
  readonly childId: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly dateOfBirth: string | null;
  readonly nationality: string | null;
  readonly source: string;
  readonly seenWhere: string | null;
  readonly seenOn: string;
}

export interface AgeStatusEntry {
  readonly id: string;
  readonly childId: string;
  readonly status: AgeStatus;
  readonly effectiveFrom: string;
  readonly note: string | null;
}

/** An age assessment (R (B) v Merton LBC [2003]): who assessed the child's age, when, and what they found. */
export interface AgeAssessment {
  readonly id: string;
  readonly childId: string;
  /** The day the assessment was asked for. */
  readonly referredOn: string;
  /** The day the assessment's outcome was decided. */
  readonly assessedOn: string;
  readonly assessedBy: AgeAssessor;
  readonly mertonCompliant: boolean;
  readonly outcome: AgeAssessmentOutcome;
  /** The date of birth the assessment gave, or else the age in whole years on the day it was decided; neither when inconclusive. */
  readonly assessedDateOfBirth: string | null;
  readonly assessedAge: number | null;
  readonly response: AgeAssessmentResponse;
  readonly note: string | null;
  /** A legal challenge to the outcome, the day it was brought, and its result and the day it was decided once it is. */
  readonly challenge: AgeAssessmentChallenge;
  readonly challengedOn: string | null;
  readonly challengeResult: AgeAssessmentChallengeResult | null;
  readonly challengeDecidedOn: string | null;
  readonly version: number;
}

export interface CarePeriod {
  readonly id: string;
  readonly childId: string;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly legalStatus: string;
  readonly placementType: string;
  readonly reasonNewEpisode: string | null;
  readonly reasonCeased: string | null;
  readonly responsibleAuthorityCode: string;
  readonly hostAuthorityCode: string;
  readonly version: number;
}

export interface UascPeriod {
  readonly id: string;
  readonly childId: string;
  readonly startDate: string;
  readonly ceasedDate: string | null;
  readonly version: number;
}

export interface NationalTransfer {
  readonly id: string;
  readonly childId: string;
  readonly fromAuthorityCode: string;
  readonly toAuthorityCode: string;
  readonly referredOn: string;
  readonly transferredOn: string | null;
}

export interface TraffickingStatusEntry {
  readonly id: string;
  readonly concernId: string;
  readonly status: TraffickingStatus;
  readonly effectiveFrom: string;
  readonly basis: TraffickingStatusBasis;
}

export interface NrmReferral {
  readonly id: string;
  readonly concernId: string;
  readonly referredOn: string;
  readonly firstResponderOrganisation: string;
  readonly competentAuthority: CompetentAuthority;
  readonly reasonableGroundsDecision: NrmDecision;
  readonly reasonableGroundsDecidedOn: string | null;
  readonly conclusiveGroundsDecision: NrmDecision;
  readonly conclusiveGroundsDecidedOn: string | null;
  readonly version: number;
}

export interface TraffickingConcern {
  readonly id: string;
  readonly childId: string;
  readonly raisedOn: string;
  readonly raisedBy: string;
  readonly indicators: readonly string[];
  readonly exploitationTypes: readonly string[];
  readonly countyLines: boolean;
  readonly exploitationLocation: ExploitationLocation;
  readonly version: number;
  readonly statuses: readonly TraffickingStatusEntry[];
  readonly nrmReferral: NrmReferral | null;
}

export interface ReturnInterview {
  readonly id: string;
  readonly episodeId: string;
  readonly offeredAt: string | null;
  readonly response: InterviewResponse;
  readonly notOfferedReason: string | null;
  readonly completedAt: string | null;
  readonly interviewerType: InterviewerType | null;
  readonly outcomes: readonly string[];
  readonly version: number;
}

export interface MissingEpisode {
  readonly id: string;
  readonly childId: string;
  readonly type: MissingType;
  readonly startAt: string;
  readonly endAt: string | null;
  readonly responsibleAuthorityCode: string;
  readonly hostAuthorityCode: string;
  readonly lastSeenLocation: string | null;
  readonly lastSeenWith: string | null;
  readonly reportedToPoliceAt: string | null;
  readonly policeForce: string | null;
  readonly policeReference: string | null;
  readonly policeRiskLevel: PoliceRiskLevel | null;
  readonly responsibleAuthorityToldAt: string | null;
  readonly hostAuthorityToldAt: string | null;
  readonly endReason: EpisodeEndReason | null;
  readonly harmDisclosed: HarmDisclosed | null;
  readonly exploitationDisclosed: boolean | null;
  readonly version: number;
  readonly returnInterview: ReturnInterview | null;
}

export interface ChildRecord {
  readonly child: Child;
  readonly aliases: readonly ChildAlias[];
  readonly ageStatuses: readonly AgeStatusEntry[];
  readonly ageAssessments: readonly AgeAssessment[];
  readonly carePeriods: readonly CarePeriod[];
  readonly uascPeriods: readonly UascPeriod[];
  readonly nationalTransfers: readonly NationalTransfer[];
  readonly traffickingConcerns: readonly TraffickingConcern[];
  readonly missingEpisodes: readonly MissingEpisode[];
}
