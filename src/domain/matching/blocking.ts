// Blocking: which pairs are worth comparing. Comparing every pair of two files of 5,000 is 25 million
// comparisons; two records of one person almost always share at least one of several keys, so only
// pairs sharing a key are compared. Several keys, because each misses some variants: a name typed
// differently still shares the date of birth; a disputed date of birth still shares the names.

import type { PreparedPerson } from './comparisons.ts';

/** Keys too common to block on (a block of thousands is not a block) are skipped past this size. */
export const DEFAULT_MAX_BLOCK = 250;

/** Years of birth a person's dates and ranges cover (a range of more than five years gives none). */
function birthYears(person: PreparedPerson): Set<string> {
  const years = new Set<string>();
  for (const birth of person.births) {
    const first = Number(birth.evidence.earliest.slice(0, 4));
    const last = Number(birth.evidence.latest.slice(0, 4));
    if (last - first > 5) continue;
    for (let year = first; year <= last; year += 1) years.add(String(year));
  }
  return years;
}

/**
 * The keys of a person: identifier, and identifier less any one character; exact date of birth; two name parts' phonetic codes (any order);
 * one name part's code with a year of birth; postcode with a year of birth or a name part's code;
 * address start with a name part's code or the postcode.
 */
function blockingKeys(person: PreparedPerson): Set<string> {
  const keys = new Set<string>();
  for (const [scheme, values] of person.identifiers) {
    for (const value of values) {
      keys.add(`i:${scheme}:${value}`);
      // Each one-character deletion: two numbers a typo apart (one character changed, or two
      // neighbours swapped) share one of them.
      if (value.length >= 6) for (let i = 0; i < value.length; i += 1) keys.add(`e:${scheme}:${value.slice(0, i)}${value.slice(i + 1)}`);
    }
  }
  for (const birth of person.births) if (birth.digits !== null) keys.add(`d:${birth.digits}`);
  const years = birthYears(person);
  const codes = new Set<string>();
  for (const name of person.names) {
    const nameCodes = [...new Set([...name.tokens, ...name.merged].map((token) => token.primary || token.text))].sort();
    for (let i = 0; i < nameCodes.length; i += 1) {
      const code = nameCodes[i] ?? '';
      codes.add(code);
      for (let j = i + 1; j < nameCodes.length; j += 1) keys.add(`p:${code}|${nameCodes[j] ?? ''}`);
    }
  }
  for (const code of codes) for (const year of years) keys.add(`t:${code}:${year}`);
  if (person.postcode !== null) {
    for (const year of years) keys.add(`z:${person.postcode}:${year}`);
    for (const code of codes) keys.add(`n:${person.postcode}:${code}`);
  }
  const street = person.addressText?.split(' ').slice(0, 2).join(' ') ?? '';
  if (street !== '') {
    for (const code of codes) keys.add(`a:${street}:${code}`);
    if (person.postcode !== null) keys.add(`s:${street}:${person.postcode}`);
  }
  return keys;
}

function indexByKey(people: readonly PreparedPerson[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  people.forEach((person, position) => {
    for (const key of blockingKeys(person)) {
      let block = index.get(key);
      if (block === undefined) {
        block = [];
        index.set(key, block);
      }
      block.push(position);
    }
  });
  return index;
}

export interface CandidatePairs {
  /** Pairs as positions into the left and right lists (into the one list, first below second, for deduplication). */
  readonly left: Uint32Array;
  readonly right: Uint32Array;
  /** Keys skipped as too common. */
  readonly skippedKeys: number;
}

/** Candidate pairs between two lists, or within one (right null), each pair once. */
export function candidatePairs(left: readonly PreparedPerson[], right: readonly PreparedPerson[] | null, maxBlock = DEFAULT_MAX_BLOCK): CandidatePairs {
  const leftIndex = indexByKey(left);
  const rightIndex = right === null ? leftIndex : indexByKey(right);
  const width = right === null ? left.length : right.length;
  const seen = new Set<number>();
  const lefts: number[] = [];
  const rights: number[] = [];
  let skippedKeys = 0;
  for (const [key, leftBlock] of leftIndex) {
    const rightBlock = rightIndex.get(key);
    if (rightBlock === undefined) continue;
    if (leftBlock.length > maxBlock || rightBlock.length > maxBlock) {
      skippedKeys += 1;
      continue;
    }
    for (const i of leftBlock) {
      for (const j of rightBlock) {
        if (right === null && j <= i) continue;
        const id = i * width + j;
        if (seen.has(id)) continue;
        seen.add(id);
        lefts.push(i);
        rights.push(j);
      }
    }
  }
  return { left: Uint32Array.from(lefts), right: Uint32Array.from(rights), skippedKeys };
}
