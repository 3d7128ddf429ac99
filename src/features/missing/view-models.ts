import type { MissingEpisodeView } from '../../domain/record-view.ts';
import type { ChildRecordView } from '../../domain/record-view.ts';
import { formatInstant } from '../../domain/dates.ts';
import { RETURN_INTERVIEW_STATE_LABELS } from '../../domain/return-interview.ts';
import type { EpisodeClosing, InterviewDetails, NewEpisode } from '../../services/missing-episode-service.ts';
import { datePartsOf, ukDateAndTime } from '../forms.ts';
import { RISK_LABELS, fullName } from '../home/view-models.ts';
import { END_REASON_CHOICES, HARM_CHOICES, INTERVIEWER_CHOICES, labelOf, MISSING_TYPE_CHOICES, NEW_RISK_LEVELS, NOT_GRADED, NOT_KNOWN, OUTCOME_CHOICES, RESPONSE_CHOICES } from './labels.ts';

// What the missing pages show: the child they are about, the answers to check, and what happens next.

/** What the missing pages need to know about a child whose record the person may change. */
export interface ChildContext {
  readonly childId: string;
  readonly name: string;
  /** Placed now outside the responsible authority's area: a host authority to tell. */
  readonly outOfArea: boolean;
  readonly openEpisode: MissingEpisodeView | null;
  readonly episodes: readonly MissingEpisodeView[];
}

export function childContext(record: Pick<ChildRecordView, 'child' | 'summary' | 'missingEpisodes'>): ChildContext {
  return {
    childId: record.child.id,
    name: fullName(record.child),
    outOfArea: record.summary.currentPlacement?.outOfArea ?? false,
    openEpisode: record.missingEpisodes.find((episode) => episode.isOpen) ?? null,
    episodes: record.missingEpisodes,
  };
}

export interface SummaryRow {
  readonly key: { readonly text: string };
  readonly value: { readonly text: string } | { readonly html: string };
}

const row = (key: string, value: string): SummaryRow => ({ key: { text: key }, value: { text: value } });
const momentOr = (instant: string | null | undefined, otherwise: string): string => (instant === null || instant === undefined ? otherwise : formatInstant(instant));
const textOr = (text: string | null | undefined, otherwise: string): string => (text === null || text === undefined ? otherwise : text);

// ---- Choices for the radios and checkboxes ----

export const typeItems = MISSING_TYPE_CHOICES.map((choice) => ({ value: choice.value, text: choice.text, hint: { text: choice.hint } }));
export const riskItems = [...NEW_RISK_LEVELS.map((level) => ({ value: level, text: RISK_LABELS[level] })), { value: NOT_GRADED, text: 'Not graded yet' }];
export const endReasonItems = END_REASON_CHOICES.map((choice) => ({ value: choice.value, text: choice.text, ...(choice.hint === undefined ? {} : { hint: { text: choice.hint } }) }));
export const harmItems = [...HARM_CHOICES, { value: NOT_KNOWN, text: 'Not known yet' }];
export const exploitationItems = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
  { value: NOT_KNOWN, text: 'Not known yet' },
];
export const interviewerItems = INTERVIEWER_CHOICES.map((choice) => ({ value: choice.value, text: choice.text }));
export const outcomeItems = OUTCOME_CHOICES.map((choice) => ({ value: choice.value, text: choice.text }));
export const responseChoices = RESPONSE_CHOICES;

// ---- Check your answers ----

export function reportAnswers(answers: NewEpisode, context: Pick<ChildContext, 'outOfArea'>): SummaryRow[] {
  return [
    row('Missing or away', labelOf(MISSING_TYPE_CHOICES, answers.type)),
    row('Last seen', formatInstant(answers.startAt)),
    row('Where last seen', textOr(answers.lastSeenLocation, 'Not known')),
    row('Who they were last seen with', textOr(answers.lastSeenWith, 'Not known')),
    row('Reported to the police', momentOr(answers.reportedToPoliceAt, 'Not yet')),
    row('Police force', textOr(answers.policeForce, 'Not recorded')),
    row('Police reference', textOr(answers.policeReference, 'Not recorded')),
    row('Police risk level', answers.policeRiskLevel === null || answers.policeRiskLevel === undefined ? 'Not graded yet' : RISK_LABELS[answers.policeRiskLevel]),
    ...(context.outOfArea ? [row('Host authority told', momentOr(answers.hostAuthorityToldAt, 'Not yet'))] : []),
  ];
}

const yesNoOrUnknown = (value: boolean | null | undefined): string => (value === true ? 'Yes' : value === false ? 'No' : 'Not known yet');

export function returnAnswers(answers: EpisodeClosing): SummaryRow[] {
  return [
    row('Came back', formatInstant(answers.endAt)),
    row('How the episode ended', labelOf(END_REASON_CHOICES, answers.endReason)),
    row('Harm disclosed', answers.harmDisclosed === null || answers.harmDisclosed === undefined ? 'Not known yet' : labelOf(HARM_CHOICES, answers.harmDisclosed)),
    row('Exploitation disclosed', yesNoOrUnknown(answers.exploitationDisclosed)),
  ];
}

export function interviewAnswers(answers: InterviewDetails): SummaryRow[] {
  const outcomes = answers.outcomes ?? [];
  return [
    row('Return home interview', labelOf(RESPONSE_CHOICES, answers.response)),
    ...(answers.response === 'NOT_OFFERED' ? [row('Why it was not offered', textOr(answers.notOfferedReason, 'Not recorded'))] : [row('Offered', momentOr(answers.offeredAt, 'Not recorded'))]),
    ...(answers.response === 'ACCEPTED' ? [row('Completed', momentOr(answers.completedAt, 'Not yet'))] : []),
    row('Who held the interview', answers.interviewerType === null || answers.interviewerType === undefined ? 'Not recorded' : labelOf(INTERVIEWER_CHOICES, answers.interviewerType)),
    row('Outcomes', outcomes.length === 0 ? 'None recorded' : outcomes.map((outcome) => labelOf(OUTCOME_CHOICES, outcome as (typeof OUTCOME_CHOICES)[number]['value'])).join(', ')),
  ];
}

// ---- Confirmations: what happens next ----

export interface Confirmation {
  readonly title: string;
  /** The panel's line under the title. */
  readonly panelText: string | null;
  readonly summary: readonly SummaryRow[];
  /** Paragraphs under "What happens next". */
  readonly next: readonly string[];
}

export function reportedConfirmation(episode: MissingEpisodeView): Confirmation {
  const outOfArea = episode.hostAuthorityCode !== episode.responsibleAuthorityCode;
  const next = [
    episode.reportedToPoliceAt === null
      ? episode.type === 'M'
        ? 'Report the child missing to the police now, if nobody has: call 999 if they are in immediate danger, otherwise 101. Then add the police reference to this episode.'
        : 'If you become worried about the child, or they do not come back when expected, report them missing to the police: call 999 if they are in immediate danger, otherwise 101.'
      : 'The police grade the risk and lead the search. Give them the child’s Philomena Protocol information, and tell them anything you learn about where the child may be.',
    ...(outOfArea && episode.hostAuthorityToldAt === null ? ['The child is placed outside your area. Tell the host authority that the child is missing.'] : []),
    'Review the child’s care plan. Hold a strategy discussion if the risk is high or the child keeps going missing.',
    'When the child comes back, record their return in Lantern. They must be offered a return home interview, by someone independent of their placement, within 72 hours of coming back.',
  ];
  return {
    title: 'Missing episode reported',
    panelText: episode.policeReference === null ? null : `Police reference ${episode.policeReference}`,
    summary: [
      row('Missing or away', labelOf(MISSING_TYPE_CHOICES, episode.type)),
      row('Last seen', formatInstant(episode.startAt)),
      row('Reported to the police', momentOr(episode.reportedToPoliceAt, 'Not yet')),
      row('Police risk level', episode.policeRiskLevel === null ? 'Not graded yet' : RISK_LABELS[episode.policeRiskLevel]),
    ],
    next,
  };
}

export function returnedConfirmation(episode: MissingEpisodeView): Confirmation {
  const dueBy = episode.returnInterviewDueBy;
  return {
    title: 'Return recorded',
    panelText: dueBy === null ? null : `Return home interview due by ${formatInstant(dueBy)}`,
    summary: [
      row('Came back', momentOr(episode.endAt, 'Not recorded')),
      row('How the episode ended', episode.endReason === null ? 'Not recorded' : labelOf(END_REASON_CHOICES, episode.endReason)),
    ],
    next: [
      'Offer the child a return home interview, held by someone independent of their placement, within 72 hours of their return. Record it in Lantern when it has been offered, and again when it has been held.',
      ...(episode.exploitationDisclosed === true || episode.harmDisclosed === 'SUSPECTED' || episode.harmDisclosed === 'CONFIRMED'
        ? ['The child disclosed harm or exploitation. Make a safeguarding referral, and consider whether to raise a trafficking concern and refer them to the National Referral Mechanism.']
        : []),
      'Tell the police that the child is back, so that they can close their missing person report and carry out a safe and well check.',
    ],
  };
}

export function interviewConfirmation(episode: MissingEpisodeView): Confirmation {
  const state = episode.returnInterviewState;
  const interview = episode.returnInterview;
  const dueBy = episode.returnInterviewDueBy;
  const next =
    state === 'DUE' || state === 'OVERDUE'
      ? [`Record the date the interview was held when it has taken place. It is due by ${dueBy === null ? 'within 72 hours of the return' : formatInstant(dueBy)}.`]
      : state === 'DECLINED' || state === 'NOT_OFFERED'
        ? ['Record why in the child’s case notes, and consider how else to find out why the child went missing and what happened while they were away.']
        : ['Act on what the child told you: update their care plan and safety plan, and share information with the police and partners where it is needed.'];
  return {
    title: 'Return home interview recorded',
    panelText: state === 'DUE' || state === 'OVERDUE' ? `Accepted: ${RETURN_INTERVIEW_STATE_LABELS[state].toLowerCase()}` : RETURN_INTERVIEW_STATE_LABELS[state],
    summary: [
      row('Came back', momentOr(episode.endAt, 'Not recorded')),
      row('Due by', momentOr(dueBy, 'Not due')),
      row('Return home interview', interview === null ? 'Not recorded' : labelOf(RESPONSE_CHOICES, interview.response)),
      ...(interview?.completedAt === null || interview?.completedAt === undefined ? [] : [row('Completed', formatInstant(interview.completedAt))]),
    ],
    next,
  };
}

/** Form values for an interview already recorded, to change it. */
export function interviewValues(episode: MissingEpisodeView): Record<string, string | readonly string[]> {
  const interview = episode.returnInterview;
  if (interview === null) return {};
  const moment = (name: string, instant: string | null): Record<string, string> => {
    if (instant === null) return {};
    const { date, time } = ukDateAndTime(instant);
    return { ...datePartsOf(`${name}Date`, date), [`${name}Time`]: time };
  };
  return {
    response: interview.response,
    notOfferedReason: interview.notOfferedReason ?? '',
    ...moment('offered', interview.offeredAt),
    ...moment('completed', interview.completedAt),
    interviewerType: interview.interviewerType ?? '',
    outcomes: interview.outcomes,
    version: String(interview.version),
  };
}
