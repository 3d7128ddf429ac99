import type { ChildRecord } from './child-record.ts';
import type {
  AgeAssessmentOutcome,
  AgeStatus,
  EpisodeEndReason,
  InterviewResponse,
  MissingType,
  NrmDecision,
  PoliceRiskLevel,
  TraffickingStatus,
} from './codes.ts';
import { ukDateOf } from './dates.ts';

// The child's chronology: everything the record says happened to them, in the order it happened,
// as a court or a subject access request reads a case file. Derived from the record, never stored,
// so it cannot disagree with it; the record it is given is already restricted to the reader's view.

type ChronologyEvent =
  | { readonly kind: 'CARE_STARTED'; readonly legalStatus: string; readonly placementType: string; readonly hostAuthorityCode: string }
  | { readonly kind: 'CARE_ENDED'; readonly reasonCeased: string | null }
  | { readonly kind: 'MISSING'; readonly type: MissingType; readonly policeRiskLevel: PoliceRiskLevel | null; readonly hostAuthorityCode: string }
  | { readonly kind: 'CAME_BACK'; readonly endReason: EpisodeEndReason | null }
  | { readonly kind: 'RETURN_INTERVIEW_OFFERED'; readonly response: InterviewResponse }
  | { readonly kind: 'RETURN_INTERVIEW_COMPLETED' }
  | { readonly kind: 'CONCERN_RAISED'; readonly raisedBy: string }
  | { readonly kind: 'TRAFFICKING_STATUS'; readonly status: TraffickingStatus }
  | { readonly kind: 'NRM_REFERRED'; readonly firstResponderOrganisation: string }
  | { readonly kind: 'NRM_REASONABLE_GROUNDS' | 'NRM_CONCLUSIVE_GROUNDS'; readonly decision: NrmDecision }
  | { readonly kind: 'UASC_STARTED' | 'UASC_ENDED' }
  | { readonly kind: 'AGE_STATUS'; readonly status: AgeStatus }
  | { readonly kind: 'AGE_ASSESSMENT_ASKED' }
  | { readonly kind: 'AGE_ASSESSED'; readonly outcome: AgeAssessmentOutcome }
  | { readonly kind: 'ALIAS_SEEN'; readonly givenNames: string | null; readonly familyName: string | null; readonly seenWhere: string | null }
  | { readonly kind: 'TRANSFER_REFERRED' | 'TRANSFERRED'; readonly fromAuthorityCode: string; readonly toAuthorityCode: string };

export type ChronologyEntry = ChronologyEvent & {
  /** A date (YYYY-MM-DD) or, for what is recorded to the minute, an instant. */
  readonly at: string;
};

/** Sorts dates and instants together by the UK day, an instant after a bare date on the same day. */
const sortKey = (at: string): string => (at.length === 10 ? `${at}T` : `${ukDateOf(at)}T${at}`);

/** Everything that happened to the child, oldest first. */
export function chronology(record: ChildRecord): ChronologyEntry[] {
  const entries: ChronologyEntry[] = [];
  const add = (at: string | null, event: ChronologyEvent): void => {
    if (at !== null) entries.push({ ...event, at });
  };
  for (const period of record.carePeriods) {
    add(period.startDate, {
      kind: 'CARE_STARTED',
      legalStatus: period.legalStatus,
      placementType: period.placementType,
      hostAuthorityCode: period.hostAuthorityCode,
    });
    add(period.endDate, { kind: 'CARE_ENDED', reasonCeased: period.reasonCeased });
  }
  for (const episode of record.missingEpisodes) {
    add(episode.startAt, { kind: 'MISSING', type: episode.type, policeRiskLevel: episode.policeRiskLevel, hostAuthorityCode: episode.hostAuthorityCode });
    add(episode.endAt, { kind: 'CAME_BACK', endReason: episode.endReason });
    const interview = episode.returnInterview;
    if (interview !== null) {
      add(interview.offeredAt, { kind: 'RETURN_INTERVIEW_OFFERED', response: interview.response });
      add(interview.completedAt, { kind: 'RETURN_INTERVIEW_COMPLETED' });
    }
  }
  for (const concern of record.traffickingConcerns) {
    add(concern.raisedOn, { kind: 'CONCERN_RAISED', raisedBy: concern.raisedBy });
    for (const status of concern.statuses) add(status.effectiveFrom, { kind: 'TRAFFICKING_STATUS', status: status.status });
    const referral = concern.nrmReferral;
    if (referral !== null) {
      add(referral.referredOn, { kind: 'NRM_REFERRED', firstResponderOrganisation: referral.firstResponderOrganisation });
      add(referral.reasonableGroundsDecidedOn, { kind: 'NRM_REASONABLE_GROUNDS', decision: referral.reasonableGroundsDecision });
      add(referral.conclusiveGroundsDecidedOn, { kind: 'NRM_CONCLUSIVE_GROUNDS', decision: referral.conclusiveGroundsDecision });
    }
  }
  for (const period of record.uascPeriods) {
    add(period.startDate, { kind: 'UASC_STARTED' });
    add(period.ceasedDate, { kind: 'UASC_ENDED' });
  }
  for (const entry of record.ageStatuses) add(entry.effectiveFrom, { kind: 'AGE_STATUS', status: entry.status });
  for (const assessment of record.ageAssessments) {
    add(assessment.referredOn, { kind: 'AGE_ASSESSMENT_ASKED' });
    add(assessment.assessedOn, { kind: 'AGE_ASSESSED', outcome: assessment.outcome });
  }
  for (const alias of record.aliases) {
    add(alias.seenOn, { kind: 'ALIAS_SEEN', givenNames: alias.givenNames, familyName: alias.familyName, seenWhere: alias.seenWhere });
  }
  for (const transfer of record.nationalTransfers) {
    const between = { fromAuthorityCode: transfer.fromAuthorityCode, toAuthorityCode: transfer.toAuthorityCode };
    add(transfer.referredOn, { kind: 'TRANSFER_REFERRED', ...between });
    add(transfer.transferredOn, { kind: 'TRANSFERRED', ...between });
  }
  // A stable sort: on the same day, things keep the order above (care before the episode in it).
  return entries.sort((a, b) => sortKey(a.at).localeCompare(sortKey(b.at)));
}
