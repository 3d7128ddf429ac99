import type { MissingEpisode } from './child-record.ts';
import { addHours, hoursBetween, instantMs, isIsoInstant, normaliseInstant } from './dates.ts';
import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// The Philomena Protocol (domain.md 6.1): a grab pack kept for a looked-after child at risk of going
// missing, so that police have what they need at once when the child is reported missing.

/** Part 1, kept up to date by the social worker or carer while the child is placed. */
export interface PartOne {
  readonly physicalDescription: string;
  readonly vulnerabilities: string | null;
  readonly medicalNeeds: string | null;
  readonly associates: string | null;
  readonly locationsFrequented: string | null;
  readonly phoneNumbers: string | null;
  readonly socialMedia: string | null;
  readonly transport: string | null;
}

export const PART_ONE_FIELDS = [
  'physicalDescription',
  'vulnerabilities',
  'medicalNeeds',
  'associates',
  'locationsFrequented',
  'phoneNumbers',
  'socialMedia',
  'transport',
] as const satisfies readonly (keyof PartOne)[];

/** The questions, as the pages and the grab pack ask and show them. */
export const PART_ONE_LABELS: Readonly<Record<keyof PartOne, string>> = {
  physicalDescription: 'Physical description',
  vulnerabilities: 'Vulnerabilities',
  medicalNeeds: 'Medical needs',
  associates: 'Friends and associates',
  locationsFrequented: 'Locations frequented',
  phoneNumbers: 'Phone numbers',
  socialMedia: 'Social media',
  transport: 'Transport and money',
};

export interface Profile extends PartOne {
  readonly childId: string;
  readonly reviewedAt: string;
  readonly reviewedBy: string;
  readonly version: number;
}

/** Part 2, completed when the child is reported missing: one for each missing episode. */
export interface PartTwo {
  readonly clothing: string;
  readonly lastSeenWhere: string;
  readonly lastSeenAt: string;
  readonly lastSeenWith: string | null;
  readonly otherInformation: string | null;
}

export const PART_TWO_LABELS: Readonly<Record<keyof PartTwo, string>> = {
  clothing: 'Clothing worn',
  lastSeenWhere: 'Where last seen',
  lastSeenAt: 'When last seen',
  lastSeenWith: 'Who they were last seen with',
  otherInformation: 'Anything else police should know',
};

export interface EpisodePartTwo extends PartTwo {
  readonly episodeId: string;
  readonly childId: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly version: number;
}

/** A field's problem, in words to show a person: what is wrong and what to do. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The longest answer a question takes: enough for a careful description, not a case file. */
export const MAX_ANSWER_LENGTH = 2000;

/** A profile not reviewed for this many days is listed on My work. */
export const REVIEW_AFTER_DAYS = 90;

type Answers<T> = { readonly [K in keyof T]?: string | null | undefined };

function answer(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function tooLong(fields: Readonly<Record<string, string | null>>, labels: Readonly<Record<string, string>>): FieldProblem[] {
  return Object.entries(fields)
    .filter(([, value]) => value !== null && value.length > MAX_ANSWER_LENGTH)
    .map(([field]) => ({ field, message: `${labels[field] ?? field} must be ${MAX_ANSWER_LENGTH.toLocaleString('en-GB')} characters or fewer` }));
}

/** Part 1's answers checked and tidied: a physical description is needed; the rest may be left blank. */
export function checkPartOne(input: Answers<PartOne>): Result<PartOne, readonly FieldProblem[]> {
  const part = Object.fromEntries(PART_ONE_FIELDS.map((field) => [field, answer(input[field])])) as Record<keyof PartOne, string | null>;
  const problems = [
    ...(part.physicalDescription === null
      ? [{ field: 'physicalDescription', message: 'Enter a physical description: height, build, hair, eyes, marks and anything that stands out' }]
      : []),
    ...tooLong(part, PART_ONE_LABELS),
  ];
  return problems.length > 0 ? fail(problems) : ok({ ...part, physicalDescription: part.physicalDescription ?? '' });
}

/** Part 2's answers checked against the episode: last seen no later than now, and not after the child came back. */
export function checkPartTwo(
  input: Answers<PartTwo>,
  episode: Pick<MissingEpisode, 'startAt' | 'endAt'>,
  now: string,
): Result<PartTwo, readonly FieldProblem[]> {
  const clothing = answer(input.clothing);
  const lastSeenWhere = answer(input.lastSeenWhere);
  const lastSeenAt = answer(input.lastSeenAt);
  const lastSeenWith = answer(input.lastSeenWith);
  const otherInformation = answer(input.otherInformation);
  const problems: FieldProblem[] = [];
  if (clothing === null) problems.push({ field: 'clothing', message: 'Enter the clothing the child was last seen wearing, or "not known"' });
  if (lastSeenWhere === null) problems.push({ field: 'lastSeenWhere', message: 'Enter where the child was last seen' });
  if (lastSeenAt === null) problems.push({ field: 'lastSeenAt', message: 'Enter when the child was last seen' });
  else if (!isIsoInstant(lastSeenAt)) problems.push({ field: 'lastSeenAt', message: 'When last seen must be a real date and time' });
  else if (instantMs(lastSeenAt) > instantMs(now)) problems.push({ field: 'lastSeenAt', message: 'When last seen must be now or in the past' });
  else if (episode.endAt !== null && instantMs(lastSeenAt) > instantMs(episode.endAt))
    problems.push({ field: 'lastSeenAt', message: 'When last seen must be before the child came back' });
  problems.push(...tooLong({ clothing, lastSeenWhere, lastSeenWith, otherInformation }, PART_TWO_LABELS));
  if (problems.length > 0 || clothing === null || lastSeenWhere === null || lastSeenAt === null) return fail(problems);
  return ok({ clothing, lastSeenWhere, lastSeenAt: normaliseInstant(lastSeenAt), lastSeenWith, otherInformation });
}

/** Whether a profile is due for review: not reviewed for REVIEW_AFTER_DAYS days. */
export function reviewDue(reviewedAt: string, now: string): boolean {
  return hoursBetween(reviewedAt, now) >= REVIEW_AFTER_DAYS * 24;
}

/** The moment before which a profile's review makes it due, for a query. */
export function reviewDueBefore(now: string): string {
  return addHours(now, -REVIEW_AFTER_DAYS * 24);
}

export interface MissingHistory {
  readonly episodes: number;
  /** Episodes that began in the 12 months to now. */
  readonly inLastYear: number;
  /** The longest time missing, in hours, of the episodes that have ended; null for none. */
  readonly longestHours: number | null;
  /** Newest first: when, how long, where last seen. */
  readonly items: readonly {
    readonly episodeId: string;
    readonly startAt: string;
    readonly endAt: string | null;
    readonly hours: number | null;
    readonly lastSeenLocation: string | null;
  }[];
}

/** Previous missing history, drawn from the record's episodes. */
export function missingHistory(episodes: readonly Pick<MissingEpisode, 'id' | 'startAt' | 'endAt' | 'lastSeenLocation'>[], now: string): MissingHistory {
  const yearAgo = instantMs(addHours(now, -365 * 24));
  const items = [...episodes]
    .sort((a, b) => instantMs(b.startAt) - instantMs(a.startAt))
    .map((episode) => ({
      episodeId: episode.id,
      startAt: episode.startAt,
      endAt: episode.endAt,
      hours: episode.endAt === null ? null : Math.round(hoursBetween(episode.startAt, episode.endAt)),
      lastSeenLocation: episode.lastSeenLocation,
    }));
  const ended = items.flatMap((item) => (item.hours === null ? [] : [item.hours]));
  return {
    episodes: items.length,
    inLastYear: items.filter((item) => instantMs(item.startAt) >= yearAgo).length,
    longestHours: ended.length === 0 ? null : Math.max(...ended),
    items,
  };
}
