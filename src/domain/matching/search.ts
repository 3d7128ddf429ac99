// A found-child search: what the database's blocking keys need of the description given, and the
// ranking of the candidates it returns. The probability of each candidate is calibrated against the
// population searched: with N children held and a chance `held` that the found child is one of them,
// each candidate starts at held / N before the evidence.

import { isIsoDate } from '../dates.ts';
import type { Comparer, PreparedPerson } from './comparisons.ts';
import { DEFAULT_PARAMETERS } from './defaults.ts';
import { scorePair } from './model.ts';
import type { FieldEvidence, MatchModel, NameFrequencies } from './model.ts';
import type { BirthEvidence, MatchName, MatchPerson } from './person.ts';
import { foldText } from './text.ts';

/** How far either side of the years a search gives it looks: an age assessment can be three years from the age claimed. */
const SEARCH_YEARS_EITHER_SIDE = 3;
/** With no age at all, every year a looked-after child (or a care leaver) could have been born in. */
const YEARS_WITHOUT_AGE = 25;
/** The chance that a child found is already known to Lantern, before anything is compared. */
export const DEFAULT_HELD_PROBABILITY = 0.5;

export interface SearchKeys {
  readonly names: readonly string[];
  readonly dates: readonly string[];
  readonly years: readonly number[];
  readonly identifiers: readonly string[];
}

/** The blocking keys' inputs for a search: names in Latin letters, whole dates, the years to look in. */
export function searchKeysOf(query: MatchPerson, today: string): SearchKeys {
  const names = query.names.map((name) => foldText(`${name.givenNames} ${name.familyName}`)).filter((name) => name !== '');
  const dates = [...new Set(query.births.flatMap((birth) => (birth.date === null ? [] : [birth.date, ...swappedDayAndMonth(birth.date)])))];
  const years = new Set<number>();
  for (const birth of query.births) {
    const first = Number(birth.earliest.slice(0, 4)) - SEARCH_YEARS_EITHER_SIDE;
    const last = Number((birth.date?.endsWith('-01-01') === true ? birth.date : birth.latest).slice(0, 4)) + SEARCH_YEARS_EITHER_SIDE;
    for (let year = first; year <= last; year += 1) years.add(year);
  }
  if (query.births.length === 0) {
    const thisYear = Number(today.slice(0, 4));
    for (let year = thisYear - YEARS_WITHOUT_AGE; year <= thisYear; year += 1) years.add(year);
  }
  return {
    names,
    dates,
    years: [...years].sort((a, b) => a - b),
    identifiers: query.identifiers.map((identifier) => `${identifier.scheme}:${identifier.value}`),
  };
}

/** The same date with day and month swapped, when that is a date too (4 March written as 3 April). */
function swappedDayAndMonth(date: string): string[] {
  const swapped = `${date.slice(0, 4)}-${date.slice(8, 10)}-${date.slice(5, 7)}`;
  return swapped !== date && isIsoDate(swapped) ? [swapped] : [];
}

export interface RankedCandidate {
  readonly person: MatchPerson;
  readonly probability: number;
  readonly weight: number;
  readonly fields: readonly FieldEvidence[];
  /** The candidate's name and date of birth that agreed best with the search's (an alias, perhaps). */
  readonly closestName: MatchName | null;
  readonly closestBirth: BirthEvidence | null;
}

/** The prior of one candidate in a search of `population` children. */
export const searchPrior = (population: number, held = DEFAULT_HELD_PROBABILITY): number => Math.min(0.5, held / Math.max(1, population));

/** Scores every candidate against the search and ranks them, most probable first. */
export function rankCandidates(
  model: MatchModel,
  comparer: Comparer,
  query: PreparedPerson,
  candidates: readonly PreparedPerson[],
  prior: number,
): RankedCandidate[] {
  return candidates
    .map((candidate): RankedCandidate => {
      const scored = scorePair(model, comparer, query, candidate, prior);
      const names = scored.comparison.names;
      const births = scored.comparison.births;
      return {
        person: candidate.person,
        probability: scored.probability,
        weight: scored.weight,
        fields: scored.fields,
        closestName: names === null ? null : (candidate.person.names[names[1]] ?? null),
        closestBirth: births === null ? null : (candidate.person.births[births[1]] ?? null),
      };
    })
    .sort((a, b) => b.weight - a.weight || (a.person.id < b.person.id ? -1 : 1));
}

/** The model to use before one has been estimated from Lantern's records: the defaults. */
export function defaultModel(prior: number, nameFrequencies: NameFrequencies): MatchModel {
  return { prior, parameters: DEFAULT_PARAMETERS, nameFrequencies };
}
