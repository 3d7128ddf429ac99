import { addDays, addYears, isIsoDate } from './dates.ts';
import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// Child-specific training (issue 15, items 4 and 5; domain brief §8.1 item 14): a catalogue of
// courses by topic, completions that stay current for the course's validity, what is due, and the
// gates an authority may put on an action (an NRM referral needs current NRM first-responder
// training). Pure: the service passes today's date in.

export const TRAINING_TOPICS = ['TRAFFICKING', 'UASC', 'MISSING', 'NRM_FIRST_RESPONDER', 'AGE_ASSESSMENT', 'RHI'] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];
export const TRAINING_TOPIC_LABELS: Readonly<Record<TrainingTopic, string>> = {
  TRAFFICKING: 'Child trafficking',
  UASC: 'Unaccompanied asylum-seeking children',
  MISSING: 'Children who go missing',
  NRM_FIRST_RESPONDER: 'NRM first responder',
  AGE_ASSESSMENT: 'Age assessment',
  RHI: 'Return home interviews',
};

export interface Course {
  readonly code: string;
  readonly title: string;
  readonly topic: TrainingTopic;
  readonly provider: string;
  readonly lengthHours: number;
  /** How long a completion stays current, in months; null for one that does not lapse. */
  readonly validityMonths: number | null;
}

export interface Completion {
  readonly courseCode: string;
  readonly personId: string;
  readonly completedOn: string;
}

/** Who recorded a completion: the person, their manager (or administrator), or an import. */
export type CompletionSource = 'SELF' | 'MANAGER' | 'IMPORT';

/** A completion as it is stored. */
export interface RecordedCompletion extends Completion {
  readonly id: string;
  /** The person's organisation, whose compliance it counts in. */
  readonly organisationCode: string;
  readonly source: CompletionSource;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** The day a completion stops being current, or null if it never does. */
export function expiresOn(course: Pick<Course, 'validityMonths'>, completedOn: string): string | null {
  if (course.validityMonths === null) return null;
  const years = Math.floor(course.validityMonths / 12);
  const months = course.validityMonths % 12;
  // Whole years by the calendar (29 February rolls to 1 March, as addYears does); other months as 30 days each.
  return addDays(addYears(completedOn, years), months * 30);
}

/** How much before expiry a completion counts as "due" again. */
const DUE_WITHIN_DAYS = 60;

export type TrainingState = 'CURRENT' | 'DUE' | 'EXPIRED' | 'NOT_DONE';

/** A person's state on a topic on a day: from their latest completion of any course on it. */
export function topicState(
  courses: readonly Course[],
  completions: readonly Completion[],
  topic: TrainingTopic,
  today: string,
): { state: TrainingState; until: string | null } {
  let best: { until: string | null } | null = null;
  for (const completion of completions) {
    const course = courses.find((candidate) => candidate.code === completion.courseCode);
    if (course?.topic !== topic || completion.completedOn > today) continue;
    const until = expiresOn(course, completion.completedOn);
    if (best === null || until === null || (best.until !== null && until > best.until)) best = { until };
  }
  if (best === null) return { state: 'NOT_DONE', until: null };
  if (best.until === null) return { state: 'CURRENT', until: null };
  if (best.until <= today) return { state: 'EXPIRED', until: best.until };
  return { state: best.until <= addDays(today, DUE_WITHIN_DAYS) ? 'DUE' : 'CURRENT', until: best.until };
}

export interface TopicSummary {
  readonly topic: TrainingTopic;
  readonly label: string;
  readonly state: TrainingState;
  readonly until: string | null;
}

/** A person's state on every topic, in the catalogue's order of topics. */
export function trainingSummary(courses: readonly Course[], completions: readonly Completion[], today: string): TopicSummary[] {
  return TRAINING_TOPICS.map((topic) => ({ topic, label: TRAINING_TOPIC_LABELS[topic], ...topicState(courses, completions, topic, today) }));
}

type StateCounts = Readonly<Record<TrainingState, number>>;

export interface TopicCompliance {
  readonly topic: TrainingTopic;
  readonly label: string;
  readonly counts: StateCounts;
  /** People current (or due, not yet lapsed) on the topic, of everyone counted. */
  readonly trained: number;
  readonly people: number;
}

/**
 * How many of a group of people are current, due, out of date or have not done each topic: an
 * organisation's compliance, or one authority's row of the national league table.
 */
export function compliance(courses: readonly Course[], personIds: readonly string[], completions: readonly Completion[], today: string): TopicCompliance[] {
  const byPerson = new Map<string, Completion[]>(personIds.map((id) => [id, []]));
  for (const completion of completions) byPerson.get(completion.personId)?.push(completion);
  return TRAINING_TOPICS.map((topic) => {
    const counts: Record<TrainingState, number> = { CURRENT: 0, DUE: 0, EXPIRED: 0, NOT_DONE: 0 };
    for (const done of byPerson.values()) counts[topicState(courses, done, topic, today).state] += 1;
    return { topic, label: TRAINING_TOPIC_LABELS[topic], counts, trained: counts.CURRENT + counts.DUE, people: byPerson.size };
  });
}

/** A completion someone records on a page or through the API: the course must be in the catalogue, the day not in the future. */
export function checkCompletion(
  courses: readonly Course[],
  input: { readonly courseCode: string; readonly completedOn: string },
  today: string,
): Result<Course, { readonly field: 'courseCode' | 'completedOn'; readonly message: string }> {
  const course = courses.find((candidate) => candidate.code === input.courseCode);
  if (course === undefined) return fail({ field: 'courseCode', message: 'Select a course from the catalogue' });
  if (!isIsoDate(input.completedOn)) return fail({ field: 'completedOn', message: 'Enter the date the course was completed as a real date' });
  if (input.completedOn > today) return fail({ field: 'completedOn', message: 'The date the course was completed must be today or in the past' });
  return ok(course);
}

/** The actions an authority may gate on current training. */
export const GATED_ACTIONS = ['NRM_REFERRAL', 'RETURN_HOME_INTERVIEW'] as const;
export type GatedAction = (typeof GATED_ACTIONS)[number];

/** The gates, as one table: the training each action needs, and whether it is on unless the organisation says otherwise. */
export const GATES: Readonly<Record<GatedAction, { readonly topic: TrainingTopic; readonly label: string; readonly onByDefault: boolean }>> = {
  NRM_REFERRAL: { topic: 'NRM_FIRST_RESPONDER', label: 'Make an NRM referral', onByDefault: false },
  RETURN_HOME_INTERVIEW: { topic: 'RHI', label: 'Record a return home interview', onByDefault: false },
};

/** The rule a gate's refusal is reported under, so that a page can offer to ask a team manager. */
export const TRAINING_GATE_RULE = 'training-gate';

/** A gated action as the end of "To …" or "You may …": "make an NRM referral". */
export const actionPhrase = (action: GatedAction): string => GATES[action].label.charAt(0).toLowerCase() + GATES[action].label.slice(1);

export type GateDecision =
  | { readonly allowed: true; readonly by: 'NOT_GATED' | 'TRAINED' | 'ALLOWANCE' }
  | { readonly allowed: false; readonly topic: TrainingTopic; readonly state: TrainingState };

/**
 * Whether a person may take a gated action: the gate is off, their training on its topic is current
 * (or due, not yet lapsed), or their team manager allowed it once and that allowance is unused.
 */
export function checkGate(action: GatedAction, gateOn: boolean, state: TrainingState, hasUnusedAllowance: boolean): GateDecision {
  if (!gateOn) return { allowed: true, by: 'NOT_GATED' };
  if (state === 'CURRENT' || state === 'DUE') return { allowed: true, by: 'TRAINED' };
  if (hasUnusedAllowance) return { allowed: true, by: 'ALLOWANCE' };
  return { allowed: false, topic: GATES[action].topic, state };
}

/** Whether a gate is on for an organisation: its own setting, or the gate's default. */
export const gateOn = (action: GatedAction, settings: Readonly<Partial<Record<GatedAction, boolean>>>): boolean =>
  settings[action] ?? GATES[action].onByDefault;

/** A team manager's permission for one person to take a gated action once without the training. */
export interface TrainingAllowance {
  readonly id: string;
  readonly organisationCode: string;
  readonly personId: string;
  readonly action: GatedAction;
  readonly reason: string;
  readonly allowedBy: string;
  readonly allowedAt: string;
  readonly usedAt: string | null;
}

export const ALLOWANCE_REASON_MAX = 1000;

/**
 * What someone refused by a gate is told: the training the action needs, the courses that give it,
 * where to record it, and that their team manager may allow it once.
 */
export function gateRefusalMessage(action: GatedAction, state: TrainingState, courses: readonly Course[]): string {
  const gate = GATES[action];
  const titles = courses.filter((course) => course.topic === gate.topic).map((course) => `“${course.title}” (${course.provider})`);
  const lapsed = state === 'EXPIRED' ? 'Your training on it is out of date. ' : '';
  return (
    `To ${actionPhrase(action)} you need current ${TRAINING_TOPIC_LABELS[gate.topic]} training. ${lapsed}` +
    `Complete ${titles.length === 0 ? 'a course on it' : titles.join(' or ')} and record it on your Training page, ` +
    'where you can also ask your team manager to allow you this once'
  );
}

/** One row of a training import (docs/data-exchange.md, "Training completions"). */
export interface ImportedCompletion {
  readonly email: string;
  readonly courseCode: string;
  readonly completedOn: string;
}

export const TRAINING_IMPORT_COLUMNS = ['email', 'course_code', 'completed_on'] as const;

/** Checks one row of the CSV; errors name the row (counting the header as row 1) and the column. */
export function readImportRow(
  row: Readonly<Record<string, string | undefined>>,
  rowNumber: number,
  courseCodes: ReadonlySet<string>,
  today: string,
): Result<ImportedCompletion, string[]> {
  const errors: string[] = [];
  const email = (row['email'] ?? '').trim().toLowerCase();
  const courseCode = (row['course_code'] ?? '').trim();
  const completedOn = (row['completed_on'] ?? '').trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.push(`Row ${rowNumber}, email: enter the person’s email address, as they sign in to Lantern`);
  if (!courseCodes.has(courseCode)) errors.push(`Row ${rowNumber}, course_code: "${courseCode}" is not a course in the catalogue`);
  if (!isIsoDate(completedOn)) errors.push(`Row ${rowNumber}, completed_on: enter the date as YYYY-MM-DD, for example 2025-03-27`);
  else if (completedOn > today) errors.push(`Row ${rowNumber}, completed_on: the date must be today or in the past`);
  return errors.length === 0 ? ok({ email, courseCode, completedOn }) : fail(errors);
}
