import { formatDate, formatInstant } from '../../domain/dates.ts';
import { GATED_ACTIONS, GATES, TRAINING_TOPIC_LABELS, TRAINING_TOPICS } from '../../domain/training.ts';
import type { Course, TopicCompliance, TrainingState } from '../../domain/training.ts';
import type { TrainingRequest } from '../../domain/training-request.ts';
import { paths } from '../../paths.ts';
import type { GatesAndAllowances, LeagueTableRow, MyTraining, OrganisationTraining, RecordingOptions, RequestItem } from '../../services/training-service.ts';
import type { FormBody } from '../forms.ts';
import { escapeHtml, htmlRow, linkHtml, row, selectItems, tagHtml } from '../view-models.ts';
import type { SummaryRow } from '../view-models.ts';
import type { RecordAnswers } from './form-schemas.ts';

// What the training pages show: your own training, recording a course, an organisation's compliance
// and the national table by authority.

const STATE_TAGS: Readonly<Record<TrainingState, { readonly text: string; readonly colour: string }>> = {
  CURRENT: { text: 'Current', colour: 'green' },
  DUE: { text: 'Due for renewal', colour: 'yellow' },
  EXPIRED: { text: 'Out of date', colour: 'red' },
  NOT_DONE: { text: 'Not done', colour: 'grey' },
};

const stateTag = (state: TrainingState): string => tagHtml(STATE_TAGS[state].text, STATE_TAGS[state].colour);

const SOURCE_TEXT = { SELF: 'You', MANAGER: 'Your manager', IMPORT: 'Imported' } as const;

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

const validityText = (course: Pick<Course, 'validityMonths'>): string =>
  course.validityMonths === null
    ? 'Does not lapse'
    : course.validityMonths % 12 === 0
      ? plural(course.validityMonths / 12, 'year')
      : plural(course.validityMonths, 'month');

/** The catalogue in the topics' order, as the table by topic lists them. */
function catalogueRows(courses: readonly Course[]) {
  const order = (course: Course) => TRAINING_TOPICS.indexOf(course.topic);
  return [...courses]
    .sort((a, b) => order(a) - order(b))
    .map((course) => [
      { text: course.title },
      { text: TRAINING_TOPIC_LABELS[course.topic] },
      { text: course.provider },
      { text: plural(course.lengthHours, 'hour') },
      { text: validityText(course) },
    ]);
}

const ANSWER_TAGS = {
  WAITING: { text: 'Waiting for an answer', colour: 'blue' },
  ALLOWED: { text: 'Allowed once', colour: 'green' },
  DECLINED: { text: 'Declined', colour: 'red' },
} as const;

const answerTag = (request: TrainingRequest): string => {
  const tag = ANSWER_TAGS[request.outcome ?? 'WAITING'];
  return tagHtml(tag.text, tag.colour);
};

/** The Your training page. */
export function myTrainingViewModel(mine: MyTraining) {
  const due = mine.topics.filter((topic) => topic.state !== 'CURRENT');
  return {
    due: due.length,
    topicHead: ['Topic', 'State', 'Current until'].map((text) => ({ text })),
    topicRows: mine.topics.map((topic) => [
      { text: topic.label },
      { html: stateTag(topic.state) },
      { text: topic.until === null ? (topic.state === 'NOT_DONE' ? '' : 'Does not lapse') : formatDate(topic.until) },
    ]),
    completionHead: ['Course', 'Completed', 'Current until', 'Recorded by'].map((text) => ({ text })),
    completionRows: mine.completions.map((completion) => [
      { text: completion.course.title },
      { text: formatDate(completion.completedOn) },
      { text: completion.until === null ? 'Does not lapse' : formatDate(completion.until) },
      { text: SOURCE_TEXT[completion.source] },
    ]),
    catalogueHead: ['Course', 'Topic', 'Provider', 'Length', 'Stays current for'].map((text) => ({ text })),
    catalogueRows: catalogueRows(mine.courses),
    requestHead: ['Asked to', 'Asked', 'Answer', 'Your team manager’s reason'].map((text) => ({ text })),
    requestRows: mine.requests.map((request) => [
      { text: GATES[request.action].label },
      { text: formatInstant(request.requestedAt) },
      { html: answerTag(request) },
      { text: request.decisionReason ?? '' },
    ]),
    canRecordForOthers: mine.canRecordForOthers,
    canSeeOrganisation: mine.canSeeOrganisation,
    canSeeNational: mine.canSeeNational,
  };
}

const courseChoices = (courses: readonly Course[]) =>
  courses.map((course) => ({ value: course.code, text: `${course.title} (${TRAINING_TOPIC_LABELS[course.topic]})` }));

/** The question page of recording a completed course. */
export function recordFormView(options: RecordingOptions, values: FormBody, actorId: string) {
  const selected = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  return {
    forOthers: options.forOthers,
    personItems: selectItems(
      options.people.map((person) => ({ value: person.id, text: person.id === actorId ? `${person.displayName} (you)` : person.displayName })),
      selected('personId') ?? actorId,
      'Select the person',
    ),
    courseItems: selectItems(courseChoices(options.courses), selected('courseCode'), 'Select the course'),
  };
}

export function recordAnswerRows(options: RecordingOptions, answers: RecordAnswers, actorId: string): SummaryRow[] {
  const course = options.courses.find((candidate) => candidate.code === answers.courseCode);
  const person = options.people.find((candidate) => candidate.id === (answers.personId ?? actorId));
  return [
    ...(options.forOthers ? [row('Who completed the course', person?.displayName ?? 'You')] : []),
    row('Course', course?.title ?? answers.courseCode),
    row('Date completed', formatDate(answers.completedOn)),
    ...(course === undefined ? [] : [row('Stays current for', validityText(course))]),
  ];
}

const complianceRows = (topics: readonly TopicCompliance[]) =>
  topics.map((topic) => [
    { text: topic.label },
    { text: String(topic.counts.CURRENT), format: 'numeric' },
    { text: String(topic.counts.DUE), format: 'numeric' },
    { text: String(topic.counts.EXPIRED), format: 'numeric' },
    { text: String(topic.counts.NOT_DONE), format: 'numeric' },
    { text: percent(topic.trained, topic.people), format: 'numeric' },
  ]);

const percent = (part: number, whole: number): string => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`);

/** Your organisation's training: compliance by topic, then each person's state on each topic. */
export function organisationViewModel(organisation: OrganisationTraining) {
  return {
    people: organisation.people.length,
    complianceHead: ['Topic', 'Current', 'Due for renewal', 'Out of date', 'Not done', 'Trained'].map((text, i) => ({
      text,
      ...(i > 0 ? { format: 'numeric' } : {}),
    })),
    complianceRows: complianceRows(organisation.topics),
    teamHead: [
      { text: 'Team' },
      { text: 'People', format: 'numeric' },
      ...TRAINING_TOPICS.map((topic) => ({ text: TRAINING_TOPIC_LABELS[topic], format: 'numeric' })),
    ],
    // Each team's share trained on each topic, as the national table gives each authority's.
    teamRows: organisation.teams.map((team) => [
      { text: team.name },
      { text: String(team.topics[0]?.people ?? 0), format: 'numeric' },
      ...team.topics.map((topic) => ({ text: percent(topic.trained, topic.people), format: 'numeric' })),
    ]),
    peopleHead: [{ text: 'Name' }, ...TRAINING_TOPICS.map((topic) => ({ text: TRAINING_TOPIC_LABELS[topic] }))],
    peopleRows: organisation.people.map((person) => [
      { html: `${escapeHtml(person.displayName)}<br><span class="govuk-hint govuk-!-font-size-16">${escapeHtml(person.role.replaceAll('_', ' '))}</span>` },
      ...TRAINING_TOPICS.map((topic) => ({ html: stateTag(person.states[topic]) })),
    ]),
  };
}

/** The national table: each authority's share of people trained on each topic. */
export function leagueTableViewModel(rows: readonly LeagueTableRow[]) {
  return {
    head: [
      { text: 'Authority' },
      { text: 'People', format: 'numeric' },
      ...TRAINING_TOPICS.map((topic) => ({ text: TRAINING_TOPIC_LABELS[topic], format: 'numeric' })),
      { text: 'All topics', format: 'numeric' },
    ],
    rows: rows.map((entry) => [
      { text: entry.name },
      { text: String(entry.people), format: 'numeric' },
      ...entry.topics.map((topic) => ({ text: percent(topic.trained, topic.people), format: 'numeric' })),
      { text: `${Math.round(entry.share * 100)}%`, format: 'numeric' },
    ]),
  };
}

/** The gates page: which actions need current training, the form to allow someone once, and the allowances to review. */
export function gatesViewModel(page: GatesAndAllowances, values: Readonly<Record<string, string>>) {
  return {
    canSetGates: page.canSetGates,
    canAllow: page.canAllow,
    gateItems: page.gates.map((gate) => ({
      value: gate.action,
      text: gate.label,
      hint: { text: `Needs current ${TRAINING_TOPIC_LABELS[gate.topic]} training` },
      checked: gate.on,
    })),
    gateRows: page.gates.map((gate) => [{ text: gate.label }, { text: TRAINING_TOPIC_LABELS[gate.topic] }, { text: gate.on ? 'Required' : 'Not required' }]),
    personItems: selectItems(
      page.people.map((person) => ({ value: person.id, text: person.displayName })),
      values['personId'],
      'Select the person',
    ),
    actionItems: page.gates.map((gate) => ({ value: gate.action, text: gate.label, checked: values['action'] === gate.action })),
    requestHead: ['Person', 'Asks to', 'Child', 'Reason', 'Asked', 'Action'].map((text) => ({ text })),
    requestRows: page.requests.map((request) => [
      { text: request.personName },
      { text: GATES[request.action].label },
      { html: request.childId === null ? 'None given' : linkHtml(paths.child(request.childId), 'Child’s record') },
      { text: request.reason },
      { text: formatInstant(request.requestedAt) },
      page.canAllow ? { html: linkHtml(paths.trainingRequest(request.id), 'Answer', `the request of ${request.personName}`) } : { text: 'For a team manager' },
    ]),
    allowanceHead: ['Person', 'May once', 'Reason', 'Allowed by', 'Used'].map((text) => ({ text })),
    allowanceRows: page.allowances.map((allowance) => [
      { text: allowance.personName },
      { text: GATES[allowance.action].label },
      { text: allowance.reason },
      { text: `${allowance.allowedByName ?? 'Unknown'}, ${formatInstant(allowance.allowedAt)}` },
      { text: allowance.usedAt === null ? 'Not yet' : formatInstant(allowance.usedAt) },
    ]),
  };
}

/** Asking a team manager: which action (the refused one chosen already), and why. */
export function requestFormView(values: Readonly<Record<string, string>>) {
  return {
    actionItems: GATED_ACTIONS.map((action) => ({ value: action, text: GATES[action].label, checked: values['action'] === action })),
  };
}

/** A team manager's page to answer one request. */
export function answerViewModel(request: RequestItem, values: Readonly<Record<string, string>>) {
  return {
    formAction: paths.trainingRequest(request.id),
    rows: [
      row('Who asks', request.personName),
      row('To', GATES[request.action].label),
      request.childId === null ? row('Child', 'None given') : htmlRow('Child', linkHtml(paths.child(request.childId), 'Child’s record')),
      row('Why', request.reason),
      row('Asked', formatInstant(request.requestedAt)),
      ...(request.outcome === null ? [] : [row('Answer', ANSWER_TAGS[request.outcome].text), row('Reason for the answer', request.decisionReason ?? '')]),
    ],
    waiting: request.outcome === null,
    outcomeItems: [
      { value: 'ALLOWED', text: 'Allow it once', hint: { text: 'Their next such action is allowed without the training, and listed for review' } },
      { value: 'DECLINED', text: 'Decline it' },
    ].map((item) => ({ ...item, checked: values['outcome'] === item.value })),
  };
}
