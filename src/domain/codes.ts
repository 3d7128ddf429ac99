// Lantern's code lists (domain brief §8.2). The DfE SSDA903 lists live in ssda903-codes.ts.

export const MISSING_TYPES = ['M', 'A'] as const;
export type MissingType = (typeof MISSING_TYPES)[number];
export const MISSING_TYPE_LABELS: Record<MissingType, string> = {
  M: 'Missing',
  A: 'Away from placement without authorisation',
};

export const POLICE_RISK_LEVELS = ['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH', 'NO_APPARENT_RISK'] as const;
export type PoliceRiskLevel = (typeof POLICE_RISK_LEVELS)[number];

export const EPISODE_END_REASONS = ['RETURNED_SELF', 'FOUND_POLICE', 'FOUND_CARER', 'FOUND_OTHER', 'LOCATED_ABROAD', 'CEASED_LA_WHILE_MISSING'] as const;
export type EpisodeEndReason = (typeof EPISODE_END_REASONS)[number];

export const HARM_DISCLOSED = ['NONE', 'SUSPECTED', 'CONFIRMED'] as const;
export type HarmDisclosed = (typeof HARM_DISCLOSED)[number];

export const INTERVIEW_RESPONSES = ['ACCEPTED', 'DECLINED', 'NOT_OFFERED'] as const;
export type InterviewResponse = (typeof INTERVIEW_RESPONSES)[number];

export const INTERVIEWER_TYPES = ['INDEPENDENT_PROVIDER', 'LA_WORKER', 'ICTG', 'OTHER'] as const;
export type InterviewerType = (typeof INTERVIEWER_TYPES)[number];

export const INTERVIEW_OUTCOMES = ['SAFEGUARDING_REFERRAL', 'POLICE_INTELLIGENCE', 'NRM_REFERRAL', 'CARE_PLAN_CHANGE', 'NO_FURTHER_ACTION'] as const;
export type InterviewOutcome = (typeof INTERVIEW_OUTCOMES)[number];

export const AGE_STATUSES = ['ACCEPTED', 'DISPUTED', 'ASSESSMENT_PENDING', 'ASSESSED_CHILD', 'ASSESSED_ADULT'] as const;
export type AgeStatus = (typeof AGE_STATUSES)[number];

/** Who carried out an age assessment: the local authority, the National Age Assessment Board, or both together. */
export const AGE_ASSESSORS = ['LOCAL_AUTHORITY', 'NAAB', 'JOINT'] as const;
export type AgeAssessor = (typeof AGE_ASSESSORS)[number];

/** What an age assessment found. */
export const AGE_ASSESSMENT_OUTCOMES = ['CHILD', 'ADULT', 'INCONCLUSIVE'] as const;
export type AgeAssessmentOutcome = (typeof AGE_ASSESSMENT_OUTCOMES)[number];

/** Whether the child accepts an age assessment's outcome or disputes it (a judicial review or an appeal). */
export const AGE_ASSESSMENT_RESPONSES = ['ACCEPTED', 'DISPUTED'] as const;
export type AgeAssessmentResponse = (typeof AGE_ASSESSMENT_RESPONSES)[number];

/** A legal challenge to an age assessment's outcome: none, a judicial review, or an appeal to the tribunal. */
export const AGE_ASSESSMENT_CHALLENGES = ['NONE', 'JUDICIAL_REVIEW', 'TRIBUNAL_APPEAL'] as const;
export type AgeAssessmentChallenge = (typeof AGE_ASSESSMENT_CHALLENGES)[number];

/** What a challenge came to: the assessment upheld, overturned, or the challenge withdrawn or settled. */
export const AGE_ASSESSMENT_CHALLENGE_RESULTS = ['UPHELD', 'OVERTURNED', 'WITHDRAWN'] as const;
export type AgeAssessmentChallengeResult = (typeof AGE_ASSESSMENT_CHALLENGE_RESULTS)[number];

/** Who estimated the age of a child whose date of birth is not known (ADR 0007). */
export const DATE_OF_BIRTH_SOURCES = ['CHILD', 'AGE_ASSESSMENT', 'HOME_OFFICE', 'PROFESSIONAL'] as const;
export type DateOfBirthSource = (typeof DATE_OF_BIRTH_SOURCES)[number];

export const TRAFFICKING_STATUSES = ['SUSPECTED', 'IDENTIFIED', 'CONFIRMED', 'NOT_TRAFFICKED'] as const;
export type TraffickingStatus = (typeof TRAFFICKING_STATUSES)[number];

export const TRAFFICKING_STATUS_BASES = ['CONCERN_RAISED', 'RG_POSITIVE', 'CG_POSITIVE', 'CG_NEGATIVE', 'RECORDED'] as const;
export type TraffickingStatusBasis = (typeof TRAFFICKING_STATUS_BASES)[number];

export const NRM_DECISIONS = ['PENDING', 'POSITIVE', 'NEGATIVE', 'WITHDRAWN'] as const;
export type NrmDecision = (typeof NRM_DECISIONS)[number];

export const COMPETENT_AUTHORITIES = ['SCA', 'IECA', 'DEVOLVED_PANEL'] as const;
export type CompetentAuthority = (typeof COMPETENT_AUTHORITIES)[number];

export const EXPLOITATION_TYPES = ['CRIMINAL', 'LABOUR', 'SEXUAL', 'DOMESTIC_SERVITUDE', 'ORGAN_HARVESTING', 'OTHER', 'NOT_SPECIFIED'] as const;
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];

/** NRM exploitation types (domain brief §4.2). */
export const EXPLOITATION_TYPE_LABELS: Readonly<Record<ExploitationType, string>> = {
  CRIMINAL: 'Criminal exploitation',
  LABOUR: 'Labour exploitation',
  SEXUAL: 'Sexual exploitation',
  DOMESTIC_SERVITUDE: 'Domestic servitude',
  ORGAN_HARVESTING: 'Organ harvesting',
  OTHER: 'Another type of exploitation',
  NOT_SPECIFIED: 'Not specified or not known',
};

export const EXPLOITATION_LOCATIONS = ['UK_ONLY', 'OVERSEAS_ONLY', 'UK_AND_OVERSEAS', 'UNKNOWN'] as const;
export type ExploitationLocation = (typeof EXPLOITATION_LOCATIONS)[number];

export const TRAFFICKING_INDICATORS = [
  'MISSING_FALSE_DOCUMENTS',
  'UNEXPLAINED_MONEY_OR_POSSESSIONS',
  'NEGLECT_OR_MALNOURISHMENT',
  'CONTROLLING_ADULT',
  'SIGNS_OF_WORK',
  'ADULTS_LOITERING_OR_OLDER_PARTNER',
  'WITHDRAWN_OR_FEARS_AUTHORITY',
  'SUBSTANCE_MISUSE',
  'GOING_MISSING',
  'OTHER',
] as const;
export type TraffickingIndicator = (typeof TRAFFICKING_INDICATORS)[number];

export const SEXES = ['M', 'F', 'U'] as const;
export type Sex = (typeof SEXES)[number];

export const UNKNOWN_NATIONALITY = 'unknown';

const regionNames = new Intl.DisplayNames(['en-GB'], { type: 'region', fallback: 'code' });

/** ISO 3166-1 alpha-2 code that Intl knows as a country or territory (pure: ICU data ships with Node). */
export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && value !== 'ZZ' && regionNames.of(value) !== value;
}

export function countryName(code: string): string {
  return code === UNKNOWN_NATIONALITY ? 'Unknown' : (regionNames.of(code) ?? code);
}
