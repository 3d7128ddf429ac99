import type {
  AgeAssessmentOutcome,
  AgeAssessmentChallenge,
  AgeAssessmentChallengeResult,
  AgeAssessmentResponse,
  AgeAssessor,
  AgeStatus,
  CompetentAuthority,
  DateOfBirthSource,
  EpisodeEndReason,
  ExploitationLocation,
  HarmDisclosed,
  InterviewerType,
  InterviewOutcome,
  InterviewResponse,
  MissingType,
  NrmDecision,
  PoliceRiskLevel,
  Sex,
  TraffickingIndicator,
  TraffickingStatus,
  TraffickingStatusBasis,
} from '../domain/codes.ts';
import type { FindingAgency } from '../domain/found-report.ts';
import { isUpnUnknownReason, LEGAL_STATUSES, PLACEMENT_TYPES, REASONS_CEASED, REASONS_NEW_EPISODE, UPN_UNKNOWN_REASONS } from '../domain/ssda903-codes.ts';
import { isRole } from '../domain/access/actor.ts';
import type { Role } from '../domain/access/actor.ts';
import type { AuditAction } from '../services/audit-log.ts';

// The words every page uses for Lantern's code lists (src/domain/codes.ts holds the values, domain
// brief §8.2), once, so that a value reads the same wherever it is shown. Radios and checkboxes
// build their choices on these; a feature adds only what its question needs (hints, or an answer
// phrased to fit the question).

export { MISSING_TYPE_LABELS } from '../domain/codes.ts';
export { RETURN_INTERVIEW_STATE_LABELS } from '../domain/return-interview.ts';

/** A label from a map keyed by a code list, or the value itself for one outside it. */
export function labelOf<K extends string>(labels: Readonly<Record<K, string>>, value: string): string {
  const byValue: Readonly<Record<string, string>> = labels;
  // Own keys only: "constructor" is not a code.
  return Object.hasOwn(byValue, value) ? (byValue[value] ?? value) : value;
}

// ---- The child ----

export const SEX_LABELS: Readonly<Record<Sex, string>> = { M: 'Male', F: 'Female', U: 'Not known' };

export const AGE_STATUS_LABELS: Readonly<Record<AgeStatus, string>> = {
  ACCEPTED: 'Age accepted',
  DISPUTED: 'Age disputed',
  ASSESSMENT_PENDING: 'Age assessment pending',
  ASSESSED_CHILD: 'Assessed as a child',
  ASSESSED_ADULT: 'Assessed as an adult',
};

export const AGE_ASSESSOR_LABELS: Readonly<Record<AgeAssessor, string>> = {
  LOCAL_AUTHORITY: 'The local authority',
  NAAB: 'The National Age Assessment Board',
  JOINT: 'The local authority and the National Age Assessment Board together',
};

export const AGE_ASSESSMENT_OUTCOME_LABELS: Readonly<Record<AgeAssessmentOutcome, string>> = {
  CHILD: 'A child, under 18',
  ADULT: 'An adult, 18 or over',
  INCONCLUSIVE: 'Inconclusive',
};

export const AGE_ASSESSMENT_RESPONSE_LABELS: Readonly<Record<AgeAssessmentResponse, string>> = {
  ACCEPTED: 'The child accepts the outcome',
  DISPUTED: 'The child disputes the outcome',
};

export const AGE_ASSESSMENT_CHALLENGE_LABELS: Readonly<Record<AgeAssessmentChallenge, string>> = {
  NONE: 'No legal challenge',
  JUDICIAL_REVIEW: 'A judicial review',
  TRIBUNAL_APPEAL: 'An appeal to the First-tier Tribunal',
};

export const AGE_ASSESSMENT_CHALLENGE_RESULT_LABELS: Readonly<Record<AgeAssessmentChallengeResult, string>> = {
  UPHELD: 'The assessment was upheld',
  OVERTURNED: 'The assessment was overturned',
  WITHDRAWN: 'The challenge was withdrawn or settled',
};

/** Who estimated the age of a child whose date of birth is not known, as "(…)" after the estimate. */
export const DATE_OF_BIRTH_SOURCE_LABELS: Readonly<Record<DateOfBirthSource, string>> = {
  CHILD: 'the child’s own account',
  AGE_ASSESSMENT: 'age assessment',
  HOME_OFFICE: 'Home Office document',
  PROFESSIONAL: 'a professional’s estimate',
};

// ---- Missing episodes and return home interviews ----

/** For narrow table columns, such as My work's; elsewhere MISSING_TYPE_LABELS, the statutory wording. */
export const MISSING_TYPE_SHORT_LABELS: Readonly<Record<MissingType, string>> = { M: 'Missing', A: 'Away without authorisation' };

export const POLICE_RISK_LABELS: Readonly<Record<PoliceRiskLevel, string>> = {
  VERY_LOW: 'Very low',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  NO_APPARENT_RISK: 'No apparent risk',
};

export const EPISODE_END_REASON_LABELS: Readonly<Record<EpisodeEndReason, string>> = {
  RETURNED_SELF: 'They came back of their own accord',
  FOUND_POLICE: 'Found by the police',
  FOUND_CARER: 'Found by their carer',
  FOUND_OTHER: 'Found by someone else',
  LOCATED_ABROAD: 'Located abroad',
  CEASED_LA_WHILE_MISSING: 'They stopped being looked after while missing',
};

/** Who reported finding a missing child. */
export const FINDING_AGENCY_LABELS: Readonly<Record<FindingAgency, string>> = {
  POLICE: 'The police',
  LOCAL_AUTHORITY: 'Another council',
  HEALTH: 'A hospital or health service',
  BORDER_FORCE: 'Border Force or the Home Office',
  EDUCATION: 'A school or college',
  VOLUNTARY: 'A charity or voluntary organisation',
  OTHER: 'Another agency',
};

export const HARM_DISCLOSED_LABELS: Readonly<Record<HarmDisclosed, string>> = {
  NONE: 'No harm disclosed',
  SUSPECTED: 'Harm suspected',
  CONFIRMED: 'Harm confirmed',
};

export const INTERVIEW_RESPONSE_LABELS: Readonly<Record<InterviewResponse, string>> = {
  ACCEPTED: 'Offered and accepted',
  DECLINED: 'Offered and declined',
  NOT_OFFERED: 'Not offered',
};

export const INTERVIEWER_TYPE_LABELS: Readonly<Record<InterviewerType, string>> = {
  INDEPENDENT_PROVIDER: 'Independent return interview provider',
  LA_WORKER: 'Local authority worker',
  ICTG: 'Independent child trafficking guardian',
  OTHER: 'Someone else',
};

export const INTERVIEW_OUTCOME_LABELS: Readonly<Record<InterviewOutcome, string>> = {
  SAFEGUARDING_REFERRAL: 'Safeguarding referral',
  POLICE_INTELLIGENCE: 'Information shared with the police',
  NRM_REFERRAL: 'Referral to the National Referral Mechanism',
  CARE_PLAN_CHANGE: 'Change to the care plan',
  NO_FURTHER_ACTION: 'No further action',
};

// ---- Trafficking and the National Referral Mechanism ----

export const TRAFFICKING_STATUS_LABELS: Readonly<Record<TraffickingStatus, string>> = {
  SUSPECTED: 'Suspected',
  IDENTIFIED: 'Identified',
  CONFIRMED: 'Confirmed',
  NOT_TRAFFICKED: 'Not trafficked',
};

/** The GOV.UK tag colour for each status (`govuk-tag--yellow` and so on). */
export const TRAFFICKING_STATUS_COLOURS: Readonly<Record<TraffickingStatus, string>> = {
  SUSPECTED: 'yellow',
  IDENTIFIED: 'orange',
  CONFIRMED: 'red',
  NOT_TRAFFICKED: 'grey',
};

export const TRAFFICKING_STATUS_BASIS_LABELS: Readonly<Record<TraffickingStatusBasis, string>> = {
  CONCERN_RAISED: 'Concern raised',
  RG_POSITIVE: 'Positive reasonable grounds decision',
  CG_POSITIVE: 'Positive conclusive grounds decision',
  CG_NEGATIVE: 'Negative conclusive grounds decision',
  RECORDED: 'Recorded by a member of staff',
};

/** Typical indicators of trafficking (domain brief §6.3), worded as a checklist. */
export const TRAFFICKING_INDICATOR_LABELS: Readonly<Record<TraffickingIndicator, string>> = {
  MISSING_FALSE_DOCUMENTS: 'Missing, false or altered documents',
  UNEXPLAINED_MONEY_OR_POSSESSIONS: 'Money or possessions with no plausible explanation',
  NEGLECT_OR_MALNOURISHMENT: 'Neglect or malnourishment',
  CONTROLLING_ADULT: 'With an adult who is not their legal guardian and stays close at all times',
  SIGNS_OF_WORK: 'Signs of work, such as tiredness or injuries from manual labour',
  ADULTS_LOITERING_OR_OLDER_PARTNER: 'Adults loitering near where they live, or a much older partner',
  WITHDRAWN_OR_FEARS_AUTHORITY: 'Withdrawn, refuses to talk or fears authority',
  SUBSTANCE_MISUSE: 'Substance misuse',
  GOING_MISSING: 'Going missing, especially soon after being placed',
  OTHER: 'Another indicator',
};

// The exploitation types' labels live beside the codes: the guardian service's statistics (domain) name them too.
export { EXPLOITATION_TYPE_LABELS } from '../domain/codes.ts';

export const EXPLOITATION_LOCATION_LABELS: Readonly<Record<ExploitationLocation, string>> = {
  UK_ONLY: 'In the UK only',
  OVERSEAS_ONLY: 'Overseas only',
  UK_AND_OVERSEAS: 'In the UK and overseas',
  UNKNOWN: 'Not known',
};

export const NRM_DECISION_LABELS: Readonly<Record<NrmDecision, string>> = {
  PENDING: 'Pending',
  POSITIVE: 'Positive',
  NEGATIVE: 'Negative',
  WITHDRAWN: 'Withdrawn',
};

export const COMPETENT_AUTHORITY_LABELS: Readonly<Record<CompetentAuthority, string>> = {
  SCA: 'Single Competent Authority (Home Office)',
  IECA: 'Immigration Enforcement Competent Authority',
  DEVOLVED_PANEL: 'Devolved child decision-making panel',
};

// ---- The DfE SSDA903 code lists (src/domain/ssda903-codes.ts has the DfE's own descriptions) ----

const byCode = (entries: readonly { readonly code: string; readonly label: string }[]): ReadonlyMap<string, string> =>
  new Map(entries.map((entry) => [entry.code, entry.label]));

const LEGAL_STATUS_LABELS = byCode(LEGAL_STATUSES);
const PLACEMENT_TYPE_LABELS = byCode(PLACEMENT_TYPES);
const REASON_CEASED_LABELS = byCode(REASONS_CEASED);
const REASON_NEW_EPISODE_LABELS = byCode(REASONS_NEW_EPISODE);
const UPN_UNKNOWN_REASON_LABELS = byCode(UPN_UNKNOWN_REASONS);

/** A 903 code with its DfE wording, for example "C2: Full care order"; a code outside the list as it is. */
const codeLabel = (labels: ReadonlyMap<string, string>, code: string): string => {
  const label = labels.get(code);
  return label === undefined ? code : `${code}: ${label}`;
};

export const legalStatusLabel = (code: string): string => codeLabel(LEGAL_STATUS_LABELS, code);
export const placementTypeLabel = (code: string): string => codeLabel(PLACEMENT_TYPE_LABELS, code);
export const reasonCeasedLabel = (code: string): string => codeLabel(REASON_CEASED_LABELS, code);
export const reasonNewEpisodeLabel = (code: string): string => codeLabel(REASON_NEW_EPISODE_LABELS, code);
export const upnUnknownReasonLabel = (code: string): string => codeLabel(UPN_UNKNOWN_REASON_LABELS, code);
/** A UPN as it reads: the number, or why the child has none (the 903 keeps both in UPN). */
export const upnLabel = (upn: string): string => (isUpnUnknownReason(upn) ? `No UPN: ${upnUnknownReasonLabel(upn.toUpperCase())}` : upn);

// ---- Accounts and the audit trail ----

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  data_officer: 'Data officer',
  advocate: 'Independent child trafficking guardian',
  guardian_manager: 'Guardian service manager',
  police_coordinator: 'Police missing-person coordinator',
  national_analyst: 'National analyst',
  organisation_administrator: 'Organisation administrator',
  system_administrator: 'System administrator',
};

export const roleLabel = (role: string): string => (isRole(role) ? ROLE_LABELS[role] : role);

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  VIEW_RECORD: 'Viewed',
  SEARCH: 'Searched',
  LIST: 'Listed',
  CREATE: 'Added',
  CHANGE: 'Changed',
  EXPORT: 'Exported',
  SIGN_IN: 'Signed in',
  SIGN_IN_FAILED: 'Failed to sign in',
  SIGN_OUT: 'Signed out',
  BREAK_GLASS: 'Opened with break-glass',
  TOKEN_CREATED: 'Created an API token',
  TOKEN_REVOKED: 'Revoked an API token',
  USER_CHANGED: 'Changed an account',
  REFUSED: 'Was refused',
  REFUSALS_UNRECORDED: 'Refusals counted, not recorded',
  DELETE: 'Removed',
};

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, value);

/** What an audit event was about, by the entity the services record. */
const AUDIT_ENTITY_LABELS: Readonly<Record<string, string>> = {
  foundChild: 'for a found child',
  foundChildCandidate: 'for a found child, and listed this child',
  childMatches: 'for records that may be the same child',
  childMatchCandidate: 'for records that may be the same child as another, and listed this child',
  matchComparison: 'this record beside another that may be the same child',
  matchDecision: 'a decision whether two records are the same child',
  child: 'the child’s record',
  childAlias: 'another name',
  ageStatus: 'an age status',
  carePeriod: 'a care period',
  uascPeriod: 'a UASC period',
  nationalTransfer: 'a national transfer',
  missingEpisode: 'a missing episode',
  returnInterview: 'a return home interview',
  traffickingConcern: 'a trafficking concern',
  traffickingStatus: 'a trafficking status',
  nrmReferral: 'an NRM referral',
  recordAccess: 'who has seen the record',
  breakGlassAccess: 'a break-glass opening',
  auditEvent: 'the audit trail',
  alertOutbox: 'alert deliveries and clocks finished long ago',
  user: 'accounts',
  session: 'a sign-in',
  apiToken: 'an API token',
  request: 'a request',
  dataQualityOverview: 'the data quality overview',
  dataQualityLeagueTable: 'the data quality league table',
};

/** An entity's label, or its name in words for one this list does not know yet. */
export function entityLabel(entity: string): string {
  return Object.hasOwn(AUDIT_ENTITY_LABELS, entity) ? labelOf(AUDIT_ENTITY_LABELS, entity) : entity.replaceAll(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
