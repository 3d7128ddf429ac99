import type {
  CompetentAuthority,
  ExploitationLocation,
  ExploitationType,
  NrmDecision,
  TraffickingIndicator,
  TraffickingStatus,
  TraffickingStatusBasis,
} from '../../domain/codes.ts';
import { LEGAL_STATUSES, PLACEMENT_TYPES, REASONS_CEASED } from '../../domain/ssda903-codes.ts';

// Words for the trafficking and care-period code lists, as people see them on the pages.

/** Typical indicators of trafficking (domain brief §6.3), worded as a checklist. */
export const INDICATOR_LABELS: Record<TraffickingIndicator, string> = {
  MISSING_FALSE_DOCUMENTS: 'Missing, false or altered documents',
  UNEXPLAINED_MONEY_OR_POSSESSIONS: 'Money or possessions with no plausible explanation',
  NEGLECT_OR_MALNOURISHMENT: 'Neglect or malnourishment',
  CONTROLLING_ADULT: 'With an adult who is not their legal guardian and stays close at all times',
  SIGNS_OF_WORK: 'Signs of work, such as tiredness or injuries from manual labour',
  ADULTS_LOITERING_OR_OLDER_PARTNER: 'Adults loitering near where they live, or a much older partner',
  WITHDRAWN_OR_FEARS_AUTHORITY: 'Withdrawn, refuses to talk or fears authority',
  SUBSTANCE_MISUSE: 'Substance misuse',
  GOING_MISSING: 'Going missing, especially soon after being placed',
  OTHER: 'Another indicator',
};

/** NRM exploitation types (domain brief §4.2). */
export const EXPLOITATION_TYPE_LABELS: Record<ExploitationType, string> = {
  CRIMINAL: 'Criminal exploitation',
  LABOUR: 'Labour exploitation',
  SEXUAL: 'Sexual exploitation',
  DOMESTIC_SERVITUDE: 'Domestic servitude',
  ORGAN_HARVESTING: 'Organ harvesting',
  OTHER: 'Another type of exploitation',
  NOT_SPECIFIED: 'Not specified or not known',
};

export const EXPLOITATION_LOCATION_LABELS: Record<ExploitationLocation, string> = {
  UK_ONLY: 'In the UK only',
  OVERSEAS_ONLY: 'Overseas only',
  UK_AND_OVERSEAS: 'In the UK and overseas',
  UNKNOWN: 'Not known',
};

export const TRAFFICKING_STATUS_LABELS: Record<TraffickingStatus, string> = {
  SUSPECTED: 'Suspected',
  IDENTIFIED: 'Identified',
  CONFIRMED: 'Confirmed',
  NOT_TRAFFICKED: 'Not trafficked',
};

/** What each status means, as hints on the record a status page. */
export const TRAFFICKING_STATUS_HINTS: Record<TraffickingStatus, string> = {
  SUSPECTED: 'There are indicators of trafficking and no NRM decision yet',
  IDENTIFIED: 'The competent authority made a positive reasonable grounds decision',
  CONFIRMED: 'The competent authority made a positive conclusive grounds decision',
  NOT_TRAFFICKED: 'The competent authority made a negative conclusive grounds decision',
};

/** GOV.UK tag colours for each status. */
export const TRAFFICKING_STATUS_TAG_CLASSES: Record<TraffickingStatus, string> = {
  SUSPECTED: 'govuk-tag--yellow',
  IDENTIFIED: 'govuk-tag--orange',
  CONFIRMED: 'govuk-tag--red',
  NOT_TRAFFICKED: 'govuk-tag--grey',
};

export const STATUS_BASIS_LABELS: Record<TraffickingStatusBasis, string> = {
  CONCERN_RAISED: 'Concern raised',
  RG_POSITIVE: 'Positive reasonable grounds decision',
  CG_POSITIVE: 'Positive conclusive grounds decision',
  CG_NEGATIVE: 'Negative conclusive grounds decision',
  RECORDED: 'Recorded by a member of staff',
};

export const NRM_DECISION_LABELS: Record<NrmDecision, string> = {
  PENDING: 'Pending',
  POSITIVE: 'Positive',
  NEGATIVE: 'Negative',
  WITHDRAWN: 'Withdrawn',
};

export const COMPETENT_AUTHORITY_LABELS: Record<CompetentAuthority, string> = {
  SCA: 'Single Competent Authority (Home Office)',
  IECA: 'Immigration Enforcement Competent Authority',
  DEVOLVED_PANEL: 'Devolved child decision-making panel',
};

const byCode = (entries: readonly { readonly code: string; readonly label: string }[]): ReadonlyMap<string, string> => new Map(entries.map((entry) => [entry.code, entry.label]));

const LEGAL_STATUS_LABELS = byCode(LEGAL_STATUSES);
const PLACEMENT_TYPE_LABELS = byCode(PLACEMENT_TYPES);
const REASON_CEASED_LABELS = byCode(REASONS_CEASED);

/** A 903 code with its DfE wording, for example "C2: Full care order". */
const codeLabel = (labels: ReadonlyMap<string, string>, code: string): string => {
  const label = labels.get(code);
  return label === undefined ? code : `${code}: ${label}`;
};

export const legalStatusLabel = (code: string): string => codeLabel(LEGAL_STATUS_LABELS, code);
export const placementTypeLabel = (code: string): string => codeLabel(PLACEMENT_TYPE_LABELS, code);
export const reasonCeasedLabel = (code: string): string => codeLabel(REASON_CEASED_LABELS, code);

/** A label from a map keyed by a code list, or the code itself for a value outside it. */
export function labelOf<K extends string>(labels: Record<K, string>, value: string): string {
  return (labels as Record<string, string | undefined>)[value] ?? value;
}
