import type { AgeAssessment, CarePeriod, Child, MissingEpisode, TraffickingConcern, UascPeriod } from './child-record.ts';

/**
 * What a question-page journey needs to know about a child: a light, purpose-made read instead of the
 * whole record (src/services/journey-context.ts). Only the parts a journey asks for are read.
 */
export interface JourneyChild {
  readonly id: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly responsibleAuthorityCode: string;
  readonly nrmReference: string | null;
  readonly version: number;
  /** Placed now outside the responsible authority's area: a host authority to tell. */
  readonly outOfArea: boolean;
  /** Their missing episodes with their return home interviews, oldest first; empty unless asked for. */
  readonly missingEpisodes: readonly MissingEpisode[];
  /** The care period open now; null if none, or not asked for. */
  readonly openCarePeriod: CarePeriod | null;
  /** The UASC period open now; null if none, or not asked for. */
  readonly openUascPeriod: UascPeriod | null;
  /** Their care periods, oldest first; empty unless asked for. */
  readonly carePeriods: readonly CarePeriod[];
  /** Their trafficking concerns with their statuses and NRM referrals, oldest first; empty unless asked for. */
  readonly traffickingConcerns: readonly TraffickingConcern[];
  /** Their age assessments, oldest outcome first; empty unless asked for. */
  readonly ageAssessments: readonly AgeAssessment[];
  /** Their identifiers, languages, nationality and date of birth as recorded now; null unless asked for. */
  readonly details: JourneyChildDetails | null;
}

/** The child's details that the journeys changing them start from. */
export type JourneyChildDetails = Pick<
  Child,
  | 'laChildId'
  | 'upn'
  | 'homeOfficeReference'
  | 'nrmReference'
  | 'policePersonId'
  | 'nationality'
  | 'languages'
  | 'interpreterNeeded'
  | 'dateOfBirthClaimed'
  | 'dateOfBirthAssessed'
  | 'dateOfBirthEstimate'
>;

/** The parts of the record a journey may ask for besides the child's name. */
export interface JourneyNeeds {
  readonly missingEpisodes?: boolean;
  readonly openCarePeriod?: boolean;
  readonly openUascPeriod?: boolean;
  readonly carePeriods?: boolean;
  readonly traffickingConcerns?: boolean;
  readonly ageAssessments?: boolean;
  readonly details?: boolean;
}
