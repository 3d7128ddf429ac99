// A baseline for found-child search: Primero's matching as its source documents it (issue 13 item 7).
// Each field of the search is a clause against the cases' fields, any clause may match, and each
// matching clause adds its hard-coded boost: a name part 15 (names compared by their Double Metaphone
// codes, the case's other names included), sex 10, age 10, date of birth 5, nationality 3. Solr's
// own term weighting is left out: the boosts dominate it. Scores are then made relative: each
// divided by the best, those at 0.1 or less dropped, the top 20 kept; a hit is "likely" when it is
// the only one, or when its relative score is more than 0.7 above the mean. The best hit always
// scores 1, so the relative score says nothing about whether the child is held: "likely" is the
// nearest Primero has to a match.
import { ageOn } from '../src/domain/dates.ts';
import type { MatchPerson } from '../src/domain/matching/person.ts';
import { nameTokens, phoneticCodes } from '../src/domain/matching/text.ts';

const BOOST = { name: 15, sex: 10, age: 10, dateOfBirth: 5, nationality: 3 } as const;
const TOP = 20;
const DROP_AT_OR_BELOW = 0.1;
const LIKELY_ABOVE_MEAN = 0.7;

interface PrimeroCase {
  readonly id: string;
  readonly codes: ReadonlySet<string>;
  readonly sex: string | null;
  readonly age: number | null;
  readonly dateOfBirth: string | null;
  readonly nationalities: ReadonlySet<string>;
}

export interface PrimeroHit {
  readonly id: string;
  readonly relativeScore: number;
  readonly likely: boolean;
}

/** One date of birth and one age, as a Primero case holds them: a range's middle when only a range is known. */
function ageAndDate(person: MatchPerson, today: string): { age: number | null; dateOfBirth: string | null } {
  const birth = person.births[0];
  if (birth === undefined) return { age: null, dateOfBirth: null };
  const middle = new Date((Date.parse(birth.earliest) + Date.parse(birth.latest)) / 2).toISOString().slice(0, 10);
  return { age: ageOn(birth.date ?? middle, today), dateOfBirth: birth.date };
}

function codesOf(person: MatchPerson): Set<string> {
  const codes = new Set<string>();
  for (const name of person.names) {
    for (const token of nameTokens(`${name.givenNames} ${name.familyName}`)) {
      for (const code of phoneticCodes(token)) if (code !== '') codes.add(code);
    }
  }
  return codes;
}

export function primeroCase(person: MatchPerson, today: string): PrimeroCase {
  return { id: person.id, codes: codesOf(person), sex: person.sex, ...ageAndDate(person, today), nationalities: new Set(person.nationalities) };
}

function score(query: PrimeroCase, candidate: PrimeroCase): number {
  let total = 0;
  for (const code of query.codes) if (candidate.codes.has(code)) total += BOOST.name;
  if (query.sex !== null && query.sex === candidate.sex) total += BOOST.sex;
  if (query.age !== null && query.age === candidate.age) total += BOOST.age;
  if (query.dateOfBirth !== null && query.dateOfBirth === candidate.dateOfBirth) total += BOOST.dateOfBirth;
  for (const nationality of query.nationalities) if (candidate.nationalities.has(nationality)) total += BOOST.nationality;
  return total;
}

/** The cases Primero would list for a search, best first. */
export function primeroSearch(query: PrimeroCase, cases: readonly PrimeroCase[]): PrimeroHit[] {
  const scored = cases.map((candidate) => ({ id: candidate.id, score: score(query, candidate) })).filter((hit) => hit.score > 0);
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const best = scored[0]?.score ?? 0;
  const hits = scored
    .slice(0, TOP)
    .map((hit) => ({ id: hit.id, relativeScore: hit.score / best }))
    .filter((hit) => hit.relativeScore > DROP_AT_OR_BELOW);
  const mean = hits.reduce((sum, hit) => sum + hit.relativeScore, 0) / Math.max(1, hits.length);
  return hits.map((hit) => ({ ...hit, likely: hits.length === 1 || hit.relativeScore - mean > LIKELY_ABOVE_MEAN }));
}
