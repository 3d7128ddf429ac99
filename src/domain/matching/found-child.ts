// A child found, as a police officer or a duty social worker describes them, and what the searcher
// is shown of each candidate before anyone has confirmed a match: enough to recognise the child
// (names, age, sex, nationality, languages) and whom to call, never a date of birth, a reference
// or anything of the case. Pure: the pages and the API build the description, the service ranks.

import { agesOn } from '../date-of-birth.ts';
import type { DateOfBirthInterval } from '../date-of-birth.ts';
import { addYears } from '../dates.ts';
import { priorWeight, probabilityOfWeight } from './model.ts';
import type { FieldEvidence } from './model.ts';
import { birthBetween, birthFromAge, birthOn } from './person.ts';
import type { BirthEvidence, LanternIdentity, MatchPerson } from './person.ts';

/** An approximate date of birth is taken to be right within this many years either way. */
const APPROXIMATE_DATE_YEARS = 1;

export interface FoundChildDescription {
  /** As given, in any order or spelling: the name the child gave first, then any other. */
  readonly names: readonly { readonly givenNames: string; readonly familyName: string }[];
  readonly dateOfBirth: string | null;
  /** The date of birth is a guess or "about": compared as a range a year either side. */
  readonly dateOfBirthApproximate: boolean;
  /** Whole years, when no date of birth is given: the youngest and oldest the child may be. */
  readonly age: { readonly youngest: number; readonly oldest: number } | null;
  readonly sex: 'M' | 'F' | null;
  /** ISO 3166-1 alpha-2. */
  readonly nationality: string | null;
}

/** What the engine compares of a child found: no aliases of its own (the names given are all of them) and no identifiers. */
export function foundChildPerson(description: FoundChildDescription, today: string): MatchPerson {
  const births: BirthEvidence[] = [];
  if (description.dateOfBirth !== null) {
    births.push(
      description.dateOfBirthApproximate
        ? birthBetween(addYears(description.dateOfBirth, -APPROXIMATE_DATE_YEARS), addYears(description.dateOfBirth, APPROXIMATE_DATE_YEARS))
        : birthOn(description.dateOfBirth, 'claimed'),
    );
  } else if (description.age !== null) {
    births.push(birthFromAge(description.age.youngest, description.age.oldest, today));
  }
  return {
    id: 'found-child',
    names: description.names.map((name, index) => ({ ...name, source: index === 0 ? null : 'Given when found' })),
    sex: description.sex,
    births,
    nationalities: description.nationality === null ? [] : [description.nationality],
    postcode: null,
    address: null,
    identifiers: [],
  };
}

/** What a searcher sees of a candidate before a match is confirmed. */
export interface Recognition {
  /** The record's name first, then every other name the child has been known by, each once. */
  readonly names: readonly string[];
  /** Whole years today, from the date of birth recorded or the age estimated; null when neither is held. */
  readonly age: { readonly youngest: number; readonly oldest: number } | null;
  readonly sex: 'M' | 'F' | 'U';
  readonly nationality: string | null;
  readonly languages: readonly string[];
  readonly authorityCode: string;
  readonly authorityName: string;
}

/** A candidate's recognisable details, from the record as matching reads it and the authority's name. */
export function recognitionOf(
  identity: LanternIdentity & { readonly languages: readonly string[] },
  authority: { readonly code: string; readonly name: string },
  today: string,
): Recognition {
  const names: string[] = [];
  for (const name of [identity, ...identity.aliases]) {
    const text = [name.givenNames, name.familyName].filter((part) => part !== null && part.trim() !== '').join(' ');
    if (text !== '' && !names.includes(text)) names.push(text);
  }
  const known = identity.dateOfBirthAssessed ?? identity.dateOfBirthClaimed;
  const interval: DateOfBirthInterval | null =
    known !== null
      ? { earliest: known, latest: known }
      : identity.dateOfBirthEarliest !== null && identity.dateOfBirthLatest !== null
        ? { earliest: identity.dateOfBirthEarliest, latest: identity.dateOfBirthLatest }
        : null;
  return {
    names,
    age: interval === null || interval.latest > today ? null : agesOn(interval, today),
    sex: identity.sex,
    nationality: identity.nationality,
    languages: identity.languages,
    authorityCode: authority.code,
    authorityName: authority.name,
  };
}

interface WaterfallStep {
  readonly label: string;
  /** How the field compared ("Exact", "Within a year"…), or null when either side lacked it. */
  readonly level: string | null;
  readonly weight: number;
  /** Match weight (log2 odds) before and after this field. */
  readonly from: number;
  readonly to: number;
}

export interface Waterfall {
  /** The weight before any evidence: how likely any one child held is the child found. */
  readonly start: number;
  readonly steps: readonly WaterfallStep[];
  readonly end: number;
  readonly probability: number;
}

/** How each field moved a candidate's match weight from the prior to the end: the explanation a reviewer reads. */
export function waterfallOf(prior: number, fields: readonly FieldEvidence[]): Waterfall {
  const start = priorWeight(prior);
  let at = start;
  const steps = fields.map((field): WaterfallStep => {
    const from = at;
    at += field.weight;
    return { label: field.label, level: field.level?.label ?? null, weight: field.weight, from, to: at };
  });
  return { start, steps, end: at, probability: probabilityOfWeight(at) };
}
