import { chronology } from '../../domain/chronology.ts';
import type { ChronologyEntry } from '../../domain/chronology.ts';
import { formatDate, formatInstant } from '../../domain/dates.ts';
import type { ChildRecordPage } from '../../services/child-service.ts';
import {
  AGE_ASSESSMENT_OUTCOME_LABELS,
  AGE_STATUS_LABELS,
  EPISODE_END_REASON_LABELS,
  INTERVIEW_RESPONSE_LABELS,
  legalStatusLabel,
  MISSING_TYPE_LABELS,
  NRM_DECISION_LABELS,
  placementTypeLabel,
  POLICE_RISK_LABELS,
  reasonCeasedLabel,
  TRAFFICKING_STATUS_LABELS,
} from '../labels.ts';
import { fullName, row } from '../view-models.ts';
import type { SummaryRow } from '../view-models.ts';

// The record read as a case file (issue 12, item 4): the summary a person reads first, the
// chronology of everything that happened, and the sections to jump to. Pure: the record page and
// the exported PDF are both built from these, so they say the same.

/** What each view of the record shows, as sectionsFor in ./view-models.ts gives it. */
export interface CaseFileSections {
  readonly ageStatusHistory: boolean;
  readonly ageAssessments: boolean;
  readonly uasc: boolean;
  readonly careHistory: boolean;
  readonly trafficking: boolean;
  readonly advocate: boolean;
}

type Authority = (code: string) => string;

const when = (at: string): string => (at.length === 10 ? formatDate(at) : formatInstant(at));

/** The summary at the top of the record: what a person needs to know before anything else. */
export function summaryRows(record: ChildRecordPage, sections: CaseFileSections, authority: Authority): SummaryRow[] {
  const { summary } = record;
  const open = record.missingEpisodes.find((episode) => episode.isOpen) ?? null;
  const placement = summary.currentPlacement;
  return [
    row('Missing now', open === null ? 'No' : `Yes, since ${formatInstant(open.startAt)}`),
    ...(open === null ? [] : [row('Police risk level', open.policeRiskLevel === null ? 'Not recorded' : POLICE_RISK_LABELS[open.policeRiskLevel])]),
    ...(sections.ageStatusHistory ? [row('Age status', summary.ageStatus === null ? 'Not recorded' : AGE_STATUS_LABELS[summary.ageStatus])] : []),
    ...(sections.trafficking
      ? [row('Trafficking status', summary.traffickingStatus === null ? 'No concern recorded' : TRAFFICKING_STATUS_LABELS[summary.traffickingStatus])]
      : []),
    ...(sections.advocate
      ? [
          row(
            'Independent child trafficking guardian',
            record.advocate === null ? 'None allocated' : `${record.advocate.name ?? 'Name not recorded'}, ${record.advocate.organisationName}`,
          ),
        ]
      : []),
    row(
      'Placement',
      placement === null
        ? summary.isLookedAfter
          ? 'Not recorded'
          : 'Not looked after now'
        : `${placementTypeLabel(placement.placementType)}, in ${authority(placement.hostAuthorityCode)}${placement.outOfArea ? ' (out of area)' : ''}`,
    ),
  ];
}

function eventText(entry: ChronologyEntry, authority: Authority): string {
  switch (entry.kind) {
    case 'CARE_STARTED':
      return `Started being looked after: ${legalStatusLabel(entry.legalStatus)}; ${placementTypeLabel(entry.placementType)}, in ${authority(entry.hostAuthorityCode)}`;
    case 'CARE_ENDED':
      return `Stopped being looked after${entry.reasonCeased === null ? '' : `: ${reasonCeasedLabel(entry.reasonCeased)}`}`;
    case 'MISSING':
      return `${entry.type === 'M' ? 'Went missing' : MISSING_TYPE_LABELS.A} from ${authority(entry.hostAuthorityCode)}${
        entry.policeRiskLevel === null ? '' : `; police risk level ${POLICE_RISK_LABELS[entry.policeRiskLevel].toLowerCase()}`
      }`;
    case 'CAME_BACK':
      return `Came back${entry.endReason === null ? '' : `: ${EPISODE_END_REASON_LABELS[entry.endReason].toLowerCase()}`}`;
    case 'RETURN_INTERVIEW_OFFERED':
      return `Return home interview ${INTERVIEW_RESPONSE_LABELS[entry.response].toLowerCase()}`;
    case 'RETURN_INTERVIEW_COMPLETED':
      return 'Return home interview completed';
    case 'CONCERN_RAISED':
      return `Trafficking concern raised by ${entry.raisedBy}`;
    case 'TRAFFICKING_STATUS':
      return `Trafficking status: ${TRAFFICKING_STATUS_LABELS[entry.status].toLowerCase()}`;
    case 'NRM_REFERRED':
      return `Referred to the National Referral Mechanism by ${entry.firstResponderOrganisation}`;
    case 'NRM_REASONABLE_GROUNDS':
      return `NRM reasonable grounds decision: ${NRM_DECISION_LABELS[entry.decision].toLowerCase()}`;
    case 'NRM_CONCLUSIVE_GROUNDS':
      return `NRM conclusive grounds decision: ${NRM_DECISION_LABELS[entry.decision].toLowerCase()}`;
    case 'UASC_STARTED':
      return 'Became an unaccompanied asylum-seeking child';
    case 'UASC_ENDED':
      return 'Stopped being an unaccompanied asylum-seeking child';
    case 'AGE_STATUS':
      return `Age status: ${AGE_STATUS_LABELS[entry.status].toLowerCase()}`;
    case 'AGE_ASSESSMENT_ASKED':
      return 'Age assessment asked for';
    case 'AGE_ASSESSED':
      return `Age assessed: ${AGE_ASSESSMENT_OUTCOME_LABELS[entry.outcome].toLowerCase()}`;
    case 'ALIAS_SEEN':
      return `Known as ${fullName(entry)}${entry.seenWhere === null ? '' : ` in ${entry.seenWhere}`}`;
    case 'TRANSFER_REFERRED':
      return `Referred for a National Transfer Scheme transfer from ${authority(entry.fromAuthorityCode)} to ${authority(entry.toAuthorityCode)}`;
    case 'TRANSFERRED':
      return `Transferred under the National Transfer Scheme from ${authority(entry.fromAuthorityCode)} to ${authority(entry.toAuthorityCode)}`;
  }
}

/** The chronology as the page and the PDF list it: when, and what happened, oldest first. */
export function chronologyItems(record: ChildRecordPage, authority: Authority): { readonly when: string; readonly what: string }[] {
  return chronology(record).map((entry) => ({ when: when(entry.at), what: eventText(entry, authority) }));
}

/** The sections below the summary, in the page's order, for its contents list (ids are the headings' anchors). */
export function contents(sections: CaseFileSections): { readonly href: string; readonly text: string }[] {
  return [
    { id: 'identity', text: 'Identity', shown: true },
    { id: 'age', text: 'Age', shown: true },
    { id: 'uasc', text: 'UASC status', shown: sections.uasc },
    { id: 'care', text: sections.careHistory ? 'Care periods' : 'Current placement', shown: true },
    { id: 'trafficking', text: 'Trafficking and NRM', shown: sections.trafficking },
    { id: 'missing', text: 'Missing episodes', shown: true },
    { id: 'guardian', text: 'Guardian', shown: sections.advocate },
    { id: 'chronology', text: 'Chronology', shown: true },
  ]
    .filter((section) => section.shown)
    .map((section) => ({ href: `#${section.id}`, text: section.text }));
}
