import { formatInstant } from '../../domain/dates.ts';
import { PART_ONE_FIELDS, PART_ONE_LABELS, PART_TWO_LABELS } from '../../domain/philomena.ts';
import type { PartOne, PartTwo } from '../../domain/philomena.ts';
import type { GrabPack, ProfileView } from '../../services/philomena-service.ts';
import { languageLabel, nationalityLabel } from '../children/view-models.ts';
import { POLICE_RISK_LABELS, SEX_LABELS } from '../labels.ts';
import { dateOfBirthText, fullName, row } from '../view-models.ts';
import type { SummaryRow } from '../view-models.ts';

// What the profile page, the printable grab pack and its PDF show, worded once so that the three agree.

/** The protective marking every page of the grab pack carries (Government Security Classifications). */
export const MARKING = 'OFFICIAL-SENSITIVE';

export interface PackRow {
  readonly label: string;
  readonly value: string;
}

export interface PackSection {
  readonly title: string;
  readonly rows: readonly PackRow[];
  /** Said after the rows: what is missing from the section. */
  readonly note?: string;
}

const NOT_RECORDED = 'Not recorded';

/** How long someone was missing, in words: "7 hours", "2 days 3 hours". */
function durationText(hours: number): string {
  if (hours < 24) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return `${days} ${days === 1 ? 'day' : 'days'}${rest === 0 ? '' : ` ${rest} ${rest === 1 ? 'hour' : 'hours'}`}`;
}

export function partOneRows(part: PartOne): PackRow[] {
  return PART_ONE_FIELDS.map((field) => ({ label: PART_ONE_LABELS[field], value: part[field] ?? NOT_RECORDED }));
}

export function partTwoRows(part: PartTwo): PackRow[] {
  return [
    { label: PART_TWO_LABELS.clothing, value: part.clothing },
    { label: PART_TWO_LABELS.lastSeenWhere, value: part.lastSeenWhere },
    { label: PART_TWO_LABELS.lastSeenAt, value: formatInstant(part.lastSeenAt) },
    { label: PART_TWO_LABELS.lastSeenWith, value: part.lastSeenWith ?? NOT_RECORDED },
    { label: PART_TWO_LABELS.otherInformation, value: part.otherInformation ?? NOT_RECORDED },
  ];
}

function identityRows(view: ProfileView): PackRow[] {
  const { child } = view;
  const languages = child.languages.map(languageLabel).join(', ');
  return [
    { label: 'Name', value: fullName(child) },
    ...(view.aliases.length === 0 ? [] : [{ label: 'Also known as', value: view.aliases.map(fullName).join('; ') }]),
    { label: 'Sex', value: SEX_LABELS[child.sex] },
    { label: 'Date of birth', value: dateOfBirthText(child) },
    { label: 'Nationality', value: nationalityLabel(child.nationality) },
    { label: 'Languages', value: `${languages === '' ? NOT_RECORDED : languages}${child.interpreterNeeded ? ' (needs an interpreter)' : ''}` },
    { label: 'Placed in', value: view.placementAuthorityName ?? 'No current placement' },
  ];
}

function episodeRows(view: ProfileView): PackRow[] {
  const episode = view.currentEpisode;
  if (episode === null) return [];
  return [
    { label: 'Missing since', value: formatInstant(episode.startAt) },
    { label: 'Police reference', value: episode.policeReference ?? NOT_RECORDED },
    { label: 'Police risk assessment', value: episode.policeRiskLevel === null ? NOT_RECORDED : POLICE_RISK_LABELS[episode.policeRiskLevel] },
  ];
}

function historyRows(view: ProfileView): PackRow[] {
  return view.history.items.map((item) => ({
    label: formatInstant(item.startAt),
    value: `${item.hours === null ? 'Missing now' : `Missing ${durationText(item.hours)}`}${item.lastSeenLocation === null ? '' : `; last seen at ${item.lastSeenLocation}`}`,
  }));
}

function historySummary(view: ProfileView): string {
  const { history } = view;
  if (history.episodes === 0) return 'No missing episodes recorded';
  const longest = history.longestHours === null ? '' : `; longest ${durationText(history.longestHours)}`;
  return `${history.episodes} recorded, ${history.inLastYear} in the last 12 months${longest}`;
}

/** The grab pack's sections, in the order police read them: who, what now, what to know, what before. */
export function grabPackSections(pack: GrabPack | ProfileView): PackSection[] {
  const episode = pack.currentEpisode;
  return [
    { title: 'The child', rows: identityRows(pack) },
    ...(episode === null
      ? []
      : [
          {
            title: 'Missing now: Part 2',
            rows: [...episodeRows(pack), ...(episode.partTwo === null ? [] : partTwoRows(episode.partTwo))],
            ...(episode.partTwo === null ? { note: 'Part 2 has not been completed yet: ask the responsible authority' } : {}),
          },
        ]),
    {
      title: 'Part 1: description, vulnerabilities and contacts',
      ...(pack.profile === null ? { rows: [], note: 'No profile has been made' } : { rows: partOneRows(pack.profile) }),
    },
    { title: `Missing history: ${historySummary(pack)}`, rows: historyRows(pack) },
  ];
}

/** The line under the grab pack's title: when it was made and how current the profile is. */
export function packProvenance(pack: GrabPack): string {
  const reviewed = pack.profile === null ? '' : ` Profile last reviewed ${formatInstant(pack.profile.reviewedAt)} by ${pack.profile.reviewedByName}.`;
  return `Prepared by Lantern ${formatInstant(pack.preparedAt)}.${reviewed}`;
}

/** A section as GOV.UK summary list rows. */
export const summaryRows = (section: PackSection): SummaryRow[] => section.rows.map((item) => row(item.label, item.value));
