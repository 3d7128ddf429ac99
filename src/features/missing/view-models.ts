import { EPISODE_END_REASONS, HARM_DISCLOSED, INTERVIEW_OUTCOMES, INTERVIEW_RESPONSES, INTERVIEWER_TYPES, MISSING_TYPES } from '../../domain/codes.ts';
import type { InterviewerType, MissingType } from '../../domain/codes.ts';
import { formatInstant, ukDateAndTime } from '../../domain/dates.ts';
import type { JourneyChild } from '../../domain/journey-child.ts';
import { FINDING_AGENCIES } from '../../domain/found-report.ts';
import { viewEpisode } from '../../domain/record-view.ts';
import type { MissingEpisodeView } from '../../domain/record-view.ts';
import type { EpisodeClosing, FoundReportClosing, InterviewDetails, NewEpisode } from '../../services/missing-episode-service.ts';
import { datePartsOf } from '../forms.ts';
import type { FormBody } from '../forms.ts';
import {
  EPISODE_END_REASON_LABELS,
  FINDING_AGENCY_LABELS,
  HARM_DISCLOSED_LABELS,
  INTERVIEW_OUTCOME_LABELS,
  INTERVIEW_RESPONSE_LABELS,
  INTERVIEWER_TYPE_LABELS,
  labelOf,
  MISSING_TYPE_LABELS,
  POLICE_RISK_LABELS,
  RETURN_INTERVIEW_STATE_LABELS,
} from '../labels.ts';
import { answerRow } from '../journey.ts';
import type { AnswerRow } from '../journey.ts';
import { choicesOf, fullName, row } from '../view-models.ts';
import type { SummaryRow } from '../view-models.ts';
import { NEW_RISK_LEVELS, NOT_GRADED, NOT_KNOWN } from './form-schemas.ts';

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

/** The journey's context of the child (src/services/journey-context.ts), with their episodes as the pages show them. */
export function childContext(child: JourneyChild, now: string): ChildContext {
  const episodes = child.missingEpisodes.map((episode) => viewEpisode(episode, now));
  return {
    childId: child.id,
    name: fullName(child),
    outOfArea: child.outOfArea,
    openEpisode: episodes.find((episode) => episode.isOpen) ?? null,
    episodes,
  };
}

const momentOr = (instant: string | null | undefined, otherwise: string): string =>
  instant === null || instant === undefined ? otherwise : formatInstant(instant);
const textOr = (text: string | null | undefined, otherwise: string): string => (text === null || text === undefined ? otherwise : text);

// ---- Choices for the radios and checkboxes ----

/** The statutory definitions (DfE, Children who run away or go missing from home or care, 2014), as hint text. */
const MISSING_TYPE_HINTS: Readonly<Record<MissingType, string>> = {
  M: 'They are not at their placement or the place they are expected to be, and nobody knows where they are.',
  A: 'Their whereabouts are known, but they are not at their placement or the place they are expected to be, and the carer is concerned or has told the council or police.',
};

/** "Who held the interview?" is answered by naming someone; the record names them as INTERVIEWER_TYPE_LABELS does. */
const INTERVIEWER_ANSWERS: Readonly<Record<InterviewerType, string>> = {
  INDEPENDENT_PROVIDER: 'An independent return interview provider',
  LA_WORKER: 'A local authority worker',
  ICTG: 'Their independent child trafficking guardian',
  OTHER: INTERVIEWER_TYPE_LABELS.OTHER,
};

export const typeItems = choicesOf(MISSING_TYPES, MISSING_TYPE_LABELS, MISSING_TYPE_HINTS);
export const riskItems = [...choicesOf(NEW_RISK_LEVELS, POLICE_RISK_LABELS), { value: NOT_GRADED, text: 'Not graded yet' }];
export const endReasonItems = choicesOf(EPISODE_END_REASONS, EPISODE_END_REASON_LABELS, {
  CEASED_LA_WHILE_MISSING: 'For example, they turned 18 or were assessed as an adult.',
});
export const harmItems = [...choicesOf(HARM_DISCLOSED, HARM_DISCLOSED_LABELS), { value: NOT_KNOWN, text: 'Not known yet' }];
export const exploitationItems = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
  { value: NOT_KNOWN, text: 'Not known yet' },
];
export const agencyItems = choicesOf(FINDING_AGENCIES, FINDING_AGENCY_LABELS);
export const interviewerItems = choicesOf(INTERVIEWER_TYPES, INTERVIEWER_ANSWERS);
export const OUTCOME_CHOICES = choicesOf(INTERVIEW_OUTCOMES, INTERVIEW_OUTCOME_LABELS);
export const responseChoices = choicesOf(INTERVIEW_RESPONSES, INTERVIEW_RESPONSE_LABELS);

// ---- Check your answers ----

/** A missing report's answers, each row with a Change button back to its question. */
export function reportAnswers(answers: NewEpisode, context: Pick<ChildContext, 'outOfArea'>): AnswerRow[] {
  return [
    answerRow('type', 'Missing or away', MISSING_TYPE_LABELS[answers.type]),
    answerRow('lastSeenDate', 'Last seen', formatInstant(answers.startAt)),
    answerRow('lastSeenLocation', 'Where last seen', textOr(answers.lastSeenLocation, 'Not known')),
    answerRow('lastSeenWith', 'Who they were last seen with', textOr(answers.lastSeenWith, 'Not known')),
    answerRow('reportedToPoliceDate', 'Reported to the police', momentOr(answers.reportedToPoliceAt, 'Not yet')),
    answerRow('policeForce', 'Police force', textOr(answers.policeForce, 'Not recorded')),
    answerRow('policeReference', 'Police reference', textOr(answers.policeReference, 'Not recorded')),
    answerRow(
      'policeRiskLevel',
      'Police risk level',
      answers.policeRiskLevel === null || answers.policeRiskLevel === undefined ? 'Not graded yet' : POLICE_RISK_LABELS[answers.policeRiskLevel],
    ),
    ...(context.outOfArea ? [answerRow('hostAuthorityToldDate', 'Host authority told', momentOr(answers.hostAuthorityToldAt, 'Not yet'))] : []),
  ];
}

/** Whether an episode went missing from a placement outside the responsible authority's area: a host authority to tell. */
export const episodeOutOfArea = (episode: Pick<MissingEpisodeView, 'responsibleAuthorityCode' | 'hostAuthorityCode'>): boolean =>
  episode.hostAuthorityCode !== episode.responsibleAuthorityCode;

/** Form values for a moment (`{name}Date` and `{name}Time`) as UK wall-clock time. */
function momentValues(name: string, instant: string | null): Record<string, string> {
  if (instant === null) return {};
  const { date, time } = ukDateAndTime(instant);
  return { ...datePartsOf(`${name}Date`, date), [`${name}Time`]: time };
}

/** Form values for an episode that has ended, to correct it: the report's questions and its end, answered as recorded. */
export function correctionValues(episode: MissingEpisodeView): FormBody {
  return { ...changeValues(episode), ...momentValues('end', episode.endAt), endReason: episode.endReason ?? '' };
}

/** Form values for an open episode, to change it: the report's questions, answered as recorded. */
export function changeValues(episode: MissingEpisodeView): FormBody {
  return {
    type: episode.type,
    ...momentValues('lastSeen', episode.startAt),
    lastSeenLocation: episode.lastSeenLocation ?? '',
    lastSeenWith: episode.lastSeenWith ?? '',
    ...momentValues('reportedToPolice', episode.reportedToPoliceAt),
    policeForce: episode.policeForce ?? '',
    policeReference: episode.policeReference ?? '',
    // A historic "no apparent risk" is not offered again: the person grades it anew.
    policeRiskLevel: episode.policeRiskLevel === null ? NOT_GRADED : episode.policeRiskLevel === 'NO_APPARENT_RISK' ? '' : episode.policeRiskLevel,
    ...momentValues('hostAuthorityTold', episode.hostAuthorityToldAt),
    version: String(episode.version),
  };
}

const yesNoOrUnknown = (value: boolean | null | undefined): string => (value === true ? 'Yes' : value === false ? 'No' : 'Not known yet');

/** When and how the episode ended. */
export const endAnswers = (answers: Pick<EpisodeClosing, 'endAt' | 'endReason'>): AnswerRow[] => [
  answerRow('endDate', 'Came back', formatInstant(answers.endAt)),
  answerRow('endReason', 'How the episode ended', EPISODE_END_REASON_LABELS[answers.endReason]),
];

export function returnAnswers(answers: EpisodeClosing): AnswerRow[] {
  return [
    ...endAnswers(answers),
    answerRow(
      'harmDisclosed',
      'Harm disclosed',
      answers.harmDisclosed === null || answers.harmDisclosed === undefined ? 'Not known yet' : HARM_DISCLOSED_LABELS[answers.harmDisclosed],
    ),
    answerRow('exploitationDisclosed', 'Exploitation disclosed', yesNoOrUnknown(answers.exploitationDisclosed)),
  ];
}

/** Another agency's report that found the child, each row with a Change button back to its question. */
export const foundAnswers = (answers: FoundReportClosing): AnswerRow[] => [
  answerRow('agency', 'Who found them', FINDING_AGENCY_LABELS[answers.agency]),
  answerRow('organisation', 'Agency', answers.organisation),
  answerRow('foundDate', 'Found', formatInstant(answers.foundAt)),
  answerRow('location', 'Where found', answers.location),
  answerRow('reference', 'Their reference', textOr(answers.reference, 'Not given')),
];

export function interviewAnswers(answers: InterviewDetails): AnswerRow[] {
  const outcomes = answers.outcomes ?? [];
  return [
    answerRow('response', 'Return home interview', INTERVIEW_RESPONSE_LABELS[answers.response]),
    ...(answers.response === 'NOT_OFFERED'
      ? [answerRow('notOfferedReason', 'Why it was not offered', textOr(answers.notOfferedReason, 'Not recorded'))]
      : [answerRow('offeredDate', 'Offered', momentOr(answers.offeredAt, 'Not recorded'))]),
    ...(answers.response === 'ACCEPTED' ? [answerRow('completedDate', 'Completed', momentOr(answers.completedAt, 'Not yet'))] : []),
    answerRow(
      'interviewerType',
      'Who held the interview',
      answers.interviewerType === null || answers.interviewerType === undefined ? 'Not recorded' : INTERVIEWER_TYPE_LABELS[answers.interviewerType],
    ),
    answerRow(
      'outcomes',
      'Outcomes',
      outcomes.length === 0 ? 'None recorded' : outcomes.map((outcome) => labelOf(INTERVIEW_OUTCOME_LABELS, outcome)).join(', '),
    ),
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
  const outOfArea = episodeOutOfArea(episode);
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
      row('Missing or away', MISSING_TYPE_LABELS[episode.type]),
      row('Last seen', formatInstant(episode.startAt)),
      row('Reported to the police', momentOr(episode.reportedToPoliceAt, 'Not yet')),
      row('Police risk level', episode.policeRiskLevel === null ? 'Not graded yet' : POLICE_RISK_LABELS[episode.policeRiskLevel]),
    ],
    next,
  };
}

export function changedConfirmation(episode: MissingEpisodeView): Confirmation {
  return {
    title: 'Missing episode updated',
    panelText: episode.policeReference === null ? null : `Police reference ${episode.policeReference}`,
    summary: [
      row('Last seen', formatInstant(episode.startAt)),
      row('Reported to the police', momentOr(episode.reportedToPoliceAt, 'Not yet')),
      row('Police risk level', episode.policeRiskLevel === null ? 'Not graded yet' : POLICE_RISK_LABELS[episode.policeRiskLevel]),
      ...(episodeOutOfArea(episode) ? [row('Host authority told', momentOr(episode.hostAuthorityToldAt, 'Not yet'))] : []),
    ],
    next: [
      'Everyone Lantern alerts about this child sees the episode as it is now. Tell the police anything new you learn about where the child may be.',
      ...(episodeOutOfArea(episode) && episode.hostAuthorityToldAt === null
        ? ['The child is placed outside your area. Tell the host authority that the child is missing.']
        : []),
      'When the child comes back, record their return in Lantern.',
    ],
  };
}

export function returnedConfirmation(episode: MissingEpisodeView): Confirmation {
  const dueBy = episode.returnInterviewDueBy;
  return {
    title: 'Return recorded',
    panelText: dueBy === null ? null : `Return home interview due by ${formatInstant(dueBy)}`,
    summary: [
      row('Came back', momentOr(episode.endAt, 'Not recorded')),
      row('How the episode ended', episode.endReason === null ? 'Not recorded' : EPISODE_END_REASON_LABELS[episode.endReason]),
    ],
    next: [
      'Offer the child a return home interview, held by someone independent of their placement, within 72 hours of their return. Record it in Lantern when it has been offered, and again when it has been held.',
      ...(episode.exploitationDisclosed === true || episode.harmDisclosed === 'SUSPECTED' || episode.harmDisclosed === 'CONFIRMED'
        ? [
            'The child disclosed harm or exploitation. Make a safeguarding referral, and consider whether to raise a trafficking concern and refer them to the National Referral Mechanism.',
          ]
        : []),
      'Tell the police that the child is back, so that they can close their missing person report and carry out a safe and well check.',
    ],
  };
}

/** Found by another agency's report: the episode has ended as a return, with the same next steps. */
export const foundConfirmation = (episode: MissingEpisodeView): Confirmation => ({ ...returnedConfirmation(episode), title: 'Child recorded as found' });

export function interviewConfirmation(episode: MissingEpisodeView): Confirmation {
  const state = episode.returnInterviewState;
  const interview = episode.returnInterview;
  const dueBy = episode.returnInterviewDueBy;
  const next =
    state === 'DUE' || state === 'OVERDUE'
      ? [
          `Record the date the interview was held when it has taken place. It is due by ${dueBy === null ? 'within 72 hours of the return' : formatInstant(dueBy)}.`,
        ]
      : state === 'DECLINED' || state === 'NOT_OFFERED'
        ? ['Record why in the child’s case notes, and consider how else to find out why the child went missing and what happened while they were away.']
        : ['Act on what the child told you: update their care plan and safety plan, and share information with the police and partners where it is needed.'];
  return {
    title: 'Return home interview recorded',
    panelText:
      state === 'DUE' || state === 'OVERDUE' ? `Accepted: ${RETURN_INTERVIEW_STATE_LABELS[state].toLowerCase()}` : RETURN_INTERVIEW_STATE_LABELS[state],
    summary: [
      row('Came back', momentOr(episode.endAt, 'Not recorded')),
      row('Due by', momentOr(dueBy, 'Not due')),
      row('Return home interview', interview === null ? 'Not recorded' : INTERVIEW_RESPONSE_LABELS[interview.response]),
      ...(interview?.completedAt === null || interview?.completedAt === undefined ? [] : [row('Completed', formatInstant(interview.completedAt))]),
    ],
    next,
  };
}

/** Form values for an interview already recorded, to change it. */
export function interviewValues(episode: MissingEpisodeView): FormBody {
  const interview = episode.returnInterview;
  if (interview === null) return {};
  return {
    response: interview.response,
    notOfferedReason: interview.notOfferedReason ?? '',
    ...momentValues('offered', interview.offeredAt),
    ...momentValues('completed', interview.completedAt),
    interviewerType: interview.interviewerType ?? '',
    outcomes: interview.outcomes,
    version: String(interview.version),
  };
}
