import type { CarePeriod, Child, ChildRecord, MissingEpisode } from './child-record.ts';
import type { EpisodeEndReason, HarmDisclosed, MissingType, PoliceRiskLevel, Sex } from './codes.ts';
import type { DateOfBirthEstimate } from './date-of-birth.ts';
import { normaliseInstant, ukDateOf } from './dates.ts';
import { fail, ok } from './result.ts';
import type { Result } from './result.ts';
import { carePeriodOn } from './validation/rules.ts';
import type { Violation } from './validation/rules.ts';

// The one place where validated input becomes the entities of a child's record: new, changed and
// closed. The services, the 903 import, the synthetic population and the test factories all build
// their entities here, so that a field left out means the same (not known: null) everywhere.

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

/** A moment as the database holds it (UTC, to the millisecond); a value that is no moment stays as given, for the rules to report. */
const instant = (value: string): string => (Number.isNaN(Date.parse(value)) ? value : normaliseInstant(value));
const instantOrNull = (value: string | null | undefined): string | null => (value === null || value === undefined ? null : instant(value));

// ---- The child

export interface ChildDetails {
  readonly laChildId: string;
  /** At least one of the two name parts. */
  readonly givenNames?: string | null | undefined;
  readonly familyName?: string | null | undefined;
  readonly sex: Sex;
  /** A date of birth, or an estimate where none is known (ADR 0007). */
  readonly dateOfBirthClaimed?: string | null | undefined;
  readonly dateOfBirthAssessed?: string | null | undefined;
  readonly dateOfBirthEstimate?: DateOfBirthEstimate | null | undefined;
  readonly nationality?: string | null | undefined;
  readonly languages?: readonly string[] | undefined;
  readonly interpreterNeeded?: boolean | undefined;
  readonly ethnicity?: string | null | undefined;
  readonly upn?: string | null | undefined;
  readonly homeOfficeReference?: string | null | undefined;
  readonly nrmReference?: string | null | undefined;
  readonly policePersonId?: string | null | undefined;
}

/** A child new to the record of the authority responsible for them. */
export function newChild(id: string, responsibleAuthorityCode: string, details: ChildDetails): Child {
  return {
    id,
    responsibleAuthorityCode,
    laChildId: details.laChildId,
    givenNames: orNull(details.givenNames),
    familyName: orNull(details.familyName),
    sex: details.sex,
    dateOfBirthClaimed: orNull(details.dateOfBirthClaimed),
    dateOfBirthAssessed: orNull(details.dateOfBirthAssessed),
    dateOfBirthEstimate: orNull(details.dateOfBirthEstimate),
    nationality: orNull(details.nationality),
    languages: details.languages ?? [],
    interpreterNeeded: details.interpreterNeeded ?? false,
    ethnicity: orNull(details.ethnicity),
    upn: orNull(details.upn),
    homeOfficeReference: orNull(details.homeOfficeReference),
    nrmReference: orNull(details.nrmReference),
    policePersonId: orNull(details.policePersonId),
    version: 1,
  };
}

/** A child's record with the parts given, and every other part empty. */
export function newChildRecord(child: Child, parts: Partial<Omit<ChildRecord, 'child'>> = {}): ChildRecord {
  return {
    child,
    aliases: [],
    ageStatuses: [],
    ageAssessments: [],
    carePeriods: [],
    uascPeriods: [],
    nationalTransfers: [],
    traffickingConcerns: [],
    missingEpisodes: [],
    ...parts,
  };
}

// ---- Care periods

export interface CarePeriodDetails {
  readonly startDate: string;
  readonly endDate?: string | null | undefined;
  readonly legalStatus: string;
  readonly placementType: string;
  readonly reasonNewEpisode?: string | null | undefined;
  readonly reasonCeased?: string | null | undefined;
  /** Defaults to the responsible authority: placed in area. */
  readonly hostAuthorityCode?: string | undefined;
}

/**
 * A new period of care of a child. The authority responsible for it is the child's unless a file
 * says otherwise (the 903 import's placement table): never from the details, which people give.
 * The host is the responsible authority unless given.
 */
export function newCarePeriod(
  id: string,
  child: Pick<Child, 'id' | 'responsibleAuthorityCode'>,
  details: CarePeriodDetails,
  responsibleAuthorityCode: string = child.responsibleAuthorityCode,
): CarePeriod {
  return {
    id,
    childId: child.id,
    startDate: details.startDate,
    endDate: orNull(details.endDate),
    legalStatus: details.legalStatus,
    placementType: details.placementType,
    reasonNewEpisode: orNull(details.reasonNewEpisode),
    reasonCeased: orNull(details.reasonCeased),
    responsibleAuthorityCode,
    hostAuthorityCode: details.hostAuthorityCode ?? responsibleAuthorityCode,
    version: 1,
  };
}

// ---- Missing episodes

interface EpisodeDetails {
  readonly type: MissingType;
  readonly startAt: string;
  readonly lastSeenLocation?: string | null | undefined;
  readonly lastSeenWith?: string | null | undefined;
  readonly reportedToPoliceAt?: string | null | undefined;
  readonly policeForce?: string | null | undefined;
  readonly policeReference?: string | null | undefined;
  readonly policeRiskLevel?: PoliceRiskLevel | null | undefined;
  readonly responsibleAuthorityToldAt?: string | null | undefined;
  readonly hostAuthorityToldAt?: string | null | undefined;
}

export interface EpisodeEnding {
  readonly endAt: string;
  readonly endReason: EpisodeEndReason;
  readonly harmDisclosed?: HarmDisclosed | null | undefined;
  readonly exploitationDisclosed?: boolean | null | undefined;
}

/** An episode as reported: still open, or already over when it is recorded afterwards. */
export type NewEpisode = EpisodeDetails & Partial<{ [K in keyof EpisodeEnding]: EpisodeEnding[K] | null }>;

/** Fields present (even if null) replace the episode's; absent ones keep it. */
export type EpisodeChanges = Partial<EpisodeDetails> & Partial<{ [K in keyof EpisodeEnding]: EpisodeEnding[K] | null }>;

export interface EpisodeAuthorities {
  readonly responsibleAuthorityCode: string;
  readonly hostAuthorityCode: string;
}

/** The authorities of an episode starting at a moment: those of the placement the child went missing from, else the child's own. */
export function episodeAuthorities(record: Pick<ChildRecord, 'child' | 'carePeriods'>, startAt: string): EpisodeAuthorities {
  const placement = carePeriodOn(record.carePeriods, ukDateOf(instant(startAt)));
  return {
    responsibleAuthorityCode: placement?.responsibleAuthorityCode ?? record.child.responsibleAuthorityCode,
    hostAuthorityCode: placement?.hostAuthorityCode ?? record.child.responsibleAuthorityCode,
  };
}

/** A new missing episode of a child, with no return home interview yet. Moments are held in UTC. */
export function newMissingEpisode(id: string, childId: string, authorities: EpisodeAuthorities, input: NewEpisode): MissingEpisode {
  return {
    id,
    childId,
    type: input.type,
    startAt: instant(input.startAt),
    endAt: instantOrNull(input.endAt),
    responsibleAuthorityCode: authorities.responsibleAuthorityCode,
    hostAuthorityCode: authorities.hostAuthorityCode,
    lastSeenLocation: orNull(input.lastSeenLocation),
    lastSeenWith: orNull(input.lastSeenWith),
    reportedToPoliceAt: instantOrNull(input.reportedToPoliceAt),
    policeForce: orNull(input.policeForce),
    policeReference: orNull(input.policeReference),
    policeRiskLevel: orNull(input.policeRiskLevel),
    responsibleAuthorityToldAt: instantOrNull(input.responsibleAuthorityToldAt),
    hostAuthorityToldAt: instantOrNull(input.hostAuthorityToldAt),
    endReason: orNull(input.endReason),
    harmDisclosed: orNull(input.harmDisclosed),
    exploitationDisclosed: orNull(input.exploitationDisclosed),
    version: 1,
    returnInterview: null,
  };
}

const pick = <T>(change: T | undefined, current: T): T => (change === undefined ? current : change);
const pickInstant = (change: string | null | undefined, current: string | null): string | null => (change === undefined ? current : instantOrNull(change));

/** The episode with the changes made: the next version. */
export function changedMissingEpisode(current: MissingEpisode, changes: EpisodeChanges): MissingEpisode {
  return {
    ...current,
    type: changes.type ?? current.type,
    startAt: changes.startAt === undefined ? current.startAt : instant(changes.startAt),
    endAt: pickInstant(changes.endAt, current.endAt),
    endReason: pick(changes.endReason, current.endReason),
    lastSeenLocation: pick(changes.lastSeenLocation, current.lastSeenLocation),
    lastSeenWith: pick(changes.lastSeenWith, current.lastSeenWith),
    reportedToPoliceAt: pickInstant(changes.reportedToPoliceAt, current.reportedToPoliceAt),
    policeForce: pick(changes.policeForce, current.policeForce),
    policeReference: pick(changes.policeReference, current.policeReference),
    policeRiskLevel: pick(changes.policeRiskLevel, current.policeRiskLevel),
    responsibleAuthorityToldAt: pickInstant(changes.responsibleAuthorityToldAt, current.responsibleAuthorityToldAt),
    hostAuthorityToldAt: pickInstant(changes.hostAuthorityToldAt, current.hostAuthorityToldAt),
    harmDisclosed: pick(changes.harmDisclosed, current.harmDisclosed),
    exploitationDisclosed: pick(changes.exploitationDisclosed, current.exploitationDisclosed),
    version: current.version + 1,
  };
}

/**
 * The episode closed: the child came back or was found. What they disclosed is kept unless the
 * ending says otherwise. An episode already closed is changed, not closed again.
 */
export function closedMissingEpisode(current: MissingEpisode, ending: EpisodeEnding): Result<MissingEpisode, Violation> {
  if (current.endAt !== null) {
    return fail({
      rule: 'missing-already-closed',
      code: null,
      severity: 'error',
      entity: 'missingEpisode',
      entityId: current.id,
      field: 'endAt',
      message: 'This episode has already ended. Update the episode to change when the child came back',
    });
  }
  return ok({
    ...current,
    endAt: instant(ending.endAt),
    endReason: ending.endReason,
    harmDisclosed: ending.harmDisclosed ?? current.harmDisclosed,
    exploitationDisclosed: ending.exploitationDisclosed ?? current.exploitationDisclosed,
    version: current.version + 1,
  });
}
