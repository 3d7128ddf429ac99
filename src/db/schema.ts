import type { ColumnType, Generated, Selectable } from 'kysely';
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
  InterviewResponse,
  InterviewerType,
  MissingType,
  NrmDecision,
  PoliceRiskLevel,
  TraffickingStatus,
  TraffickingStatusBasis,
} from '../domain/codes.ts';
import type { ClosureReason, GuardianRole, ParentalResponsibility, ReferralSource, ReferralStatus } from '../domain/guardians.ts';
import type { EntryKind, EntryType } from '../domain/guardian-record.ts';
import type { CompletionSource, GatedAction, TrainingTopic } from '../domain/training.ts';
import type { RequestOutcome } from '../domain/training-request.ts';
import type { FindingAgency } from '../domain/found-report.ts';

// Dates a person enters as days are ISO strings ('2025-03-01'); moments are ISO instants
// ('2025-03-01T21:15:00.000Z'). Both engines are set up to return them that way (see client.ts).
type IsoDate = string;
type IsoInstant = string;
type Version = ColumnType<number, number | undefined, number>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

interface LocalAuthorityTable {
  code: string;
  laNumber: string | null;
  name: string;
  nation: 'ENG' | 'WAL' | 'SCO' | 'NI';
  region: string;
  kind: string;
}

interface OrganisationTable {
  code: string;
  name: string;
  kind: 'local_authority' | 'guardian_service' | 'police_force' | 'national_unit';
  localAuthorityCode: string | null;
  /** For a guardian service: the scheme it delivers (migration 0024). */
  guardianSchemeCode: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ChildTable {
  id: string;
  responsibleAuthorityCode: string;
  laChildId: string;
  givenNames: string | null;
  familyName: string | null;
  sex: 'M' | 'F' | 'U';
  dateOfBirthClaimed: IsoDate | null;
  dateOfBirthAssessed: IsoDate | null;
  // An estimated age or age range, when no date of birth is known (migration 0015): all four or none.
  dateOfBirthEarliest: Generated<IsoDate | null>;
  dateOfBirthLatest: Generated<IsoDate | null>;
  dateOfBirthSource: Generated<DateOfBirthSource | null>;
  dateOfBirthEstimatedOn: Generated<IsoDate | null>;
  nationality: string | null;
  languages: TextArray;
  interpreterNeeded: ColumnType<boolean, boolean | undefined, boolean>;
  ethnicity: string | null;
  upn: string | null;
  homeOfficeReference: string | null;
  nrmReference: string | null;
  policePersonId: string | null;
  version: Version;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  /** The cell-key method's record key (migration 0020): read only by the statistics; never part of a record. */
  recordKey: Generated<number>;
}

export interface ChildAliasTable {
  id: string;
  childId: string;
  givenNames: string | null;
  familyName: string | null;
  dateOfBirth: IsoDate | null;
  nationality: string | null;
  source: string;
  seenWhere: string | null;
  seenOn: IsoDate;
  createdAt: IsoInstant;
}

export interface AgeStatusTable {
  id: string;
  childId: string;
  status: AgeStatus;
  effectiveFrom: IsoDate;
  note: string | null;
  createdAt: IsoInstant;
}

interface AgeAssessmentTable {
  id: string;
  childId: string;
  referredOn: IsoDate;
  assessedOn: IsoDate;
  assessedBy: AgeAssessor;
  mertonCompliant: boolean;
  outcome: AgeAssessmentOutcome;
  assessedDateOfBirth: IsoDate | null;
  assessedAge: number | null;
  response: AgeAssessmentResponse;
  note: string | null;
  challenge: AgeAssessmentChallenge;
  challengedOn: IsoDate | null;
  challengeResult: AgeAssessmentChallengeResult | null;
  challengeDecidedOn: IsoDate | null;
  version: number;
  createdAt: IsoInstant;
}

export interface CarePeriodTable {
  id: string;
  childId: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  legalStatus: string;
  placementType: string;
  reasonNewEpisode: string | null;
  reasonCeased: string | null;
  responsibleAuthorityCode: string;
  hostAuthorityCode: string;
  version: Version;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  /** The child's record key, copied by a trigger when the care period is written (migration 0020): statistics only. */
  childRecordKey: Generated<number>;
}

export interface UascPeriodTable {
  id: string;
  childId: string;
  startDate: IsoDate;
  ceasedDate: IsoDate | null;
  version: Version;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}

export interface NationalTransferTable {
  id: string;
  childId: string;
  fromAuthorityCode: string;
  toAuthorityCode: string;
  referredOn: IsoDate;
  transferredOn: IsoDate | null;
  createdAt: IsoInstant;
}

export interface TraffickingConcernTable {
  id: string;
  childId: string;
  raisedOn: IsoDate;
  raisedBy: string;
  indicators: TextArray;
  exploitationTypes: TextArray;
  countyLines: ColumnType<boolean, boolean | undefined, boolean>;
  exploitationLocation: ColumnType<ExploitationLocation, ExploitationLocation | undefined, ExploitationLocation>;
  version: Version;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}

export interface TraffickingStatusTable {
  id: string;
  concernId: string;
  status: TraffickingStatus;
  effectiveFrom: IsoDate;
  basis: TraffickingStatusBasis;
  createdAt: IsoInstant;
}

export interface NrmReferralTable {
  id: string;
  concernId: string;
  referredOn: IsoDate;
  firstResponderOrganisation: string;
  competentAuthority: CompetentAuthority;
  reasonableGroundsDecision: ColumnType<NrmDecision, NrmDecision | undefined, NrmDecision>;
  reasonableGroundsDecidedOn: IsoDate | null;
  conclusiveGroundsDecision: ColumnType<NrmDecision, NrmDecision | undefined, NrmDecision>;
  conclusiveGroundsDecidedOn: IsoDate | null;
  version: Version;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}

export interface MissingEpisodeTable {
  id: string;
  childId: string;
  type: MissingType;
  startAt: IsoInstant;
  endAt: IsoInstant | null;
  responsibleAuthorityCode: string;
  hostAuthorityCode: string;
  lastSeenLocation: string | null;
  lastSeenWith: string | null;
  reportedToPoliceAt: IsoInstant | null;
  policeForce: string | null;
  policeReference: string | null;
  policeRiskLevel: PoliceRiskLevel | null;
  responsibleAuthorityToldAt: IsoInstant | null;
  hostAuthorityToldAt: IsoInstant | null;
  endReason: EpisodeEndReason | null;
  harmDisclosed: HarmDisclosed | null;
  exploitationDisclosed: boolean | null;
  version: Version;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  /** The cell-key method's record key (migration 0020): read only by the statistics; never part of a record. */
  recordKey: Generated<number>;
}

export interface ReturnInterviewTable {
  id: string;
  episodeId: string;
  offeredAt: IsoInstant | null;
  response: InterviewResponse;
  notOfferedReason: string | null;
  completedAt: IsoInstant | null;
  interviewerType: InterviewerType | null;
  outcomes: TextArray;
  version: Version;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}

export interface ApiTokenTable {
  id: string;
  organisationCode: string;
  role: string;
  description: string;
  tokenHash: string;
  createdAt: IsoInstant;
  revokedAt: IsoInstant | null;
  /** Migration 0018: when it stops working. */
  expiresAt: IsoInstant;
  /** The token that replaced it when it was rotated. */
  replacedBy: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AppUserTable {
  id: string;
  organisationCode: string;
  role: string;
  /** Lower-cased. */
  email: string;
  displayName: string;
  /** argon2id, PHC string. */
  passwordHash: string;
  /** Base32, stored in clear (see migration 0006). */
  totpSecret: string;
  totpConfirmedAt: IsoInstant | null;
  totpLastCounter: number | null;
  failedAttempts: ColumnType<number, number | undefined, number>;
  lastFailedAt: IsoInstant | null;
  lockedUntil: IsoInstant | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  version: Version;
}

/** Failed passwords by email address (`account:<sha-256>`) and by source (`source:<address>`), migration 0016. */
interface SignInThrottleTable {
  key: string;
  failures: ColumnType<number, number | undefined, number>;
  windowStartedAt: IsoInstant | null;
  lastFailedAt: IsoInstant | null;
  lockedUntil: IsoInstant | null;
}

/** Sign-ins waiting on an organisation's identity provider, by the SHA-256 of the browser's id, migration 0022. */
interface OidcPendingSignInTable {
  idHash: string;
  organisationCode: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: IsoInstant;
}

/** A question page's answers kept when its session ended unused (migration 0035). */
interface KeptAnswersTable {
  userId: string;
  /** The question page's path, without a query. */
  path: string;
  answers: ColumnType<Readonly<Record<string, string | readonly string[]>>, string, string>;
  keptAt: IsoInstant;
}

export interface UserSessionTable {
  /** SHA-256 hex of the session token. */
  id: string;
  userId: string;
  stage: 'PASSWORD_VERIFIED' | 'SIGNED_IN';
  createdAt: IsoInstant;
  lastSeenAt: IsoInstant;
  expiresAt: IsoInstant;
  revokedAt: IsoInstant | null;
  origin: string | null;
  userAgent: string | null;
}

// The audit trail is append-only: no column may be updated (the database refuses it too).
type Immutable<T> = ColumnType<T, T, never>;

interface AuditEventTable {
  id: Immutable<string>;
  chain: Immutable<number>;
  seq: Immutable<number>;
  occurredAt: Immutable<IsoInstant>;
  actorId: Immutable<string>;
  organisationCode: Immutable<string>;
  role: Immutable<string>;
  action: Immutable<string>;
  entity: Immutable<string>;
  entityId: Immutable<string | null>;
  childId: Immutable<string | null>;
  origin: Immutable<string | null>;
  /** jsonb: written as `cast(text as jsonb)` so arrays are not taken for PostgreSQL arrays. */
  details: ColumnType<unknown, unknown, never>;
  reason: Immutable<string | null>;
  previousHash: Immutable<string>;
  hash: Immutable<string>;
}

interface AuditChainHeadTable {
  chain: ColumnType<number, never, never>;
  seq: number;
  hash: string;
  /** When the chain's last event occurred (migration 0014); null while the chain is empty. */
  lastOccurredAt: IsoInstant | null;
}

interface SchemaMigrationTable {
  name: string;
  appliedAt: Generated<IsoInstant>;
}

export interface Database {
  localAuthority: LocalAuthorityTable;
  organisation: OrganisationTable;
  child: ChildTable;
  childAlias: ChildAliasTable;
  ageStatus: AgeStatusTable;
  ageAssessment: AgeAssessmentTable;
  carePeriod: CarePeriodTable;
  uascPeriod: UascPeriodTable;
  nationalTransfer: NationalTransferTable;
  traffickingConcern: TraffickingConcernTable;
  traffickingStatus: TraffickingStatusTable;
  nrmReferral: NrmReferralTable;
  missingEpisode: MissingEpisodeTable;
  hostAcknowledgement: HostAcknowledgementTable;
  foundReport: FoundReportTable;
  returnInterview: ReturnInterviewTable;
  apiToken: ApiTokenTable;
  advocateAllocation: AdvocateAllocationTable;
  guardianScheme: GuardianSchemeTable;
  guardianCoverage: GuardianCoverageTable;
  guardianReferral: GuardianReferralTable;
  guardianAllocationStandard: GuardianAllocationStandardTable;
  guardianRecordEntry: GuardianRecordEntryTable;
  trainingCourse: TrainingCourseTable;
  trainingCompletion: TrainingCompletionTable;
  trainingGate: TrainingGateTable;
  trainingAllowance: TrainingAllowanceTable;
  trainingRequest: TrainingRequestTable;
  policeForceArea: PoliceForceAreaTable;
  breakGlassAccess: BreakGlassAccessTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  keptAnswers: KeptAnswersTable;
  signInThrottle: SignInThrottleTable;
  oidcPendingSignIn: OidcPendingSignInTable;
  auditEvent: AuditEventTable;
  auditChainHead: AuditChainHeadTable;
  schemaMigration: SchemaMigrationTable;
  childNameIdentity: ChildNameIdentityTable;
  dataQualityRuleCheck: DataQualityRuleCheckTable;
  childIdentityLink: ChildIdentityLinkTable;
  childSearchName: ChildSearchNameTable;
  traffickingConcernAuthority: TraffickingConcernAuthorityTable;
  childMatchKey: ChildMatchKeyTable;
  matchModel: MatchModelTable;
  matchDecision: MatchDecisionTable;
  alert: AlertTable;
  alertOutbox: AlertOutboxTable;
  alertDelivery: AlertDeliveryTable;
  alertContact: AlertContactTable;
  alertLocalSetting: AlertLocalSettingTable;
  webhookSubscription: WebhookSubscriptionTable;
  philomenaProfile: PhilomenaProfileTable;
  philomenaPhotograph: PhilomenaPhotographTable;
  philomenaPartTwo: PhilomenaPartTwoTable;
  team: TeamTable;
  teamMember: TeamMemberTable;
  childAllocation: ChildAllocationTable;
}

/** A team of an authority's staff (migration 0032). */
interface TeamTable {
  id: string;
  localAuthorityCode: string;
  name: string;
  createdAt: IsoInstant;
  createdBy: string;
}

/** Someone in a team, from when they were added until they left (migration 0032). */
interface TeamMemberTable {
  id: string;
  teamId: string;
  userId: string;
  addedAt: IsoInstant;
  addedBy: string;
  leftAt: IsoInstant | null;
  removedBy: string | null;
}

/** The social worker and team a child is allocated to; an ended row is history (migration 0032). */
interface ChildAllocationTable {
  id: string;
  childId: string;
  responsibleAuthorityCode: string;
  teamId: string | null;
  socialWorkerId: string | null;
  reason: string | null;
  allocatedAt: IsoInstant;
  allocatedBy: string;
  endedAt: IsoInstant | null;
  endedBy: string | null;
}

/** Part 1 of a child's Philomena profile (migration 0024): one per child, moving with them. */
interface PhilomenaProfileTable {
  childId: string;
  physicalDescription: string;
  vulnerabilities: string | null;
  medicalNeeds: string | null;
  associates: string | null;
  locationsFrequented: string | null;
  phoneNumbers: string | null;
  socialMedia: string | null;
  transport: string | null;
  reviewedAt: IsoInstant;
  reviewedBy: string;
  version: Version;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}

/** The profile's recent photograph: a JPEG made by Lantern, metadata stripped. */
interface PhilomenaPhotographTable {
  childId: string;
  image: Uint8Array;
  mediaType: 'image/jpeg';
  width: number;
  height: number;
  uploadedAt: IsoInstant;
  uploadedBy: string;
}

/** Part 2: what the person who last saw the child said, for one missing episode. */
interface PhilomenaPartTwoTable {
  episodeId: string;
  childId: string;
  clothing: string;
  lastSeenWhere: string;
  lastSeenAt: IsoInstant;
  lastSeenWith: string | null;
  otherInformation: string | null;
  version: Version;
  recordedAt: IsoInstant;
  recordedBy: string;
}

/** One alert to one recipient group (migration 0019). */
export interface AlertTable {
  id: string;
  rule: string;
  childId: string;
  responsibleAuthorityCode: string;
  subjectType: string;
  subjectId: string;
  recipient: string;
  organisationCode: string;
  userId: string | null;
  escalatedFrom: string | null;
  raisedBy: string;
  raisedAt: IsoInstant;
  acknowledgeBy: IsoInstant | null;
  acknowledgedAt: IsoInstant | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  actionTaken: string | null;
  actionRecordedAt: IsoInstant | null;
  actionRecordedByName: string | null;
  settledAt: IsoInstant | null;
  version: Version;
}

/** Work for the job queue, written in the change's own transaction (migration 0019). */
interface AlertOutboxTable {
  id: string;
  kind: 'deliver' | 'send' | 'clock' | 'escalate';
  /** jsonb: written as `cast(text as jsonb)`. */
  payload: ColumnType<unknown, string, never>;
  runAt: IsoInstant;
  createdAt: IsoInstant;
  queuedAt: IsoInstant | null;
}

interface AlertDeliveryTable {
  id: string;
  alertId: string;
  channel: 'email' | 'sms' | 'webhook';
  target: string;
  createdAt: IsoInstant;
  attempts: ColumnType<number, number | undefined, number>;
  deliveredAt: IsoInstant | null;
  failedAt: IsoInstant | null;
  lastError: string | null;
}

interface AlertContactTable {
  organisationCode: string;
  post: 'duty' | 'head_of_service' | 'director';
  userId: string | null;
  email: string | null;
  mobile: string | null;
  updatedAt: IsoInstant;
  updatedBy: string;
}

interface AlertLocalSettingTable {
  authorityCode: string;
  repeatThreshold: number;
  repeatWindowDays: number;
  priorityInterviewAfterHours: number | null;
  updatedAt: IsoInstant;
  updatedBy: string;
  version: Version;
}

interface WebhookSubscriptionTable {
  id: string;
  organisationCode: string;
  url: string;
  description: string;
  secret: string;
  createdAt: IsoInstant;
  createdBy: string;
  disabledAt: IsoInstant | null;
}

/** Every name a child is known by (the record's and each alias's), folded for searching; kept by triggers (migration 0013). */
interface ChildSearchNameTable {
  childId: string;
  responsibleAuthorityCode: string;
  foldedName: string;
}

/** The responsible authority of each trafficking concern's child, kept by triggers (migration 0013). */
interface TraffickingConcernAuthorityTable {
  concernId: string;
  childId: string;
  responsibleAuthorityCode: string;
}

export type LocalAuthorityRow = Selectable<LocalAuthorityTable>;

export interface AdvocateAllocationTable {
  id: string;
  childId: string;
  advocateId: string;
  organisationCode: string;
  allocatedOn: string;
  endedOn: string | null;
  createdAt: string;
  // From a referral to the guardian service (migration 0024); null on allocations made before.
  referralId: ColumnType<string | null, string | null | undefined, string | null>;
  guardianRole: ColumnType<GuardianRole | null, GuardianRole | null | undefined, GuardianRole | null>;
  allocatedAt: ColumnType<IsoInstant | null, IsoInstant | null | undefined, IsoInstant | null>;
  allocatedBy: ColumnType<string | null, string | null | undefined, string | null>;
  endedAt: ColumnType<IsoInstant | null, IsoInstant | null | undefined, IsoInstant | null>;
}

interface GuardianSchemeTable {
  code: string;
  name: string;
  legalBasis: string;
}

interface GuardianCoverageTable {
  schemeCode: string;
  localAuthorityCode: string;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  note: string;
}

interface GuardianReferralTable {
  id: string;
  childId: string;
  responsibleAuthorityCode: string;
  serviceOrganisationCode: string;
  source: ReferralSource;
  referredBy: string;
  referrerOrganisationCode: string;
  referredAt: IsoInstant;
  parentalResponsibility: ParentalResponsibility;
  status: ReferralStatus;
  triagedAt: IsoInstant | null;
  triagedBy: string | null;
  firstAllocatedAt: IsoInstant | null;
  closedAt: IsoInstant | null;
  closureReason: ClosureReason | null;
  closureNote: string | null;
  version: Version;
}

/** A guardian service's standard for allocating a guardian in a role, in working days (migrations 0036 and 0038). */
interface GuardianAllocationStandardTable {
  organisationCode: string;
  guardianRole: GuardianRole;
  workingDays: number;
  changedBy: string;
  changedAt: IsoInstant;
}

/** The guardian's own record of a child (migration 0030): appended, never changed. */
interface GuardianRecordEntryTable {
  id: string;
  childId: string;
  serviceOrganisationCode: string;
  kind: EntryKind;
  occurredOn: IsoDate;
  type: EntryType | null;
  withWhom: string | null;
  text: string | null;
  recordedBy: string;
  recordedAt: IsoInstant;
}

/** The training catalogue (migration 0025). */
interface TrainingCourseTable {
  code: string;
  title: string;
  topic: TrainingTopic;
  provider: string;
  lengthHours: number;
  validityMonths: number | null;
}

/** A person's completion of a course (migration 0025). */
interface TrainingCompletionTable {
  id: string;
  personId: string;
  organisationCode: string;
  courseCode: string;
  completedOn: IsoDate;
  source: CompletionSource;
  recordedBy: string;
  recordedAt: IsoInstant;
}

/** An organisation's setting of a training gate (migration 0028). */
interface TrainingGateTable {
  organisationCode: string;
  action: GatedAction;
  required: boolean;
  changedBy: string;
  changedAt: IsoInstant;
}

/** A team manager's allowance of a gated action, once (migration 0028). */
interface TrainingAllowanceTable {
  id: string;
  organisationCode: string;
  personId: string;
  action: GatedAction;
  reason: string;
  allowedBy: string;
  allowedAt: IsoInstant;
  usedAt: IsoInstant | null;
}

interface TrainingRequestTable {
  id: string;
  organisationCode: string;
  personId: string;
  action: GatedAction;
  childId: string | null;
  reason: string;
  requestedAt: IsoInstant;
  outcome: RequestOutcome | null;
  decidedBy: string | null;
  decidedAt: IsoInstant | null;
  decisionReason: string | null;
  allowanceId: string | null;
}

interface PoliceForceAreaTable {
  organisationCode: string;
  localAuthorityCode: string;
}

interface BreakGlassAccessTable {
  id: string;
  childId: string;
  actorId: string;
  organisationCode: string;
  role: string;
  reason: string;
  openedAt: string;
  expiresAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewNote: string | null;
}

/** Records confirmed to be the same child share a person id (migration 0009); statistics count the person once. */
interface ChildIdentityLinkTable {
  childId: string;
  personId: string;
  confirmedOn: IsoDate;
  confirmedBy: string;
  createdAt: IsoInstant;
}

/** Name keys of every (name, date of birth) a child is known by, kept by triggers (migration 0010); read only by its functions. */
interface ChildNameIdentityTable {
  childId: string;
  dateOfBirth: IsoDate;
  nameKeys: string[];
  wholeKey: string;
}

/** The totals of the latest run of the record rules over an authority's records (migration 0010): no child. */
interface DataQualityRuleCheckTable {
  authorityCode: string;
  checkedAt: IsoInstant;
  children: number;
  childrenWithViolations: number;
  errors: number;
  warnings: number;
}

/** Blocking keys for identity matching (migration 0017), kept by triggers. */
interface ChildMatchKeyTable {
  key: string;
  childId: string;
}

/** An estimated identity-matching model (migration 0017). */
interface MatchModelTable {
  id: string;
  estimatedAt: string;
  estimatedBy: string;
  children: number;
  candidatePairs: number;
  randomPairs: number;
  parameters: unknown;
}

/** The host authority's acknowledgement of an open missing episode (migration 0033). */
interface HostAcknowledgementTable {
  episodeId: string;
  authorityCode: string;
  /** A user id. */
  acknowledgedBy: string;
  acknowledgedAt: IsoInstant;
}

/** Another agency's report that it found a missing child, which closed the episode (migration 0034). */
interface FoundReportTable {
  episodeId: string;
  agency: FindingAgency;
  organisation: string;
  foundAt: IsoInstant;
  location: string;
  reference: string | null;
  /** A user id. */
  recordedBy: string;
  recordedAt: IsoInstant;
}

/** A reviewer's decision on two records proposed as one child (migration 0027). */
interface MatchDecisionTable {
  id: string;
  childId: string;
  otherChildId: string;
  decision: 'confirmed' | 'excluded';
  reason: string | null;
  probability: number;
  decidedBy: string;
  decidedAt: IsoInstant;
  undoneBy: string | null;
  undoneAt: IsoInstant | null;
  undoneReason: string | null;
}
