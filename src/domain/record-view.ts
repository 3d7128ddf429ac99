import { agesOn, dateOfBirthInterval, isDateOfBirthEstimated } from './date-of-birth.ts';
import type { CarePeriod, ChildRecord, MissingEpisode, TraffickingConcern } from './child-record.ts';
import type { AgeStatus, TraffickingStatus } from './codes.ts';
import { ukDateOf } from './dates.ts';
import { returnInterviewDueBy, returnInterviewState } from './return-interview.ts';
import type { ReturnInterviewState } from './return-interview.ts';
import { asAt, traffickingStatusAsAt } from './trafficking.ts';
import { carePeriodOn } from './validation/rules.ts';

// What a reader of the record sees beside what was entered: everything here is derived,
// never stored, so it cannot disagree with the record.

export interface CarePeriodView extends CarePeriod {
  readonly outOfArea: boolean;
}

export interface MissingEpisodeView extends MissingEpisode {
  readonly isOpen: boolean;
  readonly returnInterviewDueBy: string | null;
  readonly returnInterviewState: ReturnInterviewState;
}

export interface TraffickingConcernView extends TraffickingConcern {
  readonly currentStatus: TraffickingStatus | null;
}

export interface ChildRecordView extends Omit<ChildRecord, 'carePeriods' | 'missingEpisodes' | 'traffickingConcerns'> {
  readonly carePeriods: readonly CarePeriodView[];
  readonly missingEpisodes: readonly MissingEpisodeView[];
  readonly traffickingConcerns: readonly TraffickingConcernView[];
  readonly summary: {
    /** Age in whole years from the date of birth that counts; for an estimated age, the youngest it allows (date-of-birth.ts). */
    readonly ageToday: number | null;
    /** Only where the date of birth is estimated: the youngest and oldest ages today the estimate allows. */
    readonly estimatedAgeToday: { readonly youngest: number; readonly oldest: number } | null;
    readonly ageStatus: AgeStatus | null;
    readonly isLookedAfter: boolean;
    readonly currentPlacement: CarePeriodView | null;
    readonly isUasc: boolean;
    readonly traffickingStatus: TraffickingStatus | null;
    readonly isMissing: boolean;
  };
}

export const isOutOfArea = (period: Pick<CarePeriod, 'responsibleAuthorityCode' | 'hostAuthorityCode'>): boolean =>
  period.responsibleAuthorityCode !== period.hostAuthorityCode;

export function viewEpisode(episode: MissingEpisode, now: string): MissingEpisodeView {
  return {
    ...episode,
    isOpen: episode.endAt === null,
    returnInterviewDueBy: returnInterviewDueBy(episode),
    returnInterviewState: returnInterviewState(episode, episode.returnInterview, now),
  };
}

/** The most serious trafficking status across a child's concerns on a day. */
export function traffickingStatusOf(concerns: readonly TraffickingConcern[], day: string): TraffickingStatus | null {
  const rank: Record<TraffickingStatus, number> = { CONFIRMED: 4, IDENTIFIED: 3, SUSPECTED: 2, NOT_TRAFFICKED: 1 };
  let worst: TraffickingStatus | null = null;
  for (const concern of concerns) {
    const status = traffickingStatusAsAt(concern, day);
    if (status !== null && (worst === null || rank[status] > rank[worst])) worst = status;
  }
  return worst;
}

export function viewRecord(record: ChildRecord, now: string): ChildRecordView {
  const today = ukDateOf(now);
  const carePeriods = record.carePeriods.map((period) => ({ ...period, outOfArea: isOutOfArea(period) }));
  const current = carePeriodOn(carePeriods, today);
  const currentPlacement = current === null ? null : (carePeriods.find((period) => period.id === current.id) ?? null);
  const born = dateOfBirthInterval(record.child);
  const ages = born === null ? null : agesOn(born, today);
  return {
    ...record,
    carePeriods,
    missingEpisodes: record.missingEpisodes.map((episode) => viewEpisode(episode, now)),
    traffickingConcerns: record.traffickingConcerns.map((concern) => ({ ...concern, currentStatus: traffickingStatusAsAt(concern, today) })),
    summary: {
      ageToday: ages?.youngest ?? null,
      estimatedAgeToday: ages !== null && isDateOfBirthEstimated(record.child) ? ages : null,
      ageStatus: asAt(record.ageStatuses, today)?.status ?? null,
      isLookedAfter: record.carePeriods.some((period) => period.endDate === null),
      currentPlacement,
      isUasc: record.uascPeriods.some((period) => period.startDate <= today && (period.ceasedDate === null || period.ceasedDate > today)),
      traffickingStatus: traffickingStatusOf(record.traffickingConcerns, today),
      isMissing: record.missingEpisodes.some((episode) => episode.endAt === null),
    },
  };
}

/** Puts an entity into a list, replacing the one with the same id. */
export function upsertById<T extends { readonly id: string }>(items: readonly T[], item: T): T[] {
  return items.some((existing) => existing.id === item.id) ? items.map((existing) => (existing.id === item.id ? item : existing)) : [...items, item];
}
