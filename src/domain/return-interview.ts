import { addHours, instantMs } from './dates.ts';
import type { MissingEpisode, ReturnInterview } from './child-record.ts';

/** Statutory guidance: a return home interview within 72 hours of the child coming back. */
export const RETURN_INTERVIEW_DUE_HOURS = 72;

export type ReturnInterviewState =
  | 'NOT_DUE' // the child is still missing
  | 'DUE'
  | 'OVERDUE'
  | 'COMPLETED_IN_TIME'
  | 'COMPLETED_LATE'
  | 'DECLINED'
  | 'NOT_OFFERED';

export const RETURN_INTERVIEW_STATE_LABELS: Record<ReturnInterviewState, string> = {
  NOT_DUE: 'Not due: the child is still missing',
  DUE: 'Due',
  OVERDUE: 'Overdue',
  COMPLETED_IN_TIME: 'Completed within 72 hours',
  COMPLETED_LATE: 'Completed late',
  DECLINED: 'Declined',
  NOT_OFFERED: 'Not offered',
};

export function returnInterviewDueBy(episode: Pick<MissingEpisode, 'endAt'>): string | null {
  return episode.endAt === null ? null : addHours(episode.endAt, RETURN_INTERVIEW_DUE_HOURS);
}

/** Derived, never stored: the interview's state at a moment. */
export function returnInterviewState(
  episode: Pick<MissingEpisode, 'endAt'>,
  interview: Pick<ReturnInterview, 'response' | 'completedAt'> | null,
  now: string,
): ReturnInterviewState {
  const dueBy = returnInterviewDueBy(episode);
  if (dueBy === null) return 'NOT_DUE';
  if (interview?.completedAt !== undefined && interview.completedAt !== null) {
    return instantMs(interview.completedAt) <= instantMs(dueBy) ? 'COMPLETED_IN_TIME' : 'COMPLETED_LATE';
  }
  if (interview?.response === 'DECLINED') return 'DECLINED';
  if (interview?.response === 'NOT_OFFERED') return 'NOT_OFFERED';
  return instantMs(now) > instantMs(dueBy) ? 'OVERDUE' : 'DUE';
}
