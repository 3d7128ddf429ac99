import type { CarePeriod, Child, ChildRecord, MissingEpisode } from '../child-record.ts';
import { DATE_OF_BIRTH_SOURCES, isCountryCode, MISSING_TYPES, UNKNOWN_NATIONALITY } from '../codes.ts';
import { dateOfBirthInterval, EARLIEST_PLAUSIBLE_DATE_OF_BIRTH, isDateOfBirthEstimated } from '../date-of-birth.ts';
import type { DateOfBirthInterval } from '../date-of-birth.ts';
import { addDays, eighteenthBirthday, formatDate, formatInstant, instantMs, isIsoDate, isIsoInstant, ukDateOf } from '../dates.ts';
import { ageAssessmentProblems, challengeProblems } from '../age-assessment.ts';
import type { AgeAssessmentProblem } from '../age-assessment.ts';
import { isEthnicityCode, isLegalStatusCode, isPlacementTypeCode, isReasonCeasedCode, isReasonNewEpisodeCode } from '../ssda903-codes.ts';

// Validation at entry, as one table. Each rule names the entity and field it concerns, its
// SSDA903 rule code where the DfE has one, and says what to do in GOV.UK wording.
// Rules read a child's whole record after a proposed change, so a change that breaks a rule
// elsewhere in the record (a care period ended while the child is missing) is caught too.

export type Severity = 'error' | 'warning';

export type EntityKind =
  | 'child'
  | 'alias'
  | 'ageStatus'
  | 'ageAssessment'
  | 'carePeriod'
  | 'uascPeriod'
  | 'nationalTransfer'
  | 'traffickingConcern'
  | 'traffickingStatus'
  | 'nrmReferral'
  | 'missingEpisode'
  | 'returnInterview'
  | 'user'
  | 'alert'
  | 'alertLocalSetting'
  | 'alertContact'
  | 'webhookSubscription'
  | 'philomenaProfile'
  | 'philomenaPartTwo'
  | 'guardianReferral'
  | 'guardianRecordEntry'
  | 'trainingCompletion'
  | 'childAllocation'
  | 'team';

export interface ValidationContext {
  /** The UK day of `now`. */
  readonly today: string;
  readonly now: string;
  /** The 903 collection year, named by the year it ends: 2025 is 1 April 2024 to 31 March 2025. */
  readonly collectionYear?: number;
}

interface Finding {
  readonly entityId: string;
  readonly message: string;
}

export interface Rule {
  readonly id: string;
  /** The DfE SSDA903 rule code, where the rule ports one. */
  readonly code: string | null;
  readonly severity: Severity;
  readonly entity: EntityKind;
  readonly field: string;
  readonly description: string;
  findings(record: ChildRecord, context: ValidationContext): Iterable<Finding>;
}

export interface Violation {
  readonly rule: string;
  readonly code: string | null;
  readonly severity: Severity;
  readonly entity: EntityKind;
  readonly entityId: string;
  readonly field: string;
  readonly message: string;
}

const INFINITY = Number.POSITIVE_INFINITY;

function* where<T extends { readonly id: string }>(items: readonly T[], isBroken: (item: T) => boolean, message: (item: T) => string): Iterable<Finding> {
  for (const item of items) if (isBroken(item)) yield { entityId: item.id, message: message(item) };
}

const episodesOf = (record: ChildRecord): readonly MissingEpisode[] => record.missingEpisodes;
// Rules that read the UK day of a start (or end) skip one that is not a valid instant, as the 903
// validator does (docs/ssda903-rules.md §1.3): 1004, 564 and 1005 report it instead.
const datedEpisodesOf = (record: ChildRecord): readonly MissingEpisode[] => record.missingEpisodes.filter((episode) => isIsoInstant(episode.startAt));
/**
 * The dates of birth that count (date-of-birth.ts), or null where they are not real dates in order
 * (child-dob-valid and child-dob-estimate-valid report that). A known date is an interval of one day.
 * Rules on the date of birth report what every date in the interval breaks; where only some do, the
 * rule cannot be decided and gives the child the benefit of the doubt (ADR 0007).
 */
const realDateOfBirth = (record: ChildRecord): DateOfBirthInterval | null => {
  const interval = dateOfBirthInterval(record.child);
  return interval !== null && isIsoDate(interval.earliest) && isIsoDate(interval.latest) && interval.earliest <= interval.latest ? interval : null;
};
/** Describes the earliest date of birth a record allows, for messages. */
const earliestBirthText = (record: ChildRecord, interval: DateOfBirthInterval): string =>
  isDateOfBirthEstimated(record.child)
    ? `earliest date of birth their estimated age allows, ${formatDate(interval.earliest)}`
    : `date of birth, ${formatDate(interval.earliest)}`;

/** A date of birth no child in care can have: in the future, or before 1990 (issue 10 item 5). */
function implausibleBirth(date: string, today: string, what: string): string | null {
  if (date > today) return `${what} must be today or in the past`;
  if (date < EARLIEST_PLAUSIBLE_DATE_OF_BIRTH) return `${what} must be the same as or after ${formatDate(EARLIEST_PLAUSIBLE_DATE_OF_BIRTH)}`;
  return null;
}

function* childFinding(child: Child, message: string | null): Iterable<Finding> {
  if (message !== null) yield { entityId: child.id, message };
}

/** What is wrong with an estimated age, first thing first, or null. */
function estimateProblem(child: Child, today: string): string | null {
  const estimate = child.dateOfBirthEstimate;
  if (estimate === null) return null;
  if (!DATE_OF_BIRTH_SOURCES.includes(estimate.source)) return 'Select who estimated the child’s age';
  if (!isIsoDate(estimate.estimatedOn) || estimate.estimatedOn > today)
    return 'Enter the date the child’s age was estimated. It must be a real date, today or in the past';
  if (!isIsoDate(estimate.earliest) || !isIsoDate(estimate.latest)) return 'Enter the estimated age as real dates of birth, for example 2009-01-11';
  if (estimate.earliest > estimate.latest) return 'The earliest date of birth of the estimate must be the same as or before the latest';
  if (estimate.latest > estimate.estimatedOn) return 'The estimated date of birth must be on or before the day the age was estimated';
  return implausibleBirth(estimate.earliest, today, 'The earliest estimated date of birth');
}
const interviewsOf = (record: ChildRecord) =>
  record.missingEpisodes.flatMap((episode) => (episode.returnInterview ? [{ episode, interview: episode.returnInterview }] : []));
const referralsOf = (record: ChildRecord) =>
  record.traffickingConcerns.flatMap((concern) => (concern.nrmReferral ? [{ concern, referral: concern.nrmReferral }] : []));
const statusesOf = (record: ChildRecord) => record.traffickingConcerns.flatMap((concern) => concern.statuses.map((status) => ({ concern, status })));

/** The care period whose days include the day a moment falls on. */
export function carePeriodOn(carePeriods: readonly CarePeriod[], day: string): CarePeriod | null {
  // On a changeover day two periods contain the day: the one starting that day is current.
  let current: CarePeriod | null = null;
  for (const period of carePeriods) {
    if (period.startDate <= day && (period.endDate === null || day <= period.endDate) && (current === null || period.startDate > current.startDate))
      current = period;
  }
  return current;
}

/** Looked after now: some care period is open. */
export function isLookedAfter(record: Pick<ChildRecord, 'carePeriods'>): boolean {
  return record.carePeriods.some((period) => period.endDate === null);
}

function collectionYearBounds(year: number): { start: string; end: string } {
  return { start: `${year - 1}-04-01`, end: `${year}-03-31` };
}

function firstCareStart(carePeriods: readonly CarePeriod[]): string | null {
  return carePeriods.reduce<string | null>((first, period) => (first === null || period.startDate < first ? period.startDate : first), null);
}

const typeOf = (episode: MissingEpisode): string => episode.type;

const episodeEndMs = (episode: MissingEpisode): number => (episode.endAt === null ? INFINITY : instantMs(episode.endAt));

// The DfE validator's rule 168, after it upper-cases the column.
const UPN_SHAPE = /^(?:(?![IOS])[A-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$/i;

/** A child's 903 episodes in the order the DfE reads them: by start (DECOM), then id for a stable order. */
const episodesInOrder = (record: ChildRecord): readonly CarePeriod[] =>
  [...record.carePeriods].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.id.localeCompare(b.id)));

/** Each episode with the one before it (in start order), as rules 336 and 434 compare them. */
function* withPreviousEpisode(record: ChildRecord): Iterable<{ period: CarePeriod; previous: CarePeriod }> {
  const ordered = episodesInOrder(record);
  for (let i = 1; i < ordered.length; i += 1) {
    const period = ordered[i];
    const previous = ordered[i - 1];
    if (period !== undefined && previous !== undefined) yield { period, previous };
  }
}

/**
 * Episodes under a legal status that the law limits in time (rules 361, 362, 364), flagged when
 * a run of them lasts longer than the limit. A run is consecutive episodes with that status, each
 * starting the day the one before ended. A run still open is counted up to today, or to the end of
 * the collection year checked against, if that is earlier (the DfE counts to the year's end).
 */
function* overlongLegalStatus(
  record: ChildRecord,
  context: ValidationContext,
  legalStatus: string,
  maxDays: number,
  message: (latestEnd: string) => string,
): Iterable<Finding> {
  const openUntil =
    context.collectionYear === undefined ? context.today : ([context.today, collectionYearBounds(context.collectionYear).end].sort()[0] ?? context.today);
  let run: CarePeriod[] = [];
  const flush = function* (): Iterable<Finding> {
    const [first] = run;
    const last = run[run.length - 1];
    if (first !== undefined && last !== undefined && isIsoDate(first.startDate)) {
      const latestEnd = addDays(first.startDate, maxDays);
      if ((last.endDate ?? openUntil) > latestEnd) for (const period of run) yield { entityId: period.id, message: message(latestEnd) };
    }
    run = [];
  };
  for (const period of episodesInOrder(record)) {
    const previous = run[run.length - 1];
    if (previous !== undefined && (period.legalStatus !== legalStatus || previous.endDate !== period.startDate)) yield* flush();
    if (period.legalStatus === legalStatus) run.push(period);
  }
  yield* flush();
}

/**
 * Periods of care as the DfE derives them for rules 577 and 578 (docs/ssda903-rules.md §1.8):
 * consecutive episodes in start order, a new period starting only after a gap of a day or more.
 */
function periodsOfCare(carePeriods: readonly CarePeriod[]): { start: string; end: string | null }[] {
  const periods: { start: string; end: string | null }[] = [];
  for (const episode of [...carePeriods].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))) {
    const current = periods[periods.length - 1];
    if (current !== undefined && (current.end === null || episode.startDate <= current.end)) current.end = episode.endDate;
    else periods.push({ start: episode.startDate, end: episode.endDate });
  }
  return periods;
}

const ADOPTION_PLACEMENTS = ['A3', 'A4', 'A5', 'A6'];
const FOSTER_PLACEMENTS = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];

/** The age assessment's rules, one a field: age-assessment.ts says what is wrong with each. */
const AGE_ASSESSMENT_FIELDS: readonly { readonly field: AgeAssessmentProblem['field']; readonly description: string }[] = [
  { field: 'referredOn', description: 'An age assessment is asked for on a real day, not in the future.' },
  { field: 'assessedOn', description: 'An age assessment’s outcome is decided on or after it was asked for, not in the future.' },
  {
    field: 'assessedDateOfBirth',
    description:
      'An assessment that found a child or an adult gives a date of birth (before its outcome, agreeing with it) or an age; an inconclusive one neither.',
  },
  { field: 'assessedAge', description: 'An assessed age is a whole number of years agreeing with the outcome: under 18 for a child, 18 or over for an adult.' },
  { field: 'challengedOn', description: 'A legal challenge to the outcome is brought on or after it, not in the future; with no challenge, no day or result.' },
  { field: 'challengeResult', description: 'A challenge decided on a day has a result.' },
  { field: 'challengeDecidedOn', description: 'A challenge’s result is decided on or after it was brought, not in the future.' },
];

export const RULES: readonly Rule[] = [
  // ---- Child ----
  {
    id: 'child-name-present',
    code: null,
    severity: 'error',
    entity: 'child',
    field: 'givenNames',
    description: 'At least one part of the child’s name is recorded: a child may be known by one name only.',
    findings: (record) =>
      where(
        [record.child],
        (child) => (child.givenNames ?? '').trim() === '' && (child.familyName ?? '').trim() === '',
        () => 'Enter the child’s given names or family name. If they are known by one name only, enter it as their given name',
      ),
  },
  {
    id: 'child-dob-recorded',
    code: null,
    severity: 'error',
    entity: 'child',
    field: 'dateOfBirthClaimed',
    description: 'A date of birth, an assessed date of birth or an estimated age is recorded; an estimate only where no date of birth was given.',
    findings: (record) =>
      childFinding(
        record.child,
        record.child.dateOfBirthClaimed === null && record.child.dateOfBirthAssessed === null && record.child.dateOfBirthEstimate === null
          ? 'Enter the child’s date of birth, or their estimated age if their date of birth is not known'
          : record.child.dateOfBirthClaimed !== null && record.child.dateOfBirthEstimate !== null
            ? 'Remove the estimated age or the date of birth: record an estimated age only when the child’s date of birth is not known'
            : null,
      ),
  },
  {
    id: 'child-dob-valid',
    code: null,
    severity: 'error',
    entity: 'child',
    field: 'dateOfBirthClaimed',
    description: 'The claimed date of birth is a real date.',
    findings: (record) =>
      where(
        [record.child],
        (child) => child.dateOfBirthClaimed !== null && !isIsoDate(child.dateOfBirthClaimed),
        () => 'Enter a real date of birth, for example 2008-03-27',
      ),
  },
  {
    id: 'child-dob-not-future',
    code: null,
    severity: 'error',
    entity: 'child',
    field: 'dateOfBirthClaimed',
    description: 'The claimed date of birth is plausible: not in the future, nor before 1990.',
    findings: (record, { today }) => {
      const claimed = record.child.dateOfBirthClaimed;
      return childFinding(record.child, claimed === null || !isIsoDate(claimed) ? null : implausibleBirth(claimed, today, 'Date of birth'));
    },
  },
  {
    id: 'child-assessed-dob-not-future',
    code: null,
    severity: 'error',
    entity: 'child',
    field: 'dateOfBirthAssessed',
    description: 'The assessed date of birth is a real date and plausible: not in the future, nor before 1990.',
    findings: (record, { today }) => {
      const assessed = record.child.dateOfBirthAssessed;
      if (assessed === null) return [];
      return childFinding(
        record.child,
        isIsoDate(assessed) ? implausibleBirth(assessed, today, 'Assessed date of birth') : 'Assessed date of birth must be a real date, today or in the past',
      );
    },
  },
  {
    id: 'child-dob-estimate-valid',
    code: null,
    severity: 'error',
    entity: 'child',
    field: 'dateOfBirthEstimate',
    description: 'An estimated age is a real, plausible interval of dates of birth, estimated on a real day by someone named.',
    findings: (record, { today }) => childFinding(record.child, estimateProblem(record.child, today)),
  },
  {
    id: 'child-nationality-known-code',
    code: null,
    severity: 'error',
    entity: 'child',
    field: 'nationality',
    description: 'Nationality is an ISO 3166-1 alpha-2 country code or "unknown".',
    findings: (record) =>
      where(
        [record.child],
        (child) => child.nationality !== null && child.nationality !== UNKNOWN_NATIONALITY && !isCountryCode(child.nationality),
        (child) => `Enter nationality as a two-letter country code, such as GB or VN, or "unknown". "${child.nationality ?? ''}" is not a country code`,
      ),
  },
  {
    id: 'child-ethnicity-code',
    code: null,
    severity: 'error',
    entity: 'child',
    field: 'ethnicity',
    description: 'Ethnicity, when recorded, is a code from the 903 ETHNIC list.',
    findings: (record) =>
      where(
        [record.child],
        (child) => child.ethnicity !== null && !isEthnicityCode(child.ethnicity),
        (child) => `Select an ethnicity from the list. "${child.ethnicity ?? ''}" is not a 903 ethnicity code`,
      ),
  },
  {
    id: 'child-upn-format',
    code: '168',
    severity: 'error',
    entity: 'child',
    field: 'upn',
    description: 'A unique pupil number is a letter other than I, O or S then 12 digits (or 11 digits and a letter), or UN1 to UN5 when it is not known.',
    findings: (record) =>
      where(
        [record.child],
        (child) => child.upn !== null && !UPN_SHAPE.test(child.upn),
        () => 'Enter the unique pupil number as 13 characters, a letter then 12 digits, such as A123456789012, or UN1 to UN5 if it is not known',
      ),
  },
  {
    id: 'child-upn-or-reason',
    code: '442',
    severity: 'error',
    entity: 'child',
    field: 'upn',
    description:
      'A child of an English authority looked after other than for short breaks (any care period with a legal status other than V3 or V4) has a UPN, or one of the reasons UN1 to UN5 for having none.',
    findings: (record) =>
      where(
        [record.child],
        // The 903 is England's return; V3 and V4 are the short breaks it exempts.
        (child) =>
          child.upn === null &&
          child.responsibleAuthorityCode.startsWith('E') &&
          record.carePeriods.some((period) => period.legalStatus !== 'V3' && period.legalStatus !== 'V4'),
        () => 'Enter the child’s unique pupil number (UPN), or if they do not have one, why not (UN1 to UN5)',
      ),
  },
  {
    id: 'uasc-nationality-unknown',
    code: null,
    severity: 'warning',
    entity: 'child',
    field: 'nationality',
    description: 'An unaccompanied asylum-seeking child with unknown or unrecorded nationality (domain brief §8.3).',
    findings: (record) =>
      where(
        [record.child],
        (child) => record.uascPeriods.length > 0 && (child.nationality === null || child.nationality === UNKNOWN_NATIONALITY),
        () => 'Record the nationality of this unaccompanied child, if it is known',
      ),
  },

  // ---- Aliases and age status ----
  {
    id: 'alias-name-present',
    code: null,
    severity: 'error',
    entity: 'alias',
    field: 'givenNames',
    description: 'At least one part of the name used is recorded.',
    findings: (record) =>
      where(
        record.aliases,
        (alias) => (alias.givenNames ?? '').trim() === '' && (alias.familyName ?? '').trim() === '',
        () => 'Enter the given names or family name used. If the name used is one name only, enter it as the given name',
      ),
  },
  {
    id: 'alias-seen-not-future',
    code: null,
    severity: 'error',
    entity: 'alias',
    field: 'seenOn',
    description: 'An alias was seen on a real date, not in the future.',
    findings: (record, { today }) =>
      where(
        record.aliases,
        (alias) => !isIsoDate(alias.seenOn) || alias.seenOn > today,
        () => 'Enter the date this name was seen. It must be today or in the past',
      ),
  },
  {
    id: 'age-status-not-future',
    code: null,
    severity: 'error',
    entity: 'ageStatus',
    field: 'effectiveFrom',
    description: 'Age status changes are dated on a real day, not in the future.',
    findings: (record, { today }) =>
      where(
        record.ageStatuses,
        (entry) => !isIsoDate(entry.effectiveFrom) || entry.effectiveFrom > today,
        () => 'Enter the date the age status changed. It must be today or in the past',
      ),
  },
  ...AGE_ASSESSMENT_FIELDS.map(({ field, description }): Rule => ({
    id: `age-assessment-${field}`,
    code: null,
    severity: 'error',
    entity: 'ageAssessment',
    field,
    description,
    findings: function* (record, { today }) {
      for (const assessment of record.ageAssessments) {
        for (const problem of [...ageAssessmentProblems(assessment, today), ...challengeProblems(assessment, assessment, today)])
          if (problem.field === field) yield { entityId: assessment.id, message: problem.message };
      }
    },
  })),

  // ---- Care periods (903 Episodes) ----
  {
    id: 'care-period-dates',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'endDate',
    description: 'A care period ends on or after it starts.',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) => period.endDate !== null && period.endDate < period.startDate,
        (period) => `Enter the date the care period ended. It must be on or after ${formatDate(period.startDate)}, when it started`,
      ),
  },
  {
    id: 'care-period-start-not-future',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'startDate',
    description: 'A care period starts on a real day, not in the future.',
    findings: (record, { today }) =>
      where(
        record.carePeriods,
        (period) => !isIsoDate(period.startDate) || period.startDate > today,
        () => 'Enter the date the care period started. It must be today or in the past',
      ),
  },
  {
    id: 'care-period-end-not-future',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'endDate',
    description: 'A care period ends on a real day, not in the future.',
    findings: (record, { today }) =>
      where(
        record.carePeriods,
        (period) => period.endDate !== null && (!isIsoDate(period.endDate) || period.endDate > today),
        () => 'Enter the date the care period ended. It must be today or in the past',
      ),
  },
  {
    id: 'care-period-after-birth',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'startDate',
    description: 'A care period cannot start before the child was born.',
    findings: function* (record) {
      const born = realDateOfBirth(record);
      if (born === null) return;
      yield* where(
        record.carePeriods,
        (period) => period.startDate < born.earliest,
        () => `Enter the date the care period started. It cannot be before the child's ${earliestBirthText(record, born)}`,
      );
    },
  },
  {
    id: 'care-period-no-overlap',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'startDate',
    description: "A child's care periods do not overlap.",
    findings: (record) =>
      where(
        record.carePeriods,
        (period) =>
          record.carePeriods.some(
            (other) =>
              other.id !== period.id &&
              other.startDate <= period.startDate &&
              (other.startDate < period.startDate || other.id < period.id) &&
              (other.endDate === null || other.endDate > period.startDate),
          ),
        () => 'This care period overlaps another. A new care period starts on or after the day the previous one ended',
      ),
  },
  {
    id: 'care-period-legal-status',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'legalStatus',
    description: 'Legal status is a code from the 903 LS list.',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) => !isLegalStatusCode(period.legalStatus),
        (period) => `Select a legal status from the list. "${period.legalStatus}" is not a 903 legal status code`,
      ),
  },
  {
    id: 'care-period-placement-type',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'placementType',
    description: 'Placement type is a code from the 903 PLACE list.',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) => !isPlacementTypeCode(period.placementType),
        (period) => `Select a placement type from the list. "${period.placementType}" is not a 903 placement code`,
      ),
  },
  {
    id: 'care-period-reason-new-episode',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'reasonNewEpisode',
    description: 'The reason for a new episode, when recorded, is a code from the 903 RNE list.',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) => period.reasonNewEpisode !== null && !isReasonNewEpisodeCode(period.reasonNewEpisode),
        (period) => `Select a reason for the new episode from the list. "${period.reasonNewEpisode ?? ''}" is not a 903 RNE code`,
      ),
  },
  {
    id: 'care-period-reason-ceased',
    code: null,
    severity: 'error',
    entity: 'carePeriod',
    field: 'reasonCeased',
    description: 'An ended care period has a 903 REC reason; an open one has none.',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) => (period.endDate === null) !== (period.reasonCeased === null) || (period.reasonCeased !== null && !isReasonCeasedCode(period.reasonCeased)),
        (period) =>
          period.endDate === null
            ? 'Remove the reason the care period ended, or enter the date it ended'
            : 'Select the reason the care period ended from the 903 REC list',
      ),
  },

  {
    id: 'care-period-adoption-reason-new-episode',
    code: '217',
    severity: 'error',
    entity: 'carePeriod',
    field: 'reasonNewEpisode',
    description: 'A child placed for adoption with their current foster carers (A3 or A5) from 1 April 2015 has RNE S, T or U.',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) =>
          (period.placementType === 'A3' || period.placementType === 'A5') &&
          period.startDate >= '2015-04-01' &&
          !['S', 'T', 'U'].includes(period.reasonNewEpisode ?? ''),
        () =>
          'Select S, T or U as the reason for the new episode. A child placed for adoption with their current foster carers (A3 or A5) keeps the same carers',
      ),
  },
  {
    id: 'care-period-adoption-after-foster-care',
    code: '336',
    severity: 'error',
    entity: 'carePeriod',
    field: 'placementType',
    description: 'A child placed for adoption with consent (A3 or A4) comes from a foster or adoption placement, unless it is their first episode.',
    findings: function* (record) {
      for (const { period, previous } of withPreviousEpisode(record)) {
        if (
          (period.placementType === 'A3' || period.placementType === 'A4') &&
          ![...ADOPTION_PLACEMENTS, ...FOSTER_PLACEMENTS].includes(previous.placementType)
        ) {
          yield {
            entityId: period.id,
            message: `Select the placement type again. A child placed for adoption with consent (A3 or A4) moves from a foster or adoption placement (U1 to U6 or A3 to A6), not from ${previous.placementType}`,
          };
        }
      }
    },
  },
  {
    id: 'care-period-police-protection-72-hours',
    code: '361',
    severity: 'error',
    entity: 'carePeriod',
    field: 'endDate',
    description: 'Police protection (LS L1) lasts no more than 72 hours (Children Act 1989, section 46).',
    findings: (record, context) =>
      overlongLegalStatus(
        record,
        context,
        'L1',
        3,
        (latestEnd) =>
          `Police protection (L1) lasts at most 72 hours. Enter the date it ended: no later than ${formatDate(latestEnd)}, 3 days after it started`,
      ),
  },
  {
    id: 'care-period-emergency-protection-21-days',
    code: '362',
    severity: 'error',
    entity: 'carePeriod',
    field: 'endDate',
    description: 'An emergency protection order (LS L2) lasts no more than 21 days.',
    findings: (record, context) =>
      overlongLegalStatus(
        record,
        context,
        'L2',
        21,
        (latestEnd) =>
          `An emergency protection order (L2) lasts at most 21 days. Enter the date it ended: no later than ${formatDate(latestEnd)}, 21 days after it started`,
      ),
  },
  {
    id: 'care-period-pace-detention-21-days',
    code: '364',
    severity: 'error',
    entity: 'carePeriod',
    field: 'endDate',
    description: 'Accommodation under the Police and Criminal Evidence Act 1984 (LS J2) lasts no more than 21 days in all.',
    findings: (record, context) =>
      overlongLegalStatus(
        record,
        context,
        'J2',
        21,
        (latestEnd) =>
          `Accommodation under the Police and Criminal Evidence Act (J2) lasts at most 21 days here. Enter the date it ended: no later than ${formatDate(latestEnd)}, 21 days after it started`,
      ),
  },
  {
    id: 'care-period-placed-with-parents-section-20',
    code: '378',
    severity: 'error',
    entity: 'carePeriod',
    field: 'legalStatus',
    description: 'A child placed with parents (PLACE P1) is not accommodated under section 20 (LS V2).',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) => period.placementType === 'P1' && period.legalStatus === 'V2',
        () => 'Select the legal status again. A child placed with their parents (P1) cannot be accommodated under section 20 (V2)',
      ),
  },
  {
    id: 'care-period-adopted-from-adoption-placement',
    code: '390',
    severity: 'error',
    entity: 'carePeriod',
    field: 'reasonCeased',
    description: 'A child adopted (REC E11 or E12) leaves care from a placement for adoption (A3 to A6).',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) => (period.reasonCeased === 'E11' || period.reasonCeased === 'E12') && !ADOPTION_PLACEMENTS.includes(period.placementType),
        (period) =>
          `Select the reason the care period ended again. A child is adopted (E11 or E12) only from a placement for adoption (A3 to A6), not from ${period.placementType}`,
      ),
  },
  {
    id: 'care-period-legal-status-change-only',
    code: '434',
    severity: 'error',
    entity: 'carePeriod',
    field: 'reasonNewEpisode',
    description: 'A new episode for a change of legal status only (RNE L) has a new legal status and the same placement (type and host authority).',
    findings: function* (record) {
      for (const { period, previous } of withPreviousEpisode(record)) {
        if (period.reasonNewEpisode !== 'L') continue;
        if (period.legalStatus === previous.legalStatus) {
          yield {
            entityId: period.id,
            message: `Select the reason for the new episode again. Reason L means only the legal status changed, but it is still ${period.legalStatus}`,
          };
        } else if (period.placementType !== previous.placementType || period.hostAuthorityCode !== previous.hostAuthorityCode) {
          yield {
            entityId: period.id,
            message: 'Select the reason for the new episode again. Reason L means only the legal status changed, but the placement changed too: select B or U',
          };
        }
      }
    },
  },
  {
    id: 'care-period-special-guardianship-from-foster-care',
    code: '516',
    severity: 'error',
    entity: 'carePeriod',
    field: 'reasonCeased',
    description: 'A special guardianship order to former foster carers (REC E45 or E46) ends a foster placement (U1 to U6).',
    findings: (record) =>
      where(
        record.carePeriods,
        (period) => (period.reasonCeased === 'E45' || period.reasonCeased === 'E46') && !FOSTER_PLACEMENTS.includes(period.placementType),
        (period) =>
          `Select the reason the care period ended again. A special guardianship order to former foster carers (E45 or E46) follows a foster placement (U1 to U6), not ${period.placementType}`,
      ),
  },

  // ---- UASC ----
  {
    id: 'uasc-duc-valid',
    code: '104',
    severity: 'error',
    entity: 'uascPeriod',
    field: 'ceasedDate',
    description: 'DUC, the date UASC status ceased, is a valid date.',
    findings: (record) =>
      where(
        record.uascPeriods,
        (period) => period.ceasedDate !== null && !isIsoDate(period.ceasedDate),
        () => 'Enter a real date for when UASC status ceased',
      ),
  },
  {
    id: 'uasc-duc-by-18',
    code: '304',
    severity: 'error',
    entity: 'uascPeriod',
    field: 'ceasedDate',
    description: "DUC must be on or before the child's 18th birthday (for an estimated age, the latest 18th birthday it allows).",
    findings: function* (record) {
      const born = realDateOfBirth(record);
      if (born === null) return;
      const turns18 = eighteenthBirthday(born.latest);
      const birthday = isDateOfBirthEstimated(record.child) ? 'latest 18th birthday their estimated age allows' : '18th birthday';
      yield* where(
        record.uascPeriods,
        (period) => period.ceasedDate !== null && period.ceasedDate > turns18,
        () => `Enter the date UASC status ceased. It must be on or before the child's ${birthday}, ${formatDate(turns18)}`,
      );
    },
  },
  {
    id: 'uasc-period-dates',
    code: null,
    severity: 'error',
    entity: 'uascPeriod',
    field: 'ceasedDate',
    description: 'UASC status ceases on or after it started, and periods do not overlap.',
    findings: (record) =>
      where(
        record.uascPeriods,
        (period) =>
          (period.ceasedDate !== null && period.ceasedDate < period.startDate) ||
          record.uascPeriods.some(
            (other) =>
              other.id !== period.id &&
              (other.startDate < period.startDate || (other.startDate === period.startDate && other.id < period.id)) &&
              (other.ceasedDate === null || other.ceasedDate > period.startDate),
          ),
        (period) => `Enter the date UASC status ceased. It must be on or after ${formatDate(period.startDate)}, and UASC periods cannot overlap`,
      ),
  },
  {
    id: 'uasc-start-not-future',
    code: null,
    severity: 'error',
    entity: 'uascPeriod',
    field: 'startDate',
    description: 'UASC status starts on a real day, not in the future.',
    findings: (record, { today }) =>
      where(
        record.uascPeriods,
        (period) => !isIsoDate(period.startDate) || period.startDate > today,
        () => 'Enter the date the child became an unaccompanied asylum-seeking child. It must be today or in the past',
      ),
  },
  {
    id: 'national-transfer-dates',
    code: null,
    severity: 'error',
    entity: 'nationalTransfer',
    field: 'transferredOn',
    description: 'A National Transfer Scheme transfer happens on or after its referral, between two different authorities.',
    findings: (record) =>
      where(
        record.nationalTransfers,
        (transfer) =>
          transfer.fromAuthorityCode === transfer.toAuthorityCode || (transfer.transferredOn !== null && transfer.transferredOn < transfer.referredOn),
        (transfer) =>
          transfer.fromAuthorityCode === transfer.toAuthorityCode
            ? 'Select the authority the child is transferring to. It must be different from the one they are leaving'
            : `Enter the date of the transfer. It must be on or after the referral, ${formatDate(transfer.referredOn)}`,
      ),
  },

  // ---- Trafficking and NRM ----
  {
    id: 'trafficking-concern-raised',
    code: null,
    severity: 'error',
    entity: 'traffickingConcern',
    field: 'raisedOn',
    description: 'A trafficking concern is raised on a real day, not in the future.',
    findings: (record, { today }) =>
      where(
        record.traffickingConcerns,
        (concern) => !isIsoDate(concern.raisedOn) || concern.raisedOn > today,
        () => 'Enter the date the concern was raised. It must be today or in the past',
      ),
  },
  {
    id: 'trafficking-status-after-concern',
    code: null,
    severity: 'error',
    entity: 'traffickingStatus',
    field: 'effectiveFrom',
    description: 'A trafficking status takes effect on or after the concern was raised, and not in the future.',
    findings: function* (record, { today }) {
      for (const { concern, status } of statusesOf(record)) {
        if (status.effectiveFrom < concern.raisedOn || status.effectiveFrom > today) {
          yield {
            entityId: status.id,
            message: `Enter the date of the status. It must be between ${formatDate(concern.raisedOn)}, when the concern was raised, and today`,
          };
        }
      }
    },
  },
  {
    id: 'nrm-referral-date',
    code: null,
    severity: 'error',
    entity: 'nrmReferral',
    field: 'referredOn',
    description: 'An NRM referral is made on a real day, not in the future.',
    findings: function* (record, { today }) {
      for (const { referral } of referralsOf(record)) {
        if (!isIsoDate(referral.referredOn) || referral.referredOn > today)
          yield { entityId: referral.id, message: 'Enter the date of the NRM referral. It must be today or in the past' };
      }
    },
  },
  {
    id: 'nrm-reasonable-grounds',
    code: null,
    severity: 'error',
    entity: 'nrmReferral',
    field: 'reasonableGroundsDecidedOn',
    description: 'A reasonable-grounds decision has a date on or after the referral (and not in the future); a pending one has none.',
    findings: function* (record, { today }) {
      for (const { referral } of referralsOf(record)) {
        const decided = referral.reasonableGroundsDecision !== 'PENDING';
        const day = referral.reasonableGroundsDecidedOn;
        if (decided !== (day !== null)) {
          yield {
            entityId: referral.id,
            message: decided ? 'Enter the date of the reasonable grounds decision' : 'Remove the decision date, or select the reasonable grounds decision',
          };
        } else if (day !== null && (day < referral.referredOn || day > today)) {
          yield {
            entityId: referral.id,
            message: `Enter the date of the reasonable grounds decision. It must be between the referral, ${formatDate(referral.referredOn)}, and today`,
          };
        }
      }
    },
  },
  {
    id: 'nrm-conclusive-grounds',
    code: null,
    severity: 'error',
    entity: 'nrmReferral',
    field: 'conclusiveGroundsDecidedOn',
    description: 'A conclusive-grounds decision follows a positive reasonable-grounds decision, with a date on or after it, not in the future.',
    findings: function* (record, { today }) {
      for (const { referral } of referralsOf(record)) {
        const decided = referral.conclusiveGroundsDecision !== 'PENDING';
        const day = referral.conclusiveGroundsDecidedOn;
        if (decided && referral.reasonableGroundsDecision !== 'POSITIVE') {
          yield { entityId: referral.id, message: 'A conclusive grounds decision can only follow a positive reasonable grounds decision' };
        } else if (decided !== (day !== null)) {
          yield {
            entityId: referral.id,
            message: decided ? 'Enter the date of the conclusive grounds decision' : 'Remove the decision date, or select the conclusive grounds decision',
          };
        } else if (day !== null && ((referral.reasonableGroundsDecidedOn !== null && day < referral.reasonableGroundsDecidedOn) || day > today)) {
          yield {
            entityId: referral.id,
            message: 'Enter the date of the conclusive grounds decision. It must be on or after the reasonable grounds decision, and not in the future',
          };
        }
      }
    },
  },

  // ---- Missing episodes (903 Missing) ----
  {
    id: 'missing-start-valid',
    code: '1004',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'startAt',
    description: 'MIS_START is a valid date.',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) => !isIsoInstant(episode.startAt),
        () => 'Enter the date and time the child went missing, for example 2025-03-01T21:15',
      ),
  },
  {
    id: 'missing-end-valid',
    code: '1005',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'endAt',
    description: 'MIS_END is a valid date where present.',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) => episode.endAt !== null && !isIsoInstant(episode.endAt),
        () => 'Enter the date and time the child came back, for example 2025-03-02T08:30',
      ),
  },
  {
    id: 'missing-type',
    code: '1006',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'type',
    description: 'MISSING is M (missing) or A (away from placement without authorisation).',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) => typeOf(episode) !== '' && !(MISSING_TYPES as readonly string[]).includes(typeOf(episode)),
        () => 'Select whether the child was missing (M) or away from placement without authorisation (A)',
      ),
  },
  {
    id: 'missing-start-present',
    code: '564',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'startAt',
    description: 'A missing or away episode has a start date.',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) => episode.startAt === '',
        () => 'Enter the date and time the child went missing',
      ),
  },
  {
    id: 'missing-type-with-start',
    code: '565',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'type',
    description: 'A start date requires a MISSING type.',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) => episode.startAt !== '' && typeOf(episode).trim() === '',
        () => 'Select whether the child was missing or away from placement without authorisation',
      ),
  },
  {
    id: 'missing-type-with-end',
    code: '566',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'type',
    description: 'An end date requires a MISSING type.',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) => episode.endAt !== null && typeOf(episode).trim() === '',
        () => 'Select whether the child was missing or away from placement without authorisation',
      ),
  },
  {
    id: 'missing-end-after-start',
    code: '567',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'endAt',
    description: 'MIS_END is not before MIS_START.',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) => episode.endAt !== null && instantMs(episode.endAt) < instantMs(episode.startAt),
        (episode) => `Enter the date the child came back. It must be after the date they went missing, ${formatInstant(episode.startAt)}`,
      ),
  },
  {
    id: 'missing-no-overlap',
    code: '574',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'startAt',
    description: "A child's missing periods do not overlap; no new period starts while one is open.",
    findings: function* (record) {
      const episodes = [...datedEpisodesOf(record)].sort((a, b) => instantMs(a.startAt) - instantMs(b.startAt) || a.id.localeCompare(b.id));
      // One pass: an episode overlaps an earlier one exactly when the latest end so far is after its start.
      let latestEnding: MissingEpisode | undefined;
      for (const later of episodes) {
        const earlier = latestEnding;
        if (latestEnding === undefined || episodeEndMs(later) > episodeEndMs(latestEnding)) latestEnding = later;
        if (earlier !== undefined && episodeEndMs(earlier) > instantMs(later.startAt)) {
          yield {
            entityId: later.id,
            message:
              earlier.endAt === null
                ? `The child is already recorded as missing since ${formatInstant(earlier.startAt)}. Record that they came back before reporting a new episode`
                : `This overlaps the missing episode from ${formatInstant(earlier.startAt)} to ${formatInstant(earlier.endAt)}. Check the dates`,
          };
        }
      }
    },
  },
  {
    id: 'missing-ended-when-placement-ended',
    code: '575',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'endAt',
    description: 'If the placement the child went missing from has ended, the missing period has an end date.',
    findings: function* (record) {
      for (const episode of datedEpisodesOf(record)) {
        const placement = carePeriodOn(record.carePeriods, ukDateOf(episode.startAt));
        if (episode.endAt === null && placement !== null && placement.endDate !== null) {
          yield {
            entityId: episode.id,
            message: `The placement the child went missing from ended on ${formatDate(placement.endDate)}. Enter the date the child came back or was found`,
          };
        }
      }
    },
  },
  {
    id: 'missing-closed-when-care-ceased',
    code: '577',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'endAt',
    description:
      'A missing period ends while the child is looked after: an open one only in a period of care still open, a closed one on or before care ended.',
    findings: function* (record) {
      if (record.carePeriods.length === 0) return;
      const periods = periodsOfCare(record.carePeriods);
      for (const episode of datedEpisodesOf(record)) {
        const start = ukDateOf(episode.startAt);
        // An end that is not a valid moment counts as none, as the DfE reads it (1005 reports it).
        const end = episode.endAt !== null && isIsoInstant(episode.endAt) ? ukDateOf(episode.endAt) : null;
        // An episode starting before the child was first looked after is the start's fault: rule 581
        // says so on the question it concerns. The DfE validator reports 577 as well (its case (b),
        // docs/ssda903-rules.md §3.4); the record is refused either way.
        if (periods.every((period) => start < period.start)) continue;
        const inCare = periods.some((period) =>
          end === null ? period.end === null && period.start <= start : period.start <= end && (period.end === null || end <= period.end),
        );
        if (inCare) continue;
        const careEnded = end === null ? null : periods.find((period) => period.start <= start && period.end !== null && period.end < end)?.end;
        yield {
          entityId: episode.id,
          message:
            end === null
              ? 'The child is no longer looked after. Enter the date this missing episode ended'
              : careEnded === undefined || careEnded === null
                ? 'Enter the date the missing episode ended. It must be a day the child was looked after'
                : `Enter the date the missing episode ended. It must be on or before ${formatDate(careEnded)}, when the child stopped being looked after`,
        };
      }
    },
  },
  {
    id: 'missing-not-after-care-ceased',
    code: '578',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'startAt',
    description: 'A missing period does not start after the child ceased to be looked after.',
    findings: function* (record) {
      for (const episode of datedEpisodesOf(record)) {
        const day = ukDateOf(episode.startAt);
        const startedBefore = record.carePeriods.some((period) => period.startDate <= day);
        if (startedBefore && carePeriodOn(record.carePeriods, day) === null) {
          yield {
            entityId: episode.id,
            message: `The child was not looked after on ${formatDate(day)}. A missing episode must start while the child is looked after`,
          };
        }
      }
    },
  },
  {
    id: 'missing-not-before-care-started',
    code: '581',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'startAt',
    description: 'A missing period does not start before the child started to be looked after.',
    findings: function* (record) {
      for (const episode of datedEpisodesOf(record)) {
        const day = ukDateOf(episode.startAt);
        if (!record.carePeriods.some((period) => period.startDate <= day)) {
          yield {
            entityId: episode.id,
            message:
              record.carePeriods.length === 0
                ? 'Add a care period before recording a missing episode: the child must be looked after'
                : `Enter the date the child went missing. It cannot be before they were first looked after, ${formatDate(firstCareStart(record.carePeriods) ?? day)}`,
          };
        }
      }
    },
  },
  {
    id: 'missing-at-18-rec-e8',
    code: '580',
    severity: 'error',
    entity: 'carePeriod',
    field: 'reasonCeased',
    description: 'A child still missing when care ends at 18 (for an estimated age, at the latest 18th birthday it allows) has REC E8.',
    findings: function* (record) {
      const born = realDateOfBirth(record);
      if (born === null) return;
      const turns18 = eighteenthBirthday(born.latest);
      for (const period of record.carePeriods) {
        const careEnded = period.endDate;
        if (careEnded === null || careEnded < turns18 || period.reasonCeased === 'E8') continue;
        const missingAtEnd = datedEpisodesOf(record).some(
          (episode) =>
            ukDateOf(episode.startAt) <= careEnded &&
            (episode.endAt === null || (isIsoInstant(episode.endAt) && ukDateOf(episode.endAt) >= careEnded)) &&
            episode.endReason === 'CEASED_LA_WHILE_MISSING',
        );
        if (missingAtEnd) {
          yield { entityId: period.id, message: 'The child was still missing when their care ended at 18. Select reason E8 (ceased for any other reason)' };
        }
      }
    },
  },
  {
    id: 'missing-not-before-birth',
    code: '586',
    severity: 'error',
    entity: 'missingEpisode',
    field: 'startAt',
    description: "Missing dates are not before the child's date of birth.",
    findings: function* (record) {
      const born = realDateOfBirth(record);
      if (born === null) return;
      yield* where(
        datedEpisodesOf(record),
        (episode) => ukDateOf(episode.startAt) < born.earliest,
        () => `Enter the date the child went missing. It cannot be before their ${earliestBirthText(record, born)}`,
      );
    },
  },
  {
    id: 'missing-start-not-future',
    code: null,
    severity: 'error',
    entity: 'missingEpisode',
    field: 'startAt',
    description: 'A child cannot be recorded as going missing in the future.',
    findings: (record, { now }) =>
      where(
        episodesOf(record),
        (episode) => instantMs(episode.startAt) > instantMs(now),
        () => 'Enter the date and time the child went missing. It must be in the past',
      ),
  },
  {
    id: 'missing-end-not-future',
    code: null,
    severity: 'error',
    entity: 'missingEpisode',
    field: 'endAt',
    description: 'A child cannot be recorded as coming back in the future.',
    findings: (record, { now }) =>
      where(
        episodesOf(record),
        (episode) => episode.endAt !== null && instantMs(episode.endAt) > instantMs(now),
        () => 'Enter the date and time the child came back. It must be in the past',
      ),
  },
  {
    id: 'missing-end-reason',
    code: null,
    severity: 'error',
    entity: 'missingEpisode',
    field: 'endReason',
    description: 'An ended episode says how it ended; an open one does not.',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) => (episode.endAt === null) !== (episode.endReason === null),
        (episode) => (episode.endAt === null ? 'Remove how the episode ended, or enter the date the child came back' : 'Select how the missing episode ended'),
      ),
  },
  {
    id: 'missing-police-report-after-start',
    code: null,
    severity: 'error',
    entity: 'missingEpisode',
    field: 'reportedToPoliceAt',
    description: 'A police report cannot precede the start of the episode.',
    findings: (record, { now }) =>
      where(
        episodesOf(record),
        (episode) =>
          episode.reportedToPoliceAt !== null &&
          (instantMs(episode.reportedToPoliceAt) < instantMs(episode.startAt) || instantMs(episode.reportedToPoliceAt) > instantMs(now)),
        (episode) =>
          `Enter when the child was reported to the police. It must be after they went missing, ${formatInstant(episode.startAt)}, and not in the future`,
      ),
  },
  {
    id: 'missing-authorities-told-after-start',
    code: null,
    severity: 'error',
    entity: 'missingEpisode',
    field: 'responsibleAuthorityToldAt',
    description: 'The responsible and host authorities are told after the child went missing.',
    findings: (record) =>
      where(
        episodesOf(record),
        (episode) =>
          [episode.responsibleAuthorityToldAt, episode.hostAuthorityToldAt].some((told) => told !== null && instantMs(told) < instantMs(episode.startAt)),
        () => 'Enter when the authorities were told. It must be after the child went missing',
      ),
  },
  {
    id: 'missing-start-in-collection-year',
    code: '570',
    severity: 'warning',
    entity: 'missingEpisode',
    field: 'startAt',
    description: 'MIS_START is not after the end of the collection year (checked against a collection year).',
    findings: function* (record, { collectionYear }) {
      if (collectionYear === undefined) return;
      const { end } = collectionYearBounds(collectionYear);
      for (const episode of datedEpisodesOf(record)) {
        if (ukDateOf(episode.startAt) > end)
          yield { entityId: episode.id, message: `The episode starts after the end of the ${collectionYear - 1} to ${collectionYear} collection year` };
      }
    },
  },
  {
    id: 'missing-end-in-collection-year',
    code: '571',
    severity: 'warning',
    entity: 'missingEpisode',
    field: 'endAt',
    description: 'MIS_END falls within the collection year (checked against a collection year).',
    findings: function* (record, { collectionYear }) {
      if (collectionYear === undefined) return;
      const { start, end } = collectionYearBounds(collectionYear);
      for (const episode of episodesOf(record)) {
        if (episode.endAt === null || !isIsoInstant(episode.endAt)) continue;
        const day = ukDateOf(episode.endAt);
        if (day < start || day > end)
          yield { entityId: episode.id, message: `The episode ends outside the ${collectionYear - 1} to ${collectionYear} collection year` };
      }
    },
  },

  // ---- Return home interviews ----
  {
    id: 'interview-after-return',
    code: null,
    severity: 'error',
    entity: 'returnInterview',
    field: 'completedAt',
    description: 'A return interview follows the child coming back: it cannot be offered or completed before the episode ends.',
    findings: function* (record) {
      for (const { episode, interview } of interviewsOf(record)) {
        if (episode.endAt === null) {
          yield { entityId: interview.id, message: 'Record that the child came back before recording a return interview' };
          continue;
        }
        const end = instantMs(episode.endAt);
        if (
          (interview.completedAt !== null && instantMs(interview.completedAt) < end) ||
          (interview.offeredAt !== null && instantMs(interview.offeredAt) < end)
        ) {
          yield {
            entityId: interview.id,
            message: `Enter the date the interview was completed. It must be after the child came back, ${formatInstant(episode.endAt)}`,
          };
        }
      }
    },
  },
  {
    id: 'interview-not-future',
    code: null,
    severity: 'error',
    entity: 'returnInterview',
    field: 'completedAt',
    description: 'A return interview cannot be offered or completed in the future.',
    findings: (record, { now }) =>
      where(
        interviewsOf(record).map(({ interview }) => interview),
        (interview) => [interview.offeredAt, interview.completedAt].some((at) => at !== null && instantMs(at) > instantMs(now)),
        () => 'Enter the date the interview was offered or completed. It must be in the past',
      ),
  },
  {
    id: 'interview-response-consistent',
    code: null,
    severity: 'error',
    entity: 'returnInterview',
    field: 'response',
    description: 'Only an accepted interview is completed; a declined one was offered; one not offered says why.',
    findings: function* (record) {
      for (const { interview } of interviewsOf(record)) {
        if (interview.completedAt !== null && interview.response !== 'ACCEPTED') {
          yield { entityId: interview.id, message: 'Select "accepted" if the interview took place, or remove the date it was completed' };
        } else if (interview.response === 'NOT_OFFERED' && (interview.notOfferedReason === null || interview.notOfferedReason.trim() === '')) {
          yield { entityId: interview.id, message: 'Enter the reason the return interview was not offered' };
        } else if (interview.response !== 'NOT_OFFERED' && interview.offeredAt === null) {
          yield { entityId: interview.id, message: 'Enter the date and time the interview was offered' };
        }
      }
    },
  },
];

export function validateRecord(record: ChildRecord, context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  for (const rule of RULES) {
    for (const finding of rule.findings(record, context)) {
      violations.push({
        rule: rule.id,
        code: rule.code,
        severity: rule.severity,
        entity: rule.entity,
        entityId: finding.entityId,
        field: rule.field,
        message: finding.message,
      });
    }
  }
  return violations;
}

const violationKey = (violation: Violation): string => `${violation.rule}|${violation.entityId}`;

/**
 * The errors a change introduces: those in the record after the change that were not there
 * before. A record that already breaks a rule (an import of old data) can still be corrected
 * one step at a time, but no write can make it worse.
 */
export function introducedErrors(before: ChildRecord | null, after: ChildRecord, context: ValidationContext): Violation[] {
  const errors = validateRecord(after, context).filter((violation) => violation.severity === 'error');
  // Most changes leave a clean record: only then is the record before worth validating.
  if (errors.length === 0 || before === null) return errors;
  const existing = new Set(
    validateRecord(before, context)
      .filter((v) => v.severity === 'error')
      .map(violationKey),
  );
  return errors.filter((violation) => !existing.has(violationKey(violation)));
}
