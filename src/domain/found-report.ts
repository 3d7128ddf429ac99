import type { EpisodeEndReason } from './codes.ts';
import type { EpisodeEnding } from './child-record-entities.ts';

// A child found by someone else's report (issue 12, item 1): another agency (the police of another
// force, another council, a hospital, Border Force) reports that it has found a child who is missing
// from care. The responsible authority records who found them, where, when and the agency's own
// reference, and the report closes the open episode as a return.

/** The kinds of agency whose report may say a child was found. */
export const FINDING_AGENCIES = ['POLICE', 'LOCAL_AUTHORITY', 'HEALTH', 'BORDER_FORCE', 'EDUCATION', 'VOLUNTARY', 'OTHER'] as const;
export type FindingAgency = (typeof FINDING_AGENCIES)[number];

/** What the other agency's report says. */
export interface FoundReportDetails {
  readonly agency: FindingAgency;
  /** The agency's name, for example "British Transport Police" or "Manchester City Council". */
  readonly organisation: string;
  /** When the child was found: the episode ends then. */
  readonly foundAt: string;
  /** Where the child was found. */
  readonly location: string;
  /** The agency's own reference for its report, if it gave one. */
  readonly reference: string | null;
}

/** The report as kept, against the episode it closed, with who recorded it and when. */
export interface FoundReport extends FoundReportDetails {
  readonly episodeId: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** How an episode ends when another agency reports the child found: found by the police, or by someone else (903 reasons). */
export const endReasonOfFinding = (agency: FindingAgency): EpisodeEndReason => (agency === 'POLICE' ? 'FOUND_POLICE' : 'FOUND_OTHER');

/** The ending a found report gives the episode; what the child disclosed is not known yet (the return home interview asks). */
export const endingOfFoundReport = (report: Pick<FoundReportDetails, 'agency' | 'foundAt'>): EpisodeEnding => ({
  endAt: report.foundAt,
  endReason: endReasonOfFinding(report.agency),
});
