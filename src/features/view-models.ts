import { nameOf } from '../domain/child-record.ts';
import type { PersonName } from '../domain/child-record.ts';
import { estimatedAges } from '../domain/date-of-birth.ts';
import type { DateOfBirthEstimate, DateOfBirthFields } from '../domain/date-of-birth.ts';
import { formatDate } from '../domain/dates.ts';
import { isPlacementTypeValidIn, LEGAL_STATUSES, PLACEMENT_TYPES, REASONS_CEASED, REASONS_NEW_EPISODE, UPN_UNKNOWN_REASONS } from '../domain/ssda903-codes.ts';
import type { CollectionYear } from '../domain/ssda903-codes.ts';
import { valuesOf } from './forms.ts';
import type { FormBody } from './forms.ts';
import {
  DATE_OF_BIRTH_SOURCE_LABELS,
  legalStatusLabel,
  placementTypeLabel,
  reasonCeasedLabel,
  reasonNewEpisodeLabel,
  upnUnknownReasonLabel,
} from './labels.ts';

// What every feature's view models build GOV.UK macro parameters from. Text goes in `text` (the
// macros escape it); where a value needs markup, its `html` is built from escaped parts only.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replaceAll(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** A link, with words only a screen reader hears to say what it is about ("Review" … "the opening of …"). */
export const linkHtml = (href: string, text: string, hidden = ''): string =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}${hidden === '' ? '' : `<span class="govuk-visually-hidden"> ${escapeHtml(hidden)}</span>`}</a>`;

/** A GOV.UK tag, in a tag colour ("red", "grey" …) or the default. */
export function tagHtml(text: string, colour: string | null = null): string {
  return `<strong class="govuk-tag${colour === null ? '' : ` govuk-tag--${colour}`}">${escapeHtml(text)}</strong>`;
}

/** A child's (or anyone's) name as the pages show it: in captions and headings, never in titles or addresses. */
export const fullName: (person: PersonName) => string = nameOf;

/** An age range in words: "15 years old", "15 to 16 years old". */
export const yearsOld = (ages: { readonly youngest: number; readonly oldest: number }): string =>
  ages.youngest === ages.oldest ? `${ages.youngest} years old` : `${ages.youngest} to ${ages.oldest} years old`;

/** An estimated age as it was given, with who gave it: "estimated 15 to 16 years old (age assessment)". */
export const estimateText = (estimate: DateOfBirthEstimate): string =>
  `estimated ${yearsOld(estimatedAges(estimate))} (${DATE_OF_BIRTH_SOURCE_LABELS[estimate.source]})`;

/**
 * A child's date of birth in one phrase, for lists and captions: the date given, the assessed date
 * where only an assessment set one, or "Not known — estimated 15 to 16 years old (age assessment)".
 */
export function dateOfBirthText(child: DateOfBirthFields): string {
  if (child.dateOfBirthClaimed !== null) return formatDate(child.dateOfBirthClaimed);
  if (child.dateOfBirthAssessed !== null) return `${formatDate(child.dateOfBirthAssessed)} (assessed)`;
  if (child.dateOfBirthEstimate !== null) return `Not known — ${estimateText(child.dateOfBirthEstimate)}`;
  return 'Not known';
}

/** A summary list's (or card's) actions: links such as Change, each with what it is about for people who hear the page. */
export interface SummaryActions {
  readonly items: readonly { readonly href: string; readonly text: string; readonly visuallyHiddenText: string }[];
}

/** A row of a GOV.UK summary list. */
export interface SummaryRow {
  readonly key: { readonly text: string };
  readonly value: { readonly text: string } | { readonly html: string };
  readonly actions?: SummaryActions;
}

/** A Change link to the journey at `href`, changing `what`. */
export const changeLink = (href: string, what: string): SummaryActions => ({ items: [{ href, text: 'Change', visuallyHiddenText: what }] });

export const row = (key: string, value: string): SummaryRow => ({ key: { text: key }, value: { text: value } });
export const htmlRow = (key: string, html: string): SummaryRow => ({ key: { text: key }, value: { html } });

// ---- Choices for radios, checkboxes and selects ----

export interface Choice {
  readonly value: string;
  readonly text: string;
  readonly hint?: { readonly text: string };
}

/** A code list's choices in its order, worded by its labels (src/features/labels.ts), with hints where given. */
export function choicesOf<K extends string>(codes: readonly K[], labels: Readonly<Record<K, string>>, hints?: Readonly<Partial<Record<K, string>>>): Choice[] {
  return codes.map((code) => {
    const hint = hints?.[code];
    return { value: code, text: labels[code], ...(hint === undefined ? {} : { hint: { text: hint } }) };
  });
}

/** Yes or no, as radios. */
export const YES_NO_CHOICES: readonly Choice[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

/** Checkbox items with the posted values checked. */
export const checkboxItems = (choices: readonly Choice[], body: FormBody, name: string) => {
  const checked = new Set(valuesOf(body, name));
  return choices.map((choice) => ({ ...choice, checked: checked.has(choice.value) }));
};

/** Radio items with the posted value checked. */
export const radioItems = (choices: readonly Choice[], body: FormBody, name: string) => checkboxItems(choices, body, name);

/** Select items with the posted (or default) value selected, after a "Select …" prompt. */
export function selectItems(choices: readonly Choice[], selected: string | undefined, prompt: string) {
  return [
    { value: '', text: prompt, selected: selected === undefined || selected === '' },
    ...choices.map((choice) => ({ value: choice.value, text: choice.text, selected: choice.value === selected })),
  ];
}

// ---- The DfE SSDA903 code lists, as choices ----

export const LEGAL_STATUS_CHOICES: readonly Choice[] = LEGAL_STATUSES.map((entry) => ({ value: entry.code, text: legalStatusLabel(entry.code) }));

export const REASON_CEASED_CHOICES: readonly Choice[] = REASONS_CEASED.map((entry) => ({ value: entry.code, text: reasonCeasedLabel(entry.code) }));

export const REASON_NEW_EPISODE_CHOICES: readonly Choice[] = REASONS_NEW_EPISODE.map((entry) => ({
  value: entry.code,
  text: reasonNewEpisodeLabel(entry.code),
}));

export const UPN_UNKNOWN_REASON_CHOICES: readonly Choice[] = UPN_UNKNOWN_REASONS.map((entry) => ({
  value: entry.code,
  text: upnUnknownReasonLabel(entry.code),
}));

/** The collection year a day falls in (1 April to 31 March), named by its years: '2025-26'. */
export function collectionYearOf(day: string): CollectionYear {
  const year = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 4 ? year : year - 1;
  // The code lists read only the starting year, so a year such as 2008-9 needs no leading zero.
  return `${start}-${(start + 1) % 100}`;
}

/** Placement types valid in the collection year of `today`: retired codes are not offered for new care periods. */
export function placementTypeChoices(today: string): Choice[] {
  const year = collectionYearOf(today);
  return PLACEMENT_TYPES.filter((entry) => isPlacementTypeValidIn(entry.code, year)).map((entry) => ({
    value: entry.code,
    text: placementTypeLabel(entry.code),
  }));
}
